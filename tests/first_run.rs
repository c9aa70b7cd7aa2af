//! A new user's first run: the real binary, as a subprocess, with an environment built from
//! nothing (a temporary HOME, shared AWS files written per test, no AWS variables), so the real
//! credential chain (aws-config) runs and no test touches this process's environment. Each
//! failure must name its cause and the fix, in shell terms.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::cli::{audit_at, stderr, stdout};

/// The environment of a shell with no AWS setup: HOME and XDG dirs under `home`, the metadata
/// service switched off (so a CI machine on EC2 cannot lend its role), nothing else.
fn bare_env(home: &Path) -> Vec<(&'static str, String)> {
    let h = home.display().to_string();
    vec![
        ("HOME", h.clone()),
        ("XDG_STATE_HOME", format!("{h}/state")),
        ("XDG_CONFIG_HOME", format!("{h}/config")),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ("PATH", std::env::var("PATH").unwrap_or_default()),
    ]
}

fn run(home: &Path, extra_env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(support::pty::BIN);
    cmd.env_clear().args(args);
    for (k, v) in bare_env(home) {
        cmd.env(k, v);
    }
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    cmd.stdin(std::process::Stdio::null()).output().unwrap()
}

/// CLI messages speak of flags and shell commands, never of the TUI's keys or commands.
fn assert_shell_advice(text: &str) {
    for tui in ["press r", ":domain", ":profile", ":region"] {
        assert!(!text.contains(tui), "TUI advice {tui:?} in: {text}");
    }
    assert!(!text.contains("panicked"), "{text}");
}

const KEYS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "AKIDFIRSTRUN"),
    ("AWS_SECRET_ACCESS_KEY", "first-run-secret"),
];

/// [`KEYS`] and a region: all a call needs to reach a service.
const KEYS_AND_REGION: [(&str, &str); 3] = [KEYS[0], KEYS[1], ("AWS_REGION", "us-east-1")];

#[test]
fn no_credentials_say_which_sources_were_tried_and_what_to_run() {
    let home = tempfile::tempdir().unwrap();
    let out = run(
        home.path(),
        &[("AWS_REGION", "us-east-1")],
        &["audit", "--domain", "d", "--case", "c"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no AWS credentials found"), "{err}");
    for tried in [
        "AWS_ACCESS_KEY_ID",
        "profile 'default' in",
        ".aws/credentials",
        "web identity",
        "EC2 instance metadata",
    ] {
        assert!(err.contains(tried), "{tried:?} not named as tried: {err}");
    }
    for fix in ["aws configure", "aws sso login --profile P", "AWS_PROFILE"] {
        assert!(err.contains(fix), "{fix:?} not offered: {err}");
    }
    assert!(!err.contains("network"), "{err}");
    // The region is set here, so nothing is said of it.
    assert!(!err.contains("region"), "{err}");
    assert_shell_advice(&err);
}

/// Writes the shared files: a config with two profiles and an SSO session, a credentials file
/// with one more.
fn aws_files(home: &Path) -> Vec<(&'static str, String)> {
    let config = home.join("aws-config");
    std::fs::write(
        &config,
        "[default]\nregion = eu-west-2\n\n[profile support]\nregion = eu-west-2\n\
         aws_access_key_id = AKIDSUPPORT\naws_secret_access_key = s\n\n\
         [profile corp]\nsso_session = corp\nsso_account_id = 111122223333\n\
         sso_role_name = Agent\nregion = eu-west-2\n\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
         sso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n",
    )
    .unwrap();
    let credentials = home.join("aws-credentials");
    std::fs::write(
        &credentials,
        "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s\n",
    )
    .unwrap();
    vec![
        ("AWS_CONFIG_FILE", config.display().to_string()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            credentials.display().to_string(),
        ),
    ]
}

fn with_files<'a>(files: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    files.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[test]
fn an_unknown_profile_is_named_with_the_profiles_that_exist() {
    let home = tempfile::tempdir().unwrap();
    let files = aws_files(home.path());
    let out = run(
        home.path(),
        &with_files(&files),
        &[
            "audit",
            "--profile",
            "nosuch",
            "--domain",
            "d",
            "--case",
            "c",
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("profile 'nosuch' does not exist"), "{err}");
    assert!(
        err.contains("aws-config") && err.contains("aws-credentials"),
        "{err}"
    );
    assert!(err.contains("ci, corp, default, support"), "{err}");
    assert!(err.contains("aws configure --profile"), "{err}");
    assert_shell_advice(&err);

    // AWS_PROFILE is read the same way.
    let mut env = with_files(&files);
    env.push(("AWS_PROFILE", "typo"));
    let out = run(
        home.path(),
        &env,
        &["audit", "--domain", "d", "--case", "c"],
    );
    assert!(
        stderr(&out).contains("profile 'typo' does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_expired_sso_token_says_how_to_renew_it() {
    let home = tempfile::tempdir().unwrap();
    let files = aws_files(home.path());
    // The token cache aws-config reads for session `corp`: expired a long time ago, with nothing
    // to refresh it by.
    let cache = home.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).unwrap();
    // The cache file is named by the SHA-1 of the session name: sha1("corp").
    std::fs::write(
        cache.join("ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        r#"{"accessToken":"expired","expiresAt":"2020-01-01T00:00:00Z","region":"eu-west-1","startUrl":"https://corp.awsapps.com/start"}"#,
    )
    .unwrap();
    let out = run(
        home.path(),
        &with_files(&files),
        &["audit", "--profile", "corp", "--domain", "d", "--case", "c"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("the SSO token has expired"), "{err}");
    assert!(err.contains("aws sso login --profile corp"), "{err}");
    assert_shell_advice(&err);
}

#[test]
fn expired_session_credentials_are_named_before_anything_is_sent() {
    let home = tempfile::tempdir().unwrap();
    // A credential process handing out a session that ran out long ago, as a stale cache would.
    let process = home.path().join("creds.sh");
    std::fs::write(
        &process,
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDOLD\", \"SecretAccessKey\": \"s\", \
         \"SessionToken\": \"t\", \"Expiration\": \"2020-01-01T00:00:00Z\"}'\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&process, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = home.path().join("aws-config");
    std::fs::write(
        &config,
        format!(
            "[profile stale]\nregion = us-east-1\ncredential_process = {}\n",
            process.display()
        ),
    )
    .unwrap();
    let config = config.display().to_string();
    let out = run(
        home.path(),
        &[("AWS_CONFIG_FILE", config.as_str())],
        &[
            "audit",
            "--profile",
            "stale",
            "--domain",
            "d",
            "--case",
            "c",
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the session credentials of profile 'stale' expired at 2020-01-01 00:00 UTC"),
        "{err}"
    );
    assert!(err.contains("aws sso login --profile stale"), "{err}");
    assert_shell_advice(&err);
}

#[test]
fn no_region_says_where_to_set_one() {
    let home = tempfile::tempdir().unwrap();
    let out = run(
        home.path(),
        &KEYS,
        &["audit", "--domain", "d", "--case", "c"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no AWS region is set"), "{err}");
    assert!(
        err.contains("--region") && err.contains("AWS_REGION"),
        "{err}"
    );
    assert_shell_advice(&err);
}

#[test]
fn an_endpoint_that_does_not_answer_is_a_failed_call_with_the_endpoint_to_check() {
    let home = tempfile::tempdir().unwrap();
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = run(home.path(), &KEYS_AND_REGION, &audit_at(&url, "d", "c"));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("could not connect to the service"), "{err}");
    assert!(err.contains("--endpoint-url"), "{err}");
    assert!(!err.contains("None"), "{err}");
    assert_shell_advice(&err);
}

#[test]
fn access_denied_names_the_action() {
    let home = tempfile::tempdir().unwrap();
    let served =
        support::pty::Served::start(&["--demo", "--deny", "GetCaseAuditEvents"], home.path());
    let out = run(
        home.path(),
        &KEYS_AND_REGION,
        &audit_at(&served.url, "demo", "case-0001"),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cases:GetCaseAuditEvents is not allowed"),
        "{err}"
    );
    assert!(err.contains("IAM policy"), "{err}");
    assert_shell_advice(&err);
}

// ---- check -------------------------------------------------------------------------------------

#[test]
fn check_passes_against_a_service_that_answers_every_read() {
    let home = tempfile::tempdir().unwrap();
    let served = support::pty::Served::start(&["--demo"], home.path());
    let out = run(
        home.path(),
        &KEYS_AND_REGION,
        &["check", "--endpoint-url", &served.url],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    for step in [
        "credentials",
        "region",
        "cases:ListDomains",
        "cases:GetDomain",
        "cases:ListFields",
        "cases:ListFieldOptions",
        "cases:SearchCases",
        "cases:GetCase",
        "cases:SearchRelatedItems",
        "cases:GetCaseAuditEvents",
        "cases:SearchAllRelatedItems",
        "cases:ListTemplates",
        "cases:GetTemplate",
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with("OK") && l.contains(step)),
            "no OK line for {step}: {text}"
        );
    }
    assert!(!text.lines().any(|l| l.starts_with("FAIL")), "{text}");
    // Without --read-only it says which write actions the policy must allow.
    assert!(
        text.contains("cases:CreateRelatedItem") && text.contains("cases:UpdateRelatedItem"),
        "{text}"
    );

    let out = run(
        home.path(),
        &KEYS_AND_REGION,
        &["check", "--read-only", "--endpoint-url", &served.url],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("cases:UpdateRelatedItem"), "{text}");
    assert!(text.contains("none needed with --read-only"), "{text}");
}

#[test]
fn check_fails_on_a_denied_read_and_says_what_to_allow() {
    let home = tempfile::tempdir().unwrap();
    let served =
        support::pty::Served::start(&["--demo", "--deny", "SearchRelatedItems"], home.path());
    let out = run(
        home.path(),
        &KEYS_AND_REGION,
        &["check", "--endpoint-url", &served.url, "--domain", "demo"],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("cases:SearchRelatedItems"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.starts_with("FAIL"), "{line}");
    assert!(
        line.contains("fix: allow that action in the IAM policy"),
        "{line}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("OK") && l.contains("cases:GetCaseAuditEvents")),
        "the other reads still run: {text}"
    );
}

#[test]
fn check_fails_naming_each_denied_read_of_the_feed_and_the_new_case_form() {
    let home = tempfile::tempdir().unwrap();
    for (deny, steps) in [
        (
            &["SearchAllRelatedItems", "ListTemplates"][..],
            &["cases:SearchAllRelatedItems", "cases:ListTemplates"][..],
        ),
        (&["GetTemplate"][..], &["cases:GetTemplate"][..]),
    ] {
        let mut args = vec!["--demo"];
        for d in deny {
            args.extend(["--deny", d]);
        }
        let served = support::pty::Served::start(&args, home.path());
        let out = run(
            home.path(),
            &KEYS_AND_REGION,
            &["check", "--endpoint-url", &served.url],
        );
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{text}");
        for step in steps {
            let line = text
                .lines()
                .find(|l| l.contains(&format!("{step} ")))
                .unwrap_or_else(|| panic!("no {step} line: {text}"));
            assert!(line.starts_with("FAIL"), "{line}");
            assert!(line.contains(&format!("{step} is not allowed")), "{line}");
        }
    }
}

#[test]
fn check_with_nothing_set_up_says_what_to_do_in_one_read() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &[], &["check"]);
    let text = stdout(&out);
    // No credentials and no region: a configuration problem, exit 2 as for every subcommand.
    assert_eq!(out.status.code(), Some(2), "{text}");
    let line = |step: &str| {
        text.lines()
            .find(|l| l.contains(step))
            .unwrap_or_else(|| panic!("no {step} line: {text}"))
            .to_string()
    };
    assert!(line("credentials").starts_with("FAIL"), "{text}");
    assert!(line("credentials").contains("aws configure"), "{text}");
    // The region has its own line; the credentials line does not repeat it.
    assert!(!line("credentials").contains("region"), "{text}");
    assert!(line("region").starts_with("FAIL"), "{text}");
    assert!(line("region").contains("--region"), "{text}");
    assert!(line("service calls").starts_with("SKIP"), "{text}");
    assert_shell_advice(&text);
}

// ---- access denied, in the gateway -------------------------------------------------------------

#[tokio::test]
async fn access_denied_on_a_write_with_a_user_arn_gives_the_describe_user_hint() {
    use cases_tui::aws::{ConnectOptions, DESCRIBE_USER_HINT, GatewayError, Writer, build_client};
    use cases_tui::local::{self, ServeArgs};
    use cases_tui::model::Performer;
    let service = local::start(ServeArgs {
        demo: true,
        deny: vec!["CreateRelatedItem".into()],
        ..ServeArgs::for_tests()
    })
    .await
    .unwrap();
    let client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    let agent = "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/a-1";
    for (performer, hinted) in [
        (Performer::UserArn(agent.into()), true),
        (Performer::CustomEntity("bot".into()), false),
    ] {
        let writer = Writer::new(client.clone(), Some(performer));
        let err = writer
            .create_comment("demo", "case-0001", "hello")
            .await
            .unwrap_err();
        let GatewayError::AccessDenied { message, hint } = &err else {
            panic!("{err:?}")
        };
        assert!(
            message.contains("cases:CreateRelatedItem is not allowed"),
            "{message}"
        );
        assert_eq!(
            hint.as_deref() == Some(DESCRIBE_USER_HINT),
            hinted,
            "{err:?}"
        );
        assert!(err.shell_advice().contains("IAM policy"));
        // What the user reads carries the hint.
        assert_eq!(err.to_string().contains("DescribeUser"), hinted, "{err}");
    }
    service.shutdown().await;
}
