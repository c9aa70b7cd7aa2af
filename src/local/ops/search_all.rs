//! SearchAllRelatedItems: related items across every case of a domain, with SearchRelatedItems'
//! filters, sorted by association time or case id.

use std::cmp::Ordering;
use std::iter::Peekable;
use std::ops::Bound::{Included, Unbounded};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::related::{content_at, content_key, reads_overdue, type_filter_matches};
use super::{Resume, list, put_opt, req_str, ts, value_kind, with_token};
use crate::local::error::{CallContext, ServiceError};
use crate::local::store::{Case, Domain, RelatedItem, Slot, Store};

/// The model's page size limit (`SearchAllRelatedItemsRequestMaxResultsInteger`, max 25).
const DEFAULT_PAGE: usize = 25;

/// One row of the listing: an item and the case that holds it.
type Row<'a> = (&'a Case, &'a RelatedItem);

/// What the listing's order compares: association time, case id, case and item creation order.
type Key<'a> = (DateTime<Utc>, &'a str, u64, u64);

fn key<'a>((case, item): &Row<'a>) -> Key<'a> {
    (item.association_time, &case.id, case.seq, item.seq)
}

/// A row's place in the listing's order, as a page token carries it (the last row handed out):
/// the next page starts after it, wherever the rows after it are now.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Position {
    t: DateTime<Utc>,
    c: String,
    cs: u64,
    is: u64,
}

impl Position {
    fn of(row: &Row) -> Self {
        let (t, c, cs, is) = key(row);
        Position {
            t,
            c: c.to_string(),
            cs,
            is,
        }
    }

    fn key(&self) -> Key<'_> {
        (self.t, &self.c, self.cs, self.is)
    }
}

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

/// Whether some filter is an `sla` filter, the only kind that reads an SLA's status at `now`.
fn looks_at_slas(filters: &[Value]) -> bool {
    filters
        .iter()
        .any(|f| value_kind(f).is_some_and(|(kind, _)| kind == "sla"))
}

/// Whether any of `filters` can match an item of `item_type` (the type test of
/// [`type_filter_matches`]; a filter naming no type can match any).
fn type_can_match(filters: &[Value], item_type: &str) -> bool {
    filters.is_empty()
        || filters
            .iter()
            .any(|f| value_kind(f).is_none_or(|(kind, _)| kind == content_key(item_type)))
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

fn order_keys(terms: &[(&str, bool)], a: Key, b: Key) -> Ordering {
    for (property, ascending) in terms {
        let ord = match *property {
            "CaseId" => a.1.cmp(b.1),
            _ => a.0.cmp(&b.0),
        };
        let ord = if *ascending { ord } else { ord.reverse() };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    // A total order, so that pages never overlap or skip: newest case, newest item first.
    b.2.cmp(&a.2).then(b.3.cmp(&a.3))
}

fn order(terms: &[(&str, bool)], a: &Row, b: &Row) -> Ordering {
    order_keys(terms, key(a), key(b))
}

/// The rows of `groups` that `keep` keeps, in order, up to `wanted` of them. `groups` come in
/// the order of the first sort term, each holding every row equal on it, so putting each group
/// in order puts the whole walk in order; the walk stops at the group that fills the page.
fn take<'a>(
    groups: impl Iterator<Item = Vec<Row<'a>>>,
    keep: impl Fn(&Row<'a>) -> bool,
    terms: &[(&str, bool)],
    wanted: usize,
) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    for mut group in groups {
        group.retain(|row| keep(row));
        group.sort_unstable_by(|a, b| order(terms, a, b));
        rows.extend(group);
        if rows.len() >= wanted {
            break;
        }
    }
    rows.truncate(wanted);
    rows
}

/// The domain's items of the types `filters` can match, one group per association time, newest
/// (or oldest) first, from `after`'s time on: read from the domain's related item index, so
/// neither other types nor rows before the page are looked at.
fn by_time<'a>(
    domain: &'a Domain,
    filters: &[Value],
    ascending: bool,
    after: Option<&Position>,
) -> impl Iterator<Item = Vec<Row<'a>>> + 'a {
    type Walk<'a> = Peekable<Box<dyn Iterator<Item = (&'a Slot, &'a String)> + 'a>>;
    let mut walks: Vec<Walk<'a>> = domain
        .related_index
        .by_type(&domain.cases)
        .iter()
        .filter(|(item_type, _)| type_can_match(filters, item_type))
        .map(|(_, items)| {
            let walk: Box<dyn Iterator<Item = _> + 'a> = match (ascending, after) {
                (true, None) => Box::new(items.iter()),
                (true, Some(a)) => Box::new(items.range((a.t, 0, 0)..)),
                (false, None) => Box::new(items.iter().rev()),
                (false, Some(a)) => Box::new(items.range(..=(a.t, u64::MAX, u64::MAX)).rev()),
            };
            walk.peekable()
        })
        .collect();
    std::iter::from_fn(move || {
        let time = walks
            .iter_mut()
            .filter_map(|w| w.peek().map(|(slot, _)| slot.0))
            .reduce(|a, b| if ascending { a.min(b) } else { a.max(b) })?;
        let mut group = Vec::new();
        for walk in &mut walks {
            while let Some(((_, _, seq), case_id)) = walk.next_if(|(slot, _)| slot.0 == time) {
                let found = domain.cases.get(case_id).and_then(|case| {
                    let item = case
                        .related
                        .iter()
                        .find(|r| r.seq == *seq && r.association_time == time)?;
                    Some((case, item))
                });
                debug_assert!(found.is_some(), "the related item index is stale");
                group.extend(found);
            }
        }
        Some(group)
    })
}

/// The domain's items one group per case, by case id ascending (or descending) from `after`'s
/// case on, for listings sorted by case id first.
fn by_case<'a>(
    domain: &'a Domain,
    ascending: bool,
    after: Option<&'a Position>,
) -> impl Iterator<Item = Vec<Row<'a>>> + 'a {
    let cases: Box<dyn Iterator<Item = (&String, &Case)>> = match (ascending, after) {
        (true, None) => Box::new(domain.cases.iter()),
        (true, Some(a)) => Box::new(
            domain
                .cases
                .range::<str, _>((Included(a.c.as_str()), Unbounded)),
        ),
        (false, None) => Box::new(domain.cases.iter().rev()),
        (false, Some(a)) => Box::new(
            domain
                .cases
                .range::<str, _>((Unbounded, Included(a.c.as_str())))
                .rev(),
        ),
    };
    cases.map(|(_, case)| case.related.iter().map(|r| (case, r)).collect())
}

pub(crate) fn search_all_related_items(
    store: &Store,
    input: &Value,
    ctx: &CallContext,
) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let filters = list(input, "filters");
    let terms = sort_terms(input);
    let sla_filter = looks_at_slas(filters);
    let listing = format!(
        "SearchAllRelatedItems/{}/{}/{terms:?}",
        domain.id,
        Value::Array(filters.to_vec())
    );
    let resume: Resume<Position> = Resume::new(input, &listing, DEFAULT_PAGE)?;
    let after = resume.after.as_ref();
    // A filter is evaluated per row at call time (an SLA's status reads at `now`), but only on
    // rows past the token's position, and only until the page and one more row are found.
    let keep = |row: &Row| {
        matches(filters, sla_filter, row.1, ctx)
            && after.is_none_or(|a| order_keys(&terms, key(row), a.key()) == Ordering::Greater)
    };
    let wanted = resume.size.saturating_add(1);
    let (first, ascending) = terms[0];
    let mut rows = if first == "CaseId" {
        take(by_case(domain, ascending, after), keep, &terms, wanted)
    } else {
        take(
            by_time(domain, filters, ascending, after),
            keep,
            &terms,
            wanted,
        )
    };
    let more = rows.len() > resume.size;
    rows.truncate(resume.size);
    let next = rows
        .last()
        .and_then(|last| resume.next(&Position::of(last), more));
    let items: Vec<Value> = rows
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
    use super::*;
    use proptest::prelude::*;
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

    /// What a full scan answers: every item of the domain that the filters match, fully sorted.
    fn full_scan(t: &Kit, d: &str, input: &Value) -> Vec<(String, String)> {
        let domain = t.store.domain(d).unwrap();
        let ctx = t.ctx();
        let filters = list(input, "filters");
        let terms = sort_terms(input);
        let sla_filter = looks_at_slas(filters);
        let mut rows: Vec<Row> = domain
            .cases
            .values()
            .flat_map(|c| c.related.iter().map(move |r| (c, r)))
            .filter(|(_, r)| matches(filters, sla_filter, r, &ctx))
            .collect();
        rows.sort_by(|a, b| order(&terms, a, b));
        rows.iter()
            .map(|(c, r)| (c.id.clone(), r.id.clone()))
            .collect()
    }

    /// Every page of `input`'s listing, walked with its tokens: (case, item) per row, and each
    /// page's length.
    fn walk_pages(t: &mut Kit, input: &Value) -> (Vec<(String, String)>, Vec<usize>) {
        let mut rows = Vec::new();
        let mut lengths = Vec::new();
        let mut token = Value::Null;
        loop {
            let mut input = input.clone();
            if !token.is_null() {
                input["nextToken"] = token;
            }
            let page = t.ok("SearchAllRelatedItems", input);
            let items = page["relatedItems"].as_array().unwrap();
            lengths.push(items.len());
            rows.extend(items.iter().map(|i| {
                (
                    i["caseId"].as_str().unwrap().to_string(),
                    i["relatedItemId"].as_str().unwrap().to_string(),
                )
            }));
            token = page.get("nextToken").cloned().unwrap_or(Value::Null);
            if token.is_null() {
                return (rows, lengths);
            }
        }
    }

    const FILTERS: [&str; 8] = [
        "[]",
        r#"[{"comment": {}}]"#,
        r#"[{"sla": {"status": "Active"}}]"#,
        r#"[{"sla": {"status": "Overdue"}}]"#,
        r#"[{"contact": {"channel": ["VOICE"]}}]"#,
        r#"[{"comment": {}}, {"sla": {}}]"#,
        r#"[{"connectCase": {}}, {}]"#,
        r#"[{"file": {}}]"#,
    ];
    const SORTS: [&str; 6] = [
        "[]",
        r#"[{"sortProperty": "AssociationTime", "sortOrder": "Asc"}]"#,
        r#"[{"sortProperty": "AssociationTime", "sortOrder": "Desc"}]"#,
        r#"[{"sortProperty": "CaseId", "sortOrder": "Asc"}]"#,
        r#"[{"sortProperty": "CaseId", "sortOrder": "Desc"}, {"sortProperty": "AssociationTime", "sortOrder": "Asc"}]"#,
        r#"[{"sortProperty": "AssociationTime", "sortOrder": "Desc"}, {"sortProperty": "CaseId", "sortOrder": "Asc"}]"#,
    ];

    /// Walks every page of a query (filters, sorts, page size picked by `pick`) and checks it
    /// against one full scan: same rows, same order, full pages but the last.
    fn check_query(t: &mut Kit, d: &str, pick: (usize, usize, usize)) -> Result<(), TestCaseError> {
        let (f, s, size) = pick;
        let input = json!({
            "domainId": d,
            "filters": serde_json::from_str::<Value>(FILTERS[f % FILTERS.len()]).unwrap(),
            "sorts": serde_json::from_str::<Value>(SORTS[s % SORTS.len()]).unwrap(),
            "maxResults": size,
        });
        let (walked, lengths) = walk_pages(t, &input);
        prop_assert_eq!(&walked, &full_scan(t, d, &input), "{}", input);
        let (last, full) = lengths.split_last().unwrap();
        prop_assert!(
            full.iter().all(|n| *n == size) && *last <= size,
            "{:?}",
            lengths
        );
        Ok(())
    }

    /// Applies one generated change to the domain (errors, like deleting from an empty case,
    /// change nothing and are ignored).
    fn change(
        t: &mut Kit,
        d: &str,
        tpl: &str,
        cases: &mut Vec<String>,
        (kind, a, b): (u8, usize, usize),
    ) {
        let case = cases[a % cases.len()].clone();
        let create = |t: &mut Kit, item_type: &str, content: Value| {
            let _ = t.call(
                "CreateRelatedItem",
                json!({"domainId": d, "caseId": case, "type": item_type, "content": content}),
            );
        };
        match kind {
            0 | 1 => create(
                t,
                "Comment",
                json!({"comment": {"body": format!("c{b}"), "contentType": "Text/Plain"}}),
            ),
            2 => create(
                t,
                "Sla",
                json!({"sla": {"slaInputConfiguration": {"name": format!("s{}", b % 2),
                    "type": "CaseField", "fieldId": "status",
                    "targetFieldValues": [{"stringValue": "closed"}],
                    "targetSlaMinutes": 1 + b % 20}}}),
            ),
            3 => {
                let channel = ["voice", "chat"][b % 2];
                let arn = format!("arn:aws:connect:us-east-1:1:instance/i/contact/{channel}-{b}");
                create(t, "Contact", json!({"contact": {"contactArn": arn}}));
            }
            4 => {
                let to = cases[b % cases.len()].clone();
                create(t, "ConnectCase", json!({"connectCase": {"caseId": to}}));
            }
            5 => t.tick((b % 15) as i64),
            6 => {
                let items = t.store.domain(d).unwrap().cases[&case].related.clone();
                if let Some(item) = items.get(b % items.len().max(1)) {
                    t.ok(
                        "DeleteRelatedItem",
                        json!({"domainId": d, "caseId": case, "relatedItemId": item.id}),
                    );
                }
            }
            7 if cases.len() > 1 => {
                t.ok("DeleteCase", json!({"domainId": d, "caseId": case}));
                cases.retain(|c| *c != case);
            }
            8 => cases.push(t.case(d, tpl, &format!("case {b}"))),
            _ => {
                let _ = t.call(
                    "UpdateCase",
                    json!({"domainId": d, "caseId": case,
                           "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The indexed walk answers what a full scan of every item answers, for random filters,
        /// sorts and page sizes, with the index built early and then kept up to date by item and
        /// case creates and deletes, SLAs settling and falling overdue as time passes.
        #[test]
        fn indexed_pages_equal_a_full_scan(
            changes in proptest::collection::vec((0u8..10, 0usize..64, 0usize..64), 1..60),
            queries in proptest::collection::vec((0usize..8, 0usize..6, 1usize..7), 1..4),
        ) {
            let mut t = Kit::new();
            let (d, tpl, first) = t.case_setup("first");
            let mut cases = vec![first, t.case(&d, &tpl, "second"), t.case(&d, &tpl, "third")];
            for (i, c) in changes.into_iter().enumerate() {
                change(&mut t, &d, &tpl, &mut cases, c);
                // Now and then, a query mid-way: the index is built, then kept up to date.
                if i % 7 == 3 {
                    check_query(&mut t, &d, queries[i % queries.len()])?;
                }
            }
            for q in queries {
                check_query(&mut t, &d, q)?;
            }
        }
    }

    /// A merge moves items between cases and links them: an index built before it still answers
    /// what a full scan does.
    #[test]
    fn a_merge_keeps_the_index_true() {
        let mut t = Kit::new();
        let (d, tpl, p) = t.case_setup("primary");
        let s = t.case(&d, &tpl, "secondary");
        for case in [&p, &s, &s] {
            comment(&mut t, &d, case, "x");
            t.tick(1);
        }
        check_query(&mut t, &d, (0, 0, 2)).unwrap();
        t.ok(
            "StartMergeCases",
            json!({"domainId": d, "caseId": p, "secondaryCaseIds": [s],
                   "relatedItemsConfiguration": {"comment": true},
                   "performedBy": {"userArn": AGENT}}),
        );
        t.tick(1);
        let all = t.ok("SearchAllRelatedItems", json!({"domainId": d}));
        let cases: Vec<&str> = all["relatedItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["caseId"].as_str().unwrap())
            .collect();
        // Three comments on the primary and the two links.
        assert_eq!(cases.iter().filter(|c| **c == p).count(), 4, "{all}");
        for pick in [(0, 0, 1), (1, 3, 2), (6, 1, 3), (5, 4, 1)] {
            check_query(&mut t, &d, pick).unwrap();
        }
    }

    /// A token names the last row handed out, not an offset: a row deleted before it between two
    /// pages does not make the next page skip one (an offset would have skipped `made[2]`).
    #[test]
    fn the_next_page_starts_after_the_last_row_seen() {
        let mut t = Kit::new();
        let (d, _, c) = t.case_setup("x");
        let made: Vec<String> = (0..5)
            .map(|i| {
                t.tick(1);
                comment(&mut t, &d, &c, &format!("{i}"))
            })
            .collect();
        let input = json!({"domainId": d, "filters": [{"comment": {}}], "maxResults": 2});
        let first = t.ok("SearchAllRelatedItems", input.clone());
        assert_eq!(ids(&first), [made[4].clone(), made[3].clone()]);
        t.ok(
            "DeleteRelatedItem",
            json!({"domainId": d, "caseId": c, "relatedItemId": made[4]}),
        );
        let mut next = input;
        next["nextToken"] = first["nextToken"].clone();
        assert_eq!(
            ids(&t.ok("SearchAllRelatedItems", next)),
            [made[2].clone(), made[1].clone()]
        );
    }
}
