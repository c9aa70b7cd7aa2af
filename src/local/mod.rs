//! The local Connect Cases service (axum).

pub mod error;
pub mod router;
pub mod spec;
pub mod validate;

pub use error::{CallContext, ErrorKind, ServiceError};
