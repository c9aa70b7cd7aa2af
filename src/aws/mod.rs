//! The gateway over aws-sdk-connectcases: the only module that names SDK types.
//!
//! [`Reader`] holds every read call, [`Writer`] every mutating one; both return the app's own
//! types from [`crate::model`] and fail with [`GatewayError`].

mod attempts;
mod client;
mod convert;
mod credentials;
mod error;
mod error_map;
mod gateway;
mod newer_model;
mod reader;
mod writer;

pub use attempts::observe_attempts;
pub use client::{ConnectOptions, build_client};
pub use credentials::{Setup, check_profile, profile_names, resolve, selected_profile};
pub use error::GatewayError;
pub use error_map::DESCRIBE_USER_HINT;
pub use gateway::Gateway;
pub use reader::Reader;
pub use writer::{UpdatedItem, Writer};

/// The audit event types the API model defines (`Case.Created`, ...), as the SDK knows them.
pub fn audit_event_types() -> &'static [&'static str] {
    aws_sdk_connectcases::types::AuditEventType::values()
}
