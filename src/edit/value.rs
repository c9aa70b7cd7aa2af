//! Parsing what a user types into a field value of the field's type, and the checks a draft must
//! pass before anything is sent.

use super::draft::Content;
use crate::model::{FieldDef, FieldOption, FieldType, FieldValue, SYSTEM_FIELDS};

/// The longest comment the service accepts, in characters.
pub const MAX_COMMENT_CHARS: usize = crate::limits::MAX_COMMENT_CHARS;
/// The most fields a custom item may hold.
pub const MAX_CUSTOM_FIELDS: usize = crate::limits::MAX_CUSTOM_FIELDS;
/// The longest string value the service accepts, in characters.
pub const MAX_STRING_CHARS: usize = crate::limits::MAX_STRING_CHARS;

/// Parses `input` as a value of `def`'s type. An empty input is the empty value. `options` are the
/// field's options (SingleSelect only). The error says what is wrong and what is expected.
pub fn parse_value(
    input: &str,
    def: &FieldDef,
    options: &[FieldOption],
) -> Result<FieldValue, String> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(FieldValue::Empty);
    }
    match &def.field_type {
        FieldType::Number => {
            let n: f64 = text
                .replace('_', "")
                .parse()
                .map_err(|_| format!("'{text}' is not a number; type digits like 42 or 19.99"))?;
            if n.is_finite() {
                Ok(FieldValue::Double(n))
            } else {
                Err(format!("'{text}' is not a finite number"))
            }
        }
        FieldType::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "on" => Ok(FieldValue::Bool(true)),
            "false" | "no" | "n" | "0" | "off" => Ok(FieldValue::Bool(false)),
            _ => Err(format!("'{text}' is not a yes/no value; type yes or no")),
        },
        FieldType::DateTime => parse_datetime(text).map(FieldValue::String),
        FieldType::User => {
            if is_connect_user_arn(text) {
                Ok(FieldValue::UserArn(text.to_string()))
            } else {
                Err(format!(
                    "'{text}' is not a Connect user ARN; expected arn:aws:connect:REGION:ACCOUNT:instance/ID/agent/ID"
                ))
            }
        }
        FieldType::SingleSelect => {
            let found = options.iter().find(|o| {
                o.value == text
                    || o.name.eq_ignore_ascii_case(text)
                    || o.value.eq_ignore_ascii_case(text)
            });
            match found {
                Some(o) if o.active => Ok(FieldValue::String(o.value.clone())),
                Some(o) => Err(format!("option '{}' is inactive; choose another", o.name)),
                None if options.is_empty() => Ok(FieldValue::String(text.to_string())),
                None => Err(format!(
                    "'{text}' is not an option; choose one of: {}",
                    options
                        .iter()
                        .filter(|o| o.active)
                        .map(|o| o.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
        FieldType::Url => {
            let rest = text
                .strip_prefix("https://")
                .or_else(|| text.strip_prefix("http://"));
            if let Some(rest) = rest {
                if url_host(rest).is_empty() {
                    return Err(format!(
                        "'{text}' has no host; type the whole address, e.g. https://example.com/page"
                    ));
                }
                check_len(text, &def.id).map(|()| FieldValue::String(text.to_string()))
            } else {
                Err(format!(
                    "'{text}' is not a URL; it must start with https:// or http://"
                ))
            }
        }
        FieldType::Text | FieldType::Other(_) => {
            check_len(input, &def.id).map(|()| FieldValue::String(input.to_string()))
        }
    }
}

/// The host of a URL after its scheme: up to the path, query or fragment, without the user and
/// the port.
fn url_host(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host,
    };
    host.trim()
}

/// The service's length limit for the field (the summary's is shorter than the others').
fn check_len(text: &str, field_id: &str) -> Result<(), String> {
    let n = text.chars().count();
    let max = crate::limits::max_string_chars(field_id);
    if n > max {
        Err(format!(
            "{n} characters is too long; the service takes at most {max}"
        ))
    } else {
        Ok(())
    }
}

/// Accepts RFC 3339 (`2026-11-29T14:00:00Z`), a date and time without zone (taken as UTC) or a
/// bare date; answers the canonical UTC form the service stores.
fn parse_datetime(text: &str) -> Result<String, String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
    let utc = if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        t.with_timezone(&Utc)
    } else if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        t.and_utc()
    } else if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S") {
        t.and_utc()
    } else if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
    } else {
        return Err(format!(
            "'{text}' is not a date/time; type 2026-11-29, 2026-11-29 14:30 or 2026-11-29T14:30:00Z"
        ));
    };
    Ok(utc.to_rfc3339_opts(SecondsFormat::Millis, true))
}

fn is_connect_user_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "connect"
        && parts[5].starts_with("instance/")
        && parts[5].contains("/agent/")
        && !s.chars().any(char::is_whitespace)
}

/// Does `value` have the shape the service expects for a field of `field_type`?
pub fn value_fits(field_type: &FieldType, value: &FieldValue) -> bool {
    matches!(
        (field_type, value),
        (_, FieldValue::Empty)
            | (FieldType::Number, FieldValue::Double(_))
            | (FieldType::Boolean, FieldValue::Bool(_))
            | (FieldType::User, FieldValue::UserArn(_))
            | (
                FieldType::Text
                    | FieldType::Url
                    | FieldType::SingleSelect
                    | FieldType::DateTime
                    | FieldType::Other(_),
                FieldValue::String(_)
            )
    )
}

/// The checks a draft's content must pass before it is sent. Each problem is one sentence.
pub fn check_content(content: &Content, fields: &[FieldDef]) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    match content {
        Content::Comment(body) => {
            let n = body.chars().count();
            if body.trim().is_empty() {
                problems.push("the comment is empty; write something or discard it with u".into());
            } else if n > MAX_COMMENT_CHARS {
                problems.push(format!(
                    "the comment has {n} characters; the service takes at most {MAX_COMMENT_CHARS}"
                ));
            }
        }
        Content::CaseFields(_) => {}
        Content::NewCase { fields: list, .. } => {
            problems.extend(super::case::check_new_case(list, fields, &[]));
        }
        Content::SlaTarget { minutes, .. } => {
            if let Err(reason) = super::sla::parse_sla_minutes(&minutes.to_string()) {
                problems.push(reason);
            }
        }
        Content::Custom(list) => {
            if list.is_empty() {
                problems
                    .push("a custom item needs at least one field; restore one with Enter".into());
            }
            if list.len() > MAX_CUSTOM_FIELDS {
                problems.push(format!(
                    "{} fields is too many; a custom item holds at most {MAX_CUSTOM_FIELDS}",
                    list.len()
                ));
            }
            for entry in list {
                if SYSTEM_FIELDS.contains(&entry.id.as_str())
                    || fields.iter().any(|f| f.id == entry.id && f.system)
                {
                    problems.push(format!(
                        "'{}' is a system field and cannot be in a custom item",
                        entry.id
                    ));
                    continue;
                }
                match fields.iter().find(|f| f.id == entry.id) {
                    None if !fields.is_empty() => problems.push(format!(
                        "field '{}' does not exist in this domain",
                        entry.id
                    )),
                    Some(def) if !value_fits(&def.field_type, &entry.value) => {
                        problems.push(format!(
                            "field '{}' is {} but holds a value of another type",
                            def.name,
                            def.field_type.as_str()
                        ))
                    }
                    _ => {}
                }
            }
        }
    }
    if let Content::CaseFields(list) = content {
        problems.extend(super::case::check_case_fields(list, fields, &[]));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldEntry;

    fn def(t: FieldType) -> FieldDef {
        FieldDef {
            id: "f".into(),
            name: "F".into(),
            field_type: t,
            system: false,
            description: None,
        }
    }

    #[test]
    fn parses_each_type_and_refuses_with_a_reason() {
        assert_eq!(
            parse_value("19.5", &def(FieldType::Number), &[]),
            Ok(FieldValue::Double(19.5))
        );
        let err = parse_value("twelve", &def(FieldType::Number), &[]).unwrap_err();
        assert!(err.contains("not a number"), "{err}");
        assert_eq!(
            parse_value("Yes", &def(FieldType::Boolean), &[]),
            Ok(FieldValue::Bool(true))
        );
        assert!(parse_value("maybe", &def(FieldType::Boolean), &[]).is_err());
        assert_eq!(
            parse_value("2026-11-29 14:30", &def(FieldType::DateTime), &[]),
            Ok(FieldValue::String("2026-11-29T14:30:00.000Z".into()))
        );
        assert!(parse_value("yesterday", &def(FieldType::DateTime), &[]).is_err());
        let arn = "arn:aws:connect:us-east-1:123456789012:instance/abc/agent/def";
        assert_eq!(
            parse_value(arn, &def(FieldType::User), &[]),
            Ok(FieldValue::UserArn(arn.into()))
        );
        assert!(parse_value("arn:aws:iam::1:user/x", &def(FieldType::User), &[]).is_err());
        let options = vec![
            FieldOption {
                name: "High".into(),
                value: "high".into(),
                active: true,
            },
            FieldOption {
                name: "Old".into(),
                value: "old".into(),
                active: false,
            },
        ];
        assert_eq!(
            parse_value("High", &def(FieldType::SingleSelect), &options),
            Ok(FieldValue::String("high".into()))
        );
        assert!(
            parse_value("old", &def(FieldType::SingleSelect), &options)
                .unwrap_err()
                .contains("inactive")
        );
        assert!(
            parse_value("nope", &def(FieldType::SingleSelect), &options)
                .unwrap_err()
                .contains("high")
        );
        assert_eq!(
            parse_value("  ", &def(FieldType::Number), &[]),
            Ok(FieldValue::Empty)
        );
        assert!(parse_value("ftp://x", &def(FieldType::Url), &[]).is_err());
        for no_host in [
            "http://",
            "https://",
            "https:///path",
            "http://:8080/",
            "http://user@/x",
        ] {
            let err = parse_value(no_host, &def(FieldType::Url), &[]).unwrap_err();
            assert!(err.contains("has no host"), "{no_host}: {err}");
        }
        for ok in [
            "https://example.com",
            "http://h:8080/p?q#f",
            "https://u@h/x",
        ] {
            assert!(parse_value(ok, &def(FieldType::Url), &[]).is_ok(), "{ok}");
        }
        assert!(parse_value(&"x".repeat(4101), &def(FieldType::Text), &[]).is_err());
        let summary = FieldDef {
            id: "summary".into(),
            ..def(FieldType::Text)
        };
        let err = parse_value(&"x".repeat(3001), &summary, &[]).unwrap_err();
        assert!(err.contains("at most 3000"), "{err}");
        assert!(parse_value(&"x".repeat(3000), &summary, &[]).is_ok());
    }

    #[test]
    fn content_checks_cover_the_service_rules() {
        assert!(check_content(&Content::Comment("ok".into()), &[]).is_ok());
        assert!(check_content(&Content::Comment(" ".into()), &[]).is_err());
        let long = check_content(&Content::Comment("x".repeat(15_001)), &[]).unwrap_err();
        assert!(long[0].contains("15000"), "{long:?}");
        assert!(check_content(&Content::Comment("x".repeat(15_000)), &[]).is_ok());

        let defs = vec![def(FieldType::Number)];
        let ok = Content::Custom(vec![FieldEntry::new("f", FieldValue::Double(1.0))]);
        assert!(check_content(&ok, &defs).is_ok());
        let wrong = Content::Custom(vec![FieldEntry::new("f", FieldValue::String("1".into()))]);
        assert!(check_content(&wrong, &defs).is_err());
        let system = Content::Custom(vec![FieldEntry::new(
            "title",
            FieldValue::String("x".into()),
        )]);
        assert!(check_content(&system, &defs).unwrap_err()[0].contains("system"));
        let unknown = Content::Custom(vec![FieldEntry::new("nope", FieldValue::Empty)]);
        assert!(check_content(&unknown, &defs).is_err());
        assert!(check_content(&Content::Custom(vec![]), &defs).is_err());
        let many = Content::Custom(
            (0..51)
                .map(|_| FieldEntry::new("f", FieldValue::Empty))
                .collect(),
        );
        assert!(
            check_content(&many, &defs)
                .unwrap_err()
                .iter()
                .any(|p| p.contains("at most 50"))
        );
    }
}
