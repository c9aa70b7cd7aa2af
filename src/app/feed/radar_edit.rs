//! The SLA radar's edits, which need the app: `e` opens staging's SLA target editor on the
//! selected SLA (staged and reviewed like any edit), and a saved write loads the radar again.

use super::FeedFocus;
use crate::app::{App, Cmd, Screen};

impl App {
    /// The feed is on show with the radar pane focused and no picker over it.
    pub(crate) fn radar_focused(&self) -> bool {
        self.screen == Screen::Feed
            && self
                .feed
                .as_ref()
                .is_some_and(|f| f.focus == FeedFocus::Radar && f.picker.is_none())
    }

    /// `e` on a radar row: the SLA target editor, as `e` on an SLA in the related-items pane.
    pub(crate) fn radar_edit(&mut self) -> Vec<Cmd> {
        let Some(row) = self.feed.as_ref().and_then(|f| f.radar.selected().cloned()) else {
            self.set_info("No SLA selected: the radar lists the domain's open SLAs.");
            return Vec::new();
        };
        // The review groups drafts by case, under the case's title when it is known.
        self.staging.case_titles = self.case_titles();
        let mut ctx = ctx!(self);
        self.staging.edit_sla_of(&row.case_id, row.item, &mut ctx)
    }

    /// After a saved write: the radar loads again (a target may have moved), if the feed is kept.
    pub(crate) fn radar_after_write(&mut self) -> Vec<Cmd> {
        let mut ctx = ctx!(self);
        match self.feed.as_mut() {
            Some(feed) => feed.reload_radar(&mut ctx),
            None => Vec::new(),
        }
    }
}
