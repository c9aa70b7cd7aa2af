//! Help that tells the truth, driven headlessly: the `?` overlay scrolls and fits small
//! terminals, read-only marks the keys that would change something, the review of a read-only
//! session does not offer to send, `:region` keeps the chosen domain, and masking shows in the
//! header for as long as it is on.

mod app_support;

use app_support::*;
use cases_tui::app::staging::Overlay;
use cases_tui::app::{App, AppContext, Cmd, Msg, Screen, SessionCmd};
use cases_tui::model::RelatedItemType;
use ratatui::crossterm::event::KeyCode;

fn read_only_case() -> App {
    let mut app = App::new(AppContext {
        read_only: true,
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    press(&mut app, code(KeyCode::Enter));
    app
}

#[test]
fn the_help_overlay_scrolls_to_its_last_key_when_it_does_not_fit() {
    let mut app = loaded_case();
    press(&mut app, key('3'));
    press(&mut app, key('?'));
    let first = render(&mut app, 80, 16);
    assert!(first.contains("1–14 of"), "a scroll position:\n{first}");
    assert!(
        !first.contains("refresh"),
        "the last rows are below:\n{first}"
    );
    press(&mut app, key('G'));
    let last = render(&mut app, 80, 16);
    assert!(last.contains("refresh"), "G reaches the last rows:\n{last}");
    assert!(!last.contains("1–14 of"), "{last}");
    press(&mut app, key('k'));
    press(&mut app, key('g'));
    assert_eq!(render(&mut app, 80, 16), first, "g returns to the top");
    // Scrolling does not leak to the pane under the overlay, and Esc still closes.
    press(&mut app, code(KeyCode::Esc));
    assert!(!app.help_open);
}

#[test]
fn the_help_overlay_draws_in_small_terminals() {
    let mut app = loaded_case();
    press(&mut app, key('?'));
    for (w, h) in [(80, 24), (60, 16), (40, 10), (20, 5), (1, 1)] {
        let screen = render(&mut app, w, h);
        if h >= 10 {
            assert!(screen.contains("Keys"), "{w}x{h}:\n{screen}");
        }
    }
}

#[test]
fn read_only_help_marks_edit_keys_unavailable() {
    let mut app = read_only_case();
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('?'));
    let rows: Vec<_> = app.help_rows().into_iter().flat_map(|(_, r)| r).collect();
    for desc in ["edit", "add a comment", "delete the item"] {
        let row = rows
            .iter()
            .find(|r| r.description.starts_with(desc))
            .unwrap_or_else(|| panic!("no {desc} row"));
        assert!(row.unavailable, "{desc} offered in read-only");
    }
    assert!(
        rows.iter()
            .filter(|r| !r.description.starts_with("edit")
                && !r.description.starts_with("add a comment")
                && !r.description.starts_with("delete"))
            .all(|r| !r.unavailable),
        "only keys that write are marked"
    );
    let screen = render(&mut app, 160, 45);
    assert!(screen.contains("(unavailable: read-only)"), "{screen}");

    // A read-write session marks nothing.
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('?'));
    assert!(
        app.help_rows()
            .iter()
            .flat_map(|(_, r)| r)
            .all(|r| !r.unavailable)
    );
}

#[test]
fn the_review_of_a_read_only_session_does_not_offer_send() {
    // A draft staged earlier (restored from the journal), reviewed in a read-only session.
    let mut app = loaded_case();
    select_related(&mut app, RelatedItemType::Comment);
    press(&mut app, key('e'));
    press(&mut app, key('!'));
    press(&mut app, code(KeyCode::Esc));
    assert_eq!(app.staging.staged_count(), 1);
    let drafts = app.staging.drafts().to_vec();

    let mut ro = read_only_case();
    ro.restore_drafts(drafts);
    press(&mut ro, key('s'));
    assert!(matches!(ro.staging.overlay, Some(Overlay::Review(_))));
    let screen = render(&mut ro, 120, 30);
    assert!(!screen.contains("y send"), "{screen}");
    assert!(screen.contains("unstage"), "the other keys stay: {screen}");

    press(&mut app, key('s'));
    let screen = render(&mut app, 120, 30);
    assert!(screen.contains("y send"), "read-write offers it: {screen}");
}

#[test]
fn region_keeps_the_chosen_domain_even_one_that_failed() {
    let mut app = loaded_list();
    for c in ":domain nope\r".chars() {
        let cmds = app.update(if c == '\r' {
            code(KeyCode::Enter)
        } else {
            key(c)
        });
        // The fields of `nope` are not found; the rest answers as usual.
        drop(cmds);
    }
    assert_eq!(app.domain.id.as_deref(), Some("nope"));
    let mut cmds = Vec::new();
    for c in ":region eu-west-2".chars() {
        cmds = app.update(key(c));
    }
    cmds.extend(app.update(code(KeyCode::Enter)));
    assert!(
        cmds.iter().any(|c| matches!(
            c,
            Cmd::Session(SessionCmd::Reconnect { region: Some(r), .. }) if r == "eu-west-2"
        )),
        "{cmds:?}"
    );
    let cmds = app.update(Msg::Reconnected(Ok("profile default · eu-west-2".into())));
    assert_eq!(app.domain.id.as_deref(), Some("nope"), "the chosen domain");
    assert_eq!(app.screen, Screen::Cases);
    drop(cmds);
    // One domain in the new region: it is listed, never opened in place of the chosen one.
    app.update(Msg::DomainsLoaded(Ok(domains()[..1].to_vec())));
    assert_eq!(app.domain.id.as_deref(), Some("nope"));
}

#[test]
fn the_header_says_masked_while_masking_is_on() {
    let mut app = loaded_list();
    let header = |app: &mut App| render(app, 120, 10).lines().next().unwrap().to_string();
    assert!(!header(&mut app).contains("[masked]"));
    press(&mut app, key('m'));
    assert!(header(&mut app).contains("[masked]"));
    press(&mut app, key('m'));
    assert!(!header(&mut app).contains("[masked]"));
}
