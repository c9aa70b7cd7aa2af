//! The activity feed end to end: activity made through the real SDK against the local service
//! on 127.0.0.1:0 by three performers on three cases, read by the app through the real executor.

mod support;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::types as sdk;
use cases_tui::app::{App, AppContext, Cmd, Msg, Screen};
use cases_tui::aws::{ConnectOptions, Gateway, build_client};
use cases_tui::local::{self, LocalService, ServeArgs};
use cases_tui::tui::Executor;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;

fn text(id: &str, v: &str) -> sdk::FieldValue {
    sdk::FieldValue::builder()
        .id(id)
        .value(sdk::FieldValueUnion::StringValue(v.into()))
        .build()
        .unwrap()
}

/// A Connect user: the service names the case's `last_updated_user` after a user ARN only.
const BEN: &str = "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/ben";

fn who(name: &str) -> sdk::UserUnion {
    sdk::UserUnion::CustomEntity(name.into())
}

/// A domain with a template and three cases, each with activity by its own performer:
/// ana comments on the first, ben updates the second, chloe adds an SLA due in 5 minutes to the
/// third.
struct Domain {
    client: Client,
    id: String,
    cases: Vec<String>,
}

impl Domain {
    async fn new(service: &LocalService) -> Self {
        let client = support::local::client(service);
        let id = client
            .create_domain()
            .name("Feed")
            .send()
            .await
            .unwrap()
            .domain_id()
            .to_string();
        let template = client
            .create_template()
            .domain_id(&id)
            .name("Default")
            .status(sdk::TemplateStatus::Active)
            .send()
            .await
            .unwrap()
            .template_id()
            .to_string();
        let mut cases = Vec::new();
        for title in [
            "Parcel lost in transit",
            "Login loop after reset",
            "Refund overdue",
        ] {
            let case = client
                .create_case()
                .domain_id(&id)
                .template_id(&template)
                .fields(text("title", title))
                .performed_by(who("setup-bot"))
                .send()
                .await
                .unwrap()
                .case_id()
                .to_string();
            cases.push(case);
        }
        let d = Self { client, id, cases };
        d.comment(0, "ana", "Customer called again\nsecond line stays out")
            .await;
        d.client
            .update_case()
            .domain_id(&d.id)
            .case_id(&d.cases[1])
            .fields(text("summary", "password reset loops"))
            .performed_by(sdk::UserUnion::UserArn(BEN.into()))
            .send()
            .await
            .unwrap();
        let sla = sdk::SlaInputConfiguration::builder()
            .name("First reply")
            .r#type(sdk::SlaType::CaseField)
            .target_sla_minutes(5)
            .build()
            .unwrap();
        d.client
            .create_related_item()
            .domain_id(&d.id)
            .case_id(&d.cases[2])
            .r#type(sdk::RelatedItemType::Sla)
            .content(sdk::RelatedItemInputContent::Sla(
                sdk::SlaInputContent::SlaInputConfiguration(sla),
            ))
            .performed_by(who("chloe"))
            .send()
            .await
            .unwrap();
        d
    }

    async fn comment(&self, case: usize, by: &str, body: &str) -> String {
        let content = sdk::CommentContent::builder()
            .body(body)
            .content_type(sdk::CommentBodyTextType::Plaintext)
            .build()
            .unwrap();
        self.client
            .create_related_item()
            .domain_id(&self.id)
            .case_id(&self.cases[case])
            .r#type(sdk::RelatedItemType::Comment)
            .content(sdk::RelatedItemInputContent::Comment(content))
            .performed_by(who(by))
            .send()
            .await
            .unwrap()
            .related_item_id()
            .to_string()
    }
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

fn render(app: &mut App) -> String {
    let (w, h) = (150, 30);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut drawn = Default::default();
    terminal
        .draw(|f| drawn = cases_tui::ui::draw(f, app))
        .unwrap();
    app.update(Msg::Drawn(drawn));
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The app on the domain's feed (opened with `:feed`), everything read.
async fn feed_session() -> (LocalService, Domain, App, Executor) {
    let service = local::start(ServeArgs::for_tests()).await.unwrap();
    let domain = Domain::new(&service).await;
    let client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    let exec = Executor {
        gateway: Gateway::read_only(client),
        journal: None,
    };
    let mut app = App::new(AppContext {
        domain_id: Some(domain.id.clone()),
        ..AppContext::for_tests()
    });
    let cmds = app.start();
    pump(&mut app, &exec, cmds).await;
    press(&mut app, &exec, key(':')).await;
    for c in "feed".chars() {
        press(&mut app, &exec, key(c)).await;
    }
    press(
        &mut app,
        &exec,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    )
    .await;
    (service, domain, app, exec)
}

#[tokio::test]
async fn the_feed_shows_three_performers_on_three_cases_and_the_sla_without_opening_a_case() {
    let (_service, _domain, mut app, exec) = feed_session().await;
    assert_eq!(app.screen, Screen::Feed);
    assert!(app.case.is_none());
    let screen = render(&mut app);
    for expected in [
        "Parcel lost in transit",
        "Login loop after reset",
        "Refund overdue",
        "ana",
        "ben",
        "chloe",
        "comment added: Customer called again",
        "SLA added: First reply · Active · due in",
        "case updated",
    ] {
        assert!(screen.contains(expected), "{expected} missing:\n{screen}");
    }
    assert!(!screen.contains("second line stays out"), "{screen}");
    let feed = app.feed.as_ref().unwrap();
    // One listing of each source; every case was named by SearchCases, so no lookups.
    assert_eq!(feed.reading.last_requests, Some(2), "{screen}");

    // ben's update: what changed is read from the case's history once the row is selected.
    let bens = feed
        .activity
        .visible
        .iter()
        .position(|&i| feed.activity.rows[i].who_name() == "ben")
        .expect("ben's row");
    for _ in 0..bens {
        press(&mut app, &exec, key('j')).await;
    }
    let screen = render(&mut app);
    assert!(
        screen.contains("case updated: Summary: password reset loops"),
        "{screen}"
    );
}

#[tokio::test]
async fn activity_added_while_the_feed_is_open_arrives_on_the_next_refresh_with_the_selection_kept()
{
    let (_service, domain, mut app, exec) = feed_session().await;
    render(&mut app);
    press(&mut app, &exec, key('j')).await;
    press(&mut app, &exec, key('j')).await;
    let before = app
        .feed
        .as_ref()
        .unwrap()
        .activity
        .selected()
        .unwrap()
        .key
        .clone();

    // Quiet: a refresh costs one request per listing.
    press(&mut app, &exec, key('r')).await;
    let feed = app.feed.as_ref().unwrap();
    assert_eq!(feed.reading.last_requests, Some(2));
    assert_eq!(feed.activity.new_count, 0);

    let new_item = domain.comment(1, "dan", "Escalated to tier 2").await;
    // No key: the feed refreshes on its own once the interval has passed.
    let ticks = app.feed.as_ref().unwrap().refresh_ticks;
    let mut cmds = Vec::new();
    for _ in 0..ticks {
        cmds.extend(app.update(Msg::Tick));
    }
    assert!(!cmds.is_empty(), "no refresh after {ticks} ticks");
    pump(&mut app, &exec, cmds).await;

    let feed = app.feed.as_ref().unwrap();
    assert_eq!(feed.activity.selected().unwrap().key, before);
    assert!(feed.activity.knows(&format!("i:{new_item}")));
    assert!(feed.activity.new_count >= 1, "{}", feed.activity.new_count);
    let screen = render(&mut app);
    assert!(
        screen.contains(&format!("{} new ↑", feed_new(&app))),
        "{screen}"
    );
    assert!(
        screen.contains("comment added: Escalated to tier 2"),
        "{screen}"
    );
    assert!(screen.contains("dan"), "{screen}");
}

fn feed_new(app: &App) -> usize {
    app.feed.as_ref().unwrap().activity.new_count
}
