//! Who last changed each field, and the line diff of a comment's change: both read from the
//! same audit events the timeline shows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::performer;
use crate::model::AuditEvent;

/// The last change of one field.
#[derive(Debug, Clone, PartialEq)]
pub struct BlameEntry {
    pub who: String,
    pub when: Option<DateTime<Utc>>,
    pub event_id: String,
}

/// Who last changed each field of the case (Case.Created / Case.Updated events).
pub fn blame_case(items: &[AuditEvent]) -> HashMap<String, BlameEntry> {
    blame(items, |e| {
        matches!(e.event_type.as_str(), "Case.Created" | "Case.Updated")
    })
}

/// Who last changed each field of related items of `item_type` (RelatedItem.Created / Updated
/// events). The events carry no item id, so this matches by type and field id only.
pub fn blame_related(items: &[AuditEvent], item_type: &str) -> HashMap<String, BlameEntry> {
    blame(items, |e| {
        matches!(
            e.event_type.as_str(),
            "RelatedItem.Created" | "RelatedItem.Updated"
        ) && e.related_item_type.as_deref() == Some(item_type)
    })
}

fn blame(items: &[AuditEvent], keep: impl Fn(&AuditEvent) -> bool) -> HashMap<String, BlameEntry> {
    let mut out: HashMap<String, BlameEntry> = HashMap::new();
    for e in items.iter().filter(|e| keep(e)) {
        for f in &e.fields {
            let newer = out
                .get(&f.field_id)
                .is_none_or(|b| (e.performed_time, &e.id) > (b.when, &b.event_id));
            if newer {
                out.insert(
                    f.field_id.clone(),
                    BlameEntry {
                        who: performer(e),
                        when: e.performed_time,
                        event_id: e.id.clone(),
                    },
                );
            }
        }
    }
    out
}
