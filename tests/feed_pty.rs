//! The activity feed in the real binary: `cases-tui serve` in one process with activity made
//! through the SDK by three performers on three cases, the TUI in a pseudo-terminal; `F` shows
//! the rows of every case without opening one.

mod support;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connectcases::types as sdk;
use support::pty::{Served, Term};

fn text(id: &str, v: &str) -> sdk::FieldValue {
    sdk::FieldValue::builder()
        .id(id)
        .value(sdk::FieldValueUnion::StringValue(v.into()))
        .build()
        .unwrap()
}

fn client(url: &str) -> Client {
    let config = aws_sdk_connectcases::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKIDSEED", "secret", None, None, "test"))
        .build();
    Client::from_conf(config)
}

/// A domain with three cases, a comment on each by its own performer and an SLA due in 5
/// minutes on the last: the domain id.
async fn seed(url: &str) -> String {
    let c = client(url);
    let domain = c
        .create_domain()
        .name("Feed")
        .send()
        .await
        .unwrap()
        .domain_id()
        .to_string();
    let template = c
        .create_template()
        .domain_id(&domain)
        .name("Default")
        .status(sdk::TemplateStatus::Active)
        .send()
        .await
        .unwrap()
        .template_id()
        .to_string();
    let work = [
        ("Parcel lost in transit", "ana", "Courier claim opened"),
        (
            "Login loop after reset",
            "ben",
            "Asked for a screen recording",
        ),
        ("Refund overdue", "chloe", "Finance chased"),
    ];
    for (title, by, body) in work {
        let case = c
            .create_case()
            .domain_id(&domain)
            .template_id(&template)
            .fields(text("title", title))
            .send()
            .await
            .unwrap()
            .case_id()
            .to_string();
        let comment = sdk::CommentContent::builder()
            .body(body)
            .content_type(sdk::CommentBodyTextType::Plaintext)
            .build()
            .unwrap();
        c.create_related_item()
            .domain_id(&domain)
            .case_id(&case)
            .r#type(sdk::RelatedItemType::Comment)
            .content(sdk::RelatedItemInputContent::Comment(comment))
            .performed_by(sdk::UserUnion::CustomEntity(by.into()))
            .send()
            .await
            .unwrap();
        if by == "chloe" {
            let sla = sdk::SlaInputConfiguration::builder()
                .name("First reply")
                .r#type(sdk::SlaType::CaseField)
                .target_sla_minutes(5)
                .build()
                .unwrap();
            c.create_related_item()
                .domain_id(&domain)
                .case_id(&case)
                .r#type(sdk::RelatedItemType::Sla)
                .content(sdk::RelatedItemInputContent::Sla(
                    sdk::SlaInputContent::SlaInputConfiguration(sla),
                ))
                .performed_by(sdk::UserUnion::CustomEntity(by.into()))
                .send()
                .await
                .unwrap();
        }
    }
    domain
}

#[test]
fn f_shows_activity_from_several_cases_without_opening_one() {
    let home = tempfile::tempdir().unwrap();
    let served = Served::start(&[], home.path());
    let domain = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(seed(&served.url));
    let mut term = Term::spawn(
        &["--endpoint-url", &served.url, "--domain", &domain],
        home.path(),
        150,
        36,
    );
    term.wait_for("Refund overdue", 30);
    term.send("F");
    term.wait_for("Activity", 10);
    term.wait_for("SLA radar", 10);
    term.wait_for("requests last refresh", 20);
    for row in [
        "comment added: Courier claim opened",
        "comment added: Asked for a screen recording",
        "comment added: Finance chased",
        "SLA added: First reply",
    ] {
        term.wait_for(row, 10);
    }
    let screen = term.screen();
    for who in ["ana", "ben", "chloe"] {
        assert!(screen.contains(who), "{who} missing:\n{screen}");
    }
    for title in ["Parcel lost in transit", "Login loop after reset"] {
        assert!(screen.contains(title), "{title} missing:\n{screen}");
    }
    assert!(!screen.contains("Fields"), "a case was opened:\n{screen}");

    // The help overlay lists the feed's keys, from the key table.
    term.send("?");
    term.wait_for("open the case at this item or event", 10);
    term.send("?");
    term.wait_gone("open the case at this item or event", 10);

    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());
}
