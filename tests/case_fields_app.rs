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
    assert_eq!(
        status_text(&app),
        "Close unstaged: the case stays open.",
        "says what happened, not that a reopen is staged"
    );
    press(&mut app, key('s'));
    let said = status_text(&app);
    assert!(said.starts_with("Nothing is staged."), "{said}");
    for names in [
        "case field",
        "c closes",
        "n (case list)",
        "a adds a comment",
    ] {
        assert!(said.contains(names), "the hint names {names}: {said}");
    }
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

fn case_field_edit(app: &App) -> &cases_tui::app::editing::CaseFieldEdit {
    match &app.staging.overlay {
        Some(Overlay::CaseField { edit, .. }) => edit,
        other => panic!("the case-field editor is not open: {other:?}"),
    }
}

fn field_value(draft: &cases_tui::edit::Draft, id: &str) -> Option<FieldValue> {
    match draft.content() {
        Content::CaseFields(list) | Content::NewCase { fields: list, .. } => {
            list.into_iter().find(|f| f.id == id).map(|f| f.value)
        }
        _ => None,
    }
}

#[test]
fn enter_on_a_case_field_draft_opens_each_of_its_fields_editors_and_stages_into_it() {
    let mut app = loaded_case();
    select_field(&mut app, "title");
    press(&mut app, key('e'));
    press(&mut app, ctrl('u'));
    typed(&mut app, "Refund missing");
    press(&mut app, code(KeyCode::Enter));
    select_field(&mut app, "summary");
    press(&mut app, key('e'));
    typed(&mut app, " Chased.");
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(
        app.staging.staged_count(),
        1,
        "one draft for the case's fields"
    );
    let key_of = app.staging.drafts()[0].key.clone();

    press(&mut app, key('s'));
    press(&mut app, code(KeyCode::Enter));
    let edit = case_field_edit(&app);
    assert_eq!(edit.def.id, "title");
    assert_eq!(edit.text(), "Refund missing", "on the staged value");
    assert!(
        render(&mut app, 100, 30).contains("Title (Text) · field 1 of 2"),
        "{}",
        render(&mut app, 100, 30)
    );
    typed(&mut app, "!");
    press(&mut app, code(KeyCode::Enter));
    // The draft's next field opens on its own.
    let edit = case_field_edit(&app);
    assert_eq!(edit.def.id, "summary");
    assert_eq!(edit.step, Some((2, 2)));
    press(&mut app, code(KeyCode::Esc));
    assert!(app.staging.overlay.is_none());
    let drafts = app.staging.drafts();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].key, key_of, "staged into the same draft");
    assert_eq!(
        field_value(&drafts[0], "title"),
        Some(FieldValue::String("Refund missing!".into()))
    );
    assert!(
        matches!(field_value(&drafts[0], "summary"), Some(FieldValue::String(s)) if s.ends_with(" Chased."))
    );
    // Header and review count the same drafts.
    assert!(render(&mut app, 120, 30).contains("staged 1"));
}

#[test]
fn enter_on_a_case_field_draft_of_a_case_not_open_opens_that_case_then_the_editor() {
    let mut app = loaded_list();
    let mut draft = cases_tui::edit::Draft::for_case(DOMAIN, "c-1002");
    draft.set_case_field(
        "title",
        FieldValue::String("Login loop on mobile app".into()),
        FieldValue::String("Login loop on iOS".into()),
    );
    let key_of = draft.key.clone();
    app.restore_drafts(vec![draft]);
    press(&mut app, key('s'));
    let cmds = app.update(code(KeyCode::Enter));
    assert!(
        cmds.iter().any(|c| matches!(c,
            cases_tui::app::Cmd::Service(cases_tui::app::ServiceCmd::GetCase { case_id, .. }) if case_id == "c-1002")),
        "{cmds:?}"
    );
    assert!(
        app.staging.overlay.is_none(),
        "the editor waits for its case"
    );
    assert!(
        status_text(&app).contains("Opening case c-1002"),
        "{}",
        status_text(&app)
    );
    answer(&mut app, cmds);
    assert_eq!(app.screen, cases_tui::app::Screen::Case);
    assert_eq!(app.case.as_ref().unwrap().case_id, "c-1002");
    assert_eq!(case_field_edit(&app).text(), "Login loop on iOS");
    typed(&mut app, " 17");
    press(&mut app, code(KeyCode::Enter));
    let drafts = app.staging.drafts();
    assert_eq!((drafts.len(), drafts[0].key.as_str()), (1, key_of.as_str()));
    assert_eq!(
        field_value(&drafts[0], "title"),
        Some(FieldValue::String("Login loop on iOS 17".into()))
    );
    // A case that cannot be loaded opens no editor, says so, and keeps the draft.
    let mut app = loaded_list();
    let mut draft = cases_tui::edit::Draft::for_case(DOMAIN, "c-gone");
    draft.set_case_field(
        "title",
        FieldValue::String("Old".into()),
        FieldValue::String("New".into()),
    );
    app.restore_drafts(vec![draft]);
    press(&mut app, key('s'));
    let cmds = app.update(code(KeyCode::Enter));
    for cmd in cmds {
        if let cases_tui::app::Cmd::Service(cases_tui::app::ServiceCmd::GetCase { req, .. }) = cmd {
            app.update(cases_tui::app::Msg::CaseLoaded {
                req,
                result: Err(cases_tui::aws::GatewayError::NotFound {
                    message: "Case c-gone not found".into(),
                    resource_id: None,
                }),
            });
        }
    }
    assert!(app.staging.overlay.is_none());
    assert!(
        status_text(&app).contains("the draft stays staged"),
        "{}",
        status_text(&app)
    );
    assert_eq!(app.staging.staged_count(), 1);
}

/// `n`, the Escalation template, a title and a priority: a staged new-case draft.
fn staged_new_case(app: &mut App) -> String {
    let before = app.staging.staged_count();
    press(app, key('n'));
    typed(app, "esc");
    press(app, code(KeyCode::Enter));
    typed(app, "Customer threatens to leave");
    press(app, code(KeyCode::Enter));
    typed(app, "hi");
    press(app, code(KeyCode::Enter));
    press(app, code(KeyCode::Esc));
    assert_eq!(app.staging.staged_count(), before + 1);
    app.staging.drafts()[before].key.clone()
}

#[test]
fn enter_on_a_new_case_draft_opens_its_form_and_what_is_set_stages_into_it() {
    let mut app = loaded_list();
    let key_of = staged_new_case(&mut app);
    press(&mut app, key('s'));
    press(&mut app, code(KeyCode::Enter));
    let Some(Overlay::NewCase(form)) = &app.staging.overlay else {
        panic!("Enter opens the new-case form")
    };
    assert_eq!(form.template_name(), Some("Escalation"));
    let screen = render(&mut app, 100, 30);
    assert!(
        screen.contains("Title: Customer threatens to leave"),
        "{screen}"
    );
    assert!(screen.contains("Priority: High"), "{screen}");
    press(&mut app, key('e'));
    press(&mut app, ctrl('u'));
    typed(&mut app, "Customer will leave on Friday");
    press(&mut app, code(KeyCode::Enter));
    // Priority already has a value: the form stays on its rows; Esc closes it.
    press(&mut app, code(KeyCode::Esc));
    assert!(app.staging.overlay.is_none());
    let drafts = app.staging.drafts();
    assert_eq!((drafts.len(), drafts[0].key.as_str()), (1, key_of.as_str()));
    assert_eq!(
        field_value(&drafts[0], "title"),
        Some(FieldValue::String("Customer will leave on Friday".into()))
    );
    assert_eq!(
        field_value(&drafts[0], "priority"),
        Some(FieldValue::String("high".into()))
    );
    assert!(render(&mut app, 120, 30).contains("staged 1"));
    press(&mut app, key('s'));
    let Some(Overlay::Review(review)) = &app.staging.overlay else {
        panic!()
    };
    assert_eq!(review.drafts().len(), app.staging.staged_count());
}

fn ticks(app: &mut App, n: u64) -> Vec<cases_tui::app::Cmd> {
    (0..n)
        .flat_map(|_| app.update(cases_tui::app::Msg::Tick))
        .collect()
}

fn saved_typed(cmds: &[cases_tui::app::Cmd]) -> cases_tui::edit::TypedText {
    match cmds {
        [cases_tui::app::Cmd::Journal(cases_tui::app::JournalCmd::SaveTyped { typed, .. })] => {
            cases_tui::edit::TypedText::clone(typed)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_case_fields_line_is_journaled_as_typed_and_restored_over_its_case() {
    use cases_tui::app::staging::TYPED_DEBOUNCE_TICKS;
    let mut app = loaded_case();
    select_field(&mut app, "title");
    press(&mut app, key('e'));
    typed(&mut app, " (urgent)");
    let left = saved_typed(&ticks(&mut app, TYPED_DEBOUNCE_TICKS + 1));
    assert_eq!(left.field_id.as_deref(), Some("title"));
    assert_eq!(left.case_id, CASE);
    assert_eq!(left.text, "Refund not received for order #4411 (urgent)");

    // The next start, on the case list: yes opens the case, then the editor with the text.
    let mut app = loaded_list();
    app.offer_typed(left);
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("Restore the value of Title"), "{screen}");
    let Some(Overlay::RestoreTyped { confirm, .. }) = &app.staging.overlay else {
        panic!("the restore question is open")
    };
    assert!(
        confirm.question.starts_with(
            "Restore the value of Title on case c-1001 “Refund not received for order #4411”"
        ),
        "names the field and the case's title: {}",
        confirm.question
    );
    let cmds = app.update(key('y'));
    assert!(
        !cmds.iter().any(|c| matches!(
            c,
            cases_tui::app::Cmd::Journal(cases_tui::app::JournalCmd::RemoveTyped { .. })
        )),
        "the journal keeps the text while the case loads: {cmds:?}"
    );
    answer(&mut app, cmds);
    assert_eq!(app.screen, cases_tui::app::Screen::Case);
    let edit = case_field_edit(&app);
    assert_eq!(edit.def.id, "title");
    assert_eq!(edit.text(), "Refund not received for order #4411 (urgent)");
    let cmds = app.update(code(KeyCode::Enter));
    assert!(
        cmds.iter().any(|c| matches!(
            c,
            cases_tui::app::Cmd::Journal(cases_tui::app::JournalCmd::RemoveTyped { .. })
        )),
        "kept: the journal lets the typed text go: {cmds:?}"
    );
    assert_eq!(
        field_value(&app.staging.drafts()[0], "title"),
        Some(FieldValue::String(
            "Refund not received for order #4411 (urgent)".into()
        ))
    );
}

#[test]
fn a_new_case_forms_line_is_journaled_as_typed_and_restored_in_its_form() {
    use cases_tui::app::staging::TYPED_DEBOUNCE_TICKS;
    let mut app = loaded_list();
    press(&mut app, key('n'));
    typed(&mut app, "esc");
    press(&mut app, code(KeyCode::Enter));
    typed(&mut app, "Parcel lo");
    let left = saved_typed(&ticks(&mut app, TYPED_DEBOUNCE_TICKS + 1));
    assert_eq!(left.field_id.as_deref(), Some("title"));
    assert_eq!(left.text, "Parcel lo");
    assert_eq!(app.staging.staged_count(), 0, "nothing was staged yet");

    let mut app = loaded_list();
    app.offer_typed(left);
    let screen = render(&mut app, 160, 45);
    assert!(
        screen.contains("Restore a field (Escalation template) on a new case"),
        "{screen}"
    );
    press(&mut app, key('y'));
    let Some(Overlay::NewCase(form)) = &app.staging.overlay else {
        panic!("y opens the new-case form")
    };
    assert_eq!(form.edit().map(|e| e.text()).as_deref(), Some("Parcel lo"));
    typed(&mut app, "st");
    press(&mut app, code(KeyCode::Enter));
    // On to the priority's picker; Esc closes it, Esc again the form.
    press(&mut app, code(KeyCode::Esc));
    press(&mut app, code(KeyCode::Esc));
    let drafts = app.staging.drafts();
    assert_eq!(drafts.len(), 1);
    assert!(
        matches!(&drafts[0].base, Base::NewCase { template_id, .. } if template_id == "t-escalation")
    );
    assert_eq!(
        field_value(&drafts[0], "title"),
        Some(FieldValue::String("Parcel lost".into()))
    );
}

#[test]
fn the_header_and_the_review_count_case_field_and_new_case_drafts_alike() {
    let mut app = loaded_case();
    select_field(&mut app, "title");
    press(&mut app, key('e'));
    typed(&mut app, "!");
    press(&mut app, code(KeyCode::Enter));
    // Back to the list, where `n` starts a new case.
    press(&mut app, code(KeyCode::Esc));
    press(&mut app, code(KeyCode::Esc));
    let _ = staged_new_case(&mut app);
    app.restore_drafts(vec![cases_tui::edit::Draft::new_comment(
        DOMAIN,
        "c-1002",
        "A note".into(),
    )]);
    assert_eq!(app.staging.staged_count(), 3);
    press(&mut app, key('s'));
    let screen = render(&mut app, 120, 36);
    assert!(screen.contains("staged 3"), "{screen}");
    assert!(
        screen.contains("Review: 3 staged drafts in 3 cases"),
        "{screen}"
    );
    // The case to be created has no id yet: its group says what it is.
    assert!(screen.contains("New cases (created when sent)"), "{screen}");
    let Some(Overlay::Review(review)) = &app.staging.overlay else {
        panic!()
    };
    assert_eq!(review.drafts().len(), 3);
}

#[test]
fn a_new_case_closed_with_a_required_field_missing_says_so_and_stays_staged() {
    let mut app = loaded_list();
    press(&mut app, key('n'));
    typed(&mut app, "esc");
    press(&mut app, code(KeyCode::Enter));
    typed(&mut app, "Only a title");
    press(&mut app, code(KeyCode::Enter));
    // Priority's picker opens next; Esc leaves it empty, Esc closes the form.
    press(&mut app, code(KeyCode::Esc));
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.staging.staged_count(), 1, "nothing lost");
    let said = status_text(&app);
    assert!(
        said.contains("cannot be created yet") && said.contains("'Priority' is required"),
        "{said}"
    );
    press(&mut app, key('s'));
    let screen = render(&mut app, 100, 30);
    assert!(
        screen.contains("✗ 'Priority' is required"),
        "the review shows it before y: {screen}"
    );
    press(&mut app, key('y'));
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("not sent"), "{screen}");
    assert!(
        !screen.contains("theirs"),
        "no conflict, so no conflict keys on any hint line: {screen}"
    );
    assert_eq!(app.staging.staged_count(), 1);
}

/// The screen's lines joined with the box borders dropped, so a wrapped message reads whole.
fn unboxed(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn an_inline_error_shows_whole_with_what_to_type_at_any_width() {
    for (field, bad, end) in [
        ("follow_up", "tomorrow", "2026-11-29T14:30:00Z"),
        ("escalation_owner", "31/12/2026", "arn:aws:connect:"),
        ("order_url", "example.com", "https:// or http://"),
    ] {
        for w in [60, 80, 120] {
            let mut app = loaded_case();
            select_field(&mut app, field);
            press(&mut app, key('e'));
            press(&mut app, ctrl('u'));
            typed(&mut app, bad);
            press(&mut app, code(KeyCode::Enter));
            let error = case_edit_error(&app).expect("refused inline");
            assert!(error.contains(end), "{error}");
            let screen = render(&mut app, w, 24);
            let text = unboxed(&screen);
            let tail: String = error
                .chars()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            assert!(
                text.contains(tail.trim()),
                "{field} at {w} columns: the error's end `{tail}` is on screen:\n{screen}"
            );
        }
    }
}

#[test]
fn an_emptied_new_case_title_advises_typing_not_keeping_an_old_value() {
    let mut app = loaded_list();
    press(&mut app, key('n'));
    typed(&mut app, "standard");
    press(&mut app, code(KeyCode::Enter));
    press(&mut app, code(KeyCode::Enter));
    let Some(Overlay::NewCase(form)) = &app.staging.overlay else {
        panic!("the form is open")
    };
    let error = form.edit().and_then(|e| e.error()).expect("refused inline");
    assert!(error.contains("type a value"), "{error}");
    assert!(
        !error.contains("old"),
        "a new case has no old value: {error}"
    );
}

#[test]
fn a_staged_value_reopened_shows_the_stored_one_as_now() {
    let mut app = loaded_case();
    select_field(&mut app, "title");
    press(&mut app, key('e'));
    let stored = case_edit_field(&app).current_text();
    press(&mut app, ctrl('u'));
    typed(&mut app, "Staged title");
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(app.staging.staged_count(), 1);
    press(&mut app, key('e'));
    let now = case_edit_field(&app).now_text();
    assert_eq!(now, format!("now: {stored} · staged: Staged title"));
}

fn case_edit_field(app: &App) -> &cases_tui::app::editing::CaseFieldEdit {
    match &app.staging.overlay {
        Some(Overlay::CaseField { edit, .. }) => edit,
        _ => panic!("the case-field editor is open"),
    }
}

#[test]
fn the_review_shows_values_as_the_fields_pane_does() {
    let mut app = loaded_case();
    select_field(&mut app, "vip");
    press(&mut app, key('e'));
    typed(&mut app, "no");
    press(&mut app, code(KeyCode::Enter));
    select_field(&mut app, "follow_up");
    press(&mut app, key('e'));
    press(&mut app, ctrl('u'));
    typed(&mut app, "2026-12-05");
    press(&mut app, code(KeyCode::Enter));
    press(&mut app, key('s'));
    let screen = render(&mut app, 120, 30);
    assert!(screen.contains("VIP customer: Yes → No"), "{screen}");
    assert!(screen.contains("→ 2026-12-05 00:00 UTC"), "{screen}");
    assert!(!screen.contains("T00:00:00"), "{screen}");
}
