//! CreateCaseRule, UpdateCaseRule, DeleteCaseRule, ListCaseRules, BatchGetCaseRule, and how a
//! template's rules judge a case's values.
//!
//! A rule's conditions compare case fields with constants; the first condition that holds gives
//! the rule its value, else `defaultValue`. Templates apply rules to fields (`rules`: a case rule id
//! and a field id). The service enforces two kinds on CreateCase and UpdateCase: a `required` rule
//! that holds needs its field to have a value, and a `fieldOptions` rule limits the child field to
//! the values mapped to the parent's value. `hidden` rules only change what the agent workspace
//! shows, so they are stored and returned but never refuse a request. A request is refused only
//! for a violation it introduces: a case that broke a rule before the rule existed can still be
//! updated in other fields.

use std::cmp::Ordering;

use serde_json::{Map, Value, json};

use super::search::compare;
use super::{
    check_unique_name, list, new_id, opt_str, page, put_opt, refuse_update_of_deleted, req_str, ts,
    update_json, update_str, value_kind, with_token,
};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{CaseRule, Domain, Store, Template};

/// "A case rule can have a maximum of 5 conditions, spread across a maximum of 2 levels of
/// nesting" (the model's documentation of `CompoundCondition`).
const MAX_CONDITIONS: usize = 5;
const MAX_NESTING: usize = 2;

fn rule_404(id: &str) -> ServiceError {
    ServiceError::not_found(format!("Case rule {id} not found"), id, "CaseRule")
}

fn rule<'a>(domain: &'a Domain, id: &str) -> Result<&'a CaseRule, ServiceError> {
    domain
        .case_rules
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| rule_404(id))
}

/// A field a rule or template may refer to: one that exists and is not deleted.
fn live_field<'a>(
    domain: &'a Domain,
    id: &str,
    what: &str,
) -> Result<&'a crate::local::store::Field, ServiceError> {
    match domain.field(id) {
        Some(f) if !f.deleted => Ok(f),
        Some(_) => Err(ServiceError::validation(format!(
            "{what} {id} has been deleted; refer to a field that exists"
        ))),
        None => Err(ServiceError::validation(format!(
            "{what} {id} does not exist in this domain"
        ))),
    }
}

/// `Required`, `Hidden` or `FieldOptions`: the `RuleType` of a `CaseRuleDetails`.
fn rule_type(rule: &Value) -> &'static str {
    match value_kind(rule).map(|(k, _)| k) {
        Some("required") => "Required",
        Some("hidden") => "Hidden",
        _ => "FieldOptions",
    }
}

fn check_unique_rule_name(
    domain: &Domain,
    name: &str,
    id: Option<&str>,
) -> Result<(), ServiceError> {
    let names = domain
        .case_rules
        .iter()
        .filter(|r| !r.deleted)
        .map(|r| (r.id.as_str(), r.name.as_str()));
    check_unique_name(names, name, id, "case rule")
}

/// Checks a `CaseRuleDetails` against the domain: fields exist, operands fit their fields' types,
/// conditions stay within the documented count and nesting, option mappings name real options.
fn check_rule(domain: &Domain, rule: &Value) -> Result<(), ServiceError> {
    let Some((kind, inner)) = value_kind(rule) else {
        return Err(ServiceError::validation(
            "rule must set one of required, hidden or fieldOptions",
        ));
    };
    match kind {
        "required" | "hidden" => {
            let mut count = 0;
            check_conditions(domain, list(inner, "conditions"), 1, &mut count)
        }
        "fieldOptions" => check_field_options(domain, inner),
        other => Err(ServiceError::validation(format!(
            "rule.{other} is not a case rule type"
        ))),
    }
}

fn check_conditions(
    domain: &Domain,
    conditions: &[Value],
    depth: usize,
    count: &mut usize,
) -> Result<(), ServiceError> {
    if depth > MAX_NESTING {
        return Err(ServiceError::validation(format!(
            "A case rule's conditions can be nested at most {MAX_NESTING} levels deep"
        )));
    }
    for condition in conditions {
        match value_kind(condition) {
            Some(("equalTo" | "notEqualTo", operands)) => {
                *count += 1;
                if *count > MAX_CONDITIONS {
                    return Err(ServiceError::validation(format!(
                        "A case rule can have at most {MAX_CONDITIONS} conditions"
                    )));
                }
                check_operands(domain, operands)?;
            }
            Some(("andAll" | "orAll", compound)) => {
                check_conditions(domain, list(compound, "conditions"), depth + 1, count)?;
            }
            _ => {
                return Err(ServiceError::validation(
                    "A condition must set one of equalTo, notEqualTo, andAll or orAll",
                ));
            }
        }
    }
    Ok(())
}

fn check_operands(domain: &Domain, operands: &Value) -> Result<(), ServiceError> {
    let id = operands["operandOne"]["fieldId"]
        .as_str()
        .ok_or_else(|| ServiceError::validation("operandOne must set fieldId"))?;
    let field = live_field(domain, id, "Condition field")?;
    let Some((kind, _)) = value_kind(&operands["operandTwo"]) else {
        return Err(ServiceError::validation("operandTwo must set one value"));
    };
    let fits = match kind {
        "emptyValue" => true,
        "booleanValue" => field.field_type == "Boolean",
        "doubleValue" => field.field_type == "Number",
        "stringValue" => !matches!(field.field_type.as_str(), "Boolean" | "Number"),
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(ServiceError::validation(format!(
            "Field {id} is of type {}; a condition cannot compare it with a {kind}",
            field.field_type
        )))
    }
}

fn check_field_options(domain: &Domain, rule: &Value) -> Result<(), ServiceError> {
    let member = |name: &str| {
        rule[name]
            .as_str()
            .ok_or_else(|| ServiceError::validation(format!("fieldOptions needs {name}")))
    };
    let (parent_id, child_id) = (member("parentFieldId")?, member("childFieldId")?);
    if parent_id == child_id {
        return Err(ServiceError::validation(
            "A field options rule needs two different fields: a parent and a child",
        ));
    }
    let parent = live_field(domain, parent_id, "Parent field")?;
    let child = live_field(domain, child_id, "Child field")?;
    for f in [parent, child] {
        if f.field_type != "SingleSelect" {
            return Err(ServiceError::validation(format!(
                "Field {} is of type {}; field options rules take SingleSelect fields",
                f.id, f.field_type
            )));
        }
    }
    let has = |f: &crate::local::store::Field, v: &str| f.options.iter().any(|o| o.value == v);
    let mut seen = Vec::new();
    for mapping in list(rule, "parentChildFieldOptionsMappings") {
        let value = mapping["parentFieldOptionValue"]
            .as_str()
            .unwrap_or_default();
        if seen.contains(&value) {
            return Err(ServiceError::validation(format!(
                "Parent option {value:?} is mapped more than once"
            )));
        }
        seen.push(value);
        if !value.is_empty() && !has(parent, value) {
            return Err(ServiceError::validation(format!(
                "{value:?} is not an option of field {parent_id}"
            )));
        }
        for child_value in list(mapping, "childFieldOptionValues") {
            let v = child_value.as_str().unwrap_or_default();
            if !has(child, v) {
                return Err(ServiceError::validation(format!(
                    "{v:?} is not an option of field {child_id}"
                )));
            }
        }
    }
    Ok(())
}

/// A template's `rules` must name live case rules and live fields.
pub(crate) fn check_template_rules(domain: &Domain, rules: &[Value]) -> Result<(), ServiceError> {
    for entry in rules {
        let id = entry["caseRuleId"].as_str().unwrap_or_default();
        match domain.case_rules.iter().find(|r| r.id == id) {
            Some(r) if !r.deleted => {}
            _ => {
                return Err(ServiceError::validation(format!(
                    "Case rule {id} does not exist in this domain"
                )));
            }
        }
        live_field(
            domain,
            entry["fieldId"].as_str().unwrap_or_default(),
            "Field",
        )?;
    }
    Ok(())
}

pub(crate) fn create_case_rule(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let name = req_str(input, "name")?;
    check_unique_rule_name(domain, name, None)?;
    check_rule(domain, &input["rule"])?;
    let id = new_id(ctx);
    if domain.case_rules.iter().any(|r| r.id == id) {
        return Err(ServiceError::conflict(format!(
            "Case rule {id} already exists"
        )));
    }
    let arn = format!("{}/case-rule/{id}", domain.arn);
    domain.case_rules.push(CaseRule {
        id: id.clone(),
        arn: arn.clone(),
        name: name.to_string(),
        description: opt_str(input, "description").map(str::to_string),
        rule: input["rule"].clone(),
        deleted: false,
        created_time: ctx.now,
        last_modified_time: ctx.now,
        tags: Map::new(),
    });
    Ok(json!({"caseRuleId": id, "caseRuleArn": arn}))
}

pub(crate) fn update_case_rule(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let id = req_str(input, "caseRuleId")?;
    refuse_update_of_deleted("Case rule", id, rule(domain, id)?.deleted)?;
    if let Some(name) = opt_str(input, "name") {
        check_unique_rule_name(domain, name, Some(id))?;
    }
    if let Some(r) = input.get("rule") {
        check_rule(domain, r)?;
    }
    let r = domain
        .case_rules
        .iter_mut()
        .find(|r| r.id == id)
        .expect("found");
    update_str(input, "name", &mut r.name);
    update_str(input, "description", &mut r.description);
    update_json(input, "rule", &mut r.rule);
    r.last_modified_time = ctx.now;
    Ok(json!({}))
}

pub(crate) fn delete_case_rule(store: &mut Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let id = req_str(input, "caseRuleId")?;
    rule(domain, id)?;
    if let Some(t) = domain.templates.iter().find(|t| {
        !t.deleted
            && template_rules(t)
                .iter()
                .any(|e| e["caseRuleId"].as_str() == Some(id))
    }) {
        return Err(ServiceError::conflict(format!(
            "Case rule {id} is used by template {} ({}); remove it from the template's rules first",
            t.id, t.name
        )));
    }
    let r = domain
        .case_rules
        .iter_mut()
        .find(|r| r.id == id)
        .expect("found");
    r.deleted = true;
    Ok(json!({}))
}

pub(crate) fn list_case_rules(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let live: Vec<&CaseRule> = domain.case_rules.iter().filter(|r| !r.deleted).collect();
    let listing = format!("ListCaseRules/{}", domain.id);
    let (range, next) = page(input, &listing, 100, live.len())?;
    let rules: Vec<Value> = live[range]
        .iter()
        .map(|r| {
            let mut out = Map::new();
            out.insert("caseRuleId".into(), json!(r.id));
            out.insert("name".into(), json!(r.name));
            out.insert("caseRuleArn".into(), json!(r.arn));
            out.insert("ruleType".into(), json!(rule_type(&r.rule)));
            put_opt(
                &mut out,
                "description",
                r.description.as_ref().map(|d| json!(d)),
            );
            Value::Object(out)
        })
        .collect();
    Ok(with_token(json!({ "caseRules": rules }), next))
}

pub(crate) fn batch_get_case_rule(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for id in super::ids(list(input, "caseRules")) {
        match rule(domain, id) {
            Ok(r) => {
                let mut out = Map::new();
                out.insert("caseRuleId".into(), json!(r.id));
                out.insert("name".into(), json!(r.name));
                out.insert("caseRuleArn".into(), json!(r.arn));
                out.insert("rule".into(), r.rule.clone());
                put_opt(
                    &mut out,
                    "description",
                    r.description.as_ref().map(|d| json!(d)),
                );
                out.insert("deleted".into(), json!(r.deleted));
                out.insert("createdTime".into(), json!(ts(r.created_time)));
                out.insert("lastModifiedTime".into(), json!(ts(r.last_modified_time)));
                out.insert("tags".into(), Value::Object(r.tags.clone()));
                rules.push(Value::Object(out));
            }
            Err(e) => errors.push(json!({
                "id": id,
                "errorCode": e.kind.name(),
                "message": e.message,
            })),
        }
    }
    Ok(json!({"caseRules": rules, "errors": errors, "unprocessedCaseRules": []}))
}

/// The first live case rule whose conditions or option mappings refer to field `id`.
pub(crate) fn rule_using_field<'a>(domain: &'a Domain, id: &str) -> Option<&'a CaseRule> {
    fn mentions(v: &Value, id: &str) -> bool {
        match v {
            Value::Object(o) => o.iter().any(|(k, v)| {
                (matches!(k.as_str(), "fieldId" | "parentFieldId" | "childFieldId") && v == id)
                    || mentions(v, id)
            }),
            Value::Array(a) => a.iter().any(|v| mentions(v, id)),
            _ => false,
        }
    }
    domain
        .case_rules
        .iter()
        .find(|r| !r.deleted && mentions(&r.rule, id))
}

// ---------------------------------------------------------------------------------------------
// Evaluation

fn template_rules(template: &Template) -> &[Value] {
    template
        .rules
        .as_ref()
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A condition that holds gives `Some(result)`; a compound one gives its first member's result.
fn holds(condition: &Value, values: &Map<String, Value>) -> Option<bool> {
    let (kind, inner) = value_kind(condition)?;
    match kind {
        "equalTo" | "notEqualTo" => {
            let id = inner["operandOne"]["fieldId"].as_str().unwrap_or_default();
            let want = &inner["operandTwo"];
            let equal = match values.get(id).filter(|v| !super::is_empty_value(v)) {
                None => super::is_empty_value(want),
                Some(have) => compare(have, want) == Some(Ordering::Equal),
            };
            (equal == (kind == "equalTo")).then(|| inner["result"].as_bool().unwrap_or(false))
        }
        "andAll" => {
            let results: Option<Vec<bool>> = list(inner, "conditions")
                .iter()
                .map(|c| holds(c, values))
                .collect();
            results.and_then(|r| r.first().copied())
        }
        "orAll" => list(inner, "conditions")
            .iter()
            .find_map(|c| holds(c, values)),
        _ => None,
    }
}

/// The value of a `required` or `hidden` rule for a case holding `values`.
fn rule_value(rule: &Value, values: &Map<String, Value>) -> bool {
    list(rule, "conditions")
        .iter()
        .find_map(|c| holds(c, values))
        .unwrap_or_else(|| rule["defaultValue"].as_bool().unwrap_or(false))
}

/// What a case holding `values` breaks among `template`'s rules, as messages.
fn violations(domain: &Domain, template: &Template, values: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for entry in template_rules(template) {
        let (Some(rule_id), Some(field_id)) =
            (entry["caseRuleId"].as_str(), entry["fieldId"].as_str())
        else {
            continue;
        };
        let Some(r) = domain
            .case_rules
            .iter()
            .find(|r| r.id == rule_id && !r.deleted)
        else {
            continue;
        };
        let has = |id: &str| values.get(id).filter(|v| !super::is_empty_value(v));
        match value_kind(&r.rule) {
            Some(("required", inner)) if rule_value(inner, values) && has(field_id).is_none() => {
                out.push(format!(
                    "Field {field_id} is required by case rule {rule_id} ({}); give it a value",
                    r.name
                ));
            }
            Some(("fieldOptions", inner)) => {
                let parent = inner["parentFieldId"].as_str().unwrap_or_default();
                let child = inner["childFieldId"].as_str().unwrap_or(field_id);
                let Some(child_value) = has(child).and_then(|v| v["stringValue"].as_str()) else {
                    continue;
                };
                let parent_value = has(parent)
                    .and_then(|v| v["stringValue"].as_str())
                    .unwrap_or("");
                let mapping = list(inner, "parentChildFieldOptionsMappings")
                    .iter()
                    .find(|m| m["parentFieldOptionValue"] == parent_value);
                if let Some(m) = mapping {
                    let allowed = list(m, "childFieldOptionValues");
                    if !allowed.iter().any(|a| a == child_value) {
                        let allowed: Vec<&str> = allowed.iter().filter_map(Value::as_str).collect();
                        out.push(format!(
                            "Field {child} cannot be {child_value:?} while {parent} is \
                             {parent_value:?} (case rule {rule_id}, {}); allowed: {}",
                            r.name,
                            allowed.join(", ")
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Refuses a case's new values (`after`) if they break a rule of `template` that `before` (the
/// values before an update; `None` on create) did not break.
pub(crate) fn check_case(
    domain: &Domain,
    template: &Template,
    before: Option<&Map<String, Value>>,
    after: &Map<String, Value>,
) -> Result<(), ServiceError> {
    let old = before.map(|b| violations(domain, template, b));
    let new: Vec<String> = violations(domain, template, after)
        .into_iter()
        .filter(|v| old.as_ref().is_none_or(|old| !old.contains(v)))
        .collect();
    match new.first() {
        None => Ok(()),
        Some(_) => Err(ServiceError::validation(new.join("; "))),
    }
}

#[cfg(test)]
#[path = "case_rules_tests.rs"]
mod tests;
