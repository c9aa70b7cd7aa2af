//! TUI speed, measured (not asserted):
//!
//!     cargo bench --bench tui
//!
//! - start-up: process start of `cases-tui demo` (in a pseudo-terminal) to the first painted case
//!   list, median of 5 runs;
//! - frame time: drawing the case view of the big demo case with all its audit events and related
//!   items loaded, into ratatui's TestBackend at 160x45 and 80x24, median and p95 of 300 frames.

#[path = "../tests/support/pty.rs"]
mod pty;
mod support;

use cases_tui::app::{App, Cmd, Msg};
use cases_tui::local::{self, demo};
use cases_tui::tui::Executor;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Instant;
use tokio::sync::mpsc;

/// The binary's allocator, so in-process numbers match what `cases-tui` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    println!("{} cores", support::cores());
    // `cargo bench --bench tui -- seed startup` runs just those parts (cargo adds `--bench`).
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |part: &str| only.is_empty() || only.iter().any(|o| o == part);
    if wanted("seed") {
        seed_cost();
    }
    if wanted("startup") {
        startup();
    }
    if wanted("frames") {
        frames();
    }
}

/// What `demo` does before it can draw: generate the demo's steps and replay them into a store;
/// and, for comparison, what validating every input against the model would add (`serve --seed`
/// does, `demo` does not). Median of 5.
fn seed_cost() {
    let mut parts: Vec<[std::time::Duration; 3]> = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let steps = demo::demo_seed();
        let generate = t.elapsed();
        let t = Instant::now();
        let mut store = local::store::Store::default();
        local::seed::replay_trusted(&mut store, &steps).unwrap();
        let replay = t.elapsed();
        let t = Instant::now();
        for step in &steps {
            let op = local::spec::MODEL.operation(&step.operation).unwrap();
            if let Some(shape) = &op.input {
                local::validate::validate_input(shape, &step.input).unwrap();
            }
        }
        parts.push([generate, replay, t.elapsed()]);
    }
    let median = |k: usize| {
        let mut v: Vec<_> = parts.iter().map(|p| p[k]).collect();
        v.sort();
        v[2]
    };
    println!(
        "demo seed ({} steps): generate {:.2?}, replay {:.2?}; validating the inputs would add \
         {:.2?} (medians of 5)",
        demo::demo_seed().len(),
        median(0),
        median(1),
        median(2)
    );
}

fn startup() {
    const RUNS: usize = 11;
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let home = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let mut term = pty::Term::spawn(&["demo"], home.path(), 120, 36);
        let seen = term.wait_for("Order #", 60);
        times.push(seen - start);
        term.send("q");
        term.wait_exit(10);
    }
    let all: Vec<String> = times.iter().map(|t| format!("{:.0?}", t)).collect();
    times.sort();
    println!(
        "start-up to first painted case list (demo, 120x36): median {:.1?} (min {:.1?}, max \
         {:.1?}; {RUNS} runs: {})",
        times[RUNS / 2],
        times[0],
        times[RUNS - 1],
        all.join(" ")
    );
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Feeds `cmds` through the real executor and the app until nothing is in flight.
async fn pump(app: &mut App, exec: &Executor, cmds: Vec<Cmd>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut in_flight = 0;
    for cmd in cmds {
        if cmd != Cmd::Quit {
            in_flight += 1;
            exec.execute(cmd, tx.clone());
        }
    }
    while in_flight > 0 {
        let msg = rx.recv().await.unwrap();
        in_flight -= 1;
        for cmd in app.update(msg) {
            if cmd != Cmd::Quit {
                in_flight += 1;
                exec.execute(cmd, tx.clone());
            }
        }
    }
}

fn frames() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let service = local::start_demo().await.unwrap();
        let (exec, mut app) = support::big_demo_case(service.endpoint_url()).await;
        let cmds = app.start();
        pump(&mut app, &exec, cmds).await;
        // Load every page of both lists by jumping to their ends until nothing more comes.
        for pane in ['2', '3'] {
            let cmds = app.update(Msg::Key(KeyEvent::new(
                KeyCode::Char(pane),
                KeyModifiers::NONE,
            )));
            pump(&mut app, &exec, cmds).await;
            for _ in 0..200 {
                let cmds = app.update(key(KeyCode::End));
                if cmds.is_empty() {
                    break;
                }
                pump(&mut app, &exec, cmds).await;
            }
        }
        for (w, h) in [(160u16, 45u16), (80, 24)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            let _ = app.update(Msg::Resize(w, h));
            let mut times = Vec::new();
            for i in 0..300 {
                // Move the selection so each frame draws a different window.
                let _ = app.update(key(if i % 2 == 0 {
                    KeyCode::Up
                } else {
                    KeyCode::PageUp
                }));
                let t = Instant::now();
                terminal
                    .draw(|f| {
                        cases_tui::ui::draw(f, &app);
                    })
                    .unwrap();
                times.push(t.elapsed());
            }
            times.sort();
            println!(
                "frame, big case open ({w}x{h}): median {:?}, p95 {:?}",
                times[times.len() / 2],
                times[times.len() * 95 / 100]
            );
        }
        let screen = {
            let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
            terminal
                .draw(|f| {
                    cases_tui::ui::draw(f, &app);
                })
                .unwrap();
            format!("{:?}", terminal.backend().buffer())
        };
        let loaded = screen.contains("Audit timeline · 1");
        println!("(audit pane title shows a full count: {loaded})");
        service.shutdown().await;
    });
}
