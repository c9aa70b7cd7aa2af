//! How the feed reads the service: two listings, each newest first, and the case lookups that
//! name the cases they mention.
//!
//! - Items: SearchAllRelatedItems sorted by AssociationTime descending (filtered by type on the
//!   service when a type filter is set).
//! - Case updates: SearchCases sorted by `last_updated_datetime` descending.
//!
//! The first read takes one page of each. A refresh reads each listing again from the top and
//! stops at the first page that holds a row already known (or older than the newest known), so
//! a quiet domain costs one request per listing. Cases that only items mention are looked up
//! once with GetCase and remembered. Scrolling towards the end reads the next older page of the
//! listing that is behind.

use chrono::{DateTime, Utc};

use super::activity::{Activity, CaseInfo, CaseLookup, FeedRow};
use crate::app::Problem;
use crate::app::ctx::Ctx;
use crate::app::msg::{Cmd, ServiceCmd};
use crate::model::{CaseQuery, RelatedItemType};

/// Rows asked for per page (the services' largest page).
pub const PAGE: i32 = 25;
/// Pages one refresh reads from one listing before it gives up walking to the known rows and
/// starts the feed again (more than this many new rows within one refresh interval).
pub const MAX_WALK: usize = 40;
/// The fields a case-update row and the case lookups need.
pub const CASE_FIELDS: [&str; 8] = [
    "title",
    "reference_number",
    "status",
    "assigned_queue",
    "assigned_user",
    "last_updated_datetime",
    "last_updated_user",
    "created_datetime",
];

/// Which listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Items,
    Cases,
}

/// What the request in flight is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    /// The first page ever (its token continues into older rows).
    First,
    /// A refresh walking from the top down to the known rows, `pages` read so far; `since` is
    /// the newest time read before the refresh began (the walk's own pages do not move it).
    Newer {
        pages: usize,
        since: Option<DateTime<Utc>>,
    },
    /// The next older page.
    Older,
}

/// One listing's state.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub pending: Option<u64>,
    walk: Option<Walk>,
    /// The token of the next older page; `None` once `exhausted`.
    older_token: Option<String>,
    /// Every older page has been read.
    pub exhausted: bool,
    /// The first page arrived.
    pub loaded: bool,
    /// The newest and oldest times of the rows read.
    pub newest: Option<DateTime<Utc>>,
    pub oldest: Option<DateTime<Utc>>,
    pub error: Option<Problem>,
    /// The listing is left out (a type filter the other listing answers).
    pub off: bool,
}

impl Source {
    fn note_times(&mut self, rows: &[FeedRow]) {
        for t in rows.iter().filter_map(|r| r.time) {
            self.newest = Some(self.newest.map_or(t, |n| n.max(t)));
            self.oldest = Some(self.oldest.map_or(t, |o| o.min(t)));
        }
    }

    /// Still reading pages older than what is shown.
    fn behind(&self) -> bool {
        !self.off && self.error.is_none() && (!self.loaded || !self.exhausted)
    }
}

/// The feed's reading of the service.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub items: Source,
    pub cases: Source,
    /// Requests this refresh has made so far (listing pages and case lookups).
    pub requests: usize,
    /// Requests the last finished refresh made.
    pub last_requests: Option<usize>,
    /// The tick the last refresh finished at.
    pub done_tick: Option<u64>,
    /// A refresh (or the first read) is under way.
    pub refreshing: bool,
    /// Cases the rows read in this round mention and the feed does not know: looked up once
    /// both listings have answered.
    pub(super) wanted: Vec<String>,
    /// Case lookups in flight: request id -> case id.
    pub(super) lookups: std::collections::HashMap<u64, String>,
}

impl Reading {
    pub fn source(&self, which: Which) -> &Source {
        match which {
            Which::Items => &self.items,
            Which::Cases => &self.cases,
        }
    }

    fn source_mut(&mut self, which: Which) -> &mut Source {
        match which {
            Which::Items => &mut self.items,
            Which::Cases => &mut self.cases,
        }
    }

    /// Whether `req` is an answer this reading awaits, and for which listing.
    pub fn awaits(&self, req: u64) -> Option<Which> {
        if self.items.pending == Some(req) {
            Some(Which::Items)
        } else if self.cases.pending == Some(req) {
            Some(Which::Cases)
        } else {
            None
        }
    }

    pub fn is_loading(&self) -> bool {
        self.items.pending.is_some() || self.cases.pending.is_some() || !self.lookups.is_empty()
    }

    /// The horizon: rows older than the oldest row read from a listing that has older pages
    /// are held back.
    pub fn horizon(&self) -> Option<DateTime<Utc>> {
        [&self.items, &self.cases]
            .into_iter()
            .filter(|s| s.behind())
            // A listing whose first page has not arrived holds everything back.
            .filter_map(|s| {
                if s.loaded {
                    s.oldest
                } else {
                    Some(DateTime::<Utc>::MAX_UTC)
                }
            })
            .max()
    }

    /// Start a refresh (the first read when nothing is loaded): page one of each listing.
    /// Nothing when one is in flight already.
    pub fn refresh(&mut self, types: &[RelatedItemType], ctx: &mut Ctx) -> Vec<Cmd> {
        if self.refreshing || self.items.pending.is_some() || self.cases.pending.is_some() {
            return Vec::new();
        }
        self.refreshing = true;
        self.requests = 0;
        let mut cmds = Vec::new();
        for which in [Which::Items, Which::Cases] {
            let s = self.source_mut(which);
            if s.off {
                continue;
            }
            s.error = None;
            let walk = if s.loaded {
                Walk::Newer {
                    pages: 1,
                    since: s.newest,
                }
            } else {
                Walk::First
            };
            cmds.extend(self.request(which, walk, None, types, ctx));
        }
        self.finish_if_done(ctx.ticks);
        cmds
    }

    /// The next older page of the listing that holds the horizon back, if any and none is in
    /// flight.
    pub fn older(&mut self, types: &[RelatedItemType], ctx: &mut Ctx) -> Vec<Cmd> {
        if self.items.pending.is_some() || self.cases.pending.is_some() {
            return Vec::new();
        }
        let behind = [Which::Items, Which::Cases]
            .into_iter()
            .filter(|w| {
                let s = self.source(*w);
                s.loaded && s.behind() && s.older_token.is_some()
            })
            .max_by_key(|w| self.source(*w).oldest);
        let Some(which) = behind else {
            return Vec::new();
        };
        let token = self.source(which).older_token.clone();
        self.request(which, Walk::Older, token, types, ctx)
    }

    fn request(
        &mut self,
        which: Which,
        walk: Walk,
        token: Option<String>,
        types: &[RelatedItemType],
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        let req = ctx.req();
        let s = self.source_mut(which);
        s.pending = Some(req);
        s.walk = Some(walk);
        if walk != Walk::Older {
            self.requests += 1;
        }
        let cmd = match which {
            Which::Items => ServiceCmd::SearchAllRelated {
                req,
                domain_id,
                types: types.to_vec(),
                next_token: token,
            },
            Which::Cases => ServiceCmd::SearchCases {
                req,
                domain_id,
                query: CaseQuery {
                    sort: Some(("last_updated_datetime".into(), false)),
                    fields: CASE_FIELDS.iter().map(|s| s.to_string()).collect(),
                    max_results: Some(PAGE),
                    ..Default::default()
                },
                next_token: token,
            },
        };
        vec![Cmd::Service(cmd)]
    }

    /// A page of `which` arrived: merge its rows and walk on (or stop). `Err` keeps the rows
    /// read so far and says why on the pane. Returns the next requests and whether the walk
    /// overran [`MAX_WALK`] (the feed starts again).
    pub fn receive(
        &mut self,
        which: Which,
        page: Result<(Vec<FeedRow>, Option<String>), Problem>,
        activity: &mut Activity,
        types: &[RelatedItemType],
        ctx: &mut Ctx,
    ) -> (Vec<Cmd>, bool) {
        let walk = {
            let s = self.source_mut(which);
            s.pending = None;
            s.walk.take()
        };
        let (rows, next) = match page {
            Ok(page) => page,
            Err(problem) => {
                self.source_mut(which).error = Some(problem);
                activity.horizon = self.horizon();
                activity.refresh_visible();
                let mut cmds = Vec::new();
                if self.items.pending.is_none() && self.cases.pending.is_none() {
                    cmds = self.lookup_cases(activity, ctx);
                }
                self.finish_if_done(ctx.ticks);
                return (cmds, false);
            }
        };
        // Rows older than the newest known before this refresh are known ground; the newest
        // read now (page one of this walk) is not, or the walk would stop at its second page.
        let newest_before = match walk {
            Some(Walk::Newer { since, .. }) => since,
            _ => self.source(which).newest,
        };
        let reached_known = rows
            .iter()
            .any(|r| activity.knows(&r.key) || newest_before.is_some_and(|n| r.time < Some(n)));
        self.source_mut(which).note_times(&rows);
        self.wanted.extend(
            rows.iter()
                .filter(|r| !activity.cases.contains_key(&r.case_id))
                .map(|r| r.case_id.clone()),
        );
        let mut cmds = Vec::new();
        let mut overran = false;
        match walk {
            Some(Walk::First) | Some(Walk::Older) => {
                let s = self.source_mut(which);
                s.loaded = true;
                s.exhausted = next.is_none();
                s.older_token = next;
            }
            Some(Walk::Newer { pages, since }) => {
                if !reached_known && let Some(token) = next {
                    if pages >= MAX_WALK {
                        overran = true;
                    } else {
                        cmds = self.request(
                            which,
                            Walk::Newer {
                                pages: pages + 1,
                                since,
                            },
                            Some(token),
                            types,
                            ctx,
                        );
                    }
                }
            }
            None => {}
        }
        let horizon = self.horizon();
        let moved = horizon != activity.horizon;
        activity.horizon = horizon;
        if activity.merge(rows) == 0 && moved {
            activity.refresh_visible();
        }
        // Cases are looked up once both listings have answered: SearchCases names most of them.
        if self.items.pending.is_none() && self.cases.pending.is_none() {
            cmds.extend(self.lookup_cases(activity, ctx));
        }
        self.finish_if_done(ctx.ticks);
        (cmds, overran)
    }

    /// GetCase for each case a row mentions that the feed does not know yet.
    fn lookup_cases(&mut self, activity: &mut Activity, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        let mut wanted = std::mem::take(&mut self.wanted);
        wanted.retain(|id| !activity.cases.contains_key(id));
        wanted.sort();
        wanted.dedup();
        let mut cmds = Vec::new();
        for case_id in wanted {
            let req = ctx.req();
            activity
                .cases
                .insert(case_id.clone(), CaseLookup::Pending(req));
            self.lookups.insert(req, case_id.clone());
            if self.refreshing {
                self.requests += 1;
            }
            cmds.push(Cmd::Service(ServiceCmd::GetCase {
                req,
                domain_id: domain_id.clone(),
                case_id,
                field_ids: CASE_FIELDS.iter().map(|s| s.to_string()).collect(),
            }));
        }
        cmds
    }

    /// Whether `req` is a case lookup of this reading.
    pub fn is_lookup(&self, req: u64) -> bool {
        self.lookups.contains_key(&req)
    }

    /// A case lookup's answer.
    pub fn looked_up(
        &mut self,
        req: u64,
        result: Result<CaseInfo, String>,
        activity: &mut Activity,
        ticks: u64,
    ) {
        let Some(case_id) = self.lookups.remove(&req) else {
            return;
        };
        let lookup = match result {
            Ok(info) => CaseLookup::Known(info),
            // What SearchCases said meanwhile stays.
            Err(_) if matches!(activity.cases.get(&case_id), Some(CaseLookup::Known(_))) => {
                self.finish_if_done(ticks);
                return;
            }
            Err(why) => CaseLookup::Failed(why),
        };
        activity.cases.insert(case_id, lookup);
        if activity.filters.queue.is_some() || activity.filters.assignee.is_some() {
            activity.refresh_visible();
        }
        self.finish_if_done(ticks);
    }

    fn finish_if_done(&mut self, ticks: u64) {
        if self.refreshing && !self.is_loading() {
            self.refreshing = false;
            self.last_requests = Some(self.requests);
            self.done_tick = Some(ticks);
        }
    }

    /// Seconds since the last refresh finished.
    pub fn age_seconds(&self, ticks: u64) -> Option<u64> {
        self.done_tick.map(|t| ticks.saturating_sub(t) / 10)
    }
}
