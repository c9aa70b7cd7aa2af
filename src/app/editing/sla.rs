//! The SLA target editor: one line taking minutes (`90`) or a duration (`2h`, `1d 4h`), opened on
//! the current target, showing the target time it makes; `Enter` stages it when it is in range,
//! and says why not otherwise.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;

use super::{Hints, SharedKeys, is_ctrl, is_press};
use crate::app::input::LineInput;
use crate::app::keymap::{Action, Scope};
use crate::edit::{format_minutes, parse_sla_minutes, sla_target_time};

/// What the SLA editor asks its caller to do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlaOutcome {
    Continue,
    /// Stage this target, in minutes after the SLA's creation.
    Stage(i64),
    /// Closed; nothing to stage.
    Cancel,
}

/// Editing one SLA's target.
#[derive(Debug)]
pub struct SlaEditor {
    /// The SLA's name, for the title.
    pub name: String,
    /// When the SLA was created: its target counts from then.
    pub created: DateTime<Utc>,
    /// The target time the service holds now.
    pub old_target: DateTime<Utc>,
    pub input: LineInput,
    /// Why the last `Enter` was refused; cleared when the text changes.
    pub error: Option<String>,
    keys: SharedKeys,
}

impl SlaEditor {
    /// An editor on an SLA created at `created` whose target time is `old_target`, prefilled
    /// with `minutes` (a staged target, or the current one).
    pub fn open(
        name: &str,
        created: DateTime<Utc>,
        old_target: DateTime<Utc>,
        minutes: i64,
        keys: SharedKeys,
    ) -> Self {
        Self {
            name: name.to_string(),
            created,
            old_target,
            input: LineInput::with_text(&format_minutes(minutes)),
            error: None,
            keys,
        }
    }

    /// Its keys are the value line's: `Enter` keeps, `Esc` drops.
    pub fn scope(&self) -> Scope {
        Scope::ValueLine
    }

    pub fn hints(&self) -> Hints {
        Hints(self.keys.hints(self.scope(), |_| true))
    }

    /// The target the text says, or why it is not one.
    pub fn parsed(&self) -> Result<i64, String> {
        parse_sla_minutes(self.input.text())
    }

    /// The target time the text makes, when it is a valid target.
    pub fn new_target(&self) -> Option<DateTime<Utc>> {
        self.parsed().ok().map(|m| sla_target_time(self.created, m))
    }

    /// Pasted text goes into the line as typed characters (line breaks and other controls are
    /// dropped: a target is one line).
    pub fn paste(&mut self, text: &str) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        for c in text.chars().filter(|c| !c.is_control()) {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            self.input.handle(&key, &self.keys, Scope::ValueLine);
        }
        self.error = None;
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> SlaOutcome {
        if !is_press(&key) {
            return SlaOutcome::Continue;
        }
        // Many terminals send Ctrl-M for Return.
        let command = if is_ctrl(&key, 'm') {
            Some(Action::KeepValue)
        } else {
            self.keys.command(self.scope(), &key)
        };
        match command {
            Some(Action::KeepValue) => match self.parsed() {
                Ok(minutes) => SlaOutcome::Stage(minutes),
                Err(reason) => {
                    self.error = Some(reason);
                    SlaOutcome::Continue
                }
            },
            Some(Action::DropValue) => SlaOutcome::Cancel,
            _ => {
                let before = self.input.text().to_string();
                self.input.handle(&key, &self.keys, self.scope());
                if self.input.text() != before {
                    self.error = None;
                }
                SlaOutcome::Continue
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editing::keys::{ctrl, enter, esc, typed};

    fn editor() -> SlaEditor {
        let created: DateTime<Utc> = "2026-12-01T09:00:00Z".parse().unwrap();
        SlaEditor::open(
            "First reply",
            created,
            sla_target_time(created, 60),
            60,
            Default::default(),
        )
    }

    #[test]
    fn prefilled_cleared_typed_and_staged() {
        let mut e = editor();
        assert_eq!(e.input.text(), "1h");
        e.handle_key(ctrl('u'));
        assert_eq!(e.input.text(), "");
        for k in typed("2h") {
            e.handle_key(k);
        }
        assert_eq!(
            e.new_target(),
            Some("2026-12-01T11:00:00Z".parse().unwrap())
        );
        assert_eq!(e.handle_key(enter()), SlaOutcome::Stage(120));
        assert_eq!(e.handle_key(esc()), SlaOutcome::Cancel);
        e.handle_key(ctrl('u'));
        e.paste("1d 4h\n");
        assert_eq!(e.handle_key(enter()), SlaOutcome::Stage(1680));
    }

    #[test]
    fn out_of_range_or_not_a_duration_is_refused_inline() {
        for bad in ["0", "730d 1m", "abc"] {
            let mut e = editor();
            e.handle_key(ctrl('u'));
            for k in typed(bad) {
                e.handle_key(k);
            }
            assert_eq!(e.handle_key(enter()), SlaOutcome::Continue, "{bad}");
            let why = e.error.clone().unwrap();
            assert!(why.contains("1 to 1,051,200 minutes"), "{bad}: {why}");
            // Typing clears the complaint.
            e.handle_key(ctrl('u'));
            assert!(e.error.is_none());
        }
    }
}
