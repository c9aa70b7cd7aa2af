//! The audit timeline's view of the loaded history: its order, how times are shown, the filters
//! and the search, and the blame (who last changed each field) computed from the same events.
//! Plain functions over `AuditEvent`s, so the rules are unit-tested here and the pane only draws.

pub mod asof;
mod blame;
mod filter;
pub mod history;
mod index;
mod people;
mod picker;
#[cfg(test)]
mod reference;

use chrono::{DateTime, FixedOffset, Local, Utc};

use super::case_view::audit_text;
use super::format::{self, Catalog};
use crate::aws::GatewayError;
use crate::model::AuditEvent;

pub use blame::{Blame, BlameEntry, case_blame, chains_ending_in, item_blame, item_values};
pub use filter::{AuditFilter, FilterRow, TimeRange};
pub use index::{DayBreaks, Matches, Source, TimelineIndex, VisibleRows};
pub use people::People;
pub use picker::{FilterPicker, PickOption};
#[cfg(test)]
use reference::{find_match, match_positions, seen_fields, seen_performers, seen_types};

/// How times are shown in the timeline (and the blame columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeMode {
    /// `3h ago`, against the app's clock.
    #[default]
    Relative,
    Utc,
    /// The machine's zone, or the fixed offset the app was given (tests).
    Local,
}

impl TimeMode {
    pub fn next(self) -> Self {
        match self {
            Self::Relative => Self::Utc,
            Self::Utc => Self::Local,
            Self::Local => Self::Relative,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Relative => "relative",
            Self::Utc => "UTC",
            Self::Local => "local",
        }
    }

    /// `t` in the zone this mode shows (UTC for relative and UTC). `fixed` replaces the machine's
    /// zone, so tests never depend on where they run.
    pub fn zoned(self, t: DateTime<Utc>, fixed: Option<FixedOffset>) -> DateTime<FixedOffset> {
        match (self, fixed) {
            (Self::Local, Some(offset)) => t.with_timezone(&offset),
            (Self::Local, None) => t.with_timezone(&Local).fixed_offset(),
            _ => t.fixed_offset(),
        }
    }
}

/// The timeline's view state over `Paged<AuditEvent>` (which holds the events, oldest first).
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub newest_first: bool,
    pub time: TimeMode,
    pub filter: AuditFilter,
    /// The `/` search: highlights and `n`/`N` targets, never hides rows.
    pub search: String,
    /// The filter form's selected row, when the form is open.
    pub form: Option<usize>,
    pub expanded: bool,
    /// The event `Enter` last expanded: `Enter` on another row expands that one instead of
    /// collapsing.
    pub expanded_on: Option<String>,
    /// How far the expanded event is scrolled (`J`/`K`), and for which event.
    pub expanded_scroll: (String, usize),
    /// `L` was pressed: keep requesting pages until there is no next token.
    pub load_all: bool,
    /// Restarts after a rejected page token since the last good page (stops a restart loop).
    pub restarts: u8,
}

impl Timeline {
    /// Indices of the events the filters let through, in display order.
    pub fn visible(&self, items: &[AuditEvent], now: DateTime<Utc>) -> Vec<usize> {
        let mut rows: Vec<usize> = if self.filter.is_active() {
            let since = self.filter.range.since(now);
            let people = match self.filter.performer {
                Some(_) => People::of(items),
                None => People::default(),
            };
            (0..items.len())
                .filter(|&i| self.filter.matches_since(&items[i], since, &people))
                .collect()
        } else {
            (0..items.len()).collect()
        };
        if self.newest_first {
            rows.reverse();
        }
        rows
    }

    /// The expanded view's scroll for the event `id` (0 for any other event).
    pub fn scroll_for(&self, id: &str) -> usize {
        if self.expanded_scroll.0 == id {
            self.expanded_scroll.1
        } else {
            0
        }
    }

    pub fn form_row(&self) -> Option<FilterRow> {
        self.form
            .map(|i| FilterRow::ALL[i.min(FilterRow::ALL.len() - 1)])
    }
}

/// Who performed an event, as shown: a user ARN's last segment, a custom entity as-is, else the
/// IAM principal shortened.
pub fn performer(e: &AuditEvent) -> String {
    format::performer(e.performed_by.as_ref(), e.iam_principal_arn.as_deref())
}

/// Distinct performers as the filter form offers them: by name, ignoring case.
pub(super) fn performers_in_order(mut performers: Vec<String>) -> Vec<String> {
    performers.sort_by_cached_key(|p| (p.to_lowercase(), p.clone()));
    performers
}

/// Distinct field ids as the filter form offers them: by shown name, ignoring case, then id.
pub(super) fn fields_in_order(mut ids: Vec<String>, catalog: &Catalog) -> Vec<String> {
    ids.sort_by_cached_key(|id| (catalog.name(id).to_lowercase(), id.clone()));
    ids
}

/// The next (or previous) of `options` after `current`, with `None` ("any") between the ends.
pub fn cycle(options: &[String], current: &Option<String>, forward: bool) -> Option<String> {
    let pos = current
        .as_ref()
        .and_then(|c| options.iter().position(|o| o == c));
    let next = match (pos, forward) {
        (None, true) => Some(0),
        (None, false) => options.len().checked_sub(1),
        (Some(i), true) => Some(i + 1).filter(|&j| j < options.len()),
        (Some(i), false) => i.checked_sub(1),
    };
    next.map(|i| options[i].clone())
}

/// Whether `e` mentions `term` (case-insensitive) in its type, item type, performer, field names,
/// field ids or values.
pub fn search_matches(e: &AuditEvent, catalog: &Catalog, term: &str) -> bool {
    if term.is_empty() {
        return false;
    }
    format::matches_filter(&search_text(e, catalog), term)
}

/// Everything the search looks in for one event.
fn search_text(e: &AuditEvent, catalog: &Catalog) -> String {
    let ids: Vec<&str> = e.fields.iter().map(|f| f.field_id.as_str()).collect();
    format!("{} {}", audit_text(e, catalog), ids.join(" "))
}

/// A ListCaseAuditEvents error that means the page token is no longer accepted.
pub fn is_rejected_token(err: &GatewayError) -> bool {
    match err {
        GatewayError::Validation(m) => {
            let m = m.to_lowercase();
            m.contains("nexttoken") || m.contains("next token")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AuditField, FieldDef, FieldType, FieldValue, Performer};
    use chrono::NaiveDate;
    use chrono::TimeZone;

    fn t(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 4, d, h, 0, 0).unwrap()
    }

    fn now() -> DateTime<Utc> {
        t(30, 12)
    }

    fn ev(id: &str, ty: &str, item: Option<&str>, when: DateTime<Utc>, by: &str) -> AuditEvent {
        AuditEvent {
            id: id.into(),
            event_type: ty.into(),
            related_item_type: item.map(str::to_string),
            performed_time: Some(when),
            fields: Vec::new(),
            performed_by: Some(Performer::UserArn(format!(
                "arn:aws:connect:us-east-1:1:instance/i/agent/{by}"
            ))),
            iam_principal_arn: None,
            merge: None,
        }
    }

    fn with(mut e: AuditEvent, field: &str, old: Option<&str>, new: &str) -> AuditEvent {
        e.fields.push(AuditField {
            field_id: field.into(),
            old_value: old.map(|s| FieldValue::String(s.into())),
            new_value: FieldValue::String(new.into()),
        });
        e
    }

    /// Oldest first, as the pane stores them.
    fn history() -> Vec<AuditEvent> {
        vec![
            with(
                ev("a", "Case.Created", None, t(1, 9), "ana"),
                "status",
                None,
                "open",
            ),
            with(
                ev("b", "RelatedItem.Created", Some("Custom"), t(20, 9), "bo"),
                "refund",
                None,
                "10",
            ),
            with(
                ev("c", "Case.Updated", None, t(27, 9), "bo"),
                "status",
                Some("open"),
                "closed",
            ),
            with(
                ev("d", "RelatedItem.Updated", Some("Custom"), t(30, 2), "ana"),
                "refund",
                Some("10"),
                "12",
            ),
            with(
                ev("e", "Case.Updated", None, t(30, 8), "ana"),
                "title",
                Some("Old"),
                "New courier",
            ),
        ]
    }

    fn catalog() -> Catalog {
        Catalog {
            fields: vec![FieldDef {
                id: "refund".into(),
                name: "Refund amount".into(),
                field_type: FieldType::Text,
                system: false,
                description: None,
            }],
            options: Default::default(),
        }
    }

    fn ids(items: &[AuditEvent], rows: &[usize]) -> String {
        rows.iter().map(|&i| items[i].id.as_str()).collect()
    }

    #[test]
    fn type_performer_and_field_filters_combine() {
        let items = history();
        let mut tl = Timeline::default();
        tl.filter.event_type = Some("Case.Updated".into());
        assert_eq!(ids(&items, &tl.visible(&items, now())), "ce");
        tl.filter.performer = Some("ana".into());
        assert_eq!(ids(&items, &tl.visible(&items, now())), "e");
        tl.filter = AuditFilter {
            field: Some("refund".into()),
            ..Default::default()
        };
        assert_eq!(ids(&items, &tl.visible(&items, now())), "bd");
        assert_eq!(tl.filter.labels(&catalog()), vec!["field: Refund amount"]);
        tl.filter.performer = Some("bo".into());
        assert_eq!(ids(&items, &tl.visible(&items, now())), "b");
        assert_eq!(
            tl.filter.labels(&catalog()),
            vec!["by bo", "field: Refund amount"]
        );
    }

    #[test]
    fn time_ranges_count_back_from_now_and_dates_are_inclusive() {
        let items = history();
        let mut tl = Timeline::default();
        let visible = |tl: &Timeline| ids(&items, &tl.visible(&items, now()));
        tl.filter.range = TimeRange::Day;
        assert_eq!(visible(&tl), "de");
        tl.filter.range = TimeRange::Week;
        assert_eq!(visible(&tl), "cde");
        tl.filter.range = TimeRange::Month;
        assert_eq!(
            visible(&tl),
            "abcde",
            "1 April is within 30 days of the 30th"
        );
        tl.filter.range = TimeRange::All;
        tl.filter.from = NaiveDate::from_ymd_opt(2024, 4, 20);
        tl.filter.to = NaiveDate::from_ymd_opt(2024, 4, 27);
        assert_eq!(visible(&tl), "bc");
        assert!(tl.filter.is_active());
        assert_eq!(
            tl.filter.labels(&catalog()),
            vec!["2024-04-20 – 2024-04-27"]
        );
        let mut untimed = items[0].clone();
        untimed.performed_time = None;
        assert!(!tl.filter.matches(&untimed, now()));
        assert!(AuditFilter::default().matches(&untimed, now()));
    }

    #[test]
    fn newest_first_reverses_the_chronological_order() {
        let items = history();
        let mut tl = Timeline::default();
        assert_eq!(ids(&items, &tl.visible(&items, now())), "abcde");
        tl.newest_first = true;
        tl.filter.performer = Some("bo".into());
        assert_eq!(ids(&items, &tl.visible(&items, now())), "cb");
    }

    #[test]
    fn stepping_a_filter_goes_through_seen_values_and_any() {
        let items = history();
        let cat = catalog();
        let mut f = AuditFilter::default();
        let seen_of = |row| match row {
            FilterRow::Type => seen_types(&items),
            FilterRow::Performer => seen_performers(&items),
            FilterRow::Field => seen_fields(&items, &cat),
            _ => Vec::new(),
        };
        let mut seen = Vec::new();
        for _ in 0..4 {
            f.step(FilterRow::Type, &seen_of(FilterRow::Type), true);
            seen.push(f.value_label(FilterRow::Type, &cat));
        }
        assert_eq!(
            seen,
            [
                "Case.Created",
                "Case.Updated",
                "RelatedItem.Created",
                "RelatedItem.Updated"
            ]
        );
        f.step(FilterRow::Type, &seen_of(FilterRow::Type), true);
        assert_eq!(f.event_type, None, "past the end is any");
        f.step(FilterRow::Type, &seen_of(FilterRow::Type), false);
        assert_eq!(f.event_type.as_deref(), Some("RelatedItem.Updated"));
        f.step(FilterRow::Performer, &seen_of(FilterRow::Performer), true);
        assert_eq!(f.performer.as_deref(), Some("ana"));
        // Fields are ordered by name: "Refund amount" < "status" < "title".
        f.step(FilterRow::Field, &seen_of(FilterRow::Field), true);
        assert_eq!(f.field.as_deref(), Some("refund"));
        f.step(FilterRow::Range, &seen_of(FilterRow::Range), false);
        assert_eq!(f.range, TimeRange::Month);
        f.clear(FilterRow::Type);
        assert_eq!(f.event_type, None);
    }

    #[test]
    fn search_covers_names_values_type_and_performer() {
        let items = history();
        let cat = catalog();
        assert!(search_matches(&items[1], &cat, "refund AMOUNT"));
        assert!(search_matches(&items[1], &cat, "refund"), "field id");
        assert!(search_matches(&items[4], &cat, "courier"), "new value");
        assert!(search_matches(&items[2], &cat, "bo"), "performer");
        assert!(search_matches(&items[1], &cat, "custom"), "item type");
        assert!(!search_matches(&items[0], &cat, "courier"));
        assert!(!search_matches(&items[0], &cat, ""));
    }

    #[test]
    fn n_and_shift_n_wrap_through_matches() {
        let items = history();
        let cat = catalog();
        let rows: Vec<usize> = (0..items.len()).collect();
        // "ana" performed a, d, e.
        let next = |from, fwd| find_match(&items, &rows, &cat, "ana", from, fwd, false);
        assert_eq!(next(0, true), Some(3));
        assert_eq!(next(3, true), Some(4));
        assert_eq!(next(4, true), Some(0), "wraps");
        assert_eq!(next(0, false), Some(4), "wraps backwards");
        assert_eq!(next(4, false), Some(3));
        assert_eq!(
            find_match(&items, &rows, &cat, "ana", 0, true, true),
            Some(0),
            "inclusive keeps a matching row"
        );
        assert_eq!(
            find_match(&items, &rows, &cat, "nobody", 0, true, false),
            None
        );
        assert_eq!(match_positions(&items, &rows, &cat, "ana"), vec![0, 3, 4]);
        // Within filtered rows, positions are positions in those rows.
        let mut tl = Timeline::default();
        tl.filter.event_type = Some("Case.Updated".into());
        let rows = tl.visible(&items, now());
        assert_eq!(
            find_match(&items, &rows, &cat, "ana", 0, true, false),
            Some(1)
        );
    }

    #[test]
    fn local_time_uses_the_fixed_offset_when_given() {
        let off = FixedOffset::east_opt(2 * 3600).unwrap();
        let z = TimeMode::Local.zoned(t(30, 23), Some(off));
        assert_eq!(z.format("%Y-%m-%d %H:%M").to_string(), "2024-05-01 01:00");
        let u = TimeMode::Utc.zoned(t(30, 23), Some(off));
        assert_eq!(u.format("%H:%M").to_string(), "23:00");
    }

    #[test]
    fn only_validation_errors_about_the_token_restart() {
        assert!(is_rejected_token(&GatewayError::Validation(
            "The nextToken is invalid or expired".into()
        )));
        assert!(!is_rejected_token(&GatewayError::Validation(
            "maxResults out of range".into()
        )));
        assert!(!is_rejected_token(&GatewayError::Throttled(
            "nextToken".into()
        )));
    }
}
