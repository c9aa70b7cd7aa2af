//! The SLA radar in the real binary: `cases-tui serve --seed` with open SLAs breached, about to
//! breach and later (and one met), the TUI in a pseudo-terminal; `:feed` shows the SLA about to
//! breach with its case's title without opening a case, and `e` on a radar row opens the SLA
//! target editor.

mod support;

use chrono::{SubsecRound, Utc};
use support::pty::{Served, Term};
use support::radar::{BULK, DOMAIN, radar_steps};

#[test]
fn feed_shows_the_sla_about_to_breach_on_the_radar_and_e_opens_its_target_editor() {
    let home = tempfile::tempdir().unwrap();
    let seed = home.path().join("radar-seed.json");
    let steps = radar_steps(Utc::now().trunc_subsecs(0));
    std::fs::write(&seed, serde_json::json!({ "steps": steps }).to_string()).unwrap();
    let served = Served::start(&["--seed", seed.to_str().unwrap()], home.path());
    let mut term = Term::spawn(
        &["--endpoint-url", &served.url, "--domain", DOMAIN],
        home.path(),
        150,
        40,
    );
    term.wait_for("Printer on fire", 30);
    term.send(":feed\r");
    let open = format!("SLA radar · {} open · 1 breached", 3 + BULK);
    term.wait_for(&open, 20);
    // Due in 5 minutes when seeded: 4 or 5 by the time it is drawn, marked `!` for no colour.
    term.wait_until("the SLA about to breach", 20, |s| {
        s.lines().any(|l| {
            (l.contains("!  due in 4 min") || l.contains("!  due in 5 min"))
                && l.contains("First reply")
                && l.contains("Printer on fire")
        })
    });
    term.wait_until("the breached SLA", 20, |s| {
        s.lines()
            .any(|l| l.contains("!! breached 1h") && l.contains("Refund never arrived"))
    });
    let screen = term.screen();
    let radar: String = screen
        .lines()
        .skip_while(|l| !l.contains("SLA radar ·"))
        .collect();
    assert!(
        !radar.contains("Password reset"),
        "a met SLA shows:\n{screen}"
    );
    assert!(!screen.contains("Fields"), "a case was opened:\n{screen}");

    term.send("2");
    term.send("e");
    term.wait_for("SLA target · Resolve", 10);
    term.send("\x1b");
    term.wait_gone("SLA target ·", 10);
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());
}
