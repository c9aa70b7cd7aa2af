//! The field editor's tests, and fixtures other editing tests share.

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
    FieldEditor::new(draft(), defs(), options(), Default::default())
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
    let mut e = FieldEditor::new(draft(), defs(), HashMap::new(), Default::default());
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
