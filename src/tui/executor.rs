//! The executor: runs service calls against the gateway and journal writes against the journal,
//! each in a spawned task whose result comes back as a [`Msg`].

use tokio::sync::mpsc::UnboundedSender;

use super::save;
use crate::app::msg::TYPED_KEY;
use crate::app::{Cmd, JournalCmd, Msg, SaveError, ServiceCmd};
use crate::aws::{Gateway, GatewayError, observe_attempts};
use crate::edit::Journal;

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
    /// Runs one service call or journal write in a spawned task; its result arrives on `tx`.
    /// Commands for the terminal or the session are not this executor's: a session change is
    /// answered with a refusal (there is no session to change), the rest are dropped.
    pub fn execute(&self, cmd: Cmd, tx: UnboundedSender<Msg>) {
        match cmd {
            Cmd::Service(cmd) => self.service(cmd, tx),
            Cmd::Journal(cmd) => self.journal(cmd, tx),
            Cmd::Session(_) => {
                let _ = tx.send(Msg::Reconnected(Err(
                    "switching profile or region needs a TUI session (Session)".into(),
                )));
            }
            Cmd::Terminal(_) | Cmd::Quit => {}
        }
    }

    /// Runs one service call, preceded on `tx` by `Msg::Retrying` for each retry of a listing
    /// the app tracks by request id.
    pub fn service(&self, cmd: ServiceCmd, tx: UnboundedSender<Msg>) {
        let this = self.clone();
        let req = match &cmd {
            ServiceCmd::SearchCases { req, .. }
            | ServiceCmd::GetCase { req, .. }
            | ServiceCmd::LoadRelated { req, .. }
            | ServiceCmd::LoadAudit { req, .. }
            | ServiceCmd::LoadOpenSlas { req, .. }
            | ServiceCmd::SearchAllRelated { req, .. } => Some(*req),
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
            // The loop may have ended while this was in flight; nothing is lost by dropping it.
            let _ = tx.send(msg);
        });
    }

    /// Writes to the journal off the loop; answered with `Msg::JournalWritten` or
    /// `Msg::JournalFailed`. Without a journal (tests that need none) nothing is written or said.
    pub fn journal(&self, cmd: JournalCmd, tx: UnboundedSender<Msg>) {
        let Some(journal) = self.journal.clone() else {
            return;
        };
        tokio::spawn(async move {
            let (key, result) = match cmd {
                JournalCmd::Save(draft) => {
                    let key = draft.key.clone();
                    (
                        key,
                        tokio::task::spawn_blocking(move || journal.save(&draft)).await,
                    )
                }
                JournalCmd::Remove { key } => {
                    let k = key.clone();
                    (
                        key,
                        tokio::task::spawn_blocking(move || journal.remove(&k)).await,
                    )
                }
                JournalCmd::SaveTyped { seq, typed } => (
                    TYPED_KEY.to_string(),
                    tokio::task::spawn_blocking(move || journal.save_typed(seq, &typed)).await,
                ),
                JournalCmd::RemoveTyped { seq } => (
                    TYPED_KEY.to_string(),
                    tokio::task::spawn_blocking(move || journal.remove_typed(seq)).await,
                ),
            };
            // The write's own error, or the blocking task's (a panic in it).
            let written = match result {
                Ok(written) => written.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            let msg = match written {
                Ok(()) => Msg::JournalWritten { key },
                Err(message) => Msg::JournalFailed { key, message },
            };
            let _ = tx.send(msg);
        });
    }

    async fn run(&self, cmd: ServiceCmd) -> Msg {
        let reader = self.gateway.reader();
        match cmd {
            ServiceCmd::LoadDomains => Msg::DomainsLoaded(reader.list_domains().await),
            ServiceCmd::LoadFields { domain_id } => {
                let result = reader.list_fields(&domain_id).await;
                Msg::FieldsLoaded { domain_id, result }
            }
            ServiceCmd::LoadFieldOptions {
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
            ServiceCmd::SearchCases {
                req,
                domain_id,
                query,
                next_token,
            } => Msg::CasesLoaded {
                req,
                result: reader.search_cases(&domain_id, &query, next_token).await,
            },
            ServiceCmd::GetCase {
                req,
                domain_id,
                case_id,
                field_ids,
            } => Msg::CaseLoaded {
                req,
                result: reader.get_case(&domain_id, &case_id, &field_ids).await,
            },
            ServiceCmd::LoadRelated {
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
            ServiceCmd::LoadAudit {
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
            ServiceCmd::CheckDraft(draft) => Msg::DraftChecked {
                key: draft.key.clone(),
                result: save::prepare(&draft, reader).await,
            },
            ServiceCmd::SendDraft { draft, content } => Msg::DraftSent {
                key: draft.key.clone(),
                result: match self.gateway.writer() {
                    Some(writer) => save::send(&draft, &content, writer).await,
                    None => Err(SaveError::Gateway(read_only_refusal())),
                },
            },
            ServiceCmd::DeleteItem {
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
            ServiceCmd::LoadTemplates { domain_id } => Msg::TemplatesLoaded {
                result: reader.list_templates(&domain_id).await,
                domain_id,
            },
            ServiceCmd::LoadOpenSlas { req, domain_id } => Msg::OpenSlasLoaded {
                req,
                result: reader.open_slas(&domain_id).await,
            },
            ServiceCmd::SearchAllRelated {
                req,
                domain_id,
                types,
                next_token,
            } => Msg::FeedItemsLoaded {
                req,
                result: reader
                    .search_all_related_items(&domain_id, &types, next_token, Some(RELATED_PAGE))
                    .await,
            },
        }
    }
}

fn read_only_refusal() -> GatewayError {
    GatewayError::Other("read-only: this session holds no writer; nothing was sent".into())
}
