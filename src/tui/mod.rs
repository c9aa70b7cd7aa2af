//! Wiring the app to a terminal, the gateway and the journal. The event loop owns the terminal
//! and runs terminal effects itself; the session runs session changes and hands service calls
//! and journal writes to the executor, which spawns each and sends its result back as a `Msg`.
//! Nothing here awaits the network on the event loop.

mod event_loop;
mod executor;
mod memory;
mod save;
mod session;

pub use event_loop::{editor_command, osc52, run_editor};
pub use executor::Executor;
pub use memory::IdleCollect;
pub use save::{prepare, send};
pub use session::Session;

use crate::app::audit::TimeMode;
use crate::app::{App, AppContext, KeyMap, Theme};
use crate::aws::{ConnectOptions, Gateway, build_client};
use crate::edit::{self, Journal};
use crate::model::Performer;
use std::path::PathBuf;

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
    /// The case list's columns by field id or name (`case_list.columns`); `None`: the default.
    pub case_columns: Option<Vec<String>>,
    /// Seconds between the activity feed's own refreshes (`feed.refresh_seconds`).
    pub feed_refresh_seconds: u64,
    /// Seconds between the SLA radar's full reads (`feed.radar_reload_seconds`).
    pub radar_reload_seconds: u64,
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
            case_columns: None,
            feed_refresh_seconds: crate::app::feed::DEFAULT_REFRESH_SECONDS,
            radar_reload_seconds: crate::app::feed::radar::DEFAULT_RELOAD_SECONDS,
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
    let (journal, drafts, mut problems) = open_journal(opts.state_dir.clone());
    let typed = match journal.as_ref().map(Journal::load_typed) {
        Some(Ok(typed)) => typed,
        Some(Err(why)) => {
            problems.push(why);
            None
        }
        None => None,
    };
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
        performed_by: opts.performed_by.clone(),
        case_columns: opts.case_columns.clone(),
        feed_refresh_seconds: opts.feed_refresh_seconds,
        radar_reload_seconds: opts.radar_reload_seconds,
    };
    let mut app = App::new(ctx);
    app.restore_drafts(drafts);
    if let Some(typed) = typed {
        app.offer_typed(typed);
    }
    if let Some(p) = problems.first() {
        app.set_problem(p.clone());
    }

    // A terminal that cannot be set up (no tty) is an error to report, never a panic.
    let mut terminal = ratatui::try_init().map_err(|e| {
        anyhow::anyhow!(
            "the TUI needs a terminal and could not set one up ({e}); run it in a terminal"
        )
    })?;
    let result = event_loop::run(&mut terminal, &mut app, |cmd, tx| session.execute(cmd, tx)).await;
    ratatui::restore();
    result
}
