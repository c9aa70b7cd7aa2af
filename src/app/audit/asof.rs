//! The case as of a past moment (`:asof TIME`, `@` on an event), and the difference between two
//! moments (a second `@`): which moment, how a typed time is read, and what changed between two
//! rebuilt states. The states come from [`super::history::History`] once the whole history is in.

use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::history::{CaseState, Cell, Item, Life, same};
use crate::app::format::{self, Catalog, EMPTY};
use crate::app::list::Cursor;
use crate::model::AuditEvent;

/// A moment of the history.
#[derive(Debug, Clone, PartialEq)]
pub enum Moment {
    /// Everything performed at or before this time.
    Time(DateTime<Utc>),
    /// Everything up to and including this event.
    Event(String),
}

impl Moment {
    /// How many of `items` (chronological) happened by this moment; `None` for an event that is
    /// not in the history.
    pub fn upto(&self, items: &[AuditEvent]) -> Option<usize> {
        match self {
            Self::Time(t) => {
                Some(items.partition_point(|e| e.performed_time.is_none_or(|x| x <= *t)))
            }
            Self::Event(id) => items.iter().position(|e| &e.id == id).map(|p| p + 1),
        }
    }

    /// `as of 2026-11-02 14:05:00 UTC` (an event's moment names its time and who).
    pub fn label(&self, items: &[AuditEvent]) -> String {
        self.label_in(items, Detail::Full)
    }

    /// The label at `detail`: in full, without the event it follows, or with a short time.
    pub fn label_in(&self, items: &[AuditEvent], detail: Detail) -> String {
        let time = |t: &DateTime<Utc>| match detail {
            Detail::Short => t.format("%m-%d %H:%M").to_string(),
            _ => t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        };
        match self {
            Self::Time(t) => format!("as of {}", time(t)),
            Self::Event(id) => match items.iter().find(|e| &e.id == id) {
                Some(e) => {
                    let when = e
                        .performed_time
                        .map_or("an untimed event".to_string(), |t| time(&t));
                    match detail {
                        Detail::Full => format!(
                            "as of {when} (after {} by {})",
                            e.event_type,
                            super::performer(e)
                        ),
                        _ => format!("as of {when}"),
                    }
                }
                None => "as of an event no longer in the history".to_string(),
            },
        }
    }
}

/// How much a banner says of its moments, for a narrow header: everything, the times only, or
/// short times (`MM-DD HH:MM`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    Times,
    Short,
}

/// The states rebuilt for the moments, and the history they were rebuilt from.
#[derive(Debug, Clone)]
pub struct Built {
    /// The list's epoch and length when built: a new page or a reload rebuilds.
    pub key: (u64, usize),
    /// The banner, worked out once (naming an event's moment looks it up in the history).
    pub label: String,
    pub at: CaseState,
    pub base: Option<CaseState>,
}

/// The case view shows the case as of `at` (and, with `base`, what changed from `base` to it).
#[derive(Debug, Clone)]
pub struct AsOf {
    pub at: Moment,
    /// The first moment of a diff.
    pub base: Option<Moment>,
    /// `None` until the whole history is in.
    pub built: Option<Built>,
    /// The related-items pane's selection among the rebuilt items.
    pub cursor: Cursor,
}

impl AsOf {
    pub fn new(at: Moment) -> Self {
        Self {
            at,
            base: None,
            built: None,
            cursor: Cursor::default(),
        }
    }

    /// Rebuild the states if the history changed since; `upto` rebuilds one moment.
    pub fn build(
        &mut self,
        key: (u64, usize),
        items: &[AuditEvent],
        upto: impl Fn(usize) -> CaseState,
    ) {
        if self.built.as_ref().is_some_and(|b| b.key == key) {
            return;
        }
        let state = |m: &Moment| m.upto(items).map(&upto).unwrap_or_default();
        let mut at = state(&self.at);
        let mut base = self.base.as_ref().map(state);
        // A diff reads from the earlier moment to the later, whichever was picked first.
        if let Some(b) = base.as_mut()
            && b.applied > at.applied
        {
            std::mem::swap(b, &mut at);
        }
        let label = self.describe(items);
        self.built = Some(Built {
            key,
            label,
            at,
            base,
        });
    }

    /// The banner the header and panes show.
    pub fn label(&self, items: &[AuditEvent]) -> String {
        match &self.built {
            Some(b) => b.label.clone(),
            None => self.describe(items),
        }
    }

    /// The banner at each [`Detail`], fullest first, for the header to take the first that fits.
    pub fn labels(&self, items: &[AuditEvent]) -> Vec<String> {
        let mut labels = vec![self.label(items)];
        labels.extend([Detail::Times, Detail::Short].map(|d| self.describe_in(items, d)));
        labels
    }

    fn describe(&self, items: &[AuditEvent]) -> String {
        self.describe_in(items, Detail::Full)
    }

    fn describe_in(&self, items: &[AuditEvent], detail: Detail) -> String {
        match &self.base {
            None => self.at.label_in(items, detail),
            Some(b) => {
                // Older → newer, as `build` orders the states, whichever was picked first.
                let (from, to) = if b.upto(items) > self.at.upto(items) {
                    (&self.at, b)
                } else {
                    (b, &self.at)
                };
                format!(
                    "diff {} → {}",
                    from.label_in(items, detail).trim_start_matches("as of "),
                    to.label_in(items, detail).trim_start_matches("as of ")
                )
            }
        }
    }
}

/// How a field or item differs between two moments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Changed,
    Removed,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Changed => "changed",
            Self::Removed => "removed",
        }
    }
}

/// A case field that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub id: String,
    pub change: Change,
    pub before: Cell,
    pub after: Cell,
}

/// A related item that differs (by its place in the order of creations).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemChange {
    pub place: usize,
    pub change: Change,
    pub before: Option<Arc<Item>>,
    pub after: Option<Arc<Item>>,
}

/// What the history says changed from `before` to `after` (two states of one history).
pub fn diff(before: &CaseState, after: &CaseState) -> (Vec<FieldChange>, Vec<ItemChange>) {
    let mut ids: Vec<&String> = before.fields.keys().chain(after.fields.keys()).collect();
    ids.sort();
    ids.dedup();
    let fields = ids
        .into_iter()
        .filter_map(|id| {
            let (b, a) = (before.field(id), after.field(id));
            if same_values(&b, &a) {
                return None;
            }
            let absent = |c: &Cell| c.known().is_some_and(Option::is_none);
            let change = match (absent(&b), absent(&a)) {
                (true, false) => Change::Added,
                (false, true) => Change::Removed,
                _ => Change::Changed,
            };
            Some(FieldChange {
                id: id.clone(),
                change,
                before: b,
                after: a,
            })
        })
        .collect();
    let items = (0..after.items.len().max(before.items.len()))
        .filter_map(|n| {
            let b = before.items.get(n).filter(|i| i.is_live()).cloned();
            let a = after.items.get(n).filter(|i| i.is_live()).cloned();
            let change = match (&b, &a) {
                (None, Some(_)) => Change::Added,
                (Some(_), None) => Change::Removed,
                (Some(x), Some(y)) if !same_item(x, y) => Change::Changed,
                _ => return None,
            };
            Some(ItemChange {
                place: n,
                change,
                before: b,
                after: a,
            })
        })
        .collect();
    (fields, items)
}

fn same_values(a: &Cell, b: &Cell) -> bool {
    let (va, vb) = (a.values(), b.values());
    a.open == b.open && va.len() == vb.len() && va.iter().all(|x| vb.iter().any(|y| same(x, y)))
}

fn same_item(a: &Item, b: &Item) -> bool {
    let mut ids: Vec<&String> = a.fields.keys().chain(b.fields.keys()).collect();
    ids.dedup();
    (a.life == Life::MaybeDeleted) == (b.life == Life::MaybeDeleted)
        && ids
            .into_iter()
            .all(|id| same_values(&a.cell(id), &b.cell(id)))
}

/// A cell as shown: the value, `—` when absent, `unknown` when the history cannot tell, or
/// every value it may hold.
pub fn describe(cell: &Cell, id: &str, catalog: &Catalog) -> (String, bool) {
    let show = |v: &crate::app::audit::history::Value| match v {
        Some(v) => catalog.value(id, v),
        None => EMPTY.to_string(),
    };
    if cell.open {
        return match cell.values().last() {
            Some(v @ Some(_)) => (format!("unknown (last recorded: {})", show(v)), true),
            _ => ("unknown".to_string(), true),
        };
    }
    match cell.known() {
        Some(None) => (EMPTY.to_string(), true),
        Some(v) => (show(v), false),
        None => {
            let all: Vec<String> = cell.values().into_iter().map(show).collect();
            (format!("ambiguous: {}", all.join(" | ")), false)
        }
    }
}

/// `Custom · Refund amount: 12; Note: a`: an item's fields in one line.
pub fn item_summary(item: &Item, catalog: &Catalog) -> String {
    let parts: Vec<String> = item
        .fields
        .iter()
        .filter(|(_, c)| !c.known().is_some_and(Option::is_none))
        .map(|(id, c)| {
            let (v, _) = describe(c, id, catalog);
            format!("{}: {}", catalog.name(id), format::one_line(&v))
        })
        .collect();
    let mut out = parts.join("; ");
    if item.life == Life::MaybeDeleted {
        out.push_str(" (maybe deleted: a delete matched it and another item alike)");
    }
    if item.created.is_none() {
        out.push_str(" (its creation is not in the history)");
    }
    out
}

/// Reads a time typed after `:asof`: ISO-8601 with a zone (`2026-11-02T14:05:00Z`), a local
/// date-time (`2026-11-02 14:05`, `2026-11-02T14:05:00`) or date (midnight), or how long ago
/// (`45m`, `3h`, `2d`, `1w`). `offset` stands in for the machine's zone (tests).
pub fn parse_time(
    text: &str,
    now: DateTime<Utc>,
    offset: Option<FixedOffset>,
) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "'{text}' is not a time: type 2026-11-02T14:05:00Z, a local date-time like 2026-11-02 14:05, or how long ago like 3h or 2d."
        )
    };
    let t = if let Some(ago) = relative(text) {
        now - ago
    } else if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        t.with_timezone(&Utc)
    } else {
        let naive = [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .ok_or_else(bad)?;
        let local = match offset {
            Some(o) => o.from_local_datetime(&naive).single(),
            None => Local
                .from_local_datetime(&naive)
                .single()
                .map(|t| t.fixed_offset()),
        };
        local
            .ok_or_else(|| {
                format!("'{text}' does not name one moment in the local zone (a clock change); give it with a zone, e.g. {}Z", naive.format("%Y-%m-%dT%H:%M:%S"))
            })?
            .with_timezone(&Utc)
    };
    if t > now {
        return Err(format!(
            "'{text}' is in the future; the case now is the case itself (Esc returns to it)."
        ));
    }
    Ok(t)
}

/// `3h`, `2d`, `45m`, `1w`, `30s`.
fn relative(text: &str) -> Option<Duration> {
    let unit = text.chars().last()?;
    let n: i64 = text[..text.len() - unit.len_utf8()].trim().parse().ok()?;
    match unit {
        's' => Duration::try_seconds(n),
        'm' => Duration::try_minutes(n),
        'h' => Duration::try_hours(n),
        'd' => Duration::try_days(n),
        'w' => Duration::try_weeks(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
    }

    #[test]
    fn times_are_read_as_iso_local_or_relative() {
        let off = FixedOffset::east_opt(3600).unwrap();
        let p = |s: &str| parse_time(s, now(), Some(off));
        assert_eq!(
            p("2026-11-02T14:05:00Z").unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 2, 14, 5, 0).unwrap()
        );
        assert_eq!(
            p("2026-11-02 14:05").unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 2, 13, 5, 0).unwrap(),
            "local, one hour east"
        );
        assert_eq!(
            p("2026-11-02").unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 1, 23, 0, 0).unwrap()
        );
        assert_eq!(p("3h").unwrap(), now() - Duration::hours(3));
        assert_eq!(p("2d").unwrap(), now() - Duration::days(2));
        let e = p("yesterday").unwrap_err();
        assert!(
            e.contains("'yesterday' is not a time") && e.contains("3h"),
            "{e}"
        );
        assert!(p("2027-01-01T00:00:00Z").unwrap_err().contains("future"));
    }
}
