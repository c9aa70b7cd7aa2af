//! The save flow: what the review asks for (send, send a merged text, unstage), the service's
//! answers to a check and a send, and delete with its answer. After a write the case is loaded
//! again (`Go::Reload`), so the timeline shows the change.

use super::{Overlay, READ_ONLY, Staging};
use crate::app::ctx::{Ctx, Go};
use crate::app::editing::{Review, ReviewOutcome};
use crate::app::{Cmd, JournalCmd, SaveError, ServiceCmd};
use crate::aws::GatewayError;
use crate::edit::{Check, Content};

/// Why a draft whose every conflict went to the other side is dropped unsent.
pub const NOTHING_TO_SEND: &str = "Nothing sent: every conflict was resolved as theirs, so the service already holds the result; the draft is dropped.";

impl Staging {
    pub(super) fn on_review(
        &mut self,
        mut review: Box<Review>,
        outcome: ReviewOutcome,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        match outcome {
            ReviewOutcome::Close => return Vec::new(),
            ReviewOutcome::Edit(key) => return self.edit_draft(review, &key, ctx),
            ReviewOutcome::Continue => {}
            ReviewOutcome::Send(key) => {
                if ctx.read_only {
                    review.set_failed(&key, READ_ONLY);
                } else if let Some(draft) = self.draft(&key) {
                    review.set_saving(&key);
                    cmds.push(Cmd::Service(ServiceCmd::CheckDraft(draft.clone())));
                }
            }
            ReviewOutcome::SendContent { key, content } => {
                if ctx.read_only {
                    review.set_failed(&key, READ_ONLY);
                } else if let Some(draft) = self.draft(&key) {
                    review.set_saving(&key);
                    cmds.push(Cmd::Service(ServiceCmd::SendDraft {
                        draft: draft.clone(),
                        content,
                    }));
                }
            }
            ReviewOutcome::NothingToSend(key) => {
                self.drop_draft(&key);
                cmds.push(Cmd::Journal(JournalCmd::Remove { key }));
                ctx.set_info(NOTHING_TO_SEND);
                if review.drafts().is_empty() {
                    return cmds;
                }
            }
            ReviewOutcome::Unstage(key) => {
                self.drop_draft(&key);
                cmds.push(Cmd::Journal(JournalCmd::Remove { key }));
                ctx.set_info("Unstaged; the change was discarded.");
                if review.drafts().is_empty() {
                    return cmds;
                }
            }
        }
        self.overlay = Some(Overlay::Review(review));
        cmds
    }

    pub(super) fn on_draft_checked(
        &mut self,
        key: String,
        result: Result<Check, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        match result {
            Ok(Check::Fresh(Content::CaseFields(fields))) if fields.is_empty() => {
                // Someone else already set every value the draft would: nothing to send.
                self.finish_draft(&key);
                ctx.set_info(
                    "Nothing sent: the case already holds every value you staged; the draft is dropped.",
                );
                vec![Cmd::Journal(JournalCmd::Remove { key })]
            }
            Ok(Check::Fresh(content)) => {
                let Some(draft) = self.draft(&key).cloned() else {
                    return Vec::new();
                };
                vec![Cmd::Service(ServiceCmd::SendDraft { draft, content })]
            }
            Ok(check) => {
                if let Some(r) = self.review_mut() {
                    r.set_check(&key, check);
                }
                Vec::new()
            }
            Err(e) => {
                let message = format!("{e} ({}). The change stays staged.", e.advice());
                match self.review_mut() {
                    Some(r) => r.set_failed(&key, message),
                    None => ctx.set_error("checking the item before saving", &e),
                }
                Vec::new()
            }
        }
    }

    /// A draft that is done (sent, or nothing left to send): out of staging and the review,
    /// and the review closed once it has nothing left.
    fn finish_draft(&mut self, key: &str) {
        self.drop_draft(key);
        let mut close = false;
        if let Some(r) = self.review_mut() {
            r.remove(key);
            close = r.drafts().is_empty();
        }
        if close {
            self.overlay = None;
        }
    }

    pub(super) fn on_draft_sent(
        &mut self,
        key: String,
        result: Result<String, SaveError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let created = self
            .draft(&key)
            .is_some_and(|d| matches!(d.base, crate::edit::Base::NewCase { .. }));
        let case_changed = created
            || self
                .draft(&key)
                .is_some_and(|d| matches!(d.base, crate::edit::Base::CaseFields { .. }));
        match result {
            Ok(id) => {
                // The case list shows the case's fields (or lacks the new case): it is stale now.
                self.list_stale |= case_changed;
                self.finish_draft(&key);
                if created {
                    self.overlay = None;
                    ctx.set_info(format!("Created case {id}; it is open now."));
                    ctx.go(Go::Case(id));
                } else {
                    ctx.set_info(
                        "Saved. The service holds the change; the audit timeline shows it.",
                    );
                    ctx.go(Go::Reload {
                        close_detail: false,
                    });
                }
                vec![Cmd::Journal(JournalCmd::Remove { key })]
            }
            Err(e) => {
                let message = match &e {
                    SaveError::Gateway(g) => {
                        format!("{g} ({}). The change stays staged.", g.advice())
                    }
                    other => format!("{other}. The change stays staged."),
                };
                match self.review_mut() {
                    Some(r) => r.set_failed(&key, message.clone()),
                    None => ctx.set_problem(message),
                }
                Vec::new()
            }
        }
    }

    pub(super) fn delete(
        &mut self,
        item_id: String,
        case_id: Option<&str>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let (Some(domain_id), Some(case_id)) = (ctx.domain_id, case_id) else {
            return Vec::new();
        };
        let (domain_id, case_id) = (domain_id.to_string(), case_id.to_string());
        ctx.set_info("Deleting…");
        vec![Cmd::Service(ServiceCmd::DeleteItem {
            domain_id,
            case_id,
            item_id,
        })]
    }

    pub(super) fn on_item_deleted(
        &mut self,
        item_id: String,
        result: Result<(), GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        match result {
            Ok(()) => {
                ctx.set_info(format!("Deleted {item_id}."));
                // The item shown in detail is gone.
                ctx.go(Go::Reload { close_detail: true });
                Vec::new()
            }
            Err(e) => {
                ctx.set_error(&format!("deleting {item_id}"), &e);
                Vec::new()
            }
        }
    }
}
