//! The SLA radar with many open SLAs, measured (not asserted):
//!
//!     cargo bench --bench radar
//!
//! The feed screen at 160x45 with the radar pane focused, its open SLAs answered through
//! `Msg::OpenSlasLoaded` (no service): for 10 and 1,000 open SLAs on as many cases (titles
//! answered), the frame time while the selection walks the radar, a `j` plus its frame, and the
//! time to take in a load (sort, keep the selection, queue title lookups). Budget: a frame well
//! inside one 16 ms frame, and 1k about as fast as 10 (only the rows in view are formatted).

mod support;

use std::time::{Duration, Instant};

use cases_tui::app::{App, Cmd, Msg, ServiceCmd};
use cases_tui::model::CaseItem;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use support::{app_support, code, key, stats, timed_draw};

/// The binary's allocator, so in-process numbers match what `cases-tui` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `n` open SLAs on `n` cases, due from 2 hours ago to about a week ahead.
fn open_slas(n: usize) -> Vec<CaseItem> {
    (0..n)
        .map(|i| {
            app_support::open_sla(
                &format!("case-{i:05}"),
                &format!("sla-{i:05}"),
                ["First reply", "Resolve", "Callback"][i % 3],
                i as i64 * 10 - 120,
            )
        })
        .collect()
}

/// Answers like `app_support::answer`, the radar's load with `slas`; returns how long the app
/// took to take in the radar's answer.
fn answer(app: &mut App, cmds: Vec<Cmd>, slas: &[CaseItem]) -> Duration {
    let mut took = Duration::ZERO;
    let mut queue = cmds;
    while let Some(cmd) = queue.pop() {
        match cmd {
            Cmd::Service(ServiceCmd::LoadOpenSlas { req, .. }) => {
                let t = Instant::now();
                let more = app.update(Msg::OpenSlasLoaded {
                    req,
                    result: Ok(slas.to_vec()),
                });
                took += t.elapsed();
                queue.extend(more);
            }
            other => app_support::answer(app, vec![other]),
        }
    }
    took
}

fn radar_app(n: usize) -> (App, Duration) {
    let slas = open_slas(n);
    let mut app = App::new(app_support::ctx());
    app.freeze_clock(app_support::now());
    let cmds = app.start();
    answer(&mut app, cmds, &slas);
    let cmds = app.update(key('F'));
    let took = answer(&mut app, cmds, &slas);
    let cmds = app.update(key('2'));
    answer(&mut app, cmds, &slas);
    assert_eq!(app.feed.as_ref().unwrap().radar.rows().len(), n);
    (app, took)
}

fn main() {
    println!("{} cores", support::cores());
    let quick = std::env::args().any(|a| a == "--quick");
    let frames = if quick { 100 } else { 1000 };
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    for n in [10, 1_000] {
        let (mut app, took) = radar_app(n);
        timed_draw(&mut terminal, &mut app);
        let mut frame_times = Vec::new();
        let mut key_times = Vec::new();
        for i in 0..frames {
            let t = Instant::now();
            let _ = app.update(match i % 50 {
                0 => code(KeyCode::Home),
                k if k % 5 == 0 => code(KeyCode::PageDown),
                _ => key('j'),
            });
            let key_time = t.elapsed();
            let frame = timed_draw(&mut terminal, &mut app);
            frame_times.push(frame);
            key_times.push(key_time + frame);
        }
        let (frame_median, frame_p95) = stats(frame_times);
        let (key_median, key_p95) = stats(key_times);
        println!(
            "{n} open SLAs: frame {frame_median:.2?} (p95 {frame_p95:.2?}); key + frame \
             {key_median:.2?} (p95 {key_p95:.2?}); taking in the load {took:.2?}"
        );
    }
}
