//! The case list's columns: the fields `case_list.columns` names (by id or name, e.g. `title`,
//! `status`, `priority`, `assigned user`, `last updated`), resolved against the domain's fields.

use crate::app::format::Catalog;
use crate::model::SYSTEM_FIELDS;

/// One column: the field it shows and its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub field_id: String,
    pub label: String,
}

/// Short headers for the system fields a list usually shows, and names they go by.
const SYSTEM_COLUMNS: &[(&str, &str, &[&str])] = &[
    ("title", "Title", &[]),
    ("status", "Status", &[]),
    ("reference_number", "Ref", &["ref", "reference"]),
    (
        "last_updated_datetime",
        "Last updated",
        &["last updated", "updated"],
    ),
    ("assigned_user", "Assigned user", &["assignee"]),
    ("assigned_queue", "Queue", &["queue"]),
    ("created_datetime", "Created", &["created"]),
    ("last_closed_datetime", "Closed", &["closed"]),
    ("customer_id", "Customer", &["customer"]),
];

impl Column {
    /// Today's columns: title, status, reference number, last updated.
    pub fn defaults() -> Vec<Column> {
        [
            "title",
            "status",
            "reference_number",
            "last_updated_datetime",
        ]
        .into_iter()
        .map(Self::system)
        .collect()
    }

    fn system(id: &str) -> Column {
        let label = SYSTEM_COLUMNS
            .iter()
            .find(|(i, ..)| *i == id)
            .map_or(id, |(_, l, _)| l);
        Column {
            field_id: id.to_string(),
            label: label.to_string(),
        }
    }
}

/// `Last updated`, `last_updated`, `LAST-UPDATED` are one name.
fn norm(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            '_' | '-' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The columns `names` asks for, by field id, field name or a system field's short name; the
/// names no field answers to are returned apart. Without the domain's fields (`catalog` empty)
/// only the system fields are known.
pub fn resolve_columns(names: &[String], catalog: &Catalog) -> (Vec<Column>, Vec<String>) {
    let mut columns: Vec<Column> = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        let n = norm(name);
        let system = SYSTEM_COLUMNS
            .iter()
            .find(|(id, label, aliases)| {
                norm(id) == n || norm(label) == n || aliases.iter().any(|a| norm(a) == n)
            })
            .map(|(id, ..)| Column::system(id));
        let found = system.or_else(|| {
            catalog
                .fields
                .iter()
                .find(|f| norm(&f.id) == n || norm(&f.name) == n)
                .map(
                    |f| match SYSTEM_COLUMNS.iter().find(|(id, ..)| *id == f.id) {
                        Some((id, ..)) => Column::system(id),
                        None => Column {
                            field_id: f.id.clone(),
                            label: f.name.clone(),
                        },
                    },
                )
        });
        let found = found.or_else(|| {
            SYSTEM_FIELDS
                .iter()
                .find(|id| norm(id) == n)
                .map(|id| Column::system(id))
        });
        match found {
            Some(c) if !columns.contains(&c) => columns.push(c),
            Some(_) => {}
            None => unknown.push(name.clone()),
        }
    }
    (columns, unknown)
}

/// The names a column can be given, for the message about one that is unknown.
pub fn known_names(catalog: &Catalog) -> Vec<String> {
    let mut names: Vec<String> = SYSTEM_COLUMNS
        .iter()
        .map(|(id, ..)| id.to_string())
        .collect();
    for f in &catalog.fields {
        if !names.contains(&f.id) {
            names.push(f.id.clone());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldDef, FieldType};

    fn catalog() -> Catalog {
        Catalog {
            fields: vec![FieldDef {
                id: "priority".into(),
                name: "Priority".into(),
                field_type: FieldType::SingleSelect,
                system: false,
                description: None,
            }],
            options: Default::default(),
        }
    }

    #[test]
    fn names_ids_and_short_names_resolve_and_unknown_ones_are_named() {
        let names: Vec<String> = [
            "Title",
            "status",
            "priority",
            "assigned user",
            "Last updated",
            "titel",
        ]
        .map(String::from)
        .to_vec();
        let (cols, unknown) = resolve_columns(&names, &catalog());
        let ids: Vec<&str> = cols.iter().map(|c| c.field_id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "title",
                "status",
                "priority",
                "assigned_user",
                "last_updated_datetime"
            ]
        );
        assert_eq!(cols[2].label, "Priority");
        assert_eq!(unknown, ["titel"]);
        // Before the domain's fields are known, a custom field waits.
        let (cols, unknown) = resolve_columns(&names, &Catalog::default());
        assert_eq!(cols.len(), 4);
        assert_eq!(unknown, ["priority", "titel"]);
        assert!(known_names(&catalog()).contains(&"priority".to_string()));
    }
}
