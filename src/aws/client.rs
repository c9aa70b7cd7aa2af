//! Building the SDK client from aws-config's standard chain.

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{Credentials, Region};
use std::time::Duration;

/// Where and as whom to connect.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConnectOptions {
    /// A named profile from the shared AWS config files.
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Overrides the service endpoint (the local service, a VPC endpoint...).
    /// `AWS_ENDPOINT_URL_CONNECTCASES` is honoured by aws-config without this.
    pub endpoint_url: Option<String>,
    /// Static credentials, used for the embedded local service only.
    pub static_credentials: Option<(String, String)>,
    /// Attempts per call, first try included (standard retry mode).
    pub max_attempts: u32,
    /// Time allowed for one attempt, and for a whole call with its retries.
    pub attempt_timeout: Duration,
    pub operation_timeout: Duration,
}

impl ConnectOptions {
    /// Options for a local service at `endpoint_url`, with static local credentials.
    pub fn local(endpoint_url: impl Into<String>) -> Self {
        Self {
            region: Some("us-east-1".into()),
            endpoint_url: Some(endpoint_url.into()),
            static_credentials: Some(("AKIDLOCALCASESTUI".into(), "local-secret".into())),
            ..Self::with_defaults()
        }
    }

    /// The standard chain with this tool's retry and timeout settings.
    pub fn with_defaults() -> Self {
        Self {
            max_attempts: 3,
            attempt_timeout: Duration::from_secs(10),
            operation_timeout: Duration::from_secs(30),
            ..Self::default()
        }
    }

    /// A short label for the header: the endpoint when set, else profile and region.
    pub fn label(&self) -> String {
        if let Some(url) = &self.endpoint_url {
            return url.clone();
        }
        format!(
            "profile {} · {}",
            self.profile.as_deref().unwrap_or("default"),
            self.region.as_deref().unwrap_or("default region")
        )
    }
}

/// Builds a client: aws-config's standard chain (env, profiles, SSO) with the overrides given.
/// Credential failures come back explained (see [`super::credentials`]).
pub async fn build_client(opts: &ConnectOptions) -> Client {
    let (sdk, credentials) = load(opts).await;
    let mut config = aws_sdk_connectcases::config::Builder::from(&sdk)
        .interceptor(super::attempts::AttemptNotice);
    if let Some(credentials) = credentials {
        config = config.credentials_provider(credentials);
    }
    Client::from_conf(config.build())
}

/// What a client is built from: the shared config, and the chain's credentials wrapped so their
/// failures are explained (`None` with static credentials, which cannot fail).
pub(crate) async fn load(
    opts: &ConnectOptions,
) -> (aws_config::SdkConfig, Option<super::credentials::Explained>) {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(opts.max_attempts.max(1)))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(3))
                .operation_attempt_timeout(opts.attempt_timeout)
                .operation_timeout(opts.operation_timeout)
                .build(),
        );
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &opts.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some((key, secret)) = &opts.static_credentials {
        loader = loader.credentials_provider(Credentials::new(
            key.clone(),
            secret.clone(),
            None,
            None,
            "cases-tui-local",
        ));
    }
    let sdk = loader.load().await;
    let credentials = match (&opts.static_credentials, sdk.credentials_provider()) {
        (None, Some(chain)) => Some(super::credentials::Explained::new(
            chain,
            super::credentials::selected_profile(opts.profile.as_deref()),
            sdk.region().is_none(),
        )),
        _ => None,
    };
    (sdk, credentials)
}
