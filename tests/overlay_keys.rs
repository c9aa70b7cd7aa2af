//! The editing overlays and the bottom input line are scopes of the one key table: remaps reach
//! their dispatch, their hint lines and the help overlay, and plain typing in a text field cannot
//! be remapped away.

mod app_support;

use app_support::*;
use cases_tui::app::keymap::{KeyMap, Scope};
use cases_tui::app::staging::Overlay;
use cases_tui::app::{App, AppContext, Cmd, ServiceCmd, TerminalCmd};
use cases_tui::config::{self, ConfigError};
use cases_tui::model::RelatedItemType;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::path::Path;

fn app_with_keys(text: &str) -> App {
    let cfg = config::parse(text, Path::new("config.toml")).unwrap();
    let mut app = App::new(AppContext {
        keys: cfg.keys,
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    app.update(cases_tui::app::Msg::DomainsLoaded(Ok(domains())));
    press(&mut app, code(KeyCode::Enter));
    app
}

/// Stages a new comment and opens the review on it.
fn review_of_a_new_comment(app: &mut App) {
    press(app, key('2'));
    press(app, key('a'));
    typed(app, "Called back.");
    press(app, code(KeyCode::Esc));
    assert_eq!(app.staging.drafts().len(), 1);
    press(app, key('s'));
    assert!(matches!(app.staging.overlay, Some(Overlay::Review(_))));
}

fn help_row(app: &App, words: &str) -> Option<String> {
    app.help_sections()
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .find(|(_, d)| d.starts_with(words))
        .map(|(k, _)| k.clone())
}

#[test]
fn a_remapped_send_key_reaches_the_review_its_hint_line_and_help() {
    let mut app = app_with_keys("[keys]\nsend_draft = \"S\"\n");
    review_of_a_new_comment(&mut app);
    assert!(app.update(key('y')).is_empty(), "y no longer sends");
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("S send · u unstage"), "{screen}");
    assert!(!screen.contains("y send"), "{screen}");

    press(&mut app, key('?'));
    assert!(app.help_open, "? opens the help over the review");
    assert_eq!(app.help_sections()[0].0, Scope::Review.title());
    assert_eq!(
        help_row(&app, "send the selected draft").as_deref(),
        Some("S")
    );
    assert!(render(&mut app, 100, 40).contains("S  send the selected draft"));
    press(&mut app, code(KeyCode::Esc));
    assert!(!app.help_open);
    assert!(app.staging.overlay.is_some(), "Esc closed only the help");

    let cmds = app.update(key('S'));
    assert!(
        matches!(cmds.as_slice(), [Cmd::Service(ServiceCmd::CheckDraft(_))]),
        "S sends: {cmds:?}"
    );
}

#[test]
fn a_remapped_back_key_reaches_the_field_editor_and_the_confirm_keys_the_delete_question() {
    let mut app = app_with_keys("[keys]\nback = \"f2\"\nanswer_yes = \"enter\"\n");
    select_related(&mut app, RelatedItemType::Custom);
    press(&mut app, key('e'));
    assert!(matches!(app.staging.overlay, Some(Overlay::Fields(_))));
    assert!(render(&mut app, 100, 30).contains("F2 close"));
    press(&mut app, code(KeyCode::Esc));
    assert!(
        app.staging.overlay.is_some(),
        "Esc no longer closes the field editor"
    );
    press(&mut app, code(KeyCode::F(2)));
    assert!(app.staging.overlay.is_none(), "F2 closes it");

    press(&mut app, key('d'));
    assert!(render(&mut app, 100, 30).contains("Enter yes"));
    assert!(app.update(key('y')).is_empty());
    assert!(app.staging.overlay.is_some(), "y no longer answers yes");
    let cmds = app.update(code(KeyCode::Enter));
    assert!(
        matches!(
            cmds.as_slice(),
            [Cmd::Service(ServiceCmd::DeleteItem { .. })]
        ),
        "{cmds:?}"
    );
}

#[test]
fn the_comment_editor_takes_remapped_commands_and_keeps_typing_plain_characters() {
    let mut app = app_with_keys("[keys]\nexternal_editor = \"f4\"\nstage_comment = \"ctrl-s\"\n");
    press(&mut app, key('2'));
    press(&mut app, key('a'));
    let ctrl_e = KeyEvent::new(
        KeyCode::Char('e'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    );
    assert!(app.update(cases_tui::app::Msg::Key(ctrl_e)).is_empty());
    assert!(matches!(
        app.update(code(KeyCode::F(4))).as_slice(),
        [Cmd::Terminal(TerminalCmd::ExternalEditor { .. })]
    ));
    // `?`, `s` and every other letter are text here, whatever the table says elsewhere.
    typed(&mut app, "s? q");
    press(&mut app, code(KeyCode::Esc));
    assert!(!app.help_open);
    let Some(Overlay::Comment { editor, .. }) = &app.staging.overlay else {
        panic!("Esc no longer stages: the editor stays open")
    };
    assert_eq!(editor.body(), "s? q");
    assert!(render(&mut app, 100, 30).contains("Ctrl-s stage & close · F4 $EDITOR"));
}

#[test]
fn a_plain_character_for_a_text_field_command_is_refused() {
    let err =
        config::parse("[keys]\nstage_comment = \"s\"\n", Path::new("config.toml")).unwrap_err();
    let ConfigError::Invalid {
        line, key, message, ..
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!((line, key.as_str()), (2, "keys.stage_comment"));
    assert!(
        message.contains("types text in the comment editor"),
        "{message}"
    );
    assert!(
        config::parse(
            "[keys]\nkeep_value = [\"enter\", \"alt-k\"]\n",
            Path::new("c")
        )
        .is_ok()
    );
}

#[test]
fn a_key_doing_two_things_in_an_overlay_is_refused() {
    let err = config::parse("[keys]\nsend_draft = \"u\"\n", Path::new("config.toml")).unwrap_err();
    assert!(err.to_string().contains("in the review pane"), "{err}");
}

/// For every scope, overlays included: each key the help lists dispatches to the action it is
/// listed with, and each binding is listed. Help and dispatch read the same rows, so this fails
/// only if a scope shadows its own keys (a conflict) or the table lost a scope.
#[test]
fn dispatch_and_help_agree_in_every_scope() {
    let keys = KeyMap::default();
    for &scope in Scope::ALL {
        let rows: Vec<_> = keys.in_scope(scope).collect();
        assert!(!rows.is_empty(), "{scope:?} has no keys");
        for b in rows {
            for k in &b.keys {
                let event = KeyEvent::new(k.code, k.modifiers);
                assert_eq!(
                    keys.command(scope, &event),
                    Some(b.action),
                    "{scope:?}: {} is listed for {}",
                    k.label(),
                    b.action.name()
                );
            }
        }
    }
}

#[test]
fn every_overlay_opens_the_help_on_its_own_scope() {
    let mut app = app_with_keys("");
    select_related(&mut app, RelatedItemType::Custom);
    press(&mut app, key('e'));
    let mut seen = Vec::new();
    for step in [
        None,
        Some(code(KeyCode::Enter)),
        Some(code(KeyCode::Esc)),
        Some(key('a')),
        Some(key('/')),
    ] {
        if let Some(msg) = step {
            press(&mut app, msg);
        }
        let scope = app.staging.overlay.as_ref().unwrap().scope();
        seen.push(scope);
        let listed: Vec<(String, &str)> = app
            .keys()
            .in_scope(scope)
            .map(|b| (b.keys_label(), b.description))
            .collect();
        assert_eq!(
            app.help_sections(),
            vec![(scope.title(), listed)],
            "{scope:?}"
        );
    }
    assert_eq!(
        seen[2..],
        [Scope::FieldEditor, Scope::FieldPicker, Scope::PickerFilter]
    );
    // Enter on the first field opens its value line, or its option list for a SingleSelect.
    assert!(matches!(seen[1], Scope::ValueLine | Scope::OptionList));
    press(&mut app, code(KeyCode::Esc));
    press(&mut app, code(KeyCode::Enter));
    let scope = app.staging.overlay.as_ref().unwrap().scope();
    assert!(
        matches!(scope, Scope::ValueLine | Scope::OptionList),
        "{scope:?}"
    );
    assert_eq!(app.help_sections()[0].0, scope.title());
}

#[test]
fn remapped_keys_reach_the_input_line_and_its_hint_line() {
    let mut app = app_with_keys("[keys]\nsubmit_input = \"f2\"\ncancel_input = \"ctrl-g\"\n");
    press(&mut app, key(':'));
    typed(&mut app, "q");
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains(":q  F2 run · Ctrl-g cancel"), "{screen}");
    assert!(
        app.update(code(KeyCode::Enter)).is_empty(),
        "Enter no longer runs"
    );
    assert!(app.input.is_some(), "Enter left the line open");
    assert_eq!(app.update(code(KeyCode::F(2))), vec![Cmd::Quit]);

    press(&mut app, key('/'));
    typed(&mut app, "x");
    press(&mut app, code(KeyCode::Esc));
    assert!(app.input.is_some(), "Esc no longer cancels");
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("F2 keep · Ctrl-g clear"), "{screen}");
    press(
        &mut app,
        cases_tui::app::Msg::Key(KeyEvent::new(
            KeyCode::Char('g'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    assert!(app.input.is_none(), "Ctrl-g cancels");
}

#[test]
fn a_plain_character_for_an_input_line_command_is_refused() {
    let err =
        config::parse("[keys]\ncancel_input = \"x\"\n", Path::new("config.toml")).unwrap_err();
    assert!(
        err.to_string().contains("types text in the command line"),
        "{err}"
    );
}

/// The keys a hint line names, each found by its label among the bindings of `scopes`.
fn named_keys(keys: &KeyMap, scopes: &[Scope], label: &str) -> Vec<KeyEvent> {
    let labels: Vec<&str> = if label == "/" {
        vec!["/"]
    } else {
        label.split('/').collect()
    };
    labels
        .into_iter()
        .map(|l| {
            scopes
                .iter()
                .flat_map(|&s| keys.in_scope(s))
                .flat_map(|b| b.keys.iter())
                .find(|k| k.label() == l)
                .map(|k| KeyEvent::new(k.code, k.modifiers))
                .unwrap_or_else(|| panic!("{scopes:?}: no key {l} in {label}"))
        })
        .collect()
}

/// In every pane the status line names only keys that dispatch there to a binding with the words
/// it shows, and it always offers help.
#[test]
fn every_key_a_pane_hint_line_names_does_what_it_says() {
    let mut app = app_with_keys("");
    press(&mut app, key(':'));
    typed(&mut app, "domain");
    press(&mut app, code(KeyCode::Enter));
    let mut stacks = vec![app.scopes()];
    press(&mut app, code(KeyCode::Enter));
    stacks.push(app.scopes());
    press(&mut app, code(KeyCode::Enter));
    stacks.push(app.scopes());
    for step in ['2', '3', 'f'] {
        press(&mut app, key(step));
        stacks.push(app.scopes());
    }
    press(&mut app, code(KeyCode::Esc));
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, code(KeyCode::Enter));
    stacks.push(app.scopes());
    let firsts: Vec<Scope> = stacks.iter().map(|s| s[0]).collect();
    assert_eq!(
        firsts,
        [
            Scope::Domains,
            Scope::CaseList,
            Scope::Fields,
            Scope::Related,
            Scope::Audit,
            Scope::AuditFilter,
            Scope::Detail
        ]
    );
    let keys = app.keys();
    for scopes in stacks {
        let line = keys.pane_hints(&scopes);
        assert!(
            line.iter().any(|(_, w)| *w == "help"),
            "{scopes:?}: {line:?}"
        );
        for (label, words) in &line {
            for event in named_keys(keys, &scopes, label) {
                let action = keys
                    .action(&scopes, &event)
                    .expect("the key does something");
                let hinted = scopes
                    .iter()
                    .flat_map(|&s| keys.in_scope(s))
                    .find(|b| b.action == action)
                    .and_then(|b| b.hint);
                assert_eq!(hinted, Some(*words), "{scopes:?}: {label} {words}");
            }
        }
    }
}
