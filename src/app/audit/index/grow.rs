//! How the timeline's caches grow with a page of the history (the background paging): only the
//! new events are looked at; what was worked out for the earlier rows is moved, not redone.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};

use super::{Rows, RowsKey, Search, TimeMode, TimelineIndex, VisibleRows};
use crate::model::AuditEvent;

impl TimelineIndex {
    /// The day breaks of `rows` when they are the cached rows grown by a page from the rows the
    /// cached breaks are for: the old breaks moved, the new rows' worked out.
    pub(super) fn grown_breaks(
        &self,
        rows: &VisibleRows,
        mode: TimeMode,
        offset: Option<FixedOffset>,
    ) -> Option<Arc<[usize]>> {
        let (d, r) = (self.days.as_ref()?, self.rows.as_ref()?);
        let (prev, added) = r.grew_from.as_ref()?;
        if !Arc::ptr_eq(&r.all, &rows.all) || !Arc::ptr_eq(prev, &d.rows) {
            return None;
        }
        if d.mode != mode || d.offset != offset || self.item_days.values.len() < r.key.len {
            return None;
        }
        let day = |pos: usize| self.item_days.values[rows.all[pos]];
        let n = rows.all.len();
        let differs = |p: &usize| day(*p) != day(*p - 1);
        let breaks: Vec<usize> = if r.key.newest_first {
            (1..=(*added).min(n.saturating_sub(1)))
                .filter(differs)
                .chain(d.breaks.iter().map(|b| b + added))
                .collect()
        } else {
            let from = (n - added).max(1);
            d.breaks
                .iter()
                .copied()
                .chain((from..n).filter(differs))
                .collect()
        };
        Some(breaks.into())
    }

    /// The search matches of `rows` grown by a page, as `grown_breaks` moves the day breaks.
    pub(super) fn grown_matches(
        &self,
        rows: &VisibleRows,
        mark: u64,
        term: &str,
    ) -> Option<Search> {
        let (s, r) = (self.search.as_ref()?, self.rows.as_ref()?);
        let (prev, added) = r.grew_from.as_ref()?;
        if !Arc::ptr_eq(&r.all, &rows.all) || !Arc::ptr_eq(prev, &s.rows) {
            return None;
        }
        let term = term.to_lowercase();
        if s.catalog != mark || s.term != term || term.is_empty() {
            return None;
        }
        let texts = &self.haystacks.values;
        let hit = |p: &usize| {
            texts
                .get(rows.all[*p])
                .is_some_and(|t| t.contains(term.as_str()))
        };
        let n = rows.all.len();
        let matches: Arc<[usize]> = if r.key.newest_first {
            (0..*added)
                .filter(hit)
                .chain(s.matches.iter().map(|m| m + added))
                .collect()
        } else {
            s.matches
                .iter()
                .copied()
                .chain((n - added..n).filter(hit))
                .collect()
        };
        Some(Search {
            rows: rows.all.clone(),
            catalog: mark,
            term,
            matches,
        })
    }
}

/// `r` extended by the events appended since (same epoch): only the new events are filtered,
/// and the rows are copied once, not worked out again.
pub(super) fn extend_rows(
    r: &Rows,
    key: RowsKey,
    items: &[AuditEvent],
    now: DateTime<Utc>,
) -> Rows {
    let from = r.key.len;
    let new: Vec<usize> = (from..items.len())
        .filter(|&i| key.filter.matches(&items[i], now))
        .collect();
    let in_time_order = r.in_time_order
        && items[from.saturating_sub(1)..]
            .windows(2)
            .all(|w| w[0].performed_time <= w[1].performed_time);
    let all: Arc<[usize]> = if key.newest_first {
        new.iter().rev().chain(r.all.iter()).copied().collect()
    } else {
        r.all.iter().chain(new.iter()).copied().collect()
    };
    Rows {
        key,
        all,
        in_time_order,
        epoch: r.epoch,
        grew_from: Some((r.all.clone(), new.len())),
    }
}
