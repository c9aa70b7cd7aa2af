//! The supervisor's feed refreshing against a demo domain scaled to 10k cases and 100k related
//! items, through its real path: the `App` (its messages and commands), the real executor and
//! SDK client, and the local service in-process on 127.0.0.1:0 seeded once per run with
//! `demo::scaled_demo_seed`. Requests are counted by the service (its `--request-log`, by
//! operation), so the radar's pages and every case lookup count too.
//!
//!     cargo bench --bench feed_refresh              # 15 runs of each
//!     cargo bench --bench feed_refresh -- --quick   # 3 runs of each
//!     FEED_CASES=1000 FEED_ITEMS=10000 cargo bench --bench feed_refresh   # another size
//!
//! Prints, each with its requests and median time:
//! (a) the first load: `F` from the case list until the activity is in (its listings and case
//!     lookups), until the radar's open SLAs are in, and until everything (the radar's case
//!     titles too) has answered; a fresh App each run;
//! (b) `r` with nothing new, until everything has answered (`r` reads the radar in full too);
//!     then the feed's refresh on its own (its ticks) with nothing new, between the radar's
//!     full reads (`feed.radar_reload_seconds`);
//! (c) `r` after K comments were added through the SDK on K cases (25 and 250), until
//!     everything has answered; checks that every new comment is a row;
//! (d) keys during a refresh: `r` after 25 new comments, then a key every 10 ms (`j`/`k`) while
//!     its answers arrive: each key's update plus its frame, and each answer's update.

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_connectcases::types as sdk;
use cases_tui::app::{App, AppContext, Msg};
use cases_tui::local::{self, ServeArgs, demo};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{Driver, RequestLog, key, requests_line, stats, timed_draw};

/// The binary's allocator, so in-process numbers match what `cases-tui` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DOMAIN: &str = demo::DEMO_DOMAIN_ID;

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
        let mut log = RequestLog::new("feed-refresh");
        let t = Instant::now();
        let (steps, counts) = demo::scaled_demo_seed(cases, items, chrono::Utc::now());
        let built = t.elapsed();
        let n_steps = steps.len();
        let t = Instant::now();
        let args = ServeArgs {
            request_log: Some(log.path.clone()),
            ..ServeArgs::for_tests()
        };
        let service = local::start_with_steps(args, steps)
            .await
            .expect("the service starts");
        let url = service.endpoint_url();
        println!(
            "scaled demo: {} cases, {} related items, {n_steps} steps; built in {built:.2?}, \
             replayed and listening in {:.2?}; {} cores; median of {runs} runs",
            counts.cases,
            counts.related_items,
            t.elapsed(),
            support::cores(),
        );
        let mut driver = Driver::new(support::read_only_executor(url.clone()).await);
        let sdk = support::sdk_client(&url);
        // The service builds its per-type index on the first read after a start: not a refresh.
        let _ = sdk
            .search_all_related_items()
            .domain_id(DOMAIN)
            .max_results(1)
            .send()
            .await;

        let mut app = first_loads(runs, &mut driver, &mut log).await;
        quiet_refreshes(runs, &mut app, &mut driver, &mut log).await;
        let mut cases = CaseIds::of_radar(&app);
        for k in [25, 250] {
            refreshes_after_new_items(runs, k, &mut app, &mut driver, &mut log, &sdk, &mut cases)
                .await;
        }
        keys_during_refresh(runs, &mut app, &mut driver, &mut log, &sdk, &mut cases).await;
        service.shutdown().await;
    });
}

fn feed(app: &App) -> &cases_tui::app::feed::Feed {
    app.feed.as_ref().expect("the feed is open")
}

/// Median of `times`.
fn median(times: &[Duration]) -> Duration {
    stats(times.to_vec()).0
}

/// Every run's requests by operation, as one line when they agree, else each run's.
fn requests_of(runs: &[BTreeMap<String, usize>]) -> String {
    if runs.windows(2).all(|w| w[0] == w[1]) {
        requests_line(&runs[0])
    } else {
        let each: Vec<String> = runs.iter().map(requests_line).collect();
        format!("per run: {}", each.join(" / "))
    }
}

/// (a) `F` from the case list on a fresh App, `runs` times; the last App stays open.
async fn first_loads(runs: usize, driver: &mut Driver, log: &mut RequestLog) -> App {
    let (mut activity, mut radar, mut all, mut requests) = (vec![], vec![], vec![], vec![]);
    let mut last = None;
    for _ in 0..runs {
        let mut app = App::new(AppContext {
            domain_id: Some(DOMAIN.into()),
            ..AppContext::for_tests()
        });
        let cmds = app.start();
        driver.settle(&mut app, cmds).await;
        log.take();
        let t = Instant::now();
        let (mut activity_in, mut radar_in) = (None, None);
        let cmds = app.update(key('F'));
        driver
            .settle_watching(&mut app, cmds, |app| {
                let f = feed(app);
                if activity_in.is_none() && !f.reading.refreshing {
                    activity_in = Some(t.elapsed());
                }
                if radar_in.is_none() && f.radar.loaded {
                    radar_in = Some(t.elapsed());
                }
            })
            .await;
        all.push(t.elapsed());
        activity.push(activity_in.expect("the activity loaded"));
        radar.push(radar_in.expect("the radar loaded"));
        requests.push(log.take());
        last = Some(app);
    }
    let app = last.expect("at least one run");
    let f = feed(&app);
    assert!(f.reading.items.error.is_none() && f.radar.error.is_none());
    println!(
        "(a) first load (F): activity in {:.2?} ({} requests by the feed's count, {} rows), \
         radar in {:.2?} ({} open SLAs), everything answered in {:.2?}; requests {}",
        median(&activity),
        f.reading.last_requests.unwrap_or(0),
        f.activity.visible.len(),
        median(&radar),
        f.radar.rows().len(),
        median(&all),
        requests_of(&requests),
    );
    app
}

/// `r`, until everything it asked for has answered: the time, and the requests by operation.
async fn refresh(
    app: &mut App,
    driver: &mut Driver,
    log: &mut RequestLog,
) -> (Duration, BTreeMap<String, usize>) {
    log.take();
    let t = Instant::now();
    let cmds = app.update(key('r'));
    assert!(!cmds.is_empty(), "a refresh asks the service");
    driver.settle(app, cmds).await;
    (t.elapsed(), log.take())
}

/// (b) `r` with nothing new on the service.
async fn quiet_refreshes(runs: usize, app: &mut App, driver: &mut Driver, log: &mut RequestLog) {
    let (mut times, mut requests) = (vec![], vec![]);
    let rows = feed(app).activity.rows.len();
    for _ in 0..runs {
        let (time, by_op) = refresh(app, driver, log).await;
        times.push(time);
        requests.push(by_op);
    }
    let f = feed(app);
    assert_eq!(f.activity.rows.len(), rows, "nothing new arrived");
    println!(
        "(b) quiet refresh (r, nothing new): median {:.2?}; requests {} (the feed's count: {})",
        median(&times),
        requests_of(&requests),
        f.reading.last_requests.unwrap_or(0),
    );
    let (mut times, mut requests) = (vec![], vec![]);
    for _ in 0..runs {
        log.take();
        let mut cmds = Vec::new();
        while !feed(app).reading.refreshing {
            cmds.extend(app.update(Msg::Tick));
        }
        let t = Instant::now();
        driver.settle(app, cmds).await;
        times.push(t.elapsed());
        requests.push(log.take());
    }
    let f = feed(app);
    assert_eq!(f.activity.rows.len(), rows, "nothing new arrived");
    println!(
        "(b) quiet refresh on its own (every {} s; the radar read in full every {} s): \
         median {:.2?}; requests {}",
        f.refresh_ticks / 10,
        f.radar.reload_ticks / 10,
        median(&times),
        requests_of(&requests),
    );
}

/// Case ids to add comments to: the cases of the radar's open SLAs, each once, in turn.
struct CaseIds {
    ids: Vec<String>,
    next: usize,
}

impl CaseIds {
    fn of_radar(app: &App) -> Self {
        let mut ids: Vec<String> = Vec::new();
        for row in feed(app).radar.rows() {
            if !ids.contains(&row.case_id) {
                ids.push(row.case_id.clone());
            }
        }
        assert!(!ids.is_empty(), "the scaled domain has open SLAs");
        Self { ids, next: 0 }
    }

    fn take(&mut self) -> &str {
        let id = &self.ids[self.next % self.ids.len()];
        self.next += 1;
        id
    }
}

/// `k` comments on `k` cases through the SDK, as agents would add them; their ids.
async fn add_comments(
    sdk: &aws_sdk_connectcases::Client,
    cases: &mut CaseIds,
    k: usize,
) -> Vec<String> {
    let mut ids = Vec::with_capacity(k);
    for i in 0..k {
        let content = sdk::CommentContent::builder()
            .body(format!(
                "Customer called again ({i}); parcel still not scanned."
            ))
            .content_type(sdk::CommentBodyTextType::Plaintext)
            .build()
            .unwrap();
        let out = sdk
            .create_related_item()
            .domain_id(DOMAIN)
            .case_id(cases.take())
            .r#type(sdk::RelatedItemType::Comment)
            .content(sdk::RelatedItemInputContent::Comment(content))
            .performed_by(sdk::UserUnion::CustomEntity(format!("agent-{}", i % 7)))
            .send()
            .await
            .expect("CreateRelatedItem");
        ids.push(out.related_item_id().to_string());
    }
    ids
}

/// Whether every one of `ids` is a row of the feed.
fn all_arrived(app: &App, ids: &[String]) -> bool {
    let keys: std::collections::HashSet<&str> = feed(app)
        .activity
        .rows
        .iter()
        .map(|r| r.key.as_str())
        .collect();
    ids.iter()
        .all(|id| keys.contains(format!("i:{id}").as_str()))
}

/// (c) `r` after `k` new comments on the service.
async fn refreshes_after_new_items(
    runs: usize,
    k: usize,
    app: &mut App,
    driver: &mut Driver,
    log: &mut RequestLog,
    sdk: &aws_sdk_connectcases::Client,
    cases: &mut CaseIds,
) {
    let (mut times, mut requests, mut adding) = (vec![], vec![], vec![]);
    for _ in 0..runs {
        let t = Instant::now();
        let ids = add_comments(sdk, cases, k).await;
        adding.push(t.elapsed());
        let (time, by_op) = refresh(app, driver, log).await;
        assert!(
            all_arrived(app, &ids),
            "every one of the {k} new comments is a row after the refresh"
        );
        times.push(time);
        requests.push(by_op);
    }
    let f = feed(app);
    println!(
        "(c) refresh after {k} new comments (on {k} cases): median {:.2?}; requests {}; \
         every new comment arrived; {} rows now, {} new shown (adding them through the SDK: \
         median {:.2?})",
        median(&times),
        requests_of(&requests),
        f.activity.rows.len(),
        f.activity.new_count,
        median(&adding),
    );
}

/// (d) Keys every 10 ms while a refresh (after 25 new comments) is answered.
async fn keys_during_refresh(
    runs: usize,
    app: &mut App,
    driver: &mut Driver,
    log: &mut RequestLog,
    sdk: &aws_sdk_connectcases::Client,
    cases: &mut CaseIds,
) {
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    let _ = app.update(Msg::Resize(160, 45));
    timed_draw(&mut terminal, app);
    let (mut key_updates, mut key_frames, mut answers, mut refreshes) =
        (vec![], vec![], vec![], vec![]);
    let keys = [key('j'), key('j'), key('k')];
    for _ in 0..runs {
        let ids = add_comments(sdk, cases, 25).await;
        log.take();
        let start = Instant::now();
        let cmds = app.update(key('r'));
        driver.send(cmds);
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        while driver.in_flight() > 0 {
            tokio::select! {
                msg = driver.recv() => {
                    if let Some(msg) = msg {
                        answers.push(driver.deliver(app, msg));
                    }
                }
                _ = tick.tick() => {
                    let t = Instant::now();
                    let cmds = app.update(keys[key_updates.len() % keys.len()].clone());
                    key_updates.push(t.elapsed());
                    driver.send(cmds);
                    key_frames.push(timed_draw(&mut terminal, app));
                }
            }
        }
        refreshes.push(start.elapsed());
        assert!(all_arrived(app, &ids), "the 25 new comments arrived");
        log.take();
    }
    let n_keys = key_updates.len();
    let n_answers = answers.len();
    let (u, u95) = stats(key_updates);
    let (f, f95) = stats(key_frames);
    let (a, a95) = stats(answers.clone());
    println!(
        "(d) keys during a refresh at this scale ({} rows): {n_keys} keys over {runs} refreshes \
         (median {:.2?} each): update median {u:.2?} (p95 {u95:.2?}), frame median {f:.2?} \
         (p95 {f95:.2?}); the {n_answers} answers' updates median {a:.2?} (p95 {a95:.2?}, \
         max {:.2?})",
        feed(app).activity.rows.len(),
        median(&refreshes),
        answers.iter().max().unwrap(),
    );
}
