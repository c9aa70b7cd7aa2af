//! SearchAllRelatedItems: related items across every case of a domain, with SearchRelatedItems'
//! filters, sorted by association time or case id.

use std::cmp::Ordering;

use serde_json::{Map, Value, json};

use super::related::{content_at, reads_overdue, type_filter_matches};
use super::{list, page, put_opt, req_str, ts, value_kind, with_token};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{Case, RelatedItem, Store};

/// The model's page size limit (`SearchAllRelatedItemsRequestMaxResultsInteger`, max 25).
const DEFAULT_PAGE: usize = 25;

/// Whether `item` matches any of `filters` (all items when there are none). Only an SLA that
/// reads Overdue at `now` (Active, past its target) reads otherwise than it is stored, and only an
/// `sla` filter looks at that (`sla_filter`), so no other item is copied.
fn matches(filters: &[Value], sla_filter: bool, item: &RelatedItem, ctx: &CallContext) -> bool {
    if filters.is_empty() {
        return true;
    }
    if sla_filter && reads_overdue(item, ctx.now) {
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
    let sla_filter = filters
        .iter()
        .any(|f| value_kind(f).is_some_and(|(kind, _)| kind == "sla"));
    let mut hits: Vec<(&Case, &RelatedItem)> = domain
        .cases
        .values()
        .flat_map(|c| c.related.iter().map(move |r| (c, r)))
        .filter(|(_, r)| matches(filters, sla_filter, r, ctx))
        .collect();
    let listing = format!(
        "SearchAllRelatedItems/{}/{}/{terms:?}",
        domain.id,
        Value::Array(filters.to_vec())
    );
    let (range, next) = page(input, &listing, DEFAULT_PAGE, hits.len())?;
    // Only the rows up to the end of this page need their order: pick them out in linear time,
    // then sort just those. The order is total, so the page is the one a full sort gives (a
    // full sort of 100k items was most of a call's time).
    if range.end < hits.len() {
        hits.select_nth_unstable_by(range.end, |a, b| order(&terms, a, b));
        hits.truncate(range.end);
    }
    hits.sort_unstable_by(|a, b| order(&terms, a, b));
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

    /// Every page: only the rows up to a page's end are put in order; small pages walk the same
    /// listing a single page shows, ties (items added in the same instant) included.
    #[test]
    fn small_pages_walk_the_same_order_as_one_page() {
        let mut t = Kit::new();
        let (d, tpl, c1) = t.case_setup("first");
        let c2 = t.case(&d, &tpl, "second");
        let c3 = t.case(&d, &tpl, "third");
        for i in 0..21 {
            let case = [&c1, &c2, &c3][i % 3];
            comment(&mut t, &d, case, &format!("comment {i}"));
            if i % 4 == 0 {
                t.tick(1);
            }
        }
        for order in ["Desc", "Asc"] {
            let sorts = json!([{"sortProperty": "AssociationTime", "sortOrder": order}]);
            let whole = ids(&t.ok(
                "SearchAllRelatedItems",
                json!({"domainId": d, "sorts": sorts, "maxResults": 25}),
            ));
            assert_eq!(whole.len(), 21);
            let mut walked = Vec::new();
            let mut token = Value::Null;
            loop {
                let mut input = json!({"domainId": d, "sorts": sorts, "maxResults": 4});
                if !token.is_null() {
                    input["nextToken"] = token;
                }
                let page = t.ok("SearchAllRelatedItems", input);
                walked.extend(ids(&page));
                token = page.get("nextToken").cloned().unwrap_or(Value::Null);
                if token.is_null() {
                    break;
                }
            }
            assert_eq!(walked, whole, "{order}");
        }
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
}
