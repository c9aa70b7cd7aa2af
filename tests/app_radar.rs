//! The SLA radar driven headlessly on the feed screen: open SLAs across cases sorted by urgency
//! and readable without colour, titles looked up, `e` into the SLA target editor, staged and
//! reviewed old → new, the radar loaded again after the send, `Enter` into the case at the SLA,
//! and `e` refused in a read-only session.

mod app_support;

use app_support::*;
use cases_tui::app::feed::FeedFocus;
use cases_tui::app::staging::Overlay;
use cases_tui::app::{App, AppContext, Cmd, Msg, Pane, Scope, Screen, ServiceCmd, TerminalCmd};
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
    answer_with(app, cmds, &open_slas()).0
}

/// Answers like `answer`, with `slas` as the radar's open SLAs and the title of each case:
/// the full loads answered and the cases whose title the radar asked for.
fn answer_with(app: &mut App, cmds: Vec<Cmd>, slas: &[CaseItem]) -> (usize, Vec<String>) {
    let mut loads = 0;
    let mut titles = Vec::new();
    let mut queue = cmds;
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::LoadOpenSlas { req, .. }) => {
                loads += 1;
                Msg::OpenSlasLoaded {
                    req,
                    result: Ok(slas.to_vec()),
                }
            }
            Cmd::Service(ServiceCmd::GetCase {
                req,
                case_id,
                field_ids,
                ..
            }) => {
                if field_ids == ["title"] {
                    titles.push(case_id.clone());
                }
                Msg::CaseLoaded {
                    req,
                    result: Ok(titled(&case_id)),
                }
            }
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
    (loads, titles)
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
    // The three read in full and the fixture case's SLA, which the feed's own read saw.
    assert!(screen.contains("4 open · 1 breached"), "{screen}");
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

fn loads(cmds: &[Cmd]) -> usize {
    cmds.iter()
        .filter(|c| matches!(c, Cmd::Service(ServiceCmd::LoadOpenSlas { .. })))
        .count()
}

#[test]
fn the_radar_is_read_in_full_every_reload_interval_and_on_r_but_never_twice_at_once() {
    let mut app = radar_app(ctx());
    let feed = app.feed.as_ref().unwrap();
    let (refresh, reload) = (feed.refresh_ticks, feed.radar.reload_ticks);
    assert_eq!(reload, 600, "60 s by default");
    assert!(refresh < reload);
    // Two reload intervals of ticks: the feed refreshes every 15 s; the radar is read again
    // once, when its 60 s are up, and not again while that read is unanswered.
    let (mut refreshes, mut held) = (0, Vec::new());
    for _ in 0..2 * reload {
        let cmds = app.update(Msg::Tick);
        if cmds
            .iter()
            .any(|c| matches!(c, Cmd::Service(ServiceCmd::SearchAllRelated { .. })))
        {
            refreshes += 1;
        }
        let (radar, rest): (Vec<_>, Vec<_>) = cmds
            .into_iter()
            .partition(|c| matches!(c, Cmd::Service(ServiceCmd::LoadOpenSlas { .. })));
        if held.is_empty() {
            // Until the reload is due the feed refreshes without it.
            assert!(
                radar.is_empty() || refreshes >= (reload / refresh) as usize,
                "{radar:?}"
            );
        }
        held.extend(radar);
        answer_radar(&mut app, rest);
    }
    assert!(refreshes >= 6, "{refreshes} refreshes");
    assert_eq!(held.len(), 1, "{held:?}");
    // The pane says how old its SLA list is.
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("SLAs read 120 s ago"), "{screen}");
    // `r` while that load is unanswered: the activity refreshes, the radar waits for its answer.
    let again = app.update(key('r'));
    assert_eq!(loads(&again), 0, "{again:?}");
    answer_radar(&mut app, again);
    answer_radar(&mut app, held);
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("SLAs read 0 s ago"), "{screen}");
    // `r` reads it at once, whatever the interval.
    let again = app.update(key('r'));
    assert_eq!(loads(&again), 1, "{again:?}");
}

#[test]
fn an_open_sla_the_feeds_refresh_reads_reaches_the_radar_at_once() {
    let mut app = radar_app(ctx());
    let ticks = app.feed.as_ref().unwrap().refresh_ticks;
    let mut cmds = Vec::new();
    for _ in 0..ticks + 1 {
        cmds.extend(app.update(Msg::Tick));
    }
    assert_eq!(loads(&cmds), 0, "{cmds:?}");
    let mut rest = Vec::new();
    for cmd in cmds {
        match cmd {
            Cmd::Service(ServiceCmd::SearchAllRelated { req, .. }) => {
                let mut page = feed_page(&[]);
                let mut fresh = open_sla("c-new", "s-new", "First reply", 2);
                fresh.item.association_time = Some(now());
                page.items.insert(0, fresh);
                rest.extend(app.update(Msg::FeedItemsLoaded {
                    req,
                    result: Ok(page),
                }));
            }
            other => rest.push(other),
        }
    }
    let radar = &app.feed.as_ref().unwrap().radar;
    let at = radar
        .rows()
        .iter()
        .position(|r| r.item.id == "s-new")
        .expect("the new SLA on the radar");
    // Sorted in: after the breached one, before the one due in 4 min.
    assert_eq!(radar.rows()[at - 1].item.id, "s-breached");
    assert_eq!(radar.rows()[at + 1].item.id, "s-soon");
    answer_radar(&mut app, rest);
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("due in 2 min"), "{screen}");
}

#[test]
fn only_the_titles_of_rows_in_view_are_asked_for_and_scrolling_asks_for_the_next() {
    let slas: Vec<CaseItem> = (0..300)
        .map(|i| {
            open_sla(
                &format!("c-{i:03}"),
                &format!("s-{i:03}"),
                "Resolve",
                10 + i,
            )
        })
        .collect();
    let mut app = App::new(ctx());
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    let cmds = app.update(key('F'));
    let (_, first) = answer_with(&mut app, cmds, &slas);
    // Before a frame says what fits, a screenful and a page below: far from every case.
    assert!(!first.is_empty() && first.len() <= 60, "{first:?}");
    // The most urgent first: the first eight in flight are the top rows' cases.
    let top: Vec<String> = (0..8).map(|i| format!("c-{i:03}")).collect();
    assert!(first.iter().take(1).all(|c| top.contains(c)), "{first:?}");
    assert!(first.contains(&"c-000".to_string()), "{first:?}");
    let cmds = app.update(key('2'));
    answer_with(&mut app, cmds, &slas);
    render(&mut app, 160, 40);
    let page = app.feed.as_ref().unwrap().radar.cursor.page();
    // The frame's view: the rows it shows and a page below are known, nothing further.
    let cmds = app.update(Msg::Tick);
    let (_, more) = answer_with(&mut app, cmds, &slas);
    let asked: std::collections::HashSet<String> = first.iter().chain(&more).cloned().collect();
    for i in 0..2 * page {
        assert!(asked.contains(&format!("c-{i:03}")), "row {i} of {asked:?}");
    }
    assert!(asked.len() < 100, "{} asked for", asked.len());
    let screen = render(&mut app, 160, 40);
    assert!(!screen.contains("loading title"), "{screen}");
    // Scrolling down: the next rows' titles are asked for, a few pages further.
    let mut later = Vec::new();
    for _ in 0..4 {
        let cmds = app.update(code(KeyCode::PageDown));
        later.extend(answer_with(&mut app, cmds, &slas).1);
        render(&mut app, 160, 40);
        let cmds = app.update(Msg::Tick);
        later.extend(answer_with(&mut app, cmds, &slas).1);
    }
    assert!(!later.is_empty());
    assert!(later.iter().all(|c| !asked.contains(c)), "{later:?}");
    let selected = app.feed.as_ref().unwrap().radar.cursor.selected;
    assert!(
        later.contains(&format!("c-{selected:03}")),
        "{selected} in {later:?}"
    );
    let total = asked.len() + later.len();
    assert!(total < 200, "{total} of 300 asked for");
    let screen = render(&mut app, 160, 40);
    assert!(!screen.contains("loading title"), "{screen}");
}

#[test]
fn the_radar_reload_interval_comes_from_the_config_and_nonsense_is_refused() {
    use std::path::Path;
    let c = cases_tui::config::parse(
        "[feed]\nradar_reload_seconds = 300\n",
        Path::new("config.toml"),
    )
    .unwrap();
    assert_eq!(c.radar_reload_seconds, 300);
    let app = radar_app(AppContext {
        radar_reload_seconds: c.radar_reload_seconds,
        ..ctx()
    });
    assert_eq!(app.feed.as_ref().unwrap().radar.reload_ticks, 3000);
    for bad in ["0", "3601", "-2"] {
        let err = cases_tui::config::parse(
            &format!("[feed]\nradar_reload_seconds = {bad}\n"),
            Path::new("config.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("feed.radar_reload_seconds"), "{err}");
        assert!(err.contains("from 1 to 3600 (default 60)"), "{err}");
    }
    assert_eq!(
        cases_tui::config::parse("", Path::new("config.toml"))
            .unwrap()
            .radar_reload_seconds,
        60
    );
}

#[test]
fn y_on_the_radar_copies_the_radar_rows_case_id_not_the_activity_panes() {
    let mut app = radar_app(ctx());
    press(&mut app, key('j'));
    let feed = app.feed.as_ref().unwrap();
    assert_eq!(feed.radar.selected().unwrap().case_id, "c-soon");
    // The activity pane has a row of another case selected.
    let activity = feed.activity.selected().map(|r| r.case_id.clone());
    assert!(
        activity.as_deref().is_some_and(|c| c != "c-soon"),
        "{activity:?}"
    );
    let cmds = app.update(key('y'));
    assert!(
        matches!(&cmds[..], [Cmd::Terminal(TerminalCmd::Yank(id))] if id == "c-soon"),
        "{cmds:?}"
    );
}

#[test]
fn read_only_help_on_the_radar_says_why_e_is_unavailable_in_full() {
    let mut app = radar_app(AppContext {
        read_only: true,
        ..ctx()
    });
    press(&mut app, key('?'));
    for (w, h) in [(140, 45), (100, 40), (80, 24)] {
        let screen = render(&mut app, w, h);
        // At 80 columns help's two columns cut long descriptions, never the reason.
        assert!(
            w < 100 || screen.contains("extend the SLA's target (staged)"),
            "{w}x{h}:\n{screen}"
        );
        assert!(
            screen.contains("(unavailable: read-only)"),
            "{w}x{h}:\n{screen}"
        );
    }
}

#[test]
fn help_on_the_radar_and_the_activity_pane_lists_r_once() {
    let mut app = radar_app(ctx());
    for pane in ['2', '1'] {
        let cmds = app.update(key(pane));
        answer_radar(&mut app, cmds);
        let r: Vec<_> = app
            .help_sections()
            .into_iter()
            .flat_map(|(_, rows)| rows)
            .filter(|(k, _)| k == "r")
            .collect();
        assert_eq!(r, [("r".to_string(), "refresh now")], "pane {pane}");
    }
}
