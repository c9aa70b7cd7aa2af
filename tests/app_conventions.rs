//! The conventions users bring from k9s, lazygit and gitui: remapped keys (dispatch and help),
//! yank, masking in every pane, themes, the external editor and context switching.

mod app_support;

use app_support::*;
use cases_tui::app::audit::TimeMode;
use cases_tui::app::staging::Overlay;
use cases_tui::app::{
    App, AppContext, Cmd, Msg, Screen, ServiceCmd, SessionCmd, TerminalCmd, Theme,
};
use cases_tui::config;
use cases_tui::model::{FieldEntry, FieldValue, RelatedContent, RelatedItemType};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use std::path::Path;

const EMAIL: &str = "maria.lopez@example.com";
const PHONE: &str = "+44 7700 900123";
const CUSTOMER: &str = "cust-10482";

fn app_with(ctx: AppContext) -> App {
    let mut app = App::new(ctx);
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    app.update(Msg::DomainsLoaded(Ok(domains())));
    app
}

fn remapped() -> AppContext {
    let text = "[keys]\nquit = [\"Q\", \"ctrl-c\"]\nedit_item = \"E\"\nyank = \"Y\"\n";
    let cfg = config::parse(text, Path::new("config.toml")).unwrap();
    AppContext {
        keys: cfg.keys,
        ..ctx()
    }
}

fn select_event(app: &mut App, id: &str) {
    press(app, key('3'));
    press(app, key('g'));
    for _ in 0..20 {
        if app
            .case
            .as_ref()
            .unwrap()
            .selected_audit(now())
            .is_some_and(|e| e.id == id)
        {
            return;
        }
        press(app, key('j'));
    }
    panic!("no event {id}");
}

// ---- remapping ---------------------------------------------------------------------------------

#[test]
fn remapped_keys_reach_dispatch() {
    let mut app = app_with(remapped());
    assert!(app.update(key('q')).is_empty(), "q no longer quits");
    assert_eq!(app.update(key('Q')), vec![Cmd::Quit]);
    let ctrl_c = Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(app.update(ctrl_c), vec![Cmd::Quit]);

    let cmds = app.update(code(KeyCode::Enter));
    answer(&mut app, cmds);
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('e'));
    assert!(app.staging.overlay.is_none(), "e no longer edits");
    press(&mut app, key('E'));
    assert!(app.staging.overlay.is_some(), "E opens the editor");
}

#[test]
fn remapped_keys_reach_the_help_overlay() {
    let mut app = app_with(remapped());
    press(&mut app, code(KeyCode::Enter));
    press(&mut app, key('2'));
    press(&mut app, key('?'));
    let sections = app.help_sections();
    let row = |action: &str| {
        sections
            .iter()
            .flat_map(|(_, rows)| rows.iter())
            .find(|(_, d)| d.starts_with(action))
            .map(|(k, _)| k.clone())
    };
    assert_eq!(row("edit comment").as_deref(), Some("E"));
    assert_eq!(row("quit").as_deref(), Some("Q / Ctrl-c"));
    assert_eq!(row("copy the id").as_deref(), Some("Y"));
    insta::assert_snapshot!("help_related_remapped_80x24", render(&mut app, 80, 24));
}

// ---- yank --------------------------------------------------------------------------------------

fn yanked(cmds: &[Cmd]) -> &str {
    match cmds {
        [Cmd::Terminal(TerminalCmd::Yank(text))] => text,
        other => panic!("expected one yank, got {other:?}"),
    }
}

#[test]
fn yank_copies_what_is_selected() {
    let mut app = loaded_list();
    assert_eq!(yanked(&app.update(key('y'))), CASE);
    assert_eq!(
        app.status.as_ref().unwrap().text,
        format!("copied case id {CASE}")
    );

    let mut app = loaded_case();
    press(&mut app, key('g'));
    assert_eq!(
        yanked(&app.update(key('y'))),
        "Refund not received for order #4411"
    );

    select_related(&mut app, RelatedItemType::File);
    assert_eq!(
        yanked(&app.update(key('y'))),
        "arn:aws:connect:us-east-1:111122223333:instance/i-1/file/receipt-4411.pdf"
    );
    select_related(&mut app, RelatedItemType::Comment);
    assert_eq!(yanked(&app.update(key('y'))), "ri-comment");
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("related item id")
    );
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(
        yanked(&app.update(key('y'))),
        "ri-comment",
        "from the detail"
    );
    press(&mut app, code(KeyCode::Esc));

    select_event(&mut app, "ev-3");
    assert_eq!(yanked(&app.update(key('y'))), "ev-3");
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "copied audit event id ev-3"
    );
}

#[test]
fn osc52_is_base64_in_the_clipboard_sequence() {
    assert_eq!(
        cases_tui::tui::osc52("case-0001"),
        "\x1b]52;c;Y2FzZS0wMDAx\x07"
    );
}

// ---- masking -----------------------------------------------------------------------------------

/// The fixture with personal data in the list, the fields, a comment, a custom item and the
/// audit history.
fn with_pii(masking: bool) -> App {
    let mut app = app_with(AppContext { masking, ..ctx() });
    app.cases.list.items[1].fields[0] = FieldEntry::new(
        "title",
        FieldValue::String(format!("Callback {PHONE} for {EMAIL}")),
    );
    let cmds = app.update(code(KeyCode::Enter));
    answer(&mut app, cmds);
    let cv = app.case.as_mut().unwrap();
    let case = cv.case.as_mut().unwrap();
    for f in &mut case.fields {
        match f.id.as_str() {
            "summary" => f.value = FieldValue::String(format!("Reach {EMAIL} or {PHONE}")),
            "customer_id" => f.value = FieldValue::String(CUSTOMER.into()),
            _ => {}
        }
    }
    for item in &mut cv.related.list.items {
        match &mut item.content {
            RelatedContent::Comment { body, .. } => {
                *body = format!("Customer {CUSTOMER} asked to call {PHONE}.\nMail {EMAIL} too.")
            }
            RelatedContent::Custom { fields } => {
                fields[3].value = FieldValue::String(format!("claim by {EMAIL}"))
            }
            _ => {}
        }
    }
    for e in &mut cv.audit.list.items {
        if e.id == "ev-1" {
            e.fields.push(cases_tui::model::AuditField {
                field_id: "customer_id".into(),
                old_value: None,
                new_value: FieldValue::String(CUSTOMER.into()),
            });
            e.fields[0].new_value = FieldValue::String(format!("Refund for {EMAIL}"));
        }
    }
    app
}

fn assert_masked(screen: &str) {
    for raw in [EMAIL, PHONE, CUSTOMER, "7700", "lopez@"] {
        assert!(!screen.contains(raw), "{raw} shown unmasked:\n{screen}");
    }
}

#[test]
fn masking_covers_every_pane() {
    let mut list = with_pii(true);
    press(&mut list, code(KeyCode::Esc));
    let screen = render(&mut list, 80, 24);
    assert_masked(&screen);
    assert!(screen.contains("+44 •••• •••123"), "{screen}");
    insta::assert_snapshot!("masked_case_list_80x24", screen);

    let mut app = with_pii(true);
    let screen = render(&mut app, 80, 24);
    assert_masked(&screen);
    assert!(screen.contains("m•••@example.com"), "{screen}");
    assert!(screen.contains("cust-•••82"), "{screen}");
    insta::assert_snapshot!("masked_fields_80x24", screen);

    select_related(&mut app, RelatedItemType::Comment);
    let screen = render(&mut app, 80, 24);
    assert_masked(&screen);
    insta::assert_snapshot!("masked_related_80x24", screen);
    press(&mut app, code(KeyCode::Enter));
    let screen = render(&mut app, 80, 24);
    assert_masked(&screen);
    insta::assert_snapshot!("masked_comment_detail_80x24", screen);
    press(&mut app, code(KeyCode::Esc));
    select_related(&mut app, RelatedItemType::Custom);
    press(&mut app, code(KeyCode::Enter));
    assert_masked(&render(&mut app, 80, 24));
    press(&mut app, code(KeyCode::Esc));

    select_event(&mut app, "ev-1");
    assert_masked(&render(&mut app, 80, 24));
    press(&mut app, code(KeyCode::Enter));
    let screen = render(&mut app, 80, 24);
    assert_masked(&screen);
    insta::assert_snapshot!("masked_audit_expanded_80x24", screen);
    assert_masked(&render(&mut app, 160, 45));
}

#[test]
fn masking_is_only_on_screen_and_m_toggles_it() {
    let mut app = with_pii(false);
    assert!(
        render(&mut app, 160, 45).contains(EMAIL),
        "unmasked by default"
    );
    press(&mut app, key('m'));
    assert!(app.masking);
    assert_masked(&render(&mut app, 160, 45));
    // The data is untouched: a yank copies the real value.
    press(&mut app, key('1'));
    press(&mut app, key('/'));
    typed(&mut app, "summary");
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(
        yanked(&app.update(key('y'))),
        format!("Reach {EMAIL} or {PHONE}")
    );
    press(&mut app, key('m'));
    assert!(!app.masking);
    assert!(render(&mut app, 160, 45).contains(EMAIL));
}

#[test]
fn masking_covers_the_review_of_a_staged_comment() {
    let mut app = with_pii(true);
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('e'));
    typed(&mut app, " ok");
    press(&mut app, code(KeyCode::Esc));
    let cmds = app.update(key('s'));
    answer(&mut app, cmds);
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("•••@example.com"), "{screen}");
    assert_masked(&screen);
    // What is sent is the real text.
    let body = match app.staging.drafts()[0].content() {
        cases_tui::edit::Content::Comment(b) => b,
        other => panic!("{other:?}"),
    };
    assert!(body.contains(EMAIL) && body.contains(PHONE));
}

// ---- themes ------------------------------------------------------------------------------------

fn styled(app: &App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| {
            cases_tui::ui::draw(f, app);
        })
        .unwrap();
    format!("{:?}", terminal.backend().buffer())
}

#[test]
fn themes_render_the_case_list() {
    for (name, theme) in [
        ("light", Theme::Light),
        ("high_contrast", Theme::HighContrast),
    ] {
        let app = app_with(AppContext { theme, ..ctx() });
        insta::assert_snapshot!(format!("theme_{name}_case_list_80x24"), styled(&app));
    }
}

/// Draws `app` and panics, naming `what` and the cell, if any cell has a colour; returns the
/// screen's text.
fn assert_colourless(app: &App, what: &str) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| {
            cases_tui::ui::draw(f, app);
        })
        .unwrap();
    let buf = terminal.backend().buffer();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert!(
                c.fg == Color::Reset && c.bg == Color::Reset,
                "{what}: cell ({x}, {y}) {:?} is drawn in {:?} on {:?}",
                c.symbol(),
                c.fg,
                c.bg
            );
        }
    }
    buf.content().iter().map(|c| c.symbol()).collect()
}

#[test]
fn monochrome_has_no_colour_anywhere_even_in_overlays() {
    let mut app = app_with(AppContext {
        theme: Theme::Monochrome,
        ..ctx()
    });
    assert_colourless(&app, "case list");
    press(&mut app, code(KeyCode::Enter));
    assert_colourless(&app, "case view");

    select_related(&mut app, RelatedItemType::Custom);
    press(&mut app, key('e'));
    assert!(
        matches!(app.staging.overlay, Some(Overlay::Fields(_))),
        "field editor"
    );
    press(&mut app, key('x'));
    let text = assert_colourless(&app, "field editor");
    assert!(text.contains('›'), "the selected row has a marker");
    assert!(text.contains("(removed)"), "removal is said in words");
    press(&mut app, code(KeyCode::Esc));
    assert!(app.staging.overlay.is_none(), "Esc stages and closes");

    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('e'));
    assert!(
        matches!(app.staging.overlay, Some(Overlay::Comment { .. })),
        "comment editor"
    );
    typed(&mut app, " Added in monochrome.");
    assert_colourless(&app, "comment editor");
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.staging.drafts().len(), 2, "both edits staged");

    press(&mut app, key('s'));
    assert!(
        matches!(app.staging.overlay, Some(Overlay::Review(_))),
        "review"
    );
    let text = assert_colourless(&app, "review of the field change");
    assert!(text.contains("- Priority"), "the review shows the removal");
    press(&mut app, key('j'));
    let text = assert_colourless(&app, "review of the comment diff");
    assert!(text.contains("monochrome."), "the review shows the diff");
    press(&mut app, code(KeyCode::Esc));

    press(&mut app, key('d'));
    assert!(
        matches!(app.staging.overlay, Some(Overlay::ConfirmDelete { .. })),
        "confirmation"
    );
    assert_colourless(&app, "delete confirmation");
    press(&mut app, key('n'));

    press(&mut app, key('?'));
    assert!(app.help_open, "help");
    assert_colourless(&app, "help");
}

// ---- time format default -----------------------------------------------------------------------

#[test]
fn the_configured_time_format_is_the_timelines_first() {
    let mut app = app_with(AppContext {
        time: TimeMode::Utc,
        ..ctx()
    });
    press(&mut app, code(KeyCode::Enter));
    assert_eq!(
        app.case.as_ref().unwrap().audit.timeline.time,
        TimeMode::Utc
    );
}

// ---- external editor ---------------------------------------------------------------------------

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[test]
fn external_editor_text_is_staged() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('e'));
    let cmds = app.update(ctrl('e'));
    match &cmds[..] {
        [Cmd::Terminal(TerminalCmd::ExternalEditor { text })] => assert_eq!(text, COMMENT_BODY),
        other => panic!("{other:?}"),
    }
    assert!(
        app.staging.overlay.is_some(),
        "the editor stays open meanwhile"
    );
    press(
        &mut app,
        Msg::ExternalEditorDone(Ok("Rewritten in vim.\n".into())),
    );
    assert!(app.staging.overlay.is_none());
    assert_eq!(app.staging.staged_count(), 1);
    assert_eq!(
        app.staging.drafts()[0].content(),
        cases_tui::edit::Content::Comment("Rewritten in vim.".into())
    );
}

#[test]
fn a_failed_editor_keeps_the_old_text_and_says_why() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('e'));
    press(&mut app, ctrl('e'));
    press(
        &mut app,
        Msg::ExternalEditorDone(Err("the editor `nano` exited with exit status: 1".into())),
    );
    assert!(app.staging.overlay.is_some(), "still editing");
    assert_eq!(app.staging.staged_count(), 0);
    let status = app.status.as_ref().unwrap();
    assert!(status.text.contains("exited with"), "{}", status.text);
    assert!(
        status.text.contains("keeps its old text"),
        "{}",
        status.text
    );
}

#[test]
fn run_editor_reports_failures() {
    use cases_tui::tui::run_editor;
    assert_eq!(run_editor("true", "body").as_deref(), Ok("body"));
    let err = run_editor("false", "body").unwrap_err();
    assert!(err.contains("exited with"), "{err}");
    let err = run_editor("no-such-editor-cases-tui", "body").unwrap_err();
    assert!(err.contains("could not start"), "{err}");
    let err = run_editor("sh -c 'echo changed > \"$0\"'", "body");
    assert_eq!(err.as_deref(), Ok("changed\n"));
}

// ---- switching ---------------------------------------------------------------------------------

fn command(app: &mut App, line: &str) -> Vec<Cmd> {
    app.update(key(':'));
    typed(app, line);
    app.update(code(KeyCode::Enter))
}

#[test]
fn profile_and_region_switch_the_client_then_reload_domains() {
    let mut app = loaded_case();
    assert_eq!(
        command(&mut app, "profile prod"),
        vec![Cmd::Session(SessionCmd::Reconnect {
            profile: Some("prod".into()),
            region: None
        })]
    );
    let cmds = app.update(Msg::Reconnected(Ok("profile prod · eu-west-2".into())));
    assert_eq!(cmds, vec![Cmd::Service(ServiceCmd::LoadDomains)]);
    assert_eq!(app.screen, Screen::Domains);
    assert!(app.case.is_none() && app.domain.id.is_none());
    answer(&mut app, cmds);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen
            .lines()
            .next()
            .unwrap()
            .contains("profile prod · eu-west-2"),
        "{screen}"
    );

    assert_eq!(
        command(&mut app, "region us-west-2"),
        vec![Cmd::Session(SessionCmd::Reconnect {
            profile: None,
            region: Some("us-west-2".into())
        })]
    );
    app.update(Msg::Reconnected(Err(
        "cannot use profile x: no such profile".into(),
    )));
    let status = app.status.as_ref().unwrap();
    assert!(
        status.text.contains("Still using profile prod"),
        "{}",
        status.text
    );
}

#[test]
fn domain_and_case_switch_without_a_restart() {
    let mut app = loaded_case();
    let cmds = command(&mut app, "case c-1004");
    assert!(cmds.iter().any(
        |c| matches!(c, Cmd::Service(ServiceCmd::GetCase { case_id, .. }) if case_id == "c-1004")
    ));
    let cmds = command(&mut app, "domain d-19bc");
    assert!(cmds.iter().any(
        |c| matches!(c, Cmd::Service(ServiceCmd::LoadFields { domain_id }) if domain_id == "d-19bc")
    ));
    assert_eq!(app.domain.id.as_deref(), Some("d-19bc"));
    assert!(
        render(&mut app, 80, 24)
            .lines()
            .next()
            .unwrap()
            .contains("Billing")
    );
}

/// `whole` is on `screen` in full, or cut with an `…` right after what is shown (never a cut
/// that looks complete).
fn whole_or_marked(screen: &str, whole: &str) -> bool {
    if screen.contains(whole) {
        return true;
    }
    let chars: Vec<char> = whole.chars().collect();
    (8..chars.len()).any(|k| {
        let shown: String = chars[..k].iter().collect();
        screen.contains(&format!("{shown}…"))
    })
}

#[test]
fn text_cut_to_its_column_ends_in_an_ellipsis_and_a_case_id_is_whole_or_left_out() {
    for w in [80, 64] {
        let mut app = loaded_list();
        let screen = render(&mut app, w, 24);
        for title in [
            "Login loop on mobile app after password reset",
            "Damaged parcel — replacement shipped, awaiting confirmation from the courier",
        ] {
            assert!(whole_or_marked(&screen, title), "{w}: {title}\n{screen}");
        }
        let mut app = loaded_case();
        let screen = render(&mut app, w, 24);
        assert!(
            whole_or_marked(
                &screen,
                "Customer returned the item on 12 April; refund still pending."
            ),
            "{w}\n{screen}"
        );
        app.update(key('2'));
        let screen = render(&mut app, w, 24);
        let sla = screen
            .lines()
            .find(|l| l.contains("First response"))
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(
            sla.trim_end_matches(['┃', ' ']).ends_with('…'),
            "{w}: {sla}"
        );
        assert!(
            whole_or_marked(
                &screen,
                "Called the customer back. They confirm the parcel was handed to the courier"
            ),
            "{w}\n{screen}"
        );
    }
    // The case id at the end of the facts line: whole when it fits, else not there at all.
    let mut app = loaded_case();
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("id c-1001"), "{screen}");
    let screen = render(&mut app, 50, 24);
    let facts = screen.lines().nth(2).unwrap();
    assert!(!facts.contains("id c"), "{facts}");
    assert!(!facts.trim_end().ends_with('·'), "{facts}");
}

#[test]
fn the_related_items_hint_line_names_its_own_keys_after_the_shared_ones() {
    let mut app = loaded_case();
    app.update(key('2'));
    let screen = render(&mut app, 160, 45);
    let hints = screen.lines().last().unwrap();
    let own = "Enter show · e edit · a add comment · d delete · t type";
    assert!(hints.contains(&format!("q quit · {own}")), "{hints}");
    // A narrow line keeps help, command and quit and drops the pane's own keys first.
    let screen = render(&mut app, 80, 24);
    let hints = screen.lines().last().unwrap();
    assert!(hints.contains("? help · : command · q quit"), "{hints}");
    // Read-only: no key that would write.
    let mut app = App::new(AppContext {
        read_only: true,
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    app.update(Msg::DomainsLoaded(Ok(domains())));
    let cmds = app.update(code(KeyCode::Enter));
    answer(&mut app, cmds);
    app.update(key('2'));
    let screen = render(&mut app, 160, 45);
    let hints = screen.lines().last().unwrap();
    assert!(
        hints.contains("t type") && !hints.contains("add comment"),
        "{hints}"
    );
}

#[test]
fn q_quits_from_the_review_and_its_help_says_so_and_f_opens_the_feed_from_the_case_view() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('e'));
    typed(&mut app, " more");
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.staging.staged_count(), 1);
    press(&mut app, key('s'));
    assert!(matches!(app.staging.overlay, Some(Overlay::Review(_))));
    press(&mut app, key('?'));
    let screen = render(&mut app, 160, 45);
    assert!(
        screen.contains("quit (staged drafts stay in the journal)"),
        "{screen}"
    );
    press(&mut app, key('?'));
    assert_eq!(app.update(key('q')), vec![Cmd::Quit]);
    // The draft is still staged (the journal keeps it for the next start).
    assert_eq!(app.staging.staged_count(), 1);

    let mut app = loaded_case();
    press(&mut app, key('F'));
    assert_eq!(app.screen, Screen::Feed);
}

#[test]
fn ctrl_u_clears_the_custom_field_value_line_as_the_other_lines_do() {
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Custom);
    press(&mut app, key('e'));
    // Internal notes (Text): its value line opens on the current value.
    for _ in 0..3 {
        press(&mut app, key('j'));
    }
    press(&mut app, code(KeyCode::Enter));
    press(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut app, "Parcel found");
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("Parcel found"), "{screen}");
    assert!(!screen.contains("CL-2231"), "{screen}");
}

#[test]
fn e_with_nothing_selected_names_every_editable_thing_and_the_sla_editor_says_hours_and_minutes() {
    let mut app = loaded_case();
    press(&mut app, key('2'));
    press(&mut app, key('/'));
    typed(&mut app, "no such item anywhere");
    press(&mut app, code(KeyCode::Enter));
    press(&mut app, key('e'));
    let text = &app.status.as_ref().expect("a status line").text;
    assert!(
        text.contains("comment, custom item or SLA") && text.contains("case field"),
        "{text}"
    );

    // The SLA row says `due in 1d 2h`; the editor's times say the same, not a rounded `in 1d`.
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Sla);
    press(&mut app, key('e'));
    let screen = render(&mut app, 100, 30);
    let due = screen
        .lines()
        .find(|l| l.contains("Due now"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(due.contains("(in 1d 2h)"), "{due}");
}

#[test]
fn the_case_search_line_says_enter_searches_and_a_pane_filter_says_keep() {
    let mut app = loaded_list();
    press(&mut app, key('/'));
    let screen = render(&mut app, 100, 30);
    let line = screen.lines().last().unwrap();
    assert!(line.contains("Enter search"), "{line}");
    assert!(!line.contains("keep"), "{line}");

    let mut app = loaded_case();
    press(&mut app, key('2'));
    press(&mut app, key('/'));
    let screen = render(&mut app, 100, 30);
    let line = screen.lines().last().unwrap();
    assert!(line.contains("Enter keep"), "{line}");
}

#[test]
fn the_domain_picker_counts_one_domain_and_says_what_the_service_did_not_give() {
    let mut app = App::new(AppContext::for_tests());
    let _ = app.start();
    let mut one = domains()
        .into_iter()
        .find(|d| d.name.starts_with("Claims"))
        .unwrap();
    one.status = None;
    one.created_time = None;
    app.update(Msg::DomainsLoaded(Ok(vec![one.clone()])));
    // One domain opens at once; `:domain` shows the picker.
    press(&mut app, key(':'));
    typed(&mut app, "domain");
    let cmds = app.update(code(KeyCode::Enter));
    drop(cmds);
    app.update(Msg::DomainsLoaded(Ok(vec![one])));
    let screen = render(&mut app, 100, 20);
    assert!(
        screen.contains("1 domain ") && !screen.contains("1 domains"),
        "{screen}"
    );
    let row = screen
        .lines()
        .find(|l| l.starts_with('┃') && l.contains("Claims"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert_eq!(row.matches("not given").count(), 2, "{row}");
}
