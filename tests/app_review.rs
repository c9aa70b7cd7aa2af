//! Reviewing at speed, driven headlessly: the filter pickers' type-ahead, one name per performer,
//! related-item attributes by name, `Enter` on a row, `z` zoom and a field's whole value.

mod app_support;

use app_support::*;
use cases_tui::app::audit::FilterRow;
use cases_tui::app::{App, AppContext, Cmd, Msg, Scope, ServiceCmd, TerminalCmd};
use cases_tui::model::{AuditEvent, AuditField, FieldValue, Page, Performer};
use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const MARIA_ARN: &str = "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/maria.lopez";
const MARIA_IAM: &str = "arn:aws:iam::111122223333:user/agent-maria.lopez";

fn ev(
    id: &str,
    ty: &str,
    item: Option<&str>,
    when: DateTime<Utc>,
    by: Option<Performer>,
    iam: Option<&str>,
    fields: &[(&str, &str)],
) -> AuditEvent {
    AuditEvent {
        id: id.into(),
        event_type: ty.into(),
        related_item_type: item.map(str::to_string),
        performed_time: Some(when),
        fields: fields
            .iter()
            .map(|(f, v)| AuditField {
                field_id: f.to_string(),
                old_value: None,
                new_value: FieldValue::String(v.to_string()),
            })
            .collect(),
        performed_by: by,
        iam_principal_arn: iam.map(str::to_string),
        merge: None,
    }
}

/// A history where one agent appears by user ARN and, on a deletion, by IAM principal only, a
/// bot under two spellings, and related items' attributes as fields.
fn mixed_history() -> Vec<AuditEvent> {
    let maria = || Some(Performer::UserArn(MARIA_ARN.into()));
    vec![
        ev(
            "ev-a",
            "RelatedItem.Created",
            Some("Contact"),
            at(29, 9, 0),
            maria(),
            Some(MARIA_IAM),
            &[
                ("contact.channel", "VOICE"),
                ("contact.contactArn", "arn:aws:connect:::contact/77"),
            ],
        ),
        ev(
            "ev-b",
            "RelatedItem.Created",
            Some("ConnectCase"),
            at(29, 10, 0),
            maria(),
            Some(MARIA_IAM),
            &[("connectCase.caseId", "c-2002")],
        ),
        ev(
            "ev-c",
            "RelatedItem.Deleted",
            Some("Comment"),
            at(29, 11, 0),
            None,
            Some(MARIA_IAM),
            &[],
        ),
        ev(
            "ev-d",
            "Case.Updated",
            None,
            at(30, 8, 0),
            Some(Performer::CustomEntity("refund  bot".into())),
            None,
            &[("priority", "high")],
        ),
        ev(
            "ev-e",
            "Case.Updated",
            None,
            at(30, 9, 0),
            Some(Performer::CustomEntity("Refund Bot".into())),
            None,
            &[("summary", "Refund sent")],
        ),
    ]
}

/// The case view with `events` as its whole audit history, the timeline focused.
fn case_with_history(events: Vec<AuditEvent>) -> App {
    let mut app = App::new(AppContext {
        case_id: Some(CASE.into()),
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    let req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Service(ServiceCmd::LoadAudit { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("the case loads its history");
    let others: Vec<Cmd> = cmds
        .into_iter()
        .filter(|c| !matches!(c, Cmd::Service(ServiceCmd::LoadAudit { .. })))
        .collect();
    answer(&mut app, others);
    press(&mut app, key('3'));
    press(
        &mut app,
        Msg::AuditLoaded {
            req,
            result: Ok(Page {
                items: events,
                next_token: None,
            }),
        },
    );
    app
}

/// The ids the timeline shows, sorted: which events pass, whichever order is shown.
fn visible_ids(app: &App) -> Vec<String> {
    let cv = app.case.as_ref().unwrap();
    let mut ids: Vec<String> = cv
        .visible_audit(app.now())
        .iter()
        .map(|&i| cv.audit.list.items[i].id.clone())
        .collect();
    ids.sort();
    ids
}

/// Moves the timeline's selection to event `id`.
fn select_event(app: &mut App, id: &str) {
    press(app, key('g'));
    for _ in 0..20 {
        let cv = app.case.as_ref().unwrap();
        if cv.selected_audit(app.now()).is_some_and(|e| e.id == id) {
            return;
        }
        press(app, key('j'));
    }
    panic!("no event {id}");
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Opens the filter form on `row` and its picker.
fn open_picker(app: &mut App, row: FilterRow) {
    press(app, key('f'));
    let at = FilterRow::ALL.iter().position(|r| *r == row).unwrap();
    for _ in 0..at {
        press(app, key('j'));
    }
    press(app, code(KeyCode::Enter));
    assert_eq!(
        app.scopes(),
        [Scope::AuditPicker],
        "the picker takes the keys"
    );
}

#[test]
fn typing_narrows_the_field_picker_and_enter_picks() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    open_picker(&mut app, FilterRow::Field);
    // Letters the form binds (j, k, l, x, f) are text here.
    typed(&mut app, "notes");
    let picker = app.case.as_ref().unwrap().audit.picker.clone().unwrap();
    let labels: Vec<&str> = picker
        .shown()
        .iter()
        .map(|&i| picker.options[i].label.as_str())
        .collect();
    assert_eq!(labels, ["Internal notes"]);
    press(&mut app, code(KeyCode::Enter));
    let cv = app.case.as_ref().unwrap();
    assert!(cv.audit.picker.is_none());
    assert!(cv.audit.timeline.form.is_some(), "back on the form");
    assert_eq!(
        cv.audit.timeline.filter.field.as_deref(),
        Some("internal_notes")
    );
    assert_eq!(visible_ids(&app), ["ev-2", "ev-5"]);
}

#[test]
fn the_picker_moves_with_arrows_backs_out_with_esc_and_says_when_nothing_matches() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    open_picker(&mut app, FilterRow::Type);
    // any, Case.Created, Case.Updated, ...: Down twice, Up once.
    press(&mut app, code(KeyCode::Down));
    press(&mut app, ctrl('n'));
    press(&mut app, ctrl('p'));
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(
        app.case
            .as_ref()
            .unwrap()
            .audit
            .timeline
            .filter
            .event_type
            .as_deref(),
        Some("Case.Created")
    );
    // Esc leaves the filter as it was.
    press(&mut app, code(KeyCode::Enter));
    typed(&mut app, "upd");
    press(&mut app, code(KeyCode::Esc));
    let cv = app.case.as_ref().unwrap();
    assert!(cv.audit.picker.is_none());
    assert_eq!(
        cv.audit.timeline.filter.event_type.as_deref(),
        Some("Case.Created")
    );
    // Nothing matches: Enter explains and keeps the picker open.
    press(&mut app, code(KeyCode::Enter));
    typed(&mut app, "zzz");
    press(&mut app, code(KeyCode::Enter));
    assert!(app.case.as_ref().unwrap().audit.picker.is_some());
    let status = app.status.as_ref().unwrap().text.clone();
    assert!(status.contains("No value matches 'zzz'"), "{status}");
    press(&mut app, code(KeyCode::Backspace));
    press(&mut app, code(KeyCode::Backspace));
    press(&mut app, code(KeyCode::Backspace));
    typed(&mut app, "rel");
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(
        app.case
            .as_ref()
            .unwrap()
            .audit
            .timeline
            .filter
            .event_type
            .as_deref(),
        Some("RelatedItem.Created")
    );
}

#[test]
fn one_performer_is_one_entry_and_one_name() {
    let mut app = case_with_history(mixed_history());
    let cv = app.case.as_ref().unwrap();
    let people = cv.seen_audit_values(FilterRow::Performer, &app.domain.catalog);
    assert_eq!(
        people,
        ["maria.lopez", "Refund Bot"],
        "the deletion's principal and the bot's two spellings are one person each"
    );
    open_picker(&mut app, FilterRow::Performer);
    typed(&mut app, "mar");
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(visible_ids(&app), ["ev-a", "ev-b", "ev-c"]);
    press(&mut app, key('f'));
    let screen = render(&mut app, 120, 30);
    assert!(!screen.contains("agent-maria"), "{screen}");
    assert!(!screen.contains("refund  bot"), "{screen}");
    // The deletion is expanded: the row's name, and how the event itself says it.
    select_event(&mut app, "ev-c");
    press(&mut app, code(KeyCode::Enter));
    let screen = render(&mut app, 120, 30);
    assert!(
        screen.contains("By      maria.lopez · no performer in the event; its IAM principal acts"),
        "{screen}"
    );
}

#[test]
fn related_item_attributes_show_by_name() {
    let mut app = case_with_history(mixed_history());
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("Linked case: c-2002"), "{screen}");
    assert!(screen.contains("Contact channel: VOICE"), "{screen}");
    assert!(!screen.contains("connectCase.caseId"), "{screen}");
    assert!(!screen.contains("contact.channel"), "{screen}");
    let cv = app.case.as_ref().unwrap();
    let fields = cv.seen_audit_values(FilterRow::Field, &app.domain.catalog);
    let names: Vec<&str> = fields.iter().map(|f| app.domain.catalog.name(f)).collect();
    assert_eq!(
        names,
        [
            "Contact",
            "Contact channel",
            "Linked case",
            "Priority",
            "Summary"
        ]
    );
}

#[test]
fn enter_on_another_row_expands_that_row() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    press(&mut app, code(KeyCode::Enter));
    let expanded = |app: &App| app.case.as_ref().unwrap().audit.timeline.expanded;
    assert!(expanded(&app));
    press(&mut app, key('j'));
    let second = app
        .case
        .as_ref()
        .unwrap()
        .selected_audit(app.now())
        .unwrap()
        .id
        .clone();
    press(&mut app, code(KeyCode::Enter));
    assert!(expanded(&app), "Enter on another row expands it");
    let tl = &app.case.as_ref().unwrap().audit.timeline;
    assert_eq!(tl.expanded_on.as_deref(), Some(second.as_str()));
    press(&mut app, code(KeyCode::Enter));
    assert!(!expanded(&app), "Enter on the expanded row collapses it");
    press(&mut app, code(KeyCode::Enter));
    assert!(expanded(&app));
}

#[test]
fn z_zooms_the_focused_pane_and_back() {
    let mut app = loaded_case();
    press(&mut app, key('2'));
    press(&mut app, key('z'));
    assert!(app.case.as_ref().unwrap().zoomed);
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("2 Related items"), "{screen}");
    assert!(!screen.contains("1 Fields"), "{screen}");
    assert!(screen.contains("z shows every pane"), "{screen}");
    // Tab keeps the zoom on the next pane.
    press(&mut app, code(KeyCode::Tab));
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("3 Audit timeline"), "{screen}");
    assert!(!screen.contains("2 Related items"), "{screen}");
    press(&mut app, key('z'));
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("1 Fields") && screen.contains("2 Related items"));
    // Esc ends a zoom before it leaves the case.
    press(&mut app, key('z'));
    press(&mut app, code(KeyCode::Esc));
    assert!(app.case.as_ref().is_some_and(|cv| !cv.zoomed));
    assert_eq!(app.screen, cases_tui::app::Screen::Case);
}

/// The summary made long enough to need several lines and a scroll.
fn long_summary() -> String {
    (1..=40)
        .map(|i| format!("Sentence {i} of the summary, written by the agent."))
        .collect::<Vec<_>>()
        .join(" ")
}

fn with_long_summary(app: &mut App) {
    let cv = app.case.as_mut().unwrap();
    let case = cv.case.as_mut().unwrap();
    let f = case.fields.iter_mut().find(|f| f.id == "summary").unwrap();
    f.value = FieldValue::String(long_summary());
}

/// Selects the fields pane's row `name`.
fn select_field(app: &mut App, name: &str) {
    press(app, key('1'));
    press(app, key('g'));
    for _ in 0..30 {
        let rows = app.case.as_ref().unwrap().field_rows(&app.domain.catalog);
        if rows[app.case.as_ref().unwrap().fields.cursor.selected].name == name {
            return;
        }
        press(app, key('j'));
    }
    panic!("no field {name}");
}

#[test]
fn enter_on_a_field_shows_its_whole_value_and_y_copies_it() {
    let mut app = loaded_case();
    with_long_summary(&mut app);
    select_field(&mut app, "Summary");
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(app.scopes()[0], Scope::ValueViewer);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Sentence 1 of the summary"), "{screen}");
    assert!(!screen.contains("Sentence 40 "), "{screen}");
    press(&mut app, key('G'));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Sentence 40 of the summary"), "{screen}");
    let max = app
        .case
        .as_ref()
        .unwrap()
        .fields
        .viewer
        .as_ref()
        .unwrap()
        .scroll;
    assert!(max > 0);
    press(&mut app, key('k'));
    press(&mut app, code(KeyCode::PageUp));
    press(&mut app, key('g'));
    assert_eq!(
        app.case
            .as_ref()
            .unwrap()
            .fields
            .viewer
            .as_ref()
            .unwrap()
            .scroll,
        0
    );
    let cmds = app.update(key('y'));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Terminal(TerminalCmd::Yank(t)) if *t == long_summary())),
        "{cmds:?}"
    );
    press(&mut app, code(KeyCode::Esc));
    let cv = app.case.as_ref().unwrap();
    assert!(cv.fields.viewer.is_none());
    assert_eq!(
        app.screen,
        cases_tui::app::Screen::Case,
        "Esc closed only the viewer"
    );
}

#[test]
fn the_value_viewer_masks_and_shows_what_is_stored() {
    let mut app = loaded_case();
    select_field(&mut app, "Priority");
    press(&mut app, code(KeyCode::Enter));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("High"), "{screen}");
    assert!(
        screen.contains("Stored as") && screen.contains("high"),
        "{screen}"
    );
    press(&mut app, code(KeyCode::Esc));
    select_field(&mut app, "Customer");
    press(&mut app, code(KeyCode::Enter));
    let plain = render(&mut app, 160, 45);
    assert!(plain.contains("profiles/8c1e"), "{plain}");
    press(&mut app, key('m'));
    let masked = render(&mut app, 160, 45);
    assert!(!masked.contains("profiles/8c1e"), "{masked}");
}

#[test]
fn the_new_keys_are_remappable() {
    let mut keys = cases_tui::app::KeyMap::default();
    keys.remap(
        cases_tui::app::Action::ZoomPane,
        &[cases_tui::app::keymap::KeySpec::parse("Z").unwrap()],
    );
    let mut app = App::new(AppContext { keys, ..ctx() });
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    app.update(Msg::DomainsLoaded(Ok(domains())));
    press(&mut app, code(KeyCode::Enter));
    press(&mut app, key('z'));
    assert!(!app.case.as_ref().unwrap().zoomed);
    press(&mut app, key('Z'));
    assert!(app.case.as_ref().unwrap().zoomed);
    assert!(render(&mut app, 160, 45).contains("Z shows every pane"));
}

// ---- snapshots ------------------------------------------------------------------------------

#[test]
fn picker_snapshot() {
    let mut app = case_with_history(mixed_history());
    open_picker(&mut app, FilterRow::Field);
    typed(&mut app, "c");
    insta::assert_snapshot!("review_field_picker_80x24", render(&mut app, 80, 24));
}

#[test]
fn zoom_snapshot() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    press(&mut app, key('z'));
    insta::assert_snapshot!("review_audit_zoomed_80x24", render(&mut app, 80, 24));
    insta::assert_snapshot!("review_audit_zoomed_160x45", render(&mut app, 160, 45));
}

#[test]
fn value_viewer_snapshot() {
    let mut app = loaded_case();
    with_long_summary(&mut app);
    select_field(&mut app, "Summary");
    press(&mut app, code(KeyCode::Enter));
    render(&mut app, 80, 24);
    press(&mut app, key('j'));
    insta::assert_snapshot!("review_value_viewer_80x24", render(&mut app, 80, 24));
}

#[test]
fn the_forms_help_lists_the_pickers_keys() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    press(&mut app, key('f'));
    let sections: Vec<&str> = app.help_sections().iter().map(|(t, _)| *t).collect();
    assert_eq!(
        sections,
        ["Audit filters", "Audit filter picker", "Everywhere"]
    );
    press(&mut app, key('?'));
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("use this value"), "{screen}");
    // In the picker `?` is text, and the picker's hint line is its own keys.
    press(&mut app, key('?'));
    press(&mut app, code(KeyCode::Enter));
    press(&mut app, key('?'));
    let picker = app.case.as_ref().unwrap().audit.picker.clone().unwrap();
    assert_eq!(picker.query.text(), "?");
    assert!(!app.help_open);
}

#[test]
fn the_time_range_is_picked_too() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    open_picker(&mut app, FilterRow::Range);
    typed(&mut app, "7");
    press(&mut app, code(KeyCode::Enter));
    let filter = &app.case.as_ref().unwrap().audit.timeline.filter;
    assert_eq!(filter.range, cases_tui::app::audit::TimeRange::Week);
    press(&mut app, code(KeyCode::Enter));
    typed(&mut app, "all");
    press(&mut app, code(KeyCode::Enter));
    let filter = &app.case.as_ref().unwrap().audit.timeline.filter;
    assert_eq!(filter.range, cases_tui::app::audit::TimeRange::All);
}
