//! The case view with long histories, measured (not asserted):
//!
//!     cargo bench --bench timeline
//!
//! Synthetic data fed through the App's own messages (`Msg::AuditLoaded`/`RelatedLoaded`, 25 per
//! page), no service. For 1k, 10k and 100k audit events plus 1k related items:
//! - frame time: `ui::draw` of the case view into a 160x45 TestBackend while the selection moves;
//! - key time: `App::update` for keys that walk, jump, search and filter the timeline, and the
//!   frame drawn after each;
//! - memory: VmRSS before and after loading 100k events (first, so nothing else is counted), and
//!   after 1–3.5 s of idle ticks (what a user's process holds once the terminal idles).
//!
//! Budgets (BENCHMARKS.md): frame ≤ 1 ms median at every size and 100k ≤ 1.5 × 1k; a key plus
//! its frame well inside one 16 ms frame; RSS with 100k events ≤ 150 MB.

mod support;

use std::time::{Duration, Instant};

use cases_tui::app::{App, Msg};
use cases_tui::tui::IdleCollect;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use support::{code, key, stats, timed_draw};

const RELATED: usize = 1000;
/// The event loop's tick.
const TICK: Duration = Duration::from_millis(100);

/// The binary's allocator, so in-process numbers match what `cases-tui` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    println!("{} cores", support::cores());
    let before = support::proc_status_mb("self", "VmRSS:").unwrap_or(0.0);
    let (load, app) = support::time(|| support::loaded_app(100_000, RELATED));
    let after = support::proc_status_mb("self", "VmRSS:").unwrap_or(0.0);
    println!(
        "memory: VmRSS {before:.1} MB before, {after:.1} MB with 100k audit events + {RELATED} \
         related items loaded (+{:.1} MB); loading them page by page took {load:.2?}",
        after - before
    );
    // The bench loads every page without drawing: the first frame indexes the whole history for
    // the search (the app, drawing between pages, does it a page at a time).
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    let mut app = app;
    let first = timed_draw(&mut terminal, &mut app);
    let drawn = support::proc_status_mb("self", "VmRSS:").unwrap_or(0.0);
    println!(
        "memory: VmRSS {drawn:.1} MB after the first frame ({:+.1} MB: the search text built, \
         less what the allocator returned); that frame took {first:.2?}",
        drawn - after
    );
    // What a user's process holds once the terminal idles: the event loop's ticks, with the
    // allocator collections it makes on idle ticks (`tui::IdleCollect`), for 3.5 s.
    let mut idle = IdleCollect::default();
    for tick in 1..=35 {
        std::thread::sleep(TICK);
        app.update(Msg::Tick);
        let start = Instant::now();
        let collected = idle.after_batch(true);
        let took = start.elapsed();
        if collected || tick == 35 {
            let rss = support::proc_status_mb("self", "VmRSS:").unwrap_or(0.0);
            let how = if collected {
                format!("; that tick's collection took {took:.2?}")
            } else {
                String::new()
            };
            println!(
                "memory: VmRSS {rss:.1} MB after {:.1} s idle (ticks every {TICK:?}){how}",
                tick as f64 * TICK.as_secs_f64()
            );
        }
    }
    // `cargo bench --bench timeline -- memory` stops here (the memory readings only).
    if std::env::args().skip(1).any(|a| a == "memory") {
        return;
    }
    // `cargo bench --bench timeline -- keys` skips the frames and times keys at 100k only.
    if std::env::args().skip(1).any(|a| a == "keys") {
        keys(100_000, &mut app);
        return;
    }
    let mut apps = vec![(100_000, app)];
    for n in [10_000, 1_000] {
        apps.push((n, support::loaded_app(n, RELATED)));
    }
    apps.reverse();
    let medians = frames(&mut apps);
    println!(
        "frame 100k / frame 1k: {:.2}",
        medians[2].as_secs_f64() / medians[0].as_secs_f64()
    );
    for (n, app) in &mut apps {
        keys(*n, app);
    }
}

/// Calls `f` until `max` samples or about `budget` of time, at least 5 times.
fn sample(max: usize, budget: Duration, mut f: impl FnMut(usize) -> Duration) -> Vec<Duration> {
    let start = Instant::now();
    let mut times = Vec::new();
    while times.len() < max && (times.len() < 5 || start.elapsed() < budget) {
        times.push(f(times.len()));
    }
    times
}

/// Frame times for each app, taken in interleaved rounds (50 frames of each size in turn), so a
/// change in the machine's speed during the run (these machines are shared) falls on every size
/// alike and the 100k / 1k ratio compares like with like. Returns the medians.
fn frames(apps: &mut [(usize, App)]) -> Vec<Duration> {
    const ROUNDS: usize = 10;
    const PER_ROUND: usize = 50;
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); apps.len()];
    for (_, app) in apps.iter_mut() {
        let _ = app.update(Msg::Resize(160, 45));
        timed_draw(&mut terminal, app);
    }
    for _ in 0..ROUNDS {
        for ((_, app), times) in apps.iter_mut().zip(&mut times) {
            for i in 0..PER_ROUND {
                // Each frame shows a different window: walk down, page down, back to the top.
                let _ = app.update(match i {
                    0 => code(KeyCode::Home),
                    k if k % 5 == 0 => code(KeyCode::PageDown),
                    _ => key('j'),
                });
                times.push(timed_draw(&mut terminal, app));
            }
        }
    }
    let mut medians = Vec::new();
    for ((n, _), times) in apps.iter().zip(times) {
        let count = times.len();
        let (median, p95) = stats(times);
        println!(
            "frame, case view {n} events + {RELATED} related (160x45): median {median:.2?}, \
             p95 {p95:.2?} ({count} frames, in {ROUNDS} rounds interleaved with the other sizes)"
        );
        medians.push(median);
    }
    medians
}

/// `update(msgs…)` then one frame, repeated; reports the update and the frame separately.
fn key_case(n: usize, app: &mut App, label: &str, msgs: &[Msg], undo: &[Msg]) {
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    timed_draw(&mut terminal, app);
    let mut updates = Vec::new();
    let frames = sample(200, Duration::from_secs(1), |_| {
        let t = Instant::now();
        for m in msgs {
            let _ = app.update(m.clone());
        }
        updates.push(t.elapsed());
        let frame = timed_draw(&mut terminal, app);
        for m in undo {
            let _ = app.update(m.clone());
        }
        frame
    });
    // The first round pays for whatever the key computes once (the search text, a refilter).
    let first = updates[0] + frames[0];
    let (u, u95) = stats(updates);
    let (f, _) = stats(frames);
    println!(
        "key {label:<24} {n:>6} events: update median {u:>9.2?} (p95 {u95:>9.2?}), then frame \
         {f:>8.2?}; first update+frame {first:>8.2?}"
    );
}

fn keys(n: usize, app: &mut App) {
    let _ = app.update(code(KeyCode::Home));
    key_case(n, app, "j", &[key('j')], &[]);
    key_case(n, app, "k", &[key('k')], &[]);
    key_case(n, app, "G (last row)", &[key('G')], &[key('g')]);
    key_case(n, app, "PageDown", &[code(KeyCode::PageDown)], &[]);
    key_case(n, app, "o (newest first)", &[key('o')], &[]);
    key_case(n, app, "t (time mode)", &[key('t')], &[]);
    // `/` search: each keystroke searches the loaded history.
    let _ = app.update(key('/'));
    let word: Vec<Msg> = "maria".chars().map(key).collect();
    let erase = vec![code(KeyCode::Backspace); 5];
    key_case(n, app, "/maria (5 keystrokes)", &word, &erase);
    key_case(
        n,
        app,
        "/ one keystroke (m)",
        &[key('m')],
        &[code(KeyCode::Backspace)],
    );
    let rare: Vec<Msg> = "zzz".chars().map(key).collect();
    key_case(n, app, "/zzz no match (3 keys)", &rare, &erase[..3]);
    // Leave the input (empty), then search for real and step through the matches.
    let _ = app.update(code(KeyCode::Enter));
    let _ = app.update(key('/'));
    for m in "maria".chars().map(key) {
        let _ = app.update(m);
    }
    let _ = app.update(code(KeyCode::Enter));
    key_case(n, app, "n (next match)", &[key('n')], &[]);
    let _ = app.update(code(KeyCode::Esc));
    // The filter form: step each row's value (type, performer, field, time range), then clear.
    let _ = app.update(key('f'));
    key_case(n, app, "f form: next type (l)", &[key('l')], &[]);
    key_case(n, app, "f form: clear type (x)", &[key('x')], &[key('l')]);
    let _ = app.update(key('x'));
    for label in ["performer", "field", "range"] {
        let _ = app.update(key('j'));
        key_case(
            n,
            app,
            &format!("f form: next {label} (l)"),
            &[key('l')],
            &[],
        );
        key_case(
            n,
            app,
            &format!("f form: clear {label} (x)"),
            &[key('x')],
            &[key('l')],
        );
        let _ = app.update(key('x'));
    }
    // The pickers: open the row's picker, type two letters, pick; then clear the row.
    for (label, row_up, typed) in [("performer", 2, "ma"), ("field", 0, "in")] {
        for _ in 0..row_up {
            let _ = app.update(key('k'));
        }
        let mut msgs = vec![code(KeyCode::Enter)];
        msgs.extend(typed.chars().map(key));
        msgs.push(code(KeyCode::Enter));
        key_case(
            n,
            app,
            &format!("f form: {label} picker (⏎ {typed} ⏎)"),
            &msgs,
            &[key('x')],
        );
        let _ = app.update(key('j'));
    }
    let _ = app.update(code(KeyCode::Esc));
}
