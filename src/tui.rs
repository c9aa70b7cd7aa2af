//! Wiring the app to a terminal, the gateway and the journal: each [`Cmd`] becomes a spawned task
//! whose result comes back as a [`Msg`]. Nothing here awaits the network on the event loop.

use crate::app::audit::TimeMode;
use crate::app::{App, AppContext, Cmd, KeyMap, Msg, Theme};
use crate::aws::{ConnectOptions, Gateway, GatewayError, build_client, observe_attempts};
use crate::edit::{self, Journal, SaveError};
use crate::model::Performer;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::mpsc::UnboundedSender;

/// Page sizes the app asks for: the most the service allows per call.
const RELATED_PAGE: i32 = 25;
const AUDIT_PAGE: i32 = 25;

/// What commands run against: the gateway (with a writer only in read-write mode) and the
/// journal of staged drafts.
#[derive(Clone, Debug)]
pub struct Executor {
    pub gateway: Gateway,
    pub journal: Option<Journal>,
}

impl Executor {
    /// Runs one command in a spawned task; its result arrives on `tx`, preceded by
    /// `Msg::Retrying` for each retry of a listing the app tracks by request id.
    pub fn execute(&self, cmd: Cmd, tx: UnboundedSender<Msg>) {
        let this = self.clone();
        let req = match &cmd {
            Cmd::SearchCases { req, .. }
            | Cmd::GetCase { req, .. }
            | Cmd::LoadRelated { req, .. }
            | Cmd::LoadAudit { req, .. } => Some(*req),
            _ => None,
        };
        tokio::spawn(async move {
            let msg = match req {
                Some(req) => {
                    let notify = tx.clone();
                    let hook = move |attempt| {
                        let _ = notify.send(Msg::Retrying { req, attempt });
                    };
                    observe_attempts(hook, this.run(cmd)).await
                }
                None => this.run(cmd).await,
            };
            if let Some(msg) = msg {
                // The loop may have ended while this was in flight; nothing is lost by dropping it.
                let _ = tx.send(msg);
            }
        });
    }

    async fn run(&self, cmd: Cmd) -> Option<Msg> {
        let reader = self.gateway.reader();
        Some(match cmd {
            Cmd::Quit => return None,
            // The event loop runs these itself: they need the terminal.
            Cmd::Yank(_) | Cmd::ExternalEditor { .. } => return None,
            Cmd::Reconnect { .. } => Msg::Reconnected(Err(
                "switching profile or region needs a TUI session (Session)".into(),
            )),
            Cmd::LoadDomains => Msg::DomainsLoaded(reader.list_domains().await),
            Cmd::LoadFields { domain_id } => {
                let result = reader.list_fields(&domain_id).await;
                Msg::FieldsLoaded { domain_id, result }
            }
            Cmd::LoadFieldOptions {
                domain_id,
                field_id,
            } => {
                let result = reader.list_field_options(&domain_id, &field_id).await;
                Msg::FieldOptionsLoaded {
                    domain_id,
                    field_id,
                    result,
                }
            }
            Cmd::SearchCases {
                req,
                domain_id,
                query,
                next_token,
            } => Msg::CasesLoaded {
                req,
                result: reader.search_cases(&domain_id, &query, next_token).await,
            },
            Cmd::GetCase {
                req,
                domain_id,
                case_id,
                field_ids,
            } => Msg::CaseLoaded {
                req,
                result: reader.get_case(&domain_id, &case_id, &field_ids).await,
            },
            Cmd::LoadRelated {
                req,
                domain_id,
                case_id,
                types,
                next_token,
            } => Msg::RelatedLoaded {
                req,
                result: reader
                    .search_related_items(
                        &domain_id,
                        &case_id,
                        &types,
                        next_token,
                        Some(RELATED_PAGE),
                    )
                    .await,
            },
            Cmd::LoadAudit {
                req,
                domain_id,
                case_id,
                next_token,
            } => Msg::AuditLoaded {
                req,
                result: reader
                    .get_audit_events(&domain_id, &case_id, next_token, Some(AUDIT_PAGE))
                    .await,
            },
            Cmd::SaveJournal(draft) => {
                let key = draft.key.clone();
                let journal = self.journal.clone()?;
                match tokio::task::spawn_blocking(move || journal.save(&draft)).await {
                    Ok(Ok(())) => Msg::JournalWritten { key },
                    Ok(Err(e)) => Msg::JournalFailed {
                        key,
                        message: e.to_string(),
                    },
                    Err(e) => Msg::JournalFailed {
                        key,
                        message: e.to_string(),
                    },
                }
            }
            Cmd::RemoveJournal { key } => {
                let journal = self.journal.clone()?;
                let k = key.clone();
                match tokio::task::spawn_blocking(move || journal.remove(&k)).await {
                    Ok(Ok(())) => Msg::JournalWritten { key },
                    Ok(Err(e)) => Msg::JournalFailed {
                        key,
                        message: e.to_string(),
                    },
                    Err(e) => Msg::JournalFailed {
                        key,
                        message: e.to_string(),
                    },
                }
            }
            Cmd::CheckDraft(draft) => Msg::DraftChecked {
                key: draft.key.clone(),
                result: edit::prepare(&draft, reader).await,
            },
            Cmd::SendDraft { draft, content } => Msg::DraftSent {
                key: draft.key.clone(),
                result: match self.gateway.writer() {
                    Some(writer) => edit::send(&draft, &content, writer).await,
                    None => Err(SaveError::Gateway(read_only_refusal())),
                },
            },
            Cmd::DeleteItem {
                domain_id,
                case_id,
                item_id,
            } => Msg::ItemDeleted {
                result: match self.gateway.writer() {
                    Some(writer) => {
                        writer
                            .delete_related_item(&domain_id, &case_id, &item_id)
                            .await
                    }
                    None => Err(read_only_refusal()),
                },
                item_id,
            },
        })
    }
}

/// The executor a TUI session uses, swappable: `:profile` and `:region` build a new client and
/// replace the executor's gateway behind the lock. Calls already in flight finish on the old one.
#[derive(Clone)]
pub struct Session {
    executor: Arc<RwLock<Executor>>,
    connect: Arc<Mutex<ConnectOptions>>,
    read_only: bool,
    performed_by: Option<Performer>,
}

impl Session {
    pub fn new(
        executor: Executor,
        connect: ConnectOptions,
        read_only: bool,
        performed_by: Option<Performer>,
    ) -> Self {
        Self {
            executor: Arc::new(RwLock::new(executor)),
            connect: Arc::new(Mutex::new(connect)),
            read_only,
            performed_by,
        }
    }

    pub fn execute(&self, cmd: Cmd, tx: UnboundedSender<Msg>) {
        match cmd {
            Cmd::Reconnect { profile, region } => {
                let this = self.clone();
                tokio::spawn(async move {
                    let result = this.reconnect(profile, region).await;
                    let _ = tx.send(Msg::Reconnected(result));
                });
            }
            cmd => {
                let executor = self.executor.read().expect("executor lock").clone();
                executor.execute(cmd, tx);
            }
        }
    }

    /// A new client for `profile`/`region`, checked with one ListDomains call before it replaces
    /// the old one. Read-only stays read-only: no writer is constructed.
    async fn reconnect(
        &self,
        profile: Option<String>,
        region: Option<String>,
    ) -> Result<String, String> {
        let mut opts = self.connect.lock().expect("connect lock").clone();
        if let Some(p) = profile {
            opts.profile = Some(p);
        }
        if let Some(r) = region {
            opts.region = Some(r);
        }
        let client = build_client(&opts).await;
        let gateway = if self.read_only {
            Gateway::read_only(client)
        } else {
            Gateway::read_write(client, self.performed_by.clone())
        };
        if let Err(e) = gateway.reader().list_domains().await {
            return Err(format!("cannot use {}: {e}", opts.label()));
        }
        // With an endpoint the usual label is the URL alone; after a switch, say what changed.
        let label = match &opts.endpoint_url {
            Some(url) => [
                Some(url.clone()),
                opts.profile.as_ref().map(|p| format!("profile {p}")),
                opts.region.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
            None => opts.label(),
        };
        self.executor.write().expect("executor lock").gateway = gateway;
        *self.connect.lock().expect("connect lock") = opts;
        Ok(label)
    }

    /// The gateway now in use (tests).
    pub fn gateway(&self) -> Gateway {
        self.executor.read().expect("executor lock").gateway.clone()
    }
}

fn read_only_refusal() -> GatewayError {
    GatewayError::Other("read-only: this session holds no writer; nothing was sent".into())
}

/// Where the TUI connects, as whom it writes, and what it opens first.
pub struct TuiOptions {
    pub connect: ConnectOptions,
    pub domain_id: Option<String>,
    pub case_id: Option<String>,
    pub read_only: bool,
    pub performed_by: Option<Performer>,
    /// Where staged drafts are journaled; `None` for the XDG state directory.
    pub state_dir: Option<PathBuf>,
    pub keys: KeyMap,
    pub theme: Theme,
    pub masking: bool,
    pub time: TimeMode,
}

impl TuiOptions {
    /// Options with the default keys, theme (NO_COLOR honoured), no masking, relative times.
    pub fn new(connect: ConnectOptions) -> Self {
        Self {
            connect,
            domain_id: None,
            case_id: None,
            read_only: false,
            performed_by: None,
            state_dir: None,
            keys: KeyMap::default(),
            theme: Theme::from_env(),
            masking: false,
            time: TimeMode::default(),
        }
    }
}

/// Opens the journal and reads back what it holds. A journal that cannot be opened is not fatal:
/// the session runs, and says that staged edits will not survive a restart.
fn open_journal(dir: Option<PathBuf>) -> (Option<Journal>, Vec<edit::Draft>, Vec<String>) {
    let Some(dir) = dir.or_else(Journal::default_dir) else {
        return (
            None,
            Vec::new(),
            vec![
                "no state directory could be found; pass --state-dir DIR to keep staged edits"
                    .into(),
            ],
        );
    };
    let journal = match Journal::open(&dir) {
        Ok(j) => j,
        Err(e) => {
            return (
                None,
                Vec::new(),
                vec![format!(
                    "cannot open the journal at {}: {e}; staged edits will not survive a restart",
                    dir.display()
                )],
            );
        }
    };
    match journal.load_all() {
        Ok((drafts, corrupt)) => {
            let problems = corrupt
                .iter()
                .map(|c| {
                    format!(
                        "a journal file could not be read and was kept as {}: {}",
                        c.path.display(),
                        c.message
                    )
                })
                .collect();
            (Some(journal), drafts, problems)
        }
        Err(e) => (
            Some(journal),
            Vec::new(),
            vec![format!("cannot read the journal at {}: {e}", dir.display())],
        ),
    }
}

/// Takes over the terminal, runs the app until the user quits, and restores the terminal on
/// every way out (ratatui's panic hook covers panics).
pub async fn run(opts: TuiOptions) -> anyhow::Result<()> {
    let client = build_client(&opts.connect).await;
    // Read-only is enforced here: such a session never constructs a writer.
    let gateway = if opts.read_only {
        Gateway::read_only(client)
    } else {
        Gateway::read_write(client, opts.performed_by.clone())
    };
    let (journal, drafts, problems) = open_journal(opts.state_dir.clone());
    for p in &problems {
        tracing::warn!("{p}");
    }
    let executor = Executor { gateway, journal };
    let session = Session::new(
        executor,
        opts.connect.clone(),
        opts.read_only,
        opts.performed_by.clone(),
    );

    let ctx = AppContext {
        endpoint_label: opts.connect.label(),
        domain_id: opts.domain_id,
        case_id: opts.case_id,
        read_only: opts.read_only,
        keys: opts.keys,
        theme: opts.theme,
        masking: opts.masking,
        time: opts.time,
    };
    let mut app = App::new(ctx);
    app.restore_drafts(drafts);
    if let Some(p) = problems.first() {
        app.set_problem(p.clone());
    }

    let mut terminal = ratatui::init();
    let result =
        crate::app::run::run(&mut terminal, &mut app, |cmd, tx| session.execute(cmd, tx)).await;
    ratatui::restore();
    result
}
