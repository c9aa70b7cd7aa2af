//! Every pane drawn at 80x24 and 160x45, as text.

mod app_support;

use app_support::*;
use cases_tui::app::{App, AppContext, Msg, Theme};
use cases_tui::aws::GatewayError;
use ratatui::crossterm::event::KeyCode;

fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (160, 45)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

/// The audit timeline focused, oldest first (as these were drawn), its first event selected.
fn timeline_from_oldest(app: &mut App) {
    press(app, key('3'));
    press(app, key('o'));
    press(app, key('g'));
}

#[test]
fn case_list_loaded() {
    snap("case_list_loaded", &mut loaded_list());
}

#[test]
fn case_list_empty_search() {
    let mut app = loaded_list();
    app.update(key('/'));
    let cmds = typed(&mut app, "foo");
    assert!(cmds.is_empty());
    let cmds = app.update(code(KeyCode::Enter));
    let req = match &cmds[..] {
        [cases_tui::app::Cmd::Service(cases_tui::app::ServiceCmd::SearchCases { req, .. })] => *req,
        other => panic!("expected one search, got {other:?}"),
    };
    app.update(Msg::CasesLoaded {
        req,
        result: Ok(last_page()),
    });
    snap("case_list_empty", &mut app);
}

#[test]
fn case_list_loading() {
    let mut app = App::new(ctx());
    app.freeze_clock(now());
    let _ = app.start();
    for _ in 0..3 {
        app.update(Msg::Tick);
    }
    snap("case_list_loading", &mut app);
}

#[test]
fn case_list_error() {
    let mut app = App::new(ctx());
    app.freeze_clock(now());
    let cmds = app.start();
    let req = cmds
        .iter()
        .find_map(|c| match c {
            cases_tui::app::Cmd::Service(cases_tui::app::ServiceCmd::SearchCases {
                req, ..
            }) => Some(*req),
            _ => None,
        })
        .unwrap();
    app.update(Msg::CasesLoaded {
        req,
        result: Err(GatewayError::AccessDenied {
            message: "User is not authorized to perform: cases:SearchCases".into(),
            hint: None,
        }),
    });
    snap("case_list_error", &mut app);
}

#[test]
fn domain_picker() {
    let mut app = App::new(AppContext {
        endpoint_label: "profile default · us-east-1".into(),
        ..AppContext::for_tests()
    });
    let cmds = app.start();
    answer(&mut app, cmds);
    app.update(key('j'));
    snap("domain_picker", &mut app);
}

#[test]
fn case_view_fields() {
    snap("case_view_fields", &mut loaded_case());
}

#[test]
fn case_view_related() {
    let mut app = loaded_case();
    app.update(key('2'));
    app.update(key('j'));
    snap("case_view_related", &mut app);
}

#[test]
fn case_view_audit() {
    let mut app = loaded_case();
    app.update(key('3'));
    snap("case_view_audit", &mut app);
}

#[test]
fn related_detail_overlay() {
    let mut app = loaded_case();
    app.update(key('2'));
    app.update(code(KeyCode::Enter));
    snap("related_detail", &mut app);
}

#[test]
fn audit_expanded() {
    let mut app = loaded_case();
    timeline_from_oldest(&mut app);
    press(&mut app, key('j'));
    press(&mut app, code(KeyCode::Enter));
    snap("audit_expanded", &mut app);
}

#[test]
fn help_overlay() {
    let mut app = loaded_case();
    app.update(key('2'));
    app.update(key('?'));
    snap("help_related", &mut app);
    let mut app = loaded_list();
    app.update(key('?'));
    snap("help_case_list", &mut app);
}

#[test]
fn monochrome_draws_without_colour() {
    use ratatui::style::Color;
    let mut app = App::new(AppContext {
        theme: Theme::Monochrome,
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    terminal
        .draw(|f| {
            cases_tui::ui::draw(f, &app);
        })
        .unwrap();
    let buf = terminal.backend().buffer();
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    // The selection is still visible: marker and reversed row.
    assert!(render(&mut app, 120, 30).contains("▶ Refund not received"));
}

#[test]
fn audit_grouped_newest_first_with_search() {
    let mut app = loaded_case();
    // Newest first is how the timeline opens.
    press(&mut app, key('3'));
    press(&mut app, key('/'));
    typed(&mut app, "maria");
    press(&mut app, code(KeyCode::Enter));
    snap("audit_newest_first_search", &mut app);
}

#[test]
fn audit_filtered_title() {
    let mut app = loaded_case();
    timeline_from_oldest(&mut app);
    press(&mut app, key('f'));
    // Event type: RelatedItem.Updated; performer: maria.lopez; field: Internal notes.
    for _ in 0..4 {
        press(&mut app, key('l'));
    }
    press(&mut app, key('j'));
    press(&mut app, key('l'));
    press(&mut app, key('l'));
    press(&mut app, key('j'));
    press(&mut app, key('l'));
    press(&mut app, key('l'));
    press(&mut app, key('f'));
    snap("audit_filtered", &mut app);
}

#[test]
fn audit_filter_form() {
    let mut app = loaded_case();
    timeline_from_oldest(&mut app);
    press(&mut app, key('f'));
    press(&mut app, key('l'));
    press(&mut app, key('l'));
    press(&mut app, key('j'));
    press(&mut app, key('j'));
    press(&mut app, key('j'));
    press(&mut app, key('l'));
    snap("audit_filter_form", &mut app);
}

#[test]
fn audit_expanded_comment_diff() {
    let mut app = loaded_case();
    timeline_from_oldest(&mut app);
    press(&mut app, key('G'));
    press(&mut app, code(KeyCode::Enter));
    snap("audit_expanded_comment", &mut app);
}

#[test]
fn audit_expanded_comment_scrolled() {
    let mut app = loaded_case();
    timeline_from_oldest(&mut app);
    press(&mut app, key('G'));
    press(&mut app, code(KeyCode::Enter));
    for _ in 0..3 {
        press(&mut app, key('J'));
    }
    insta::assert_snapshot!(
        "audit_expanded_comment_scrolled_80x24",
        render(&mut app, 80, 24)
    );
}

#[test]
fn audit_local_time() {
    let mut app = loaded_case();
    app.fix_local_offset(chrono::FixedOffset::west_opt(5 * 3600).unwrap());
    timeline_from_oldest(&mut app);
    press(&mut app, key('t'));
    press(&mut app, key('t'));
    snap("audit_local_time", &mut app);
}

#[test]
fn fields_blame() {
    let mut app = loaded_case();
    press(&mut app, key('b'));
    snap("fields_blame", &mut app);
}

#[test]
fn related_detail_blame() {
    let mut app = loaded_case();
    press(&mut app, key('2'));
    press(&mut app, key('j'));
    press(&mut app, code(KeyCode::Enter));
    press(&mut app, key('b'));
    snap("related_detail_blame", &mut app);
}

#[test]
fn help_audit() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    press(&mut app, key('?'));
    snap("help_audit", &mut app);
}
