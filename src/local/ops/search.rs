//! SearchCases, and the field filters it shares with SearchRelatedItems' custom filter.

use std::cmp::Ordering;
use std::collections::HashSet;

use chrono::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{ids, is_empty_value, list, opt_str, page_by, req_str, value_kind, with_token};
use crate::local::error::ServiceError;
use crate::local::store::{Case, Store};

/// A field value as a comparable number: doubles as they are, ISO-8601 strings as epoch millis.
fn as_number(v: &Value) -> Option<f64> {
    match value_kind(v)? {
        ("doubleValue", n) => n.as_f64(),
        ("stringValue", s) => DateTime::parse_from_rfc3339(s.as_str()?)
            .ok()
            .map(|t| t.timestamp_millis() as f64),
        _ => None,
    }
}

/// Orders two field values of the same kind (date-times and epoch millis compare as times).
pub(crate) fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    let (ka, va) = value_kind(a)?;
    let (kb, vb) = value_kind(b)?;
    if let (Some(x), Some(y)) = (as_number(a), as_number(b)) {
        return x.partial_cmp(&y);
    }
    match (ka, kb) {
        ("stringValue" | "userArnValue", "stringValue" | "userArnValue") => {
            Some(va.as_str()?.cmp(vb.as_str()?))
        }
        ("booleanValue", "booleanValue") => Some(va.as_bool()?.cmp(&vb.as_bool()?)),
        ("emptyValue", "emptyValue") => Some(Ordering::Equal),
        _ => None,
    }
}

fn text_of(v: &Value) -> Option<&str> {
    match value_kind(v)? {
        ("stringValue" | "userArnValue", s) => s.as_str(),
        _ => None,
    }
}

/// Evaluates a `FieldFilter` (equalTo, contains, greaterThan[OrEqualTo], lessThan[OrEqualTo])
/// against the values `lookup` finds by field id.
pub(crate) fn field_filter_matches<'a>(
    filter: &Value,
    lookup: &impl Fn(&str) -> Option<&'a Value>,
) -> bool {
    let Some((op, operand)) = value_kind(filter) else {
        return true;
    };
    let id = operand["id"].as_str().unwrap_or_default();
    let target = &operand["value"];
    let actual = lookup(id).filter(|v| !is_empty_value(v));
    let Some(actual) = actual else {
        return op == "equalTo" && is_empty_value(target);
    };
    let ord = compare(actual, target);
    match op {
        "equalTo" => ord == Some(Ordering::Equal),
        "contains" => match (text_of(actual), text_of(target)) {
            (Some(a), Some(t)) => a.to_lowercase().contains(&t.to_lowercase()),
            _ => false,
        },
        "greaterThan" => ord == Some(Ordering::Greater),
        "greaterThanOrEqualTo" => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
        "lessThan" => ord == Some(Ordering::Less),
        "lessThanOrEqualTo" => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
        _ => false,
    }
}

/// Evaluates a `CaseFilter` (or, with `tags` empty, a `CustomFieldsFilter`: same shape minus tag).
pub(crate) fn filter_matches<'a>(
    filter: &Value,
    lookup: &impl Fn(&str) -> Option<&'a Value>,
    tags: &Map<String, Value>,
) -> bool {
    let Some((kind, inner)) = value_kind(filter) else {
        return true;
    };
    match kind {
        "field" => field_filter_matches(inner, lookup),
        "not" => !filter_matches(inner, lookup, tags),
        "andAll" => inner
            .as_array()
            .is_none_or(|all| all.iter().all(|f| filter_matches(f, lookup, tags))),
        "orAll" => inner
            .as_array()
            .is_none_or(|any| any.iter().any(|f| filter_matches(f, lookup, tags))),
        "tag" => {
            let Some(eq) = inner.get("equalTo") else {
                return true;
            };
            let key = eq["key"].as_str().unwrap_or_default();
            match (tags.get(key), eq.get("value")) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(have), Some(want)) => have == want,
            }
        }
        _ => false,
    }
}

fn matches_term(text_fields: &HashSet<&str>, case: &Case, term: &str) -> bool {
    term.is_empty()
        || case.fields.iter().any(|(id, v)| {
            text_fields.contains(id.as_str())
                && text_of(v).is_some_and(|s| s.to_lowercase().contains(term))
        })
}

/// Orders cases by the requested sorts (missing values last), newest first on ties.
/// A case's place in a search's order: its values of the sorted fields (with each sort's
/// direction), then newest case first. It is also the position a SearchCases token carries, so
/// the next page starts after it even if that case has since been deleted.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CaseKey {
    values: Vec<(Option<Value>, bool)>,
    seq: u64,
    /// Each value as `compare` reads it as a number (a date-time's millis), worked out once per
    /// case rather than in every comparison of the sort (parsing date-times was most of a
    /// search's time at 10k cases). Not in tokens: a key read from one compares by `values`.
    #[serde(skip)]
    numbers: Vec<Option<f64>>,
}

impl CaseKey {
    fn of(sorts: &[(String, bool)], case: &Case) -> CaseKey {
        let values: Vec<(Option<Value>, bool)> = sorts
            .iter()
            .map(|(field, ascending)| (case.fields.get(field).cloned(), *ascending))
            .collect();
        let numbers = values
            .iter()
            .map(|(v, _)| v.as_ref().and_then(as_number))
            .collect();
        CaseKey {
            values,
            seq: case.seq,
            numbers,
        }
    }

    fn number(&self, i: usize) -> Option<f64> {
        self.numbers.get(i).copied().flatten()
    }
}

impl Ord for CaseKey {
    fn cmp(&self, other: &Self) -> Ordering {
        for (i, ((a, ascending), (b, _))) in self.values.iter().zip(&other.values).enumerate() {
            let ord = match (a, b) {
                (Some(x), Some(y)) => {
                    // The same answer as `compare`, which compares two numbers as numbers.
                    let o = match (self.number(i), other.number(i)) {
                        (Some(m), Some(n)) => m.partial_cmp(&n),
                        _ => compare(x, y),
                    }
                    .unwrap_or(Ordering::Equal);
                    if *ascending { o } else { o.reverse() }
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        other.seq.cmp(&self.seq)
    }
}

impl PartialOrd for CaseKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for CaseKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for CaseKey {}

pub(crate) fn search_cases(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let term = opt_str(input, "searchTerm")
        .unwrap_or_default()
        .to_lowercase();
    let filter = input.get("filter").cloned().unwrap_or(Value::Null);
    let mut sorts: Vec<(String, bool)> = list(input, "sorts")
        .iter()
        .map(|s| {
            let id = s["fieldId"].as_str().unwrap_or_default().to_string();
            (id, s["sortOrder"] == "Asc")
        })
        .collect();
    if sorts.is_empty() {
        sorts.push(("last_updated_datetime".into(), false));
    }
    let text_fields: HashSet<&str> = domain
        .fields
        .iter()
        .filter(|f| f.field_type == "Text")
        .map(|f| f.id.as_str())
        .collect();
    let hits: Vec<&Case> = domain
        .cases
        .values()
        .filter(|c| matches_term(&text_fields, c, &term))
        .filter(|c| filter_matches(&filter, &|id| c.fields.get(id), &c.tags))
        .collect();
    let mut hits: Vec<(&Case, CaseKey)> = hits
        .into_iter()
        .map(|c| (c, CaseKey::of(&sorts, c)))
        .collect();
    hits.sort_by(|(_, a), (_, b)| a.cmp(b));

    let listing = format!("SearchCases/{}/{term}/{filter}/{sorts:?}", domain.id);
    let (range, next) = page_by(input, &listing, 25, &hits, |(_, k)| k.clone())?;
    let wanted = ids(list(input, "fields"));
    let cases: Vec<Value> = hits[range]
        .iter()
        .map(|(c, _)| {
            let fields: Vec<Value> = wanted
                .iter()
                .filter_map(|id| c.fields.get(*id).map(|v| json!({"id": id, "value": v})))
                .collect();
            json!({"caseId": c.id, "templateId": c.template_id, "fields": fields, "tags": c.tags})
        })
        .collect();
    Ok(with_token(
        json!({"cases": cases, "totalCount": hits.len()}),
        next,
    ))
}

/// The cases with a Contact related item for `contactArn`, oldest case first.
pub(crate) fn list_cases_for_contact(store: &Store, input: &Value) -> Result<Value, ServiceError> {
    let domain = store.domain(req_str(input, "domainId")?)?;
    let contact = req_str(input, "contactArn")?;
    let mut hits: Vec<&Case> = domain
        .cases
        .values()
        .filter(|c| {
            c.related
                .iter()
                .any(|r| r.item_type == "Contact" && r.content["contact"]["contactArn"] == contact)
        })
        .collect();
    hits.sort_by_key(|c| c.seq);
    let listing = format!("ListCasesForContact/{}/{contact}", domain.id);
    let (range, next) = page_by(input, &listing, 10, &hits, |c| c.seq)?;
    let cases: Vec<Value> = hits[range]
        .iter()
        .map(|c| json!({"caseId": c.id, "caseArn": c.arn}))
        .collect();
    Ok(with_token(json!({ "cases": cases }), next))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use serde_json::{Value, json};

    /// Three cases a, b, c created ten minutes apart, with a Number field "prio" (3, 1, 2).
    fn three_cases(t: &mut Kit) -> (String, String, Vec<String>) {
        let d = t.domain();
        let tpl = t.template(&d);
        let prio = t.field(&d, "Prio", "Number");
        let mut ids = Vec::new();
        for (title, p) in [
            ("Alpha kettle", 3.0),
            ("Beta toaster", 1.0),
            ("Gamma KETTLE lid", 2.0),
        ] {
            let c = t.case(&d, &tpl, title);
            t.ok(
                "UpdateCase",
                json!({"domainId": d, "caseId": c, "fields": [{"id": prio, "value": {"doubleValue": p}}]}),
            );
            ids.push(c);
            t.tick(10);
        }
        (d, prio, ids)
    }

    fn titles(out: &Value) -> Vec<String> {
        out["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                c["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["id"] == "title")
                    .map(|f| f["value"]["stringValue"].as_str().unwrap().to_string())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn default_order_is_last_updated_desc_and_projection_applies() {
        let mut t = Kit::new();
        let (d, prio, _) = three_cases(&mut t);
        let out = t.ok(
            "SearchCases",
            json!({"domainId": d, "fields": [{"id": "title"}, {"id": prio}]}),
        );
        assert_eq!(
            titles(&out),
            ["Gamma KETTLE lid", "Beta toaster", "Alpha kettle"]
        );
        assert_eq!(out["totalCount"], 3);
        assert_eq!(out["cases"][0]["fields"].as_array().unwrap().len(), 2);
        assert_eq!(out["cases"][0]["fields"][1]["value"]["doubleValue"], 2.0);
        let bare = t.ok("SearchCases", json!({"domainId": d}));
        assert_eq!(bare["cases"][0]["fields"], json!([]));
    }

    /// Pages by last update: keys read back from tokens (without their numbers worked out)
    /// place the next page where a single page has it.
    #[test]
    fn pages_by_last_update_follow_one_page() {
        let mut t = Kit::new();
        let d = t.domain();
        let tpl = t.template(&d);
        for i in 0..13 {
            t.case(&d, &tpl, &format!("case {i}"));
            if i % 3 == 0 {
                t.tick(1);
            }
        }
        let sorts = json!([{"fieldId": "last_updated_datetime", "sortOrder": "Desc"}]);
        let case_ids = |out: &Value| -> Vec<String> {
            out["cases"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["caseId"].as_str().unwrap().to_string())
                .collect()
        };
        let whole = case_ids(&t.ok(
            "SearchCases",
            json!({"domainId": d, "sorts": sorts, "maxResults": 25}),
        ));
        assert_eq!(whole.len(), 13);
        let mut walked = Vec::new();
        let mut token = Value::Null;
        loop {
            let mut input = json!({"domainId": d, "sorts": sorts, "maxResults": 2});
            if !token.is_null() {
                input["nextToken"] = token;
            }
            let page = t.ok("SearchCases", input);
            walked.extend(case_ids(&page));
            token = page.get("nextToken").cloned().unwrap_or(Value::Null);
            if token.is_null() {
                break;
            }
        }
        assert_eq!(walked, whole);
    }

    #[test]
    fn search_term_is_case_insensitive_over_text_fields() {
        let mut t = Kit::new();
        let (d, _, _) = three_cases(&mut t);
        let out = t.ok(
            "SearchCases",
            json!({"domainId": d, "searchTerm": "Kettle", "fields": [{"id": "title"}]}),
        );
        assert_eq!(titles(&out), ["Gamma KETTLE lid", "Alpha kettle"]);
        assert_eq!(out["totalCount"], 2);
    }

    #[test]
    fn sorts_by_field_both_ways() {
        let mut t = Kit::new();
        let (d, prio, _) = three_cases(&mut t);
        let asc = t.ok(
            "SearchCases",
            json!({"domainId": d, "fields": [{"id": "title"}],
                   "sorts": [{"fieldId": prio, "sortOrder": "Asc"}]}),
        );
        assert_eq!(
            titles(&asc),
            ["Beta toaster", "Gamma KETTLE lid", "Alpha kettle"]
        );
        let desc = t.ok(
            "SearchCases",
            json!({"domainId": d, "fields": [{"id": "title"}],
                   "sorts": [{"fieldId": "title", "sortOrder": "Desc"}]}),
        );
        assert_eq!(
            titles(&desc),
            ["Gamma KETTLE lid", "Beta toaster", "Alpha kettle"]
        );
    }

    #[test]
    fn filters_compose() {
        let mut t = Kit::new();
        let (d, prio, ids) = three_cases(&mut t);
        t.ok(
            "UpdateCase",
            json!({"domainId": d, "caseId": ids[1],
                   "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
        );
        let mut search = |filter: Value| {
            let out = t.ok(
                "SearchCases",
                json!({"domainId": d, "filter": filter, "fields": [{"id": "title"}],
                       "sorts": [{"fieldId": "title", "sortOrder": "Asc"}]}),
            );
            titles(&out)
        };
        let eq = |id: &str, v: Value| json!({"field": {"equalTo": {"id": id, "value": v}}});
        assert_eq!(
            search(eq("status", json!({"stringValue": "open"}))),
            ["Alpha kettle", "Gamma KETTLE lid"]
        );
        assert_eq!(
            search(json!({"not": eq("status", json!({"stringValue": "open"}))})),
            ["Beta toaster"]
        );
        assert_eq!(
            search(json!({"field": {"greaterThan": {"id": prio, "value": {"doubleValue": 1.0}}}})),
            ["Alpha kettle", "Gamma KETTLE lid"]
        );
        assert_eq!(
            search(
                json!({"field": {"lessThanOrEqualTo": {"id": prio, "value": {"doubleValue": 2.0}}}})
            ),
            ["Beta toaster", "Gamma KETTLE lid"]
        );
        assert_eq!(
            search(
                json!({"field": {"greaterThanOrEqualTo": {"id": prio, "value": {"doubleValue": 3.0}}}})
            ),
            ["Alpha kettle"]
        );
        assert_eq!(
            search(json!({"field": {"lessThan": {"id": prio, "value": {"doubleValue": 2.0}}}})),
            ["Beta toaster"]
        );
        assert_eq!(
            search(
                json!({"field": {"contains": {"id": "title", "value": {"stringValue": "kettle"}}}})
            ),
            ["Alpha kettle", "Gamma KETTLE lid"]
        );
        assert_eq!(
            search(json!({"andAll": [
                eq("status", json!({"stringValue": "open"})),
                {"field": {"contains": {"id": "title", "value": {"stringValue": "lid"}}}}
            ]})),
            ["Gamma KETTLE lid"]
        );
        assert_eq!(
            search(json!({"orAll": [
                eq("title", json!({"stringValue": "Beta toaster"})),
                eq("title", json!({"stringValue": "Alpha kettle"}))
            ]})),
            ["Alpha kettle", "Beta toaster"]
        );
        // Date-times compare as times.
        assert_eq!(
            search(json!({"field": {"greaterThan": {"id": "created_datetime",
                "value": {"stringValue": "2026-09-01T09:05:00Z"}}}})),
            ["Beta toaster", "Gamma KETTLE lid"]
        );
        assert_eq!(search(eq("summary", json!({"emptyValue": {}}))).len(), 3);
    }

    #[test]
    fn tag_filter_and_paging() {
        let mut t = Kit::new();
        let d = t.domain();
        let tpl = t.template(&d);
        for i in 0..30 {
            t.ok(
                "CreateCase",
                json!({"domainId": d, "templateId": tpl,
                       "tags": {"batch": if i % 3 == 0 { "x" } else { "y" }},
                       "fields": [{"id": "title", "value": {"stringValue": format!("case {i:02}")}}]}),
            );
            t.tick(1);
        }
        let tagged = t.ok(
            "SearchCases",
            json!({"domainId": d, "filter": {"tag": {"equalTo": {"key": "batch", "value": "x"}}}}),
        );
        assert_eq!(tagged["totalCount"], 10);

        let p1 = t.ok(
            "SearchCases",
            json!({"domainId": d, "fields": [{"id": "title"}]}),
        );
        assert_eq!(p1["cases"].as_array().unwrap().len(), 25);
        assert_eq!(titles(&p1)[0], "case 29");
        let p2 = t.ok(
            "SearchCases",
            json!({"domainId": d, "fields": [{"id": "title"}], "nextToken": p1["nextToken"]}),
        );
        assert_eq!(
            titles(&p2),
            ["case 04", "case 03", "case 02", "case 01", "case 00"]
        );
        assert!(p2.get("nextToken").is_none());
        // A token from another listing is refused.
        let e = t.err(
            "SearchCases",
            json!({"domainId": d, "searchTerm": "case", "nextToken": p1["nextToken"]}),
        );
        assert_eq!(e.message, "Invalid nextToken");
    }

    #[test]
    fn list_cases_for_contact_finds_linked_cases() {
        let mut t = Kit::new();
        let (d, tpl, a) = t.case_setup("a");
        let b = t.case(&d, &tpl, "b");
        t.case(&d, &tpl, "c");
        let arn = "arn:aws:connect:us-east-1:123456789012:instance/i/contact/k";
        for case in [&a, &b] {
            t.ok(
                "CreateRelatedItem",
                json!({"domainId": d, "caseId": case, "type": "Contact",
                       "content": {"contact": {"contactArn": arn}}}),
            );
        }
        let out = t.ok(
            "ListCasesForContact",
            json!({"domainId": d, "contactArn": arn}),
        );
        let ids: Vec<&str> = out["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["caseId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [a.as_str(), b.as_str()]);
        let none = t.ok(
            "ListCasesForContact",
            json!({"domainId": d, "contactArn": "arn:other"}),
        );
        assert_eq!(none["cases"], json!([]));
    }
}
