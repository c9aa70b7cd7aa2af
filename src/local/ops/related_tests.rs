//! Tests of related items: create for every type, update (full-field replacement), delete,
//! search, and the audit events each records.

use super::super::testkit::*;
use serde_json::{Value, json};

struct Setup {
    t: Kit,
    d: String,
    tpl: String,
    c: String,
    order: String,
    qty: String,
    tier: String,
}

/// A case and three custom fields: Order (Text), Qty (Number), Tier (SingleSelect gold/silver).
fn setup() -> Setup {
    let mut t = Kit::new();
    let (d, tpl, c) = t.case_setup("Kettle");
    let order = t.field(&d, "Order", "Text");
    let qty = t.field(&d, "Qty", "Number");
    let tier = t.field(&d, "Tier", "SingleSelect");
    t.ok(
        "BatchPutFieldOptions",
        json!({"domainId": d, "fieldId": tier, "options": [
            {"name": "Gold", "value": "gold", "active": true},
            {"name": "Silver", "value": "silver", "active": true}]}),
    );
    Setup {
        t,
        d,
        tpl,
        c,
        order,
        qty,
        tier,
    }
}

impl Setup {
    fn create(&mut self, item_type: &str, content: Value) -> Result<Value, String> {
        let input = json!({"domainId": self.d, "caseId": self.c, "type": item_type,
                           "content": content, "performedBy": {"userArn": AGENT}});
        self.t
            .call("CreateRelatedItem", input)
            .map_err(|e| e.to_string())
    }

    fn custom(&mut self, fields: Value) -> String {
        let out = self
            .create("Custom", json!({"custom": {"fields": fields}}))
            .unwrap();
        out["relatedItemId"].as_str().unwrap().to_string()
    }

    fn update(
        &mut self,
        id: &str,
        content: Value,
    ) -> Result<Value, crate::local::error::ServiceError> {
        self.t.call(
            "UpdateRelatedItem",
            json!({"domainId": self.d, "caseId": self.c, "relatedItemId": id,
                   "content": content, "performedBy": {"customEntity": "editor"}}),
        )
    }

    fn search(&mut self, extra: Value) -> Value {
        let mut input = json!({"domainId": self.d, "caseId": self.c});
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        self.t.ok("SearchRelatedItems", input)
    }

    fn last_event(&mut self) -> Value {
        let (d, c) = (self.d.clone(), self.c.clone());
        self.t.audit(&d, &c).pop().unwrap()
    }
}

#[test]
fn creates_every_type_with_derived_content() {
    let mut s = setup();
    let contact_arn = "arn:aws:connect:us-east-1:123456789012:instance/i-1/contact/c-1";
    let other = {
        let (d, tpl) = (s.d.clone(), s.tpl.clone());
        s.t.case(&d, &tpl, "Other")
    };
    s.t.id_override = Some("ri-contact".into());
    let out = s
        .create("Contact", json!({"contact": {"contactArn": contact_arn}}))
        .unwrap();
    s.t.id_override = None;
    assert_eq!(out["relatedItemId"], "ri-contact");
    assert_eq!(
        out["relatedItemArn"],
        format!(
            "arn:aws:cases:us-east-1:123456789012:domain/{}/case/{}/related-item/ri-contact",
            s.d, s.c
        )
    );
    s.t.tick(1);
    s.create(
        "Comment",
        json!({"comment": {"body": "Called back", "contentType": "Text/Plain"}}),
    )
    .unwrap();
    s.t.tick(1);
    s.create("File", json!({"file": {"fileArn": "arn:aws:connect:us-east-1:123456789012:instance/i-1/file/f-1"}}))
        .unwrap();
    s.t.tick(1);
    s.create(
        "Sla",
        json!({"sla": {"slaInputConfiguration": {"name": "Resolve", "type": "CaseField",
            "fieldId": "status", "targetFieldValues": [{"stringValue": "closed"}],
            "targetSlaMinutes": 90}}}),
    )
    .unwrap();
    s.t.tick(1);
    s.create("ConnectCase", json!({"connectCase": {"caseId": other}}))
        .unwrap();
    s.t.tick(1);
    let order = s.order.clone();
    s.custom(json!([{"id": order, "value": {"stringValue": "PO-1"}}]));

    let all = s.search(json!({}));
    let items = all["relatedItems"].as_array().unwrap();
    let types: Vec<&str> = items.iter().map(|i| i["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        ["Custom", "ConnectCase", "Sla", "File", "Comment", "Contact"]
    );
    let contact = &items[5];
    assert_eq!(contact["associationTime"], "2026-09-01T09:00:00.000Z");
    assert_eq!(contact["content"]["contact"]["contactArn"], contact_arn);
    let channel = contact["content"]["contact"]["channel"].as_str().unwrap();
    assert!(["VOICE", "CHAT", "EMAIL", "TASK"].contains(&channel));
    assert_eq!(
        contact["content"]["contact"]["connectedToSystemTime"],
        "2026-09-01T09:00:00.000Z"
    );
    assert_eq!(contact["performedBy"], json!({"userArn": AGENT}));
    let sla = &items[2]["content"]["sla"]["slaConfiguration"];
    assert_eq!(sla["status"], "Active");
    assert_eq!(sla["targetTime"], "2026-09-01T10:33:00.000Z");
    assert_eq!(sla["fieldId"], "status");
    assert_eq!(items[1]["content"]["connectCase"]["caseId"], other);
    assert_eq!(items[4]["content"]["comment"]["body"], "Called back");

    let events = s.t.audit(&s.d.clone(), &s.c.clone());
    let created: Vec<(&str, &str)> = events[1..]
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap(),
                e["relatedItemType"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        created,
        [
            ("RelatedItem.Created", "Contact"),
            ("RelatedItem.Created", "Comment"),
            ("RelatedItem.Created", "File"),
            ("RelatedItem.Created", "Sla"),
            ("RelatedItem.Created", "ConnectCase"),
            ("RelatedItem.Created", "Custom"),
        ]
    );
    assert_eq!(
        events[2]["fields"],
        json!([{"eventFieldId": "comment.body", "newValue": {"stringValue": "Called back"}}])
    );
    assert_eq!(
        events[6]["fields"],
        json!([{"eventFieldId": order, "newValue": {"stringValue": "PO-1"}}])
    );
    assert_eq!(
        events[6]["performedBy"],
        json!({"user": {"userArn": AGENT}, "iamPrincipalArn": PRINCIPAL})
    );
}

#[test]
fn channel_is_deterministic_and_hinted_by_the_arn() {
    let mut s = setup();
    let arn = "arn:aws:connect:us-east-1:123456789012:instance/i-1/contact/abc";
    let mut channels = Vec::new();
    for _ in 0..2 {
        s.create("Contact", json!({"contact": {"contactArn": arn}}))
            .unwrap();
    }
    s.create(
        "Contact",
        json!({"contact": {"contactArn": "arn:x/contact/chat-42"}}),
    )
    .unwrap();
    for item in s.search(json!({}))["relatedItems"].as_array().unwrap() {
        channels.push(
            item["content"]["contact"]["channel"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(channels[0], "CHAT");
    assert_eq!(channels[1], channels[2]);
}

#[test]
fn create_rejects_bad_content() {
    let mut s = setup();
    let (order, qty, tier) = (s.order.clone(), s.qty.clone(), s.tier.clone());
    let bad = [
        (
            "Comment",
            json!({"custom": {"fields": [{"id": order, "value": {"stringValue": "x"}}]}}),
        ),
        (
            "Comment",
            json!({"comment": {"body": "", "contentType": "Text/Plain"}}),
        ),
        (
            "Comment",
            json!({"comment": {"body": "x".repeat(15001), "contentType": "Text/Plain"}}),
        ),
        ("Custom", json!({"custom": {"fields": []}})),
        (
            "Custom",
            json!({"custom": {"fields": [{"id": "title", "value": {"stringValue": "x"}}]}}),
        ),
        (
            "Custom",
            json!({"custom": {"fields": [{"id": "ghost", "value": {"stringValue": "x"}}]}}),
        ),
        (
            "Custom",
            json!({"custom": {"fields": [{"id": qty, "value": {"stringValue": "3"}}]}}),
        ),
        (
            "Custom",
            json!({"custom": {"fields": [{"id": tier, "value": {"stringValue": "bronze"}}]}}),
        ),
        (
            "Custom",
            json!({"custom": {"fields": [
            {"id": order, "value": {"stringValue": "a"}},
            {"id": order, "value": {"stringValue": "b"}}]}}),
        ),
        (
            "Sla",
            json!({"sla": {"slaInputConfiguration": {"name": "x", "type": "CaseField",
            "fieldId": "status", "targetFieldValues": [{"stringValue": "pending"}],
            "targetSlaMinutes": 5}}}),
        ),
    ];
    for (item_type, content) in bad {
        let e = s.create(item_type, content.clone()).unwrap_err();
        assert!(
            e.starts_with("ValidationException"),
            "{item_type} {content}: {e}"
        );
    }
    let many: Vec<Value> = (0..51)
        .map(|i| json!({"id": format!("f{i}"), "value": {"emptyValue": {}}}))
        .collect();
    let e = s
        .create("Custom", json!({"custom": {"fields": many}}))
        .unwrap_err();
    assert!(e.contains("1 to 50"), "{e}");
    let e = s
        .create("ConnectCase", json!({"connectCase": {"caseId": "ghost"}}))
        .unwrap_err();
    assert!(e.starts_with("ResourceNotFoundException"), "{e}");
    let e = s.t.err(
        "CreateRelatedItem",
        json!({"domainId": s.d, "caseId": "ghost", "type": "Comment",
               "content": {"comment": {"body": "x", "contentType": "Text/Plain"}}}),
    );
    assert_eq!(e.members["resourceType"], "Case");
    // Nothing was recorded for the failed attempts.
    assert_eq!(s.t.audit(&s.d.clone(), &s.c.clone()).len(), 1);
}

#[test]
fn custom_fields_accept_every_type() {
    let mut s = setup();
    let d = s.d.clone();
    let b = s.t.field(&d, "B", "Boolean");
    let dt = s.t.field(&d, "When", "DateTime");
    let u = s.t.field(&d, "Who", "User");
    let url = s.t.field(&d, "Link", "Url");
    let spare = s.t.field(&d, "Spare", "Text");
    let (order, qty, tier) = (s.order.clone(), s.qty.clone(), s.tier.clone());
    s.custom(json!([
        {"id": order, "value": {"stringValue": "PO-1"}},
        {"id": qty, "value": {"doubleValue": 3.0}},
        {"id": tier, "value": {"stringValue": "gold"}},
        {"id": b, "value": {"booleanValue": true}},
        {"id": dt, "value": {"stringValue": "2026-09-02T10:00:00.000Z"}},
        {"id": u, "value": {"userArnValue": AGENT}},
        {"id": url, "value": {"stringValue": "https://example.com/po/1"}},
        {"id": spare, "value": {"emptyValue": {}}},
    ]));
    let items = s.search(json!({}));
    assert_eq!(
        items["relatedItems"][0]["content"]["custom"]["fields"][1],
        json!({"id": qty, "value": {"doubleValue": 3.0}})
    );
    assert_eq!(
        items["relatedItems"][0]["content"]["custom"]["fields"]
            .as_array()
            .unwrap()
            .len(),
        8
    );
}

#[test]
fn update_custom_replaces_the_whole_field_list() {
    let mut s = setup();
    let (order, qty, tier) = (s.order.clone(), s.qty.clone(), s.tier.clone());
    let id = s.custom(json!([
        {"id": order, "value": {"stringValue": "PO-1"}},
        {"id": qty, "value": {"doubleValue": 1.0}},
    ]));
    s.t.tick(5);
    // Qty left out: removed. Order changed, Tier added.
    let out = s
        .update(
            &id,
            json!({"custom": {"fields": [
                {"id": order, "value": {"stringValue": "PO-2"}},
                {"id": tier, "value": {"stringValue": "silver"}},
            ]}}),
        )
        .unwrap();
    assert_eq!(out["relatedItemId"], id.as_str());
    assert_eq!(out["type"], "Custom");
    assert_eq!(out["associationTime"], "2026-09-01T09:00:00.000Z");
    assert_eq!(out["lastUpdatedUser"], json!({"customEntity": "editor"}));
    assert_eq!(out["createdBy"], json!({"userArn": AGENT}));
    let expected = json!({"custom": {"fields": [
        {"id": order, "value": {"stringValue": "PO-2"}},
        {"id": tier, "value": {"stringValue": "silver"}},
    ]}});
    assert_eq!(out["content"], expected);
    assert_eq!(s.search(json!({}))["relatedItems"][0]["content"], expected);

    let e = s.last_event();
    assert_eq!(e["type"], "RelatedItem.Updated");
    assert_eq!(e["relatedItemType"], "Custom");
    assert_eq!(e["performedTime"], "2026-09-01T09:05:00.000Z");
    assert_eq!(
        e["performedBy"],
        json!({"user": {"customEntity": "editor"}, "iamPrincipalArn": PRINCIPAL})
    );
    assert_eq!(
        e["fields"],
        json!([
            {"eventFieldId": order, "oldValue": {"stringValue": "PO-1"}, "newValue": {"stringValue": "PO-2"}},
            {"eventFieldId": tier, "newValue": {"stringValue": "silver"}},
            {"eventFieldId": qty, "oldValue": {"doubleValue": 1.0}, "newValue": {"emptyValue": {}}},
        ])
    );
}

#[test]
fn update_comment_and_refusals() {
    let mut s = setup();
    let out = s
        .create(
            "Comment",
            json!({"comment": {"body": "first", "contentType": "Text/Plain"}}),
        )
        .unwrap();
    let comment = out["relatedItemId"].as_str().unwrap().to_string();
    s.update(
        &comment,
        json!({"comment": {"body": "second", "contentType": "Text/Plain"}}),
    )
    .unwrap();
    let e = s.last_event();
    assert_eq!(e["relatedItemType"], "Comment");
    assert_eq!(
        e["fields"],
        json!([{"eventFieldId": "comment.body", "oldValue": {"stringValue": "first"},
                "newValue": {"stringValue": "second"}}])
    );
    let events_before = s.t.audit(&s.d.clone(), &s.c.clone()).len();

    let err = s
        .update(
            &comment,
            json!({"comment": {"body": "", "contentType": "Text/Plain"}}),
        )
        .unwrap_err();
    assert_eq!(err.kind.name(), "ValidationException");
    let order = s.order.clone();
    let err = s
        .update(
            &comment,
            json!({"custom": {"fields": [{"id": order, "value": {"stringValue": "x"}}]}}),
        )
        .unwrap_err();
    assert_eq!(err.kind.name(), "ValidationException");
    let file = s
        .create("File", json!({"file": {"fileArn": "arn:f"}}))
        .unwrap()["relatedItemId"]
        .as_str()
        .unwrap()
        .to_string();
    let err = s
        .update(
            &file,
            json!({"comment": {"body": "x", "contentType": "Text/Plain"}}),
        )
        .unwrap_err();
    assert_eq!(err.kind.name(), "ValidationException");
    assert!(
        err.message.contains("Comment, Custom and Sla"),
        "{}",
        err.message
    );
    let err = s
        .update(
            "ghost",
            json!({"comment": {"body": "x", "contentType": "Text/Plain"}}),
        )
        .unwrap_err();
    assert_eq!(err.kind.name(), "ResourceNotFoundException");
    assert_eq!(err.members["resourceType"], "RelatedItem");
    // Only the File's creation was recorded since.
    assert_eq!(
        s.t.audit(&s.d.clone(), &s.c.clone()).len(),
        events_before + 1
    );
    // Custom items are validated on update like on create.
    let id = s.custom(json!([{"id": order, "value": {"stringValue": "PO-1"}}]));
    let err = s
        .update(
            &id,
            json!({"custom": {"fields": [{"id": "title", "value": {"stringValue": "x"}}]}}),
        )
        .unwrap_err();
    assert_eq!(err.kind.name(), "ValidationException");
    let err = s
        .update(&id, json!({"custom": {"fields": []}}))
        .unwrap_err();
    assert_eq!(err.kind.name(), "ValidationException");
}

#[test]
fn delete_records_old_values_and_refuses_files() {
    let mut s = setup();
    let order = s.order.clone();
    let id = s.custom(json!([{"id": order, "value": {"stringValue": "PO-1"}}]));
    s.t.ok(
        "DeleteRelatedItem",
        json!({"domainId": s.d, "caseId": s.c, "relatedItemId": id, "performedBy": {"userArn": AGENT}}),
    );
    let e = s.last_event();
    assert_eq!(e["type"], "RelatedItem.Deleted");
    assert_eq!(e["relatedItemType"], "Custom");
    assert_eq!(
        e["fields"],
        json!([{"eventFieldId": order, "oldValue": {"stringValue": "PO-1"}, "newValue": {"emptyValue": {}}}])
    );
    assert_eq!(e["performedBy"]["user"], json!({"userArn": AGENT}));
    assert_eq!(s.search(json!({}))["relatedItems"], json!([]));
    let err = s.t.err(
        "DeleteRelatedItem",
        json!({"domainId": s.d, "caseId": s.c, "relatedItemId": id}),
    );
    assert_eq!(err.kind.name(), "ResourceNotFoundException");
    let file = s
        .create("File", json!({"file": {"fileArn": "arn:f"}}))
        .unwrap();
    let err = s.t.err(
        "DeleteRelatedItem",
        json!({"domainId": s.d, "caseId": s.c, "relatedItemId": file["relatedItemId"]}),
    );
    assert_eq!(err.kind.name(), "ValidationException");
}

#[test]
fn search_filters_by_type_and_custom_fields() {
    let mut s = setup();
    let (order, qty) = (s.order.clone(), s.qty.clone());
    s.create(
        "Contact",
        json!({"contact": {"contactArn": "arn:c/voice-1"}}),
    )
    .unwrap();
    s.create(
        "Contact",
        json!({"contact": {"contactArn": "arn:c/email-1"}}),
    )
    .unwrap();
    s.create(
        "Comment",
        json!({"comment": {"body": "x", "contentType": "Text/Plain"}}),
    )
    .unwrap();
    s.custom(json!([{"id": order, "value": {"stringValue": "PO-1"}}, {"id": qty, "value": {"doubleValue": 5.0}}]));
    s.custom(json!([{"id": order, "value": {"stringValue": "PO-2"}}, {"id": qty, "value": {"doubleValue": 1.0}}]));
    s.create(
        "Sla",
        json!({"sla": {"slaInputConfiguration": {"name": "First reply", "type": "CaseField", "targetSlaMinutes": 60}}}),
    )
    .unwrap();

    let count = |s: &mut Setup, filters: Value| {
        s.search(json!({"filters": filters}))["relatedItems"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&mut s, json!([{"comment": {}}])), 1);
    assert_eq!(count(&mut s, json!([{"contact": {}}])), 2);
    assert_eq!(
        count(&mut s, json!([{"contact": {"channel": ["EMAIL"]}}])),
        1
    );
    assert_eq!(
        count(
            &mut s,
            json!([{"contact": {"contactArn": "arn:c/voice-1"}}])
        ),
        1
    );
    assert_eq!(count(&mut s, json!([{"comment": {}}, {"contact": {}}])), 3);
    assert_eq!(count(&mut s, json!([{"custom": {}}])), 2);
    assert_eq!(
        count(
            &mut s,
            json!([{"sla": {"name": "First reply", "status": "Active"}}])
        ),
        1
    );
    assert_eq!(count(&mut s, json!([{"sla": {"status": "Overdue"}}])), 0);
    let big = s.search(json!({"filters": [{"custom": {"fields": {"field": {
        "greaterThan": {"id": qty, "value": {"doubleValue": 2.0}}}}}}]}));
    assert_eq!(big["relatedItems"].as_array().unwrap().len(), 1);
    assert_eq!(
        big["relatedItems"][0]["content"]["custom"]["fields"][0]["value"]["stringValue"],
        "PO-1"
    );
    assert_eq!(
        count(
            &mut s,
            json!([{"custom": {"fields": {"not": {"field": {"equalTo": {"id": order, "value": {"stringValue": "PO-1"}}}}}}}])
        ),
        1
    );
    // Past its target time an Active SLA reads as Overdue.
    s.t.tick(61);
    assert_eq!(count(&mut s, json!([{"sla": {"status": "Overdue"}}])), 1);
}

#[test]
fn search_pages_newest_first_and_checks_tokens() {
    let mut s = setup();
    for i in 0..30 {
        s.create(
            "Comment",
            json!({"comment": {"body": format!("c{i}"), "contentType": "Text/Plain"}}),
        )
        .unwrap();
        s.t.tick(1);
    }
    let p1 = s.search(json!({}));
    let bodies = |p: &Value| -> Vec<String> {
        p["relatedItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                i["content"]["comment"]["body"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(bodies(&p1).len(), 25);
    assert_eq!(bodies(&p1)[0], "c29");
    let p2 = s.search(json!({"nextToken": p1["nextToken"]}));
    assert_eq!(bodies(&p2), ["c4", "c3", "c2", "c1", "c0"]);
    assert!(p2.get("nextToken").is_none());
    let e = s.t.err(
        "SearchRelatedItems",
        json!({"domainId": s.d, "caseId": s.c, "filters": [{"comment": {}}], "nextToken": p1["nextToken"]}),
    );
    assert_eq!(e.message, "Invalid nextToken");
}

#[test]
fn sla_on_a_field_is_met_when_the_case_reaches_the_target() {
    let mut s = setup();
    s.create(
        "Sla",
        json!({"sla": {"slaInputConfiguration": {"name": "Close", "type": "CaseField",
            "fieldId": "status", "targetFieldValues": [{"stringValue": "closed"}],
            "targetSlaMinutes": 60}}}),
    )
    .unwrap();
    s.t.tick(30);
    s.t.ok(
        "UpdateCase",
        json!({"domainId": s.d, "caseId": s.c,
               "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
    );
    s.t.tick(60);
    let sla = s.search(json!({}))["relatedItems"][0]["content"]["sla"]["slaConfiguration"].clone();
    assert_eq!(sla["status"], "Met");
    assert_eq!(sla["completionTime"], "2026-09-01T09:30:00.000Z");
}
