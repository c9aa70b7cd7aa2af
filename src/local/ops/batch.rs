//! BatchCreateRelatedItem and BatchUpdateCase: one change applied to up to 100 cases, each case on
//! its own (one failing does not stop the others), answered as lists of successes and failures.
//!
//! Each item runs through the single-case operation (CreateRelatedItem, UpdateCase), so it is
//! checked, audited and refused exactly as that operation would. A case is named by its id or by
//! its reference id; the local service gives each case its `reference_number` as its reference id
//! (unique within the domain, matched regardless of letter case).

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::{client_token_reused, fingerprint, list, opt_str, put_opt, req_str, value_kind};
use crate::local::error::{CallContext, ErrorKind, ServiceError};
use crate::local::store::{BatchAnswer, Domain, Store};

/// One case a batch request names: the `CaseIdentifier` its answer shows, and the case it found
/// (`None`: no case has that id, a per-item `CASE_NOT_FOUND`).
struct Target {
    identifier: Value,
    case_id: Option<String>,
}

fn reference_id(domain: &Domain, case_id: &str) -> Option<String> {
    let case = domain.cases.get(case_id)?;
    case.fields
        .get("reference_number")
        .and_then(|v| v["stringValue"].as_str())
        .map(str::to_string)
}

fn identifier(case_id: &str, reference: Option<String>) -> Value {
    let mut out = Map::new();
    out.insert("caseId".into(), json!(case_id));
    put_opt(&mut out, "referenceId", reference.map(Value::String));
    Value::Object(out)
}

/// Resolves `cases` (`[{caseIdentifier: {caseId | referenceId}}]`). The whole request fails when a
/// reference id matches no case (ResourceNotFoundException) or a case is named twice
/// (ValidationException), as the operations' documentation says.
fn targets(domain: &Domain, cases: &[Value]) -> Result<Vec<Target>, ServiceError> {
    let by_reference: HashMap<String, &str> = if cases
        .iter()
        .any(|c| c["caseIdentifier"].get("referenceId").is_some())
    {
        domain
            .cases
            .values()
            .filter_map(|c| Some((reference_id(domain, &c.id)?.to_lowercase(), c.id.as_str())))
            .collect()
    } else {
        HashMap::new()
    };
    let mut out: Vec<Target> = Vec::with_capacity(cases.len());
    for entry in cases {
        let named = &entry["caseIdentifier"];
        let target = match (opt_str(named, "caseId"), opt_str(named, "referenceId")) {
            (Some(id), _) => match domain.cases.get(id) {
                Some(_) => Target {
                    identifier: identifier(id, reference_id(domain, id)),
                    case_id: Some(id.to_string()),
                },
                None => Target {
                    identifier: identifier(id, None),
                    case_id: None,
                },
            },
            (None, Some(reference)) => {
                let id = by_reference.get(&reference.to_lowercase()).ok_or_else(|| {
                    ServiceError::not_found(
                        format!("No case in this domain has reference id {reference}"),
                        reference,
                        "Case",
                    )
                })?;
                Target {
                    identifier: identifier(id, reference_id(domain, id)),
                    case_id: Some(id.to_string()),
                }
            }
            (None, None) => {
                return Err(ServiceError::validation(
                    "Each caseIdentifier must set caseId or referenceId",
                ));
            }
        };
        let id = target.identifier["caseId"].as_str().unwrap_or_default();
        if out.iter().any(|t| t.identifier["caseId"] == id) {
            return Err(ServiceError::validation(format!(
                "Case {id} appears more than once in the request; name each case once"
            )));
        }
        out.push(target);
    }
    Ok(out)
}

/// The per-item error code the operations document for an error of `kind`.
fn error_code(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::ResourceNotFoundException => "CASE_NOT_FOUND",
        ErrorKind::ValidationException => "VALIDATION_ERROR",
        ErrorKind::ConflictException => "CONFLICT",
        ErrorKind::ThrottlingException => "THROTTLED",
        ErrorKind::AccessDeniedException => "ACCESS_DENIED",
        ErrorKind::ServiceQuotaExceededException => "SERVICE_QUOTA_EXCEEDED",
        _ => "INTERNAL_ERROR",
    }
}

fn failure(identifier: Value, error: &ServiceError) -> Value {
    json!({
        "caseIdentifier": identifier,
        "errorCode": error_code(error.kind),
        "errorMessage": error.message,
    })
}

fn not_found(identifier: Value) -> Value {
    let id = identifier["caseId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    failure(
        identifier,
        &ServiceError::not_found(format!("Case {id} not found"), &id, "Case"),
    )
}

fn client_token(input: &Value) -> Option<&str> {
    opt_str(input, "clientToken").filter(|t| !t.is_empty())
}

/// The first answer to a request with this `clientToken`, if there was one; the same token with
/// other parameters is a ConflictException, as the operations' documentation says.
fn earlier_answer(
    domain: &Domain,
    operation: &str,
    input: &Value,
    ctx: &CallContext,
) -> Result<Option<Value>, ServiceError> {
    let Some(token) = client_token(input) else {
        return Ok(None);
    };
    match domain.batch_tokens.get(token) {
        None => Ok(None),
        Some(earlier) if ctx.now - earlier.at >= TOKEN_LIFETIME => Ok(None),
        Some(earlier)
            if earlier.operation == operation && earlier.request == fingerprint(input) =>
        {
            Ok(Some(earlier.answer.clone()))
        }
        Some(_) => Err(client_token_reused(token)),
    }
}

/// How long a `clientToken` is remembered: the documentation names no window; a day covers any
/// retry.
const TOKEN_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::hours(24);

fn remember(
    store: &mut Store,
    operation: &str,
    input: &Value,
    answer: &Value,
    ctx: &CallContext,
) -> Result<(), ServiceError> {
    if let Some(token) = client_token(input) {
        let domain = store.domain_mut(req_str(input, "domainId")?)?;
        // SDKs fill in a fresh token for every call, so the map would otherwise only grow.
        domain
            .batch_tokens
            .retain(|_, earlier| ctx.now - earlier.at < TOKEN_LIFETIME);
        domain.batch_tokens.insert(
            token.to_string(),
            BatchAnswer {
                operation: operation.to_string(),
                request: fingerprint(input),
                answer: answer.clone(),
                at: ctx.now,
            },
        );
    }
    Ok(())
}

/// Each item gets an id of its own, even when a seed fixed the id of "the" resource made.
fn item_ctx(ctx: &CallContext) -> CallContext {
    CallContext {
        id_override: None,
        ..ctx.clone()
    }
}

pub(crate) fn batch_create_related_item(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain_id = req_str(input, "domainId")?;
    let domain = store.domain(domain_id)?;
    let content = &input["content"];
    if !matches!(value_kind(content), Some(("comment", _))) {
        return Err(ServiceError::validation(
            "BatchCreateRelatedItem takes only comment content (content.comment); create other \
             related items one case at a time with CreateRelatedItem",
        ));
    }
    if let Some(answer) = earlier_answer(domain, "BatchCreateRelatedItem", input, ctx)? {
        return Ok(answer);
    }
    let targets = targets(domain, list(input, "cases"))?;
    let item_ctx = item_ctx(ctx);
    let mut successful = Vec::new();
    let mut failed = Vec::new();
    for target in targets {
        let Some(case_id) = target.case_id else {
            failed.push(not_found(target.identifier));
            continue;
        };
        let mut one = json!({
            "domainId": domain_id, "caseId": case_id, "type": "Comment", "content": content,
        });
        if let Some(p) = input.get("performedBy") {
            one["performedBy"] = p.clone();
        }
        match super::related::create_related_item(store, &one, &item_ctx) {
            Ok(out) => successful.push(json!({
                "caseIdentifier": target.identifier,
                "relatedItemId": out["relatedItemId"],
                "relatedItemArn": out["relatedItemArn"],
            })),
            Err(e) => failed.push(failure(target.identifier, &e)),
        }
    }
    let answer = json!({"successfulItems": successful, "failedItems": failed});
    remember(store, "BatchCreateRelatedItem", input, &answer, ctx)?;
    Ok(answer)
}

/// Fields set through their own members, never through `fields`.
const TOP_LEVEL: [(&str, &str); 3] = [
    ("title", "title"),
    ("status", "status"),
    ("customerId", "customer_id"),
];

/// The `fields` of one UpdateCase: `fields` resolved to field ids, plus the top-level members.
fn update_fields(domain: &Domain, input: &Value) -> Result<Vec<Value>, ServiceError> {
    let mut out = Vec::new();
    for entry in list(input, "fields") {
        let named = &entry["fieldIdentifier"];
        let id = match (opt_str(named, "id"), opt_str(named, "name")) {
            (Some(id), _) => domain.field(id).map(|f| f.id.as_str()).ok_or_else(|| {
                ServiceError::validation(format!("Field {id} does not exist in this domain"))
            })?,
            (None, Some(name)) => {
                if name.contains(['|', ',']) {
                    return Err(ServiceError::validation(format!(
                        "Field name {name:?} contains '|' or ','; name the field by its id instead"
                    )));
                }
                let live = || domain.fields.iter().filter(|f| !f.deleted);
                live()
                    .find(|f| f.name == name)
                    .or_else(|| live().find(|f| f.name.eq_ignore_ascii_case(name)))
                    .map(|f| f.id.as_str())
                    .ok_or_else(|| {
                        ServiceError::validation(format!("No field named {name:?} in this domain"))
                    })?
            }
            (None, None) => {
                return Err(ServiceError::validation(
                    "Each fieldIdentifier must set id or name",
                ));
            }
        };
        if let Some((member, _)) = TOP_LEVEL.iter().find(|(_, f)| *f == id) {
            return Err(ServiceError::validation(format!(
                "Field {id} cannot be in fields; set it with the top-level {member} parameter"
            )));
        }
        out.push(json!({"id": id, "value": entry["value"]}));
    }
    for (member, field) in TOP_LEVEL {
        if let Some(v) = opt_str(input, member) {
            out.push(json!({"id": field, "value": {"stringValue": v}}));
        }
    }
    if out.is_empty() {
        return Err(ServiceError::validation(
            "The request updates nothing; give at least one entry in fields, or a title, status \
             or customerId",
        ));
    }
    Ok(out)
}

pub(crate) fn batch_update_case(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain_id = req_str(input, "domainId")?;
    let domain = store.domain(domain_id)?;
    if let Some(answer) = earlier_answer(domain, "BatchUpdateCase", input, ctx)? {
        return Ok(answer);
    }
    let targets = targets(domain, list(input, "cases"))?;
    let fields = update_fields(domain, input)?;
    let mut successful = Vec::new();
    let mut failed = Vec::new();
    for target in targets {
        let Some(case_id) = target.case_id else {
            failed.push(not_found(target.identifier));
            continue;
        };
        let mut one = json!({"domainId": domain_id, "caseId": case_id, "fields": fields});
        if let Some(p) = input.get("performedBy") {
            one["performedBy"] = p.clone();
        }
        match super::cases::update_case(store, &one, ctx) {
            Ok(_) => successful.push(json!({ "caseIdentifier": target.identifier })),
            Err(e) => failed.push(failure(target.identifier, &e)),
        }
    }
    let answer = json!({"successfulCases": successful, "failedCases": failed});
    remember(store, "BatchUpdateCase", input, &answer, ctx)?;
    Ok(answer)
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
