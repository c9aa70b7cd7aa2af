//! Drawing only: one file per pane.
