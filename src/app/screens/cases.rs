//! The case list: a server-side search with a status filter, a sort, and pages fetched as the
//! selection nears the end.

use crate::aws::GatewayError;
use crate::model::{Case, CaseQuery, Page};

use super::super::ctx::{Ctx, Go};
use super::super::keymap::{Action, Scope};
use super::super::msg::{Cmd, ServiceCmd};
use super::super::paged::{self, Paged};

pub use super::super::paged::PREFETCH_MARGIN;

/// Cases asked for per SearchCases page.
pub const PAGE_SIZE: i32 = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Open,
    Closed,
}

impl StatusFilter {
    pub fn next(self) -> Self {
        match self {
            Self::All => Self::Open,
            Self::Open => Self::Closed,
            Self::Closed => Self::All,
        }
    }

    /// The `status` option value the service filters on.
    pub fn value(self) -> Option<&'static str> {
        match self {
            Self::All => None,
            Self::Open => Some("open"),
            Self::Closed => Some("closed"),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }
}

pub use super::columns::{Column, resolve_columns};

/// Sort column (a field id) and direction (`true` ascending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub column: String,
    pub ascending: bool,
}

#[derive(Debug, Clone)]
pub struct CaseList {
    pub list: Paged<Case>,
    /// The server-side search term in force.
    pub search: Option<String>,
    pub status: StatusFilter,
    pub sort: Sort,
    /// The columns on show, in order (`case_list.columns` in the config).
    pub columns: Vec<Column>,
    /// `:mine`: only the cases assigned to this user ARN.
    pub mine: Option<String>,
    /// The case selected when the list was asked for again after a write: selected again once
    /// the fresh first page is in.
    keep_selected: Option<String>,
}

impl Default for CaseList {
    fn default() -> Self {
        Self {
            list: Paged::default(),
            search: None,
            status: StatusFilter::All,
            sort: Sort {
                column: "last_updated_datetime".to_string(),
                ascending: false,
            },
            columns: Column::defaults(),
            mine: None,
            keep_selected: None,
        }
    }
}

impl CaseList {
    /// The key scopes it answers, for dispatch and help.
    pub const SCOPES: [Scope; 3] = [Scope::CaseList, Scope::List, Scope::Global];

    pub fn query(&self) -> CaseQuery {
        CaseQuery {
            search_term: self.search.clone(),
            status: self.status.value().map(str::to_string),
            sort: Some((self.sort.column.clone(), self.sort.ascending)),
            fields: self.query_fields(),
            assigned_user: self.mine.clone(),
            max_results: Some(PAGE_SIZE),
        }
    }

    pub fn is_loading(&self) -> bool {
        self.list.is_loading()
    }

    /// The fields each row needs: its columns', and the sort's.
    fn query_fields(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.columns.iter().map(|c| c.field_id.clone()).collect();
        for id in ["title", self.sort.column.as_str()] {
            if !ids.iter().any(|i| i == id) {
                ids.push(id.to_string());
            }
        }
        ids
    }

    /// The same query in another domain: the status filter, the sort, the columns and `:mine`
    /// stay.
    pub fn for_new_domain(&self) -> Self {
        Self {
            status: self.status,
            sort: self.sort.clone(),
            columns: self.columns.clone(),
            mine: self.mine.clone(),
            ..Self::default()
        }
    }

    /// A fresh first-page search with the current query.
    pub fn search(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        let req = ctx.req();
        self.list.begin(req, false);
        self.keep_selected = None;
        vec![Cmd::Service(ServiceCmd::SearchCases {
            req,
            domain_id,
            query: self.query(),
            next_token: None,
        })]
    }

    /// The same search again after a write (a saved case field, a new case), keeping the
    /// selected case selected when the fresh first page still holds it. Nothing when the list was
    /// never loaded (it loads when shown).
    pub fn reload_keeping_selection(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        if !self.list.loaded && !self.list.is_loading() {
            return Vec::new();
        }
        let keep = self.selected().map(|c| c.id.clone());
        let cmds = self.search(ctx);
        self.keep_selected = keep;
        cmds
    }

    /// The next page, when the selection nears the end and there is one.
    pub fn maybe_next_page(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        if !self.wants_next_page() {
            return Vec::new();
        }
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        let req = ctx.req();
        match self.list.begin_next(req) {
            Some(token) => vec![Cmd::Service(ServiceCmd::SearchCases {
                req,
                domain_id,
                query: self.query(),
                next_token: Some(token),
            })],
            None => Vec::new(),
        }
    }

    pub fn wants_next_page(&self) -> bool {
        self.list.wants_next_page(self.list.items.len())
    }

    /// Apply an answer; then the next page if the selection is already near the end.
    pub fn receive(
        &mut self,
        req: u64,
        result: Result<Page<Case>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        if !self.list.awaits(req) {
            return Vec::new();
        }
        let restart = !self.list.pending_is_append();
        if let Err(e) = &result {
            ctx.set_error("searching cases", e);
        }
        let failed = result.is_err();
        self.list
            .receive(req, result, &paged::as_arrived(|c: &Case| c.id.as_str()));
        if failed && restart {
            // A failed search shows no rows of the previous one.
            self.list.clear();
        }
        if restart
            && let Some(id) = self.keep_selected.take()
            && let Some(pos) = self.list.items.iter().position(|c| c.id == id)
        {
            self.list.cursor.selected = pos;
        }
        self.maybe_next_page(ctx)
    }

    pub fn selected(&self) -> Option<&Case> {
        self.list.items.get(self.list.cursor.selected)
    }

    /// Sort by the next column on show.
    pub fn cycle_sort_column(&mut self) {
        let i = self
            .columns
            .iter()
            .position(|c| c.field_id == self.sort.column);
        let next = i.map_or(0, |i| (i + 1) % self.columns.len().max(1));
        if let Some(c) = self.columns.get(next) {
            self.sort.column = c.field_id.clone();
        }
    }

    pub fn reverse_sort(&mut self) {
        self.sort.ascending = !self.sort.ascending;
    }

    /// The list's own actions: open, status filter, sort, and moving the cursor.
    pub fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Vec<Cmd> {
        match action {
            Action::Open => {
                if let Some(id) = self.selected().map(|c| c.id.clone()) {
                    ctx.go(Go::Case(id));
                }
                Vec::new()
            }
            Action::CycleStatus => {
                self.status = self.status.next();
                self.search(ctx)
            }
            Action::CycleSort => {
                self.cycle_sort_column();
                self.search(ctx)
            }
            Action::ReverseSort => {
                self.reverse_sort();
                self.search(ctx)
            }
            Action::Filter => {
                let term = self.search.clone().unwrap_or_default();
                ctx.go(Go::input(super::super::InputKind::Search, &term));
                self.maybe_next_page(ctx)
            }
            _ => {
                let n = self.list.items.len();
                self.list.cursor.apply(action, n);
                self.maybe_next_page(ctx)
            }
        }
    }

    /// The search term was submitted (`None`: cleared).
    pub fn submit_search(&mut self, term: Option<String>, ctx: &mut Ctx) -> Vec<Cmd> {
        if term == self.search && self.list.loaded {
            self.list.cursor.reset();
            return Vec::new();
        }
        self.search = term;
        self.search(ctx)
    }

    /// Esc: drop the search term, if any.
    pub fn clear_search(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        if self.search.take().is_some() {
            return self.search(ctx);
        }
        Vec::new()
    }

    /// What the pane says when there are no rows.
    pub fn empty_message(&self, status_key: &str) -> String {
        if self.mine.is_some() && self.search.is_none() {
            return "No cases are assigned to you. :mine again shows everyone's.".to_string();
        }
        match (&self.search, self.status) {
            (Some(term), _) => format!("No cases match '{term}'. Esc clears the search."),
            (None, StatusFilter::All) => "No cases in this domain yet.".to_string(),
            (None, s) => format!(
                "No {} cases. {status_key} changes the status filter.",
                s.label()
            ),
        }
    }
}
