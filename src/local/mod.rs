//! The local Connect Cases service (axum).

pub mod error;
pub mod spec;

pub use error::{CallContext, ErrorKind, ServiceError};
