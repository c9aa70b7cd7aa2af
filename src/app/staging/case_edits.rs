//! Edits of a case's own fields (`e` and `c` in the fields pane) and new cases (`n` in the case
//! list): each value is staged on a case draft the moment it is set, like any other edit.

use super::{Overlay, Staging, shared_keys};
use crate::app::case_view::CaseView;
use crate::app::ctx::{Ctx, Go};
use crate::app::editing::{CaseFieldEdit, CaseFieldOutcome, FormOutcome, NewCaseForm, def_for};
use crate::app::{Cmd, ServiceCmd};
use crate::aws::GatewayError;
use crate::edit::{Content, Draft, SERVICE_SET_FIELDS, TypedText};
use crate::model::{FieldType, FieldValue, Template};
use ratatui::crossterm::event::KeyEvent;

/// A case-field editor waiting for its case to be on show and loaded: `Enter` on a case-field
/// draft in the review (its fields, one after another), or a case field's line typed before the
/// last exit and restored.
#[derive(Debug, Clone)]
pub struct PendingCaseEdit {
    case_id: String,
    /// The fields whose editors open, in turn; the first opens next.
    fields: Vec<String>,
    /// How many fields the run had at its start ("field 2 of 3").
    of: usize,
    /// Text typed before the last exit, for the first field's line.
    pub(super) typed: Option<Box<TypedText>>,
    /// The app was asked to open the case already.
    asked: bool,
}

impl PendingCaseEdit {
    /// The line typed before the last exit, to reopen on case `typed.case_id`.
    pub(super) fn restore(typed: TypedText) -> Option<Self> {
        Some(Self {
            case_id: typed.case_id.clone(),
            fields: vec![typed.field_id.clone()?],
            of: 1,
            typed: Some(Box::new(typed)),
            asked: false,
        })
    }
}

impl Staging {
    /// `e` in the fields pane: the typed editor of the selected field, on its staged value if it
    /// has one, else the case's.
    pub(super) fn edit_case_field(&mut self, cv: &CaseView, ctx: &mut Ctx) -> Vec<Cmd> {
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
        let id = row.id.clone();
        self.open_case_field(cv, &id, ctx)
    }

    /// The typed editor of case field `id` of the loaded case `cv`, on the field's staged value
    /// if the case's draft has one, else the case's.
    fn open_case_field(&mut self, cv: &CaseView, id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        let (Some(domain_id), Some(case)) = (ctx.domain_id.map(str::to_string), cv.case.as_ref())
        else {
            return Vec::new();
        };
        let stored = case.field(id).cloned().unwrap_or(FieldValue::Empty);
        let key = Draft::for_case(&domain_id, &cv.case_id).key;
        let current = self
            .draft(&key)
            .and_then(|d| d.staged_value(id))
            .unwrap_or_else(|| stored.clone());
        let def = def_for(id, &ctx.catalog.fields, Some(&stored));
        let required = self.required(&case.template_id).iter().any(|r| r == id);
        let options = ctx.catalog.options.get(id).cloned();
        let mut cmds = Vec::new();
        if def.field_type == FieldType::SingleSelect && options.is_none() {
            cmds.push(Cmd::Service(ServiceCmd::LoadFieldOptions {
                domain_id: domain_id.clone(),
                field_id: id.to_string(),
            }));
        }
        if self.templates.is_none() {
            cmds.push(Cmd::Service(ServiceCmd::LoadTemplates { domain_id }));
        }
        let edit = CaseFieldEdit::new(def, current, required, options, shared_keys(ctx))
            .with_stored(stored.clone());
        self.overlay = Some(Overlay::CaseField {
            edit: Box::new(edit),
            case_id: cv.case_id.clone(),
            stored,
            rest: Vec::new(),
        });
        cmds
    }

    /// `Enter` on a case-field draft in the review: the editor of each field it changes, one
    /// after another, over its case (opened first when another is on show).
    pub(super) fn edit_case_draft(&mut self, draft: &Draft, ctx: &mut Ctx) -> Vec<Cmd> {
        let fields: Vec<String> = match draft.content() {
            Content::CaseFields(list) => list.into_iter().map(|f| f.id).collect(),
            _ => Vec::new(),
        };
        let n = fields.len();
        self.pending = Some(PendingCaseEdit {
            case_id: draft.case_id.clone(),
            of: n,
            fields,
            typed: None,
            asked: false,
        });
        if n > 1 {
            ctx.set_info(format!(
                "The draft changes {n} fields: Enter keeps each and opens the next, Esc stops."
            ));
        }
        Vec::new()
    }

    /// `true` while an editor waits for its case (see [`PendingCaseEdit`]).
    pub fn has_pending_edit(&self) -> bool {
        self.pending.is_some()
    }

    /// After each message: opens the editor that waits for its case once that case is on show
    /// and loaded, asks the app to open the case the first time it is not, and forgets the
    /// editor when the user went elsewhere meanwhile or the case cannot load. The draft is never
    /// touched here, so nothing staged is lost either way.
    pub fn follow_pending_edit(&mut self, cv: Option<&CaseView>, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(p) = self.pending.as_mut() else {
            return Vec::new();
        };
        if self.overlay.is_some() {
            // Something else was opened meanwhile: that wins.
            self.pending = None;
            return Vec::new();
        }
        match cv {
            // A case shown as it was is not editable: it opens again as it is now.
            Some(cv) if cv.case_id == p.case_id && cv.as_of.is_none() => {
                // The case with every field, read after the domain's fields arrived: the
                // editor then knows the field's name, type and stored value.
                if cv.case.is_some() && cv.has_all_fields && cv.case_pending.is_none() {
                    let Some(p) = self.pending.take() else {
                        return Vec::new();
                    };
                    return self.open_pending(cv, p, ctx);
                }
                if cv.case_error.is_some() {
                    let what = if p.typed.is_some() {
                        "the text typed in its field stays in the journal until the next start"
                    } else {
                        "the draft stays staged (s reviews it)"
                    };
                    ctx.set_problem(format!(
                        "Case {} could not be loaded, so its field editor cannot open; {what}.",
                        p.case_id
                    ));
                    if p.typed.is_some() {
                        // Kept for the next start: no longer this session's to remove.
                        self.typed.written = None;
                    }
                    self.pending = None;
                    return Vec::new();
                }
                p.asked = true;
                Vec::new()
            }
            _ if !p.asked => {
                p.asked = true;
                ctx.set_info(format!(
                    "Opening case {}; the field editor opens once it has loaded.",
                    p.case_id
                ));
                ctx.go(Go::Case(p.case_id.clone()));
                Vec::new()
            }
            _ => {
                self.pending = None;
                Vec::new()
            }
        }
    }

    /// The editor of the first field of `p` on the loaded case `cv`, holding the typed text if
    /// `p` has some; the rest of the fields open after it.
    fn open_pending(&mut self, cv: &CaseView, mut p: PendingCaseEdit, ctx: &mut Ctx) -> Vec<Cmd> {
        if p.fields.is_empty() {
            return Vec::new();
        }
        let id = p.fields.remove(0);
        let cmds = self.open_case_field(cv, &id, ctx);
        if let Some(Overlay::CaseField { edit, rest, .. }) = &mut self.overlay {
            if p.of > 1 {
                edit.step = Some((p.of - p.fields.len(), p.of));
            }
            if let Some(typed) = &p.typed {
                edit.set_text(&typed.text);
                ctx.set_info("Restored the value being typed; Enter keeps it.");
            }
            *rest = p.fields;
        }
        cmds
    }

    /// Fields a case of `template_id` may not be emptied of: the title (the service always
    /// needs one), the status (a case is open or closed) and what the template requires, when
    /// the templates are known.
    pub(super) fn required(&self, template_id: &str) -> Vec<String> {
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
        let to = FieldValue::String(if closed { "open" } else { "closed" }.into());
        // Back to the stored status: the staged close (or reopen) is undone, nothing staged.
        let undone = to == stored;
        let cmds = self.stage_case_value(&cv.case_id, "status", stored, to, ctx);
        ctx.set_info(match (undone, closed) {
            (true, true) => "Close unstaged: the case stays open.".to_string(),
            (true, false) => "Reopen unstaged: the case stays closed.".to_string(),
            (false, _) => format!(
                "Staged: {} the case. s reviews and sends it.",
                if closed { "reopen" } else { "close" }
            ),
        });
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

    /// A key for the case-field editor. After `Enter` the next field of the draft being gone
    /// through (`rest`) opens, if any.
    pub(super) fn case_field_key(
        &mut self,
        mut edit: Box<CaseFieldEdit>,
        case_id: String,
        stored: FieldValue,
        rest: Vec<String>,
        key: KeyEvent,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let step = edit.step;
        let cmds = match edit.handle_key(key) {
            CaseFieldOutcome::Continue => {
                self.overlay = Some(Overlay::CaseField {
                    edit,
                    case_id,
                    stored,
                    rest,
                });
                return Vec::new();
            }
            CaseFieldOutcome::Cancel => return Vec::new(),
            CaseFieldOutcome::Set(value) if value == edit.current => {
                ctx.set_info("The value is unchanged; nothing staged.");
                Vec::new()
            }
            CaseFieldOutcome::Set(value) => {
                let id = edit.def.id.clone();
                self.stage_case_value(&case_id, &id, stored, value, ctx)
            }
        };
        if !rest.is_empty() {
            self.pending = Some(PendingCaseEdit {
                case_id,
                of: step.map_or(rest.len() + 1, |(_, n)| n),
                fields: rest,
                typed: None,
                asked: true,
            });
        }
        cmds
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
                let problems = crate::edit::check_draft(&draft, &ctx.catalog.fields).err();
                cmds.extend(self.stage(draft));
                match problems {
                    // Kept as typed; it cannot be created until the fields are filled in.
                    Some(p) => ctx.set_problem(format!(
                        "The new case is staged but cannot be created yet: {}. s, then Enter on it, fills it in.",
                        p.join("; ")
                    )),
                    None => {
                        ctx.set_info("The new case is staged; s reviews it and y creates it.")
                    }
                }
            }
            FormOutcome::Close(None) => {}
        }
        cmds
    }
}
