//! The small set of failures the UI knows how to explain.

/// A failed call to the service, reduced to what a user can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GatewayError {
    /// The domain, case, field or item does not exist (or is not visible to these credentials).
    #[error("not found: {message}")]
    NotFound {
        message: String,
        resource_id: Option<String>,
    },
    /// The service refused the request's content; `0` is its message.
    #[error("the service refused the request: {0}")]
    Validation(String),
    /// The credentials may not do this. `hint` says what to check.
    #[error("access denied: {message}{}", .hint.as_ref().map(|h| format!("; {h}")).unwrap_or_default())]
    AccessDenied {
        message: String,
        hint: Option<String>,
    },
    /// The service asked us to slow down.
    #[error("throttled by the service: {0}")]
    Throttled(String),
    /// The resource changed or is in use.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The service could not be reached or did not answer in time.
    #[error("network: {0}")]
    Network(String),
    /// Anything else, with the service's message.
    #[error("{0}")]
    Other(String),
    /// No source of the credential chain had credentials; `tried` names each source.
    /// `no_region`: no region is set either, said at once so one read covers the setup.
    #[error("no AWS credentials found (tried {}){}", .tried.join("; "),
        if *.no_region { "; no AWS region is set either (--region R or AWS_REGION)" } else { "" })]
    NoCredentials {
        profile: Option<String>,
        tried: Vec<String>,
        no_region: bool,
    },
    /// The profile asked for is in neither shared file; `known` lists the ones that are.
    #[error("profile '{profile}' does not exist in {files} (profiles there: {})", known_list(.known))]
    UnknownProfile {
        profile: String,
        known: Vec<String>,
        files: String,
    },
    /// An SSO token or a session token that has run out; `message` says which and how to renew.
    #[error("the credentials have expired: {message}")]
    ExpiredToken {
        profile: Option<String>,
        message: String,
    },
    /// Neither a flag, the environment nor the profile names a region.
    #[error("no AWS region is set (not by --region, AWS_REGION, nor the profile)")]
    NoRegion,
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        "none".into()
    } else {
        known.join(", ")
    }
}

impl GatewayError {
    /// One sentence on what the user can do next.
    pub fn advice(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "check the id (`:domain ID`, `:case ID`) or press r to reload",
            Self::Validation(_) => "correct the value and try again",
            Self::AccessDenied { .. } => {
                "check the profile's IAM permissions (`:profile P` switches profile)"
            }
            Self::Throttled(_) => "wait a moment, then press r to retry",
            Self::Conflict(_) => "reload with r and try again",
            Self::Network(_) => "check the endpoint and network, then press r to retry",
            Self::Other(_) => "press r to retry; see the log file for details",
            Self::NoCredentials { .. } => {
                "in a shell run `aws configure` (access keys) or `aws sso login --profile P`, then \
                 start with --profile P (or AWS_PROFILE=P); `cases-tui check` tests the setup"
            }
            Self::UnknownProfile { .. } => {
                "`:profile P` with a profile that exists, or create it with `aws configure --profile P`"
            }
            Self::ExpiredToken { .. } => "renew it in a shell as said, then press r to retry",
            Self::NoRegion => "`:region R` sets one now; --region R or AWS_REGION at start",
        }
    }

    /// [`GatewayError::advice`] for the command line: flags and shell commands, no keys.
    pub fn shell_advice(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => {
                "check the id (--domain ID, --case ID); `aws connectcases list-domains` lists domains"
            }
            Self::Validation(_) => "correct the value and try again",
            Self::AccessDenied { .. } => {
                "allow that action in the IAM policy of these credentials, or use another profile \
                 (--profile P)"
            }
            Self::Throttled(_) => "wait a moment and run it again",
            Self::Conflict(_) => "run it again",
            Self::Network(_) => {
                "check the endpoint (--endpoint-url, AWS_ENDPOINT_URL_CONNECTCASES), the region \
                 and the network"
            }
            Self::Other(_) => "see the log file for details (--log-file)",
            Self::NoCredentials { .. } => {
                "run `aws configure` (access keys) or `aws sso login --profile P`, then pass \
                 --profile P (or set AWS_PROFILE=P)"
            }
            Self::UnknownProfile { .. } => {
                "pass a profile that exists to --profile, or create this one with `aws configure --profile P`"
            }
            Self::ExpiredToken { .. } => "renew it as said, then run the command again",
            Self::NoRegion => "pass --region R, set AWS_REGION, or add `region = R` to the profile",
        }
    }

    /// Whether the cause is the setup (credentials, profile, region) rather than one call.
    pub fn is_setup(&self) -> bool {
        matches!(
            self,
            Self::NoCredentials { .. }
                | Self::UnknownProfile { .. }
                | Self::ExpiredToken { .. }
                | Self::NoRegion
        )
    }
}
