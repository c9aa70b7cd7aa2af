//! The Connect Cases API model (operations and shapes), embedded from
//! `assets/connectcases-model.json` (the reference model without its documentation).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::Value;

pub(crate) const MODEL_JSON: &str = include_str!("../../assets/connectcases-model.json");

/// The parsed model, built once.
pub static MODEL: LazyLock<Model> =
    LazyLock::new(|| Model::parse(MODEL_JSON).expect("embedded Connect Cases model is valid"));

/// The model of the service: its operations and the shapes they use.
#[derive(Debug)]
pub struct Model {
    pub operations: Vec<Operation>,
    pub shapes: HashMap<String, Shape>,
}

/// One operation: its HTTP binding and its input, output and error shapes.
#[derive(Debug)]
pub struct Operation {
    pub name: String,
    pub method: String,
    /// The `requestUri` template, e.g. `/domains/{domainId}/cases/{caseId}`.
    pub request_uri: String,
    pub input: Option<String>,
    pub output: Option<String>,
    pub errors: Vec<String>,
}

/// The kind of a shape, with what each kind carries.
#[derive(Debug)]
pub enum ShapeKind {
    String,
    Boolean,
    Integer,
    Long,
    Double,
    Timestamp,
    Document,
    Blob,
    Structure {
        members: Vec<Member>,
        required: Vec<String>,
        union: bool,
    },
    List {
        member: String,
        sparse: bool,
    },
    Map {
        key: String,
        value: String,
        sparse: bool,
    },
}

/// A shape with its constraints.
#[derive(Debug)]
pub struct Shape {
    pub kind: ShapeKind,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub enum_values: Option<Vec<String>>,
    /// The model's `pattern` (a regular expression the whole string must match).
    pub pattern: Option<String>,
    /// `sensitive`: the value is never echoed in messages.
    pub sensitive: bool,
    /// `error.httpStatusCode` for exception shapes.
    pub error_status: Option<u16>,
}

/// Where a member travels in the HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Body,
    Uri,
    Query,
    Header,
}

/// A member of a structure.
#[derive(Debug)]
pub struct Member {
    pub name: String,
    pub shape: String,
    pub location: Location,
    /// The wire name: the label, query key or header name (the member name for body members).
    pub location_name: String,
}

impl Model {
    fn parse(text: &str) -> anyhow::Result<Model> {
        let root: Value = serde_json::from_str(text)?;
        let mut shapes = HashMap::new();
        for (name, raw) in root["shapes"].as_object().into_iter().flatten() {
            shapes.insert(name.clone(), parse_shape(name, raw)?);
        }
        let mut operations = Vec::new();
        for (name, raw) in root["operations"].as_object().into_iter().flatten() {
            let shape_of = |key: &str| raw[key]["shape"].as_str().map(str::to_owned);
            operations.push(Operation {
                name: name.clone(),
                method: str_at(raw, &["http", "method"])?.to_owned(),
                request_uri: str_at(raw, &["http", "requestUri"])?.to_owned(),
                input: shape_of("input"),
                output: shape_of("output"),
                errors: raw["errors"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e["shape"].as_str().map(str::to_owned))
                    .collect(),
            });
        }
        Ok(Model { operations, shapes })
    }

    /// The shape called `name`; the model is closed, so a missing shape is a bug in the model.
    pub fn shape(&self, name: &str) -> &Shape {
        self.shapes
            .get(name)
            .unwrap_or_else(|| panic!("shape {name} is not in the model"))
    }

    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.name == name)
    }

    /// The members of a structure shape (empty for other shapes).
    pub fn members(&self, shape: &str) -> &[Member] {
        match &self.shape(shape).kind {
            ShapeKind::Structure { members, .. } => members,
            _ => &[],
        }
    }
}

fn str_at<'a>(value: &'a Value, path: &[&str]) -> anyhow::Result<&'a str> {
    let mut v = value;
    for key in path {
        v = &v[*key];
    }
    v.as_str()
        .ok_or_else(|| anyhow::anyhow!("model: missing string at {}", path.join(".")))
}

fn parse_shape(name: &str, raw: &Value) -> anyhow::Result<Shape> {
    let ty = raw["type"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("shape {name} has no type"))?;
    let target = |key: &str| -> anyhow::Result<String> {
        Ok(str_at(raw, &[key, "shape"])
            .map_err(|_| anyhow::anyhow!("shape {name} has no {key}"))?
            .to_owned())
    };
    let sparse = raw["sparse"].as_bool().unwrap_or(false);
    let kind = match ty {
        "string" => ShapeKind::String,
        "boolean" => ShapeKind::Boolean,
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "double" | "float" => ShapeKind::Double,
        "timestamp" => ShapeKind::Timestamp,
        "document" => ShapeKind::Document,
        "blob" => ShapeKind::Blob,
        "list" => ShapeKind::List {
            member: target("member")?,
            sparse,
        },
        "map" => ShapeKind::Map {
            key: target("key")?,
            value: target("value")?,
            sparse,
        },
        "structure" => {
            let mut members = Vec::new();
            for (mname, m) in raw["members"].as_object().into_iter().flatten() {
                let location = match m["location"].as_str() {
                    None => Location::Body,
                    Some("uri") => Location::Uri,
                    Some("querystring") => Location::Query,
                    Some("header") => Location::Header,
                    Some(other) => anyhow::bail!("{name}.{mname}: unsupported location {other}"),
                };
                members.push(Member {
                    name: mname.clone(),
                    shape: str_at(m, &["shape"])?.to_owned(),
                    location,
                    location_name: m["locationName"].as_str().unwrap_or(mname).to_owned(),
                });
            }
            let required = raw["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_owned))
                .collect();
            ShapeKind::Structure {
                members,
                required,
                union: raw["union"].as_bool().unwrap_or(false),
            }
        }
        other => anyhow::bail!("shape {name} has unsupported type {other}"),
    };
    Ok(Shape {
        kind,
        min: raw["min"].as_f64(),
        max: raw["max"].as_f64(),
        enum_values: raw["enum"].as_array().map(|values| {
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        }),
        pattern: raw["pattern"].as_str().map(str::to_owned),
        sensitive: raw["sensitive"].as_bool().unwrap_or(false),
        error_status: raw["error"]["httpStatusCode"]
            .as_u64()
            .and_then(|c| u16::try_from(c).ok()),
    })
}

/// The HTTP status the model gives the exception called `name`.
pub fn error_status(name: &str) -> Option<u16> {
    MODEL.shapes.get(name).and_then(|s| s.error_status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(value: Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .filter(|(k, _)| k != "documentation")
                    .map(|(k, v)| (k, strip(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(strip).collect()),
            other => other,
        }
    }

    /// The AWS model this crate's is stripped from lives outside the repository; `.ci/run` runs
    /// this when it is checked out next to the crate.
    #[test]
    #[ignore = "needs the AWS model at ../shared/reference; .ci/run runs it when present"]
    fn committed_model_is_the_stripped_reference() {
        let reference = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/reference/connectcases-2022-10-03.service-2.json"
        );
        let text = std::fs::read_to_string(reference)
            .unwrap_or_else(|e| panic!("cannot read the reference model {reference}: {e}"));
        let reference: Value = serde_json::from_str(&text).unwrap();
        let committed: Value = serde_json::from_str(MODEL_JSON).unwrap();
        assert!(
            strip(reference) == committed,
            "assets/connectcases-model.json is stale: run python3 assets/strip-model.py"
        );
    }

    #[test]
    fn model_parses_with_every_operation() {
        assert_eq!(MODEL.operations.len(), 47);
        let op = MODEL.operation("CreateRelatedItem").unwrap();
        assert_eq!(
            op.request_uri,
            "/domains/{domainId}/cases/{caseId}/related-items/"
        );
        assert_eq!(error_status("ResourceNotFoundException"), Some(404));
        assert_eq!(error_status("ServiceQuotaExceededException"), Some(402));
        for op in &MODEL.operations {
            for shape in op.input.iter().chain(&op.output).chain(&op.errors) {
                MODEL.shape(shape);
            }
        }
    }
}
