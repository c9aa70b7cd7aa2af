//! Local service throughput, measured from a second process: this bench starts
//! `cases-tui serve --demo` as a child process and drives it with the real SDK over loopback.
//!
//!     cargo bench --bench service
//!
//! Prints requests/s for GetCaseAuditEvents and SearchRelatedItems on the big demo case and for
//! SearchAllRelatedItems over the demo domain, and the median latency of one UpdateRelatedItem
//! carrying 50 fields.

mod support;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::types::{
    CustomInputContent, CustomUpdateContent, FieldType, FieldValue, FieldValueUnion,
    RelatedItemInputContent, RelatedItemType, RelatedItemUpdateContent,
};
use std::time::{Duration, Instant};

const DOMAIN: &str = "demo";
const CASE: &str = "case-0001";
const CONCURRENCY: usize = 16;
const RUN_FOR: Duration = Duration::from_secs(5);

fn main() {
    let (mut child, url) = support::serve(&["--demo"]);

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = support::sdk_client(&url);
        println!("cases-tui serve at {url}; {} cores; {CONCURRENCY} concurrent callers, {RUN_FOR:?} each", support::cores());

        let audit = support::calls_per_second(&client, CONCURRENCY, RUN_FOR, |c| async move {
            c.get_case_audit_events()
                .domain_id(DOMAIN)
                .case_id(CASE)
                .max_results(25)
                .send()
                .await
                .is_ok()
        })
        .await;
        println!("GetCaseAuditEvents (25 per page): {audit:.0} requests/s");

        let related = support::calls_per_second(&client, CONCURRENCY, RUN_FOR, |c| async move {
            c.search_related_items()
                .domain_id(DOMAIN)
                .case_id(CASE)
                .max_results(25)
                .send()
                .await
                .is_ok()
        })
        .await;
        println!("SearchRelatedItems (25 per page): {related:.0} requests/s");

        // Every related item of the domain is filtered and sorted per request.
        let all = support::calls_per_second(&client, CONCURRENCY, RUN_FOR, |c| async move {
            c.search_all_related_items()
                .domain_id(DOMAIN)
                .max_results(25)
                .send()
                .await
                .is_ok()
        })
        .await;
        println!("SearchAllRelatedItems (25 per page, whole demo domain): {all:.0} requests/s");

        let median = update_50_fields(&client).await;
        println!("UpdateRelatedItem with 50 fields: median {median:?}");
    });
    let _ = child.kill();
    let _ = child.wait();
}

async fn update_50_fields(client: &Client) -> Duration {
    let mut ids = Vec::new();
    for i in 0..50 {
        let f = client
            .create_field()
            .domain_id(DOMAIN)
            .name(format!("bench field {i}"))
            .r#type(FieldType::Text)
            .send()
            .await
            .expect("create field");
        ids.push(f.field_id().to_string());
    }
    let fields = |v: &str| -> Vec<FieldValue> {
        ids.iter()
            .map(|id| {
                FieldValue::builder()
                    .id(id)
                    .value(FieldValueUnion::StringValue(format!("{v} {id}")))
                    .build()
                    .unwrap()
            })
            .collect()
    };
    let item = client
        .create_related_item()
        .domain_id(DOMAIN)
        .case_id(CASE)
        .r#type(RelatedItemType::Custom)
        .content(RelatedItemInputContent::Custom(
            CustomInputContent::builder()
                .set_fields(Some(fields("first")))
                .build()
                .unwrap(),
        ))
        .send()
        .await
        .expect("create custom item");
    let mut times = Vec::new();
    for round in 0..200 {
        let content = CustomUpdateContent::builder()
            .set_fields(Some(fields(&format!("round {round}"))))
            .build()
            .unwrap();
        let t = Instant::now();
        client
            .update_related_item()
            .domain_id(DOMAIN)
            .case_id(CASE)
            .related_item_id(item.related_item_id())
            .content(RelatedItemUpdateContent::Custom(content))
            .send()
            .await
            .expect("update");
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}
