//! SearchAllRelatedItems: related items across every case of a domain, with SearchRelatedItems'
//! filters, sorted by association time or case id.

use std::cmp::Ordering;

use serde_json::{Map, Value, json};

use super::related::{content_at, type_filter_matches};
use super::{list, page, put_opt, req_str, ts, with_token};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{Case, RelatedItem, Store};

/// The model's page size limit (`SearchAllRelatedItemsRequestMaxResultsInteger`, max 25).
const DEFAULT_PAGE: usize = 25;

/// Whether `item` matches any of `filters` (all items when there are none). Only SLAs are read
/// at `now` (an Active one past its target is Overdue), so other items are not copied.
fn matches(filters: &[Value], item: &RelatedItem, ctx: &CallContext) -> bool {
    if filters.is_empty() {
        return true;
    }
    if item.item_type == "Sla" {
        let content = content_at(item, ctx.now);
        filters
            .iter()
            .any(|f| type_filter_matches(f, item, &content))
    } else {
        filters
            .iter()
            .any(|f| type_filter_matches(f, item, &item.content))
    }
}

/// `(property, ascending)` pairs in request order; without sorts, newest associations first.
fn sort_terms(input: &Value) -> Vec<(&str, bool)> {
    let terms: Vec<(&str, bool)> = list(input, "sorts")
        .iter()
        .map(|s| {
            (
                s["sortProperty"].as_str().unwrap_or("AssociationTime"),
                s["sortOrder"] != "Desc",
            )
        })
        .collect();
    if terms.is_empty() {
        vec![("AssociationTime", false)]
    } else {
        terms
    }
}

fn order(terms: &[(&str, bool)], a: &(&Case, &RelatedItem), b: &(&Case, &RelatedItem)) -> Ordering {
    for (property, ascending) in terms {
        let ord = match *property {
            "CaseId" => a.0.id.cmp(&b.0.id),
            _ => a.1.association_time.cmp(&b.1.association_time),
        };
        let ord = if *ascending { ord } else { ord.reverse() };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    // A total order, so that pages never overlap or skip: newest case, newest item first.
    b.0.seq.cmp(&a.0.seq).then(b.1.seq.cmp(&a.1.seq))
}

pub(crate) fn search_all_related_items(
    store: &Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let filters = list(input, "filters");
    let terms = sort_terms(input);
    let mut hits: Vec<(&Case, &RelatedItem)> = domain
        .cases
        .values()
        .flat_map(|c| c.related.iter().map(move |r| (c, r)))
        .filter(|(_, r)| matches(filters, r, ctx))
        .collect();
    hits.sort_unstable_by(|a, b| order(&terms, a, b));
    let listing = format!(
        "SearchAllRelatedItems/{}/{}/{terms:?}",
        domain.id,
        Value::Array(filters.to_vec())
    );
    let (range, next) = page(input, &listing, DEFAULT_PAGE, hits.len())?;
    let items: Vec<Value> = hits[range]
        .iter()
        .map(|(case, r)| {
            let mut out = Map::new();
            out.insert("relatedItemId".into(), json!(r.id));
            out.insert("caseId".into(), json!(case.id));
            out.insert("type".into(), json!(r.item_type));
            out.insert("associationTime".into(), json!(ts(r.association_time)));
            out.insert("content".into(), content_at(r, ctx.now));
            out.insert("tags".into(), Value::Object(r.tags.clone()));
            put_opt(&mut out, "performedBy", r.created_by.clone());
            Value::Object(out)
        })
        .collect();
    Ok(with_token(json!({ "relatedItems": items }), next))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use serde_json::{Value, json};

    fn comment(t: &mut Kit, d: &str, c: &str, body: &str) -> String {
        let out = t.ok(
            "CreateRelatedItem",
            json!({"domainId": d, "caseId": c, "type": "Comment",
                   "content": {"comment": {"body": body, "contentType": "Text/Plain"}}}),
        );
        out["relatedItemId"].as_str().unwrap().to_string()
    }

    fn ids(page: &Value) -> Vec<String> {
        page["relatedItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["relatedItemId"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn searches_across_cases_with_filters_sorts_and_pages() {
        let mut t = Kit::new();
        let (d, tpl, c1) = t.case_setup("first");
        let c2 = t.case(&d, &tpl, "second");
        let a = comment(&mut t, &d, &c1, "a");
        t.tick(1);
        let b = comment(&mut t, &d, &c2, "b");
        t.tick(1);
        let contact = t.ok(
            "CreateRelatedItem",
            json!({"domainId": d, "caseId": c1, "type": "Contact",
                   "content": {"contact": {"contactArn": "arn:aws:connect:us-east-1:1:instance/i/contact/voice-1"}}}),
        )["relatedItemId"]
            .as_str()
            .unwrap()
            .to_string();
        let all = t.ok("SearchAllRelatedItems", json!({"domainId": d}));
        assert_eq!(ids(&all), [contact.clone(), b.clone(), a.clone()]);
        assert_eq!(all["relatedItems"][1]["caseId"], c2.as_str());

        let oldest = t.ok(
            "SearchAllRelatedItems",
            json!({"domainId": d, "sorts": [{"sortProperty": "AssociationTime", "sortOrder": "Asc"}]}),
        );
        assert_eq!(ids(&oldest), [a.clone(), b.clone(), contact.clone()]);

        let comments = t.ok(
            "SearchAllRelatedItems",
            json!({"domainId": d, "filters": [{"comment": {}}], "maxResults": 1}),
        );
        assert_eq!(ids(&comments), std::slice::from_ref(&b));
        let token = comments["nextToken"].clone();
        let rest = t.ok(
            "SearchAllRelatedItems",
            json!({"domainId": d, "filters": [{"comment": {}}], "maxResults": 1, "nextToken": token}),
        );
        assert_eq!(ids(&rest), std::slice::from_ref(&a));
        assert!(rest.get("nextToken").is_none());
        // A token belongs to the query that issued it.
        let e = t.err(
            "SearchAllRelatedItems",
            json!({"domainId": d, "maxResults": 1, "nextToken": token}),
        );
        assert_eq!(e.kind.name(), "ValidationException");

        let voice = t.ok(
            "SearchAllRelatedItems",
            json!({"domainId": d, "filters": [{"contact": {"channel": ["VOICE"]}}]}),
        );
        assert_eq!(ids(&voice), [contact]);
        let e = t.err("SearchAllRelatedItems", json!({"domainId": "nope"}));
        assert_eq!(e.kind.name(), "ResourceNotFoundException");
    }

    #[test]
    fn slas_are_filtered_by_their_status_now() {
        let mut t = Kit::new();
        let (d, _, c) = t.case_setup("x");
        t.ok(
            "CreateRelatedItem",
            json!({"domainId": d, "caseId": c, "type": "Sla",
                   "content": {"sla": {"slaInputConfiguration": {"name": "Close", "type": "CaseField",
                       "fieldId": "status", "targetFieldValues": [{"stringValue": "closed"}],
                       "targetSlaMinutes": 10}}}}),
        );
        let filter =
            |status: &str| json!({"domainId": d, "filters": [{"sla": {"status": status}}]});
        assert_eq!(
            ids(&t.ok("SearchAllRelatedItems", filter("Active"))).len(),
            1
        );
        t.tick(11);
        assert_eq!(
            ids(&t.ok("SearchAllRelatedItems", filter("Active"))).len(),
            0
        );
        let overdue = t.ok("SearchAllRelatedItems", filter("Overdue"));
        assert_eq!(
            overdue["relatedItems"][0]["content"]["sla"]["slaConfiguration"]["status"],
            "Overdue"
        );
    }

    #[test]
    fn open_slas_are_active_or_overdue_filters_ored_and_a_met_one_is_neither() {
        let mut t = Kit::new();
        let (d, tpl, c1) = t.case_setup("overdue");
        let c2 = t.case(&d, &tpl, "active");
        let c3 = t.case(&d, &tpl, "met");
        let sla = |t: &mut Kit, c: &str, minutes: i64| {
            t.ok(
                "CreateRelatedItem",
                json!({"domainId": d, "caseId": c, "type": "Sla",
                       "content": {"sla": {"slaInputConfiguration": {"name": "Close", "type": "CaseField",
                           "fieldId": "status", "targetFieldValues": [{"stringValue": "closed"}],
                           "targetSlaMinutes": minutes}}}}),
            )["relatedItemId"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let overdue = sla(&mut t, &c1, 5);
        let active = sla(&mut t, &c2, 600);
        sla(&mut t, &c3, 600);
        t.ok(
            "UpdateCase",
            json!({"domainId": d, "caseId": c3,
                   "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
        );
        t.tick(10);
        let open = t.ok(
            "SearchAllRelatedItems",
            json!({"domainId": d, "filters": [{"sla": {"status": "Active"}}, {"sla": {"status": "Overdue"}}],
                   "maxResults": 25}),
        );
        let mut got = ids(&open);
        got.sort();
        let mut want = vec![overdue, active];
        want.sort();
        assert_eq!(got, want);
    }
}
