//! `cases-tui audit` and the export behind it, through the real SDK against the local service.

mod support;

use cases_tui::aws::{ConnectOptions, Reader, build_client};
use cases_tui::export::{self, ExportOptions, Format};
use cases_tui::local::{self, ServeArgs};
use chrono::{Duration, TimeZone, Utc};
use serde_json::Value;
use std::process::Command;

const EVENTS: usize = 2_000;

#[tokio::test]
async fn exports_a_2000_event_history_in_order_with_every_field() {
    let service = local::start_with_steps(
        ServeArgs::for_tests(),
        local::seed::long_history_steps(EVENTS),
    )
    .await
    .unwrap();
    let reader = Reader::new(build_client(&ConnectOptions::local(service.endpoint_url())).await);
    let opts = ExportOptions {
        format: Format::Jsonl,
        types: vec![],
        since: None,
        page_size: 25,
    };
    let mut out = Vec::new();
    let stats = export::export(&reader, "d", "c", &opts, &mut out)
        .await
        .unwrap();
    assert_eq!(stats.written, EVENTS);
    assert_eq!(stats.pages, EVENTS.div_ceil(25));

    let events: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), EVENTS);
    assert_eq!(events[0]["type"], "Case.Created");
    assert_eq!(events[0]["performedBy"]["user"]["customEntity"], "creator");
    let times: Vec<&str> = events
        .iter()
        .map(|e| e["performedTime"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "not in time order");
    for (i, e) in events.iter().enumerate().skip(1) {
        assert_eq!(e["type"], "Case.Updated");
        let f = &e["fields"][0];
        assert_eq!(f["eventFieldId"], "summary");
        assert_eq!(f["newValue"]["stringValue"], format!("revision {i}"));
        if i > 1 {
            assert_eq!(f["oldValue"]["stringValue"], format!("revision {}", i - 1));
        }
        assert!(e["performedBy"]["iamPrincipalArn"].is_string());
    }

    // Type and time filters.
    let since = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(1990);
    let opts = ExportOptions {
        format: Format::Csv,
        types: vec!["Case.Updated".into()],
        since: Some(since),
        page_size: 25,
    };
    let mut out = Vec::new();
    let stats = export::export(&reader, "d", "c", &opts, &mut out)
        .await
        .unwrap();
    assert_eq!(stats.written, 10);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 11, "header + 10 rows:\n{text}");
    assert!(text.lines().last().unwrap().contains("revision 1999"));
    service.shutdown().await;
}

#[test]
fn the_audit_command_streams_the_big_demo_case_and_fails_clearly() {
    let home = tempfile::tempdir().unwrap();
    let served = support::pty::Served::start(&["--demo"], home.path());
    let run = |args: &[&str]| {
        let mut cmd = Command::new(support::pty::BIN);
        cmd.args(["--endpoint-url", &served.url, "--domain", "demo", "audit"])
            .args(args);
        for (k, v) in support::pty::isolated_env(home.path()) {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let out = run(&[
        "--case",
        "case-0001",
        "--output",
        "jsonl",
        "--type",
        "RelatedItem.Updated",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 100, "{} events", lines.len());
    assert!(lines.iter().all(|e| e["type"] == "RelatedItem.Updated"));

    // The binary takes --order: newest first, the same events.
    let out = run(&[
        "--case",
        "case-0001",
        "--type",
        "RelatedItem.Updated",
        "--order",
        "newest",
    ]);
    assert!(out.status.success());
    let newest: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(newest.len(), lines.len());
    let times: Vec<&str> = newest
        .iter()
        .map(|e| e["performedTime"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "not newest first");

    let out = run(&["--case", "no-such-case"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no-such-case") && err.contains("not found"),
        "{err}"
    );
}

#[test]
fn output_cut_short_by_the_reader_ends_quietly() {
    use std::io::{BufRead, BufReader};
    let home = tempfile::tempdir().unwrap();
    let served = support::pty::Served::start(&["--demo"], home.path());
    for args in [
        vec![
            "--endpoint-url",
            served.url.as_str(),
            "--domain",
            "demo",
            "audit",
            "--case",
            "case-0001",
        ],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["config", "--print-default"],
    ] {
        let mut cmd = Command::new(support::pty::BIN);
        cmd.args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (k, v) in support::pty::isolated_env(home.path()) {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        // Like `| head -1`: read one line, then go away.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?} printed nothing");
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// `--order newest` gives the same events as the default, newest first, in every format; the
/// CSV header stays on top.
#[tokio::test]
async fn newest_first_is_the_oldest_first_export_reversed() {
    let service =
        local::start_with_steps(ServeArgs::for_tests(), local::seed::long_history_steps(260))
            .await
            .unwrap();
    let reader = Reader::new(build_client(&ConnectOptions::local(service.endpoint_url())).await);
    let run = |format, order| {
        let reader = &reader;
        async move {
            let opts = ExportOptions {
                format,
                types: vec![],
                since: None,
                page_size: 25,
            };
            let mut out = Vec::new();
            let stats = export::export_in_order(reader, "d", "c", &opts, order, &mut out)
                .await
                .unwrap();
            (stats, String::from_utf8(out).unwrap())
        }
    };
    let (old_stats, oldest) = run(Format::Jsonl, export::Order::Oldest).await;
    let (new_stats, newest) = run(Format::Jsonl, export::Order::Newest).await;
    assert_eq!(old_stats, new_stats);
    assert_eq!(new_stats.written, 260);
    let mut reversed: Vec<&str> = oldest.lines().collect();
    reversed.reverse();
    assert_eq!(newest.lines().collect::<Vec<_>>(), reversed);
    let first: Value = serde_json::from_str(newest.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["fields"][0]["newValue"]["stringValue"],
        "revision 259"
    );
    let last: Value = serde_json::from_str(newest.lines().last().unwrap()).unwrap();
    assert_eq!(last["type"], "Case.Created");

    let (_, csv) = run(Format::Csv, export::Order::Newest).await;
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("performedTime,eventId,"));
    assert!(lines.next().unwrap().contains("revision 259"));
    assert!(csv.lines().last().unwrap().contains("Case.Created"));
    service.shutdown().await;
}
