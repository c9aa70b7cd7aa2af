//! cases-tui: a keyboard-driven terminal UI for Amazon Connect Cases, and a local Connect Cases
//! service that speaks the real REST-JSON protocol.

pub mod app;
pub mod aws;
pub mod check;
pub mod config;
pub mod edit;
pub mod export;
pub mod limits;
pub mod local;
pub mod logging;
pub mod model;
pub mod tui;
pub mod ui;
