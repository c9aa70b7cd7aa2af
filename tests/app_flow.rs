//! The app driven headlessly: messages in, commands and state out.

mod app_support;

use app_support::*;
use cases_tui::app::keymap::{Action, KeySpec, Scope};
use cases_tui::app::{App, AppContext, Cmd, InputKind, Msg, Pane, Screen, ServiceCmd, StatusKind};
use cases_tui::aws::GatewayError;
use cases_tui::model::{Page, RelatedItemType};
use ratatui::crossterm::event::KeyCode;

fn search_req(cmds: &[Cmd]) -> (u64, Option<String>) {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Service(ServiceCmd::SearchCases {
                req, next_token, ..
            }) => Some((*req, next_token.clone())),
            _ => None,
        })
        .expect("a SearchCases command")
}

#[test]
fn start_without_domain_loads_domains_and_picks_the_only_one() {
    let mut app = App::new(AppContext::for_tests());
    assert_eq!(app.start(), vec![Cmd::Service(ServiceCmd::LoadDomains)]);
    let cmds = app.update(Msg::DomainsLoaded(Ok(vec![domains()[0].clone()])));
    assert_eq!(
        cmds[0],
        Cmd::Service(ServiceCmd::LoadFields {
            domain_id: DOMAIN.into()
        })
    );
    assert!(
        matches!(&cmds[1], Cmd::Service(ServiceCmd::SearchCases { domain_id, next_token: None, .. }) if domain_id == DOMAIN)
    );
    assert_eq!(app.screen, Screen::Cases);
}

#[test]
fn several_domains_show_the_picker() {
    let mut app = App::new(AppContext::for_tests());
    let _ = app.start();
    assert!(app.update(Msg::DomainsLoaded(Ok(domains()))).is_empty());
    assert_eq!(app.screen, Screen::Domains);
    // Sorted by name: Billing, Claims, Support EU.
    app.update(key('G'));
    let cmds = app.update(code(KeyCode::Enter));
    assert_eq!(
        cmds[0],
        Cmd::Service(ServiceCmd::LoadFields {
            domain_id: DOMAIN.into()
        })
    );
}

#[test]
fn start_with_domain_and_case_loads_everything() {
    let mut app = App::new(AppContext {
        case_id: Some(CASE.into()),
        ..ctx()
    });
    let cmds = app.start();
    assert_eq!(cmds.len(), 6, "{cmds:?}");
    // The domain list is read only to show the domain's name in the header.
    assert_eq!(cmds[2], Cmd::Service(ServiceCmd::LoadDomains));
    let cmds: Vec<Cmd> = cmds
        .into_iter()
        .filter(|c| *c != Cmd::Service(ServiceCmd::LoadDomains))
        .collect();
    assert!(
        matches!(&cmds[2], Cmd::Service(ServiceCmd::GetCase { case_id, domain_id, .. }) if case_id == CASE && domain_id == DOMAIN)
    );
    assert!(
        matches!(&cmds[3], Cmd::Service(ServiceCmd::LoadRelated { case_id, types, next_token: None, .. }) if case_id == CASE && types.len() == 6)
    );
    assert!(
        matches!(&cmds[4], Cmd::Service(ServiceCmd::LoadAudit { case_id, next_token: None, .. }) if case_id == CASE)
    );
    assert_eq!(app.screen, Screen::Case);
    assert_eq!(app.domain_label().as_deref(), Some(DOMAIN));
    app.update(Msg::DomainsLoaded(Ok(domains())));
    assert_eq!(
        app.screen,
        Screen::Case,
        "the domain list does not move the user"
    );
    assert_ne!(
        app.domain_label().as_deref(),
        Some(DOMAIN),
        "the header shows the name"
    );
}

#[test]
fn enter_opens_the_selected_case() {
    let mut app = loaded_list();
    app.update(key('j'));
    let cmds = app.update(code(KeyCode::Enter));
    let ids: Vec<(&str, &str)> = cmds
        .iter()
        .map(|c| match c {
            Cmd::Service(ServiceCmd::GetCase {
                case_id, field_ids, ..
            }) => {
                assert!(field_ids.contains(&"refund_amount".to_string()));
                ("get", case_id.as_str())
            }
            Cmd::Service(ServiceCmd::LoadRelated { case_id, .. }) => ("related", case_id.as_str()),
            Cmd::Service(ServiceCmd::LoadAudit { case_id, .. }) => ("audit", case_id.as_str()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        ids,
        vec![
            ("get", "c-1002"),
            ("related", "c-1002"),
            ("audit", "c-1002")
        ]
    );
    app.update(code(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Cases);
    assert_eq!(
        app.cases.list.cursor.selected, 1,
        "the list keeps its selection"
    );
}

#[test]
fn a_stale_search_answer_is_ignored() {
    let mut app = App::new(ctx());
    let (first, _) = search_req(&app.start());
    let (second, _) = search_req(&app.update(key('o')));
    assert_ne!(first, second);
    let mut stale = cases_page();
    stale.items.truncate(1);
    assert!(
        app.update(Msg::CasesLoaded {
            req: first,
            result: Ok(stale)
        })
        .is_empty()
    );
    assert!(app.cases.list.items.is_empty() && app.cases.is_loading());
    app.update(Msg::CasesLoaded {
        req: second,
        result: Ok(cases_page()),
    });
    assert_eq!(app.cases.list.items.len(), 6);
    assert_eq!(app.cases.query().status.as_deref(), Some("open"));
}

#[test]
fn nearing_the_end_requests_the_next_page_once() {
    let mut app = loaded_list();
    let cmds = app.update(key('G'));
    let (req, token) = search_req(&cmds);
    assert_eq!(token.as_deref(), Some("page-2"));
    assert!(
        app.update(key('k')).is_empty(),
        "one page in flight at a time"
    );
    let mut more = cases_page();
    more.items.iter_mut().for_each(|c| c.id.push_str("-p2"));
    more.next_token = None;
    app.update(Msg::CasesLoaded {
        req,
        result: Ok(more),
    });
    assert_eq!(app.cases.list.items.len(), 12);
    assert_eq!(app.cases.list.cursor.selected, 4, "selection stays put");
    assert!(app.update(key('G')).is_empty(), "no token, no request");
}

#[test]
fn search_term_goes_to_the_server_and_esc_clears_it() {
    let mut app = loaded_list();
    app.update(key('/'));
    assert_eq!(app.input.as_ref().map(|i| i.kind), Some(InputKind::Search));
    typed(&mut app, "refund");
    let cmds = app.update(code(KeyCode::Enter));
    assert!(
        matches!(&cmds[..], [Cmd::Service(ServiceCmd::SearchCases { query, .. })] if query.search_term.as_deref() == Some("refund"))
    );
    let cmds = app.update(code(KeyCode::Esc));
    assert!(
        matches!(&cmds[..], [Cmd::Service(ServiceCmd::SearchCases { query, .. })] if query.search_term.is_none())
    );
}

#[test]
fn sort_keys_change_the_query() {
    let mut app = loaded_list();
    let cmds = app.update(key('S'));
    assert!(
        matches!(&cmds[..], [Cmd::Service(ServiceCmd::SearchCases { query, .. })] if query.sort == Some(("title".into(), false)))
    );
    let cmds = app.update(key('I'));
    assert!(
        matches!(&cmds[..], [Cmd::Service(ServiceCmd::SearchCases { query, .. })] if query.sort == Some(("title".into(), true)))
    );
}

#[test]
fn errors_reach_the_status_line_with_advice() {
    let mut app = App::new(ctx());
    let (req, _) = search_req(&app.start());
    app.update(Msg::CasesLoaded {
        req,
        result: Err(GatewayError::Throttled("Rate exceeded".into())),
    });
    let status = app.status.clone().expect("a status");
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("Rate exceeded"));
    assert_eq!(status.advice, Some("wait a moment, then press r to retry"));
    let screen = render(&mut app, 120, 10);
    assert!(
        screen.contains("Rate exceeded") && screen.contains("wait a moment"),
        "{screen}"
    );
}

#[test]
fn help_comes_from_the_key_table() {
    let mut ctx = ctx();
    let quit = ctx
        .keys
        .bindings
        .iter_mut()
        .find(|b| b.action == Action::Quit)
        .unwrap();
    quit.keys = vec![KeySpec::ch('x')];
    let mut app = App::new(ctx);
    let _ = app.start();
    app.update(key('?'));
    assert!(app.help_open);
    let sections = app.help_sections();
    let everywhere = &sections
        .iter()
        .find(|(t, _)| *t == Scope::Global.title())
        .unwrap()
        .1;
    assert!(everywhere.contains(&("x".to_string(), "quit")));
    assert!(render(&mut app, 100, 40).contains("x  quit"));
    app.update(code(KeyCode::Esc));
    assert!(app.update(key('q')).is_empty(), "q is no longer bound");
    assert_eq!(app.update(key('x')), vec![Cmd::Quit]);
}

#[test]
fn case_view_panes_switch_and_audit_is_sorted_by_time() {
    let mut app = loaded_case();
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.focus, Pane::Fields);
    let ids: Vec<&str> = cv.audit.list.items.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["ev-1", "ev-2", "ev-4", "ev-3", "ev-5", "ev-6"]);
    app.update(code(KeyCode::Tab));
    assert_eq!(app.case.as_ref().unwrap().focus, Pane::Related);
    app.update(code(KeyCode::BackTab));
    app.update(code(KeyCode::BackTab));
    assert_eq!(app.case.as_ref().unwrap().focus, Pane::Audit);
}

#[test]
fn audit_pages_load_in_the_background_and_merge_in_time_order() {
    let mut app = App::new(AppContext {
        case_id: Some(CASE.into()),
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    let audit_req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Service(ServiceCmd::LoadAudit { req, .. }) => Some(*req),
            _ => None,
        })
        .unwrap();
    let mut first = audit_page();
    first.items.truncate(2); // ev-3, ev-1
    let mut page = first.clone();
    for i in 0..20 {
        let mut e = first.items[1].clone();
        e.id = format!("old-{i:02}");
        page.items.push(e);
    }
    // The next page is asked for at once, not when the selection nears the end.
    let cmds = app.update(Msg::AuditLoaded {
        req: audit_req,
        result: Ok(page),
    });
    let (req, token) = match &cmds[..] {
        [
            Cmd::Service(ServiceCmd::LoadAudit {
                req, next_token, ..
            }),
        ] => (*req, next_token.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(token.as_deref(), Some("audit-2"));
    let mut rest = audit_page();
    rest.items.retain(|e| e.id != "ev-3" && e.id != "ev-1");
    rest.next_token = None;
    app.update(Msg::AuditLoaded {
        req,
        result: Ok(rest),
    });
    let ids: Vec<&str> = app
        .case
        .as_ref()
        .unwrap()
        .audit
        .list
        .items
        .iter()
        .rev()
        .take(4)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["ev-6", "ev-5", "ev-3", "ev-4"]);
}

#[test]
fn type_filter_reloads_related_items_of_that_type() {
    let mut app = loaded_case();
    app.update(key('2'));
    let cmds = app.update(key('t'));
    assert!(
        matches!(&cmds[..], [Cmd::Service(ServiceCmd::LoadRelated { types, next_token: None, .. })] if types == &vec![RelatedItemType::Contact])
    );
}

#[test]
fn pane_filter_narrows_loaded_rows_and_esc_clears_it() {
    let mut app = loaded_case();
    app.update(key('2'));
    app.update(key('/'));
    typed(&mut app, "courier");
    let cv = app.case.as_ref().unwrap();
    assert_eq!(
        cv.visible_related(&app.domain.catalog).len(),
        2,
        "comment and custom item"
    );
    app.update(code(KeyCode::Enter));
    assert_eq!(app.case.as_ref().unwrap().related.filter, "courier");
    app.update(key('/'));
    app.update(code(KeyCode::Esc));
    assert_eq!(
        app.case
            .as_ref()
            .unwrap()
            .visible_related(&app.domain.catalog)
            .len(),
        6
    );
}

#[test]
fn detail_overlay_opens_scrolls_and_closes() {
    let mut app = loaded_case();
    app.update(key('2'));
    app.update(code(KeyCode::Enter));
    assert!(app.case.as_ref().unwrap().related.detail.is_some());
    let _ = render(&mut app, 60, 16);
    app.update(key('G'));
    let detail = app.case.as_ref().unwrap().related.detail.as_ref().unwrap();
    assert!(detail.scroll > 0);
    app.update(code(KeyCode::Esc));
    assert!(app.case.as_ref().unwrap().related.detail.is_none());
    assert_eq!(app.screen, Screen::Case);
}

#[test]
fn command_line_opens_a_case_and_explains_unknown_commands() {
    let mut app = loaded_list();
    app.update(key(':'));
    typed(&mut app, "case c-42");
    let cmds = app.update(code(KeyCode::Enter));
    assert!(
        matches!(&cmds[0], Cmd::Service(ServiceCmd::GetCase { case_id, .. }) if case_id == "c-42")
    );
    app.update(key(':'));
    typed(&mut app, "profile");
    app.update(code(KeyCode::Enter));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains(":profile needs a name")
    );
    app.update(key(':'));
    typed(&mut app, "frobnicate");
    app.update(code(KeyCode::Enter));
    assert!(app.status.as_ref().unwrap().text.contains(":profile P"));
}

#[test]
fn keys_work_while_calls_are_in_flight_and_ticks_spin() {
    let mut app = App::new(ctx());
    let _ = app.start();
    let before = app.spinner();
    app.update(Msg::Tick);
    assert_ne!(before, app.spinner());
    assert!(app.is_busy());
    app.update(key('?'));
    assert!(app.help_open);
    assert_eq!(app.update(key('q')), vec![Cmd::Quit]);
}

#[test]
fn related_error_reaches_the_pane_and_status() {
    let mut app = App::new(AppContext {
        case_id: Some(CASE.into()),
        ..ctx()
    });
    let cmds = app.start();
    let req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Service(ServiceCmd::LoadRelated { req, .. }) => Some(*req),
            _ => None,
        })
        .unwrap();
    app.update(Msg::RelatedLoaded {
        req,
        result: Err(GatewayError::Network("connection refused".into())),
    });
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("connection refused")
    );
    let _: Page<()> = last_page();
    app.update(key('2'));
    assert!(render(&mut app, 80, 24).contains("connection refused"));
}
