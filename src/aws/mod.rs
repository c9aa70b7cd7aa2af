//! The gateway over aws-sdk-connectcases: the only module that names SDK types.

mod error;

pub use error::GatewayError;
