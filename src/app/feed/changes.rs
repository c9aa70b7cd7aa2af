//! What changed in a case update, for the selected row only: SearchCases says when a case was
//! last updated, not what changed, so the feed reads the case's audit history (a few pages at
//! most) for the event at that time. Until it is found the row says `loading`; if the pages read
//! do not hold it, the row says so instead of guessing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::activity::{FeedRow, Happened};
use crate::app::ctx::Ctx;
use crate::app::msg::{Cmd, ServiceCmd};
use crate::aws::GatewayError;
use crate::model::{AuditEvent, Page};

/// Audit pages read per case update at most.
pub const MAX_PAGES: usize = 4;

/// What the feed knows of one case update's changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Changes {
    Loading {
        req: u64,
        pages: usize,
    },
    /// The event at the update's time (its fields: old → new).
    Found(Box<AuditEvent>),
    /// The pages read hold no event at the update's time.
    NotFound {
        pages: usize,
    },
    Failed(String),
}

/// The changes looked up so far, by row key.
#[derive(Debug, Clone, Default)]
pub struct ChangeLookups {
    pub by_row: HashMap<String, Changes>,
    /// Request -> (row key, case id, update time).
    pending: HashMap<u64, (String, String, Option<DateTime<Utc>>)>,
}

impl ChangeLookups {
    pub fn awaits(&self, req: u64) -> bool {
        self.pending.contains_key(&req)
    }

    pub fn is_loading(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Ask for the changes of `row` when it is a case update not looked up yet.
    pub fn want(&mut self, row: Option<&FeedRow>, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(row) = row.filter(|r| matches!(r.happened, Happened::CaseUpdated { .. })) else {
            return Vec::new();
        };
        if self.by_row.contains_key(&row.key) {
            return Vec::new();
        }
        self.request(row.key.clone(), row.case_id.clone(), row.time, None, 1, ctx)
    }

    fn request(
        &mut self,
        key: String,
        case_id: String,
        time: Option<DateTime<Utc>>,
        next_token: Option<String>,
        pages: usize,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        let req = ctx.req();
        self.by_row
            .insert(key.clone(), Changes::Loading { req, pages });
        self.pending.insert(req, (key, case_id.clone(), time));
        vec![Cmd::Service(ServiceCmd::LoadAudit {
            req,
            domain_id,
            case_id,
            next_token,
        })]
    }

    /// A page of the case's history: the event at the update's time, or the next page.
    pub fn receive(
        &mut self,
        req: u64,
        result: Result<Page<AuditEvent>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let Some((key, case_id, time)) = self.pending.remove(&req) else {
            return Vec::new();
        };
        let pages = match self.by_row.get(&key) {
            Some(Changes::Loading { pages, .. }) => *pages,
            _ => 1,
        };
        let page = match result {
            Ok(page) => page,
            Err(e) => {
                self.by_row.insert(key, Changes::Failed(e.to_string()));
                return Vec::new();
            }
        };
        // The case event closest to the update's time (within a second: the two are stamped
        // apart), an update before a creation stamped as close.
        let distance = |e: &AuditEvent| match (e.performed_time, time) {
            (Some(p), Some(t)) => Some((p - t).num_milliseconds().abs()),
            _ => None,
        };
        let found = page
            .items
            .iter()
            .filter(|e| e.event_type.starts_with("Case."))
            .filter_map(|e| Some((distance(e)?, e)))
            .filter(|(d, _)| *d <= 1000)
            .min_by_key(|(d, e)| (*d, e.event_type != "Case.Updated"))
            .map(|(_, e)| e);
        if let Some(event) = found {
            self.by_row
                .insert(key, Changes::Found(Box::new(event.clone())));
            return Vec::new();
        }
        match page.next_token {
            Some(token) if pages < MAX_PAGES => {
                self.request(key, case_id, time, Some(token), pages + 1, ctx)
            }
            _ => {
                self.by_row.insert(key, Changes::NotFound { pages });
                Vec::new()
            }
        }
    }
}
