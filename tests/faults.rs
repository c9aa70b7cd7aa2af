//! A slow and failing service: retries are visible per pane, keys keep working while calls are
//! in flight, and nothing staged is lost.

mod support;

use cases_tui::app::{App, AppContext, Cmd, Msg, ServiceCmd};
use cases_tui::aws::{ConnectOptions, Gateway, GatewayError, build_client};
use cases_tui::local::{self, ServeArgs};
use cases_tui::tui::Executor;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::pty::{Served, Term};

#[tokio::test]
async fn each_retry_reaches_the_app_and_shows_in_the_pane_then_the_failure_does() {
    let service = local::start(ServeArgs {
        demo: true,
        throttle_rate: 1.0,
        ..ServeArgs::for_tests()
    })
    .await
    .unwrap();
    let client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    let exec = Executor {
        gateway: Gateway::read_only(client),
        journal: None,
    };
    let mut app = App::new(AppContext {
        domain_id: Some("demo".into()),
        ..AppContext::for_tests()
    });
    let cmds = app.start();
    let search = cmds
        .into_iter()
        .find(|c| matches!(c, Cmd::Service(ServiceCmd::SearchCases { .. })))
        .unwrap();
    let Cmd::Service(ServiceCmd::SearchCases { req, .. }) = search.clone() else {
        unreachable!()
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    exec.execute(search, tx);

    let mut attempts = Vec::new();
    loop {
        let msg = rx.recv().await.unwrap();
        match &msg {
            &Msg::Retrying { req: r, attempt } => {
                assert_eq!(r, req);
                attempts.push(attempt);
                app.update(msg.clone());
                let mut term = Terminal::new(TestBackend::new(100, 12)).unwrap();
                term.draw(|f| {
                    cases_tui::ui::draw(f, &app);
                })
                .unwrap();
                let screen = format!("{:?}", term.backend().buffer());
                assert!(
                    screen.contains(&format!("retrying (attempt {attempt})")),
                    "{screen}"
                );
            }
            Msg::CasesLoaded { result, .. } => {
                assert!(
                    matches!(result, Err(GatewayError::Throttled(_))),
                    "{result:?}"
                );
                app.update(msg.clone());
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(attempts, vec![2, 3], "the standard mode's three attempts");
    let status = app.status.as_ref().unwrap();
    assert!(status.text.contains("throttled"), "{}", status.text);
    assert!(
        app.loading_label(Some(req)).ends_with("loading"),
        "retry state cleared"
    );
    service.shutdown().await;
}

#[test]
fn a_slow_failing_service_never_blocks_keys_or_loses_a_draft() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("requests.jsonl");
    let log_arg = log.display().to_string();
    let served = Served::start(
        &[
            "--demo",
            "--request-log",
            &log_arg,
            "--latency-ms",
            "2500",
            "--fail-rate",
            "0.3",
            "--throttle-rate",
            "0.3",
        ],
        home.path(),
    );
    let (journal, draft, state_dir) =
        support::drafts::journal_with_comment_edit(home.path(), "kept through faults");
    let mut term = Term::spawn(
        &[
            "--endpoint-url",
            &served.url,
            "--domain",
            "demo",
            "--state-dir",
            &state_dir,
        ],
        home.path(),
        120,
        36,
    );
    term.wait_for("staged 1", 20);
    term.wait_for("Loading cases", 20);
    term.send("?");
    term.wait_for("show / hide this help", 20);
    // The service logs a request when it answers it: no SearchCases answered yet means the key
    // was handled while the first search was still in flight.
    let answered = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        !answered.contains("\"SearchCases\""),
        "the search finished before the key was handled; the test proves nothing:\n{answered}"
    );
    term.send("?");
    // The list arrives or fails with a message; either way the app stays usable.
    term.wait_until("to show the list or a failure", 40, |screen| {
        screen.contains("Order #") || screen.contains("press r") || screen.contains("retry")
    });
    // Start more calls and quit while they are in flight.
    term.send("r");
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());
    assert_eq!(journal.load_all().unwrap().0, vec![draft]);
}
