//! The activity feed end to end: activity made through the real SDK against the local service
//! on 127.0.0.1:0 by three performers on three cases, read by the app through the real executor.

mod support;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::types as sdk;
use cases_tui::app::{App, Msg, Screen};
use cases_tui::aws::{ConnectOptions, Gateway, build_client};
use cases_tui::local::{self, LocalService, ServeArgs};
use cases_tui::tui::Executor;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::exec::{key, open_feed, press, pump, started_on};
use support::local::{comment, domain_with_template, sla, text};

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
        let (id, template) = domain_with_template(&client, "Feed").await;
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
        d.client
            .create_related_item()
            .domain_id(&d.id)
            .case_id(&d.cases[2])
            .r#type(sdk::RelatedItemType::Sla)
            .content(sla("First reply", 5))
            .performed_by(who("chloe"))
            .send()
            .await
            .unwrap();
        d
    }

    async fn comment(&self, case: usize, by: &str, body: &str) -> String {
        self.client
            .create_related_item()
            .domain_id(&self.id)
            .case_id(&self.cases[case])
            .r#type(sdk::RelatedItemType::Comment)
            .content(comment(body))
            .performed_by(who(by))
            .send()
            .await
            .unwrap()
            .related_item_id()
            .to_string()
    }
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
    let mut app = started_on(&domain.id, &exec).await;
    open_feed(&mut app, &exec).await;
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
