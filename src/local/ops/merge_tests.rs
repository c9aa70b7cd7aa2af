//! Tests of StartMergeCases and GetMergeCasesStatus.

use super::super::testkit::*;
use serde_json::{Value, json};

struct Two {
    t: Kit,
    d: String,
    tpl: String,
    p: String,
    s: String,
    tier: String,
}

/// Two open cases and a custom field `Tier`; the secondary has a summary, a tier, a comment,
/// a file and an SLA.
fn two() -> Two {
    let mut t = Kit::new();
    let (d, tpl, p) = t.case_setup("Primary");
    let s = t.case(&d, &tpl, "Secondary");
    let tier = t.field(&d, "Tier", "Text");
    t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": s, "fields": [
            {"id": "summary", "value": {"stringValue": "from secondary"}},
            {"id": tier, "value": {"stringValue": "gold"}},
            {"id": "assigned_queue", "value": {"stringValue": "q-secondary"}}]}),
    );
    t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": p, "fields": [
            {"id": "assigned_queue", "value": {"stringValue": "q-primary"}}]}),
    );
    for (kind, content) in [
        (
            "Comment",
            json!({"comment": {"body": "hello", "contentType": "Text/Plain"}}),
        ),
        (
            "File",
            json!({"file": {"fileArn": "arn:aws:connect:us-east-1:1:instance/i/file/f"}}),
        ),
        (
            "Sla",
            json!({"sla": {"slaInputConfiguration": {"name": "Reply", "type": "CaseField", "targetSlaMinutes": 60}}}),
        ),
    ] {
        t.ok(
            "CreateRelatedItem",
            json!({"domainId": d, "caseId": s, "type": kind, "content": content}),
        );
    }
    Two {
        t,
        d,
        tpl,
        p,
        s,
        tier,
    }
}

impl Two {
    fn start(&mut self, extra: Value) -> Result<Value, String> {
        let mut input = json!({"domainId": self.d, "caseId": self.p, "secondaryCaseIds": [self.s],
                               "performedBy": {"userArn": AGENT}});
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        self.t
            .call("StartMergeCases", input)
            .map_err(|e| format!("{}: {}", e.kind.name(), e.message))
    }

    fn status(&mut self, case: &str) -> Result<Value, String> {
        self.t
            .call(
                "GetMergeCasesStatus",
                json!({"domainId": self.d, "caseId": case}),
            )
            .map_err(|e| format!("{}: {}", e.kind.name(), e.message))
    }

    fn types(&mut self, case: &str) -> Vec<String> {
        let out = self.t.ok(
            "SearchRelatedItems",
            json!({"domainId": self.d, "caseId": case}),
        );
        let mut v: Vec<String> = out["relatedItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["type"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    }
}

#[test]
fn a_merge_runs_then_completes_with_the_documented_rules() {
    let mut m = two();
    let (d, p, s, tier) = (m.d.clone(), m.p.clone(), m.s.clone(), m.tier.clone());
    m.start(json!({
        "fieldsConfiguration": [{"sourceCaseId": s, "fieldIds": [{"id": "summary"}]}],
        "relatedItemsConfiguration": {"comment": true},
    }))
    .unwrap();
    for case in [&p, &s] {
        let st = m.status(case).unwrap();
        assert_eq!(st["status"], "IN_PROGRESS");
        assert_eq!(st["primaryCaseId"], p.as_str());
        assert_eq!(st["secondaryCaseIds"], json!([s]));
    }
    // While it runs, the secondary refuses changes and the primary cannot be deleted.
    let e = m.t.err(
        "UpdateCase",
        json!({"domainId": d, "caseId": s, "fields": [{"id": "summary", "value": {"stringValue": "x"}}]}),
    );
    assert_eq!(e.kind.name(), "ConflictException");
    assert!(
        e.message.contains("being merged into case"),
        "{}",
        e.message
    );
    let e = m.t.err("DeleteCase", json!({"domainId": d, "caseId": p}));
    assert_eq!(e.kind.name(), "ConflictException");
    let e = m.t.err(
        "CreateRelatedItem",
        json!({"domainId": d, "caseId": s, "type": "Comment",
               "content": {"comment": {"body": "x", "contentType": "Text/Plain"}}}),
    );
    assert_eq!(e.kind.name(), "ConflictException");
    let arn = format!("{}:domain/{d}/case/{s}", crate::local::store::ARN_PREFIX);
    let e =
        m.t.err("TagResource", json!({"arn": arn, "tags": {"k": "v"}}));
    assert_eq!(e.kind.name(), "ConflictException");
    // The primary may change meanwhile; the merge reads it when it runs.
    m.t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": p, "fields": [{"id": tier, "value": {"stringValue": "silver"}}]}),
    );
    m.t.tick(1);
    assert_eq!(m.status(&s).unwrap()["status"], "COMPLETED");
    let e = m.status(&p).unwrap_err();
    assert!(e.starts_with("ResourceNotFoundException"), "{e}");

    let got = m.t.get(&d, &p, &["summary", "assigned_queue", &tier]);
    let value = |id: &str| {
        got.as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .map(|f| f["value"]["stringValue"].clone())
    };
    // Selected: taken; not selected and set on the primary: kept.
    assert_eq!(value("summary"), Some(json!("from secondary")));
    assert_eq!(value("assigned_queue"), Some(json!("q-primary")));
    assert_eq!(value(&tier), Some(json!("silver")));
    let closed = m.t.get(&d, &s, &["status"]);
    assert_eq!(closed[0]["value"]["stringValue"], "closed");
    // Comments move, File and SLA stay; each case links to the other.
    assert_eq!(m.types(&p), ["Comment", "ConnectCase"]);
    assert_eq!(m.types(&s), ["ConnectCase", "File", "Sla"]);

    let merged = |events: &[Value]| {
        events
            .iter()
            .filter(|e| e["type"] == "Case.Merged")
            .cloned()
            .collect::<Vec<_>>()
    };
    let (pe, se) = (m.t.audit(&d, &p), m.t.audit(&d, &s));
    let (pm, sm) = (merged(&pe), merged(&se));
    assert_eq!((pm.len(), sm.len()), (1, 1));
    let meta = &pm[0]["mergeMetadata"];
    assert_eq!(meta["primaryCaseId"], p.as_str());
    assert_eq!(meta["secondaryCaseId"], s.as_str());
    assert_eq!(sm[0]["mergeMetadata"], *meta);
    assert_eq!(pm[0]["fields"][0]["eventFieldId"], "summary");
    assert_eq!(pm[0]["performedBy"]["user"]["userArn"], AGENT);
    assert_eq!(pm[0]["performedTime"], "2026-09-01T09:00:05.000Z");
    assert!(
        sm[0]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["eventFieldId"] == "status" && f["newValue"]["stringValue"] == "closed")
    );
    // Every event of the merge carries the same metadata.
    let with_meta = pe
        .iter()
        .chain(&se)
        .filter(|e| e.get("mergeMetadata").is_some());
    assert_eq!(with_meta.count(), 1 + 1 + 1 + 1 + 1 + 1);
    // After the merge the secondary can change again, but can't be merged again.
    m.t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": s, "fields": [{"id": "status", "value": {"stringValue": "open"}}]}),
    );
    let other = m.t.case(&d, &m.tpl.clone(), "Third");
    let e =
        m.t.call(
            "StartMergeCases",
            json!({"domainId": d, "caseId": other, "secondaryCaseIds": [s]}),
        )
        .unwrap_err();
    assert_eq!(e.kind.name(), "ConflictException");
}

#[test]
fn unselected_fields_fill_only_gaps_and_selected_empty_values_clear() {
    let mut m = two();
    let (d, p, s, tier) = (m.d.clone(), m.p.clone(), m.s.clone(), m.tier.clone());
    m.t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": p, "fields": [{"id": "assigned_queue", "value": {"stringValue": "q1"}}]}),
    );
    m.t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": s, "fields": [{"id": "assigned_queue", "value": {"stringValue": "q2"}}]}),
    );
    m.start(json!({})).unwrap();
    m.t.tick(1);
    let got =
        m.t.get(&d, &p, &["summary", "assigned_queue", &tier, "title"]);
    let ids: Vec<&str> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"summary") && ids.contains(&tier.as_str()),
        "{got}"
    );
    assert_eq!(got[1]["value"]["stringValue"], "q1");
    assert_eq!(got[3]["value"]["stringValue"], "Primary");
    // Nothing moved: relatedItemsConfiguration was left out.
    assert_eq!(m.types(&p), ["ConnectCase"]);
}

#[test]
fn bad_merges_are_refused_and_start_nothing() {
    let mut m = two();
    let (d, p, s) = (m.d.clone(), m.p.clone(), m.s.clone());
    let same =
        m.t.call(
            "StartMergeCases",
            json!({"domainId": d, "caseId": p, "secondaryCaseIds": [p]}),
        )
        .unwrap_err();
    assert_eq!(same.kind.name(), "ValidationException");
    for (extra, want) in [
        (
            json!({"fieldsConfiguration": [{"sourceCaseId": s, "fieldIds": [{"id": "title"}]}]}),
            "can't be merged",
        ),
        (
            json!({"fieldsConfiguration": [{"sourceCaseId": p, "fieldIds": [{"id": "summary"}]}]}),
            "must be the secondary case",
        ),
        (
            json!({"fieldsConfiguration": [{"sourceCaseId": s, "fieldIds": [{"id": "assigned_user"}]}]}),
            "has no value for field",
        ),
    ] {
        let e = m.start(extra).unwrap_err();
        assert!(
            e.starts_with("ValidationException") && e.contains(want),
            "{e}"
        );
    }
    for (case, id, value) in [(&p, "customer_id", "c-1"), (&s, "customer_id", "c-2")] {
        m.t.ok(
            "UpdateCase",
            json!({"domainId": d, "caseId": case, "fields": [{"id": id, "value": {"stringValue": value}}]}),
        );
    }
    let e = m.start(json!({})).unwrap_err();
    assert!(e.contains("different customers"), "{e}");
    m.t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": s, "fields": [{"id": "customer_id", "value": {"emptyValue": {}}},
               {"id": "status", "value": {"stringValue": "closed"}}]}),
    );
    let e = m.start(json!({})).unwrap_err();
    assert!(e.contains("is closed"), "{e}");
    assert!(
        m.status(&p)
            .unwrap_err()
            .starts_with("ResourceNotFoundException")
    );
    m.t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": s, "fields": [{"id": "status", "value": {"stringValue": "open"}}]}),
    );
    m.start(json!({})).unwrap();
    let e = m.start(json!({})).unwrap_err();
    assert!(e.starts_with("ConflictException"), "{e}");
}
