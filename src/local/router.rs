//! Maps an HTTP request to an operation of the model and its merged input: path labels, query
//! members and body members, by member name.

use serde_json::{Map, Value};

use super::error::ServiceError;
use super::spec::{Location, MODEL, Operation, ShapeKind};

/// The operation whose `requestUri` template and method match, with its decoded path labels.
pub fn match_route(
    method: &str,
    raw_path: &str,
) -> Option<(&'static Operation, Map<String, Value>)> {
    let candidates = || {
        MODEL
            .operations
            .iter()
            .filter(|op| op.method.eq_ignore_ascii_case(method))
    };
    // Exact first; then forgive a missing or extra trailing slash (clients built by hand).
    candidates()
        .find_map(|op| match_template(template_path(op), raw_path).map(|l| (op, l)))
        .or_else(|| {
            let toggled = match raw_path.strip_suffix('/') {
                Some(stripped) if !stripped.is_empty() => stripped.to_owned(),
                Some(_) => return None,
                None => format!("{raw_path}/"),
            };
            candidates().find_map(|op| match_template(template_path(op), &toggled).map(|l| (op, l)))
        })
}

fn template_path(op: &Operation) -> &str {
    op.request_uri.split('?').next().unwrap_or_default()
}

/// Matches a raw (percent-encoded) path against a template like `/domains/{domainId}/cases`.
/// A label takes one non-empty path segment, and is percent-decoded.
fn match_template(template: &str, raw_path: &str) -> Option<Map<String, Value>> {
    let mut labels = Map::new();
    let mut rest_template = template;
    let mut rest_path = raw_path;
    while !rest_template.is_empty() {
        if let Some(after_brace) = rest_template.strip_prefix('{') {
            let end = after_brace.find('}')?;
            let name = after_brace[..end].trim_end_matches('+');
            rest_template = &after_brace[end + 1..];
            let seg_len = rest_path.find('/').unwrap_or(rest_path.len());
            if seg_len == 0 {
                return None;
            }
            let value = percent_decode(&rest_path[..seg_len])?;
            labels.insert(name.to_owned(), Value::String(value));
            rest_path = &rest_path[seg_len..];
        } else {
            let lit_len = rest_template.find('{').unwrap_or(rest_template.len());
            rest_path = strip_literal(rest_path, &rest_template[..lit_len])?;
            rest_template = &rest_template[lit_len..];
        }
    }
    rest_path.is_empty().then_some(labels)
}

/// Strips `literal` from the start of a raw path, where a client may have percent-encoded any
/// character but `/` (e.g. the `:` of `/cases:batchCreateRelatedItem` as `%3A`).
fn strip_literal<'a>(raw_path: &'a str, literal: &str) -> Option<&'a str> {
    let mut rest = raw_path;
    for c in literal.chars() {
        if let Some(after) = rest.strip_prefix(c) {
            rest = after;
        } else if c != '/' && c.is_ascii() {
            let escape = rest.get(..3).filter(|e| e.starts_with('%'))?;
            (u8::from_str_radix(&escape[1..], 16).ok()? == c as u8).then_some(())?;
            rest = &rest[3..];
        } else {
            return None;
        }
    }
    Some(rest)
}

/// Decodes `%XX` escapes; `None` when an escape is broken or the result is not UTF-8.
pub fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Builds the merged input of `op` from its labels, the raw query string and the body.
pub fn build_input(
    op: &Operation,
    labels: Map<String, Value>,
    query: Option<&str>,
    body: &[u8],
) -> Result<Value, ServiceError> {
    let mut body = parse_body(body)?;
    let mut input = Map::new();
    let Some(shape) = &op.input else {
        return Ok(Value::Object(input));
    };
    let pairs = parse_query(query.unwrap_or_default())?;
    for member in MODEL.members(shape) {
        let value = match member.location {
            Location::Body => body.remove(&member.location_name),
            Location::Uri => labels.get(&member.location_name).cloned(),
            Location::Query => query_value(&member.shape, &member.location_name, &pairs),
            // No request member of this model travels in a header.
            Location::Header => None,
        };
        if let Some(value) = value {
            input.insert(member.name.clone(), value);
        }
    }
    Ok(Value::Object(input))
}

fn parse_body(body: &[u8]) -> Result<Map<String, Value>, ServiceError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ServiceError::validation(
            "The request body must be a JSON object",
        )),
        Err(e) => Err(ServiceError::validation(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}

fn parse_query(query: &str) -> Result<Vec<(String, String)>, ServiceError> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match (percent_decode(k), percent_decode(v)) {
                (Some(k), Some(v)) => Ok((k, v)),
                _ => Err(ServiceError::validation(format!(
                    "The query string parameter '{pair}' is not valid percent-encoded UTF-8"
                ))),
            }
        })
        .collect()
}

/// The value of a query member, typed by its shape; a list repeats its key.
fn query_value(shape: &str, key: &str, pairs: &[(String, String)]) -> Option<Value> {
    let mut values = pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str());
    match &MODEL.shape(shape).kind {
        ShapeKind::List { member, .. } => {
            let items: Vec<Value> = values.map(|v| scalar(member, v)).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        _ => values.next().map(|v| scalar(shape, v)),
    }
}

/// A query string value as JSON of its shape's type; left a string when it does not parse, so
/// that validation reports it.
fn scalar(shape: &str, raw: &str) -> Value {
    match &MODEL.shape(shape).kind {
        ShapeKind::Integer | ShapeKind::Long => raw
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| raw.into()),
        ShapeKind::Double => raw
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| raw.into(), Value::Number),
        ShapeKind::Boolean => match raw {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => raw.into(),
        },
        _ => raw.into(),
    }
}

/// Keeps only the members of the output shape that travel in the body.
pub fn render_output(op: &Operation, output: Value) -> Value {
    let (Some(shape), Value::Object(mut fields)) = (&op.output, output) else {
        return Value::Object(Map::new());
    };
    let mut body = Map::new();
    for member in MODEL.members(shape) {
        if member.location == Location::Body
            && let Some(v) = fields.remove(&member.name)
        {
            body.insert(member.location_name.clone(), v);
        }
    }
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: &str, path: &str) -> (String, Value) {
        let (op, labels) = match_route(method, path).expect("route matches");
        (op.name.clone(), Value::Object(labels))
    }

    #[test]
    fn routes_match_templates() {
        assert_eq!(route("POST", "/domains/d1/cases/c1").0, "GetCase");
        assert_eq!(route("PUT", "/domains/d1/cases/c1").0, "UpdateCase");
        assert_eq!(route("POST", "/domains/d1/cases-search").0, "SearchCases");
        assert_eq!(route("POST", "/domains-list").0, "ListDomains");
        assert_eq!(
            route("POST", "/domains/d1/cases/c1/related-items/").0,
            "CreateRelatedItem"
        );
        assert_eq!(
            route("POST", "/cases:batchCreateRelatedItem").0,
            "BatchCreateRelatedItem"
        );
        assert_eq!(route("POST", "/domains/d1/rules-list/").0, "ListCaseRules");
        let (op, labels) = route(
            "GET",
            "/tags/arn%3Aaws%3Acases%3Aus-east-1%3A1%3Adomain%2Fd1",
        );
        assert_eq!(op, "ListTagsForResource");
        assert_eq!(labels["arn"], "arn:aws:cases:us-east-1:1:domain/d1");
        assert!(match_route("GET", "/domains/d1").is_none());
        assert!(match_route("POST", "/domains//cases").is_none());
    }

    #[test]
    fn query_lists_repeat_their_key() {
        let op = MODEL.operation("UntagResource").unwrap();
        let (_, labels) = match_route("DELETE", "/tags/a").unwrap();
        let input = build_input(op, labels, Some("tagKeys=k1&tagKeys=k%202"), b"").unwrap();
        assert_eq!(
            input,
            serde_json::json!({"arn": "a", "tagKeys": ["k1", "k 2"]})
        );
        let op = MODEL.operation("ListDomains").unwrap();
        let input = build_input(op, Map::new(), Some("maxResults=5"), b"").unwrap();
        assert_eq!(input, serde_json::json!({"maxResults": 5}));
    }
}
