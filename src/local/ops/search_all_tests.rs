//! Tests of SearchAllRelatedItems: filters, sorts and pages, and the indexed walk against a full
//! scan.

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
    let filter = |status: &str| json!({"domainId": d, "filters": [{"sla": {"status": status}}]});
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

/// The `--state` log's effects, applied to a store whose index is built, keep it true.
#[test]
fn replayed_effects_keep_the_index_true() {
    use crate::local::effects::apply;
    let mut t = Kit::new();
    let (d, tpl, c1) = t.case_setup("one");
    let c2 = t.case(&d, &tpl, "two");
    let c3 = t.case(&d, &tpl, "three");
    for case in [&c1, &c2, &c3, &c1, &c2] {
        comment(&mut t, &d, case, "x");
        t.tick(1);
    }
    check_query(&mut t, &d, (0, 0, 2)).unwrap();
    let domain = t.store.domain(&d).unwrap();
    let (one, two) = (domain.cases[&c1].clone(), domain.cases[&c2].clone());
    let mut added = one.related[0].clone();
    added.id = "added".into();
    added.seq = 99;
    added.association_time = t.now;
    let mut moved = one.related[1].clone();
    moved.association_time = t.now - chrono::Duration::minutes(30);
    let mut copy = two.clone();
    copy.id = "copy".into();
    copy.seq = 50;
    // The head of case one, renumbered: its items are filed again under its new number.
    let mut head = serde_json::to_value(&one).unwrap();
    head["seq"] = json!(60);
    let effects = [
        json!({"RelatedPut": {"domain": d, "case": c1, "item": added}}),
        json!({"RelatedPut": {"domain": d, "case": c1, "item": moved}}),
        json!({"RelatedDeleted": {"domain": d, "case": c2, "item": two.related[0].id}}),
        json!({"CaseDeleted": {"domain": d, "case": c3}}),
        json!({"CasePut": {"domain": d, "case": copy}}),
        json!({"CaseHead": {"domain": d, "case": head}}),
    ];
    for effect in &effects {
        apply(&mut t.store, effect).unwrap();
        for pick in [(0, 0, 2), (1, 1, 1), (6, 3, 3), (0, 4, 2)] {
            check_query(&mut t, &d, pick).unwrap();
        }
    }
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
