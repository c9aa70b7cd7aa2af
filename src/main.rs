//! cases-tui: the command line. One function per subcommand.

use anyhow::Context;
use cases_tui::aws::{ConnectOptions, Reader, build_client};
use cases_tui::edit::Journal;
use cases_tui::export::{self, ExportOptions, Format};
use cases_tui::local::{self, ServeArgs};
use cases_tui::model::Performer;
use cases_tui::tui::{self, TuiOptions};
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "cases-tui",
    version,
    about = "A keyboard-driven terminal UI for Amazon Connect Cases"
)]
struct Cli {
    #[command(flatten)]
    aws: AwsArgs,
    /// Open this Cases domain (skips the domain picker).
    #[arg(long, global = true)]
    domain: Option<String>,
    /// Open this case directly.
    #[arg(long)]
    case: Option<String>,
    /// Inspect only: no call that changes anything can be made.
    #[arg(long)]
    read_only: bool,
    /// Who the service records as performing each change: a Connect user ARN
    /// (arn:aws:connect:...:instance/ID/agent/ID) or any other name (a custom entity).
    #[arg(long, global = true, value_name = "USER_ARN|NAME", value_parser = parse_performer)]
    performed_by: Option<Performer>,
    /// Keep staged edits (the journal) here [default: the XDG state dir, cases-tui/drafts].
    #[arg(long, global = true, value_name = "DIR")]
    state_dir: Option<PathBuf>,
    /// Write the log here [default: the XDG state dir, cases-tui/cases-tui.log].
    #[arg(long, global = true)]
    log_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Where to find the service and as whom to call it (the standard AWS chain otherwise).
#[derive(Debug, Args)]
struct AwsArgs {
    /// A profile from the shared AWS config files.
    #[arg(long, global = true)]
    profile: Option<String>,
    /// The AWS region.
    #[arg(long, global = true)]
    region: Option<String>,
    /// Call this endpoint instead of AWS's (AWS_ENDPOINT_URL_CONNECTCASES works too).
    #[arg(long, global = true)]
    endpoint_url: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The TUI against an embedded local service with demo data.
    Demo {
        /// Inspect only: no call that changes anything can be made.
        #[arg(long)]
        read_only: bool,
    },
    /// Run the local Connect Cases service.
    Serve(ServeArgs),
    /// Export a case's audit history (streams; constant memory).
    Audit {
        /// The case whose history to export (with --domain).
        #[arg(long)]
        case: String,
        #[arg(long, value_enum, default_value = "jsonl")]
        output: Format,
        /// Only events of this type (Case.Created, Case.Updated, RelatedItem.Created,
        /// RelatedItem.Updated, RelatedItem.Deleted); repeatable.
        #[arg(long = "type", value_name = "T")]
        types: Vec<String>,
        /// Only events at or after this time (RFC 3339, e.g. 2026-11-01T00:00:00Z, or a date).
        #[arg(long, value_parser = parse_since)]
        since: Option<DateTime<Utc>>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    match cli.command {
        Some(Command::Serve(args)) => {
            init_logging(cli.log_file.as_deref(), false)?;
            runtime.block_on(local::serve(args))
        }
        Some(Command::Demo { read_only }) => {
            init_logging(cli.log_file.as_deref(), true)?;
            let state_dir = cli.state_dir.or_else(|| {
                // Demo drafts are kept apart from drafts against real accounts.
                Journal::default_dir().map(|d| d.with_file_name("demo-drafts"))
            });
            let performed_by = cli
                .performed_by
                .or_else(|| Some(Performer::CustomEntity("demo-user".into())));
            runtime.block_on(demo(read_only || cli.read_only, performed_by, state_dir))
        }
        Some(Command::Audit {
            case,
            output,
            types,
            since,
        }) => {
            init_logging(cli.log_file.as_deref(), true)?;
            let domain = cli.domain.context(
                "audit needs --domain ID (list domains with `aws connectcases list-domains`)",
            )?;
            let connect = connect_options(cli.aws);
            let opts = ExportOptions {
                format: output,
                types,
                since,
                page_size: 25,
            };
            runtime.block_on(audit(connect, &domain, &case, &opts))
        }
        None => {
            init_logging(cli.log_file.as_deref(), true)?;
            let connect = connect_options(cli.aws);
            runtime.block_on(tui::run(TuiOptions {
                connect,
                domain_id: cli.domain,
                case_id: cli.case,
                read_only: cli.read_only,
                performed_by: cli.performed_by,
                state_dir: cli.state_dir,
            }))
        }
    }
}

fn connect_options(aws: AwsArgs) -> ConnectOptions {
    ConnectOptions {
        profile: aws.profile,
        region: aws.region,
        endpoint_url: aws.endpoint_url,
        ..ConnectOptions::with_defaults()
    }
}

/// `cases-tui audit`: the history to stdout as it pages in.
async fn audit(
    connect: ConnectOptions,
    domain: &str,
    case: &str,
    opts: &ExportOptions,
) -> anyhow::Result<()> {
    let reader = Reader::new(build_client(&connect).await);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let stats = export::export(&reader, domain, case, opts, &mut out)
        .await
        .with_context(|| format!("exporting the audit history of case {case}"))?;
    tracing::info!(?stats, "audit export finished");
    Ok(())
}

fn parse_performer(s: &str) -> Result<Performer, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("performed-by is empty; give a Connect user ARN or a name".into());
    }
    if s.starts_with("arn:") {
        if s.contains(":connect:") && s.contains("/agent/") {
            Ok(Performer::UserArn(s.to_string()))
        } else {
            Err(format!(
                "'{s}' is not a Connect user ARN (arn:aws:connect:REGION:ACCOUNT:instance/ID/agent/ID)"
            ))
        }
    } else {
        Ok(Performer::CustomEntity(s.to_string()))
    }
}

fn parse_since(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
        .map_err(|_| format!("'{s}' is not a time; use 2026-11-01 or 2026-11-01T09:00:00Z"))
}

/// The embedded local service, seeded with the demo data, and the TUI on it through the real SDK.
async fn demo(
    read_only: bool,
    performed_by: Option<Performer>,
    state_dir: Option<PathBuf>,
) -> anyhow::Result<()> {
    let service = local::start_demo()
        .await
        .context("starting the demo service")?;
    let result = tui::run(TuiOptions {
        connect: ConnectOptions::local(service.endpoint_url()),
        domain_id: Some(local::demo::DEMO_DOMAIN_ID.to_string()),
        case_id: None,
        read_only,
        performed_by,
        state_dir,
    })
    .await;
    service.shutdown().await;
    result
}

/// Logs go to a file, never to the terminal the UI draws on. `serve` logs to stderr unless a
/// file is given, since it has no UI.
fn init_logging(file: Option<&std::path::Path>, tui: bool) -> anyhow::Result<()> {
    let filter = cases_tui::logging::env_filter();
    let path = match file {
        Some(p) => Some(p.to_path_buf()),
        None if tui => default_log_file(),
        None => None,
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    match path {
        Some(path) => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating the log directory {}", dir.display()))?;
            }
            let f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .with_context(|| {
                    format!(
                        "opening the log file {}; pass --log-file to choose another",
                        path.display()
                    )
                })?;
            builder.with_writer(std::sync::Mutex::new(f)).init();
        }
        None => builder.with_writer(std::io::stderr).init(),
    }
    Ok(())
}

fn default_log_file() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "cases-tui")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("cases-tui.log"))
}
