//! Field values as text: for display (by type, option labels) and for editing (what
//! `edit::parse_value` reads back to the same value).

use crate::model::{FieldDef, FieldOption, FieldType, FieldValue};

/// The text an in-place edit opens on: `edit::parse_value` reads it back to the same value.
pub fn edit_text(value: &FieldValue) -> String {
    match value {
        FieldValue::String(s) | FieldValue::UserArn(s) => s.clone(),
        FieldValue::Double(n) => crate::app::format::number(*n),
        FieldValue::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        FieldValue::Empty => String::new(),
    }
}

/// A value as a row shows it, as the fields pane does: numbers without a needless `.0`, Yes/No,
/// a date/time as `2026-12-05 00:00 UTC`, a SingleSelect's option label (its value when the
/// options are not known), `(empty)` for the empty value.
pub fn display_value(
    value: &FieldValue,
    def: Option<&FieldDef>,
    options: &[FieldOption],
) -> String {
    match value {
        FieldValue::Empty => "(empty)".to_string(),
        FieldValue::Bool(b) => crate::app::format::yes_no(*b),
        FieldValue::String(s) if def.is_some_and(|d| d.field_type == FieldType::DateTime) => {
            crate::app::format::datetime_text(s)
        }
        FieldValue::String(s) if def.is_some_and(|d| d.field_type == FieldType::SingleSelect) => {
            match options.iter().find(|o| o.value == *s) {
                Some(o) => o.name.clone(),
                None => s.clone(),
            }
        }
        other => edit_text(other),
    }
}

/// The definition of field `id`; for a field the domain does not list (or whose definitions are
/// not loaded), one whose type is guessed from the value so it can still be edited.
pub fn def_for(id: &str, defs: &[FieldDef], value: Option<&FieldValue>) -> FieldDef {
    if let Some(def) = defs.iter().find(|d| d.id == id) {
        return def.clone();
    }
    let field_type = match value {
        Some(FieldValue::Double(_)) => FieldType::Number,
        Some(FieldValue::Bool(_)) => FieldType::Boolean,
        Some(FieldValue::UserArn(_)) => FieldType::User,
        _ => FieldType::Text,
    };
    FieldDef {
        id: id.to_string(),
        name: id.to_string(),
        field_type,
        system: false,
        description: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::parse_value;

    #[test]
    fn edit_text_parses_back_to_the_same_value() {
        let defs: Vec<FieldDef> = Vec::new();
        for v in [
            FieldValue::Double(42.0),
            FieldValue::Double(-0.25),
            FieldValue::Bool(true),
            FieldValue::Bool(false),
            FieldValue::String("hello".into()),
            FieldValue::Empty,
        ] {
            let def = def_for("f", &defs, Some(&v));
            assert_eq!(parse_value(&edit_text(&v), &def, &[]), Ok(v));
        }
    }

    #[test]
    fn single_select_shows_the_option_label() {
        let def = FieldDef {
            id: "p".into(),
            name: "Priority".into(),
            field_type: FieldType::SingleSelect,
            system: false,
            description: None,
        };
        let options = [FieldOption {
            name: "High".into(),
            value: "high".into(),
            active: true,
        }];
        let v = FieldValue::String("high".into());
        assert_eq!(display_value(&v, Some(&def), &options), "High");
        assert_eq!(display_value(&v, Some(&def), &[]), "high");
    }
}
