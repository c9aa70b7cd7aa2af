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

/// One line of a line diff; the gutter (`-`, `+`, ` `) carries the meaning without colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    Same(String),
    Removed(String),
    Added(String),
}

impl DiffLine {
    pub fn gutter(&self) -> char {
        match self {
            Self::Same(_) => ' ',
            Self::Removed(_) => '-',
            Self::Added(_) => '+',
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Self::Same(s) | Self::Removed(s) | Self::Added(s) => s,
        }
    }
}

/// A line diff of two texts (a comment body's change).
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    use similar::{ChangeTag, TextDiff};
    // A last line without its newline would otherwise differ from the same line with one.
    let (old, new) = (with_newline(old), with_newline(new));
    let diff = TextDiff::from_lines(&old, &new);
    diff.iter_all_changes()
        .map(|c| {
            let text = c.value().trim_end_matches(['\n', '\r']).to_string();
            match c.tag() {
                ChangeTag::Equal => DiffLine::Same(text),
                ChangeTag::Delete => DiffLine::Removed(text),
                ChangeTag::Insert => DiffLine::Added(text),
            }
        })
        .collect()
}

fn with_newline(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    if s.ends_with('\n') { s } else { s + "\n" }
}
