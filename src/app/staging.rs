//! Staging edits in the app: opening the editors on the selected item, keeping every draft (and
//! asking for its journal write) the moment it changes, the review and its save flow, and delete.
//!
//! Drafts live in `App::drafts` until the service confirmed the save or the user discarded them;
//! every change to one is followed by `Cmd::Journal(JournalCmd::Save)`, so the journal on disk always holds
//! what the user staged.

use ratatui::crossterm::event::KeyEvent;

use super::case_view::Pane;
use super::editing::{
    CommentEditor, Confirm, ConfirmOutcome, EditorOutcome, FieldEditor, Review, ReviewOutcome,
    SharedKeys, is_press,
};
use super::keymap::{Action, Scope};
use super::{App, Cmd, JournalCmd, SaveError, Screen, ServiceCmd, TerminalCmd};
use crate::aws::GatewayError;
use crate::edit::{Base, Check, Draft, StagedOp};
use crate::model::{RelatedContent, RelatedItem, RelatedItemType};

/// An editing overlay: at most one is open, and it takes every key.
#[derive(Debug)]
pub enum Overlay {
    /// A comment body; `key` is the draft it stages into (`None`: a new comment).
    Comment {
        editor: Box<CommentEditor>,
        key: Option<String>,
        item: Option<RelatedItem>,
    },
    Fields(Box<FieldEditor>),
    Review(Box<Review>),
    /// Delete this item?
    ConfirmDelete {
        confirm: Confirm,
        item_id: String,
    },
}

impl Overlay {
    /// The scope of the key table the overlay's keys are in now (its mode's), for the help
    /// overlay.
    pub fn scope(&self) -> Scope {
        match self {
            Self::Comment { editor, .. } => editor.scope(),
            Self::Fields(editor) => editor.scope(),
            Self::Review(review) => review.scope(),
            Self::ConfirmDelete { confirm, .. } => confirm.scope(),
        }
    }
}

/// Why an edit key does nothing in read-only mode.
pub const READ_ONLY: &str =
    "read-only: this session cannot change anything (restart without --read-only to edit)";

impl App {
    /// Drafts found in the journal at start: staged again, shown in the header and the review.
    pub fn restore_drafts(&mut self, drafts: Vec<Draft>) {
        let n = drafts.len();
        for d in drafts {
            self.upsert_draft(d);
        }
        if n > 0 {
            self.set_info(format!(
                "Restored {n} staged change{} from the journal; press s to review.",
                if n == 1 { "" } else { "s" }
            ));
        }
    }

    /// Every staged draft.
    pub fn drafts(&self) -> &[Draft] {
        &self.drafts
    }

    fn upsert_draft(&mut self, draft: Draft) {
        match self.drafts.iter_mut().find(|d| d.key == draft.key) {
            Some(d) => *d = draft,
            None => self.drafts.push(draft),
        }
        self.staged_count = self.drafts.len();
    }

    fn drop_draft(&mut self, key: &str) {
        self.drafts.retain(|d| d.key != key);
        self.staged_count = self.drafts.len();
    }

    /// Keeps a draft that changes something (and journals it); forgets one that changes nothing.
    fn stage(&mut self, draft: Draft) -> Vec<Cmd> {
        if draft.is_noop() {
            let key = draft.key.clone();
            let known = self.drafts.iter().any(|d| d.key == key);
            self.drop_draft(&key);
            return if known {
                vec![Cmd::Journal(JournalCmd::Remove { key })]
            } else {
                Vec::new()
            };
        }
        self.upsert_draft(draft.clone());
        vec![Cmd::Journal(JournalCmd::Save(draft))]
    }

    pub(super) fn overlay_open(&self) -> bool {
        self.overlay.is_some()
    }

    fn related_in_focus(&self) -> Option<&RelatedItem> {
        let cv = self.case.as_ref().filter(|_| self.screen == Screen::Case)?;
        if cv.focus != Pane::Related {
            return None;
        }
        match &cv.related.detail {
            Some(_) => cv.detail_item(),
            None => cv.selected_related(&self.catalog),
        }
    }

    /// `e`: the comment editor or the custom-field editor on the selected item.
    pub(super) fn edit_selected(&mut self) -> Vec<Cmd> {
        if self.ctx.read_only {
            self.set_info(READ_ONLY);
            return Vec::new();
        }
        let Some(domain_id) = self.domain_id.clone() else {
            return Vec::new();
        };
        let Some(item) = self.related_in_focus().cloned() else {
            self.set_info("Select a comment or custom item in the related-items pane (2) first.");
            return Vec::new();
        };
        let case_id = self
            .case
            .as_ref()
            .map(|c| c.case_id.clone())
            .unwrap_or_default();
        let key = format!("{domain_id}/{case_id}/{}", item.id);
        let existing = self.drafts.iter().find(|d| d.key == key).cloned();
        match &item.content {
            RelatedContent::Comment { body, .. } => {
                let current = match existing.as_ref().map(Draft::content) {
                    Some(crate::edit::Content::Comment(b)) => b,
                    _ => body.clone(),
                };
                self.overlay = Some(Overlay::Comment {
                    editor: Box::new(CommentEditor::open(&current, self.shared_keys())),
                    key: Some(key),
                    item: Some(item),
                });
                Vec::new()
            }
            RelatedContent::Custom { fields } => {
                let draft = existing.unwrap_or_else(|| {
                    Draft::for_item(
                        &domain_id,
                        &case_id,
                        &item.id,
                        RelatedItemType::Custom,
                        Base::Custom {
                            fields: fields.clone(),
                        },
                    )
                });
                let editor = FieldEditor::new(
                    draft,
                    self.catalog.fields.clone(),
                    self.catalog.options.clone(),
                    self.shared_keys(),
                );
                let cmds = editor
                    .missing_options()
                    .into_iter()
                    .map(|field_id| {
                        Cmd::Service(ServiceCmd::LoadFieldOptions {
                            domain_id: domain_id.clone(),
                            field_id,
                        })
                    })
                    .collect();
                self.overlay = Some(Overlay::Fields(Box::new(editor)));
                cmds
            }
            _ => {
                self.set_info(format!(
                    "{} items cannot be edited; only comments and custom items can.",
                    item.item_type.as_str()
                ));
                Vec::new()
            }
        }
    }

    /// `a`: a new comment on the open case.
    pub(super) fn add_comment(&mut self) -> Vec<Cmd> {
        if self.ctx.read_only {
            self.set_info(READ_ONLY);
            return Vec::new();
        }
        if self.case.is_none() || self.screen != Screen::Case {
            return Vec::new();
        }
        self.overlay = Some(Overlay::Comment {
            editor: Box::new(CommentEditor::new_comment(self.shared_keys())),
            key: None,
            item: None,
        });
        Vec::new()
    }

    /// `d`: asks before deleting the selected item.
    pub(super) fn ask_delete(&mut self) -> Vec<Cmd> {
        if self.ctx.read_only {
            self.set_info(READ_ONLY);
            return Vec::new();
        }
        let Some(item) = self.related_in_focus() else {
            return Vec::new();
        };
        let question = format!("Delete this {} item?", item.item_type.as_str());
        let confirm = Confirm::new(question, self.shared_keys()).with_detail(format!(
            "{} · the service keeps a RelatedItem.Deleted audit event; this cannot be undone",
            item.id
        ));
        self.overlay = Some(Overlay::ConfirmDelete {
            confirm,
            item_id: item.id.clone(),
        });
        Vec::new()
    }

    /// `s`: the review of every staged change (of the open case, when one is open).
    pub(super) fn open_review(&mut self) -> Vec<Cmd> {
        let case_id = self
            .case
            .as_ref()
            .filter(|_| self.screen == Screen::Case)
            .map(|c| c.case_id.clone());
        let drafts: Vec<Draft> = self
            .drafts
            .iter()
            .filter(|d| case_id.as_ref().is_none_or(|c| &d.case_id == c))
            .cloned()
            .collect();
        if drafts.is_empty() {
            self.set_info(if self.drafts.is_empty() {
                "Nothing is staged. Edit a comment or custom item with e, or add a comment with a."
            } else {
                "Nothing is staged on this case; Esc to the case list and press s to see every staged change."
            });
            return Vec::new();
        }
        let mut review = Review::new(drafts, self.catalog.fields.clone(), self.shared_keys());
        review.set_options(self.catalog.options.clone());
        self.overlay = Some(Overlay::Review(Box::new(review)));
        Vec::new()
    }

    pub(super) fn paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::Comment { editor, .. }) => editor.paste(text),
            Some(Overlay::Fields(editor)) => editor.paste(text),
            _ => {}
        }
    }

    /// The external editor finished: its text is staged as `Esc` would stage it; a failed or
    /// missing editor keeps the editor open on the old text and says why.
    pub(super) fn external_editor_done(&mut self, result: Result<String, String>) -> Vec<Cmd> {
        let Some(Overlay::Comment {
            mut editor,
            key,
            item,
        }) = self.overlay.take()
        else {
            return Vec::new();
        };
        let text = match result {
            Ok(text) => text,
            Err(why) => {
                self.overlay = Some(Overlay::Comment { editor, key, item });
                self.set_problem(format!("{why}; the comment keeps its old text."));
                return Vec::new();
            }
        };
        // Editors end files with a newline; the comment did not have one.
        editor.replace_body(text.strip_suffix('\n').unwrap_or(&text));
        match editor.finish() {
            EditorOutcome::Stage(body) => {
                let cmds = self.stage_comment(key, item, body);
                if self.status.is_none() {
                    self.set_info("Staged the comment from the editor; s reviews it.");
                }
                cmds
            }
            _ => {
                self.set_info("The editor changed nothing; nothing staged.");
                Vec::new()
            }
        }
    }

    /// The key table for an overlay opening now.
    fn shared_keys(&self) -> SharedKeys {
        SharedKeys::new(self.keys().clone())
    }

    /// Every key while an overlay is open: the overlay matches it against its scope of the key
    /// table; the App acts on what it answers. `help` in the overlay's scope opens the help
    /// overlay on that scope; while help is open, only `help` or `back` (closing it) count.
    pub(super) fn overlay_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Some(overlay) = self.overlay.take() else {
            return Vec::new();
        };
        let scope = overlay.scope();
        let command = self.keys().command(scope, &key);
        if self.help_open {
            let global = self.keys().action(&[Scope::Global], &key);
            if command == Some(Action::Help) || matches!(global, Some(Action::Help | Action::Back))
            {
                self.help_open = false;
            }
            self.overlay = Some(overlay);
            return Vec::new();
        }
        if command == Some(Action::Help) && is_press(&key) {
            self.help_open = true;
            self.overlay = Some(overlay);
            return Vec::new();
        }
        match overlay {
            Overlay::Comment {
                mut editor,
                key: draft_key,
                item,
            } => match editor.handle_key(key) {
                EditorOutcome::Stage(body) => self.stage_comment(draft_key, item, body),
                EditorOutcome::Unchanged | EditorOutcome::Cancel | EditorOutcome::Close => {
                    Vec::new()
                }
                outcome => {
                    self.overlay = Some(Overlay::Comment {
                        editor,
                        key: draft_key,
                        item,
                    });
                    match outcome {
                        EditorOutcome::External(text) => {
                            vec![Cmd::Terminal(TerminalCmd::ExternalEditor { text })]
                        }
                        _ => Vec::new(),
                    }
                }
            },
            Overlay::Fields(mut editor) => match editor.handle_key(key) {
                EditorOutcome::Staged => {
                    let draft = editor.draft().clone();
                    self.overlay = Some(Overlay::Fields(editor));
                    self.stage(draft)
                }
                EditorOutcome::Close | EditorOutcome::Cancel | EditorOutcome::Unchanged => {
                    self.stage(editor.into_draft())
                }
                _ => {
                    self.overlay = Some(Overlay::Fields(editor));
                    Vec::new()
                }
            },
            Overlay::Review(mut review) => {
                let outcome = review.handle_key(key);
                self.on_review(review, outcome)
            }
            Overlay::ConfirmDelete { confirm, item_id } => match confirm.handle_key(key) {
                ConfirmOutcome::Yes => self.delete(item_id),
                ConfirmOutcome::No => Vec::new(),
                ConfirmOutcome::Pending => {
                    self.overlay = Some(Overlay::ConfirmDelete { confirm, item_id });
                    Vec::new()
                }
            },
        }
    }

    fn stage_comment(
        &mut self,
        key: Option<String>,
        item: Option<RelatedItem>,
        body: String,
    ) -> Vec<Cmd> {
        let (Some(domain_id), Some(case_id)) = (
            self.domain_id.clone(),
            self.case.as_ref().map(|c| c.case_id.clone()),
        ) else {
            return Vec::new();
        };
        let draft = match (key, item) {
            (Some(key), Some(item)) => {
                let mut draft = self
                    .drafts
                    .iter()
                    .find(|d| d.key == key)
                    .cloned()
                    .unwrap_or_else(|| {
                        let base = match &item.content {
                            RelatedContent::Comment { body, .. } => body.clone(),
                            _ => String::new(),
                        };
                        Draft::for_item(
                            &domain_id,
                            &case_id,
                            &item.id,
                            RelatedItemType::Comment,
                            Base::Comment { body: base },
                        )
                    });
                draft.push(StagedOp::SetBody { body });
                draft
            }
            _ => Draft::new_comment(&domain_id, &case_id, body),
        };
        let cmds = self.stage(draft);
        if !cmds.is_empty() {
            self.set_info(format!(
                "Staged. {} change{} waiting; s reviews and sends.",
                self.staged_count,
                if self.staged_count == 1 { "" } else { "s" }
            ));
        }
        cmds
    }

    fn on_review(&mut self, mut review: Box<Review>, outcome: ReviewOutcome) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        match outcome {
            ReviewOutcome::Close => return Vec::new(),
            ReviewOutcome::Continue => {}
            ReviewOutcome::Send(key) => {
                if self.ctx.read_only {
                    review.set_failed(&key, READ_ONLY);
                } else if let Some(draft) = self.drafts.iter().find(|d| d.key == key) {
                    review.set_saving(&key);
                    cmds.push(Cmd::Service(ServiceCmd::CheckDraft(draft.clone())));
                }
            }
            ReviewOutcome::SendContent { key, content } => {
                if self.ctx.read_only {
                    review.set_failed(&key, READ_ONLY);
                } else if let Some(draft) = self.drafts.iter().find(|d| d.key == key) {
                    review.set_saving(&key);
                    cmds.push(Cmd::Service(ServiceCmd::SendDraft {
                        draft: draft.clone(),
                        content,
                    }));
                }
            }
            ReviewOutcome::Unstage(key) => {
                self.drop_draft(&key);
                cmds.push(Cmd::Journal(JournalCmd::Remove { key }));
                self.set_info("Unstaged; the change was discarded.");
                if review.drafts().is_empty() {
                    return cmds;
                }
            }
        }
        self.overlay = Some(Overlay::Review(review));
        cmds
    }

    fn review_mut(&mut self) -> Option<&mut Review> {
        match &mut self.overlay {
            Some(Overlay::Review(r)) => Some(r),
            _ => None,
        }
    }

    pub(super) fn on_draft_checked(
        &mut self,
        key: String,
        result: Result<Check, GatewayError>,
    ) -> Vec<Cmd> {
        match result {
            Ok(Check::Fresh(content)) => {
                let Some(draft) = self.drafts.iter().find(|d| d.key == key).cloned() else {
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
                    None => self.set_error("checking the item before saving", &e),
                }
                Vec::new()
            }
        }
    }

    pub(super) fn on_draft_sent(
        &mut self,
        key: String,
        result: Result<String, SaveError>,
    ) -> Vec<Cmd> {
        match result {
            Ok(_) => {
                self.drop_draft(&key);
                let mut close = false;
                if let Some(r) = self.review_mut() {
                    r.remove(&key);
                    close = r.drafts().is_empty();
                }
                if close {
                    self.overlay = None;
                }
                self.set_info("Saved. The service holds the change; the audit timeline shows it.");
                let mut cmds = vec![Cmd::Journal(JournalCmd::Remove { key })];
                cmds.extend(self.refresh_after_write());
                cmds
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
                    None => self.set_problem(message),
                }
                Vec::new()
            }
        }
    }

    fn delete(&mut self, item_id: String) -> Vec<Cmd> {
        let (Some(domain_id), Some(case_id)) = (
            self.domain_id.clone(),
            self.case.as_ref().map(|c| c.case_id.clone()),
        ) else {
            return Vec::new();
        };
        self.set_info("Deleting…");
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
    ) -> Vec<Cmd> {
        match result {
            Ok(()) => {
                if let Some(cv) = self.case.as_mut() {
                    cv.related.detail = None;
                }
                self.set_info(format!("Deleted {item_id}."));
                self.refresh_after_write()
            }
            Err(e) => {
                self.set_error(&format!("deleting {item_id}"), &e);
                Vec::new()
            }
        }
    }

    pub(super) fn tick_overlay(&mut self) {
        if let Some(r) = self.review_mut() {
            r.tick();
        }
    }

    pub(super) fn options_arrived(&mut self, field_id: &str) {
        let Some(options) = self.catalog.options.get(field_id).cloned() else {
            return;
        };
        match &mut self.overlay {
            Some(Overlay::Fields(editor)) => editor.set_options(field_id, options),
            Some(Overlay::Review(r)) => r.set_options(self.catalog.options.clone()),
            _ => {}
        }
    }
}
