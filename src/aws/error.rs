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
    #[error("access denied: {message}")]
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
        }
    }
}
