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
//!   `--demo` unless `FEED_BENCH_SERVE_ARGS` says otherwise; `FEED_BENCH_DOMAIN` names the
//!   domain (default `demo`). The same refresh against a domain of 10k cases and 100k related
//!   items, radar included, is `benches/feed_refresh.rs`.
//!
//! Budget (BENCHMARKS.md): a frame with 10k rows, and a key plus its frame during a refresh,
//! within one 16 ms frame.

mod support;

use std::time::{Duration, Instant};

use cases_tui::app::{App, AppContext, Cmd, Msg, ServiceCmd};
use cases_tui::model::{
    Case, CaseItem, FieldEntry, FieldValue, Page, Performer, RelatedContent, RelatedItem,
    RelatedItemType,
};
use chrono::{DateTime, Duration as Span, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use support::{app_support, code, key, stats, timed_draw};

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

/// Answers the feed's listings with one page each, nothing older: `items`, `cases`.
fn answer(app: &mut App, cmds: Vec<Cmd>, items: &[CaseItem], cases: &[Case]) {
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
                    items: cases.to_vec(),
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
    answer(&mut app, cmds, &items, &cases());
    let rows = app.feed.as_ref().unwrap().activity.visible.len();
    assert_eq!(rows, ROWS + CASES, "every row on show");
    app
}

fn frames(app: &mut App) {
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    timed_draw(&mut terminal, app);
    let mut times = Vec::new();
    for i in 0..500 {
        let _ = app.update(match i % 50 {
            0 => code(KeyCode::Home),
            k if k % 5 == 0 => code(KeyCode::PageDown),
            _ => key('j'),
        });
        times.push(timed_draw(&mut terminal, app));
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
    timed_draw(&mut terminal, app);
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
            frames.push(timed_draw(&mut terminal, app));
        }
        let (u, u95) = stats(updates);
        let (f, f95) = stats(frames);
        println!(
            "key {label:<9} during a refresh, {} rows: update median {u:.2?} (p95 {u95:.2?}), \
             frame median {f:.2?} (p95 {f95:.2?})",
            ROWS + CASES
        );
    }
    // Refreshes answering: each brings 25 new items above, merged into the rows with the
    // selection kept; 20 of them, so the median says more than one sample on a shared machine.
    let mut first = Some(pending);
    let mut updates = Vec::new();
    let mut frames = Vec::new();
    for round in 0..20 {
        let pending = first.take().unwrap_or_else(|| app.update(key('r')));
        let newer = t0() + Span::minutes(30 * (round + 1));
        let fresh: Vec<CaseItem> = (0..25)
            .map(|i| {
                let mut it = item(i, newer);
                it.item.id = format!("fresh-{round}-{i}");
                it
            })
            .collect();
        // SearchCases' first page: the 25 most recently updated cases, all known already.
        let known: Vec<Case> = cases().into_iter().take(25).collect();
        let mut took = Duration::ZERO;
        for cmd in pending {
            let msg = match cmd {
                Cmd::Service(ServiceCmd::SearchAllRelated { req, .. }) => Msg::FeedItemsLoaded {
                    req,
                    result: Ok(Page {
                        items: fresh.clone(),
                        next_token: None,
                    }),
                },
                Cmd::Service(ServiceCmd::SearchCases { req, .. }) => Msg::CasesLoaded {
                    req,
                    result: Ok(Page {
                        items: known.clone(),
                        next_token: None,
                    }),
                },
                // The SLA radar reloads with each refresh: answered (no open SLAs), not timed
                // here (`benches/radar.rs` measures it).
                Cmd::Service(ServiceCmd::LoadOpenSlas { req, .. }) => {
                    let _ = app.update(Msg::OpenSlasLoaded {
                        req,
                        result: Ok(Vec::new()),
                    });
                    continue;
                }
                other => panic!("a refresh asks for listings and open SLAs only: {other:?}"),
            };
            let t = Instant::now();
            let more = app.update(msg);
            took += t.elapsed();
            assert!(more.is_empty(), "nothing more to ask: {more:?}");
        }
        updates.push(took);
        frames.push(timed_draw(&mut terminal, app));
    }
    let feed = app.feed.as_ref().unwrap();
    let rows = feed.activity.visible.len();
    let first = updates[0];
    let (u, u95) = stats(updates);
    let (f, _) = stats(frames);
    println!(
        "refresh answers (25 new rows each, 20 refreshes, up to {rows} rows): both listings' \
         update median {u:.2?} (p95 {u95:.2?}, the first {first:.2?}), then frame {f:.2?}; {} \
         new shown, selection kept",
        feed.activity.new_count
    );
}

/// The first read and a quiet refresh against `cases-tui serve`, through the real SDK.
fn refresh_against_serve() {
    let args = std::env::var("FEED_BENCH_SERVE_ARGS").unwrap_or_else(|_| "--demo".into());
    let domain = std::env::var("FEED_BENCH_DOMAIN").unwrap_or_else(|_| "demo".into());
    let args: Vec<&str> = args.split_whitespace().collect();
    let (mut child, url) = support::serve(&args);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut driver = support::Driver::new(support::read_only_executor(url).await);
        let mut app = App::new(AppContext {
            domain_id: Some(domain.clone()),
            ..AppContext::for_tests()
        });
        let cmds = app.start();
        driver.settle(&mut app, cmds).await;
        let t = Instant::now();
        let cmds = app.update(key('F'));
        driver.settle(&mut app, cmds).await;
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
            driver.settle(&mut app, cmds).await;
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
