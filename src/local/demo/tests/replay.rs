//! A checker that replays the seed steps by the rules of the model and DESIGN.md, recording what
//! they build.

use std::collections::{HashMap, HashSet};

use chrono::DateTime;
use serde_json::{Value, json};

use super::super::{DEMO_DOMAIN_ID, SYSTEM_FIELDS, demo_steps};
use crate::limits::{MAX_COMMENT_CHARS, MAX_CUSTOM_FIELDS, max_string_chars};

const SERVICE_SET: &[&str] = &[
    "reference_number",
    "created_datetime",
    "last_updated_datetime",
    "last_updated_user",
    "last_closed_datetime",
    "created_by",
];

pub(super) fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string in {v}"))
}

pub(super) fn only_key(v: &Value) -> (&str, &Value) {
    let o = v
        .as_object()
        .unwrap_or_else(|| panic!("union is an object: {v}"));
    assert_eq!(o.len(), 1, "a union sets exactly one member: {v}");
    let (k, v) = o.iter().next().expect("one member");
    (k.as_str(), v)
}

#[derive(Default)]
pub(super) struct FieldDef {
    pub(super) ty: String,
    pub(super) options: HashSet<String>,
}

pub(super) struct ItemState {
    pub(super) ty: String,
    pub(super) alive: bool,
    pub(super) body: String,
    pub(super) fields: Value,
}

/// What replaying the steps builds, by the rules of the model and DESIGN.md.
#[derive(Default)]
pub(super) struct Replay {
    pub(super) domain: bool,
    pub(super) fields: HashMap<String, FieldDef>,
    pub(super) layouts: HashSet<String>,
    pub(super) templates: HashMap<String, (bool, Vec<String>)>,
    pub(super) cases: HashMap<String, HashMap<String, Value>>,
    pub(super) items: HashMap<(String, String), ItemState>,
    pub(super) events: HashMap<String, usize>,
    pub(super) created_items: HashMap<String, usize>,
    pub(super) performers: HashSet<String>,
    pub(super) field_types_in_items: HashSet<String>,
}

impl Replay {
    fn new() -> Self {
        let mut r = Replay::default();
        let sys = [
            ("title", "Text"),
            ("status", "SingleSelect"),
            ("summary", "Text"),
            ("customer_id", "Text"),
            ("assigned_queue", "Text"),
            ("assigned_user", "User"),
            ("case_reason", "SingleSelect"),
        ];
        for (id, ty) in sys {
            let mut f = FieldDef {
                ty: ty.into(),
                ..Default::default()
            };
            if id == "status" {
                f.options = ["open", "closed"].iter().map(|x| x.to_string()).collect();
            }
            r.fields.insert(id.into(), f);
        }
        r
    }

    fn check_value(&self, field: &str, v: &Value, custom_item: bool) {
        assert!(
            !SERVICE_SET.contains(&field),
            "{field} is set by the service"
        );
        if custom_item {
            assert!(
                !SYSTEM_FIELDS.contains(&field),
                "system field {field} in a custom item"
            );
        }
        let def = self
            .fields
            .get(field)
            .unwrap_or_else(|| panic!("field {field} exists"));
        let (k, x) = only_key(v);
        match (def.ty.as_str(), k) {
            (_, "emptyValue") => {
                assert!(!custom_item, "no empty values in custom items");
                assert_eq!(x, &json!({}));
            }
            ("Text", "stringValue") => {
                let max = max_string_chars(field);
                assert!(
                    x.as_str().unwrap().chars().count() <= max,
                    "{field} too long"
                );
            }
            ("Number", "doubleValue") => assert!(x.as_f64().unwrap().is_finite()),
            ("Boolean", "booleanValue") => assert!(x.is_boolean()),
            ("DateTime", "stringValue") => {
                DateTime::parse_from_rfc3339(x.as_str().unwrap())
                    .unwrap_or_else(|e| panic!("{field}: {x} is ISO-8601: {e}"));
            }
            ("SingleSelect", "stringValue") => assert!(
                def.options.contains(x.as_str().unwrap()),
                "{field}: {x} is an option"
            ),
            ("Url", "stringValue") => assert!(x.as_str().unwrap().starts_with("https://")),
            ("User", "userArnValue") => assert!(
                x.as_str()
                    .unwrap()
                    .starts_with("arn:aws:connect:us-east-1:123456789012:instance/demo/agent/")
            ),
            (ty, k) => panic!("{field} ({ty}) given a {k}"),
        }
    }

    fn check_field_list(&self, list: &Value, custom_item: bool) -> HashSet<String> {
        let list = list.as_array().expect("fields is a list");
        let mut ids = HashSet::new();
        for f in list {
            let o = f.as_object().unwrap();
            assert_eq!(o.len(), 2, "FieldValue has id and value: {f}");
            let id = s(f, "id").to_string();
            self.check_value(&id, &f["value"], custom_item);
            assert!(ids.insert(id.clone()), "field {id} listed twice");
        }
        ids
    }

    fn performer(&mut self, input: &Value) {
        let (k, v) = only_key(&input["performedBy"]);
        let v = v.as_str().unwrap();
        match k {
            "userArn" => assert!(
                v.starts_with("arn:aws:connect:us-east-1:123456789012:instance/demo/agent/")
            ),
            "customEntity" => assert!(
                !v.is_empty()
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_-.@:/".contains(c))
            ),
            _ => panic!("performedBy member {k}"),
        }
        self.performers.insert(v.to_string());
    }

    fn case_event(&mut self, case: &str) {
        *self.events.entry(case.to_string()).or_default() += 1;
    }

    fn apply(&mut self, step: &Value) {
        let op = s(step, "operation");
        let input = &step["input"];
        let id = step.get("id").and_then(Value::as_str);
        if op != "CreateDomain" {
            assert!(self.domain, "domain first");
            assert_eq!(s(input, "domainId"), DEMO_DOMAIN_ID);
        }
        match op {
            "CreateDomain" => {
                assert_eq!(id, Some(DEMO_DOMAIN_ID));
                assert_eq!(s(input, "name"), "Acme Support");
                self.domain = true;
            }
            "CreateField" => {
                let id = id.expect("fields have fixed ids");
                assert!(!self.fields.contains_key(id) && !SYSTEM_FIELDS.contains(&id));
                let name = s(input, "name");
                assert!((1..=100).contains(&name.len()));
                assert!(s(input, "description").len() <= 255);
                if let Some(a) = input.get("attributes") {
                    assert!(only_key(a).1["isMultiline"].is_boolean());
                }
                let ty = s(input, "type");
                assert!(
                    [
                        "Text",
                        "Number",
                        "Boolean",
                        "DateTime",
                        "SingleSelect",
                        "Url",
                        "User"
                    ]
                    .contains(&ty)
                );
                self.fields.insert(
                    id.into(),
                    FieldDef {
                        ty: ty.into(),
                        ..Default::default()
                    },
                );
            }
            "BatchPutFieldOptions" => {
                let f = self
                    .fields
                    .get_mut(s(input, "fieldId"))
                    .expect("field exists");
                assert_eq!(f.ty, "SingleSelect");
                let options = input["options"].as_array().unwrap();
                assert!(options.len() <= 50);
                for o in options {
                    let v = s(o, "value");
                    assert!(
                        v.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    );
                    assert!((1..=100).contains(&s(o, "name").len()));
                    assert!(o["active"].is_boolean());
                    f.options.insert(v.into());
                }
            }
            "CreateLayout" => {
                let (k, basic) = only_key(&input["content"]);
                assert_eq!(k, "basic");
                for panel in ["topPanel", "moreInfo"] {
                    let sections = basic[panel]["sections"].as_array().unwrap();
                    assert!(sections.len() <= 1);
                    for sec in sections {
                        let (k, g) = only_key(sec);
                        assert_eq!(k, "fieldGroup");
                        for f in g["fields"].as_array().unwrap() {
                            let fid = s(f, "id");
                            assert!(
                                self.fields.contains_key(fid) || SYSTEM_FIELDS.contains(&fid),
                                "layout field {fid}"
                            );
                        }
                    }
                }
                assert!(self.layouts.insert(id.expect("layout id").into()));
            }
            "CreateTemplate" => {
                let layout = s(&input["layoutConfiguration"], "defaultLayout");
                assert!(self.layouts.contains(layout));
                let required: Vec<String> = input["requiredFields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| s(r, "fieldId").to_string())
                    .collect();
                for r in &required {
                    assert!(self.fields.contains_key(r.as_str()), "required {r}");
                }
                let active = s(input, "status") == "Active";
                let id = id.expect("template id").to_string();
                assert!(self.templates.insert(id, (active, required)).is_none());
            }
            "CreateCase" => {
                let id = id.expect("case id");
                assert!(!self.cases.contains_key(id));
                let (active, required) = &self.templates[s(input, "templateId")];
                assert!(*active, "cases use active templates");
                let ids = self.check_field_list(&input["fields"], false);
                for r in required {
                    assert!(ids.contains(r.as_str()), "{id} lacks required {r}");
                }
                self.performer(input);
                let fields = input["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| (s(f, "id").to_string(), f["value"].clone()))
                    .collect();
                self.cases.insert(id.into(), fields);
                self.case_event(id);
            }
            "UpdateCase" => {
                let case = s(input, "caseId");
                self.check_field_list(&input["fields"], false);
                assert!(!input["fields"].as_array().unwrap().is_empty());
                self.performer(input);
                let cur = self.cases.get_mut(case).expect("case exists");
                for f in input["fields"].as_array().unwrap() {
                    let old = cur.insert(s(f, "id").to_string(), f["value"].clone());
                    assert_ne!(old.as_ref(), Some(&f["value"]), "no-op change in {case}");
                }
                self.case_event(case);
            }
            "CreateRelatedItem" => {
                let case = s(input, "caseId").to_string();
                assert!(self.cases.contains_key(&case), "{case} exists");
                let item = id.expect("related item id").to_string();
                assert!(item.starts_with(&format!("ri-{}-", &case[5..])));
                let ty = s(input, "type");
                let (k, content) = only_key(&input["content"]);
                let expected = match ty {
                    "Contact" => "contact",
                    "Comment" => "comment",
                    "File" => "file",
                    "Sla" => "sla",
                    "ConnectCase" => "connectCase",
                    "Custom" => "custom",
                    other => panic!("type {other}"),
                };
                assert_eq!(k, expected);
                let mut body = String::new();
                match ty {
                    "Contact" => assert!(s(content, "contactArn").starts_with(
                        "arn:aws:connect:us-east-1:123456789012:instance/demo/contact/"
                    )),
                    "File" => {
                        assert!(s(content, "fileArn").starts_with(
                            "arn:aws:connect:us-east-1:123456789012:instance/demo/file/"
                        ))
                    }
                    "Comment" => {
                        body = s(content, "body").to_string();
                        assert!((1..=MAX_COMMENT_CHARS).contains(&body.chars().count()));
                        assert_eq!(s(content, "contentType"), "Text/Plain");
                    }
                    "Sla" => {
                        let (k, cfg) = only_key(content);
                        assert_eq!(k, "slaInputConfiguration");
                        assert_eq!(s(cfg, "type"), "CaseField");
                        let field = s(cfg, "fieldId");
                        assert_eq!(self.fields[field].ty, "SingleSelect");
                        let targets = cfg["targetFieldValues"].as_array().unwrap();
                        assert_eq!(targets.len(), 1);
                        self.check_value(field, &targets[0], false);
                        let m = cfg["targetSlaMinutes"].as_i64().unwrap();
                        assert!((1..=1_051_200).contains(&m));
                        assert!(!s(cfg, "name").trim().is_empty());
                    }
                    "ConnectCase" => {
                        let target = s(content, "caseId");
                        assert!(self.cases.contains_key(target), "linked {target} exists");
                        assert_ne!(target, case);
                    }
                    _ => {
                        let list = content["fields"].as_array().unwrap();
                        assert!(
                            (3..=10).contains(&list.len()),
                            "3-10 fields per custom item"
                        );
                        self.check_field_list(&content["fields"], true);
                        for f in list {
                            self.field_types_in_items
                                .insert(self.fields[s(f, "id")].ty.clone());
                        }
                    }
                }
                self.performer(input);
                let key = (case.clone(), item);
                assert!(!self.items.contains_key(&key), "item id reused");
                self.items.insert(
                    key,
                    ItemState {
                        ty: ty.into(),
                        alive: true,
                        body,
                        fields: content.get("fields").cloned().unwrap_or(Value::Null),
                    },
                );
                *self.created_items.entry(case.clone()).or_default() += 1;
                self.case_event(&case);
            }
            "UpdateRelatedItem" => {
                let case = s(input, "caseId").to_string();
                let key = (case.clone(), s(input, "relatedItemId").to_string());
                let (k, content) = only_key(&input["content"]);
                self.performer(input);
                let field_check = if k == "custom" {
                    let list = content["fields"].as_array().unwrap();
                    assert!((1..=MAX_CUSTOM_FIELDS).contains(&list.len()));
                    assert!(list.len() <= 10);
                    self.check_field_list(&content["fields"], true);
                    for f in list {
                        self.field_types_in_items
                            .insert(self.fields[s(f, "id")].ty.clone());
                    }
                    true
                } else {
                    false
                };
                let item = self.items.get_mut(&key).expect("updated item exists");
                assert!(item.alive, "updated item not deleted");
                match (item.ty.as_str(), k) {
                    ("Comment", "comment") => {
                        let body = s(content, "body");
                        assert!((1..=MAX_COMMENT_CHARS).contains(&body.chars().count()));
                        assert_eq!(s(content, "contentType"), "Text/Plain");
                        assert_ne!(body, item.body, "no-op comment edit");
                        item.body = body.to_string();
                    }
                    ("Custom", "custom") => {
                        assert!(field_check);
                        assert_ne!(content["fields"], item.fields, "no-op custom edit");
                        item.fields = content["fields"].clone();
                    }
                    (ty, k) => panic!("cannot update a {ty} item with {k}"),
                }
                self.case_event(&case);
            }
            "DeleteRelatedItem" => {
                let case = s(input, "caseId").to_string();
                let key = (case.clone(), s(input, "relatedItemId").to_string());
                let item = self.items.get_mut(&key).expect("deleted item exists");
                assert!(item.alive, "deleted twice");
                assert_ne!(
                    item.ty, "File",
                    "DeleteRelatedItem cannot delete File items"
                );
                item.alive = false;
                self.case_event(&case);
            }
            other => panic!("unexpected operation {other}"),
        }
    }
}

pub(super) fn replay() -> (Vec<Value>, Replay) {
    let steps = demo_steps();
    let mut r = Replay::new();
    for (i, step) in steps.iter().enumerate() {
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.apply(step)));
        if let Err(e) = res {
            panic!("step {i} is invalid: {step}\n{e:?}");
        }
    }
    (steps, r)
}
