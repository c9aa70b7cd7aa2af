//! StartMergeCases and GetMergeCasesStatus: merging a secondary case into a primary one.
//!
//! A merge runs asynchronously, as the model documents: `StartMergeCases` checks the request and
//! records a running merge; the merge itself happens `merge_delay` later (`serve --merge-ms`,
//! default 5 s). The store has no clock of its own, so a due merge is carried out at the start of
//! the first call that arrives at or after its due time, stamped with the due time: nothing can
//! observe the store in between, so this is the same as a timer firing. While a merge runs, writes
//! to the secondary case (and deleting the primary) answer `ConflictException`, and
//! `GetMergeCasesStatus` answers `IN_PROGRESS` for both cases.
//!
//! When it finishes: the selected and the missing field values are on the primary case; the related
//! items of the selected types moved (File and SLA items never move); the two cases link to each
//! other; the secondary case is closed; and each case records a `Case.Merged` event. Every event a
//! merge records carries the same `mergeMetadata`.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::related::{audit_diff, settle_slas};
use super::{audit_event, audit_field, empty_value, ids, list, opt_str, req_str, ts};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{Case, Domain, RelatedItem, Store};

/// The system fields a merge may take from the secondary case (the model's documentation of
/// `fieldsConfiguration`); every custom field merges too.
pub(crate) const MERGEABLE_SYSTEM_FIELDS: [&str; 4] =
    ["assigned_queue", "assigned_user", "summary", "case_reason"];

/// The related item types a merge can move, by their `RelatedItemsConfiguration` member.
const MOVABLE: [(&str, &str); 4] = [
    ("Comment", "comment"),
    ("ConnectCase", "connectCase"),
    ("Contact", "contact"),
    ("Custom", "custom"),
];

/// The most field values a case may hold after a merge (the model's documentation).
const MAX_FIELD_VALUES: usize = 500;

/// How long a merge runs before it completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeDelay(pub Duration);

impl Default for MergeDelay {
    fn default() -> Self {
        MergeDelay(Duration::seconds(5))
    }
}

/// One merge, running or finished; kept after it finished so the secondary case answers
/// `COMPLETED` and cannot be merged again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Merge {
    /// The `mergeEventId` of every event the merge records.
    pub id: String,
    pub primary: String,
    pub secondary: String,
    /// The fields whose values the request selected from the secondary case.
    pub fields: Vec<String>,
    /// The request's `relatedItemsConfiguration` (null: move nothing).
    pub items: Value,
    pub performed_by: Option<Value>,
    pub principal: String,
    pub started: DateTime<Utc>,
    pub due: DateTime<Utc>,
    pub completed: bool,
}

impl Merge {
    fn metadata(&self) -> Value {
        json!({
            "mergeEventId": self.id,
            "primaryCaseId": self.primary,
            "secondaryCaseId": self.secondary,
        })
    }

    fn running(&self) -> bool {
        !self.completed
    }
}

fn is_closed(case: &Case) -> bool {
    case.fields
        .get("status")
        .is_some_and(|s| s["stringValue"] == "closed")
}

fn customer(case: &Case) -> Option<&str> {
    case.fields
        .get("customer_id")
        .and_then(|v| v["stringValue"].as_str())
        .filter(|s| !s.is_empty())
}

fn mergeable(domain: &Domain, id: &str) -> bool {
    MERGEABLE_SYSTEM_FIELDS.contains(&id)
        || domain.field(id).is_some_and(|f| f.namespace == "Custom")
}

pub(crate) fn start_merge_cases(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let delay = store.merge_delay.0;
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let primary_id = req_str(input, "caseId")?;
    let secondary_id = list(input, "secondaryCaseIds")
        .first()
        .and_then(Value::as_str)
        .ok_or_else(|| ServiceError::validation("secondaryCaseIds takes exactly one case id"))?;
    let primary = domain.case(primary_id)?;
    let secondary = domain.case(secondary_id)?;
    if primary_id == secondary_id {
        return Err(ServiceError::validation(format!(
            "Case {primary_id} cannot be merged into itself; name another case in secondaryCaseIds"
        )));
    }
    for id in [primary_id, secondary_id] {
        if let Some(m) = domain
            .merges
            .iter()
            .find(|m| m.running() && (m.primary == id || m.secondary == id))
        {
            return Err(ServiceError::conflict(format!(
                "Case {id} is already part of a merge that is running (case {} into case {}); wait until GetMergeCasesStatus no longer answers IN_PROGRESS",
                m.secondary, m.primary
            )));
        }
        if let Some(m) = domain
            .merges
            .iter()
            .find(|m| m.completed && m.secondary == id)
        {
            return Err(ServiceError::conflict(format!(
                "Case {id} was merged into case {} and cannot be merged again",
                m.primary
            )));
        }
    }
    for case in [primary, secondary] {
        if is_closed(case) {
            return Err(ServiceError::validation(format!(
                "Case {} is closed; only open cases can be merged (reopen it first)",
                case.id
            )));
        }
    }
    if let (Some(a), Some(b)) = (customer(primary), customer(secondary))
        && a != b
    {
        return Err(ServiceError::validation(format!(
            "The cases have different customers ({a} and {b}); merged cases must have the same customer, or one of them none"
        )));
    }
    let configs = list(input, "fieldsConfiguration");
    if configs.len() > 1 {
        return Err(ServiceError::validation(
            "fieldsConfiguration takes at most one entry, for the secondary case",
        ));
    }
    let mut selected: Vec<String> = Vec::new();
    if let Some(config) = configs.first() {
        let source = opt_str(config, "sourceCaseId").unwrap_or_default();
        if source != secondary_id {
            return Err(ServiceError::validation(format!(
                "fieldsConfiguration.sourceCaseId must be the secondary case {secondary_id}, not {source}"
            )));
        }
        for id in ids(list(config, "fieldIds")) {
            if selected.iter().any(|s| s == id) {
                return Err(ServiceError::validation(format!(
                    "Field {id} is listed more than once in fieldsConfiguration; list each field once"
                )));
            }
            if domain.field(id).is_none() {
                return Err(ServiceError::validation(format!(
                    "Field {id} does not exist in this domain"
                )));
            }
            if !mergeable(domain, id) {
                return Err(ServiceError::validation(format!(
                    "Field {id} can't be merged: only custom fields and {} merge",
                    MERGEABLE_SYSTEM_FIELDS.join(", ")
                )));
            }
            if !secondary.fields.contains_key(id) {
                return Err(ServiceError::validation(format!(
                    "Case {secondary_id} has no value for field {id}; select only fields the secondary case has"
                )));
            }
            selected.push(id.to_string());
        }
    }
    let after = primary.fields.len()
        + secondary
            .fields
            .keys()
            .filter(|id| mergeable(domain, id) && !primary.fields.contains_key(*id))
            .count();
    if after > MAX_FIELD_VALUES {
        return Err(ServiceError::validation(format!(
            "After the merge case {primary_id} would hold {after} field values; a case holds at most {MAX_FIELD_VALUES}"
        )));
    }
    domain.merges.push(Merge {
        id: uuid::Uuid::new_v4().to_string(),
        primary: primary_id.to_string(),
        secondary: secondary_id.to_string(),
        fields: selected,
        items: input
            .get("relatedItemsConfiguration")
            .cloned()
            .unwrap_or(Value::Null),
        performed_by: input.get("performedBy").cloned(),
        principal: ctx.iam_principal_arn.clone(),
        started: ctx.now,
        due: ctx.now + delay,
        completed: false,
    });
    Ok(json!({}))
}

pub(crate) fn get_merge_cases_status(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let case_id = req_str(input, "caseId")?;
    domain.case(case_id)?;
    let found = domain
        .merges
        .iter()
        .rev()
        .find(|m| (m.running() && m.primary == case_id) || m.secondary == case_id);
    match found {
        Some(m) => Ok(json!({
            "status": if m.running() { "IN_PROGRESS" } else { "COMPLETED" },
            "primaryCaseId": m.primary,
            "secondaryCaseIds": [m.secondary],
        })),
        None => Err(ServiceError::not_found(
            format!(
                "Case {case_id} is not part of a running merge and was not merged into another case"
            ),
            case_id,
            "Case",
        )),
    }
}

/// Refuses a write to the secondary case of a running merge, and deleting its primary case, with
/// the `ConflictException` the model documents. Reads and `StartMergeCases` (which has its own
/// check) pass.
pub(crate) fn refuse_during_merge(
    store: &Store,
    operation: &str,
    input: &Value,
) -> Result<(), ServiceError> {
    let read = ["Get", "List", "Search", "BatchGet"]
        .iter()
        .any(|p| operation.starts_with(p));
    if read || operation == "StartMergeCases" {
        return Ok(());
    }
    let (domain_id, case_id) = match (opt_str(input, "domainId"), opt_str(input, "caseId")) {
        (Some(d), Some(c)) => (d, c),
        _ => match opt_str(input, "arn").and_then(case_of_arn) {
            Some(ids) => ids,
            None => return Ok(()),
        },
    };
    let Ok(domain) = store.domain(domain_id) else {
        return Ok(());
    };
    for m in domain.merges.iter().filter(|m| m.running()) {
        if m.secondary == case_id {
            return Err(ServiceError::conflict(format!(
                "Case {case_id} is being merged into case {}: the merge is running, and the secondary case of a running merge can't be changed until it finishes",
                m.primary
            )));
        }
        if m.primary == case_id && operation == "DeleteCase" {
            return Err(ServiceError::conflict(format!(
                "Case {case_id} is the primary case of a merge that is running (case {} into it); it can't be deleted until the merge finishes",
                m.secondary
            )));
        }
    }
    Ok(())
}

/// The domain and case ids in a case's (or its related item's) ARN.
fn case_of_arn(arn: &str) -> Option<(&str, &str)> {
    let rest = arn.split_once(":domain/")?.1;
    let (domain, rest) = rest.split_once("/case/")?;
    Some((domain, rest.split('/').next()?))
}

/// Carries out every merge due at `now`, oldest first.
pub(crate) fn finish_due(store: &mut Store, now: DateTime<Utc>) {
    for domain in &mut store.domains {
        loop {
            let due = domain
                .merges
                .iter()
                .enumerate()
                .filter(|(_, m)| m.running() && m.due <= now)
                .min_by_key(|(_, m)| m.due)
                .map(|(i, _)| i);
            let Some(i) = due else { break };
            let merge = domain.merges[i].clone();
            complete(domain, &merge);
            domain.merges[i].completed = true;
        }
    }
}

fn performer(merge: &Merge) -> Value {
    match merge
        .performed_by
        .as_ref()
        .and_then(|p| p.get("userArn"))
        .and_then(Value::as_str)
    {
        Some(arn) => json!({ "userArnValue": arn }),
        None => json!({ "userArnValue": merge.principal }),
    }
}

fn link(case: &mut Case, to: &str, merge: &Merge, at: DateTime<Utc>) -> RelatedItem {
    let id = uuid::Uuid::new_v4().to_string();
    case.related_seq += 1;
    RelatedItem {
        arn: format!("{}/related-item/{id}", case.arn),
        id,
        item_type: "ConnectCase".into(),
        content: json!({"connectCase": {"caseId": to}}),
        association_time: at,
        tags: Map::new(),
        created_by: merge.performed_by.clone(),
        last_updated_user: merge.performed_by.clone(),
        seq: case.related_seq,
    }
}

fn complete(domain: &mut Domain, merge: &Merge) {
    let at = merge.due;
    let (Some(primary), Some(secondary)) = (
        domain.cases.get(&merge.primary).cloned(),
        domain.cases.get(&merge.secondary).cloned(),
    ) else {
        return;
    };
    let mut input = Map::new();
    if let Some(p) = &merge.performed_by {
        input.insert("performedBy".into(), p.clone());
    }
    let input = Value::Object(input);
    let ctx = CallContext {
        now: at,
        iam_principal_arn: merge.principal.clone(),
        id_override: None,
    };
    let event = |kind: &str, item_type: Option<&str>, fields: Vec<Value>| {
        let mut e = audit_event(kind, item_type, fields, &input, &ctx);
        e["mergeMetadata"] = merge.metadata();
        e
    };

    // Field values, read now: the primary may have changed since the merge started.
    let mut candidates: Vec<String> = secondary
        .fields
        .keys()
        .filter(|id| mergeable(domain, id))
        .cloned()
        .collect();
    for id in &merge.fields {
        if !candidates.contains(id) {
            candidates.push(id.clone());
        }
    }
    let mut p = primary;
    let mut s = secondary;
    let mut primary_changes = Vec::new();
    for id in candidates {
        let theirs = s.fields.get(&id).cloned();
        let ours = p.fields.get(&id).cloned();
        let new = if merge.fields.contains(&id) {
            theirs
        } else if ours.is_some() {
            continue;
        } else {
            theirs
        };
        if new == ours {
            continue;
        }
        match &new {
            Some(v) => {
                p.fields.insert(id.clone(), v.clone());
            }
            None => {
                p.fields.remove(&id);
            }
        }
        primary_changes.push(audit_field(
            &id,
            ours.as_ref(),
            &new.unwrap_or_else(empty_value),
        ));
    }

    // Related items of the selected types move; File and SLA items stay.
    let moves = |item_type: &str| {
        MOVABLE
            .iter()
            .find(|(t, _)| *t == item_type)
            .is_some_and(|(_, key)| merge.items[key] == true)
    };
    let mut kept = Vec::new();
    for item in std::mem::take(&mut s.related) {
        if !moves(&item.item_type) {
            kept.push(item);
            continue;
        }
        s.audit.push(event(
            "RelatedItem.Deleted",
            Some(&item.item_type),
            audit_diff(Some(&item.content), None),
        ));
        let duplicate = match item.item_type.as_str() {
            "ConnectCase" => {
                let to = &item.content["connectCase"]["caseId"];
                *to == json!(p.id)
                    || p.related.iter().any(|r| {
                        r.item_type == "ConnectCase" && r.content["connectCase"]["caseId"] == *to
                    })
            }
            "Contact" => {
                let arn = &item.content["contact"]["contactArn"];
                match p.related.iter_mut().find(|r| {
                    r.item_type == "Contact" && r.content["contact"]["contactArn"] == *arn
                }) {
                    Some(same) => {
                        for (k, v) in &item.tags {
                            same.tags.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        };
        if duplicate {
            continue;
        }
        let mut moved = item;
        p.related_seq += 1;
        moved.seq = p.related_seq;
        moved.arn = format!("{}/related-item/{}", p.arn, moved.id);
        p.audit.push(event(
            "RelatedItem.Created",
            Some(&moved.item_type),
            audit_diff(None, Some(&moved.content)),
        ));
        p.related.push(moved);
    }
    s.related = kept;

    // The two cases link to each other.
    let to_secondary = link(&mut p, &s.id, merge, at);
    p.audit.push(event(
        "RelatedItem.Created",
        Some("ConnectCase"),
        audit_diff(None, Some(&to_secondary.content)),
    ));
    p.related.push(to_secondary);
    let to_primary = link(&mut s, &p.id, merge, at);
    s.audit.push(event(
        "RelatedItem.Created",
        Some("ConnectCase"),
        audit_diff(None, Some(&to_primary.content)),
    ));
    s.related.push(to_primary);

    // The secondary case is closed.
    let mut secondary_changes = Vec::new();
    let closed = json!({"stringValue": ts(at)});
    let before = s
        .fields
        .insert("last_closed_datetime".into(), closed.clone());
    secondary_changes.push(audit_field(
        "last_closed_datetime",
        before.as_ref(),
        &closed,
    ));
    let status = json!({"stringValue": "closed"});
    let before = s.fields.insert("status".into(), status.clone());
    secondary_changes.push(audit_field("status", before.as_ref(), &status));
    settle_slas(&mut s, at);
    settle_slas(&mut p, at);

    for case in [&mut p, &mut s] {
        case.fields.insert(
            "last_updated_datetime".into(),
            json!({"stringValue": ts(at)}),
        );
        case.fields
            .insert("last_updated_user".into(), performer(merge));
    }
    p.audit.push(event("Case.Merged", None, primary_changes));
    s.audit.push(event("Case.Merged", None, secondary_changes));
    domain.put_case(p);
    domain.put_case(s);
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
