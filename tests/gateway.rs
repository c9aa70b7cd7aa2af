//! The gateway (`aws::Reader`, `aws::Writer`) through the real SDK over HTTP against the local
//! service on 127.0.0.1:0, seeded with the demo data.

mod support;

use cases_tui::aws::{ConnectOptions, GatewayError, Reader, Writer, build_client};
use cases_tui::local::{self, LocalService, ServeArgs};
use cases_tui::model::{
    CaseQuery, FieldEntry, FieldType, FieldValue, Performer, RelatedContent, RelatedItemType,
};
use std::collections::HashSet;
use std::time::Duration;
use support::reads::all_audit_events;

const DOMAIN: &str = local::demo::DEMO_DOMAIN_ID;
const BIG_CASE: &str = local::demo::BIG_CASE_ID;

async fn demo() -> (LocalService, Reader, Writer) {
    let service = local::start_demo().await.expect("demo service starts");
    let client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    let writer = Writer::new(
        client.clone(),
        Some(Performer::CustomEntity("gateway-test".into())),
    );
    (service, Reader::new(client), writer)
}

#[tokio::test]
async fn reads_domains_fields_and_options() {
    let (service, reader, _) = demo().await;
    let domains = reader.list_domains().await.unwrap();
    assert!(domains.iter().any(|d| d.id == DOMAIN), "{domains:?}");
    let domain = reader.get_domain(DOMAIN).await.unwrap();
    assert_eq!(domain.status.as_deref(), Some("Active"));
    assert!(domain.created_time.is_some());

    let fields = reader.list_fields(DOMAIN).await.unwrap();
    let status = fields
        .iter()
        .find(|f| f.id == "status")
        .expect("status field");
    assert!(status.system);
    assert_eq!(status.field_type, FieldType::SingleSelect);
    let custom_types: HashSet<_> = fields
        .iter()
        .filter(|f| !f.system)
        .map(|f| f.field_type.clone())
        .collect();
    for t in [
        FieldType::Text,
        FieldType::Number,
        FieldType::Boolean,
        FieldType::DateTime,
        FieldType::SingleSelect,
        FieldType::Url,
        FieldType::User,
    ] {
        assert!(custom_types.contains(&t), "demo lacks a custom {t:?} field");
    }
    let options = reader.list_field_options(DOMAIN, "status").await.unwrap();
    let values: Vec<_> = options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(values, ["open", "closed"]);
    service.shutdown().await;
}

#[tokio::test]
async fn searches_cases_by_term_status_sort_and_projection() {
    let (service, reader, _) = demo().await;
    let fields = vec!["title".to_string(), "status".to_string()];
    let all = reader
        .search_cases(
            DOMAIN,
            &CaseQuery {
                fields: fields.clone(),
                max_results: Some(100),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    assert!(all.items.len() >= 30, "{} cases", all.items.len());
    for case in &all.items {
        let ids: Vec<_> = case.fields.iter().map(|f| f.id.as_str()).collect();
        assert!(
            ids.iter().all(|id| *id == "title" || *id == "status"),
            "{ids:?}"
        );
    }

    // A word of one case's title finds that case.
    let big = all
        .items
        .iter()
        .find(|c| c.id == BIG_CASE)
        .expect("big case listed");
    let Some(FieldValue::String(title)) = big.field("title") else {
        panic!("big case has no title")
    };
    let word = title
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap()
        .to_lowercase();
    let found = reader
        .search_cases(
            DOMAIN,
            &CaseQuery {
                search_term: Some(word.clone()),
                fields: fields.clone(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    assert!(
        found.items.iter().any(|c| c.id == BIG_CASE),
        "searching {word:?}"
    );
    assert!(found.items.len() < all.items.len());

    let closed = reader
        .search_cases(
            DOMAIN,
            &CaseQuery {
                status: Some("closed".into()),
                fields: fields.clone(),
                max_results: Some(100),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    assert!(!closed.items.is_empty());
    assert!(
        closed
            .items
            .iter()
            .all(|c| c.field("status") == Some(&FieldValue::String("closed".into())))
    );

    let sorted = reader
        .search_cases(
            DOMAIN,
            &CaseQuery {
                sort: Some(("title".into(), true)),
                fields: fields.clone(),
                max_results: Some(100),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    let titles: Vec<String> = sorted
        .items
        .iter()
        .map(|c| match c.field("title") {
            Some(FieldValue::String(s)) => s.clone(),
            _ => String::new(),
        })
        .collect();
    let mut expected = titles.clone();
    expected.sort();
    assert_eq!(titles, expected);

    // Paging: small pages cover the same cases as one large page, each once.
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = reader
            .search_cases(
                DOMAIN,
                &CaseQuery {
                    max_results: Some(7),
                    fields: fields.clone(),
                    ..Default::default()
                },
                token,
            )
            .await
            .unwrap();
        assert!(page.items.len() <= 7);
        seen.extend(page.items.into_iter().map(|c| c.id));
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), all.items.len());
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());
    service.shutdown().await;
}

#[tokio::test]
async fn reads_big_case_related_items_and_audit_history_across_pages() {
    let (service, reader, _) = demo().await;
    let case = reader
        .get_case(
            DOMAIN,
            BIG_CASE,
            &["title".into(), "status".into(), "customer_id".into()],
        )
        .await
        .unwrap();
    assert_eq!(case.id, BIG_CASE);
    assert!(matches!(case.field("title"), Some(FieldValue::String(_))));

    let mut items = Vec::new();
    let mut token = None;
    loop {
        let page = reader
            .search_related_items(DOMAIN, BIG_CASE, &[], token, Some(25))
            .await
            .unwrap();
        items.extend(page.items);
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert!(items.len() >= 150, "{} related items", items.len());
    let types: HashSet<_> = items.iter().map(|i| i.item_type).collect();
    assert_eq!(types.len(), 6, "all six types on the big case: {types:?}");

    let comments = reader
        .search_related_items(
            DOMAIN,
            BIG_CASE,
            &[RelatedItemType::Comment],
            None,
            Some(25),
        )
        .await
        .unwrap();
    assert!(!comments.items.is_empty());
    assert!(
        comments
            .items
            .iter()
            .all(|i| i.item_type == RelatedItemType::Comment)
    );

    let events = all_audit_events(&reader, DOMAIN, BIG_CASE).await.len();
    assert!(events >= 1000, "{events} audit events");
    service.shutdown().await;
}

#[tokio::test]
async fn writer_replaces_custom_fields_and_comments() {
    let (service, reader, writer) = demo().await;
    let page = reader
        .search_related_items(DOMAIN, BIG_CASE, &[RelatedItemType::Custom], None, Some(25))
        .await
        .unwrap();
    let item = page
        .items
        .iter()
        .find(|i| matches!(&i.content, RelatedContent::Custom { fields } if fields.len() >= 2))
        .expect("a custom item with two fields")
        .clone();
    let RelatedContent::Custom { fields } = &item.content else {
        unreachable!()
    };
    // Send all but the last field: the service removes the one left out.
    let kept: Vec<FieldEntry> = fields[..fields.len() - 1].to_vec();
    let updated = writer
        .update_custom(DOMAIN, BIG_CASE, &item.id, &kept)
        .await
        .unwrap();
    assert_eq!(
        updated.content,
        RelatedContent::Custom {
            fields: kept.clone()
        }
    );
    let now = reader
        .find_related_item(DOMAIN, BIG_CASE, RelatedItemType::Custom, &item.id)
        .await
        .unwrap()
        .expect("item still exists");
    assert_eq!(now.content, RelatedContent::Custom { fields: kept });

    let id = writer
        .create_comment(DOMAIN, BIG_CASE, "first words")
        .await
        .unwrap();
    let updated = writer
        .update_comment(DOMAIN, BIG_CASE, &id, "second words")
        .await
        .unwrap();
    assert!(
        matches!(updated.content, RelatedContent::Comment { ref body, .. } if body == "second words")
    );
    writer
        .delete_related_item(DOMAIN, BIG_CASE, &id)
        .await
        .unwrap();
    let gone = reader
        .find_related_item(DOMAIN, BIG_CASE, RelatedItemType::Comment, &id)
        .await
        .unwrap();
    assert!(gone.is_none());
    service.shutdown().await;
}

#[tokio::test]
async fn errors_map_to_what_the_ui_explains() {
    let (service, reader, writer) = demo().await;
    let err = reader.get_domain("no-such-domain").await.unwrap_err();
    assert!(matches!(err, GatewayError::NotFound { .. }), "{err:?}");

    let err = writer
        .update_comment(DOMAIN, BIG_CASE, "no-such-item", "x")
        .await
        .unwrap_err();
    assert!(matches!(err, GatewayError::NotFound { .. }), "{err:?}");

    let err = writer
        .create_comment(DOMAIN, BIG_CASE, &"x".repeat(15_001))
        .await
        .unwrap_err();
    let GatewayError::Validation(message) = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("15000"), "{message}");
    service.shutdown().await;

    // A closed port is a network error, not a hang.
    let mut opts = ConnectOptions::local("http://127.0.0.1:9");
    opts.max_attempts = 1;
    opts.attempt_timeout = Duration::from_secs(2);
    let reader = Reader::new(build_client(&opts).await);
    let err = reader.list_domains().await.unwrap_err();
    assert!(matches!(err, GatewayError::Network(_)), "{err:?}");
}

#[tokio::test]
async fn throttling_and_server_faults_are_reported_after_retries() {
    let mut args = ServeArgs::for_tests();
    args.throttle_rate = 1.0;
    let service = local::start(args).await.unwrap();
    let mut opts = ConnectOptions::local(service.endpoint_url());
    opts.max_attempts = 2;
    let reader = Reader::new(build_client(&opts).await);
    let err = reader.list_domains().await.unwrap_err();
    assert!(matches!(err, GatewayError::Throttled(_)), "{err:?}");
    service.shutdown().await;

    let mut args = ServeArgs::for_tests();
    args.fail_rate = 1.0;
    let service = local::start(args).await.unwrap();
    let reader = Reader::new(build_client(&ConnectOptions::local(service.endpoint_url())).await);
    let err = reader.list_domains().await.unwrap_err();
    assert!(
        matches!(err, GatewayError::Other(ref m) if m.contains("InternalServerException")),
        "{err:?}"
    );
    service.shutdown().await;
}
