//! The help overlay's content and scrolling: the focused pane's keys from the key table, with
//! the keys that would change something marked unavailable in a read-only session.

use super::{Action, App, Scope};

impl Action {
    /// Whether the action stages or sends a change (refused in a read-only session).
    pub fn writes(self) -> bool {
        matches!(
            self,
            Action::Edit
                | Action::AddComment
                | Action::DeleteItem
                | Action::Send
                | Action::CloseReopen
                | Action::NewCase
                | Action::EditDraft
        )
    }
}

/// One row of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub description: &'static str,
    /// Read-only: the key answers with a refusal.
    pub unavailable: bool,
}

impl App {
    /// The help overlay's sections, as [`App::help_sections`], each row saying whether it is
    /// available in this session.
    pub fn help_rows(&self) -> Vec<(&'static str, Vec<HelpRow>)> {
        self.keys()
            .help_bindings(&self.scopes())
            .into_iter()
            .map(|(scope, rows)| {
                let rows = rows
                    .into_iter()
                    .map(|b| HelpRow {
                        keys: b.keys_label(),
                        description: b.description,
                        unavailable: self.ctx.read_only && b.action.writes(),
                    })
                    .collect::<Vec<_>>();
                (scope.title(), rows)
            })
            .collect()
    }

    /// A moving key while help is open scrolls it; `true` when `key` was one.
    pub(super) fn scroll_help(&mut self, key: &ratatui::crossterm::event::KeyEvent) -> bool {
        let page = self.help_page.max(1);
        match self.keys().action(&[Scope::List], key) {
            Some(Action::Down) => self.help_scroll += 1,
            Some(Action::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
            Some(Action::PageDown) => self.help_scroll += page,
            Some(Action::PageUp) => self.help_scroll = self.help_scroll.saturating_sub(page),
            Some(Action::Top) => self.help_scroll = 0,
            Some(Action::Bottom) => self.help_scroll = usize::MAX,
            _ => return false,
        }
        self.help_scroll = self.help_scroll.min(self.help_max);
        true
    }
}
