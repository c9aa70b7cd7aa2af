//! `Enter` on a draft in the review: its editor, on the draft as staged, over the review's place.
//! Each kind of draft opens its own editor; what the editor stages goes into the same draft. A
//! case-field draft's editors open over its case (see `case_edits.rs`), a new case's in its form.

use super::{Overlay, READ_ONLY, Staging, shared_keys};
use crate::app::ctx::Ctx;
use crate::app::editing::{CommentEditor, FieldEditor, NewCaseForm, Review, SlaEditor};
use crate::app::{Cmd, ServiceCmd};
use crate::edit::{Base, Content, Draft};

impl Staging {
    /// Opens the editor of the staged draft `key`; the review stays open when there is none.
    pub(super) fn edit_draft(&mut self, review: Box<Review>, key: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        let draft = match self.draft(key) {
            Some(d) if !ctx.read_only => d.clone(),
            found => {
                if found.is_some() {
                    ctx.set_info(READ_ONLY);
                }
                self.overlay = Some(Overlay::Review(review));
                return Vec::new();
            }
        };
        match &draft.base {
            Base::Comment { .. } | Base::NewComment => {
                let body = match draft.content() {
                    Content::Comment(body) => body,
                    _ => String::new(),
                };
                self.overlay = Some(Overlay::Comment {
                    editor: Box::new(CommentEditor::open(&body, shared_keys(ctx))),
                    key: Some(draft.key.clone()),
                    item: None,
                });
                Vec::new()
            }
            Base::Custom { .. } => self.open_field_editor(draft, ctx),
            Base::Sla {
                name,
                created,
                target,
            } => {
                let minutes = match draft.content() {
                    Content::SlaTarget { minutes, .. } => minutes,
                    _ => crate::edit::sla_minutes(*created, *target),
                };
                let editor = SlaEditor::open(name, *created, *target, minutes, shared_keys(ctx));
                self.overlay = Some(Overlay::Sla {
                    editor: Box::new(editor),
                    draft: Box::new(draft),
                });
                Vec::new()
            }
            Base::CaseFields { .. } => self.edit_case_draft(&draft, ctx),
            Base::NewCase { template_id, .. } => {
                let name = self
                    .templates
                    .iter()
                    .flatten()
                    .find(|t| t.id == *template_id)
                    .map_or_else(|| template_id.clone(), |t| t.name.clone());
                self.open_new_case_form(draft, &name, ctx);
                Vec::new()
            }
        }
    }

    /// The new-case form on `draft` (staged, or as the form held it before the last exit).
    pub(super) fn open_new_case_form(&mut self, draft: Draft, template_name: &str, ctx: &Ctx) {
        let form = NewCaseForm::from_draft(
            draft,
            template_name,
            ctx.catalog.fields.clone(),
            ctx.catalog.options.clone(),
            shared_keys(ctx),
        );
        self.overlay = Some(Overlay::NewCase(Box::new(form)));
    }

    /// The custom-field editor on `draft`, and the SingleSelect options it still needs.
    pub(super) fn open_field_editor(&mut self, draft: Draft, ctx: &mut Ctx) -> Vec<Cmd> {
        let domain_id = draft.domain_id.clone();
        let editor = FieldEditor::new(
            draft,
            ctx.catalog.fields.clone(),
            ctx.catalog.options.clone(),
            shared_keys(ctx),
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
}
