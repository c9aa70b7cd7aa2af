//! CreateRelatedItem, UpdateRelatedItem, DeleteRelatedItem, SearchRelatedItems.

use std::cmp::{Ordering, Reverse};

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value, json};

use super::search::{compare, filter_matches};
use super::{
    audit_event, audit_field, check_value, empty_value, fnv, list, new_id, page_by, put_opt,
    req_str, ts, value_kind, with_token,
};
use crate::limits::{
    MAX_AUDIT_STRING_CHARS, MAX_COMMENT_CHARS, MAX_CUSTOM_FIELDS, MAX_SLA_MINUTES, MIN_SLA_MINUTES,
};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{Case, Domain, RelatedItem, Store};

/// The content member that goes with each related item type.
const CONTENT_KEYS: [(&str, &str); 6] = [
    ("Contact", "contact"),
    ("Comment", "comment"),
    ("File", "file"),
    ("Sla", "sla"),
    ("ConnectCase", "connectCase"),
    ("Custom", "custom"),
];

pub(crate) fn content_key(item_type: &str) -> &'static str {
    CONTENT_KEYS
        .iter()
        .find(|(t, _)| *t == item_type)
        .map_or("", |(_, k)| k)
}

/// Audit values are bounded by the model; longer text is cut there.
fn audit_text(s: &str) -> Value {
    json!({ "stringValue": s.chars().take(MAX_AUDIT_STRING_CHARS).collect::<String>() })
}

/// The channel of a contact, derived from its ARN so the same contact always gets the same one:
/// a channel named in the ARN wins, otherwise the ARN's hash picks one.
fn channel_for(contact_arn: &str) -> &'static str {
    const CHANNELS: [&str; 4] = ["VOICE", "CHAT", "EMAIL", "TASK"];
    let lower = contact_arn.to_ascii_lowercase();
    CHANNELS
        .iter()
        .find(|c| lower.contains(&c.to_ascii_lowercase()))
        .copied()
        .unwrap_or(CHANNELS[(fnv(contact_arn) % CHANNELS.len() as u64) as usize])
}

fn check_comment_body(comment: &Value) -> Result<(), ServiceError> {
    let len = comment["body"].as_str().map_or(0, |b| b.chars().count());
    if !(1..=MAX_COMMENT_CHARS).contains(&len) {
        return Err(ServiceError::validation(format!(
            "A comment body must be 1 to {MAX_COMMENT_CHARS} characters long (this one has {len})"
        )));
    }
    Ok(())
}

/// A custom item's fields: 1-50 distinct, existing, non-system domain fields with values of
/// their types.
fn check_custom_fields(domain: &Domain, fields: &[Value]) -> Result<(), ServiceError> {
    if !(1..=MAX_CUSTOM_FIELDS).contains(&fields.len()) {
        return Err(ServiceError::validation(format!(
            "A custom related item takes 1 to {MAX_CUSTOM_FIELDS} fields (got {})",
            fields.len()
        )));
    }
    let mut seen: Vec<&str> = Vec::new();
    for entry in fields {
        let id = entry["id"].as_str().unwrap_or_default();
        if seen.contains(&id) {
            return Err(ServiceError::validation(format!(
                "Field {id} appears more than once; list each field once"
            )));
        }
        seen.push(id);
        let field = domain.field(id).ok_or_else(|| {
            ServiceError::validation(format!("Field {id} does not exist in this domain"))
        })?;
        if field.namespace == "System" {
            return Err(ServiceError::validation(format!(
                "System field {id} cannot be used in a custom related item"
            )));
        }
        check_value(field, &entry["value"])?;
    }
    Ok(())
}

/// Turns a request's content into the stored `RelatedItemContent`.
fn build_content(
    domain: &Domain,
    item_type: &str,
    content: &Value,
    now: DateTime<Utc>,
) -> Result<Value, ServiceError> {
    let key = content_key(item_type);
    let Some(inner) = content.get(key) else {
        return Err(ServiceError::validation(format!(
            "A related item of type {item_type} needs content.{key}"
        )));
    };
    Ok(match item_type {
        "Contact" => {
            let arn = inner["contactArn"].as_str().unwrap_or_default();
            json!({"contact": {
                "contactArn": arn,
                "channel": channel_for(arn),
                "connectedToSystemTime": ts(now),
            }})
        }
        "Comment" => {
            check_comment_body(inner)?;
            // Cloned, not `json!`-interpolated: that serializes the value to copy it.
            Value::Object(Map::from_iter([("comment".to_string(), inner.clone())]))
        }
        "File" => json!({"file": {"fileArn": inner["fileArn"]}}),
        "Sla" => json!({ "sla": { "slaConfiguration": build_sla(domain, inner, now)? } }),
        "ConnectCase" => {
            let id = inner["caseId"].as_str().unwrap_or_default();
            domain.case(id)?;
            json!({"connectCase": {"caseId": id}})
        }
        "Custom" => {
            let fields = list(inner, "fields");
            check_custom_fields(domain, fields)?;
            let fields = Map::from_iter([("fields".to_string(), Value::Array(fields.to_vec()))]);
            Value::Object(Map::from_iter([(
                "custom".to_string(),
                Value::Object(fields),
            )]))
        }
        other => {
            return Err(ServiceError::validation(format!(
                "Unknown related item type {other}"
            )));
        }
    })
}

fn build_sla(domain: &Domain, sla: &Value, now: DateTime<Utc>) -> Result<Value, ServiceError> {
    let config = &sla["slaInputConfiguration"];
    let targets = list(config, "targetFieldValues");
    match config["fieldId"].as_str() {
        Some(id) => {
            let field = domain.field(id).ok_or_else(|| {
                ServiceError::validation(format!("SLA field {id} does not exist in this domain"))
            })?;
            // "The field must be a single-select field" (SlaInputConfiguration's documentation).
            if field.field_type != "SingleSelect" {
                return Err(ServiceError::validation(format!(
                    "SLA field {id} is a {} field; an SLA tracks a SingleSelect field, such as \
                     status",
                    field.field_type
                )));
            }
            if targets.is_empty() {
                return Err(ServiceError::validation(
                    "An SLA on a field needs targetFieldValues",
                ));
            }
            for target in targets {
                check_value(field, target)?;
            }
        }
        None if !targets.is_empty() => {
            return Err(ServiceError::validation(
                "targetFieldValues needs the fieldId they are values of",
            ));
        }
        None => {}
    }
    let minutes = config["targetSlaMinutes"].as_i64().unwrap_or(0);
    let mut out = Map::new();
    out.insert("name".into(), config["name"].clone());
    out.insert("type".into(), config["type"].clone());
    out.insert("status".into(), json!("Active"));
    put_opt(&mut out, "fieldId", config.get("fieldId").cloned());
    put_opt(
        &mut out,
        "targetFieldValues",
        config.get("targetFieldValues").cloned(),
    );
    out.insert(
        "targetTime".into(),
        json!(ts(now + Duration::minutes(minutes))),
    );
    Ok(Value::Object(out))
}

/// The (event field id, value) pairs an item's content shows in its audit events.
fn audit_values(content: &Value) -> Vec<(String, Value)> {
    let Some((key, inner)) = value_kind(content) else {
        return Vec::new();
    };
    let text = |member: &str| audit_text(inner[member].as_str().unwrap_or_default());
    match key {
        "contact" => vec![
            ("contact.contactArn".into(), text("contactArn")),
            ("contact.channel".into(), text("channel")),
        ],
        "comment" => vec![("comment.body".into(), text("body"))],
        "file" => vec![("file.fileArn".into(), text("fileArn"))],
        "sla" => {
            let c = &inner["slaConfiguration"];
            vec![
                (
                    "sla.name".into(),
                    audit_text(c["name"].as_str().unwrap_or_default()),
                ),
                (
                    "sla.status".into(),
                    audit_text(c["status"].as_str().unwrap_or_default()),
                ),
                (
                    "sla.targetTime".into(),
                    audit_text(c["targetTime"].as_str().unwrap_or_default()),
                ),
            ]
        }
        "connectCase" => vec![("connectCase.caseId".into(), text("caseId"))],
        "custom" => list(inner, "fields")
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap_or_default().to_string(),
                    f["value"].clone(),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Audit fields from `old` content to `new` content: changed and added values in the new
/// order, then removed ones (new value empty).
pub(crate) fn audit_diff(old: Option<&Value>, new: Option<&Value>) -> Vec<Value> {
    let before = old.map(audit_values).unwrap_or_default();
    let after = new.map(audit_values).unwrap_or_default();
    let find = |list: &[(String, Value)], id: &str| {
        list.iter().find(|(k, _)| k == id).map(|(_, v)| v.clone())
    };
    let mut out = Vec::new();
    for (id, value) in &after {
        let prev = find(&before, id);
        if prev.as_ref() != Some(value) {
            out.push(audit_field(id, prev.as_ref(), value));
        }
    }
    for (id, value) in &before {
        if find(&after, id).is_none() {
            out.push(audit_field(id, Some(value), &empty_value()));
        }
    }
    out
}

pub(crate) fn create_related_item(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let case_id = req_str(input, "caseId")?;
    domain.case(case_id)?;
    let item_type = req_str(input, "type")?;
    let mut content = build_content(domain, item_type, &input["content"], ctx.now)?;
    let case = domain.case_mut(case_id)?;
    if item_type == "Sla" {
        // An SLA whose field already holds a target value is met as it starts.
        settle_sla(
            &mut content["sla"]["slaConfiguration"],
            &case.fields,
            ctx.now,
        );
    }
    let id = new_id(ctx);
    if case.related.iter().any(|r| r.id == id) {
        return Err(ServiceError::conflict(format!(
            "Related item {id} already exists"
        )));
    }
    let arn = format!("{}/related-item/{id}", case.arn);
    let fields = audit_diff(None, Some(&content));
    case.related_seq += 1;
    case.related.push(RelatedItem {
        id: id.clone(),
        arn: arn.clone(),
        item_type: item_type.to_string(),
        content,
        association_time: ctx.now,
        tags: Map::new(),
        created_by: input.get("performedBy").cloned(),
        last_updated_user: input.get("performedBy").cloned(),
        seq: case.related_seq,
    });
    case.audit.push(audit_event(
        "RelatedItem.Created",
        Some(item_type),
        fields,
        input,
        ctx,
    ));
    let case = &domain.cases[case_id];
    domain
        .related_index
        .insert(case, case.related.last().expect("just pushed"));
    Ok(json!({"relatedItemId": id, "relatedItemArn": arn}))
}

pub(crate) fn update_related_item(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let case = domain.case(req_str(input, "caseId")?)?;
    let index = case.related_index(req_str(input, "relatedItemId")?)?;
    let item_type = case.related[index].item_type.clone();
    let content = match item_type.as_str() {
        "Comment" | "Custom" => build_content(domain, &item_type, &input["content"], ctx.now)?,
        "Sla" => sla_update(&case.related[index], &input["content"])?,
        _ => {
            return Err(ServiceError::validation(format!(
                "Only Comment, Custom and Sla related items can be updated; this one is a {item_type}"
            )));
        }
    };
    let case = domain.case_mut(req_str(input, "caseId")?)?;
    let item = &mut case.related[index];
    let fields = if item_type == "Sla" {
        sla_audit(item, &content, ctx.now)
    } else {
        audit_diff(Some(&item.content), Some(&content))
    };
    item.content = content;
    if let Some(p) = input.get("performedBy") {
        item.last_updated_user = Some(p.clone());
    }
    let mut out = Map::new();
    out.insert("relatedItemId".into(), json!(item.id));
    out.insert("relatedItemArn".into(), json!(item.arn));
    out.insert("type".into(), json!(item.item_type));
    out.insert("content".into(), content_at(item, ctx.now));
    out.insert("associationTime".into(), json!(ts(item.association_time)));
    out.insert("tags".into(), Value::Object(item.tags.clone()));
    put_opt(&mut out, "lastUpdatedUser", item.last_updated_user.clone());
    put_opt(&mut out, "createdBy", item.created_by.clone());
    case.audit.push(audit_event(
        "RelatedItem.Updated",
        Some(&item_type),
        fields,
        input,
        ctx,
    ));
    Ok(Value::Object(out))
}

/// The field path of an SLA update's target, as validation messages name it.
const SLA_TARGET_PATH: &str = "content.sla.slaUpdateConfiguration.targetSlaMinutes";

/// An SLA item's content with a new target: counted from when the SLA was created (its
/// association time), and its status recalculated against the new target time.
fn sla_update(item: &RelatedItem, content: &Value) -> Result<Value, ServiceError> {
    let Some(sla) = content.get("sla") else {
        return Err(ServiceError::validation(
            "This related item is an Sla; update it with content.sla.slaUpdateConfiguration",
        ));
    };
    let raw = &sla["slaUpdateConfiguration"]["targetSlaMinutes"];
    let Some(minutes) = raw.as_i64() else {
        return Err(ServiceError::validation(format!(
            "1 validation error detected: Value null at '{SLA_TARGET_PATH}' failed to satisfy constraint: Member must not be null"
        )));
    };
    // The protocol layer checks the model's range too; seeds replayed unchecked reach here.
    let bound = if minutes < MIN_SLA_MINUTES {
        Some(format!("greater than or equal to {MIN_SLA_MINUTES}"))
    } else if minutes > MAX_SLA_MINUTES {
        Some(format!("less than or equal to {MAX_SLA_MINUTES}"))
    } else {
        None
    };
    if let Some(bound) = bound {
        return Err(ServiceError::validation(format!(
            "1 validation error detected: Value '{minutes}' at '{SLA_TARGET_PATH}' failed to satisfy constraint: Member must have value {bound}"
        )));
    }
    let target = item.association_time + Duration::minutes(minutes);
    let mut out = item.content.clone();
    let config = &mut out["sla"]["slaConfiguration"];
    config["targetTime"] = json!(ts(target));
    let completed = config["completionTime"]
        .as_str()
        .and_then(|t| t.parse::<DateTime<Utc>>().ok());
    config["status"] = json!(match completed {
        Some(done) if done <= target => "Met",
        Some(_) => "NotMet",
        None => "Active",
    });
    Ok(out)
}

/// An SLA update's audit fields: the target time and status as read before and after (an
/// Active SLA past its target reads Overdue), and the target in minutes.
fn sla_audit(item: &RelatedItem, new: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let after = RelatedItem {
        content: new.clone(),
        ..item.clone()
    };
    let mut fields = audit_diff(Some(&content_at(item, now)), Some(&content_at(&after, now)));
    let minutes = |content: &Value| {
        content["sla"]["slaConfiguration"]["targetTime"]
            .as_str()
            .and_then(|t| t.parse::<DateTime<Utc>>().ok())
            .map(|t| (t - item.association_time).num_minutes())
    };
    if let (Some(old), Some(new)) = (minutes(&item.content), minutes(new))
        && old != new
    {
        fields.push(audit_field(
            "sla.targetSlaMinutes",
            Some(&json!({ "doubleValue": old as f64 })),
            &json!({ "doubleValue": new as f64 }),
        ));
    }
    fields
}

pub(crate) fn delete_related_item(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let case = domain.case_mut(req_str(input, "caseId")?)?;
    let index = case.related_index(req_str(input, "relatedItemId")?)?;
    if case.related[index].item_type == "File" {
        return Err(ServiceError::validation(
            "File related items cannot be deleted with DeleteRelatedItem; delete the attached file instead (DeleteAttachedFile)",
        ));
    }
    let item = case.related.remove(index);
    let case_seq = case.seq;
    let fields = audit_diff(Some(&item.content), None);
    case.audit.push(audit_event(
        "RelatedItem.Deleted",
        Some(&item.item_type),
        fields,
        input,
        ctx,
    ));
    domain.related_index.remove(case_seq, &item);
    Ok(json!({}))
}

/// Marks Active SLAs on a case field Met (or NotMet, if late) once the field holds a target value.
pub(crate) fn settle_slas(case: &mut Case, now: DateTime<Utc>) {
    for item in case.related.iter_mut().filter(|r| r.item_type == "Sla") {
        settle_sla(
            &mut item.content["sla"]["slaConfiguration"],
            &case.fields,
            now,
        );
    }
}

/// Marks one Active SLA configuration Met (or NotMet, if late) if the case's `fields` hold one of
/// its target values: "The SLA is considered met if any one of these target field values matches
/// the actual field value" (SlaInputConfiguration's documentation).
fn settle_sla(config: &mut Value, fields: &Map<String, Value>, now: DateTime<Utc>) {
    if config["status"] != "Active" {
        return;
    }
    let Some(value) = config["fieldId"].as_str().and_then(|f| fields.get(f)) else {
        return;
    };
    let reached = list(config, "targetFieldValues")
        .iter()
        .any(|t| compare(value, t) == Some(Ordering::Equal));
    if reached {
        let late = config["targetTime"]
            .as_str()
            .and_then(|t| t.parse::<DateTime<Utc>>().ok())
            .is_some_and(|t| now > t);
        config["status"] = json!(if late { "NotMet" } else { "Met" });
        config["completionTime"] = json!(ts(now));
    }
}

/// An item's content as read at `now`: an Active SLA past its target reads as Overdue.
pub(crate) fn content_at(item: &RelatedItem, now: DateTime<Utc>) -> Value {
    let mut content = item.content.clone();
    if reads_overdue(item, now) {
        content["sla"]["slaConfiguration"]["status"] = json!("Overdue");
    }
    content
}

/// Whether `item` is an Active SLA past its target at `now`: the only content that reads
/// otherwise than it is stored (see [`content_at`]).
pub(crate) fn reads_overdue(item: &RelatedItem, now: DateTime<Utc>) -> bool {
    if item.item_type != "Sla" {
        return false;
    }
    let config = &item.content["sla"]["slaConfiguration"];
    // The status first: only an Active SLA's target time needs reading.
    config["status"] == "Active"
        && config["targetTime"]
            .as_str()
            .and_then(|t| t.parse::<DateTime<Utc>>().ok())
            .is_some_and(|t| now > t)
}

pub(crate) fn type_filter_matches(filter: &Value, item: &RelatedItem, content: &Value) -> bool {
    let Some((kind, f)) = value_kind(filter) else {
        return true;
    };
    if content_key(&item.item_type) != kind {
        return false;
    }
    let inner = &content[kind];
    let same = |member: &str, actual: &Value| f.get(member).is_none_or(|want| want == actual);
    match kind {
        "contact" => {
            let channels = list(f, "channel");
            (channels.is_empty() || channels.contains(&inner["channel"]))
                && same("contactArn", &inner["contactArn"])
        }
        "comment" => true,
        "file" => same("fileArn", &inner["fileArn"]),
        "sla" => {
            let c = &inner["slaConfiguration"];
            same("name", &c["name"]) && same("status", &c["status"])
        }
        "connectCase" => same("caseId", &inner["caseId"]),
        "custom" => {
            let fields = list(inner, "fields");
            let lookup = |id: &str| {
                fields
                    .iter()
                    .find(|fv| fv["id"] == id)
                    .map(|fv| &fv["value"])
            };
            let filter = f.get("fields").cloned().unwrap_or(Value::Null);
            filter_matches(&filter, &lookup, &Map::new())
        }
        _ => false,
    }
}

pub(crate) fn search_related_items(
    store: &Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let case = domain.case(req_str(input, "caseId")?)?;
    let filters = list(input, "filters");
    let mut hits: Vec<(&RelatedItem, Value)> = case
        .related
        .iter()
        .map(|r| (r, content_at(r, ctx.now)))
        .filter(|(r, content)| {
            filters.is_empty() || filters.iter().any(|f| type_filter_matches(f, r, content))
        })
        .collect();
    hits.sort_by(|(a, _), (b, _)| {
        b.association_time
            .cmp(&a.association_time)
            .then(b.seq.cmp(&a.seq))
    });
    let listing = format!(
        "SearchRelatedItems/{}/{}/{}",
        domain.id,
        case.id,
        Value::Array(filters.to_vec())
    );
    // Newest first: the position is (association time, creation order), both descending.
    let (range, next) = page_by(input, &listing, 25, &hits, |(r, _)| {
        (Reverse(r.association_time), Reverse(r.seq))
    })?;
    let items: Vec<Value> = hits[range]
        .iter()
        .map(|(r, content)| {
            let mut out = Map::new();
            out.insert("relatedItemId".into(), json!(r.id));
            out.insert("type".into(), json!(r.item_type));
            out.insert("associationTime".into(), json!(ts(r.association_time)));
            out.insert("content".into(), content.clone());
            out.insert("tags".into(), Value::Object(r.tags.clone()));
            put_opt(&mut out, "performedBy", r.created_by.clone());
            Value::Object(out)
        })
        .collect();
    Ok(with_token(json!({ "relatedItems": items }), next))
}

#[cfg(test)]
#[path = "related_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "sla_tests.rs"]
mod sla_tests;
