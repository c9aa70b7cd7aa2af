use serde_json::{Value, json};

use super::super::testkit::*;

fn equal_to(field: &str, value: Value, result: bool) -> Value {
    json!({"equalTo": {"operandOne": {"fieldId": field}, "operandTwo": value, "result": result}})
}

/// "summary is required when status is closed".
fn required_when_closed() -> Value {
    json!({"required": {"defaultValue": false, "conditions": [
        equal_to("status", json!({"stringValue": "closed"}), true)
    ]}})
}

fn create_rule(t: &mut Kit, d: &str, name: &str, rule: Value) -> String {
    let out = t.ok(
        "CreateCaseRule",
        json!({"domainId": d, "name": name, "rule": rule}),
    );
    out["caseRuleId"].as_str().unwrap().to_string()
}

#[test]
fn rules_round_trip_list_and_batch_get() {
    let mut t = Kit::new();
    let d = t.domain();
    let out = t.ok(
        "CreateCaseRule",
        json!({"domainId": d, "name": "Summary on close", "description": "d",
               "rule": required_when_closed()}),
    );
    let id = out["caseRuleId"].as_str().unwrap();
    assert_eq!(
        out["caseRuleArn"],
        format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/case-rule/{id}")
    );
    let hidden = create_rule(
        &mut t,
        &d,
        "Hide summary",
        json!({"hidden": {"defaultValue": true, "conditions": []}}),
    );
    let listed = t.ok("ListCaseRules", json!({"domainId": d, "maxResults": 1}));
    assert_eq!(listed["caseRules"][0]["ruleType"], "Required");
    assert_eq!(listed["caseRules"][0]["description"], "d");
    let next = t.ok(
        "ListCaseRules",
        json!({"domainId": d, "maxResults": 1, "nextToken": listed["nextToken"]}),
    );
    assert_eq!(next["caseRules"][0]["ruleType"], "Hidden");
    assert!(next.get("nextToken").is_none());

    t.tick(5);
    t.ok(
        "UpdateCaseRule",
        json!({"domainId": d, "caseRuleId": id, "name": "Renamed"}),
    );
    let got = t.ok(
        "BatchGetCaseRule",
        json!({"domainId": d, "caseRules": [{"id": id}, {"id": "ghost"}]}),
    );
    assert_eq!(got["caseRules"][0]["name"], "Renamed");
    assert_eq!(got["caseRules"][0]["rule"], required_when_closed());
    assert_eq!(got["caseRules"][0]["deleted"], false);
    assert_eq!(
        got["caseRules"][0]["createdTime"],
        "2026-09-01T09:00:00.000Z"
    );
    assert_eq!(
        got["caseRules"][0]["lastModifiedTime"],
        "2026-09-01T09:05:00.000Z"
    );
    assert_eq!(got["errors"][0]["id"], "ghost");
    assert_eq!(got["errors"][0]["errorCode"], "ResourceNotFoundException");

    t.ok(
        "DeleteCaseRule",
        json!({"domainId": d, "caseRuleId": hidden}),
    );
    let listed = t.ok("ListCaseRules", json!({"domainId": d}));
    assert_eq!(listed["caseRules"].as_array().unwrap().len(), 1);
    let got = t.ok(
        "BatchGetCaseRule",
        json!({"domainId": d, "caseRules": [{"id": hidden}]}),
    );
    assert_eq!(got["caseRules"][0]["deleted"], true);
    let e = t.err(
        "UpdateCaseRule",
        json!({"domainId": d, "caseRuleId": hidden, "name": "x"}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
}

#[test]
fn rules_are_checked_against_the_domain() {
    let mut t = Kit::new();
    let d = t.domain();
    let num = t.field(&d, "Amount", "Number");
    create_rule(&mut t, &d, "Taken", required_when_closed());
    let bad = [
        // Unknown field, operand of the wrong type, too many conditions, too deep.
        json!({"required": {"defaultValue": false, "conditions": [
            equal_to("ghost", json!({"stringValue": "x"}), true)]}}),
        json!({"required": {"defaultValue": false, "conditions": [
            equal_to(&num, json!({"stringValue": "x"}), true)]}}),
        json!({"hidden": {"defaultValue": false, "conditions": (0..6)
            .map(|i| equal_to(&num, json!({"doubleValue": i}), true)).collect::<Vec<_>>()}}),
        json!({"hidden": {"defaultValue": false, "conditions": [{"andAll": {"conditions": [
            {"orAll": {"conditions": [equal_to(&num, json!({"doubleValue": 1}), true)]}}]}}]}}),
        json!({"fieldOptions": {"parentFieldId": "status", "childFieldId": num,
            "parentChildFieldOptionsMappings": [{"parentFieldOptionValue": "open", "childFieldOptionValues": []}]}}),
    ];
    for rule in bad {
        let e = t.err(
            "CreateCaseRule",
            json!({"domainId": d, "name": "X", "rule": rule.clone()}),
        );
        assert_eq!(e.kind.name(), "ValidationException", "{rule}");
    }
    let e = t.err(
        "CreateCaseRule",
        json!({"domainId": d, "name": "Taken", "rule": required_when_closed()}),
    );
    assert_eq!(e.kind.name(), "ConflictException");
    let e = t.err(
        "UpdateCaseRule",
        json!({"domainId": d, "caseRuleId": "ghost", "name": "x"}),
    );
    assert_eq!(e.members["resourceType"], "CaseRule");
    let e = t.err(
        "DeleteCaseRule",
        json!({"domainId": d, "caseRuleId": "ghost"}),
    );
    assert_eq!(e.kind.name(), "ResourceNotFoundException");
}

#[test]
fn a_required_rule_is_enforced_on_create_and_update() {
    let mut t = Kit::new();
    let d = t.domain();
    let rule = create_rule(&mut t, &d, "Summary on close", required_when_closed());
    let e = t.err(
        "CreateTemplate",
        json!({"domainId": d, "name": "T", "rules": [{"caseRuleId": "ghost", "fieldId": "summary"}]}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    let tpl = t.ok(
        "CreateTemplate",
        json!({"domainId": d, "name": "T", "rules": [{"caseRuleId": rule, "fieldId": "summary"}]}),
    )["templateId"]
        .as_str()
        .unwrap()
        .to_string();
    let title = json!({"id": "title", "value": {"stringValue": "x"}});
    let closed = json!({"id": "status", "value": {"stringValue": "closed"}});
    let e = t.err(
        "CreateCase",
        json!({"domainId": d, "templateId": tpl, "fields": [title, closed]}),
    );
    assert!(e.message.contains("summary is required"), "{}", e.message);
    let c = t.case(&d, &tpl, "open case");
    let e = t.err(
        "UpdateCase",
        json!({"domainId": d, "caseId": c, "fields": [closed]}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    let summary = json!({"id": "summary", "value": {"stringValue": "done"}});
    t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": c, "fields": [closed, summary]}),
    );
    let e = t.err(
        "UpdateCase",
        json!({"domainId": d, "caseId": c,
               "fields": [{"id": "summary", "value": {"emptyValue": {}}}]}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    // A rule used by a template cannot be deleted.
    let e = t.err("DeleteCaseRule", json!({"domainId": d, "caseRuleId": rule}));
    assert_eq!(e.kind.name(), "ConflictException");
    assert!(e.message.contains(&tpl), "{}", e.message);
}

#[test]
fn a_case_that_broke_a_rule_before_it_existed_can_still_be_updated() {
    let mut t = Kit::new();
    let d = t.domain();
    let tpl = t.template(&d);
    let c = t.case(&d, &tpl, "x");
    t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": c,
               "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
    );
    let rule = create_rule(&mut t, &d, "Summary on close", required_when_closed());
    t.ok(
        "UpdateTemplate",
        json!({"domainId": d, "templateId": tpl, "rules": [{"caseRuleId": rule, "fieldId": "summary"}]}),
    );
    t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": c,
               "fields": [{"id": "title", "value": {"stringValue": "renamed"}}]}),
    );
}

#[test]
fn a_field_options_rule_limits_the_child_to_the_parents_mapping() {
    let mut t = Kit::new();
    let d = t.domain();
    let country = t.field(&d, "Country", "SingleSelect");
    let region = t.field(&d, "Region", "SingleSelect");
    let options = |values: &[&str]| -> Vec<Value> {
        values
            .iter()
            .map(|v| json!({"name": v, "value": v, "active": true}))
            .collect()
    };
    t.ok(
        "BatchPutFieldOptions",
        json!({"domainId": d, "fieldId": country, "options": options(&["us", "fr"])}),
    );
    t.ok(
        "BatchPutFieldOptions",
        json!({"domainId": d, "fieldId": region, "options": options(&["texas", "bretagne"])}),
    );
    let e = t.err(
        "CreateCaseRule",
        json!({"domainId": d, "name": "Bad", "rule": {"fieldOptions": {
            "parentFieldId": country, "childFieldId": region,
            "parentChildFieldOptionsMappings": [
                {"parentFieldOptionValue": "us", "childFieldOptionValues": ["ohio"]}]}}}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    let rule = create_rule(
        &mut t,
        &d,
        "Regions",
        json!({"fieldOptions": {"parentFieldId": country, "childFieldId": region,
            "parentChildFieldOptionsMappings": [
                {"parentFieldOptionValue": "us", "childFieldOptionValues": ["texas"]},
                {"parentFieldOptionValue": "fr", "childFieldOptionValues": ["bretagne"]}]}}),
    );
    let tpl = t.ok(
        "CreateTemplate",
        json!({"domainId": d, "name": "T", "rules": [{"caseRuleId": rule, "fieldId": region}]}),
    )["templateId"]
        .as_str()
        .unwrap()
        .to_string();
    let set = |f: &str, v: &str| json!({"id": f, "value": {"stringValue": v}});
    let title = set("title", "x");
    let e = t.err(
        "CreateCase",
        json!({"domainId": d, "templateId": tpl,
               "fields": [title, set(&country, "us"), set(&region, "bretagne")]}),
    );
    assert!(e.message.contains("allowed: texas"), "{}", e.message);
    let c = t.ok(
        "CreateCase",
        json!({"domainId": d, "templateId": tpl,
               "fields": [title, set(&country, "us"), set(&region, "texas")]}),
    )["caseId"]
        .as_str()
        .unwrap()
        .to_string();
    let e = t.err(
        "UpdateCase",
        json!({"domainId": d, "caseId": c, "fields": [set(&country, "fr")]}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": c,
               "fields": [set(&country, "fr"), set(&region, "bretagne")]}),
    );
    // A field a rule tests cannot be deleted while the rule lives.
    let e = t.err("DeleteField", json!({"domainId": d, "fieldId": country}));
    assert_eq!(e.kind.name(), "ConflictException");
}

#[test]
fn hidden_rules_are_kept_but_refuse_nothing() {
    let mut t = Kit::new();
    let d = t.domain();
    let rule = create_rule(
        &mut t,
        &d,
        "Hide summary",
        json!({"hidden": {"defaultValue": true, "conditions": []}}),
    );
    let tpl = t.ok(
        "CreateTemplate",
        json!({"domainId": d, "name": "T", "rules": [{"caseRuleId": rule, "fieldId": "summary"}]}),
    )["templateId"]
        .as_str()
        .unwrap()
        .to_string();
    t.ok(
        "CreateCase",
        json!({"domainId": d, "templateId": tpl, "fields": [
            {"id": "title", "value": {"stringValue": "x"}},
            {"id": "summary", "value": {"stringValue": "shown anyway"}}]}),
    );
    let got = t.ok("GetTemplate", json!({"domainId": d, "templateId": tpl}));
    assert_eq!(
        got["rules"],
        json!([{"caseRuleId": rule, "fieldId": "summary"}])
    );
}

#[test]
fn case_rules_take_tags_by_arn() {
    let mut t = Kit::new();
    let d = t.domain();
    let out = t.ok(
        "CreateCaseRule",
        json!({"domainId": d, "name": "R", "rule": required_when_closed()}),
    );
    t.ok(
        "TagResource",
        json!({"arn": out["caseRuleArn"], "tags": {"team": "a"}}),
    );
    let got = t.ok(
        "BatchGetCaseRule",
        json!({"domainId": d, "caseRules": [{"id": out["caseRuleId"]}]}),
    );
    assert_eq!(got["caseRules"][0]["tags"], json!({"team": "a"}));
    let e = t.err(
        "ListTagsForResource",
        json!({"arn": format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/case-rule/ghost")}),
    );
    assert_eq!(e.members["resourceType"], "CaseRule");
}

#[test]
fn a_new_case_is_judged_as_open() {
    let mut t = Kit::new();
    let d = t.domain();
    let open = json!({"required": {"defaultValue": false, "conditions": [
        equal_to("status", json!({"stringValue": "open"}), true)]}});
    let rule = create_rule(&mut t, &d, "Reason while open", open);
    let tpl = t.ok(
        "CreateTemplate",
        json!({"domainId": d, "name": "T", "rules": [{"caseRuleId": rule, "fieldId": "summary"}]}),
    )["templateId"]
        .as_str()
        .unwrap()
        .to_string();
    let e = t.err(
        "CreateCase",
        json!({"domainId": d, "templateId": tpl,
               "fields": [{"id": "title", "value": {"stringValue": "x"}}]}),
    );
    assert!(e.message.contains("summary"), "{}", e.message);
}
