//! The event loop: one channel carries input, ticks and finished calls; `update` turns each into
//! commands, `exec` spawns them, and the screen is redrawn after each batch. The loop owns the
//! terminal, so it runs the terminal's commands (OSC 52, the external editor) itself.

use std::time::Duration;

use futures::StreamExt;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream, KeyEventKind,
};
use ratatui::crossterm::execute;
use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::task::JoinHandle;

use super::IdleCollect;
use crate::app::{App, Cmd, Msg, TerminalCmd};

/// How often `Msg::Tick` arrives (spinners, fading messages).
const TICK: Duration = Duration::from_millis(100);
/// At most this many queued messages are applied before a redraw.
const MAX_BATCH: usize = 64;

/// Run the app until it asks to quit. Calls `app.start()` itself; `exec` must spawn the call for
/// a `Cmd` and send its result on the sender, never block. Enables mouse capture for the wheel
/// while running.
pub(super) async fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    mut exec: impl FnMut(Cmd, UnboundedSender<Msg>),
) -> anyhow::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    let mut input = tokio::spawn(forward_terminal_events(tx.clone()));
    let ticker = tokio::spawn(tick(tx.clone()));
    let result = event_loop(terminal, app, &mut exec, &tx, &mut rx, &mut input).await;
    input.abort();
    ticker.abort();
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    result
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    exec: &mut impl FnMut(Cmd, UnboundedSender<Msg>),
    tx: &UnboundedSender<Msg>,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    input: &mut JoinHandle<()>,
) -> anyhow::Result<()> {
    let mut ours = Vec::new();
    if dispatch(app.start(), exec, tx, &mut ours) {
        return Ok(());
    }
    if let Ok(size) = terminal.size() {
        app.update(Msg::Resize(size.width, size.height));
    }
    draw(terminal, app)?;
    let mut idle = IdleCollect::default();
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(m) => batch.push(m),
                Err(_) => break,
            }
        }
        // Ticks alone only matter while a spinner or a fading message is on screen.
        let only_ticks = batch.iter().all(|m| matches!(m, Msg::Tick));
        let redraw = !only_ticks || app.ticks_show() || app.status.is_some();
        for msg in batch {
            if dispatch(app.update(msg), exec, tx, &mut ours) {
                return Ok(());
            }
        }
        // Commands on the terminal itself, run here because this loop owns it.
        for cmd in ours.drain(..) {
            match cmd {
                TerminalCmd::Yank(text) => {
                    if let Err(e) = yank(&text) {
                        tracing::warn!("writing OSC 52 failed: {e}");
                    }
                }
                TerminalCmd::ExternalEditor { text } => {
                    input.abort();
                    // The input task must be gone before the editor reads the terminal.
                    let _ = (&mut *input).await;
                    let result = edit_externally(terminal, &text);
                    *input = tokio::spawn(forward_terminal_events(tx.clone()));
                    terminal.clear()?;
                    let _ = tx.send(Msg::ExternalEditorDone(result));
                }
            }
        }
        if redraw {
            draw(terminal, app)?;
        }
        // What a load or a search freed goes back to the system once the user pauses.
        idle.after_batch(only_ticks);
    }
    Ok(())
}

/// Draw a frame. Drawing measures the panes; `update` learns it as a message, never by a write.
fn draw(terminal: &mut DefaultTerminal, app: &mut App) -> std::io::Result<()> {
    let mut drawn = Default::default();
    terminal.draw(|f| drawn = crate::ui::draw(f, app))?;
    app.update(Msg::Drawn(drawn));
    Ok(())
}

/// Hand every command to `exec`, keeping those on the terminal for the loop; `true` when one of
/// them is `Quit`.
fn dispatch(
    cmds: Vec<Cmd>,
    exec: &mut impl FnMut(Cmd, UnboundedSender<Msg>),
    tx: &UnboundedSender<Msg>,
    ours: &mut Vec<TerminalCmd>,
) -> bool {
    let mut quit = false;
    for cmd in cmds {
        match cmd {
            Cmd::Quit => quit = true,
            Cmd::Terminal(cmd) => ours.push(cmd),
            cmd => exec(cmd, tx.clone()),
        }
    }
    quit
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard (over SSH too).
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{b64}\x07")
}

fn yank(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout();
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

/// The command that edits a file: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Leave the TUI, run the editor on a temporary file holding `text`, come back. Blocks the loop
/// on purpose: nothing else may use the terminal meanwhile.
fn edit_externally(terminal: &mut DefaultTerminal, text: &str) -> Result<String, String> {
    use ratatui::crossterm::terminal::{
        EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
    };
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let result = run_editor(&editor_command(), text);
    let _ = enable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    );
    let _ = terminal.clear();
    result
}

/// Runs `editor` (a command line: `code --wait` works) on a temporary file holding `text` and
/// returns what it holds afterwards.
pub fn run_editor(editor: &str, text: &str) -> Result<String, String> {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("cases-tui-comment-{}.md", uuid::Uuid::new_v4()));
    std::fs::write(&path, text).map_err(|e| format!("could not write {}: {e}", path.display()))?;
    // As git does: the shell splits the command, so `code --wait` and quoting work.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(editor)
        .arg(&path)
        .status();
    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&path)
            .map_err(|e| format!("could not read {} back: {e}", path.display())),
        Ok(s) if matches!(s.code(), Some(126 | 127)) => Err(format!(
            "could not start the editor `{editor}`: not found or not executable (set $VISUAL or $EDITOR)"
        )),
        Ok(s) => Err(format!(
            "the editor `{editor}` exited with {s} (set $VISUAL or $EDITOR to choose another)"
        )),
        Err(e) => Err(format!(
            "could not start the editor `{editor}`: {e} (set $VISUAL or $EDITOR)"
        )),
    };
    let _ = std::fs::remove_file(&path);
    result
}

async fn forward_terminal_events(tx: UnboundedSender<Msg>) {
    let mut events = EventStream::new();
    while let Some(event) = events.next().await {
        let msg = match event {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => Msg::Key(k),
            Ok(Event::Mouse(m)) => Msg::Mouse(m),
            Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
            Ok(Event::Paste(text)) => Msg::Paste(text),
            Ok(_) => continue,
            Err(e) => {
                tracing::warn!("terminal input failed: {e}");
                break;
            }
        };
        if tx.send(msg).is_err() {
            break;
        }
    }
}

async fn tick(tx: UnboundedSender<Msg>) {
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        interval.tick().await;
        if tx.send(Msg::Tick).is_err() {
            break;
        }
    }
}
