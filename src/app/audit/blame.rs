//! Who set each field's current value, read from the case rebuilt from its whole history
//! ([`super::history`]). A case field's answer is the event that last set it. A related item's
//! is found through the items whose chain of values ends in the item's values; when more than
//! one could be it and they disagree, the answer is "ambiguous" with every candidate, never one
//! name as fact.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::history::{CaseState, Item, SILENT_CASE_FIELDS, Value, norm};
use super::performer;
use crate::model::{AuditEvent, FieldEntry, RelatedContent, RelatedItem};

/// One event that set a value.
#[derive(Debug, Clone, PartialEq)]
pub struct BlameEntry {
    pub who: String,
    pub when: Option<DateTime<Utc>>,
    pub event_id: String,
}

impl BlameEntry {
    /// The entry of event `i` of `events`.
    pub fn of(events: &[AuditEvent], i: usize) -> Self {
        let e = &events[i];
        Self {
            who: performer(e),
            when: e.performed_time,
            event_id: e.id.clone(),
        }
    }
}

/// What blame can say about one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Blame {
    /// This event set the value.
    Known(BlameEntry),
    /// One of these did; the history cannot tell which (oldest first).
    Ambiguous(Vec<BlameEntry>),
    /// The history does not tell, for this reason.
    Unknown(&'static str),
}

/// Blame of each field the case holds (`fields`, as GetCase returned them).
pub fn case_blame(
    events: &[AuditEvent],
    state: &CaseState,
    fields: &[FieldEntry],
) -> HashMap<String, Blame> {
    fields
        .iter()
        // An empty field has no value to blame.
        .filter(|f| norm(&f.value).is_some())
        .map(|f| {
            let blame = if SILENT_CASE_FIELDS.contains(&f.id.as_str()) {
                Blame::Unknown("the service changes it without an audit event")
            } else {
                setters(events, &[state.field(&f.id)], &norm(&f.value))
            };
            (f.id.clone(), blame)
        })
        .collect()
}

/// The values an item's events record, by event field id (what the service's audit events
/// show of each type; a comment body as long as the audit keeps it).
pub fn item_values(item: &RelatedItem) -> Vec<(String, Value)> {
    let s = |v: &str| Some(crate::model::FieldValue::String(v.to_string()));
    match &item.content {
        RelatedContent::Custom { fields } => fields
            .iter()
            .filter_map(|f| norm(&f.value).map(|v| (f.id.clone(), Some(v))))
            .collect(),
        RelatedContent::Comment { body, .. } => {
            let kept: String = body
                .chars()
                .take(crate::limits::MAX_AUDIT_STRING_CHARS)
                .collect();
            vec![("comment.body".into(), s(&kept))]
        }
        RelatedContent::Contact {
            contact_arn,
            channel,
            ..
        } => vec![
            ("contact.contactArn".into(), s(contact_arn)),
            ("contact.channel".into(), s(channel)),
        ],
        RelatedContent::File { file_arn } => vec![("file.fileArn".into(), s(file_arn))],
        RelatedContent::ConnectCase { case_id } => {
            vec![("connectCase.caseId".into(), s(case_id))]
        }
        RelatedContent::Sla(sla) => {
            let mut out = vec![
                ("sla.name".into(), s(&sla.name)),
                ("sla.status".into(), s(&sla.status)),
            ];
            if let Some(t) = sla.target_time {
                out.push((
                    "sla.targetTime".into(),
                    s(&t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
                ));
            }
            out
        }
        RelatedContent::Unknown => Vec::new(),
    }
}

/// The live items of `item_type` whose chain of values may end in `values` (every field listed
/// holds its value, every other field is absent).
pub fn chains_ending_in<'a>(
    state: &'a CaseState,
    item_type: &str,
    values: &[(String, Value)],
) -> Vec<(usize, &'a Item)> {
    state
        .live_items()
        .filter(|(_, it)| it.item_type == item_type)
        .filter(|(_, it)| {
            values.iter().all(|(id, v)| it.cell(id).admits(v))
                && it
                    .fields
                    .keys()
                    .filter(|id| !values.iter().any(|(v, _)| v == *id))
                    .all(|id| it.cell(id).admits(&None))
        })
        .collect()
}

/// Blame of each field of a related item, through the chains that end in its values; `Err`
/// says why the history cannot answer for the item at all.
pub fn item_blame(
    events: &[AuditEvent],
    state: &CaseState,
    item: &RelatedItem,
) -> Result<HashMap<String, Blame>, &'static str> {
    let values = item_values(item);
    let chains = chains_ending_in(state, item.item_type.as_str(), &values);
    if chains.is_empty() {
        return Err("no item in the history ends in these values");
    }
    Ok(values
        .iter()
        .map(|(id, v)| {
            let cells: Vec<_> = chains.iter().map(|(_, it)| it.cell(id)).collect();
            (id.clone(), setters(events, &cells, v))
        })
        .collect())
}

/// The events that may have set `value` in any of `cells`.
fn setters(events: &[AuditEvent], cells: &[super::history::Cell], value: &Value) -> Blame {
    if cells.iter().any(|c| c.open) {
        return Blame::Unknown("the history does not tell");
    }
    let mut by: Vec<usize> = cells
        .iter()
        .flat_map(|c| c.choices())
        .filter(|c| super::history::same(&c.value, value))
        .map(|c| c.by)
        .collect();
    by.sort_unstable();
    by.dedup();
    match by.as_slice() {
        [] => Blame::Unknown("the history ends in another value"),
        [one] => Blame::Known(BlameEntry::of(events, *one)),
        many => Blame::Ambiguous(many.iter().map(|&i| BlameEntry::of(events, i)).collect()),
    }
}
