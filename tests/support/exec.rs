//! The app driven through the real executor: commands run as the event loop runs them, answers
//! fed back, until nothing is in flight.

#![allow(dead_code)]

use cases_tui::app::{App, Cmd, Msg};
use cases_tui::tui::Executor;
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

/// Whether `exec` answers `cmd` with a message: every command but quitting and the terminal's,
/// and journal writes only where there is a journal (without one nothing is written or said).
fn answered(cmd: &Cmd, exec: &Executor) -> bool {
    match cmd {
        Cmd::Quit | Cmd::Terminal(_) => false,
        Cmd::Journal(_) => exec.journal.is_some(),
        _ => true,
    }
}
