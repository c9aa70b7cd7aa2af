//! The SLA radar against the local service over real HTTP, through the real SDK: open SLAs on
//! several cases (breached, about to breach, later, and more than a page of them), a completed
//! one that must not show, the radar's order and its requests per load.

use cases_tui::app::{App, Msg, Screen};
use cases_tui::aws::{ConnectOptions, Gateway, Reader, build_client};
use cases_tui::local::{LocalService, ServeArgs, start_with_steps};
use cases_tui::model::{RelatedContent, RelatedItemType};
use cases_tui::tui::Executor;
use chrono::{Duration, SubsecRound, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;

mod support;

use support::exec::{code, key, open_feed, press, started_on};
use support::radar::{BULK, DOMAIN, radar_steps};

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
    let mut app = started_on(DOMAIN, &exec).await;
    open_feed(&mut app, &exec).await;
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
