//! The supervisor's feed (`:feed`, `F` from the case list): the domain's activity across cases
//! in one pane, and a second pane for the SLA radar. Like the case view, `Tab`/`Shift-Tab` and
//! `1`/`2` move between the panes; the feed routes each action to the focused one.
//!
//! The activity pane (`activity`, `refresh`) refreshes on its own every `feed.refresh_seconds`
//! (15 by default) while it is on show and nothing covers it, keeps the selected row when new
//! rows arrive above it and counts them.

pub mod activity;
pub mod changes;
pub mod radar;
mod radar_edit;
pub mod refresh;
mod screen;

use ratatui::crossterm::event::KeyEvent;

pub use activity::{
    Activity, CaseInfo, CaseLookup, FeedRow, FilterKey, Filters, Happened, RowKind,
};
pub use changes::{ChangeLookups, Changes};
pub use refresh::{Reading, Which};

use super::Problem;
use super::audit::TimeMode;
use super::audit::{FilterPicker, FilterRow, PickOption};
use super::ctx::Ctx;
use super::keymap::{Action, Scope};
use super::msg::Cmd;
use crate::aws::GatewayError;
use crate::model::{Case, CaseItem, Page, RelatedItemType};

/// The default seconds between refreshes (`feed.refresh_seconds` in the config file).
pub const DEFAULT_REFRESH_SECONDS: u64 = 15;

/// Which pane of the feed has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeedFocus {
    #[default]
    Activity,
    Radar,
}

impl FeedFocus {
    pub fn next(self) -> Self {
        match self {
            Self::Activity => Self::Radar,
            Self::Radar => Self::Activity,
        }
    }
}

/// A filter picker open over the activity pane: first which filter, then its value.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedPicker {
    /// `None` while choosing which filter to set.
    pub key: Option<FilterKey>,
    pub picker: FilterPicker,
}

impl FeedPicker {
    pub fn title(&self) -> &'static str {
        self.key.map_or("Filter the feed by", FilterKey::label)
    }
}

/// Where `Enter` went from the feed: `Esc` comes back here.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub case_id: String,
    /// The item to select in the related pane once it is loaded (`None`: done or a case row).
    pub item_id: Option<String>,
}

/// The feed screen.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The domain it reads; another domain starts a new feed.
    pub domain_id: String,
    pub focus: FeedFocus,
    pub activity: Activity,
    pub reading: Reading,
    pub picker: Option<FeedPicker>,
    pub time: TimeMode,
    /// Ticks (100 ms) between refreshes.
    pub refresh_ticks: u64,
    /// The case opened from the feed, to come back from.
    pub opened: Option<Opened>,
    /// The SLA radar pane: every open SLA of the domain, soonest due first.
    pub radar: radar::Radar,
    /// What changed in the case updates selected so far.
    pub changes: ChangeLookups,
}

impl Feed {
    pub fn new(domain_id: String, refresh_seconds: u64, time: TimeMode) -> Self {
        Self {
            domain_id,
            focus: FeedFocus::Activity,
            activity: Activity::default(),
            reading: Reading::default(),
            picker: None,
            time,
            refresh_ticks: refresh_seconds.max(1) * 10,
            opened: None,
            radar: radar::Radar::new(radar::DEFAULT_RELOAD_SECONDS),
            changes: ChangeLookups::default(),
        }
    }

    /// The key scopes, for dispatch and help.
    pub fn scopes(&self) -> Vec<Scope> {
        if self.picker.is_some() {
            return vec![Scope::AuditPicker];
        }
        if self.focus == FeedFocus::Radar {
            return radar::Radar::SCOPES.to_vec();
        }
        vec![Scope::Activity, Scope::Feed, Scope::List, Scope::Global]
    }

    /// The types SearchAllRelatedItems is asked for (none: every type).
    fn types(&self) -> Vec<RelatedItemType> {
        match self.activity.filters.kind {
            Some(RowKind::Item(t)) => vec![t],
            _ => Vec::new(),
        }
    }

    /// Read now: the first page of each listing, or what is newer than the last refresh; the
    /// radar's open SLAs in full when `radar_now` (`r`) or when its reload is due.
    pub fn refresh(&mut self, radar_now: bool, ctx: &mut Ctx) -> Vec<Cmd> {
        let types = self.types();
        let mut cmds = self.reading.refresh(&types, ctx);
        cmds.extend(self.refresh_radar(radar_now, ctx));
        cmds
    }

    /// Start again from nothing (a new type filter; a refresh that found too much).
    pub fn reload(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        self.activity.clear_rows();
        let kind = self.activity.filters.kind;
        self.reading = Reading {
            last_requests: self.reading.last_requests,
            lookups: std::mem::take(&mut self.reading.lookups),
            ..Reading::default()
        };
        self.reading.items.off = kind == Some(RowKind::CaseUpdated);
        self.reading.cases.off = matches!(kind, Some(RowKind::Item(_)));
        self.activity.horizon = self.reading.horizon();
        self.refresh(false, ctx)
    }

    /// Why the feed does not refresh on its own now, if it does not.
    pub fn paused(&self, covered: bool) -> Option<&'static str> {
        if self.picker.is_some() {
            Some("paused while the filter picker is open")
        } else if covered {
            Some("paused while an overlay is open")
        } else {
            None
        }
    }

    /// A tick while the feed is on show: refresh when it is time and nothing covers it. The
    /// radar's titles follow the rows in view as the last frame reported them.
    pub fn tick(&mut self, covered: bool, ctx: &mut Ctx) -> Vec<Cmd> {
        let cmds = self.radar.want_titles(ctx);
        if !cmds.is_empty() {
            return cmds;
        }
        if self.paused(covered).is_some() || self.reading.refreshing {
            return Vec::new();
        }
        let due = self
            .reading
            .done_tick
            .is_none_or(|t| ctx.ticks.saturating_sub(t) >= self.refresh_ticks);
        if due && self.reading.done_tick.is_some() {
            return self.refresh(false, ctx);
        }
        Vec::new()
    }

    pub fn is_loading(&self) -> bool {
        self.reading.is_loading() || self.changes.is_loading()
    }

    /// The selected row's changes, when it is a case update (read lazily, for it only).
    pub fn want_changes(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        if self.focus != FeedFocus::Activity {
            return Vec::new();
        }
        self.changes.want(self.activity.selected(), ctx)
    }

    /// Whether a listing answer `req` is this feed's.
    pub fn awaits(&self, req: u64) -> bool {
        self.reading.awaits(req).is_some()
            || self.reading.is_lookup(req)
            || self.changes.awaits(req)
    }

    pub fn receive_items(
        &mut self,
        req: u64,
        result: Result<Page<CaseItem>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        if self.reading.awaits(req) != Some(Which::Items) {
            return Vec::new();
        }
        let mut cmds = Vec::new();
        if let Ok(p) = &result {
            // New SLAs reach the radar with the feed's refresh, not its next full read.
            cmds = self.radar.take_seen(&p.items, ctx);
        }
        let page = result
            .map(|p| {
                (
                    p.items.into_iter().map(FeedRow::from_item).collect(),
                    p.next_token,
                )
            })
            .map_err(|e| {
                ctx.set_error("reading the domain's related items", &e);
                Problem::from(e)
            });
        cmds.extend(self.receive(Which::Items, page, ctx));
        cmds
    }

    /// A SearchCases page or a case lookup (GetCase) of this feed.
    pub fn receive_cases(
        &mut self,
        req: u64,
        result: Result<Page<Case>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        if self.reading.awaits(req) != Some(Which::Cases) {
            return Vec::new();
        }
        if let Ok(page) = &result {
            for case in &page.items {
                self.activity
                    .cases
                    .insert(case.id.clone(), CaseLookup::Known(CaseInfo::of(case)));
            }
        }
        let page = result
            .map(|p| {
                (
                    p.items.iter().map(FeedRow::from_case).collect(),
                    p.next_token,
                )
            })
            .map_err(|e| {
                ctx.set_error("reading the domain's recently updated cases", &e);
                Problem::from(e)
            });
        self.receive(Which::Cases, page, ctx)
    }

    fn receive(
        &mut self,
        which: Which,
        page: Result<(Vec<FeedRow>, Option<String>), Problem>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let types = self.types();
        let (mut cmds, overran) =
            self.reading
                .receive(which, page, &mut self.activity, &types, ctx);
        if overran {
            ctx.set_info(format!(
                "More than {} new rows since the last refresh: the feed starts again from the newest.",
                refresh::MAX_WALK * refresh::PAGE as usize
            ));
            return self.reload(ctx);
        }
        cmds.extend(self.maybe_older(ctx));
        cmds.extend(self.want_changes(ctx));
        cmds
    }

    /// A case lookup's answer (`Msg::CaseLoaded` for a request of this feed).
    pub fn receive_case(&mut self, req: u64, result: Result<Case, GatewayError>, ctx: &mut Ctx) {
        let result = result.map(|c| CaseInfo::of(&c)).map_err(|e| e.to_string());
        self.reading
            .looked_up(req, result, &mut self.activity, ctx.ticks);
    }

    /// The next older page when the selection nears the last row shown.
    pub fn maybe_older(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let len = self.activity.visible.len();
        if !self
            .activity
            .cursor
            .near_end(len, super::paged::PREFETCH_MARGIN)
        {
            return Vec::new();
        }
        let types = self.types();
        self.reading.older(&types, ctx)
    }

    /// The feed's actions: the panes' focus, then the focused pane's.
    pub fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Vec<Cmd> {
        match action {
            Action::NextPane | Action::PrevPane => {
                self.focus = self.focus.next();
                return Vec::new();
            }
            Action::FocusActivity => {
                self.focus = FeedFocus::Activity;
                return Vec::new();
            }
            Action::FocusRadar => {
                self.focus = FeedFocus::Radar;
                return Vec::new();
            }
            Action::Refresh => return self.refresh(true, ctx),
            _ => {}
        }
        match self.focus {
            FeedFocus::Activity => self.handle_activity(action, ctx),
            FeedFocus::Radar => self.handle_radar(action, ctx),
        }
    }

    /// The radar pane's actions (see `radar`).
    fn handle_radar(&mut self, action: Action, ctx: &mut Ctx) -> Vec<Cmd> {
        self.radar_action(action, ctx)
    }

    fn handle_activity(&mut self, action: Action, ctx: &mut Ctx) -> Vec<Cmd> {
        match action {
            Action::Open => {
                let Some(row) = self.activity.selected() else {
                    ctx.set_info("No row selected.");
                    return Vec::new();
                };
                self.opened = Some(Opened {
                    case_id: row.case_id.clone(),
                    item_id: row.item().map(|i| i.id.clone()),
                });
                Vec::new()
            }
            Action::FilterFeed | Action::Filter => {
                let options = FilterKey::ALL
                    .iter()
                    .map(|k| {
                        let mut o = PickOption::new(Some(k.label().into()), k.label());
                        o.aside = Some(
                            match k {
                                FilterKey::Kind => "on the service",
                                _ => "over the loaded rows",
                            }
                            .into(),
                        );
                        o
                    })
                    .collect();
                let mut picker = FilterPicker::new(FilterRow::Type, options, None);
                // "any" is no filter to choose here: the first filter is selected.
                picker.options.remove(0);
                self.picker = Some(FeedPicker { key: None, picker });
                Vec::new()
            }
            Action::ClearFeedFilters => {
                let kind_was = self.activity.filters.kind;
                self.activity.filters = Filters::default();
                ctx.set_info("Every filter cleared.");
                if kind_was.is_some() {
                    return self.reload(ctx);
                }
                self.activity.refresh_visible();
                Vec::new()
            }
            Action::CycleTime => {
                self.time = self.time.next();
                ctx.set_info(format!("Times: {}", self.time.label()));
                Vec::new()
            }
            _ => {
                let n = self.activity.visible.len();
                if self.activity.cursor.apply(action, n) {
                    self.activity.seen_top();
                }
                self.maybe_older(ctx)
            }
        }
    }

    /// A key while the filter picker is open: it types, moves, picks or closes.
    pub fn picker_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(fp) = self.picker.as_mut() else {
            return Vec::new();
        };
        match ctx.keys.command(Scope::AuditPicker, key) {
            Some(Action::PickValue) => {
                let Some(value) = fp.picker.chosen().map(|o| o.value.clone()) else {
                    ctx.set_info(format!(
                        "No value matches '{}': Backspace widens the list, Esc goes back.",
                        fp.picker.query.text()
                    ));
                    return Vec::new();
                };
                match fp.key {
                    None => {
                        let Some(key) = value.as_deref().and_then(FilterKey::parse) else {
                            return Vec::new();
                        };
                        let current = self.current(key);
                        let options = self
                            .activity
                            .seen(key)
                            .into_iter()
                            .map(|v| PickOption::new(Some(v.clone()), v))
                            .collect();
                        self.picker = Some(FeedPicker {
                            key: Some(key),
                            picker: FilterPicker::new(FilterRow::Type, options, current.as_deref()),
                        });
                        return Vec::new();
                    }
                    Some(key) => {
                        self.picker = None;
                        return self.set_filter(key, value, ctx);
                    }
                }
            }
            Some(Action::ClosePicker) => self.picker = None,
            Some(action) if fp.picker.navigate(action) => {}
            _ => {
                let before = fp.picker.query.text().to_string();
                fp.picker.query.handle(key, ctx.keys, Scope::AuditPicker);
                if fp.picker.query.text() != before {
                    fp.picker.typed();
                }
            }
        }
        Vec::new()
    }

    fn current(&self, key: FilterKey) -> Option<String> {
        let f = &self.activity.filters;
        match key {
            FilterKey::Kind => f.kind.map(|k| k.label().to_string()),
            FilterKey::Performer => f.performer.clone(),
            FilterKey::Queue => f.queue.clone(),
            FilterKey::Assignee => f.assignee.clone(),
        }
    }

    /// Set one filter: the type asks the service again, the others narrow the loaded rows.
    pub fn set_filter(&mut self, key: FilterKey, value: Option<String>, ctx: &mut Ctx) -> Vec<Cmd> {
        let f = &mut self.activity.filters;
        match key {
            FilterKey::Kind => {
                let kind = value.as_deref().and_then(RowKind::parse);
                if kind == f.kind {
                    return Vec::new();
                }
                f.kind = kind;
                return self.reload(ctx);
            }
            FilterKey::Performer => f.performer = value,
            FilterKey::Queue => f.queue = value,
            FilterKey::Assignee => f.assignee = value,
        }
        self.activity.cursor.top();
        self.activity.refresh_visible();
        self.activity.seen_top();
        self.maybe_older(ctx)
    }
}
