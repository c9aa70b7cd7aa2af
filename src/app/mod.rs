//! The application state and its update function: no ratatui widgets, no SDK types.
//!
//! `App::update` takes one `Msg` and returns the `Cmd`s to run; the executor runs them and sends
//! their results back as `Msg`s. Drawing reads `&App` only.

pub mod audit;
pub mod case_view;
pub mod cases;
mod conventions;
pub mod editing;
pub mod format;
pub mod input;
pub mod keymap;
pub mod list;
pub mod msg;
mod problem;
pub mod staging;
pub mod theme;
mod update;

use chrono::{DateTime, FixedOffset, Utc};

use crate::aws::GatewayError;
use crate::model::Domain;

pub use case_view::{CaseView, Pane};
pub use cases::CaseList;
pub use format::Catalog;
pub use input::LineInput;
pub use keymap::{Action, KeyMap, Scope};
pub use list::Cursor;
pub use msg::{Cmd, JournalCmd, Msg, SaveError, ServiceCmd, SessionCmd, TerminalCmd};
pub use problem::Problem;
pub use theme::Theme;

/// What the app is started with.
#[derive(Debug, Clone)]
pub struct AppContext {
    /// Where calls go: `"profile default · us-east-1"` or `"http://127.0.0.1:PORT"`.
    pub endpoint_label: String,
    pub domain_id: Option<String>,
    pub case_id: Option<String>,
    pub read_only: bool,
    pub keys: KeyMap,
    pub theme: Theme,
    /// Mask e-mails, phone numbers and customer ids on screen from the start (`m` toggles).
    pub masking: bool,
    /// How the audit timeline shows times when a case opens (`t` cycles).
    pub time: audit::TimeMode,
}

impl AppContext {
    /// A context for tests: a local endpoint, no domain, colour theme, default keys.
    pub fn for_tests() -> Self {
        Self {
            endpoint_label: "http://127.0.0.1:4566".to_string(),
            domain_id: None,
            case_id: None,
            read_only: false,
            keys: KeyMap::default(),
            theme: Theme::Dark,
            masking: false,
            time: audit::TimeMode::default(),
        }
    }
}

/// The main screen under any overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Domains,
    Cases,
    Case,
}

/// What a line input at the bottom is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// The case list's server-side search term.
    Search,
    /// A case-view pane's text filter over loaded rows.
    Filter,
    /// The `:` command line.
    Command,
    /// The audit timeline's `/` search (highlights, `n`/`N`).
    AuditSearch,
    /// A date typed into the audit filter form's row.
    AuditDate(audit::FilterRow),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub kind: InputKind,
    pub line: LineInput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

/// The status line's message.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
    /// What to do next, for errors.
    pub advice: Option<&'static str>,
    /// The tick it was set at; info messages fade after a few seconds.
    pub since: u64,
}

/// The domain picker's state.
#[derive(Debug, Clone, Default)]
pub struct DomainPicker {
    pub items: Vec<Domain>,
    pub cursor: Cursor,
    pub loading: bool,
    pub loaded: bool,
    pub error: Option<Problem>,
}

/// The application.
#[derive(Debug)]
pub struct App {
    pub ctx: AppContext,
    pub screen: Screen,
    pub domain_id: Option<String>,
    pub domains: DomainPicker,
    pub catalog: Catalog,
    pub fields_loading: bool,
    pub cases: CaseList,
    pub case: Option<CaseView>,
    pub help_open: bool,
    /// Personal data is masked on screen (never in the data itself).
    pub masking: bool,
    pub input: Option<Input>,
    pub status: Option<Status>,
    /// Staged edits awaiting review: `drafts.len()`.
    pub staged_count: usize,
    /// Every staged draft, mirrored in the journal on disk.
    drafts: Vec<crate::edit::Draft>,
    /// The open editing overlay (editor, review, confirm), which takes every key.
    pub overlay: Option<staging::Overlay>,
    /// Calls in flight that the SDK is retrying: request id -> attempt number.
    retrying: std::collections::HashMap<u64, u32>,
    pub ticks: u64,
    pub size: (u16, u16),
    frozen_now: Option<DateTime<Utc>>,
    local_offset: Option<FixedOffset>,
    next_req: u64,
}

/// Ticks (100 ms) an info message stays on the status line.
const INFO_TICKS: u64 = 50;

impl App {
    pub fn new(ctx: AppContext) -> Self {
        let masking = ctx.masking;
        Self {
            domain_id: ctx.domain_id.clone(),
            screen: if ctx.domain_id.is_some() {
                Screen::Cases
            } else {
                Screen::Domains
            },
            ctx,
            domains: DomainPicker::default(),
            catalog: Catalog::default(),
            fields_loading: false,
            cases: CaseList::default(),
            case: None,
            help_open: false,
            masking,
            input: None,
            status: None,
            staged_count: 0,
            drafts: Vec::new(),
            overlay: None,
            retrying: Default::default(),
            ticks: 0,
            size: (80, 24),
            frozen_now: None,
            local_offset: None,
            next_req: 0,
        }
    }

    /// The first commands: domains when none is given, else the domain's fields and cases, and the
    /// case itself when one is given.
    pub fn start(&mut self) -> Vec<Cmd> {
        match self.domain_id.clone() {
            None => {
                self.domains.loading = true;
                vec![Cmd::Service(ServiceCmd::LoadDomains)]
            }
            Some(domain_id) => {
                let mut cmds = self.enter_domain(domain_id);
                // Only for the header: the domain's name instead of its id.
                self.domains.loading = true;
                cmds.push(Cmd::Service(ServiceCmd::LoadDomains));
                if let Some(case_id) = self.ctx.case_id.clone() {
                    cmds.extend(self.open_case(case_id));
                }
                cmds
            }
        }
    }

    /// Pin the clock (snapshots and tests); relative times are computed against it.
    pub fn freeze_clock(&mut self, now: DateTime<Utc>) {
        self.frozen_now = Some(now);
    }

    /// Pin "local" time to a fixed offset (tests), instead of the machine's zone.
    pub fn fix_local_offset(&mut self, offset: FixedOffset) {
        self.local_offset = Some(offset);
    }

    /// The fixed offset "local" times use, if pinned; else the machine's zone is used.
    pub fn local_offset(&self) -> Option<FixedOffset> {
        self.local_offset
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.frozen_now.unwrap_or_else(Utc::now)
    }

    pub fn theme(&self) -> Theme {
        self.ctx.theme
    }

    pub fn keys(&self) -> &KeyMap {
        &self.ctx.keys
    }

    /// The domain's display name, or its id until the name is known.
    pub fn domain_label(&self) -> Option<String> {
        let id = self.domain_id.as_ref()?;
        Some(
            self.domains
                .items
                .iter()
                .find(|d| &d.id == id)
                .map_or_else(|| id.clone(), |d| d.name.clone()),
        )
    }

    /// What a pane's title says while its call `pending` is in flight: the spinner, and the
    /// attempt when the SDK is retrying it.
    pub fn loading_label(&self, pending: Option<u64>) -> String {
        match pending.and_then(|req| self.retrying.get(&req)) {
            Some(attempt) => format!("{} retrying (attempt {attempt})", self.spinner()),
            None => format!("{} loading", self.spinner()),
        }
    }

    pub(crate) fn note_retry(&mut self, req: u64, attempt: u32) {
        self.retrying.insert(req, attempt);
    }

    pub(crate) fn call_finished(&mut self, req: u64) {
        self.retrying.remove(&req);
    }

    /// Anything in flight (drives the spinner and tick redraws).
    pub fn is_busy(&self) -> bool {
        self.domains.loading
            || self.fields_loading
            || self.cases.is_loading()
            || self.case.as_ref().is_some_and(CaseView::is_loading)
    }

    /// The spinner frame for the current tick.
    pub fn spinner(&self) -> &'static str {
        const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
        FRAMES[(self.ticks % FRAMES.len() as u64) as usize]
    }

    /// The pane keys go to, for dispatch and for the help overlay.
    pub fn scopes(&self) -> Vec<Scope> {
        if let Some(overlay) = &self.overlay {
            return vec![overlay.scope()];
        }
        if let Some(cv) = &self.case
            && self.screen == Screen::Case
        {
            if cv.detail.is_some() {
                return vec![Scope::Detail, Scope::Global];
            }
            if cv.focus == Pane::Audit && cv.timeline.form.is_some() {
                return vec![Scope::AuditFilter, Scope::Global];
            }
            let pane = match cv.focus {
                Pane::Fields => Scope::Fields,
                Pane::Related => Scope::Related,
                Pane::Audit => Scope::Audit,
            };
            return vec![pane, Scope::CaseView, Scope::List, Scope::Global];
        }
        match self.screen {
            Screen::Domains => vec![Scope::Domains, Scope::List, Scope::Global],
            _ => vec![Scope::CaseList, Scope::List, Scope::Global],
        }
    }

    /// The help overlay's sections: the focused pane's bindings, then the shared ones, straight
    /// from the key table.
    pub fn help_sections(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        self.scopes()
            .into_iter()
            .map(|scope| {
                let rows = self
                    .keys()
                    .in_scope(scope)
                    .map(|b| (b.keys_label(), b.description))
                    .collect::<Vec<_>>();
                (scope.title(), rows)
            })
            .filter(|(_, rows)| !rows.is_empty())
            .collect()
    }

    pub fn set_info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Info,
            text: text.into(),
            advice: None,
            since: self.ticks,
        });
    }

    pub fn set_error(&mut self, context: &str, err: &GatewayError) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text: format!("{context}: {err}"),
            advice: Some(err.advice()),
            since: self.ticks,
        });
    }

    pub(crate) fn set_problem(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text: text.into(),
            advice: None,
            since: self.ticks,
        });
    }

    fn req(&mut self) -> u64 {
        self.next_req += 1;
        self.next_req
    }
}
