//! What every screen and pane needs from the app while it answers an action: the domain and its
//! catalog, request ids, the clock, the status line, the key table and whether the session may
//! write, and a way to ask the app for what only it can do (switch screens, open the input line,
//! load the case again).

use chrono::{DateTime, FixedOffset, Utc};

use super::format::Catalog;
use super::keymap::KeyMap;
use super::{InputKind, Status};
use crate::aws::GatewayError;

/// Calls in flight: request ids and the attempt of those the SDK is retrying.
#[derive(Debug, Default)]
pub struct Calls {
    next: u64,
    retrying: std::collections::HashMap<u64, u32>,
}

impl Calls {
    /// A new request id (never 0, which stands for calls without one).
    pub fn next_id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    pub fn retrying(&mut self, req: u64, attempt: u32) {
        self.retrying.insert(req, attempt);
    }

    pub fn finished(&mut self, req: u64) {
        self.retrying.remove(&req);
    }

    /// The attempt the SDK is on for `req`, while it retries.
    pub fn attempt(&self, req: u64) -> Option<u32> {
        self.retrying.get(&req).copied()
    }
}

/// The app's clock: pinned in tests and snapshots, else the machine's.
#[derive(Debug, Default, Clone, Copy)]
pub struct Clock {
    pub frozen: Option<DateTime<Utc>>,
    /// Stands in for the machine's zone when "local" times are shown (tests).
    pub local_offset: Option<FixedOffset>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        self.frozen.unwrap_or_else(Utc::now)
    }
}

/// What a pane asks the app to do after an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Go {
    /// Switch to this domain (the domain picker's choice).
    Domain(String),
    /// Open this case (the case list's choice).
    Case(String),
    /// Open the input line for `kind`, holding this text.
    Input(InputKind, String),
    /// The open case changed on the service (a save or a delete): load it again;
    /// `close_detail` when the item shown in detail is gone.
    Reload { close_detail: bool },
    /// Open this linked case, keeping the case on show to come back to.
    Linked(String),
}

/// The shared context handed to a screen or pane (gitui's components get one like it).
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub domain_id: Option<&'a str>,
    pub calls: &'a mut Calls,
    pub status: &'a mut Option<Status>,
    pub ticks: u64,
    pub now: DateTime<Utc>,
    pub local_offset: Option<FixedOffset>,
    /// The key table: overlays opening now hold it, so remaps reach them.
    pub keys: &'a KeyMap,
    /// The session may not write (`--read-only`).
    pub read_only: bool,
    /// Set by the pane; the app acts on it once the pane is done.
    pub go: Option<Go>,
}

impl Ctx<'_> {
    pub fn req(&mut self) -> u64 {
        self.calls.next_id()
    }

    pub fn set_info(&mut self, text: impl Into<String>) {
        *self.status = Some(Status::info(text, self.ticks));
    }

    pub fn set_error(&mut self, context: &str, err: &GatewayError) {
        *self.status = Some(Status::error(context, err, self.ticks));
    }

    pub fn set_problem(&mut self, text: impl Into<String>) {
        *self.status = Some(Status::problem(text, self.ticks));
    }

    pub fn go(&mut self, go: Go) {
        self.go = Some(go);
    }
}

impl Go {
    /// Open the input line for `kind` with `text`.
    pub fn input(kind: InputKind, text: &str) -> Self {
        Go::Input(kind, text.to_string())
    }
}
