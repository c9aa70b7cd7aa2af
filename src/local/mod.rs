//! The local Connect Cases service (axum).

pub mod demo;
pub mod error;
mod ops;
pub mod store;
