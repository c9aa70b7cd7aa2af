//! The SLA radar: every open SLA of the domain (Active or Overdue), soonest target first, with
//! how urgent each is worked out here against the clock (the service has no "due soon" status).
//!
//! One load is SearchAllRelatedItems filtered to open SLAs, every page of 25
//! (`ServiceCmd::LoadOpenSlas`). It is read in full when the feed opens, on `r`, and at most
//! every `feed.radar_reload_seconds` (60 by default) as the feed refreshes; between full reads
//! the open SLAs the feed's own refresh reads are added at once, and the urgency moves with the
//! clock. Case titles are looked up only for the rows in view (and a page above and below), one
//! GetCase each (title only), a few at a time, most urgent first, and are kept across reloads.
//! Read-only apart from `e`, which hands the selected SLA to staging's target editor.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};

use super::{CaseLookup, Feed, Opened};
use crate::app::Problem;
use crate::app::case_view::LinkTitle;
use crate::app::ctx::Ctx;
use crate::app::keymap::{Action, Scope};
use crate::app::list::Cursor;
use crate::app::msg::{Cmd, ServiceCmd};
use crate::aws::GatewayError;
use crate::edit::time_to_target;
use crate::model::{Case, CaseItem, RelatedContent, RelatedItem, Sla};

/// An SLA due within this many minutes is `Urgency::Soon`.
pub const SOON_MINUTES: i64 = 15;
/// An SLA due within this many minutes (and not sooner) is `Urgency::Hour`.
pub const HOUR_MINUTES: i64 = 60;
/// Title lookups in flight at once: enough to fill a screen quickly, few enough not to be
/// throttled by a real service.
const TITLES_IN_FLIGHT: usize = 8;
/// Rows the pane is taken to show before a frame has said how many fit.
const ASSUMED_PAGE: usize = 20;
/// The default seconds between the radar's full reads (`feed.radar_reload_seconds`).
pub const DEFAULT_RELOAD_SECONDS: u64 = 60;

/// How close an open SLA is to its target, worked out on the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Past its target (or the service already says Overdue).
    Breached,
    /// Due within [`SOON_MINUTES`].
    Soon,
    /// Due within [`HOUR_MINUTES`].
    Hour,
    /// Due later.
    Later,
    /// The service sent no target time: nothing can be said.
    Unknown,
}

impl Urgency {
    /// The marker that carries the urgency without colour.
    pub fn marker(self) -> &'static str {
        match self {
            Self::Breached => "!!",
            Self::Soon => "! ",
            Self::Hour => "· ",
            Self::Later | Self::Unknown => "  ",
        }
    }

    /// The legend the pane's title shows.
    pub fn legend() -> String {
        format!("!! breached  ! ≤{SOON_MINUTES} min  · ≤1 h")
    }
}

/// One open SLA on the radar.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarRow {
    pub case_id: String,
    pub item: RelatedItem,
}

impl RadarRow {
    fn sla(&self) -> Option<&Sla> {
        match &self.item.content {
            RelatedContent::Sla(sla) => Some(sla),
            _ => None,
        }
    }

    pub fn name(&self) -> &str {
        self.sla().map_or("", |s| s.name.as_str())
    }

    pub fn target(&self) -> Option<DateTime<Utc>> {
        self.sla().and_then(|s| s.target_time)
    }

    /// How urgent the SLA is at `now`.
    pub fn urgency(&self, now: DateTime<Utc>) -> Urgency {
        let Some(target) = self.target() else {
            return Urgency::Unknown;
        };
        let overdue = self.sla().is_some_and(|s| s.status == "Overdue");
        let left = target - now;
        // By whole minutes, as the row says it: "due in 15 min" (15 min 40 s) is within 15 min.
        let minutes = left.num_minutes();
        if overdue || left <= Duration::zero() {
            Urgency::Breached
        } else if minutes <= SOON_MINUTES {
            Urgency::Soon
        } else if minutes <= HOUR_MINUTES {
            Urgency::Hour
        } else {
            Urgency::Later
        }
    }

    /// "due in 4 min", "breached 12 min ago".
    pub fn due(&self, now: DateTime<Utc>) -> String {
        match self.sla() {
            Some(s) if s.status == "Overdue" && self.target().is_some_and(|t| t > now) => {
                // The service's clock is ahead of ours: say what it says, not a guess.
                "breached (service says Overdue)".to_string()
            }
            Some(s) => time_to_target(&s.status, s.target_time, s.completion_time, now),
            None => "not an SLA".to_string(),
        }
    }
}

/// The radar's rows, cursor, load state and the titles of their cases.
#[derive(Debug, Default, Clone)]
pub struct Radar {
    rows: Vec<RadarRow>,
    pub cursor: Cursor,
    /// The load in flight.
    pending: Option<u64>,
    /// A load has answered (rows are what the service holds, not "not loaded yet").
    pub loaded: bool,
    /// When the rows on show were loaded.
    pub loaded_at: Option<DateTime<Utc>>,
    /// Why the last load failed (the rows of the one before stay).
    pub error: Option<Problem>,
    /// The tick the last full read was asked for at (the feed's refresh reads it again once
    /// `reload_ticks` have passed).
    asked_tick: Option<u64>,
    /// The tick the rows on show were read in full at (for "SLAs read N s ago").
    read_tick: Option<u64>,
    /// Ticks (100 ms) between full reads as the feed refreshes.
    pub reload_ticks: u64,
    titles: HashMap<String, LinkTitle>,
    /// Title lookups in flight: request id -> case id.
    title_reqs: HashMap<u64, String>,
    /// Cases whose title is still to be asked for, most urgent first.
    title_queue: VecDeque<String>,
}

impl Radar {
    /// The radar pane's key scopes, its own first; the feed's (panes, refresh) under it.
    pub const SCOPES: [Scope; 4] = [Scope::Radar, Scope::Feed, Scope::List, Scope::Global];

    /// A radar that reads every open SLA again at most every `reload_seconds`.
    pub fn new(reload_seconds: u64) -> Self {
        Self {
            reload_ticks: reload_seconds.max(1) * 10,
            ..Self::default()
        }
    }

    pub fn rows(&self) -> &[RadarRow] {
        &self.rows
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some() || !self.title_reqs.is_empty()
    }

    /// The load in flight, for the pane's spinner.
    pub fn pending(&self) -> Option<u64> {
        self.pending
    }

    /// Asks for every open SLA of the domain (again); the rows on show stay until it answers.
    /// `known` are case titles the app has already seen, so they are not asked for again.
    pub fn load(&mut self, known: HashMap<String, String>, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id else {
            return Vec::new();
        };
        // A lookup that failed is asked again on the next load.
        self.titles
            .retain(|_, t| !matches!(t, LinkTitle::Failed(_)));
        self.learn(known);
        let req = ctx.req();
        self.pending = Some(req);
        self.asked_tick = Some(ctx.ticks);
        vec![Cmd::Service(ServiceCmd::LoadOpenSlas {
            req,
            domain_id: domain_id.to_string(),
        })]
    }

    /// Case titles seen elsewhere, so they are not asked for (a lookup in flight is left be).
    pub fn learn(&mut self, known: HashMap<String, String>) {
        for (id, title) in known {
            match self.titles.get(&id) {
                None | Some(LinkTitle::Failed(_)) => {
                    self.titles.insert(id, LinkTitle::Found(title));
                }
                _ => {}
            }
        }
    }

    /// The open SLAs arrived: sorted by target (breached longest ago first, then soonest due),
    /// the selection kept on the same SLA, and the titles of new cases asked for.
    pub fn receive(
        &mut self,
        req: u64,
        result: Result<Vec<CaseItem>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        if self.pending != Some(req) {
            return Vec::new();
        }
        self.pending = None;
        let items = match result {
            Ok(items) => items,
            Err(e) => {
                self.error = Some(Problem::from(&e));
                return Vec::new();
            }
        };
        let selected = self.selected_id();
        self.rows = items
            .into_iter()
            .filter(|i| matches!(i.item.content, RelatedContent::Sla(_)))
            .map(|i| RadarRow {
                case_id: i.case_id,
                item: i.item,
            })
            .collect();
        self.error = None;
        self.loaded = true;
        self.loaded_at = Some(ctx.now);
        self.read_tick = Some(ctx.ticks);
        self.sort_and_reselect(selected);
        self.want_titles(ctx)
    }

    /// The selected SLA as (case id, item id), to find it again once the rows change.
    fn selected_id(&self) -> Option<(String, String)> {
        self.selected()
            .map(|r| (r.case_id.clone(), r.item.id.clone()))
    }

    /// Sorts the rows and puts the cursor back on `selected` (from [`Self::selected_id`]), or
    /// keeps it in range where that SLA is gone.
    fn sort_and_reselect(&mut self, selected: Option<(String, String)>) {
        sort_rows(&mut self.rows);
        match selected.and_then(|(c, i)| {
            self.rows
                .iter()
                .position(|r| r.case_id == c && r.item.id == i)
        }) {
            Some(at) => self.cursor.selected = at,
            None => self.cursor.clamp(self.rows.len()),
        }
    }

    /// Whether a full read is due as the feed refreshes: never read, or `reload_ticks` since
    /// the last one was asked for.
    pub fn reload_due(&self, ticks: u64) -> bool {
        self.asked_tick
            .is_none_or(|t| ticks.saturating_sub(t) >= self.reload_ticks)
    }

    /// Seconds since the rows on show were read in full.
    pub fn age_seconds(&self, ticks: u64) -> Option<u64> {
        self.read_tick.map(|t| ticks.saturating_sub(t) / 10)
    }

    /// Open SLAs another read saw (the feed's refresh): an open one is added (or updated in
    /// place), one no longer open leaves; the order and the selected SLA are kept, and the
    /// titles now in view are asked for.
    pub fn take_seen(&mut self, items: &[CaseItem], ctx: &mut Ctx) -> Vec<Cmd> {
        if !self.loaded {
            return Vec::new();
        }
        let selected = self.selected_id();
        let mut changed = false;
        for i in items {
            let RelatedContent::Sla(sla) = &i.item.content else {
                continue;
            };
            let at = self
                .rows
                .iter()
                .position(|r| r.case_id == i.case_id && r.item.id == i.item.id);
            let open = matches!(sla.status.as_str(), "Active" | "Overdue");
            match (at, open) {
                (Some(at), true) if self.rows[at].item != i.item => {
                    self.rows[at].item = i.item.clone();
                }
                (Some(at), false) => {
                    self.rows.remove(at);
                }
                (None, true) => self.rows.push(RadarRow {
                    case_id: i.case_id.clone(),
                    item: i.item.clone(),
                }),
                _ => continue,
            }
            changed = true;
        }
        if !changed {
            return Vec::new();
        }
        self.sort_and_reselect(selected);
        self.want_titles(ctx)
    }

    /// The rows whose titles are wanted: those the pane shows (as the last frame reported, the
    /// selection kept in view) and a page above and below, in view first.
    fn title_rows(&self) -> Vec<usize> {
        let len = self.rows.len();
        let page = match self.cursor.drawn_page() {
            0 => ASSUMED_PAGE,
            n => n,
        };
        let offset = self.cursor.scroll_for(page, len).offset;
        let end = (offset + page).min(len);
        let below = (end + page).min(len);
        let above = offset.saturating_sub(page);
        (offset..end)
            .chain(end..below)
            .chain((above..offset).rev())
            .collect()
    }

    /// Asks for the titles of the cases in view (and a page around) that are not known, most
    /// urgent first, up to [`TITLES_IN_FLIGHT`] at once. Rows out of view are never looked up.
    pub fn want_titles(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let rows = self.title_rows();
        self.title_queue = unique(rows.iter().map(|&i| self.rows[i].case_id.as_str()))
            .filter(|id| !self.titles.contains_key(*id))
            .map(str::to_string)
            .collect();
        self.next_titles(ctx)
    }

    /// Takes a GetCase answer if it is one of the radar's title lookups (`None` if not).
    pub fn receive_title(
        &mut self,
        req: u64,
        result: &Result<Case, GatewayError>,
        ctx: &mut Ctx,
    ) -> Option<Vec<Cmd>> {
        let case_id = self.title_reqs.remove(&req)?;
        self.titles.insert(case_id, LinkTitle::of(result));
        Some(self.next_titles(ctx))
    }

    /// Starts title lookups from the queue until [`TITLES_IN_FLIGHT`] are in flight.
    fn next_titles(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id else {
            return Vec::new();
        };
        let mut cmds = Vec::new();
        while self.title_reqs.len() < TITLES_IN_FLIGHT {
            let Some(case_id) = self.title_queue.pop_front() else {
                break;
            };
            if self.titles.contains_key(&case_id) {
                continue;
            }
            let req = ctx.req();
            self.titles.insert(case_id.clone(), LinkTitle::Loading);
            self.title_reqs.insert(req, case_id.clone());
            cmds.push(Cmd::Service(ServiceCmd::GetCase {
                req,
                domain_id: domain_id.to_string(),
                case_id,
                field_ids: vec!["title".to_string()],
            }));
        }
        cmds
    }

    /// What the row says for its case: the title, or what is known instead.
    pub fn title(&self, case_id: &str) -> String {
        match self.titles.get(case_id) {
            Some(LinkTitle::Found(t)) => t.clone(),
            Some(LinkTitle::Untitled) => "(no title)".to_string(),
            Some(LinkTitle::NotFound) => "case not found".to_string(),
            Some(LinkTitle::Failed(why)) => format!("title not loaded: {why}"),
            Some(LinkTitle::Loading) | None => "loading title".to_string(),
        }
    }

    /// The case's title, when it is known.
    pub fn known_title(&self, case_id: &str) -> Option<&str> {
        match self.titles.get(case_id) {
            Some(LinkTitle::Found(t)) => Some(t),
            _ => None,
        }
    }

    /// Whether a GetCase answer `req` is one of the radar's title lookups.
    pub fn awaits_title(&self, req: u64) -> bool {
        self.title_reqs.contains_key(&req)
    }

    /// Every case title the radar knows, by case id.
    pub fn known_titles(&self) -> impl Iterator<Item = (&str, &str)> {
        self.titles.iter().filter_map(|(id, t)| match t {
            LinkTitle::Found(t) => Some((id.as_str(), t.as_str())),
            _ => None,
        })
    }

    pub fn selected(&self) -> Option<&RadarRow> {
        self.rows.get(self.cursor.selected)
    }

    /// Moves the cursor; `true` when `action` was a movement.
    pub fn handle(&mut self, action: Action) -> bool {
        self.cursor.apply(action, self.rows.len())
    }
}

impl Feed {
    /// The radar's part of a feed refresh: read the open SLAs again when `now` (`r`) or when
    /// `radar_reload_seconds` have passed since the last read, unless a load is still in flight
    /// (a slow service is not asked twice). Titles the feed already knows are reused.
    pub fn refresh_radar(&mut self, now: bool, ctx: &mut Ctx) -> Vec<Cmd> {
        if self.radar.pending.is_some() || !(now || self.radar.reload_due(ctx.ticks)) {
            return Vec::new();
        }
        self.reload_radar(ctx)
    }

    /// Load the open SLAs now, even if a load is in flight (after a write: the older answer
    /// may predate it and is dropped).
    pub fn reload_radar(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let known = self.known_titles();
        self.radar.load(known, ctx)
    }

    /// The radar's open SLAs arrived. Titles the activity pane learnt meanwhile (its SearchCases
    /// answers first, often) are taken before the radar asks for any.
    pub fn receive_radar(
        &mut self,
        req: u64,
        result: Result<Vec<CaseItem>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let known = self.known_titles();
        self.radar.learn(known);
        let fresh = self.radar.pending() == Some(req) && result.is_ok();
        let cmds = self.radar.receive(req, result, ctx);
        if fresh {
            self.activity
                .follow_open_slas(self.radar.rows.iter().map(|r| &r.item));
        }
        cmds
    }

    /// The case titles the activity pane knows.
    fn known_titles(&self) -> HashMap<String, String> {
        self.activity
            .cases
            .iter()
            .filter_map(|(id, lookup)| match lookup {
                CaseLookup::Known(info) => Some((id.clone(), info.title.clone()?)),
                _ => None,
            })
            .collect()
    }

    /// An action while the radar pane has the focus: move, `Enter` opens the SLA's case at the
    /// SLA (`e` is the app's: it opens staging's SLA editor, see `radar_edit`).
    pub(super) fn radar_action(&mut self, action: Action, ctx: &mut Ctx) -> Vec<Cmd> {
        match action {
            Action::Open => match self.radar.selected() {
                Some(row) => {
                    self.opened = Some(Opened {
                        case_id: row.case_id.clone(),
                        item_id: Some(row.item.id.clone()),
                    });
                }
                None => ctx.set_info("No SLA selected."),
            },
            _ => {
                if self.radar.handle(action) {
                    return self.radar.want_titles(ctx);
                }
            }
        }
        Vec::new()
    }
}

/// Soonest target first: a breached SLA's target is in the past, so the longest breached comes
/// first, then the soonest due; SLAs without a target last. Ties go by case and item, so a
/// reload never reorders equal rows.
fn sort_rows(rows: &mut [RadarRow]) {
    rows.sort_by(|a, b| {
        let key = |r: &RadarRow| (r.target().is_none(), r.target());
        key(a)
            .cmp(&key(b))
            .then_with(|| a.case_id.cmp(&b.case_id))
            .then_with(|| a.item.id.cmp(&b.item.id))
    });
}

/// `ids` without repeats, in first-seen order.
fn unique<'a>(ids: impl Iterator<Item = &'a str>) -> impl Iterator<Item = &'a str> {
    let mut seen = std::collections::HashSet::new();
    ids.filter(move |id| seen.insert(*id))
}

/// Radars for component tests, without a service.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::model::{FieldValue, RelatedItemType};

    pub(crate) fn now() -> DateTime<Utc> {
        "2026-12-01T10:00:00Z".parse().unwrap()
    }

    /// A loaded radar of `items`, with the given case titles known (the rest "loading").
    pub(crate) fn radar(items: Vec<CaseItem>, titles: &[(&str, &str)]) -> Radar {
        let mut radar = Radar {
            loaded: true,
            loaded_at: Some(now()),
            ..Radar::default()
        };
        radar.rows = items
            .into_iter()
            .map(|i| RadarRow {
                case_id: i.case_id,
                item: i.item,
            })
            .collect();
        sort_rows(&mut radar.rows);
        for (id, t) in titles {
            radar
                .titles
                .insert(id.to_string(), LinkTitle::Found(t.to_string()));
        }
        radar
    }

    /// An open SLA on `case` due `minutes` from [`now`] (negative: breached).
    pub(crate) fn open_sla(case: &str, id: &str, name: &str, minutes: i64) -> CaseItem {
        let target = now() + Duration::minutes(minutes);
        CaseItem {
            case_id: case.into(),
            item: RelatedItem {
                id: id.into(),
                item_type: RelatedItemType::Sla,
                association_time: Some(target - Duration::minutes(120)),
                content: RelatedContent::Sla(Sla {
                    name: name.into(),
                    sla_type: "CaseField".into(),
                    status: if minutes > 0 { "Active" } else { "Overdue" }.into(),
                    field_id: Some("status".into()),
                    target_field_values: vec![FieldValue::String("closed".into())],
                    target_time: Some(target),
                    completion_time: None,
                }),
                tags: Default::default(),
                performed_by: None,
            },
        }
    }
}

#[cfg(test)]
#[path = "radar_tests.rs"]
mod tests;
