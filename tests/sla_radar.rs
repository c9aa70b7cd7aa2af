//! The SLA radar against the local service over real HTTP, through the real SDK: open SLAs on
//! several cases (breached, about to breach, later, and more than a page of them), a completed
//! one that must not show, the radar's order and its requests per load.

use cases_tui::app::{App, AppContext, Cmd, Msg, Screen};
use cases_tui::aws::{ConnectOptions, Gateway, Reader, build_client};
use cases_tui::local::{LocalService, SeedStep, ServeArgs, start_with_steps};
use cases_tui::model::{RelatedContent, RelatedItemType};
use cases_tui::tui::Executor;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};
use tokio::sync::mpsc;

const DOMAIN: &str = "d-radar";
/// Open SLAs on the bulk case, so the open ones need two pages of 25.
const BULK: usize = 24;

fn step(operation: &str, at: DateTime<Utc>, id: Option<&str>, input: Value) -> SeedStep {
    SeedStep {
        operation: operation.into(),
        input,
        at: Some(at),
        id: id.map(str::to_string),
        principal: None,
    }
}

fn case(id: &str, title: &str, at: DateTime<Utc>) -> SeedStep {
    step(
        "CreateCase",
        at,
        Some(id),
        json!({"domainId": DOMAIN, "templateId": "tpl",
               "fields": [{"id": "title", "value": {"stringValue": title}}]}),
    )
}

/// An SLA on `case` created at `at`, met when the case is closed.
fn sla(case: &str, id: &str, name: &str, at: DateTime<Utc>, minutes: i64) -> SeedStep {
    step(
        "CreateRelatedItem",
        at,
        Some(id),
        json!({"domainId": DOMAIN, "caseId": case, "type": "Sla",
               "content": {"sla": {"slaInputConfiguration": {"name": name, "type": "CaseField",
                   "fieldId": "status", "targetFieldValues": [{"stringValue": "closed"}],
                   "targetSlaMinutes": minutes}}}}),
    )
}

/// The radar's world, relative to the real clock (the service reads SLAs at the time of each
/// request): one SLA breached an hour ago, one due in about 5 minutes, one due in about 4 hours,
/// one met (its case closed), a comment, and [`BULK`] open SLAs due in days.
pub fn radar_steps(now: DateTime<Utc>) -> Vec<SeedStep> {
    let t0 = now - Duration::hours(3);
    let mut steps = vec![
        step("CreateDomain", t0, Some(DOMAIN), json!({"name": "Radar"})),
        step(
            "CreateTemplate",
            t0,
            Some("tpl"),
            json!({"domainId": DOMAIN, "name": "Default", "status": "Active"}),
        ),
        case("c-breached", "Refund never arrived", t0),
        case("c-soon", "Printer on fire", t0),
        case("c-later", "Invoice disputed", t0),
        case("c-done", "Password reset", t0),
        case("c-bulk", "Warehouse backlog", t0),
        sla(
            "c-breached",
            "s-breached",
            "Resolve",
            now - Duration::hours(2),
            60,
        ),
        sla(
            "c-soon",
            "s-soon",
            "First reply",
            now - Duration::minutes(55),
            60,
        ),
        sla(
            "c-later",
            "s-later",
            "Resolve",
            now - Duration::minutes(10),
            250,
        ),
        sla(
            "c-done",
            "s-done",
            "First reply",
            now - Duration::minutes(30),
            60,
        ),
        step(
            "UpdateCase",
            now - Duration::minutes(20),
            None,
            json!({"domainId": DOMAIN, "caseId": "c-done",
                   "fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
        ),
        step(
            "CreateRelatedItem",
            now - Duration::minutes(5),
            Some("comment-1"),
            json!({"domainId": DOMAIN, "caseId": "c-later", "type": "Comment",
                   "content": {"comment": {"body": "on it", "contentType": "Text/Plain"}}}),
        ),
    ];
    for i in 0..BULK {
        steps.push(sla(
            "c-bulk",
            &format!("s-bulk-{i:02}"),
            "Ship",
            now - Duration::minutes(30),
            60 * 24 * (2 + i as i64),
        ));
    }
    steps
}

async fn service(log: &std::path::Path) -> (LocalService, Reader) {
    let now = Utc::now().trunc_subsecs(0);
    let args = ServeArgs {
        request_log: Some(log.to_path_buf()),
        ..ServeArgs::for_tests()
    };
    let service = start_with_steps(args, radar_steps(now)).await.unwrap();
    let client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    (service, Reader::new(client))
}

fn requests(log: &std::path::Path, operation: &str) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| serde_json::from_str::<Value>(l).unwrap()["operation"] == operation)
        .count()
}

#[tokio::test]
async fn open_slas_are_every_active_and_overdue_sla_of_the_domain_and_no_completed_one() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let (service, reader) = service(&log).await;
    let open = reader.open_slas(DOMAIN).await.unwrap();
    let ids: Vec<&str> = open.iter().map(|o| o.item.id.as_str()).collect();
    assert_eq!(open.len(), 3 + BULK, "{ids:?}");
    assert!(!ids.contains(&"s-done"), "a met SLA is not open: {ids:?}");
    assert!(!ids.contains(&"comment-1"), "only SLAs: {ids:?}");
    let status = |id: &str| {
        let o = open.iter().find(|o| o.item.id == id).unwrap();
        match &o.item.content {
            RelatedContent::Sla(s) => (o.case_id.clone(), s.status.clone()),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        status("s-breached"),
        ("c-breached".into(), "Overdue".into())
    );
    assert_eq!(status("s-soon"), ("c-soon".into(), "Active".into()));
    // 27 open SLAs at 25 a page: two requests, nothing else.
    assert_eq!(requests(&log, "SearchAllRelatedItems"), 2);
    service.shutdown().await;
}

/// Runs `cmds` through the real executor and feeds the answers to the app until nothing is in
/// flight.
async fn pump(app: &mut App, exec: &Executor, cmds: Vec<Cmd>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut in_flight = 0;
    let mut queue = cmds;
    loop {
        for cmd in queue.drain(..) {
            if !matches!(cmd, Cmd::Quit | Cmd::Terminal(_) | Cmd::Journal(_)) {
                in_flight += 1;
                exec.execute(cmd, tx.clone());
            }
        }
        if in_flight == 0 {
            return;
        }
        // Generous, and only ever reached if an answer is lost: that is a failure.
        let msg = tokio::time::timeout(std::time::Duration::from_secs(60), rx.recv())
            .await
            .unwrap_or_else(|_| panic!("{in_flight} command(s) never answered"))
            .expect("the executor keeps a sender");
        if !matches!(msg, Msg::Retrying { .. }) {
            in_flight -= 1;
        }
        queue = app.update(msg);
    }
}

async fn press(app: &mut App, exec: &Executor, msg: Msg) {
    let cmds = app.update(msg);
    pump(app, exec, cmds).await;
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn radar_ids(app: &App) -> Vec<String> {
    app.feed
        .as_ref()
        .unwrap()
        .radar
        .rows()
        .iter()
        .map(|r| r.item.id.clone())
        .collect()
}

#[tokio::test]
async fn the_feed_radar_sorts_open_slas_by_urgency_and_e_extends_a_target_on_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let (service, reader) = service(&log).await;
    let client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    let exec = Executor {
        gateway: Gateway::read_write(client, None),
        journal: None,
    };
    let mut app = App::new(AppContext {
        domain_id: Some(DOMAIN.into()),
        ..AppContext::for_tests()
    });
    let cmds = app.start();
    pump(&mut app, &exec, cmds).await;
    press(&mut app, &exec, key(':')).await;
    for c in "feed".chars() {
        press(&mut app, &exec, key(c)).await;
    }
    press(&mut app, &exec, code(KeyCode::Enter)).await;
    assert_eq!(app.screen, Screen::Feed);

    let ids = radar_ids(&app);
    assert_eq!(ids.len(), 3 + BULK, "{ids:?}");
    assert_eq!(&ids[..3], ["s-breached", "s-soon", "s-later"]);
    assert!(!ids.contains(&"s-done".to_string()), "{ids:?}");
    let now = Utc::now();
    let radar = &app.feed.as_ref().unwrap().radar;
    let rows = radar.rows();
    assert!(
        rows[0].due(now).starts_with("breached 1h"),
        "{}",
        rows[0].due(now)
    );
    assert!(
        rows[1].due(now).starts_with("due in "),
        "{}",
        rows[1].due(now)
    );
    for (row, title) in rows.iter().zip([
        "Refund never arrived",
        "Printer on fire",
        "Invoice disputed",
    ]) {
        assert_eq!(radar.title(&row.case_id), title);
    }

    // `e` on the SLA about to breach: five hours from its creation instead of one, which puts
    // it after the SLA due in four hours.
    press(&mut app, &exec, key('2')).await;
    press(&mut app, &exec, key('j')).await;
    press(&mut app, &exec, key('e')).await;
    press(
        &mut app,
        &exec,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    )
    .await;
    for c in "5h".chars() {
        press(&mut app, &exec, key(c)).await;
    }
    press(&mut app, &exec, code(KeyCode::Enter)).await;
    press(&mut app, &exec, key('s')).await;
    let searches_before = requests(&log, "SearchAllRelatedItems");
    let lookups_before = requests(&log, "GetCase");
    press(&mut app, &exec, key('y')).await;
    assert_eq!(app.staging.staged_count(), 0, "{:?}", app.status);

    let stored = reader
        .find_related_item(DOMAIN, "c-soon", RelatedItemType::Sla, "s-soon")
        .await
        .unwrap()
        .unwrap();
    let (RelatedContent::Sla(sla), Some(created)) = (&stored.content, stored.association_time)
    else {
        panic!("{stored:?}")
    };
    assert_eq!(sla.target_time, Some(created + Duration::minutes(300)));
    // The radar loaded again after the send (two pages) and moved the SLA down.
    assert_eq!(requests(&log, "SearchAllRelatedItems") - searches_before, 2);
    assert_eq!(
        requests(&log, "GetCase"),
        lookups_before,
        "titles are kept across loads"
    );
    let ids = radar_ids(&app);
    assert_eq!(&ids[..3], ["s-breached", "s-later", "s-soon"], "{ids:?}");
    service.shutdown().await;
}
