//! The `f` form's filters over the timeline: a preset time range, dates, an event type, a
//! performer and a field, combined.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::cycle;
use super::people::People;
use crate::app::format::Catalog;
use crate::model::AuditEvent;

/// A preset window back from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeRange {
    #[default]
    All,
    Day,
    Week,
    Month,
}

impl TimeRange {
    pub const ALL: [TimeRange; 4] = [Self::All, Self::Day, Self::Week, Self::Month];

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "all time",
            Self::Day => "last 24h",
            Self::Week => "last 7d",
            Self::Month => "last 30d",
        }
    }

    pub(super) fn since(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Self::All => None,
            Self::Day => Some(now - Duration::hours(24)),
            Self::Week => Some(now - Duration::days(7)),
            Self::Month => Some(now - Duration::days(30)),
        }
    }

    fn step(self, forward: bool) -> Self {
        let i = Self::ALL.iter().position(|r| *r == self).unwrap_or(0);
        let n = Self::ALL.len();
        Self::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// The filters of the `f` form; `None` means any. They combine (all must hold).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub event_type: Option<String>,
    /// The performer by the name the timeline shows (`maria.lopez`, `refund-bot`): one person,
    /// however the events spell them (see `People`).
    pub performer: Option<String>,
    /// A field id.
    pub field: Option<String>,
    pub range: TimeRange,
    /// First and last UTC day to include.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    pub fn is_active(&self) -> bool {
        *self != Self::default()
    }

    /// Whether `e` passes, knowing only what `e` itself says about who performed it.
    pub fn matches(&self, e: &AuditEvent, now: DateTime<Utc>) -> bool {
        let since = self.range.since(now);
        match self.performer {
            Some(_) => self.matches_since(e, since, &People::of(std::slice::from_ref(e))),
            None => self.matches_but_performer(e, since),
        }
    }

    /// `matches` with the time range's start worked out once for many events, and the
    /// performer named as `people` (learnt from the whole history) name them.
    pub(super) fn matches_since(
        &self,
        e: &AuditEvent,
        since: Option<DateTime<Utc>>,
        people: &People,
    ) -> bool {
        if self
            .performer
            .as_ref()
            .is_some_and(|p| *p != people.name_of(e))
        {
            return false;
        }
        self.matches_but_performer(e, since)
    }

    /// `matches_since` without the performer.
    pub(super) fn matches_but_performer(
        &self,
        e: &AuditEvent,
        since: Option<DateTime<Utc>>,
    ) -> bool {
        if self.event_type.as_ref().is_some_and(|t| *t != e.event_type) {
            return false;
        }
        if let Some(f) = &self.field
            && !e.fields.iter().any(|x| x.field_id == *f)
        {
            return false;
        }
        let timed = self.range != TimeRange::All || self.from.is_some() || self.to.is_some();
        match e.performed_time {
            None => !timed,
            Some(t) => {
                since.is_none_or(|since| t >= since)
                    && self.from.is_none_or(|d| t.date_naive() >= d)
                    && self.to.is_none_or(|d| t.date_naive() <= d)
            }
        }
    }

    /// What the pane title says about the active filters.
    pub fn labels(&self, catalog: &Catalog) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(t) = &self.event_type {
            out.push(t.clone());
        }
        if let Some(p) = &self.performer {
            out.push(format!("by {p}"));
        }
        if let Some(f) = &self.field {
            out.push(format!("field: {}", catalog.name(f)));
        }
        if self.range != TimeRange::All {
            out.push(self.range.label().to_string());
        }
        match (self.from, self.to) {
            (Some(f), Some(t)) => out.push(format!("{f} – {t}")),
            (Some(f), None) => out.push(format!("from {f}")),
            (None, Some(t)) => out.push(format!("until {t}")),
            (None, None) => {}
        }
        out
    }

    /// The text a form row shows for its current value.
    pub fn value_label(&self, row: FilterRow, catalog: &Catalog) -> String {
        let any = || "any".to_string();
        match row {
            FilterRow::Type => self.event_type.clone().unwrap_or_else(any),
            FilterRow::Performer => self.performer.clone().unwrap_or_else(any),
            FilterRow::Field => self
                .field
                .as_ref()
                .map_or_else(any, |f| catalog.name(f).to_string()),
            FilterRow::Range => self.range.label().to_string(),
            FilterRow::From => self.from.map_or_else(any, |d| d.to_string()),
            FilterRow::To => self.to.map_or_else(any, |d| d.to_string()),
        }
    }

    pub fn clear(&mut self, row: FilterRow) {
        match row {
            FilterRow::Type => self.event_type = None,
            FilterRow::Performer => self.performer = None,
            FilterRow::Field => self.field = None,
            FilterRow::Range => self.range = TimeRange::All,
            FilterRow::From => self.from = None,
            FilterRow::To => self.to = None,
        }
    }

    /// Set `row` to `value` (a value as `step` takes them; `None` is any), as a picker chose it.
    pub fn set(&mut self, row: FilterRow, value: Option<String>) {
        match row {
            FilterRow::Type => self.event_type = value,
            FilterRow::Performer => self.performer = value,
            FilterRow::Field => self.field = value,
            FilterRow::Range => {
                self.range = value
                    .and_then(|v| TimeRange::ALL.into_iter().find(|r| r.label() == v))
                    .unwrap_or_default();
            }
            // Dates are typed.
            FilterRow::From | FilterRow::To => {}
        }
    }

    /// Step `row` to the next (or previous) of `seen`, the values seen in the history for that
    /// row (`seen_types`, `seen_performers`, `seen_fields`), through "any".
    pub fn step(&mut self, row: FilterRow, seen: &[String], fwd: bool) {
        match row {
            FilterRow::Type => self.event_type = cycle(seen, &self.event_type, fwd),
            FilterRow::Performer => self.performer = cycle(seen, &self.performer, fwd),
            FilterRow::Field => self.field = cycle(seen, &self.field, fwd),
            FilterRow::Range => self.range = self.range.step(fwd),
            // Dates are typed, not stepped.
            FilterRow::From | FilterRow::To => {}
        }
    }
}

/// The rows of the filter form, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterRow {
    Type,
    Performer,
    Field,
    Range,
    From,
    To,
}

impl FilterRow {
    pub const ALL: [FilterRow; 6] = [
        Self::Type,
        Self::Performer,
        Self::Field,
        Self::Range,
        Self::From,
        Self::To,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Type => "Event type",
            Self::Performer => "Performer",
            Self::Field => "Field",
            Self::Range => "Time range",
            Self::From => "From (UTC day)",
            Self::To => "To (UTC day)",
        }
    }

    /// Rows whose value is typed (`Enter` opens an input) rather than picked.
    pub fn is_typed(self) -> bool {
        matches!(self, Self::From | Self::To)
    }
}
