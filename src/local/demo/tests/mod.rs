//! The demo seed checked against the model's operations, the service's rules (by replaying it
//! through a checker and through the real store) and the content the UI tests rely on.

mod live;
mod replay;
mod scale;

use std::collections::{HashMap, HashSet};

use chrono::DateTime;
use serde_json::{Value, json};

use super::calendar::{rfc3339, short_date, ts};
use super::json::sv;
use super::{
    BIG_CASE_ID, DEMO_CASE_COUNT, DEMO_DOMAIN_ID, DEMO_NOW, FOLLOW_UP_CASE, HISTORY_LATEST,
};
use super::{demo_seed_json, demo_steps};
use replay::{replay, s};

/// `(operation, required members, every member)` of the operations the seed uses, from the
/// model (`connectcases-2022-10-03.service-2.json`).
const OPS: &[(&str, &[&str], &[&str])] = &[
    ("CreateDomain", &["name"], &["name"]),
    (
        "CreateField",
        &["domainId", "name", "type"],
        &["domainId", "name", "type", "description", "attributes"],
    ),
    (
        "BatchPutFieldOptions",
        &["domainId", "fieldId", "options"],
        &["domainId", "fieldId", "options"],
    ),
    (
        "CreateTemplate",
        &["domainId", "name"],
        &[
            "domainId",
            "name",
            "description",
            "layoutConfiguration",
            "requiredFields",
            "status",
            "rules",
            "tagPropagationConfigurations",
        ],
    ),
    (
        "CreateLayout",
        &["domainId", "name", "content"],
        &["domainId", "name", "content"],
    ),
    (
        "CreateCase",
        &["domainId", "templateId", "fields"],
        &[
            "domainId",
            "templateId",
            "fields",
            "clientToken",
            "performedBy",
            "tags",
        ],
    ),
    (
        "UpdateCase",
        &["domainId", "caseId", "fields"],
        &["domainId", "caseId", "fields", "performedBy"],
    ),
    (
        "CreateRelatedItem",
        &["domainId", "caseId", "type", "content"],
        &["domainId", "caseId", "type", "content", "performedBy"],
    ),
    (
        "UpdateRelatedItem",
        &["domainId", "caseId", "relatedItemId", "content"],
        &[
            "domainId",
            "caseId",
            "relatedItemId",
            "content",
            "performedBy",
        ],
    ),
    (
        "DeleteRelatedItem",
        &["domainId", "caseId", "relatedItemId"],
        &["domainId", "caseId", "relatedItemId"],
    ),
];

fn ops() -> HashMap<&'static str, (&'static [&'static str], &'static [&'static str])> {
    OPS.iter().map(|(o, r, a)| (*o, (*r, *a))).collect()
}

#[test]
fn date_formatting_matches_chrono() {
    use chrono::{SecondsFormat, Utc};
    let mut t = ts("1999-12-25T23:59:59Z");
    while t < ts("2031-03-01T00:00:00Z") {
        let d = DateTime::<Utc>::from_timestamp(t, 0).unwrap();
        assert_eq!(rfc3339(t), d.to_rfc3339_opts(SecondsFormat::Secs, true));
        assert_eq!(short_date(t), d.format("%a %-d %b").to_string());
        t += 86_400 / 3 + 7_919;
    }
}

#[test]
fn steps_are_deterministic() {
    assert_eq!(demo_steps(), demo_steps());
    let doc: Value = serde_json::from_str(&demo_seed_json()).unwrap();
    assert_eq!(doc["steps"].as_array().unwrap().len(), demo_steps().len());
}

#[test]
fn steps_have_the_seed_format_and_model_members() {
    let ops = ops();
    for step in demo_steps() {
        let o = step.as_object().unwrap();
        for k in o.keys() {
            assert!(
                ["operation", "at", "id", "principal", "input"].contains(&k.as_str()),
                "unknown step key {k}"
            );
        }
        let op = s(&step, "operation");
        let (required, all) = ops.get(op).unwrap_or_else(|| panic!("operation {op}"));
        assert_eq!(o.contains_key("id"), op.starts_with("Create"), "{step}");
        assert!(s(&step, "principal").starts_with("arn:aws:iam::123456789012:"));
        let input = step["input"].as_object().unwrap();
        for r in *required {
            assert!(input.contains_key(*r), "{op} lacks {r}");
        }
        for k in input.keys() {
            assert!(all.contains(&k.as_str()), "{op} has no member {k}");
        }
    }
}

/// Cross-check the small operation table against the API model the crate embeds.
#[test]
fn operation_table_matches_the_model() {
    let model: Value = serde_json::from_str(crate::local::spec::MODEL_JSON).unwrap();
    for (op, required, all) in OPS {
        let shape = s(&model["operations"][*op]["input"], "shape");
        let shape = &model["shapes"][shape];
        let mut want: Vec<&str> = shape["required"]
            .as_array()
            .map(|r| r.iter().map(|x| x.as_str().unwrap()).collect())
            .unwrap_or_default();
        let mut got = required.to_vec();
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "{op} required");
        let mut members: Vec<&str> = shape["members"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut got = all.to_vec();
        members.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, members, "{op} members");
    }
}

#[test]
fn clock_is_non_decreasing_over_ten_weeks() {
    let steps = demo_steps();
    let times: Vec<i64> = steps
        .iter()
        .map(|s| {
            DateTime::parse_from_rfc3339(s["at"].as_str().unwrap())
                .unwrap()
                .timestamp()
        })
        .collect();
    for w in times.windows(2) {
        assert!(
            w[0] <= w[1],
            "at goes back: {} -> {}",
            rfc3339(w[0]),
            rfc3339(w[1])
        );
    }
    let (first, last) = (times[0], *times.last().unwrap());
    // The history, then the live hour up to "now".
    let history = times.iter().filter(|t| **t < ts(DEMO_NOW) - 3600).count();
    assert!(times[history - 1] < ts(HISTORY_LATEST));
    assert!(times.len() - history >= 30, "the live hour has its steps");
    assert!(last < ts(DEMO_NOW));
    assert!(last - first >= 63 * 86_400, "about ten weeks of history");
    assert!(last - first <= 75 * 86_400);
}

#[test]
fn every_step_is_valid_for_the_service() {
    let (_, r) = replay();
    // Custom items (created or updated) use fields of every type.
    for ty in [
        "Text",
        "Number",
        "Boolean",
        "DateTime",
        "SingleSelect",
        "Url",
        "User",
    ] {
        assert!(r.field_types_in_items.contains(ty), "custom items use {ty}");
    }
}

#[test]
fn content_counts() {
    let (steps, r) = replay();
    assert_eq!(r.cases.len(), DEMO_CASE_COUNT);
    let closed = r
        .cases
        .values()
        .filter(|f| f["status"] == sv("closed"))
        .count();
    assert!(
        (5..=20).contains(&closed),
        "some closed, mostly open: {closed}"
    );
    // Every field type is defined.
    let types: HashSet<&str> = r.fields.values().map(|f| f.ty.as_str()).collect();
    assert_eq!(types.len(), 7);
    assert!(r.templates.len() >= 2 && !r.layouts.is_empty());
    // All six related item types, and deletions.
    let types: HashSet<&str> = r.items.values().map(|i| i.ty.as_str()).collect();
    assert_eq!(types.len(), 6, "{types:?}");
    assert!(r.items.values().any(|i| !i.alive));
    // Performers: agents, the supervisor and bots.
    let users = r
        .performers
        .iter()
        .filter(|p| p.starts_with("arn:"))
        .count();
    let bots = r
        .performers
        .iter()
        .filter(|p| !p.starts_with("arn:"))
        .count();
    assert!(users >= 7 && bots >= 3, "{:?}", r.performers);
    // The big case.
    assert!(r.events[BIG_CASE_ID] >= 1000, "{}", r.events[BIG_CASE_ID]);
    let alive = r
        .items
        .iter()
        .filter(|((c, _), i)| c == BIG_CASE_ID && i.alive)
        .count();
    assert!(alive >= 150, "{alive}");
    assert!(
        r.cases[BIG_CASE_ID]["title"]["stringValue"]
            .as_str()
            .unwrap()
            .contains("88231")
    );
    // Every case has a history of tens of events.
    for (case, n) in &r.events {
        assert!(*n >= 10, "{case}: {n} events");
    }
    // The big case's customer has a second case linking to it.
    let follow_up = format!("case-{FOLLOW_UP_CASE:04}");
    assert_eq!(
        r.cases[&follow_up]["customer_id"],
        r.cases[BIG_CASE_ID]["customer_id"]
    );
    assert!(
        steps
            .iter()
            .any(|s| s["input"]["caseId"] == follow_up.as_str()
                && s["input"]["content"]["connectCase"]["caseId"] == BIG_CASE_ID)
    );
    // Long comments exist.
    assert!(r.items.values().any(|i| i.body.len() > 5000));
    eprintln!(
        "{} steps; {} cases ({closed} closed); {} related items ({} alive); big case: {} events, {} items created, {alive} alive",
        steps.len(),
        r.cases.len(),
        r.items.len(),
        r.items.values().filter(|i| i.alive).count(),
        r.events[BIG_CASE_ID],
        r.created_items[BIG_CASE_ID],
    );
}

/// Every step replayed through the local service's store succeeds, and the big case pages.
#[test]
fn replays_through_the_store() {
    use crate::local::error::CallContext;
    use crate::local::store::Store;

    let steps = demo_steps();
    let mut store = Store::default();
    let mut failures = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let ctx = CallContext {
            now: s(step, "at").parse().unwrap(),
            iam_principal_arn: s(step, "principal").into(),
            id_override: step.get("id").and_then(Value::as_str).map(String::from),
        };
        let op = s(step, "operation");
        match store.call(op, &step["input"], &ctx) {
            Ok(out) => {
                // A fixed id is honoured.
                if let (Some(id), Some(got)) = (&ctx.id_override, out.get("caseId")) {
                    assert_eq!(got, id.as_str());
                }
            }
            Err(e) => failures.push(format!("step {i} {op}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} steps failed, first: {:#?}",
        failures.len(),
        steps.len(),
        &failures[..failures.len().min(15)]
    );

    let ctx = CallContext::now();
    let mut call = |op: &str, input: Value| {
        store
            .call(op, &input, &ctx)
            .unwrap_or_else(|e| panic!("{op}: {e}"))
    };
    let mut audit = Vec::new();
    let mut token: Option<Value> = None;
    loop {
        let mut input =
            json!({ "domainId": DEMO_DOMAIN_ID, "caseId": BIG_CASE_ID, "maxResults": 25 });
        if let Some(t) = token.take() {
            input["nextToken"] = t;
        }
        let page = call("GetCaseAuditEvents", input);
        audit.extend(page["auditEvents"].as_array().unwrap().iter().cloned());
        match page.get("nextToken") {
            Some(t) if !t.is_null() => token = Some(t.clone()),
            _ => break,
        }
    }
    assert!(audit.len() >= 1000, "{} audit events", audit.len());
    let mut items = 0;
    let mut token: Option<Value> = None;
    loop {
        let mut input =
            json!({ "domainId": DEMO_DOMAIN_ID, "caseId": BIG_CASE_ID, "maxResults": 25 });
        if let Some(t) = token.take() {
            input["nextToken"] = t;
        }
        let page = call("SearchRelatedItems", input);
        items += page["relatedItems"].as_array().unwrap().len();
        match page.get("nextToken") {
            Some(t) if !t.is_null() => token = Some(t.clone()),
            _ => break,
        }
    }
    assert!(items >= 150, "{items} related items");
    let case = call(
        "GetCase",
        json!({ "domainId": DEMO_DOMAIN_ID, "caseId": BIG_CASE_ID, "fields": [{ "id": "title" }] }),
    );
    assert!(case["fields"].to_string().contains("88231"), "{case}");
    eprintln!(
        "store: big case has {} audit events and {items} related items",
        audit.len()
    );
}
