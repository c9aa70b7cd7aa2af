//! What the timeline derives from the whole loaded history — the rows the filters let through,
//! where the days break, which rows match the search — kept until the history, the filters, the
//! time mode or the catalog change. A key press or a frame with 100k events loaded then costs
//! what the screen shows, not what is loaded.
//!
//! Drawing takes `&App`, so the caches are `RefCell`s: filled by whichever of `update` or `draw`
//! asks first.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::{
    AuditFilter, FilterRow, TimeMode, TimeRange, Timeline, fields_in_order, performer,
    performers_in_order, search_text,
};
use crate::app::format::Catalog;
use crate::model::AuditEvent;

/// Rows of the timeline in display order: a window (the time range's) onto the rows the other
/// filters let through. Derefs to the item indices, like `Timeline::visible`'s `Vec`.
#[derive(Debug, Clone)]
pub struct VisibleRows {
    all: Arc<[usize]>,
    start: usize,
    end: usize,
}

impl Deref for VisibleRows {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        &self.all[self.start..self.end]
    }
}

/// Where the days break in a [`VisibleRows`]: the timeline draws a header line before the first
/// row and before each row whose day differs from the previous row's.
#[derive(Debug, Clone)]
pub struct DayBreaks {
    /// Positions in the full row list whose day differs from the previous row's.
    breaks: Arc<[usize]>,
    start: usize,
    end: usize,
}

impl DayBreaks {
    /// Breaks in the full list at positions in `lo..hi` (absolute).
    fn count(&self, lo: usize, hi: usize) -> usize {
        if lo >= hi {
            return 0;
        }
        self.breaks.partition_point(|&b| b < hi) - self.breaks.partition_point(|&b| b < lo)
    }

    /// Whether row `pos` (of the visible rows) is drawn under a day header.
    pub fn starts_day(&self, pos: usize) -> bool {
        pos == 0 || self.breaks.binary_search(&(self.start + pos)).is_ok()
    }

    /// The drawn line of row `pos`, headers counted.
    pub fn line_of(&self, pos: usize) -> usize {
        pos + 1 + self.count(self.start + 1, self.start + pos + 1)
    }

    /// Drawn lines in all: every row plus its day headers.
    pub fn lines(&self) -> usize {
        let n = self.end - self.start;
        if n == 0 {
            return 0;
        }
        n + 1 + self.count(self.start + 1, self.end)
    }

    /// The first row drawn on or after line `line`.
    pub fn first_row_from(&self, line: usize) -> usize {
        let n = self.end - self.start;
        // `line_of` grows with the row, so a binary search finds it.
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.line_of(mid) < line {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// Which of a [`VisibleRows`] match the `/` search, as positions in those rows.
#[derive(Debug, Clone)]
pub struct Matches {
    /// Matching positions in the full row list, ascending.
    all: Arc<[usize]>,
    /// The part of `all` inside the visible window, and the window's start.
    lo: usize,
    hi: usize,
    start: usize,
}

impl Matches {
    pub fn len(&self) -> usize {
        self.hi - self.lo
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn shown(&self) -> &[usize] {
        &self.all[self.lo..self.hi]
    }

    /// Which match (0-based) row `pos` is, if it is one.
    pub fn index_of(&self, pos: usize) -> Option<usize> {
        self.shown().binary_search(&(self.start + pos)).ok()
    }

    pub fn contains(&self, pos: usize) -> bool {
        self.index_of(pos).is_some()
    }

    /// The positions of the matches, in order.
    pub fn positions(&self) -> Vec<usize> {
        self.shown().iter().map(|p| p - self.start).collect()
    }

    /// The next match after `from` (or at it, with `inclusive`), forward or backward, wrapping
    /// around: `audit::find_match` over the cached matches.
    pub fn next_from(&self, from: usize, forward: bool, inclusive: bool) -> Option<usize> {
        let shown = self.shown();
        let (first, last) = (*shown.first()?, *shown.last()?);
        let from = self.start + from;
        let found = if forward {
            let i = if inclusive {
                shown.partition_point(|&p| p < from)
            } else {
                shown.partition_point(|&p| p <= from)
            };
            shown.get(i).copied().unwrap_or(first)
        } else {
            let i = if inclusive {
                shown.partition_point(|&p| p <= from)
            } else {
                shown.partition_point(|&p| p < from)
            };
            i.checked_sub(1).map_or(last, |i| shown[i])
        };
        Some(found - self.start)
    }
}

/// What the rows were computed from. The history is known by the list's generation (bumped on
/// every page) and length, so a replaced history is never mistaken for the old one.
#[derive(Debug, Clone, PartialEq)]
struct RowsKey {
    generation: u64,
    len: usize,
    /// The filter without its time range, which is cut from the rows when asked (it moves with
    /// the clock).
    filter: AuditFilter,
    newest_first: bool,
}

#[derive(Debug, Clone)]
struct Rows {
    key: RowsKey,
    all: Arc<[usize]>,
    /// The history is in time order, so a time range is a contiguous run of `all`.
    in_time_order: bool,
}

#[derive(Debug, Clone)]
struct Days {
    rows: Arc<[usize]>,
    mode: TimeMode,
    offset: Option<FixedOffset>,
    breaks: Arc<[usize]>,
}

/// A value per event, by item index, for the first `values.len()` items of the list's `epoch`:
/// pages only append within an epoch, so the values stay valid as the history grows and only the
/// new items are worked out. `key` is what the values depend on besides the event.
#[derive(Debug, Clone, Default)]
struct PerItem<K, T> {
    epoch: u64,
    key: K,
    values: Vec<T>,
}

impl<K: PartialEq, T> PerItem<K, T> {
    /// Whether these values belong to another epoch or key, or to a longer history.
    fn is_stale(&self, items: &[AuditEvent], epoch: u64, key: &K) -> bool {
        self.epoch != epoch || self.key != *key || self.values.len() > items.len()
    }

    /// Brings the values up to `items`: the new items of the same epoch and key, or all of them.
    fn catch_up(
        &mut self,
        items: &[AuditEvent],
        epoch: u64,
        key: K,
        value: impl FnMut(&AuditEvent) -> T,
    ) {
        if self.is_stale(items, epoch, &key) {
            *self = PerItem {
                epoch,
                key,
                values: Vec::with_capacity(items.len()),
            };
        }
        let from = self.values.len();
        self.values.extend(items[from..].iter().map(value));
    }
}

/// Each event's searchable text, lowercased, for the catalog with this `catalog_mark`.
type Haystacks = PerItem<u64, Box<str>>;

/// Each event's day in one time mode (with the offset standing in for the machine's zone): working
/// out a local date is the dear part of finding where 100k rows' days break.
type ItemDays = PerItem<Option<(TimeMode, Option<FixedOffset>)>, Option<NaiveDate>>;

/// What the filters ask of each event, kept like the search texts: who performed it, as an index
/// into `performers`, and the distinct event types and fields. The filter form then steps
/// through the values seen, and the performer filter compares numbers, without formatting 100k
/// performers on each key.
#[derive(Debug, Clone, Default)]
struct Facts {
    /// Each event's performer, by item index.
    performer_of: PerItem<(), u32>,
    /// Distinct performers as shown (`audit::performer`), in the order first seen.
    performers: Vec<String>,
    performer_ids: HashMap<String, u32>,
    types: BTreeSet<String>,
    fields: BTreeSet<String>,
}

impl Facts {
    /// Brings the facts up to `items`, as `PerItem::catch_up` does.
    fn catch_up(&mut self, items: &[AuditEvent], epoch: u64) {
        if self.performer_of.is_stale(items, epoch, &()) {
            *self = Facts::default();
        }
        let Facts {
            performer_of,
            performers,
            performer_ids,
            types,
            fields,
        } = self;
        performer_of.catch_up(items, epoch, (), |e| {
            for f in &e.fields {
                if !fields.contains(&f.field_id) {
                    fields.insert(f.field_id.clone());
                }
            }
            if !types.contains(&e.event_type) {
                types.insert(e.event_type.clone());
            }
            let who = performer(e);
            if let Some(&id) = performer_ids.get(&who) {
                return id;
            }
            let id = u32::try_from(performers.len()).expect("fewer than 2^32 performers");
            performers.push(who.clone());
            performer_ids.insert(who, id);
            id
        });
    }
}

#[derive(Debug, Clone)]
struct Search {
    rows: Arc<[usize]>,
    catalog: u64,
    term: String,
    matches: Arc<[usize]>,
}

/// The timeline's caches. Cloning shares the computed lists.
#[derive(Clone, Default)]
pub struct TimelineIndex {
    rows: RefCell<Option<Rows>>,
    days: RefCell<Option<Days>>,
    haystacks: RefCell<Haystacks>,
    search: RefCell<Option<Search>>,
    facts: RefCell<Facts>,
    item_days: RefCell<ItemDays>,
}

impl std::fmt::Debug for TimelineIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The lists can be 100k long: say what is cached, not what is in it.
        f.debug_struct("TimelineIndex")
            .field("rows", &self.rows.borrow().as_ref().map(|r| r.all.len()))
            .field("searched", &self.search.borrow().as_ref().map(|s| &s.term))
            .finish()
    }
}

impl TimelineIndex {
    /// The rows `tl` shows of `items` (oldest first, as the list keeps them), in display order:
    /// `Timeline::visible`, computed once per history and filter.
    pub fn visible(
        &self,
        tl: &Timeline,
        items: &[AuditEvent],
        generation: u64,
        epoch: u64,
        now: DateTime<Utc>,
    ) -> VisibleRows {
        // Kept up to date a page at a time, as the history arrives, so the first filter change
        // does not index it all at once.
        self.index_facts(items, epoch);
        let key = RowsKey {
            generation,
            len: items.len(),
            filter: AuditFilter {
                range: TimeRange::All,
                ..tl.filter.clone()
            },
            newest_first: tl.newest_first,
        };
        let mut cache = self.rows.borrow_mut();
        let rows = match cache.as_ref() {
            Some(r) if r.key == key => r.clone(),
            _ => {
                let in_time_order = items
                    .windows(2)
                    .all(|w| w[0].performed_time <= w[1].performed_time);
                let r = Rows {
                    all: self.filtered(&key, items, now).into(),
                    key,
                    in_time_order,
                };
                *cache = Some(r.clone());
                r
            }
        };
        let Some(since) = tl.filter.range.since(now) else {
            let end = rows.all.len();
            return VisibleRows {
                all: rows.all,
                start: 0,
                end,
            };
        };
        if !rows.in_time_order {
            // Out of order: no run to cut, filter the rows one by one.
            let all: Arc<[usize]> = rows
                .all
                .iter()
                .copied()
                .filter(|&i| tl.filter.matches(&items[i], now))
                .collect();
            let end = all.len();
            return VisibleRows { all, start: 0, end };
        }
        let recent = |i: usize| items[i].performed_time.is_some_and(|t| t >= since);
        let n = rows.all.len();
        let (start, end) = if tl.newest_first {
            (0, rows.all.partition_point(|&i| recent(i)))
        } else {
            (rows.all.partition_point(|&i| !recent(i)), n)
        };
        VisibleRows {
            all: rows.all,
            start,
            end,
        }
    }

    /// `Timeline::visible` for the rows key's filter (no time range), with the performer compared
    /// by its index in the facts instead of formatted for every event.
    fn filtered(&self, key: &RowsKey, items: &[AuditEvent], now: DateTime<Utc>) -> Vec<usize> {
        let Some(who) = &key.filter.performer else {
            let plain = Timeline {
                filter: key.filter.clone(),
                newest_first: key.newest_first,
                ..Timeline::default()
            };
            return plain.visible(items, now);
        };
        // `visible` has brought the facts up to `items`.
        let facts = self.facts.borrow();
        let Some(&id) = facts.performer_ids.get(who) else {
            return Vec::new();
        };
        let rest = AuditFilter {
            performer: None,
            ..key.filter.clone()
        };
        let mut rows: Vec<usize> = (0..items.len())
            .filter(|&i| facts.performer_of.values[i] == id && rest.matches(&items[i], now))
            .collect();
        if key.newest_first {
            rows.reverse();
        }
        rows
    }

    /// The values the filter form offers for `row`, as `audit::seen_types`, `seen_performers`
    /// and `seen_fields` list them; none for the rows that are not stepped through seen values.
    pub fn seen(
        &self,
        row: FilterRow,
        items: &[AuditEvent],
        epoch: u64,
        catalog: &Catalog,
    ) -> Vec<String> {
        self.index_facts(items, epoch);
        let facts = self.facts.borrow();
        match row {
            FilterRow::Type => facts.types.iter().cloned().collect(),
            FilterRow::Performer => performers_in_order(facts.performers.clone()),
            FilterRow::Field => fields_in_order(facts.fields.iter().cloned().collect(), catalog),
            FilterRow::Range | FilterRow::From | FilterRow::To => Vec::new(),
        }
    }

    fn index_facts(&self, items: &[AuditEvent], epoch: u64) {
        self.facts.borrow_mut().catch_up(items, epoch);
    }

    /// Where the days of `rows` break, in `mode` (with `offset` standing in for the machine's
    /// zone, as `TimeMode::zoned` takes it).
    pub fn day_breaks(
        &self,
        items: &[AuditEvent],
        epoch: u64,
        rows: &VisibleRows,
        mode: TimeMode,
        offset: Option<FixedOffset>,
    ) -> DayBreaks {
        let mut cache = self.days.borrow_mut();
        let breaks = match cache.as_ref() {
            Some(d) if Arc::ptr_eq(&d.rows, &rows.all) && d.mode == mode && d.offset == offset => {
                d.breaks.clone()
            }
            _ => {
                let mut days = self.item_days.borrow_mut();
                days.catch_up(items, epoch, Some((mode, offset)), |e| {
                    e.performed_time.map(|t| mode.zoned(t, offset).date_naive())
                });
                let day = |i: usize| days.values[i];
                let mut breaks = Vec::new();
                let mut prev = rows.all.first().map(|&i| day(i));
                for (pos, &i) in rows.all.iter().enumerate().skip(1) {
                    let d = Some(day(i));
                    if d != prev {
                        breaks.push(pos);
                    }
                    prev = d;
                }
                let breaks: Arc<[usize]> = breaks.into();
                *cache = Some(Days {
                    rows: rows.all.clone(),
                    mode,
                    offset,
                    breaks: breaks.clone(),
                });
                breaks
            }
        };
        DayBreaks {
            breaks,
            start: rows.start,
            end: rows.end,
        }
    }

    /// The rows of `rows` whose event mentions `term` (`audit::search_matches`). A term that
    /// extends the last one only re-checks the last one's matches. `epoch` is the list's
    /// (`Paged::epoch`): the search texts are kept up to date with it even before any search,
    /// a page's worth at a time, so the first keystroke does not pay for the whole history.
    pub fn matches(
        &self,
        items: &[AuditEvent],
        epoch: u64,
        rows: &VisibleRows,
        catalog: &Catalog,
        term: &str,
    ) -> Matches {
        let term = term.to_lowercase();
        let mark = catalog_mark(catalog);
        self.index_texts(items, epoch, catalog, mark);
        let cached = self.search.borrow().clone();
        let same_rows = |s: &Search| Arc::ptr_eq(&s.rows, &rows.all) && s.catalog == mark;
        let all: Arc<[usize]> = match cached {
            _ if term.is_empty() => Arc::from(Vec::new()),
            Some(s) if same_rows(&s) && s.term == term => s.matches,
            cached => {
                let haystacks = self.haystacks.borrow();
                let text = &haystacks.values;
                let hit = |pos: &usize| text[rows.all[*pos]].contains(term.as_str());
                let all: Arc<[usize]> = match cached {
                    // Typing on narrows the last matches.
                    Some(s) if same_rows(&s) && !s.term.is_empty() && term.starts_with(&s.term) => {
                        s.matches.iter().copied().filter(hit).collect()
                    }
                    _ => (0..rows.all.len()).filter(hit).collect(),
                };
                *self.search.borrow_mut() = Some(Search {
                    rows: rows.all.clone(),
                    catalog: mark,
                    term,
                    matches: all.clone(),
                });
                all
            }
        };
        let lo = all.partition_point(|&p| p < rows.start);
        let hi = all.partition_point(|&p| p < rows.end);
        Matches {
            all,
            lo,
            hi,
            start: rows.start,
        }
    }

    /// Brings the search texts up to `items`: the new items of the same epoch, or all of them.
    fn index_texts(&self, items: &[AuditEvent], epoch: u64, catalog: &Catalog, mark: u64) {
        self.haystacks
            .borrow_mut()
            .catch_up(items, epoch, mark, |e| {
                search_text(e, catalog).to_lowercase().into_boxed_str()
            });
    }
}

/// A fingerprint of what the search text takes from the catalog (field names, option labels).
fn catalog_mark(catalog: &Catalog) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in &catalog.fields {
        (&f.id, &f.name, f.field_type.as_str()).hash(&mut h);
    }
    let mut options: Vec<_> = catalog.options.iter().collect();
    options.sort_by(|a, b| a.0.cmp(b.0));
    for (field, opts) in options {
        field.hash(&mut h);
        for o in opts {
            (&o.name, &o.value).hash(&mut h);
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::super::{find_match, match_positions, seen_fields, seen_performers, seen_types};
    use super::*;
    use crate::model::{AuditField, FieldValue, Performer};
    use chrono::TimeZone;
    use proptest::prelude::*;

    const TYPES: [&str; 3] = ["Case.Updated", "RelatedItem.Created", "Case.Created"];
    const WHO: [&str; 3] = ["ana", "bo", "cy"];

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap()
    }

    /// Oldest first, as the list keeps them: `hours[i]` hours before `now` (None: no time).
    fn history(spec: &[(Option<u16>, usize, usize)]) -> Vec<AuditEvent> {
        let mut items: Vec<AuditEvent> = spec
            .iter()
            .enumerate()
            .map(|(i, &(hours, ty, who))| AuditEvent {
                id: format!("e{i:03}"),
                event_type: TYPES[ty % 3].into(),
                related_item_type: None,
                performed_time: hours.map(|h| now() - chrono::Duration::hours(h.into())),
                fields: vec![AuditField {
                    field_id: "summary".into(),
                    old_value: None,
                    new_value: FieldValue::String(format!("v{i} {}", WHO[who % 3])),
                }],
                performed_by: Some(Performer::CustomEntity(WHO[who % 3].into())),
                iam_principal_arn: None,
            })
            .collect();
        crate::app::case_view::sort_audit(&mut items);
        items
    }

    fn timeline(ty: Option<usize>, who: Option<usize>, range: usize, newest: bool) -> Timeline {
        Timeline {
            newest_first: newest,
            filter: AuditFilter {
                event_type: ty.map(|t| TYPES[t % 3].into()),
                performer: who.map(|w| WHO[w % 3].into()),
                range: TimeRange::ALL[range % 4],
                ..AuditFilter::default()
            },
            ..Timeline::default()
        }
    }

    /// The drawn lines as the timeline draws them, from scratch: `None` for a day header.
    fn lines(items: &[AuditEvent], rows: &[usize]) -> Vec<Option<usize>> {
        let mut out = Vec::new();
        let mut day = None;
        for (pos, &i) in rows.iter().enumerate() {
            let d = items[i].performed_time.map(|t| t.date_naive());
            if pos == 0 || d != day {
                out.push(None);
                day = d;
            }
            out.push(Some(pos));
        }
        out
    }

    proptest! {
        #[test]
        fn the_index_agrees_with_the_plain_functions(
            spec in prop::collection::vec(
                (prop::option::weighted(0.95, 0u16..2000), 0usize..3, 0usize..3),
                0..60,
            ),
            ty in prop::option::of(0usize..3),
            who in prop::option::of(0usize..3),
            range in 0usize..4,
            newest in any::<bool>(),
            term in "(v1|bo|an|a|case|zz|)",
        ) {
            let items = history(&spec);
            let tl = Timeline { search: term.clone(), ..timeline(ty, who, range, newest) };
            let index = TimelineIndex::default();
            let catalog = Catalog::default();
            for _ in 0..2 {
                // Twice: computed, then from the cache.
                let rows = index.visible(&tl, &items, 1, 0, now());
                let plain = tl.visible(&items, now());
                prop_assert_eq!(&*rows, plain.as_slice());
                prop_assert_eq!(index.seen(FilterRow::Type, &items, 0, &catalog), seen_types(&items));
                prop_assert_eq!(
                    index.seen(FilterRow::Performer, &items, 0, &catalog),
                    seen_performers(&items)
                );
                prop_assert_eq!(
                    index.seen(FilterRow::Field, &items, 0, &catalog),
                    seen_fields(&items, &catalog)
                );

                let days = index.day_breaks(&items, 0, &rows, TimeMode::Utc, None);
                let drawn = lines(&items, &rows);
                prop_assert_eq!(days.lines(), drawn.len());
                for (pos, _) in rows.iter().enumerate() {
                    let at = drawn.iter().position(|l| *l == Some(pos)).unwrap();
                    prop_assert_eq!(days.line_of(pos), at);
                    prop_assert_eq!(days.starts_day(pos), drawn[at - 1].is_none());
                }
                for line in 0..=drawn.len() {
                    let first = drawn[line.min(drawn.len())..].iter().find_map(|l| *l);
                    prop_assert_eq!(days.first_row_from(line), first.unwrap_or(rows.len()));
                }

                let matches = index.matches(&items, 0, &rows, &catalog, &term);
                prop_assert_eq!(
                    matches.positions(),
                    match_positions(&items, &rows, &catalog, &term)
                );
                for from in 0..rows.len() {
                    for (forward, inclusive) in [(true, true), (true, false), (false, true), (false, false)] {
                        prop_assert_eq!(
                            matches.next_from(from, forward, inclusive),
                            find_match(&items, &rows, &catalog, &term, from, forward, inclusive)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_new_page_or_filter_is_seen_and_typing_on_narrows() {
        let mut items = history(&[(Some(5), 0, 0), (Some(4), 1, 1), (Some(3), 0, 1)]);
        let index = TimelineIndex::default();
        let catalog = Catalog::default();
        let mut tl = Timeline::default();
        assert_eq!(index.visible(&tl, &items, 1, 0, now()).len(), 3);
        tl.filter.performer = Some("bo".into());
        let rows = index.visible(&tl, &items, 1, 0, now());
        assert_eq!(
            rows.len(),
            2,
            "a changed filter is not served from the cache"
        );
        let m = index.matches(&items, 0, &rows, &catalog, "v");
        assert_eq!(m.positions(), [0, 1]);
        let m = index.matches(&items, 0, &rows, &catalog, "v2");
        assert_eq!(m.positions(), [1], "narrowed from the matches of `v`");
        assert_eq!(index.matches(&items, 0, &rows, &catalog, "").len(), 0);

        // A later page (same epoch: appended) and then a reordered list (next epoch).
        items.extend(history(&[(Some(1), 0, 1)]).into_iter().map(|mut e| {
            e.id = "e900".into();
            e.fields[0].new_value = FieldValue::String("v2 late".into());
            e
        }));
        let rows = index.visible(&tl, &items, 2, 0, now());
        assert_eq!(rows.len(), 3);
        // A performer first seen on a later page is offered by the filter form.
        let mut late = history(&[(Some(0), 2, 2)]);
        late[0].id = "e901".into();
        items.extend(late);
        assert_eq!(
            index.seen(FilterRow::Performer, &items, 0, &catalog),
            ["ana", "bo", "cy"]
        );
        items.pop();
        assert_eq!(
            index.matches(&items, 0, &rows, &catalog, "v2").positions(),
            [1, 2]
        );
        items.swap(0, 1);
        items[0].fields[0].new_value = FieldValue::String("v2 moved".into());
        let rows = index.visible(&tl, &items, 3, 1, now());
        assert_eq!(
            &*rows,
            tl.visible(&items, now()).as_slice(),
            "a reordered list is indexed anew"
        );
        assert_eq!(
            index.matches(&items, 1, &rows, &catalog, "v2").positions(),
            match_positions(&items, &rows, &catalog, "v2")
        );
    }
}
