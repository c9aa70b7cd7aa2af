//! CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate, CreateLayout, GetLayout,
//! ListLayouts, UpdateLayout.

use serde_json::{Map, Value, json};

use super::domains::SERVICE_MANAGED;
use super::{
    check_unique_name, ids, list, new_id, opt_str, page_by, put_opt, refuse_update_of_deleted,
    req_str, ts, update_json, update_str, with_token,
};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{Domain, Layout, Store, Template};

/// Template references (default layout, required fields) must exist in the domain.
fn check_template_refs(domain: &Domain, input: &Value) -> Result<(), ServiceError> {
    if let Some(layout) = input
        .get("layoutConfiguration")
        .and_then(|c| c.get("defaultLayout"))
        .and_then(Value::as_str)
        && !domain.layouts.iter().any(|l| l.id == layout && !l.deleted)
    {
        return Err(ServiceError::validation(format!(
            "Layout {layout} does not exist in this domain"
        )));
    }
    let mut seen: Vec<&str> = Vec::new();
    for required in list(input, "requiredFields") {
        let id = required["fieldId"].as_str().unwrap_or_default();
        if domain.field(id).is_none_or(|f| f.deleted) {
            return Err(ServiceError::validation(format!(
                "Required field {id} does not exist in this domain"
            )));
        }
        // "multiple fields with same IDs are not allowed within the same Template"
        // (CreateTemplate's documentation).
        if seen.contains(&id) {
            return Err(ServiceError::validation(format!(
                "Required field {id} is listed more than once; list each field once"
            )));
        }
        seen.push(id);
        // No request can set these, so a template requiring one could make no case.
        if SERVICE_MANAGED.contains(&id) {
            return Err(ServiceError::validation(format!(
                "Field {id} is set by the service, so no CreateCase can supply it; remove it \
                 from requiredFields"
            )));
        }
    }
    super::case_rules::check_template_rules(domain, list(input, "rules"))
}

pub(crate) fn create_template(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let name = req_str(input, "name")?;
    let names = domain
        .templates
        .iter()
        .filter(|t| !t.deleted)
        .map(|t| (t.id.as_str(), t.name.as_str()));
    check_unique_name(names, name, None, "template")?;
    check_template_refs(domain, input)?;
    let id = new_id(ctx);
    let arn = format!("{}/template/{id}", domain.arn);
    let seq = domain.next_resource_seq();
    domain.templates.push(Template {
        id: id.clone(),
        deleted: false,
        seq,
        arn: arn.clone(),
        name: name.to_string(),
        description: opt_str(input, "description").map(str::to_string),
        layout_configuration: input.get("layoutConfiguration").cloned(),
        required_fields: list(input, "requiredFields").to_vec(),
        status: opt_str(input, "status").unwrap_or("Active").to_string(),
        rules: input.get("rules").cloned(),
        tag_propagation_configurations: input.get("tagPropagationConfigurations").cloned(),
        created_time: ctx.now,
        last_modified_time: ctx.now,
        tags: Map::new(),
    });
    Ok(json!({"templateId": id, "templateArn": arn}))
}

fn template<'a>(domain: &'a Domain, id: &str) -> Result<&'a Template, ServiceError> {
    domain
        .templates
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| ServiceError::not_found(format!("Template {id} not found"), id, "Template"))
}

pub(crate) fn get_template(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let t = template(domain, req_str(input, "templateId")?)?;
    let mut out = Map::new();
    out.insert("templateId".into(), json!(t.id));
    out.insert("templateArn".into(), json!(t.arn));
    out.insert("name".into(), json!(t.name));
    put_opt(
        &mut out,
        "description",
        t.description.as_ref().map(|d| json!(d)),
    );
    put_opt(
        &mut out,
        "layoutConfiguration",
        t.layout_configuration.clone(),
    );
    // "GetTemplate does not return field IDs for deleted fields" (DeleteField's documentation).
    let live = |entries: &[Value]| -> Vec<Value> {
        entries
            .iter()
            .filter(|e| {
                domain
                    .field(e["fieldId"].as_str().unwrap_or_default())
                    .is_none_or(|f| !f.deleted)
            })
            .cloned()
            .collect()
    };
    out.insert(
        "requiredFields".into(),
        Value::Array(live(&t.required_fields)),
    );
    out.insert("tags".into(), Value::Object(t.tags.clone()));
    out.insert("status".into(), json!(t.status));
    out.insert("deleted".into(), json!(t.deleted));
    out.insert("createdTime".into(), json!(ts(t.created_time)));
    out.insert("lastModifiedTime".into(), json!(ts(t.last_modified_time)));
    put_opt(
        &mut out,
        "rules",
        t.rules
            .as_ref()
            .and_then(Value::as_array)
            .map(|r| Value::Array(live(r))),
    );
    put_opt(
        &mut out,
        "tagPropagationConfigurations",
        t.tag_propagation_configurations.clone(),
    );
    Ok(Value::Object(out))
}

pub(crate) fn list_templates(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let statuses: Vec<&str> = list(input, "status")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let matching: Vec<&Template> = domain
        .templates
        .iter()
        .filter(|t| !t.deleted && (statuses.is_empty() || statuses.contains(&t.status.as_str())))
        .collect();
    let listing = format!("ListTemplates/{}/{statuses:?}", domain.id);
    let (range, next) = page_by(input, &listing, 100, &matching, |t| t.seq)?;
    let templates: Vec<Value> = matching[range]
        .iter()
        .map(|t| {
            let mut out = Map::new();
            out.insert("templateId".into(), json!(t.id));
            out.insert("templateArn".into(), json!(t.arn));
            out.insert("name".into(), json!(t.name));
            out.insert("status".into(), json!(t.status));
            put_opt(
                &mut out,
                "tagPropagationConfigurations",
                t.tag_propagation_configurations.clone(),
            );
            Value::Object(out)
        })
        .collect();
    Ok(with_token(json!({ "templates": templates }), next))
}

pub(crate) fn update_template(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let id = req_str(input, "templateId")?;
    refuse_update_of_deleted("Template", id, template(domain, id)?.deleted)?;
    if let Some(name) = opt_str(input, "name") {
        let names = domain
            .templates
            .iter()
            .filter(|t| !t.deleted)
            .map(|t| (t.id.as_str(), t.name.as_str()));
        check_unique_name(names, name, Some(id), "template")?;
    }
    check_template_refs(domain, input)?;
    let t = domain
        .templates
        .iter_mut()
        .find(|t| t.id == id)
        .expect("found");
    update_str(input, "name", &mut t.name);
    update_str(input, "description", &mut t.description);
    update_json(input, "layoutConfiguration", &mut t.layout_configuration);
    if input.get("requiredFields").is_some() {
        t.required_fields = list(input, "requiredFields").to_vec();
    }
    update_str(input, "status", &mut t.status);
    update_json(input, "rules", &mut t.rules);
    update_json(
        input,
        "tagPropagationConfigurations",
        &mut t.tag_propagation_configurations,
    );
    t.last_modified_time = ctx.now;
    Ok(json!({}))
}

/// Every field a layout places must exist in the domain.
fn check_layout_fields(domain: &Domain, content: &Value) -> Result<(), ServiceError> {
    let Some(basic) = content.get("basic") else {
        return Ok(());
    };
    for panel in ["topPanel", "moreInfo"] {
        for section in list(&basic[panel], "sections") {
            for id in ids(list(&section["fieldGroup"], "fields")) {
                if domain.field(id).is_none_or(|f| f.deleted) {
                    return Err(ServiceError::validation(format!(
                        "Layout field {id} does not exist in this domain"
                    )));
                }
                // "Title and Status fields cannot be part of layouts since they are not
                // configurable" (CreateLayout's and UpdateLayout's documentation).
                if id == "title" || id == "status" {
                    return Err(ServiceError::validation(format!(
                        "Field {id} cannot be part of a layout: Title and Status are not \
                         configurable; remove it from the layout's sections"
                    )));
                }
            }
        }
    }
    Ok(())
}

pub(crate) fn create_layout(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let name = req_str(input, "name")?;
    let names = domain
        .layouts
        .iter()
        .filter(|l| !l.deleted)
        .map(|l| (l.id.as_str(), l.name.as_str()));
    check_unique_name(names, name, None, "layout")?;
    let content = input.get("content").cloned().unwrap_or_else(|| json!({}));
    check_layout_fields(domain, &content)?;
    let id = new_id(ctx);
    let arn = format!("{}/layout/{id}", domain.arn);
    let seq = domain.next_resource_seq();
    domain.layouts.push(Layout {
        id: id.clone(),
        deleted: false,
        seq,
        arn: arn.clone(),
        name: name.to_string(),
        content,
        created_time: ctx.now,
        last_modified_time: ctx.now,
        tags: Map::new(),
    });
    Ok(json!({"layoutId": id, "layoutArn": arn}))
}

fn layout<'a>(domain: &'a Domain, id: &str) -> Result<&'a Layout, ServiceError> {
    domain
        .layouts
        .iter()
        .find(|l| l.id == id)
        .ok_or_else(|| ServiceError::not_found(format!("Layout {id} not found"), id, "Layout"))
}

pub(crate) fn get_layout(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let l = layout(domain, req_str(input, "layoutId")?)?;
    Ok(json!({
        "layoutId": l.id,
        "layoutArn": l.arn,
        "name": l.name,
        "content": without_deleted_fields(domain, &l.content),
        "tags": l.tags,
        "deleted": l.deleted,
        "createdTime": ts(l.created_time),
        "lastModifiedTime": ts(l.last_modified_time),
    }))
}

pub(crate) fn list_layouts(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let listing = format!("ListLayouts/{}", domain.id);
    let live: Vec<&Layout> = domain.layouts.iter().filter(|l| !l.deleted).collect();
    let (range, next) = page_by(input, &listing, 100, &live, |l| l.seq)?;
    let layouts: Vec<Value> = live[range]
        .iter()
        .map(|l| json!({"layoutId": l.id, "layoutArn": l.arn, "name": l.name}))
        .collect();
    Ok(with_token(json!({ "layouts": layouts }), next))
}

pub(crate) fn update_layout(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let id = req_str(input, "layoutId")?;
    refuse_update_of_deleted("Layout", id, layout(domain, id)?.deleted)?;
    if let Some(name) = opt_str(input, "name") {
        let names = domain
            .layouts
            .iter()
            .filter(|l| !l.deleted)
            .map(|l| (l.id.as_str(), l.name.as_str()));
        check_unique_name(names, name, Some(id), "layout")?;
    }
    if let Some(content) = input.get("content") {
        check_layout_fields(domain, content)?;
    }
    let l = domain
        .layouts
        .iter_mut()
        .find(|l| l.id == id)
        .expect("found");
    update_str(input, "name", &mut l.name);
    update_json(input, "content", &mut l.content);
    l.last_modified_time = ctx.now;
    Ok(json!({}))
}

/// A layout's content without the fields that have been deleted since ("GetLayout does not
/// return field IDs for deleted fields", DeleteField's documentation).
fn without_deleted_fields(domain: &Domain, content: &Value) -> Value {
    let mut content = content.clone();
    for panel in ["topPanel", "moreInfo"] {
        let sections = content
            .pointer_mut(&format!("/basic/{panel}/sections"))
            .and_then(Value::as_array_mut);
        for section in sections.into_iter().flatten() {
            if let Some(fields) = section
                .pointer_mut("/fieldGroup/fields")
                .and_then(Value::as_array_mut)
            {
                fields.retain(|f| {
                    domain
                        .field(f["id"].as_str().unwrap_or_default())
                        .is_none_or(|f| !f.deleted)
                });
            }
        }
    }
    content
}

/// Templates a domain may delete (DeleteTemplate's documentation: "up to 100 templates per
/// domain").
const MAX_DELETED_TEMPLATES: usize = 100;
/// Layouts a domain may delete (DeleteLayout's documentation).
const MAX_DELETED_LAYOUTS: usize = 100;

/// Deletes a template: it stays readable by GetTemplate (`deleted: true`) and its cases stay, but
/// it leaves ListTemplates and cannot be updated or make new cases. Deleting it again is a no-op
/// (the operation is idempotent).
pub(crate) fn delete_template(store: &mut Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let id = req_str(input, "templateId")?;
    if template(domain, id)?.deleted {
        return Ok(json!({}));
    }
    if domain.templates.iter().filter(|t| t.deleted).count() >= MAX_DELETED_TEMPLATES {
        return Err(ServiceError::validation(format!(
            "This domain has deleted {MAX_DELETED_TEMPLATES} templates, the most a domain can \
             delete; set the template's status to Inactive instead"
        )));
    }
    let t = domain
        .templates
        .iter_mut()
        .find(|t| t.id == id)
        .expect("found");
    t.deleted = true;
    Ok(json!({}))
}

/// Deletes a layout: it stays readable by GetLayout (`deleted: true`) but leaves ListLayouts and
/// cannot be updated. A layout that a live template shows by default is refused with a
/// ConflictException, since the template would point at nothing.
pub(crate) fn delete_layout(store: &mut Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let id = req_str(input, "layoutId")?;
    if layout(domain, id)?.deleted {
        return Ok(json!({}));
    }
    if let Some(t) = domain.templates.iter().find(|t| {
        !t.deleted
            && t.layout_configuration
                .as_ref()
                .is_some_and(|c| c["defaultLayout"] == id)
    }) {
        return Err(ServiceError::conflict(format!(
            "Layout {id} is the default layout of template {} ({}); give the template another \
             layout first (UpdateTemplate)",
            t.id, t.name
        )));
    }
    if domain.layouts.iter().filter(|l| l.deleted).count() >= MAX_DELETED_LAYOUTS {
        return Err(ServiceError::validation(format!(
            "This domain has deleted {MAX_DELETED_LAYOUTS} layouts, the most a domain can delete"
        )));
    }
    let l = domain
        .layouts
        .iter_mut()
        .find(|l| l.id == id)
        .expect("found");
    l.deleted = true;
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use serde_json::json;

    fn basic_layout(field: &str) -> serde_json::Value {
        json!({"basic": {"topPanel": {"sections": [
            {"fieldGroup": {"name": "Top", "fields": [{"id": field}]}}
        ]}}})
    }

    #[test]
    fn templates_round_trip_and_filter_by_status() {
        let mut t = Kit::new();
        let d = t.domain();
        let l = t.ok(
            "CreateLayout",
            json!({"domainId": d, "name": "Main", "content": basic_layout("summary")}),
        );
        let a = t.ok(
            "CreateTemplate",
            json!({"domainId": d, "name": "A", "description": "first",
                   "layoutConfiguration": {"defaultLayout": l["layoutId"]},
                   "requiredFields": [{"fieldId": "title"}]}),
        );
        t.ok(
            "CreateTemplate",
            json!({"domainId": d, "name": "B", "status": "Inactive"}),
        );
        let got = t.ok(
            "GetTemplate",
            json!({"domainId": d, "templateId": a["templateId"]}),
        );
        assert_eq!(got["name"], "A");
        assert_eq!(got["status"], "Active");
        assert_eq!(got["description"], "first");
        assert_eq!(got["layoutConfiguration"]["defaultLayout"], l["layoutId"]);
        assert_eq!(got["requiredFields"], json!([{"fieldId": "title"}]));
        let active = t.ok(
            "ListTemplates",
            json!({"domainId": d, "status": ["Active"]}),
        );
        assert_eq!(active["templates"].as_array().unwrap().len(), 1);
        assert_eq!(active["templates"][0]["name"], "A");
        let all = t.ok("ListTemplates", json!({"domainId": d}));
        assert_eq!(all["templates"].as_array().unwrap().len(), 2);
        let e = t.err(
            "ListTemplates",
            json!({"domainId": d, "nextToken": all.get("nextToken").cloned().unwrap_or(json!("bogus"))}),
        );
        assert_eq!(e.message, "Invalid nextToken");

        t.ok(
            "UpdateTemplate",
            json!({"domainId": d, "templateId": a["templateId"], "status": "Inactive"}),
        );
        let inactive = t.ok(
            "ListTemplates",
            json!({"domainId": d, "status": ["Inactive"]}),
        );
        assert_eq!(inactive["templates"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn template_errors() {
        let mut t = Kit::new();
        let d = t.domain();
        t.template(&d);
        let e = t.err("CreateTemplate", json!({"domainId": d, "name": "Default"}));
        assert_eq!(e.kind.name(), "ConflictException");
        let e = t.err(
            "CreateTemplate",
            json!({"domainId": d, "name": "X", "requiredFields": [{"fieldId": "ghost"}]}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        let e = t.err("GetTemplate", json!({"domainId": d, "templateId": "ghost"}));
        assert_eq!(e.members["resourceType"], "Template");
    }

    #[test]
    fn layouts_round_trip_and_check_fields() {
        let mut t = Kit::new();
        let d = t.domain();
        let out = t.ok(
            "CreateLayout",
            json!({"domainId": d, "name": "Main", "content": basic_layout("summary")}),
        );
        let id = out["layoutId"].as_str().unwrap();
        assert_eq!(
            out["layoutArn"],
            format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/layout/{id}")
        );
        let got = t.ok("GetLayout", json!({"domainId": d, "layoutId": id}));
        assert_eq!(got["content"], basic_layout("summary"));
        assert_eq!(got["name"], "Main");
        let listed = t.ok("ListLayouts", json!({"domainId": d}));
        assert_eq!(listed["layouts"][0]["layoutId"], id);
        let e = t.err(
            "CreateLayout",
            json!({"domainId": d, "name": "Other", "content": basic_layout("ghost")}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        let e = t.err(
            "CreateLayout",
            json!({"domainId": d, "name": "Main", "content": basic_layout("summary")}),
        );
        assert_eq!(e.kind.name(), "ConflictException");
        t.ok(
            "UpdateLayout",
            json!({"domainId": d, "layoutId": id, "name": "Renamed"}),
        );
        let got = t.ok("GetLayout", json!({"domainId": d, "layoutId": id}));
        assert_eq!(got["name"], "Renamed");
    }

    #[test]
    fn layouts_refuse_title_and_status() {
        let mut t = Kit::new();
        let d = t.domain();
        for (n, field) in ["title", "status"].into_iter().enumerate() {
            let e = t.err(
                "CreateLayout",
                json!({"domainId": d, "name": format!("L{n}"), "content": basic_layout(field)}),
            );
            assert_eq!(e.kind.name(), "ValidationException");
            assert!(e.message.contains(field), "{}", e.message);
        }
        let l = t.ok(
            "CreateLayout",
            json!({"domainId": d, "name": "Main", "content": basic_layout("summary")}),
        )["layoutId"]
            .clone();
        let e = t.err(
            "UpdateLayout",
            json!({"domainId": d, "layoutId": l, "content": basic_layout("status")}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        let got = t.ok("GetLayout", json!({"domainId": d, "layoutId": l}));
        assert_eq!(got["content"], basic_layout("summary"));
    }

    #[test]
    fn required_fields_are_listed_once_and_settable() {
        let mut t = Kit::new();
        let d = t.domain();
        let tpl = t.template(&d);
        let twice = json!([{"fieldId": "summary"}, {"fieldId": "summary"}]);
        let e = t.err(
            "CreateTemplate",
            json!({"domainId": d, "name": "X", "requiredFields": twice}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        assert!(e.message.contains("more than once"), "{}", e.message);
        let e = t.err(
            "UpdateTemplate",
            json!({"domainId": d, "templateId": tpl, "requiredFields": twice}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        for id in super::SERVICE_MANAGED {
            let e = t.err(
                "CreateTemplate",
                json!({"domainId": d, "name": "X", "requiredFields": [{"fieldId": id}]}),
            );
            assert_eq!(e.kind.name(), "ValidationException", "{id}");
            assert!(e.message.contains("set by the service"), "{}", e.message);
            let e = t.err(
                "UpdateTemplate",
                json!({"domainId": d, "templateId": tpl, "requiredFields": [{"fieldId": id}]}),
            );
            assert_eq!(e.kind.name(), "ValidationException", "{id}");
        }
        let got = t.ok("GetTemplate", json!({"domainId": d, "templateId": tpl}));
        assert_eq!(got["requiredFields"], json!([]));
    }
}
