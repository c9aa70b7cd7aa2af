//! The activity feed, measured (not asserted):
//!
//!     cargo bench --bench feed              # frames and keys with 10k rows, then a refresh
//!     cargo bench --bench feed -- frames    # just the frames and keys
//!
//! - frame: `ui::draw` of the feed screen (160x45) with 10k rows loaded through the app's own
//!   messages (`Msg::FeedItemsLoaded`, `Msg::CasesLoaded`) while the selection moves;
//! - keys during a refresh: a refresh in flight (its answers not back yet), keys `j`, `k`, `G`,
//!   PageDown each followed by a frame; and the cost of a refresh's answer arriving (25 new rows
//!   merged into the 10k, the selection kept) plus its frame;
//! - one refresh against `cases-tui serve` through the real SDK and executor: the first read and
//!   a quiet refresh, their requests (the feed's own count) and wall time. The service runs with
//!   `--demo` unless `FEED_BENCH_SERVE_ARGS` says otherwise (e.g. a scaled demo domain);
//!   `FEED_BENCH_DOMAIN` names the domain (default `demo`).
//!
//! Budget (BENCHMARKS.md): a frame with 10k rows, and a key plus its frame during a refresh,
//! within one 16 ms frame.

mod support;

use std::time::{Duration, Instant};

use cases_tui::app::{App, AppContext, Cmd, Msg, ServiceCmd};
use cases_tui::aws::{ConnectOptions, Gateway, build_client};
use cases_tui::model::{
    Case, CaseItem, FieldEntry, FieldValue, Page, Performer, RelatedContent, RelatedItem,
    RelatedItemType,
};
use cases_tui::tui::Executor;
use chrono::{DateTime, Duration as Span, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use support::{app_support, code, key, stats};

/// The binary's allocator, so in-process numbers match what `cases-tui` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: usize = 10_000;
const CASES: usize = 1_000;

fn main() {
    println!("{} cores", support::cores());
    let (load, mut app) = support::time(loaded_feed);
    println!("loading {ROWS} items on {CASES} cases into the feed took {load:.2?}");
    frames(&mut app);
    keys_during_refresh(&mut app);
    if std::env::args().skip(1).any(|a| a == "frames") {
        return;
    }
    refresh_against_serve();
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

fn case_id(i: usize) -> String {
    format!("case-{i:05}")
}

/// Item `i`, `i` minutes before `t0`, on case `i % CASES`: comments, custom items and SLAs.
fn item(i: usize, newest: DateTime<Utc>) -> CaseItem {
    let content = match i % 3 {
        0 => RelatedContent::Comment {
            body: format!("Called the customer back about order {i}\nsecond line"),
            content_type: "Text/Plain".into(),
        },
        1 => RelatedContent::Custom {
            fields: vec![
                FieldEntry::new("priority", FieldValue::String("high".into())),
                FieldEntry::new("refund_amount", FieldValue::Double(i as f64)),
            ],
        },
        _ => RelatedContent::Sla(cases_tui::model::Sla {
            name: "First reply".into(),
            sla_type: "CaseField".into(),
            status: "Active".into(),
            field_id: None,
            target_field_values: Vec::new(),
            target_time: Some(newest + Span::minutes(30)),
            completion_time: None,
        }),
    };
    CaseItem {
        case_id: case_id(i % CASES),
        item: RelatedItem {
            id: format!("item-{i:06}"),
            item_type: match i % 3 {
                0 => RelatedItemType::Comment,
                1 => RelatedItemType::Custom,
                _ => RelatedItemType::Sla,
            },
            association_time: Some(newest - Span::minutes(i as i64)),
            content,
            tags: Default::default(),
            performed_by: Some(Performer::CustomEntity(format!("agent-{}", i % 7))),
        },
    }
}

fn cases() -> Vec<Case> {
    (0..CASES)
        .map(|i| Case {
            id: case_id(i),
            template_id: "t".into(),
            fields: vec![
                FieldEntry::new("title", FieldValue::String(format!("Case number {i}"))),
                FieldEntry::new("reference_number", FieldValue::String(format!("{i}"))),
                FieldEntry::new("status", FieldValue::String("open".into())),
                FieldEntry::new(
                    "last_updated_datetime",
                    FieldValue::String((t0() - Span::days(400)).to_rfc3339()),
                ),
            ],
            tags: Default::default(),
        })
        .collect()
}

/// Answers the feed's listings: items `items`, every case in one page, nothing older.
fn answer(app: &mut App, cmds: Vec<Cmd>, items: &[CaseItem]) {
    let mut queue = cmds;
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::SearchAllRelated { req, .. }) => Msg::FeedItemsLoaded {
                req,
                result: Ok(Page {
                    items: items.to_vec(),
                    next_token: None,
                }),
            },
            Cmd::Service(ServiceCmd::SearchCases { req, .. }) => Msg::CasesLoaded {
                req,
                result: Ok(Page {
                    items: cases(),
                    next_token: None,
                }),
            },
            other => {
                app_support::answer(app, vec![other]);
                continue;
            }
        };
        queue.extend(app.update(msg));
    }
}

/// The app on the feed with `ROWS` item rows and `CASES` case rows.
fn loaded_feed() -> App {
    let mut app = App::new(app_support::ctx());
    app.freeze_clock(t0());
    let cmds = app.start();
    app_support::answer(&mut app, cmds);
    let items: Vec<CaseItem> = (0..ROWS).map(|i| item(i, t0())).collect();
    let cmds = app.update(key('F'));
    answer(&mut app, cmds, &items);
    let rows = app.feed.as_ref().unwrap().activity.visible.len();
    assert_eq!(rows, ROWS + CASES, "every row on show");
    app
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) -> Duration {
    let t = Instant::now();
    let mut drawn = Default::default();
    terminal
        .draw(|f| drawn = cases_tui::ui::draw(f, app))
        .expect("draw");
    let elapsed = t.elapsed();
    let _ = app.update(Msg::Drawn(drawn));
    elapsed
}

fn frames(app: &mut App) {
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    draw(&mut terminal, app);
    let mut times = Vec::new();
    for i in 0..500 {
        let _ = app.update(match i % 50 {
            0 => code(KeyCode::Home),
            k if k % 5 == 0 => code(KeyCode::PageDown),
            _ => key('j'),
        });
        times.push(draw(&mut terminal, app));
    }
    let n = times.len();
    let (median, p95) = stats(times);
    println!(
        "frame, feed with {} rows (160x45): median {median:.2?}, p95 {p95:.2?} ({n} frames)",
        ROWS + CASES
    );
}

/// Keys while a refresh is in flight, then the refresh's answer arriving.
fn keys_during_refresh(app: &mut App) {
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    let _ = app.update(code(KeyCode::Home));
    let _ = app.update(key('j'));
    draw(&mut terminal, app);
    let pending = app.update(key('r'));
    assert!(!pending.is_empty(), "a refresh is in flight");
    for (label, msgs) in [
        ("j", vec![key('j')]),
        ("k", vec![key('k')]),
        ("G then g", vec![key('G'), key('g')]),
        ("PageDown", vec![code(KeyCode::PageDown)]),
    ] {
        let mut updates = Vec::new();
        let mut frames = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            for m in &msgs {
                let _ = app.update(m.clone());
            }
            updates.push(t.elapsed());
            frames.push(draw(&mut terminal, app));
        }
        let (u, u95) = stats(updates);
        let (f, f95) = stats(frames);
        println!(
            "key {label:<9} during a refresh, {} rows: update median {u:.2?} (p95 {u95:.2?}), \
             frame median {f:.2?} (p95 {f95:.2?})",
            ROWS + CASES
        );
    }
    // The refresh answers: 25 new items above, merged into the rows with the selection kept.
    let newer = t0() + Span::minutes(30);
    let fresh: Vec<CaseItem> = (0..25)
        .map(|i| {
            let mut it = item(i, newer);
            it.item.id = format!("fresh-{i}");
            it
        })
        .collect();
    let t = Instant::now();
    answer(app, pending, &fresh);
    let merge = t.elapsed();
    let frame = draw(&mut terminal, app);
    let feed = app.feed.as_ref().unwrap();
    println!(
        "refresh answer: 25 new rows merged into {} ({} new shown, selection kept): update \
         {merge:.2?}, then frame {frame:.2?}",
        ROWS + CASES,
        feed.activity.new_count
    );
}

/// Runs `cmds` through the real executor until nothing is in flight.
async fn pump(app: &mut App, exec: &Executor, cmds: Vec<Cmd>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut in_flight = 0;
    let mut queue = cmds;
    loop {
        for cmd in queue.drain(..) {
            if matches!(cmd, Cmd::Service(_)) {
                in_flight += 1;
                exec.execute(cmd, tx.clone());
            }
        }
        if in_flight == 0 {
            return;
        }
        let msg = rx.recv().await.expect("the executor keeps a sender");
        if !matches!(msg, Msg::Retrying { .. }) {
            in_flight -= 1;
        }
        queue = app.update(msg);
    }
}

/// The first read and a quiet refresh against `cases-tui serve`, through the real SDK.
fn refresh_against_serve() {
    let args = std::env::var("FEED_BENCH_SERVE_ARGS").unwrap_or_else(|_| "--demo".into());
    let domain = std::env::var("FEED_BENCH_DOMAIN").unwrap_or_else(|_| "demo".into());
    let args: Vec<&str> = args.split_whitespace().collect();
    let (mut child, url) = support::serve(&args);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let exec = Executor {
            gateway: Gateway::read_only(build_client(&ConnectOptions::local(url)).await),
            journal: None,
        };
        let mut app = App::new(AppContext {
            domain_id: Some(domain.clone()),
            ..AppContext::for_tests()
        });
        let cmds = app.start();
        pump(&mut app, &exec, cmds).await;
        let t = Instant::now();
        let cmds = app.update(key('F'));
        pump(&mut app, &exec, cmds).await;
        let first = t.elapsed();
        let feed = app.feed.as_ref().unwrap();
        println!(
            "serve {args:?}, domain {domain}: first read {first:.2?}, {} requests, {} rows",
            feed.reading.last_requests.unwrap_or(0),
            feed.activity.visible.len()
        );
        let mut times = Vec::new();
        let mut requests = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let cmds = app.update(key('r'));
            pump(&mut app, &exec, cmds).await;
            times.push(t.elapsed());
            requests.push(
                app.feed
                    .as_ref()
                    .unwrap()
                    .reading
                    .last_requests
                    .unwrap_or(0),
            );
        }
        let (median, p95) = stats(times);
        requests.sort();
        println!(
            "quiet refresh (nothing new): median {median:.2?}, p95 {p95:.2?}, requests {}..{}",
            requests[0],
            requests[requests.len() - 1]
        );
    });
    let _ = child.kill();
    let _ = child.wait();
}
