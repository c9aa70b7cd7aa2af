//! The local service's flags (`--state`, the fault rates, `--latency-ms`, `--request-log`,
//! `--addr`) and the `serve` binary itself.

mod support;

use std::task::Poll;
use std::time::Duration;

use aws_sdk_connectcases::error::ProvideErrorMetadata;
use axum::http::HeaderMap;
use cases_tui::local::{ServeArgs, Shared, handle_raw, start};
use serde_json::Value;
use support::local::{client, raw};

// ---- flags ----

#[tokio::test]
async fn state_survives_a_restart_and_a_corrupt_state_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let args = ServeArgs {
        state: Some(state.clone()),
        ..ServeArgs::for_tests()
    };
    let service = start(args.clone()).await.unwrap();
    let id = client(&service)
        .create_domain()
        .name("Kept")
        .send()
        .await
        .unwrap()
        .domain_id()
        .to_owned();
    service.shutdown().await;
    // The write is in the log until a compaction folds it into the snapshot.
    let log = dir.path().join("state.json.log");
    let log = std::fs::read(&log).unwrap();
    assert!(log.windows(4).any(|w| w == b"Kept"));

    let service = start(args.clone()).await.unwrap();
    let got = client(&service)
        .get_domain()
        .domain_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.name(), "Kept");
    service.shutdown().await;
    let mut leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        ["state.json", "state.json.lock", "state.json.log"],
        "only the snapshot, its log and the lock file kept for the next start, no temp files"
    );

    std::fs::write(&state, "{not json").unwrap();
    let err = start(args)
        .await
        .err()
        .expect("a corrupt state file stops start-up");
    assert!(format!("{err:#}").contains("is corrupt"), "{err:#}");
    assert_eq!(
        std::fs::read_to_string(&state).unwrap(),
        "{not json",
        "never reset silently"
    );
}

/// A service started with `args` that fails every call: the SDK's error for ListDomains, and the
/// raw answer to the same call.
async fn every_call_fails(
    args: ServeArgs,
) -> (
    aws_sdk_connectcases::operation::list_domains::ListDomainsError,
    support::local::Raw,
) {
    let service = start(args).await.unwrap();
    let err = client(&service)
        .list_domains()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let r = raw(service.addr, "POST", "/domains-list", b"").await;
    service.shutdown().await;
    (err, r)
}

#[tokio::test]
async fn fail_rate_one_answers_internal_server_error() {
    let (err, r) = every_call_fails(ServeArgs {
        fail_rate: 1.0,
        ..ServeArgs::for_tests()
    })
    .await;
    assert!(err.is_internal_server_exception(), "{err:?}");
    assert!(err.message().unwrap().contains("--fail-rate"));
    r.error(500, "InternalServerException");
}

#[tokio::test]
async fn throttle_rate_one_answers_throttling() {
    let (err, r) = every_call_fails(ServeArgs {
        throttle_rate: 1.0,
        ..ServeArgs::for_tests()
    })
    .await;
    assert!(err.is_throttling_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ThrottlingException"));
    r.error(429, "ThrottlingException");
}

#[tokio::test]
async fn rates_outside_zero_to_one_are_refused() {
    let args = ServeArgs {
        fail_rate: 1.5,
        ..ServeArgs::for_tests()
    };
    let err = start(args).await.err().expect("refused");
    assert!(err.to_string().contains("--fail-rate"), "{err}");
}

/// `--latency-ms` holds each answer back until that long has passed. Shown on tokio's paused
/// clock, which moves only when told to: the answer is pending a moment before the latency is
/// over and ready once it is, whatever the machine's speed.
#[tokio::test(start_paused = true)]
async fn latency_holds_each_answer_back_until_it_has_passed() {
    let shared = Shared::new(&ServeArgs {
        latency_ms: 300,
        ..ServeArgs::for_tests()
    })
    .unwrap();
    let headers = HeaderMap::new();
    for _ in 0..2 {
        let answer = handle_raw(&shared, "POST", "/domains-list", &headers, b"{}");
        tokio::pin!(answer);
        assert!(futures::poll!(&mut answer).is_pending(), "no time passed");
        tokio::time::advance(Duration::from_millis(299)).await;
        assert!(futures::poll!(&mut answer).is_pending(), "answered early");
        tokio::time::advance(Duration::from_millis(1)).await;
        let Poll::Ready(r) = futures::poll!(&mut answer) else {
            panic!("still held back once the latency passed");
        };
        assert_eq!(r.status, 200, "{:?}", r.body);
    }
}

#[tokio::test(start_paused = true)]
async fn without_latency_the_answer_is_ready_at_once() {
    let shared = Shared::new(&ServeArgs::for_tests()).unwrap();
    let headers = HeaderMap::new();
    let answer = handle_raw(&shared, "POST", "/domains-list", &headers, b"{}");
    tokio::pin!(answer);
    let Poll::Ready(r) = futures::poll!(&mut answer) else {
        panic!("held back with no --latency-ms");
    };
    assert_eq!(r.status, 200, "{:?}", r.body);
}

#[tokio::test]
async fn request_log_has_one_json_line_per_request() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let args = ServeArgs {
        request_log: Some(log.clone()),
        ..ServeArgs::for_tests()
    };
    let service = start(args).await.unwrap();
    let client = client(&service);
    client.create_domain().name("Logged").send().await.unwrap();
    let _ = client.get_domain().domain_id("nope").send().await;
    raw(service.addr, "GET", "/nowhere", b"").await;
    service.shutdown().await;
    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["operation"], "CreateDomain");
    assert_eq!(lines[0]["method"], "POST");
    assert_eq!(lines[0]["path"], "/domains");
    assert_eq!(lines[0]["status"], 200);
    assert!(lines[0]["ms"].is_u64());
    assert_eq!(lines[1]["operation"], "GetDomain");
    assert_eq!(lines[1]["path"], "/domains/nope");
    assert_eq!(lines[1]["status"], 404);
    assert_eq!(lines[2]["operation"], Value::Null);
    assert_eq!(lines[2]["status"], 404);
}

#[tokio::test]
async fn non_loopback_addr_needs_allow_remote() {
    let args = ServeArgs {
        addr: "0.0.0.0:0".into(),
        ..ServeArgs::for_tests()
    };
    let err = start(args).await.err().expect("refused");
    assert!(err.to_string().contains("--allow-remote"), "{err}");
    let args = ServeArgs {
        addr: "0.0.0.0:0".into(),
        allow_remote: true,
        ..ServeArgs::for_tests()
    };
    let service = start(args).await.unwrap();
    assert!(service.endpoint_url().starts_with("http://127.0.0.1:"));
    client(&service).list_domains().send().await.unwrap();
    service.shutdown().await;
}

// ---- the binary ----

#[test]
fn serve_prints_its_endpoint_and_stops_on_sigterm() {
    use std::io::BufRead as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cases-tui"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .expect(&line);
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    std::net::TcpStream::connect(("127.0.0.1", port)).expect("accepting once it printed");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(killed.unwrap().success());
    let status = child.wait().unwrap();
    assert!(status.success(), "stops cleanly on SIGTERM: {status:?}");
}
