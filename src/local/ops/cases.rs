//! CreateCase, GetCase, UpdateCase, DeleteCase.

use serde_json::{Map, Value, json};

use super::domains::SERVICE_MANAGED;
use super::{
    audit_event, audit_field, check_value, client_token_reused, empty_value, fingerprint, fnv, ids,
    is_empty_value, list, map, new_id, opt_str, page, req_str, ts,
};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{Case, Domain, Store};

/// Checks a request's `fields` against the domain: each exists once, is settable by requests and
/// holds a value of its type. A deleted field is refused unless `existing` (the case's values,
/// on update) already holds it. Returns `(id, value)` pairs in request order.
fn checked_fields<'a>(
    domain: &Domain,
    fields: &'a [Value],
    existing: Option<&Map<String, Value>>,
) -> Result<Vec<(&'a str, &'a Value)>, ServiceError> {
    let mut out: Vec<(&str, &Value)> = Vec::with_capacity(fields.len());
    for entry in fields {
        let id = entry["id"].as_str().unwrap_or_default();
        let value = &entry["value"];
        if out.iter().any(|(seen, _)| *seen == id) {
            return Err(ServiceError::validation(format!(
                "Field {id} appears more than once; set each field once"
            )));
        }
        let field = domain.field(id).ok_or_else(|| {
            ServiceError::validation(format!("Field {id} does not exist in this domain"))
        })?;
        if field.deleted && existing.is_none_or(|e| !e.contains_key(id)) {
            return Err(ServiceError::validation(format!(
                "Field {id} has been deleted; only a case that already holds a value for it can \
                 change or clear that value"
            )));
        }
        if SERVICE_MANAGED.contains(&id) {
            return Err(ServiceError::validation(format!(
                "Field {id} is set by the service and cannot be set in a request"
            )));
        }
        check_value(field, value)?;
        if id == "title" && (is_empty_value(value) || value["stringValue"] == "") {
            return Err(ServiceError::validation("A case needs a non-empty title"));
        }
        out.push((id, value));
    }
    Ok(out)
}

/// The value the service records as the user behind a change.
fn performer_value(input: &Value, ctx: &CallContext) -> Value {
    match input
        .get("performedBy")
        .and_then(|p| p.get("userArn"))
        .and_then(Value::as_str)
    {
        Some(arn) => json!({ "userArnValue": arn }),
        None => json!({ "userArnValue": ctx.iam_principal_arn }),
    }
}

pub(crate) fn create_case(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let template_id = req_str(input, "templateId")?;
    let template = domain
        .templates
        .iter()
        .find(|t| t.id == template_id)
        .ok_or_else(|| {
            ServiceError::not_found(
                format!("Template {template_id} not found"),
                template_id,
                "Template",
            )
        })?;
    if template.deleted {
        return Err(ServiceError::validation(format!(
            "Template {template_id} has been deleted; create cases from an Active template"
        )));
    }
    if template.status != "Active" {
        return Err(ServiceError::validation(format!(
            "Template {template_id} is Inactive; create cases from an Active template"
        )));
    }
    let requested = checked_fields(domain, list(input, "fields"), None)?;
    let has = |id: &str| {
        requested
            .iter()
            .any(|(f, v)| *f == id && !is_empty_value(v))
    };
    if !has("title") {
        return Err(ServiceError::validation(
            "The title field is required to create a case",
        ));
    }
    for required in &template.required_fields {
        let id = required["fieldId"].as_str().unwrap_or_default();
        // A deleted field no longer binds the template ("GetTemplate does not return field IDs
        // for deleted fields", and CreateCase refuses a deleted field); status is supplied by
        // its default, open, when the request leaves it out.
        let deleted = domain.field(id).is_some_and(|f| f.deleted);
        let defaulted = id == "status" && !requested.iter().any(|(f, _)| *f == "status");
        if !has(id) && !deleted && !defaulted {
            return Err(ServiceError::validation(format!(
                "Template {template_id} requires field {id}"
            )));
        }
    }
    let mut values: Map<String, Value> = requested
        .iter()
        .filter(|(_, v)| !is_empty_value(v))
        .map(|(id, v)| (id.to_string(), (*v).clone()))
        .collect();
    // Rules see the case as it will be: a new case is open unless the request says otherwise.
    values
        .entry("status")
        .or_insert_with(|| json!({"stringValue": "open"}));
    super::case_rules::check_case(domain, template, None, &values)?;
    let mut tags = Map::new();
    for config in template
        .tag_propagation_configurations
        .iter()
        .flat_map(|c| c.as_array().into_iter().flatten())
    {
        if let Some(m) = config["tagMap"].as_object() {
            tags.extend(m.clone());
        }
    }
    tags.extend(map(input, "tags"));

    if let Some(token) = opt_str(input, "clientToken")
        && let Some(case) = domain
            .client_tokens
            .get(token)
            .and_then(|id| domain.cases.get(id))
    {
        // A retry gets the case it made; the token with other parameters is a mistake to say
        // (a case from a state file written before requests were remembered has no fingerprint).
        return match case.create_request {
            Some(earlier) if earlier != fingerprint(input) => Err(client_token_reused(token)),
            _ => Ok(json!({"caseId": case.id, "caseArn": case.arn})),
        };
    }
    let id = new_id(ctx);
    if domain.cases.contains_key(&id) {
        return Err(ServiceError::conflict(format!("Case {id} already exists")));
    }

    let mut fields = Map::new();
    for (fid, value) in &requested {
        if !is_empty_value(value) {
            fields.insert(fid.to_string(), (*value).clone());
        }
    }
    if !fields.contains_key("status") {
        fields.insert("status".into(), json!({"stringValue": "open"}));
    }
    domain.case_seq += 1;
    let reference = 10_000_000 + (fnv(&domain.id) % 80_000_000) + domain.case_seq;
    let now = json!({ "stringValue": ts(ctx.now) });
    let performer = performer_value(input, ctx);
    fields.insert(
        "reference_number".into(),
        json!({"stringValue": format!("{reference:08}")}),
    );
    fields.insert("created_datetime".into(), now.clone());
    fields.insert("last_updated_datetime".into(), now);
    fields.insert("last_updated_user".into(), performer.clone());
    fields.insert("created_by".into(), performer);
    if fields["status"]["stringValue"] == "closed" {
        fields.insert(
            "last_closed_datetime".into(),
            json!({"stringValue": ts(ctx.now)}),
        );
    }

    let audit_fields = fields
        .iter()
        .map(|(fid, v)| audit_field(fid, None, v))
        .collect();
    let event = audit_event("Case.Created", None, audit_fields, input, ctx);
    let arn = format!("{}/case/{id}", domain.arn);
    domain.put_case(Case {
        id: id.clone(),
        arn: arn.clone(),
        template_id: template_id.to_string(),
        fields,
        tags,
        related: Vec::new(),
        audit: vec![event],
        seq: domain.case_seq,
        related_seq: 0,
        create_request: opt_str(input, "clientToken").map(|_| fingerprint(input)),
    });
    if let Some(token) = opt_str(input, "clientToken") {
        domain.client_tokens.insert(token.to_string(), id.clone());
    }
    Ok(json!({"caseId": id, "caseArn": arn}))
}

pub(crate) fn get_case(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let case = domain.case(req_str(input, "caseId")?)?;
    // All requested fields fit in one response; any token is one we never issued.
    page(input, &format!("GetCase/{}", case.id), 1, 0)?;
    let fields: Vec<Value> = ids(list(input, "fields"))
        .into_iter()
        .filter_map(|id| case.fields.get(id).map(|v| json!({"id": id, "value": v})))
        .collect();
    Ok(json!({
        "fields": fields,
        "templateId": case.template_id,
        "tags": case.tags,
    }))
}

pub(crate) fn update_case(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let case_id = req_str(input, "caseId")?;
    let existing = domain.case(case_id)?;
    let requested = checked_fields(domain, list(input, "fields"), Some(&existing.fields))?;
    // Every case has a status (CreateCase defaults it to open); only the status field cannot be
    // emptied, since the model requires other fields at creation only.
    if requested
        .iter()
        .any(|(id, v)| *id == "status" && is_empty_value(v))
    {
        return Err(ServiceError::validation(
            "A case's status cannot be cleared; set it to one of the status field's options \
             (ListFieldOptions on status)",
        ));
    }
    check_rules_after_update(domain, existing, &requested)?;
    let case = domain.case_mut(case_id)?;

    let mut changes = Vec::new();
    for (id, value) in requested {
        let old = case.fields.get(id).cloned();
        if is_empty_value(value) {
            if let Some(old) = old {
                case.fields.remove(id);
                changes.push(audit_field(id, Some(&old), &empty_value()));
            }
        } else if old.as_ref() != Some(value) {
            if id == "status" && value["stringValue"] == "closed" {
                let closed = json!({"stringValue": ts(ctx.now)});
                let before = case
                    .fields
                    .insert("last_closed_datetime".into(), closed.clone());
                changes.push(audit_field(
                    "last_closed_datetime",
                    before.as_ref(),
                    &closed,
                ));
            }
            case.fields.insert(id.to_string(), value.clone());
            changes.push(audit_field(id, old.as_ref(), value));
        }
    }
    case.fields.insert(
        "last_updated_datetime".into(),
        json!({"stringValue": ts(ctx.now)}),
    );
    case.fields
        .insert("last_updated_user".into(), performer_value(input, ctx));
    if !changes.is_empty() {
        super::related::settle_slas(case, ctx.now);
        case.audit
            .push(audit_event("Case.Updated", None, changes, input, ctx));
    }
    Ok(json!({}))
}

/// Refuses an update that would break one of the case template's rules.
fn check_rules_after_update(
    domain: &Domain,
    case: &Case,
    requested: &[(&str, &Value)],
) -> Result<(), ServiceError> {
    let Some(template) = domain.templates.iter().find(|t| t.id == case.template_id) else {
        return Ok(());
    };
    if template.rules.is_none() {
        return Ok(());
    }
    let mut after = case.fields.clone();
    for (id, value) in requested {
        if is_empty_value(value) {
            after.remove(*id);
        } else {
            after.insert(id.to_string(), (*value).clone());
        }
    }
    super::case_rules::check_case(domain, template, Some(&case.fields), &after)
}

pub(crate) fn delete_case(store: &mut Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let case_id = req_str(input, "caseId")?;
    domain.case(case_id)?;
    domain.remove_case(case_id);
    domain.client_tokens.retain(|_, id| id != case_id);
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use serde_json::json;

    #[test]
    fn create_case_sets_service_fields_and_records_created_event() {
        let mut t = Kit::new();
        let d = t.domain();
        let tpl = t.template(&d);
        let prio = t.field(&d, "Priority", "Number");
        t.id_override = Some("case-1".into());
        let out = t.ok(
            "CreateCase",
            json!({"domainId": d, "templateId": tpl, "performedBy": {"userArn": AGENT},
                   "fields": [
                       {"id": "title", "value": {"stringValue": "Broken kettle"}},
                       {"id": prio, "value": {"doubleValue": 2.0}},
                   ],
                   "tags": {"team": "blue"}}),
        );
        t.id_override = None;
        assert_eq!(out["caseId"], "case-1");
        assert_eq!(
            out["caseArn"],
            format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/case/case-1")
        );
        let got = t.ok(
            "GetCase",
            json!({"domainId": d, "caseId": "case-1", "fields": [
                {"id": "status"}, {"id": "title"}, {"id": "ghost"}, {"id": "created_datetime"},
                {"id": "last_updated_user"}, {"id": "created_by"}, {"id": "reference_number"},
                {"id": "last_closed_datetime"}, {"id": prio}
            ]}),
        );
        let fields = got["fields"].as_array().unwrap();
        let ids: Vec<&str> = fields.iter().map(|f| f["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "status",
                "title",
                "created_datetime",
                "last_updated_user",
                "created_by",
                "reference_number",
                prio.as_str()
            ]
        );
        assert_eq!(fields[0]["value"], json!({"stringValue": "open"}));
        assert_eq!(
            fields[2]["value"],
            json!({"stringValue": "2026-09-01T09:00:00.000Z"})
        );
        assert_eq!(fields[3]["value"], json!({"userArnValue": AGENT}));
        let reference = fields[5]["value"]["stringValue"].as_str().unwrap();
        assert_eq!(reference.len(), 8);
        assert!(reference.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(got["templateId"], tpl);
        assert_eq!(got["tags"], json!({"team": "blue"}));

        let events = t.audit(&d, "case-1");
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!(e["type"], "Case.Created");
        assert!(e.get("relatedItemType").is_none());
        assert_eq!(e["performedTime"], "2026-09-01T09:00:00.000Z");
        assert_eq!(
            e["performedBy"],
            json!({"user": {"userArn": AGENT}, "iamPrincipalArn": PRINCIPAL})
        );
        let title = e["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["eventFieldId"] == "title")
            .unwrap();
        assert_eq!(title["newValue"], json!({"stringValue": "Broken kettle"}));
        assert!(title.get("oldValue").is_none());
        assert!(
            e["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["eventFieldId"] == "status" && f["newValue"]["stringValue"] == "open")
        );
    }

    #[test]
    fn create_case_rejects_bad_input() {
        let mut t = Kit::new();
        let d = t.domain();
        let tpl = t.template(&d);
        let num = t.field(&d, "Priority", "Number");
        let case =
            |fields: serde_json::Value| json!({"domainId": d, "templateId": tpl, "fields": fields});
        let bad = [
            case(json!([])),
            case(json!([{"id": "title", "value": {"stringValue": "x"}},
                        {"id": "status", "value": {"stringValue": "pending"}}])),
            case(json!([{"id": "title", "value": {"stringValue": "x"}},
                        {"id": num, "value": {"stringValue": "high"}}])),
            case(json!([{"id": "title", "value": {"stringValue": "x"}},
                        {"id": "reference_number", "value": {"stringValue": "1"}}])),
            case(json!([{"id": "title", "value": {"stringValue": "x"}},
                        {"id": "ghost", "value": {"stringValue": "1"}}])),
            case(json!([{"id": "title", "value": {"stringValue": "x"}},
                        {"id": "title", "value": {"stringValue": "y"}}])),
        ];
        for input in bad {
            let e = t.err("CreateCase", input.clone());
            assert_eq!(e.kind.name(), "ValidationException", "{input}");
        }
        let e = t.err(
            "CreateCase",
            json!({"domainId": d, "templateId": "ghost",
                   "fields": [{"id": "title", "value": {"stringValue": "x"}}]}),
        );
        assert_eq!(e.kind.name(), "ResourceNotFoundException");
        assert_eq!(e.members["resourceType"], "Template");
    }

    #[test]
    fn template_required_fields_and_tag_propagation() {
        let mut t = Kit::new();
        let d = t.domain();
        let tpl = t.ok(
            "CreateTemplate",
            json!({"domainId": d, "name": "Strict", "requiredFields": [{"fieldId": "customer_id"}],
                   "tagPropagationConfigurations": [{"resourceType": "Cases", "tagMap": {"src": "tpl"}}]}),
        )["templateId"]
            .clone();
        let e = t.err(
            "CreateCase",
            json!({"domainId": d, "templateId": tpl,
                   "fields": [{"id": "title", "value": {"stringValue": "x"}}]}),
        );
        assert!(e.message.contains("customer_id"), "{}", e.message);
        let c = t.ok(
            "CreateCase",
            json!({"domainId": d, "templateId": tpl, "fields": [
                {"id": "title", "value": {"stringValue": "x"}},
                {"id": "customer_id", "value": {"stringValue": "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/1"}}
            ]}),
        );
        let got = t.ok(
            "GetCase",
            json!({"domainId": d, "caseId": c["caseId"], "fields": [{"id": "title"}]}),
        );
        assert_eq!(got["tags"], json!({"src": "tpl"}));
    }

    #[test]
    fn a_deleted_required_field_no_longer_binds_the_template() {
        let mut t = Kit::new();
        let d = t.domain();
        let f = t.field(&d, "Priority", "Text");
        let tpl = t.ok(
            "CreateTemplate",
            json!({"domainId": d, "name": "Strict", "requiredFields": [{"fieldId": f}]}),
        )["templateId"]
            .clone();
        let create = json!({"domainId": d, "templateId": tpl,
                            "fields": [{"id": "title", "value": {"stringValue": "x"}}]});
        let e = t.err("CreateCase", create.clone());
        assert!(e.message.contains(&f), "{}", e.message);
        t.ok("DeleteField", json!({"domainId": d, "fieldId": f}));
        let got = t.ok("GetTemplate", json!({"domainId": d, "templateId": tpl}));
        assert_eq!(got["requiredFields"], json!([]));
        t.ok("CreateCase", create);
    }

    #[test]
    fn a_template_requiring_status_takes_the_open_default() {
        let mut t = Kit::new();
        let d = t.domain();
        let tpl = t.ok(
            "CreateTemplate",
            json!({"domainId": d, "name": "S", "requiredFields": [{"fieldId": "status"}]}),
        )["templateId"]
            .clone();
        let c = t.ok(
            "CreateCase",
            json!({"domainId": d, "templateId": tpl,
                   "fields": [{"id": "title", "value": {"stringValue": "x"}}]}),
        )["caseId"]
            .as_str()
            .unwrap()
            .to_string();
        let got = t.get(&d, &c, &["status"]);
        assert!(got.to_string().contains("\"open\""), "{got}");
    }

    #[test]
    fn update_case_refuses_to_clear_status_but_not_other_fields() {
        let mut t = Kit::new();
        let (d, _, c) = t.case_setup("x");
        t.ok(
            "UpdateCase",
            json!({"domainId": d, "caseId": c,
                   "fields": [{"id": "summary", "value": {"stringValue": "s"}}]}),
        );
        let e = t.err(
            "UpdateCase",
            json!({"domainId": d, "caseId": c,
                   "fields": [{"id": "status", "value": {"emptyValue": {}}}]}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        assert!(
            e.message.contains("status cannot be cleared"),
            "{}",
            e.message
        );
        assert_eq!(
            t.get(&d, &c, &["status"]),
            json!([{"id": "status", "value": {"stringValue": "open"}}])
        );
        t.ok(
            "UpdateCase",
            json!({"domainId": d, "caseId": c,
                   "fields": [{"id": "summary", "value": {"emptyValue": {}}}]}),
        );
        assert_eq!(t.get(&d, &c, &["summary"]), json!([]));
    }

    #[test]
    fn client_token_makes_create_case_idempotent() {
        let mut t = Kit::new();
        let d = t.domain();
        let tpl = t.template(&d);
        let input = json!({"domainId": d, "templateId": tpl, "clientToken": "tok-1",
                           "fields": [{"id": "title", "value": {"stringValue": "x"}}]});
        let a = t.ok("CreateCase", input.clone());
        let b = t.ok("CreateCase", input);
        assert_eq!(a, b);
        let all = t.ok("SearchCases", json!({"domainId": d}));
        assert_eq!(all["totalCount"], 1);
    }

    #[test]
    fn a_create_case_token_with_other_parameters_is_a_conflict_not_the_first_case() {
        let mut t = Kit::new();
        let d = t.domain();
        let tpl = t.template(&d);
        let title = |s: &str| json!([{"id": "title", "value": {"stringValue": s}}]);
        let first = json!({"domainId": d, "templateId": tpl, "clientToken": "tok-1",
                           "fields": title("first")});
        let made = t.ok("CreateCase", first.clone());
        let other = json!({"domainId": d, "templateId": tpl, "clientToken": "tok-1",
                           "fields": title("second")});
        let err = t.err("CreateCase", other);
        assert_eq!(err.kind, crate::local::error::ErrorKind::ConflictException);
        assert_eq!(
            err.message,
            "clientToken tok-1 was used by an earlier request with other parameters; use a new \
             token for a new request"
        );
        // The same request again (keys in another order) is still the retry it was.
        let reordered = json!({"fields": title("first"), "clientToken": "tok-1",
                               "templateId": tpl, "domainId": d});
        assert_eq!(t.ok("CreateCase", reordered), made);
        let all = t.ok("SearchCases", json!({"domainId": d}));
        assert_eq!(all["totalCount"], 1);
    }

    #[test]
    fn update_case_records_only_changes_and_closing_time() {
        let mut t = Kit::new();
        let (d, _, c) = t.case_setup("Broken kettle");
        t.tick(30);
        t.ok(
            "UpdateCase",
            json!({"domainId": d, "caseId": c, "performedBy": {"customEntity": "bot"},
            "fields": [
                {"id": "title", "value": {"stringValue": "Broken kettle"}},
                {"id": "status", "value": {"stringValue": "closed"}},
                {"id": "summary", "value": {"stringValue": "Replaced"}},
            ]}),
        );
        let events = t.audit(&d, &c);
        assert_eq!(events.len(), 2);
        let e = &events[1];
        assert_eq!(e["type"], "Case.Updated");
        assert_eq!(e["performedTime"], "2026-09-01T09:30:00.000Z");
        assert_eq!(e["performedBy"]["user"], json!({"customEntity": "bot"}));
        assert_eq!(
            e["fields"],
            json!([
                {"eventFieldId": "last_closed_datetime",
                 "newValue": {"stringValue": "2026-09-01T09:30:00.000Z"}},
                {"eventFieldId": "status", "oldValue": {"stringValue": "open"},
                 "newValue": {"stringValue": "closed"}},
                {"eventFieldId": "summary", "newValue": {"stringValue": "Replaced"}},
            ])
        );
        let got = t.get(
            &d,
            &c,
            &[
                "status",
                "last_closed_datetime",
                "last_updated_datetime",
                "last_updated_user",
            ],
        );
        assert_eq!(got[0]["value"]["stringValue"], "closed");
        assert_eq!(got[1]["value"]["stringValue"], "2026-09-01T09:30:00.000Z");
        assert_eq!(got[2]["value"]["stringValue"], "2026-09-01T09:30:00.000Z");
        assert_eq!(got[3]["value"]["userArnValue"], PRINCIPAL);

        // Clearing a field records old -> empty and removes it.
        t.ok(
            "UpdateCase",
            json!({"domainId": d, "caseId": c,
                   "fields": [{"id": "summary", "value": {"emptyValue": {}}}]}),
        );
        let events = t.audit(&d, &c);
        assert_eq!(
            events[2]["fields"],
            json!([{"eventFieldId": "summary", "oldValue": {"stringValue": "Replaced"},
                    "newValue": {"emptyValue": {}}}])
        );
        assert_eq!(t.get(&d, &c, &["summary"]), json!([]));
        // No change, no event.
        t.ok(
            "UpdateCase",
            json!({"domainId": d, "caseId": c,
                   "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
        );
        assert_eq!(t.audit(&d, &c).len(), 3);
    }

    #[test]
    fn update_case_rejects_service_fields_and_unknown_cases() {
        let mut t = Kit::new();
        let (d, _, c) = t.case_setup("x");
        let e = t.err(
            "UpdateCase",
            json!({"domainId": d, "caseId": c,
                   "fields": [{"id": "created_datetime", "value": {"stringValue": "2020-01-01T00:00:00Z"}}]}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        let e = t.err(
            "UpdateCase",
            json!({"domainId": d, "caseId": c,
                   "fields": [{"id": "title", "value": {"emptyValue": {}}}]}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        let e = t.err(
            "UpdateCase",
            json!({"domainId": d, "caseId": "ghost", "fields": []}),
        );
        assert_eq!(e.kind.name(), "ResourceNotFoundException");
        assert_eq!(e.members["resourceId"], "ghost");
        assert_eq!(e.members["resourceType"], "Case");
    }

    #[test]
    fn delete_case_removes_it_and_its_history() {
        let mut t = Kit::new();
        let (d, _, c) = t.case_setup("x");
        t.ok("DeleteCase", json!({"domainId": d, "caseId": c}));
        let e = t.err("GetCaseAuditEvents", json!({"domainId": d, "caseId": c}));
        assert_eq!(e.kind.name(), "ResourceNotFoundException");
        let e = t.err(
            "GetCase",
            json!({"domainId": d, "caseId": c, "fields": [{"id": "title"}]}),
        );
        assert_eq!(e.kind.name(), "ResourceNotFoundException");
        let e = t.err("DeleteCase", json!({"domainId": d, "caseId": c}));
        assert_eq!(e.kind.name(), "ResourceNotFoundException");
    }

    #[test]
    fn field_types_are_checked() {
        let mut t = Kit::new();
        let (d, _, c) = t.case_setup("x");
        let cases = [
            (
                "Boolean",
                json!({"booleanValue": true}),
                json!({"stringValue": "true"}),
            ),
            (
                "User",
                json!({"userArnValue": AGENT}),
                json!({"stringValue": AGENT}),
            ),
            (
                "DateTime",
                json!({"stringValue": "2026-01-02T03:04:05.000Z"}),
                json!({"stringValue": "tomorrow"}),
            ),
            (
                "DateTime",
                json!({"doubleValue": 1767225600000.0}),
                json!({"booleanValue": false}),
            ),
            (
                "Url",
                json!({"stringValue": "https://example.com"}),
                json!({"doubleValue": 1.0}),
            ),
        ];
        for (i, (ftype, good, bad)) in cases.into_iter().enumerate() {
            let f = t.field(&d, &format!("f{i}"), ftype);
            t.ok(
                "UpdateCase",
                json!({"domainId": d, "caseId": c, "fields": [{"id": f, "value": good}]}),
            );
            let e = t.err(
                "UpdateCase",
                json!({"domainId": d, "caseId": c, "fields": [{"id": f, "value": bad}]}),
            );
            assert_eq!(e.kind.name(), "ValidationException", "{ftype}");
        }
        let long = "x".repeat(3001);
        let e = t.err(
            "UpdateCase",
            json!({"domainId": d, "caseId": c,
                   "fields": [{"id": "summary", "value": {"stringValue": long}}]}),
        );
        assert!(e.message.contains("3000"));
    }
}
