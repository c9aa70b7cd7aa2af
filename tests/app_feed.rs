//! The activity feed driven headlessly: `F`/`:feed`, filters, `Enter` into a case and back,
//! pausing and masking.

mod app_support;

use app_support::*;
use cases_tui::app::feed::{FeedFocus, FilterKey};
use cases_tui::app::{App, Pane, Screen};
use ratatui::crossterm::event::KeyCode;

fn feed_app() -> App {
    let mut app = loaded_list();
    press(&mut app, key('F'));
    app
}

#[test]
fn f_from_the_case_list_shows_activity_from_several_cases() {
    let mut app = feed_app();
    assert_eq!(app.screen, Screen::Feed);
    let screen = render(&mut app, 160, 40);
    println!("{screen}");
    assert!(screen.contains("Activity"), "{screen}");
    assert!(screen.contains("SLA radar"), "{screen}");
}
