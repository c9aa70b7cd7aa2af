//! The case as of a past moment, driven headlessly: `@` on an event, `:asof TIME`, the diff of
//! two moments, editing refused there, `Esc` back to now, and "loading" until the whole history
//! is in.

mod app_support;

use app_support::*;
use cases_tui::app::{Msg, Pane, StatusKind};
use ratatui::crossterm::event::KeyCode;
use unicode_width::UnicodeWidthStr;

fn command(app: &mut cases_tui::app::App, line: &str) {
    press(app, key(':'));
    typed(app, line);
    press(app, code(KeyCode::Enter));
}

fn selected(app: &cases_tui::app::App) -> String {
    let cv = app.case.as_ref().unwrap();
    cv.selected_audit(app.now()).unwrap().id.clone()
}

#[test]
fn at_on_an_event_shows_the_case_as_it_was_then_and_esc_returns_to_now() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    // Newest first: ev-6, ev-5, ev-3, ev-4 (the comment, before priority was raised).
    for _ in 0..3 {
        press(&mut app, key('j'));
    }
    assert_eq!(selected(&app), "ev-4");
    press(&mut app, key('@'));
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.focus, Pane::Audit, "the timeline keeps the focus");
    let rows = cv.field_rows(&app.domain.catalog);
    let value = |id: &str| rows.iter().find(|r| r.id == id).unwrap().value.clone();
    assert_eq!(
        value("priority"),
        "—",
        "raised only by ev-3, after this moment"
    );
    assert_eq!(value("title"), "Refund not received for order #4411");
    assert_eq!(
        value("last_updated_datetime"),
        "unknown",
        "changed without events"
    );
    let items = cv.as_of_items(&app.domain.catalog);
    assert_eq!(items.len(), 2, "the custom item and the comment: {items:?}");
    assert!(
        items.iter().all(|i| !i.summary.contains("tracking")),
        "the edit came later: {items:?}"
    );
    assert!(
        items
            .iter()
            .any(|i| i.summary.contains("Courier claim #CL-2231"))
    );
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("AS OF 2024-04-30 16:40:00 UTC"), "{screen}");
    assert!(screen.contains("editing off"), "{screen}");
    // Editing keys are off there, with a reason.
    press(&mut app, key('2'));
    press(&mut app, key('e'));
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("editing is off"), "{}", status.text);
    assert!(app.staging.overlay.is_none());
    press(&mut app, code(KeyCode::Esc));
    let cv = app.case.as_ref().unwrap();
    assert!(cv.as_of.is_none());
    let rows = cv.field_rows(&app.domain.catalog);
    assert_eq!(
        rows.iter().find(|r| r.id == "priority").unwrap().value,
        "High"
    );
    assert!(!render(&mut app, 160, 45).contains("AS OF"));
}

#[test]
fn a_second_at_shows_what_changed_between_the_two_moments() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    press(&mut app, key('G')); // ev-1, the creation
    press(&mut app, key('@'));
    // The timeline keeps the focus: the next event is a key away, no `3` needed.
    press(&mut app, key('g')); // ev-6, the latest
    assert_eq!(selected(&app), "ev-6");
    press(&mut app, key('@'));
    let cv = app.case.as_ref().unwrap();
    let label = cv.as_of_label().unwrap();
    assert!(label.starts_with("diff 2024-04-22 14:03:00 UTC"), "{label}");
    let rows = cv.field_rows(&app.domain.catalog);
    let priority = rows.iter().find(|r| r.id == "priority").expect("changed");
    assert_eq!(priority.value, "— → High");
    assert_eq!(priority.type_name, "added");
    assert!(
        rows.iter().all(|r| r.id != "title"),
        "unchanged fields are left out"
    );
    let items = cv.as_of_items(&app.domain.catalog);
    let changes: Vec<&str> = items.iter().map(|i| i.change.unwrap().label()).collect();
    // The fixture's comment edit (ev-6) starts from a body its creation (ev-4) never had: the
    // history cannot join them, so it shows the edited comment as an item of its own.
    assert_eq!(changes, ["added", "added", "added"], "{items:?}");
    assert!(
        items[2]
            .summary
            .contains("its creation is not in the history")
    );
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("DIFF"), "{screen}");
}

#[test]
fn a_diff_reads_older_to_newer_whichever_moment_was_picked_first() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    press(&mut app, key('g')); // ev-6, the latest, first
    press(&mut app, key('@'));
    press(&mut app, key('G')); // ev-1, the creation, second
    assert_eq!(selected(&app), "ev-1");
    press(&mut app, key('@'));
    let cv = app.case.as_ref().unwrap();
    let label = cv.as_of_label().unwrap();
    let (from, to) = label.trim_start_matches("diff ").split_once(" → ").unwrap();
    assert!(from.starts_with("2024-04-22 14:03:00 UTC"), "{label}");
    assert!(to > from, "older → newer: {label}");
    let rows = cv.field_rows(&app.domain.catalog);
    let priority = rows.iter().find(|r| r.id == "priority").expect("changed");
    assert_eq!(priority.value, "— → High");
    assert_eq!(priority.type_name, "added");
    let items = cv.as_of_items(&app.domain.catalog);
    let changes: Vec<&str> = items.iter().map(|i| i.change.unwrap().label()).collect();
    assert_eq!(changes, ["added", "added", "added"], "{items:?}");
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("DIFF 2024-04-22 14:03:00 UTC"), "{screen}");
}

#[test]
fn the_header_as_of_a_moment_shows_that_moment_never_today() {
    let mut app = loaded_case();
    let now_screen = render(&mut app, 160, 45);
    assert!(now_screen.contains("updated "), "{now_screen}");
    // Before the creation (2024-04-22 14:03): nothing of the case then, and it says why.
    command(&mut app, "asof 2024-04-01T00:00:00Z");
    let screen = render(&mut app, 160, 45);
    assert!(
        screen.contains(
            "the case did not exist yet at that moment (created 2024-04-22 14:03:00 UTC)"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("did not exist yet at that moment."),
        "{screen}"
    );
    assert!(
        !screen.contains("updated "),
        "today's update time: {screen}"
    );
    assert!(!screen.contains("● Open"), "today's status: {screen}");
    // After the creation: the status, title and last change as the history has them then.
    command(&mut app, "asof 2024-04-29T09:00:00Z");
    let screen = render(&mut app, 160, 45);
    let header: String = screen.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(header.contains("● Open"), "{header}");
    assert!(header.contains("last change "), "{header}");
    assert!(
        !header.contains("updated "),
        "today's update time: {header}"
    );
    assert!(!header.contains("did not exist"), "{header}");
}

#[test]
fn asof_reads_iso_local_and_relative_times_and_refuses_others() {
    let mut app = loaded_case();
    // now() is 2024-04-30 ... : 2 days ago is before the comment and ev-3.
    command(&mut app, "asof 2024-04-29T09:00:00Z");
    let cv = app.case.as_ref().unwrap();
    let rows = cv.field_rows(&app.domain.catalog);
    assert_eq!(rows.iter().find(|r| r.id == "priority").unwrap().value, "—");
    assert_eq!(
        cv.as_of_items(&app.domain.catalog).len(),
        1,
        "the custom item only"
    );
    command(&mut app, "asof 1h");
    let cv = app.case.as_ref().unwrap();
    let rows = cv.field_rows(&app.domain.catalog);
    assert_eq!(
        rows.iter().find(|r| r.id == "priority").unwrap().value,
        "High"
    );
    command(&mut app, "asof last tuesday");
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(
        status.text.contains("'last tuesday' is not a time"),
        "{}",
        status.text
    );
    assert!(
        app.case.as_ref().unwrap().as_of.is_some(),
        "the moment shown stays"
    );
    command(&mut app, "asof");
    assert!(
        app.status
            .clone()
            .unwrap()
            .text
            .contains(":asof needs a time")
    );
    command(&mut app, "asof now");
    assert!(app.case.as_ref().unwrap().as_of.is_none());
}

#[test]
fn asof_waits_for_the_whole_history_and_says_so() {
    let mut app = loaded_list();
    let cmds = app.update(code(KeyCode::Enter));
    // Everything but the later audit pages.
    let (audit, rest): (Vec<_>, Vec<_>) = cmds.into_iter().partition(|c| {
        matches!(
            c,
            cases_tui::app::Cmd::Service(cases_tui::app::ServiceCmd::LoadAudit { .. })
        )
    });
    answer(&mut app, rest);
    let first = match &audit[0] {
        cases_tui::app::Cmd::Service(cases_tui::app::ServiceCmd::LoadAudit { req, .. }) => *req,
        _ => unreachable!(),
    };
    let more = app.update(Msg::AuditLoaded {
        req: first,
        result: Ok(audit_page()),
    });
    assert_eq!(more.len(), 1, "{more:?}");
    let cv = app.case.as_ref().unwrap();
    assert!(
        cv.audit.incomplete().is_some(),
        "{:?}",
        cv.audit.list.next_token
    );
    command(&mut app, "asof 1d");
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("loading the history (6 / …)"), "{screen}");
    assert!(
        screen.contains("rebuilt from the whole history"),
        "{screen}"
    );
    answer(&mut app, more);
    let screen = render(&mut app, 160, 45);
    assert!(
        !screen.contains("rebuilt from the whole history"),
        "{screen}"
    );
    assert!(screen.contains("AS OF"), "{screen}");
}

/// The header line naming the moment, at `width` columns.
fn banner(app: &mut cases_tui::app::App, width: u16) -> String {
    let screen = render(app, width, 45);
    screen
        .lines()
        .find(|l| l.contains("AS OF") || l.contains("DIFF"))
        .unwrap_or_else(|| panic!("no banner:\n{screen}"))
        .to_string()
}

#[test]
fn a_narrow_header_keeps_both_moments_and_the_status_and_drops_whole_parts() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    for _ in 0..3 {
        press(&mut app, key('j'));
    }
    press(&mut app, key('@'));
    let wide = banner(&mut app, 140);
    for part in [
        "AS OF 2024-04-30 16:40:00 UTC (after RelatedItem.Created by maria.lopez)",
        "editing off",
        "● Open",
        "ref unknown",
    ] {
        assert!(wide.contains(part), "{part} missing: {wide}");
    }
    // At 80 columns the event the moment follows goes first, then the editing note: the status,
    // reference and id stay, and what is left out is said with `…`, never a cut word.
    let narrow = banner(&mut app, 80);
    assert!(narrow.width() <= 80, "{narrow}");
    assert_eq!(
        narrow,
        " AS OF 2024-04-30 16:40:00 UTC  ·  ● Open  ·  ref unknown  ·  id c-1001 …"
    );

    // A diff names both moments at any width: in full, then the times only, then short times.
    press(&mut app, key('G'));
    press(&mut app, key('@'));
    assert!(banner(&mut app, 240).contains(
        "DIFF 2024-04-22 14:03:00 UTC (after Case.Created by ConnectCasesIntake) → \
             2024-04-30 16:40:00 UTC (after RelatedItem.Created by maria.lopez) · editing off"
    ));
    assert_eq!(
        banner(&mut app, 140),
        " DIFF 2024-04-22 14:03:00 UTC → 2024-04-30 16:40:00 UTC · editing off · Esc returns to \
         now  ·  id c-1001"
    );
    let narrow = banner(&mut app, 80);
    assert!(
        narrow.starts_with(" DIFF 2024-04-22 14:03:00 UTC → 2024-04-30 16:40:00 UTC  ·  "),
        "{narrow}"
    );
    assert!(narrow.width() <= 80, "{narrow}");
    let narrower = banner(&mut app, 50);
    assert!(
        narrower.starts_with(" DIFF 04-22 14:03 → 04-30 16:40"),
        "{narrower}"
    );
    assert!(narrower.ends_with(" …"), "{narrower}");
}
