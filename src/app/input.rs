//! A one-line text input (search, filter, command line).

use super::keymap::{Action, KeyMap, Scope};

/// Text with a cursor, counted in chars.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

/// What a key did to the input.
#[derive(Debug, PartialEq, Eq)]
pub enum InputOutcome {
    Submit,
    Cancel,
    Edited,
    Ignored,
}

impl LineInput {
    pub fn with_text(text: &str) -> Self {
        Self {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Cursor position in chars.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// What `key` does to the line: a command key of `scope` in the key table submits or
    /// cancels, anything else edits the text.
    pub fn handle(
        &mut self,
        key: &ratatui::crossterm::event::KeyEvent,
        keys: &KeyMap,
        scope: Scope,
    ) -> InputOutcome {
        match keys.command(scope, key) {
            Some(Action::SubmitInput) => return InputOutcome::Submit,
            Some(Action::CancelInput) => return InputOutcome::Cancel,
            _ => {}
        }
        self.edit(key)
    }

    /// Text editing: characters, Backspace, Delete, the arrows, Home, End, Ctrl-U to clear.
    fn edit(&mut self, key: &ratatui::crossterm::event::KeyEvent) -> InputOutcome {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
            }
            KeyCode::Char(c) if !ctrl => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Delete if self.cursor < self.text.chars().count() => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.text.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.chars().count(),
            _ => return InputOutcome::Ignored,
        }
        InputOutcome::Edited
    }
}
