//! The editing components: self-contained state machines driven by key events, each answering
//! what the caller must do next. None of them talks to the network or the journal; the caller
//! (the App) acts on the outcomes.
//!
//! - [`CommentEditor`]: a multi-line editor for a comment body.
//! - [`FieldEditor`]: a custom item's fields, staging [`crate::edit::StagedOp`]s on a draft.
//! - [`Review`]: every staged draft as a diff, and the save states (saving, failed, merged,
//!   conflicts, gone).
//! - [`Confirm`]: a y/n question.

mod comment;
mod confirm;
mod field;
mod review;
mod value_text;

pub use comment::CommentEditor;
pub use confirm::{Confirm, ConfirmOutcome};
pub use field::{FieldEditor, FieldMode, FieldPicker, FieldRow, OptionChoice, RowMark, ValueEdit};
pub use review::{Review, ReviewOutcome, ReviewStatus, ThreeWayRow};
pub use value_text::{def_for, display_value, edit_text};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What an editor asks its caller to do after a key.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorOutcome {
    /// Nothing for the caller to do; the editor stays open.
    Continue,
    /// The comment editor closed with this body: stage it (`Draft::new_comment` for a new comment,
    /// `StagedOp::SetBody` otherwise) and write the journal.
    Stage(String),
    /// The field editor pushed an operation onto its draft: write the journal. It stays open.
    Staged,
    /// The editor closed and nothing changed.
    Unchanged,
    /// The editor closed and there is nothing to keep (a new comment left empty).
    Cancel,
    /// The field editor closed; its draft holds everything staged (see `FieldEditor::into_draft`).
    Close,
}

/// One line of a key help: the keys and what they do.
pub type KeyHelp = (&'static str, &'static str);

pub(crate) fn is_press(key: &KeyEvent) -> bool {
    key.kind != KeyEventKind::Release
}

pub(crate) fn is_ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

/// A plain character key (no Ctrl/Alt), for single-letter commands.
pub(crate) fn plain(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

#[cfg(test)]
pub(crate) use field::tests as field_fixtures;
#[cfg(test)]
pub(crate) use review::tests as review_fixtures;

#[cfg(test)]
pub(crate) mod keys {
    //! Key events for tests.
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    pub fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }
    pub fn ch(c: char) -> KeyEvent {
        key(KeyCode::Char(c))
    }
    pub fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }
    pub fn esc() -> KeyEvent {
        key(KeyCode::Esc)
    }
    pub fn enter() -> KeyEvent {
        key(KeyCode::Enter)
    }
    pub fn bs() -> KeyEvent {
        key(KeyCode::Backspace)
    }
    /// Each character of `s` as a key press.
    pub fn typed(s: &str) -> Vec<KeyEvent> {
        s.chars().map(ch).collect()
    }
}
