//! One open case: its fields, its related items and its audit timeline, each a pane with its own
//! cursor and text filter.

use chrono::{DateTime, FixedOffset, Utc};

use crate::aws::GatewayError;
use crate::model::{
    AuditEvent, Case, FieldType, Page, RelatedItem, RelatedItemType, SYSTEM_FIELDS,
};

use super::audit::{DayBreaks, FilterRow, Matches, Timeline, TimelineIndex, VisibleRows};
use super::format::{self, Catalog};
use super::list::Cursor;

/// Fetch the next page when the selection is this close to the last row.
pub const PREFETCH_MARGIN: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Fields,
    Related,
    Audit,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Self::Fields, Self::Related, Self::Audit];

    pub fn title(self) -> &'static str {
        match self {
            Self::Fields => "Fields",
            Self::Related => "Related items",
            Self::Audit => "Audit timeline",
        }
    }

    pub fn next(self) -> Self {
        match self {
            Self::Fields => Self::Related,
            Self::Related => Self::Audit,
            Self::Audit => Self::Fields,
        }
    }

    pub fn prev(self) -> Self {
        self.next().next()
    }
}

/// A list fetched page by page, kept sorted by the pane's rule.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub cursor: Cursor,
    pub next_token: Option<String>,
    pub pending: Option<u64>,
    pending_append: bool,
    pub error: Option<GatewayError>,
    pub loaded: bool,
    pub filter: String,
    /// Bumped whenever `receive` changes `items`, so what is derived from them knows when to
    /// recompute.
    generation: u64,
    /// Bumped when `receive` replaces or reorders the items it held, not when it only appends:
    /// what was derived per item stays valid for the items it covers within one epoch.
    epoch: u64,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            cursor: Cursor::default(),
            next_token: None,
            pending: None,
            pending_append: false,
            error: None,
            loaded: false,
            filter: String::new(),
            generation: 0,
            epoch: 0,
        }
    }
}

impl<T> Paged<T> {
    pub fn begin(&mut self, req: u64, append: bool) {
        self.pending = Some(req);
        self.pending_append = append;
        self.error = None;
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// Changes whenever `items` does (through `receive`).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Changes when `items` is replaced or reordered; within one epoch pages only append.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The request in flight asks for a later page (with a token).
    pub fn pending_is_append(&self) -> bool {
        self.pending.is_some() && self.pending_append
    }

    /// Apply an answer, keeping the selected item selected through the re-sort (`sort` says
    /// whether it moved or dropped any item). `false` when the answer is stale.
    pub fn receive(
        &mut self,
        req: u64,
        result: Result<Page<T>, GatewayError>,
        id: impl Fn(&T) -> &str,
        sort: impl Fn(&mut Vec<T>) -> bool,
        visible: impl Fn(&[T]) -> Vec<usize>,
    ) -> bool {
        if self.pending != Some(req) {
            return false;
        }
        self.pending = None;
        match result {
            Ok(page) => {
                let rows = visible(&self.items);
                let keep = rows
                    .get(self.cursor.selected)
                    .map(|&i| id(&self.items[i]).to_string());
                if !self.pending_append {
                    self.items.clear();
                }
                self.items.extend(page.items);
                let moved = sort(&mut self.items);
                self.generation += 1;
                if moved || !self.pending_append {
                    self.epoch += 1;
                }
                self.next_token = page.next_token;
                self.loaded = true;
                let rows = visible(&self.items);
                match keep.filter(|_| self.pending_append) {
                    Some(k) => {
                        // Usually a later page leaves the selected row where it was.
                        let stayed = rows
                            .get(self.cursor.selected)
                            .is_some_and(|&i| id(&self.items[i]) == k);
                        if !stayed
                            && let Some(pos) = rows.iter().position(|&i| id(&self.items[i]) == k)
                        {
                            self.cursor.selected = pos;
                        }
                    }
                    None => self.cursor.reset(),
                }
                self.cursor.clamp(rows.len());
            }
            Err(e) => {
                self.loaded = true;
                self.error = Some(e);
            }
        }
        true
    }

    pub fn wants_next_page(&self, visible_len: usize) -> bool {
        self.pending.is_none()
            && self.loaded
            && self.next_token.is_some()
            && self.cursor.near_end(visible_len, PREFETCH_MARGIN)
    }
}

/// One row of the fields pane.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub id: String,
    pub name: String,
    pub type_name: String,
    pub value: String,
    pub empty: bool,
}

/// The item shown in full over the related pane.
#[derive(Debug, Clone)]
pub struct Detail {
    pub item_id: String,
    pub scroll: usize,
    /// The largest useful scroll and the lines per page, as the last frame measured them.
    pub max_scroll: usize,
    pub page: usize,
}

#[derive(Debug, Clone)]
pub struct CaseView {
    pub case_id: String,
    pub case: Option<Case>,
    pub case_pending: Option<u64>,
    pub case_error: Option<GatewayError>,
    /// The case was fetched with the domain's full field list (not the system-field fallback).
    pub has_all_fields: bool,
    pub focus: Pane,
    pub fields_cursor: Cursor,
    pub fields_filter: String,
    pub related: Paged<RelatedItem>,
    pub related_type: Option<RelatedItemType>,
    /// The audit history, oldest first (the timeline orders and filters it for display).
    pub audit: Paged<AuditEvent>,
    pub timeline: Timeline,
    /// The timeline's rows, day breaks and search matches, computed once per change.
    audit_index: TimelineIndex,
    /// `b`: the fields pane and the item detail show who last changed each field.
    pub blame: bool,
    pub detail: Option<Detail>,
}

impl CaseView {
    pub fn new(case_id: String) -> Self {
        Self {
            case_id,
            case: None,
            case_pending: None,
            case_error: None,
            has_all_fields: false,
            focus: Pane::Fields,
            fields_cursor: Cursor::default(),
            fields_filter: String::new(),
            related: Paged::default(),
            related_type: None,
            audit: Paged::default(),
            timeline: Timeline::default(),
            audit_index: TimelineIndex::default(),
            blame: false,
            detail: None,
        }
    }

    /// The field ids GetCase asks for: every domain field, or the system fields until the
    /// domain's fields are known.
    pub fn field_ids(catalog: &Catalog) -> (Vec<String>, bool) {
        if catalog.fields.is_empty() {
            (SYSTEM_FIELDS.iter().map(|s| s.to_string()).collect(), false)
        } else {
            (catalog.fields.iter().map(|f| f.id.clone()).collect(), true)
        }
    }

    pub fn related_types(&self) -> Vec<RelatedItemType> {
        match self.related_type {
            Some(t) => vec![t],
            None => RelatedItemType::ALL.to_vec(),
        }
    }

    pub fn cycle_related_type(&mut self) {
        let all = RelatedItemType::ALL;
        self.related_type = match self.related_type {
            None => Some(all[0]),
            Some(t) => {
                let i = all.iter().position(|x| *x == t).unwrap_or(0);
                all.get(i + 1).copied()
            }
        };
    }

    pub fn title(&self) -> Option<String> {
        let case = self.case.as_ref()?;
        match case.field("title") {
            Some(crate::model::FieldValue::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        }
    }

    /// Every field of the domain (the case's own order for fields the domain does not list),
    /// with its formatted value, filtered by the pane's text filter.
    pub fn field_rows(&self, catalog: &Catalog) -> Vec<FieldRow> {
        let Some(case) = &self.case else {
            return Vec::new();
        };
        let mut ids: Vec<&str> = catalog.fields.iter().map(|f| f.id.as_str()).collect();
        for f in &case.fields {
            if !ids.contains(&f.id.as_str()) {
                ids.push(&f.id);
            }
        }
        ids.into_iter()
            .map(|id| {
                let value = case.field(id);
                let empty = matches!(value, None | Some(crate::model::FieldValue::Empty));
                FieldRow {
                    id: id.to_string(),
                    name: catalog.name(id).to_string(),
                    type_name: catalog
                        .field_type(id)
                        .map_or("?", FieldType::as_str)
                        .to_string(),
                    value: value.map_or(format::EMPTY.to_string(), |v| catalog.value(id, v)),
                    empty,
                }
            })
            .filter(|r| {
                format::matches_filter(
                    &format!("{} {} {}", r.name, r.value, r.type_name),
                    &self.fields_filter,
                )
            })
            .collect()
    }

    /// Indices of the related items the filter lets through.
    pub fn visible_related(&self, catalog: &Catalog) -> Vec<usize> {
        visible_related(&self.related.items, &self.related.filter, catalog)
    }

    /// Indices of the audit events the timeline's filters let through, in display order
    /// (`Timeline::visible`, cached: a key press with 100k events loaded does not refilter them).
    pub fn visible_audit(&self, now: DateTime<Utc>) -> VisibleRows {
        self.audit_index.visible(
            &self.timeline,
            &self.audit.items,
            self.audit.generation(),
            self.audit.epoch(),
            now,
        )
    }

    /// Bring the timeline's caches up to the history, the timeline and the catalog: `update`
    /// calls it after each message, so drawing finds them filled.
    pub fn refresh_index(
        &mut self,
        now: DateTime<Utc>,
        catalog: &Catalog,
        offset: Option<FixedOffset>,
    ) {
        self.audit_index.refresh(&super::audit::Source {
            timeline: &self.timeline,
            items: &self.audit.items,
            generation: self.audit.generation(),
            epoch: self.audit.epoch(),
            now,
            catalog,
            offset,
        });
    }

    /// The values the filter form steps `row` through: those seen in the loaded history
    /// (cached, like the rows).
    pub fn seen_audit_values(&self, row: FilterRow, catalog: &Catalog) -> Vec<String> {
        self.audit_index
            .seen(row, &self.audit.items, self.audit.epoch(), catalog)
    }

    /// Where the days break in `rows` (from `visible_audit`) in the timeline's time mode.
    pub fn audit_day_breaks(&self, rows: &VisibleRows, offset: Option<FixedOffset>) -> DayBreaks {
        self.audit_index.day_breaks(
            &self.audit.items,
            self.audit.epoch(),
            rows,
            self.timeline.time,
            offset,
        )
    }

    /// Which of `rows` (from `visible_audit`) match the timeline's search.
    pub fn audit_matches(&self, rows: &VisibleRows, catalog: &Catalog) -> Matches {
        self.audit_index.matches(
            &self.audit.items,
            self.audit.epoch(),
            rows,
            catalog,
            &self.timeline.search,
        )
    }

    /// `audit::find_match` for the timeline's search, over the cached matches: the position in
    /// the visible rows of the next match after `from` (or at it, with `inclusive`).
    pub fn find_audit_match(
        &self,
        now: DateTime<Utc>,
        catalog: &Catalog,
        from: usize,
        forward: bool,
        inclusive: bool,
    ) -> Option<usize> {
        let rows = self.visible_audit(now);
        self.audit_matches(&rows, catalog)
            .next_from(from, forward, inclusive)
    }

    pub fn selected_related<'a>(&'a self, catalog: &Catalog) -> Option<&'a RelatedItem> {
        let rows = self.visible_related(catalog);
        rows.get(self.related.cursor.selected)
            .map(|&i| &self.related.items[i])
    }

    pub fn selected_audit(&self, now: DateTime<Utc>) -> Option<&AuditEvent> {
        let rows = self.visible_audit(now);
        rows.get(self.audit.cursor.selected)
            .map(|&i| &self.audit.items[i])
    }

    pub fn detail_item(&self) -> Option<&RelatedItem> {
        let d = self.detail.as_ref()?;
        self.related.items.iter().find(|i| i.id == d.item_id)
    }

    pub fn is_loading(&self) -> bool {
        self.case_pending.is_some() || self.related.is_loading() || self.audit.is_loading()
    }
}

pub fn visible_related(items: &[RelatedItem], filter: &str, catalog: &Catalog) -> Vec<usize> {
    (0..items.len())
        .filter(|&i| {
            let it = &items[i];
            filter.is_empty()
                || format::matches_filter(
                    &format!(
                        "{} {}",
                        it.item_type.as_str(),
                        format::related_summary(it, catalog)
                    ),
                    filter,
                )
        })
        .collect()
}

/// Everything an audit row says, for the search (`/`).
pub fn audit_text(e: &AuditEvent, catalog: &Catalog) -> String {
    format!(
        "{} {} {} {} {}",
        e.performed_time.map(format::datetime).unwrap_or_default(),
        e.event_type,
        e.related_item_type.as_deref().unwrap_or(""),
        format::performer(e.performed_by.as_ref(), e.iam_principal_arn.as_deref()),
        format::audit_changes(e, catalog).join(" "),
    )
}

/// Newest first; items without a time last, ties by id so the order is stable. `true` when the
/// items were not in that order already.
pub fn sort_related(items: &mut [RelatedItem]) -> bool {
    let order = |a: &RelatedItem, b: &RelatedItem| {
        b.association_time
            .cmp(&a.association_time)
            .then_with(|| a.id.cmp(&b.id))
    };
    // Pages usually arrive in order: a check is cheaper than moving every item.
    let sorted = items.is_sorted_by(|a, b| order(a, b).is_le());
    if !sorted {
        items.sort_by(order);
    }
    !sorted
}

/// Chronological by `performedTime` (never the service's order); events without a time first,
/// ties by id. An event delivered twice (overlapping pages) is kept once. `true` when the events
/// were not in that order already or a repeat was dropped.
pub fn sort_audit(items: &mut Vec<AuditEvent>) -> bool {
    let order = |a: &AuditEvent, b: &AuditEvent| {
        a.performed_time
            .cmp(&b.performed_time)
            .then_with(|| a.id.cmp(&b.id))
    };
    // Pages usually arrive in time order: checking is cheaper than moving 100k events per page.
    let sorted = items.is_sorted_by(|a, b| order(a, b).is_le());
    if !sorted {
        items.sort_by(order);
    }
    let len = items.len();
    // A repeat is the same event, so it has the same time: comparing times first spares a string
    // comparison per neighbour.
    items.dedup_by(|a, b| a.performed_time == b.performed_time && a.id == b.id);
    !sorted || items.len() != len
}
