//! Drawing only: one file per pane.

pub mod editing;
