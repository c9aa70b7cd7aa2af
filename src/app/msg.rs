//! The messages the app reacts to and the commands it asks others to carry out.

use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::aws::GatewayError;
use crate::edit::{Check, Content, Draft};
use crate::model::{
    AuditEvent, Case, CaseQuery, Domain, FieldDef, FieldOption, Page, RelatedItem, RelatedItemType,
};

/// Work for whoever carries it out, split by who that is: the service executor, the journal,
/// the event loop (which owns the terminal), or the session (which owns the client).
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// A call to the service, run by the executor in a spawned task.
    Service(ServiceCmd),
    /// A write to the on-disk journal of staged drafts.
    Journal(JournalCmd),
    /// An effect on the terminal, run by the event loop itself.
    Terminal(TerminalCmd),
    /// A change to the session: which client the executor uses.
    Session(SessionCmd),
    Quit,
}

/// A spawned call whose result comes back as the `Msg` named beside it, carrying the same `req`
/// so stale answers can be dropped.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceCmd {
    /// -> `Msg::DomainsLoaded`
    LoadDomains,
    /// ListFields (all pages) + BatchGetField -> `Msg::FieldsLoaded`
    LoadFields { domain_id: String },
    /// -> `Msg::FieldOptionsLoaded`
    LoadFieldOptions { domain_id: String, field_id: String },
    /// -> `Msg::CasesLoaded`
    SearchCases {
        req: u64,
        domain_id: String,
        query: CaseQuery,
        next_token: Option<String>,
    },
    /// -> `Msg::CaseLoaded`
    GetCase {
        req: u64,
        domain_id: String,
        case_id: String,
        field_ids: Vec<String>,
    },
    /// An empty `types` means every type. -> `Msg::RelatedLoaded`
    LoadRelated {
        req: u64,
        domain_id: String,
        case_id: String,
        types: Vec<RelatedItemType>,
        next_token: Option<String>,
    },
    /// -> `Msg::AuditLoaded`
    LoadAudit {
        req: u64,
        domain_id: String,
        case_id: String,
        next_token: Option<String>,
    },
    /// Read the item's current content and compare it with the draft -> `Msg::DraftChecked`.
    CheckDraft(Draft),
    /// Send `content` (the complete content) for the draft -> `Msg::DraftSent`.
    SendDraft { draft: Draft, content: Content },
    /// -> `Msg::ItemDeleted`
    DeleteItem {
        domain_id: String,
        case_id: String,
        item_id: String,
    },
    /// The domain's Active templates with their required fields -> `Msg::TemplatesLoaded`
    LoadTemplates { domain_id: String },
    /// Every open SLA of the domain (SearchAllRelatedItems, all pages) -> `Msg::OpenSlasLoaded`
    LoadOpenSlas { req: u64, domain_id: String },
    /// One page of SearchAllRelatedItems, newest association first; an empty `types` means
    /// every type. -> `Msg::FeedItemsLoaded`
    SearchAllRelated {
        req: u64,
        domain_id: String,
        types: Vec<RelatedItemType>,
        next_token: Option<String>,
    },
}

/// Journal writes. Run by the executor, which owns the journal beside the gateway: a save removes
/// the draft from the journal, and both must outlive a profile switch the same way.
#[derive(Debug, Clone, PartialEq)]
pub enum JournalCmd {
    /// Write a staged draft to the journal, atomically -> `Msg::JournalWritten` or
    /// `Msg::JournalFailed`.
    Save(Draft),
    /// Remove a draft from the journal (saved or discarded) -> `Msg::JournalWritten` or
    /// `Msg::JournalFailed`.
    Remove { key: String },
    /// Write the text being typed in an editor; `seq` orders these writes, a late one is dropped
    /// -> `Msg::JournalWritten` or `Msg::JournalFailed` with the key [`TYPED_KEY`].
    SaveTyped {
        seq: u64,
        typed: Box<crate::edit::TypedText>,
    },
    /// Forget the text being typed (staged, closed or declined), ordered like `SaveTyped`.
    RemoveTyped { seq: u64 },
}

/// The journal key the answers about typed text carry.
pub const TYPED_KEY: &str = "the text being typed";

/// Effects on the terminal, run by the event loop because it owns the terminal.
#[derive(Debug, Clone, PartialEq)]
pub enum TerminalCmd {
    /// Copy `text` to the clipboard of the terminal (OSC 52, so it works over SSH too); no answer.
    Yank(String),
    /// Suspend the TUI and edit `text` in `$VISUAL`/`$EDITOR` -> `Msg::ExternalEditorDone`.
    ExternalEditor { text: String },
}

/// Changes to the session, run by the session, which owns the connection options.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionCmd {
    /// Build a new SDK client for this profile and/or region (`None`: keep the current one) and
    /// use it from now on; a read-only session stays read-only -> `Msg::Reconnected`.
    Reconnect {
        profile: Option<String>,
        region: Option<String>,
    },
}

impl From<ServiceCmd> for Cmd {
    fn from(cmd: ServiceCmd) -> Self {
        Cmd::Service(cmd)
    }
}

impl From<JournalCmd> for Cmd {
    fn from(cmd: JournalCmd) -> Self {
        Cmd::Journal(cmd)
    }
}

impl From<TerminalCmd> for Cmd {
    fn from(cmd: TerminalCmd) -> Self {
        Cmd::Terminal(cmd)
    }
}

impl From<SessionCmd> for Cmd {
    fn from(cmd: SessionCmd) -> Self {
        Cmd::Session(cmd)
    }
}

/// Why a save did not happen. The draft stays staged in every case.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SaveError {
    /// The service refused or could not be reached.
    #[error("{0}")]
    Gateway(#[from] GatewayError),
    /// The service answered, but stored something other than what was sent.
    #[error(
        "the service stored different content than was sent; the draft is kept, reload with r and review it"
    )]
    Mismatch,
    /// A draft of this kind cannot be sent with this content.
    #[error("this draft cannot be sent: {0}")]
    Unsupported(String),
}

/// Everything that can happen to the app: input, time, and finished calls.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// What the last frame measured (`ui::draw`'s result), fed back before the next message.
    Drawn(super::list::Drawn),
    Tick,
    DomainsLoaded(Result<Vec<Domain>, GatewayError>),
    FieldsLoaded {
        domain_id: String,
        result: Result<Vec<FieldDef>, GatewayError>,
    },
    FieldOptionsLoaded {
        domain_id: String,
        field_id: String,
        result: Result<Vec<FieldOption>, GatewayError>,
    },
    CasesLoaded {
        req: u64,
        result: Result<Page<Case>, GatewayError>,
    },
    CaseLoaded {
        req: u64,
        result: Result<Case, GatewayError>,
    },
    RelatedLoaded {
        req: u64,
        result: Result<Page<RelatedItem>, GatewayError>,
    },
    AuditLoaded {
        req: u64,
        result: Result<Page<AuditEvent>, GatewayError>,
    },
    /// The SDK is retrying the call `req` (its `attempt`th try) after a throttle, a server error
    /// or a timeout.
    Retrying {
        req: u64,
        attempt: u32,
    },
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    DraftChecked {
        key: String,
        result: Result<Check, GatewayError>,
    },
    DraftSent {
        key: String,
        result: Result<String, SaveError>,
    },
    ItemDeleted {
        item_id: String,
        result: Result<(), GatewayError>,
    },
    TemplatesLoaded {
        domain_id: String,
        result: Result<Vec<crate::model::Template>, GatewayError>,
    },
    /// The SLA radar's open SLAs, each with its case.
    OpenSlasLoaded {
        req: u64,
        result: Result<Vec<crate::model::CaseItem>, GatewayError>,
    },
    /// A page of related items across the domain, for the activity feed.
    FeedItemsLoaded {
        req: u64,
        result: Result<Page<crate::model::CaseItem>, GatewayError>,
    },
    /// The external editor's text, or why there is none (it failed or could not be started).
    ExternalEditorDone(Result<String, String>),
    /// The new client is in use: its header label; or why switching failed.
    Reconnected(Result<String, String>),
    /// The journal now holds the draft as staged (or, after a removal, no longer holds it).
    JournalWritten {
        key: String,
    },
    /// The journal could not be written; the draft is staged in memory only.
    JournalFailed {
        key: String,
        message: String,
    },
}
