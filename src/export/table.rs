//! The `table` output of `cases-tui audit`, for reading in a terminal: a header row, fields by
//! their display names, SingleSelect values by their option labels, agent ARNs shortened, and
//! every line break shown as `⏎` so one event stays on one line.

use super::{performer, plain, time_str};
use crate::aws::{GatewayError, Reader};
use crate::model::{AuditEvent, FieldType, FieldValue};
use std::collections::HashMap;
use std::io::Write;

/// Display names of a domain's fields and labels of their options.
#[derive(Debug, Default)]
pub struct Labels {
    names: HashMap<String, String>,
    /// field id -> option value -> option label.
    options: HashMap<String, HashMap<String, String>>,
}

impl Labels {
    /// The domain's fields (ListFields) and the options of each SingleSelect one.
    pub async fn load(reader: &Reader, domain_id: &str) -> Result<Self, GatewayError> {
        let mut labels = Labels::default();
        for field in reader.list_fields(domain_id).await? {
            if field.field_type == FieldType::SingleSelect {
                let options = reader.list_field_options(domain_id, &field.id).await?;
                labels.options.insert(
                    field.id.clone(),
                    options.into_iter().map(|o| (o.value, o.name)).collect(),
                );
            }
            labels.names.insert(field.id, field.name);
        }
        Ok(labels)
    }

    fn field<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }

    fn value(&self, field_id: &str, v: &FieldValue) -> String {
        if let FieldValue::String(s) = v
            && let Some(label) = self.options.get(field_id).and_then(|o| o.get(s))
        {
            return label.clone();
        }
        match v {
            FieldValue::UserArn(a) => short_arn(a),
            FieldValue::Empty => "(empty)".into(),
            other => plain(other),
        }
    }
}

/// The header row.
pub fn write_header(out: &mut impl Write) -> std::io::Result<()> {
    row(
        out,
        ["TIME", "TYPE", "ITEM", "PERFORMED BY", "CHANGES"].map(String::from),
    )
}

fn row(out: &mut impl Write, cells: [String; 5]) -> std::io::Result<()> {
    let [time, kind, item, by, changes] = cells;
    writeln!(
        out,
        "{time:<24}  {kind:<19}  {item:<11}  {by:<24}  {changes}"
    )
}

/// One event on one line.
pub fn write_event(out: &mut impl Write, e: &AuditEvent, labels: &Labels) -> std::io::Result<()> {
    let changes: Vec<String> = e
        .fields
        .iter()
        .map(|f| {
            let new = labels.value(&f.field_id, &f.new_value);
            match &f.old_value {
                Some(old) => format!(
                    "{}: {} → {new}",
                    labels.field(&f.field_id),
                    labels.value(&f.field_id, old)
                ),
                None => format!("{}: {new}", labels.field(&f.field_id)),
            }
        })
        .collect();
    row(
        out,
        [
            time_str(e.performed_time),
            e.event_type.clone(),
            e.related_item_type.clone().unwrap_or_default(),
            short_arn(&performer(e)),
            changes.join("; "),
        ]
        .map(|c| printable(&c)),
    )
}

/// An ARN cut to the part a reader tells people apart by: a Connect agent's
/// `…instance/ID/agent/AGENT` becomes `agent/AGENT`, an IAM or STS principal its resource
/// (`user/alice`, `assumed-role/Agent/alice`). Anything else is kept whole.
pub fn short_arn(s: &str) -> String {
    if !s.starts_with("arn:") {
        return s.to_string();
    }
    if let Some(i) = s.find("/agent/") {
        return s[i + 1..].to_string();
    }
    match s.splitn(6, ':').nth(5) {
        Some(resource) if !resource.is_empty() => resource.to_string(),
        _ => s.to_string(),
    }
}

/// Line breaks as `⏎`, other control characters as the TUI shows them (never raw).
fn printable(s: &str) -> String {
    let joined = s.replace("\r\n", "⏎").replace(['\n', '\r'], "⏎");
    crate::ui::sanitize::clean(&joined).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_are_shortened_to_what_tells_people_apart() {
        assert_eq!(
            short_arn("arn:aws:connect:us-east-1:111122223333:instance/abc/agent/42f0"),
            "agent/42f0"
        );
        assert_eq!(
            short_arn("arn:aws:iam::111122223333:user/alice"),
            "user/alice"
        );
        assert_eq!(
            short_arn("arn:aws:sts::1:assumed-role/Agent/alice"),
            "assumed-role/Agent/alice"
        );
        assert_eq!(short_arn("bot"), "bot");
    }

    #[test]
    fn line_breaks_become_a_visible_mark() {
        assert_eq!(printable("a\r\nb\nc\u{1b}"), "a⏎b⏎c␛");
    }
}
