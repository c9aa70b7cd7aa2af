//! Wiring the app to a terminal and to the gateway: each [`Cmd`] becomes a spawned task whose
//! result comes back as a [`Msg`]. Nothing here awaits the network on the event loop.

use crate::app::{App, AppContext, Cmd, KeyMap, Msg, Theme};
use crate::aws::{ConnectOptions, Reader, build_client};
use tokio::sync::mpsc::UnboundedSender;

/// Page sizes the app asks for: the most the service allows per call.
const RELATED_PAGE: i32 = 25;
const AUDIT_PAGE: i32 = 25;

/// Runs one command against the service in a spawned task.
pub fn execute(reader: &Reader, cmd: Cmd, tx: UnboundedSender<Msg>) {
    let reader = reader.clone();
    let task = async move {
        let msg = match cmd {
            Cmd::Quit => return,
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
        };
        // The loop may have ended while this call was in flight; nothing is lost by dropping it.
        let _ = tx.send(msg);
    };
    tokio::spawn(task);
}

/// Where the TUI connects and what it opens first.
pub struct TuiOptions {
    pub connect: ConnectOptions,
    pub domain_id: Option<String>,
    pub case_id: Option<String>,
    pub read_only: bool,
}

/// Takes over the terminal, runs the app until the user quits, and restores the terminal on
/// every way out (ratatui's panic hook covers panics).
pub async fn run(opts: TuiOptions) -> anyhow::Result<()> {
    let client = build_client(&opts.connect).await;
    let reader = Reader::new(client);
    let ctx = AppContext {
        endpoint_label: opts.connect.label(),
        domain_id: opts.domain_id,
        case_id: opts.case_id,
        read_only: opts.read_only,
        keys: KeyMap::default(),
        theme: Theme::from_env(),
    };
    let mut app = App::new(ctx);

    let mut terminal = ratatui::init();
    let result =
        crate::app::run::run(&mut terminal, &mut app, |cmd, tx| execute(&reader, cmd, tx)).await;
    ratatui::restore();
    result
}
