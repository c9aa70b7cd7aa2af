//! The local service's protocol layer, through the real `aws-sdk-connectcases` client (and raw
//! HTTP where the SDK cannot send a malformed request or hides headers).

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::retry::RetryConfig;
use aws_sdk_connectcases::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connectcases::error::ProvideErrorMetadata;
use aws_sdk_connectcases::types::{FieldIdentifier, FieldType};
use cases_tui::local::{LocalService, SeedStep, ServeArgs, load_seed, start, start_with_steps};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn client(service: &LocalService) -> Client {
    let config = aws_sdk_connectcases::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(service.endpoint_url())
        .credentials_provider(Credentials::new("AKIDLOCAL", "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

async fn started() -> (LocalService, Client) {
    let service = start(ServeArgs::for_tests()).await.expect("service starts");
    let client = client(&service);
    (service, client)
}

/// A raw HTTP/1.1 response.
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    /// Asserts a modelled error response and returns its JSON body.
    fn error(&self, status: u16, kind: &str) -> Value {
        assert_eq!(self.status, status, "status of {}", self.body);
        assert_eq!(self.header("x-amzn-errortype"), Some(kind), "{}", self.body);
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body = self.json();
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
        body
    }
}

async fn raw(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> Raw {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let (mut rd, mut wr) = stream.split();
    let write = async {
        // The service may answer (and close) before reading an oversized body.
        let _ = wr.write_all(head.as_bytes()).await;
        let _ = wr.write_all(body).await;
    };
    let mut bytes = Vec::new();
    let read = async {
        let _ = rd.read_to_end(&mut bytes).await;
    };
    tokio::join!(write, read);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP response");
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Raw {
        status,
        headers,
        body: body.to_owned(),
    }
}

fn sdk_code_and_message<E: ProvideErrorMetadata>(e: &E) -> (String, String) {
    (
        e.code().unwrap_or_default().to_owned(),
        e.message().unwrap_or_default().to_owned(),
    )
}

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
    assert!(
        message.ends_with("Member must have length greater than or equal to 1"),
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
    use aws_sdk_connectcases::types::{FieldValue, FieldValueUnion, TemplateStatus};
    let domain = client.create_domain().name("Support").send().await.unwrap();
    let domain = domain.domain_id().to_owned();
    let template = client
        .create_template()
        .domain_id(&domain)
        .name("Default")
        .status(TemplateStatus::Active)
        .send()
        .await
        .unwrap()
        .template_id()
        .to_owned();
    let title = FieldValue::builder()
        .id("title")
        .value(FieldValueUnion::StringValue("Printer on fire".into()))
        .build()
        .unwrap();
    let case = client
        .create_case()
        .domain_id(&domain)
        .template_id(&template)
        .fields(title)
        .send()
        .await
        .unwrap();
    (domain, template, case.case_id().to_owned())
}

#[tokio::test]
async fn sdk_runs_a_case_with_comments_and_the_principal_comes_from_the_access_key() {
    use aws_sdk_connectcases::types::{
        CommentBodyTextType, CommentContent, CommentUpdateContent, RelatedItemInputContent,
        RelatedItemType, RelatedItemUpdateContent,
    };
    let (service, client) = started().await;
    let (domain, _, case) = case_setup(&client).await;
    let comment = |body: &str| {
        CommentContent::builder()
            .body(body)
            .content_type(CommentBodyTextType::Plaintext)
            .build()
            .unwrap()
    };
    // CreateRelatedItem's path ends in a slash.
    let item = client
        .create_related_item()
        .domain_id(&domain)
        .case_id(&case)
        .r#type(RelatedItemType::Comment)
        .content(RelatedItemInputContent::Comment(comment("first")))
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
        .content(RelatedItemInputContent::Comment(comment(
            &"x".repeat(15001),
        )))
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

#[tokio::test(flavor = "multi_thread")]
async fn aws_cli_works_against_the_service_when_installed() {
    let (service, _) = started().await;
    let url = service.endpoint_url();
    let run = move |args: &[&str]| {
        std::process::Command::new("aws")
            .args(["connectcases", "--endpoint-url", &url, "--output", "json"])
            .args(args)
            .env("AWS_ACCESS_KEY_ID", "AKIDCLI")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
    };
    let outputs = tokio::task::spawn_blocking(move || {
        let created = run(&["create-domain", "--name", "FromCli"])?;
        let invalid = run(&["list-domains", "--max-results", "50"])?;
        Ok::<_, std::io::Error>((created, invalid))
    })
    .await
    .unwrap();
    let Ok((created, invalid)) = outputs else {
        eprintln!("aws CLI not installed: skipping");
        return;
    };
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let created: Value = serde_json::from_slice(&created.stdout).unwrap();
    assert!(created["domainArn"].as_str().unwrap().contains(":domain/"));
    assert!(!invalid.status.success());
    let stderr = String::from_utf8_lossy(&invalid.stderr);
    assert!(stderr.contains("(ValidationException)"), "{stderr}");
    assert!(
        stderr.contains("Member must have value less than or equal to 10"),
        "{stderr}"
    );
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
async fn unimplemented_operation_names_itself() {
    let (service, client) = started().await;
    let r = raw(
        service.addr,
        "POST",
        "/domains/d1/cases/c1/merge",
        br#"{"secondaryCaseIds":["c2"]}"#,
    )
    .await;
    assert_eq!(
        r.error(501, "NotImplemented")["message"],
        "operation StartMergeCases is not implemented by the local service"
    );
    let err = client
        .get_case_event_configuration()
        .domain_id("d1")
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error();
    assert_eq!(err.code(), Some("NotImplemented"));
    assert_eq!(
        err.message(),
        Some("operation GetCaseEventConfiguration is not implemented by the local service")
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

// ---- flags ----

#[tokio::test]
async fn state_survives_a_restart_and_a_corrupt_state_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let args = ServeArgs {
        state: Some(state.clone()),
        ..ServeArgs::for_tests()
    };
    let service = start(args.clone()).await.unwrap();
    let id = client(&service)
        .create_domain()
        .name("Kept")
        .send()
        .await
        .unwrap()
        .domain_id()
        .to_owned();
    service.shutdown().await;
    assert!(std::fs::read_to_string(&state).unwrap().contains("Kept"));

    let service = start(args.clone()).await.unwrap();
    let got = client(&service)
        .get_domain()
        .domain_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.name(), "Kept");
    service.shutdown().await;
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(
        leftovers.len(),
        1,
        "only the state file, no temp files: {leftovers:?}"
    );

    std::fs::write(&state, "{not json").unwrap();
    let err = start(args)
        .await
        .err()
        .expect("a corrupt state file stops start-up");
    assert!(format!("{err:#}").contains("is corrupt"), "{err:#}");
    assert_eq!(
        std::fs::read_to_string(&state).unwrap(),
        "{not json",
        "never reset silently"
    );
}

#[tokio::test]
async fn fail_rate_one_answers_internal_server_error() {
    let args = ServeArgs {
        fail_rate: 1.0,
        ..ServeArgs::for_tests()
    };
    let service = start(args).await.unwrap();
    let err = client(&service)
        .list_domains()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_internal_server_exception(), "{err:?}");
    assert!(err.message().unwrap().contains("--fail-rate"));
    let r = raw(service.addr, "POST", "/domains-list", b"").await;
    r.error(500, "InternalServerException");
    service.shutdown().await;
}

#[tokio::test]
async fn throttle_rate_one_answers_throttling() {
    let args = ServeArgs {
        throttle_rate: 1.0,
        ..ServeArgs::for_tests()
    };
    let service = start(args).await.unwrap();
    let err = client(&service)
        .list_domains()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_throttling_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ThrottlingException"));
    let r = raw(service.addr, "POST", "/domains-list", b"").await;
    r.error(429, "ThrottlingException");
    service.shutdown().await;
}

#[tokio::test]
async fn rates_outside_zero_to_one_are_refused() {
    let args = ServeArgs {
        fail_rate: 1.5,
        ..ServeArgs::for_tests()
    };
    let err = start(args).await.err().expect("refused");
    assert!(err.to_string().contains("--fail-rate"), "{err}");
}

#[tokio::test]
async fn latency_delays_each_request() {
    let args = ServeArgs {
        latency_ms: 300,
        ..ServeArgs::for_tests()
    };
    let service = start(args).await.unwrap();
    let client = client(&service);
    let t = Instant::now();
    client.list_domains().send().await.unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
    service.shutdown().await;
}

#[tokio::test]
async fn request_log_has_one_json_line_per_request() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let args = ServeArgs {
        request_log: Some(log.clone()),
        ..ServeArgs::for_tests()
    };
    let service = start(args).await.unwrap();
    let client = client(&service);
    client.create_domain().name("Logged").send().await.unwrap();
    let _ = client.get_domain().domain_id("nope").send().await;
    raw(service.addr, "GET", "/nowhere", b"").await;
    service.shutdown().await;
    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["operation"], "CreateDomain");
    assert_eq!(lines[0]["method"], "POST");
    assert_eq!(lines[0]["path"], "/domains");
    assert_eq!(lines[0]["status"], 200);
    assert!(lines[0]["ms"].is_u64());
    assert_eq!(lines[1]["operation"], "GetDomain");
    assert_eq!(lines[1]["path"], "/domains/nope");
    assert_eq!(lines[1]["status"], 404);
    assert_eq!(lines[2]["operation"], Value::Null);
    assert_eq!(lines[2]["status"], 404);
}

#[tokio::test]
async fn non_loopback_addr_needs_allow_remote() {
    let args = ServeArgs {
        addr: "0.0.0.0:0".into(),
        ..ServeArgs::for_tests()
    };
    let err = start(args).await.err().expect("refused");
    assert!(err.to_string().contains("--allow-remote"), "{err}");
    let args = ServeArgs {
        addr: "0.0.0.0:0".into(),
        allow_remote: true,
        ..ServeArgs::for_tests()
    };
    let service = start(args).await.unwrap();
    assert!(service.endpoint_url().starts_with("http://127.0.0.1:"));
    client(&service).list_domains().send().await.unwrap();
    service.shutdown().await;
}

// ---- seeds ----

fn write_seed(dir: &Path, seed: &Value) -> std::path::PathBuf {
    let path = dir.join("seed.json");
    std::fs::write(&path, seed.to_string()).unwrap();
    path
}

#[tokio::test]
async fn seed_replays_with_fixed_ids_and_is_not_faulted() {
    let dir = tempfile::tempdir().unwrap();
    let seed = write_seed(
        dir.path(),
        &json!({"steps": [
            {"operation": "CreateDomain", "input": {"name": "Seeded"}, "id": "dom-0001",
             "at": "2026-09-01T09:00:00Z", "principal": "arn:aws:iam::123456789012:user/seed"}
        ]}),
    );
    assert_eq!(load_seed(&seed).unwrap().len(), 1);
    // Faults apply to real requests, never to the replay.
    let args = ServeArgs {
        seed: Some(seed),
        fail_rate: 1.0,
        ..ServeArgs::for_tests()
    };
    let service = start(args).await.unwrap();
    let err = client(&service)
        .get_domain()
        .domain_id("dom-0001")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_internal_server_exception());
    service.shutdown().await;

    let step = SeedStep {
        operation: "CreateDomain".into(),
        input: json!({"name": "Embedded"}),
        at: None,
        id: Some("dom-embedded".into()),
        principal: None,
    };
    let service = start_with_steps(ServeArgs::for_tests(), vec![step])
        .await
        .unwrap();
    let got = client(&service)
        .get_domain()
        .domain_id("dom-embedded")
        .send()
        .await
        .unwrap();
    assert_eq!(got.name(), "Embedded");
    service.shutdown().await;
}

#[tokio::test]
async fn seed_sets_the_clock_and_ids_of_cases() {
    let step = |operation: &str, input: Value, id: &str, at: &str| SeedStep {
        operation: operation.into(),
        input,
        at: Some(at.parse().unwrap()),
        id: Some(id.into()),
        principal: Some("arn:aws:iam::123456789012:user/seeder".into()),
    };
    let steps = vec![
        step(
            "CreateDomain",
            json!({"name": "Seeded"}),
            "dom-1",
            "2026-09-01T08:00:00Z",
        ),
        step(
            "CreateTemplate",
            json!({"domainId": "dom-1", "name": "Default", "status": "Active"}),
            "tpl-1",
            "2026-09-01T08:30:00Z",
        ),
        step(
            "CreateCase",
            json!({"domainId": "dom-1", "templateId": "tpl-1",
                   "fields": [{"id": "title", "value": {"stringValue": "Seeded case"}}]}),
            "case-0001",
            "2026-09-01T09:00:00Z",
        ),
    ];
    let service = start_with_steps(ServeArgs::for_tests(), steps)
        .await
        .unwrap();
    let client = client(&service);
    let case = client
        .get_case()
        .domain_id("dom-1")
        .case_id("case-0001")
        .fields(
            FieldIdentifier::builder()
                .id("created_datetime")
                .build()
                .unwrap(),
        )
        .fields(FieldIdentifier::builder().id("title").build().unwrap())
        .send()
        .await
        .unwrap();
    let value = |id: &str| {
        case.fields()
            .iter()
            .find(|f| f.id() == id)
            .and_then(|f| f.value())
            .and_then(|v| v.as_string_value().ok())
            .cloned()
    };
    assert_eq!(value("title").as_deref(), Some("Seeded case"));
    assert!(
        value("created_datetime")
            .unwrap()
            .starts_with("2026-09-01T09:00:00"),
        "{case:?}"
    );
    let events = client
        .get_case_audit_events()
        .domain_id("dom-1")
        .case_id("case-0001")
        .send()
        .await
        .unwrap();
    let by = events.audit_events()[0]
        .as_ref()
        .and_then(|e| e.performed_by())
        .map(|p| p.iam_principal_arn());
    assert_eq!(by, Some("arn:aws:iam::123456789012:user/seeder"));
    service.shutdown().await;
}

#[tokio::test]
async fn failing_seed_step_names_the_step_and_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let seed = write_seed(
        dir.path(),
        &json!({"steps": [
            {"operation": "CreateDomain", "input": {"name": "Ok"}},
            {"operation": "CreateDomain", "input": {"name": ""}}
        ]}),
    );
    let args = ServeArgs {
        seed: Some(seed),
        ..ServeArgs::for_tests()
    };
    let err = start(args)
        .await
        .err()
        .expect("a failing step stops start-up");
    let message = format!("{err:#}");
    assert!(message.contains("seed step 2 (CreateDomain)"), "{message}");
    assert!(
        message.contains("Member must have length greater than or equal to 1"),
        "{message}"
    );

    let seed = write_seed(
        dir.path(),
        &json!({"steps": [{"operation": "GetDomain", "input": {"domainId": "x"}}]}),
    );
    let args = ServeArgs {
        seed: Some(seed),
        ..ServeArgs::for_tests()
    };
    let message = format!("{:#}", start(args).await.err().unwrap());
    assert!(
        message.contains("seed step 1 (GetDomain) failed: ResourceNotFoundException"),
        "{message}"
    );

    let seed = write_seed(dir.path(), &json!({"steps": [{"operation": "MakeCoffee"}]}));
    assert_eq!(load_seed(&seed).unwrap()[0].input, json!({}));
    let args = ServeArgs {
        seed: Some(seed),
        ..ServeArgs::for_tests()
    };
    let message = format!("{:#}", start(args).await.err().unwrap());
    assert!(
        message.contains("seed step 1: unknown operation \"MakeCoffee\""),
        "{message}"
    );
}

#[test]
fn bad_seed_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let seed = write_seed(dir.path(), &json!([{"operation": "CreateDomain"}]));
    let message = format!("{:#}", load_seed(&seed).unwrap_err());
    assert!(
        message.contains("is not valid: expected {\"steps\""),
        "{message}"
    );
    let message = format!(
        "{:#}",
        load_seed(dir.path().join("missing.json")).unwrap_err()
    );
    assert!(message.contains("cannot read seed file"), "{message}");
}

// ---- the binary ----

#[test]
fn serve_prints_its_endpoint_and_stops_on_sigterm() {
    use std::io::BufRead as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cases-tui"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .expect(&line);
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    std::net::TcpStream::connect(("127.0.0.1", port)).expect("accepting once it printed");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(killed.unwrap().success());
    let status = child.wait().unwrap();
    assert!(status.success(), "stops cleanly on SIGTERM: {status:?}");
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
