//! The custom-field editor: a custom item's fields as rows, each change staged on a [`Draft`].

use super::value_text::{def_for, display_value, edit_text};
use super::{EditorOutcome, KeyHelp, is_press, plain};
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
}

const PAGE: usize = 10;

impl FieldEditor {
    /// The keys of the field editor, for the help overlay.
    pub const KEYS: &[KeyHelp] = &[
        ("j/k, arrows, g/G", "select a field"),
        ("Enter", "edit the value (Enter keeps it, Esc drops it)"),
        ("x", "remove the field / restore a removed one"),
        ("a", "add a domain field (/ filters)"),
        ("Esc", "close (everything staged stays staged)"),
    ];

    /// An editor over `draft` (a custom item's), with the domain's field definitions and the
    /// SingleSelect options known so far (more arrive through [`FieldEditor::set_options`]).
    pub fn new(
        draft: Draft,
        defs: Vec<FieldDef>,
        options: HashMap<String, Vec<FieldOption>>,
    ) -> Self {
        Self {
            draft,
            defs,
            options,
            selected: 0,
            mode: FieldMode::Browse,
            notice: None,
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

    /// Handles one key.
    pub fn handle_key(&mut self, key: KeyEvent) -> EditorOutcome {
        if !is_press(&key) {
            return EditorOutcome::Continue;
        }
        self.notice = None;
        match std::mem::replace(&mut self.mode, FieldMode::Browse) {
            FieldMode::Browse => self.browse_key(key),
            FieldMode::Value(edit) => self.value_key(*edit, key),
            FieldMode::Options(choice) => self.options_key(choice, key),
            FieldMode::Picker(picker) => self.picker_key(picker, key),
        }
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

    fn browse_key(&mut self, key: KeyEvent) -> EditorOutcome {
        let rows = self.rows();
        let last = rows.len().saturating_sub(1);
        match (key.code, plain(&key)) {
            (KeyCode::Esc, _) => return EditorOutcome::Close,
            (KeyCode::Down, _) | (_, Some('j')) => self.selected = (self.selected + 1).min(last),
            (KeyCode::Up, _) | (_, Some('k')) => self.selected = self.selected.saturating_sub(1),
            (KeyCode::Home, _) | (_, Some('g')) => self.selected = 0,
            (KeyCode::End, _) | (_, Some('G')) => self.selected = last,
            (KeyCode::PageDown, _) => self.selected = (self.selected + PAGE).min(last),
            (KeyCode::PageUp, _) => self.selected = self.selected.saturating_sub(PAGE),
            (KeyCode::Enter, _) => {
                if let Some(row) = rows.get(self.selected) {
                    self.open_value(&row.id, &row.value, false);
                }
            }
            (_, Some('x')) => {
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
            (_, Some('a')) => self.open_picker(&rows),
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

    fn value_key(&mut self, mut edit: ValueEdit, key: KeyEvent) -> EditorOutcome {
        // Ctrl-M is Enter on many terminals; a value is one line either way.
        let enter = key.code == KeyCode::Enter || super::is_ctrl(&key, 'm');
        if key.code == KeyCode::Esc {
            self.clamp();
            return EditorOutcome::Continue;
        }
        if !enter {
            if edit.input.input(key) {
                edit.error = None;
            }
            self.mode = FieldMode::Value(Box::new(edit));
            return EditorOutcome::Continue;
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

    fn options_key(&mut self, mut choice: OptionChoice, key: KeyEvent) -> EditorOutcome {
        let n = self.choices(&choice.id).len();
        match (key.code, plain(&key)) {
            (KeyCode::Esc, _) => {
                self.clamp();
                return EditorOutcome::Continue;
            }
            (KeyCode::Enter, _) => {
                let value = match self.choices(&choice.id).get(choice.selected) {
                    Some(Some(o)) => FieldValue::String(o.value.clone()),
                    _ => FieldValue::Empty,
                };
                return self.commit(&choice.id, choice.adding, value);
            }
            (KeyCode::Down, _) | (_, Some('j')) => {
                choice.selected = (choice.selected + 1).min(n.saturating_sub(1))
            }
            (KeyCode::Up, _) | (_, Some('k')) => {
                choice.selected = choice.selected.saturating_sub(1)
            }
            (KeyCode::Home, _) | (_, Some('g')) => choice.selected = 0,
            (KeyCode::End, _) | (_, Some('G')) => choice.selected = n.saturating_sub(1),
            _ => {}
        }
        self.mode = FieldMode::Options(choice);
        EditorOutcome::Continue
    }

    fn picker_key(&mut self, mut picker: FieldPicker, key: KeyEvent) -> EditorOutcome {
        let n = picker.matches().len();
        if picker.filtering {
            match key.code {
                KeyCode::Esc => {
                    picker.filter.clear();
                    picker.filtering = false;
                }
                KeyCode::Enter => {
                    picker.filtering = false;
                    picker.selected = 0;
                }
                KeyCode::Backspace => {
                    if picker.filter.pop().is_none() {
                        picker.filtering = false;
                    }
                    picker.selected = 0;
                }
                KeyCode::Down => picker.selected = (picker.selected + 1).min(n.saturating_sub(1)),
                KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
                _ => {
                    if let Some(c) = plain(&key) {
                        picker.filter.push(c);
                        picker.selected = 0;
                    }
                }
            }
            self.mode = FieldMode::Picker(picker);
            return EditorOutcome::Continue;
        }
        match (key.code, plain(&key)) {
            (KeyCode::Esc, _) => return EditorOutcome::Continue,
            (KeyCode::Enter, _) => {
                let Some(def) = picker.matches().get(picker.selected).map(|d| (*d).clone()) else {
                    self.mode = FieldMode::Picker(picker);
                    return EditorOutcome::Continue;
                };
                self.open_value(&def.id, &FieldValue::Empty, true);
                return EditorOutcome::Continue;
            }
            (_, Some('/')) => picker.filtering = true,
            (KeyCode::Down, _) | (_, Some('j')) => {
                picker.selected = (picker.selected + 1).min(n.saturating_sub(1))
            }
            (KeyCode::Up, _) | (_, Some('k')) => {
                picker.selected = picker.selected.saturating_sub(1)
            }
            (KeyCode::Home, _) | (_, Some('g')) => picker.selected = 0,
            (KeyCode::End, _) | (_, Some('G')) => picker.selected = n.saturating_sub(1),
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
pub(crate) mod tests {
    use super::*;
    use crate::app::editing::keys::*;
    use crate::model::{FieldEntry, RelatedItemType};

    pub fn def(id: &str, name: &str, t: FieldType) -> FieldDef {
        FieldDef {
            id: id.into(),
            name: name.into(),
            field_type: t,
            system: false,
            description: None,
        }
    }

    pub fn defs() -> Vec<FieldDef> {
        let mut defs = vec![
            def("amount", "Amount", FieldType::Number),
            def("priority", "Priority", FieldType::SingleSelect),
            def("notes", "Notes", FieldType::Text),
            def("approved", "Approved", FieldType::Boolean),
            def("due", "Due date", FieldType::DateTime),
            def("region", "Region", FieldType::Text),
            def("reviewer", "Reviewer", FieldType::User),
        ];
        for id in ["title", "status", "summary"] {
            let mut d = def(id, id, FieldType::Text);
            d.system = true;
            defs.push(d);
        }
        defs
    }

    pub fn options() -> HashMap<String, Vec<FieldOption>> {
        let o = |name: &str, value: &str, active| FieldOption {
            name: name.into(),
            value: value.into(),
            active,
        };
        HashMap::from([(
            "priority".to_string(),
            vec![
                o("Low", "low", true),
                o("Medium", "medium", true),
                o("High", "high", true),
                o("Legacy", "legacy", false),
            ],
        )])
    }

    pub fn draft() -> Draft {
        Draft::for_item(
            "dom",
            "case-1",
            "item-7",
            RelatedItemType::Custom,
            Base::Custom {
                fields: vec![
                    FieldEntry::new("amount", FieldValue::Double(10.0)),
                    FieldEntry::new("priority", FieldValue::String("low".into())),
                    FieldEntry::new("notes", FieldValue::String("call back".into())),
                    FieldEntry::new("legacy_code", FieldValue::String("X1".into())),
                ],
            },
        )
    }

    pub fn editor() -> FieldEditor {
        FieldEditor::new(draft(), defs(), options())
    }

    fn feed(e: &mut FieldEditor, keys: impl IntoIterator<Item = KeyEvent>) -> Vec<EditorOutcome> {
        keys.into_iter().map(|k| e.handle_key(k)).collect()
    }

    #[test]
    fn rows_resolve_names_format_values_and_keep_unknown_ids_raw() {
        let e = editor();
        let rows = e.rows();
        let shown: Vec<_> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.shown.as_str(), r.mark))
            .collect();
        assert_eq!(
            shown,
            [
                ("Amount", "10", RowMark::Same),
                ("Priority", "Low", RowMark::Same),
                ("Notes", "call back", RowMark::Same),
                ("legacy_code", "X1", RowMark::Same),
            ]
        );
        assert_eq!(rows[3].field_type, None);
    }

    #[test]
    fn a_number_refuses_text_with_the_reason_then_stages_42() {
        let mut e = editor();
        assert_eq!(e.handle_key(enter()), EditorOutcome::Continue);
        let FieldMode::Value(edit) = e.mode() else {
            panic!("expected a value edit")
        };
        assert_eq!(edit.input.lines(), ["10"]);
        feed(&mut e, [bs(), bs()]);
        feed(&mut e, typed("abc"));
        assert_eq!(e.handle_key(enter()), EditorOutcome::Continue);
        let FieldMode::Value(edit) = e.mode() else {
            panic!("the edit stays open after an error")
        };
        assert!(edit.error.as_deref().unwrap().contains("not a number"));
        assert!(e.draft().ops.is_empty());

        feed(&mut e, [bs(), bs(), bs()]);
        let FieldMode::Value(edit) = e.mode() else {
            panic!()
        };
        assert_eq!(edit.error, None, "editing clears the error");
        feed(&mut e, typed("42"));
        assert_eq!(e.handle_key(enter()), EditorOutcome::Staged);
        assert!(matches!(e.mode(), FieldMode::Browse));
        assert_eq!(
            e.draft().ops,
            [StagedOp::SetField {
                id: "amount".into(),
                value: FieldValue::Double(42.0)
            }]
        );
        assert_eq!(e.rows()[0].mark, RowMark::Changed);
    }

    #[test]
    fn esc_drops_the_edit_and_an_unchanged_value_stages_nothing() {
        let mut e = editor();
        feed(&mut e, [enter(), ch('5'), esc()]);
        assert!(matches!(e.mode(), FieldMode::Browse));
        assert_eq!(
            feed(&mut e, [enter(), enter()]),
            [EditorOutcome::Continue, EditorOutcome::Continue]
        );
        assert!(e.draft().ops.is_empty());
        assert_eq!(e.handle_key(esc()), EditorOutcome::Close);
    }

    #[test]
    fn x_stages_removal_and_on_a_removed_field_restores_it() {
        let mut e = editor();
        feed(&mut e, [ch('j'), ch('j')]);
        assert_eq!(e.handle_key(ch('x')), EditorOutcome::Staged);
        assert_eq!(
            e.draft().ops,
            [StagedOp::RemoveField { id: "notes".into() }]
        );
        let rows = e.rows();
        assert_eq!(rows.len(), 4, "a removed field stays in place");
        assert_eq!(rows[2].mark, RowMark::Removed);
        assert_eq!(e.handle_key(ch('x')), EditorOutcome::Staged);
        assert_eq!(e.rows()[2].mark, RowMark::Same);
        assert!(e.draft().is_noop());
    }

    #[test]
    fn enter_on_a_removed_field_edits_and_restores_it() {
        let mut e = editor();
        feed(&mut e, [ch('G'), ch('x'), enter()]);
        let FieldMode::Value(edit) = e.mode() else {
            panic!("expected a value edit")
        };
        assert_eq!(edit.input.lines(), ["X1"], "opens on the value it had");
        feed(&mut e, typed("0"));
        assert_eq!(e.handle_key(enter()), EditorOutcome::Staged);
        let row = e.rows().pop().unwrap();
        assert_eq!((row.mark, row.shown.as_str()), (RowMark::Changed, "X10"));
        // Removing and restoring brings back the value the item has on the server.
        feed(&mut e, [ch('x'), ch('x')]);
        assert_eq!(e.rows()[3].mark, RowMark::Same);
    }

    #[test]
    fn a_pasted_value_stays_on_one_line() {
        let mut e = editor();
        feed(&mut e, [ch('j'), ch('j'), enter()]);
        e.paste(" now\nplease");
        assert_eq!(e.handle_key(enter()), EditorOutcome::Staged);
        assert_eq!(
            e.rows()[2].value,
            FieldValue::String("call back now please".into())
        );
    }

    #[test]
    fn single_select_opens_the_option_list() {
        let mut e = editor();
        feed(&mut e, [ch('j'), enter()]);
        let FieldMode::Options(choice) = e.mode() else {
            panic!("expected the option list")
        };
        assert_eq!(choice.selected, 1, "opens on the current option");
        assert_eq!(
            e.choices("priority").len(),
            4,
            "(empty) and the active options"
        );
        assert_eq!(
            feed(&mut e, [ch('j'), ch('j'), enter()])[2],
            EditorOutcome::Staged
        );
        assert_eq!(e.rows()[1].shown, "High");
    }

    #[test]
    fn single_select_without_options_accepts_raw_text() {
        let mut e = FieldEditor::new(draft(), defs(), HashMap::new());
        assert_eq!(e.missing_options(), ["priority"]);
        feed(&mut e, [ch('j'), enter()]);
        assert!(matches!(e.mode(), FieldMode::Value(_)));
        feed(&mut e, typed("-ish"));
        assert_eq!(e.handle_key(enter()), EditorOutcome::Staged);
        assert_eq!(e.rows()[1].value, FieldValue::String("low-ish".into()));
        e.set_options("priority", options().remove("priority").unwrap());
        assert!(e.missing_options().is_empty());
    }

    #[test]
    fn the_picker_hides_system_and_present_fields_and_filters() {
        let mut e = editor();
        e.handle_key(ch('a'));
        let FieldMode::Picker(p) = e.mode() else {
            panic!("expected the picker")
        };
        let names: Vec<_> = p.matches().iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Approved", "Due date", "Region", "Reviewer"]);
        feed(&mut e, [ch('/'), ch('r'), ch('e')]);
        let FieldMode::Picker(p) = e.mode() else {
            panic!()
        };
        let names: Vec<_> = p.matches().iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Region", "Reviewer"]);
        // Enter keeps the filter; j moves; Enter chooses and opens the value edit.
        feed(&mut e, [enter(), ch('j'), enter()]);
        let FieldMode::Value(edit) = e.mode() else {
            panic!("choosing opens the value edit")
        };
        assert!(edit.adding && edit.id == "reviewer");
        let rows = e.rows();
        assert!(rows.last().unwrap().pending);
        assert_eq!(e.selected(), rows.len() - 1);
        feed(&mut e, typed("bob"));
        assert_eq!(e.handle_key(enter()), EditorOutcome::Continue);
        assert!(e.draft().ops.is_empty(), "an invalid ARN is refused");
        feed(&mut e, [bs(), bs(), bs()]);
        let arn = "arn:aws:connect:us-east-1:1:instance/i/agent/a";
        feed(&mut e, typed(arn));
        assert_eq!(e.handle_key(enter()), EditorOutcome::Staged);
        assert_eq!(
            e.draft().ops,
            [StagedOp::AddField {
                id: "reviewer".into(),
                value: FieldValue::UserArn(arn.into())
            }]
        );
        assert_eq!(e.rows().last().unwrap().mark, RowMark::Added);
    }

    #[test]
    fn esc_in_a_new_fields_value_adds_nothing() {
        let mut e = editor();
        feed(&mut e, [ch('a'), enter(), esc()]);
        assert!(matches!(e.mode(), FieldMode::Browse));
        assert_eq!(e.rows().len(), 4);
        assert!(e.draft().ops.is_empty());
        assert_eq!(e.selected(), 3);
    }
}
