//! What the timeline derives from the whole loaded history — the rows the filters let through,
//! where the days break, which rows match the search — kept until the history, the filters, the
//! time mode or the catalog change. A key press or a frame with 100k events loaded then costs
//! what the screen shows, not what is loaded.
//!
//! `update` fills the caches after each change (`TimelineIndex::refresh`); drawing only reads
//! them, and works a value out without keeping it when a cache does not hold it.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::people::People;
use super::{
    AuditFilter, FilterRow, TimeMode, TimeRange, Timeline, fields_in_order, performers_in_order,
    search_text,
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
    /// The list's epoch the rows are for: within it, a longer history only appended events.
    epoch: u64,
    /// The rows these were extended from and how many rows the new events added (at the front
    /// when newest first, else at the end): the day breaks and search matches of the old rows
    /// are then moved, not worked out again.
    grew_from: Option<(Arc<[usize]>, usize)>,
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

/// What the filters ask of each event, kept like the search texts: who performed it, as an
/// identity of `people`, and the distinct event types and fields. The filter form then offers
/// the values seen, and the performer filter compares numbers, without naming 100k performers
/// on each key.
#[derive(Debug, Clone, Default)]
struct Facts {
    /// Each event's performer as the event states it, by item index.
    performer_of: PerItem<(), u32>,
    people: People,
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
            people,
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
            people.add(e)
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
    rows: Option<Rows>,
    days: Option<Days>,
    haystacks: Haystacks,
    search: Option<Search>,
    facts: Facts,
    item_days: ItemDays,
    /// The catalog last hashed by `catalog_mark`, and its mark: comparing a catalog with it is
    /// cheaper than hashing the catalog again on every refresh and frame.
    marked: Option<(Catalog, u64)>,
}

impl std::fmt::Debug for TimelineIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The lists can be 100k long: say what is cached, not what is in it.
        f.debug_struct("TimelineIndex")
            .field("rows", &self.rows.as_ref().map(|r| r.all.len()))
            .field("searched", &self.search.as_ref().map(|s| &s.term))
            .finish()
    }
}

/// What the index is refreshed for: the history, what the timeline shows of it, and what the
/// rows' look depends on.
pub struct Source<'a> {
    pub timeline: &'a Timeline,
    /// Oldest first, as the list keeps them.
    pub items: &'a [AuditEvent],
    /// The list's `Paged::generation` and `Paged::epoch`.
    pub generation: u64,
    pub epoch: u64,
    pub now: DateTime<Utc>,
    pub catalog: &'a Catalog,
    /// Stands in for the machine's zone, as `TimeMode::zoned` takes it.
    pub offset: Option<FixedOffset>,
}

impl TimelineIndex {
    /// Brings every cache up to `src`: the facts and search texts a page at a time as the
    /// history arrives (so the first filter change or keystroke does not index it all at once),
    /// then the rows, their day breaks and the search matches. `update` calls it after each
    /// change; drawing then only reads.
    pub fn refresh(&mut self, src: &Source) {
        let rows = self.fill_rows(src.timeline, src.items, src.generation, src.epoch, src.now);
        self.fill_days(src.items, src.epoch, &rows, src.timeline.time, src.offset);
        self.fill_matches(
            src.items,
            src.epoch,
            &rows,
            src.catalog,
            &src.timeline.search,
        );
    }

    /// The rows `tl` shows of `items` (oldest first, as the list keeps them), in display order:
    /// `Timeline::visible`, from the cache when it holds them.
    pub fn visible(
        &self,
        tl: &Timeline,
        items: &[AuditEvent],
        generation: u64,
        epoch: u64,
        now: DateTime<Utc>,
    ) -> VisibleRows {
        let rows = self.rows_for(rows_key(tl, items, generation), items, epoch, now);
        cut(rows, tl, items, now)
    }

    /// The performers of the history as far as the index has caught up with it.
    pub fn people(&self) -> &People {
        &self.facts.people
    }

    /// `visible`, keeping what it computed.
    pub fn fill_rows(
        &mut self,
        tl: &Timeline,
        items: &[AuditEvent],
        generation: u64,
        epoch: u64,
        now: DateTime<Utc>,
    ) -> VisibleRows {
        self.facts.catch_up(items, epoch);
        let rows = self.rows_for(rows_key(tl, items, generation), items, epoch, now);
        self.rows = Some(rows.clone());
        cut(rows, tl, items, now)
    }

    /// The rows for `key`: the cached ones when they are for it, else worked out.
    fn rows_for(&self, key: RowsKey, items: &[AuditEvent], epoch: u64, now: DateTime<Utc>) -> Rows {
        match &self.rows {
            Some(r) if r.key == key => r.clone(),
            Some(r)
                if r.epoch == epoch
                    && r.key.len < key.len
                    && r.key.filter == key.filter
                    && r.key.newest_first == key.newest_first =>
            {
                grow::extend_rows(r, key, items, now)
            }
            _ => self.compute_rows(key, items, epoch, now),
        }
    }

    fn compute_rows(
        &self,
        key: RowsKey,
        items: &[AuditEvent],
        epoch: u64,
        now: DateTime<Utc>,
    ) -> Rows {
        let in_time_order = items
            .windows(2)
            .all(|w| w[0].performed_time <= w[1].performed_time);
        Rows {
            all: self.filtered(&key, items, epoch, now).into(),
            key,
            in_time_order,
            epoch,
            grew_from: None,
        }
    }

    /// Whether the facts cover exactly `items`.
    fn facts_cover(&self, items: &[AuditEvent], epoch: u64) -> bool {
        let p = &self.facts.performer_of;
        !p.is_stale(items, epoch, &()) && p.values.len() == items.len()
    }

    /// `Timeline::visible` for the rows key's filter (no time range), with the performer compared
    /// by its index in the facts, when they cover the history, instead of formatted for every
    /// event.
    fn filtered(
        &self,
        key: &RowsKey,
        items: &[AuditEvent],
        epoch: u64,
        now: DateTime<Utc>,
    ) -> Vec<usize> {
        let plain = || {
            Timeline {
                filter: key.filter.clone(),
                newest_first: key.newest_first,
                ..Timeline::default()
            }
            .visible(items, now)
        };
        let Some(who) = &key.filter.performer else {
            return plain();
        };
        if !self.facts_cover(items, epoch) {
            return plain();
        }
        let facts = &self.facts;
        let ids = facts.people.ids_named(who);
        if ids.is_empty() {
            return Vec::new();
        }
        let since = key.filter.range.since(now);
        let mut rows: Vec<usize> = (0..items.len())
            .filter(|&i| {
                ids.contains(&facts.performer_of.values[i])
                    && key.filter.matches_but_performer(&items[i], since)
            })
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
        let fresh;
        let facts = if self.facts_cover(items, epoch) {
            &self.facts
        } else {
            let mut f = self.facts.clone();
            f.catch_up(items, epoch);
            fresh = f;
            &fresh
        };
        match row {
            FilterRow::Type => facts.types.iter().cloned().collect(),
            FilterRow::Performer => performers_in_order(facts.people.names()),
            FilterRow::Field => fields_in_order(facts.fields.iter().cloned().collect(), catalog),
            FilterRow::Range | FilterRow::From | FilterRow::To => Vec::new(),
        }
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
        let breaks = match &self.days {
            Some(d) if Arc::ptr_eq(&d.rows, &rows.all) && d.mode == mode && d.offset == offset => {
                d.breaks.clone()
            }
            _ => {
                let days = &self.item_days;
                let key = Some((mode, offset));
                if !days.is_stale(items, epoch, &key) && days.values.len() == items.len() {
                    breaks_of(&rows.all, |i| days.values[i])
                } else {
                    breaks_of(&rows.all, |i| {
                        items[i]
                            .performed_time
                            .map(|t| mode.zoned(t, offset).date_naive())
                    })
                }
            }
        };
        DayBreaks {
            breaks,
            start: rows.start,
            end: rows.end,
        }
    }

    /// `day_breaks`, keeping what it computed.
    pub fn fill_days(
        &mut self,
        items: &[AuditEvent],
        epoch: u64,
        rows: &VisibleRows,
        mode: TimeMode,
        offset: Option<FixedOffset>,
    ) -> DayBreaks {
        self.item_days
            .catch_up(items, epoch, Some((mode, offset)), |e| {
                e.performed_time.map(|t| mode.zoned(t, offset).date_naive())
            });
        let days = match self.grown_breaks(rows, mode, offset) {
            Some(breaks) => DayBreaks {
                breaks,
                start: rows.start,
                end: rows.end,
            },
            None => self.day_breaks(items, epoch, rows, mode, offset),
        };
        self.days = Some(Days {
            rows: rows.all.clone(),
            mode,
            offset,
            breaks: days.breaks.clone(),
        });
        days
    }

    /// The rows of `rows` whose event mentions `term` (`audit::search_matches`). A term that
    /// extends the last one only re-checks the last one's matches.
    pub fn matches(
        &self,
        items: &[AuditEvent],
        epoch: u64,
        rows: &VisibleRows,
        catalog: &Catalog,
        term: &str,
    ) -> Matches {
        if term.is_empty() {
            return window(Arc::from([]), rows);
        }
        let mark = self
            .known_mark(catalog)
            .unwrap_or_else(|| catalog_mark(catalog));
        let (all, _) = self.compute_matches(items, epoch, rows, catalog, mark, term);
        window(all, rows)
    }

    /// `matches`, keeping what it computed. `epoch` is the list's (`Paged::epoch`): the search
    /// texts are kept up to date with it even before any search, a page's worth at a time, so
    /// the first keystroke does not pay for the whole history.
    pub fn fill_matches(
        &mut self,
        items: &[AuditEvent],
        epoch: u64,
        rows: &VisibleRows,
        catalog: &Catalog,
        term: &str,
    ) -> Matches {
        let mark = self.mark(catalog);
        self.haystacks.catch_up(items, epoch, mark, |e| {
            search_text(e, catalog).to_lowercase().into_boxed_str()
        });
        if let Some(s) = self.grown_matches(rows, mark, term) {
            let all = s.matches.clone();
            self.search = Some(s);
            return window(all, rows);
        }
        let (all, search) = self.compute_matches(items, epoch, rows, catalog, mark, term);
        if let Some(s) = search {
            self.search = Some(s);
        }
        window(all, rows)
    }

    /// `catalog_mark(catalog)`, from the last catalog hashed when it is the same.
    fn known_mark(&self, catalog: &Catalog) -> Option<u64> {
        let (known, mark) = self.marked.as_ref()?;
        (known.fields == catalog.fields && known.options == catalog.options).then_some(*mark)
    }

    /// `known_mark`, hashing and keeping a catalog not seen last.
    fn mark(&mut self, catalog: &Catalog) -> u64 {
        if let Some(mark) = self.known_mark(catalog) {
            return mark;
        }
        let mark = catalog_mark(catalog);
        self.marked = Some((catalog.clone(), mark));
        mark
    }

    /// The matching positions in all of `rows`, and the search to keep when it was worked out
    /// anew. `mark` is `catalog_mark(catalog)`, worked out once by the caller: hashing the
    /// catalog is dearer than the rest of a refresh that finds nothing changed.
    fn compute_matches(
        &self,
        items: &[AuditEvent],
        epoch: u64,
        rows: &VisibleRows,
        catalog: &Catalog,
        mark: u64,
        term: &str,
    ) -> (Arc<[usize]>, Option<Search>) {
        let term = term.to_lowercase();
        let cached = self.search.as_ref();
        let same_rows = |s: &Search| Arc::ptr_eq(&s.rows, &rows.all) && s.catalog == mark;
        match cached {
            _ if term.is_empty() => return (Arc::from(Vec::new()), None),
            Some(s) if same_rows(s) && s.term == term => return (s.matches.clone(), None),
            _ => {}
        }
        let texts = &self.haystacks;
        let indexed = !texts.is_stale(items, epoch, &mark) && texts.values.len() == items.len();
        let hit = |pos: &usize| {
            let i = rows.all[*pos];
            if indexed {
                texts.values[i].contains(term.as_str())
            } else {
                search_text(&items[i], catalog)
                    .to_lowercase()
                    .contains(term.as_str())
            }
        };
        let all: Arc<[usize]> = match cached {
            // Typing on narrows the last matches.
            Some(s) if same_rows(s) && !s.term.is_empty() && term.starts_with(&s.term) => {
                s.matches.iter().copied().filter(hit).collect()
            }
            _ => (0..rows.all.len()).filter(hit).collect(),
        };
        let search = Search {
            rows: rows.all.clone(),
            catalog: mark,
            term,
            matches: all.clone(),
        };
        (all, Some(search))
    }
}

fn rows_key(tl: &Timeline, items: &[AuditEvent], generation: u64) -> RowsKey {
    RowsKey {
        generation,
        len: items.len(),
        filter: AuditFilter {
            range: TimeRange::All,
            ..tl.filter.clone()
        },
        newest_first: tl.newest_first,
    }
}

/// The time range's window onto `rows`.
fn cut(rows: Rows, tl: &Timeline, items: &[AuditEvent], now: DateTime<Utc>) -> VisibleRows {
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
            .filter(|&i| {
                tl.filter
                    .matches_but_performer(&items[i], tl.filter.range.since(now))
            })
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

/// Positions in `rows` whose day differs from the previous row's.
fn breaks_of(rows: &[usize], day: impl Fn(usize) -> Option<NaiveDate>) -> Arc<[usize]> {
    let mut breaks = Vec::new();
    let mut prev = rows.first().map(|&i| day(i));
    for (pos, &i) in rows.iter().enumerate().skip(1) {
        let d = Some(day(i));
        if d != prev {
            breaks.push(pos);
        }
        prev = d;
    }
    breaks.into()
}

/// The part of the matches `all` inside the window `rows`.
fn window(all: Arc<[usize]>, rows: &VisibleRows) -> Matches {
    let lo = all.partition_point(|&p| p < rows.start);
    let hi = all.partition_point(|&p| p < rows.end);
    Matches {
        all,
        lo,
        hi,
        start: rows.start,
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

mod grow;
#[cfg(test)]
mod tests;
