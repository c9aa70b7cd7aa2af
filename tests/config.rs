//! The config file: parsing, each kind of error (line, key, what was expected), the printed
//! default round-tripping, and the binary refusing a corrupt file.

use cases_tui::app::Theme;
use cases_tui::app::audit::TimeMode;
use cases_tui::app::keymap::{Action, KeyMap, KeySpec};
use cases_tui::config::{self, Config, ConfigError};
use cases_tui::model::Performer;
use proptest::prelude::Strategy;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::path::Path;
use std::process::Command;

fn parse(text: &str) -> Result<Config, ConfigError> {
    config::parse(text, Path::new("/home/u/.config/cases-tui/config.toml"))
}

/// `(line, column, key, message)` of an invalid file.
fn invalid(text: &str) -> (usize, usize, String, String) {
    match parse(text).unwrap_err() {
        ConfigError::Invalid {
            line,
            column,
            key,
            message,
            ..
        } => (line, column, key, message),
        other => panic!("{other}"),
    }
}

#[test]
fn every_key_is_read() {
    let c = parse(
        r#"
profile = "prod"
region = "eu-west-2"
endpoint_url = "http://127.0.0.1:4566"
domain = "d-1"
performed_by = "arn:aws:connect:eu-west-2:1:instance/i/agent/a"
read_only = true
time_format = "local"
theme = "high-contrast"
masking = true

[keys]
quit = ["q", "ctrl-c"]
edit_item = "E"
page_down = "ctrl-f"
prev_pane = "shift-tab"
"#,
    )
    .unwrap();
    assert_eq!(c.profile.as_deref(), Some("prod"));
    assert_eq!(c.region.as_deref(), Some("eu-west-2"));
    assert_eq!(c.endpoint_url.as_deref(), Some("http://127.0.0.1:4566"));
    assert_eq!(c.domain.as_deref(), Some("d-1"));
    assert!(matches!(c.performed_by, Some(Performer::UserArn(_))));
    assert!(c.read_only && c.masking);
    assert_eq!(c.time_format, TimeMode::Local);
    assert_eq!(c.theme, Some(Theme::HighContrast));
    assert_eq!(
        c.keys.keys_of(Action::Quit),
        vec![KeySpec::ch('q'), KeySpec::ctrl('c')]
    );
    assert_eq!(c.keys.keys_of(Action::Edit), vec![KeySpec::ch('E')]);
    assert_eq!(c.keys.keys_of(Action::PageDown), vec![KeySpec::ctrl('f')]);
    assert_eq!(
        c.keys.keys_of(Action::PrevPane),
        KeyMap::default().keys_of(Action::PrevPane)
    );
}

#[test]
fn an_empty_file_is_the_defaults() {
    assert_eq!(parse("").unwrap(), Config::default());
}

#[test]
fn the_printed_default_parses_back_to_the_defaults() {
    let text = config::default_file();
    assert_eq!(parse(&text).unwrap(), Config::default());
    // Every key is documented, and every action is listed.
    for key in [
        "profile",
        "region",
        "endpoint_url",
        "domain",
        "performed_by",
        "read_only",
        "time_format",
        "theme",
        "masking",
        "[keys]",
    ] {
        assert!(text.contains(key), "{key} undocumented");
    }
    for action in Action::ALL {
        assert!(
            text.contains(&format!("\n# {} = ", action.name())),
            "{} missing",
            action.name()
        );
    }
    // Uncommenting every binding changes nothing either.
    let uncommented: String = text
        .lines()
        .map(|l| {
            let bare = l.trim_start_matches("# ");
            if l.starts_with("# ") && Action::from_name(bare.split(' ').next().unwrap()).is_some() {
                bare.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let c = parse(&uncommented).unwrap();
    for &action in Action::ALL {
        assert_eq!(
            c.keys.keys_of(action),
            KeyMap::default().keys_of(action),
            "{}",
            action.name()
        );
    }
}

#[test]
fn unknown_key_lists_the_valid_ones() {
    let (line, col, key, msg) = invalid("read_only = false\nthemes = \"dark\"\n");
    assert_eq!((line, col, key.as_str()), (2, 1, "themes"));
    assert!(msg.contains("unknown field `themes`"), "{msg}");
    assert!(msg.contains("`theme`"), "{msg}");
}

#[test]
fn wrong_type_says_what_was_expected() {
    let (line, _, key, msg) = invalid("\nmasking = \"yes\"\n");
    assert_eq!((line, key.as_str()), (2, "masking"));
    assert!(msg.contains("expected a boolean"), "{msg}");
}

#[test]
fn a_missing_or_unquoted_boolean_says_a_boolean_is_expected() {
    for text in ["read_only = \n", "masking = yes\n"] {
        let (line, _, key, msg) = invalid(text);
        assert_eq!(line, 1, "{text}");
        assert!(key == "read_only" || key == "masking", "{key}");
        assert!(
            msg.contains("takes a boolean: true or false"),
            "{text}: {msg}"
        );
        assert!(!msg.contains("string values must be quoted"), "{msg}");
    }
    let (_, _, key, msg) = invalid("[feed]\nrefresh_seconds = \n");
    assert_eq!(key, "feed.refresh_seconds");
    assert!(msg.contains("whole number of seconds"), "{msg}");
}

#[test]
fn bad_syntax_names_the_line() {
    let (line, _, key, _) = invalid("profile = \"a\"\nregion = eu-west-1\n");
    assert_eq!((line, key.as_str()), (2, "region"));
}

#[test]
fn bad_enum_values_list_the_choices() {
    let (line, col, key, msg) = invalid("theme = \"solarized\"\n");
    assert_eq!((line, col, key.as_str()), (1, 9, "theme"));
    assert!(
        msg.contains("\"auto\", \"dark\", \"light\", \"high-contrast\", \"no-color\""),
        "{msg}"
    );
    let (_, _, key, msg) = invalid("time_format = \"iso\"\n");
    assert_eq!(key, "time_format");
    assert!(msg.contains("\"relative\", \"utc\", \"local\""), "{msg}");
    let (_, _, key, msg) = invalid("performed_by = \"arn:aws:iam::1:user/x\"\n");
    assert_eq!(key, "performed_by");
    assert!(msg.contains("not a Connect user ARN"), "{msg}");
}

#[test]
fn unknown_action_lists_valid_names() {
    let (line, col, key, msg) = invalid("[keys]\nquit = \"q\"\nedit_itme = \"E\"\n");
    assert_eq!((line, col, key.as_str()), (3, 1, "keys.edit_itme"));
    assert!(msg.contains("unknown action \"edit_itme\""), "{msg}");
    assert!(msg.contains("edit_item") && msg.contains("yank"), "{msg}");
}

#[test]
fn bad_key_string_names_key_and_value() {
    let (line, col, key, msg) = invalid("[keys]\n\nquit = [\"q\", \"ctrl+q\"]\n");
    assert_eq!((line, col, key.as_str()), (3, 8, "keys.quit"));
    assert!(msg.contains("`ctrl+q` is not a key"), "{msg}");
    assert!(msg.contains("\"ctrl-d\""), "{msg}");
    let (_, _, key, msg) = invalid("[keys]\nquit = 5\n");
    assert_eq!(key, "keys.quit");
    assert!(msg.contains("expected a key like"), "{msg}");
    let (_, _, _, msg) = invalid("[keys]\nquit = []\n");
    assert!(msg.contains("non-empty list"), "{msg}");
}

#[test]
fn a_key_doing_two_things_in_one_pane_is_refused() {
    let (line, _, key, msg) = invalid("[keys]\nedit_item = \"d\"\n");
    assert_eq!((line, key.as_str()), (2, "keys.edit_item"));
    assert!(msg.contains("\"d\" would do both"), "{msg}");
}

#[test]
fn the_default_key_table_has_no_conflicts() {
    assert_eq!(KeyMap::default().conflicts(), vec![]);
}

#[test]
fn key_strings_round_trip() {
    for s in [
        "q",
        "G",
        "ctrl-d",
        "alt-x",
        "shift-tab",
        "enter",
        "esc",
        "space",
        "tab",
        "backspace",
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "pgup",
        "pgdn",
        "f5",
        "?",
        "/",
        ":",
        "-",
    ] {
        let k = KeySpec::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(k.config_name(), s);
    }
    assert_eq!(KeySpec::parse("shift-g").unwrap(), KeySpec::ch('G'));
    assert_eq!(KeySpec::parse("PgDn").unwrap().config_name(), "pgdn");
    // A modifier prefix needs a key after it: `ctrl-` alone names nothing, `ctrl--` is Ctrl+`-`.
    assert!(KeySpec::parse("ctrl-").is_err());
    assert_eq!(
        KeySpec::parse("ctrl--").unwrap(),
        KeySpec {
            code: KeyCode::Char('-'),
            modifiers: KeyModifiers::CONTROL
        }
    );
    assert!(KeySpec::parse("f13").is_err());
    assert!(KeySpec::parse("").is_err());
    assert!(KeySpec::parse("ctrl-nope").is_err());
}

/// Whatever spelling a config file uses, the name written back reads as the same key, and writing
/// that again changes nothing.
fn assert_round_trips(s: &str) {
    let key = KeySpec::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    let name = key.config_name();
    let again = KeySpec::parse(&name).unwrap_or_else(|e| panic!("{s} -> {name}: {e}"));
    assert_eq!(again, key, "{s} -> {name}");
    assert_eq!(again.config_name(), name, "{s} -> {name}");
}

#[test]
fn shift_on_a_named_key_is_kept() {
    let key = KeySpec::parse("shift-enter").unwrap();
    assert_ne!(key, KeySpec::parse("enter").unwrap());
    assert_eq!(key.config_name(), "shift-enter");
    assert_eq!(key.label(), "Shift-Enter");
    assert_round_trips("ctrl-shift-f5");
    // Shift is part of a character and of BackTab, so it is not written twice.
    assert_eq!(KeySpec::parse("shift-g").unwrap().config_name(), "G");
    assert_eq!(
        KeySpec::parse("shift-backtab").unwrap().config_name(),
        "shift-tab"
    );
    assert_eq!(
        KeySpec::parse("shift-space").unwrap(),
        KeySpec::parse("space").unwrap()
    );
}

#[test]
fn every_default_binding_round_trips() {
    let keys = KeyMap::default();
    for action in Action::ALL {
        for key in keys.keys_of(*action) {
            let name = key.config_name();
            assert_eq!(KeySpec::parse(&name), Ok(key), "{action:?}: {name}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn any_accepted_key_string_round_trips(
        mods in proptest::collection::vec(
            proptest::sample::select(vec!["ctrl-", "alt-", "shift-", "Ctrl-", "ALT-"]),
            0..3,
        ),
        base in proptest::prop_oneof![
            proptest::char::range('!', '~').prop_map(|c| c.to_string()),
            proptest::sample::select(vec![
                "enter", "Return", "esc", "Escape", "space", "tab", "backtab", "backspace",
                "delete", "del", "insert", "ins", "up", "down", "left", "right", "home", "end",
                "pgup", "PageUp", "pgdn", "pagedown", "f1", "f12",
            ])
            .prop_map(str::to_string),
        ],
    ) {
        let s = format!("{}{base}", mods.concat());
        // Only strings the parser accepts have to come back; refusals are tested above.
        if KeySpec::parse(&s).is_ok() {
            assert_round_trips(&s);
        }
    }
}

// ---- the binary --------------------------------------------------------------------------------

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cases-tui"));
    c.env_remove("XDG_CONFIG_HOME");
    c
}

#[test]
fn print_default_writes_the_commented_default() {
    let out = bin().args(["config", "--print-default"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, config::default_file());
}

#[test]
fn a_corrupt_config_is_refused_with_line_and_advice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "masking = true\n[keys]\nquit = \"ctrl+q\"\n").unwrap();
    let out = bin()
        .arg("--config")
        .arg(&path)
        .args(["audit", "--domain", "d", "--case", "c"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("config.toml:3:8: `keys.quit`"), "{err}");
    assert!(err.contains("--print-default"), "{err}");

    // The default location is read the same way.
    let xdg = dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("cases-tui")).unwrap();
    std::fs::write(xdg.join("cases-tui/config.toml"), "theme = 1\n").unwrap();
    let out = bin()
        .env("XDG_CONFIG_HOME", &xdg)
        .args(["audit", "--domain", "d", "--case", "c"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(":1:9: `theme`"), "{err}");

    // A missing --config file is an error too; a missing default file is not.
    let out = bin()
        .args([
            "--config",
            "/nonexistent/cases-tui.toml",
            "audit",
            "--case",
            "c",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("cases-tui") && text.contains("print-default"),
            "{shell}"
        );
    }
    let out = bin().arg("man").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(".ie") || text.contains(".TH"), "{text}");
    assert!(text.contains("config"));
}
