//! Input latency while the network is busy, measured (not asserted):
//!
//!     cargo bench --bench latency
//!
//! `cases-tui serve --demo --latency-ms 500` runs as a child process. The app opens the big demo
//! case through the real executor (`cases_tui::tui::Executor`, the real SDK); then, in each of 10
//! rounds, 25 audit-page calls are put in flight and, while they wait on the service, key
//! presses are applied and drawn the way the event loop does: `update(key)` then a 160x45 frame.
//! Reports the key-to-frame time (median, p95, max) and the frame that applies the 25 answers.
//! Budget: one frame (16 ms).

mod support;

use std::time::{Duration, Instant};

use cases_tui::app::{Cmd, Msg, ServiceCmd};
use cases_tui::local::demo;
use cases_tui::tui::Executor;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use support::{code, key, stats};
use tokio::sync::mpsc;

const IN_FLIGHT: usize = 25;
const LATENCY_MS: u64 = 500;

/// The binary's allocator, so in-process numbers match what `cases-tui` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let latency = LATENCY_MS.to_string();
    let (mut child, url) = support::serve(&["--demo", "--latency-ms", &latency]);
    println!(
        "{} cores; serve --latency-ms {LATENCY_MS} at {url}; {IN_FLIGHT} calls in flight",
        support::cores()
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let (reader, mut app) = support::big_demo_case(url).await;
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut in_flight = 0usize;
        let cmds = app.start();
        dispatch(&reader, &tx, cmds, &mut in_flight);
        // Open the case: everything its first screen asks for.
        while in_flight > 0 {
            let msg = rx.recv().await.unwrap();
            in_flight -= 1;
            let cmds = app.update(msg);
            dispatch(&reader, &tx, cmds, &mut in_flight);
        }
        let _ = app.update(Msg::Resize(160, 45));
        let _ = app.update(key('3'));
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
        terminal
            .draw(|f| {
                cases_tui::ui::draw(f, &app);
            })
            .unwrap();

        let mut latencies = Vec::new();
        let mut answer_frames = Vec::new();
        let keys = [
            key('j'),
            key('j'),
            code(KeyCode::PageDown),
            key('k'),
            key('2'),
            key('3'),
        ];
        for _round in 0..10 {
            // 25 page requests the app will treat as stale answers, through the real executor.
            for i in 0..IN_FLIGHT {
                reader.execute(
                    Cmd::Service(ServiceCmd::LoadAudit {
                        req: u64::MAX - i as u64,
                        domain_id: demo::DEMO_DOMAIN_ID.into(),
                        case_id: demo::BIG_CASE_ID.into(),
                        next_token: None,
                    }),
                    tx.clone(),
                );
            }
            in_flight += IN_FLIGHT;
            let sent = Instant::now();
            let mut k = 0;
            // Keys every 10 ms while the calls wait on the service.
            while sent.elapsed() < Duration::from_millis(LATENCY_MS * 8 / 10) {
                let t = Instant::now();
                let cmds = app.update(keys[k % keys.len()].clone());
                terminal
                    .draw(|f| {
                        cases_tui::ui::draw(f, &app);
                    })
                    .unwrap();
                latencies.push(t.elapsed());
                dispatch(&reader, &tx, cmds, &mut in_flight);
                k += 1;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            // The answers: applied in one batch and drawn, as the event loop does.
            while in_flight > 0 {
                let first = rx.recv().await.unwrap();
                let t = Instant::now();
                let mut batch = vec![first];
                while let Ok(m) = rx.try_recv() {
                    batch.push(m);
                }
                in_flight -= batch.len();
                for msg in batch {
                    let cmds = app.update(msg);
                    dispatch(&reader, &tx, cmds, &mut in_flight);
                }
                terminal
                    .draw(|f| {
                        cases_tui::ui::draw(f, &app);
                    })
                    .unwrap();
                answer_frames.push(t.elapsed());
            }
        }
        let count = latencies.len();
        let max = *latencies.iter().max().unwrap();
        let (median, p95) = stats(latencies);
        println!(
            "key -> drawn frame with {IN_FLIGHT} calls in flight: median {median:.2?}, p95 \
             {p95:.2?}, max {max:.2?} ({count} keys)"
        );
        let (median, _) = stats(answer_frames.clone());
        println!(
            "answers arriving -> drawn frame: median {median:.2?}, max {:.2?} ({} batches)",
            answer_frames.iter().max().unwrap(),
            answer_frames.len()
        );
    });
    let _ = child.kill();
    let _ = child.wait();
}

/// Spawns `cmds` through the real executor, counting them in flight.
fn dispatch(
    reader: &Executor,
    tx: &mpsc::UnboundedSender<Msg>,
    cmds: Vec<Cmd>,
    in_flight: &mut usize,
) {
    for cmd in cmds.into_iter().filter(|c| *c != Cmd::Quit) {
        *in_flight += 1;
        reader.execute(cmd, tx.clone());
    }
}
