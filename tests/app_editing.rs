//! Editing driven headlessly: keys in, drafts, journal commands and sends out.

mod app_support;

use app_support::*;
use cases_tui::app::SaveError;
use cases_tui::app::editing::FieldMode;
use cases_tui::app::staging::Overlay;
use cases_tui::app::{App, AppContext, Cmd, JournalCmd, Msg, ServiceCmd};
use cases_tui::aws::GatewayError;
use cases_tui::edit::{Check, Content};
use cases_tui::model::{FieldValue, RelatedContent, RelatedItemType};
use ratatui::crossterm::event::KeyCode;

fn typed_keys(app: &mut App, text: &str) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    for c in text.chars() {
        cmds.extend(app.update(key(c)));
    }
    cmds
}

#[test]
fn editing_a_comment_stages_a_draft_and_journals_it() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    assert!(app.update(key('e')).is_empty());
    assert!(
        matches!(app.staging.overlay, Some(Overlay::Comment { .. })),
        "e opens the comment editor"
    );
    typed_keys(&mut app, " More.");
    let cmds = app.update(code(KeyCode::Esc));
    assert!(app.staging.overlay.is_none());
    let [Cmd::Journal(JournalCmd::Save(draft))] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    let Content::Comment(body) = draft.content() else {
        panic!()
    };
    assert!(body.ends_with(" More."), "{body}");
    assert_eq!(app.staging.staged_count(), 1);
    assert_eq!(app.staging.drafts().len(), 1);
}

#[test]
fn editing_a_custom_item_stages_each_change_and_review_sends_the_full_list() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Custom);
    let item = app
        .case
        .as_ref()
        .unwrap()
        .selected_related(&app.domain.catalog)
        .unwrap()
        .clone();
    let RelatedContent::Custom { fields: base } = &item.content else {
        panic!()
    };
    let _ = app.update(key('e'));
    assert!(matches!(app.staging.overlay, Some(Overlay::Fields(_))));
    // Remove the selected (first) field.
    let cmds = app.update(key('x'));
    assert!(
        matches!(cmds.as_slice(), [Cmd::Journal(JournalCmd::Save(_))]),
        "{cmds:?}"
    );
    let _ = app.update(code(KeyCode::Esc));
    assert!(app.staging.overlay.is_none());
    assert_eq!(app.staging.staged_count(), 1);

    // Review and send: the app checks the server first, then sends the complete list.
    let _ = app.update(key('s'));
    assert!(matches!(app.staging.overlay, Some(Overlay::Review(_))));
    let cmds = app.update(key('y'));
    let [Cmd::Service(ServiceCmd::CheckDraft(draft))] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    let sent = app.update(Msg::DraftChecked {
        key: draft.key.clone(),
        result: Ok(Check::Fresh(draft.content())),
    });
    let [Cmd::Service(ServiceCmd::SendDraft { content, .. })] = sent.as_slice() else {
        panic!("{sent:?}")
    };
    assert_eq!(content, &Content::Custom(base[1..].to_vec()));

    // A failed save keeps the draft and says why.
    let _ = app.update(Msg::DraftSent {
        key: draft.key.clone(),
        result: Err(SaveError::Gateway(GatewayError::Throttled(
            "slow down".into(),
        ))),
    });
    assert_eq!(app.staging.staged_count(), 1);
    assert!(matches!(app.staging.overlay, Some(Overlay::Review(_))));

    // A successful one drops it from memory and the journal, and reloads the case.
    let cmds = app.update(Msg::DraftSent {
        key: draft.key.clone(),
        result: Ok(item.id.clone()),
    });
    assert_eq!(app.staging.staged_count(), 0);
    assert!(cmds.contains(&Cmd::Journal(JournalCmd::Remove {
        key: draft.key.clone()
    })));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Service(ServiceCmd::LoadAudit { .. })))
    );
}

#[test]
fn an_invalid_number_is_refused_inline_and_nothing_is_staged() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Custom);
    let _ = app.update(key('e'));
    let Some(Overlay::Fields(editor)) = &app.staging.overlay else {
        panic!()
    };
    // Find a Number row.
    let rows = editor.rows();
    let idx = rows
        .iter()
        .position(|r| r.field_type == Some(cases_tui::model::FieldType::Number))
        .expect("the fixture's custom item has a Number field");
    for _ in 0..idx {
        let _ = app.update(key('j'));
    }
    let _ = app.update(code(KeyCode::Enter));
    for _ in 0..20 {
        let _ = app.update(code(KeyCode::Backspace));
    }
    let cmds = typed_keys(&mut app, "abc");
    assert!(cmds.is_empty());
    let cmds = app.update(code(KeyCode::Enter));
    assert!(cmds.is_empty(), "{cmds:?}");
    let Some(Overlay::Fields(editor)) = &app.staging.overlay else {
        panic!()
    };
    let FieldMode::Value(edit) = editor.mode() else {
        panic!("the value edit stays open after a refused value")
    };
    assert!(
        edit.error
            .as_deref()
            .is_some_and(|e| e.contains("not a number")),
        "{:?}",
        edit.error
    );
    assert_eq!(app.staging.staged_count(), 0);
    for _ in 0..3 {
        let _ = app.update(code(KeyCode::Backspace));
    }
    let cmds = typed_keys(&mut app, "42");
    assert!(cmds.is_empty());
    let cmds = app.update(code(KeyCode::Enter));
    let [Cmd::Journal(JournalCmd::Save(draft))] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    let Content::Custom(fields) = draft.content() else {
        panic!()
    };
    assert!(fields.iter().any(|f| f.value == FieldValue::Double(42.0)));
}

#[test]
fn delete_asks_first_and_only_yes_deletes() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    assert!(app.update(key('d')).is_empty());
    assert!(app.update(key('n')).is_empty());
    assert!(app.staging.overlay.is_none());
    let _ = app.update(key('d'));
    let cmds = app.update(key('y'));
    assert!(
        matches!(
            cmds.as_slice(),
            [Cmd::Service(ServiceCmd::DeleteItem { .. })]
        ),
        "{cmds:?}"
    );
}

#[test]
fn read_only_answers_edit_keys_with_a_message_and_never_asks_to_write() {
    let mut app = App::new(AppContext {
        read_only: true,
        ..ctx()
    });
    let cmds = app.start();
    answer(&mut app, cmds);
    press(&mut app, code(KeyCode::Enter));
    select_related(&mut app, RelatedItemType::Comment);
    for k in ['e', 'a', 'd'] {
        let cmds = app.update(key(k));
        assert!(cmds.is_empty(), "{k}: {cmds:?}");
        assert!(app.staging.overlay.is_none(), "{k} opened an editor");
        let status = app.status.as_ref().expect("a status line");
        assert!(status.text.starts_with("read-only:"), "{}", status.text);
    }
}

#[test]
fn the_editing_overlays_use_the_chosen_theme() {
    use cases_tui::app::Theme;
    use ratatui::style::Color;
    let colours = |theme: Theme| {
        let mut app = App::new(AppContext { theme, ..ctx() });
        let cmds = app.start();
        answer(&mut app, cmds);
        press(&mut app, code(KeyCode::Enter));
        select_related(&mut app, RelatedItemType::Custom);
        let _ = app.update(key('e'));
        let _ = app.update(key('x'));
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
        term.draw(|f| {
            cases_tui::ui::draw(f, &app);
        })
        .unwrap();
        term.backend()
            .buffer()
            .content
            .iter()
            .map(|c| c.fg)
            .collect::<std::collections::HashSet<_>>()
    };
    // The removed row: red on dark, the light palette's own red on light, none in monochrome.
    assert!(colours(Theme::Dark).contains(&Color::Red));
    let light = colours(Theme::Light);
    assert!(light.contains(&Color::Indexed(160)), "{light:?}");
    assert!(!light.contains(&Color::Red), "{light:?}");
    let mono = colours(Theme::Monochrome);
    assert!(mono.iter().all(|c| *c == Color::Reset), "{mono:?}");
}
