use serde_json::{Value, json};

use super::super::testkit::*;

fn comment() -> Value {
    json!({"comment": {"body": "Shipping is delayed", "contentType": "Text/Plain"}})
}

fn by_id(id: &str) -> Value {
    json!({"caseIdentifier": {"caseId": id}})
}

fn reference_of(t: &mut Kit, d: &str, c: &str) -> String {
    t.get(d, c, &["reference_number"])[0]["value"]["stringValue"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn batch_create_adds_a_comment_to_each_case_and_reports_each() {
    let mut t = Kit::new();
    let (d, tpl, c1) = t.case_setup("one");
    let c2 = t.case(&d, &tpl, "two");
    let reference = reference_of(&mut t, &d, &c2);
    let out = t.ok(
        "BatchCreateRelatedItem",
        json!({"domainId": d, "content": comment(), "performedBy": {"customEntity": "bulk"},
               "cases": [by_id(&c1), {"caseIdentifier": {"referenceId": reference.to_lowercase()}},
                         by_id("ghost")]}),
    );
    let ok = out["successfulItems"].as_array().unwrap();
    assert_eq!(ok.len(), 2);
    assert_eq!(ok[0]["caseIdentifier"]["caseId"], c1.as_str());
    assert_eq!(
        ok[1]["caseIdentifier"],
        json!({"caseId": c2, "referenceId": reference})
    );
    assert!(ok[0]["relatedItemArn"].as_str().unwrap().contains(&c1));
    assert_ne!(ok[0]["relatedItemId"], ok[1]["relatedItemId"]);
    assert_eq!(
        out["failedItems"],
        json!([{"caseIdentifier": {"caseId": "ghost"}, "errorCode": "CASE_NOT_FOUND",
                "errorMessage": "Case ghost not found"}])
    );
    let events = t.audit(&d, &c2);
    let last = events.last().unwrap();
    assert_eq!(last["type"], "RelatedItem.Created");
    assert_eq!(last["performedBy"]["user"], json!({"customEntity": "bulk"}));
}

#[test]
fn batch_create_refuses_the_whole_request_where_documented() {
    let mut t = Kit::new();
    let (d, _, c) = t.case_setup("one");
    let cases = |list: Value| json!({"domainId": d, "content": comment(), "cases": list});
    let e = t.err(
        "BatchCreateRelatedItem",
        cases(json!([{"caseIdentifier": {"referenceId": "NOPE"}}])),
    );
    assert_eq!(e.kind.name(), "ResourceNotFoundException");
    let e = t.err(
        "BatchCreateRelatedItem",
        cases(json!([by_id(&c), by_id(&c)])),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    let e = t.err(
        "BatchCreateRelatedItem",
        json!({"domainId": d, "cases": [by_id(&c)],
               "content": {"file": {"fileArn": "arn:aws:connect:us-east-1:1:instance/i/file/f"}}}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    let e = t.err(
        "BatchCreateRelatedItem",
        json!({"domainId": "nope", "content": comment(), "cases": [by_id(&c)]}),
    );
    assert_eq!(e.kind.name(), "ResourceNotFoundException");
    // Nothing was created by any of them.
    assert_eq!(t.audit(&d, &c).len(), 1);
}

#[test]
fn a_client_token_replays_the_first_answer_and_conflicts_with_other_parameters() {
    let mut t = Kit::new();
    let (d, _, c) = t.case_setup("one");
    let input = json!({"domainId": d, "content": comment(), "cases": [by_id(&c)],
                       "clientToken": "tok"});
    let first = t.ok("BatchCreateRelatedItem", input.clone());
    let again = t.ok("BatchCreateRelatedItem", input);
    assert_eq!(first, again);
    assert_eq!(t.audit(&d, &c).len(), 2);
    let e = t.err(
        "BatchCreateRelatedItem",
        json!({"domainId": d, "cases": [by_id(&c)], "clientToken": "tok",
               "content": {"comment": {"body": "other", "contentType": "Text/Plain"}}}),
    );
    assert_eq!(e.kind.name(), "ConflictException");
    let e = t.err(
        "BatchUpdateCase",
        json!({"domainId": d, "cases": [by_id(&c)], "fields": [], "title": "t",
               "clientToken": "tok"}),
    );
    assert_eq!(e.kind.name(), "ConflictException");
    // A day later the token is forgotten: the same request runs again.
    t.tick(24 * 60);
    t.ok("BatchCreateRelatedItem", input_again(&d, &c));
    assert_eq!(t.audit(&d, &c).len(), 3);
}

fn input_again(d: &str, c: &str) -> Value {
    json!({"domainId": d, "content": comment(), "cases": [by_id(c)], "clientToken": "tok"})
}

#[test]
fn batch_update_sets_fields_by_id_or_name_and_top_level_members() {
    let mut t = Kit::new();
    let (d, tpl, c1) = t.case_setup("one");
    let c2 = t.case(&d, &tpl, "two");
    let prio = t.field(&d, "Priority", "Number");
    let out = t.ok(
        "BatchUpdateCase",
        json!({"domainId": d, "cases": [by_id(&c1), by_id(&c2), by_id("ghost")],
               "fields": [
                   {"fieldIdentifier": {"name": "Priority"}, "value": {"doubleValue": 2.0}},
                   {"fieldIdentifier": {"id": "summary"}, "value": {"stringValue": "bulk"}}],
               "status": "closed", "title": "Renamed",
               "performedBy": {"userArn": AGENT}}),
    );
    assert_eq!(out["successfulCases"].as_array().unwrap().len(), 2);
    assert_eq!(out["failedCases"][0]["errorCode"], "CASE_NOT_FOUND");
    for c in [&c1, &c2] {
        let got = t.get(&d, c, &["title", "status", "summary", &prio]);
        assert_eq!(
            got,
            json!([
                {"id": "title", "value": {"stringValue": "Renamed"}},
                {"id": "status", "value": {"stringValue": "closed"}},
                {"id": "summary", "value": {"stringValue": "bulk"}},
                {"id": prio, "value": {"doubleValue": 2.0}},
            ])
        );
    }
    // Per case: a value one case refuses fails that case only.
    let out = t.ok(
        "BatchUpdateCase",
        json!({"domainId": d, "cases": [by_id(&c1)], "fields": [], "status": "pending"}),
    );
    assert_eq!(out["failedCases"][0]["errorCode"], "VALIDATION_ERROR");
    assert!(out["successfulCases"].as_array().unwrap().is_empty());
}

#[test]
fn batch_update_refuses_the_whole_request_where_documented() {
    let mut t = Kit::new();
    let (d, _, c) = t.case_setup("one");
    let update = |fields: Value| json!({"domainId": d, "cases": [by_id(&c)], "fields": fields});
    let bad = [
        update(json!([])),
        update(json!([{"fieldIdentifier": {"name": "No such"}, "value": {"stringValue": "x"}}])),
        update(json!([{"fieldIdentifier": {"name": "a|b"}, "value": {"stringValue": "x"}}])),
        update(json!([{"fieldIdentifier": {"id": "title"}, "value": {"stringValue": "x"}}])),
        update(json!([{"fieldIdentifier": {"name": "Status"}, "value": {"stringValue": "open"}}])),
        json!({"domainId": d, "cases": [by_id(&c), by_id(&c)], "fields": [], "title": "x"}),
    ];
    for input in bad {
        let e = t.err("BatchUpdateCase", input.clone());
        assert_eq!(e.kind.name(), "ValidationException", "{input}");
    }
    let e = t.err(
        "BatchUpdateCase",
        json!({"domainId": d, "cases": [{"caseIdentifier": {"referenceId": "X-1"}}],
               "fields": [], "title": "x"}),
    );
    assert_eq!(e.kind.name(), "ResourceNotFoundException");
    assert_eq!(t.audit(&d, &c).len(), 1);
}
