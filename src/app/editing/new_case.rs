//! A new case: pick a template (typing filters), then fill the fields it requires with the typed
//! editors of case fields. Each value is staged on a `NewCase` draft as it is set, so the review
//! (`s`, `y`) creates the case and a dying terminal loses nothing typed and kept.

use super::case_field::{CaseFieldEdit, CaseFieldOutcome};
use super::value_text::def_for;
use super::{Hints, SharedKeys, is_press, plain};
use crate::app::keymap::{Action, Scope};
use crate::edit::{Base, Draft, SERVICE_SET_FIELDS, StagedOp};
use crate::model::{FieldDef, FieldOption, FieldValue, Template};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::collections::HashMap;

/// What the form asks its caller to do.
#[derive(Debug, Clone, PartialEq)]
pub enum FormOutcome {
    Continue,
    /// A value was set: write the draft to the journal. The form stays open.
    Staged(Draft),
    /// The form closed; a draft with values stays staged (`None`: nothing was set).
    Close(Option<Draft>),
}

/// Where the form is.
#[derive(Debug)]
pub enum FormStage {
    /// Choosing a template; `None` while they load.
    Templates {
        templates: Option<Vec<Template>>,
        filter: String,
        selected: usize,
    },
    /// Filling the fields of a case from the chosen template.
    Fields {
        draft: Box<Draft>,
        template_name: String,
        /// Field ids: the title, then the template's required fields.
        rows: Vec<String>,
        selected: usize,
        edit: Option<Box<CaseFieldEdit>>,
    },
}

/// The new-case form.
#[derive(Debug)]
pub struct NewCaseForm {
    domain_id: String,
    defs: Vec<FieldDef>,
    options: HashMap<String, Vec<FieldOption>>,
    stage: FormStage,
    notice: Option<String>,
    keys: SharedKeys,
}

impl NewCaseForm {
    /// A form for a case in `domain_id`, waiting for the templates.
    pub fn new(
        domain_id: &str,
        defs: Vec<FieldDef>,
        options: HashMap<String, Vec<FieldOption>>,
        keys: SharedKeys,
    ) -> Self {
        Self {
            domain_id: domain_id.into(),
            defs,
            options,
            stage: FormStage::Templates {
                templates: None,
                filter: String::new(),
                selected: 0,
            },
            notice: None,
            keys,
        }
    }

    /// The form on a staged new-case draft (`Enter` on it in the review), its fields listed with
    /// the values the draft holds; what is set stages into the same draft.
    pub fn from_draft(
        draft: Draft,
        template_name: &str,
        defs: Vec<FieldDef>,
        options: HashMap<String, Vec<FieldOption>>,
        keys: SharedKeys,
    ) -> Self {
        let mut rows = vec!["title".to_string()];
        if let Base::NewCase { required, .. } = &draft.base {
            rows.extend(required.iter().cloned());
        }
        rows.extend(draft.ops.iter().filter_map(|op| match op {
            StagedOp::SetField { id, .. } | StagedOp::AddField { id, .. } => Some(id.clone()),
            _ => None,
        }));
        let mut seen = Vec::new();
        rows.retain(|id| {
            let keep = !seen.contains(id) && !SERVICE_SET_FIELDS.contains(&id.as_str());
            seen.push(id.clone());
            keep
        });
        Self {
            domain_id: draft.domain_id.clone(),
            defs,
            options,
            stage: FormStage::Fields {
                draft: Box::new(draft),
                template_name: template_name.to_string(),
                rows,
                selected: 0,
                edit: None,
            },
            notice: None,
            keys,
        }
    }

    /// The draft being filled (`None` while the template is chosen).
    pub fn draft(&self) -> Option<&Draft> {
        match &self.stage {
            FormStage::Fields { draft, .. } => Some(draft),
            FormStage::Templates { .. } => None,
        }
    }

    /// The chosen template's name (`None` while it is chosen).
    pub fn template_name(&self) -> Option<&str> {
        match &self.stage {
            FormStage::Fields { template_name, .. } => Some(template_name),
            FormStage::Templates { .. } => None,
        }
    }

    /// The field whose line holds text typed and not set yet, and that text.
    pub fn typed_line(&self) -> Option<(String, String)> {
        let edit = self.edit()?;
        Some((edit.def.id.clone(), edit.typed_line()?))
    }

    /// Opens the editor of field `id` (a row of the form) holding `text` in place of its value.
    pub fn edit_with_text(&mut self, id: &str, text: &str) -> bool {
        let FormStage::Fields { rows, selected, .. } = &mut self.stage else {
            return false;
        };
        let Some(at) = rows.iter().position(|r| r == id) else {
            return false;
        };
        *selected = at;
        self.open_editor();
        match &mut self.stage {
            FormStage::Fields { edit: Some(e), .. } => {
                e.set_text(text);
                true
            }
            _ => false,
        }
    }

    pub fn stage(&self) -> &FormStage {
        &self.stage
    }

    /// Why the last key did nothing (or what is still needed).
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn defs(&self) -> &[FieldDef] {
        &self.defs
    }

    /// A SingleSelect field's options, as far as they are known.
    pub fn options(&self, field_id: &str) -> &[FieldOption] {
        self.options
            .get(field_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The templates arrived.
    pub fn set_templates(&mut self, list: Vec<Template>) {
        if let FormStage::Templates { templates, .. } = &mut self.stage {
            *templates = Some(list);
        }
    }

    /// A field's options arrived.
    pub fn set_options(&mut self, field_id: &str, options: Vec<FieldOption>) {
        self.options.insert(field_id.into(), options.clone());
        if let FormStage::Fields {
            edit: Some(edit), ..
        } = &mut self.stage
            && edit.def.id == field_id
        {
            edit.set_options(options);
        }
    }

    /// The templates whose name contains what was typed.
    pub fn matching_templates(&self) -> Vec<&Template> {
        let FormStage::Templates {
            templates: Some(list),
            filter,
            ..
        } = &self.stage
        else {
            return Vec::new();
        };
        let needle = filter.to_lowercase();
        list.iter()
            .filter(|t| t.name.to_lowercase().contains(&needle))
            .collect()
    }

    /// The scope of the key table the form is in now.
    pub fn scope(&self) -> Scope {
        match &self.stage {
            FormStage::Templates { .. } => Scope::TypePicker,
            FormStage::Fields { edit: Some(e), .. } => e.scope(),
            FormStage::Fields { .. } => Scope::CaseForm,
        }
    }

    pub fn hints(&self) -> Hints {
        Hints(self.keys.hints(self.scope(), |_| true))
    }

    /// The open field editor, if any.
    pub fn edit(&self) -> Option<&CaseFieldEdit> {
        match &self.stage {
            FormStage::Fields { edit, .. } => edit.as_deref(),
            FormStage::Templates { .. } => None,
        }
    }

    /// SingleSelect fields of the open editor whose options are not loaded.
    pub fn missing_options(&self) -> Option<String> {
        self.edit()
            .filter(|e| e.loading())
            .map(|e| e.def.id.clone())
    }

    /// Pasted text goes to the open editor or the template filter.
    pub fn paste(&mut self, text: &str) {
        match &mut self.stage {
            FormStage::Fields { edit: Some(e), .. } => e.paste(text),
            FormStage::Templates { filter, .. } => {
                filter.push_str(text.lines().next().unwrap_or(""))
            }
            FormStage::Fields { .. } => {}
        }
    }

    /// Handles one key.
    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        if !is_press(&key) {
            return FormOutcome::Continue;
        }
        self.notice = None;
        match &mut self.stage {
            FormStage::Templates { .. } => self.template_key(key),
            FormStage::Fields { edit: Some(_), .. } => self.edit_key(key),
            FormStage::Fields { .. } => self.row_key(key),
        }
    }

    fn template_key(&mut self, key: KeyEvent) -> FormOutcome {
        let action = self.keys.command(Scope::TypePicker, &key);
        let n = self.matching_templates().len();
        let chosen = self
            .matching_templates()
            .get(self.template_selected())
            .map(|t| (*t).clone());
        let FormStage::Templates {
            filter, selected, ..
        } = &mut self.stage
        else {
            return FormOutcome::Continue;
        };
        match action {
            Some(Action::DropValue) => return FormOutcome::Close(None),
            _ if matches!(key.code, KeyCode::Up | KeyCode::Down) => {
                *selected = super::case_field::step(*selected, key.code == KeyCode::Down, n)
            }
            Some(Action::KeepValue) => match chosen {
                Some(t) => self.start(t),
                None => self.notice = Some("no template matches; Backspace to widen".into()),
            },
            _ => {
                match key.code {
                    KeyCode::Backspace => {
                        filter.pop();
                    }
                    _ => match plain(&key) {
                        Some(c) => filter.push(c),
                        None => return FormOutcome::Continue,
                    },
                }
                *selected = 0;
            }
        }
        FormOutcome::Continue
    }

    fn template_selected(&self) -> usize {
        match &self.stage {
            FormStage::Templates { selected, .. } => *selected,
            FormStage::Fields { .. } => 0,
        }
    }

    /// The template is chosen: its fields, with the title's editor open.
    fn start(&mut self, template: Template) {
        let mut rows = vec!["title".to_string()];
        for id in &template.required {
            if !rows.contains(id) && !SERVICE_SET_FIELDS.contains(&id.as_str()) {
                rows.push(id.clone());
            }
        }
        let draft = Box::new(Draft::new_case(
            &self.domain_id,
            &template.id,
            template.required.clone(),
        ));
        self.stage = FormStage::Fields {
            draft,
            template_name: template.name,
            rows,
            selected: 0,
            edit: None,
        };
        self.open_editor();
    }

    fn open_editor(&mut self) {
        let FormStage::Fields {
            draft,
            rows,
            selected,
            edit,
            ..
        } = &mut self.stage
        else {
            return;
        };
        let Some(id) = rows.get(*selected) else {
            return;
        };
        let current = draft.staged_value(id).unwrap_or(FieldValue::Empty);
        let def = def_for(id, &self.defs, None);
        let required = match &draft.base {
            Base::NewCase { required, .. } => id == "title" || required.contains(id),
            _ => true,
        };
        let options = self.options.get(id).cloned();
        *edit = Some(Box::new(
            CaseFieldEdit::new(def, current, required, options, self.keys.clone()).for_new_case(),
        ));
    }

    fn edit_key(&mut self, key: KeyEvent) -> FormOutcome {
        let FormStage::Fields {
            draft,
            rows,
            edit: Some(e),
            ..
        } = &mut self.stage
        else {
            return FormOutcome::Continue;
        };
        let (staged, next) = match e.handle_key(key) {
            CaseFieldOutcome::Continue => return FormOutcome::Continue,
            CaseFieldOutcome::Cancel => {
                self.stage_edit_closed();
                return FormOutcome::Continue;
            }
            CaseFieldOutcome::Set(value) => {
                let id = e.def.id.clone();
                draft.push(StagedOp::SetField { id, value });
                // On to the next field still without a value, as a form does.
                let next = rows
                    .iter()
                    .position(|r| draft.staged_value(r).is_none_or(|v| v == FieldValue::Empty));
                (Draft::clone(draft), next)
            }
        };
        self.stage_edit_closed();
        match next {
            Some(i) => {
                if let FormStage::Fields { selected, .. } = &mut self.stage {
                    *selected = i;
                }
                self.open_editor();
            }
            None => {
                self.notice = Some(
                    "every required field has a value; Esc, then s to review and create the case"
                        .into(),
                )
            }
        }
        FormOutcome::Staged(staged)
    }

    fn stage_edit_closed(&mut self) {
        if let FormStage::Fields { edit, .. } = &mut self.stage {
            *edit = None;
        }
    }

    fn row_key(&mut self, key: KeyEvent) -> FormOutcome {
        let action = self.keys.command(Scope::CaseForm, &key);
        let FormStage::Fields {
            draft,
            rows,
            selected,
            ..
        } = &mut self.stage
        else {
            return FormOutcome::Continue;
        };
        let last = rows.len().saturating_sub(1);
        match action {
            Some(Action::Back) => {
                let kept = (!draft.ops.is_empty()).then(|| Draft::clone(draft));
                return FormOutcome::Close(kept);
            }
            Some(Action::Down) => *selected = (*selected + 1).min(last),
            Some(Action::Up) => *selected = selected.saturating_sub(1),
            Some(Action::EditValue) => self.open_editor(),
            _ => {}
        }
        FormOutcome::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editing::keys::*;
    use crate::app::keymap::KeyMap;
    use crate::edit::Content;

    #[test]
    fn pick_a_template_fill_its_required_fields_and_close_with_a_staged_draft() {
        let mut form = NewCaseForm::new(
            "d",
            Vec::new(),
            HashMap::new(),
            std::sync::Arc::new(KeyMap::default()),
        );
        assert_eq!(form.scope(), Scope::TypePicker);
        form.set_templates(vec![
            Template {
                id: "t-1".into(),
                name: "Billing".into(),
                required: vec![],
            },
            Template {
                id: "t-2".into(),
                name: "Delivery".into(),
                required: vec!["customer_id".into()],
            },
        ]);
        for k in typed("deliv") {
            form.handle_key(k);
        }
        assert_eq!(form.matching_templates().len(), 1);
        form.handle_key(enter());
        assert_eq!(form.scope(), Scope::ValueLine, "the title's editor opens");
        // An empty title is refused inline.
        assert_eq!(form.handle_key(enter()), FormOutcome::Continue);
        assert!(form.edit().unwrap().error().unwrap().contains("required"));
        for k in typed("Parcel lost") {
            form.handle_key(k);
        }
        assert!(matches!(form.handle_key(enter()), FormOutcome::Staged(_)));
        for k in typed("cust-9") {
            form.handle_key(k);
        }
        let FormOutcome::Staged(draft) = form.handle_key(enter()) else {
            panic!("the customer id is staged")
        };
        assert_eq!(form.scope(), Scope::CaseForm);
        let Content::NewCase {
            template_id,
            fields,
        } = draft.content()
        else {
            panic!()
        };
        assert_eq!(template_id, "t-2");
        assert_eq!(fields.len(), 2);
        assert_eq!(form.handle_key(esc()), FormOutcome::Close(Some(draft)));
    }
}
