//! The custom-field editor: a custom item's fields as rows, each change staged on a [`Draft`].

use super::value_text::{def_for, display_value, edit_text};
use super::{EditorOutcome, Hints, SharedKeys, is_ctrl, is_press, plain};
use crate::app::keymap::{Action, Scope};
use crate::edit::{Base, Draft, MAX_CUSTOM_FIELDS, StagedOp, apply_field_ops, parse_value};
use crate::model::{FieldDef, FieldOption, FieldType, FieldValue, SYSTEM_FIELDS};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::collections::HashMap;
use tui_textarea::{CursorMove, TextArea};

/// How a row differs from the item as it was when the draft started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowMark {
    Same,
    /// `~`: the value changed.
    Changed,
    /// `+`: a field the item did not have.
    Added,
    /// `-`: staged for removal (shown in place, with the value it had).
    Removed,
}

impl RowMark {
    /// The marker drawn in the row's gutter, so meaning never relies on colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Same => " ",
            Self::Changed => "~",
            Self::Added => "+",
            Self::Removed => "-",
        }
    }
}

/// One row of the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub id: String,
    /// The field's name, or its id when the domain does not list it.
    pub name: String,
    /// `None` when the field is unknown to the domain.
    pub field_type: Option<FieldType>,
    /// The current value (for a removed field: the value it had).
    pub value: FieldValue,
    /// The value formatted for its type (an option's label for SingleSelect).
    pub shown: String,
    pub mark: RowMark,
    /// A field being added whose value is not entered yet (not staged).
    pub pending: bool,
}

/// An in-place value edit.
#[derive(Debug)]
pub struct ValueEdit {
    pub id: String,
    /// `true` for a field chosen in the picker: Enter stages `AddField`.
    pub adding: bool,
    /// One line, opened on the current value, the cursor at its end.
    pub input: TextArea<'static>,
    /// Why the last Enter was refused; cleared when the text changes.
    pub error: Option<String>,
}

/// Choosing a SingleSelect value from its options.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionChoice {
    pub id: String,
    pub adding: bool,
    /// Index into [`FieldEditor::choices`]: 0 is "(empty)", then the active options.
    pub selected: usize,
}

/// Choosing a domain field to add.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPicker {
    /// Fields that may be added: not system fields, not on the item already. By name.
    pub candidates: Vec<FieldDef>,
    pub filter: String,
    /// `true` while `/` typing goes into the filter.
    pub filtering: bool,
    /// Index into [`FieldPicker::matches`].
    pub selected: usize,
}

impl FieldPicker {
    /// The candidates whose name or id contains the filter (any case).
    pub fn matches(&self) -> Vec<&FieldDef> {
        let needle = self.filter.to_lowercase();
        self.candidates
            .iter()
            .filter(|d| {
                needle.is_empty()
                    || d.name.to_lowercase().contains(&needle)
                    || d.id.to_lowercase().contains(&needle)
            })
            .collect()
    }
}

/// What the field editor is doing.
#[derive(Debug)]
pub enum FieldMode {
    Browse,
    Value(Box<ValueEdit>),
    Options(OptionChoice),
    Picker(FieldPicker),
}

/// Editing a custom item's fields. It owns the draft; after every
/// [`EditorOutcome::Staged`] the caller writes [`FieldEditor::draft`] to the journal.
#[derive(Debug)]
pub struct FieldEditor {
    draft: Draft,
    defs: Vec<FieldDef>,
    options: HashMap<String, Vec<FieldOption>>,
    selected: usize,
    mode: FieldMode,
    notice: Option<String>,
    keys: SharedKeys,
}

const PAGE: usize = 10;

impl FieldEditor {
    /// An editor over `draft` (a custom item's), with the domain's field definitions and the
    /// SingleSelect options known so far (more arrive through [`FieldEditor::set_options`]).
    pub fn new(
        draft: Draft,
        defs: Vec<FieldDef>,
        options: HashMap<String, Vec<FieldOption>>,
        keys: SharedKeys,
    ) -> Self {
        Self {
            draft,
            defs,
            options,
            selected: 0,
            mode: FieldMode::Browse,
            notice: None,
            keys,
        }
    }

    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    pub fn into_draft(self) -> Draft {
        self.draft
    }

    pub fn defs(&self) -> &[FieldDef] {
        &self.defs
    }

    pub fn mode(&self) -> &FieldMode {
        &self.mode
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    /// A message about the last key (e.g. why a field cannot be added); cleared by the next key.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The options of a SingleSelect field; `None` while they are not loaded.
    pub fn options(&self, field_id: &str) -> Option<&[FieldOption]> {
        self.options.get(field_id).map(Vec::as_slice)
    }

    /// Options arrived for a SingleSelect field.
    pub fn set_options(&mut self, field_id: &str, options: Vec<FieldOption>) {
        self.options.insert(field_id.to_string(), options);
    }

    /// SingleSelect fields on the item (or offered by the picker) whose options the caller should
    /// load.
    pub fn missing_options(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .defs
            .iter()
            .filter(|d| d.field_type == FieldType::SingleSelect && !d.system)
            .filter(|d| !self.options.contains_key(&d.id))
            .map(|d| d.id.clone())
            .collect();
        ids.dedup();
        ids
    }

    /// The rows: the draft's full field list in the item's order, removed base fields in place,
    /// then added fields, then a field being added (pending).
    pub fn rows(&self) -> Vec<FieldRow> {
        let base: &[_] = match &self.draft.base {
            Base::Custom { fields } => fields,
            _ => &[],
        };
        let current = apply_field_ops(base, &self.draft.ops);
        let mut rows = Vec::with_capacity(current.len() + 1);
        for b in base {
            match current.iter().find(|c| c.id == b.id) {
                Some(c) if c.value == b.value => {
                    rows.push(self.row(&c.id, &c.value, RowMark::Same))
                }
                Some(c) => rows.push(self.row(&c.id, &c.value, RowMark::Changed)),
                None => rows.push(self.row(&b.id, &b.value, RowMark::Removed)),
            }
        }
        for c in current
            .iter()
            .filter(|c| !base.iter().any(|b| b.id == c.id))
        {
            rows.push(self.row(&c.id, &c.value, RowMark::Added));
        }
        let adding = match &self.mode {
            FieldMode::Value(edit) if edit.adding => Some(&edit.id),
            FieldMode::Options(OptionChoice {
                id, adding: true, ..
            }) => Some(id),
            _ => None,
        };
        if let Some(id) = adding {
            let mut row = self.row(id, &FieldValue::Empty, RowMark::Added);
            row.pending = true;
            rows.push(row);
        }
        rows
    }

    fn row(&self, id: &str, value: &FieldValue, mark: RowMark) -> FieldRow {
        let def = self.defs.iter().find(|d| d.id == id);
        let options = self.options.get(id).map(Vec::as_slice).unwrap_or_default();
        FieldRow {
            id: id.to_string(),
            name: def.map_or_else(|| id.to_string(), |d| d.name.clone()),
            field_type: def.map(|d| d.field_type.clone()),
            value: value.clone(),
            shown: display_value(value, def, options),
            mark,
            pending: false,
        }
    }

    /// The choices of the option list for `field_id`: `None` for "(empty)", then each active
    /// option.
    pub fn choices(&self, field_id: &str) -> Vec<Option<&FieldOption>> {
        let mut out = vec![None];
        if let Some(options) = self.options.get(field_id) {
            out.extend(options.iter().filter(|o| o.active).map(Some));
        }
        out
    }

    /// The scope of the key table the editor's current mode is in.
    pub fn scope(&self) -> Scope {
        match &self.mode {
            FieldMode::Browse => Scope::FieldEditor,
            FieldMode::Value(_) => Scope::ValueLine,
            FieldMode::Options(_) => Scope::OptionList,
            FieldMode::Picker(p) if p.filtering => Scope::PickerFilter,
            FieldMode::Picker(_) => Scope::FieldPicker,
        }
    }

    /// The hint line of the current mode, from the key table.
    pub fn hints(&self) -> Hints {
        Hints(self.keys.hints(self.scope(), |_| true))
    }

    /// Handles one key: a command of the current mode's scope, or else text entry.
    pub fn handle_key(&mut self, key: KeyEvent) -> EditorOutcome {
        if !is_press(&key) {
            return EditorOutcome::Continue;
        }
        self.notice = None;
        match self.keys.command(self.scope(), &key) {
            Some(action) => self.handle(action),
            None => self.key(key),
        }
    }

    /// Answers one action of the current mode.
    pub fn handle(&mut self, action: Action) -> EditorOutcome {
        match std::mem::replace(&mut self.mode, FieldMode::Browse) {
            FieldMode::Browse => self.browse(action),
            FieldMode::Value(edit) => self.value(*edit, action),
            FieldMode::Options(choice) => self.choose_option(choice, action),
            FieldMode::Picker(picker) if picker.filtering => self.filter(picker, action),
            FieldMode::Picker(picker) => self.pick(picker, action),
        }
    }

    /// Text entry: the value line and the picker's filter take the key; other modes ignore it.
    pub fn key(&mut self, key: KeyEvent) -> EditorOutcome {
        // Many terminals send Ctrl-M for Return; a value is one line either way.
        if is_ctrl(&key, 'm') && matches!(self.mode, FieldMode::Value(_)) {
            return self.handle(Action::KeepValue);
        }
        match &mut self.mode {
            // Ctrl-U clears the line, as in the case-field line and the SLA editor (the text
            // area's own Ctrl-U is undo).
            FieldMode::Value(edit) if is_ctrl(&key, 'u') => {
                edit.input.select_all();
                edit.input.cut();
                edit.error = None;
            }
            FieldMode::Value(edit) => {
                let changed = edit.input.input(key);
                if changed {
                    edit.error = None;
                }
            }
            FieldMode::Picker(picker) if picker.filtering => {
                let n = picker.matches().len();
                match key.code {
                    _ if is_ctrl(&key, 'u') => {
                        picker.filter.clear();
                        picker.selected = 0;
                    }
                    KeyCode::Backspace => {
                        if picker.filter.pop().is_none() {
                            picker.filtering = false;
                        }
                        picker.selected = 0;
                    }
                    KeyCode::Down => {
                        picker.selected = (picker.selected + 1).min(n.saturating_sub(1))
                    }
                    KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
                    _ => {
                        if let Some(c) = plain(&key) {
                            picker.filter.push(c);
                            picker.selected = 0;
                        }
                    }
                }
            }
            _ => {}
        }
        EditorOutcome::Continue
    }

    /// Pasted text goes into an open value edit (on one line).
    pub fn paste(&mut self, text: &str) {
        if let FieldMode::Value(edit) = &mut self.mode {
            let line: String = text
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                .collect();
            edit.input.insert_str(line);
            edit.error = None;
        } else if let FieldMode::Picker(p) = &mut self.mode
            && p.filtering
        {
            p.filter.push_str(text.lines().next().unwrap_or(""));
            p.selected = 0;
        }
    }

    fn browse(&mut self, action: Action) -> EditorOutcome {
        let rows = self.rows();
        let last = rows.len().saturating_sub(1);
        match action {
            Action::Back => return EditorOutcome::Close,
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::PageDown => self.selected = (self.selected + PAGE).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(PAGE),
            Action::EditValue => {
                if let Some(row) = rows.get(self.selected) {
                    self.open_value(&row.id, &row.value, false);
                }
            }
            Action::RemoveField => {
                let Some(row) = rows.get(self.selected) else {
                    return EditorOutcome::Continue;
                };
                let op = if row.mark == RowMark::Removed {
                    StagedOp::SetField {
                        id: row.id.clone(),
                        value: row.value.clone(),
                    }
                } else {
                    StagedOp::RemoveField { id: row.id.clone() }
                };
                self.draft.push(op);
                self.clamp();
                return EditorOutcome::Staged;
            }
            Action::AddField => self.open_picker(&rows),
            _ => {}
        }
        EditorOutcome::Continue
    }

    fn open_picker(&mut self, rows: &[FieldRow]) {
        let present = rows.iter().filter(|r| r.mark != RowMark::Removed).count();
        if present >= MAX_CUSTOM_FIELDS {
            self.notice = Some(format!(
                "a custom item holds at most {MAX_CUSTOM_FIELDS} fields; remove one with x first"
            ));
            return;
        }
        let mut candidates: Vec<FieldDef> = self
            .defs
            .iter()
            .filter(|d| !d.system && !SYSTEM_FIELDS.contains(&d.id.as_str()))
            .filter(|d| !rows.iter().any(|r| r.id == d.id))
            .cloned()
            .collect();
        candidates.sort_by_key(|d| d.name.to_lowercase());
        self.mode = FieldMode::Picker(FieldPicker {
            candidates,
            filter: String::new(),
            filtering: false,
            selected: 0,
        });
    }

    /// Opens the option list for a SingleSelect field with loaded options, else the text edit.
    fn open_value(&mut self, id: &str, value: &FieldValue, adding: bool) {
        let def = def_for(id, &self.defs, Some(value));
        let has_options = self
            .options
            .get(id)
            .is_some_and(|o| o.iter().any(|o| o.active));
        if def.field_type == FieldType::SingleSelect && has_options {
            let selected = self
                .choices(id)
                .iter()
                .position(
                    |c| matches!((c, value), (Some(o), FieldValue::String(v)) if o.value == *v),
                )
                .unwrap_or(0);
            self.mode = FieldMode::Options(OptionChoice {
                id: id.to_string(),
                adding,
                selected,
            });
        } else {
            let mut input = TextArea::new(vec![edit_text(value)]);
            input.move_cursor(CursorMove::End);
            input.set_cursor_line_style(ratatui::style::Style::default());
            self.mode = FieldMode::Value(Box::new(ValueEdit {
                id: id.to_string(),
                adding,
                input,
                error: None,
            }));
        }
        if adding {
            self.selected = self.rows().len().saturating_sub(1);
        }
    }

    fn value(&mut self, mut edit: ValueEdit, action: Action) -> EditorOutcome {
        match action {
            Action::DropValue => {
                self.clamp();
                return EditorOutcome::Continue;
            }
            Action::KeepValue => {}
            _ => {
                self.mode = FieldMode::Value(Box::new(edit));
                return EditorOutcome::Continue;
            }
        }
        let text = edit.input.lines().join(" ");
        let current = self.current_value(&edit.id);
        let def = def_for(&edit.id, &self.defs, current.as_ref());
        let options = self
            .options
            .get(&edit.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        match parse_value(&text, &def, options) {
            Ok(value) => self.commit(&edit.id, edit.adding, value),
            Err(reason) => {
                edit.error = Some(reason);
                self.mode = FieldMode::Value(Box::new(edit));
                EditorOutcome::Continue
            }
        }
    }

    fn choose_option(&mut self, mut choice: OptionChoice, action: Action) -> EditorOutcome {
        let n = self.choices(&choice.id).len();
        match action {
            Action::Back => {
                self.clamp();
                return EditorOutcome::Continue;
            }
            Action::Choose => {
                let value = match self.choices(&choice.id).get(choice.selected) {
                    Some(Some(o)) => FieldValue::String(o.value.clone()),
                    _ => FieldValue::Empty,
                };
                return self.commit(&choice.id, choice.adding, value);
            }
            Action::Down => choice.selected = (choice.selected + 1).min(n.saturating_sub(1)),
            Action::Up => choice.selected = choice.selected.saturating_sub(1),
            Action::Top => choice.selected = 0,
            Action::Bottom => choice.selected = n.saturating_sub(1),
            _ => {}
        }
        self.mode = FieldMode::Options(choice);
        EditorOutcome::Continue
    }

    fn filter(&mut self, mut picker: FieldPicker, action: Action) -> EditorOutcome {
        match action {
            Action::CancelFilter => {
                picker.filter.clear();
                picker.filtering = false;
            }
            Action::FinishFilter => {
                picker.filtering = false;
                picker.selected = 0;
            }
            _ => {}
        }
        self.mode = FieldMode::Picker(picker);
        EditorOutcome::Continue
    }

    fn pick(&mut self, mut picker: FieldPicker, action: Action) -> EditorOutcome {
        let n = picker.matches().len();
        match action {
            Action::Back => return EditorOutcome::Continue,
            Action::Choose => {
                let Some(def) = picker.matches().get(picker.selected).map(|d| (*d).clone()) else {
                    self.mode = FieldMode::Picker(picker);
                    return EditorOutcome::Continue;
                };
                self.open_value(&def.id, &FieldValue::Empty, true);
                return EditorOutcome::Continue;
            }
            Action::Filter => picker.filtering = true,
            Action::Down => picker.selected = (picker.selected + 1).min(n.saturating_sub(1)),
            Action::Up => picker.selected = picker.selected.saturating_sub(1),
            Action::Top => picker.selected = 0,
            Action::Bottom => picker.selected = n.saturating_sub(1),
            _ => {}
        }
        self.mode = FieldMode::Picker(picker);
        EditorOutcome::Continue
    }

    /// Stages a parsed value; a value equal to the current one stages nothing.
    fn commit(&mut self, id: &str, adding: bool, value: FieldValue) -> EditorOutcome {
        let rows = self.rows();
        let (id, outcome) = if adding {
            self.draft.push(StagedOp::AddField {
                id: id.to_string(),
                value,
            });
            (id, EditorOutcome::Staged)
        } else {
            let row = rows.iter().find(|r| r.id == id);
            let unchanged = row.is_some_and(|r| r.mark != RowMark::Removed && r.value == value);
            if unchanged {
                (id, EditorOutcome::Continue)
            } else {
                self.draft.push(StagedOp::SetField {
                    id: id.to_string(),
                    value,
                });
                (id, EditorOutcome::Staged)
            }
        };
        self.mode = FieldMode::Browse;
        if let Some(i) = self.rows().iter().position(|r| r.id == id) {
            self.selected = i;
        }
        self.clamp();
        outcome
    }

    fn current_value(&self, id: &str) -> Option<FieldValue> {
        self.rows()
            .into_iter()
            .find(|r| r.id == id && !r.pending)
            .map(|r| r.value)
    }

    fn clamp(&mut self) {
        let n = self.rows().len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }
}

#[cfg(test)]
#[path = "field_tests.rs"]
pub(crate) mod tests;
