//! GetCaseAuditEvents: a case's history, oldest first.

use serde_json::{Value, json};

use super::{page, req_str, with_token};
use crate::local::error::ServiceError;
use crate::local::store::Store;

pub(crate) fn get_case_audit_events(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let case = domain.case(req_str(input, "caseId")?)?;
    let listing = format!("GetCaseAuditEvents/{}/{}", domain.id, case.id);
    let (range, next) = page(input, &listing, 25, case.audit.len())?;
    Ok(with_token(
        json!({ "auditEvents": &case.audit[range] }),
        next,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use serde_json::json;

    #[test]
    fn pages_chronologically_with_default_25() {
        let mut t = Kit::new();
        let (d, _, c) = t.case_setup("x");
        for i in 0..59 {
            t.tick(1);
            t.ok(
                "UpdateCase",
                json!({"domainId": d, "caseId": c,
                       "fields": [{"id": "summary", "value": {"stringValue": format!("v{i}")}}]}),
            );
        }
        let p1 = t.ok("GetCaseAuditEvents", json!({"domainId": d, "caseId": c}));
        let events = p1["auditEvents"].as_array().unwrap();
        assert_eq!(events.len(), 25);
        assert_eq!(events[0]["type"], "Case.Created");
        assert_eq!(events[1]["fields"][0]["newValue"]["stringValue"], "v0");
        let p2 = t.ok(
            "GetCaseAuditEvents",
            json!({"domainId": d, "caseId": c, "maxResults": 10, "nextToken": p1["nextToken"]}),
        );
        assert_eq!(
            p2["auditEvents"][0]["fields"][0]["newValue"]["stringValue"],
            "v24"
        );
        assert_eq!(p2["auditEvents"].as_array().unwrap().len(), 10);
        let all = t.audit(&d, &c);
        assert_eq!(all.len(), 60);
        assert_eq!(all[59]["performedTime"], "2026-09-01T09:59:00.000Z");
        let times: Vec<&str> = all
            .iter()
            .map(|e| e["performedTime"].as_str().unwrap())
            .collect();
        let mut sorted = times.clone();
        sorted.sort();
        assert_eq!(times, sorted);
        let ids: std::collections::BTreeSet<&str> =
            all.iter().map(|e| e["eventId"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 60);
    }

    #[test]
    fn tokens_are_bound_to_their_case() {
        let mut t = Kit::new();
        let (d, tpl, c) = t.case_setup("x");
        let other = t.case(&d, &tpl, "y");
        for _ in 0..3 {
            t.ok(
                "UpdateCase",
                json!({"domainId": d, "caseId": c,
                       "fields": [{"id": "summary", "value": {"stringValue": format!("{}", t.now)}}]}),
            );
            t.tick(1);
        }
        let p1 = t.ok(
            "GetCaseAuditEvents",
            json!({"domainId": d, "caseId": c, "maxResults": 1}),
        );
        let e = t.err(
            "GetCaseAuditEvents",
            json!({"domainId": d, "caseId": other, "nextToken": p1["nextToken"]}),
        );
        assert_eq!(e.kind.name(), "ValidationException");
        assert_eq!(e.message, "Invalid nextToken");
        let e = t.err(
            "GetCaseAuditEvents",
            json!({"domainId": d, "caseId": c, "nextToken": "not-a-token"}),
        );
        assert_eq!(e.message, "Invalid nextToken");
    }

    #[test]
    fn a_long_history_pages_to_the_end() {
        let mut t = Kit::new();
        let (d, _, c) = t.case_setup("x");
        for i in 0..1200 {
            t.ok(
                "UpdateCase",
                json!({"domainId": d, "caseId": c,
                       "fields": [{"id": "summary", "value": {"stringValue": format!("v{i}")}}]}),
            );
        }
        for i in 0..160 {
            t.ok(
                "CreateRelatedItem",
                json!({"domainId": d, "caseId": c, "type": "Comment",
                       "content": {"comment": {"body": format!("c{i}"), "contentType": "Text/Plain"}}}),
            );
        }
        let events = t.audit(&d, &c);
        assert_eq!(events.len(), 1 + 1200 + 160);
        let mut token: Option<serde_json::Value> = None;
        let mut items = 0;
        loop {
            let mut input = json!({"domainId": d, "caseId": c});
            if let Some(tok) = token.take() {
                input["nextToken"] = tok;
            }
            let page = t.ok("SearchRelatedItems", input);
            items += page["relatedItems"].as_array().unwrap().len();
            match page.get("nextToken") {
                Some(tok) => token = Some(tok.clone()),
                None => break,
            }
        }
        // How fast is measured by `cargo bench --bench service`, not asserted here.
        assert_eq!(items, 160);
    }
}
