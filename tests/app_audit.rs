//! The audit timeline driven headlessly: paging with `L`, a rejected page token, order, search,
//! filters and blame.

mod app_support;

use app_support::*;
use cases_tui::app::audit::{self, TimeMode, TimeRange};
use cases_tui::app::{App, AppContext, Cmd, Msg, Pane, ServiceCmd, StatusKind};
use cases_tui::aws::GatewayError;
use cases_tui::model::{AuditEvent, FieldValue, Page};
use chrono::FixedOffset;
use ratatui::crossterm::event::KeyCode;

fn audit_req(cmds: &[Cmd]) -> Option<(u64, Option<String>)> {
    cmds.iter().find_map(|c| match c {
        Cmd::Service(ServiceCmd::LoadAudit {
            req, next_token, ..
        }) => Some((*req, next_token.clone())),
        _ => None,
    })
}

/// The case view with everything loaded except the audit history, which gets `first`; the audit
/// pane focused. Returns the commands the first page caused.
fn case_with_audit(first: Page<AuditEvent>) -> (App, Vec<Cmd>) {
    let mut app = App::new(AppContext {
        case_id: Some(CASE.into()),
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    let (req, _) = audit_req(&cmds).unwrap();
    let others: Vec<Cmd> = cmds
        .into_iter()
        .filter(|c| !matches!(c, Cmd::Service(ServiceCmd::LoadAudit { .. })))
        .collect();
    answer(&mut app, others);
    app.update(key('3'));
    let cmds = app.update(Msg::AuditLoaded {
        req,
        result: Ok(first),
    });
    (app, cmds)
}

fn ids(app: &App) -> Vec<String> {
    let cv = app.case.as_ref().unwrap();
    cv.visible_audit(app.now())
        .iter()
        .map(|&i| cv.audit.list.items[i].id.clone())
        .collect()
}

fn selected(app: &App) -> String {
    let cv = app.case.as_ref().unwrap();
    cv.selected_audit(app.now()).unwrap().id.clone()
}

fn page(items: Vec<AuditEvent>, token: Option<&str>) -> Page<AuditEvent> {
    Page {
        items,
        next_token: token.map(str::to_string),
    }
}

#[test]
fn the_whole_history_pages_in_the_background_one_page_after_another() {
    let (mut app, cmds) = case_with_audit(page(audit_events("p1", 20), Some("t-2")));
    let (req, token) = audit_req(&cmds).expect("the next page is asked for at once");
    assert_eq!(token.as_deref(), Some("t-2"));
    assert!(
        app.update(key('L')).is_empty(),
        "one request in flight at a time"
    );
    assert!(
        render(&mut app, 100, 24).contains("history 20 / …"),
        "{}",
        render(&mut app, 100, 24)
    );
    // Keys stay live while pages arrive.
    app.update(key('j'));
    assert_eq!(selected(&app), "p1-018", "newest first, one down");
    let cmds = app.update(Msg::AuditLoaded {
        req,
        result: Ok(page(audit_events("p2", 20), Some("t-3"))),
    });
    let (req, token) = audit_req(&cmds).expect("and the next");
    assert_eq!(token.as_deref(), Some("t-3"));
    let cmds = app.update(Msg::AuditLoaded {
        req,
        result: Ok(page(audit_events("p3", 5), None)),
    });
    assert!(cmds.is_empty(), "no token, no request: {cmds:?}");
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.audit.list.items.len(), 45);
    assert!(!cv.audit.timeline.load_all && !cv.audit.list.is_loading());
    assert_eq!(
        selected(&app),
        "p1-018",
        "the selected event stays selected"
    );
    // Everything loaded: L says so instead of asking again.
    assert!(app.update(key('L')).is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("All 45"));
}

#[test]
fn a_rejected_token_restarts_from_the_first_page_without_duplicates() {
    let first = || page(audit_events("p1", 20), Some("t-2"));
    let (mut app, cmds) = case_with_audit(first());
    let (req, _) = audit_req(&cmds).unwrap();
    let cmds = app.update(Msg::AuditLoaded {
        req,
        result: Err(GatewayError::Validation(
            "The nextToken is invalid or has expired".into(),
        )),
    });
    let (req, token) = audit_req(&cmds).expect("a restart");
    assert_eq!(token, None, "from the first page");
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Info);
    assert!(status.text.contains("first page"), "{}", status.text);
    // The first page again, then the rest: each event once.
    let cmds = app.update(Msg::AuditLoaded {
        req,
        result: Ok(first()),
    });
    let (req, token) = audit_req(&cmds).expect("L keeps going after the restart");
    assert_eq!(token.as_deref(), Some("t-2"));
    let mut second = audit_events("p2", 3);
    second.push(audit_events("p1", 1).remove(0)); // an overlap
    app.update(Msg::AuditLoaded {
        req,
        result: Ok(page(second, None)),
    });
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.audit.list.items.len(), 23);
    assert!(!cv.audit.list.is_loading(), "no stuck spinner");
    let screen = render(&mut app, 100, 24);
    assert!(!screen.contains(" / …"), "complete: {screen}");
}

#[test]
fn a_token_rejected_again_and_again_ends_in_an_error_not_a_loop() {
    let first = || page(audit_events("p1", 20), Some("t-2"));
    let (mut app, mut cmds) = case_with_audit(first());
    let rejected = || Err(GatewayError::Validation("Invalid nextToken".to_string()));
    for _ in 0..3 {
        let (req, token) = audit_req(&cmds).unwrap();
        cmds = if token.is_some() {
            app.update(Msg::AuditLoaded {
                req,
                result: rejected(),
            })
        } else {
            app.update(Msg::AuditLoaded {
                req,
                result: Ok(first()),
            })
        };
    }
    // Two restarts, then the third rejection is reported.
    let mut rounds = 0;
    while let Some((req, token)) = audit_req(&cmds) {
        rounds += 1;
        assert!(rounds < 10, "restarts forever");
        cmds = app.update(Msg::AuditLoaded {
            req,
            result: if token.is_some() {
                rejected()
            } else {
                Ok(first())
            },
        });
    }
    let cv = app.case.as_ref().unwrap();
    assert!(!cv.audit.list.is_loading());
    assert_eq!(cv.audit.list.items.len(), 20);
    assert_eq!(app.status.as_ref().unwrap().kind, StatusKind::Error);
}

#[test]
fn other_errors_on_a_later_page_do_not_restart() {
    let (mut app, cmds) = case_with_audit(page(audit_events("p1", 20), Some("t-2")));
    let (req, _) = audit_req(&cmds).unwrap();
    let cmds = app.update(Msg::AuditLoaded {
        req,
        result: Err(GatewayError::Throttled("Rate exceeded".into())),
    });
    assert!(cmds.is_empty());
    assert_eq!(app.case.as_ref().unwrap().audit.list.items.len(), 20);
    assert_eq!(app.status.as_ref().unwrap().kind, StatusKind::Error);
    // A history that failed part-way says so and keeps what it has; L resumes it.
    let screen = render(&mut app, 100, 24);
    assert!(
        screen.contains("history 20 / … stopped (L resumes)"),
        "{screen}"
    );
    assert!(screen.contains("p1 step 19"), "{screen}");
    let (_, token) = audit_req(&app.update(key('L'))).expect("L resumes");
    assert_eq!(token.as_deref(), Some("t-2"), "from where it stopped");
}

#[test]
fn the_timeline_opens_newest_first_and_o_flips_it_keeping_the_selection() {
    let mut app = loaded_case();
    app.update(key('3'));
    assert_eq!(ids(&app), ["ev-6", "ev-5", "ev-3", "ev-4", "ev-2", "ev-1"]);
    assert!(render(&mut app, 80, 24).contains("newest first"));
    app.update(key('j'));
    app.update(key('j'));
    app.update(key('j'));
    assert_eq!(selected(&app), "ev-4");
    assert!(app.update(key('o')).is_empty());
    assert_eq!(ids(&app), ["ev-1", "ev-2", "ev-4", "ev-3", "ev-5", "ev-6"]);
    assert_eq!(selected(&app), "ev-4", "the selection follows the event");
    assert!(render(&mut app, 80, 24).contains("▶"));
    app.update(key('o'));
    assert_eq!(ids(&app)[0], "ev-6");
    assert_eq!(selected(&app), "ev-4");
}

#[test]
fn day_headers_are_drawn_but_never_selected() {
    let mut app = loaded_case();
    app.update(key('3'));
    app.update(key('o')); // oldest first
    let screen = render(&mut app, 80, 24);
    for day in ["Mon 22 Apr 2024", "Mon 29 Apr 2024", "Tue 30 Apr 2024"] {
        assert!(screen.contains(day), "{day} in\n{screen}");
    }
    // j moves event to event: six events, five moves to the last.
    for _ in 0..5 {
        app.update(key('j'));
    }
    assert_eq!(selected(&app), "ev-6");
    app.update(key('j'));
    assert_eq!(selected(&app), "ev-6");
}

#[test]
fn t_cycles_the_time_display_in_the_audit_pane_only() {
    let mut app = loaded_case();
    app.fix_local_offset(FixedOffset::east_opt(2 * 3600).unwrap());
    app.update(key('3'));
    assert!(
        app.update(key('t')).is_empty(),
        "not the related type filter"
    );
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.audit.timeline.time, TimeMode::Utc);
    assert!(cv.related.kind.is_none());
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("UTC") && screen.contains("17:20"),
        "{screen}"
    );
    app.update(key('t'));
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("Local") && screen.contains("19:20"),
        "{screen}"
    );
    // 22:00 UTC on the 30th would be the 1st locally: days follow the zone shown.
    app.update(key('t'));
    assert_eq!(
        app.case.as_ref().unwrap().audit.timeline.time,
        TimeMode::Relative
    );
    // In the related pane t is still the type filter.
    app.update(key('2'));
    assert_eq!(app.update(key('t')).len(), 1);
}

#[test]
fn search_highlights_and_n_shift_n_jump_between_matches() {
    let mut app = loaded_case();
    app.update(key('3'));
    app.update(key('o')); // oldest first
    app.update(key('/'));
    typed(&mut app, "maria");
    // Incremental: the first match at or after the selection.
    assert_eq!(selected(&app), "ev-4");
    app.update(code(KeyCode::Enter));
    assert!(app.input.is_none());
    assert_eq!(ids(&app).len(), 6, "search never hides rows");
    app.update(key('n'));
    assert_eq!(selected(&app), "ev-3");
    app.update(key('n'));
    assert_eq!(selected(&app), "ev-5");
    app.update(key('n'));
    assert_eq!(selected(&app), "ev-4", "wraps");
    assert!(app.status.as_ref().unwrap().text.contains("wrapped"));
    app.update(key('N'));
    assert_eq!(selected(&app), "ev-5");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("/maria match 3/3"), "{screen}");
    // Field names and values are searched too.
    app.update(key('/'));
    app.update(Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    )));
    typed(&mut app, "refund amount");
    app.update(code(KeyCode::Enter));
    assert_eq!(selected(&app), "ev-3");
    // Esc clears the search first, then the filters, then leaves.
    app.update(key('f'));
    app.update(key('l'));
    app.update(key('f'));
    assert!(app.case.as_ref().unwrap().audit.timeline.filter.is_active());
    app.update(code(KeyCode::Esc));
    let cv = app.case.as_ref().unwrap();
    assert!(cv.audit.timeline.search.is_empty() && cv.audit.timeline.filter.is_active());
    app.update(code(KeyCode::Esc));
    assert!(!app.case.as_ref().unwrap().audit.timeline.filter.is_active());
    assert_eq!(app.screen, cases_tui::app::Screen::Case);
}

#[test]
fn the_filter_form_combines_type_performer_field_and_time() {
    let mut app = loaded_case();
    app.update(key('3'));
    app.update(key('o')); // oldest first
    app.update(key('f'));
    assert_eq!(
        app.scopes()[0],
        cases_tui::app::Scope::AuditFilter,
        "the form takes the keys"
    );
    // Type: Case.Created, Case.Updated, RelatedItem.Created, RelatedItem.Updated.
    for _ in 0..4 {
        app.update(key('l'));
    }
    let cv = app.case.as_ref().unwrap();
    assert_eq!(
        cv.audit.timeline.filter.event_type.as_deref(),
        Some("RelatedItem.Updated")
    );
    assert_eq!(ids(&app), ["ev-5", "ev-6"]);
    app.update(key('j'));
    app.update(key('h')); // performers backwards: sam.osei is last
    assert_eq!(ids(&app), ["ev-6"]);
    app.update(key('j'));
    // Enter opens the field picker; typing narrows it, Enter picks.
    app.update(code(KeyCode::Enter));
    typed(&mut app, "comm");
    app.update(code(KeyCode::Enter));
    assert_eq!(ids(&app), ["ev-6"]);
    app.update(key('j'));
    app.update(key('l'));
    assert_eq!(
        app.case.as_ref().unwrap().audit.timeline.filter.range,
        TimeRange::Day
    );
    assert_eq!(ids(&app), ["ev-6"], "18h 40m ago is within 24h");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Filter events"), "{screen}");
    // Typed dates.
    app.update(key('j'));
    app.update(code(KeyCode::Enter));
    typed(&mut app, "2024-05-01");
    app.update(code(KeyCode::Enter));
    assert!(ids(&app).is_empty(), "nothing on or after 1 May");
    app.update(code(KeyCode::Enter));
    typed(&mut app, "yesterday");
    app.update(code(KeyCode::Enter));
    assert!(app.status.as_ref().unwrap().text.contains("YYYY-MM-DD"));
    // Esc on the date line cancels it: the line closes, the date in force stays.
    app.update(code(KeyCode::Enter));
    typed(&mut app, "2020-01-01");
    app.update(code(KeyCode::Esc));
    assert!(app.input.is_none(), "Esc closes the date line");
    assert!(ids(&app).is_empty(), "the earlier date still holds");
    app.update(key('x'));
    assert_eq!(ids(&app), ["ev-6"]);
    // Esc closes the form, then clears the filters.
    app.update(code(KeyCode::Esc));
    assert!(app.case.as_ref().unwrap().audit.timeline.form.is_none());
    let screen = render(&mut app, 100, 24);
    assert!(
        screen.contains(
            "Audit · RelatedItem.Updated · by sam.osei · field: Comment · last 24h · 1/6"
        ),
        "{screen}"
    );
    app.update(code(KeyCode::Esc));
    assert_eq!(ids(&app).len(), 6);
}

#[test]
fn blame_shows_the_last_change_of_each_field() {
    let mut app = loaded_case();
    let cv = app.case.as_ref().unwrap();
    let blame = cv.case_blame().expect("the whole history is in");
    let known = |id: &str| match &blame[id] {
        audit::Blame::Known(b) => b.clone(),
        other => panic!("{id}: {other:?}"),
    };
    assert_eq!(known("priority").who, "maria.lopez");
    assert_eq!(known("priority").event_id, "ev-3");
    assert_eq!(known("status").who, "ConnectCasesIntake");
    assert!(app.update(key('b')).is_empty());
    assert!(app.case.as_ref().unwrap().blame);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Changed by"), "{screen}");
    // The custom item's detail: its values (four fields) are not what the history's one custom
    // item ends in (internal notes removed, refund and vip never set), so no name is given.
    app.update(key('2'));
    app.update(key('j'));
    app.update(code(KeyCode::Enter));
    let screen = render(&mut app, 100, 30);
    assert!(
        !screen.contains("no item in the history ends in these values"),
        "the detail's blame is its own, off until b there: {screen}"
    );
    assert!(app.update(key('b')).is_empty());
    let screen = render(&mut app, 100, 30);
    assert!(
        screen.contains("no item in the history ends in these values"),
        "{screen}"
    );
    assert!(!screen.contains("by refund-bot"), "{screen}");
    app.update(key('b'));
    let cv = app.case.as_ref().unwrap();
    assert!(!cv.detail_blame);
    assert!(cv.blame, "the fields pane's blame stays as it was");
    assert_eq!(cv.focus, Pane::Related);
}

#[test]
fn blame_in_an_item_detail_leaves_the_fields_pane_alone() {
    let mut app = loaded_case();
    app.update(key('2'));
    app.update(key('j'));
    app.update(code(KeyCode::Enter));
    app.update(key('b'));
    let screen = render(&mut app, 100, 30);
    assert!(
        screen.contains("no item in the history ends in these values"),
        "{screen}"
    );
    app.update(code(KeyCode::Esc));
    let cv = app.case.as_ref().unwrap();
    assert!(cv.related.detail.is_none());
    assert!(!cv.blame, "b was never pressed in the fields pane");
    let screen = render(&mut app, 100, 30);
    assert!(!screen.contains("blame"), "{screen}");
    assert!(!screen.contains("Changed by"), "{screen}");
}

#[test]
fn blame_says_when_it_only_knows_the_loaded_pages() {
    let mut first = audit_page();
    first.next_token = Some("more".into());
    let mut items = audit_events("old", 20);
    items.extend(first.items);
    let (mut app, _) = case_with_audit(page(items, Some("more")));
    app.update(key('1'));
    app.update(key('b'));
    let screen = render(&mut app, 160, 45);
    assert!(
        screen.contains("blame: loading the history (26 / …)"),
        "{screen}"
    );
    assert!(screen.contains("loading"), "{screen}");
    assert!(
        !screen.contains("ConnectCasesIntake"),
        "no name before the whole history: {screen}"
    );
}

#[test]
fn expanded_event_shows_exact_times_and_a_comment_diff() {
    let mut app = loaded_case();
    app.update(key('3'));
    app.update(key('o')); // oldest first
    app.update(key('G'));
    app.update(code(KeyCode::Enter));
    let screen = render(&mut app, 100, 40);
    assert!(screen.contains("2024-04-30 17:20:00 UTC"), "{screen}");
    assert!(screen.contains("- They confirm the parcel"), "{screen}");
    assert!(screen.contains("+ They confirm the parcel"), "{screen}");
    assert!(screen.contains("  Called the customer back."), "{screen}");
    app.update(code(KeyCode::Esc));
    assert!(!app.case.as_ref().unwrap().audit.timeline.expanded);
}

#[test]
fn a_close_row_leads_with_the_status_and_ends_with_the_times_the_service_sets() {
    use cases_tui::model::{AuditField, Performer};
    let mut items = audit_page().items;
    let field = |id: &str, old: Option<&str>, new: &str| AuditField {
        field_id: id.into(),
        old_value: old.map(|v| FieldValue::String(v.into())),
        new_value: FieldValue::String(new.into()),
    };
    items.push(AuditEvent {
        id: "ev-close".into(),
        event_type: "Case.Updated".into(),
        related_item_type: None,
        performed_time: Some(now() - chrono::Duration::minutes(5)),
        // As the service records a close: its own fields first.
        fields: vec![
            field("last_closed_datetime", None, "2024-04-30T17:55:00Z"),
            field(
                "last_updated_datetime",
                Some("2024-04-30T17:20:00Z"),
                "2024-04-30T17:55:00Z",
            ),
            field("status", Some("open"), "closed"),
        ],
        performed_by: Some(Performer::CustomEntity("demo-user".into())),
        iam_principal_arn: None,
        merge: None,
    });
    let (mut app, _) = case_with_audit(page(items, None));
    let screen = render(&mut app, 100, 30);
    let row = screen
        .lines()
        .find(|l| l.contains("demo-user"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("Status: Open → Closed"), "{row}");
}

#[test]
fn a_merge_row_leads_with_the_target_and_its_labels_stand_apart_from_values() {
    use cases_tui::model::{MergeMetadata, Performer};
    let primary = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    let secondary = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
    let mut items = audit_page().items;
    items.push(AuditEvent {
        id: "ev-merge".into(),
        event_type: "Case.Merged".into(),
        related_item_type: None,
        performed_time: Some(now() - chrono::Duration::minutes(5)),
        fields: Vec::new(),
        performed_by: Some(Performer::CustomEntity("merge-bot".into())),
        iam_principal_arn: None,
        merge: Some(MergeMetadata {
            merge_event_id: "0f0871fd-1111-4222-8333-444455556666".into(),
            primary_case_id: primary.into(),
            secondary_case_id: secondary.into(),
        }),
    });
    let (mut app, _) = case_with_audit(page(items, None));
    // A width where the row is cut about forty characters in: the target still shows whole.
    let screen = render(&mut app, 90, 30);
    let row = screen
        .lines()
        .find(|l| l.contains("merge-bot"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains(&format!("→ {primary}")), "{row}");
    app.update(key('g'));
    app.update(code(KeyCode::Enter));
    let screen = render(&mut app, 100, 30);
    assert!(
        screen.contains("Merge id 0f0871fd-1111-4222-8333-444455556666"),
        "{screen}"
    );
}
