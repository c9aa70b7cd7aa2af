//! The editing components: self-contained state machines driven by key events, each answering
//! what the caller must do next. None of them talks to the network or the journal; the caller
//! (the App) acts on the outcomes.
//!
//! - [`CommentEditor`]: a multi-line editor for a comment body.
//! - [`FieldEditor`]: a custom item's fields, staging [`crate::edit::StagedOp`]s on a draft.
//! - [`Review`]: every staged draft as a diff, and the save states (saving, failed, merged,
//!   conflicts, gone).
//! - [`Confirm`]: a y/n question.
//!
//! Keys: each component holds the key table ([`SharedKeys`]) and matches keys against its
//! current scope in it, so remaps reach the overlays and their hint lines (`hints()`) and the
//! help overlay (`scope()`) come from the same table as dispatch. `handle_key` routes a key:
//! a command goes to `handle(action)`, anything else to `key(key)`, which is text entry for the
//! modes that type text and nothing elsewhere.
//!
//! Wiring, in short:
//! - `e` on a comment: `CommentEditor::open(body, keys)`; `a`: `CommentEditor::new_comment(keys)`.
//!   Feed keys to `handle_key` (bracketed paste to `paste`); on `External(text)` run the external
//!   editor and hand its text to `replace_body`; on `Stage(body)` push
//!   `StagedOp::SetBody` (or build `Draft::new_comment`) and save the journal; on `Unchanged` /
//!   `Cancel` just close. Draw with `ui::editing::draw_comment_editor`.
//! - `e` on a custom item: `FieldEditor::new(draft, defs, options, keys)`; load the options of
//!   `missing_options()` and hand them over with `set_options`; on `Staged` save
//!   `editor.draft()` to the journal; on `Close` take `into_draft()`.
//! - `e` on an SLA: `SlaEditor::open(..)`; on `Stage(minutes)` push `StagedOp::SetSlaTarget` on
//!   the SLA's draft and save the journal. Draw with `ui::editing::draw_sla_editor`.
//! - `s`: `Review::new(drafts, defs, keys)` (+ `set_options`). On `Send(key)` call `set_saving`, run
//!   `tui::prepare`; `Fresh` -> `tui::send`, anything else -> `set_check`. On
//!   `SendContent { key, content }` call `set_saving` and `tui::send` that content. After a save
//!   call `remove(key)` and drop it from the journal; on an error `set_failed(key, message)`.
//!   On `Unstage(key)` drop it from the journal. Call `tick()` on each tick for the spinner.

mod case_field;
mod comment;
mod confirm;
mod field;
mod new_case;
mod review;
mod review_groups;
mod sla;
mod value_text;

pub use case_field::{CaseFieldEdit, CaseFieldInput, CaseFieldOutcome, Choice as PickerChoice};
pub use comment::CommentEditor;
pub use confirm::{Confirm, ConfirmOutcome};
pub use field::{FieldEditor, FieldMode, FieldPicker, FieldRow, OptionChoice, RowMark, ValueEdit};
pub use new_case::{FormOutcome, FormStage, NewCaseForm};
pub use review::{Review, ReviewOutcome, ReviewStatus, ThreeWayRow};
pub use sla::{SlaEditor, SlaOutcome};
pub use value_text::{def_for, display_value, edit_text};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use crate::app::keymap::SharedKeys;

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
    /// The comment editor asks for the body to be edited in `$VISUAL` / `$EDITOR`; the result
    /// comes back through `CommentEditor::replace_body`. The editor stays open.
    External(String),
}

/// An overlay's hint line, generated from the key table: `(keys, words)` pairs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hints(pub Vec<(String, &'static str)>);

impl Hints {
    /// The pairs as borrowed strings, for drawing.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        self.0.iter().map(|(k, w)| (k.as_str(), *w)).collect()
    }
}

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
