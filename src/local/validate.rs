//! Request validation derived from the API model: required members, lengths, list and map sizes,
//! enums, patterns, unions, numeric ranges and JSON types. Messages follow AWS's wording, e.g.
//! `1 validation error detected: Value at 'content.comment.body' failed to satisfy constraint:
//! Member must have length less than or equal to 15000`.

use serde_json::Value;

use super::error::ServiceError;
use super::spec::{MODEL, Shape, ShapeKind};

/// Checks `input` (the merged request: labels, query and body members) against the input shape.
/// Members the model does not know are ignored, as AWS does.
pub fn validate_input(shape: &str, input: &Value) -> Result<(), ServiceError> {
    validate_member(shape, input, "")
}

/// Checks one `value` at `path` against `shape`, with the same messages as [`validate_input`]:
/// for a rule the model states on a shape that another operation's member does not use.
pub fn validate_member(shape: &str, value: &Value, path: &str) -> Result<(), ServiceError> {
    let mut problems = Vec::new();
    check(shape, value, path, &mut problems);
    if problems.is_empty() {
        return Ok(());
    }
    let n = problems.len();
    let noun = if n == 1 { "error" } else { "errors" };
    Err(ServiceError::validation(format!(
        "{n} validation {noun} detected: {}",
        problems.join("; ")
    )))
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// A short rendering of a scalar for messages; long or structured values are left out.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() <= 64 => format!("'{s}' "),
        Value::Number(n) => format!("'{n}' "),
        Value::Bool(b) => format!("'{b}' "),
        _ => String::new(),
    }
}

fn fail(problems: &mut Vec<String>, value: &Value, path: &str, constraint: impl AsRef<str>) {
    problems.push(format!(
        "Value {}at '{path}' failed to satisfy constraint: Member must {}",
        shown(value),
        constraint.as_ref()
    ));
}

fn check(shape_name: &str, value: &Value, path: &str, problems: &mut Vec<String>) {
    let shape = MODEL.shape(shape_name);
    match &shape.kind {
        ShapeKind::String => match value {
            Value::String(s) => {
                check_length(shape, s.chars().count(), path, "length", problems);
                if let Some(pattern) = &shape.pattern
                    && !super::patterns::satisfies(shape_name, s)
                {
                    // A sensitive value (a customer's entity, a case title) is not echoed.
                    let shown = if shape.sensitive { &Value::Null } else { value };
                    fail(
                        problems,
                        shown,
                        path,
                        format!("satisfy regular expression pattern: {pattern}"),
                    );
                }
                if let Some(allowed) = &shape.enum_values
                    && !allowed.iter().any(|a| a == s)
                {
                    fail(
                        problems,
                        value,
                        path,
                        format!("satisfy enum value set: [{}]", allowed.join(", ")),
                    );
                }
            }
            _ => fail(problems, value, path, "be a string"),
        },
        ShapeKind::Boolean => {
            if !value.is_boolean() {
                fail(problems, value, path, "be a boolean");
            }
        }
        ShapeKind::Integer | ShapeKind::Long => {
            let bounds = if matches!(shape.kind, ShapeKind::Integer) {
                (i64::from(i32::MIN), i64::from(i32::MAX))
            } else {
                (i64::MIN, i64::MAX)
            };
            match value.as_i64() {
                Some(n) if n >= bounds.0 && n <= bounds.1 => {
                    check_range(shape, n as f64, value, path, problems)
                }
                _ => fail(problems, value, path, "be an integer"),
            }
        }
        ShapeKind::Double => match value {
            Value::Number(n) => {
                check_range(shape, n.as_f64().unwrap_or(f64::NAN), value, path, problems)
            }
            // rest-json sends non-finite doubles as strings (the CLI sends `Infinity`). Every
            // double in the model is a field value or a rule operand: a value that is not a
            // number cannot be compared or sorted, so it is refused wherever it is written or
            // searched for.
            Value::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => fail(
                problems,
                value,
                path,
                "be a finite number (NaN and Infinity cannot be compared or sorted); send a \
                 number",
            ),
            _ => fail(problems, value, path, "be a number"),
        },
        ShapeKind::Timestamp => {
            let ok = match value {
                Value::Number(_) => true,
                Value::String(s) => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
                _ => false,
            };
            if !ok {
                fail(
                    problems,
                    value,
                    path,
                    "be an ISO-8601 timestamp or epoch seconds",
                );
            }
        }
        ShapeKind::Blob => {
            if !value.is_string() {
                fail(problems, value, path, "be a base64 string");
            }
        }
        ShapeKind::Document => {}
        ShapeKind::List { member, sparse } => {
            let Value::Array(items) = value else {
                return fail(problems, value, path, "be a list");
            };
            check_length(shape, items.len(), path, "length", problems);
            for (i, item) in items.iter().enumerate() {
                let item_path = format!("{path}.{}.member", i + 1);
                if item.is_null() {
                    if !sparse {
                        fail(problems, item, &item_path, "not be null");
                    }
                } else {
                    check(member, item, &item_path, problems);
                }
            }
        }
        ShapeKind::Map {
            key,
            value: value_shape,
            sparse,
        } => {
            let Value::Object(entries) = value else {
                return fail(problems, value, path, "be a map");
            };
            check_length(shape, entries.len(), path, "length", problems);
            for (k, v) in entries {
                check(
                    key,
                    &Value::String(k.clone()),
                    &format!("{path}.key"),
                    problems,
                );
                if v.is_null() {
                    if !sparse {
                        fail(problems, v, &join(path, k), "not be null");
                    }
                } else {
                    check(value_shape, v, &join(path, k), problems);
                }
            }
        }
        ShapeKind::Structure {
            members,
            required,
            union,
        } => {
            let Value::Object(fields) = value else {
                return fail(problems, value, path, "be a structure");
            };
            for member in members {
                match fields.get(&member.name) {
                    None | Some(Value::Null) => {
                        if required.contains(&member.name) {
                            problems.push(format!(
                                "Value null at '{}' failed to satisfy constraint: Member must not be null",
                                join(path, &member.name)
                            ));
                        }
                    }
                    Some(v) => check(&member.shape, v, &join(path, &member.name), problems),
                }
            }
            if *union {
                let set: Vec<&str> = members
                    .iter()
                    .filter(|m| fields.get(&m.name).is_some_and(|v| !v.is_null()))
                    .map(|m| m.name.as_str())
                    .collect();
                if set.len() != 1 {
                    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
                    let found = if set.is_empty() {
                        "none is".to_owned()
                    } else {
                        format!("{} are", set.join(", "))
                    };
                    problems.push(format!(
                        "Value at '{}' failed to satisfy constraint: Member must have exactly one of [{}] set, but {found} set",
                        if path.is_empty() { "input" } else { path },
                        names.join(", ")
                    ));
                }
            }
        }
    }
}

fn check_length(shape: &Shape, len: usize, path: &str, what: &str, problems: &mut Vec<String>) {
    // Lengths and sizes are reported without the value, as AWS does for long inputs.
    if let Some(min) = shape.min
        && (len as f64) < min
    {
        fail(
            problems,
            &Value::Null,
            path,
            format!("have {what} greater than or equal to {min}"),
        );
    }
    if let Some(max) = shape.max
        && (len as f64) > max
    {
        fail(
            problems,
            &Value::Null,
            path,
            format!("have {what} less than or equal to {max}"),
        );
    }
}

fn check_range(shape: &Shape, n: f64, value: &Value, path: &str, problems: &mut Vec<String>) {
    if let Some(min) = shape.min
        && n < min
    {
        fail(
            problems,
            value,
            path,
            format!("have value greater than or equal to {min}"),
        );
    }
    if let Some(max) = shape.max
        && n > max
    {
        fail(
            problems,
            value,
            path,
            format!("have value less than or equal to {max}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(shape: &str, input: Value) -> String {
        validate_input(shape, &input).unwrap_err().message
    }

    #[test]
    fn comment_body_too_long_names_the_path() {
        let input = json!({"domainId": "d", "caseId": "c", "type": "Comment",
            "content": {"comment": {"body": "x".repeat(15001), "contentType": "Text/Plain"}}});
        assert_eq!(
            message("CreateRelatedItemRequest", input),
            "1 validation error detected: Value at 'content.comment.body' failed to satisfy constraint: Member must have length less than or equal to 15000"
        );
    }

    #[test]
    fn required_enum_union_and_range() {
        let m = message("ListDomainsRequest", json!({"maxResults": 0}));
        assert_eq!(
            m,
            "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"
        );
        let m = message(
            "CreateRelatedItemRequest",
            json!({"domainId": "d", "caseId": "c", "type": "Nope", "content": {}}),
        );
        assert!(m.starts_with("2 validation errors detected: "), "{m}");
        assert!(m.contains("Value 'Nope' at 'type' failed to satisfy constraint: Member must satisfy enum value set: ["), "{m}");
        assert!(
            m.contains(
                "at 'content' failed to satisfy constraint: Member must have exactly one of ["
            ),
            "{m}"
        );
        let m = message("GetCaseRequest", json!({"domainId": "d", "fields": []}));
        assert!(
            m.contains(
                "Value null at 'caseId' failed to satisfy constraint: Member must not be null"
            ),
            "{m}"
        );
    }

    #[test]
    fn patterns_are_checked_with_aws_wording() {
        let m = message(
            "GetCaseRequest",
            json!({"domainId": "d", "caseId": "bad id!", "fields": [{"id": "title"}]}),
        );
        assert_eq!(
            m,
            "1 validation error detected: Value 'bad id!' at 'caseId' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9\\-._/:#=+-]*"
        );
        let m = message(
            "CreateFieldRequest",
            json!({"domainId": "d", "name": "   ", "type": "Text"}),
        );
        assert!(
            m.contains("Value '   ' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: .*[\\S]"),
            "{m}"
        );
        let m = message(
            "UntagResourceRequest",
            json!({"arn": "a", "tagKeys": ["team", "aws:x"]}),
        );
        assert!(m.starts_with("1 validation error detected: Value 'aws:x' at 'tagKeys.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!aws:)"), "{m}");
        let m = message(
            "CreateCaseRequest",
            json!({"domainId": "d", "templateId": "t", "fields": [], "tags": {"AWS:x": "v"}}),
        );
        assert!(m.contains("Value 'AWS:x' at 'tags.key' failed to satisfy constraint: Member must satisfy regular expression pattern: (?![aA][wW][sS]:)"), "{m}");
    }

    #[test]
    fn sensitive_values_are_not_echoed() {
        let input = json!({"domainId": "d", "caseId": "c", "type": "Comment",
            "content": {"comment": {"body": "b", "contentType": "Text/Plain"}},
            "performedBy": {"customEntity": "bad#entity!"}});
        let m = message("CreateRelatedItemRequest", input);
        assert_eq!(
            m,
            "1 validation error detected: Value at 'performedBy.customEntity' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_\\-\\.@:/ ]*[a-zA-Z0-9_\\-\\.@:/]"
        );
    }

    #[test]
    fn unknown_members_are_ignored_and_types_are_checked() {
        validate_input("ListDomainsRequest", &json!({"whatever": [1, 2]})).unwrap();
        let m = message("ListDomainsRequest", json!({"maxResults": "ten"}));
        assert!(m.contains("Value 'ten' at 'maxResults' failed to satisfy constraint: Member must be an integer"), "{m}");
    }
}
