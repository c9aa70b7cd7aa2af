//! TagResource, UntagResource, ListTagsForResource: by the ARN of a domain, field, template,
//! layout, case rule, case or related item.

use serde_json::{Map, Value, json};

use super::{list, map, req_str};
use crate::local::error::ServiceError;
use crate::local::store::{ARN_PREFIX, Store};
use crate::local::validate::validate_member;

/// The tags of the resource `arn` names.
fn tags_mut<'a>(
    store: &'a mut Store,
    arn: &str,
) -> Result<&'a mut Map<String, Value>, ServiceError> {
    let not_found = || {
        ServiceError::not_found(
            format!("No resource with ARN {arn}"),
            arn,
            resource_type(arn),
        )
    };
    let path = arn
        .strip_prefix(ARN_PREFIX)
        .and_then(|p| p.strip_prefix(":domain/"))
        .ok_or_else(not_found)?;
    let parts: Vec<&str> = path.split('/').collect();
    let domain = store
        .domains
        .iter_mut()
        .find(|d| d.id == parts[0])
        .ok_or_else(not_found)?;
    let tags = match parts[1..] {
        [] => Some(&mut domain.tags),
        ["field", id] => domain
            .fields
            .iter_mut()
            .find(|f| f.id == id)
            .map(|f| &mut f.tags),
        ["template", id] => domain
            .templates
            .iter_mut()
            .find(|t| t.id == id)
            .map(|t| &mut t.tags),
        ["layout", id] => domain
            .layouts
            .iter_mut()
            .find(|l| l.id == id)
            .map(|l| &mut l.tags),
        ["case-rule", id] => domain
            .case_rules
            .iter_mut()
            .find(|r| r.id == id)
            .map(|r| &mut r.tags),
        ["case", id] => domain.cases.get_mut(id).map(|c| &mut c.tags),
        ["case", case, "related-item", id] => domain
            .cases
            .get_mut(case)
            .and_then(|c| c.related.iter_mut().find(|r| r.id == id))
            .map(|r| &mut r.tags),
        _ => None,
    };
    tags.ok_or_else(not_found)
}

fn resource_type(arn: &str) -> &'static str {
    let kinds = [
        ("/related-item/", "RelatedItem"),
        ("/case-rule/", "CaseRule"),
        ("/case/", "Case"),
        ("/field/", "Field"),
        ("/template/", "Template"),
        ("/layout/", "Layout"),
        (":domain/", "Domain"),
    ];
    kinds
        .iter()
        .find(|(marker, _)| arn.contains(marker))
        .map_or("Resource", |(_, kind)| kind)
}

pub(crate) fn tag_resource(store: &mut Store, input: &Value) -> Result<Value, ServiceError> {
    // TagResource's `Tags` has no key rule in the model, but UntagResource's keys refuse the
    // `aws:` prefix: keys are held to MutableTagKey (as CreateCase's tags are), so a key that
    // can be set can also be removed.
    for key in map(input, "tags").keys() {
        validate_member("MutableTagKey", &json!(key), "tags.key")?;
    }
    let tags = tags_mut(store, req_str(input, "arn")?)?;
    tags.extend(map(input, "tags"));
    Ok(json!({}))
}

pub(crate) fn untag_resource(store: &mut Store, input: &Value) -> Result<Value, ServiceError> {
    let tags = tags_mut(store, req_str(input, "arn")?)?;
    for key in list(input, "tagKeys").iter().filter_map(Value::as_str) {
        tags.remove(key);
    }
    Ok(json!({}))
}

pub(crate) fn list_tags_for_resource(
    store: &mut Store,
    input: &Value,
) -> Result<Value, ServiceError> {
    let tags = tags_mut(store, req_str(input, "arn")?)?;
    Ok(json!({ "tags": tags }))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use serde_json::{Value, json};

    fn tags_of(t: &mut Kit, arn: &Value) -> Value {
        t.ok("ListTagsForResource", json!({"arn": arn}))["tags"].clone()
    }

    #[test]
    fn tag_every_kind_of_resource() {
        let mut t = Kit::new();
        let d = t.ok("CreateDomain", json!({"name": "d"}));
        let did = d["domainId"].as_str().unwrap().to_string();
        let f = t.ok(
            "CreateField",
            json!({"domainId": did, "name": "F", "type": "Text"}),
        );
        let tpl = t.ok("CreateTemplate", json!({"domainId": did, "name": "T"}));
        let l = t.ok(
            "CreateLayout",
            json!({"domainId": did, "name": "L", "content": {"basic": {}}}),
        );
        let c = t.ok(
            "CreateCase",
            json!({"domainId": did, "templateId": tpl["templateId"], "tags": {"k0": "v0"},
                   "fields": [{"id": "title", "value": {"stringValue": "x"}}]}),
        );
        let r = t.ok(
            "CreateRelatedItem",
            json!({"domainId": did, "caseId": c["caseId"], "type": "Comment",
                   "content": {"comment": {"body": "hi", "contentType": "Text/Plain"}}}),
        );
        let arns = [
            d["domainArn"].clone(),
            f["fieldArn"].clone(),
            tpl["templateArn"].clone(),
            l["layoutArn"].clone(),
            c["caseArn"].clone(),
            r["relatedItemArn"].clone(),
        ];
        for arn in &arns {
            t.ok(
                "TagResource",
                json!({"arn": arn, "tags": {"a": "1", "b": "2"}}),
            );
            t.ok("UntagResource", json!({"arn": arn, "tagKeys": ["a"]}));
        }
        assert_eq!(tags_of(&mut t, &arns[0]), json!({"b": "2"}));
        assert_eq!(tags_of(&mut t, &arns[3]), json!({"b": "2"}));
        assert_eq!(tags_of(&mut t, &arns[4]), json!({"k0": "v0", "b": "2"}));
        assert_eq!(tags_of(&mut t, &arns[5]), json!({"b": "2"}));
        let got = t.ok(
            "GetCase",
            json!({"domainId": did, "caseId": c["caseId"], "fields": [{"id": "title"}]}),
        );
        assert_eq!(got["tags"], json!({"k0": "v0", "b": "2"}));
        let domain = t.ok("GetDomain", json!({"domainId": did}));
        assert_eq!(domain["tags"], json!({"b": "2"}));
    }

    #[test]
    fn tag_resource_refuses_keys_untag_resource_could_not_remove() {
        let mut t = Kit::new();
        let d = t.ok("CreateDomain", json!({"name": "d"}));
        let arn = d["domainArn"].clone();
        for key in ["aws:team", "AWS:team", "Aws:x"] {
            let e = t.err(
                "TagResource",
                json!({"arn": arn, "tags": {"ok": "1", key: "v"}}),
            );
            assert_eq!(e.kind.name(), "ValidationException", "{key}");
            assert!(
                e.message.contains(&format!("Value '{key}' at 'tags.key'")),
                "{}",
                e.message
            );
        }
        assert_eq!(tags_of(&mut t, &arn), json!({}));
        t.ok(
            "TagResource",
            json!({"arn": arn, "tags": {"team:aws": "v"}}),
        );
        t.ok(
            "UntagResource",
            json!({"arn": arn, "tagKeys": ["team:aws"]}),
        );
        assert_eq!(tags_of(&mut t, &arn), json!({}));
    }

    #[test]
    fn unknown_arns_are_not_found() {
        let mut t = Kit::new();
        let d = t.domain();
        for arn in [
            format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/case/ghost"),
            "arn:aws:cases:us-east-1:123456789012:domain/ghost".to_string(),
            "arn:aws:s3:::bucket".to_string(),
        ] {
            let e = t.err("ListTagsForResource", json!({"arn": arn}));
            assert_eq!(e.kind.name(), "ResourceNotFoundException");
            assert_eq!(e.members["resourceId"], arn.as_str());
        }
        let e = t.err(
            "TagResource",
            json!({"arn": format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/case/ghost"), "tags": {}}),
        );
        assert_eq!(e.members["resourceType"], "Case");
    }
}
