//! Read-only mode is enforced below the UI: such a session holds no writer, so no key and no
//! command can reach a mutating call. Checked against the local service's request log.

mod support;

use cases_tui::app::{Cmd, Msg, ServiceCmd, SessionCmd};
use cases_tui::aws::{ConnectOptions, Gateway, build_client};
use cases_tui::edit::{Base, Content, Draft, StagedOp};
use cases_tui::local::{self, ServeArgs};
use cases_tui::model::RelatedItemType;
use cases_tui::tui::Executor;
use serde_json::Value;
use support::pty::{Served, Term, open_only_match};

/// Operations that change nothing.
fn is_read(op: &str) -> bool {
    ["Get", "List", "Search", "BatchGet"]
        .iter()
        .any(|p| op.starts_with(p))
}

fn operations(log: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            v["operation"].as_str().unwrap_or("?").to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_read_only_gateway_has_no_writer_and_the_executor_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let service = local::start(ServeArgs {
        demo: true,
        request_log: Some(log.clone()),
        ..ServeArgs::for_tests()
    })
    .await
    .unwrap();
    let client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    let gateway = Gateway::read_only(client.clone());
    assert!(gateway.writer().is_none());
    assert!(gateway.is_read_only());
    assert!(Gateway::read_write(client, None).writer().is_some());

    let exec = Executor {
        gateway,
        journal: None,
    };
    let mut draft = Draft::new_comment("demo", "case-0001", "hello".into());
    draft.push(StagedOp::SetBody {
        body: "hello".into(),
    });
    let custom = Draft::for_item(
        "demo",
        "case-0001",
        "ri-0001-001",
        RelatedItemType::Custom,
        Base::Custom { fields: vec![] },
    );
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    exec.execute(
        Cmd::Service(ServiceCmd::SendDraft {
            content: draft.content(),
            draft,
        }),
        tx.clone(),
    );
    exec.execute(
        Cmd::Service(ServiceCmd::SendDraft {
            draft: custom,
            content: Content::Custom(vec![]),
        }),
        tx.clone(),
    );
    exec.execute(
        Cmd::Service(ServiceCmd::DeleteItem {
            domain_id: "demo".into(),
            case_id: "case-0001".into(),
            item_id: "ri-0001-001".into(),
        }),
        tx,
    );
    for _ in 0..3 {
        match rx.recv().await.unwrap() {
            Msg::DraftSent { result: Err(e), .. } => {
                assert!(e.to_string().contains("read-only"), "{e}")
            }
            Msg::ItemDeleted { result: Err(e), .. } => {
                assert!(e.to_string().contains("read-only"), "{e}")
            }
            other => panic!("a write got through: {other:?}"),
        }
    }
    service.shutdown().await;
    let ops = operations(&log);
    assert!(ops.is_empty(), "requests reached the service: {ops:?}");
}

#[test]
fn every_editing_key_in_read_only_mode_sends_no_mutating_request() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("requests.jsonl");
    let log_arg = log.display().to_string();
    let served = Served::start(&["--demo", "--request-log", &log_arg], home.path());

    // A draft restored from the journal can be reviewed, not sent.
    let (journal, draft, state_dir) =
        support::drafts::journal_with_comment_edit(home.path(), "READ-ONLY-DRAFT");
    let mut term = Term::spawn(
        &[
            "--endpoint-url",
            &served.url,
            "--domain",
            "demo",
            "--read-only",
            "--state-dir",
            &state_dir,
        ],
        home.path(),
        120,
        36,
    );
    term.wait_for("[RO]", 30);
    term.wait_for("Order #88231", 30);
    // The case list, then the big case's three panes, each with every editing key.
    for k in ["e", "a", "d", "y", "x", "s", "y"] {
        term.send(k);
    }
    // `s` opened the review of the restored draft; Esc closes it (sent alone: a key right after
    // a lone Esc could reach the program as one Alt chord).
    term.wait_for("READ-ONLY-DRAFT", 10);
    term.send("\x1b");
    term.wait_gone("READ-ONLY-DRAFT", 10);
    open_only_match(&mut term, "repeated");
    term.wait_for("Audit timeline", 10);
    for pane in ["1", "2", "3"] {
        term.send(pane);
        for t in 0..6 {
            if pane == "2" && t > 0 {
                term.send("t");
            }
            for k in ["e", "y", "a", "y", "d", "y", "x", "s", "y", "n"] {
                term.send(k);
            }
        }
    }
    term.send("2");
    term.send("e");
    term.wait_for("read-only:", 10);
    // The review shows the restored draft; y is refused.
    term.send("s");
    term.wait_for("READ-ONLY-DRAFT", 10);
    term.send("y");
    term.wait_for("read-only", 10);
    term.send("\x1b");
    term.wait_gone("READ-ONLY-DRAFT", 10);
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());

    let ops = operations(&log);
    assert!(ops.len() > 5, "the session made its reads: {ops:?}");
    let writes: Vec<_> = ops.iter().filter(|op| !is_read(op)).collect();
    assert!(
        writes.is_empty(),
        "mutating requests in read-only mode: {writes:?}"
    );
    // The draft is still there for a read-write session.
    assert_eq!(journal.load_all().unwrap().0, vec![draft]);
}

#[tokio::test]
async fn switching_region_rebuilds_the_client_and_stays_read_only() {
    let service = local::start(ServeArgs {
        demo: true,
        ..ServeArgs::for_tests()
    })
    .await
    .unwrap();
    let connect = ConnectOptions::local(service.endpoint_url());
    let exec = Executor {
        gateway: Gateway::read_only(build_client(&connect).await),
        journal: None,
    };
    let session = cases_tui::tui::Session::new(exec, connect, true, None);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    session.execute(
        Cmd::Session(SessionCmd::Reconnect {
            profile: None,
            region: Some("eu-west-2".into()),
        }),
        tx.clone(),
    );
    match rx.recv().await.unwrap() {
        Msg::Reconnected(Ok(label)) => {
            assert_eq!(label, format!("{} · eu-west-2", service.endpoint_url()))
        }
        other => panic!("{other:?}"),
    }
    assert!(
        session.gateway().is_read_only(),
        "no writer after switching"
    );
    // The new client answers.
    session.execute(Cmd::Service(ServiceCmd::LoadDomains), tx);
    assert!(matches!(
        rx.recv().await.unwrap(),
        Msg::DomainsLoaded(Ok(d)) if !d.is_empty()
    ));
    service.shutdown().await;
}
