//! JSON value builders and lookups over a field list `[(id, value)]`.

use serde_json::{Map, Value};

/// A JSON object from `(key, value)` pairs, the values moved in (no re-serialization).
pub(super) fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = Map::with_capacity(N);
    for (k, v) in pairs {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

pub(super) fn st(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

pub(super) fn sv(s: impl Into<String>) -> Value {
    obj([("stringValue", st(s))])
}

pub(super) fn dv(x: f64) -> Value {
    obj([("doubleValue", Value::from(x))])
}

pub(super) fn bv(b: bool) -> Value {
    obj([("booleanValue", Value::Bool(b))])
}

pub(super) fn uv(arn: String) -> Value {
    obj([("userArnValue", st(arn))])
}

pub(super) fn empty() -> Value {
    obj([("emptyValue", Value::Object(Map::new()))])
}

pub(super) fn money(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(super) fn fields_json(fields: &[(String, Value)]) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|(id, v)| obj([("id", st(id)), ("value", v.clone())]))
            .collect(),
    )
}

pub(super) fn get<'a>(fields: &'a [(String, Value)], id: &str) -> Option<&'a Value> {
    fields.iter().find(|(f, _)| f == id).map(|(_, v)| v)
}

pub(super) fn get_str<'a>(fields: &'a [(String, Value)], id: &str) -> &'a str {
    get(fields, id)
        .and_then(|v| v.get("stringValue"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub(super) fn set(fields: &mut Vec<(String, Value)>, id: &str, v: Value) {
    match fields.iter_mut().find(|(f, _)| f == id) {
        Some(slot) => slot.1 = v,
        None => fields.push((id.to_string(), v)),
    }
}

pub(super) fn remove(fields: &mut Vec<(String, Value)>, id: &str) {
    fields.retain(|(f, _)| f != id);
}
