//! The feed as a screen of the app: opening it, its ticks, `Enter` into a case and `Esc` back.

use super::{Feed, Opened};
use crate::app::case_view::Pane;
use crate::app::{App, Cmd, Screen};

impl App {
    /// `:feed` / `F`: the feed of the domain in use (kept while it is the same domain).
    pub(crate) fn open_feed(&mut self) -> Vec<Cmd> {
        let Some(domain_id) = self.domain.id.clone() else {
            self.set_problem(
                "Pick a domain first (:domain ID): the feed shows one domain's activity.",
            );
            return Vec::new();
        };
        // Opened from a case: that case, its trail and where it was left come back on `Esc`.
        self.feed_from = match (self.screen, self.case.take()) {
            (Screen::Case, Some(cv)) => Some((cv, std::mem::take(&mut self.trail))),
            _ => None,
        };
        self.screen = Screen::Feed;
        self.case = None;
        self.trail.clear();
        let mut ctx = ctx!(self);
        match self.feed.as_mut() {
            Some(feed) if feed.domain_id == domain_id => {
                feed.opened = None;
                feed.refresh(false, &mut ctx)
            }
            _ => {
                let mut feed = Feed::new(domain_id, self.ctx.feed_refresh_seconds, self.ctx.time);
                feed.radar.reload_ticks = self.ctx.radar_reload_seconds.max(1) * 10;
                let cmds = feed.reload(&mut ctx);
                self.feed = Some(feed);
                cmds
            }
        }
    }

    /// Whatever covers the feed: help, the input line, an editing overlay.
    pub(crate) fn feed_covered(&self) -> bool {
        self.help_open || self.input.is_some() || self.staging.overlay.is_some()
    }

    /// A tick: the feed refreshes on its own while on show and uncovered.
    pub(crate) fn feed_tick(&mut self) -> Vec<Cmd> {
        if self.screen != Screen::Feed {
            return Vec::new();
        }
        let covered = self.feed_covered();
        let mut ctx = ctx!(self);
        match self.feed.as_mut() {
            Some(feed) => feed.tick(covered, &mut ctx),
            None => Vec::new(),
        }
    }

    /// An action on the feed screen; `Enter` opens the case at the row.
    pub(crate) fn feed_act(&mut self, action: crate::app::Action) -> Vec<Cmd> {
        let mut ctx = ctx!(self);
        let Some(feed) = self.feed.as_mut() else {
            return Vec::new();
        };
        let was = feed.opened.clone();
        let mut cmds = feed.handle(action, &mut ctx);
        cmds.extend(feed.want_changes(&mut ctx));
        let go = ctx.go.take();
        let mut cmds = self.follow(go, cmds);
        let opened = self.feed.as_ref().and_then(|f| f.opened.clone());
        if let Some(Opened { case_id, item_id }) = opened.filter(|o| Some(o) != was.as_ref()) {
            cmds.extend(self.open_case(case_id));
            if let Some(cv) = self.case.as_mut() {
                cv.focus = if item_id.is_some() {
                    Pane::Related
                } else {
                    Pane::Audit
                };
            }
        }
        cmds
    }

    /// `Esc`/`Backspace` in a case opened from the feed, with nothing else to close or go back
    /// to: the feed, as it was.
    pub(crate) fn back_to_feed(&mut self) -> bool {
        let from_feed = self.feed.as_ref().is_some_and(|f| {
            f.opened
                .as_ref()
                .is_some_and(|o| self.case.as_ref().is_some_and(|cv| cv.case_id == o.case_id))
        });
        if self.screen != Screen::Case || !self.trail.is_empty() || !from_feed {
            return false;
        }
        self.case = None;
        self.screen = Screen::Feed;
        if let Some(feed) = self.feed.as_mut() {
            // The pane it was opened from keeps the focus (the activity or the SLA radar).
            feed.opened = None;
        }
        true
    }

    /// `Esc`/`Backspace` on the feed opened from a case view: that case, as it was left (its
    /// trail, selection and focus); answers dropped while it was away are asked for again.
    pub(crate) fn back_from_feed(&mut self) -> Option<Vec<Cmd>> {
        if self.screen != Screen::Feed {
            return None;
        }
        let (cv, trail) = self.feed_from.take()?;
        self.trail = trail;
        Some(self.resume_case(cv))
    }

    /// After `Enter` on an item row: select the item in the related pane once it is loaded.
    pub(crate) fn settle_feed_target(&mut self) -> Vec<Cmd> {
        let Some((case_id, item_id)) = self
            .feed
            .as_ref()
            .and_then(|f| f.opened.as_ref())
            .and_then(|o| Some((o.case_id.clone(), o.item_id.clone()?)))
        else {
            return Vec::new();
        };
        if self.screen != Screen::Case {
            return Vec::new();
        }
        let catalog = &self.domain.catalog;
        let Some(cv) = self.case.as_mut().filter(|cv| cv.case_id == case_id) else {
            return Vec::new();
        };
        if cv.related.list.is_loading() || !cv.related.list.loaded {
            return Vec::new();
        }
        let visible = cv.related.visible(catalog);
        let found = visible
            .iter()
            .position(|&i| cv.related.list.items[i].id == item_id);
        let done = |app: &mut App| {
            if let Some(o) = app.feed.as_mut().and_then(|f| f.opened.as_mut()) {
                o.item_id = None;
            }
        };
        match found {
            Some(pos) => {
                cv.related.list.cursor.selected = pos;
                done(self);
                Vec::new()
            }
            None if cv.related.list.next_token.is_some() => {
                let case_id = cv.case_id.clone();
                let mut ctx = ctx!(self);
                match self.case.as_mut() {
                    Some(cv) => cv.related.page(true, &case_id, &mut ctx),
                    None => Vec::new(),
                }
            }
            None => {
                done(self);
                self.set_info(
                    "That item is no longer on the case (deleted since the feed read it).",
                );
                Vec::new()
            }
        }
    }
}
