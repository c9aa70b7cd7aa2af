//! The activity feed in the real binary: `cases-tui serve` in one process with activity made
//! through the SDK by three performers on three cases, the TUI in a pseudo-terminal; `F` shows
//! the rows of every case without opening one.

mod support;

use aws_sdk_connectcases::types as sdk;
use support::local::{client_at, comment, domain_with_template, new_case, sla};
use support::pty::{Served, Term};

/// A domain with three cases, a comment on each by its own performer and an SLA due in 5
/// minutes on the last: the domain id.
async fn seed(url: &str) -> String {
    let c = client_at(url);
    let (domain, template) = domain_with_template(&c, "Feed").await;
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
        let case = new_case(&c, &domain, &template, title).await;
        c.create_related_item()
            .domain_id(&domain)
            .case_id(&case)
            .r#type(sdk::RelatedItemType::Comment)
            .content(comment(body))
            .performed_by(sdk::UserUnion::CustomEntity(by.into()))
            .send()
            .await
            .unwrap();
        if by == "chloe" {
            c.create_related_item()
                .domain_id(&domain)
                .case_id(&case)
                .r#type(sdk::RelatedItemType::Sla)
                .content(sla("First reply", 5))
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
    term.wait_for(" last refresh", 20);
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
