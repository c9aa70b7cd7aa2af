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
        SdkError::DispatchFailure(f) => {
            let what = if f.is_timeout() {
                "timed out connecting to the service".to_string()
            } else if f.is_io() {
                "could not connect to the service".to_string()
            } else {
                format!("{:?}", f.as_other())
            };
            return GatewayError::Network(what);
        }
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
        "ResourceNotFoundException" => GatewayError::NotFound {
            message,
            resource_id: err.meta().extra("resourceId").map(str::to_string),
        },
        "ValidationException" => GatewayError::Validation(message),
        "AccessDeniedException" => GatewayError::AccessDenied {
            message,
            hint: sent_user_arn.then(|| DESCRIBE_USER_HINT.to_string()),
        },
        "ThrottlingException" | "TooManyRequestsException" => GatewayError::Throttled(message),
        "ConflictException" => GatewayError::Conflict(
            super::newer_model::explain_conflict(&message).unwrap_or(message),
        ),
        "" => GatewayError::Other(message),
        _ => GatewayError::Other(format!("{code}: {message}")),
    }
}
