//! `serve --credentials`: the local service checks SigV4 signatures, and the real SDK sees AWS's
//! errors when the credentials are wrong or missing.

mod support;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::retry::RetryConfig;
use aws_sdk_connectcases::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connectcases::error::ProvideErrorMetadata;
use aws_sdk_connectcases::types::{
    CommentBodyTextType, CommentContent, RelatedItemInputContent, RelatedItemType,
};
use cases_tui::local::{LocalService, ServeArgs, start};
use support::local::{SIGNING_KEY as KEY, SIGNING_SECRET as SECRET, guarded};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn client(service: &LocalService, key: &str, secret: &str) -> Client {
    let config = aws_sdk_connectcases::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-2"))
        .endpoint_url(service.endpoint_url())
        .credentials_provider(Credentials::new(key, secret, None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

fn code<E: ProvideErrorMetadata>(e: &E) -> (String, String) {
    (
        e.code().unwrap_or_default().to_owned(),
        e.message().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn right_credentials_pass_every_kind_of_request() {
    let service = guarded().await;
    let client = client(&service, KEY, SECRET);
    let domain = client
        .create_domain()
        .name("Signed ü 日本")
        .send()
        .await
        .expect("a signed CreateDomain succeeds");
    let domain_id = domain.domain_id();
    let arn = domain.domain_arn();
    // An ARN label is percent-encoded in the path (`:` and `/`), and signed encoded once more.
    client
        .tag_resource()
        .arn(arn)
        .tags("team", Some("blue green".into()))
        .tags("k/2", Some("v".into()))
        .send()
        .await
        .expect("TagResource with an ARN in the path");
    // A query string with repeated keys and characters that need encoding (a tag key allows
    // `+`, `=`, `:` and `/`, not spaces).
    client
        .untag_resource()
        .arn(arn)
        .tag_keys("k/2")
        .tag_keys("a+b=c:d")
        .send()
        .await
        .expect("UntagResource with a query string");
    let tags = client
        .list_tags_for_resource()
        .arn(arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().unwrap().len(), 1);
    client
        .list_fields()
        .domain_id(domain_id)
        .max_results(50)
        .send()
        .await
        .expect("a signed ListFields with a query-free body");
    let template = client
        .create_template()
        .domain_id(domain_id)
        .name("T")
        .status(aws_sdk_connectcases::types::TemplateStatus::Active)
        .send()
        .await
        .unwrap();
    let case = client
        .create_case()
        .domain_id(domain_id)
        .template_id(template.template_id())
        .fields(
            aws_sdk_connectcases::types::FieldValue::builder()
                .id("title")
                .value(aws_sdk_connectcases::types::FieldValueUnion::StringValue(
                    "Ünïcode title 📦".into(),
                ))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("CreateCase signed");
    client
        .create_related_item()
        .domain_id(domain_id)
        .case_id(case.case_id())
        .r#type(RelatedItemType::Comment)
        .content(RelatedItemInputContent::Comment(
            CommentContent::builder()
                .body("a comment with\nnewlines & ümlauts")
                .content_type(CommentBodyTextType::Plaintext)
                .build()
                .unwrap(),
        ))
        .send()
        .await
        .expect("CreateRelatedItem signed");
    service.shutdown().await;
}

#[tokio::test]
async fn wrong_secret_is_an_invalid_signature() {
    let service = guarded().await;
    let err = client(&service, KEY, "not-the-secret")
        .list_domains()
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error();
    let (code, message) = code(&err);
    assert_eq!(code, "InvalidSignatureException");
    assert!(
        message.starts_with("The request signature we calculated does not match"),
        "{message}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn unknown_access_key_is_an_unrecognized_client() {
    let service = guarded().await;
    let err = client(&service, "AKIDSTRANGER", SECRET)
        .create_domain()
        .name("x")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(
        code(&err),
        (
            "UnrecognizedClientException".to_owned(),
            "The security token included in the request is invalid.".to_owned()
        )
    );
    service.shutdown().await;
}

#[tokio::test]
async fn unsigned_sdk_call_is_missing_a_token() {
    let service = guarded().await;
    let config = aws_sdk_connectcases::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(service.endpoint_url())
        .allow_no_auth()
        .retry_config(RetryConfig::disabled())
        .build();
    // No credentials provider: the SDK falls back to sending the request unsigned.
    let err = Client::from_conf(config)
        .list_domains()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(
        code(&err),
        (
            "MissingAuthenticationTokenException".to_owned(),
            "Missing Authentication Token".to_owned()
        )
    );
    service.shutdown().await;
}

/// Sends `request` as is and answers (status, x-amzn-errortype, body).
async fn raw(service: &LocalService, request: String) -> (u16, Option<String>, String) {
    let mut stream = tokio::net::TcpStream::connect(service.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP response");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let kind = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("x-amzn-errortype"))
        .map(|(_, v)| v.trim().to_owned());
    (status, kind, body.to_owned())
}

#[tokio::test]
async fn unsigned_raw_request_is_refused_like_aws() {
    let service = guarded().await;
    let addr = service.addr;
    let (status, kind, body) = raw(
        &service,
        format!(
            "POST /domains-list HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        ),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(kind.as_deref(), Some("MissingAuthenticationTokenException"));
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["message"], "Missing Authentication Token");

    // Even a path that names no operation is refused before it is routed.
    let (status, kind, _) = raw(
        &service,
        format!("GET /nothing-here HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(
        (status, kind.as_deref()),
        (403, Some("MissingAuthenticationTokenException"))
    );

    // A malformed Authorization header is a 400 that says what is missing.
    let (status, kind, body) = raw(
        &service,
        format!(
            "POST /domains-list HTTP/1.1\r\nHost: {addr}\r\nAuthorization: AWS4-HMAC-SHA256 \
             Credential={KEY}/20260101/us-east-1/cases/aws4_request\r\n\
             Content-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(kind.as_deref(), Some("IncompleteSignatureException"));
    assert!(body.contains("SignedHeaders"), "{body}");
    service.shutdown().await;
}

#[tokio::test]
async fn a_replayed_request_from_long_ago_has_expired() {
    let service = guarded().await;
    let addr = service.addr;
    let (status, kind, body) = raw(
        &service,
        format!(
            "POST /domains-list HTTP/1.1\r\nHost: {addr}\r\nX-Amz-Date: 20200101T000000Z\r\n\
             Authorization: AWS4-HMAC-SHA256 \
             Credential={KEY}/20200101/us-east-1/cases/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=abcd\r\n\
             Content-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(kind.as_deref(), Some("InvalidSignatureException"));
    assert!(body.contains("Signature expired"), "{body}");
    service.shutdown().await;
}

#[tokio::test]
async fn without_credentials_the_service_stays_open() {
    let service = start(ServeArgs::for_tests()).await.unwrap();
    client(&service, "ANYKEY", "any-secret")
        .list_domains()
        .send()
        .await
        .expect("no --credentials: anything is served");
    service.shutdown().await;
}
