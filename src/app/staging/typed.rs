//! Text typed into an editor (a comment, a custom field's value line, a case field's line, the
//! new-case form's) and not staged yet: written to the journal as it is typed
//! (a few ticks after the last change), forgotten when the editor closes, and offered back at
//! the next start when the program died with an editor open.

use super::case_edits::PendingCaseEdit;
use super::{Overlay, Staging, shared_keys};
use crate::app::ctx::{Ctx, Go};
use crate::app::editing::{
    CommentEditor, Confirm, EditorOutcome, FieldEditor, FieldMode, NewCaseForm, edit_text,
};
use crate::app::keymap::Action;
use crate::app::{Cmd, JournalCmd};
use crate::edit::{TypedIn, TypedText};
use crate::model::{RelatedContent, RelatedItem, RelatedItemType};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Ticks (100 ms) the text must rest before it is written: a burst of typing is one write.
pub const TYPED_DEBOUNCE_TICKS: u64 = 3;

/// What the journal holds of the text being typed, and the order of the writes to it.
#[derive(Debug, Default)]
pub struct TypedJournal {
    /// The text last written (`saved_at` left empty), `None` when the journal holds none.
    pub(super) written: Option<TypedText>,
    /// The text as it was at the last look, and the tick it changed at.
    seen: Option<(TypedText, u64)>,
    seq: u64,
}

impl TypedJournal {
    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}

impl Staging {
    /// The text in the open editor when it differs from what the editor opened on: the comment
    /// editor's body, the custom-field editor's value line, a case field's line or the new-case
    /// form's. Restored text whose editor waits for its case to load counts too.
    fn typing_now(&self, case_id: Option<&str>, ctx: &Ctx) -> Option<TypedText> {
        let (editor, item, key) = match &self.overlay {
            Some(Overlay::Comment { editor, item, key }) => (editor, item, key),
            Some(Overlay::Fields(editor)) => return field_line(editor),
            Some(Overlay::CaseField { edit, case_id, .. }) => {
                return Some(TypedText {
                    domain_id: ctx.domain_id?.to_string(),
                    case_id: case_id.clone(),
                    item_id: None,
                    draft_key: None,
                    base: edit_text(&edit.current),
                    text: edit.typed_line()?,
                    saved_at: String::new(),
                    field_id: Some(edit.def.id.clone()),
                    field_draft: None,
                    place: Some(TypedIn::CaseField),
                });
            }
            Some(Overlay::NewCase(form)) => return form_line(form),
            None => {
                return self
                    .pending
                    .as_ref()
                    .and_then(|p| p.typed.as_deref().cloned());
            }
            _ => return None,
        };
        let EditorOutcome::Stage(text) = editor.finish() else {
            return None;
        };
        // A staged draft knows its case; a new comment belongs to the open case.
        let draft = key.as_deref().and_then(|k| self.draft(k));
        let (domain_id, case_id) = match draft {
            Some(d) => (d.domain_id.as_str(), d.case_id.as_str()),
            None => (ctx.domain_id?, case_id?),
        };
        Some(TypedText {
            domain_id: domain_id.to_string(),
            case_id: case_id.to_string(),
            item_id: item
                .as_ref()
                .map(|i| i.id.clone())
                .or_else(|| draft.and_then(|d| d.item_id.clone())),
            draft_key: key.clone(),
            base: editor.original().to_string(),
            text,
            saved_at: String::new(),
            field_id: None,
            field_draft: None,
            place: None,
        })
    }

    /// Keeps the journal's copy of the text being typed in step with the editor: written once it
    /// has rested [`TYPED_DEBOUNCE_TICKS`] (on ticks, `writes`), removed as soon as there is none.
    pub fn journal_typing(&mut self, case_id: Option<&str>, writes: bool, ctx: &Ctx) -> Vec<Cmd> {
        let now = self.typing_now(case_id, ctx);
        let tj = &mut self.typed;
        let Some(text) = now else {
            tj.seen = None;
            if tj.written.take().is_some() {
                let seq = tj.next_seq();
                return vec![Cmd::Journal(JournalCmd::RemoveTyped { seq })];
            }
            return Vec::new();
        };
        match &tj.seen {
            Some((seen, _)) if *seen == text => {}
            _ => tj.seen = Some((text.clone(), ctx.ticks)),
        }
        let rested = tj
            .seen
            .as_ref()
            .is_some_and(|(_, since)| ctx.ticks.saturating_sub(*since) >= TYPED_DEBOUNCE_TICKS);
        if !writes || !rested || tj.written.as_ref() == Some(&text) {
            return Vec::new();
        }
        tj.written = Some(text.clone());
        let seq = tj.next_seq();
        let typed = Box::new(TypedText {
            saved_at: ctx.now.to_rfc3339(),
            ..text
        });
        vec![Cmd::Journal(JournalCmd::SaveTyped { seq, typed })]
    }

    /// Text left by a session that died with the comment editor open: ask whether to restore it.
    /// Text typed in another domain is kept for a start in that domain.
    pub fn offer_typed(&mut self, typed: TypedText, ctx: &mut Ctx) {
        let on = match &typed.place {
            Some(TypedIn::NewCase { .. }) => "a new case".to_string(),
            _ => format!("case {}", typed.case_id),
        };
        if ctx.domain_id != Some(typed.domain_id.as_str()) {
            ctx.set_info(format!(
                "Text typed on {on} before the last exit is kept; start with --domain {} to get it back.",
                typed.domain_id
            ));
            return;
        }
        let first = typed
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let confirm =
            Confirm::new(self.typed_question(&typed, ctx), shared_keys(ctx)).with_detail(format!(
                "“{}” ({} characters, not staged) · yes opens the editor with it, no discards it",
                crate::app::format::one_line(first),
                typed.text.chars().count()
            ));
        self.overlay = Some(Overlay::RestoreTyped {
            confirm,
            typed: Box::new(typed),
        });
    }

    /// The restore question: what was typed (the field by name once the domain's fields are
    /// known) and where (the case's title once known).
    fn typed_question(&self, typed: &TypedText, ctx: &Ctx) -> String {
        let on = match &typed.place {
            Some(TypedIn::NewCase { .. }) => "a new case".to_string(),
            _ => match self.case_titles.get(&typed.case_id) {
                Some(title) => format!(
                    "case {} “{}”",
                    typed.case_id,
                    crate::app::format::one_line(title)
                ),
                None => format!("case {}", typed.case_id),
            },
        };
        let what = match (&typed.place, &typed.field_id, &typed.item_id) {
            (Some(TypedIn::CaseField), Some(id), _) => {
                format!("the value of {}", ctx.catalog.name(id))
            }
            (Some(TypedIn::CaseField), ..) => "a case field's value".to_string(),
            (Some(TypedIn::NewCase { template_name }), ..) => {
                format!("a field ({template_name} template)")
            }
            (None, Some(_), _) => "a custom field's value".to_string(),
            (None, None, Some(_)) => "an edit of a comment".to_string(),
            (None, None, None) => "a new comment".to_string(),
        };
        format!("Restore {what} on {on} that was being typed when cases-tui stopped?")
    }

    /// The restore question again, once the field names or the case's title have arrived.
    pub fn refresh_typed_offer(&mut self, ctx: &Ctx) {
        let question = match &self.overlay {
            Some(Overlay::RestoreTyped { typed, .. }) => self.typed_question(typed, ctx),
            _ => return,
        };
        if let Some(Overlay::RestoreTyped { confirm, .. }) = &mut self.overlay {
            confirm.question = question;
        }
    }

    /// The answer to [`Staging::offer_typed`]: the editor on the typed text over its case, or
    /// the text discarded.
    pub(super) fn answer_typed(&mut self, typed: TypedText, yes: bool, ctx: &mut Ctx) -> Vec<Cmd> {
        if !yes {
            let seq = self.typed.next_seq();
            self.typed.written = None;
            ctx.set_info("Discarded the text that was being typed.");
            return vec![Cmd::Journal(JournalCmd::RemoveTyped { seq })];
        }
        match typed.place.clone() {
            Some(TypedIn::CaseField) => return self.restore_case_field_line(typed, ctx),
            Some(TypedIn::NewCase { template_name }) => {
                return self.restore_form_line(typed, &template_name, ctx);
            }
            None => {}
        }
        if let Some(field_id) = typed.field_id.clone() {
            return self.restore_field_line(typed, &field_id, ctx);
        }
        let keys = shared_keys(ctx);
        let draft_key = typed.draft_key.clone();
        let (mut editor, key, item) = match &typed.item_id {
            Some(item_id) => (
                CommentEditor::open(&typed.base, keys),
                draft_key
                    .or_else(|| Some(format!("{}/{}/{item_id}", typed.domain_id, typed.case_id))),
                Some(RelatedItem {
                    id: item_id.clone(),
                    item_type: RelatedItemType::Comment,
                    association_time: None,
                    content: RelatedContent::Comment {
                        body: typed.base.clone(),
                        content_type: "Text/Plain".into(),
                    },
                    tags: Default::default(),
                    performed_by: None,
                }),
            ),
            // A new comment: staged already (reopened from the review) or not yet.
            None => match draft_key {
                Some(k) => (CommentEditor::open(&typed.base, keys), Some(k), None),
                None => (CommentEditor::new_comment(keys), None, None),
            },
        };
        editor.replace_body(&typed.text);
        self.overlay = Some(Overlay::Comment {
            editor: Box::new(editor),
            key,
            item,
        });
        // The journal holds it until the editor stages it or closes.
        self.typed.written = Some(TypedText {
            saved_at: String::new(),
            ..typed.clone()
        });
        ctx.set_info("Restored the text being typed; Esc stages it.");
        ctx.go(Go::Case(typed.case_id));
        Vec::new()
    }
}

/// The custom-field editor's value line, when it holds text other than the value it opened on.
/// A field being added (chosen in the picker) is left out: its value is staged with one key.
fn field_line(editor: &FieldEditor) -> Option<TypedText> {
    let FieldMode::Value(edit) = editor.mode() else {
        return None;
    };
    if edit.adding {
        return None;
    }
    let text = edit.input.lines().join("");
    let row = editor.rows().into_iter().find(|r| r.id == edit.id)?;
    if text == edit_text(&row.value) {
        return None;
    }
    let draft = editor.draft();
    Some(TypedText {
        domain_id: draft.domain_id.clone(),
        case_id: draft.case_id.clone(),
        item_id: draft.item_id.clone(),
        draft_key: Some(draft.key.clone()),
        base: String::new(),
        text,
        saved_at: String::new(),
        field_id: Some(edit.id.clone()),
        field_draft: Some(draft.clone()),
        place: None,
    })
}

/// The new-case form's open line, when it holds text not set yet, with the form's draft (staged
/// or not) to reopen the form on.
fn form_line(form: &NewCaseForm) -> Option<TypedText> {
    let (field_id, text) = form.typed_line()?;
    let draft = form.draft()?;
    Some(TypedText {
        domain_id: draft.domain_id.clone(),
        case_id: String::new(),
        item_id: None,
        draft_key: Some(draft.key.clone()),
        base: String::new(),
        text,
        saved_at: String::new(),
        field_id: Some(field_id),
        field_draft: Some(draft.clone()),
        place: Some(TypedIn::NewCase {
            template_name: form.template_name().unwrap_or_default().to_string(),
        }),
    })
}

impl Staging {
    /// The custom-field editor on the item's draft (staged, else as the editor held it), the
    /// field's value line open and holding the typed text.
    fn restore_field_line(&mut self, typed: TypedText, field_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        let staged = typed
            .draft_key
            .as_deref()
            .and_then(|k| self.draft(k))
            .cloned();
        let Some(draft) = staged.or_else(|| typed.field_draft.clone()) else {
            return Vec::new();
        };
        let case_id = draft.case_id.clone();
        let cmds = self.open_field_editor(draft, ctx);
        if let Some(Overlay::Fields(editor)) = &mut self.overlay {
            let n = editor.rows().len();
            for _ in 0..n {
                if editor
                    .rows()
                    .get(editor.selected())
                    .is_some_and(|r| r.id == field_id)
                {
                    break;
                }
                editor.handle(Action::Down);
            }
            editor.handle(Action::EditValue);
            if let FieldMode::Value(edit) = editor.mode() {
                // The line opens on the current value, the cursor at its end: clear it first.
                let opened = edit.input.lines().join("").chars().count();
                for _ in 0..opened {
                    editor.key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
                }
                editor.paste(&typed.text);
            }
        }
        self.typed.written = Some(TypedText {
            saved_at: String::new(),
            ..typed
        });
        ctx.set_info("Restored the value being typed; Enter keeps it.");
        ctx.go(Go::Case(case_id));
        cmds
    }
}

impl Staging {
    /// A case field's line typed before the last exit: its case opens, then the field's editor
    /// holding the text (see [`Staging::follow_pending_edit`]). The journal keeps the text until
    /// the editor stages it or closes.
    fn restore_case_field_line(&mut self, typed: TypedText, ctx: &mut Ctx) -> Vec<Cmd> {
        let kept = TypedText {
            saved_at: String::new(),
            ..typed.clone()
        };
        match PendingCaseEdit::restore(kept.clone()) {
            Some(p) => {
                self.pending = Some(p);
                self.typed.written = Some(kept);
                ctx.set_info(format!(
                    "Opening case {} for the value being typed; Enter keeps it.",
                    typed.case_id
                ));
            }
            None => ctx.set_problem("The text typed before the last exit names no field; it is kept in the journal folder."),
        }
        Vec::new()
    }

    /// A new-case form's line typed before the last exit: the form on its draft (staged, else as
    /// the form held it), the field's line open and holding the text.
    fn restore_form_line(
        &mut self,
        typed: TypedText,
        template_name: &str,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let staged = typed
            .draft_key
            .as_deref()
            .and_then(|k| self.draft(k))
            .cloned();
        let (Some(draft), Some(field_id)) = (
            staged.or_else(|| typed.field_draft.clone()),
            &typed.field_id,
        ) else {
            ctx.set_problem("The text typed before the last exit names no new case; it is kept in the journal folder.");
            return Vec::new();
        };
        self.open_new_case_form(draft, template_name, ctx);
        let mut cmds = Vec::new();
        if let Some(Overlay::NewCase(form)) = &mut self.overlay {
            form.edit_with_text(field_id, &typed.text);
            if let (Some(field_id), Some(domain_id)) = (form.missing_options(), ctx.domain_id) {
                cmds.push(Cmd::Service(crate::app::ServiceCmd::LoadFieldOptions {
                    domain_id: domain_id.to_string(),
                    field_id,
                }));
            }
        }
        self.typed.written = Some(TypedText {
            saved_at: String::new(),
            ..typed
        });
        ctx.set_info("Restored the new case's field being typed; Enter keeps it.");
        cmds
    }
}
