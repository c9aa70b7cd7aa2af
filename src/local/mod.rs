//! The local Connect Cases service (axum).
