//! The complete history, measured (not asserted):
//!
//!     cargo bench --bench history
//!
//! 1. Per-page work while 100k audit events arrive a page (25) at a time through
//!    `Msg::AuditLoaded` (the synthetic history of `benches/timeline.rs`): `App::update` per page,
//!    median by how much is loaded. Flat means the work per page is the page's, not the history's.
//! 2. The case as of a moment with 100k events loaded (a consistent history over about a thousand
//!    items): `:asof TIME` (Enter) and `@` on an event, then a second `@` (the diff), each with
//!    the 160x45 frame after it. Budget: one frame, 16 ms.
//! 3. Background paging of the demo's big case against `cases-tui serve --demo --latency-ms 100`
//!    through the real executor: pages per second, and key-to-frame latency while it runs.

mod support;

use std::time::{Duration, Instant};

use cases_tui::app::{App, Cmd, Msg, ServiceCmd};
use cases_tui::model::{AuditEvent, AuditField, FieldValue, Page, Performer};
use chrono::{TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use support::{code, key, stats, timed_draw};
use tokio::sync::mpsc;

const RELATED: usize = 1000;
const EVENTS: usize = 100_000;

/// The binary's allocator, so in-process numbers match what `cases-tui` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    println!("{} cores", support::cores());
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only =
        |name: &str| args.iter().all(|a| a.starts_with('-')) || args.iter().any(|a| a == name);
    if only("pages") {
        let (_, times) = open_with_pages(&support::audit_events(EVENTS), EVENTS);
        per_page("synthetic history (timeline bench)", &times);
    }
    if only("asof") {
        let history = consistent_history(EVENTS);
        let (mut app, times) = open_with_pages(&history, EVENTS);
        per_page("consistent history", &times);
        as_of(&mut app, &history);
    }
    if only("paging") {
        paging();
    }
}

fn page(all: &[AuditEvent], token: Option<&str>) -> Page<AuditEvent> {
    let start: usize = token.map_or(0, |t| t.parse().unwrap());
    let end = (start + support::PAGE).min(all.len());
    Page {
        items: all[start..end].to_vec(),
        next_token: (end < all.len()).then(|| end.to_string()),
    }
}

fn audit_cmd(cmds: &[Cmd]) -> Option<(u64, Option<String>)> {
    cmds.iter().find_map(|c| match c {
        Cmd::Service(ServiceCmd::LoadAudit {
            req, next_token, ..
        }) => Some((*req, next_token.clone())),
        _ => None,
    })
}

/// The case view opened on `audit`, answered a page at a time; the time of each page's update.
fn open_with_pages(audit: &[AuditEvent], events: usize) -> (App, Vec<Duration>) {
    let items = support::related_items(RELATED);
    let mut app = App::new(support::app_support::ctx());
    app.freeze_clock(support::now_after(events));
    let cmds = app.start();
    support::feed(&mut app, cmds, &[], &items);
    app.update(Msg::DomainsLoaded(Ok(support::app_support::domains())));
    let cmds = app.update(code(KeyCode::Enter));
    let mut next = audit_cmd(&cmds);
    let rest = cmds
        .into_iter()
        .filter(|c| !matches!(c, Cmd::Service(ServiceCmd::LoadAudit { .. })))
        .collect();
    support::feed(&mut app, rest, &[], &items);
    app.update(key('3'));
    let mut times = Vec::new();
    while let Some((req, token)) = next {
        let msg = Msg::AuditLoaded {
            req,
            result: Ok(page(audit, token.as_deref())),
        };
        let t = Instant::now();
        let cmds = app.update(msg);
        times.push(t.elapsed());
        next = audit_cmd(&cmds);
    }
    assert_eq!(
        app.case.as_ref().unwrap().audit.list.items.len(),
        audit.len()
    );
    (app, times)
}

fn per_page(what: &str, times: &[Duration]) {
    let total: Duration = times.iter().sum();
    println!("{what}: {} pages applied in {total:.2?}", times.len());
    for upto in [1_000, 10_000, 50_000, 100_000] {
        let end = (upto / support::PAGE).min(times.len());
        let start = end.saturating_sub(40);
        let (median, p95) = stats(times[start..end].to_vec());
        println!("  per page with ~{upto} events loaded: median {median:.2?}, p95 {p95:.2?}");
    }
}

fn as_of(app: &mut App, history: &[AuditEvent]) {
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    let _ = app.update(Msg::Resize(160, 45));
    timed_draw(&mut terminal, app);
    let mut asof = Vec::new();
    let mut frames = Vec::new();
    for k in 1..=20 {
        let when = history[history.len() * k / 21].performed_time.unwrap();
        let _ = app.update(key(':'));
        for c in format!("asof {}", when.to_rfc3339()).chars() {
            let _ = app.update(key(c));
        }
        let t = Instant::now();
        let _ = app.update(code(KeyCode::Enter));
        let update = t.elapsed();
        let frame = timed_draw(&mut terminal, app);
        asof.push(update + frame);
        frames.push(frame);
        let _ = app.update(code(KeyCode::Esc));
    }
    let (median, p95) = stats(asof);
    let (fm, _) = stats(frames);
    println!(
        ":asof TIME with {} events: update + frame median {median:.2?}, p95 {p95:.2?} (the frame alone {fm:.2?})",
        history.len()
    );
    let mut at = Vec::new();
    let mut diff = Vec::new();
    let _ = app.update(key('3'));
    for _ in 0..20 {
        for _ in 0..40 {
            let _ = app.update(code(KeyCode::PageDown));
        }
        let t = Instant::now();
        let _ = app.update(key('@'));
        let _ = timed_draw(&mut terminal, app);
        at.push(t.elapsed());
        let _ = app.update(key('3'));
        for _ in 0..10 {
            let _ = app.update(code(KeyCode::PageDown));
        }
        let t = Instant::now();
        let _ = app.update(key('@'));
        let _ = timed_draw(&mut terminal, app);
        diff.push(t.elapsed());
        let _ = app.update(code(KeyCode::Esc));
        let _ = app.update(key('3'));
    }
    let (median, p95) = stats(at);
    println!("@ on an event: update + frame median {median:.2?}, p95 {p95:.2?}");
    let (median, p95) = stats(diff);
    println!("second @ (diff of two moments): update + frame median {median:.2?}, p95 {p95:.2?}");
    let rss = support::proc_status_mb("self", "VmRSS:").unwrap_or(0.0);
    println!(
        "VmRSS with {} events and the history replayed: {rss:.1} MB",
        history.len()
    );
}

/// A history a service could have written: a case, its updates, and about a thousand comments
/// and custom items created, edited and deleted, each event continuing its item's values.
fn consistent_history(n: usize) -> Vec<AuditEvent> {
    let t0 = Utc.with_ymd_and_hms(2022, 1, 3, 8, 0, 0).unwrap();
    let s = |v: String| FieldValue::String(v);
    let who = |i: usize| Some(Performer::CustomEntity(format!("agent-{}", i % 7)));
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rand = move |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    let mut comments: Vec<String> = Vec::new();
    let mut customs: Vec<(String, String)> = Vec::new();
    let mut out = Vec::with_capacity(n);
    let mut summary = String::from("new");
    for i in 0..n {
        let f = |id: &str, old: Option<FieldValue>, new: FieldValue| AuditField {
            field_id: id.into(),
            old_value: old,
            new_value: new,
        };
        let (ty, item, fields) = if i == 0 {
            (
                "Case.Created",
                None,
                vec![
                    f("title", None, s("Parcel lost".into())),
                    f("summary", None, s(summary.clone())),
                ],
            )
        } else {
            match rand(10) {
                0..=3 => {
                    let next = format!("summary {i}");
                    let e = f("summary", Some(s(summary.clone())), s(next.clone()));
                    summary = next;
                    ("Case.Updated", None, vec![e])
                }
                4 if comments.len() < 600 => {
                    comments.push(format!("note {i}"));
                    (
                        "RelatedItem.Created",
                        Some("Comment"),
                        vec![f("comment.body", None, s(format!("note {i}")))],
                    )
                }
                4..=6 if !comments.is_empty() => {
                    let k = rand(comments.len());
                    let next = format!("note {i} (edited)");
                    let old = std::mem::replace(&mut comments[k], next.clone());
                    (
                        "RelatedItem.Updated",
                        Some("Comment"),
                        vec![f("comment.body", Some(s(old)), s(next))],
                    )
                }
                7 if customs.len() < 400 => {
                    let v = (format!("claim {}", i % 50), format!("{}", i % 9));
                    customs.push(v.clone());
                    (
                        "RelatedItem.Created",
                        Some("Custom"),
                        vec![f("claim", None, s(v.0)), f("amount", None, s(v.1))],
                    )
                }
                7 | 8 if !customs.is_empty() => {
                    let k = rand(customs.len());
                    let next = format!("{i}");
                    let old = std::mem::replace(&mut customs[k].1, next.clone());
                    if old == next {
                        ("RelatedItem.Updated", Some("Custom"), Vec::new())
                    } else {
                        (
                            "RelatedItem.Updated",
                            Some("Custom"),
                            vec![f("amount", Some(s(old)), s(next))],
                        )
                    }
                }
                _ if comments.len() > 300 => {
                    let old = comments.swap_remove(rand(comments.len()));
                    (
                        "RelatedItem.Deleted",
                        Some("Comment"),
                        vec![f("comment.body", Some(s(old)), FieldValue::Empty)],
                    )
                }
                _ => (
                    "Case.Updated",
                    None,
                    vec![f("status", Some(s("open".into())), s("open".into()))],
                ),
            }
        };
        out.push(AuditEvent {
            id: format!("ev-{i:07}"),
            event_type: ty.into(),
            related_item_type: item.map(str::to_string),
            performed_time: Some(t0 + chrono::Duration::minutes(7 * i as i64)),
            fields,
            performed_by: who(i),
            iam_principal_arn: None,
            merge: None,
        });
    }
    out
}

/// The demo's big case opened against `serve --latency-ms 100`: every page in the background
/// while keys are pressed every 10 ms.
fn paging() {
    const LATENCY_MS: u64 = 100;
    let latency = LATENCY_MS.to_string();
    let (mut child, url) = support::serve(&["--demo", "--latency-ms", &latency]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let (exec, mut app) = support::big_demo_case(url).await;
        let _ = app.update(Msg::Resize(160, 45));
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
        let start = Instant::now();
        for cmd in app.start() {
            exec.execute(cmd, tx.clone());
        }
        let _ = app.update(key('3'));
        let keys = [key('j'), key('j'), code(KeyCode::PageDown), key('k'), key('g')];
        let mut latencies = Vec::new();
        let mut pages = 0usize;
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        let done = loop {
            tokio::select! {
                msg = rx.recv() => {
                    let msg = msg.unwrap();
                    if matches!(msg, Msg::AuditLoaded { .. }) {
                        pages += 1;
                    }
                    for cmd in app.update(msg) {
                        exec.execute(cmd, tx.clone());
                    }
                    timed_draw(&mut terminal, &mut app);
                    let cv = app.case.as_ref().unwrap();
                    if cv.audit.is_complete() {
                        break start.elapsed();
                    }
                }
                _ = tick.tick() => {
                    let t = Instant::now();
                    let cmds = app.update(keys[latencies.len() % keys.len()].clone());
                    timed_draw(&mut terminal, &mut app);
                    latencies.push(t.elapsed());
                    for cmd in cmds {
                        exec.execute(cmd, tx.clone());
                    }
                }
            }
        };
        let events = app.case.as_ref().unwrap().audit.list.items.len();
        let (median, p95) = stats(latencies.clone());
        println!(
            "background paging at serve --latency-ms {LATENCY_MS}: {events} events in {pages} pages in {done:.2?} ({:.1} pages/s); key -> frame while it ran: median {median:.2?}, p95 {p95:.2?}, max {:.2?} ({} keys)",
            pages as f64 / done.as_secs_f64(),
            latencies.iter().max().unwrap(),
            latencies.len()
        );
    });
    let _ = child.kill();
    let _ = child.wait();
}
