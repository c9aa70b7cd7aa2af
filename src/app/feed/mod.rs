//! The feed screen.

pub mod radar;
