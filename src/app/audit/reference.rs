//! Plain reference implementations of what the timeline index caches: the index's tests check
//! it against these on arbitrary histories.

use std::collections::{BTreeSet, HashSet};

use super::people::People;
use super::{fields_in_order, performers_in_order, search_matches};
use crate::app::format::Catalog;
use crate::model::AuditEvent;

// The seen values are few and the events many: collect distinct values into a hash set first
// (no allocation per event), then order the few.

pub(crate) fn seen_types(items: &[AuditEvent]) -> Vec<String> {
    let distinct: HashSet<&str> = items.iter().map(|e| e.event_type.as_str()).collect();
    let set: BTreeSet<&str> = distinct.into_iter().collect();
    set.into_iter().map(str::to_string).collect()
}

/// The people of the history by name, each once (`People` spells out who is one person).
pub(crate) fn seen_performers(items: &[AuditEvent]) -> Vec<String> {
    performers_in_order(People::of(items).names())
}

/// The field ids the events change, ordered by their shown name.
pub(crate) fn seen_fields(items: &[AuditEvent], catalog: &Catalog) -> Vec<String> {
    let distinct: HashSet<&str> = items
        .iter()
        .flat_map(|e| e.fields.iter().map(|f| f.field_id.as_str()))
        .collect();
    fields_in_order(distinct.into_iter().map(str::to_string).collect(), catalog)
}

/// The position in `rows` of the next match after `from` (or at it, with `inclusive`), searching
/// forward or backward and wrapping around.
pub(crate) fn find_match(
    items: &[AuditEvent],
    rows: &[usize],
    catalog: &Catalog,
    term: &str,
    from: usize,
    forward: bool,
    inclusive: bool,
) -> Option<usize> {
    let n = rows.len();
    if n == 0 || term.is_empty() {
        return None;
    }
    let start = if inclusive { 0 } else { 1 };
    (start..=n)
        .map(|k| {
            if forward {
                (from + k) % n
            } else {
                (from + n * 2 - k) % n
            }
        })
        .find(|&pos| search_matches(&items[rows[pos]], catalog, term))
}

/// Which of `rows` match, for the title (`match 2/5`).
pub(crate) fn match_positions(
    items: &[AuditEvent],
    rows: &[usize],
    catalog: &Catalog,
    term: &str,
) -> Vec<usize> {
    (0..rows.len())
        .filter(|&pos| search_matches(&items[rows[pos]], catalog, term))
        .collect()
}
