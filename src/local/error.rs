//! Errors the local service answers with, and the per-call context the store sees.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// The modelled exceptions of Connect Cases (plus two of our own for the local service).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    ValidationException,
    ResourceNotFoundException,
    AccessDeniedException,
    ConflictException,
    ThrottlingException,
    InternalServerException,
    ServiceQuotaExceededException,
    /// Not a modelled exception: the model has the operation but the local service does not.
    NotImplemented,
    /// `serve --credentials`: the request is not signed (AWS's common error).
    MissingAuthenticationToken,
    /// `serve --credentials`: the Authorization header is malformed (AWS's common error).
    IncompleteSignature,
    /// `serve --credentials`: the signature does not match (AWS's common error).
    InvalidSignature,
    /// `serve --credentials`: the access key is unknown (AWS's common error).
    UnrecognizedClient,
    /// Not a modelled exception: no operation matches the method and path.
    UnknownOperation,
}

impl ErrorKind {
    /// The exception's name, as sent in `x-amzn-errortype`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::ValidationException => "ValidationException",
            ErrorKind::ResourceNotFoundException => "ResourceNotFoundException",
            ErrorKind::AccessDeniedException => "AccessDeniedException",
            ErrorKind::ConflictException => "ConflictException",
            ErrorKind::ThrottlingException => "ThrottlingException",
            ErrorKind::InternalServerException => "InternalServerException",
            ErrorKind::ServiceQuotaExceededException => "ServiceQuotaExceededException",
            ErrorKind::NotImplemented => "NotImplemented",
            ErrorKind::MissingAuthenticationToken => "MissingAuthenticationTokenException",
            ErrorKind::IncompleteSignature => "IncompleteSignatureException",
            ErrorKind::InvalidSignature => "InvalidSignatureException",
            ErrorKind::UnrecognizedClient => "UnrecognizedClientException",
            ErrorKind::UnknownOperation => "UnknownOperationException",
        }
    }

    /// The HTTP status: the model's `error.httpStatusCode` for modelled exceptions.
    pub fn status(self) -> StatusCode {
        let code = crate::local::spec::error_status(self.name()).unwrap_or(match self {
            ErrorKind::NotImplemented => 501,
            ErrorKind::IncompleteSignature => 400,
            ErrorKind::MissingAuthenticationToken
            | ErrorKind::InvalidSignature
            | ErrorKind::UnrecognizedClient => 403,
            ErrorKind::UnknownOperation => 404,
            _ => 500,
        });
        StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// An error answered by the local service: a kind, a message and the exception's other members.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError {
    pub kind: ErrorKind,
    pub message: String,
    /// Modelled members besides `message` (e.g. `resourceId`, `resourceType`).
    pub members: Map<String, Value>,
}

impl ServiceError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ServiceError {
            kind,
            message: message.into(),
            members: Map::new(),
        }
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ValidationException, message)
    }

    pub fn not_found(
        message: impl Into<String>,
        resource_id: impl Into<String>,
        resource_type: impl Into<String>,
    ) -> Self {
        let mut e = Self::new(ErrorKind::ResourceNotFoundException, message);
        e.members
            .insert("resourceId".into(), Value::String(resource_id.into()));
        e.members
            .insert("resourceType".into(), Value::String(resource_type.into()));
        e
    }

    pub fn access_denied(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::AccessDeniedException, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ConflictException, message)
    }

    pub fn throttling(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ThrottlingException, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InternalServerException, message)
    }

    pub fn quota_exceeded(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ServiceQuotaExceededException, message)
    }

    /// The model has `operation` but the local service does not implement it.
    pub fn not_implemented(operation: &str) -> Self {
        Self::new(
            ErrorKind::NotImplemented,
            format!("operation {operation} is not implemented by the local service"),
        )
    }

    /// The error's JSON body: `{"message": ..., <members>}`.
    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("message".into(), Value::String(self.message.clone()));
        // `retryAfterSeconds` travels in the Retry-After header, not the body.
        for (k, v) in self
            .members
            .iter()
            .filter(|(k, _)| *k != "retryAfterSeconds")
        {
            body.insert(k.clone(), v.clone());
        }
        Value::Object(body)
    }
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for ServiceError {}

impl IntoResponse for ServiceError {
    fn into_response(self) -> Response {
        let mut resp = (self.kind.status(), axum::Json(self.body())).into_response();
        let headers = resp.headers_mut();
        headers.insert(
            "x-amzn-errortype",
            HeaderValue::from_static(self.kind.name()),
        );
        // InternalServerException models `retryAfterSeconds` as the Retry-After header.
        if let Some(secs) = self
            .members
            .get("retryAfterSeconds")
            .and_then(Value::as_i64)
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            headers.insert("retry-after", v);
        }
        resp
    }
}

/// What the store needs to know about one call besides its input.
#[derive(Debug, Clone, PartialEq)]
pub struct CallContext {
    /// The store's clock for this call.
    pub now: DateTime<Utc>,
    /// The caller, derived from the request's SigV4 access key.
    pub iam_principal_arn: String,
    /// A seed may fix the id of the resource a Create* makes.
    pub id_override: Option<String>,
}

impl CallContext {
    /// A context for a call happening now, by the unsigned caller.
    pub fn now() -> Self {
        CallContext {
            now: Utc::now(),
            iam_principal_arn: ROOT_PRINCIPAL.into(),
            id_override: None,
        }
    }
}

/// The principal of unsigned requests.
pub const ROOT_PRINCIPAL: &str = "arn:aws:iam::123456789012:root";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_renders_its_modelled_status_header_and_members() {
        let cases = [
            (ServiceError::validation("v"), 400, "ValidationException"),
            (
                ServiceError::not_found("n", "c1", "Case"),
                404,
                "ResourceNotFoundException",
            ),
            (
                ServiceError::access_denied("a"),
                403,
                "AccessDeniedException",
            ),
            (ServiceError::conflict("c"), 409, "ConflictException"),
            (ServiceError::throttling("t"), 429, "ThrottlingException"),
            (ServiceError::internal("i"), 500, "InternalServerException"),
            (
                ServiceError::quota_exceeded("q"),
                402,
                "ServiceQuotaExceededException",
            ),
            (
                ServiceError::not_implemented("StartMergeCases"),
                501,
                "NotImplemented",
            ),
        ];
        for (error, status, name) in cases {
            let body = error.body();
            let response = error.clone().into_response();
            assert_eq!(response.status().as_u16(), status, "{name}");
            assert_eq!(response.headers()["x-amzn-errortype"], name);
            assert_eq!(response.headers()["content-type"], "application/json");
            assert_eq!(body["message"], error.message.as_str());
        }
        let body = ServiceError::not_found("Case c1 not found", "c1", "Case").body();
        assert_eq!(
            body,
            serde_json::json!({"message": "Case c1 not found", "resourceId": "c1", "resourceType": "Case"})
        );
    }

    #[test]
    fn retry_after_travels_in_a_header() {
        let mut error = ServiceError::internal("busy");
        error.members.insert("retryAfterSeconds".into(), 3.into());
        assert_eq!(error.body(), serde_json::json!({"message": "busy"}));
        assert_eq!(error.into_response().headers()["retry-after"], "3");
    }
}
