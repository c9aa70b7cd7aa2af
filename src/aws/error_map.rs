//! Mapping SDK errors onto [`GatewayError`].

use super::GatewayError;
use aws_sdk_connectcases::error::{ProvideErrorMetadata, SdkError};

/// What the seed documentation says about `performedBy.userArn`.
pub const DESCRIBE_USER_HINT: &str = "a performedBy user ARN needs DescribeUser permission on that \
     user in the caller's IAM policy; grant it, or set performed_by to a custom entity";

/// Maps any operation's `SdkError`. `sent_user_arn` says whether the request carried
/// `performedBy.userArn`, which makes an access-denied answer worth the DescribeUser hint.
pub(crate) fn map_sdk_error<E, R>(err: SdkError<E, R>, sent_user_arn: bool) -> GatewayError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    match &err {
        SdkError::TimeoutError(_) => {
            return GatewayError::Network("the service did not answer in time".into());
        }
        SdkError::DispatchFailure(f) => return dispatch_failure(&err, f),
        SdkError::ConstructionFailure(_) => {
            return GatewayError::Other(format!(
                "could not build the request: {}",
                aws_sdk_connectcases::error::DisplayErrorContext(&err)
            ));
        }
        _ => {}
    }
    let code = err.code().unwrap_or("").to_string();
    let message = err
        .message()
        .map(str::to_string)
        .unwrap_or_else(|| aws_sdk_connectcases::error::DisplayErrorContext(&err).to_string());
    match code.as_str() {
        "AccessDeniedException" => GatewayError::AccessDenied {
            message: format!("cases:{} is not allowed: {message}", action::<E>()),
            hint: sent_user_arn.then(|| DESCRIBE_USER_HINT.to_string()),
        },
        "ExpiredTokenException" | "ExpiredToken" | "RequestExpired" => GatewayError::ExpiredToken {
            profile: None,
            message: format!(
                "{message}; renew the session token (AWS_SESSION_TOKEN) or run \
                     `aws sso login --profile P`"
            ),
        },
        "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "MissingAuthenticationTokenException"
        | "InvalidClientTokenId" => GatewayError::AccessDenied {
            message: format!("the service does not accept these credentials ({code}: {message})"),
            hint: None,
        },
        "ResourceNotFoundException" => GatewayError::NotFound {
            message,
            resource_id: err.meta().extra("resourceId").map(str::to_string),
        },
        "ValidationException" => GatewayError::Validation(message),
        "ThrottlingException" | "TooManyRequestsException" => GatewayError::Throttled(message),
        "ConflictException" => GatewayError::Conflict(
            super::newer_model::explain_conflict(&message).unwrap_or(message),
        ),
        "" => GatewayError::Other(message),
        _ => GatewayError::Other(format!("{code}: {message}")),
    }
}

/// A call that never got an answer: explained credentials, a missing region, or the network.
fn dispatch_failure<E, R>(
    err: &SdkError<E, R>,
    f: &aws_smithy_runtime_api::client::result::DispatchFailure,
) -> GatewayError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        if let Some(problem) = e.downcast_ref::<super::credentials::CredentialProblem>() {
            return problem.0.clone();
        }
        source = e.source();
    }
    let text = std::error::Error::source(err)
        .map(super::credentials::chain_text)
        .unwrap_or_default();
    if text.contains("Missing Region") || text.contains("signing region") {
        return GatewayError::NoRegion;
    }
    let cause = text.rsplit(": ").next().unwrap_or_default();
    if f.is_timeout() {
        GatewayError::Network("timed out connecting to the service".into())
    } else if f.is_io() {
        GatewayError::Network(format!("could not connect to the service ({cause})"))
    } else {
        GatewayError::Network(text)
    }
}

/// The IAM action an operation's error type belongs to: `ListDomainsError` -> `ListDomains`.
fn action<E>() -> &'static str {
    let name = std::any::type_name::<E>();
    let last = name.rsplit("::").next().unwrap_or(name);
    last.strip_suffix("Error").unwrap_or(last)
}
