//! Staging edits: opening the editors on the selected item, keeping every draft (and asking for
//! its journal write) the moment it changes, the review and its save flow, and delete.
//!
//! [`Staging`] is a component like the screens and panes: the app routes the editing actions, the
//! open overlay's keys and the save flow's messages to it, with the shared [`Ctx`] and the case
//! they are about. Drafts live here until the service confirmed the save or the user discarded
//! them; every change to one is followed by `Cmd::Journal(JournalCmd::Save)`, so the journal on
//! disk always holds what the user staged.
//!
//! - `mod.rs`: the drafts, the overlay, and opening an editor, the delete question or the review.
//! - `overlay.rs`: keys, paste and the external editor while an overlay is open.
//! - `save.rs`: what the review asks for and the service's answers (check, send, delete).

mod case_edits;
mod deleted;
mod marks;
mod overlay;
mod reopen;
mod save;
mod sla;
mod typed;

pub use typed::{TYPED_DEBOUNCE_TICKS, TypedJournal};

use super::case_view::{CaseView, Pane};
use super::ctx::Ctx;
use super::editing::{
    CaseFieldEdit, CommentEditor, Confirm, FieldEditor, NewCaseForm, Review, SharedKeys, SlaEditor,
};
use super::keymap::{Action, Scope};
use super::{Cmd, JournalCmd, Msg};
use crate::edit::{Base, Draft};
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
    /// One of the open case's own fields.
    CaseField {
        edit: Box<CaseFieldEdit>,
        case_id: String,
        /// The value the case holds (the base of a first edit).
        stored: crate::model::FieldValue,
        /// Fields of the same draft whose editors open after this one (`Enter` on a draft of
        /// several fields in the review).
        rest: Vec<String>,
    },
    /// A case to create.
    NewCase(Box<NewCaseForm>),
    /// An SLA's target; `draft` is the SLA's draft the target stages into.
    Sla {
        editor: Box<SlaEditor>,
        draft: Box<Draft>,
    },
    /// Restore the text typed before the last exit?
    RestoreTyped {
        confirm: Confirm,
        typed: Box<crate::edit::TypedText>,
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
            Self::CaseField { edit, .. } => edit.scope(),
            Self::NewCase(form) => form.scope(),
            Self::Sla { editor, .. } => editor.scope(),
            Self::RestoreTyped { confirm, .. } => confirm.scope(),
        }
    }
}

/// What `s` says with nothing staged: every way to stage something.
pub const NOTHING_STAGED: &str = "Nothing is staged. e edits a case field (1) or a comment, custom item or SLA (2), a adds a comment, c closes/reopens, n (case list) makes a case.";

/// Why an edit key does nothing in read-only mode.
pub const READ_ONLY: &str =
    "read-only: this session cannot change anything (restart without --read-only to edit)";

/// The staged drafts and the editing overlay open on them.
#[derive(Debug, Default)]
pub struct Staging {
    /// Every staged draft, mirrored in the journal on disk.
    drafts: Vec<Draft>,
    /// The open editing overlay (editor, review, confirm), which takes every key.
    pub overlay: Option<Overlay>,
    /// The domain's templates, once loaded (a new case, and which case fields are required).
    templates: Option<Vec<crate::model::Template>>,
    /// The journal's copy of the text being typed in an editor.
    typed: TypedJournal,
    /// A case-field editor waiting for its case to be on show and loaded.
    pending: Option<case_edits::PendingCaseEdit>,
    /// The titles of the cases the app has seen, by id, for the review's groups.
    pub case_titles: std::collections::HashMap<String, String>,
    /// A send changed a case's fields or created a case: the case list must load again.
    list_stale: bool,
}

impl Staging {
    /// Every staged draft.
    pub fn drafts(&self) -> &[Draft] {
        &self.drafts
    }

    /// Whether a send changed or created a case since the last call (the case list then loads
    /// again); clears the flag.
    pub fn take_list_stale(&mut self) -> bool {
        std::mem::take(&mut self.list_stale)
    }

    /// Staged edits awaiting review (the header shows it).
    pub fn staged_count(&self) -> usize {
        self.drafts.len()
    }

    /// The scope of the open overlay, which then takes every key.
    pub fn scope(&self) -> Option<Scope> {
        self.overlay.as_ref().map(Overlay::scope)
    }

    /// Drafts found in the journal at start: staged again, shown in the header and the review.
    pub fn restore(&mut self, drafts: Vec<Draft>, ctx: &mut Ctx) {
        let n = drafts.len();
        for d in drafts {
            self.upsert_draft(d);
        }
        if n > 0 {
            ctx.set_info(format!(
                "Restored {n} staged change{} from the journal; press s to review.",
                if n == 1 { "" } else { "s" }
            ));
        }
    }

    /// The messages staging answers: pasted text, the external editor's text, and the save
    /// flow's answers. `case_id` is the open case's. The app reloads the case when `ctx.go` asks.
    pub fn update(&mut self, msg: Msg, case_id: Option<&str>, ctx: &mut Ctx) -> Vec<Cmd> {
        match msg {
            Msg::Paste(text) => {
                self.paste(&text);
                Vec::new()
            }
            Msg::ExternalEditorDone(result) => self.external_editor_done(result, case_id, ctx),
            Msg::DraftChecked { key, result } => self.on_draft_checked(key, result, ctx),
            Msg::DraftSent { key, result } => self.on_draft_sent(key, result, ctx),
            Msg::ItemDeleted { item_id, result } => self.on_item_deleted(item_id, result, ctx),
            Msg::TemplatesLoaded { domain_id, result } => {
                self.templates_arrived(&domain_id, result, ctx)
            }
            _ => Vec::new(),
        }
    }

    /// The editing actions: `e`, `a`, `d` and `s`, on `case`, the case on show (if any).
    pub fn act(&mut self, action: Action, case: Option<&CaseView>, ctx: &mut Ctx) -> Vec<Cmd> {
        match action {
            // A read-only session opens no editor; the review still opens (it refuses to send).
            Action::Edit
            | Action::AddComment
            | Action::DeleteItem
            | Action::CloseReopen
            | Action::NewCase
                if ctx.read_only =>
            {
                ctx.set_info(READ_ONLY);
                Vec::new()
            }
            Action::Edit => match case.filter(|cv| cv.focus == Pane::Fields) {
                Some(cv) => self.edit_case_field(cv, ctx),
                None => self.edit_selected(case, ctx),
            },
            Action::CloseReopen => match case {
                Some(cv) => self.close_reopen(cv, ctx),
                None => Vec::new(),
            },
            Action::NewCase => self.new_case(ctx),
            Action::AddComment => self.add_comment(case, ctx),
            Action::DeleteItem => self.ask_delete(case, ctx),
            Action::Review => self.open_review(case, ctx),
            _ => Vec::new(),
        }
    }

    pub fn tick(&mut self) {
        if let Some(r) = self.review_mut() {
            r.tick();
        }
    }

    /// A single-select field's options arrived (they are in `catalog` now).
    pub fn options_arrived(&mut self, field_id: &str, catalog: &super::Catalog) {
        let Some(options) = catalog.options.get(field_id).cloned() else {
            return;
        };
        match &mut self.overlay {
            Some(Overlay::Fields(editor)) => editor.set_options(field_id, options),
            Some(Overlay::CaseField { edit, .. }) if edit.def.id == field_id => {
                edit.set_options(options)
            }
            Some(Overlay::NewCase(form)) => form.set_options(field_id, options),
            Some(Overlay::Review(r)) => r.set_options(catalog.options.clone()),
            _ => {}
        }
    }

    pub(super) fn upsert_draft(&mut self, draft: Draft) {
        match self.drafts.iter_mut().find(|d| d.key == draft.key) {
            Some(d) => *d = draft,
            None => self.drafts.push(draft),
        }
    }

    fn drop_draft(&mut self, key: &str) {
        self.drafts.retain(|d| d.key != key);
    }

    pub(super) fn draft(&self, key: &str) -> Option<&Draft> {
        self.drafts.iter().find(|d| d.key == key)
    }

    /// Keeps a draft that changes something (and journals it); forgets one that changes nothing.
    pub(super) fn stage(&mut self, draft: Draft) -> Vec<Cmd> {
        if draft.is_noop() {
            let key = draft.key.clone();
            let known = self.draft(&key).is_some();
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

    /// `e`: the comment editor or the custom-field editor on the selected item.
    fn edit_selected(&mut self, case: Option<&CaseView>, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        let Some(item) = case.and_then(|cv| related_in_focus(cv, ctx)).cloned() else {
            ctx.set_info(
                "Nothing selected to edit: select a comment, custom item or SLA in the \
                 related-items pane (2), or a case field in the fields pane (1), then press e.",
            );
            return Vec::new();
        };
        let case_id = case.map(|c| c.case_id.clone()).unwrap_or_default();
        let key = format!("{domain_id}/{case_id}/{}", item.id);
        let existing = self.draft(&key).cloned();
        match &item.content {
            RelatedContent::Comment { body, .. } => {
                let current = match existing.as_ref().map(Draft::content) {
                    Some(crate::edit::Content::Comment(b)) => b,
                    _ => body.clone(),
                };
                self.overlay = Some(Overlay::Comment {
                    editor: Box::new(CommentEditor::open(&current, shared_keys(ctx))),
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
                self.open_field_editor(draft, ctx)
            }
            RelatedContent::Sla(_) => self.edit_sla(&domain_id, &case_id, item, existing, ctx),
            _ => {
                ctx.set_info(format!(
                    "{} items cannot be edited; only comments, custom items and SLAs can.",
                    item.item_type.as_str()
                ));
                Vec::new()
            }
        }
    }

    /// `a`: a new comment on the open case.
    fn add_comment(&mut self, case: Option<&CaseView>, ctx: &mut Ctx) -> Vec<Cmd> {
        if case.is_none() {
            return Vec::new();
        }
        self.overlay = Some(Overlay::Comment {
            editor: Box::new(CommentEditor::new_comment(shared_keys(ctx))),
            key: None,
            item: None,
        });
        Vec::new()
    }

    /// `d`: asks before deleting the selected item.
    fn ask_delete(&mut self, case: Option<&CaseView>, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(item) = case.and_then(|cv| related_in_focus(cv, ctx)) else {
            return Vec::new();
        };
        let question = format!("Delete this {} item?", item.item_type.as_str());
        let confirm = Confirm::new(question, shared_keys(ctx))
            .with_detail(deleted::what_is_deleted(item, ctx.catalog));
        self.overlay = Some(Overlay::ConfirmDelete {
            confirm,
            item_id: item.id.clone(),
        });
        Vec::new()
    }

    /// `s`: the review of every staged change, grouped by case, the open case's first, so its
    /// count is the header's.
    fn open_review(&mut self, case: Option<&CaseView>, ctx: &mut Ctx) -> Vec<Cmd> {
        if self.drafts.is_empty() {
            ctx.set_info(NOTHING_STAGED);
            return Vec::new();
        }
        let open = case.map(|c| c.case_id.as_str());
        let mut drafts = self.drafts.clone();
        drafts.sort_by_key(|d| Some(d.case_id.as_str()) != open);
        let mut review = Review::new(drafts, ctx.catalog.fields.clone(), shared_keys(ctx));
        review.set_read_only(ctx.read_only);
        review.set_options(ctx.catalog.options.clone());
        review.set_case_titles(self.case_titles.clone());
        self.overlay = Some(Overlay::Review(Box::new(review)));
        Vec::new()
    }

    fn review_mut(&mut self) -> Option<&mut Review> {
        match &mut self.overlay {
            Some(Overlay::Review(r)) => Some(r),
            _ => None,
        }
    }
}

/// The related item `e` and `d` act on: the one in detail, else the selected one, while the
/// related-items pane has the focus.
fn related_in_focus<'a>(cv: &'a CaseView, ctx: &Ctx) -> Option<&'a RelatedItem> {
    if cv.focus != Pane::Related {
        return None;
    }
    match &cv.related.detail {
        Some(_) => cv.detail_item(),
        None => cv.selected_related(ctx.catalog),
    }
}

/// The key table for an overlay opening now.
pub(super) fn shared_keys(ctx: &Ctx) -> SharedKeys {
    SharedKeys::new(ctx.keys.clone())
}
