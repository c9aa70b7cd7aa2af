//! The real binary in a pseudo-terminal against `cases-tui serve --demo`: an SLA target changed by
//! keyboard, an edit refused in words while its case is being merged, and merges in both
//! timelines. Merges are started with raw requests: the SDK has no merge operations.

mod support;

use std::net::SocketAddr;
use support::reads::all_audit_events;

use cases_tui::aws::{ConnectOptions, Reader, build_client};
use cases_tui::model::{RelatedContent, RelatedItemType};
use chrono::{DateTime, Duration, Utc};
use support::local::raw;
use support::pty::{Served, Term};

const DOMAIN: &str = "demo";
const BIG: &str = "case-0001";

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

/// Each SLA of the big case: id -> (created, target).
fn slas(rt: &tokio::runtime::Runtime, url: &str) -> Vec<(String, DateTime<Utc>, DateTime<Utc>)> {
    rt.block_on(async {
        let reader = Reader::new(build_client(&ConnectOptions::local(url)).await);
        let page = reader
            .search_related_items(DOMAIN, BIG, &[RelatedItemType::Sla], None, Some(25))
            .await
            .unwrap();
        page.items
            .into_iter()
            .map(|i| match i.content {
                RelatedContent::Sla(s) => {
                    (i.id, i.association_time.unwrap(), s.target_time.unwrap())
                }
                other => panic!("{other:?}"),
            })
            .collect()
    })
}

/// A new open case with the big case's customer (merged cases share one); its id.
fn new_case(rt: &tokio::runtime::Runtime, url: &str) -> String {
    rt.block_on(async {
        let client = build_client(&ConnectOptions::local(url)).await;
        let big = Reader::new(client.clone())
            .get_case(DOMAIN, BIG, &["customer_id".to_string()])
            .await
            .unwrap();
        let customer = match big.field("customer_id") {
            Some(cases_tui::model::FieldValue::String(c)) => c.clone(),
            other => panic!("the big case's customer: {other:?}"),
        };
        let customer = aws_sdk_connectcases::types::FieldValue::builder()
            .id("customer_id")
            .value(aws_sdk_connectcases::types::FieldValueUnion::StringValue(
                customer,
            ))
            .build()
            .unwrap();
        let templates = client
            .list_templates()
            .domain_id(DOMAIN)
            .send()
            .await
            .unwrap();
        let template = templates.templates()[0].template_id().to_string();
        let title = aws_sdk_connectcases::types::FieldValue::builder()
            .id("title")
            .value(aws_sdk_connectcases::types::FieldValueUnion::StringValue(
                "Merge target".into(),
            ))
            .build()
            .unwrap();
        client
            .create_case()
            .domain_id(DOMAIN)
            .template_id(template)
            .fields(title)
            .fields(customer)
            .send()
            .await
            .unwrap()
            .case_id()
            .to_string()
    })
}

/// How many audit events the big case has, counted through the SDK.
fn event_count(rt: &tokio::runtime::Runtime, url: &str) -> usize {
    rt.block_on(async {
        let reader = Reader::new(build_client(&ConnectOptions::local(url)).await);
        all_audit_events(&reader, DOMAIN, BIG).await.len()
    })
}

fn start_merge(rt: &tokio::runtime::Runtime, url: &str, primary: &str, secondary: &str) {
    let addr: SocketAddr = url.trim_start_matches("http://").parse().unwrap();
    let body = format!(
        r#"{{"secondaryCaseIds": ["{secondary}"], "relatedItemsConfiguration": {{"comment": false}}}}"#
    );
    let path = format!("/domains/{DOMAIN}/cases/{primary}/merge");
    let r = rt.block_on(raw(addr, "POST", &path, body.as_bytes()));
    assert_eq!(r.status, 200, "{}", r.body);
}

fn open_big_case(served: &Served, home: &std::path::Path) -> Term {
    let term = Term::spawn(
        &[
            "--endpoint-url",
            &served.url,
            "--domain",
            DOMAIN,
            "--case",
            BIG,
        ],
        home,
        140,
        40,
    );
    term.wait_for("Audit timeline", 30);
    term
}

/// `t` until the related pane lists only `kind`, its first row selected and nothing loading.
fn related_of(term: &mut Term, presses: usize, kind: &str, row: &str) {
    term.send("2");
    for _ in 0..presses {
        term.send("t");
    }
    let want = format!("type: {kind}");
    term.wait_until(&want, 10, |s| {
        s.contains(&want) && s.contains(row) && !s.contains("loading")
    });
}

#[test]
fn the_sla_target_changed_by_keyboard_moves_the_stored_target() {
    let home = tempfile::tempdir().unwrap();
    let served = Served::start(&["--demo"], home.path());
    let rt = rt();
    let before = slas(&rt, &served.url);
    assert!(!before.is_empty(), "the big case has SLAs");
    let mut term = open_big_case(&served, home.path());
    related_of(&mut term, 4, "Sla", "▶ SLA");
    term.send("e");
    term.wait_for("SLA target ·", 10);
    term.send("\x15");
    // Refused inline with the range; nothing staged.
    for bad in ["0", "730d 1m", "abc"] {
        term.send(bad);
        term.send("\r");
        term.wait_for("1 to 1,051,200 minutes", 10);
        term.send("\x15");
    }
    term.send("2h");
    term.wait_for("New due", 10);
    term.send("\r");
    term.wait_for("staged 1", 10);
    term.send("s");
    term.wait_for("Target:", 10);
    term.send("y");
    term.wait_for("Saved.", 20);
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0));

    let after = slas(&rt, &served.url);
    let changed: Vec<_> = after.iter().filter(|a| !before.contains(a)).collect();
    assert_eq!(changed.len(), 1, "{before:?} -> {after:?}");
    let (id, created, new_target) = changed[0];
    let (_, _, old_target) = before.iter().find(|b| &b.0 == id).unwrap();
    assert_eq!(*new_target, *created + Duration::hours(2));
    assert_eq!(
        *new_target - *old_target,
        Duration::hours(2) - (*old_target - *created)
    );
}

#[test]
fn an_edit_to_a_case_being_merged_is_refused_in_words() {
    let home = tempfile::tempdir().unwrap();
    let served = Served::start(&["--demo", "--merge-ms", "600000"], home.path());
    let rt = rt();
    let primary = new_case(&rt, &served.url);
    start_merge(&rt, &served.url, &primary, BIG);
    let mut term = open_big_case(&served, home.path());
    related_of(&mut term, 2, "Comment", "▶ Comment");
    term.send("e");
    term.wait_for("Edit comment", 10);
    term.send(" MERGE-RACE");
    term.send("\x1b");
    term.wait_for("staged 1", 10);
    term.send("s");
    term.wait_for("MERGE-RACE", 10);
    term.send("y");
    term.wait_for("being merged into case", 20);
    let screen = term.screen();
    assert!(screen.contains("until the merge finishes"), "{screen}");
    assert!(screen.contains("The change stays staged"), "{screen}");
    assert!(screen.contains(&primary[..8]), "{screen}");
    assert!(!screen.contains("Saved."), "{screen}");
    term.send("\x1b");
    term.wait_gone("being merged into case", 10);
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());
}

#[test]
fn both_timelines_show_the_merge() {
    let home = tempfile::tempdir().unwrap();
    let served = Served::start(&["--demo", "--merge-ms", "0"], home.path());
    let rt = rt();
    let primary = new_case(&rt, &served.url);
    start_merge(&rt, &served.url, &primary, BIG);
    let mut term = open_big_case(&served, home.path());
    // The merge is the newest of the big case's 1,000+ events: load them all, newest first.
    term.send("3");
    term.send("L");
    let total = format!("Audit timeline · {} ", event_count(&rt, &served.url));
    term.wait_for(&total, 30);
    term.send("o");
    term.send("g");
    term.wait_for("Case.Merged", 30);
    // The target first: a UUID survives the row's cut.
    term.wait_for(&format!("→ {primary}"), 10);
    term.send(&format!(":case {primary}\r"));
    term.wait_for("Merge target", 20);
    term.send("3");
    // The primary's own history (created, linked, merged), not the screen of the case before it.
    term.wait_until("the primary's three events", 20, |s| {
        s.contains("Audit timeline · 3 ") && s.contains("Case.Merged")
    });
    // Events of one merge share a time: step to the Case.Merged row, whatever their order.
    let selected = |s: &str| {
        s.lines()
            .find(|l| l.contains('▶'))
            .unwrap_or_default()
            .to_string()
    };
    // A screen read mid-frame may show no selected row yet: such a read is never taken for a
    // move, so one `j` is never counted twice.
    for _ in 0..8 {
        let row = selected(&term.screen());
        if row.is_empty() {
            term.wait_until("a selected row", 10, |s| !selected(s).is_empty());
            continue;
        }
        if row.contains("Case.Merged") {
            break;
        }
        term.send("j");
        term.wait_until("the next row", 10, |s| {
            let now = selected(s);
            !now.is_empty() && now != row
        });
    }
    term.send("\r");
    term.wait_for("this case is the primary", 10);
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0));
}
