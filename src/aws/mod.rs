//! The gateway over aws-sdk-connectcases: the only module that names SDK types.
//!
//! [`Reader`] holds every read call, [`Writer`] every mutating one; both return the app's own
//! types from [`crate::model`] and fail with [`GatewayError`].

mod attempts;
mod client;
mod convert;
mod error;
mod error_map;
mod gateway;
mod newer_model;
mod reader;
mod writer;

pub use attempts::observe_attempts;
pub use client::{ConnectOptions, build_client};
pub use error::GatewayError;
pub use error_map::DESCRIBE_USER_HINT;
pub use gateway::Gateway;
pub use reader::Reader;
pub use writer::{UpdatedItem, Writer};
