//! Following linked cases, the review grouped by case, staged markers and typed text kept in the
//! journal, driven headlessly: keys in, commands out.

mod app_support;

use app_support::*;
use cases_tui::app::staging::{Overlay, TYPED_DEBOUNCE_TICKS};
use cases_tui::app::{Cmd, JournalCmd, Msg, Screen, ServiceCmd};
use cases_tui::edit::{Content, Draft, TypedText};
use cases_tui::model::RelatedItemType;
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_linked_case_opens_on_enter_and_backspace_returns_to_where_it_was() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::ConnectCase);
    let screen = render(&mut app, 160, 30);
    // The linked case's title was fetched (GetCase, the title only) as the item arrived.
    assert!(
        screen.contains("Refund not received for order #4411 · case c-0987"),
        "{screen}"
    );
    let cmds = app.update(code(KeyCode::Enter));
    assert!(
        cmds.iter().any(|c| matches!(c,
            Cmd::Service(ServiceCmd::GetCase { case_id, .. }) if case_id == "c-0987")),
        "{cmds:?}"
    );
    assert_eq!(app.case.as_ref().unwrap().case_id, "c-0987");
    answer(&mut app, cmds);
    let screen = render(&mut app, 120, 30);
    assert!(screen.contains("⌫ Refund not receiv… ›"), "{screen}");

    press(&mut app, code(KeyCode::Backspace));
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.case_id, CASE);
    assert_eq!(
        cv.selected_related(&app.domain.catalog).unwrap().item_type,
        RelatedItemType::ConnectCase,
        "the selection is where it was left"
    );
    assert!(!render(&mut app, 120, 30).contains("⌫ "));
    // With nothing to go back to, Backspace says so and Esc leaves for the list.
    press(&mut app, code(KeyCode::Backspace));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("No case to go back to"))
    );
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Cases);
}

#[test]
fn a_linked_case_that_is_gone_says_not_found() {
    let mut app = loaded_list();
    let mut queue = app.update(code(KeyCode::Enter));
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::GetCase { req, case_id, .. }) if case_id != CASE => {
                Msg::CaseLoaded {
                    req,
                    result: Err(cases_tui::aws::GatewayError::NotFound {
                        message: format!("Case {case_id} not found"),
                        resource_id: None,
                    }),
                }
            }
            Cmd::Service(ServiceCmd::LoadRelated {
                req,
                next_token: None,
                ..
            }) => Msg::RelatedLoaded {
                req,
                result: Ok(related_page()),
            },
            other => {
                answer(&mut app, vec![other]);
                continue;
            }
        };
        queue.extend(app.update(msg));
    }
    select_related(&mut app, RelatedItemType::ConnectCase);
    let screen = render(&mut app, 160, 30);
    assert!(screen.contains("case c-0987 · not found"), "{screen}");
}

fn other_case_draft() -> Draft {
    Draft::new_comment(DOMAIN, "c-1002", "A note on the other case".into())
}

#[test]
fn the_review_groups_drafts_by_case_and_counts_what_the_header_counts() {
    let mut app = loaded_case();
    app.restore_drafts(vec![other_case_draft()]);
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('e'));
    typed(&mut app, " More.");
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.staging.staged_count(), 2);

    press(&mut app, key('s'));
    let Some(Overlay::Review(review)) = &app.staging.overlay else {
        panic!("s opens the review")
    };
    assert_eq!(review.drafts().len(), app.staging.staged_count());
    assert_eq!(review.drafts()[0].case_id, CASE, "the open case first");
    let screen = render(&mut app, 120, 30);
    assert!(screen.contains("staged 2"), "{screen}");
    assert!(
        screen.contains("Review: 2 staged drafts in 2 cases"),
        "{screen}"
    );
    // Each group under its case's title, the open case's first.
    let groups: Vec<&str> = screen
        .lines()
        .filter_map(|l| l.strip_prefix("││"))
        .filter(|l| !l.starts_with([' ', '›']))
        .collect();
    assert!(
        groups[0].starts_with("Refund not received for order #4411"),
        "{screen}"
    );
    assert!(
        groups[1].starts_with("Login loop on mobile app"),
        "{screen}"
    );
}

#[test]
fn enter_on_a_draft_in_the_review_opens_its_editor_and_stages_into_it() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('e'));
    typed(&mut app, " One.");
    press(&mut app, code(KeyCode::Esc));
    let key_of = app.staging.drafts()[0].key.clone();

    press(&mut app, key('s'));
    press(&mut app, code(KeyCode::Enter));
    let Some(Overlay::Comment { editor, .. }) = &app.staging.overlay else {
        panic!("Enter opens the comment editor")
    };
    assert!(editor.body().ends_with(" One."), "{}", editor.body());
    typed(&mut app, " Two.");
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.staging.staged_count(), 1);
    let draft = &app.staging.drafts()[0];
    assert_eq!(draft.key, key_of);
    let Content::Comment(body) = draft.content() else {
        panic!()
    };
    assert!(body.ends_with(" One. Two."), "{body}");

    // A new comment's draft, of a case that is not open, stages into itself too.
    let mut app = loaded_list();
    app.restore_drafts(vec![other_case_draft()]);
    press(&mut app, key('s'));
    press(&mut app, code(KeyCode::Enter));
    typed(&mut app, " Later.");
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.staging.staged_count(), 1);
    let Content::Comment(body) = app.staging.drafts()[0].content() else {
        panic!()
    };
    assert_eq!(body, "A note on the other case Later.");
}

#[test]
fn items_with_a_staged_draft_carry_a_marker() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    assert!(!render(&mut app, 120, 30).contains("✎"));
    press(&mut app, key('e'));
    typed(&mut app, " More.");
    press(&mut app, code(KeyCode::Esc));
    let screen = render(&mut app, 120, 30);
    assert!(screen.contains("✎ Comment"), "{screen}");
}

fn ticks(app: &mut cases_tui::app::App, n: u64) -> Vec<Cmd> {
    (0..n).flat_map(|_| app.update(Msg::Tick)).collect()
}

#[test]
fn typed_text_reaches_the_journal_on_its_own_and_goes_when_staged() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('a'));
    let cmds = typed(&mut app, "Half");
    assert!(cmds.is_empty(), "no write per key: {cmds:?}");
    let cmds = ticks(&mut app, TYPED_DEBOUNCE_TICKS + 1);
    let [Cmd::Journal(JournalCmd::SaveTyped { typed: t, .. })] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_eq!((t.text.as_str(), t.case_id.as_str()), ("Half", CASE));
    assert_eq!(t.item_id, None);
    assert!(
        ticks(&mut app, 10).is_empty(),
        "unchanged text is not written again"
    );
    let cmds = app.update(code(KeyCode::Esc));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Journal(JournalCmd::RemoveTyped { .. }))),
        "{cmds:?}"
    );
    assert_eq!(app.staging.staged_count(), 1);
}

fn left_typed(item_id: Option<&str>) -> TypedText {
    TypedText {
        domain_id: DOMAIN.into(),
        case_id: CASE.into(),
        item_id: item_id.map(str::to_string),
        draft_key: None,
        base: String::new(),
        text: "Typed before the crash".into(),
        saved_at: "2024-05-01T11:00:00Z".into(),
        field_id: None,
        field_draft: None,
        place: None,
    }
}

#[test]
fn typed_text_left_by_a_dead_session_is_offered_back() {
    // Declined: discarded from the journal, nothing staged.
    let mut app = loaded_list();
    app.offer_typed(left_typed(None));
    let screen = render(&mut app, 120, 30);
    assert!(
        screen.contains("Restore a new comment on case c-1001"),
        "{screen}"
    );
    assert!(screen.contains("Typed before the crash"), "{screen}");
    let cmds = app.update(key('n'));
    assert!(
        matches!(
            cmds.as_slice(),
            [Cmd::Journal(JournalCmd::RemoveTyped { .. })]
        ),
        "{cmds:?}"
    );
    assert!(app.staging.overlay.is_none());
    assert_eq!(app.staging.staged_count(), 0);

    // Accepted: the editor holds the text, over its case; Esc stages it.
    let mut app = loaded_list();
    app.offer_typed(left_typed(None));
    press(&mut app, key('y'));
    assert_eq!(app.screen, Screen::Case);
    let Some(Overlay::Comment { editor, .. }) = &app.staging.overlay else {
        panic!("y opens the editor")
    };
    assert_eq!(editor.body(), "Typed before the crash");
    let cmds = app.update(code(KeyCode::Esc));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Journal(JournalCmd::RemoveTyped { .. }))),
        "{cmds:?}"
    );
    let Content::Comment(body) = app.staging.drafts()[0].content() else {
        panic!()
    };
    assert_eq!(body, "Typed before the crash");

    // Typed in another domain: kept, and said so.
    let mut app = loaded_list();
    app.offer_typed(TypedText {
        domain_id: "d-19bc".into(),
        ..left_typed(None)
    });
    assert!(app.staging.overlay.is_none());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("--domain d-19bc"))
    );
}

#[test]
fn delete_asks_with_what_is_deleted_not_only_an_id() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('d'));
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("Delete this Comment item?"), "{screen}");
    assert!(screen.contains("“Called the customer back.”"), "{screen}");
    press(&mut app, key('n'));

    select_related(&mut app, RelatedItemType::Custom);
    press(&mut app, key('d'));
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("Refund amount: 49.5"), "{screen}");
    assert!(screen.contains("Priority: Medium"), "{screen}");
}

#[test]
fn a_case_left_while_loading_loads_again_when_come_back_to() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::ConnectCase);
    // Refresh, and follow the link before any answer: the answers for the first case are dropped.
    let _ = app.update(key('r'));
    let cmds = app.update(code(KeyCode::Enter));
    answer(&mut app, cmds);
    let cmds = app.update(code(KeyCode::Backspace));
    assert!(
        cmds.iter().any(|c| matches!(c,
            Cmd::Service(ServiceCmd::GetCase { case_id, .. }) if case_id == CASE)),
        "{cmds:?}"
    );
    answer(&mut app, cmds);
    assert!(!app.case.as_ref().unwrap().is_loading());
}

#[test]
fn a_custom_fields_value_line_is_journaled_and_restored_too() {
    use cases_tui::app::editing::FieldMode;
    use cases_tui::model::FieldValue;
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Custom);
    press(&mut app, key('e'));
    for _ in 0..20 {
        let Some(Overlay::Fields(editor)) = &app.staging.overlay else {
            panic!("e opens the field editor")
        };
        if editor.rows()[editor.selected()].id == "refund_amount" {
            break;
        }
        press(&mut app, key('j'));
    }
    press(&mut app, code(KeyCode::Enter));
    typed(&mut app, "7");
    let cmds = ticks(&mut app, TYPED_DEBOUNCE_TICKS + 1);
    let [Cmd::Journal(JournalCmd::SaveTyped { typed: left, .. })] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_eq!(left.field_id.as_deref(), Some("refund_amount"));
    assert_eq!(left.text, "49.57");
    let left = TypedText::clone(left);

    // The next start: yes reopens the editor with the line as it was typed.
    let mut app = loaded_list();
    app.offer_typed(left);
    assert!(render(&mut app, 160, 45).contains("Restore a custom field's value"));
    press(&mut app, key('y'));
    let Some(Overlay::Fields(editor)) = &app.staging.overlay else {
        panic!("y opens the field editor")
    };
    let FieldMode::Value(edit) = editor.mode() else {
        panic!("the value line is open")
    };
    assert_eq!(edit.input.lines().join(""), "49.57");
    press(&mut app, code(KeyCode::Enter));
    let draft = &app.staging.drafts()[0];
    let Content::Custom(fields) = draft.content() else {
        panic!()
    };
    assert!(
        fields
            .iter()
            .any(|f| f.id == "refund_amount" && f.value == FieldValue::Double(49.57)),
        "{fields:?}"
    );
}
