//! `cases-tui audit` against the local service, both as child processes, measured (not
//! asserted):
//!
//!     cargo bench --bench export
//!
//! - time of `cases-tui audit --output jsonl` for a 2,000-event history (median of 3), to
//!   compare with `scripts/export_boto3.py` run by hand on the same service;
//! - peak RSS (VmHWM, polled from /proc) of the export at 10k and 100k events: streaming keeps
//!   it flat.
//!
//! Each history is a seed file from `long_history_steps(n)` replayed by `serve --seed`; how long
//! that replay takes is printed too.

mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cases_tui::local::seed::long_history_steps;

const BIN: &str = env!("CARGO_BIN_EXE_cases-tui");

fn main() {
    println!("{} cores", support::cores());
    let dir = tempfile::tempdir().unwrap();
    for n in [2_000, 10_000, 100_000] {
        let seed = dir.path().join(format!("history-{n}.json"));
        let steps = serde_json::json!({ "steps": long_history_steps(n) });
        std::fs::write(&seed, serde_json::to_vec(&steps).unwrap()).unwrap();
        let (mut serve, url, replay) = serve(&seed);
        println!("serve --seed with {n} events: listening after {replay:.2?}");
        let runs = if n == 2_000 { 3 } else { 1 };
        let mut times = Vec::new();
        let mut peaks = Vec::new();
        for _ in 0..runs {
            let out = dir.path().join("out.jsonl");
            let (time, peak) = audit(&url, &out);
            let lines = std::fs::read_to_string(&out).unwrap().lines().count();
            assert_eq!(lines, n, "every event exported");
            times.push(time);
            peaks.push(peak);
        }
        times.sort();
        println!(
            "cases-tui audit --output jsonl, {n} events: {:.2?} (median of {runs}); peak RSS \
             (VmHWM) {:.1} MB",
            times[runs / 2],
            peaks.iter().cloned().fold(0.0, f64::max)
        );
        if n == 2_000 {
            println!(
                "  compare by hand while it runs: time python3 scripts/export_boto3.py {url} d c \
                 > /dev/null"
            );
        }
        let _ = serve.kill();
        let _ = serve.wait();
    }
}

/// `cases-tui serve --seed FILE` on a free port: the child, its URL and the time to listen.
fn serve(seed: &Path) -> (Child, String, Duration) {
    let start = Instant::now();
    let seed = seed.display().to_string();
    let (child, url) = support::serve(&["--seed", &seed]);
    (child, url, start.elapsed())
}

/// Runs the export into `out`, polling its peak RSS; (wall time, VmHWM in MB).
fn audit(url: &str, out: &Path) -> (Duration, f64) {
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .args([
            "--endpoint-url",
            url,
            "--region",
            "us-east-1",
            "--domain",
            "d",
        ])
        .args(["audit", "--case", "c", "--output", "jsonl"])
        // Local service: static dummy keys, and no shared AWS files or instance metadata.
        .env("AWS_ACCESS_KEY_ID", "AKIDBENCH")
        .env("AWS_SECRET_ACCESS_KEY", "bench-secret")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdout(std::fs::File::create(out).unwrap())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start cases-tui audit");
    let pid = child.id().to_string();
    let mut peak: f64 = 0.0;
    loop {
        if let Some(mb) = support::proc_status_mb(&pid, "VmHWM:") {
            peak = peak.max(mb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "cases-tui audit failed: {status}");
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (start.elapsed(), peak)
}
