//! The operations of the local service, one file per resource, plus what they share: input
//! accessors, ids and timestamps, paging tokens and field-value checks.

pub(crate) mod audit;
pub(crate) mod batch;
pub(crate) mod case_rules;
pub(crate) mod cases;
pub(crate) mod domains;
pub(crate) mod event_config;
pub(crate) mod fields;
pub(crate) mod merge;
mod paging;
pub(crate) mod related;
pub(crate) mod search;
pub(crate) mod search_all;
pub(crate) mod tags;
pub(crate) mod templates_layouts;

#[cfg(test)]
mod deletes_tests;
#[cfg(test)]
pub(crate) mod testkit;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::error::{CallContext, ServiceError};
use super::store::Field;
use crate::limits;

/// A string member of the input. The protocol layer has checked required members, so a missing
/// one here is a bug upstream; answer it as a validation error rather than panic.
pub(crate) fn req_str<'a>(input: &'a Value, key: &str) -> Result<&'a str, ServiceError> {
    input
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| ServiceError::validation(format!("{key} is required")))
}

pub(crate) fn opt_str<'a>(input: &'a Value, key: &str) -> Option<&'a str> {
    input.get(key).and_then(Value::as_str)
}

/// A list member, empty when absent.
pub(crate) fn list<'a>(input: &'a Value, key: &str) -> &'a [Value] {
    input
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A map member (tags), empty when absent.
pub(crate) fn map(input: &Value, key: &str) -> Map<String, Value> {
    input
        .get(key)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// The id of the resource a Create* makes: the seed's, or a fresh UUID like the real service.
pub(crate) fn new_id(ctx: &CallContext) -> String {
    ctx.id_override
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// Timestamps as the service writes them: ISO-8601 UTC with milliseconds.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn empty_value() -> Value {
    json!({"emptyValue": {}})
}

/// Inserts `key` only when `value` is `Some`.
pub(crate) fn put_opt(out: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        out.insert(key.to_string(), v);
    }
}

pub(crate) use paging::{Resume, page, page_by, with_token};

/// An Update* changes only the members its request carries: `target` takes the string member
/// `key` when the request has it, and stays as it is otherwise.
pub(crate) fn update_str<T: From<String>>(input: &Value, key: &str, target: &mut T) {
    if let Some(v) = opt_str(input, key) {
        *target = v.to_string().into();
    }
}

/// As [`update_str`], for a member kept as the request's JSON (a rule, a layout's content).
pub(crate) fn update_json<T: From<Value>>(input: &Value, key: &str, target: &mut T) {
    if let Some(v) = input.get(key) {
        *target = v.clone().into();
    }
}

/// An Update* of a deleted resource (`what` names its kind: "Template") is refused.
pub(crate) fn refuse_update_of_deleted(
    what: &str,
    id: &str,
    deleted: bool,
) -> Result<(), ServiceError> {
    if deleted {
        return Err(ServiceError::validation(format!(
            "{what} {id} has been deleted and cannot be updated"
        )));
    }
    Ok(())
}

/// Names are unique among a domain's live resources of a kind: `names` are their (id, name)
/// pairs, `id` the resource being renamed (none when it is being created), `what` the kind.
pub(crate) fn check_unique_name<'a>(
    mut names: impl Iterator<Item = (&'a str, &'a str)>,
    name: &str,
    id: Option<&str>,
    what: &str,
) -> Result<(), ServiceError> {
    if names.any(|(other_id, other)| other == name && Some(other_id) != id) {
        return Err(ServiceError::conflict(format!(
            "A {what} named {name:?} already exists in this domain; choose another name"
        )));
    }
    Ok(())
}

/// Ids of `list` members `{ "id": ... }`.
pub(crate) fn ids(values: &[Value]) -> Vec<&str> {
    values
        .iter()
        .filter_map(|v| v.get("id").and_then(Value::as_str))
        .collect()
}

/// FNV-1a: stable across runs and builds, unlike `DefaultHasher`.
pub(crate) fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// JSON with object keys sorted, so that the same request hashes the same in any key order.
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            let members: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", json!(k), canonical(&o[*k])))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        other => other.to_string(),
    }
}

/// A hash of a request's parameters, its `clientToken` left out: a retry of the same request hashes
/// the same, whatever the order of its keys.
pub(crate) fn fingerprint(input: &Value) -> u64 {
    let mut without_token = input.clone();
    if let Some(o) = without_token.as_object_mut() {
        o.remove("clientToken");
    }
    fnv(&canonical(&without_token))
}

/// A `clientToken` sent again with other parameters than the request it first came with.
pub(crate) fn client_token_reused(token: &str) -> ServiceError {
    ServiceError::conflict(format!(
        "clientToken {token} was used by an earlier request with other parameters; use a new \
         token for a new request"
    ))
}

// ---------------------------------------------------------------------------------------------
// Field values

/// The one member set in a `FieldValueUnion`.
pub(crate) fn value_kind(value: &Value) -> Option<(&str, &Value)> {
    value
        .as_object()
        .and_then(|o| o.iter().next())
        .map(|(k, v)| (k.as_str(), v))
}

pub(crate) fn is_empty_value(value: &Value) -> bool {
    matches!(value_kind(value), Some(("emptyValue", _)))
}

/// Checks that `value` fits `field`'s type (and, for SingleSelect, its options).
pub(crate) fn check_value(field: &Field, value: &Value) -> Result<(), ServiceError> {
    let obj = value.as_object();
    if obj.map(Map::len) != Some(1) {
        return Err(ServiceError::validation(format!(
            "Field {}: exactly one value member must be set",
            field.id
        )));
    }
    let (kind, inner) = value_kind(value).expect("one member");
    if kind == "emptyValue" {
        return Ok(());
    }
    let wrong = || {
        ServiceError::validation(format!(
            "Field {} is of type {}; {kind} is not a valid value for it",
            field.id, field.field_type
        ))
    };
    match (field.field_type.as_str(), kind) {
        ("Text" | "Url", "stringValue") => {
            let limit = limits::max_string_chars(&field.id);
            let len = inner.as_str().map_or(0, |s| s.chars().count());
            if len > limit {
                return Err(ServiceError::validation(format!(
                    "Field {} accepts at most {limit} characters, not {len}; shorten the value",
                    field.id
                )));
            }
            Ok(())
        }
        ("Number", "doubleValue") => Ok(()),
        ("Boolean", "booleanValue") => Ok(()),
        ("User", "userArnValue") => Ok(()),
        ("DateTime", "doubleValue") => Ok(()),
        ("DateTime", "stringValue") => {
            let s = inner.as_str().unwrap_or_default();
            DateTime::parse_from_rfc3339(s).map(|_| ()).map_err(|_| {
                ServiceError::validation(format!(
                    "Field {}: {s:?} is not an ISO-8601 date-time (e.g. 2026-09-01T09:00:00.000Z)",
                    field.id
                ))
            })
        }
        ("SingleSelect", "stringValue") => {
            let s = inner.as_str().unwrap_or_default();
            if field.options.iter().any(|o| o.active && o.value == s) {
                Ok(())
            } else {
                let allowed: Vec<&str> = field
                    .options
                    .iter()
                    .filter(|o| o.active)
                    .map(|o| o.value.as_str())
                    .collect();
                Err(ServiceError::validation(format!(
                    "Field {}: {s:?} is not one of its options ({})",
                    field.id,
                    allowed.join(", ")
                )))
            }
        }
        _ => Err(wrong()),
    }
}

/// The request's `performedBy` as recorded in audit events and on related items.
pub(crate) fn audit_performed_by(input: &Value, ctx: &CallContext) -> Value {
    let mut out = Map::new();
    put_opt(&mut out, "user", input.get("performedBy").cloned());
    out.insert("iamPrincipalArn".into(), json!(ctx.iam_principal_arn));
    Value::Object(out)
}

/// A new audit event, as `GetCaseAuditEvents` returns it.
pub(crate) fn audit_event(
    event_type: &str,
    related_item_type: Option<&str>,
    fields: Vec<Value>,
    input: &Value,
    ctx: &CallContext,
) -> Value {
    let mut out = Map::new();
    out.insert("eventId".into(), json!(uuid::Uuid::new_v4().to_string()));
    out.insert("type".into(), json!(event_type));
    put_opt(
        &mut out,
        "relatedItemType",
        related_item_type.map(|t| json!(t)),
    );
    out.insert("performedTime".into(), json!(ts(ctx.now)));
    out.insert("fields".into(), Value::Array(fields));
    out.insert("performedBy".into(), audit_performed_by(input, ctx));
    Value::Object(out)
}

/// One `AuditEventField`; `old` is left out when the field had no value before.
pub(crate) fn audit_field(id: &str, old: Option<&Value>, new: &Value) -> Value {
    let mut out = Map::new();
    out.insert("eventFieldId".into(), json!(id));
    put_opt(&mut out, "oldValue", old.cloned());
    out.insert("newValue".into(), new.clone());
    Value::Object(out)
}
