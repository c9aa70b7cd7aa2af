//! cases-tui: the command line. One function per subcommand.

use anyhow::Context;
use cases_tui::aws::{ConnectOptions, Reader, build_client};
use cases_tui::config::{self, Config, parse_performer};
use cases_tui::edit::Journal;
use cases_tui::export::{self, ExportOptions, Format};
use cases_tui::local::{self, ServeArgs};
use cases_tui::model::Performer;
use cases_tui::tui::{self, TuiOptions};
use chrono::{DateTime, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand};
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
    /// Read settings from this file [default: $XDG_CONFIG_HOME/cases-tui/config.toml].
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
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
        /// Oldest events first (streamed as the pages arrive), or newest first like the TUI's
        /// timeline (written once the whole history is in).
        #[arg(long, value_enum, default_value = "oldest")]
        order: export::Order,
    },
    /// The config file.
    Config {
        /// Print a commented default config file (every key documented) to stdout.
        #[arg(long)]
        print_default: bool,
        /// Print where the config file is read from.
        #[arg(long)]
        path: bool,
    },
    /// Print a shell completion script to stdout (e.g. `cases-tui completions zsh > _cases-tui`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout (e.g. `cases-tui man | man -l -`).
    Man,
}

/// The demo's start-up and the local service are allocation-bound (JSON values); mimalloc cut
/// seeding the demo by a third against the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // These print and return without reading the config, so a broken file can be replaced.
    match &cli.command {
        Some(Command::Config {
            print_default,
            path,
        }) => return config_command(*print_default, *path, cli.config.as_deref()),
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "cases-tui", &mut out);
            return write_stdout(&out);
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            return write_stdout(&out);
        }
        _ => {}
    }
    let file = match &cli.command {
        Some(Command::Serve(_)) => Config::default(),
        _ => load_config(cli.config.as_deref()),
    };
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
            let mut opts = ui_options(&file, ConnectOptions::default());
            opts.read_only = read_only || cli.read_only || file.read_only;
            opts.performed_by = performed_by;
            opts.state_dir = state_dir;
            runtime.block_on(demo(opts))
        }
        Some(Command::Audit {
            case,
            output,
            types,
            since,
            order,
        }) => {
            init_logging(cli.log_file.as_deref(), true)?;
            let domain = cli.domain.or(file.domain.clone()).context(
                "audit needs --domain ID (list domains with `aws connectcases list-domains`)",
            )?;
            let connect = connect_options(cli.aws, &file);
            let opts = ExportOptions {
                format: output,
                types,
                since,
                page_size: 25,
            };
            runtime.block_on(audit(connect, &domain, &case, &opts, order))
        }
        None => {
            init_logging(cli.log_file.as_deref(), true)?;
            let mut opts = ui_options(&file, connect_options(cli.aws, &file));
            opts.domain_id = cli.domain.or(file.domain.clone());
            opts.case_id = cli.case;
            opts.read_only = cli.read_only || file.read_only;
            opts.performed_by = cli.performed_by.or(file.performed_by.clone());
            opts.state_dir = cli.state_dir;
            runtime.block_on(tui::run(opts))
        }
        Some(Command::Config { .. } | Command::Completions { .. } | Command::Man) => {
            unreachable!("handled before the runtime starts")
        }
    }
}

/// Writes to stdout; a reader that went away (`| head`) ends the output quietly, as in any
/// Unix tool.
fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// The config file, or the process ends: a corrupt config never starts the TUI half-configured.
fn load_config(path: Option<&std::path::Path>) -> Config {
    match config::load(path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cases-tui: {e}\n  {}", e.advice());
            std::process::exit(2);
        }
    }
}

/// `cases-tui config`: the commented default file, or where the file is read from.
fn config_command(
    print_default: bool,
    path: bool,
    explicit: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    if print_default {
        return write_stdout(config::default_file().as_bytes());
    }
    if path {
        match explicit
            .map(|p| p.to_path_buf())
            .or_else(config::default_path)
        {
            Some(p) => println!("{}", p.display()),
            None => anyhow::bail!("no config directory could be found; pass --config FILE"),
        }
        return Ok(());
    }
    anyhow::bail!(
        "say what to do: `cases-tui config --print-default > {}` writes a fresh file",
        config::default_path().map_or("config.toml".into(), |p| p.display().to_string())
    )
}

/// The TUI's look and keys from the config file.
fn ui_options(file: &Config, connect: ConnectOptions) -> TuiOptions {
    TuiOptions {
        keys: file.keys.clone(),
        theme: file.theme(),
        masking: file.masking,
        time: file.time_format,
        ..TuiOptions::new(connect)
    }
}

/// Flags first, then the config file, then the standard chain.
fn connect_options(aws: AwsArgs, file: &Config) -> ConnectOptions {
    ConnectOptions {
        profile: aws.profile.or(file.profile.clone()),
        region: aws.region.or(file.region.clone()),
        endpoint_url: aws.endpoint_url.or(file.endpoint_url.clone()),
        ..ConnectOptions::with_defaults()
    }
}

/// `cases-tui audit`: the history to stdout as it pages in.
async fn audit(
    connect: ConnectOptions,
    domain: &str,
    case: &str,
    opts: &ExportOptions,
    order: export::Order,
) -> anyhow::Result<()> {
    let reader = Reader::new(build_client(&connect).await);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match export::export_in_order(&reader, domain, case, opts, order, &mut out).await {
        Ok(stats) => {
            tracing::info!(?stats, "audit export finished");
            Ok(())
        }
        // The reader went away (`| head`): stop quietly, as any Unix tool does.
        Err(export::ExportError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e).with_context(|| format!("exporting the audit history of case {case}")),
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
async fn demo(mut opts: TuiOptions) -> anyhow::Result<()> {
    let service = local::start_demo()
        .await
        .context("starting the demo service")?;
    opts.connect = ConnectOptions::local(service.endpoint_url());
    opts.domain_id = Some(local::demo::DEMO_DOMAIN_ID.to_string());
    let result = tui::run(opts).await;
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
