//! Staging an SLA's target: opening the target editor on the selected SLA and staging what it
//! hands back as the SLA's draft.

use super::{Overlay, Staging, shared_keys};
use crate::app::Cmd;
use crate::app::ctx::Ctx;
use crate::app::editing::SlaEditor;
use crate::edit::{Base, Content, Draft, StagedOp};
use crate::model::{RelatedContent, RelatedItem, RelatedItemType};

impl Staging {
    /// `e` on an SLA: the target editor, on the staged target if there is one.
    pub(super) fn edit_sla(
        &mut self,
        domain_id: &str,
        case_id: &str,
        item: RelatedItem,
        existing: Option<Draft>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let RelatedContent::Sla(sla) = &item.content else {
            return Vec::new();
        };
        let (Some(created), Some(target)) = (item.association_time, sla.target_time) else {
            ctx.set_problem(
                "This SLA has no creation or target time, so its target cannot be counted; press r to reload it.",
            );
            return Vec::new();
        };
        let draft = existing
            .filter(|d| matches!(d.base, Base::Sla { .. }))
            .unwrap_or_else(|| {
                Draft::for_item(
                    domain_id,
                    case_id,
                    &item.id,
                    RelatedItemType::Sla,
                    Base::Sla {
                        name: sla.name.clone(),
                        created,
                        target,
                    },
                )
            });
        let minutes = match draft.content() {
            Content::SlaTarget { minutes, .. } => minutes,
            _ => crate::edit::sla_minutes(created, target),
        };
        let editor = SlaEditor::open(&sla.name, created, target, minutes, shared_keys(ctx));
        self.overlay = Some(Overlay::Sla {
            editor: Box::new(editor),
            draft: Box::new(draft),
        });
        Vec::new()
    }

    /// `e` on an SLA outside the case view (the SLA radar): the target editor on `item` of
    /// `case_id`, on its staged target if there is one; refused in a read-only session.
    pub fn edit_sla_of(&mut self, case_id: &str, item: RelatedItem, ctx: &mut Ctx) -> Vec<Cmd> {
        if ctx.read_only {
            ctx.set_info(super::READ_ONLY);
            return Vec::new();
        }
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        let key = format!("{domain_id}/{case_id}/{}", item.id);
        let existing = self.draft(&key).cloned();
        self.edit_sla(&domain_id, case_id, item, existing, ctx)
    }

    pub(super) fn stage_sla(&mut self, mut draft: Draft, minutes: i64, ctx: &mut Ctx) -> Vec<Cmd> {
        draft.push(StagedOp::SetSlaTarget { minutes });
        let noop = draft.is_noop();
        let cmds = self.stage(draft);
        if noop {
            ctx.set_info("That is the SLA's current target; nothing staged.");
        } else {
            let n = self.staged_count();
            ctx.set_info(format!(
                "Staged the SLA target. {n} change{} waiting; s reviews and sends.",
                if n == 1 { "" } else { "s" }
            ));
        }
        cmds
    }
}
