//! CreateField, UpdateField, ListFields, BatchGetField, ListFieldOptions, BatchPutFieldOptions.

use serde_json::{Map, Value, json};

use super::{
    ids, list, new_id, opt_str, page_by, put_opt, req_str, ts, update_json, update_str, with_token,
};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{Domain, Field, FieldOption, Store};

pub(crate) fn create_field(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let name = req_str(input, "name")?;
    let field_type = req_str(input, "type")?;
    check_unique_field_name(domain, name, None)?;
    check_attributes(input.get("attributes"), field_type)?;
    let id = new_id(ctx);
    if domain.field(&id).is_some() {
        return Err(ServiceError::conflict(format!("Field {id} already exists")));
    }
    let arn = format!("{}/field/{id}", domain.arn);
    let seq = domain.next_resource_seq();
    domain.fields.push(Field {
        id: id.clone(),
        deleted: false,
        seq,
        arn: arn.clone(),
        name: name.to_string(),
        description: opt_str(input, "description").map(str::to_string),
        field_type: field_type.to_string(),
        namespace: "Custom".into(),
        attributes: input.get("attributes").cloned(),
        options: Vec::new(),
        created_time: ctx.now,
        last_modified_time: ctx.now,
        tags: Map::new(),
    });
    Ok(json!({"fieldId": id, "fieldArn": arn}))
}

/// `attributes.text` only makes sense on Text fields.
fn check_attributes(attributes: Option<&Value>, field_type: &str) -> Result<(), ServiceError> {
    match attributes {
        Some(a) if a.get("text").is_some() && field_type != "Text" => Err(
            ServiceError::validation("Text attributes can only be set on fields of type Text"),
        ),
        _ => Ok(()),
    }
}

/// Field names are unique among the domain's live fields whatever their case; `id` is the field
/// being renamed (none when it is being created).
fn check_unique_field_name(
    domain: &Domain,
    name: &str,
    id: Option<&str>,
) -> Result<(), ServiceError> {
    if domain
        .fields
        .iter()
        .any(|f| Some(f.id.as_str()) != id && !f.deleted && f.name.eq_ignore_ascii_case(name))
    {
        return Err(ServiceError::conflict(format!(
            "A field named {name:?} already exists in this domain; choose another name"
        )));
    }
    Ok(())
}

pub(crate) fn update_field(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let id = req_str(input, "fieldId")?;
    refuse_deleted(domain.field_or_404(id)?)?;
    if let Some(name) = opt_str(input, "name") {
        check_unique_field_name(domain, name, Some(id))?;
    }
    let field = domain
        .fields
        .iter_mut()
        .find(|f| f.id == id)
        .expect("found");
    if field.namespace == "System" && input.get("name").is_some() {
        return Err(ServiceError::validation(format!(
            "System field {id} cannot be renamed"
        )));
    }
    check_attributes(input.get("attributes"), &field.field_type)?;
    update_str(input, "name", &mut field.name);
    update_str(input, "description", &mut field.description);
    update_json(input, "attributes", &mut field.attributes);
    field.last_modified_time = ctx.now;
    Ok(json!({}))
}

fn summary(f: &Field) -> Value {
    let mut out = Map::new();
    out.insert("fieldId".into(), json!(f.id));
    out.insert("fieldArn".into(), json!(f.arn));
    out.insert("name".into(), json!(f.name));
    out.insert("type".into(), json!(f.field_type));
    out.insert("namespace".into(), json!(f.namespace));
    put_opt(&mut out, "attributes", f.attributes.clone());
    Value::Object(out)
}

fn detail(f: &Field) -> Value {
    let mut out = Map::new();
    out.insert("fieldId".into(), json!(f.id));
    out.insert("name".into(), json!(f.name));
    out.insert("fieldArn".into(), json!(f.arn));
    put_opt(
        &mut out,
        "description",
        f.description.as_ref().map(|d| json!(d)),
    );
    out.insert("type".into(), json!(f.field_type));
    out.insert("namespace".into(), json!(f.namespace));
    out.insert("tags".into(), Value::Object(f.tags.clone()));
    out.insert("deleted".into(), json!(f.deleted));
    out.insert("createdTime".into(), json!(ts(f.created_time)));
    out.insert("lastModifiedTime".into(), json!(ts(f.last_modified_time)));
    put_opt(&mut out, "attributes", f.attributes.clone());
    Value::Object(out)
}

pub(crate) fn list_fields(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let listing = format!("ListFields/{}", domain.id);
    let live: Vec<&Field> = domain.fields.iter().filter(|f| !f.deleted).collect();
    let (range, next) = page_by(input, &listing, 100, &live, |f| f.seq)?;
    let fields: Vec<Value> = live[range].iter().copied().map(summary).collect();
    Ok(with_token(json!({ "fields": fields }), next))
}

pub(crate) fn batch_get_field(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    for id in ids(list(input, "fields")) {
        match domain.field(id) {
            Some(f) => fields.push(detail(f)),
            None => errors.push(json!({
                "id": id,
                "errorCode": "ResourceNotFoundException",
                "message": format!("Field {id} not found"),
            })),
        }
    }
    Ok(json!({"fields": fields, "errors": errors}))
}

pub(crate) fn list_field_options(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let field = domain.field_or_404(req_str(input, "fieldId")?)?;
    let wanted: Vec<&str> = list(input, "values")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // Options are never removed, only deactivated: an option's index is its stable position.
    let options: Vec<(usize, &FieldOption)> = field
        .options
        .iter()
        .enumerate()
        .filter(|(_, o)| wanted.is_empty() || wanted.contains(&o.value.as_str()))
        .collect();
    let listing = format!("ListFieldOptions/{}/{}/{wanted:?}", domain.id, field.id);
    let (range, next) = page_by(input, &listing, 100, &options, |(i, _)| *i as u64)?;
    let options: Vec<Value> = options[range]
        .iter()
        .map(|(_, o)| json!({"name": o.name, "value": o.value, "active": o.active}))
        .collect();
    Ok(with_token(json!({ "options": options }), next))
}

/// Adds options by value, or updates the name and active flag of existing ones.
pub(crate) fn batch_put_field_options(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let id = req_str(input, "fieldId")?;
    refuse_deleted(domain.field_or_404(id)?)?;
    let field = domain
        .fields
        .iter_mut()
        .find(|f| f.id == id)
        .expect("found");
    if field.field_type != "SingleSelect" {
        return Err(ServiceError::validation(format!(
            "Field {id} is of type {}; options can only be put on SingleSelect fields",
            field.field_type
        )));
    }
    if field.id == "status" {
        return Err(ServiceError::validation(
            "The options of the system field status cannot be changed",
        ));
    }
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for option in list(input, "options") {
        let value = option["value"].as_str().unwrap_or_default().to_string();
        let name = option["name"].as_str().unwrap_or_default().to_string();
        let active = option["active"].as_bool().unwrap_or(true);
        if seen.contains(&value) {
            errors.push(json!({
                "message": format!("Option value {value:?} appears more than once in the request"),
                "errorCode": "ValidationException",
                "value": value,
            }));
            continue;
        }
        seen.push(value.clone());
        match field.options.iter_mut().find(|o| o.value == value) {
            Some(o) => {
                o.name = name;
                o.active = active;
            }
            None => field.options.push(FieldOption {
                name,
                value,
                active,
            }),
        }
    }
    field.last_modified_time = ctx.now;
    Ok(json!({ "errors": errors }))
}

fn refuse_deleted(field: &Field) -> Result<(), ServiceError> {
    if field.deleted {
        return Err(ServiceError::validation(format!(
            "Field {} has been deleted and cannot be changed",
            field.id
        )));
    }
    Ok(())
}

/// Fields a domain may delete ("You can delete up to 100 fields per domain", DeleteField's
/// documentation).
const MAX_DELETED_FIELDS: usize = 100;

/// Deletes a custom field. It stays readable by BatchGetField (`deleted: true`) and its values
/// stay on cases; it leaves ListFields, templates and layouts, and cannot be set anew. System
/// fields cannot be deleted, nor a field a case rule still tests (delete or change the rule
/// first). Deleting it again is a no-op (the operation is idempotent).
pub(crate) fn delete_field(store: &mut Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let id = req_str(input, "fieldId")?;
    let field = domain.field_or_404(id)?;
    if field.deleted {
        return Ok(json!({}));
    }
    if field.namespace == "System" {
        return Err(ServiceError::validation(format!(
            "Field {id} is a system field; system fields cannot be deleted"
        )));
    }
    if let Some(rule) = super::case_rules::rule_using_field(domain, id) {
        return Err(ServiceError::conflict(format!(
            "Field {id} is used by case rule {} ({}); change or delete the rule first",
            rule.id, rule.name
        )));
    }
    if domain.fields.iter().filter(|f| f.deleted).count() >= MAX_DELETED_FIELDS {
        return Err(ServiceError::quota_exceeded(format!(
            "This domain has deleted {MAX_DELETED_FIELDS} fields, the most a domain can delete"
        )));
    }
    let field = domain
        .fields
        .iter_mut()
        .find(|f| f.id == id)
        .expect("found");
    field.deleted = true;
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use serde_json::json;

    #[test]
    fn create_field_and_read_it_back() {
        let mut t = Kit::new();
        let d = t.domain();
        let out = t.ok(
            "CreateField",
            json!({"domainId": d, "name": "Order number", "type": "Text",
                   "description": "ERP order", "attributes": {"text": {"isMultiline": false}}}),
        );
        let id = out["fieldId"].as_str().unwrap();
        assert_eq!(
            out["fieldArn"],
            format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/field/{id}")
        );
        let got = t.ok(
            "BatchGetField",
            json!({"domainId": d, "fields": [{"id": id}, {"id": "missing"}, {"id": "title"}]}),
        );
        assert_eq!(got["fields"].as_array().unwrap().len(), 2);
        assert_eq!(got["fields"][0]["name"], "Order number");
        assert_eq!(got["fields"][0]["description"], "ERP order");
        assert_eq!(got["fields"][0]["namespace"], "Custom");
        assert_eq!(got["fields"][0]["createdTime"], "2026-09-01T09:00:00.000Z");
        assert_eq!(got["fields"][0]["attributes"]["text"]["isMultiline"], false);
        assert_eq!(got["fields"][1]["fieldId"], "title");
        assert_eq!(got["errors"][0]["id"], "missing");
        let listed = t.ok("ListFields", json!({"domainId": d}));
        assert_eq!(listed["fields"].as_array().unwrap().len(), 14);
        assert_eq!(listed["fields"][13]["fieldId"], id);
    }

    #[test]
    fn field_names_are_unique_per_domain() {
        let mut t = Kit::new();
        let d = t.domain();
        t.field(&d, "Priority", "Number");
        let e = t.err(
            "CreateField",
            json!({"domainId": d, "name": "priority", "type": "Text"}),
        );
        assert_eq!(e.kind.name(), "ConflictException");
        let e = t.err(
            "CreateField",
            json!({"domainId": d, "name": "X", "type": "Number", "attributes": {"text": {"isMultiline": true}}}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        let e = t.err(
            "CreateField",
            json!({"domainId": "nope", "name": "X", "type": "Text"}),
        );
        assert_eq!(e.kind.name(), "ResourceNotFoundException");
    }

    #[test]
    fn options_are_upserted_filtered_and_only_on_single_select() {
        let mut t = Kit::new();
        let d = t.domain();
        let f = t.field(&d, "Tier", "SingleSelect");
        let out = t.ok(
            "BatchPutFieldOptions",
            json!({"domainId": d, "fieldId": f, "options": [
                {"name": "Gold", "value": "gold", "active": true},
                {"name": "Silver", "value": "silver", "active": true},
                {"name": "Again", "value": "gold", "active": true},
            ]}),
        );
        assert_eq!(out["errors"][0]["value"], "gold");
        t.ok(
            "BatchPutFieldOptions",
            json!({"domainId": d, "fieldId": f, "options": [
                {"name": "Silver (old)", "value": "silver", "active": false},
            ]}),
        );
        let opts = t.ok("ListFieldOptions", json!({"domainId": d, "fieldId": f}));
        assert_eq!(
            opts["options"],
            json!([
                {"name": "Gold", "value": "gold", "active": true},
                {"name": "Silver (old)", "value": "silver", "active": false},
            ])
        );
        let one = t.ok(
            "ListFieldOptions",
            json!({"domainId": d, "fieldId": f, "values": ["silver"]}),
        );
        assert_eq!(one["options"].as_array().unwrap().len(), 1);
        let page = t.ok(
            "ListFieldOptions",
            json!({"domainId": d, "fieldId": f, "maxResults": 1}),
        );
        assert_eq!(page["options"][0]["value"], "gold");
        let page2 = t.ok(
            "ListFieldOptions",
            json!({"domainId": d, "fieldId": f, "maxResults": 1, "nextToken": page["nextToken"]}),
        );
        assert_eq!(page2["options"][0]["value"], "silver");
        assert!(page2.get("nextToken").is_none());

        let text = t.field(&d, "Note", "Text");
        let e = t.err(
            "BatchPutFieldOptions",
            json!({"domainId": d, "fieldId": text, "options": []}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        let e = t.err(
            "ListFieldOptions",
            json!({"domainId": d, "fieldId": "nope"}),
        );
        assert_eq!(e.members["resourceType"], "Field");
    }
}
