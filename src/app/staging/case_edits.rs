//! Edits of a case's own fields (`e` and `c` in the fields pane) and new cases (`n` in the case
//! list): each value is staged on a case draft the moment it is set, like any other edit.

use super::{Overlay, Staging, shared_keys};
use crate::app::case_view::CaseView;
use crate::app::ctx::Ctx;
use crate::app::editing::{CaseFieldEdit, CaseFieldOutcome, FormOutcome, NewCaseForm, def_for};
use crate::app::{Cmd, ServiceCmd};
use crate::aws::GatewayError;
use crate::edit::{Draft, SERVICE_SET_FIELDS};
use crate::model::{FieldType, FieldValue, Template};
use ratatui::crossterm::event::KeyEvent;

impl Staging {
    /// `e` in the fields pane: the typed editor of the selected field, on its staged value if it
    /// has one, else the case's.
    pub(super) fn edit_case_field(&mut self, cv: &CaseView, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        let Some(case) = cv.case.as_ref() else {
            ctx.set_info("The case is still loading; try again in a moment.");
            return Vec::new();
        };
        let rows = cv.fields.rows(Some(case), ctx.catalog);
        let Some(row) = rows.get(cv.fields.cursor.selected) else {
            return Vec::new();
        };
        if SERVICE_SET_FIELDS.contains(&row.id.as_str()) {
            ctx.set_info(format!(
                "{} is set by the service itself and cannot be edited.",
                row.name
            ));
            return Vec::new();
        }
        let stored = case.field(&row.id).cloned().unwrap_or(FieldValue::Empty);
        let key = Draft::for_case(&domain_id, &cv.case_id).key;
        let current = self
            .draft(&key)
            .and_then(|d| d.staged_value(&row.id))
            .unwrap_or_else(|| stored.clone());
        let def = def_for(&row.id, &ctx.catalog.fields, Some(&stored));
        let required = self.required(&case.template_id).contains(&row.id);
        let options = ctx.catalog.options.get(&row.id).cloned();
        let mut cmds = Vec::new();
        if def.field_type == FieldType::SingleSelect && options.is_none() {
            cmds.push(Cmd::Service(ServiceCmd::LoadFieldOptions {
                domain_id: domain_id.clone(),
                field_id: row.id.clone(),
            }));
        }
        if self.templates.is_none() {
            cmds.push(Cmd::Service(ServiceCmd::LoadTemplates { domain_id }));
        }
        let edit = CaseFieldEdit::new(def, current, required, options, shared_keys(ctx));
        self.overlay = Some(Overlay::CaseField {
            edit: Box::new(edit),
            case_id: cv.case_id.clone(),
            stored,
        });
        cmds
    }

    /// Fields a case of `template_id` may not be emptied of: the title (the service always
    /// needs one), the status (a case is open or closed) and what the template requires, when
    /// the templates are known.
    fn required(&self, template_id: &str) -> Vec<String> {
        let mut out = vec!["title".to_string(), "status".to_string()];
        if let Some(t) = self
            .templates
            .iter()
            .flatten()
            .find(|t| t.id == template_id)
        {
            out.extend(t.required.iter().cloned());
        }
        out
    }

    /// `c` in the case view: stage `status` closed for an open case, open for a closed one.
    pub(super) fn close_reopen(&mut self, cv: &CaseView, ctx: &mut Ctx) -> Vec<Cmd> {
        let (Some(domain_id), Some(case)) = (ctx.domain_id, cv.case.as_ref()) else {
            return Vec::new();
        };
        let stored = case.field("status").cloned().unwrap_or(FieldValue::Empty);
        let key = Draft::for_case(domain_id, &cv.case_id).key;
        let now = self
            .draft(&key)
            .and_then(|d| d.staged_value("status"))
            .unwrap_or_else(|| stored.clone());
        let closed = now == FieldValue::String("closed".into());
        let to = if closed { "open" } else { "closed" };
        let cmds = self.stage_case_value(
            &cv.case_id,
            "status",
            stored,
            FieldValue::String(to.into()),
            ctx,
        );
        ctx.set_info(format!(
            "Staged: {} the case. s reviews and sends it.",
            if closed { "reopen" } else { "close" }
        ));
        cmds
    }

    /// Stages `value` for case field `id` of `case_id` (whose stored value is `stored`).
    fn stage_case_value(
        &mut self,
        case_id: &str,
        id: &str,
        stored: FieldValue,
        value: FieldValue,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id else {
            return Vec::new();
        };
        let key = Draft::for_case(domain_id, case_id).key;
        let mut draft = self
            .draft(&key)
            .cloned()
            .unwrap_or_else(|| Draft::for_case(domain_id, case_id));
        draft.set_case_field(id, stored, value);
        let cmds = self.stage(draft);
        let n = self.staged_count();
        ctx.set_info(format!(
            "Staged. {n} change{} waiting; s reviews and sends.",
            if n == 1 { "" } else { "s" }
        ));
        cmds
    }

    /// `n` in the case list: the new-case form, starting with its template picker.
    pub(super) fn new_case(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            ctx.set_info("Pick a domain first (:domain ID).");
            return Vec::new();
        };
        let mut form = NewCaseForm::new(
            &domain_id,
            ctx.catalog.fields.clone(),
            ctx.catalog.options.clone(),
            shared_keys(ctx),
        );
        if let Some(t) = &self.templates {
            form.set_templates(t.clone());
        }
        self.overlay = Some(Overlay::NewCase(Box::new(form)));
        // Fresh each time: a template made since the last `n` shows up.
        vec![Cmd::Service(ServiceCmd::LoadTemplates { domain_id })]
    }

    pub(super) fn templates_arrived(
        &mut self,
        domain_id: &str,
        result: Result<Vec<Template>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        if ctx.domain_id != Some(domain_id) {
            return Vec::new();
        }
        match result {
            Ok(list) => {
                if let Some(Overlay::NewCase(form)) = &mut self.overlay {
                    if list.is_empty() {
                        ctx.set_problem("This domain has no Active template; create one (CreateTemplate) before creating cases.");
                    }
                    form.set_templates(list.clone());
                }
                self.templates = Some(list);
            }
            Err(e) => {
                if matches!(self.overlay, Some(Overlay::NewCase(_))) {
                    self.overlay = None;
                }
                ctx.set_error("loading the templates", &e);
            }
        }
        Vec::new()
    }

    /// A key for the case-field editor.
    pub(super) fn case_field_key(
        &mut self,
        mut edit: Box<CaseFieldEdit>,
        case_id: String,
        stored: FieldValue,
        key: KeyEvent,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        match edit.handle_key(key) {
            CaseFieldOutcome::Continue => {
                self.overlay = Some(Overlay::CaseField {
                    edit,
                    case_id,
                    stored,
                });
                Vec::new()
            }
            CaseFieldOutcome::Cancel => Vec::new(),
            CaseFieldOutcome::Set(value) if value == edit.current => {
                ctx.set_info("The value is unchanged; nothing staged.");
                Vec::new()
            }
            CaseFieldOutcome::Set(value) => {
                let id = edit.def.id.clone();
                self.stage_case_value(&case_id, &id, stored, value, ctx)
            }
        }
    }

    /// A key for the new-case form.
    pub(super) fn new_case_key(
        &mut self,
        mut form: Box<NewCaseForm>,
        key: KeyEvent,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let outcome = form.handle_key(key);
        let mut cmds: Vec<Cmd> = match (form.missing_options(), ctx.domain_id) {
            (Some(field_id), Some(domain_id)) => {
                vec![Cmd::Service(ServiceCmd::LoadFieldOptions {
                    domain_id: domain_id.to_string(),
                    field_id,
                })]
            }
            _ => Vec::new(),
        };
        match outcome {
            FormOutcome::Continue => self.overlay = Some(Overlay::NewCase(form)),
            FormOutcome::Staged(draft) => {
                cmds.extend(self.stage(draft));
                self.overlay = Some(Overlay::NewCase(form));
            }
            FormOutcome::Close(Some(draft)) => {
                cmds.extend(self.stage(draft));
                ctx.set_info("The new case is staged; s reviews it and y creates it.");
            }
            FormOutcome::Close(None) => {}
        }
        cmds
    }
}
