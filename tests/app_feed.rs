//! The activity feed driven headlessly: `F`/`:feed`, filters with type-ahead pickers, `Enter`
//! into a case and `Esc` back, pausing while covered, masking and hostile rows.

mod app_support;

use app_support::*;
use cases_tui::app::feed::{Changes, FeedFocus, FeedRow, RowKind};
use cases_tui::app::{App, Cmd, Msg, Pane, Screen, ServiceCmd};
use cases_tui::model::{
    AuditEvent, AuditField, Case, CaseItem, FieldEntry, FieldValue, Page, Performer,
    RelatedContent, RelatedItem, RelatedItemType,
};
use chrono::Duration;
use ratatui::crossterm::event::KeyCode;

fn feed_app() -> App {
    let mut app = loaded_list();
    press(&mut app, key('F'));
    render(&mut app, 160, 40);
    app
}

/// Answers `cmds` like `answer`, with `items` and `cases` added at the top of the feed's first
/// pages.
fn answer_with(app: &mut App, cmds: Vec<Cmd>, items: &[CaseItem], cases: &[Case]) {
    let mut queue = cmds;
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::SearchAllRelated {
                req,
                types,
                next_token: None,
                ..
            }) => {
                let mut page = feed_page(&types);
                let mut all = items.to_vec();
                all.extend(page.items);
                page.items = all;
                Msg::FeedItemsLoaded {
                    req,
                    result: Ok(page),
                }
            }
            Cmd::Service(ServiceCmd::SearchCases {
                req,
                next_token: None,
                ..
            }) => {
                let mut page = cases_page();
                let mut all = cases.to_vec();
                all.extend(page.items);
                page.items = all;
                Msg::CasesLoaded {
                    req,
                    result: Ok(page),
                }
            }
            other => {
                answer(app, vec![other]);
                continue;
            }
        };
        queue.extend(app.update(msg));
    }
}

fn comment(id: &str, case: &str, body: &str, minutes_ago: i64, by: &str) -> CaseItem {
    CaseItem {
        case_id: case.into(),
        item: RelatedItem {
            id: id.into(),
            item_type: RelatedItemType::Comment,
            association_time: Some(now() - Duration::minutes(minutes_ago)),
            content: RelatedContent::Comment {
                body: body.into(),
                content_type: "Text/Plain".into(),
            },
            tags: Default::default(),
            performed_by: Some(Performer::CustomEntity(by.into())),
        },
    }
}

/// The selected activity row.
fn selected_row(app: &App) -> FeedRow {
    app.feed
        .as_ref()
        .unwrap()
        .activity
        .selected()
        .unwrap()
        .clone()
}

fn selected_key(app: &App) -> String {
    selected_row(app).key
}

/// Moves the selection to the row with `key`.
fn select(app: &mut App, key_: &str) {
    let pos = {
        let a = &app.feed.as_ref().unwrap().activity;
        a.visible
            .iter()
            .position(|&i| a.rows[i].key == key_)
            .unwrap_or_else(|| panic!("{key_} not on show"))
    };
    press(app, code(KeyCode::Home));
    for _ in 0..pos {
        press(app, key('j'));
    }
    assert_eq!(selected_key(app), key_);
}

#[test]
fn f_from_the_case_list_shows_activity_from_several_cases() {
    let mut app = feed_app();
    assert_eq!(app.screen, Screen::Feed);
    let screen = render(&mut app, 160, 40);
    for expected in [
        "Activity",
        "SLA radar",
        "Duplicate charge on card",
        "Refund not received",
        "case updated: status Open",
        "comment added: Called the customer back.",
        "SLA added: First response",
        "maria.lopez",
        "updated 0 s ago",
        "2 requests last refresh",
        "later edits are not dated or read again",
    ] {
        assert!(screen.contains(expected), "{expected} missing:\n{screen}");
    }
    // The comment's first line only.
    assert!(!screen.contains("They confirm the parcel"), "{screen}");
}

#[test]
fn feed_command_opens_the_feed_and_esc_returns_to_the_case_list() {
    let mut app = loaded_list();
    press(&mut app, key(':'));
    let cmds = typed(&mut app, "feed");
    answer(&mut app, cmds);
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Feed);
    assert!(!app.feed.as_ref().unwrap().activity.visible.is_empty());
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Cases);
}

#[test]
fn tab_and_number_keys_move_between_activity_and_radar() {
    let mut app = feed_app();
    let focus = |app: &App| app.feed.as_ref().unwrap().focus;
    assert_eq!(focus(&app), FeedFocus::Activity);
    press(&mut app, code(KeyCode::Tab));
    assert_eq!(focus(&app), FeedFocus::Radar);
    press(&mut app, code(KeyCode::BackTab));
    assert_eq!(focus(&app), FeedFocus::Activity);
    press(&mut app, key('2'));
    assert_eq!(focus(&app), FeedFocus::Radar);
    press(&mut app, key('1'));
    assert_eq!(focus(&app), FeedFocus::Activity);
}

#[test]
fn the_type_filter_asks_the_service_and_the_performer_filter_narrows_loaded_rows() {
    let mut app = feed_app();
    press(&mut app, key('f'));
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("Filter the feed by"), "{screen}");
    assert!(
        screen.contains("paused while the filter picker is open"),
        "{screen}"
    );
    let cmds = typed(&mut app, "typ");
    answer(&mut app, cmds);
    press(&mut app, code(KeyCode::Enter));
    assert!(typed(&mut app, "comm").is_empty());
    let cmds = app.update(code(KeyCode::Enter));
    // Server-side: only comments are asked for, and SearchCases is not asked at all.
    assert!(
        cmds.iter().any(|c| matches!(c,
            Cmd::Service(ServiceCmd::SearchAllRelated { types, .. }) if types == &[RelatedItemType::Comment])),
        "{cmds:?}"
    );
    assert!(
        !cmds
            .iter()
            .any(|c| matches!(c, Cmd::Service(ServiceCmd::SearchCases { .. }))),
        "{cmds:?}"
    );
    answer(&mut app, cmds);
    let feed = app.feed.as_ref().unwrap();
    assert_eq!(
        feed.activity.filters.kind,
        Some(RowKind::Item(RelatedItemType::Comment))
    );
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("type: Comment (server)"), "{screen}");
    assert!(screen.contains("comment added"), "{screen}");
    assert!(!screen.contains("case updated"), "{screen}");
    assert!(!screen.contains("SLA added"), "{screen}");

    // `x` clears: every kind again.
    press(&mut app, key('x'));
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("case updated"), "{screen}");

    // Performer: over the loaded rows, no request.
    press(&mut app, key('f'));
    let cmds = typed(&mut app, "perf");
    answer(&mut app, cmds);
    press(&mut app, code(KeyCode::Enter));
    assert!(typed(&mut app, "mari").is_empty());
    let cmds = app.update(code(KeyCode::Enter));
    assert!(
        !cmds.iter().any(|c| matches!(c, Cmd::Service(_))),
        "{cmds:?}"
    );
    let screen = render(&mut app, 160, 40);
    assert!(
        screen.contains("who: maria.lopez (loaded rows)"),
        "{screen}"
    );
    assert!(!screen.contains("case updated"), "{screen}");
    let a = &app.feed.as_ref().unwrap().activity;
    assert!(!a.visible.is_empty());
    assert!(
        a.visible
            .iter()
            .all(|&i| a.rows[i].who_name() == "maria.lopez")
    );
}

#[test]
fn a_filter_nothing_matches_says_so_and_how_to_clear_it() {
    let mut app = feed_app();
    press(&mut app, key('f'));
    let cmds = typed(&mut app, "queue");
    answer(&mut app, cmds);
    press(&mut app, code(KeyCode::Enter));
    // No case has a queue: the picker offers only "any", and says nothing matches a name.
    assert!(typed(&mut app, "zzz").is_empty());
    press(&mut app, code(KeyCode::Enter));
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("No value matches 'zzz'"), "{screen}");
    press(&mut app, code(KeyCode::Esc));
    assert!(app.feed.as_ref().unwrap().picker.is_none());
}

#[test]
fn enter_opens_the_case_at_the_item_and_esc_comes_back_to_the_feed_where_it_was() {
    let mut app = feed_app();
    select(&mut app, "i:ri-comment");
    let before = app.feed.as_ref().unwrap().activity.cursor.selected;
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.case_id, CASE);
    assert_eq!(cv.focus, Pane::Related);
    let item = cv.selected_related(&app.domain.catalog).unwrap();
    assert_eq!(item.id, "ri-comment");

    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Feed);
    assert!(app.case.is_none());
    assert_eq!(app.feed.as_ref().unwrap().activity.cursor.selected, before);
    assert_eq!(selected_key(&app), "i:ri-comment");

    // A case-update row opens the case at its history; Backspace comes back too.
    let case_row = {
        let a = &app.feed.as_ref().unwrap().activity;
        let i = a
            .visible
            .iter()
            .find(|&&i| a.rows[i].kind() == RowKind::CaseUpdated)
            .unwrap();
        a.rows[*i].key.clone()
    };
    select(&mut app, &case_row);
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    assert_eq!(app.case.as_ref().unwrap().focus, Pane::Audit);
    press(&mut app, code(KeyCode::Backspace));
    assert_eq!(app.screen, Screen::Feed);
    assert_eq!(selected_key(&app), case_row);
}

#[test]
fn a_selected_case_update_says_what_changed_or_that_its_history_does_not_tell() {
    let mut app = feed_app();
    // The newest row is a case update: its history is asked for at once.
    let row = selected_row(&app);
    assert_eq!(row.kind(), RowKind::CaseUpdated);
    press(&mut app, key('j'));
    let cmds = app.update(key('k'));
    assert!(cmds.is_empty(), "asked once per row: {cmds:?}");
    let screen = render(&mut app, 160, 40);
    // The canned history, read to its end, holds no event at that time: said, not guessed.
    assert!(
        screen.contains("case updated: its history (6 events) holds no event at that time"),
        "{screen}"
    );
}

#[test]
fn new_rows_above_keep_the_selected_row_and_are_counted() {
    let mut app = feed_app();
    select(&mut app, "i:ri-comment");
    let cmds = app.update(key('r'));
    answer_with(
        &mut app,
        cmds,
        &[
            comment("new-1", "c-1002", "Still looping", 5, "sam"),
            comment("new-2", "c-1006", "Refund issued", 2, "ana"),
        ],
        &[],
    );
    assert_eq!(selected_key(&app), "i:ri-comment");
    let feed = app.feed.as_ref().unwrap();
    assert_eq!(feed.activity.new_count, 2);
    assert_eq!(feed.reading.last_requests, Some(2));
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("2 new ↑"), "{screen}");
    assert!(screen.contains("comment added: Refund issued"), "{screen}");
    // Going to the top sees them.
    press(&mut app, code(KeyCode::Home));
    assert_eq!(app.feed.as_ref().unwrap().activity.new_count, 0);
}

#[test]
fn a_refresh_walks_every_page_of_new_rows_down_to_the_known_ones() {
    let mut app = feed_app();
    select(&mut app, "i:ri-comment");
    // 60 comments since the last refresh, a second apart: three pages of the 25 the feed asks
    // for, the third ending at rows it knows.
    let fresh: Vec<CaseItem> = (0..60)
        .map(|i| {
            let mut c = comment(&format!("new-{i:02}"), "c-1002", "Called back", 0, "sam");
            c.item.association_time = Some(now() - Duration::seconds(i));
            c
        })
        .collect();
    let mut queue = app.update(key('r'));
    let mut pages = 0;
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::SearchAllRelated {
                req, next_token, ..
            }) => {
                pages += 1;
                let (items, next) = match next_token.as_deref() {
                    None => (fresh[..25].to_vec(), Some("p2")),
                    Some("p2") => (fresh[25..50].to_vec(), Some("p3")),
                    Some("p3") => {
                        let mut rows = fresh[50..].to_vec();
                        rows.extend(feed_page(&[]).items);
                        (rows, None)
                    }
                    Some(other) => panic!("no page {other}"),
                };
                Msg::FeedItemsLoaded {
                    req,
                    result: Ok(Page {
                        items,
                        next_token: next.map(str::to_string),
                    }),
                }
            }
            other => {
                answer(&mut app, vec![other]);
                continue;
            }
        };
        queue.extend(app.update(msg));
    }
    assert_eq!(pages, 3, "the walk reads down to the known rows");
    let feed = app.feed.as_ref().unwrap();
    for c in &fresh {
        let key_ = format!("i:{}", c.item.id);
        assert!(
            feed.activity.rows.iter().any(|r| r.key == key_),
            "{key_} arrived"
        );
    }
    assert_eq!(feed.activity.new_count, 60);
    assert_eq!(selected_key(&app), "i:ri-comment");
    assert_eq!(
        feed.reading.last_requests,
        Some(4),
        "3 item pages, 1 cases page"
    );
}

#[test]
fn the_feed_refreshes_on_its_own_and_pauses_while_covered() {
    let mut app = feed_app();
    let ticks = app.feed.as_ref().unwrap().refresh_ticks;
    let refreshes = |cmds: &[Cmd]| {
        cmds.iter()
            .any(|c| matches!(c, Cmd::Service(ServiceCmd::SearchAllRelated { .. })))
    };
    // The picker covers it: no refresh however long it stays open.
    press(&mut app, key('f'));
    let mut cmds = Vec::new();
    for _ in 0..ticks * 2 {
        cmds.extend(app.update(Msg::Tick));
    }
    assert!(!refreshes(&cmds), "{cmds:?}");
    press(&mut app, code(KeyCode::Esc));
    // The help overlay too.
    press(&mut app, key('?'));
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("Activity feed"), "{screen}");
    let mut cmds = Vec::new();
    for _ in 0..ticks {
        cmds.extend(app.update(Msg::Tick));
    }
    assert!(!refreshes(&cmds), "{cmds:?}");
    press(&mut app, key('?'));
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("updated 45 s ago"), "{screen}");
    // Uncovered: the next tick refreshes.
    let cmds = app.update(Msg::Tick);
    assert!(refreshes(&cmds), "{cmds:?}");
    answer(&mut app, cmds);
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("updated 0 s ago"), "{screen}");
}

#[test]
fn masking_hides_personal_data_in_rows_and_hostile_rows_are_drawn_safely() {
    let mut app = feed_app();
    let hostile_case = Case {
        id: "c-evil".into(),
        template_id: "t".into(),
        fields: vec![
            FieldEntry::new(
                "title",
                FieldValue::String("\x1b[2J\x07Evil \u{202e}title".into()),
            ),
            FieldEntry::new(
                "last_updated_datetime",
                FieldValue::String("2024-05-01T11:58:00Z".into()),
            ),
        ],
        tags: Default::default(),
    };
    let mut bad_time = hostile_case.clone();
    bad_time.id = "c-bad-time".into();
    bad_time.fields[1].value = FieldValue::String("not a time".into());
    let mut no_time = comment("no-time", "c-ghost", "x", 0, "\x1b]0;pwned\x07bot");
    no_time.item.association_time = None;
    let cmds = app.update(key('r'));
    answer_with(
        &mut app,
        cmds,
        &[
            comment(
                "mail",
                CASE,
                "Write to jane.doe@example.com or +44 20 7946 0958",
                1,
                "sam",
            ),
            comment("huge", CASE, &"A".repeat(200_000), 3, "sam"),
            no_time,
        ],
        &[hostile_case, bad_time],
    );
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("jane.doe@example.com"), "{screen}");
    press(&mut app, key('m'));
    let screen = render(&mut app, 160, 40);
    assert!(!screen.contains("jane.doe@example.com"), "{screen}");
    assert!(!screen.contains("7946 0958"), "{screen}");
    assert!(
        !screen.contains('\x1b') && !screen.contains('\x07'),
        "{screen}"
    );
    assert!(screen.contains("Evil"), "{screen}");
    // A row without a time is held back until every older page is read: never a guess.
    assert!(!screen.contains("time unknown"), "{screen}");
    press(&mut app, code(KeyCode::End));
    let a = &app.feed.as_ref().unwrap().activity;
    assert!(
        a.rows
            .iter()
            .any(|r| r.key == "i:no-time" && r.time.is_none())
    );
    assert!(
        a.rows
            .iter()
            .any(|r| r.case_id == "c-bad-time" && r.time.is_none())
    );
    // Every page read: they show last, saying their time is unknown.
    let last = *a.visible.last().unwrap();
    assert!(a.rows[last].time.is_none());
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("time unknown"), "{screen}");
    assert!(
        !screen.contains('\x1b') && !screen.contains('\x07'),
        "{screen}"
    );
}

#[test]
fn an_error_from_the_service_is_shown_and_keeps_the_rows() {
    let mut app = feed_app();
    let rows = app.feed.as_ref().unwrap().activity.visible.len();
    let cmds = app.update(key('r'));
    for cmd in cmds {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::SearchAllRelated { req, .. }) => Msg::FeedItemsLoaded {
                req,
                result: Err(cases_tui::aws::GatewayError::Throttled("slow down".into())),
            },
            Cmd::Service(ServiceCmd::SearchCases { req, .. }) => Msg::CasesLoaded {
                req,
                result: Ok(Page {
                    items: Vec::new(),
                    next_token: None,
                }),
            },
            _ => continue,
        };
        let cmds = app.update(msg);
        answer(&mut app, cmds);
    }
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("slow down"), "{screen}");
    assert!(app.feed.as_ref().unwrap().activity.visible.len() >= rows);
}

#[test]
fn the_refresh_interval_comes_from_the_config_and_nonsense_is_refused() {
    use std::path::Path;
    let c = cases_tui::config::parse("[feed]\nrefresh_seconds = 5\n", Path::new("config.toml"))
        .unwrap();
    assert_eq!(c.feed_refresh_seconds, 5);
    let mut app = App::new(cases_tui::app::AppContext {
        feed_refresh_seconds: c.feed_refresh_seconds,
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    press(&mut app, key('F'));
    assert_eq!(app.feed.as_ref().unwrap().refresh_ticks, 50);
    for bad in ["0", "3601", "-2"] {
        let err = cases_tui::config::parse(
            &format!("[feed]\nrefresh_seconds = {bad}\n"),
            Path::new("config.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("feed.refresh_seconds"), "{err}");
        assert!(err.contains("from 1 to 3600"), "{err}");
    }
    assert_eq!(
        cases_tui::config::parse("", Path::new("config.toml"))
            .unwrap()
            .feed_refresh_seconds,
        15
    );
}

#[test]
fn cut_titles_and_texts_end_in_an_ellipsis_at_80_columns() {
    let mut app = feed_app();
    let screen = render(&mut app, 80, 24);
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("maria.lopez"))
        .collect();
    assert!(!rows.is_empty(), "{screen}");
    for row in &rows {
        // The 22-column case column: 21 of the title's characters and `…`.
        assert!(row.contains("Refund not received f… "), "{screen}");
    }
    let comment = rows
        .iter()
        .find(|l| l.contains("comment added"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        comment.trim_end_matches(['│', '┃']).ends_with('…'),
        "{screen}"
    );
    // The note under the rows too.
    let note = screen
        .lines()
        .find(|l| l.contains("Items: time added"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(note.trim_end_matches(['│', '┃']).ends_with('…'), "{screen}");
}

#[test]
fn a_name_longer_than_the_who_column_ends_in_an_ellipsis() {
    let mut app = feed_app();
    let cmds = app.update(key('r'));
    let long = comment("cm-long", "c-1001", "Long name", 1, "AKIDLOCALCASESTUI");
    answer_with(&mut app, cmds, &[long], &[]);
    let screen = render(&mut app, 160, 40);
    let row = screen
        .lines()
        .find(|l| l.contains("Long name"))
        .unwrap_or_else(|| panic!("{screen}"));
    // 13 of its characters and `…`: a cut name never reads as a whole one.
    assert!(row.contains(" AKIDLOCALCASE… "), "{row}");
    assert!(!row.contains("AKIDLOCALCASES "), "{row}");
}

#[test]
fn a_met_sla_row_says_met_once() {
    let mut app = feed_app();
    let mut met = open_sla("c-1002", "s-met", "Refund approval", -30);
    if let RelatedContent::Sla(sla) = &mut met.item.content {
        sla.status = "Met".into();
        sla.completion_time = Some(now() - Duration::minutes(40));
    }
    let cmds = app.update(key('r'));
    answer_with(&mut app, cmds, &[met], &[]);
    let screen = render(&mut app, 160, 40);
    let row = screen
        .lines()
        .find(|l| l.contains("SLA added: Refund approval"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("Refund approval · Met "), "{screen}");
    assert!(!row.contains("· met"), "{screen}");
}

/// Answers `cmds` like `answer`, but keeps the audit history requests (the feed's lookups of
/// what changed) unanswered: `(req, case id, next token)` of each, in the order asked.
fn answer_but_history(app: &mut App, cmds: Vec<Cmd>) -> Vec<(u64, String, Option<String>)> {
    let mut asked = Vec::new();
    let mut queue = cmds;
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::LoadAudit {
                req,
                case_id,
                next_token,
                ..
            }) => {
                asked.push((req, case_id, next_token));
                continue;
            }
            Cmd::Service(ServiceCmd::SearchAllRelated { req, types, .. }) => Msg::FeedItemsLoaded {
                req,
                result: Ok(feed_page(&types)),
            },
            Cmd::Service(ServiceCmd::SearchCases { req, .. }) => Msg::CasesLoaded {
                req,
                result: Ok(cases_page()),
            },
            other => {
                answer(app, vec![other]);
                continue;
            }
        };
        queue.extend(app.update(msg));
    }
    asked
}

/// A page of history: `n` case updates a day apart, a week before `at`, then `extra`.
fn history_page(
    at: chrono::DateTime<chrono::Utc>,
    n: usize,
    extra: Vec<AuditEvent>,
    next: Option<&str>,
) -> Page<AuditEvent> {
    let mut items: Vec<AuditEvent> = (0..n)
        .map(|i| {
            status_change(
                &format!("old-{i}"),
                at - Duration::days(7 + i as i64),
                "open",
            )
        })
        .collect();
    items.extend(extra);
    Page {
        items,
        next_token: next.map(str::to_string),
    }
}

/// A case update at `at` setting the status to `to`.
fn status_change(id: &str, at: chrono::DateTime<chrono::Utc>, to: &str) -> AuditEvent {
    AuditEvent {
        id: id.into(),
        event_type: "Case.Updated".into(),
        related_item_type: None,
        performed_time: Some(at),
        fields: vec![AuditField {
            field_id: "status".into(),
            old_value: Some(FieldValue::String(
                if to == "open" { "closed" } else { "open" }.into(),
            )),
            new_value: FieldValue::String(to.into()),
        }],
        performed_by: None,
        iam_principal_arn: None,
        merge: None,
    }
}

/// The feed open on its first row, a case update, whose history was asked for and not answered.
fn feed_awaiting_history() -> (App, Vec<(u64, String, Option<String>)>) {
    let mut app = loaded_list();
    let cmds = app.update(key('F'));
    let asked = answer_but_history(&mut app, cmds);
    assert_eq!(selected_row(&app).kind(), RowKind::CaseUpdated);
    (app, asked)
}

#[test]
fn a_case_update_deep_in_a_long_history_is_found_on_its_last_page() {
    let (mut app, mut asked) = feed_awaiting_history();
    let row = selected_row(&app);
    let at = row.time.unwrap();
    // Six pages of 25: the update is the last event of the last page.
    for page in 1..=6 {
        assert_eq!(asked.len(), 1, "one page at a time: {asked:?}");
        let (req, case_id, token) = asked.remove(0);
        assert_eq!(case_id, row.case_id);
        assert_eq!(token, (page > 1).then(|| format!("p{page}")));
        let screen = render(&mut app, 160, 40);
        assert!(
            screen.contains(&format!("loading what changed… (page {page})")),
            "{screen}"
        );
        let result = if page < 6 {
            history_page(at, 25, Vec::new(), Some(&format!("p{}", page + 1)))
        } else {
            history_page(at, 24, vec![status_change("the-one", at, "closed")], None)
        };
        let cmds = app.update(Msg::AuditLoaded {
            req,
            result: Ok(result),
        });
        asked = answer_but_history(&mut app, cmds);
    }
    assert!(asked.is_empty(), "{asked:?}");
    let screen = render(&mut app, 160, 40);
    assert!(
        screen.contains("case updated: Status: Open → Closed"),
        "{screen}"
    );
    // Found once: leaving the row and coming back asks nothing again.
    press(&mut app, key('j'));
    let cmds = app.update(key('k'));
    assert!(cmds.is_empty(), "{cmds:?}");
}

#[test]
fn several_events_at_the_update_time_are_all_shown_none_picked() {
    let (mut app, asked) = feed_awaiting_history();
    let at = selected_row(&app).time.unwrap();
    let (req, _, _) = asked[0].clone();
    let both = vec![
        status_change("one", at, "closed"),
        status_change("two", at, "open"),
    ];
    let cmds = app.update(Msg::AuditLoaded {
        req,
        result: Ok(history_page(at, 3, both, Some("p2"))),
    });
    assert!(cmds.is_empty(), "found: no more pages read: {cmds:?}");
    let screen = render(&mut app, 160, 40);
    assert!(
        screen
            .contains("case updated: 2 events at that time: Status: Open → Closed | Status: Clos"),
        "{screen}"
    );
    let feed = app.feed.as_ref().unwrap();
    let row = feed.activity.selected().unwrap();
    assert!(
        matches!(&feed.changes.by_row[&row.key], Changes::Several(e) if e.len() == 2),
        "{:?}",
        feed.changes.by_row
    );
}

#[test]
fn moving_the_selection_mid_lookup_forgets_the_old_lookup() {
    let (mut app, asked) = feed_awaiting_history();
    let first = selected_row(&app);
    let (req, _, _) = asked[0].clone();
    // Page 1 of the first case's history leads on to page 2.
    let cmds = app.update(Msg::AuditLoaded {
        req,
        result: Ok(history_page(
            first.time.unwrap(),
            25,
            Vec::new(),
            Some("p2"),
        )),
    });
    let asked = answer_but_history(&mut app, cmds);
    let (old_req, _, token) = asked[0].clone();
    assert_eq!(token.as_deref(), Some("p2"));

    // Down to the next case update: its own lookup replaces the first one.
    let mut asked = Vec::new();
    loop {
        let cmds = app.update(key('j'));
        asked.extend(answer_but_history(&mut app, cmds));
        let row = selected_row(&app);
        if row.kind() == RowKind::CaseUpdated && row.key != first.key {
            break;
        }
    }
    let second = selected_row(&app);
    let (new_req, case_id, token) = asked.pop().expect("the new row's history asked for");
    assert_eq!((case_id.as_str(), token), (second.case_id.as_str(), None));
    let changes = &app.feed.as_ref().unwrap().changes;
    assert!(changes.awaits(new_req) && !changes.awaits(old_req));

    // The old lookup's page 2 arrives late, holding the first update: dropped, nothing asked,
    // nothing of it on the new row.
    let late = history_page(
        first.time.unwrap(),
        1,
        vec![status_change("first-one", first.time.unwrap(), "closed")],
        Some("p3"),
    );
    let cmds = app.update(Msg::AuditLoaded {
        req: old_req,
        result: Ok(late),
    });
    assert!(cmds.is_empty(), "{cmds:?}");
    let screen = render(&mut app, 160, 40);
    assert!(
        screen.contains("loading what changed… (page 1)"),
        "{screen}"
    );
    assert!(!screen.contains("Open → Closed"), "{screen}");
    assert!(
        !app.feed
            .as_ref()
            .unwrap()
            .changes
            .by_row
            .contains_key(&first.key),
        "the first row's lookup is forgotten"
    );

    // The new row's answer shows.
    let at = second.time.unwrap();
    let cmds = app.update(Msg::AuditLoaded {
        req: new_req,
        result: Ok(history_page(
            at,
            2,
            vec![status_change("second-one", at, "open")],
            None,
        )),
    });
    assert!(cmds.is_empty(), "{cmds:?}");
    let screen = render(&mut app, 160, 40);
    assert!(
        screen.contains("case updated: Status: Closed → Open"),
        "{screen}"
    );

    // Back on the first row: its history is read again from the start.
    let mut asked = Vec::new();
    while selected_key(&app) != first.key {
        let cmds = app.update(key('k'));
        asked.extend(answer_but_history(&mut app, cmds));
    }
    let (_, case_id, token) = asked.pop().expect("asked again");
    assert_eq!((case_id, token), (first.case_id.clone(), None));
}

#[test]
fn a_met_sla_in_the_case_says_met_once_and_its_detail_keeps_labels_apart() {
    let mut app = loaded_case();
    for item in &mut app.case.as_mut().unwrap().related.list.items {
        if let RelatedContent::Sla(sla) = &mut item.content {
            sla.status = "Met".into();
            sla.completion_time = Some(now() - Duration::minutes(40));
        }
    }
    select_related(&mut app, RelatedItemType::Sla);
    let screen = render(&mut app, 160, 40);
    let row = screen
        .lines()
        .find(|l| l.contains("First response · Met"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(!row.contains("· met"), "{row}");
    press(&mut app, code(KeyCode::Enter));
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("Time to target met"), "{screen}");
    assert!(!screen.contains("Time to targetmet"), "{screen}");
}

#[test]
fn a_case_row_says_created_only_when_it_was_and_claims_nothing_when_it_cannot_tell() {
    let mut app = feed_app();
    let mut created = list_case(
        "c-new",
        "Brand new case",
        "open",
        "59001",
        "2024-05-01T11:59:50Z",
    );
    created.fields.retain(|f| f.id != "created_datetime");
    created.fields.push(FieldEntry::new(
        "created_datetime",
        FieldValue::String("2024-05-01T11:59:50Z".into()),
    ));
    let mut unknown = list_case(
        "c-odd",
        "Case of unknown age",
        "open",
        "59002",
        "2024-05-01T11:59:55Z",
    );
    unknown.fields.retain(|f| f.id != "created_datetime");
    let cmds = app.update(key('r'));
    answer_with(&mut app, cmds, &[], &[created, unknown]);
    let screen = render(&mut app, 160, 40);
    let row = |needle: &str| {
        screen
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}:\n{screen}"))
            .to_string()
    };
    assert!(
        row("Brand new case").contains("case created: status Open"),
        "{screen}"
    );
    assert!(
        row("Case of unknown age").contains("case created or updated: status Open"),
        "{screen}"
    );
    // A case created long before its update still says updated.
    assert!(screen.contains("case updated: status Open"), "{screen}");
    // The type filter's name for these rows claims neither.
    press(&mut app, key('f'));
    let cmds = typed(&mut app, "typ");
    answer(&mut app, cmds);
    press(&mut app, code(KeyCode::Enter));
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("Case created or updated"), "{screen}");
}

#[test]
fn a_case_row_whose_history_event_is_the_creation_says_created() {
    let (mut app, asked) = feed_awaiting_history();
    let at = selected_row(&app).time.unwrap();
    let (req, _, _) = asked[0].clone();
    let mut event = status_change("the-one", at, "open");
    event.event_type = "Case.Created".into();
    event.fields[0].old_value = None;
    let cmds = app.update(Msg::AuditLoaded {
        req,
        result: Ok(history_page(at, 0, vec![event], None)),
    });
    assert!(cmds.is_empty(), "{cmds:?}");
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("case created: Status: Open"), "{screen}");
    assert!(!screen.contains("case updated: Status: Open"), "{screen}");
}

#[test]
fn one_request_is_one_request_in_the_title() {
    let mut app = feed_app();
    // A type filter reads one listing: one request when every case is known already.
    press(&mut app, key('f'));
    let cmds = typed(&mut app, "typ");
    answer(&mut app, cmds);
    press(&mut app, code(KeyCode::Enter));
    assert!(typed(&mut app, "comm").is_empty());
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(
        app.feed.as_ref().unwrap().reading.last_requests,
        Some(1),
        "the fixture's premise"
    );
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("1 request last refresh"), "{screen}");
    assert!(!screen.contains("1 requests"), "{screen}");
}

#[test]
fn filter_picker_counts_agree_with_the_rows_listed() {
    let mut app = feed_app();
    press(&mut app, key('f'));
    let screen = render(&mut app, 160, 40);
    // Four filters listed, no "any": four of four.
    assert!(screen.contains("Filter the feed by · 4 of 4"), "{screen}");
    for label in ["Type", "Performer", "Queue", "Assignee"] {
        assert!(screen.contains(label), "{label}:\n{screen}");
    }
    let cmds = typed(&mut app, "per");
    answer(&mut app, cmds);
    let screen = render(&mut app, 160, 40);
    assert!(screen.contains("Filter the feed by · 1 of 4"), "{screen}");
    press(&mut app, code(KeyCode::Enter));
    // The performers and "any", each a row and each counted.
    let names = app
        .feed
        .as_ref()
        .unwrap()
        .activity
        .seen(cases_tui::app::feed::FilterKey::Performer);
    assert!(!names.is_empty());
    let n = names.len() + 1;
    let screen = render(&mut app, 160, 40);
    assert!(
        screen.contains(&format!("Performer · {n} of {n}")),
        "{n}:\n{screen}"
    );
    assert!(screen.contains("any"), "{screen}");
    let picker = &app.feed.as_ref().unwrap().picker.as_ref().unwrap().picker;
    assert_eq!(picker.shown().len(), n);
}

#[test]
fn help_descriptions_too_long_for_an_80_column_help_end_in_an_ellipsis() {
    let mut app = feed_app();
    app.update(key('?'));
    let screen = render(&mut app, 80, 24);
    let line = screen
        .lines()
        .find(|l| l.contains("open the case at"))
        .unwrap_or_else(|| panic!("{screen}"));
    // "open the case at this item or event" does not fit its column at 80: it is cut with `…`,
    // as is every other description that does not fit.
    let description = line.split("open the case at").nth(1).unwrap();
    let description = description.split("  ").next().unwrap();
    assert_eq!(description, " this …", "{screen}");
    let cut_silently = screen
        .lines()
        .any(|l| l.contains("filter: type/who/queue/ "));
    assert!(!cut_silently, "{screen}");
}

#[test]
fn f_from_a_case_view_and_esc_come_back_to_that_case_as_it_was_left() {
    let mut app = loaded_case();
    // Follow a linked case, so there is a trail (`⌫ A ›`) to keep.
    select_related(&mut app, RelatedItemType::ConnectCase);
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(app.case.as_ref().unwrap().case_id, "c-0987");
    press(&mut app, key('F'));
    assert_eq!(app.screen, Screen::Feed);
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Case);
    assert_eq!(app.case.as_ref().unwrap().case_id, "c-0987");
    assert!(render(&mut app, 120, 30).contains("⌫ "));

    // Back on the first case, its selection and focus are kept through the feed too.
    press(&mut app, code(KeyCode::Backspace));
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.case_id, CASE);
    let focus = cv.focus;
    press(&mut app, key('F'));
    render(&mut app, 160, 40);
    // Enter on a row opens another case; Esc comes back to the feed, then to the first case.
    select(&mut app, "i:ri-comment");
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Case);
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Feed);
    press(&mut app, code(KeyCode::Backspace));
    assert_eq!(app.screen, Screen::Case);
    let cv = app.case.as_ref().unwrap();
    assert_eq!(cv.case_id, CASE);
    assert_eq!(cv.focus, focus);
    assert_eq!(
        cv.selected_related(&app.domain.catalog).unwrap().item_type,
        RelatedItemType::ConnectCase,
        "the selection is where it was left"
    );
    assert!(!render(&mut app, 120, 30).contains("⌫ "));
    // With nowhere else to go back to, Esc leaves for the list.
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Cases);
}
