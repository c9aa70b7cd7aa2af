//! What the timeline derives from the whole loaded history — the rows the filters let through,
//! where the days break, which rows match the search — kept until the history, the filters, the
//! time mode or the catalog change. A key press or a frame with 100k events loaded then costs
//! what the screen shows, not what is loaded.
//!
//! Drawing takes `&App`, so the caches are `RefCell`s: filled by whichever of `update` or `draw`
//! asks first.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::{AuditFilter, TimeMode, TimeRange, Timeline, search_text};
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

/// Each event's searchable text, lowercased, by item index: the first `text.len()` items of the
/// list's `epoch` (pages only append within an epoch, so the texts stay valid as it grows).
#[derive(Debug, Clone, Default)]
struct Haystacks {
    epoch: u64,
    catalog: u64,
    text: Vec<Box<str>>,
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
        now: DateTime<Utc>,
    ) -> VisibleRows {
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
                let plain = Timeline {
                    filter: key.filter.clone(),
                    newest_first: key.newest_first,
                    ..Timeline::default()
                };
                let r = Rows {
                    all: plain.visible(items, now).into(),
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

    /// Where the days of `rows` break, in `mode` (with `offset` standing in for the machine's
    /// zone, as `TimeMode::zoned` takes it).
    pub fn day_breaks(
        &self,
        items: &[AuditEvent],
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
                let day = |i: usize| -> Option<NaiveDate> {
                    items[i]
                        .performed_time
                        .map(|t| mode.zoned(t, offset).date_naive())
                };
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
                let text = &haystacks.text;
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
        let mut h = self.haystacks.borrow_mut();
        if h.epoch != epoch || h.catalog != mark || h.text.len() > items.len() {
            *h = Haystacks {
                epoch,
                catalog: mark,
                text: Vec::with_capacity(items.len()),
            };
        }
        let from = h.text.len();
        h.text.extend(
            items[from..]
                .iter()
                .map(|e| search_text(e, catalog).to_lowercase().into_boxed_str()),
        );
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
