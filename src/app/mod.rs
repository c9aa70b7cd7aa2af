//! The application state and its update function: no ratatui widgets, no SDK types.
//!
//! `App::update` takes one `Msg` and returns the `Cmd`s to run; the executor runs them and sends
//! their results back as `Msg`s. Drawing reads `&App` only; what it measures comes back as
//! `Msg::Drawn`.
//!
//! Each screen and pane owns its state and answers its own actions with a shared [`ctx::Ctx`]:
//! `screens::domains`, `screens::cases`, and the case view's `case_view::{fields, related,
//! timeline}`, and `staging` (the drafts, the editing overlays and the save flow). `App` routes
//! (`update.rs`, `command.rs` for the input line) and keeps what they share: the domain and its
//! catalog (`domain`), the status line, help and the input line.

/// The shared context for a screen or pane, from the app's fields (borrowed apart, so the pane
/// itself can be borrowed mutably alongside).
macro_rules! ctx {
    ($app:expr) => {
        $crate::app::ctx::Ctx {
            catalog: &$app.domain.catalog,
            domain_id: $app.domain.id.as_deref(),
            calls: &mut $app.calls,
            status: &mut $app.status,
            ticks: $app.ticks,
            now: $app.clock.now(),
            local_offset: $app.clock.local_offset,
            keys: &$app.ctx.keys,
            read_only: $app.ctx.read_only,
            go: None,
        }
    };
}

pub mod audit;
mod case_list_setup;
pub mod case_view;
mod command;
mod conventions;
pub mod ctx;
pub mod domain;
pub mod editing;
pub mod feed;
pub mod format;
mod help;
pub mod input;
pub mod keymap;
pub mod list;
pub mod msg;
pub mod paged;
mod problem;
pub mod screens;
pub mod staging;
pub mod theme;
mod trail;
mod update;

use chrono::{DateTime, FixedOffset, Utc};

use crate::aws::GatewayError;

pub use case_view::{CaseView, Pane};
pub use domain::DomainState;
pub use format::Catalog;
pub use help::HelpRow;
pub use input::LineInput;
pub use keymap::{Action, KeyMap, Scope};
pub use list::Cursor;
pub use msg::{Cmd, JournalCmd, Msg, SaveError, ServiceCmd, SessionCmd, TerminalCmd};
pub use paged::Paged;
pub use problem::Problem;
pub use screens::cases::{self, CaseList};
pub use screens::domains::DomainPicker;
pub use staging::Staging;
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
    /// Who the session writes as (`--performed-by`); `:mine` needs a Connect user ARN.
    pub performed_by: Option<crate::model::Performer>,
    /// The case list's columns by field id or name (`case_list.columns`); `None`: the default.
    pub case_columns: Option<Vec<String>>,
    /// Seconds between the activity feed's own refreshes (`feed.refresh_seconds`).
    pub feed_refresh_seconds: u64,
    /// Seconds between the SLA radar's full reads (`feed.radar_reload_seconds`).
    pub radar_reload_seconds: u64,
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
            performed_by: None,
            case_columns: None,
            feed_refresh_seconds: feed::DEFAULT_REFRESH_SECONDS,
            radar_reload_seconds: feed::radar::DEFAULT_RELOAD_SECONDS,
        }
    }
}

/// The main screen under any overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Domains,
    Cases,
    Case,
    /// The activity feed across cases, and the SLA radar.
    Feed,
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

/// The application: routes messages to the screen or pane they are for, and holds what they
/// share.
#[derive(Debug)]
pub struct App {
    pub ctx: AppContext,
    pub screen: Screen,
    /// The domain in use and its catalog.
    pub domain: DomainState,
    pub domains: DomainPicker,
    pub cases: CaseList,
    pub case: Option<CaseView>,
    pub help_open: bool,
    /// Personal data is masked on screen (never in the data itself).
    pub masking: bool,
    pub input: Option<Input>,
    pub status: Option<Status>,
    /// The staged drafts and the editing overlay open on them.
    pub staging: Staging,
    pub ticks: u64,
    calls: ctx::Calls,
    clock: ctx::Clock,
    /// The help overlay's first row shown, its last possible one and its page (from drawing).
    pub help_scroll: usize,
    help_max: usize,
    help_page: usize,
    /// The domain to reopen once a `:region` switch is in use.
    keep_domain: Option<String>,
    /// The cases linked ones were opened from, oldest first (`Backspace` goes back).
    pub trail: Vec<CaseView>,
    /// The activity feed, kept while a case opened from it is on show.
    pub feed: Option<feed::Feed>,
    /// The case view (and its trail) `F`/`:feed` was opened from: `Esc` from the feed goes back
    /// to it as it was left.
    pub feed_from: Option<(CaseView, Vec<CaseView>)>,
}

/// Ticks (100 ms) an info message stays on the status line.
const INFO_TICKS: u64 = 50;

impl Status {
    pub fn new(kind: StatusKind, text: String, advice: Option<&'static str>, since: u64) -> Self {
        Self {
            kind,
            text,
            advice,
            since,
        }
    }

    /// A message that fades after a few seconds.
    pub fn info(text: impl Into<String>, since: u64) -> Self {
        Self::new(StatusKind::Info, text.into(), None, since)
    }

    /// A problem the user caused or can fix, said in full by `text`.
    pub fn problem(text: impl Into<String>, since: u64) -> Self {
        Self::new(StatusKind::Error, text.into(), None, since)
    }

    /// `context: err`, with what to do next.
    pub fn error(context: &str, err: &GatewayError, since: u64) -> Self {
        Self::new(
            StatusKind::Error,
            format!("{context}: {err}"),
            Some(err.advice()),
            since,
        )
    }
}

impl App {
    pub fn new(ctx: AppContext) -> Self {
        let masking = ctx.masking;
        let mut app = Self {
            domain: DomainState {
                id: ctx.domain_id.clone(),
                ..Default::default()
            },
            screen: if ctx.domain_id.is_some() {
                Screen::Cases
            } else {
                Screen::Domains
            },
            ctx,
            domains: DomainPicker::default(),
            cases: CaseList::default(),
            case: None,
            help_open: false,
            masking,
            input: None,
            status: None,
            staging: Staging::default(),
            ticks: 0,
            calls: Default::default(),
            clock: Default::default(),
            help_scroll: 0,
            help_max: 0,
            help_page: 0,
            keep_domain: None,
            trail: Vec::new(),
            feed: None,
            feed_from: None,
        };
        // The system fields' columns are known now; the others once the domain's fields are.
        app.apply_columns(false);
        app
    }

    /// The first commands: domains when none is given, else the domain's fields and cases, and the
    /// case itself when one is given.
    pub fn start(&mut self) -> Vec<Cmd> {
        match self.domain.id.clone() {
            None => self.domains.load(),
            Some(domain_id) => {
                let mut cmds = self.enter_domain(domain_id);
                // Only for the header: the domain's name instead of its id.
                cmds.extend(self.domains.load());
                if let Some(case_id) = self.ctx.case_id.clone() {
                    cmds.extend(self.open_case(case_id));
                }
                cmds
            }
        }
    }

    /// Pin the clock (snapshots and tests); relative times are computed against it.
    pub fn freeze_clock(&mut self, now: DateTime<Utc>) {
        self.clock.frozen = Some(now);
    }

    /// Pin "local" time to a fixed offset (tests), instead of the machine's zone.
    pub fn fix_local_offset(&mut self, offset: FixedOffset) {
        self.clock.local_offset = Some(offset);
    }

    /// The fixed offset "local" times use, if pinned; else the machine's zone is used.
    pub fn local_offset(&self) -> Option<FixedOffset> {
        self.clock.local_offset
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn theme(&self) -> Theme {
        self.ctx.theme
    }

    pub fn keys(&self) -> &KeyMap {
        &self.ctx.keys
    }

    /// The domain's display name, or its id until the name is known.
    pub fn domain_label(&self) -> Option<String> {
        Some(self.domains.label(self.domain.id.as_ref()?))
    }

    /// What a pane's title says while its call `pending` is in flight: the spinner, and the
    /// attempt when the SDK is retrying it.
    pub fn loading_label(&self, pending: Option<u64>) -> String {
        match pending.and_then(|req| self.calls.attempt(req)) {
            Some(attempt) => format!("{} retrying (attempt {attempt})", self.spinner()),
            None => format!("{} loading", self.spinner()),
        }
    }

    /// Anything in flight (drives the spinner and tick redraws).
    pub fn is_busy(&self) -> bool {
        self.domains.is_loading()
            || self.domain.fields_loading
            || self.cases.is_loading()
            || self.case.as_ref().is_some_and(CaseView::is_loading)
            || (self.screen == Screen::Feed && self.feed.as_ref().is_some_and(|f| f.is_loading()))
    }

    /// A tick changes the screen: a spinner, or the feed's "updated N s ago".
    pub fn ticks_show(&self) -> bool {
        self.is_busy() || self.screen == Screen::Feed
    }

    /// The spinner frame for the current tick.
    pub fn spinner(&self) -> &'static str {
        const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
        FRAMES[(self.ticks % FRAMES.len() as u64) as usize]
    }

    /// The pane keys go to, for dispatch and for the help overlay: the screen's own list.
    pub fn scopes(&self) -> Vec<Scope> {
        if let Some(scope) = self.staging.scope() {
            return vec![scope];
        }
        match (self.screen, &self.case) {
            (Screen::Case, Some(cv)) => cv.scopes(),
            (Screen::Domains, _) => DomainPicker::SCOPES.to_vec(),
            (Screen::Feed, _) if self.feed.is_some() => self
                .feed
                .as_ref()
                .map(feed::Feed::scopes)
                .unwrap_or_default(),
            _ => CaseList::SCOPES.to_vec(),
        }
    }

    /// The help overlay's sections: the focused pane's bindings, then the shared ones, straight
    /// from the key table.
    pub fn help_sections(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        self.keys()
            .help_bindings(&self.scopes())
            .into_iter()
            .map(|(scope, rows)| {
                let rows = rows
                    .into_iter()
                    .map(|b| (b.keys_label(), b.description))
                    .collect::<Vec<_>>();
                (scope.title(), rows)
            })
            .collect()
    }

    pub fn set_info(&mut self, text: impl Into<String>) {
        self.status = Some(Status::info(text, self.ticks));
    }

    pub fn set_error(&mut self, context: &str, err: &GatewayError) {
        self.status = Some(Status::error(context, err, self.ticks));
    }

    /// Drafts found in the journal at start: staged again, shown in the header and the review.
    pub fn restore_drafts(&mut self, drafts: Vec<crate::edit::Draft>) {
        let mut ctx = ctx!(self);
        self.staging.restore(drafts, &mut ctx);
    }

    /// Text typed in an editor before the last exit and never staged: offered back.
    pub fn offer_typed(&mut self, typed: crate::edit::TypedText) {
        self.staging.case_titles = self.case_titles();
        let mut ctx = ctx!(self);
        self.staging.offer_typed(typed, &mut ctx);
    }

    pub(crate) fn set_problem(&mut self, text: impl Into<String>) {
        self.status = Some(Status::problem(text, self.ticks));
    }
}
