//! The back stack of linked cases: `Enter` on a ConnectCase item opens the linked case and keeps
//! the case on show (its panes, cursors and loaded pages) to come back to with `Backspace` or
//! `Esc`; the header shows the way back as a short trail.

use std::collections::HashMap;

use super::{App, CaseView, Cmd, Screen};
use crate::model::{FieldValue, RelatedContent};

/// How many cases the trail keeps; following links further forgets the oldest.
pub const TRAIL_MAX: usize = 20;

impl App {
    /// Opens the linked case `case_id`, keeping the case on show to come back to.
    pub(super) fn follow_link(&mut self, case_id: String) -> Vec<Cmd> {
        let mut trail = std::mem::take(&mut self.trail);
        let from = self.case.take();
        if from.as_ref().is_some_and(|cv| cv.case_id == case_id) {
            // A case linked to itself: it is on show already.
            self.case = from;
            self.trail = trail;
            self.set_info("That link points at this case.");
            return Vec::new();
        }
        trail.extend(from);
        if trail.len() > TRAIL_MAX {
            trail.remove(0);
        }
        let cmds = self.open_case(case_id);
        self.trail = trail;
        cmds
    }

    /// `Backspace` (and `Esc` with nothing else to close): back to the case a link was followed
    /// from. `None` when the trail is empty.
    pub(super) fn previous_case(&mut self) -> Option<Vec<Cmd>> {
        let cv = self.trail.pop()?;
        Some(self.resume_case(cv))
    }

    /// Shows `cv`, a case view set aside (on the trail, or while the feed was open), as it was
    /// left. Answers that arrived while it was away were dropped: ask again.
    pub(crate) fn resume_case(&mut self, mut cv: CaseView) -> Vec<Cmd> {
        self.screen = Screen::Case;
        let mut ctx = ctx!(self);
        let cmds = if cv.is_loading() {
            cv.load(&mut ctx)
        } else {
            cv.links.retry_failed();
            cv.links.request(&cv.related.list.items, &mut ctx)
        };
        self.case = Some(cv);
        cmds
    }

    /// The titles of every case the app has loaded, by id: the case list's rows, the open case,
    /// the cases on the trail and the cases they link to.
    pub fn case_titles(&self) -> HashMap<String, String> {
        let mut titles = HashMap::new();
        for case in &self.cases.list.items {
            if let Some(FieldValue::String(t)) = case.field("title")
                && !t.trim().is_empty()
            {
                titles.insert(case.id.clone(), t.clone());
            }
        }
        for cv in self.trail.iter().chain(self.case.as_ref()) {
            for item in &cv.related.list.items {
                if let RelatedContent::ConnectCase { case_id } = &item.content
                    && let Some(t) = cv.links.known_title(case_id)
                {
                    titles.insert(case_id.clone(), t.to_string());
                }
            }
            if let Some(t) = cv.title() {
                titles.insert(cv.case_id.clone(), t);
            }
        }
        if let Some(feed) = &self.feed {
            for (id, t) in feed.radar.known_titles() {
                titles
                    .entry(id.to_string())
                    .or_insert_with(|| t.to_string());
            }
        }
        titles
    }

    /// The way back, oldest first, for the header: each case's title (or id), then the case on
    /// show.
    pub fn trail_labels(&self) -> Vec<String> {
        if self.screen != Screen::Case || self.trail.is_empty() {
            return Vec::new();
        }
        self.trail
            .iter()
            .chain(self.case.as_ref())
            .map(|cv: &CaseView| cv.title().unwrap_or_else(|| cv.case_id.clone()))
            .collect()
    }
}
