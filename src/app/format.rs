//! Turning model values into the words the panes show. Plain strings (no styling) so the text
//! filters and the drawing agree on what a row says.

mod attributes;

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::model::{
    AuditEvent, FieldDef, FieldOption, FieldType, FieldValue, Performer, RelatedContent,
    RelatedItem,
};

/// The domain's field definitions and SingleSelect options, for resolving ids to names and labels.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    pub fields: Vec<FieldDef>,
    pub options: HashMap<String, Vec<FieldOption>>,
}

/// Shown for an empty value; the panes draw it dim.
pub const EMPTY: &str = "—";

impl Catalog {
    pub fn def(&self, id: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The field's name, or its id when the domain does not define it (any more).
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        match (self.def(id), id) {
            (Some(f), _) => f.name.as_str(),
            // The related items' attributes that audit events list as fields.
            (None, _) => attributes::name(id).unwrap_or(id),
        }
    }

    pub fn field_type(&self, id: &str) -> Option<&FieldType> {
        self.def(id).map(|f| &f.field_type)
    }

    /// A value formatted by the type of field `id`.
    pub fn value(&self, id: &str, value: &FieldValue) -> String {
        match value {
            FieldValue::Empty => EMPTY.to_string(),
            FieldValue::Double(n) => number(*n),
            FieldValue::Bool(b) => yes_no(*b),
            FieldValue::UserArn(arn) => short_arn(arn).to_string(),
            FieldValue::String(s) => match self.field_type(id) {
                Some(FieldType::SingleSelect) => self.option_label(id, s),
                Some(FieldType::DateTime) => datetime_text(s),
                Some(FieldType::User) => short_arn(s).to_string(),
                _ if id == "status" => self.option_label(id, s),
                None if attributes::is_time(id) => datetime_text(s),
                _ if s.is_empty() => EMPTY.to_string(),
                _ => s.clone(),
            },
        }
    }

    fn option_label(&self, field_id: &str, value: &str) -> String {
        if let Some(o) = self
            .options
            .get(field_id)
            .and_then(|opts| opts.iter().find(|o| o.value == value))
        {
            return o.name.clone();
        }
        status_label(value)
    }
}

/// `open` -> `Open`: the fallback label of an option whose list is not loaded.
pub fn status_label(value: &str) -> String {
    let mut chars = value.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => EMPTY.to_string(),
    }
}

/// Numbers without a trailing `.0` when whole: the one number formatter, for display and for
/// the text an edit opens on (`edit::parse_value` reads it back to the same value).
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

pub fn yes_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_string()
}

/// The last segment of an ARN (`.../agent/abc` -> `abc`), or the text unchanged.
pub fn short_arn(arn: &str) -> &str {
    if !arn.starts_with("arn:") {
        return arn;
    }
    arn.rsplit(['/', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or(arn)
}

pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A DateTime field's text as a readable UTC time, or the text as it came.
pub fn datetime_text(s: &str) -> String {
    parse_time(s).map_or_else(|| s.to_string(), datetime)
}

pub fn datetime(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

pub fn date(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// `just now`, `5m ago`, `3h ago`, `2d ago`, `4mo ago`, `2y ago`; `in 3h` for future times.
pub fn relative(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - t).num_seconds();
    let (future, s) = (secs < 0, secs.unsigned_abs());
    let text = match s {
        0..60 => return "just now".into(),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h", s / 3600),
        86_400..2_592_000 => format!("{}d", s / 86_400),
        2_592_000..31_536_000 => format!("{}mo", s / 2_592_000),
        _ => format!("{}y", s / 31_536_000),
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

pub fn performer(p: Option<&Performer>, iam: Option<&str>) -> String {
    match (p, iam) {
        (Some(Performer::UserArn(arn)), _) => short_arn(arn).to_string(),
        (Some(Performer::CustomEntity(name)), _) => name.clone(),
        (None, Some(iam)) => short_arn(iam).to_string(),
        (None, None) => EMPTY.to_string(),
    }
}

/// Collapse whitespace runs (newlines included) to single spaces, for one-line excerpts.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A related item's one-line summary.
pub fn related_summary(item: &RelatedItem, catalog: &Catalog) -> String {
    match &item.content {
        RelatedContent::Comment { body, .. } => one_line(body),
        RelatedContent::Contact {
            contact_arn,
            channel,
            connected_to_system_time,
        } => {
            let when = connected_to_system_time
                .map_or_else(String::new, |t| format!(" · connected {}", datetime(t)));
            format!("{channel}{when} · {}", short_arn(contact_arn))
        }
        RelatedContent::File { file_arn } => short_arn(file_arn).to_string(),
        RelatedContent::Sla(sla) => {
            let mut s = format!("{} · {}", sla.name, sla.status);
            if let Some(t) = sla.target_time {
                s.push_str(&format!(" · target {}", datetime(t)));
            }
            if let Some(t) = sla.completion_time {
                s.push_str(&format!(" · done {}", datetime(t)));
            }
            s
        }
        RelatedContent::ConnectCase { case_id } => format!("case {case_id}"),
        RelatedContent::Custom { fields } => fields
            .iter()
            .map(|f| {
                format!(
                    "{}: {}",
                    catalog.name(&f.id),
                    catalog.value(&f.id, &f.value)
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
        RelatedContent::Unknown => "(content of an unknown type)".into(),
    }
}

/// `Status: Open → Closed` for each changed field of an audit event.
pub fn audit_changes(event: &AuditEvent, catalog: &Catalog) -> Vec<String> {
    event
        .fields
        .iter()
        .map(|f| {
            let new = catalog.value(&f.field_id, &f.new_value);
            match &f.old_value {
                Some(old) => format!(
                    "{}: {} → {new}",
                    catalog.name(&f.field_id),
                    catalog.value(&f.field_id, old)
                ),
                None => format!("{}: {new}", catalog.name(&f.field_id)),
            }
        })
        .collect()
}

/// Case-insensitive "contains", the text filters' test.
pub fn matches_filter(haystack: &str, needle: &str) -> bool {
    needle.is_empty() || haystack.to_lowercase().contains(&needle.to_lowercase())
}
