//! cases-tui: the command line. One function per subcommand.

use anyhow::Context;
use cases_tui::aws::{ConnectOptions, GatewayError, Reader, build_client};
use cases_tui::check::{self, CheckOptions};
use cases_tui::config::{self, Config, parse_performer};
use cases_tui::edit::Journal;
use cases_tui::export::{self, ExportOptions, Format};
use cases_tui::local::{self, ServeArgs};
use cases_tui::model::Performer;
use cases_tui::tui::{self, TuiOptions};
use chrono::{DateTime, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes, for `--help` and the man page.
const EXIT_CODES: &str = "Exit status: 0 success; 1 a call to the service failed (or a read `check` \
tried failed); 2 usage or configuration (bad flags or config file, no credentials, unknown profile, \
no region, no terminal for the TUI).";

#[derive(Debug, Parser)]
#[command(
    name = "cases-tui",
    version,
    about = "A keyboard-driven terminal UI for Amazon Connect Cases",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(flatten)]
    tui: TuiArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

/// The TUI's flags. Given before a subcommand, the ones that subcommand uses count for it too
/// (`cases-tui --domain D audit ...`); the others are refused.
#[derive(Debug, Args)]
struct TuiArgs {
    #[command(flatten)]
    aws: AwsArgs,
    /// Open this Cases domain (skips the domain picker).
    #[arg(long)]
    domain: Option<String>,
    /// Open this case directly.
    #[arg(long)]
    case: Option<String>,
    /// Inspect only: no call that changes anything can be made.
    #[arg(long)]
    read_only: bool,
    #[command(flatten)]
    writes: WriteArgs,
    #[command(flatten)]
    files: FileArgs,
}

/// Where to find the service and as whom to call it (the standard AWS chain otherwise).
#[derive(Debug, Args, Default)]
struct AwsArgs {
    /// A profile from the shared AWS config files.
    #[arg(long)]
    profile: Option<String>,
    /// The AWS region.
    #[arg(long)]
    region: Option<String>,
    /// Call this endpoint instead of AWS's (AWS_ENDPOINT_URL_CONNECTCASES works too).
    #[arg(long)]
    endpoint_url: Option<String>,
}

/// Who edits are recorded as, and where staged edits are kept.
#[derive(Debug, Args, Default)]
struct WriteArgs {
    /// Who the service records as performing each change: a Connect user ARN
    /// (arn:aws:connect:...:instance/ID/agent/ID) or any other name (a custom entity).
    #[arg(long, value_name = "USER_ARN|NAME", value_parser = parse_performer)]
    performed_by: Option<Performer>,
    /// Keep staged edits (the journal) here [default: the XDG state dir, cases-tui/drafts].
    #[arg(long, value_name = "DIR")]
    state_dir: Option<PathBuf>,
}

/// The settings file and the log file.
#[derive(Debug, Args, Default)]
struct FileArgs {
    /// Read settings from this file [default: $XDG_CONFIG_HOME/cases-tui/config.toml].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Write the log here [default: the XDG state dir, cases-tui/cases-tui.log].
    #[arg(long, value_name = "FILE")]
    log_file: Option<PathBuf>,
}

/// Which domain `audit` reads, and how to reach it (after the audit flags in `--help`).
#[derive(Debug, Args)]
struct AuditTarget {
    /// The domain of the case (or `domain` in the config file).
    #[arg(long)]
    domain: Option<String>,
    #[command(flatten)]
    aws: AwsArgs,
    #[command(flatten)]
    files: FileArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The TUI against an embedded local service with demo data.
    Demo {
        /// Inspect only: no call that changes anything can be made.
        #[arg(long)]
        read_only: bool,
        #[command(flatten)]
        writes: WriteArgs,
        #[command(flatten)]
        files: FileArgs,
    },
    /// Run the local Connect Cases service.
    Serve {
        #[command(flatten)]
        args: ServeArgs,
        /// Write the log here [default: stderr].
        #[arg(long, value_name = "FILE")]
        log_file: Option<PathBuf>,
    },
    /// Export a case's audit history (streams; constant memory).
    #[command(after_help = EXIT_CODES)]
    Audit {
        /// The case whose history to export (with --domain).
        #[arg(long)]
        case: String,
        #[arg(long, value_enum, default_value = "jsonl")]
        output: Format,
        /// Only events of this type (Case.Created, Case.Updated, RelatedItem.Created,
        /// RelatedItem.Updated, RelatedItem.Deleted, Case.Merged); repeatable.
        #[arg(long = "type", value_name = "T", value_parser = parse_event_type)]
        types: Vec<String>,
        /// Only events at or after this time (RFC 3339, e.g. 2026-11-01T00:00:00Z, or a date).
        #[arg(long, value_parser = parse_since)]
        since: Option<DateTime<Utc>>,
        /// Oldest events first (streamed as the pages arrive), or newest first like the TUI's
        /// timeline (written once the whole history is in).
        #[arg(long, value_enum, default_value = "oldest")]
        order: export::Order,
        #[command(flatten)]
        target: AuditTarget,
    },
    /// Check the setup before the first run: credentials, region, each read the TUI makes.
    ///
    /// One line per step, OK or what to do; exit status 0 only when every step passes.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Read this domain [default: the first one listed].
        #[arg(long)]
        domain: Option<String>,
        /// The TUI will run with --read-only: no write action is needed.
        #[arg(long)]
        read_only: bool,
        #[command(flatten)]
        aws: AwsArgs,
        #[command(flatten)]
        files: FileArgs,
    },
    /// The config file.
    Config {
        /// Print a commented default config file (every key documented) to stdout.
        #[arg(long)]
        print_default: bool,
        /// Print where the config file is read from.
        #[arg(long)]
        path: bool,
        /// The config file --path names [default: $XDG_CONFIG_HOME/cases-tui/config.toml].
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(f) => {
            match f.advice {
                Some(advice) => eprintln!("cases-tui: {}\n  {advice}", f.text),
                None => eprintln!("cases-tui: {}", f.text),
            }
            ExitCode::from(f.code)
        }
    }
}

/// Why the program stops: what to print and the exit status (1 a failed call, 2 usage or
/// configuration).
struct Failure {
    code: u8,
    text: String,
    advice: Option<String>,
}

impl Failure {
    fn usage(text: impl Into<String>) -> Self {
        Self {
            code: 2,
            text: text.into(),
            advice: None,
        }
    }

    /// A failed call: the setup's fault (credentials, profile, region) is a configuration error.
    fn gateway(context: &str, e: &GatewayError) -> Self {
        Self {
            code: if e.is_setup() { 2 } else { 1 },
            text: format!("{context}: {e}"),
            advice: Some(e.shell_advice().to_string()),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        // A `--state` file another serve holds is a configuration error, not a failed call.
        if e.downcast_ref::<local::StateInUse>().is_some() {
            return Self::usage(format!("{e:#}"));
        }
        Self {
            code: 1,
            text: format!("{e:#}"),
            advice: None,
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let top = cli.tui;
    if let Some(command) = &cli.command {
        top.refuse_unused(command)?;
    }
    // These print and return without reading the config, so a broken file can be replaced.
    match &cli.command {
        Some(Command::Config {
            print_default,
            path,
            config,
        }) => {
            let explicit = config.as_deref().or(top.files.config.as_deref());
            config_command(*print_default, *path, explicit)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "cases-tui", &mut out);
            write_stdout(&out)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(anyhow::Error::from)?;
            write_stdout(&out)?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let runtime = tokio::runtime::Runtime::new()
        .context("starting the async runtime")
        .map_err(Failure::from)?;
    match cli.command {
        Some(Command::Serve { args, log_file }) => {
            init_logging(log_file.or(top.files.log_file).as_deref(), false)?;
            runtime.block_on(local::serve(args))?;
        }
        Some(Command::Demo {
            read_only,
            writes,
            files,
        }) => {
            let files = files.or(top.files);
            let file = load_config(files.config.as_deref());
            require_terminal()?;
            init_logging(files.log_file.as_deref(), true)?;
            let state_dir = writes.state_dir.or(top.writes.state_dir).or_else(|| {
                // Demo drafts are kept apart from drafts against real accounts.
                Journal::default_dir().map(|d| d.with_file_name("demo-drafts"))
            });
            let performed_by = writes
                .performed_by
                .or(top.writes.performed_by)
                .or_else(|| Some(Performer::CustomEntity("demo-user".into())));
            let mut opts = ui_options(&file, ConnectOptions::default());
            opts.read_only = read_only || top.read_only || file.read_only;
            opts.performed_by = performed_by;
            opts.state_dir = state_dir;
            runtime.block_on(demo(opts))?;
        }
        Some(Command::Audit {
            case,
            output,
            types,
            since,
            target,
            order,
        }) => {
            let files = target.files.or(top.files);
            let file = load_config(files.config.as_deref());
            init_logging(files.log_file.as_deref(), true)?;
            let domain = target
                .domain
                .or(top.domain)
                .or(file.domain.clone())
                .ok_or_else(|| {
                    Failure::usage(
                        "audit needs --domain ID (or `domain` in the config file); \
                         `aws connectcases list-domains` lists them",
                    )
                })?;
            let connect = connect_options(target.aws.or(top.aws), &file);
            let opts = ExportOptions {
                format: output,
                types,
                since,
                page_size: 25,
            };
            runtime.block_on(audit(connect, &domain, &case, &opts, order))?;
        }
        Some(Command::Check {
            domain,
            read_only,
            aws,
            files,
        }) => {
            let files = files.or(top.files);
            let file = load_config(files.config.as_deref());
            init_logging(files.log_file.as_deref(), true)?;
            let opts = CheckOptions {
                connect: connect_options(aws.or(top.aws), &file),
                domain: domain.or(top.domain).or(file.domain.clone()),
                read_only: read_only || top.read_only || file.read_only,
            };
            let report = runtime
                .block_on(async {
                    let mut out = std::io::stdout().lock();
                    check::run(&opts, &mut out).await
                })
                .context("writing the report")?;
            if report.exit_code() != 0 {
                return Ok(ExitCode::from(report.exit_code()));
            }
        }
        None => {
            let file = load_config(top.files.config.as_deref());
            require_terminal()?;
            init_logging(top.files.log_file.as_deref(), true)?;
            let mut opts = ui_options(&file, connect_options(top.aws, &file));
            opts.domain_id = top.domain.or(file.domain.clone());
            opts.case_id = top.case;
            opts.read_only = top.read_only || file.read_only;
            opts.performed_by = top.writes.performed_by.or(file.performed_by.clone());
            opts.state_dir = top.writes.state_dir;
            runtime.block_on(tui::run(opts))?;
        }
        Some(Command::Config { .. } | Command::Completions { .. } | Command::Man) => {
            unreachable!("handled before the runtime starts")
        }
    }
    Ok(ExitCode::SUCCESS)
}

impl TuiArgs {
    /// Flags given before a subcommand that it does not use are refused, not ignored.
    fn refuse_unused(&self, command: &Command) -> Result<(), Failure> {
        let given = [
            ("--profile", self.aws.profile.is_some()),
            ("--region", self.aws.region.is_some()),
            ("--endpoint-url", self.aws.endpoint_url.is_some()),
            ("--domain", self.domain.is_some()),
            ("--case", self.case.is_some()),
            ("--read-only", self.read_only),
            ("--performed-by", self.writes.performed_by.is_some()),
            ("--state-dir", self.writes.state_dir.is_some()),
            ("--config", self.files.config.is_some()),
            ("--log-file", self.files.log_file.is_some()),
        ];
        let (name, uses): (&str, &[&str]) = match command {
            Command::Demo { .. } => (
                "demo",
                &[
                    "--read-only",
                    "--performed-by",
                    "--state-dir",
                    "--config",
                    "--log-file",
                ],
            ),
            Command::Serve { .. } => ("serve", &["--log-file"]),
            Command::Audit { .. } => (
                "audit",
                &[
                    "--profile",
                    "--region",
                    "--endpoint-url",
                    "--domain",
                    "--config",
                    "--log-file",
                ],
            ),
            Command::Check { .. } => (
                "check",
                &[
                    "--profile",
                    "--region",
                    "--endpoint-url",
                    "--domain",
                    "--read-only",
                    "--config",
                    "--log-file",
                ],
            ),
            Command::Config { .. } => ("config", &["--config"]),
            Command::Completions { .. } => ("completions", &[]),
            Command::Man => ("man", &[]),
        };
        match given
            .iter()
            .find(|(flag, set)| *set && !uses.contains(flag))
        {
            Some((flag, _)) => Err(Failure::usage(format!(
                "`{name}` does not use {flag}; see `cases-tui {name} --help`"
            ))),
            None => Ok(()),
        }
    }
}

impl AwsArgs {
    /// These flags, or where one is missing, `other`'s.
    fn or(self, other: AwsArgs) -> AwsArgs {
        AwsArgs {
            profile: self.profile.or(other.profile),
            region: self.region.or(other.region),
            endpoint_url: self.endpoint_url.or(other.endpoint_url),
        }
    }
}

impl FileArgs {
    /// These flags, or where one is missing, `other`'s.
    fn or(self, other: FileArgs) -> FileArgs {
        FileArgs {
            config: self.config.or(other.config),
            log_file: self.log_file.or(other.log_file),
        }
    }
}

/// The TUI draws on a terminal; without one (a pipe, cron, CI) it says so instead of failing
/// inside the terminal library.
fn require_terminal() -> Result<(), Failure> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(Failure::usage(
        "the TUI needs a terminal, but stdin or stdout is not one; run it in a terminal \
         (for scripts: `cases-tui audit` exports, `cases-tui check` tests the setup)",
    ))
}

fn parse_event_type(s: &str) -> Result<String, String> {
    let types = cases_tui::aws::audit_event_types();
    if types.contains(&s) {
        return Ok(s.to_string());
    }
    Err(format!(
        "'{s}' is not an audit event type; use one of: {}",
        types.join(", ")
    ))
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
        case_columns: file.case_columns.clone(),
        feed_refresh_seconds: file.feed_refresh_seconds,
        radar_reload_seconds: file.radar_reload_seconds,
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
) -> Result<(), Failure> {
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
        Err(export::ExportError::Gateway(e)) => Err(Failure::gateway(
            &format!("exporting the audit history of case {case}"),
            &e,
        )),
        Err(e @ export::ExportError::Io(_)) => Err(Failure::from(anyhow::Error::from(e))),
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
