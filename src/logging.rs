//! Logging settings for every subcommand. `main.rs` builds its subscriber from [`env_filter`].
//!
//! At the default level the log holds this tool's own events and the SDK's warnings and errors,
//! but none of the SDK stack's INFO chatter: aws-config reports where it found credentials, and
//! the HTTP and signing layers describe requests; none of that may carry an access key, a session
//! token, an `Authorization` header or a comment body into a file a user might attach to an issue.
//! `CASES_TUI_LOG` replaces the whole filter (e.g. `debug` when chasing a bug, knowingly).

use tracing_subscriber::EnvFilter;

/// The environment variable that overrides [`DEFAULT_LOG_FILTER`].
pub const LOG_ENV: &str = "CASES_TUI_LOG";

/// INFO for this tool; WARN for the AWS SDK, its HTTP client and TLS.
pub const DEFAULT_LOG_FILTER: &str = "info,aws_config=warn,aws_credential_types=warn,\
    aws_runtime=warn,aws_sigv4=warn,aws_smithy_runtime=warn,aws_smithy_runtime_api=warn,\
    aws_smithy_http_client=warn,aws_sdk_connectcases=warn,hyper=warn,hyper_util=warn,h2=warn,\
    rustls=warn,tower=warn";

/// The filter from `CASES_TUI_LOG`, or [`DEFAULT_LOG_FILTER`] when it is unset or invalid.
pub fn env_filter() -> EnvFilter {
    EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG_FILTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_filter_parses_and_quiets_the_sdk() {
        let filter: EnvFilter = DEFAULT_LOG_FILTER.parse().expect("a valid filter");
        let text = filter.to_string();
        assert!(text.contains("aws_config=warn"), "{text}");
        assert!(text.contains("aws_smithy_runtime=warn"), "{text}");
        assert!(text.contains("hyper=warn"), "{text}");
        assert!(DEFAULT_LOG_FILTER.starts_with("info,"));
        assert!(!DEFAULT_LOG_FILTER.contains(' '));
    }
}
