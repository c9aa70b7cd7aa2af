//! The typed editor of one case field: a text line for Text, Url, Number, DateTime and User
//! fields (opened on the current value; `Ctrl-U` clears it), and a type-ahead picker for
//! SingleSelect and Boolean fields. Values go through the same parser as custom items'.

use super::value_text::{display_value, edit_text};
use super::{Hints, SharedKeys, is_ctrl, is_press, plain};
use crate::app::keymap::{Action, Scope};
use crate::edit::{parse_value, required_problem};
use crate::model::{FieldDef, FieldOption, FieldType, FieldValue};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_textarea::{CursorMove, TextArea};

/// What the editor asks its caller to do after a key.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseFieldOutcome {
    Continue,
    /// Closed without a value.
    Cancel,
    /// Stage this value for the field.
    Set(FieldValue),
}

/// One choice of the picker: what it shows and the value it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub label: String,
    pub value: FieldValue,
}

/// The editor's input: a text line or a picker.
#[derive(Debug)]
pub enum CaseFieldInput {
    Line(Box<TextArea<'static>>),
    Picker {
        /// What was typed; it filters the choices.
        filter: String,
        /// Index into [`CaseFieldEdit::matches`].
        selected: usize,
    },
}

/// Editing one case field.
#[derive(Debug)]
pub struct CaseFieldEdit {
    pub def: FieldDef,
    /// The value the field has now (staged or stored); the editor opens on it.
    pub current: FieldValue,
    /// The field may not be emptied (the template requires it, or it is the title).
    pub required: bool,
    options: Option<Vec<FieldOption>>,
    input: CaseFieldInput,
    /// Why the last Enter was refused; cleared when the input changes.
    error: Option<String>,
    /// Which of several fields this is (1-based) and how many, when `Enter` on a draft of several
    /// case fields opens their editors one after another.
    pub step: Option<(usize, usize)>,
    /// The value the service holds, when the editor opens on a staged value that differs.
    stored: Option<FieldValue>,
    /// A field of a case not created yet: there is no old value to keep.
    new_case: bool,
    keys: SharedKeys,
}

impl CaseFieldEdit {
    /// An editor on `def` holding `current`. `options` are a SingleSelect field's options
    /// (`None` while they load: the picker says so and fills when they arrive).
    pub fn new(
        def: FieldDef,
        current: FieldValue,
        required: bool,
        options: Option<Vec<FieldOption>>,
        keys: SharedKeys,
    ) -> Self {
        let input = if matches!(def.field_type, FieldType::SingleSelect | FieldType::Boolean) {
            CaseFieldInput::Picker {
                filter: String::new(),
                selected: 0,
            }
        } else {
            let mut line = TextArea::new(vec![edit_text(&current)]);
            line.move_cursor(CursorMove::End);
            line.set_cursor_line_style(ratatui::style::Style::default());
            CaseFieldInput::Line(Box::new(line))
        };
        let mut edit = Self {
            def,
            current,
            required,
            options,
            input,
            error: None,
            step: None,
            stored: None,
            new_case: false,
            keys,
        };
        edit.select_current();
        edit
    }

    /// The editor opens on a staged value; `stored` is what the case holds (the `now:` line
    /// then shows it, and the staged value as staged).
    pub fn with_stored(mut self, stored: FieldValue) -> Self {
        self.stored = (stored != self.current).then_some(stored);
        self
    }

    /// The editor is on a field of a new case (no old value to keep).
    pub fn for_new_case(mut self) -> Self {
        self.new_case = true;
        self
    }

    /// The line above the input: the value the case holds now, and the staged one when the
    /// editor opened on a staged value.
    pub fn now_text(&self) -> String {
        match &self.stored {
            Some(stored) => format!(
                "now: {} · staged: {}",
                self.text_of(stored),
                self.current_text()
            ),
            None => format!("now: {}", self.current_text()),
        }
    }

    pub fn input(&self) -> &CaseFieldInput {
        &self.input
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The text of the line (empty for a picker).
    pub fn text(&self) -> String {
        match &self.input {
            CaseFieldInput::Line(line) => line.lines().join(" "),
            CaseFieldInput::Picker { .. } => String::new(),
        }
    }

    /// The line's text when it differs from the value the editor opened on: typed and not kept
    /// yet (`None` for a picker, whose filter is not a value).
    pub fn typed_line(&self) -> Option<String> {
        match &self.input {
            CaseFieldInput::Line(_) => Some(self.text()).filter(|t| *t != edit_text(&self.current)),
            CaseFieldInput::Picker { .. } => None,
        }
    }

    /// Puts `text` on the line in place of what it holds (text typed before the last exit).
    pub fn set_text(&mut self, text: &str) {
        if let CaseFieldInput::Line(line) = &mut self.input {
            line.select_all();
            line.cut();
            line.insert_str(text);
            self.error = None;
        }
    }

    /// `true` while a SingleSelect field's options are still loading.
    pub fn loading(&self) -> bool {
        self.def.field_type == FieldType::SingleSelect && self.options.is_none()
    }

    /// The field's options arrived.
    pub fn set_options(&mut self, options: Vec<FieldOption>) {
        self.options = Some(options);
        self.select_current();
    }

    /// Every choice of the picker: the active options (yes and no for a Boolean), then
    /// "(empty)" unless the field is required.
    pub fn choices(&self) -> Vec<Choice> {
        let mut out: Vec<Choice> = match self.def.field_type {
            FieldType::Boolean => vec![
                Choice {
                    label: "Yes".into(),
                    value: FieldValue::Bool(true),
                },
                Choice {
                    label: "No".into(),
                    value: FieldValue::Bool(false),
                },
            ],
            _ => self
                .options
                .iter()
                .flatten()
                .filter(|o| o.active)
                .map(|o| Choice {
                    label: o.name.clone(),
                    value: FieldValue::String(o.value.clone()),
                })
                .collect(),
        };
        if !self.required {
            out.push(Choice {
                label: "(empty)".into(),
                value: FieldValue::Empty,
            });
        }
        out
    }

    /// The choices whose label or value contains what was typed (any case).
    pub fn matches(&self) -> Vec<Choice> {
        let CaseFieldInput::Picker { filter, .. } = &self.input else {
            return Vec::new();
        };
        let needle = filter.to_lowercase();
        self.choices()
            .into_iter()
            .filter(|c| {
                c.label.to_lowercase().contains(&needle)
                    || matches!(&c.value, FieldValue::String(v) if v.to_lowercase().contains(&needle))
            })
            .collect()
    }

    /// The picker's selected row, among [`CaseFieldEdit::matches`].
    pub fn selected(&self) -> usize {
        match &self.input {
            CaseFieldInput::Picker { selected, .. } => *selected,
            CaseFieldInput::Line(_) => 0,
        }
    }

    /// The current value as its row shows it.
    pub fn current_text(&self) -> String {
        self.text_of(&self.current)
    }

    fn text_of(&self, value: &FieldValue) -> String {
        display_value(
            value,
            Some(&self.def),
            self.options.as_deref().unwrap_or_default(),
        )
    }

    fn select_current(&mut self) {
        let current = self.current.clone();
        let at = self.matches().iter().position(|c| c.value == current);
        if let CaseFieldInput::Picker { selected, .. } = &mut self.input {
            *selected = at.unwrap_or(0);
        }
    }

    /// The scope of the key table the editor is in.
    pub fn scope(&self) -> Scope {
        match self.input {
            CaseFieldInput::Line(_) => Scope::ValueLine,
            CaseFieldInput::Picker { .. } => Scope::TypePicker,
        }
    }

    /// The hint line, from the key table.
    pub fn hints(&self) -> Hints {
        Hints(self.keys.hints(self.scope(), |_| true))
    }

    /// Handles one key: a command of the scope, else text (the line, or the picker's filter).
    pub fn handle_key(&mut self, key: KeyEvent) -> CaseFieldOutcome {
        if !is_press(&key) {
            return CaseFieldOutcome::Continue;
        }
        // Many terminals send Ctrl-M for Return.
        let action = if is_ctrl(&key, 'm') {
            Some(Action::KeepValue)
        } else {
            self.keys.command(self.scope(), &key)
        };
        match action {
            Some(Action::KeepValue) => self.finish(),
            Some(Action::DropValue) => CaseFieldOutcome::Cancel,
            _ => {
                self.type_key(key);
                CaseFieldOutcome::Continue
            }
        }
    }

    /// Pasted text, on one line.
    pub fn paste(&mut self, text: &str) {
        let line: String = text
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        match &mut self.input {
            CaseFieldInput::Line(input) => {
                input.insert_str(line);
            }
            CaseFieldInput::Picker { filter, selected } => {
                filter.push_str(&line);
                *selected = 0;
            }
        }
        self.error = None;
    }

    fn type_key(&mut self, key: KeyEvent) {
        match &mut self.input {
            // Ctrl-U clears the line, as in a shell (the text area's own Ctrl-U is undo).
            CaseFieldInput::Line(input) if is_ctrl(&key, 'u') => {
                input.select_all();
                input.cut();
                self.error = None;
            }
            CaseFieldInput::Line(input) => {
                if input.input(key) {
                    self.error = None;
                }
            }
            CaseFieldInput::Picker { .. } if matches!(key.code, KeyCode::Up | KeyCode::Down) => {
                let n = self.matches().len();
                if let CaseFieldInput::Picker { selected, .. } = &mut self.input {
                    *selected = step(*selected, key.code == KeyCode::Down, n);
                }
            }
            CaseFieldInput::Picker { filter, selected } => {
                match key.code {
                    KeyCode::Backspace => {
                        filter.pop();
                    }
                    _ if is_ctrl(&key, 'u') => filter.clear(),
                    _ => match plain(&key) {
                        Some(c) => filter.push(c),
                        None => return,
                    },
                }
                *selected = 0;
                self.error = None;
            }
        }
    }

    fn finish(&mut self) -> CaseFieldOutcome {
        let parsed = match &self.input {
            CaseFieldInput::Line(line) => parse_value(
                &line.lines().join(" "),
                &self.def,
                self.options.as_deref().unwrap_or_default(),
            ),
            CaseFieldInput::Picker { selected, .. } => match self.matches().get(*selected) {
                Some(c) => Ok(c.value.clone()),
                None if self.loading() => {
                    Err("the options are still loading; wait a moment".into())
                }
                None => Err("nothing matches what you typed; Backspace to widen the choice".into()),
            },
        };
        match parsed {
            Ok(FieldValue::Empty) if self.required => {
                self.error = Some(if self.new_case {
                    format!(
                        "'{}' is required and cannot be empty; type a value (a new case needs one)",
                        self.def.name
                    )
                } else {
                    required_problem(&self.def.name)
                });
                CaseFieldOutcome::Continue
            }
            Ok(value) => CaseFieldOutcome::Set(value),
            Err(reason) => {
                self.error = Some(reason);
                CaseFieldOutcome::Continue
            }
        }
    }
}

/// A picker's selection one row down (or up) among `n` rows.
pub(crate) fn step(selected: usize, down: bool, n: usize) -> usize {
    if down {
        (selected + 1).min(n.saturating_sub(1))
    } else {
        selected.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editing::keys::*;
    use crate::app::keymap::KeyMap;

    fn def(id: &str, t: FieldType) -> FieldDef {
        FieldDef {
            id: id.into(),
            name: id.into(),
            field_type: t,
            system: true,
            description: None,
        }
    }

    fn edit(d: FieldDef, current: FieldValue, required: bool) -> CaseFieldEdit {
        let options = Some(vec![
            FieldOption {
                name: "Open".into(),
                value: "open".into(),
                active: true,
            },
            FieldOption {
                name: "Closed".into(),
                value: "closed".into(),
                active: true,
            },
        ]);
        CaseFieldEdit::new(
            d,
            current,
            required,
            options,
            std::sync::Arc::new(KeyMap::default()),
        )
    }

    fn feed(e: &mut CaseFieldEdit, keys: Vec<KeyEvent>) -> CaseFieldOutcome {
        let mut last = CaseFieldOutcome::Continue;
        for k in keys {
            last = e.handle_key(k);
        }
        last
    }

    #[test]
    fn typing_filters_the_picker_and_enter_picks() {
        let mut e = edit(
            def("status", FieldType::SingleSelect),
            FieldValue::String("open".into()),
            true,
        );
        assert_eq!(e.scope(), Scope::TypePicker);
        assert_eq!(e.matches().len(), 2, "required: no (empty)");
        let mut keys = typed("closed");
        keys.push(enter());
        assert_eq!(
            feed(&mut e, keys),
            CaseFieldOutcome::Set(FieldValue::String("closed".into()))
        );
        let mut b = edit(def("vip", FieldType::Boolean), FieldValue::Empty, false);
        assert_eq!(
            feed(&mut b, vec![ch('n'), enter()]),
            CaseFieldOutcome::Set(FieldValue::Bool(false))
        );
    }

    #[test]
    fn the_line_opens_prefilled_ctrl_u_clears_and_bad_values_are_refused_inline() {
        let mut e = edit(
            def("title", FieldType::Text),
            FieldValue::String("Old title".into()),
            true,
        );
        assert_eq!(e.text(), "Old title");
        feed(&mut e, vec![ctrl('u')]);
        assert_eq!(e.text(), "");
        assert_eq!(feed(&mut e, vec![enter()]), CaseFieldOutcome::Continue);
        assert!(e.error().unwrap().contains("required"), "{:?}", e.error());
        let mut n = edit(def("amount", FieldType::Number), FieldValue::Empty, false);
        let mut keys = typed("abc");
        keys.push(enter());
        assert_eq!(feed(&mut n, keys), CaseFieldOutcome::Continue);
        assert!(n.error().unwrap().contains("not a number"));
        let mut s = edit(def("summary", FieldType::Text), FieldValue::Empty, false);
        s.paste(&"x".repeat(3001));
        assert_eq!(feed(&mut s, vec![enter()]), CaseFieldOutcome::Continue);
        assert!(s.error().unwrap().contains("at most 3000"));
        assert_eq!(feed(&mut s, vec![esc()]), CaseFieldOutcome::Cancel);
    }
}
