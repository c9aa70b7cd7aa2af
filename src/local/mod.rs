//! The local Connect Cases service (axum).

pub mod demo;
