//! Credentials a user can act on: the standard chain, wrapped so that a failure to find, load or
//! refresh credentials reaches the app as a [`GatewayError`] naming the cause (no source had any,
//! the profile does not exist, the SSO token expired) instead of a bare dispatch failure.

use super::GatewayError;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider, future};
use std::path::PathBuf;

/// The profile aws-config reads: `--profile` (or the config file's), else `AWS_PROFILE`.
/// `None` means the `default` profile.
pub fn selected_profile(explicit: Option<&str>) -> Option<String> {
    explicit
        .map(str::to_string)
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
}

/// The shared config and credentials files aws-config reads, as the user would name them.
pub fn profile_files() -> (PathBuf, PathBuf) {
    let home = || {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default()
            .join(".aws")
    };
    let config = std::env::var_os("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join("config"));
    let credentials = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join("credentials"));
    (config, credentials)
}

fn files_label() -> String {
    let (config, credentials) = profile_files();
    format!("{} or {}", config.display(), credentials.display())
}

/// The profiles defined in the shared files, read by aws-config's own parser (sorted).
pub async fn profile_names() -> Vec<String> {
    use aws_types::os_shim_internal::{Env, Fs};
    match aws_config::profile::load(&Fs::real(), &Env::real(), &Default::default(), None).await {
        Ok(set) => {
            let mut names: Vec<String> = set.profiles().map(str::to_string).collect();
            names.sort();
            names
        }
        Err(e) => {
            tracing::warn!("reading the AWS profiles: {e}");
            Vec::new()
        }
    }
}

/// `Ok` when `profile` is defined in the shared files; otherwise the error that lists the
/// profiles that are.
pub async fn check_profile(profile: &str) -> Result<(), GatewayError> {
    let known = profile_names().await;
    if known.iter().any(|p| p == profile) {
        return Ok(());
    }
    Err(GatewayError::UnknownProfile {
        profile: profile.to_string(),
        known,
        files: files_label(),
    })
}

/// The chain's own provider, whose failures carry a [`CredentialProblem`].
#[derive(Debug)]
pub(crate) struct Explained {
    inner: SharedCredentialsProvider,
    profile: Option<String>,
    /// The loaded config has no region: said along with missing credentials.
    no_region: bool,
}

impl Explained {
    pub(crate) fn new(
        inner: SharedCredentialsProvider,
        profile: Option<String>,
        no_region: bool,
    ) -> Self {
        Self {
            inner,
            profile,
            no_region,
        }
    }
}

impl ProvideCredentials for Explained {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            match self.inner.provide_credentials().await {
                // Sent anyway, they would come back as ExpiredTokenException with no hint of
                // where they came from; said here, the message names the profile and the time.
                Ok(c)
                    if c.expiry()
                        .is_some_and(|t| t <= std::time::SystemTime::now()) =>
                {
                    let at = c
                        .expiry()
                        .map(chrono::DateTime::<chrono::Utc>::from)
                        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                        .unwrap_or_default();
                    let whose = match &self.profile {
                        Some(p) => format!("of profile '{p}'"),
                        None => "found".to_string(),
                    };
                    let renew = match &self.profile {
                        Some(p) => format!("`aws sso login --profile {p}`"),
                        None => "`aws sso login`".to_string(),
                    };
                    Err(CredentialsError::provider_error(CredentialProblem(
                        GatewayError::ExpiredToken {
                            profile: self.profile.clone(),
                            message: format!(
                                "the session credentials {whose} expired at {at}; renew them \
                                 ({renew}, the profile's credential process, or a new \
                                 AWS_SESSION_TOKEN)"
                            ),
                        },
                    )))
                }
                Ok(c) => Ok(c),
                Err(e) => {
                    let problem = explain(&e, self.profile.as_deref(), self.no_region).await;
                    Err(CredentialsError::provider_error(CredentialProblem(problem)))
                }
            }
        })
    }
}

/// A credential failure already explained; the error mapping finds it in the SDK error's chain.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct CredentialProblem(pub(crate) GatewayError);

/// Every message in an error's chain, outermost first.
pub(crate) fn chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(": ")
}

/// The chain's source names, as the user knows them.
const SOURCES: &[(&str, &str)] = &[
    (
        "Environment",
        "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
    ),
    ("Profile", "the shared files"),
    (
        "WebIdentityToken",
        "a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)",
    ),
    ("EcsContainer", "container credentials (ECS)"),
    ("Ec2InstanceMetadata", "EC2 instance metadata"),
];

async fn explain(err: &CredentialsError, profile: Option<&str>, no_region: bool) -> GatewayError {
    let text = chain_text(err);
    let profile_owned = profile.map(str::to_string);
    // A profile that does not exist explains every other failure of the chain.
    if let Some(p) = profile
        && let Err(e) = check_profile(p).await
    {
        return e;
    }
    if text.contains("expired") {
        let login = match profile {
            Some(p) => format!("`aws sso login --profile {p}`"),
            None => "`aws sso login`".to_string(),
        };
        let what = if text.contains("SSO") {
            format!("the SSO token has expired; {login} renews it")
        } else {
            format!("{text}; renew the session token (AWS_SESSION_TOKEN) or run {login}")
        };
        return GatewayError::ExpiredToken {
            profile: profile_owned,
            message: what,
        };
    }
    if text.contains("failed to read cached SSO token") || text.contains("SSO token") {
        let p = profile.unwrap_or("default");
        return GatewayError::ExpiredToken {
            profile: profile_owned,
            message: format!(
                "no SSO session for profile '{p}'; `aws sso login --profile {p}` starts one"
            ),
        };
    }
    // Off EC2, whatever answers at the metadata address ends the chain with its own error: the
    // other sources had nothing, which is what the user needs to hear.
    let imds = text.contains("IMDS");
    match err {
        CredentialsError::CredentialsNotLoaded(_) | CredentialsError::ProviderTimedOut(_) => {
            let files = files_label();
            let tried = SOURCES
                .iter()
                .filter(|(name, _)| !text.contains("Attempted:") || text.contains(name))
                .map(|(name, label)| match *name {
                    "Profile" => format!("profile '{}' in {files}", profile.unwrap_or("default")),
                    _ => label.to_string(),
                })
                .collect();
            GatewayError::NoCredentials {
                profile: profile_owned,
                tried,
                no_region,
            }
        }
        _ if imds => GatewayError::NoCredentials {
            profile: profile_owned,
            tried: SOURCES
                .iter()
                .map(|(name, label)| match *name {
                    "Profile" => format!(
                        "profile '{}' in {}",
                        profile.unwrap_or("default"),
                        files_label()
                    ),
                    _ => label.to_string(),
                })
                .collect(),
            no_region,
        },
        _ => GatewayError::Other(format!("loading credentials: {text}")),
    }
}

/// What the chain resolves to before any call is made.
#[derive(Debug)]
pub struct Setup {
    /// The access key found (shortened: `AKIA…WXYZ`), or why none could be found.
    pub credentials: Result<String, GatewayError>,
    /// The region the calls go to, if any.
    pub region: Option<String>,
}

/// Resolves credentials and region as a client built from `opts` would, without calling the
/// service.
pub async fn resolve(opts: &super::ConnectOptions) -> Setup {
    let (sdk, explained) = super::client::load(opts).await;
    // The region has a line of its own here.
    let explained = explained.map(|e| Explained {
        no_region: false,
        ..e
    });
    let credentials = match explained {
        Some(chain) => match chain.provide_credentials().await {
            Ok(c) => Ok(key_label(c.access_key_id())),
            Err(e) => {
                let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
                let mut found = None;
                while let Some(err) = source {
                    if let Some(p) = err.downcast_ref::<CredentialProblem>() {
                        found = Some(p.0.clone());
                        break;
                    }
                    source = err.source();
                }
                Err(found.unwrap_or_else(|| GatewayError::Other(chain_text(&e))))
            }
        },
        None => Ok("static local credentials".into()),
    };
    Setup {
        credentials,
        region: sdk.region().map(|r| r.to_string()),
    }
}

/// An access key id as a user tells keys apart, without printing it whole.
fn key_label(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 8 {
        return format!("access key {key}");
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("access key {head}…{tail}")
}
