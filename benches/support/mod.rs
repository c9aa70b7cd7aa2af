//! Shared by the bench binaries: synthetic case data, an App loaded with it through its own
//! messages, timing helpers, `/proc` readers, and the drivers of a `cases-tui serve` child
//! (an SDK client for it, callers at once for a while, the real executor on the demo case).
#![allow(dead_code)]

#[path = "../../tests/app_support/mod.rs"]
pub mod app_support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{BehaviorVersion, Credentials, Region};
use cases_tui::app::{App, AppContext, Cmd, Msg, ServiceCmd};
use cases_tui::aws::{ConnectOptions, Gateway, build_client};
use cases_tui::local::demo;
use cases_tui::model::{
    AuditEvent, AuditField, FieldEntry, FieldValue, Page, Performer, RelatedContent, RelatedItem,
    RelatedItemType,
};
use cases_tui::tui::Executor;
use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Events per page, as the app asks the service for.
pub const PAGE: usize = 25;

const AGENTS: [&str; 6] = [
    "maria.lopez",
    "sam.osei",
    "li.wei",
    "anna.berg",
    "tom.hale",
    "noor.aziz",
];
const BOTS: [&str; 3] = ["refund-bot", "sla-monitor", "order-sync"];
const CUSTOM_FIELDS: [&str; 4] = ["priority", "refund_amount", "internal_notes", "vip"];

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 1, 3, 8, 0, 0).unwrap()
}

fn s(v: impl Into<String>) -> FieldValue {
    FieldValue::String(v.into())
}

/// `n` audit events, oldest first, seven minutes apart: mostly case updates, with comments,
/// custom items and contacts, by six agents and three bots.
pub fn audit_events(n: usize) -> Vec<AuditEvent> {
    (0..n).map(audit_event).collect()
}

fn audit_event(i: usize) -> AuditEvent {
    let performed_by = Some(if i % 5 == 4 {
        Performer::CustomEntity(BOTS[i % BOTS.len()].into())
    } else {
        Performer::UserArn(format!(
            "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/{}",
            AGENTS[i % AGENTS.len()]
        ))
    });
    let change = |id: &str, old: Option<FieldValue>, new: FieldValue| AuditField {
        field_id: id.into(),
        old_value: old,
        new_value: new,
    };
    let (event_type, item, fields) = match i % 20 {
        0 if i == 0 => (
            "Case.Created",
            None,
            vec![
                change("title", None, s("Refund not received for order #4411")),
                change("status", None, s("open")),
            ],
        ),
        0..=11 => (
            "Case.Updated",
            None,
            match i % 3 {
                0 => vec![change(
                    "summary",
                    Some(s(format!("revision {}", i - 1))),
                    s(format!(
                        "revision {i}: customer called about the parcel again"
                    )),
                )],
                1 => vec![
                    change("status", Some(s("open")), s("pending")),
                    change(
                        "refund_amount",
                        Some(FieldValue::Double(100.0)),
                        FieldValue::Double(100.0 + (i % 97) as f64),
                    ),
                ],
                _ => vec![change("priority", Some(s("medium")), s("high"))],
            },
        ),
        12..=14 => (
            "RelatedItem.Created",
            Some("Comment"),
            vec![change(
                "comment.body",
                None,
                s(format!(
                    "Called the customer back (call {i}). They confirm the parcel was handed \
                     to the courier; the warehouse has not scanned it in yet."
                )),
            )],
        ),
        15 => (
            "RelatedItem.Updated",
            Some("Comment"),
            vec![change(
                "comment.body",
                Some(s(
                    "Called the customer back.\nNext step: ask the warehouse.",
                )),
                s(format!(
                    "Called the customer back.\nNext step: ask the warehouse to search bay {}.",
                    i % 9
                )),
            )],
        ),
        16..=17 => (
            "RelatedItem.Updated",
            Some("Custom"),
            vec![
                change(
                    CUSTOM_FIELDS[i % 4],
                    Some(s("Courier claim #CL-2231")),
                    s(format!("Courier claim #CL-{}", 2231 + i % 1000)),
                ),
                change("vip", Some(FieldValue::Bool(false)), FieldValue::Bool(true)),
            ],
        ),
        _ => (
            "RelatedItem.Created",
            Some("Contact"),
            vec![change("contact.channel", None, s("VOICE"))],
        ),
    };
    AuditEvent {
        id: format!("ev-{i:07}"),
        event_type: event_type.into(),
        related_item_type: item.map(str::to_string),
        performed_time: Some(t0() + chrono::Duration::minutes(7 * i as i64)),
        fields,
        performed_by,
        iam_principal_arn: i
            .is_multiple_of(7)
            .then(|| "arn:aws:iam::111122223333:role/ConnectCasesAgent".to_string()),
        merge: None,
    }
}

/// `n` related items of every type, an hour apart, newest last.
pub fn related_items(n: usize) -> Vec<RelatedItem> {
    (0..n)
        .map(|i| {
            let item_type = RelatedItemType::ALL[i % RelatedItemType::ALL.len()];
            let content = match item_type {
                RelatedItemType::Contact => RelatedContent::Contact {
                    contact_arn: format!(
                        "arn:aws:connect:us-east-1:111122223333:instance/i-1/contact/c-{i:05}"
                    ),
                    channel: "VOICE".into(),
                    connected_to_system_time: Some(t0() + chrono::Duration::hours(i as i64)),
                },
                RelatedItemType::Comment => RelatedContent::Comment {
                    body: format!("Comment {i}: the courier confirmed the parcel left the depot."),
                    content_type: "Text/Plain".into(),
                },
                RelatedItemType::File => RelatedContent::File {
                    file_arn: format!(
                        "arn:aws:cases:us-east-1:111122223333:domain/d/file/receipt-{i}.pdf"
                    ),
                },
                RelatedItemType::Sla => RelatedContent::Sla(cases_tui::model::Sla {
                    name: format!("First response {i}"),
                    sla_type: "CaseField".into(),
                    status: "Active".into(),
                    field_id: Some("status".into()),
                    target_field_values: vec![s("closed")],
                    target_time: Some(t0() + chrono::Duration::hours(i as i64 + 24)),
                    completion_time: None,
                }),
                RelatedItemType::ConnectCase => RelatedContent::ConnectCase {
                    case_id: format!("c-{i:05}"),
                },
                RelatedItemType::Custom => RelatedContent::Custom {
                    fields: vec![
                        FieldEntry::new("priority", s("high")),
                        FieldEntry::new("refund_amount", FieldValue::Double(i as f64)),
                        FieldEntry::new("internal_notes", s(format!("note {i}"))),
                    ],
                },
            };
            RelatedItem {
                id: format!("ri-{i:05}"),
                item_type,
                association_time: Some(t0() + chrono::Duration::hours(i as i64)),
                content,
                tags: BTreeMap::new(),
                performed_by: None,
            }
        })
        .collect()
}

/// The frozen clock: a day after the last of `events` events.
pub fn now_after(events: usize) -> DateTime<Utc> {
    t0() + chrono::Duration::minutes(7 * events as i64) + chrono::Duration::days(1)
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn page<T: Clone>(all: &[T], token: Option<&str>) -> Page<T> {
    let start: usize = token.map_or(0, |t| t.parse().unwrap());
    let end = (start + PAGE).min(all.len());
    Page {
        items: all[start..end].to_vec(),
        next_token: (end < all.len()).then(|| end.to_string()),
    }
}

/// Answers `cmds` like `app_support::answer`, but the case's audit history and related items are
/// `audit` and `related`, served `PAGE` at a time.
pub fn feed(app: &mut App, cmds: Vec<Cmd>, audit: &[AuditEvent], related: &[RelatedItem]) {
    let mut queue = cmds;
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::LoadAudit {
                req, next_token, ..
            }) => Msg::AuditLoaded {
                req,
                result: Ok(page(audit, next_token.as_deref())),
            },
            Cmd::Service(ServiceCmd::LoadRelated {
                req, next_token, ..
            }) => Msg::RelatedLoaded {
                req,
                result: Ok(page(related, next_token.as_deref())),
            },
            other => {
                app_support::answer(app, vec![other]);
                continue;
            }
        };
        queue.extend(app.update(msg));
    }
}

/// An App on the case view with all `events` audit events and `related` related items loaded,
/// page by page through `Msg::AuditLoaded` / `Msg::RelatedLoaded`, the audit pane focused.
pub fn loaded_app(events: usize, related: usize) -> App {
    let audit = audit_events(events);
    let items = related_items(related);
    let mut app = App::new(app_support::ctx());
    app.freeze_clock(now_after(events));
    let cmds = app.start();
    feed(&mut app, cmds, &audit, &items);
    app.update(Msg::DomainsLoaded(Ok(app_support::domains())));
    let cmds = app.update(code(KeyCode::Enter));
    feed(&mut app, cmds, &audit, &items);
    // Related: jump to the end until nothing more is asked for.
    let cmds = app.update(key('2'));
    feed(&mut app, cmds, &audit, &items);
    loop {
        let cmds = app.update(code(KeyCode::End));
        if cmds.is_empty() {
            break;
        }
        feed(&mut app, cmds, &audit, &items);
    }
    app.update(code(KeyCode::Home));
    // Audit: `L` loads every page.
    let cmds = app.update(key('3'));
    feed(&mut app, cmds, &audit, &items);
    let cmds = app.update(key('L'));
    feed(&mut app, cmds, &audit, &items);
    let cv = app.case.as_ref().unwrap();
    assert_eq!(
        cv.audit.list.items.len(),
        events,
        "every audit event loaded"
    );
    assert_eq!(
        cv.related.list.items.len(),
        related,
        "every related item loaded"
    );
    app
}

/// Median and 95th percentile.
pub fn stats(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[times.len() * 95 / 100])
}

pub fn time<R>(f: impl FnOnce() -> R) -> (Duration, R) {
    let t = Instant::now();
    let r = f();
    (t.elapsed(), r)
}

/// A `kB` line of `/proc/PID/status` (`VmRSS`, `VmHWM`), in MB.
pub fn proc_status_mb(pid: &str, key: &str) -> Option<f64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(0, |n| n.get())
}

/// `cases-tui serve --addr 127.0.0.1:0 ARGS` as a child process, and the URL it prints once it
/// accepts requests.
pub fn serve(args: &[&str]) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cases-tui"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start cases-tui serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line[line.find("http://").expect("address line")..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    (child, url)
}

/// The real SDK client for a `serve` child at `url`, with static bench credentials.
pub fn sdk_client(url: &str) -> Client {
    let config = aws_sdk_connectcases::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKIDBENCH", "secret", None, None, "bench"))
        .build();
    Client::from_conf(config)
}

/// Successful calls per second: `callers` tasks each make `call` again and again for `run_for`.
pub async fn calls_per_second<F, Fut>(
    client: &Client,
    callers: usize,
    run_for: Duration,
    call: F,
) -> f64
where
    F: Fn(Client) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..callers {
        let client = client.clone();
        let call = call.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok = 0u64;
            while start.elapsed() < run_for {
                if call(client.clone()).await {
                    ok += 1;
                }
            }
            ok
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    total as f64 / start.elapsed().as_secs_f64()
}

/// The real executor (read-only, the real SDK) against a `serve --demo` child at `url`, and an
/// App that opens the demo's big case when started.
pub async fn big_demo_case(url: String) -> (Executor, App) {
    let exec = read_only_executor(url).await;
    let mut ctx = AppContext::for_tests();
    ctx.domain_id = Some(demo::DEMO_DOMAIN_ID.into());
    ctx.case_id = Some(demo::BIG_CASE_ID.into());
    (exec, App::new(ctx))
}

/// One frame, timed; what it measured goes back to the app, as the event loop sends it.
pub fn timed_draw(terminal: &mut Terminal<TestBackend>, app: &mut App) -> Duration {
    let t = Instant::now();
    let mut drawn = Default::default();
    terminal
        .draw(|f| drawn = cases_tui::ui::draw(f, app))
        .expect("draw");
    let elapsed = t.elapsed();
    let _ = app.update(Msg::Drawn(drawn));
    elapsed
}

/// The real executor (read-only, the real SDK) against the local service at `url`.
pub async fn read_only_executor(url: String) -> Executor {
    Executor {
        gateway: Gateway::read_only(build_client(&ConnectOptions::local(url)).await),
        journal: None,
    }
}

/// Runs an App's service commands through the real executor, as the event loop does, and
/// feeds their answers back, counting what is in flight.
pub struct Driver {
    pub exec: Executor,
    tx: tokio::sync::mpsc::UnboundedSender<Msg>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Msg>,
    in_flight: usize,
}

impl Driver {
    pub fn new(exec: Executor) -> Self {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        Self {
            exec,
            tx,
            rx,
            in_flight: 0,
        }
    }

    /// Commands still unanswered.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    /// Starts the service commands among `cmds` (the rest are not the executor's to answer).
    pub fn send(&mut self, cmds: Vec<Cmd>) {
        for cmd in cmds {
            if matches!(cmd, Cmd::Service(_)) {
                self.in_flight += 1;
                self.exec.execute(cmd, self.tx.clone());
            }
        }
    }

    /// Waits for the next answer; `None` when nothing is in flight.
    pub async fn recv(&mut self) -> Option<Msg> {
        if self.in_flight == 0 {
            return None;
        }
        let msg = self.rx.recv().await.expect("the driver keeps a sender");
        if !matches!(msg, Msg::Retrying { .. }) {
            self.in_flight -= 1;
        }
        Some(msg)
    }

    /// Hands `msg` to the app and starts what it asks for; how long the update took.
    pub fn deliver(&mut self, app: &mut App, msg: Msg) -> Duration {
        let t = Instant::now();
        let cmds = app.update(msg);
        let took = t.elapsed();
        self.send(cmds);
        took
    }

    /// Starts `cmds` and answers everything that follows until nothing is in flight; `watch`
    /// sees the app after each answer.
    pub async fn settle_watching(
        &mut self,
        app: &mut App,
        cmds: Vec<Cmd>,
        mut watch: impl FnMut(&App),
    ) {
        self.send(cmds);
        while let Some(msg) = self.recv().await {
            self.deliver(app, msg);
            watch(app);
        }
    }

    pub async fn settle(&mut self, app: &mut App, cmds: Vec<Cmd>) {
        self.settle_watching(app, cmds, |_| {}).await;
    }
}

/// The local service's `--request-log`, read as it grows: requests by operation.
pub struct RequestLog {
    pub path: std::path::PathBuf,
    read: u64,
}

impl RequestLog {
    /// A log file of its own in the temp directory, removed when dropped.
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "cases-tui-bench-{name}-{}.jsonl",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&path);
        Self { path, read: 0 }
    }

    /// The requests logged since the last call, by operation.
    pub fn take(&mut self) -> BTreeMap<String, usize> {
        use std::io::{Read, Seek, SeekFrom};
        let mut text = String::new();
        if let Ok(mut file) = std::fs::File::open(&self.path) {
            file.seek(SeekFrom::Start(self.read)).expect("seek the log");
            file.read_to_string(&mut text).expect("read the log");
        }
        // Only whole lines; a line being written is read next time.
        let whole = text.rfind('\n').map_or(0, |i| i + 1);
        self.read += whole as u64;
        let mut by_op = BTreeMap::new();
        for line in text[..whole].lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("a log line is JSON");
            let op = v["operation"].as_str().unwrap_or("?").to_string();
            *by_op.entry(op).or_insert(0) += 1;
        }
        by_op
    }
}

impl Drop for RequestLog {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// `{"GetCase": 3, "SearchCases": 1}` as `4 (GetCase 3, SearchCases 1)`.
pub fn requests_line(by_op: &BTreeMap<String, usize>) -> String {
    let total: usize = by_op.values().sum();
    let parts: Vec<String> = by_op.iter().map(|(op, n)| format!("{op} {n}")).collect();
    format!("{total} ({})", parts.join(", "))
}
