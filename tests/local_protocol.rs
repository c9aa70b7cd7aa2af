//! The local service's protocol layer, through the real `aws-sdk-connectcases` client (and raw
//! HTTP where the SDK cannot send a malformed request or hides headers). Flags, seeds and the
//! aws CLI have files of their own (`local_flags`, `local_seeds`, `aws_cli`).

mod support;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::error::ProvideErrorMetadata;
use aws_sdk_connectcases::types::{FieldIdentifier, FieldType};
use cases_tui::local::{ServeArgs, start};
use serde_json::{Value, json};
use support::local::{comment, domain_with_template, new_case, raw, sdk_code_and_message, started};

// ---- the SDK against the service ----

#[tokio::test]
async fn sdk_creates_gets_and_lists_domains() {
    let (service, client) = started().await;
    let created = client.create_domain().name("Support").send().await.unwrap();
    let id = created.domain_id().to_owned();
    assert!(!id.is_empty());
    assert!(created.domain_arn().ends_with(&id));
    let got = client.get_domain().domain_id(&id).send().await.unwrap();
    assert_eq!(got.name(), "Support");
    let listed = client.list_domains().max_results(10).send().await.unwrap();
    assert_eq!(listed.domains().len(), 1);
    assert_eq!(listed.domains()[0].domain_id(), id);
    service.shutdown().await;
}

#[tokio::test]
async fn sdk_sees_required_member_missing() {
    let (service, client) = started().await;
    let err = client
        .create_domain()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    assert_eq!(
        sdk_code_and_message(&err),
        (
            "ValidationException".into(),
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: \
             Member must not be null"
                .into()
        )
    );
    service.shutdown().await;
}

#[tokio::test]
async fn sdk_sees_string_too_long_and_too_short() {
    let (service, client) = started().await;
    let err = client
        .create_domain()
        .name("d".repeat(101))
        .send()
        .await
        .unwrap_err();
    let (code, message) = sdk_code_and_message(&err.into_service_error());
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "1 validation error detected: Value at 'name' failed to satisfy constraint: \
         Member must have length less than or equal to 100"
    );
    // Characters, not bytes: 100 multi-byte characters fit.
    client
        .create_domain()
        .name("é".repeat(100))
        .send()
        .await
        .unwrap();
    let err = client.create_domain().name("").send().await.unwrap_err();
    let (_, message) = sdk_code_and_message(&err.into_service_error());
    // Both constraints fail, and both are reported, as AWS does: the length, and the pattern
    // `.*[\S]` (a name needs a non-blank character).
    assert!(
        message.starts_with("2 validation errors detected: ")
            && message.contains("Member must have length greater than or equal to 1")
            && message.contains("Member must satisfy regular expression pattern: .*[\\S]"),
        "{message}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn sdk_sees_list_too_long_and_empty() {
    let (service, client) = started().await;
    let field = |i: usize| {
        FieldIdentifier::builder()
            .id(format!("f{i}"))
            .build()
            .unwrap()
    };
    let err = client
        .batch_get_field()
        .domain_id("d1")
        .set_fields(Some((0..51).map(field).collect()))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        sdk_code_and_message(&err.into_service_error()).1,
        "1 validation error detected: Value at 'fields' failed to satisfy constraint: \
         Member must have length less than or equal to 50"
    );
    let err = client
        .batch_get_field()
        .domain_id("d1")
        .set_fields(Some(vec![]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        sdk_code_and_message(&err.into_service_error()).1,
        "1 validation error detected: Value at 'fields' failed to satisfy constraint: \
         Member must have length greater than or equal to 1"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn sdk_sees_bad_enum_value() {
    let (service, client) = started().await;
    let err = client
        .create_field()
        .domain_id("d1")
        .name("Priority")
        .r#type(FieldType::from("Colour"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        sdk_code_and_message(&err.into_service_error()),
        (
            "ValidationException".into(),
            "1 validation error detected: Value 'Colour' at 'type' failed to satisfy constraint: \
             Member must satisfy enum value set: [Text, Number, Boolean, DateTime, SingleSelect, \
             Url, User]"
                .into()
        )
    );
    service.shutdown().await;
}

#[tokio::test]
async fn sdk_sees_max_results_out_of_range() {
    let (service, client) = started().await;
    for (n, bound) in [
        (0, "greater than or equal to 1"),
        (11, "less than or equal to 10"),
    ] {
        let err = client
            .list_domains()
            .max_results(n)
            .send()
            .await
            .unwrap_err();
        let err = err.into_service_error();
        assert!(err.is_validation_exception(), "{err:?}");
        assert_eq!(
            err.message().unwrap(),
            format!(
                "1 validation error detected: Value '{n}' at 'maxResults' failed to satisfy \
                 constraint: Member must have value {bound}"
            )
        );
    }
    client.list_domains().max_results(10).send().await.unwrap();
    service.shutdown().await;
}

#[tokio::test]
async fn sdk_sees_not_found_with_its_members() {
    let (service, client) = started().await;
    let err = client
        .get_domain()
        .domain_id("nope")
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    let aws_sdk_connectcases::operation::get_domain::GetDomainError::ResourceNotFoundException(e) =
        err
    else {
        unreachable!()
    };
    assert_eq!(e.resource_id(), "nope");
    assert_eq!(e.resource_type(), "Domain");
    service.shutdown().await;
}

async fn case_setup(client: &Client) -> (String, String, String) {
    let (domain, template) = domain_with_template(client, "Support").await;
    let case = new_case(client, &domain, &template, "Printer on fire").await;
    (domain, template, case)
}

#[tokio::test]
async fn sdk_runs_a_case_with_comments_and_the_principal_comes_from_the_access_key() {
    use aws_sdk_connectcases::types::{
        CommentBodyTextType, CommentUpdateContent, RelatedItemType, RelatedItemUpdateContent,
    };
    let (service, client) = started().await;
    let (domain, _, case) = case_setup(&client).await;
    // CreateRelatedItem's path ends in a slash.
    let item = client
        .create_related_item()
        .domain_id(&domain)
        .case_id(&case)
        .r#type(RelatedItemType::Comment)
        .content(comment("first"))
        .send()
        .await
        .unwrap();
    client
        .update_related_item()
        .domain_id(&domain)
        .case_id(&case)
        .related_item_id(item.related_item_id())
        .content(RelatedItemUpdateContent::Comment(
            CommentUpdateContent::builder()
                .body("edited")
                .content_type(CommentBodyTextType::Plaintext)
                .build()
                .unwrap(),
        ))
        .send()
        .await
        .unwrap();
    let events = client
        .get_case_audit_events()
        .domain_id(&domain)
        .case_id(&case)
        .send()
        .await
        .unwrap();
    assert!(events.audit_events().len() >= 3, "{events:?}");
    for event in events.audit_events().iter().flatten() {
        assert_eq!(
            event.performed_by().map(|p| p.iam_principal_arn()),
            Some("arn:aws:iam::123456789012:user/AKIDLOCAL")
        );
    }
    // Too long a comment is refused with the member path.
    let err = client
        .create_related_item()
        .domain_id(&domain)
        .case_id(&case)
        .r#type(RelatedItemType::Comment)
        .content(comment(&"x".repeat(15001)))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.into_service_error().message(),
        Some(
            "1 validation error detected: Value at 'content.comment.body' failed to satisfy \
             constraint: Member must have length less than or equal to 15000"
        )
    );
    service.shutdown().await;
}

#[tokio::test]
async fn sdk_tags_by_arn_label_and_repeated_query_keys() {
    let (service, client) = started().await;
    let (domain, _, case) = case_setup(&client).await;
    let case_arn = client
        .get_case()
        .domain_id(&domain)
        .case_id(&case)
        .fields(FieldIdentifier::builder().id("title").build().unwrap())
        .send()
        .await
        .unwrap()
        .fields()
        .len();
    assert_eq!(case_arn, 1);
    let arn = client
        .get_domain()
        .domain_id(&domain)
        .send()
        .await
        .unwrap()
        .domain_arn()
        .to_owned();
    assert!(arn.contains(':') && arn.contains('/'), "{arn}");
    client
        .tag_resource()
        .arn(&arn)
        .tags("team", Some("blue".into()))
        .tags("tier", Some("one".into()))
        .tags("keep", Some("yes".into()))
        .send()
        .await
        .unwrap();
    client
        .untag_resource()
        .arn(&arn)
        .tag_keys("team")
        .tag_keys("tier")
        .send()
        .await
        .unwrap();
    let tags = client
        .list_tags_for_resource()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    let tags = tags.tags().unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(tags.get("keep").and_then(|v| v.as_deref()), Some("yes"));
    service.shutdown().await;
}

// ---- errors on the wire ----

#[tokio::test]
async fn union_with_zero_or_two_members_is_refused() {
    let (service, _) = started().await;
    let path = "/domains/d1/cases/c1/related-items/";
    let zero = raw(
        service.addr,
        "POST",
        path,
        br#"{"type":"Comment","content":{}}"#,
    )
    .await;
    let body = zero.error(400, "ValidationException");
    assert_eq!(
        body["message"],
        "1 validation error detected: Value at 'content' failed to satisfy constraint: Member \
         must have exactly one of [contact, comment, file, sla, connectCase, custom] set, but \
         none is set"
    );
    let two = json!({"type": "Comment", "content": {
        "comment": {"body": "hi", "contentType": "Text/Plain"},
        "file": {"fileArn": "arn:aws:connect:us-east-1:1:instance/i/file/f"}}});
    let two = raw(service.addr, "POST", path, two.to_string().as_bytes()).await;
    let body = two.error(400, "ValidationException");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .ends_with("but comment, file are set"),
        "{body}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn nested_member_paths_and_multiple_errors() {
    let (service, _) = started().await;
    let body = json!({"type": "Comment", "content": {"comment": {
        "body": "x".repeat(15001), "contentType": "Text/Plain"}}});
    let r = raw(
        service.addr,
        "POST",
        "/domains/d1/cases/c1/related-items/",
        body.to_string().as_bytes(),
    )
    .await;
    assert_eq!(
        r.error(400, "ValidationException")["message"],
        "1 validation error detected: Value at 'content.comment.body' failed to satisfy \
         constraint: Member must have length less than or equal to 15000"
    );
    let body = json!({"fields": [{"id": ""}, {}]});
    let r = raw(
        service.addr,
        "POST",
        "/domains/d1/fields-batch",
        body.to_string().as_bytes(),
    )
    .await;
    let message = r.error(400, "ValidationException")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with("2 validation errors detected: "),
        "{message}"
    );
    assert!(
        message.contains("Value at 'fields.1.member.id' failed"),
        "{message}"
    );
    assert!(
        message.contains("Value null at 'fields.2.member.id' failed"),
        "{message}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn wrong_json_types_and_malformed_json_are_validation_errors() {
    let (service, _) = started().await;
    for body in [
        &b"{\"name\": "[..],
        b"[1,2]",
        b"\"x\"",
        b"{\"name\": 5}",
        b"\xff\xfe",
    ] {
        let r = raw(service.addr, "POST", "/domains", body).await;
        let message = r.error(400, "ValidationException")["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("JSON") || message.contains("Member must be a string"),
            "{message}"
        );
    }
    // An empty body is `{}`: here, a missing required member.
    let r = raw(service.addr, "POST", "/domains", b"").await;
    assert!(
        r.error(400, "ValidationException")["message"]
            .as_str()
            .unwrap()
            .contains("'name'")
    );
    service.shutdown().await;
}

#[tokio::test]
async fn error_kinds_have_their_status_header_and_members() {
    let (service, _) = started().await;
    let r = raw(service.addr, "POST", "/domains/missing", b"").await;
    let body = r.error(404, "ResourceNotFoundException");
    assert_eq!(body["resourceId"], "missing");
    assert_eq!(body["resourceType"], "Domain");
    let r = raw(service.addr, "POST", "/domains-list?maxResults=abc", b"").await;
    let body = r.error(400, "ValidationException");
    assert_eq!(
        body,
        json!({"message": "1 validation error detected: Value 'abc' at 'maxResults' failed to \
               satisfy constraint: Member must be an integer"})
    );
    assert!(r.header("x-amzn-requestid").is_some());
    service.shutdown().await;
}

#[tokio::test]
async fn conflict_has_status_409_and_reaches_the_sdk() {
    let (service, client) = started().await;
    let r = raw(service.addr, "POST", "/domains", br#"{"name":"Twice"}"#).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.json()["domainId"].is_string());
    let r = raw(service.addr, "POST", "/domains", br#"{"name":"Twice"}"#).await;
    r.error(409, "ConflictException");
    let err = client
        .create_domain()
        .name("Twice")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_conflict_exception());
    service.shutdown().await;
}
#[tokio::test]
async fn unknown_route_names_method_and_path() {
    let (service, _) = started().await;
    let r = raw(service.addr, "GET", "/domains/d1/nothing-here", b"").await;
    assert_eq!(
        r.error(404, "UnknownOperationException")["message"],
        "no Connect Cases operation matches GET /domains/d1/nothing-here"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn oversized_body_is_refused_clearly() {
    let (service, _) = started().await;
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(7 * 1024 * 1024));
    let r = raw(service.addr, "POST", "/domains", big.as_bytes()).await;
    let body = r.error(400, "ValidationException");
    assert!(
        body["message"].as_str().unwrap().contains("limit of 6 MiB"),
        "{body}"
    );
    service.shutdown().await;
}

// ---- arbitrary input never panics ----

fn arb_json() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let key = prop_oneof![
        Just("name".to_owned()),
        Just("fields".to_owned()),
        Just("id".to_owned()),
        Just("type".to_owned()),
        Just("content".to_owned()),
        Just("comment".to_owned()),
        Just("body".to_owned()),
        Just("contentType".to_owned()),
        Just("maxResults".to_owned()),
        Just("nextToken".to_owned()),
        Just("filter".to_owned()),
        Just("value".to_owned()),
        Just("stringValue".to_owned()),
        "[a-zA-Z]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::from),
        Just(Value::from("Comment")),
        Just(Value::from("Text/Plain")),
        (0i64..120).prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

#[test]
fn arbitrary_bodies_never_panic_and_always_answer_properly() {
    use proptest::prelude::*;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let service = rt.block_on(start(ServeArgs::for_tests())).unwrap();
    let addr = service.addr;
    let routes = [
        ("POST", "/domains"),
        ("POST", "/domains-list"),
        ("POST", "/domains/d1"),
        ("POST", "/domains/d1/fields-batch"),
        ("POST", "/domains/d1/cases/c1/related-items/"),
        ("PUT", "/domains/d1/cases/c1"),
        ("POST", "/domains/d1/cases-search"),
    ];
    let config = ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest::proptest!(config, |(route in 0..routes.len(), body in arb_json(), as_text in any::<bool>())| {
        let (method, path) = routes[route];
        // Sometimes the body is cut short: malformed JSON.
        let mut bytes = body.to_string().into_bytes();
        if as_text && bytes.len() > 1 {
            bytes.truncate(bytes.len() / 2);
        }
        let r = rt.block_on(raw(addr, method, path, &bytes));
        prop_assert!(r.status == 200 || (400..500).contains(&r.status), "{} {} -> {} {}", method, path, r.status, r.body);
        let answer: Value = serde_json::from_str(&r.body).expect("a JSON body");
        if r.status != 200 {
            prop_assert!(r.header("x-amzn-errortype").is_some());
            prop_assert!(answer["message"].is_string(), "{}", answer);
        }
    });
    rt.block_on(service.shutdown());
}
