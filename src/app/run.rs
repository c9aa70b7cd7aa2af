//! The event loop: one channel carries input, ticks and finished calls; `update` turns each into
//! commands, `exec` spawns them, and the screen is redrawn after each batch.

use std::time::Duration;

use futures::StreamExt;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream, KeyEventKind,
};
use ratatui::crossterm::execute;
use tokio::sync::mpsc::{self, UnboundedSender};

use super::{App, Cmd, Msg};

/// How often `Msg::Tick` arrives (spinners, fading messages).
const TICK: Duration = Duration::from_millis(100);
/// At most this many queued messages are applied before a redraw.
const MAX_BATCH: usize = 64;

/// Run the app until it asks to quit. Calls `app.start()` itself; `exec` must spawn the call for
/// a `Cmd` and send its result on the sender, never block. Enables mouse capture for the wheel
/// while running.
pub async fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    mut exec: impl FnMut(Cmd, UnboundedSender<Msg>),
) -> anyhow::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    let input = tokio::spawn(forward_terminal_events(tx.clone()));
    let ticker = tokio::spawn(tick(tx.clone()));
    let result = event_loop(terminal, app, &mut exec, &tx, &mut rx).await;
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
) -> anyhow::Result<()> {
    if dispatch(app.start(), exec, tx) {
        return Ok(());
    }
    if let Ok(size) = terminal.size() {
        app.update(Msg::Resize(size.width, size.height));
    }
    terminal.draw(|f| crate::ui::draw(f, app))?;
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
        let redraw = !only_ticks || app.is_busy() || app.status.is_some();
        for msg in batch {
            if dispatch(app.update(msg), exec, tx) {
                return Ok(());
            }
        }
        if redraw {
            terminal.draw(|f| crate::ui::draw(f, app))?;
        }
    }
    Ok(())
}

/// Hand every command to `exec`; `true` when one of them is `Quit`.
fn dispatch(
    cmds: Vec<Cmd>,
    exec: &mut impl FnMut(Cmd, UnboundedSender<Msg>),
    tx: &UnboundedSender<Msg>,
) -> bool {
    let mut quit = false;
    for cmd in cmds {
        match cmd {
            Cmd::Quit => quit = true,
            cmd => exec(cmd, tx.clone()),
        }
    }
    quit
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
