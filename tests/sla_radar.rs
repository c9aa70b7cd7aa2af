//! The SLA radar against the local service over real HTTP, through the real SDK: open SLAs on
//! several cases (breached, about to breach, later, and more than a page of them), a completed
//! one that must not show, the radar's order and its requests per load.

use cases_tui::aws::{ConnectOptions, Reader, build_client};
use cases_tui::local::{LocalService, SeedStep, ServeArgs, start_with_steps};
use cases_tui::model::RelatedContent;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use serde_json::{Value, json};

const DOMAIN: &str = "d-radar";
/// Open SLAs on the bulk case, so the open ones need two pages of 25.
const BULK: usize = 24;

fn step(operation: &str, at: DateTime<Utc>, id: Option<&str>, input: Value) -> SeedStep {
    SeedStep {
        operation: operation.into(),
        input,
        at: Some(at),
        id: id.map(str::to_string),
        principal: None,
    }
}

fn case(id: &str, title: &str, at: DateTime<Utc>) -> SeedStep {
    step(
        "CreateCase",
        at,
        Some(id),
        json!({"domainId": DOMAIN, "templateId": "tpl",
               "fields": [{"id": "title", "value": {"stringValue": title}}]}),
    )
}

/// An SLA on `case` created at `at`, met when the case is closed.
fn sla(case: &str, id: &str, name: &str, at: DateTime<Utc>, minutes: i64) -> SeedStep {
    step(
        "CreateRelatedItem",
        at,
        Some(id),
        json!({"domainId": DOMAIN, "caseId": case, "type": "Sla",
               "content": {"sla": {"slaInputConfiguration": {"name": name, "type": "CaseField",
                   "fieldId": "status", "targetFieldValues": [{"stringValue": "closed"}],
                   "targetSlaMinutes": minutes}}}}),
    )
}

/// The radar's world, relative to the real clock (the service reads SLAs at the time of each
/// request): one SLA breached an hour ago, one due in about 5 minutes, one due in about 4 hours,
/// one met (its case closed), a comment, and [`BULK`] open SLAs due in days.
pub fn radar_steps(now: DateTime<Utc>) -> Vec<SeedStep> {
    let t0 = now - Duration::hours(3);
    let mut steps = vec![
        step("CreateDomain", t0, Some(DOMAIN), json!({"name": "Radar"})),
        step(
            "CreateTemplate",
            t0,
            Some("tpl"),
            json!({"domainId": DOMAIN, "name": "Default", "status": "Active"}),
        ),
        case("c-breached", "Refund never arrived", t0),
        case("c-soon", "Printer on fire", t0),
        case("c-later", "Invoice disputed", t0),
        case("c-done", "Password reset", t0),
        case("c-bulk", "Warehouse backlog", t0),
        sla(
            "c-breached",
            "s-breached",
            "Resolve",
            now - Duration::hours(2),
            60,
        ),
        sla(
            "c-soon",
            "s-soon",
            "First reply",
            now - Duration::minutes(55),
            60,
        ),
        sla(
            "c-later",
            "s-later",
            "Resolve",
            now - Duration::minutes(10),
            250,
        ),
        sla(
            "c-done",
            "s-done",
            "First reply",
            now - Duration::minutes(30),
            60,
        ),
        step(
            "UpdateCase",
            now - Duration::minutes(20),
            None,
            json!({"domainId": DOMAIN, "caseId": "c-done",
                   "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
        ),
        step(
            "CreateRelatedItem",
            now - Duration::minutes(5),
            Some("comment-1"),
            json!({"domainId": DOMAIN, "caseId": "c-later", "type": "Comment",
                   "content": {"comment": {"body": "on it", "contentType": "Text/Plain"}}}),
        ),
    ];
    for i in 0..BULK {
        steps.push(sla(
            "c-bulk",
            &format!("s-bulk-{i:02}"),
            "Ship",
            now - Duration::minutes(30),
            60 * 24 * (2 + i as i64),
        ));
    }
    steps
}

async fn service(log: &std::path::Path) -> (LocalService, Reader) {
    let now = Utc::now().trunc_subsecs(0);
    let args = ServeArgs {
        request_log: Some(log.to_path_buf()),
        ..ServeArgs::for_tests()
    };
    let service = start_with_steps(args, radar_steps(now)).await.unwrap();
    let client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    (service, Reader::new(client))
}

fn requests(log: &std::path::Path, operation: &str) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| serde_json::from_str::<Value>(l).unwrap()["operation"] == operation)
        .count()
}

#[tokio::test]
async fn open_slas_are_every_active_and_overdue_sla_of_the_domain_and_no_completed_one() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let (service, reader) = service(&log).await;
    let open = reader.open_slas(DOMAIN).await.unwrap();
    let ids: Vec<&str> = open.iter().map(|o| o.item.id.as_str()).collect();
    assert_eq!(open.len(), 3 + BULK, "{ids:?}");
    assert!(!ids.contains(&"s-done"), "a met SLA is not open: {ids:?}");
    assert!(!ids.contains(&"comment-1"), "only SLAs: {ids:?}");
    let status = |id: &str| {
        let o = open.iter().find(|o| o.item.id == id).unwrap();
        match &o.item.content {
            RelatedContent::Sla(s) => (o.case_id.clone(), s.status.clone()),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        status("s-breached"),
        ("c-breached".into(), "Overdue".into())
    );
    assert_eq!(status("s-soon"), ("c-soon".into(), "Active".into()));
    // 27 open SLAs at 25 a page: two requests, nothing else.
    assert_eq!(requests(&log, "SearchAllRelatedItems"), 2);
    service.shutdown().await;
}
