//! Text typed into the comment editor and not staged yet: written to the journal as it is typed
//! (a few ticks after the last change), forgotten when the editor closes, and offered back at
//! the next start when the program died with an editor open.

use super::{Overlay, Staging, shared_keys};
use crate::app::ctx::{Ctx, Go};
use crate::app::editing::{CommentEditor, Confirm, EditorOutcome};
use crate::app::{Cmd, JournalCmd};
use crate::edit::TypedText;
use crate::model::{RelatedContent, RelatedItem, RelatedItemType};

/// Ticks (100 ms) the text must rest before it is written: a burst of typing is one write.
pub const TYPED_DEBOUNCE_TICKS: u64 = 3;

/// What the journal holds of the text being typed, and the order of the writes to it.
#[derive(Debug, Default)]
pub struct TypedJournal {
    /// The text last written (`saved_at` left empty), `None` when the journal holds none.
    written: Option<TypedText>,
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
    /// The comment editor's text when it differs from what the editor opened on.
    fn typing_now(&self, case_id: Option<&str>, ctx: &Ctx) -> Option<TypedText> {
        let Some(Overlay::Comment { editor, item, key }) = &self.overlay else {
            return None;
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
        let typed = TypedText {
            saved_at: ctx.now.to_rfc3339(),
            ..text
        };
        vec![Cmd::Journal(JournalCmd::SaveTyped { seq, typed })]
    }

    /// Text left by a session that died with the comment editor open: ask whether to restore it.
    /// Text typed in another domain is kept for a start in that domain.
    pub fn offer_typed(&mut self, typed: TypedText, ctx: &mut Ctx) {
        if ctx.domain_id != Some(typed.domain_id.as_str()) {
            ctx.set_info(format!(
                "Text typed on case {} before the last exit is kept; start with --domain {} to get it back.",
                typed.case_id, typed.domain_id
            ));
            return;
        }
        let what = if typed.item_id.is_some() {
            "an edit of a comment"
        } else {
            "a new comment"
        };
        let first = typed
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let confirm = Confirm::new(
            format!(
                "Restore {what} on case {} that was being typed when cases-tui stopped?",
                typed.case_id
            ),
            shared_keys(ctx),
        )
        .with_detail(format!(
            "“{}” ({} characters, not staged) · yes opens the editor with it, no discards it",
            crate::app::format::one_line(first),
            typed.text.chars().count()
        ));
        self.overlay = Some(Overlay::RestoreTyped {
            confirm,
            typed: Box::new(typed),
        });
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
