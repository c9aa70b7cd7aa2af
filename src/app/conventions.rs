//! What users of k9s, lazygit and gitui expect: `y` copies, `m` masks, and `:profile`/`:region`
//! switch the connection without a restart.

use super::case_view::{Pane, field_value_text};
use super::feed::FeedFocus;
use super::{App, Cmd, Screen, SessionCmd, TerminalCmd};
use crate::model::RelatedContent;

impl App {
    /// `y`: copy what is selected: the domain or case id, the related item's id (its ARN for
    /// files and contacts), the audit event's id or the selected field's value.
    pub(super) fn yank(&mut self) -> Vec<Cmd> {
        let Some((what, text)) = self.yank_target() else {
            self.set_info("Nothing selected to copy.");
            return Vec::new();
        };
        self.set_info(format!("copied {what} {text}"));
        vec![Cmd::Terminal(TerminalCmd::Yank(text))]
    }

    fn yank_target(&self) -> Option<(String, String)> {
        match self.screen {
            Screen::Domains => {
                let d = self.domains.selected()?;
                Some(("domain id".into(), d.id.clone()))
            }
            Screen::Cases => {
                let c = self.cases.selected()?;
                Some(("case id".into(), c.id.clone()))
            }
            Screen::Feed => {
                // The focused pane's row: the case `Enter` would open.
                let feed = self.feed.as_ref()?;
                let case_id = match feed.focus {
                    FeedFocus::Activity => &feed.activity.selected()?.case_id,
                    FeedFocus::Radar => &feed.radar.selected()?.case_id,
                };
                Some(("case id".into(), case_id.clone()))
            }
            Screen::Case => {
                let cv = self.case.as_ref()?;
                if cv.related.detail.is_some() {
                    return cv.detail_item().map(item_target);
                }
                if let Some(viewer) = &cv.fields.viewer {
                    let catalog = &self.domain.catalog;
                    let text = field_value_text(cv.case.as_ref(), catalog, &viewer.field_id);
                    if text.empty {
                        return None;
                    }
                    let what = format!(
                        "the whole value of {} ({} characters):",
                        text.name,
                        text.shown.chars().count()
                    );
                    return Some((what, text.shown));
                }
                match cv.focus {
                    Pane::Fields => {
                        let rows = cv.field_rows(&self.domain.catalog);
                        let row = rows.get(cv.fields.cursor.selected)?;
                        if row.empty {
                            return None;
                        }
                        Some((row.name.clone(), row.value.clone()))
                    }
                    Pane::Related => cv.selected_related(&self.domain.catalog).map(item_target),
                    Pane::Audit => {
                        let e = cv.selected_audit(self.now())?;
                        Some(("audit event id".into(), e.id.clone()))
                    }
                }
            }
        }
    }

    /// `m`: mask personal data on screen, or show it again.
    pub(super) fn toggle_masking(&mut self) {
        self.masking = !self.masking;
        self.set_info(if self.masking {
            "Masking e-mail addresses, phone numbers and customer ids (m shows them)."
        } else {
            "Showing personal data unmasked (m masks it)."
        });
    }

    /// `:profile P` / `:region R`: a new client for the rest of the session.
    pub(super) fn reconnect(
        &mut self,
        profile: Option<String>,
        region: Option<String>,
    ) -> Vec<Cmd> {
        let what = match (&profile, &region) {
            (Some(p), _) => format!("profile {p}"),
            (_, Some(r)) => format!("region {r}"),
            _ => return Vec::new(),
        };
        self.set_info(format!("Connecting with {what}…"));
        // A region switch keeps the domain chosen (even one that failed to load): landing in
        // another domain unasked would be a guess shown as a choice.
        self.keep_domain = region.as_ref().and(self.domain.id.clone());
        self.domains.list.begin_unnumbered();
        vec![Cmd::Session(SessionCmd::Reconnect { profile, region })]
    }

    /// The new client is in use: domains belong to an account and region, so start over at the
    /// domain picker.
    pub(super) fn on_reconnected(&mut self, result: Result<String, String>) -> Vec<Cmd> {
        match result {
            Ok(label) => {
                self.ctx.endpoint_label = label.clone();
                self.domain = Default::default();
                self.case = None;
                self.feed = None;
                self.cases = Default::default();
                self.domains = Default::default();
                self.screen = Screen::Domains;
                self.set_info(format!("Now using {label}."));
                match self.keep_domain.take() {
                    Some(id) => {
                        let mut cmds = self.enter_domain(id);
                        cmds.extend(self.domains.load());
                        cmds
                    }
                    None => self.domains.load(),
                }
            }
            Err(why) => {
                self.keep_domain = None;
                self.domains.list.pending = None;
                self.set_problem(format!("{why}. Still using {}.", self.ctx.endpoint_label));
                Vec::new()
            }
        }
    }
}

fn item_target(item: &crate::model::RelatedItem) -> (String, String) {
    match &item.content {
        RelatedContent::File { file_arn } => ("file ARN".into(), file_arn.clone()),
        RelatedContent::Contact { contact_arn, .. } => ("contact ARN".into(), contact_arn.clone()),
        RelatedContent::ConnectCase { case_id } => ("linked case id".into(), case_id.clone()),
        _ => ("related item id".into(), item.id.clone()),
    }
}
