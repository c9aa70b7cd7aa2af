//! The TUI on a new user's machine: the real binary in a pseudo-terminal with no AWS variables
//! and an empty HOME; what the first screen says, and `:profile` with a name that does not exist.

mod support;

use support::pty::{Served, Term};

/// Every AWS variable this process may have, removed for the child.
const AWS_VARS: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_CONNECTCASES",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

fn bare_env(home: &std::path::Path) -> Vec<(&'static str, String)> {
    let h = home.display().to_string();
    vec![
        ("HOME", h.clone()),
        ("XDG_STATE_HOME", format!("{h}/state")),
        ("XDG_CONFIG_HOME", format!("{h}/config")),
        ("TERM", "xterm-256color".into()),
        // A CI machine on EC2 must not lend its role to the test.
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
    ]
}

#[test]
fn a_new_user_without_credentials_reads_what_to_do_on_the_first_screen() {
    let home = tempfile::tempdir().unwrap();
    let mut term = Term::spawn_env(&[], home.path(), 100, 30, &bare_env(home.path()), AWS_VARS);
    term.wait_for("no AWS credentials found", 30);
    let screen = term.screen();
    // Read as one text: the pane wraps the message between its borders.
    let flat = screen
        .split_whitespace()
        .filter(|w| *w != "┃")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("aws configure"), "{screen}");
    assert!(flat.contains("aws sso login --profile P"), "{screen}");
    // Both missing pieces in one read: the region too.
    assert!(flat.contains("no AWS region is set either"), "{screen}");
    assert!(!screen.contains("network"), "{screen}");
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0));
}

#[test]
fn profile_checks_the_name_before_switching() {
    let home = tempfile::tempdir().unwrap();
    let served = Served::start(&["--demo"], home.path());
    let config = home.path().join("aws-config");
    std::fs::write(
        &config,
        "[default]\nregion = us-east-1\n\n[profile support]\nregion = eu-west-2\n",
    )
    .unwrap();
    let mut env = bare_env(home.path());
    env.extend([
        ("AWS_CONFIG_FILE", config.display().to_string()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("none").display().to_string(),
        ),
        ("AWS_ACCESS_KEY_ID", "AKIDPTYTEST".to_string()),
        ("AWS_SECRET_ACCESS_KEY", "pty-secret".to_string()),
    ]);
    let mut term = Term::spawn_env(
        &["--endpoint-url", &served.url, "--domain", "demo"],
        home.path(),
        160,
        30,
        &env,
        AWS_VARS,
    );
    term.wait_for("Order #88231", 30);
    term.send(":profile nosuch\r");
    term.wait_for("profile 'nosuch' does not exist", 10);
    let screen = term.screen();
    assert!(screen.contains("default, support"), "{screen}");
    // Nothing was switched: the cases are still listed and the header names no profile.
    assert!(screen.contains("Order #88231"), "{screen}");
    assert!(!screen.contains("profile nosuch"), "{screen}");
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0));
}
