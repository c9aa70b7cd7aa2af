//! The local Connect Cases service (axum).

pub mod error;
mod ops;
pub mod store;
