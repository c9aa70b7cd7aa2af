//! Headless audit-history export: pages GetCaseAuditEvents and writes each page as it arrives, so
//! memory stays flat whatever the history's length.

use crate::aws::{GatewayError, Reader};
use crate::model::{AuditEvent, FieldValue, Performer};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use std::io::Write;

mod table;
pub use table::short_arn;
mod order;
pub use order::{Order, export_in_order};

/// The first line of the CSV output.
const CSV_HEADER: &str = "performedTime,eventId,type,relatedItemType,performer,iamPrincipalArn,fieldId,oldValue,newValue";

/// Output formats of `cases-tui audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line, with the API's member names.
    Jsonl,
    /// One row per changed field, RFC 4180 quoting.
    Csv,
    /// Aligned columns for reading in a terminal.
    Table,
}

/// What to export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    pub format: Format,
    /// Only these event types (`Case.Updated`, ...); all when empty.
    pub types: Vec<String>,
    /// Only events performed at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Events per GetCaseAuditEvents call.
    pub page_size: i32,
}

/// What an export did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportStats {
    pub pages: usize,
    pub written: usize,
    pub skipped: usize,
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Gateway(#[from] GatewayError),
    #[error("writing the output: {0}")]
    Io(#[from] std::io::Error),
}

/// Exports a case's audit history to `out`.
pub async fn export(
    reader: &Reader,
    domain_id: &str,
    case_id: &str,
    opts: &ExportOptions,
    out: &mut impl Write,
) -> Result<ExportStats, ExportError> {
    let labels = labels_for(reader, domain_id, opts.format).await?;
    write_header(out, opts.format)?;
    for_each_page(reader, domain_id, case_id, opts, |events| {
        for event in events {
            write_event(out, event, opts.format, &labels)?;
        }
        Ok(out.flush()?)
    })
    .await
}

/// Pages GetCaseAuditEvents through the whole history and hands `each_page` the page's wanted
/// events, in time order (the service's order is not relied on), counting pages and events.
async fn for_each_page(
    reader: &Reader,
    domain_id: &str,
    case_id: &str,
    opts: &ExportOptions,
    mut each_page: impl FnMut(&[&AuditEvent]) -> Result<(), ExportError>,
) -> Result<ExportStats, ExportError> {
    let mut stats = ExportStats::default();
    let mut token = None;
    loop {
        let page = reader
            .get_audit_events(domain_id, case_id, token, Some(opts.page_size))
            .await?;
        stats.pages += 1;
        let mut events = page.items;
        events.sort_by_key(|e| e.performed_time);
        let wanted: Vec<&AuditEvent> = events.iter().filter(|e| wanted(e, opts)).collect();
        stats.skipped += events.len() - wanted.len();
        stats.written += wanted.len();
        each_page(&wanted)?;
        token = page.next_token;
        if token.is_none() {
            return Ok(stats);
        }
    }
}

/// One event in `format`.
fn write_event(
    out: &mut impl Write,
    event: &AuditEvent,
    format: Format,
    labels: &table::Labels,
) -> std::io::Result<()> {
    match format {
        Format::Jsonl => {
            // Serialized in memory first, so a closed output is an I/O error of its own kind.
            let line = serde_json::to_vec(&event_json(event)).map_err(std::io::Error::other)?;
            out.write_all(&line)?;
            writeln!(out)
        }
        Format::Csv => write_csv(out, event),
        Format::Table => table::write_event(out, event, labels),
    }
}

/// The field names and option labels `table` output shows (nothing to load for the others).
async fn labels_for(
    reader: &Reader,
    domain_id: &str,
    format: Format,
) -> Result<table::Labels, ExportError> {
    Ok(match format {
        Format::Table => table::Labels::load(reader, domain_id).await?,
        Format::Jsonl | Format::Csv => table::Labels::default(),
    })
}

/// The format's first line, if it has one.
fn write_header(out: &mut impl Write, format: Format) -> std::io::Result<()> {
    match format {
        Format::Csv => writeln!(out, "{CSV_HEADER}"),
        Format::Table => table::write_header(out),
        Format::Jsonl => Ok(()),
    }
}

fn wanted(event: &AuditEvent, opts: &ExportOptions) -> bool {
    let type_ok = opts.types.is_empty() || opts.types.iter().any(|t| t == &event.event_type);
    let time_ok = match (opts.since, event.performed_time) {
        (Some(since), Some(t)) => t >= since,
        (Some(_), None) => false,
        (None, _) => true,
    };
    type_ok && time_ok
}

fn time_str(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
        .unwrap_or_default()
}

fn value_json(v: &FieldValue) -> Value {
    match v {
        FieldValue::String(s) => json!({ "stringValue": s }),
        FieldValue::Double(d) => json!({ "doubleValue": d }),
        FieldValue::Bool(b) => json!({ "booleanValue": b }),
        FieldValue::Empty => json!({ "emptyValue": {} }),
        FieldValue::UserArn(a) => json!({ "userArnValue": a }),
    }
}

/// An audit event with the API's member names, as GetCaseAuditEvents returns it.
pub fn event_json(e: &AuditEvent) -> Value {
    let mut obj = serde_json::Map::new();
    obj.insert("eventId".into(), json!(e.id));
    obj.insert("type".into(), json!(e.event_type));
    if let Some(t) = &e.related_item_type {
        obj.insert("relatedItemType".into(), json!(t));
    }
    obj.insert("performedTime".into(), json!(time_str(e.performed_time)));
    let fields: Vec<Value> = e
        .fields
        .iter()
        .map(|f| {
            let mut m = serde_json::Map::new();
            m.insert("eventFieldId".into(), json!(f.field_id));
            if let Some(old) = &f.old_value {
                m.insert("oldValue".into(), value_json(old));
            }
            m.insert("newValue".into(), value_json(&f.new_value));
            Value::Object(m)
        })
        .collect();
    obj.insert("fields".into(), Value::Array(fields));
    let mut by = serde_json::Map::new();
    match &e.performed_by {
        Some(Performer::UserArn(a)) => {
            by.insert("user".into(), json!({ "userArn": a }));
        }
        Some(Performer::CustomEntity(c)) => {
            by.insert("user".into(), json!({ "customEntity": c }));
        }
        None => {}
    }
    if let Some(p) = &e.iam_principal_arn {
        by.insert("iamPrincipalArn".into(), json!(p));
    }
    if !by.is_empty() {
        obj.insert("performedBy".into(), Value::Object(by));
    }
    if let Some(m) = &e.merge {
        obj.insert(
            "mergeMetadata".into(),
            json!({
                "mergeEventId": m.merge_event_id,
                "primaryCaseId": m.primary_case_id,
                "secondaryCaseId": m.secondary_case_id,
            }),
        );
    }
    Value::Object(obj)
}

fn plain(v: &FieldValue) -> String {
    match v {
        FieldValue::String(s) | FieldValue::UserArn(s) => s.clone(),
        FieldValue::Double(d) => d.to_string(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Empty => String::new(),
    }
}

fn performer(e: &AuditEvent) -> String {
    match &e.performed_by {
        Some(Performer::UserArn(a)) => a.clone(),
        Some(Performer::CustomEntity(c)) => c.clone(),
        None => e.iam_principal_arn.clone().unwrap_or_default(),
    }
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_csv(out: &mut impl Write, e: &AuditEvent) -> std::io::Result<()> {
    let head = [
        time_str(e.performed_time),
        e.id.clone(),
        e.event_type.clone(),
        e.related_item_type.clone().unwrap_or_default(),
        performer(e),
        e.iam_principal_arn.clone().unwrap_or_default(),
    ]
    .map(|c| csv_cell(&c))
    .join(",");
    if e.fields.is_empty() {
        return writeln!(out, "{head},,,");
    }
    for f in &e.fields {
        let old = f.old_value.as_ref().map(plain).unwrap_or_default();
        writeln!(
            out,
            "{head},{},{},{}",
            csv_cell(&f.field_id),
            csv_cell(&old),
            csv_cell(&plain(&f.new_value))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AuditField;

    fn event() -> AuditEvent {
        AuditEvent {
            id: "e1".into(),
            event_type: "RelatedItem.Updated".into(),
            related_item_type: Some("Custom".into()),
            performed_time: DateTime::parse_from_rfc3339("2026-11-01T10:00:00Z")
                .ok()
                .map(|t| t.with_timezone(&Utc)),
            fields: vec![AuditField {
                field_id: "note".into(),
                old_value: Some(FieldValue::String("a, \"b\"".into())),
                new_value: FieldValue::Empty,
            }],
            performed_by: Some(Performer::CustomEntity("bot".into())),
            iam_principal_arn: Some("arn:aws:iam::1:user/x".into()),
            merge: None,
        }
    }

    #[test]
    fn jsonl_uses_the_api_member_names() {
        let v = event_json(&event());
        assert_eq!(v["type"], "RelatedItem.Updated");
        assert_eq!(v["performedTime"], "2026-11-01T10:00:00.000Z");
        assert_eq!(v["fields"][0]["eventFieldId"], "note");
        assert_eq!(v["fields"][0]["newValue"], json!({"emptyValue": {}}));
        assert_eq!(v["performedBy"]["user"]["customEntity"], "bot");
    }

    #[test]
    fn csv_quotes_cells_and_writes_a_row_per_field() {
        let mut out = Vec::new();
        write_csv(&mut out, &event()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "2026-11-01T10:00:00.000Z,e1,RelatedItem.Updated,Custom,bot,arn:aws:iam::1:user/x,note,\"a, \"\"b\"\"\",\n"
        );
    }

    #[test]
    fn filters_by_type_and_time() {
        let mut opts = ExportOptions {
            format: Format::Jsonl,
            types: vec!["Case.Updated".into()],
            since: None,
            page_size: 25,
        };
        assert!(!wanted(&event(), &opts));
        opts.types.clear();
        assert!(wanted(&event(), &opts));
        opts.since = Some(Utc::now());
        assert!(!wanted(&event(), &opts));
    }
}
