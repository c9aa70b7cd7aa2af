//! The scaled demo replays through the store with the counts asked for.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::super::{DEMO_DOMAIN_ID, scaled_demo_seed};
use crate::local::error::CallContext;
use crate::local::seed::replay_trusted;
use crate::local::store::Store;

#[test]
fn a_scaled_demo_has_the_cases_and_items_asked_for_of_every_type() {
    let now: DateTime<Utc> = "2027-03-14T10:04:37Z".parse().unwrap();
    let (steps, counts) = scaled_demo_seed(300, 3_000, now);
    assert_eq!(counts.cases, 300);
    assert!((3_000..3_100).contains(&counts.related_items), "{counts:?}");
    assert!(steps.iter().all(|s| s.at.unwrap() <= now));
    assert_eq!(scaled_demo_seed(300, 3_000, now).0, steps, "deterministic");
    let mut store = Store::default();
    replay_trusted(&mut store, &steps).expect("every step is valid");
    let domain = store.domain(DEMO_DOMAIN_ID).unwrap();
    assert_eq!(domain.cases.len(), 300);
    let items: usize = domain.cases.values().map(|c| c.related.len()).sum();
    assert_eq!(items, counts.related_items);
    let types: HashSet<&str> = domain
        .cases
        .values()
        .flat_map(|c| c.related.iter().map(|r| r.item_type.as_str()))
        .collect();
    assert_eq!(types.len(), 6, "{types:?}");
    let ctx = CallContext {
        now,
        ..CallContext::now()
    };
    let closed = store
        .call(
            "SearchCases",
            &json!({"domainId": DEMO_DOMAIN_ID, "filter": {"field": {"equalTo":
                {"id": "status", "value": {"stringValue": "closed"}}}}}),
            &ctx,
        )
        .unwrap()["totalCount"]
        .as_u64()
        .unwrap();
    assert!((50..250).contains(&closed), "{closed} closed");
}
