//! The SLA radar's world for the local service, relative to the real clock (the service reads an
//! SLA's status at the time of each request).
#![allow(dead_code)]

use cases_tui::local::SeedStep;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

pub const DOMAIN: &str = "d-radar";
/// Open SLAs on the bulk case, so the open ones need two pages of 25.
pub const BULK: usize = 24;

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
