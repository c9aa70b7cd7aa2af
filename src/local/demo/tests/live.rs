//! The demo's last hour, read through the store at "now" as the supervisor's feed reads it: recent
//! activity across cases by several people, SLAs breached minutes ago or due within minutes, and
//! audit events that agree with the items.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::super::{DEMO_DOMAIN_ID, demo_now, demo_seed_at};
use crate::local::error::CallContext;
use crate::local::seed::replay_trusted;
use crate::local::store::Store;

fn store_at(now: DateTime<Utc>) -> Store {
    let mut store = Store::default();
    replay_trusted(&mut store, &demo_seed_at(now)).expect("the demo replays");
    store
}

/// Every page of `op` at `now`.
fn all_pages(
    store: &mut Store,
    op: &str,
    input: Value,
    key: &str,
    now: DateTime<Utc>,
) -> Vec<Value> {
    let ctx = CallContext {
        now,
        ..CallContext::now()
    };
    let mut out = Vec::new();
    let mut token: Option<Value> = None;
    loop {
        let mut input = input.clone();
        if let Some(t) = token.take() {
            input["nextToken"] = t;
        }
        let page = store
            .call(op, &input, &ctx)
            .unwrap_or_else(|e| panic!("{op}: {e}"));
        out.extend(page[key].as_array().unwrap().iter().cloned());
        match page.get("nextToken") {
            Some(t) if !t.is_null() => token = Some(t.clone()),
            _ => return out,
        }
    }
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

fn user(performed_by: &Value) -> Option<&str> {
    performed_by["userArn"].as_str()
}

/// Starts at the fixed demo time, at an odd moment months later, and before the history's dates.
fn nows() -> Vec<DateTime<Utc>> {
    vec![
        demo_now(),
        "2027-03-14T10:04:37Z".parse().unwrap(),
        "2026-06-01T23:59:59Z".parse().unwrap(),
    ]
}

#[test]
fn the_last_hour_has_activity_on_several_cases_by_several_people() {
    for now in nows() {
        let mut store = store_at(now);
        let hour_ago = now - Duration::hours(1);
        let sorts = json!([{"sortProperty": "AssociationTime", "sortOrder": "Desc"}]);
        let items = all_pages(
            &mut store,
            "SearchAllRelatedItems",
            json!({"domainId": DEMO_DOMAIN_ID, "maxResults": 25, "sorts": sorts}),
            "relatedItems",
            now,
        );
        let recent: Vec<&Value> = items
            .iter()
            .filter(|i| time(&i["associationTime"]) > hour_ago)
            .collect();
        assert!(recent.iter().all(|i| time(&i["associationTime"]) <= now));
        let cases: HashSet<&str> = recent
            .iter()
            .map(|i| i["caseId"].as_str().unwrap())
            .collect();
        let types: HashSet<&str> = recent.iter().map(|i| i["type"].as_str().unwrap()).collect();
        let people: HashSet<&str> = recent
            .iter()
            .filter_map(|i| user(&i["performedBy"]))
            .collect();
        assert!(cases.len() >= 5, "{now}: {cases:?}");
        assert!(people.len() >= 3, "{now}: {people:?}");
        for ty in ["Comment", "Contact", "Sla"] {
            assert!(types.contains(ty), "{now}: {types:?}");
        }
        // The newest item is minutes old, not days.
        assert!(time(&items[0]["associationTime"]) > now - Duration::minutes(5));

        // Cases updated in the last hour, newest first, as the feed asks for them.
        let cases = all_pages(
            &mut store,
            "SearchCases",
            json!({"domainId": DEMO_DOMAIN_ID, "maxResults": 25,
                   "fields": [{"id": "last_updated_datetime"}, {"id": "last_updated_user"}],
                   "sorts": [{"fieldId": "last_updated_datetime", "sortOrder": "Desc"}]}),
            "cases",
            now,
        );
        let updated: Vec<DateTime<Utc>> = cases
            .iter()
            .map(|c| time(&c["fields"][0]["value"]["stringValue"]))
            .filter(|t| *t > hour_ago)
            .collect();
        assert!(updated.len() >= 4, "{now}: {updated:?}");

        // Audit events agree with the items: each recent item's creation is in its case's
        // history at its association time, by the same performer; custom items and comments
        // were also changed in the last hour.
        let mut events: HashMap<String, Vec<Value>> = HashMap::new();
        let mut updates = HashSet::new();
        for case in cases_of(&recent) {
            let history = all_pages(
                &mut store,
                "GetCaseAuditEvents",
                json!({"domainId": DEMO_DOMAIN_ID, "caseId": case, "maxResults": 25}),
                "auditEvents",
                now,
            );
            for e in &history {
                if e["type"] == "RelatedItem.Updated" && time(&e["performedTime"]) > hour_ago {
                    updates.insert(e["relatedItemType"].as_str().unwrap().to_string());
                }
            }
            events.insert(case.to_string(), history);
        }
        for item in &recent {
            let found = events[item["caseId"].as_str().unwrap()].iter().any(|e| {
                e["type"] == "RelatedItem.Created"
                    && e["relatedItemType"] == item["type"]
                    && e["performedTime"] == item["associationTime"]
                    && e["performedBy"]["user"] == item["performedBy"]
            });
            assert!(found, "{now}: no audit event for {item}");
        }
        assert!(
            updates.contains("Custom") || types.contains("Custom"),
            "{now}: {updates:?}"
        );
        assert!(updates.contains("Comment"), "{now}: {updates:?}");
    }
}

fn cases_of<'a>(items: &[&'a Value]) -> HashSet<&'a str> {
    items
        .iter()
        .map(|i| i["caseId"].as_str().unwrap())
        .collect()
}

#[test]
fn slas_are_breached_by_minutes_due_within_minutes_later_and_completed() {
    for now in nows() {
        let mut store = store_at(now);
        let slas = all_pages(
            &mut store,
            "SearchAllRelatedItems",
            json!({"domainId": DEMO_DOMAIN_ID, "maxResults": 25, "filters": [{"sla": {}}]}),
            "relatedItems",
            now,
        );
        let read = |i: &Value| {
            let c = &i["content"]["sla"]["slaConfiguration"];
            let minutes = (time(&c["targetTime"]) - now).num_minutes();
            (c["status"].as_str().unwrap().to_string(), minutes)
        };
        let all: Vec<(String, i64)> = slas.iter().map(read).collect();
        let count = |f: &dyn Fn(&(String, i64)) -> bool| all.iter().filter(|s| f(s)).count();
        let breached = count(&|(s, m)| s == "Overdue" && (-30..0).contains(m));
        let due_soon = count(&|(s, m)| s == "Active" && (5..=30).contains(m));
        let later = count(&|(s, m)| s == "Active" && *m > 60);
        let completed = count(&|(s, _)| s == "Met" || s == "NotMet");
        let met = count(&|(s, _)| s == "Met");
        assert!(breached >= 3, "{now}: {all:?}");
        assert!(due_soon >= 3, "{now}: {all:?}");
        assert!(later >= 2, "{now}: {all:?}");
        assert!(completed >= 3 && met >= 1, "{now}: {all:?}");
        // The `sla {status: Active}` filter the radar pages through finds the due ones.
        let active = all_pages(
            &mut store,
            "SearchAllRelatedItems",
            json!({"domainId": DEMO_DOMAIN_ID, "maxResults": 25,
                   "filters": [{"sla": {"status": "Active"}}]}),
            "relatedItems",
            now,
        );
        assert_eq!(active.len(), count(&|(s, _)| s == "Active"));
    }
}

/// Moving the demo in time moves its dates only: the same operations on the same ids, and every
/// step of the history moved by the same whole number of days.
#[test]
fn another_start_moves_the_dates_and_nothing_else() {
    let a = demo_seed_at(demo_now());
    let later: DateTime<Utc> = "2027-03-14T10:04:37Z".parse().unwrap();
    let b = demo_seed_at(later);
    assert_eq!(a.len(), b.len());
    assert_eq!(
        demo_seed_at(later),
        b,
        "the same start gives the same steps"
    );
    let history_end = demo_now() - Duration::hours(1);
    let mut shifts = HashSet::new();
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.operation, &x.id), (&y.operation, &y.id));
        let (tx, ty) = (x.at.unwrap(), y.at.unwrap());
        if tx < history_end {
            shifts.insert((ty - tx).num_seconds());
        } else {
            // The live hour keeps its place before "now", to the minute.
            let before = |t: DateTime<Utc>, now: DateTime<Utc>| (now - t).num_minutes();
            assert_eq!(before(tx, demo_now()), before(ty, later), "{}", x.operation);
        }
    }
    assert_eq!(shifts.len(), 1, "{shifts:?}");
    assert_eq!(shifts.into_iter().next().unwrap() % 86_400, 0);
}

#[test]
fn a_comment_of_the_last_hour_does_not_repeat_one_its_case_has() {
    let first = |c: &Value| {
        let body = c["content"]["comment"]["body"].as_str().unwrap();
        body.lines().next().unwrap_or("").to_string()
    };
    for now in nows() {
        let mut store = store_at(now);
        let hour_ago = now - Duration::hours(1);
        let comments = all_pages(
            &mut store,
            "SearchAllRelatedItems",
            json!({"domainId": DEMO_DOMAIN_ID, "maxResults": 25,
                   "filters": [{"comment": {}}]}),
            "relatedItems",
            now,
        );
        let mut by_case: HashMap<&str, Vec<&Value>> = HashMap::new();
        for c in &comments {
            by_case
                .entry(c["caseId"].as_str().unwrap())
                .or_default()
                .push(c);
        }
        let mut checked = 0;
        for c in comments
            .iter()
            .filter(|c| time(&c["associationTime"]) > hour_ago)
        {
            let line = first(c);
            let same = by_case[c["caseId"].as_str().unwrap()]
                .iter()
                .filter(|o| first(o) == line)
                .count();
            assert_eq!(same, 1, "{now}: {} has `{line}` {same} times", c["caseId"]);
            checked += 1;
        }
        assert!(checked >= 5, "{now}: {checked} comments in the last hour");
    }
}
