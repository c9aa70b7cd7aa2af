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
            ErrorKind::UnknownOperation => "UnknownOperationException",
        }
    }

    /// The HTTP status: the model's `error.httpStatusCode` for modelled exceptions.
    pub fn status(self) -> StatusCode {
        // Placeholder until merged with the protocol side, which reads these from the model.
        let code = match self {
            ErrorKind::ValidationException => 400,
            ErrorKind::ResourceNotFoundException => 404,
            ErrorKind::AccessDeniedException => 403,
            ErrorKind::ConflictException => 409,
            ErrorKind::ThrottlingException => 429,
            ErrorKind::InternalServerException => 500,
            ErrorKind::ServiceQuotaExceededException => 402,
            ErrorKind::NotImplemented => 501,
            ErrorKind::UnknownOperation => 404,
        };
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
