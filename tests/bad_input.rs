//! Bad input the README's table lists that no other test file covers: tiny terminals and
//! unknown ids. Each must give a clear message, never a panic, and lose nothing.

mod app_support;

use app_support::*;
use cases_tui::app::staging::Overlay;
use cases_tui::app::{App, Cmd, Msg, ServiceCmd, StatusKind};
use cases_tui::aws::GatewayError;
use cases_tui::model::RelatedItemType;
use ratatui::crossterm::event::KeyCode;

#[test]
fn every_screen_draws_in_a_20x5_terminal_and_smaller() {
    let mut app = loaded_case();
    for (w, h) in [(20, 5), (10, 3), (1, 1), (0, 0)] {
        let _ = app.update(Msg::Resize(w, h));
        for k in ['1', '2', '3', '?', '?'] {
            let _ = app.update(key(k));
            let _ = render(&mut app, w.max(1), h.max(1));
        }
        // With an editor open, and with the review.
        let _ = app.update(key('2'));
        let _ = app.update(key('e'));
        let _ = render(&mut app, w.max(1), h.max(1));
        let _ = app.update(code(KeyCode::Esc));
    }
    let _ = app.update(Msg::Resize(20, 5));
    let screen = render(&mut app, 20, 5);
    assert_eq!(screen.lines().count(), 5);
    assert!(screen.contains("cases-tui"), "{screen}");
}

#[test]
fn an_unknown_case_id_says_so_and_how_to_get_back() {
    let mut app = loaded_list();
    let mut cmds = app.update(key(':'));
    for c in "case no-such-case".chars() {
        cmds.extend(app.update(key(c)));
    }
    let cmds = app.update(code(KeyCode::Enter));
    let req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Service(ServiceCmd::GetCase { req, case_id, .. }) if case_id == "no-such-case" => {
                Some(*req)
            }
            _ => None,
        })
        .expect(":case asks for the case");
    let _ = app.update(Msg::CaseLoaded {
        req,
        result: Err(GatewayError::NotFound {
            message: "Case no-such-case not found".into(),
            resource_id: Some("no-such-case".into()),
        }),
    });
    // Its related items and history fail too, as they do for an unknown case: the case's own
    // error stays the one shown.
    let not_found = || GatewayError::NotFound {
        message: "Case no-such-case not found".into(),
        resource_id: Some("no-such-case".into()),
    };
    for cmd in &cmds {
        let _ = match cmd {
            Cmd::Service(ServiceCmd::LoadRelated { req, .. }) => app.update(Msg::RelatedLoaded {
                req: *req,
                result: Err(not_found()),
            }),
            Cmd::Service(ServiceCmd::LoadAudit { req, .. }) => app.update(Msg::AuditLoaded {
                req: *req,
                result: Err(not_found()),
            }),
            _ => continue,
        };
    }
    let status = app.status.as_ref().expect("a status line");
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("no-such-case"), "{}", status.text);
    assert!(
        status.text.starts_with("loading the case: not found"),
        "{}",
        status.text
    );
    assert!(status.advice.is_some_and(|a| a.contains(":case")));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("not found"), "{screen}");
}

#[test]
fn a_refused_edit_keeps_every_staged_draft() {
    let mut app: App = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    let _ = app.update(key('e'));
    let _ = app.update(key('!'));
    let _ = app.update(code(KeyCode::Esc));
    assert_eq!(app.staging.staged_count(), 1);
    // The service refuses the check with a validation error: nothing is dropped.
    let _ = app.update(key('s'));
    let cmds = app.update(key('y'));
    let Some(Cmd::Service(ServiceCmd::CheckDraft(draft))) = cmds.first() else {
        panic!("{cmds:?}")
    };
    let _ = app.update(Msg::DraftChecked {
        key: draft.key.clone(),
        result: Err(GatewayError::Validation("Invalid nextToken".into())),
    });
    assert_eq!(app.staging.staged_count(), 1);
    assert!(matches!(app.staging.overlay, Some(Overlay::Review(_))));
}
