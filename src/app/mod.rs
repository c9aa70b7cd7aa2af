//! The application state and its update function: no ratatui widgets, no SDK types.

pub mod editing;
