//! The config file: `$XDG_CONFIG_HOME/cases-tui/config.toml`, or the file `--config` names.
//!
//! Every key is optional; command-line flags override the file. A file that cannot be read or
//! understood is an error naming the line, the key and what was expected: the TUI refuses to
//! start with it rather than run with half a configuration.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::app::Theme;
use crate::app::audit::TimeMode;
use crate::app::keymap::{Action, KEY_SYNTAX, KeyMap, KeySpec};
use crate::model::Performer;

/// The configuration after reading the file (defaults for what it leaves out).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub domain: Option<String>,
    pub performed_by: Option<Performer>,
    pub read_only: bool,
    pub time_format: TimeMode,
    /// `None`: `auto` (dark, or monochrome when NO_COLOR is set).
    pub theme: Option<Theme>,
    pub masking: bool,
    pub keys: KeyMap,
    /// `[case_list] columns`: the case list's columns by field id or name; `None`: the default.
    pub case_columns: Option<Vec<String>>,
    /// `[feed] refresh_seconds`: seconds between the activity feed's own refreshes.
    pub feed_refresh_seconds: u64,
    /// `[feed] radar_reload_seconds`: seconds between the SLA radar's full reads.
    pub radar_reload_seconds: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            profile: None,
            region: None,
            endpoint_url: None,
            domain: None,
            performed_by: None,
            read_only: false,
            time_format: TimeMode::Relative,
            theme: None,
            masking: false,
            keys: KeyMap::default(),
            case_columns: None,
            feed_refresh_seconds: crate::app::feed::DEFAULT_REFRESH_SECONDS,
            radar_reload_seconds: crate::app::feed::radar::DEFAULT_RELOAD_SECONDS,
        }
    }
}

impl Config {
    /// The theme to draw with: the file's, else `auto`.
    pub fn theme(&self) -> Theme {
        self.theme.unwrap_or_else(Theme::from_env)
    }
}

/// A config file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: `{key}`: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        key: String,
        message: String,
    },
}

impl ConfigError {
    /// What to do about it.
    pub fn advice(&self) -> String {
        let path = match self {
            Self::Read { path, .. } | Self::Invalid { path, .. } => path,
        };
        format!(
            "fix {} (every key is documented in `cases-tui config --print-default`), or start \
             with another file: --config FILE",
            path.display()
        )
    }
}

/// Where the config file is by default: `$XDG_CONFIG_HOME/cases-tui/config.toml`
/// (`~/.config/cases-tui/config.toml` when unset).
pub fn default_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from)
        && dir.is_absolute()
    {
        return Some(dir.join("cases-tui").join("config.toml"));
    }
    let dirs = directories::BaseDirs::new()?;
    let home = dirs.home_dir();
    Some(home.join(".config").join("cases-tui").join("config.toml"))
}

/// Reads the config: `explicit` must exist; the default file may be missing (defaults then).
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let (path, must_exist) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_path() {
            Some(p) => (p, false),
            None => return Ok(Config::default()),
        },
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path),
        Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(source) => Err(ConfigError::Read { path, source }),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    profile: Option<String>,
    region: Option<String>,
    endpoint_url: Option<String>,
    domain: Option<String>,
    performed_by: Option<Spanned<String>>,
    read_only: Option<bool>,
    time_format: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    masking: Option<bool>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    case_list: Option<RawCaseList>,
    feed: Option<RawFeed>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    refresh_seconds: Option<Spanned<i64>>,
    radar_reload_seconds: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaseList {
    columns: Option<Spanned<Vec<Spanned<String>>>>,
}

const TIME_FORMATS: &[(&str, TimeMode)] = &[
    ("relative", TimeMode::Relative),
    ("utc", TimeMode::Utc),
    ("local", TimeMode::Local),
];

/// Parses a config file's text; `path` is only for messages.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let invalid = |span: Range<usize>, key: &str, message: String| {
        let (line, column) = line_col(text, span.start);
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            key: key.to_string(),
            message,
        }
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let key = key_at(text, span.start);
        let message = e.message().trim();
        // A value the TOML parser cannot read at all (`read_only =`, `masking = yes`) gets its
        // message for a string ("string values must be quoted"); a key that is not a string
        // says what it takes instead.
        let message = match expected_value(&key) {
            Some(expected) if !message.contains("invalid type") => {
                let name = key.rsplit('.').next().unwrap_or(&key);
                format!("{name} takes {expected}")
            }
            _ => message.to_string(),
        };
        invalid(span, &key, message)
    })?;

    let mut config = Config {
        profile: raw.profile,
        region: raw.region,
        endpoint_url: raw.endpoint_url,
        domain: raw.domain,
        read_only: raw.read_only.unwrap_or(false),
        masking: raw.masking.unwrap_or(false),
        ..Config::default()
    };
    if let Some(p) = raw.performed_by {
        config.performed_by =
            Some(parse_performer(p.get_ref()).map_err(|m| invalid(p.span(), "performed_by", m))?);
    }
    if let Some(t) = raw.time_format {
        config.time_format = TIME_FORMATS
            .iter()
            .find(|(n, _)| n == t.get_ref())
            .map(|(_, m)| *m)
            .ok_or_else(|| {
                invalid(
                    t.span(),
                    "time_format",
                    format!(
                        "unknown time format \"{}\", expected one of {}",
                        t.get_ref(),
                        quoted(TIME_FORMATS.iter().map(|(n, _)| *n))
                    ),
                )
            })?;
    }
    if let Some(t) = raw.theme {
        config.theme = match t.get_ref().as_str() {
            "auto" => None,
            name => Some(Theme::from_name(name).ok_or_else(|| {
                invalid(
                    t.span(),
                    "theme",
                    format!(
                        "unknown theme \"{name}\", expected one of {}",
                        quoted(std::iter::once("auto").chain(Theme::NAMES.iter().map(|(n, _)| *n)))
                    ),
                )
            })?),
        };
    }
    if let Some(columns) = raw.case_list.and_then(|c| c.columns) {
        config.case_columns = Some(parse_columns(columns, &invalid)?);
    }
    let seconds = |s: Spanned<i64>, key: &str, default: u64| {
        u64::try_from(*s.get_ref())
            .ok()
            .filter(|n| (1..=3600).contains(n))
            .ok_or_else(|| {
                invalid(
                    s.span(),
                    key,
                    format!(
                        "{} is not a refresh interval: give whole seconds from 1 to 3600 (default {default})",
                        s.get_ref()
                    ),
                )
            })
    };
    let feed = raw.feed.unwrap_or_default();
    if let Some(s) = feed.refresh_seconds {
        config.feed_refresh_seconds = seconds(
            s,
            "feed.refresh_seconds",
            crate::app::feed::DEFAULT_REFRESH_SECONDS,
        )?;
    }
    if let Some(s) = feed.radar_reload_seconds {
        config.radar_reload_seconds = seconds(
            s,
            "feed.radar_reload_seconds",
            crate::app::feed::radar::DEFAULT_RELOAD_SECONDS,
        )?;
    }
    for (name, value) in &raw.keys {
        let key = format!("keys.{}", name.get_ref());
        let action = Action::from_name(name.get_ref()).ok_or_else(|| {
            invalid(
                name.span(),
                &key,
                format!(
                    "unknown action \"{}\", expected one of {}",
                    name.get_ref(),
                    Action::ALL
                        .iter()
                        .map(|a| a.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        let strings: Vec<&str> = match value.get_ref() {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Array(items) if !items.is_empty() => items
                .iter()
                .map(|v| v.as_str())
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    invalid(
                        value.span(),
                        &key,
                        format!("expected {KEY_SYNTAX}, or a list of them"),
                    )
                })?,
            _ => {
                return Err(invalid(
                    value.span(),
                    &key,
                    format!("expected {KEY_SYNTAX}, or a non-empty list of them"),
                ));
            }
        };
        let keys = strings
            .iter()
            .map(|s| {
                KeySpec::parse(s).map_err(|why| {
                    invalid(value.span(), &key, format!("{why}: expected {KEY_SYNTAX}"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        config.keys.remap(action, &keys);
    }
    if let Some((scope, k, action)) = config.keys.typed_keys().into_iter().next() {
        let span = raw
            .keys
            .iter()
            .find(|(n, _)| n.get_ref() == action.name())
            .map_or(0..0, |(_, v)| v.span());
        return Err(invalid(
            span,
            &format!("keys.{}", action.name()),
            format!(
                "\"{k}\" types text in the {}, so it cannot {}; use a named key (\"esc\", \"enter\", \"f2\"...) or ctrl-/alt- with a letter",
                scope.title().to_lowercase(),
                action.name()
            ),
        ));
    }
    // Across the scopes looked up together too: `quit = ["j"]` would lose to `down` in lists.
    if let Some(c) = config.keys.collisions().into_iter().next() {
        let (scope, k, a, b) = (c.scope, c.key, c.first, c.second);
        // Name the remap that caused it: the later action in the file's [keys] table.
        let culprit = raw
            .keys
            .iter()
            .find(|(n, _)| n.get_ref() == b.name() || n.get_ref() == a.name())
            .map(|(n, v)| (n.get_ref().clone(), v.span()));
        let (name, span) = culprit.unwrap_or_else(|| (a.name().to_string(), 0..0));
        return Err(invalid(
            span,
            &format!("keys.{name}"),
            format!(
                "\"{k}\" would do both {} and {} in the {} pane; choose another key for one of them",
                a.name(),
                b.name(),
                scope.title().to_lowercase()
            ),
        ));
    }
    Ok(config)
}

/// `case_list.columns`: a non-empty list of distinct, non-empty names. Whether each names a
/// field is known only once the domain's fields are (custom fields differ by domain); the case
/// list says then which are unknown and what is known.
fn parse_columns(
    columns: Spanned<Vec<Spanned<String>>>,
    invalid: &impl Fn(Range<usize>, &str, String) -> ConfigError,
) -> Result<Vec<String>, ConfigError> {
    const KEY: &str = "case_list.columns";
    if columns.get_ref().is_empty() {
        return Err(invalid(
            columns.span(),
            KEY,
            "an empty list shows no columns; name fields like [\"title\", \"status\", \"priority\"], or leave it out for the default (title, status, reference number, last updated)".into(),
        ));
    }
    let mut names: Vec<String> = Vec::new();
    for name in columns.get_ref() {
        let n = name.get_ref().trim();
        if n.is_empty() {
            return Err(invalid(
                name.span(),
                KEY,
                "a column needs a field id or name, e.g. \"priority\"".into(),
            ));
        }
        if names.iter().any(|m| m.eq_ignore_ascii_case(n)) {
            return Err(invalid(
                name.span(),
                KEY,
                format!("\"{n}\" is listed twice; list each column once"),
            ));
        }
        names.push(n.to_string());
    }
    Ok(names)
}

/// 1-based line and column of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The key written on the line at `offset` (with its table, `keys.quit`), for messages.
/// What a key that is not a string takes, for a value the parser cannot read.
fn expected_value(key: &str) -> Option<&'static str> {
    match key {
        "read_only" | "masking" => Some("a boolean: true or false (e.g. `read_only = true`)"),
        "feed.refresh_seconds" | "feed.radar_reload_seconds" => {
            Some("a whole number of seconds, 1 to 3600 (e.g. `refresh_seconds = 15`)")
        }
        _ => None,
    }
}

fn key_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let table = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && l.ends_with(']'))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    let key = match line.split_once('=') {
        Some((k, _)) => k.trim().trim_matches('"').to_string(),
        None => line.trim().to_string(),
    };
    match table {
        Some(t) if !key.starts_with('[') => format!("{t}.{key}"),
        _ => key,
    }
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `--performed-by` value: a Connect user ARN, or any other name (a custom entity).
pub fn parse_performer(s: &str) -> Result<Performer, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("performed-by is empty; give a Connect user ARN or a name".into());
    }
    if s.starts_with("arn:") {
        if s.contains(":connect:") && s.contains("/agent/") {
            Ok(Performer::UserArn(s.to_string()))
        } else {
            Err(format!(
                "'{s}' is not a Connect user ARN (arn:aws:connect:REGION:ACCOUNT:instance/ID/agent/ID)"
            ))
        }
    } else {
        Ok(Performer::CustomEntity(s.to_string()))
    }
}

/// The default config file, every key documented; it parses back to [`Config::default`].
pub fn default_file() -> String {
    let mut out = String::from(
        "# cases-tui configuration: $XDG_CONFIG_HOME/cases-tui/config.toml\n\
         # (~/.config/cases-tui/config.toml), or the file given with --config FILE.\n\
         # Every key is optional; command-line flags override what is set here.\n\
         \n\
         # The AWS profile (from ~/.aws/config) to call the service as. Unset: the standard\n\
         # chain (AWS_PROFILE, environment credentials, SSO, instance roles...).\n\
         # profile = \"default\"\n\
         \n\
         # The AWS region. Unset: the profile's region or AWS_REGION.\n\
         # region = \"eu-west-2\"\n\
         \n\
         # Call this endpoint instead of AWS's (a VPC endpoint, or `cases-tui serve`).\n\
         # endpoint_url = \"http://127.0.0.1:4566\"\n\
         \n\
         # Open this Cases domain at start (skips the domain picker).\n\
         # domain = \"DOMAIN-ID\"\n\
         \n\
         # Who the service records as making each change: a Connect user ARN\n\
         # (arn:aws:connect:REGION:ACCOUNT:instance/ID/agent/ID) or any other name.\n\
         # performed_by = \"jane.doe\"\n\
         \n\
         # Inspect only: no call that changes anything can be made (--read-only also sets it).\n\
         read_only = false\n\
         \n\
         # How the audit timeline shows times at first: \"relative\" (3h ago), \"utc\" or\n\
         # \"local\". `t` in the timeline cycles through them.\n\
         time_format = \"relative\"\n\
         \n\
         # Colours: \"auto\" (dark, or no colour when NO_COLOR is set), \"dark\", \"light\",\n\
         # \"high-contrast\" or \"no-color\". Meaning is never carried by colour alone.\n\
         theme = \"auto\"\n\
         \n\
         # Mask e-mail addresses, phone numbers and customer ids on screen (`m` toggles).\n\
         # Only the screen is masked: what is sent or copied is the real value.\n\
         masking = false\n\
         \n\
         # The case list's columns, left to right, by field id or name (system fields also by\n\
         # short names: ref, updated, assignee, queue, created, closed, customer). A name the\n\
         # domain has no field for is reported when the domain's fields are loaded.\n\
         # Unset: title, status, reference number, last updated.\n\
         # [case_list]\n\
         # columns = [\"title\", \"status\", \"priority\", \"assigned user\", \"last updated\"]\n\
         \n\
         # The activity feed (:feed) refreshes on its own every this many seconds (1-3600)\n\
         # while it is on show and no picker or overlay covers it; `r` refreshes at once.\n\
         # [feed]\n\
         # refresh_seconds = 15\n\
         # The SLA radar reads every open SLA again at most every this many seconds (1-3600)\n\
         # as the feed refreshes, and on `r`; new SLAs the feed reads reach it at once.\n\
         # radar_reload_seconds = 60\n\
         \n\
         # Key bindings: an action's name = a key or a list of keys. A remap replaces the\n\
         # action's keys in every pane where it applies. Keys are written like \"q\", \"G\"\n\
         # (shift is the capital), \"ctrl-d\", \"alt-x\", \"shift-tab\", \"shift-enter\", \"enter\", \"esc\",\n\
         # \"space\", \"tab\", \"backspace\", \"up\", \"down\", \"left\", \"right\", \"home\",\n\
         # \"end\", \"pgup\", \"pgdn\", \"f1\"...\"f12\". Uncomment a line to change it; the\n\
         # values shown are the defaults. In the comment editor, a field's value line, the\n\
         # field picker's filter and the bottom line (search, filter, date, : command), a plain\n\
         # character always types itself: their actions (stage_comment, undo, redo,\n\
         # external_editor, keep_value, drop_value, finish_filter, cancel_filter, submit_input,\n\
         # cancel_input) take named keys or ctrl-/alt- keys only.\n\
         [keys]\n",
    );
    let map = KeyMap::default();
    for &action in Action::ALL {
        let keys = map.keys_of(action);
        let description = map
            .bindings
            .iter()
            .find(|b| b.action == action)
            .map_or("", |b| b.description);
        let value = match &keys[..] {
            [one] => format!("\"{}\"", one.config_name()),
            many => format!(
                "[{}]",
                many.iter()
                    .map(|k| format!("\"{}\"", k.config_name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let _ = writeln!(out, "# {} = {value}  # {description}", action.name());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, usize, String, String) {
        match parse(text, Path::new("config.toml")).unwrap_err() {
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
    fn line_and_column() {
        assert_eq!(line_col("a\nbc\nd", 4), (2, 3));
        assert_eq!(line_col("x", 0), (1, 1));
    }

    #[test]
    fn key_on_a_line_names_its_table() {
        let text = "a = 1\n[keys]\nquit = 3\n";
        assert_eq!(key_at(text, text.find('3').unwrap()), "keys.quit");
        assert_eq!(key_at(text, 2), "a");
    }

    #[test]
    fn wrong_type_names_line_and_key() {
        let (line, col, key, msg) = err("\n\nread_only = \"yes\"\n");
        assert_eq!((line, col, key.as_str()), (3, 13, "read_only"));
        assert!(msg.contains("expected a boolean"), "{msg}");
    }

    #[test]
    fn syntax_error_names_the_line() {
        let (line, _, key, _) = err("theme = \"dark\"\nregion = \"eu-west-1\n");
        assert_eq!(line, 2);
        assert_eq!(key, "region");
    }
}
