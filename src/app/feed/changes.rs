//! What changed in a case update, for the selected row only: SearchCases says when a case was
//! last updated, not what changed, so the feed reads the case's audit history, one page at a
//! time in the background, until it finds the event at that time or the history ends (at most
//! [`MAX_PAGES`] pages). Until then the row says `loading` and which page; if the history does
//! not hold the event, or is longer than the bound, the row says so instead of guessing.
//!
//! One lookup is in flight at a time: selecting another row forgets it (its answers are
//! dropped and the row is looked up again if selected later); finished answers are kept by row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::activity::{FeedRow, Happened};
use crate::app::ctx::Ctx;
use crate::app::msg::{Cmd, ServiceCmd};
use crate::aws::GatewayError;
use crate::model::{AuditEvent, Page};

/// Audit pages read per case update at most (5,000 events at 25 a page).
pub const MAX_PAGES: usize = 200;

/// What the feed knows of one case update's changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Changes {
    /// Reading page `pages` of the history.
    Loading {
        req: u64,
        pages: usize,
    },
    /// The event at the update's time (its fields: old → new).
    Found(Box<AuditEvent>),
    /// Several events share the update's time: all of them, none picked as the one.
    Several(Vec<AuditEvent>),
    /// The pages read hold no event at the update's time: the whole history (`whole`) or the
    /// first [`MAX_PAGES`] pages of a longer one.
    NotFound {
        pages: usize,
        events: usize,
        whole: bool,
    },
    Failed(String),
}

/// The lookup in flight.
#[derive(Debug, Clone)]
struct Pending {
    req: u64,
    key: String,
    case_id: String,
    time: Option<DateTime<Utc>>,
    pages: usize,
    /// Events read so far.
    events: usize,
}

/// The changes looked up so far, by row key, and the one lookup in flight.
#[derive(Debug, Clone, Default)]
pub struct ChangeLookups {
    pub by_row: HashMap<String, Changes>,
    pending: Option<Pending>,
}

impl ChangeLookups {
    pub fn awaits(&self, req: u64) -> bool {
        self.pending.as_ref().is_some_and(|p| p.req == req)
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// Ask for the changes of `row` (the selected row) when it is a case update not looked up
    /// yet; a lookup in flight for another row is forgotten.
    pub fn want(&mut self, row: Option<&FeedRow>, ctx: &mut Ctx) -> Vec<Cmd> {
        let row = row.filter(|r| matches!(r.happened, Happened::CaseUpdated { .. }));
        if self
            .pending
            .as_ref()
            .is_some_and(|p| Some(p.key.as_str()) != row.map(|r| r.key.as_str()))
        {
            self.cancel();
        }
        let Some(row) = row else {
            return Vec::new();
        };
        if self.by_row.contains_key(&row.key) {
            return Vec::new();
        }
        let pending = Pending {
            req: 0,
            key: row.key.clone(),
            case_id: row.case_id.clone(),
            time: row.time,
            pages: 0,
            events: 0,
        };
        self.request(pending, None, ctx)
    }

    /// Forget the lookup in flight: its answers are dropped, its row shows nothing read.
    fn cancel(&mut self) {
        if let Some(p) = self.pending.take()
            && matches!(self.by_row.get(&p.key), Some(Changes::Loading { .. }))
        {
            self.by_row.remove(&p.key);
        }
    }

    /// Ask for the next page of `pending`'s history.
    fn request(
        &mut self,
        mut pending: Pending,
        next_token: Option<String>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        pending.req = ctx.req();
        pending.pages += 1;
        self.by_row.insert(
            pending.key.clone(),
            Changes::Loading {
                req: pending.req,
                pages: pending.pages,
            },
        );
        let cmd = ServiceCmd::LoadAudit {
            req: pending.req,
            domain_id,
            case_id: pending.case_id.clone(),
            next_token,
        };
        self.pending = Some(pending);
        vec![Cmd::Service(cmd)]
    }

    /// A page of the case's history: the event at the update's time, or the next page.
    pub fn receive(
        &mut self,
        req: u64,
        result: Result<Page<AuditEvent>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        if !self.awaits(req) {
            return Vec::new();
        }
        let Some(mut pending) = self.pending.take() else {
            return Vec::new();
        };
        let page = match result {
            Ok(page) => page,
            Err(e) => {
                self.by_row
                    .insert(pending.key, Changes::Failed(e.to_string()));
                return Vec::new();
            }
        };
        pending.events += page.items.len();
        let mut at_time = at_update_time(&page.items, pending.time);
        if at_time.len() == 1 {
            let event = at_time.remove(0);
            self.by_row
                .insert(pending.key, Changes::Found(Box::new(event.clone())));
            return Vec::new();
        }
        if !at_time.is_empty() {
            let events = at_time.into_iter().cloned().collect();
            self.by_row.insert(pending.key, Changes::Several(events));
            return Vec::new();
        }
        match page.next_token {
            Some(token) if pending.pages < MAX_PAGES => self.request(pending, Some(token), ctx),
            token => {
                let changes = Changes::NotFound {
                    pages: pending.pages,
                    events: pending.events,
                    whole: token.is_none(),
                };
                self.by_row.insert(pending.key, changes);
                Vec::new()
            }
        }
    }
}

/// The case events of `events` at the update's `time`: the one closest to it (within a second:
/// the two are stamped apart; an update before a creation stamped as close), or every event
/// stamped at that same closest time when several are.
fn at_update_time(events: &[AuditEvent], time: Option<DateTime<Utc>>) -> Vec<&AuditEvent> {
    let distance = |e: &AuditEvent| match (e.performed_time, time) {
        (Some(p), Some(t)) => Some((p - t).num_milliseconds().abs()),
        _ => None,
    };
    let near: Vec<(i64, &AuditEvent)> = events
        .iter()
        .filter(|e| e.event_type.starts_with("Case."))
        .filter_map(|e| Some((distance(e)?, e)))
        .filter(|(d, _)| *d <= 1000)
        .collect();
    let Some(&(_, best)) = near
        .iter()
        .min_by_key(|(d, e)| (*d, e.event_type != "Case.Updated"))
    else {
        return Vec::new();
    };
    near.iter()
        .map(|(_, e)| *e)
        .filter(|e| e.performed_time == best.performed_time)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ctx::{Calls, Clock};
    use crate::app::{Catalog, KeyMap};

    #[test]
    fn a_history_longer_than_the_bound_stops_there_and_says_so() {
        let (catalog, keys) = (Catalog::default(), KeyMap::default());
        let (mut calls, mut status) = (Calls::default(), None);
        let at = DateTime::parse_from_rfc3339("2024-05-01T12:00:00Z")
            .unwrap()
            .to_utc();
        let mut ctx = Ctx {
            catalog: &catalog,
            domain_id: Some("d"),
            calls: &mut calls,
            status: &mut status,
            ticks: 0,
            now: Clock {
                frozen: Some(at),
                local_offset: None,
            }
            .now(),
            local_offset: None,
            keys: &keys,
            read_only: false,
            go: None,
        };
        let row = FeedRow::bare_update("c:c-1:t", Some(at), "c-1");
        let mut lookups = ChangeLookups::default();
        let mut cmds = lookups.want(Some(&row), &mut ctx);
        let mut asked = 0;
        // Every page: 25 events a day before the update, and always one more page.
        while let [Cmd::Service(ServiceCmd::LoadAudit { req, .. })] = cmds.as_slice() {
            asked += 1;
            let event = AuditEvent {
                id: "e".into(),
                event_type: "Case.Updated".into(),
                related_item_type: None,
                performed_time: Some(at - chrono::Duration::days(1)),
                fields: Vec::new(),
                performed_by: None,
                iam_principal_arn: None,
                merge: None,
            };
            let page = Page {
                items: vec![event; 25],
                next_token: Some("more".into()),
            };
            cmds = lookups.receive(*req, Ok(page), &mut ctx);
        }
        assert!(cmds.is_empty(), "{cmds:?}");
        assert_eq!(asked, MAX_PAGES);
        assert_eq!(
            lookups.by_row[&row.key],
            Changes::NotFound {
                pages: MAX_PAGES,
                events: MAX_PAGES * 25,
                whole: false,
            }
        );
        assert!(!lookups.is_loading());
    }
}
