//! The real binary in a pseudo-terminal: `cases-tui serve --demo` in one process, the TUI in
//! another, talking through the real SDK. Reads the screen as a terminal would show it.

mod support;

use cases_tui::edit::Journal;
use support::pty::{Served, Term, open_only_match};

/// The related items pane is focused (its marker is on a row), its first item a comment, and no
/// listing is still loading: a key now acts on that row.
fn related_ready(screen: &str) -> bool {
    screen.contains("▶ Comment") && !screen.contains("loading")
}

/// The demo journal's file of typed, unstaged text under `home`, once it holds `marker` (the
/// journal writes it on its own, with no key asking).
fn journaled_typed_text(home: &std::path::Path, marker: &str) -> std::path::PathBuf {
    let typed = home.join("state/cases-tui/demo-drafts/unstaged-text.typed");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !std::fs::read_to_string(&typed).is_ok_and(|t| t.contains(marker)) {
        assert!(
            std::time::Instant::now() < deadline,
            "{} never held the typed text",
            typed.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    typed
}

#[test]
fn finds_a_case_by_a_word_of_its_title_opens_it_and_reads_its_panes() {
    let home = tempfile::tempdir().unwrap();
    let served = Served::start(&["--demo"], home.path());
    let mut term = Term::spawn(
        &["--endpoint-url", &served.url, "--domain", "demo"],
        home.path(),
        120,
        36,
    );
    term.wait_for("Cases", 30);
    term.wait_for("Order #88231", 30);
    assert!(term.screen().contains("[RW]"), "{}", term.screen());

    term.send("/");
    term.send("repeated");
    term.send("\r");
    term.wait_for("search: 'repeated'", 10);
    term.wait_for("Cases · 1", 10);

    term.send("\r");
    term.wait_for("Fields", 10);
    term.wait_for("cust-10482", 10);
    term.wait_for("Related items", 10);
    term.wait_for("Audit timeline", 10);
    let screen = term.screen();
    assert!(
        screen.contains("Order #88231 — repeated delivery failures"),
        "{screen}"
    );
    assert!(screen.contains("Open"), "{screen}");

    // Related items pane: the detail overlay shows an item in full.
    term.send("2");
    term.wait_until("to select a loaded comment", 10, related_ready);
    term.send("\r");
    term.wait_for("Esc closes", 10);
    term.send("\x1b");
    term.wait_gone("Esc closes", 10);

    // The help overlay lists the focused pane's keys.
    term.send("?");
    term.wait_for("show item / open link", 10);
    term.send("?");
    term.wait_gone("show item / open link", 10);

    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());
    // The terminal is handed back: the alternate screen is left and the cursor shown again.
    let raw = term.raw();
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(200)..]).to_string();
    assert!(
        tail.contains("\x1b[?1049l"),
        "alternate screen not left: {tail:?}"
    );
    assert!(
        tail.contains("\x1b[?25h"),
        "cursor not shown again: {tail:?}"
    );
}

#[test]
fn demo_runs_the_embedded_service_and_quits_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let mut term = Term::spawn(&["demo"], home.path(), 80, 24);
    term.wait_for("Order #", 60);
    assert!(
        term.screen().contains("http://127.0.0.1:"),
        "{}",
        term.screen()
    );
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());
}

#[test]
fn a_staged_edit_survives_a_killed_process_and_is_sent_after_restart() {
    let home = tempfile::tempdir().unwrap();
    let mut term = Term::spawn(&["demo"], home.path(), 120, 36);
    term.wait_for("Order #88231", 60);
    open_only_match(&mut term, "repeated");
    term.wait_for("Audit timeline", 10);
    term.send("2");
    term.send("t");
    term.send("t");
    term.wait_until("to list only comments", 10, |screen| {
        screen.contains("type: Comment") && related_ready(screen)
    });
    term.send("e");
    term.wait_for("Edit comment", 10);
    term.send(" PTY-EDIT-MARKER");
    term.wait_for("PTY-EDIT-MARKER", 10);
    term.send("\x1b");
    term.wait_for("staged 1", 10);
    // The screen says staged as soon as the draft is in memory; the journal is written after.
    let journal = home.path().join("state/cases-tui/demo-drafts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let drafts = Journal::open(&journal).unwrap().load_all().unwrap().0;
        if drafts.len() == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the journal in {} holds {drafts:?}",
            journal.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    // As a crash or a closed terminal would: no chance to clean up.
    term.kill();

    let mut term = Term::spawn(&["demo"], home.path(), 120, 36);
    term.wait_for("staged 1", 60);
    term.wait_for("Restored 1 staged change", 10);
    term.send("s");
    term.wait_for("PTY-EDIT-MARKER", 10);
    term.send("y");
    term.wait_for("Saved.", 20);
    term.wait_for("staged 0", 10);
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0));
    let left = std::fs::read_dir(&journal).unwrap().count();
    assert_eq!(left, 0, "the journal still holds the saved draft");
}

#[test]
fn follows_a_linked_case_and_comes_back() {
    let home = tempfile::tempdir().unwrap();
    let served = Served::start(&["--demo"], home.path());
    // case-0018 links to the big case, case-0001.
    let mut term = Term::spawn(
        &[
            "--endpoint-url",
            &served.url,
            "--domain",
            "demo",
            "--case",
            "case-0018",
        ],
        home.path(),
        140,
        36,
    );
    term.wait_for("Delivery fee refund for order #88231", 30);
    term.send("2");
    term.wait_until("to focus the related items", 10, |s| {
        s.contains("▶ ") && !s.contains("loading")
    });
    // Contact, Comment, File, Sla, ConnectCase.
    term.send("ttttt");
    term.wait_for("type: ConnectCase", 10);
    // The link says where it goes: the linked case's title, fetched on its own.
    term.wait_for(
        "Order #88231 — repeated delivery failures · case case-0001",
        10,
    );
    term.send("\r");
    // The linked case is open, and the header shows the way back.
    term.wait_for("⌫ Delivery fee refu… › Order #88231", 10);
    term.wait_for("id case-0001", 10);
    // Back: the case it came from, as it was left (the type filter and the selection kept).
    term.send("\x7f");
    term.wait_gone("⌫ ", 10);
    term.wait_until("to show case-0018 as it was left", 10, |s| {
        s.contains("id case-0018")
            && s.contains("type: ConnectCase")
            && s.contains("▶ Case")
            && !s.contains("id case-0001")
    });
    // Esc goes back the same way.
    term.send("\r");
    term.wait_for("id case-0001", 10);
    term.send("\x1b");
    term.wait_for("id case-0018", 10);
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());
}

#[test]
fn text_typed_but_not_staged_survives_a_killed_process_and_is_offered_back() {
    let home = tempfile::tempdir().unwrap();
    let mut term = Term::spawn(&["demo"], home.path(), 120, 36);
    term.wait_for("Order #88231", 60);
    open_only_match(&mut term, "repeated");
    term.wait_for("Audit timeline", 10);
    term.send("2");
    term.wait_until("to focus the related items", 10, related_ready);
    term.send("a");
    term.wait_for("comment", 10);
    term.send("Half-written PTY-TYPED-MARKER");
    term.wait_for("PTY-TYPED-MARKER", 10);
    // Nothing is staged, and no key asks for a write: the journal gets the text on its own.
    let typed = journaled_typed_text(home.path(), "PTY-TYPED-MARKER");
    assert!(term.screen().contains("staged 0"), "{}", term.screen());
    term.kill();

    let mut term = Term::spawn(&["demo"], home.path(), 120, 36);
    term.wait_for("Restore a new comment on case case-0001", 60);
    term.wait_for("Half-written PTY-TYPED-MARKER", 10);
    term.send("y");
    // The editor is back with the text, over its case; Esc stages it.
    term.wait_until("to show the editor with the text over its case", 10, |s| {
        s.contains("New comment")
            && s.contains("Half-written PTY-TYPED-MARKER")
            && s.contains("Order #88231 — repeated delivery failures")
            && !s.contains("Restore a new comment")
    });
    term.send("\x1b");
    staged_no_longer_offered_then_quit(term, &typed);
}

/// Once the restored text is staged, the header counts it, the typed-text file that offered it is
/// gone (within 10 s), and `q` quits cleanly.
fn staged_no_longer_offered_then_quit(mut term: Term, typed: &std::path::Path) {
    term.wait_for("staged 1", 10);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while typed.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the staged text is still offered"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());
}

#[test]
fn a_case_fields_line_typed_but_not_kept_survives_a_killed_process_and_reopens_over_its_case() {
    let home = tempfile::tempdir().unwrap();
    let mut term = Term::spawn(&["demo"], home.path(), 120, 36);
    term.wait_for("Order #88231", 60);
    open_only_match(&mut term, "repeated");
    term.wait_until("to load the case", 10, |s| {
        s.contains("Audit timeline") && s.contains("cust-10482") && !s.contains("loading")
    });
    // The fields pane, its first row (the title), and its editor.
    term.send("1");
    term.send("g");
    term.send("e");
    term.wait_for("Title (Text)", 10);
    term.send(" PTY-FIELD-MARKER");
    term.wait_for("PTY-FIELD-MARKER", 10);
    let typed = journaled_typed_text(home.path(), "PTY-FIELD-MARKER");
    assert!(term.screen().contains("staged 0"), "{}", term.screen());
    term.kill();

    let mut term = Term::spawn(&["demo"], home.path(), 120, 36);
    term.wait_until("to offer the title's typed value back", 60, |s| {
        s.contains("Restore the value of Title on case case-0001")
    });
    term.send("y");
    // The case opens, then the title's editor holding the text; Enter stages it.
    term.wait_until(
        "to show the field's editor with the text over its case",
        10,
        |s| {
            s.contains("Title (Text)")
                && s.contains("repeated delivery failures PTY-FIELD-MARKER")
                && s.contains("Related items")
                && !s.contains("Restore a case field")
        },
    );
    term.send("\r");
    staged_no_longer_offered_then_quit(term, &typed);
}
