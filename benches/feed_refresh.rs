//! One refresh of the supervisor's feed against a demo domain scaled to 10k cases and 100k related
//! items: the local service runs in-process on 127.0.0.1:0, seeded with
//! `demo::scaled_demo_seed`, and the real SDK client asks what the feed asks.
//!
//!     cargo bench --bench feed_refresh              # 15 runs of each
//!     cargo bench --bench feed_refresh -- --quick   # 3 runs of each
//!     FEED_CASES=1000 FEED_ITEMS=10000 cargo bench --bench feed_refresh   # another size
//!
//! Prints, for each refresh, the requests it made, the rows it read and the median time:
//! (a) the first load: SearchAllRelatedItems newest first (one page of 25, the most the model
//! allows) and SearchCases by last update (one page); (b) a refresh with nothing new: the same
//! requests, stopping at the first row already known; (c) every open SLA: every page of the
//! `sla { status: Active }` filter.
//!
//! The requests are written here as the feed will make them. Once the feed's refresh is
//! callable, `first_load`, `refresh` and `open_slas` become calls to it (each returns what it
//! read as a `Refresh`); the domain, the timing and the report stay as they are.

use std::time::{Duration, Instant};

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connectcases::types::{
    FieldIdentifier, Order, RelatedItemTypeFilter, SearchAllRelatedItemsSort,
    SearchAllRelatedItemsSortProperty, SlaFilter, SlaStatus, Sort,
};
use cases_tui::local::{self, ServeArgs, demo};

const DOMAIN: &str = demo::DEMO_DOMAIN_ID;
/// SearchAllRelatedItems' largest page (the model's maximum).
const ITEMS_PAGE: i32 = 25;
/// SearchCases' page, as the case list asks for it.
const CASES_PAGE: i32 = 25;

/// What one refresh asked and read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Refresh {
    requests: usize,
    rows: usize,
}

/// The newest row the feed knows of each listing: a refresh stops when it meets it.
#[derive(Debug, Default, Clone)]
struct Known {
    item: Option<String>,
    case: Option<(String, String)>,
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 15 };
    let cases = env_usize("FEED_CASES", 10_000);
    let items = env_usize("FEED_ITEMS", 100_000);

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let t = Instant::now();
        let (steps, counts) = demo::scaled_demo_seed(cases, items, chrono::Utc::now());
        let built = t.elapsed();
        let n_steps = steps.len();
        let t = Instant::now();
        let service = local::start_with_steps(ServeArgs::for_tests(), steps)
            .await
            .expect("the service starts");
        println!(
            "scaled demo: {} cases, {} related items, {n_steps} steps; built in {built:.2?}, \
             replayed and listening in {:.2?}; {} cores; median of {runs} runs",
            counts.cases,
            counts.related_items,
            t.elapsed(),
            std::thread::available_parallelism().map_or(0, |n| n.get()),
        );
        let client = client(&service.endpoint_url());

        let (time, a) = measure(runs, || async {
            first_load(&client, &mut Known::default()).await
        })
        .await;
        report(
            "(a) first load: items newest first + cases by last update",
            a,
            time,
        );
        let mut known = Known::default();
        first_load(&client, &mut known).await;

        let (time, b) = measure(runs, || refresh(&client, &known)).await;
        report("(b) refresh, nothing new", b, time);

        let (time, c) = measure(runs, || open_slas(&client)).await;
        report(
            "(c) every open SLA (sla status Active, every page)",
            c,
            time,
        );

        let (time, d) = measure(runs, || comments_first_page(&client)).await;
        report("(d) first page of comments only (a type filter)", d, time);

        service.shutdown().await;
    });
}

fn report(label: &str, r: Refresh, median: Duration) {
    println!(
        "{label}: {} requests, {} rows, median {median:.2?}",
        r.requests, r.rows
    );
}

/// Runs `f` `runs` times; the median time and what the last run read (every run reads the same).
async fn measure<F, Fut>(runs: usize, mut f: F) -> (Duration, Refresh)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Refresh>,
{
    let mut times = Vec::with_capacity(runs);
    let mut last = Refresh::default();
    for _ in 0..runs {
        let t = Instant::now();
        last = f().await;
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], last)
}

fn client(url: &str) -> Client {
    let config = aws_sdk_connectcases::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKIDBENCH", "secret", None, None, "bench"))
        .build();
    Client::from_conf(config)
}

fn newest_first() -> SearchAllRelatedItemsSort {
    SearchAllRelatedItemsSort::builder()
        .sort_property(SearchAllRelatedItemsSortProperty::AssociationTime)
        .sort_order(Order::Descending)
        .build()
        .unwrap()
}

/// One page of related items, newest first: (item id, case id) of each row, and the token.
async fn items_page(
    client: &Client,
    filters: Vec<RelatedItemTypeFilter>,
    token: Option<String>,
) -> (Vec<(String, String)>, Option<String>) {
    let out = client
        .search_all_related_items()
        .domain_id(DOMAIN)
        .max_results(ITEMS_PAGE)
        .sorts(newest_first())
        .set_filters((!filters.is_empty()).then_some(filters))
        .set_next_token(token)
        .send()
        .await
        .expect("SearchAllRelatedItems");
    let rows = out
        .related_items()
        .iter()
        .flatten()
        .map(|i| (i.related_item_id().to_string(), i.case_id().to_string()))
        .collect();
    (rows, out.next_token().map(str::to_string))
}

/// One page of cases by last update, newest first: (case id, last update) of each row.
async fn cases_page(client: &Client) -> Vec<(String, String)> {
    let field = |id: &str| FieldIdentifier::builder().id(id).build().unwrap();
    let out = client
        .search_cases()
        .domain_id(DOMAIN)
        .max_results(CASES_PAGE)
        .sorts(
            Sort::builder()
                .field_id("last_updated_datetime")
                .sort_order(Order::Descending)
                .build()
                .unwrap(),
        )
        .fields(field("title"))
        .fields(field("status"))
        .fields(field("last_updated_datetime"))
        .fields(field("last_updated_user"))
        .fields(field("assigned_user"))
        .fields(field("assigned_queue"))
        .send()
        .await
        .expect("SearchCases");
    out.cases()
        .iter()
        .flatten()
        .map(|c| {
            let updated = c
                .fields()
                .iter()
                .find(|f| f.id() == "last_updated_datetime")
                .and_then(|f| f.value())
                .and_then(|v| v.as_string_value().ok())
                .cloned()
                .unwrap_or_default();
            (c.case_id().to_string(), updated)
        })
        .collect()
}

/// (a) The feed opens: the newest related items and the most recently updated cases.
async fn first_load(client: &Client, known: &mut Known) -> Refresh {
    let ((items, _), cases) =
        tokio::join!(items_page(client, Vec::new(), None), cases_page(client));
    known.item = items.first().map(|(id, _)| id.clone());
    known.case = cases.first().cloned();
    Refresh {
        requests: 2,
        rows: items.len() + cases.len(),
    }
}

/// (b) A refresh: the same first pages, read down to the first row already known; a page that
/// does not reach it would be followed by the next one.
async fn refresh(client: &Client, known: &Known) -> Refresh {
    let mut r = Refresh::default();
    let items = async {
        let mut token = None;
        let (mut requests, mut new_rows) = (0, 0);
        loop {
            let (rows, next) = items_page(client, Vec::new(), token).await;
            requests += 1;
            let until = rows
                .iter()
                .position(|(id, _)| Some(id) == known.item.as_ref());
            new_rows += until.unwrap_or(rows.len());
            match (until, next) {
                (None, Some(next)) => token = Some(next),
                _ => return (requests, new_rows),
            }
        }
    };
    let cases = async {
        let rows = cases_page(client).await;
        let new_rows = rows
            .iter()
            .position(|row| Some(row) == known.case.as_ref())
            .unwrap_or(rows.len());
        (1, new_rows)
    };
    let ((ir, irows), (cr, crows)) = tokio::join!(items, cases);
    r.requests = ir + cr;
    r.rows = irows + crows;
    assert_eq!(r.rows, 0, "nothing changed between refreshes");
    r
}

/// (c) The SLA radar: every page of the open SLAs.
async fn open_slas(client: &Client) -> Refresh {
    let filter = RelatedItemTypeFilter::Sla(SlaFilter::builder().status(SlaStatus::Active).build());
    let mut r = Refresh::default();
    let mut token = None;
    loop {
        let (rows, next) = items_page(client, vec![filter.clone()], token).await;
        r.requests += 1;
        r.rows += rows.len();
        match next {
            Some(next) => token = Some(next),
            None => return r,
        }
    }
}

/// (d) The feed filtered to one type.
async fn comments_first_page(client: &Client) -> Refresh {
    let filter = RelatedItemTypeFilter::Comment(
        aws_sdk_connectcases::types::CommentFilter::builder().build(),
    );
    let (rows, _) = items_page(client, vec![filter], None).await;
    Refresh {
        requests: 1,
        rows: rows.len(),
    }
}
