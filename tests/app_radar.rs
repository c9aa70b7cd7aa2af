//! The SLA radar driven headlessly on the feed screen: open SLAs across cases sorted by urgency
//! and readable without colour, titles looked up, `e` into the SLA target editor, staged and
//! reviewed old → new, the radar loaded again after the send, `Enter` into the case at the SLA,
//! and `e` refused in a read-only session.

mod app_support;

use app_support::*;
use cases_tui::app::feed::FeedFocus;
use cases_tui::app::staging::Overlay;
use cases_tui::app::{App, AppContext, Cmd, Msg, Pane, Scope, Screen, ServiceCmd};
use cases_tui::model::{Case, CaseItem, FieldEntry, FieldValue};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn open_slas() -> Vec<CaseItem> {
    vec![
        open_sla("c-later", "s-later", "Resolve", 300),
        open_sla("c-soon", "s-soon", "First reply", 4),
        open_sla("c-breached", "s-breached", "Resolve", -12),
    ]
}

fn titled(id: &str) -> Case {
    let title = match id {
        "c-soon" => "Printer on fire",
        "c-breached" => "Refund never arrived",
        "c-later" => "Invoice disputed",
        _ => return full_case(),
    };
    Case {
        id: id.into(),
        template_id: "t".into(),
        fields: vec![FieldEntry::new("title", FieldValue::String(title.into()))],
        tags: Default::default(),
    }
}

/// Answers like `answer`, with the radar's open SLAs and the title of each case.
fn answer_radar(app: &mut App, cmds: Vec<Cmd>) -> usize {
    let mut loads = 0;
    let mut queue = cmds;
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::LoadOpenSlas { req, .. }) => {
                loads += 1;
                Msg::OpenSlasLoaded {
                    req,
                    result: Ok(open_slas()),
                }
            }
            Cmd::Service(ServiceCmd::GetCase { req, case_id, .. }) => Msg::CaseLoaded {
                req,
                result: Ok(titled(&case_id)),
            },
            // The save flow, so what follows a send comes back here.
            Cmd::Service(ServiceCmd::CheckDraft(draft)) => Msg::DraftChecked {
                key: draft.key.clone(),
                result: Ok(cases_tui::edit::Check::Fresh(draft.content())),
            },
            Cmd::Service(ServiceCmd::SendDraft { draft, .. }) => Msg::DraftSent {
                result: Ok(draft.item_id.clone().unwrap_or_default()),
                key: draft.key,
            },
            other => {
                answer(app, vec![other]);
                continue;
            }
        };
        queue.extend(app.update(msg));
    }
    loads
}

fn radar_app(ctx: AppContext) -> App {
    let mut app = App::new(ctx);
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    let cmds = app.update(key('F'));
    let loads = answer_radar(&mut app, cmds);
    assert_eq!(loads, 1, "entering the feed loads the radar once");
    let cmds = app.update(key('2'));
    answer_radar(&mut app, cmds);
    render(&mut app, 160, 40);
    app
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[test]
fn the_radar_lists_open_slas_most_urgent_first_and_says_so_without_colour() {
    let mut app = radar_app(ctx());
    assert_eq!(app.feed.as_ref().unwrap().focus, FeedFocus::Radar);
    let screen = render(&mut app, 160, 40);
    let row = |needle: &str| {
        screen
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in\n{screen}"))
    };
    let (breached, soon, later) = (
        row("breached 12 min ago"),
        row("due in 4 min"),
        row("due in 5h"),
    );
    assert!(breached < soon && soon < later, "{screen}");
    let line = |i: usize| screen.lines().nth(i).unwrap();
    assert!(line(breached).contains("!!"), "{screen}");
    assert!(line(breached).contains("Refund never arrived"), "{screen}");
    assert!(line(soon).contains("! "), "{screen}");
    assert!(line(soon).contains("Printer on fire"), "{screen}");
    assert!(screen.contains("3 open · 1 breached"), "{screen}");
    // Help lists the radar's keys from the key table.
    let sections = app.help_sections();
    let radar = sections
        .iter()
        .find(|(title, _)| *title == Scope::Radar.title())
        .expect("an SLA radar section");
    assert!(
        radar
            .1
            .iter()
            .any(|(k, d)| k == "e" && d.contains("extend")),
        "{radar:?}"
    );
}

#[test]
fn e_on_a_radar_row_stages_a_new_target_reviewed_old_to_new_and_the_radar_reloads_after_the_send() {
    let mut app = radar_app(ctx());
    press(&mut app, key('j'));
    // The SLA due in 4 min, created 2 h before its target.
    let cmds = app.update(key('e'));
    assert!(cmds.is_empty());
    assert!(
        matches!(app.staging.overlay, Some(Overlay::Sla { .. })),
        "{:?}",
        app.staging.overlay
    );
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("SLA target · First reply"), "{screen}");
    press(&mut app, ctrl('u'));
    typed(&mut app, "3h");
    press(&mut app, code(KeyCode::Enter));
    assert!(app.staging.overlay.is_none());
    assert_eq!(app.staging.staged_count(), 1);
    let draft = &app.staging.drafts()[0];
    assert_eq!(
        (draft.case_id.as_str(), draft.item_id.as_deref()),
        ("c-soon", Some("s-soon"))
    );
    press(&mut app, key('s'));
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("Target: 2h → 3h"), "{screen}");
    assert!(screen.contains("Printer on fire"), "{screen}");
    let cmds = app.update(key('y'));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Service(ServiceCmd::CheckDraft(_)))),
        "{cmds:?}"
    );
    let loads = answer_radar(&mut app, cmds);
    assert_eq!(loads, 1, "the radar loads again after the send");
    assert_eq!(app.staging.staged_count(), 0);
    assert_eq!(app.screen, Screen::Feed);
}

#[test]
fn enter_on_a_radar_row_opens_the_case_at_the_sla() {
    let mut app = App::new(ctx());
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    // The healthy service's radar: the related page's SLA, on the fixture case.
    press(&mut app, key('F'));
    press(&mut app, key('2'));
    render(&mut app, 160, 40);
    let sla = app.feed.as_ref().unwrap().radar.selected().unwrap().clone();
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.case_id, sla.case_id);
    assert_eq!(cv.focus, Pane::Related);
    assert_eq!(
        cv.selected_related(&app.domain.catalog)
            .map(|i| i.id.as_str()),
        Some(sla.item.id.as_str())
    );
    // Esc: back to the feed, on the radar where it was.
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Feed);
    assert_eq!(app.feed.as_ref().unwrap().focus, FeedFocus::Radar);
}

#[test]
fn e_on_the_radar_is_refused_in_a_read_only_session() {
    let mut app = radar_app(AppContext {
        read_only: true,
        ..ctx()
    });
    let cmds = app.update(key('e'));
    assert!(cmds.is_empty());
    assert!(app.staging.overlay.is_none());
    let status = app.status.as_ref().unwrap();
    assert!(status.text.contains("read-only"), "{}", status.text);
    let help = app.help_rows();
    let radar = help
        .iter()
        .find(|(title, _)| *title == Scope::Radar.title())
        .unwrap();
    assert!(
        radar.1.iter().any(|r| r.keys == "e" && r.unavailable),
        "{radar:?}"
    );
}

#[test]
fn the_radar_hint_line_offers_no_write_key_in_a_read_only_session() {
    let hint_line = |read_only: bool| {
        let mut app = radar_app(AppContext { read_only, ..ctx() });
        let screen = render(&mut app, 160, 40);
        screen.lines().last().unwrap().to_string()
    };
    let writable = hint_line(false);
    assert!(writable.contains("e extend"), "{writable}");
    let read_only = hint_line(true);
    assert!(read_only.contains("Enter open"), "{read_only}");
    assert!(!read_only.contains("extend"), "{read_only}");
}

#[test]
fn help_on_the_radar_lists_only_keys_that_work_there() {
    let mut app = radar_app(ctx());
    let listed = |app: &App| {
        app.help_sections()
            .into_iter()
            .flat_map(|(_, rows)| rows.into_iter().map(|(k, d)| format!("{k} {d}")))
            .collect::<Vec<_>>()
    };
    // The activity pane's filters and time are not the radar's: not listed, and do nothing.
    let radar = listed(&app);
    for key in ["f ", "x ", "t "] {
        assert!(
            !radar.iter().any(|r| r.starts_with(key)),
            "{key}: {radar:?}"
        );
    }
    assert_eq!(
        radar.iter().filter(|r| r.starts_with("Enter ")).count(),
        1,
        "{radar:?}"
    );
    assert!(radar.iter().any(|r| r == "2 SLA radar pane"), "{radar:?}");
    // The radar is not filtered: the lists' `/` is not listed, and does nothing.
    assert!(!radar.iter().any(|r| r.starts_with("/ ")), "{radar:?}");
    assert!(app.update(key('/')).is_empty());
    assert!(app.input.is_none() && app.feed.as_ref().unwrap().picker.is_none());
    let cmds = app.update(key('f'));
    assert!(cmds.is_empty());
    assert!(app.feed.as_ref().unwrap().picker.is_none());
    // On the activity pane they are listed and work.
    let cmds = app.update(key('1'));
    answer_radar(&mut app, cmds);
    let activity = listed(&app);
    for key in ["f ", "x ", "t "] {
        assert!(
            activity.iter().any(|r| r.starts_with(key)),
            "{key}: {activity:?}"
        );
    }
    let screen = render(&mut app, 160, 40);
    let hints = screen.lines().last().unwrap();
    assert!(
        hints.contains("f filter · x clear · t time · r refresh"),
        "{hints}"
    );
    app.update(key('f'));
    assert!(app.feed.as_ref().unwrap().picker.is_some());
}

#[test]
fn an_sla_row_of_the_activity_pane_shows_the_target_the_radar_read_last() {
    let mut app = App::new(ctx());
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    // The activity pane reads "First response" due 2024-05-02 14:03; by the time the radar
    // reads the open SLAs, its target is 5 minutes away (someone moved it).
    let (radar, rest): (Vec<Cmd>, Vec<Cmd>) = app
        .update(key('F'))
        .into_iter()
        .partition(|c| matches!(c, Cmd::Service(ServiceCmd::LoadOpenSlas { .. })));
    answer(&mut app, rest);
    let Some(Cmd::Service(ServiceCmd::LoadOpenSlas { req, .. })) = radar.into_iter().next() else {
        panic!("the feed loads the radar");
    };
    let mut items = feed_page(&[cases_tui::model::RelatedItemType::Sla]).items;
    for i in &mut items {
        if let cases_tui::model::RelatedContent::Sla(sla) = &mut i.item.content {
            sla.target_time = Some(now() + chrono::Duration::minutes(5));
        }
    }
    let cmds = app.update(Msg::OpenSlasLoaded {
        req,
        result: Ok(items),
    });
    answer(&mut app, cmds);
    let screen = render(&mut app, 160, 40);
    let row = screen
        .lines()
        .find(|l| l.contains("SLA added: First response"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("due in 5 min"), "{screen}");
    let radar = screen
        .lines()
        .find(|l| l.contains("First response") && !l.contains("SLA added"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(radar.contains("due in 5 min"), "{screen}");
}

#[test]
fn each_feed_refresh_loads_the_radar_again_but_never_twice_at_once() {
    let mut app = radar_app(ctx());
    let ticks = app.feed.as_ref().unwrap().refresh_ticks;
    let loads = |cmds: &[Cmd]| {
        cmds.iter()
            .filter(|c| matches!(c, Cmd::Service(ServiceCmd::LoadOpenSlas { .. })))
            .count()
    };
    let mut cmds = Vec::new();
    for _ in 0..ticks + 1 {
        cmds.extend(app.update(Msg::Tick));
    }
    assert_eq!(loads(&cmds), 1, "{cmds:?}");
    // `r` while that load is unanswered: the activity refreshes, the radar waits for its answer.
    let again = app.update(key('r'));
    assert_eq!(loads(&again), 0, "{again:?}");
    answer_radar(&mut app, cmds);
    let again = app.update(key('r'));
    assert_eq!(loads(&again), 1, "{again:?}");
}
