//! Tests of SLA target updates through UpdateRelatedItem.

use super::super::testkit::*;
use serde_json::{Value, json};

/// A case with an SLA of 60 minutes created at 09:00: (kit, domain, case, item).
fn sla_case(field: Option<&str>) -> (Kit, String, String, String) {
    let mut t = Kit::new();
    let (d, _, c) = t.case_setup("Kettle");
    let mut config = json!({"name": "First reply", "type": "CaseField", "targetSlaMinutes": 60});
    if let Some(f) = field {
        config["fieldId"] = json!(f);
        config["targetFieldValues"] = json!([{"stringValue": "closed"}]);
    }
    let out = t.ok(
        "CreateRelatedItem",
        json!({"domainId": d, "caseId": c, "type": "Sla",
               "content": {"sla": {"slaInputConfiguration": config}}}),
    );
    let id = out["relatedItemId"].as_str().unwrap().to_string();
    (t, d, c, id)
}

fn set_target(t: &mut Kit, d: &str, c: &str, id: &str, minutes: i64) -> Result<Value, String> {
    t.call(
        "UpdateRelatedItem",
        json!({"domainId": d, "caseId": c, "relatedItemId": id,
               "content": {"sla": {"slaUpdateConfiguration": {"targetSlaMinutes": minutes}}}}),
    )
    .map_err(|e| e.message)
}

fn config(out: &Value) -> &Value {
    &out["content"]["sla"]["slaConfiguration"]
}

#[test]
fn the_target_counts_from_creation_and_the_status_is_recalculated() {
    let (mut t, d, c, id) = sla_case(None);
    t.tick(90);
    // 09:00 + 60 min is past at 10:30: the SLA reads Overdue; 2 h brings it back to Active.
    let out = set_target(&mut t, &d, &c, &id, 120).unwrap();
    assert_eq!(config(&out)["targetTime"], "2026-09-01T11:00:00.000Z");
    assert_eq!(config(&out)["status"], "Active");
    let out = set_target(&mut t, &d, &c, &id, 30).unwrap();
    assert_eq!(config(&out)["targetTime"], "2026-09-01T09:30:00.000Z");
    assert_eq!(config(&out)["status"], "Overdue");
    let events = t.audit(&d, &c);
    let last = events.last().unwrap();
    assert_eq!(last["type"], "RelatedItem.Updated");
    assert_eq!(last["relatedItemType"], "Sla");
    let field = |id: &str| {
        last["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["eventFieldId"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} in {last}"))
    };
    assert_eq!(
        field("sla.targetTime")["oldValue"]["stringValue"],
        "2026-09-01T11:00:00.000Z"
    );
    assert_eq!(
        field("sla.targetTime")["newValue"]["stringValue"],
        "2026-09-01T09:30:00.000Z"
    );
    assert_eq!(field("sla.status")["oldValue"]["stringValue"], "Active");
    assert_eq!(field("sla.status")["newValue"]["stringValue"], "Overdue");
    assert_eq!(
        field("sla.targetSlaMinutes")["oldValue"]["doubleValue"],
        120.0
    );
    assert_eq!(
        field("sla.targetSlaMinutes")["newValue"]["doubleValue"],
        30.0
    );
}

#[test]
fn a_completed_sla_becomes_met_or_not_met() {
    let (mut t, d, c, id) = sla_case(Some("status"));
    t.tick(90);
    t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": c,
               "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
    );
    let read = |t: &mut Kit| {
        let out = t.ok(
            "SearchRelatedItems",
            json!({"domainId": d, "caseId": c, "filters": [{"sla": {}}]}),
        );
        out["relatedItems"][0]["content"]["sla"]["slaConfiguration"].clone()
    };
    assert_eq!(read(&mut t)["status"], "NotMet");
    set_target(&mut t, &d, &c, &id, 120).unwrap();
    assert_eq!(read(&mut t)["status"], "Met");
    set_target(&mut t, &d, &c, &id, 89).unwrap();
    assert_eq!(read(&mut t)["status"], "NotMet");
    assert_eq!(read(&mut t)["completionTime"], "2026-09-01T10:30:00.000Z");
}

#[test]
fn targets_out_of_range_and_other_types_are_refused() {
    let (mut t, d, c, id) = sla_case(None);
    let before = t.audit(&d, &c).len();
    let e = set_target(&mut t, &d, &c, &id, 0).unwrap_err();
    assert_eq!(
        e,
        "1 validation error detected: Value '0' at 'content.sla.slaUpdateConfiguration.targetSlaMinutes' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    let e = set_target(&mut t, &d, &c, &id, 1_051_201).unwrap_err();
    assert!(e.ends_with("less than or equal to 1051200"), "{e}");
    assert!(set_target(&mut t, &d, &c, &id, 1_051_200).is_ok());
    assert!(set_target(&mut t, &d, &c, &id, 1).is_ok());
    let e = t.err(
        "UpdateRelatedItem",
        json!({"domainId": d, "caseId": c, "relatedItemId": id,
               "content": {"comment": {"body": "x", "contentType": "Text/Plain"}}}),
    );
    assert!(e.message.contains("content.sla"), "{}", e.message);
    assert_eq!(t.audit(&d, &c).len(), before + 2);
    let file = t.ok(
        "CreateRelatedItem",
        json!({"domainId": d, "caseId": c, "type": "File",
               "content": {"file": {"fileArn": "arn:aws:connect:us-east-1:1:instance/i/file/f"}}}),
    );
    let e = set_target(&mut t, &d, &c, file["relatedItemId"].as_str().unwrap(), 5).unwrap_err();
    assert!(e.contains("Only Comment, Custom and Sla"), "{e}");
}

#[test]
fn an_sla_tracks_only_a_single_select_field() {
    let mut t = Kit::new();
    let (d, _, c) = t.case_setup("Kettle");
    let flag = t.field(&d, "Flag", "Boolean");
    let sla = |id: &str, target: Value| {
        json!({"domainId": d, "caseId": c, "type": "Sla",
               "content": {"sla": {"slaInputConfiguration": {"name": "S", "type": "CaseField",
                   "fieldId": id, "targetFieldValues": [target], "targetSlaMinutes": 60}}}})
    };
    for (id, target) in [
        ("title", json!({"stringValue": "done"})),
        (flag.as_str(), json!({"booleanValue": true})),
    ] {
        let e = t.err("CreateRelatedItem", sla(id, target));
        assert_eq!(e.kind.name(), "ValidationException");
        assert!(e.message.contains("SingleSelect"), "{}", e.message);
    }
    t.ok(
        "CreateRelatedItem",
        sla("status", json!({"stringValue": "closed"})),
    );
}

#[test]
fn an_sla_whose_field_already_holds_a_target_is_met_at_creation() {
    let mut t = Kit::new();
    let (d, _, c) = t.case_setup("Kettle");
    t.tick(5);
    t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": c,
               "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
    );
    t.tick(5);
    t.ok(
        "CreateRelatedItem",
        json!({"domainId": d, "caseId": c, "type": "Sla",
               "content": {"sla": {"slaInputConfiguration": {"name": "Close", "type": "CaseField",
                   "fieldId": "status",
                   "targetFieldValues": [{"stringValue": "closed"}],
                   "targetSlaMinutes": 60}}}}),
    );
    let out = t.ok(
        "SearchRelatedItems",
        json!({"domainId": d, "caseId": c, "filters": [{"sla": {}}]}),
    );
    let got = config(&out["relatedItems"][0]);
    assert_eq!(got["status"], "Met");
    assert_eq!(got["completionTime"], "2026-09-01T09:10:00.000Z");
}
