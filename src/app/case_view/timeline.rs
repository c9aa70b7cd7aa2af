//! The audit-timeline pane: the case's history in time order, its filters (`f`), search (`/`),
//! order, time mode and the expanded event, over the cached `TimelineIndex`.

use chrono::{DateTime, FixedOffset, Utc};

use crate::aws::GatewayError;
use crate::model::{AuditEvent, Page};

use super::super::InputKind;
use super::super::audit::history::History;
use super::super::audit::{
    self, DayBreaks, FilterRow, Matches, Source, Timeline, TimelineIndex, VisibleRows,
};
use super::super::ctx::{Ctx, Go};
use super::super::format::{self, Catalog};
use super::super::keymap::{Action, Scope};
use super::super::msg::{Cmd, ServiceCmd};
use super::super::paged::Paged;

mod picker;

/// Restarts from the first page after rejected page tokens before giving up with an error.
const MAX_TOKEN_RESTARTS: u8 = 2;

#[derive(Debug, Clone, Default)]
pub struct AuditPane {
    /// The audit history, oldest first (the timeline orders and filters it for display).
    pub list: Paged<AuditEvent>,
    pub timeline: Timeline,
    /// The timeline's rows, day breaks and search matches, computed once per change.
    index: TimelineIndex,
    /// The case rebuilt from the history, a page at a time as it arrives (blame, as of).
    pub history: History,
    /// The filter form's picker, when one is open over it.
    pub picker: Option<audit::FilterPicker>,
}

impl AuditPane {
    /// A pane that shows the newest events first (how a case opens).
    pub fn newest_first() -> Self {
        let mut pane = Self::default();
        pane.timeline.newest_first = true;
        pane
    }

    /// The scope it answers: the filter form's while that is open.
    pub fn scope(&self) -> Scope {
        if self.picker.is_some() && self.timeline.form.is_some() {
            Scope::AuditPicker
        } else if self.timeline.form.is_some() {
            Scope::AuditFilter
        } else {
            Scope::Audit
        }
    }

    /// Bring the caches up to the history, the timeline and the catalog: the app calls it after
    /// each message, so drawing finds them filled.
    pub fn refresh_index(
        &mut self,
        now: DateTime<Utc>,
        catalog: &Catalog,
        offset: Option<FixedOffset>,
    ) {
        self.history.catch_up(&self.list.items, self.list.epoch());
        self.index.refresh(&Source {
            timeline: &self.timeline,
            items: &self.list.items,
            generation: self.list.generation(),
            epoch: self.list.epoch(),
            now,
            catalog,
            offset,
        });
    }

    /// Indices of the events the timeline's filters let through, in display order
    /// (`Timeline::visible`, cached: a key press with 100k events loaded does not refilter them).
    pub fn visible(&self, now: DateTime<Utc>) -> VisibleRows {
        self.index.visible(
            &self.timeline,
            &self.list.items,
            self.list.generation(),
            self.list.epoch(),
            now,
        )
    }

    /// The values the filter form steps `row` through: those seen in the loaded history.
    pub fn seen_values(&self, row: FilterRow, catalog: &Catalog) -> Vec<String> {
        self.index
            .seen(row, &self.list.items, self.list.epoch(), catalog)
    }

    /// Where the days break in `rows` (from `visible`) in the timeline's time mode.
    pub fn day_breaks(&self, rows: &VisibleRows, offset: Option<FixedOffset>) -> DayBreaks {
        self.index.day_breaks(
            &self.list.items,
            self.list.epoch(),
            rows,
            self.timeline.time,
            offset,
        )
    }

    /// Which of `rows` (from `visible`) match the timeline's search.
    pub fn matches(&self, rows: &VisibleRows, catalog: &Catalog) -> Matches {
        self.index.matches(
            &self.list.items,
            self.list.epoch(),
            rows,
            catalog,
            &self.timeline.search,
        )
    }

    /// `audit::find_match` for the search, over the cached matches: the position in the visible
    /// rows of the next match after `from` (or at it, with `inclusive`).
    pub fn find_match(
        &self,
        now: DateTime<Utc>,
        catalog: &Catalog,
        from: usize,
        forward: bool,
        inclusive: bool,
    ) -> Option<usize> {
        let rows = self.visible(now);
        self.matches(&rows, catalog)
            .next_from(from, forward, inclusive)
    }

    /// The performers of the loaded history, one person under one name.
    pub fn people(&self) -> &audit::People {
        self.index.people()
    }

    pub fn selected(&self, now: DateTime<Utc>) -> Option<&AuditEvent> {
        self.list.selected_in(&self.visible(now))
    }

    /// A page of the history: the first (`append` false) or the next.
    pub fn page(&mut self, append: bool, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some((req, domain_id, next_token)) = self.list.begin_in_domain(append, ctx) else {
            return Vec::new();
        };
        vec![Cmd::Service(ServiceCmd::LoadAudit {
            req,
            domain_id,
            case_id: case_id.to_string(),
            next_token,
        })]
    }

    /// Every page has arrived: blame and the case as of a moment can answer.
    pub fn is_complete(&self) -> bool {
        self.list.loaded
            && self.list.next_token.is_none()
            && !self.list.is_loading()
            && self.list.error.is_none()
    }

    /// `history 250 / …` while pages arrive, `history 250 / … stopped` after a failure, and
    /// `history 1,020` once complete.
    pub fn progress(&self) -> String {
        let n = self.list.items.len();
        if self.is_complete() {
            format!("history {n}")
        } else if self.list.error.is_some() {
            format!("history {n} / … stopped (L resumes)")
        } else {
            format!("history {n} / …")
        }
    }

    /// Why blame or the case as of a moment cannot answer yet, or `None` when they can.
    pub fn incomplete(&self) -> Option<String> {
        if self.is_complete() {
            return None;
        }
        let n = self.list.items.len();
        Some(if self.list.error.is_some() {
            format!("the history stopped loading at {n} events; L in the audit pane resumes it")
        } else {
            format!("loading the history ({n} / …)")
        })
    }

    /// The history again from its first page, then every later page in the background.
    pub fn reload(&mut self, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        self.timeline.load_all = true;
        self.timeline.restarts = 0;
        self.page(false, case_id, ctx)
    }

    pub fn maybe_next_page(&mut self, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        if self.list.wants_next_page(self.visible(ctx.now).len()) {
            return self.page(true, case_id, ctx);
        }
        Vec::new()
    }

    pub fn receive(
        &mut self,
        req: u64,
        result: Result<Page<AuditEvent>, GatewayError>,
        case_id: &str,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        if !self.list.awaits(req) {
            return Vec::new();
        }
        if let Err(e) = &result {
            // An expired or foreign page token: start over rather than leave a half list.
            if self.list.pending_is_append()
                && audit::is_rejected_token(e)
                && self.timeline.restarts < MAX_TOKEN_RESTARTS
            {
                self.timeline.restarts += 1;
                self.list.next_token = None;
                ctx.set_info(
                    "The service no longer accepts the audit page token; reloading the history from the first page.",
                );
                return self.page(false, case_id, ctx);
            }
            self.timeline.load_all = false;
            ctx.set_error("loading the audit history", e);
        }
        let appended = self.list.pending_is_append();
        let ok = result.is_ok();
        let now = ctx.now;
        // Where the selection is, from the cached rows: a page costs what it brings.
        let before = self.visible(now);
        let selected = self.list.cursor.selected;
        let keep = before.get(selected).map(|&i| self.list.items[i].id.clone());
        let shown_before = before.len();
        drop(before);
        if !self.list.receive_page(req, result, sort_audit_from) {
            return Vec::new();
        }
        self.refresh_index(now, ctx.catalog, ctx.local_offset);
        if ok && !appended {
            self.list.cursor.reset();
        } else if ok {
            self.keep_selection(keep, selected, shown_before, now);
        }
        if ok && appended {
            self.timeline.restarts = 0;
        }
        if self.timeline.load_all {
            if self.list.next_token.is_some() {
                return self.page(true, case_id, ctx);
            }
            self.timeline.load_all = false;
            return Vec::new();
        }
        self.maybe_next_page(case_id, ctx)
    }

    /// After a later page: the top row stays on top when newest first (the newest event), else
    /// the event `keep` that was at `selected` of `shown_before` rows stays selected.
    fn keep_selection(
        &mut self,
        keep: Option<String>,
        selected: usize,
        shown_before: usize,
        now: DateTime<Utc>,
    ) {
        let rows = self.visible(now);
        let newest_first = self.timeline.newest_first;
        if newest_first && selected == 0 {
            self.list.cursor.selected = 0;
            return;
        }
        let Some(keep) = keep else {
            self.list.cursor.clamp(rows.len());
            return;
        };
        let guess = if newest_first {
            selected + rows.len().saturating_sub(shown_before)
        } else {
            selected
        };
        let items = &self.list.items;
        if rows.get(guess).is_some_and(|&i| items[i].id == keep) {
            self.list.cursor.selected = guess;
        } else if let Some(pos) = rows.iter().position(|&i| items[i].id == keep) {
            self.list.cursor.selected = pos;
        }
        self.list.cursor.clamp(rows.len());
    }

    /// Change the order or filters, keeping the selected event selected when it is still shown.
    fn change(&mut self, case_id: &str, ctx: &mut Ctx, f: impl FnOnce(&mut Timeline)) -> Vec<Cmd> {
        let now = ctx.now;
        let keep = self.selected(now).map(|e| e.id.clone());
        f(&mut self.timeline);
        self.refresh_index(now, ctx.catalog, ctx.local_offset);
        let rows = self.visible(now);
        match keep.and_then(|k| rows.iter().position(|&i| self.list.items[i].id == k)) {
            Some(pos) => self.list.cursor.selected = pos,
            None => self.list.cursor.clamp(rows.len()),
        }
        self.maybe_next_page(case_id, ctx)
    }

    /// The pane's own actions.
    pub fn handle(&mut self, action: Action, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        match action {
            Action::FilterAudit => self.timeline.form = Some(0),
            Action::SearchAudit => ctx.go(Go::input(InputKind::AuditSearch, &self.timeline.search)),
            Action::ScrollEventDown | Action::ScrollEventUp => {
                let id = self
                    .selected(ctx.now)
                    .filter(|_| self.timeline.expanded)
                    .map(|e| e.id.clone());
                if let Some(id) = id {
                    let at = self.timeline.scroll_for(&id);
                    let at = if action == Action::ScrollEventDown {
                        // The drawing clamps it to the event's length.
                        at + 1
                    } else {
                        at.saturating_sub(1)
                    };
                    self.timeline.expanded_scroll = (id, at);
                }
            }
            Action::NextMatch | Action::PrevMatch => {
                self.next_match(action == Action::NextMatch, ctx);
            }
            Action::ToggleOrder => {
                return self.change(case_id, ctx, |t| t.newest_first = !t.newest_first);
            }
            Action::CycleTime => self.timeline.time = self.timeline.time.next(),
            Action::LoadAllAudit => return self.load_all(case_id, ctx),
            Action::ExpandEvent => self.expand(ctx.now),
            _ => {
                let n = self.visible(ctx.now).len();
                self.list.cursor.apply(action, n);
            }
        }
        self.maybe_next_page(case_id, ctx)
    }

    /// `Enter`: expand the selected event; on the event already expanded, collapse it.
    fn expand(&mut self, now: DateTime<Utc>) {
        let id = self.selected(now).map(|e| e.id.clone());
        let tl = &mut self.timeline;
        if tl.expanded && tl.expanded_on == id {
            tl.expanded = false;
            tl.expanded_on = None;
        } else {
            tl.expanded = id.is_some();
            tl.expanded_on = id;
        }
    }

    /// An action while the filter form is open.
    pub fn handle_form(&mut self, action: Action, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(row) = self.timeline.form_row() else {
            return Vec::new();
        };
        let last = FilterRow::ALL.len() - 1;
        let i = self.timeline.form.unwrap_or(0);
        match action {
            Action::Down => self.timeline.form = Some((i + 1).min(last)),
            Action::Up => self.timeline.form = Some(i.saturating_sub(1)),
            Action::FilterAudit | Action::Back => {
                self.timeline.form = None;
                self.picker = None;
            }
            Action::FilterNextValue | Action::FilterPrevValue => {
                let fwd = action == Action::FilterNextValue;
                let seen = self.seen_values(row, ctx.catalog);
                return self.change(case_id, ctx, |t| t.filter.step(row, &seen, fwd));
            }
            Action::FilterEdit if row.is_typed() => {
                let current = self.timeline.filter.value_label(row, ctx.catalog);
                let text = if current == "any" { "" } else { &current };
                ctx.go(Go::input(InputKind::AuditDate(row), text));
            }
            Action::FilterEdit => self.open_picker(row, ctx),
            Action::FilterClear => return self.change(case_id, ctx, |t| t.filter.clear(row)),
            _ => {}
        }
        Vec::new()
    }

    /// A date typed into the form's row `row` (empty clears it).
    pub fn set_date(
        &mut self,
        row: FilterRow,
        text: &str,
        case_id: &str,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let date = if text.is_empty() {
            None
        } else {
            match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    ctx.set_problem(format!(
                        "'{text}' is not a date: type it as YYYY-MM-DD, e.g. 2024-04-30 (empty clears)."
                    ));
                    return Vec::new();
                }
            }
        };
        self.change(case_id, ctx, |t| match row {
            FilterRow::From => t.filter.from = date,
            _ => t.filter.to = date,
        })
    }

    /// Set the search and select the first match at or after the selection.
    pub fn search(&mut self, term: String, report: bool, ctx: &mut Ctx) {
        self.timeline.search = term.clone();
        // Typing on narrows the last matches: keep them for the next keystroke.
        self.refresh_index(ctx.now, ctx.catalog, ctx.local_offset);
        let from = self.list.cursor.selected;
        match self.find_match(ctx.now, ctx.catalog, from, true, true) {
            Some(pos) => self.list.cursor.selected = pos,
            None if report && !term.is_empty() => {
                let more = if self.list.next_token.is_some() {
                    " among the loaded events (L loads all)"
                } else {
                    ""
                };
                ctx.set_info(format!("No events match '{term}'{more}."));
            }
            None => {}
        }
    }

    fn next_match(&mut self, forward: bool, ctx: &mut Ctx) {
        let term = self.timeline.search.clone();
        if term.is_empty() {
            ctx.set_info("No search yet: / searches the audit history.");
            return;
        }
        let from = self.list.cursor.selected;
        match self.find_match(ctx.now, ctx.catalog, from, forward, false) {
            Some(pos) => {
                let wrapped = if forward { pos <= from } else { pos >= from };
                self.list.cursor.selected = pos;
                if wrapped {
                    let end = if forward { "top" } else { "bottom" };
                    let more = if self.list.next_token.is_some() {
                        " (only loaded events are searched; L loads all)"
                    } else {
                        ""
                    };
                    ctx.set_info(format!("Search wrapped to the {end}{more}."));
                }
            }
            None => ctx.set_info(format!("No events match '{term}'.")),
        }
    }

    /// `L`: request pages until the service has no more.
    fn load_all(&mut self, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        if self.list.is_loading() {
            self.timeline.load_all = true;
            return Vec::new();
        }
        if self.list.next_token.is_some() {
            self.timeline.load_all = true;
            return self.page(true, case_id, ctx);
        }
        if self.list.error.is_some() || !self.list.loaded {
            let cmds = self.reload(case_id, ctx);
            self.timeline.load_all = true;
            return cmds;
        }
        let n = self.list.items.len();
        ctx.set_info(format!("All {n} audit events are loaded."));
        Vec::new()
    }

    /// Esc peels back one layer at a time: the expanded event, the search, then the filters.
    /// `None` when there is nothing to peel.
    pub fn back(&mut self, case_id: &str, ctx: &mut Ctx) -> Option<Vec<Cmd>> {
        if self.timeline.expanded {
            self.timeline.expanded = false;
            return Some(Vec::new());
        }
        if !self.timeline.search.is_empty() {
            self.timeline.search.clear();
            return Some(Vec::new());
        }
        if self.timeline.filter.is_active() {
            return Some(self.change(case_id, ctx, |t| t.filter = Default::default()));
        }
        None
    }
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

/// `sort_audit` for a list whose items before `from` are already sorted: a page that follows
/// them in time (the usual case) is checked and deduplicated on its own, leaving the earlier
/// items where they are (`false`); anything else sorts the whole list.
pub fn sort_audit_from(items: &mut Vec<AuditEvent>, from: usize) -> bool {
    let le =
        |a: &AuditEvent, b: &AuditEvent| (a.performed_time, &a.id) <= (b.performed_time, &b.id);
    let follows = from == 0 || from >= items.len() || le(&items[from - 1], &items[from]);
    if !follows || !items[from..].is_sorted_by(le) {
        return sort_audit(items);
    }
    let mut tail = items.split_off(from.saturating_sub(1));
    tail.dedup_by(|a, b| a.performed_time == b.performed_time && a.id == b.id);
    items.extend(tail);
    false
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
