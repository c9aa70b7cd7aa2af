//! Blame and the case as of a moment, end to end: a case built through the real SDK against the
//! local service with more than a page of history, loaded by the app through the real executor
//! (every page in the background), then asked who set what and how it was.

mod support;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::types::{CustomInputContent, RelatedItemInputContent, UserUnion};
use cases_tui::app::audit::Blame;
use cases_tui::app::{App, AppContext, Msg};
use cases_tui::aws::{ConnectOptions, Gateway, Writer, build_client};
use cases_tui::local::{self, demo};
use cases_tui::model::{FieldEntry, FieldType, FieldValue, Performer, RelatedContent};
use cases_tui::tui::Executor;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::exec::{key, press, pump};
use support::local::text;

const DOMAIN: &str = demo::DEMO_DOMAIN_ID;

fn who(name: &str) -> UserUnion {
    UserUnion::CustomEntity(name.into())
}

async fn update(client: &Client, case: &str, by: &str, id: &str, v: &str) {
    client
        .update_case()
        .domain_id(DOMAIN)
        .case_id(case)
        .fields(text(id, v))
        .performed_by(who(by))
        .send()
        .await
        .unwrap();
}

async fn custom(client: &Client, case: &str, by: &str, fields: &[(&str, &str)]) -> String {
    let content = CustomInputContent::builder()
        .set_fields(Some(fields.iter().map(|(k, v)| text(k, v)).collect()))
        .build()
        .unwrap();
    client
        .create_related_item()
        .domain_id(DOMAIN)
        .case_id(case)
        .r#type(aws_sdk_connectcases::types::RelatedItemType::Custom)
        .content(RelatedItemInputContent::Custom(content))
        .performed_by(who(by))
        .send()
        .await
        .unwrap()
        .related_item_id()
        .to_string()
}

fn enter() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
}

fn known(b: &Blame) -> String {
    match b {
        Blame::Known(e) => e.who.clone(),
        other => panic!("expected a name, got {other:?}"),
    }
}

fn field_value(app: &App, id: &str) -> String {
    let cv = app.case.as_ref().unwrap();
    let rows = cv.field_rows(&app.domain.catalog);
    rows.iter().find(|r| r.id == id).expect(id).value.clone()
}

#[tokio::test]
async fn blame_and_asof_answer_from_the_whole_history_through_the_sdk() {
    let service = local::start_demo().await.unwrap();
    let client = support::local::client(&service);
    let reader_client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    let gateway = Gateway::read_only(reader_client.clone());
    let fields = gateway.reader().list_fields(DOMAIN).await.unwrap();
    let texts: Vec<String> = fields
        .iter()
        .filter(|f| !f.system && f.field_type == FieldType::Text)
        .map(|f| f.id.clone())
        .take(2)
        .collect();
    let (f1, f2) = (texts[0].as_str(), texts[1].as_str());
    let templates = client
        .list_templates()
        .domain_id(DOMAIN)
        .send()
        .await
        .unwrap();
    let template = templates.templates()[0].template_id().to_string();
    let case = client
        .create_case()
        .domain_id(DOMAIN)
        .template_id(&template)
        .fields(text("title", "History end to end"))
        .fields(text("customer_id", "cust-1"))
        .performed_by(who("ana"))
        .send()
        .await
        .unwrap()
        .case_id()
        .to_string();
    // ana sets the summary early (first page); bo changes the title thirty times; cy sets the
    // summary again well after the first page.
    update(&client, &case, "ana", "summary", "early summary by ana").await;
    for i in 0..30 {
        update(&client, &case, "bo", "title", &format!("title {i} by bo")).await;
    }
    update(&client, &case, "cy", "summary", "late summary by cy").await;
    // Two custom items sharing a field value; cy then changes one of them.
    let a = custom(&client, &case, "ana", &[(f1, "10"), (f2, "a")]).await;
    let b = custom(&client, &case, "bo", &[(f1, "10"), (f2, "b")]).await;
    Writer::new(
        reader_client.clone(),
        Some(Performer::CustomEntity("cy".into())),
    )
    .update_custom(
        DOMAIN,
        &case,
        &a,
        &[
            FieldEntry::new(f1, FieldValue::String("12".into())),
            FieldEntry::new(f2, FieldValue::String("a".into())),
        ],
    )
    .await
    .unwrap();
    // Two items alike in every field: nobody can tell whose is whose.
    let c = custom(&client, &case, "dee", &[(f1, "7")]).await;
    custom(&client, &case, "eve", &[(f1, "7")]).await;

    let exec = Executor {
        gateway,
        journal: None,
    };
    let mut app = App::new(AppContext {
        domain_id: Some(DOMAIN.into()),
        case_id: Some(case.clone()),
        ..AppContext::for_tests()
    });
    let cmds = app.start();
    pump(&mut app, &exec, cmds).await;
    let cv = app.case.as_ref().unwrap();
    assert!(cv.audit.list.items.len() > 25, "more than a page");
    assert!(
        cv.audit.is_complete(),
        "every page loaded in the background"
    );

    let blame = cv.case_blame().unwrap();
    assert_eq!(
        known(&blame["summary"]),
        "cy",
        "the last author, after the first page"
    );
    assert_eq!(known(&blame["title"]), "bo");
    let item = |id: &str| {
        cv.related
            .list
            .items
            .iter()
            .find(|i| i.id == id)
            .unwrap()
            .clone()
    };
    let ba = cv.item_blame(&item(&a)).unwrap();
    assert_eq!(known(&ba[f1]), "cy");
    assert_eq!(known(&ba[f2]), "ana");
    let bb = cv.item_blame(&item(&b)).unwrap();
    assert_eq!(known(&bb[f1]), "bo", "not the other item's author");
    let bc = cv.item_blame(&item(&c)).unwrap();
    match &bc[f1] {
        Blame::Ambiguous(c) => {
            let names: Vec<&str> = c.iter().map(|e| e.who.as_str()).collect();
            assert_eq!(names, ["dee", "eve"]);
        }
        other => panic!("alike items must be ambiguous: {other:?}"),
    }
    let early = cv
        .audit
        .list
        .items
        .iter()
        .find(|e| {
            e.fields.iter().any(|f| {
                f.field_id == "summary"
                    && f.new_value == FieldValue::String("early summary by ana".into())
            })
        })
        .unwrap()
        .clone();

    // `:asof` the moment ana set the summary: the earlier value, and the title then.
    press(&mut app, &exec, key(':')).await;
    let when = early
        .performed_time
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    for ch in format!("asof {when}").chars() {
        press(&mut app, &exec, key(ch)).await;
    }
    press(&mut app, &exec, enter()).await;
    assert_eq!(field_value(&app, "summary"), "early summary by ana");
    assert_eq!(field_value(&app, "title"), "History end to end");
    press(
        &mut app,
        &exec,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    )
    .await;
    assert_eq!(field_value(&app, "summary"), "late summary by cy");

    // `@` on that event in the timeline (newest first: walk down to it).
    press(&mut app, &exec, key('3')).await;
    for _ in 0..200 {
        let cv = app.case.as_ref().unwrap();
        if cv.selected_audit(app.now()).unwrap().id == early.id {
            break;
        }
        press(&mut app, &exec, key('j')).await;
    }
    press(&mut app, &exec, key('@')).await;
    assert_eq!(field_value(&app, "summary"), "early summary by ana");
    let cv = app.case.as_ref().unwrap();
    assert!(
        cv.as_of_items(&app.domain.catalog).is_empty(),
        "no items yet then"
    );
    service.shutdown().await;
    let _ = RelatedContent::Unknown;
}

/// `:asof 1m` on the demo's big case: nothing happened in that minute, so the items then are the
/// items now, though a few deletes matched look-alike comments (the rows say so, the count is the
/// service's).
#[tokio::test]
async fn one_minute_ago_the_big_case_has_the_items_it_has_now() {
    let service = local::start_demo().await.unwrap();
    let client = support::local::client(&service);
    let mut now_items = 0;
    let mut token = None;
    loop {
        let page = client
            .search_related_items()
            .domain_id(DOMAIN)
            .case_id(demo::BIG_CASE_ID)
            .max_results(25)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        now_items += page.related_items().len();
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let reader_client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    let exec = Executor {
        gateway: Gateway::read_only(reader_client),
        journal: None,
    };
    let mut app = App::new(AppContext {
        domain_id: Some(DOMAIN.into()),
        case_id: Some(demo::BIG_CASE_ID.into()),
        ..AppContext::for_tests()
    });
    let cmds = app.start();
    pump(&mut app, &exec, cmds).await;
    assert!(app.case.as_ref().unwrap().audit.is_complete());
    for ch in ":asof 1m".chars() {
        press(&mut app, &exec, key(ch)).await;
    }
    press(&mut app, &exec, enter()).await;
    let cv = app.case.as_ref().unwrap();
    let (_, at) = cv.as_of_states().expect("built");
    assert_eq!(at.live_count(), Some(now_items));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50)).unwrap();
    terminal
        .draw(|f| drawn(cases_tui::ui::draw(f, &app)))
        .unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains(&format!("Related items · {now_items} items")),
        "{screen}"
    );
    service.shutdown().await;
}

fn drawn<T>(_: T) {}
