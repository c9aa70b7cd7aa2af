//! A y/n question, for anything that throws work away (unstage, delete).

use super::{is_press, plain};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// A yes/no question. `y` answers yes; `n` or `Esc` answers no; other keys are ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    /// The question, e.g. "Delete comment 1234?".
    pub question: String,
    /// What answering yes does, e.g. "the edit is thrown away".
    pub detail: Option<String>,
}

/// The answer to a [`Confirm`], or that there is none yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmOutcome {
    Pending,
    Yes,
    No,
}

impl Confirm {
    pub fn new(question: impl Into<String>) -> Self {
        Self {
            question: question.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn handle_key(&self, key: KeyEvent) -> ConfirmOutcome {
        if !is_press(&key) {
            return ConfirmOutcome::Pending;
        }
        if key.code == KeyCode::Esc {
            return ConfirmOutcome::No;
        }
        match plain(&key) {
            Some('y' | 'Y') => ConfirmOutcome::Yes,
            Some('n' | 'N') => ConfirmOutcome::No,
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
        let c = Confirm::new("Delete?");
        assert_eq!(c.handle_key(ch('y')), ConfirmOutcome::Yes);
        assert_eq!(c.handle_key(ch('n')), ConfirmOutcome::No);
        assert_eq!(c.handle_key(esc()), ConfirmOutcome::No);
        assert_eq!(c.handle_key(ch('x')), ConfirmOutcome::Pending);
        assert_eq!(c.handle_key(enter()), ConfirmOutcome::Pending);
        assert_eq!(c.handle_key(ctrl('y')), ConfirmOutcome::Pending);
    }
}
