//! DeleteField, DeleteTemplate, DeleteLayout and what a deleted resource still does, as
//! DeleteField's documentation lists it.

use serde_json::json;

use super::testkit::*;

fn layout_with(fields: &[&str]) -> serde_json::Value {
    let fields: Vec<_> = fields.iter().map(|f| json!({"id": f})).collect();
    json!({"basic": {"topPanel": {"sections": [{"fieldGroup": {"name": "Top", "fields": fields}}]}}})
}

#[test]
fn a_deleted_field_is_readable_but_not_listed_or_usable_anew() {
    let mut t = Kit::new();
    let d = t.domain();
    let order = t.field(&d, "Order", "Text");
    let tier = t.field(&d, "Tier", "SingleSelect");
    let l = t.ok(
        "CreateLayout",
        json!({"domainId": d, "name": "L", "content": layout_with(&["summary", &order])}),
    )["layoutId"]
        .clone();
    let tpl = t.ok(
        "CreateTemplate",
        json!({"domainId": d, "name": "T", "requiredFields": [{"fieldId": order}]}),
    )["templateId"]
        .as_str()
        .unwrap()
        .to_string();
    let c = t.ok(
        "CreateCase",
        json!({"domainId": d, "templateId": tpl, "fields": [
            {"id": "title", "value": {"stringValue": "x"}},
            {"id": order, "value": {"stringValue": "A-1"}}]}),
    )["caseId"]
        .as_str()
        .unwrap()
        .to_string();
    let other = t.ok("CreateTemplate", json!({"domainId": d, "name": "Plain"}))["templateId"]
        .as_str()
        .unwrap()
        .to_string();
    let bare = t.case(&d, &other, "bare");

    t.ok("DeleteField", json!({"domainId": d, "fieldId": order}));
    t.ok("DeleteField", json!({"domainId": d, "fieldId": order}));
    let got = t.ok(
        "BatchGetField",
        json!({"domainId": d, "fields": [{"id": order}]}),
    );
    assert_eq!(got["fields"][0]["deleted"], true);
    let listed = t.ok("ListFields", json!({"domainId": d}));
    assert!(
        listed["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["fieldId"] != order.as_str())
    );
    let e = t.err(
        "UpdateField",
        json!({"domainId": d, "fieldId": order, "name": "x"}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    t.ok("DeleteField", json!({"domainId": d, "fieldId": tier}));
    let e = t.err(
        "BatchPutFieldOptions",
        json!({"domainId": d, "fieldId": tier, "options": []}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    // Templates and layouts no longer show it.
    let got = t.ok("GetTemplate", json!({"domainId": d, "templateId": tpl}));
    assert_eq!(got["requiredFields"], json!([]));
    let got = t.ok("GetLayout", json!({"domainId": d, "layoutId": l}));
    assert_eq!(got["content"], layout_with(&["summary"]));
    // A case keeps its value and may change or clear it; other cases cannot set it.
    assert_eq!(t.get(&d, &c, &[&order])[0]["value"]["stringValue"], "A-1");
    let set = |v: &str| json!([{"id": order, "value": {"stringValue": v}}]);
    t.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": c, "fields": set("A-2")}),
    );
    let e = t.err(
        "UpdateCase",
        json!({"domainId": d, "caseId": bare, "fields": set("B")}),
    );
    assert!(e.message.contains("deleted"), "{}", e.message);
    let e = t.err(
        "CreateCase",
        json!({"domainId": d, "templateId": other, "fields": [
            {"id": "title", "value": {"stringValue": "x"}},
            {"id": order, "value": {"stringValue": "A-1"}}]}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    // Searching still finds cases by its value.
    let found = t.ok(
        "SearchCases",
        json!({"domainId": d, "filter": {"field": {"equalTo": {"id": order, "value": {"stringValue": "A-2"}}}}}),
    );
    assert_eq!(found["cases"][0]["caseId"], c.as_str());
    // Its name is free again.
    t.field(&d, "Order", "Text");
}

#[test]
fn field_deletes_are_refused_where_documented() {
    let mut t = Kit::new();
    let d = t.domain();
    let e = t.err("DeleteField", json!({"domainId": d, "fieldId": "status"}));
    assert_eq!(e.kind.name(), "ValidationException");
    let e = t.err("DeleteField", json!({"domainId": d, "fieldId": "ghost"}));
    assert_eq!(e.members["resourceType"], "Field");
    for i in 0..100 {
        let f = t.field(&d, &format!("f{i}"), "Text");
        t.ok("DeleteField", json!({"domainId": d, "fieldId": f}));
    }
    let f = t.field(&d, "one more", "Text");
    let e = t.err("DeleteField", json!({"domainId": d, "fieldId": f}));
    assert_eq!(e.kind.name(), "ServiceQuotaExceededException");
}

#[test]
fn a_deleted_template_is_readable_but_makes_no_cases() {
    let mut t = Kit::new();
    let (d, tpl, c) = t.case_setup("kept");
    t.ok("DeleteTemplate", json!({"domainId": d, "templateId": tpl}));
    t.ok("DeleteTemplate", json!({"domainId": d, "templateId": tpl}));
    let got = t.ok("GetTemplate", json!({"domainId": d, "templateId": tpl}));
    assert_eq!(got["deleted"], true);
    let listed = t.ok("ListTemplates", json!({"domainId": d}));
    assert_eq!(listed["templates"], json!([]));
    let e = t.err(
        "UpdateTemplate",
        json!({"domainId": d, "templateId": tpl, "name": "x"}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    let e = t.err(
        "CreateCase",
        json!({"domainId": d, "templateId": tpl,
               "fields": [{"id": "title", "value": {"stringValue": "x"}}]}),
    );
    assert!(e.message.contains("deleted"), "{}", e.message);
    assert_eq!(t.get(&d, &c, &["title"])[0]["value"]["stringValue"], "kept");
    let e = t.err(
        "DeleteTemplate",
        json!({"domainId": d, "templateId": "ghost"}),
    );
    assert_eq!(e.members["resourceType"], "Template");
    // Its name is free again.
    t.template(&d);
}

#[test]
fn a_layout_in_use_is_refused_and_a_deleted_one_is_readable() {
    let mut t = Kit::new();
    let d = t.domain();
    let l = t.ok(
        "CreateLayout",
        json!({"domainId": d, "name": "L", "content": layout_with(&["summary"])}),
    )["layoutId"]
        .as_str()
        .unwrap()
        .to_string();
    let tpl = t.ok(
        "CreateTemplate",
        json!({"domainId": d, "name": "T", "layoutConfiguration": {"defaultLayout": l}}),
    )["templateId"]
        .as_str()
        .unwrap()
        .to_string();
    let e = t.err("DeleteLayout", json!({"domainId": d, "layoutId": l}));
    assert_eq!(e.kind.name(), "ConflictException");
    assert!(e.message.contains(&tpl), "{}", e.message);
    t.ok("DeleteTemplate", json!({"domainId": d, "templateId": tpl}));
    t.ok("DeleteLayout", json!({"domainId": d, "layoutId": l}));
    let got = t.ok("GetLayout", json!({"domainId": d, "layoutId": l}));
    assert_eq!(got["deleted"], true);
    assert_eq!(
        t.ok("ListLayouts", json!({"domainId": d}))["layouts"],
        json!([])
    );
    let e = t.err(
        "UpdateLayout",
        json!({"domainId": d, "layoutId": l, "name": "x"}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
    let e = t.err(
        "CreateTemplate",
        json!({"domainId": d, "name": "U", "layoutConfiguration": {"defaultLayout": l}}),
    );
    assert_eq!(e.kind.name(), "ValidationException");
}
