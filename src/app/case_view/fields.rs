//! The fields pane: every field of the domain with the case's value, filtered by text.

use crate::model::{Case, FieldType, FieldValue};

use super::super::format::{self, Catalog};
use super::super::keymap::{Action, Scope};
use super::super::list::Cursor;

/// One row of the fields pane.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub id: String,
    pub name: String,
    pub type_name: String,
    pub value: String,
    pub empty: bool,
}

#[derive(Debug, Clone, Default)]
pub struct FieldsPane {
    pub cursor: Cursor,
    pub filter: String,
    /// `Enter`: the selected field's whole value, over the panes.
    pub viewer: Option<super::ValueViewer>,
}

impl FieldsPane {
    pub const SCOPE: Scope = Scope::Fields;

    /// Every field of the domain (the case's own order for fields the domain does not list),
    /// with its formatted value, filtered by the pane's text filter.
    pub fn rows(&self, case: Option<&Case>, catalog: &Catalog) -> Vec<FieldRow> {
        let Some(case) = case else {
            return Vec::new();
        };
        let mut ids: Vec<&str> = catalog.fields.iter().map(|f| f.id.as_str()).collect();
        for f in &case.fields {
            if !ids.contains(&f.id.as_str()) {
                ids.push(&f.id);
            }
        }
        ids.into_iter()
            .map(|id| {
                let value = case.field(id);
                let empty = matches!(value, None | Some(FieldValue::Empty));
                FieldRow {
                    id: id.to_string(),
                    name: catalog.name(id).to_string(),
                    type_name: catalog
                        .field_type(id)
                        .map_or("?", FieldType::as_str)
                        .to_string(),
                    value: value.map_or(format::EMPTY.to_string(), |v| catalog.value(id, v)),
                    empty,
                }
            })
            .filter(|r| {
                format::matches_filter(
                    &format!("{} {} {}", r.name, r.value, r.type_name),
                    &self.filter,
                )
            })
            .collect()
    }

    /// Movement over the rows, and `Enter`'s viewer of the selected value.
    pub fn handle(&mut self, action: Action, case: Option<&Case>, catalog: &Catalog) {
        let rows = self.rows(case, catalog);
        if action == Action::ShowValue {
            let row = rows.get(self.cursor.selected);
            self.viewer = row.map(|r| super::ValueViewer::new(&r.id));
            return;
        }
        self.cursor.apply(action, rows.len());
    }
}
