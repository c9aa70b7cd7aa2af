//! Case-field editing and new cases driven headlessly: keys in, drafts and refusals out, and the
//! editors as drawn.

mod app_support;

use app_support::*;
use cases_tui::app::App;
use cases_tui::app::staging::Overlay;
use cases_tui::edit::{Base, Content};
use cases_tui::model::FieldValue;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(c: char) -> cases_tui::app::Msg {
    cases_tui::app::Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// `1`, then `j` until the fields pane's selected row is `field_id`.
fn select_field(app: &mut App, field_id: &str) {
    press(app, key('1'));
    press(app, key('g'));
    for _ in 0..50 {
        let cv = app.case.as_ref().unwrap();
        let rows = cv.fields.rows(cv.case.as_ref(), &app.domain.catalog);
        if rows[cv.fields.cursor.selected].id == field_id {
            return;
        }
        press(app, key('j'));
    }
    panic!("no row {field_id}");
}

fn status_text(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn case_edit_error(app: &App) -> Option<String> {
    match &app.staging.overlay {
        Some(Overlay::CaseField { edit, .. }) => edit.error().map(str::to_string),
        _ => None,
    }
}

#[test]
fn status_picker_filters_as_typed_and_stages_only_the_status() {
    let mut app = loaded_case();
    select_field(&mut app, "status");
    press(&mut app, key('e'));
    insta::assert_snapshot!("case_field_status_picker_80x24", render(&mut app, 80, 24));
    typed(&mut app, "clo");
    insta::assert_snapshot!("case_field_status_filtered_80x24", render(&mut app, 80, 24));
    press(&mut app, code(KeyCode::Enter));
    assert!(app.staging.overlay.is_none());
    let drafts = app.staging.drafts();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].case_id, CASE, "the draft carries its case");
    assert_eq!(
        drafts[0].content(),
        Content::CaseFields(vec![cases_tui::model::FieldEntry::new(
            "status",
            FieldValue::String("closed".into())
        )])
    );
    press(&mut app, key('s'));
    insta::assert_snapshot!("case_field_review_80x24", render(&mut app, 80, 24));
}

#[test]
fn c_closes_and_c_again_reopens_which_leaves_nothing_staged() {
    let mut app = loaded_case();
    press(&mut app, key('1'));
    press(&mut app, key('c'));
    assert_eq!(app.staging.staged_count(), 1, "{}", status_text(&app));
    assert!(status_text(&app).contains("close"), "{}", status_text(&app));
    press(&mut app, key('c'));
    assert_eq!(
        app.staging.staged_count(),
        0,
        "back to open: a no-op draft is dropped"
    );
}

#[test]
fn a_system_field_the_service_sets_is_not_editable_and_says_so() {
    let mut app = loaded_case();
    select_field(&mut app, "reference_number");
    press(&mut app, key('e'));
    assert!(app.staging.overlay.is_none());
    assert!(
        status_text(&app).contains("set by the service"),
        "{}",
        status_text(&app)
    );
}

#[test]
fn an_emptied_required_field_is_refused_inline_and_nothing_is_staged() {
    let mut app = loaded_case();
    select_field(&mut app, "title");
    press(&mut app, key('e'));
    press(&mut app, ctrl('u'));
    press(&mut app, code(KeyCode::Enter));
    let error = case_edit_error(&app).expect("the editor stays open with the reason");
    assert!(error.contains("required"), "{error}");
    assert_eq!(app.staging.staged_count(), 0);
}

#[test]
fn a_summary_over_3000_characters_is_refused_inline() {
    let mut app = loaded_case();
    select_field(&mut app, "summary");
    press(&mut app, key('e'));
    press(&mut app, ctrl('u'));
    press(&mut app, cases_tui::app::Msg::Paste("x".repeat(3001)));
    press(&mut app, code(KeyCode::Enter));
    let error = case_edit_error(&app).expect("refused inline");
    assert!(error.contains("at most 3000"), "{error}");
    assert_eq!(app.staging.staged_count(), 0);
}

#[test]
fn a_bad_number_for_a_case_field_is_refused_inline() {
    let mut app = loaded_case();
    select_field(&mut app, "refund_amount");
    press(&mut app, key('e'));
    press(&mut app, ctrl('u'));
    typed(&mut app, "lots");
    press(&mut app, code(KeyCode::Enter));
    let error = case_edit_error(&app).expect("refused inline");
    assert!(error.contains("not a number"), "{error}");
    assert_eq!(app.staging.staged_count(), 0);
}

#[test]
fn n_picks_a_template_and_its_required_fields_make_a_new_case_draft() {
    let mut app = loaded_list();
    press(&mut app, key('n'));
    insta::assert_snapshot!("new_case_templates_80x24", render(&mut app, 80, 24));
    typed(&mut app, "esc");
    press(&mut app, code(KeyCode::Enter));
    typed(&mut app, "Customer threatens to leave");
    press(&mut app, code(KeyCode::Enter));
    // Priority is a SingleSelect: its picker, filtered by typing.
    typed(&mut app, "hi");
    press(&mut app, code(KeyCode::Enter));
    insta::assert_snapshot!("new_case_form_80x24", render(&mut app, 80, 24));
    press(&mut app, code(KeyCode::Esc));
    let drafts = app.staging.drafts();
    assert_eq!(drafts.len(), 1, "{}", status_text(&app));
    assert!(
        matches!(&drafts[0].base, Base::NewCase { template_id, .. } if template_id == "t-escalation")
    );
    let Content::NewCase { fields, .. } = drafts[0].content() else {
        panic!()
    };
    assert_eq!(fields.len(), 2, "{fields:?}");
    // The review's `y` sends it; the app opens the case the service made.
    press(&mut app, key('s'));
    press(&mut app, key('y'));
    assert!(app.staging.drafts().is_empty(), "{}", status_text(&app));
    assert!(app.case.is_some(), "the new case opens");
}

#[test]
fn the_case_field_editor_and_the_new_case_form_draw_in_tiny_terminals() {
    let mut app = loaded_case();
    select_field(&mut app, "status");
    press(&mut app, key('e'));
    for (w, h) in [(20, 5), (10, 3), (1, 1)] {
        let _ = render(&mut app, w, h);
    }
    press(&mut app, code(KeyCode::Esc));
    select_field(&mut app, "title");
    press(&mut app, key('e'));
    for (w, h) in [(20, 5), (10, 3), (1, 1)] {
        let _ = render(&mut app, w, h);
    }
    let mut list = loaded_list();
    press(&mut list, key('n'));
    press(&mut list, code(KeyCode::Enter));
    for (w, h) in [(20, 5), (10, 3), (1, 1)] {
        let _ = render(&mut list, w, h);
    }
}

#[test]
fn read_only_refuses_case_edits_and_new_cases_with_the_reason() {
    let mut app = App::new(cases_tui::app::AppContext {
        read_only: true,
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    press(&mut app, key('n'));
    assert!(app.staging.overlay.is_none());
    assert!(
        status_text(&app).starts_with("read-only"),
        "{}",
        status_text(&app)
    );
    press(&mut app, code(KeyCode::Enter));
    for k in ['e', 'c'] {
        select_field(&mut app, "status");
        press(&mut app, key(k));
        assert!(app.staging.overlay.is_none());
        assert_eq!(app.staging.staged_count(), 0);
        assert!(
            status_text(&app).starts_with("read-only"),
            "{}",
            status_text(&app)
        );
    }
}

#[test]
fn the_same_field_changed_elsewhere_is_shown_side_by_side() {
    let mut app = loaded_case();
    press(&mut app, key('1'));
    press(&mut app, key('c'));
    press(&mut app, key('s'));
    // `y` asks for the check; the service answers that someone set the status meanwhile.
    let _ = app.update(key('y'));
    let draft = app.staging.drafts()[0].clone();
    let theirs = Content::CaseFields(vec![cases_tui::model::FieldEntry::new(
        "status",
        FieldValue::String("pending".into()),
    )]);
    let result = Ok(cases_tui::edit::check(&draft, Some(&theirs)));
    press(
        &mut app,
        cases_tui::app::Msg::DraftChecked {
            key: draft.key.clone(),
            result,
        },
    );
    insta::assert_snapshot!("case_field_conflict_80x24", render(&mut app, 80, 24));
    press(&mut app, key('o'));
    let cmds = app.update(key('y'));
    assert!(
        cmds.iter().any(|c| matches!(
            c,
            cases_tui::app::Cmd::Service(cases_tui::app::ServiceCmd::SendDraft { content, .. })
                if *content == draft.content()
        )),
        "ours is sent: {cmds:?}"
    );
}
