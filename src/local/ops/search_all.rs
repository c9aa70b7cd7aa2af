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
#[path = "search_all_tests.rs"]
mod tests;
