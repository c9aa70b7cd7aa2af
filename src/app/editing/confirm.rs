//! A y/n question, for anything that throws work away (unstage, delete).

use super::{Hints, SharedKeys, is_press};
use crate::app::keymap::{Action, Scope};
use ratatui::crossterm::event::KeyEvent;

/// A yes/no question. `answer_yes` (y) answers yes; `answer_no` (n, Esc) answers no; other keys
/// are ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    /// The question, e.g. "Delete comment 1234?".
    pub question: String,
    /// What answering yes does, e.g. "the edit is thrown away".
    pub detail: Option<String>,
    keys: SharedKeys,
}

/// The answer to a [`Confirm`], or that there is none yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmOutcome {
    Pending,
    Yes,
    No,
}

impl Confirm {
    pub fn new(question: impl Into<String>, keys: SharedKeys) -> Self {
        Self {
            question: question.into(),
            detail: None,
            keys,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The scope of the key table its answers are in.
    pub fn scope(&self) -> Scope {
        Scope::Confirm
    }

    /// The hint line, from the key table.
    pub fn hints(&self) -> Hints {
        Hints(self.keys.hints(self.scope(), |_| true))
    }

    pub fn handle_key(&self, key: KeyEvent) -> ConfirmOutcome {
        if !is_press(&key) {
            return ConfirmOutcome::Pending;
        }
        self.keys
            .command(self.scope(), &key)
            .map_or(ConfirmOutcome::Pending, |a| self.handle(a))
    }

    /// Answers one of the question's actions.
    pub fn handle(&self, action: Action) -> ConfirmOutcome {
        match action {
            Action::Yes => ConfirmOutcome::Yes,
            Action::No => ConfirmOutcome::No,
            _ => ConfirmOutcome::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editing::keys::*;

    #[test]
    fn y_is_yes_n_and_esc_are_no_anything_else_waits() {
        let c = Confirm::new("Delete?", Default::default());
        assert_eq!(c.handle_key(ch('y')), ConfirmOutcome::Yes);
        assert_eq!(c.handle_key(ch('Y')), ConfirmOutcome::Yes);
        assert_eq!(c.handle_key(ch('n')), ConfirmOutcome::No);
        assert_eq!(c.handle_key(esc()), ConfirmOutcome::No);
        assert_eq!(c.handle_key(ch('x')), ConfirmOutcome::Pending);
        assert_eq!(c.handle_key(enter()), ConfirmOutcome::Pending);
        assert_eq!(c.handle_key(ctrl('y')), ConfirmOutcome::Pending);
        assert_eq!(c.hints().pairs(), [("y", "yes"), ("n/Esc", "no")]);
    }
}
