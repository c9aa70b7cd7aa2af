//! CreateDomain, GetDomain, ListDomains, DeleteDomain.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::{new_id, page_by, req_str, ts, with_token};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{ARN_PREFIX, Domain, Field, FieldOption, Store};

/// The system fields every domain starts with: id, display name, type.
const SYSTEM_FIELDS: [(&str, &str, &str); 13] = [
    ("title", "Title", "Text"),
    ("status", "Status", "SingleSelect"),
    ("reference_number", "Reference number", "Text"),
    ("summary", "Summary", "Text"),
    ("customer_id", "Customer", "Text"),
    ("assigned_queue", "Assigned queue", "Text"),
    ("assigned_user", "Assigned user", "User"),
    ("case_reason", "Case reason", "SingleSelect"),
    ("created_datetime", "Created date/time", "DateTime"),
    ("last_updated_datetime", "Updated date/time", "DateTime"),
    ("last_updated_user", "Last updated user", "User"),
    ("last_closed_datetime", "Closed date/time", "DateTime"),
    ("created_by", "Created by", "User"),
];

/// Fields only the service sets; requests may not.
pub(crate) const SERVICE_MANAGED: [&str; 6] = [
    "reference_number",
    "created_datetime",
    "last_updated_datetime",
    "last_updated_user",
    "last_closed_datetime",
    "created_by",
];

pub(crate) fn create_domain(
    store: &mut Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let name = req_str(input, "name")?;
    if store.domains.iter().any(|d| d.name == name) {
        return Err(ServiceError::conflict(format!(
            "A domain named {name:?} already exists; choose another name"
        )));
    }
    let id = new_id(ctx);
    if store.domains.iter().any(|d| d.id == id) {
        return Err(ServiceError::conflict(format!(
            "Domain {id} already exists"
        )));
    }
    let arn = format!("{ARN_PREFIX}:domain/{id}");
    let fields: Vec<Field> = SYSTEM_FIELDS
        .iter()
        .zip(1..)
        .map(|((fid, fname, ftype), seq)| {
            let mut field = system_field(&arn, fid, fname, ftype, ctx.now);
            field.seq = seq;
            field
        })
        .collect();
    store.domain_seq += 1;
    store.domains.push(Domain {
        id: id.clone(),
        seq: store.domain_seq,
        resource_seq: fields.len() as u64,
        arn: arn.clone(),
        name: name.to_string(),
        created_time: ctx.now,
        tags: Map::new(),
        fields,
        templates: Vec::new(),
        layouts: Vec::new(),
        cases: Default::default(),
        case_seq: 0,
        client_tokens: Default::default(),
        case_rules: Vec::new(),
        event_configuration: None,
        batch_tokens: Default::default(),
        merges: Vec::new(),
        related_index: Default::default(),
    });
    Ok(json!({"domainId": id, "domainArn": arn, "domainStatus": "Active"}))
}

fn system_field(domain_arn: &str, id: &str, name: &str, ftype: &str, now: DateTime<Utc>) -> Field {
    let options = if id == "status" {
        vec![
            FieldOption {
                name: "Open".into(),
                value: "open".into(),
                active: true,
            },
            FieldOption {
                name: "Closed".into(),
                value: "closed".into(),
                active: true,
            },
        ]
    } else {
        Vec::new()
    };
    let attributes = (id == "summary").then(|| json!({"text": {"isMultiline": true}}));
    Field {
        id: id.to_string(),
        deleted: false,
        seq: 0,
        arn: format!("{domain_arn}/field/{id}"),
        name: name.to_string(),
        description: None,
        field_type: ftype.to_string(),
        namespace: "System".into(),
        attributes,
        options,
        created_time: now,
        last_modified_time: now,
        tags: Map::new(),
    }
}

pub(crate) fn get_domain(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let d = store.domain(req_str(input, "domainId")?)?;
    Ok(json!({
        "domainId": d.id,
        "domainArn": d.arn,
        "name": d.name,
        "createdTime": ts(d.created_time),
        "domainStatus": "Active",
        "tags": d.tags,
    }))
}

pub(crate) fn list_domains(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let (range, next) = page_by(input, "ListDomains", 10, &store.domains, |d| d.seq)?;
    let domains: Vec<Value> = store.domains[range]
        .iter()
        .map(|d| json!({"domainId": d.id, "domainArn": d.arn, "name": d.name}))
        .collect();
    Ok(with_token(json!({ "domains": domains }), next))
}

pub(crate) fn delete_domain(store: &mut Store, input: &Value) -> Result<Value, ServiceError> {
    let id = req_str(input, "domainId")?;
    store.domain(id)?;
    store.domains.retain(|d| d.id != id);
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use serde_json::json;

    #[test]
    fn create_domain_makes_system_fields_and_status_options() {
        let mut t = Kit::new();
        let d = t.domain();
        let got = t.ok("GetDomain", json!({"domainId": d}));
        assert_eq!(got["name"], "test-domain");
        assert_eq!(got["domainStatus"], "Active");
        assert_eq!(got["createdTime"], "2026-09-01T09:00:00.000Z");
        assert_eq!(
            got["domainArn"],
            format!("arn:aws:cases:us-east-1:123456789012:domain/{d}")
        );
        let fields = t.ok("ListFields", json!({"domainId": d}));
        let ids: Vec<&str> = fields["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fieldId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, crate::model::SYSTEM_FIELDS.to_vec());
        assert_eq!(fields["fields"][1]["type"], "SingleSelect");
        assert_eq!(fields["fields"][1]["namespace"], "System");
        assert_eq!(
            fields["fields"][1]["fieldArn"],
            format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/field/status")
        );
        let opts = t.ok(
            "ListFieldOptions",
            json!({"domainId": d, "fieldId": "status"}),
        );
        assert_eq!(
            opts["options"],
            json!([
                {"name": "Open", "value": "open", "active": true},
                {"name": "Closed", "value": "closed", "active": true}
            ])
        );
    }

    #[test]
    fn duplicate_domain_name_conflicts_and_unknown_domain_is_404() {
        let mut t = Kit::new();
        t.domain();
        let e = t.err("CreateDomain", json!({"name": "test-domain"}));
        assert_eq!(e.kind.name(), "ConflictException");
        let e = t.err("GetDomain", json!({"domainId": "nope"}));
        assert_eq!(e.kind.name(), "ResourceNotFoundException");
        assert_eq!(e.members["resourceId"], "nope");
        assert_eq!(e.members["resourceType"], "Domain");
    }

    #[test]
    fn list_domains_pages_by_ten_by_default() {
        let mut t = Kit::new();
        for i in 0..12 {
            t.ok("CreateDomain", json!({"name": format!("d{i}")}));
        }
        let p1 = t.ok("ListDomains", json!({}));
        assert_eq!(p1["domains"].as_array().unwrap().len(), 10);
        let p2 = t.ok("ListDomains", json!({"nextToken": p1["nextToken"]}));
        let names: Vec<&str> = p2["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["d10", "d11"]);
        assert!(p2.get("nextToken").is_none());
        t.ok(
            "DeleteDomain",
            json!({"domainId": p1["domains"][0]["domainId"]}),
        );
        let all = t.ok("ListDomains", json!({"maxResults": 10}));
        assert_eq!(all["domains"][0]["name"], "d1");
    }
}
