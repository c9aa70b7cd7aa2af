//! The command line as a shell sees it: exit codes, help that lists only what each subcommand
//! uses, no panic without a terminal, checked `--type`, a readable `table`, colliding key remaps
//! refused. The real binary as a subprocess, in an environment of its own.

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use support::cli::{audit_at, stderr};

fn run(home: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(support::pty::BIN);
    cmd.args(args).stdin(Stdio::null());
    for (k, v) in support::pty::isolated_env(home) {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn help(args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_subcommand_help_lists_only_the_flags_it_uses() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "serve",
            &["--addr", "--demo", "--deny", "--log-file"],
            &[
                "--domain",
                "--case",
                "--performed-by",
                "--state-dir",
                "--config",
                "--profile",
                "--region",
                "--endpoint-url",
                "--read-only",
            ],
        ),
        (
            "audit",
            &[
                "--case",
                "--domain",
                "--type",
                "--output",
                "--profile",
                "--endpoint-url",
            ],
            &["--performed-by", "--state-dir", "--read-only", "--addr"],
        ),
        (
            "demo",
            &["--read-only", "--performed-by", "--state-dir", "--config"],
            &[
                "--profile",
                "--region",
                "--endpoint-url",
                "--domain",
                "--case",
            ],
        ),
        (
            "check",
            &[
                "--profile",
                "--region",
                "--endpoint-url",
                "--domain",
                "--read-only",
            ],
            &["--case", "--performed-by", "--state-dir", "--addr"],
        ),
        (
            "completions",
            &[],
            &["--profile", "--domain", "--config", "--log-file"],
        ),
    ];
    for (sub, has, lacks) in cases {
        let text = help(&[sub, "--help"]);
        for flag in *has {
            assert!(text.contains(flag), "`{sub} --help` lacks {flag}:\n{text}");
        }
        for flag in *lacks {
            assert!(
                !text.contains(&format!("{flag} ")) && !text.contains(&format!("{flag}\n")),
                "`{sub} --help` offers {flag}, which it does not use:\n{text}"
            );
        }
    }
    // The exit codes are documented where a shell user looks.
    for args in [&["--help"][..], &["audit", "--help"], &["check", "--help"]] {
        let text = help(args);
        assert!(
            text.contains("Exit status: 0 success; 1 a call to the service failed"),
            "{args:?}:\n{text}"
        );
    }
}

#[test]
fn a_flag_the_subcommand_does_not_use_is_refused_not_ignored() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["--domain", "d", "serve"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`serve` does not use --domain"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn without_a_terminal_the_tui_says_so_in_one_line_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    for args in [&[][..], &["demo"], &["--read-only"]] {
        let out = run(home.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("needs a terminal"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        // Nothing was drawn to the pipe.
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn an_unknown_audit_type_exits_2_with_the_valid_list() {
    let home = tempfile::tempdir().unwrap();
    let out = run(
        home.path(),
        &["audit", "--domain", "d", "--case", "c", "--type", "Bogus"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("'Bogus' is not an audit event type"), "{err}");
    for t in [
        "Case.Created",
        "Case.Updated",
        "RelatedItem.Created",
        "RelatedItem.Updated",
        "RelatedItem.Deleted",
    ] {
        assert!(err.contains(t), "{t} missing from {err}");
    }
}

#[test]
fn a_missing_domain_for_audit_is_a_usage_error_with_shell_advice() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["audit", "--case", "c"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("audit needs --domain ID"), "{err}");
}

#[test]
fn cli_errors_carry_shell_advice_not_tui_keys() {
    let home = tempfile::tempdir().unwrap();
    let served = support::pty::Served::start(&["--demo"], home.path());
    let out = run(home.path(), &audit_at(&served.url, "demo", "no-such-case"));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("not found"), "{err}");
    assert!(err.contains("--case ID"), "{err}");
    for tui in ["press r", ":domain", ":case"] {
        assert!(!err.contains(tui), "TUI advice {tui:?}: {err}");
    }
}

#[test]
fn table_output_reads_like_the_tui() {
    let home = tempfile::tempdir().unwrap();
    let served = support::pty::Served::start(&["--demo"], home.path());
    let mut args = audit_at(&served.url, "demo", "case-0001");
    args.extend(["--output", "table"]);
    let out = run(home.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    for col in ["TIME", "TYPE", "ITEM", "PERFORMED BY", "CHANGES"] {
        assert!(header.contains(col), "{header}");
    }
    let created = lines
        .find(|l| l.contains("Case.Created"))
        .expect("the case's creation");
    // Display names and option labels, not field ids and option values.
    assert!(created.contains("Status: Open"), "{created}");
    assert!(!created.contains("status:"), "{created}");
    // An agent ARN shortened to the agent.
    assert!(created.contains("agent/maria"), "{created}");
    assert!(!text.contains("instance/demo/agent/"), "full agent ARNs");
    // Multi-line comments stay on one line, breaks visible.
    assert!(text.contains('⏎'), "no line-break marks");
    assert!(!text.contains('\u{FFFD}'), "U+FFFD in the table");
    // One event per line: every line after the header starts with a time.
    assert!(
        text.lines().skip(1).all(|l| l.starts_with("20")),
        "a line that is not an event"
    );
}

#[test]
fn colliding_key_remaps_are_refused_at_start_naming_key_and_actions() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[keys]\nquit = [\"j\"]\n").unwrap();
    let config = config.display().to_string();
    for args in [
        vec!["--config", config.as_str()],
        vec!["check", "--config", config.as_str()],
    ] {
        let out = run(home.path(), &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("\"j\" would do both down and quit"),
            "{args:?}: {err}"
        );
        assert!(err.contains("keys.quit"), "{err}");
    }
}
