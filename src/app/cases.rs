//! The case list: a server-side search with a status filter, a sort, and pages fetched as the
//! selection nears the end.

use crate::aws::GatewayError;
use crate::model::{Case, CaseQuery, Page};

use super::list::Cursor;

/// Cases asked for per SearchCases page.
pub const PAGE_SIZE: i32 = 25;
/// Fetch the next page when the selection is this close to the last loaded row.
pub const PREFETCH_MARGIN: usize = 5;

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

/// The list's columns, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Title,
    Status,
    Reference,
    Updated,
}

impl Column {
    pub const ALL: [Column; 4] = [Self::Title, Self::Status, Self::Reference, Self::Updated];

    pub fn field_id(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Status => "status",
            Self::Reference => "reference_number",
            Self::Updated => "last_updated_datetime",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Title => "Title",
            Self::Status => "Status",
            Self::Reference => "Ref",
            Self::Updated => "Last updated",
        }
    }

    fn next(self) -> Self {
        let i = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// Sort column and direction (`true` ascending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub ascending: bool,
}

#[derive(Debug, Clone)]
pub struct CaseList {
    pub items: Vec<Case>,
    pub cursor: Cursor,
    pub next_token: Option<String>,
    /// The request whose answer is awaited; any other answer is stale.
    pub pending: Option<u64>,
    pending_append: bool,
    pub error: Option<crate::app::Problem>,
    /// The server-side search term in force.
    pub search: Option<String>,
    pub status: StatusFilter,
    pub sort: Sort,
    /// At least one page has arrived for the current query.
    pub loaded: bool,
}

impl Default for CaseList {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            cursor: Cursor::default(),
            next_token: None,
            pending: None,
            pending_append: false,
            error: None,
            search: None,
            status: StatusFilter::All,
            sort: Sort {
                column: Column::Updated,
                ascending: false,
            },
            loaded: false,
        }
    }
}

impl CaseList {
    pub fn query(&self) -> CaseQuery {
        CaseQuery {
            search_term: self.search.clone(),
            status: self.status.value().map(str::to_string),
            sort: Some((self.sort.column.field_id().to_string(), self.sort.ascending)),
            fields: Column::ALL
                .iter()
                .map(|c| c.field_id().to_string())
                .collect(),
            max_results: Some(PAGE_SIZE),
        }
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// Start a fresh search (first page) under request id `req`.
    pub fn begin_search(&mut self, req: u64) {
        self.pending = Some(req);
        self.pending_append = false;
        self.error = None;
    }

    /// Ask for the next page under `req`, if there is one and nothing is in flight.
    pub fn begin_next_page(&mut self, req: u64) -> Option<String> {
        if self.pending.is_some() || !self.loaded {
            return None;
        }
        let token = self.next_token.clone()?;
        self.pending = Some(req);
        self.pending_append = true;
        Some(token)
    }

    pub fn wants_next_page(&self) -> bool {
        self.pending.is_none()
            && self.loaded
            && self.next_token.is_some()
            && self.cursor.near_end(self.items.len(), PREFETCH_MARGIN)
    }

    /// Apply an answer; `false` when it was stale and ignored.
    pub fn receive(&mut self, req: u64, result: Result<Page<Case>, GatewayError>) -> bool {
        if self.pending != Some(req) {
            return false;
        }
        self.pending = None;
        match result {
            Ok(page) => {
                if self.pending_append {
                    self.items.extend(page.items);
                } else {
                    self.items = page.items;
                    self.cursor.reset();
                }
                self.next_token = page.next_token;
                self.loaded = true;
                self.error = None;
            }
            Err(e) => {
                if !self.pending_append {
                    self.items.clear();
                    self.cursor.reset();
                    self.next_token = None;
                    self.loaded = true;
                }
                self.error = Some(crate::app::Problem::from(e));
            }
        }
        self.cursor.clamp(self.items.len());
        true
    }

    pub fn selected(&self) -> Option<&Case> {
        self.items.get(self.cursor.selected)
    }

    pub fn cycle_sort_column(&mut self) {
        self.sort.column = self.sort.column.next();
    }

    pub fn reverse_sort(&mut self) {
        self.sort.ascending = !self.sort.ascending;
    }

    /// What the pane says when there are no rows.
    pub fn empty_message(&self, status_key: &str) -> String {
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
