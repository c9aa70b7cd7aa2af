//! The activity feed's rows: related items added across cases and cases recently updated, one
//! list newest first, with what the feed knows of each case (title, reference, status, queue,
//! assignee) and the filters that narrow it.
//!
//! What a row can honestly say: SearchAllRelatedItems gives an item's association time and its
//! content *now* (an item edited later still shows its creation time, with today's content), and
//! SearchCases gives only a case's latest update, not what changed. Rows say "added" and
//! "updated" accordingly, and the pane says what the feed cannot know.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::app::format;
use crate::app::list::{Cursor, Shown};
use crate::model::{Case, CaseItem, FieldValue, Performer, RelatedItem, RelatedItemType};

/// What a row says happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Happened {
    /// A related item was added at the row's time (its association time); the item as the feed
    /// read it (it may have been edited since: the service does not say when), an open SLA as
    /// the radar read it last.
    Added(RelatedItem),
    /// The case was last updated at the row's time (`last_updated_datetime`); its status and
    /// assignment as the update left them.
    CaseUpdated {
        status: Option<String>,
        assignee: Option<String>,
        queue: Option<String>,
        /// Whether that was the case's creation: its `created_datetime` is the row's time
        /// (`Some(true)`) or earlier (`Some(false)`); `None` when the service did not say.
        created: Option<bool>,
    },
}

/// One row of the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedRow {
    /// Unique per row: `i:ITEM` for an item, `c:CASE:TIME` for a case update.
    pub key: String,
    pub time: Option<DateTime<Utc>>,
    pub case_id: String,
    /// Who did it: the item's `performedBy`, the case's `last_updated_user`.
    pub who: Option<Performer>,
    pub happened: Happened,
}

/// The feed's order: newest first, rows without a time last, ties by key.
fn newest_first(a: &FeedRow, b: &FeedRow) -> std::cmp::Ordering {
    match (a.time, b.time) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.key.cmp(&b.key)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.key.cmp(&b.key),
    }
}

/// A row's kind, what the type filter picks from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    Item(RelatedItemType),
    CaseUpdated,
}

impl RowKind {
    /// Every kind, in the picker's order.
    pub fn all() -> Vec<RowKind> {
        let mut all: Vec<RowKind> = RelatedItemType::ALL.into_iter().map(Self::Item).collect();
        all.push(Self::CaseUpdated);
        all
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Item(RelatedItemType::Comment) => "Comment",
            Self::Item(RelatedItemType::Contact) => "Contact",
            Self::Item(RelatedItemType::File) => "File",
            Self::Item(RelatedItemType::Sla) => "SLA",
            Self::Item(RelatedItemType::ConnectCase) => "Linked case",
            Self::Item(RelatedItemType::Custom) => "Custom item",
            Self::CaseUpdated => "Case created or updated",
        }
    }

    pub fn parse(label: &str) -> Option<Self> {
        Self::all().into_iter().find(|k| k.label() == label)
    }
}

fn string_field(case: &Case, id: &str) -> Option<String> {
    match case.field(id)? {
        FieldValue::String(s) | FieldValue::UserArn(s) if !s.trim().is_empty() => Some(s.clone()),
        FieldValue::Double(n) => Some(format::number(*n)),
        _ => None,
    }
}

impl FeedRow {
    /// A case update that says nothing but when, and of which case: the row tests build on.
    #[cfg(test)]
    pub(crate) fn bare_update(key: &str, time: Option<DateTime<Utc>>, case_id: &str) -> Self {
        Self {
            key: key.into(),
            time,
            case_id: case_id.into(),
            who: None,
            happened: Happened::CaseUpdated {
                status: None,
                assignee: None,
                queue: None,
                created: None,
            },
        }
    }

    pub fn from_item(ci: CaseItem) -> Self {
        Self {
            key: format!("i:{}", ci.item.id),
            time: ci.item.association_time,
            case_id: ci.case_id,
            who: ci.item.performed_by.clone(),
            happened: Happened::Added(ci.item),
        }
    }

    /// The case's latest update as a row (a case without `last_updated_datetime` still gets
    /// one, without a time).
    pub fn from_case(case: &Case) -> Self {
        let stamp = string_field(case, "last_updated_datetime");
        let time = stamp.as_deref().and_then(format::parse_time);
        let created_at = string_field(case, "created_datetime")
            .as_deref()
            .and_then(format::parse_time);
        let created = created_at.zip(time).map(|(c, t)| c >= t);
        Self {
            key: format!("c:{}:{}", case.id, stamp.unwrap_or_default()),
            time,
            case_id: case.id.clone(),
            who: string_field(case, "last_updated_user").map(Performer::UserArn),
            happened: Happened::CaseUpdated {
                status: string_field(case, "status"),
                assignee: string_field(case, "assigned_user"),
                queue: string_field(case, "assigned_queue"),
                created,
            },
        }
    }

    pub fn kind(&self) -> RowKind {
        match &self.happened {
            Happened::Added(item) => RowKind::Item(item.item_type),
            Happened::CaseUpdated { .. } => RowKind::CaseUpdated,
        }
    }

    /// The performer's one name (a user ARN's last part, a custom entity as spelled).
    pub fn who_name(&self) -> String {
        format::performer(self.who.as_ref(), None)
    }

    pub fn item(&self) -> Option<&RelatedItem> {
        match &self.happened {
            Happened::Added(item) => Some(item),
            Happened::CaseUpdated { .. } => None,
        }
    }
}

/// What the feed knows of a case, for the row's "which case" and the queue/assignee filters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaseInfo {
    pub title: Option<String>,
    pub reference: Option<String>,
    pub status: Option<String>,
    pub queue: Option<String>,
    pub assignee: Option<String>,
}

impl CaseInfo {
    pub fn of(case: &Case) -> Self {
        Self {
            title: string_field(case, "title"),
            reference: string_field(case, "reference_number"),
            status: string_field(case, "status"),
            queue: string_field(case, "assigned_queue"),
            assignee: string_field(case, "assigned_user"),
        }
    }
}

/// A case the feed has asked about, or knows, or could not read.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseLookup {
    Pending(u64),
    Known(CaseInfo),
    Failed(String),
}

/// The filters. The type is the service's (SearchAllRelatedItems filters by type; a case-update
/// filter asks SearchCases only); performer, queue and assignee filter the loaded rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters {
    pub kind: Option<RowKind>,
    pub performer: Option<String>,
    pub queue: Option<String>,
    /// An assignee's one name (the ARN's last part).
    pub assignee: Option<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// `type: Comment · who: maria` for the title, with where each applies.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(k) = self.kind {
            out.push(format!("type: {} (server)", k.label()));
        }
        let client: Vec<String> = [
            ("who", &self.performer),
            ("queue", &self.queue),
            ("assignee", &self.assignee),
        ]
        .into_iter()
        .filter_map(|(n, v)| v.as_ref().map(|v| format!("{n}: {v}")))
        .collect();
        if !client.is_empty() {
            out.push(format!("{} (loaded rows)", client.join(", ")));
        }
        out
    }
}

/// The rows and the selection over them.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// Newest first; rows without a time last.
    pub rows: Vec<FeedRow>,
    keys: HashSet<String>,
    pub cases: HashMap<String, CaseLookup>,
    pub filters: Filters,
    /// Rows on show (indices into `rows`): the filters let them through and they are not
    /// older than the horizon.
    pub visible: Vec<usize>,
    pub cursor: Cursor,
    /// Rows that arrived above the selection since the user last stood at the top.
    pub new_count: usize,
    /// Rows older than this are held back: the other source has not been read that far, so
    /// showing them would claim nothing else happened in between.
    pub horizon: Option<DateTime<Utc>>,
    /// The other half of the merge's double buffer (empty, keeps its capacity).
    spare: Vec<FeedRow>,
}

impl Activity {
    pub fn knows(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    pub fn selected(&self) -> Option<&FeedRow> {
        self.visible
            .get(self.cursor.selected)
            .map(|&i| &self.rows[i])
    }

    /// The case's info, when known.
    pub fn case(&self, case_id: &str) -> Option<&CaseInfo> {
        match self.cases.get(case_id) {
            Some(CaseLookup::Known(info)) => Some(info),
            _ => None,
        }
    }

    /// Add `rows` (ones already known are skipped), keeping the selected row selected and where
    /// it was on screen. Returns how many were new.
    pub fn merge(&mut self, rows: Vec<FeedRow>) -> usize {
        let selected_key = self.selected().map(|r| r.key.clone());
        let before = self.cursor.selected;
        let mut fresh: Vec<FeedRow> = rows
            .into_iter()
            .filter(|r| self.keys.insert(r.key.clone()))
            .collect();
        let added = fresh.len();
        if added == 0 {
            return 0;
        }
        // The rows are in order already: sort the few new ones and merge, one pass.
        fresh.sort_by(newest_first);
        // Into the buffer the last merge left: no new allocation of the whole list each time.
        let mut old = std::mem::take(&mut self.rows);
        let mut merged = std::mem::take(&mut self.spare);
        merged.clear();
        merged.reserve(old.len() + added);
        {
            let (mut a, mut b) = (old.drain(..).peekable(), fresh.into_iter().peekable());
            loop {
                let take_new = match (a.peek(), b.peek()) {
                    (Some(x), Some(y)) => newest_first(y, x).is_lt(),
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (None, None) => break,
                };
                merged.extend(if take_new { b.next() } else { a.next() });
            }
        }
        self.rows = merged;
        self.spare = old;
        self.refresh_visible_keeping(selected_key, before, true);
        added
    }

    /// Open SLAs as the radar read them last: an SLA row shows the target and status the
    /// service holds now, not those of when the row arrived (an extended target would
    /// otherwise still read "due in 6 min", then "breached"). Other items are not read again.
    pub fn follow_open_slas<'a>(&mut self, open: impl Iterator<Item = &'a RelatedItem>) {
        let open: HashMap<&str, &RelatedItem> = open
            .filter(|i| i.item_type == RelatedItemType::Sla)
            .map(|i| (i.id.as_str(), i))
            .collect();
        if open.is_empty() {
            return;
        }
        for row in &mut self.rows {
            if let Happened::Added(item) = &mut row.happened
                && item.item_type == RelatedItemType::Sla
                && let Some(now) = open.get(item.id.as_str())
            {
                item.content = now.content.clone();
            }
        }
    }

    /// Work out the rows on show again (filters, horizon or case info changed), keeping the
    /// selected row. Rows a filter let through again are not new: nothing arrived.
    pub fn refresh_visible(&mut self) {
        let key = self.selected().map(|r| r.key.clone());
        let before = self.cursor.selected;
        self.refresh_visible_keeping(key, before, false);
    }

    /// `arrived`: rows came from the service (a merge), so those now above the selection are
    /// counted as new.
    fn refresh_visible_keeping(&mut self, key: Option<String>, before: usize, arrived: bool) {
        let had_rows = !self.visible.is_empty();
        self.visible = (0..self.rows.len())
            .filter(|&i| self.shows(&self.rows[i]))
            .collect();
        let found = key.and_then(|k| self.visible.iter().position(|&i| self.rows[i].key == k));
        match found {
            Some(pos) if had_rows => {
                if pos > before {
                    let moved = pos - before;
                    if arrived {
                        self.new_count += moved;
                    }
                    // The rows on screen move down with the selection.
                    let page = self.cursor.page();
                    let shown = self.cursor.scroll_for(page, self.visible.len());
                    self.cursor.selected = pos;
                    self.cursor.shown(Shown {
                        offset: shown.offset + moved,
                        page: shown.page,
                    });
                } else {
                    self.cursor.selected = pos;
                }
            }
            _ => self.cursor.clamp(self.visible.len()),
        }
    }

    /// Whether the filters and the horizon let `row` through.
    pub fn shows(&self, row: &FeedRow) -> bool {
        if let Some(h) = self.horizon
            && row.time.is_none_or(|t| t < h)
        {
            return false;
        }
        let f = &self.filters;
        if f.kind.is_some_and(|k| k != row.kind()) {
            return false;
        }
        if let Some(p) = &f.performer
            && row.who_name() != *p
        {
            return false;
        }
        if f.queue.is_none() && f.assignee.is_none() {
            return true;
        }
        let info = self.case(&row.case_id);
        let queue = info.and_then(|i| i.queue.as_deref());
        let assignee = info
            .and_then(|i| i.assignee.as_deref())
            .map(format::short_arn);
        f.queue.as_deref().is_none_or(|q| queue == Some(q))
            && f.assignee.as_deref().is_none_or(|a| assignee == Some(a))
    }

    /// The user looked at the newest rows: nothing is new any more.
    pub fn seen_top(&mut self) {
        if self.cursor.selected == 0 {
            self.new_count = 0;
        }
    }

    /// Forget every row (a new type filter, a new domain); the cases stay known.
    pub fn clear_rows(&mut self) {
        self.rows.clear();
        self.spare = Vec::new();
        self.keys.clear();
        self.visible.clear();
        self.cursor.reset();
        self.new_count = 0;
        self.horizon = None;
    }

    /// The values a filter can take, from the rows and cases loaded, sorted.
    pub fn seen(&self, which: FilterKey) -> Vec<String> {
        let mut out: Vec<String> = match which {
            FilterKey::Kind => return RowKind::all().iter().map(|k| k.label().into()).collect(),
            FilterKey::Performer => self.rows.iter().map(FeedRow::who_name).collect(),
            FilterKey::Queue => self
                .cases
                .values()
                .filter_map(|c| match c {
                    CaseLookup::Known(i) => i.queue.clone(),
                    _ => None,
                })
                .collect(),
            FilterKey::Assignee => self
                .cases
                .values()
                .filter_map(|c| match c {
                    CaseLookup::Known(i) => i
                        .assignee
                        .as_deref()
                        .map(|a| format::short_arn(a).to_string()),
                    _ => None,
                })
                .collect(),
        };
        out.retain(|v| !v.is_empty() && v != format::EMPTY);
        out.sort();
        out.dedup();
        out
    }
}

/// Which filter a picker sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    Kind,
    Performer,
    Queue,
    Assignee,
}

impl FilterKey {
    pub const ALL: [FilterKey; 4] = [Self::Kind, Self::Performer, Self::Queue, Self::Assignee];

    pub fn label(self) -> &'static str {
        match self {
            Self::Kind => "Type",
            Self::Performer => "Performer",
            Self::Queue => "Queue",
            Self::Assignee => "Assignee",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.label() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(key: &str, minute: Option<u32>) -> FeedRow {
        FeedRow::bare_update(
            key,
            minute.map(|m| Utc.with_ymd_and_hms(2026, 1, 1, 10, m, 0).unwrap()),
            "c",
        )
    }

    fn keys(a: &Activity) -> Vec<&str> {
        a.visible.iter().map(|&i| a.rows[i].key.as_str()).collect()
    }

    #[test]
    fn merging_in_batches_orders_like_one_sort_and_skips_known_rows() {
        let mut a = Activity::default();
        a.merge(vec![row("b", Some(5)), row("x", None), row("d", Some(1))]);
        a.merge(vec![
            row("a", Some(9)),
            row("c", Some(5)),
            row("b", Some(5)),
        ]);
        a.merge(vec![row("e", Some(0)), row("w", None)]);
        assert_eq!(keys(&a), ["a", "b", "c", "d", "e", "w", "x"]);
    }

    #[test]
    fn rows_arriving_above_keep_the_selection_and_count_as_new() {
        let mut a = Activity::default();
        a.merge(vec![
            row("b", Some(5)),
            row("c", Some(4)),
            row("d", Some(3)),
        ]);
        a.cursor.down(1, 3);
        assert_eq!(a.selected().unwrap().key, "c");
        assert_eq!(a.merge(vec![row("a", Some(9)), row("a2", Some(8))]), 2);
        assert_eq!(a.selected().unwrap().key, "c");
        assert_eq!(a.new_count, 2);
        // Rows below the selection are not counted.
        a.merge(vec![row("z", Some(1))]);
        assert_eq!(a.new_count, 2);
    }

    #[test]
    fn clearing_a_filter_counts_no_row_as_new() {
        let by = |key: &str, minute: u32, who: &str| FeedRow {
            who: Some(Performer::UserArn(format!("arn:aws:iam::1:user/{who}"))),
            ..row(key, Some(minute))
        };
        let mut a = Activity::default();
        a.merge(vec![
            by("a", 9, "maria"),
            by("b", 8, "maria"),
            by("c", 7, "kenji"),
            by("d", 6, "maria"),
            by("e", 5, "kenji"),
        ]);
        a.filters.performer = Some("kenji".into());
        a.refresh_visible();
        assert_eq!(keys(&a), ["c", "e"]);
        a.cursor.down(1, 2);
        assert_eq!(a.selected().unwrap().key, "e");
        // Three rows the filter hid show again above the selection: none arrived.
        a.filters = Filters::default();
        a.refresh_visible();
        assert_eq!(a.selected().unwrap().key, "e");
        assert_eq!(a.new_count, 0);
        // A row that does arrive above still counts.
        a.merge(vec![by("z", 10, "maria")]);
        assert_eq!(a.new_count, 1);
    }

    #[test]
    fn the_horizon_holds_back_older_rows_and_rows_without_a_time() {
        let mut a = Activity::default();
        a.merge(vec![row("a", Some(9)), row("b", Some(2)), row("x", None)]);
        a.horizon = Some(Utc.with_ymd_and_hms(2026, 1, 1, 10, 5, 0).unwrap());
        a.refresh_visible();
        assert_eq!(keys(&a), ["a"]);
    }
}
