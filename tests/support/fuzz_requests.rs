//! Requests for the fuzz harness: built from the API model (every operation, bodies from its
//! shapes with known ids from the demo data) and then mutated, or made with no regard for the
//! model at all, or with an Authorization header that is almost right. All from one
//! `fastrand::Rng`, so a seed names a request.

use std::collections::HashMap;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use cases_tui::local::spec::{Location, MODEL, Operation, ShapeKind};
use serde_json::{Map, Value, json};

/// Strings that tend to break things.
pub const NASTY: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "a\u{0}b",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\r\n\t\u{8}\u{7f}",
    "\u{202e}evil\u{202c}",
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "日本語のテキスト",
    "مرحبا بالعالم",
    "e\u{301}\u{301}\u{301}",
    "\u{200b}\u{200d}\u{feff}",
    "%",
    "%zz",
    "%ff",
    "../..",
    "/",
    "?a=b&c",
    "#frag",
    "'\"\\",
    "null",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "9223372036854775808",
    "1970-01-01T00:00:00Z",
    "2026-13-45T99:99:99Z",
    "Comment",
    "Custom",
    "Text/Plain",
    "open",
    "closed",
];

pub fn random_string(rng: &mut fastrand::Rng, max: usize) -> String {
    match rng.u8(..10) {
        0..=2 => NASTY[rng.usize(..NASTY.len())].to_owned(),
        3 => "x".repeat(rng.usize(..=max.max(1) * 2 + 1)),
        4 => (0..rng.usize(..=16))
            .map(|_| char::from_u32(rng.u32(..0x11_0000)).unwrap_or('\u{fffd}'))
            .collect(),
        5 => (0..rng.usize(..=16))
            .map(|_| rng.u8(..0x80) as char)
            .collect(),
        _ => (0..rng.usize(1..=12)).map(|_| rng.alphanumeric()).collect(),
    }
}

pub struct Gen<'a> {
    pub rng: fastrand::Rng,
    pub ids: &'a HashMap<String, Vec<String>>,
}

impl Gen<'_> {
    fn known_id(&mut self, hint: &str) -> Option<String> {
        let key = if hint == "fieldId" || hint == "id" {
            "fieldId"
        } else {
            hint
        };
        let list = self.ids.get(key)?;
        (!list.is_empty()).then(|| list[self.rng.usize(..list.len())].clone())
    }

    /// A value of `shape`, mostly valid, sometimes not; `hint` is the member's name.
    fn value(&mut self, shape_name: &str, hint: &str, depth: usize) -> Value {
        if self.rng.u8(..100) < 3 {
            return self.anything(depth);
        }
        let shape = MODEL.shape(shape_name);
        let min = shape.min.unwrap_or(0.0);
        let max = shape.max.unwrap_or(1e6);
        match &shape.kind {
            ShapeKind::String => {
                if let Some(values) = &shape.enum_values
                    && self.rng.u8(..10) < 8
                {
                    return Value::String(values[self.rng.usize(..values.len())].clone());
                }
                let id_like = hint.ends_with("Id") || hint == "id" || hint == "arn";
                if self.rng.u8(..20) < if id_like { 19 } else { 6 }
                    && let Some(id) = self.known_id(hint)
                {
                    return Value::String(id);
                }
                let s = if self.rng.bool() {
                    random_string(&mut self.rng, max.min(64.0) as usize)
                } else {
                    let len = self
                        .rng
                        .usize(min as usize..=(max.min(40.0) as usize).max(min as usize));
                    (0..len).map(|_| self.rng.alphanumeric()).collect()
                };
                Value::String(s)
            }
            ShapeKind::Boolean => Value::Bool(self.rng.bool()),
            ShapeKind::Integer | ShapeKind::Long => match self.rng.u8(..10) {
                0 => json!(i64::MAX),
                1 => json!(u64::MAX),
                2 => json!(-1),
                3 => json!(1.5),
                _ => {
                    let lo = min as i64;
                    json!(self.rng.i64(lo..=(max.min(1e9) as i64).max(lo)))
                }
            },
            ShapeKind::Double => match self.rng.u8(..6) {
                0 => json!("NaN"),
                1 => json!(f64::MAX),
                2 => json!(-0.0),
                _ => json!(self.rng.f64() * 1e6 - 5e5),
            },
            ShapeKind::Timestamp => match self.rng.u8(..4) {
                0 => json!(self.rng.i64(..)),
                1 => json!("2026-01-01T00:00:00Z"),
                2 => json!(1_767_225_600.5),
                _ => Value::String(random_string(&mut self.rng, 30)),
            },
            ShapeKind::Blob => Value::String(random_string(&mut self.rng, 30)),
            ShapeKind::Document => self.anything(depth),
            ShapeKind::List { member, .. } => {
                if depth > 8 {
                    return json!([]);
                }
                let lo = min as usize;
                let hi = (max.min(6.0) as usize).max(lo);
                let n = if self.rng.u8(..20) == 0 {
                    hi + 1 + self.rng.usize(..3)
                } else {
                    self.rng.usize(lo..=hi)
                };
                Value::Array(
                    (0..n)
                        .map(|_| self.value(member, hint, depth + 1))
                        .collect(),
                )
            }
            ShapeKind::Map { key, value, .. } => {
                if depth > 8 {
                    return json!({});
                }
                let n = self
                    .rng
                    .usize(min as usize..=(max.min(4.0) as usize).max(min as usize));
                let mut map = Map::new();
                for _ in 0..n {
                    let k = match self.value(key, "key", depth + 1) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    map.insert(k, self.value(value, hint, depth + 1));
                }
                Value::Object(map)
            }
            ShapeKind::Structure {
                members,
                required,
                union,
            } => {
                if depth > 8 {
                    return json!({});
                }
                let mut map = Map::new();
                if *union {
                    let n = match self.rng.u8(..20) {
                        0 => 0,
                        1 => 2.min(members.len()),
                        _ => 1,
                    };
                    for _ in 0..n {
                        let m = &members[self.rng.usize(..members.len())];
                        let v = self.value(&m.shape, &m.name, depth + 1);
                        map.insert(m.location_name.clone(), v);
                    }
                } else {
                    for m in members {
                        let wanted = if required.contains(&m.name) {
                            self.rng.u8(..50) != 0
                        } else {
                            self.rng.u8(..10) < 4
                        };
                        if wanted {
                            let v = self.value(&m.shape, &m.name, depth + 1);
                            map.insert(m.location_name.clone(), v);
                        }
                    }
                }
                if self.rng.u8(..20) == 0 {
                    map.insert(random_string(&mut self.rng, 8), self.anything(depth + 1));
                }
                Value::Object(map)
            }
        }
    }

    /// Any JSON at all.
    fn anything(&mut self, depth: usize) -> Value {
        let pick = if depth > 6 {
            self.rng.u8(..6)
        } else {
            self.rng.u8(..8)
        };
        match pick {
            0 => Value::Null,
            1 => Value::Bool(self.rng.bool()),
            2 => json!(self.rng.i64(..)),
            3 => serde_json::Number::from_f64(self.rng.f64() * 1e300)
                .map_or(Value::Null, Value::Number),
            4 | 5 => Value::String(random_string(&mut self.rng, 40)),
            6 => Value::Array(
                (0..self.rng.usize(..5))
                    .map(|_| self.anything(depth + 1))
                    .collect(),
            ),
            _ => Value::Object(
                (0..self.rng.usize(..5))
                    .map(|_| (random_string(&mut self.rng, 10), self.anything(depth + 1)))
                    .collect(),
            ),
        }
    }

    /// Replaces one random node of `v` with something else.
    fn mutate(&mut self, v: &mut Value, depth: usize) {
        let children = match v {
            Value::Object(m) if !m.is_empty() => m.len(),
            Value::Array(a) if !a.is_empty() => a.len(),
            _ => 0,
        };
        if children > 0 && self.rng.u8(..10) < 7 {
            let i = self.rng.usize(..children);
            match v {
                Value::Object(m) => {
                    if self.rng.u8(..8) == 0 {
                        let k = m.keys().nth(i).cloned().unwrap_or_default();
                        m.remove(&k);
                    } else if let Some((_, child)) = m.iter_mut().nth(i) {
                        self.mutate(child, depth + 1);
                    }
                }
                Value::Array(a) => self.mutate(&mut a[i], depth + 1),
                _ => {}
            }
            return;
        }
        *v = match self.rng.u8(..6) {
            0 => Value::Null,
            1 => Value::String("\u{0}".repeat(self.rng.usize(1..4))),
            2 => Value::String("y".repeat(15_001 + self.rng.usize(..100))),
            3 => {
                let mut deep = json!(1);
                for _ in 0..self.rng.usize(20..120) {
                    deep = json!([deep]);
                }
                deep
            }
            _ => self.anything(depth),
        };
    }
}

/// Percent-encodes everything but unreserved characters (what the SDK does to a label).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An HTTP request for `op` built from a generated input: labels into the path, query members
/// into the query string, the rest into the body; then mutated at the text level.
pub fn request_for(op: &Operation, g: &mut Gen<'_>) -> (String, String, Vec<u8>) {
    let mut input = match &op.input {
        Some(shape) => g.value(shape, "", 0),
        None => json!({}),
    };
    if g.rng.u8(..4) == 0 {
        g.mutate(&mut input, 0);
    }
    let input = input.as_object().cloned().unwrap_or_default();
    let members = op.input.as_deref().map(|s| MODEL.members(s)).unwrap_or(&[]);
    let mut path = op
        .request_uri
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut query = Vec::new();
    let mut body = Map::new();
    for m in members {
        let Some(v) = input.get(&m.location_name) else {
            if m.location == Location::Uri {
                let raw = g.known_id(&m.name).unwrap_or_else(|| "missing".into());
                path = path.replace(&format!("{{{}}}", m.location_name), &encode(&raw));
            }
            continue;
        };
        match m.location {
            Location::Uri => {
                let raw = text(v);
                let label = match g.rng.u8(..20) {
                    0 => raw,
                    1 => String::new(),
                    2 => format!("{}%", encode(&raw)),
                    3 => "%C3%28".to_owned(),
                    _ => encode(&raw),
                };
                path = path.replace(&format!("{{{}}}", m.location_name), &label);
            }
            Location::Query => {
                let values = match v {
                    Value::Array(items) => items.iter().map(text).collect(),
                    other => vec![text(other)],
                };
                for value in values {
                    query.push(format!("{}={}", encode(&m.location_name), encode(&value)));
                }
            }
            _ => {
                body.insert(m.location_name.clone(), v.clone());
            }
        }
    }
    // Keys the input did not use still go in the body: unknown members.
    for (k, v) in &input {
        if !members.iter().any(|m| &m.location_name == k) {
            body.insert(k.clone(), v.clone());
        }
    }
    if g.rng.u8(..15) == 0 {
        query.push(random_string(&mut g.rng, 10));
    }
    let target = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };
    let mut bytes = serde_json::to_vec(&Value::Object(body)).unwrap();
    match g.rng.u8(..30) {
        0 => bytes.truncate(bytes.len() / 2),
        1 => bytes = b"{\"a\": 1e999}".to_vec(),
        2 => bytes = b"{\"maxResults\": 123456789012345678901234567890}".to_vec(),
        3 => bytes.splice(0..0, [0xEF, 0xBB, 0xBF]).for_each(drop),
        4 => bytes.push(0xFF),
        5 => bytes = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
        6 => bytes = format!("{}{}", "{\"a\":".repeat(5_000), "}".repeat(5_000)).into_bytes(),
        7 => bytes = b"\"\\ud800\"".to_vec(),
        8 => bytes = b"{\"name\": \"\\u0000\\ud83d\"}".to_vec(),
        9 => bytes.clear(),
        _ => {}
    }
    let mut method = op.method.clone();
    if g.rng.u8(..15) == 0 {
        method = [
            "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "BREW", "",
        ][g.rng.usize(..9)]
        .to_owned();
    }
    (method, target, bytes)
}

/// A request with no regard for the model.
pub fn wild_request(g: &mut Gen<'_>) -> (String, String, Vec<u8>) {
    let literals = [
        "domains",
        "cases",
        "related-items",
        "fields",
        "tags",
        "templates",
        "layouts",
        "cases-search",
        "fields-list",
        "audit-history",
        "cases:batchUpdateCase",
        "..",
        ".",
        "",
        "%2F",
        "%00",
        "%",
        "%E2%80%AE",
        "demo",
    ];
    let mut path = String::new();
    for _ in 0..g.rng.usize(..7) {
        path.push('/');
        if g.rng.bool() {
            path.push_str(literals[g.rng.usize(..literals.len())]);
        } else {
            path.push_str(&random_string(&mut g.rng, 12));
        }
    }
    if g.rng.bool() {
        path.push('/');
    }
    if g.rng.u8(..3) == 0 {
        path.push('?');
        path.push_str(&random_string(&mut g.rng, 20));
    }
    let method = ["GET", "POST", "PUT", "DELETE", "PATCH", "get", "X"][g.rng.usize(..7)];
    let body = match g.rng.u8(..4) {
        0 => Vec::new(),
        1 => (0..g.rng.usize(..64)).map(|_| g.rng.u8(..)).collect(),
        _ => serde_json::to_vec(&g.anything(0)).unwrap(),
    };
    (method.to_owned(), path, body)
}

/// An Authorization header that is almost right, or not at all.
pub fn auth_headers(g: &mut Gen<'_>) -> HeaderMap {
    let mut h = HeaderMap::new();
    let date = match g.rng.u8(..4) {
        0 => chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string(),
        1 => "20200101T000000Z".to_owned(),
        2 => random_string(&mut g.rng, 16),
        _ => chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string(),
    };
    let key = ["AKIDFUZZ", "OTHER", "", "AKIDFUZZ/x"][g.rng.usize(..4)];
    let scope = match g.rng.u8(..4) {
        0 => format!(
            "{key}/{}/us-east-1/cases/aws4_request",
            date.get(..8).unwrap_or("")
        ),
        1 => format!(
            "{key}/{}/us-east-1/s3/aws4_request",
            date.get(..8).unwrap_or("")
        ),
        2 => format!("{key}/x"),
        _ => random_string(&mut g.rng, 20),
    };
    let signed = [
        "host;x-amz-date",
        "host",
        "",
        "host;x-amz-date;x-amz-content-sha256",
    ][g.rng.usize(..4)];
    let sig: String = (0..g.rng.usize(..70))
        .map(|_| g.rng.alphanumeric())
        .collect();
    let auth = match g.rng.u8(..5) {
        0 => random_string(&mut g.rng, 40),
        1 => format!("AWS4-HMAC-SHA256 Credential={scope}"),
        _ => {
            format!("AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders={signed}, Signature={sig}")
        }
    };
    let mut put = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.append(HeaderName::from_static(name), v);
        }
    };
    if g.rng.u8(..6) != 0 {
        put("authorization", &auth);
    }
    put("x-amz-date", &date);
    put("host", "127.0.0.1:4566");
    if g.rng.bool() {
        put("x-amz-content-sha256", &random_string(&mut g.rng, 64));
    }
    h
}
