//! The app driven through the real executor: commands run as the event loop runs them, answers
//! fed back, until nothing is in flight.

#![allow(dead_code)]

use cases_tui::app::{App, AppContext, Cmd, Msg};
use cases_tui::tui::Executor;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;

/// Runs `cmds` through `exec` and feeds the answers to `app` until nothing is in flight.
pub async fn pump(app: &mut App, exec: &Executor, cmds: Vec<Cmd>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut in_flight = 0;
    let mut queue = cmds;
    loop {
        for cmd in queue.drain(..) {
            if answered(&cmd, exec) {
                in_flight += 1;
                exec.execute(cmd, tx.clone());
            }
        }
        if in_flight == 0 {
            return;
        }
        // Generous, and only ever reached if an answer is lost: that is a failure.
        let msg = tokio::time::timeout(std::time::Duration::from_secs(60), rx.recv())
            .await
            .unwrap_or_else(|_| panic!("{in_flight} command(s) never answered"))
            .expect("the executor keeps a sender");
        // A retry notice comes before the answer it announces.
        if !matches!(msg, Msg::Retrying { .. }) {
            in_flight -= 1;
        }
        queue = app.update(msg);
    }
}

/// Gives `msg` to `app` and runs what it asks for through `exec`, as [`pump`] does.
pub async fn press(app: &mut App, exec: &Executor, msg: Msg) {
    let cmds = app.update(msg);
    pump(app, exec, cmds).await;
}

/// The app on `domain`, started and everything it first asks for answered through `exec`.
pub async fn started_on(domain: &str, exec: &Executor) -> App {
    let mut app = App::new(AppContext {
        domain_id: Some(domain.into()),
        ..AppContext::for_tests()
    });
    let cmds = app.start();
    pump(&mut app, exec, cmds).await;
    app
}

/// The key `c` pressed alone.
pub fn key(c: char) -> Msg {
    code(KeyCode::Char(c))
}

/// The key `c` (Enter, Esc, …) pressed alone.
pub fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// Opens the activity feed with `:feed` and `Enter`, each key's commands answered.
pub async fn open_feed(app: &mut App, exec: &Executor) {
    for c in ":feed".chars() {
        press(app, exec, key(c)).await;
    }
    press(app, exec, code(KeyCode::Enter)).await;
}

/// Whether `exec` answers `cmd` with a message: every command but quitting and the terminal's,
/// and journal writes only where there is a journal (without one nothing is written or said).
fn answered(cmd: &Cmd, exec: &Executor) -> bool {
    match cmd {
        Cmd::Quit | Cmd::Terminal(_) => false,
        Cmd::Journal(_) => exec.journal.is_some(),
        _ => true,
    }
}
