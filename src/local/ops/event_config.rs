//! GetCaseEventConfiguration, PutCaseEventConfiguration: what the domain would publish to
//! EventBridge. The local service publishes nothing; it keeps the configuration and answers it.

use serde_json::{Value, json};

use super::{list, req_str};
use crate::local::error::ServiceError;
use crate::local::store::Store;

/// A domain that was never configured publishes nothing.
fn default_configuration() -> Value {
    json!({"enabled": false})
}

pub(crate) fn get_case_event_configuration(
    store: &Store,
    input: &Value,
) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let mut config = domain
        .event_configuration
        .clone()
        .unwrap_or_else(default_configuration);
    // "Calling GetCaseEventConfiguration does not return field IDs for deleted fields."
    if let Some(fields) = config
        .pointer_mut("/includedData/caseData/fields")
        .and_then(Value::as_array_mut)
    {
        fields.retain(|f| {
            domain
                .field(f["id"].as_str().unwrap_or_default())
                .is_some_and(|f| !f.deleted)
        });
    }
    Ok(json!({ "eventBridge": config }))
}

pub(crate) fn put_case_event_configuration(
    store: &mut Store,
    input: &Value,
) -> Result<Value, ServiceError> {
    let domain = store.domain_mut(req_str(input, "domainId")?)?;
    let config = &input["eventBridge"];
    let fields = list(&config["includedData"]["caseData"], "fields");
    let mut seen = Vec::new();
    for id in super::ids(fields) {
        match domain.field(id) {
            Some(f) if !f.deleted => {}
            _ => {
                return Err(ServiceError::validation(format!(
                    "Field {id} does not exist in this domain; include fields that ListFields returns"
                )));
            }
        }
        if seen.contains(&id) {
            return Err(ServiceError::validation(format!(
                "Field {id} appears more than once in includedData.caseData.fields"
            )));
        }
        seen.push(id);
    }
    domain.event_configuration = Some(config.clone());
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use serde_json::json;

    #[test]
    fn configuration_round_trips_and_hides_deleted_fields() {
        let mut t = Kit::new();
        let d = t.domain();
        assert_eq!(
            t.ok("GetCaseEventConfiguration", json!({"domainId": d})),
            json!({"eventBridge": {"enabled": false}})
        );
        let f = t.field(&d, "Order", "Text");
        let config = json!({"enabled": true, "includedData": {
            "caseData": {"fields": [{"id": "title"}, {"id": f}], "autoIncludeFields": "Custom"},
            "relatedItemData": {"includeContent": true}}});
        t.ok(
            "PutCaseEventConfiguration",
            json!({"domainId": d, "eventBridge": config}),
        );
        let got = t.ok("GetCaseEventConfiguration", json!({"domainId": d}));
        assert_eq!(got["eventBridge"], config);
        t.ok("DeleteField", json!({"domainId": d, "fieldId": f}));
        let got = t.ok("GetCaseEventConfiguration", json!({"domainId": d}));
        assert_eq!(
            got["eventBridge"]["includedData"]["caseData"]["fields"],
            json!([{"id": "title"}])
        );
        let e = t.err(
            "PutCaseEventConfiguration",
            json!({"domainId": d, "eventBridge": {"enabled": true, "includedData": {
                "caseData": {"fields": [{"id": "ghost"}]}}}}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        let e = t.err("GetCaseEventConfiguration", json!({"domainId": "nope"}));
        assert_eq!(e.kind.name(), "ResourceNotFoundException");
    }
}
