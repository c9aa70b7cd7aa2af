//! While an overlay is open: its keys, pasted text and the external editor's answer, and staging
//! what the comment editor hands back.

use ratatui::crossterm::event::KeyEvent;

use super::{Overlay, Staging};
use crate::app::ctx::Ctx;
use crate::app::editing::{ConfirmOutcome, EditorOutcome, SlaOutcome, is_press};
use crate::app::keymap::{Action, Scope};
use crate::app::{Cmd, TerminalCmd};
use crate::edit::{Base, Draft, StagedOp};
use crate::model::{RelatedContent, RelatedItem, RelatedItemType};

impl Staging {
    /// Every key while an overlay is open: the overlay matches it against its scope of the key
    /// table; staging acts on what it answers. `help` in the overlay's scope opens the help
    /// overlay (`help_open`) on that scope; while help is open, only `help` or `back` (closing
    /// it) count. `case_id` is the open case's.
    pub fn on_key(
        &mut self,
        key: KeyEvent,
        help_open: &mut bool,
        case_id: Option<&str>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let Some(overlay) = self.overlay.take() else {
            return Vec::new();
        };
        let scope = overlay.scope();
        let command = ctx.keys.command(scope, &key);
        if *help_open {
            let global = ctx.keys.action(&[Scope::Global], &key);
            if command == Some(Action::Help) || matches!(global, Some(Action::Help | Action::Back))
            {
                *help_open = false;
            }
            self.overlay = Some(overlay);
            return Vec::new();
        }
        // `quit` quits from the review as from everywhere: staged drafts stay in the journal.
        if matches!(overlay, Overlay::Review(_)) && command == Some(Action::Quit) && is_press(&key)
        {
            self.overlay = Some(overlay);
            return vec![Cmd::Quit];
        }
        if command == Some(Action::Help) && is_press(&key) {
            *help_open = true;
            self.overlay = Some(overlay);
            return Vec::new();
        }
        match overlay {
            Overlay::Comment {
                mut editor,
                key: draft_key,
                item,
            } => match editor.handle_key(key) {
                EditorOutcome::Stage(body) => {
                    self.stage_comment(draft_key, item, body, case_id, ctx)
                }
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
                self.on_review(review, outcome, ctx)
            }
            Overlay::CaseField {
                edit,
                case_id,
                stored,
                rest,
            } => self.case_field_key(edit, case_id, stored, rest, key, ctx),
            Overlay::NewCase(form) => self.new_case_key(form, key, ctx),
            Overlay::Sla { mut editor, draft } => match editor.handle_key(key) {
                SlaOutcome::Stage(minutes) => self.stage_sla(*draft, minutes, ctx),
                SlaOutcome::Cancel => Vec::new(),
                SlaOutcome::Continue => {
                    self.overlay = Some(Overlay::Sla { editor, draft });
                    Vec::new()
                }
            },
            Overlay::ConfirmDelete { confirm, item_id } => match confirm.handle_key(key) {
                ConfirmOutcome::Yes => self.delete(item_id, case_id, ctx),
                ConfirmOutcome::No => Vec::new(),
                ConfirmOutcome::Pending => {
                    self.overlay = Some(Overlay::ConfirmDelete { confirm, item_id });
                    Vec::new()
                }
            },
            Overlay::RestoreTyped { confirm, typed } => match confirm.handle_key(key) {
                ConfirmOutcome::Yes => self.answer_typed(*typed, true, ctx),
                ConfirmOutcome::No => self.answer_typed(*typed, false, ctx),
                ConfirmOutcome::Pending => {
                    self.overlay = Some(Overlay::RestoreTyped { confirm, typed });
                    Vec::new()
                }
            },
        }
    }

    pub(super) fn paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::Comment { editor, .. }) => editor.paste(text),
            Some(Overlay::Fields(editor)) => editor.paste(text),
            Some(Overlay::CaseField { edit, .. }) => edit.paste(text),
            Some(Overlay::NewCase(form)) => form.paste(text),
            Some(Overlay::Sla { editor, .. }) => editor.paste(text),
            _ => {}
        }
    }

    /// The external editor finished: its text is staged as `Esc` would stage it; a failed or
    /// missing editor keeps the editor open on the old text and says why.
    pub(super) fn external_editor_done(
        &mut self,
        result: Result<String, String>,
        case_id: Option<&str>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
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
                ctx.set_problem(format!("{why}; the comment keeps its old text."));
                return Vec::new();
            }
        };
        // Editors end files with a newline; the comment did not have one.
        editor.replace_body(text.strip_suffix('\n').unwrap_or(&text));
        match editor.finish() {
            EditorOutcome::Stage(body) => {
                let cmds = self.stage_comment(key, item, body, case_id, ctx);
                if ctx.status.is_none() {
                    ctx.set_info("Staged the comment from the editor; s reviews it.");
                }
                cmds
            }
            _ => {
                ctx.set_info("The editor changed nothing; nothing staged.");
                Vec::new()
            }
        }
    }

    fn stage_comment(
        &mut self,
        key: Option<String>,
        item: Option<RelatedItem>,
        body: String,
        case_id: Option<&str>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        // A staged draft (reopened from the review, maybe of another case) stages into itself.
        let staged = key.as_deref().and_then(|k| self.draft(k)).cloned();
        let draft = match (staged, key, item, ctx.domain_id, case_id) {
            (Some(mut draft), ..) => {
                draft.push(StagedOp::SetBody { body });
                draft
            }
            (None, _, _, None, _) | (None, _, _, _, None) => return Vec::new(),
            (None, Some(key), Some(item), Some(domain_id), Some(case_id)) => {
                let mut draft = self.draft(&key).cloned().unwrap_or_else(|| {
                    let base = match &item.content {
                        RelatedContent::Comment { body, .. } => body.clone(),
                        _ => String::new(),
                    };
                    Draft::for_item(
                        domain_id,
                        case_id,
                        &item.id,
                        RelatedItemType::Comment,
                        Base::Comment { body: base },
                    )
                });
                draft.push(StagedOp::SetBody { body });
                draft
            }
            (None, _, _, Some(domain_id), Some(case_id)) => {
                Draft::new_comment(domain_id, case_id, body)
            }
        };
        let cmds = self.stage(draft);
        if !cmds.is_empty() {
            let n = self.staged_count();
            ctx.set_info(format!(
                "Staged. {n} change{} waiting; s reviews and sends.",
                if n == 1 { "" } else { "s" }
            ));
        }
        cmds
    }
}
