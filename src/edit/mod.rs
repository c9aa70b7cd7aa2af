//! Staged edits: drafts, the full-field request built from them, conflict checks, the journal.
