//! The local service for protocol tests: an SDK client for it, and raw HTTP where the SDK cannot
//! send a malformed request or hides headers.

#![allow(dead_code)]

use std::net::SocketAddr;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::retry::RetryConfig;
use aws_sdk_connectcases::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connectcases::error::ProvideErrorMetadata;
use aws_sdk_connectcases::types::{
    CommentBodyTextType, CommentContent, FieldValue, FieldValueUnion, RelatedItemInputContent,
    SlaInputConfiguration, SlaInputContent, SlaType, TemplateStatus,
};
use cases_tui::local::{Credential, LocalService, ServeArgs, start};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub fn client(service: &LocalService) -> Client {
    client_at(&service.endpoint_url())
}

/// An SDK client for the service at `url` (a `serve` child), with local credentials and no
/// retries.
pub fn client_at(url: &str) -> Client {
    let config = aws_sdk_connectcases::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKIDLOCAL", "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

pub async fn started() -> (LocalService, Client) {
    let service = start(ServeArgs::for_tests()).await.expect("service starts");
    let client = client(&service);
    (service, client)
}

/// A raw HTTP/1.1 response.
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    /// Asserts a modelled error response and returns its JSON body.
    pub fn error(&self, status: u16, kind: &str) -> Value {
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

pub async fn raw(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> Raw {
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

pub fn sdk_code_and_message<E: ProvideErrorMetadata>(e: &E) -> (String, String) {
    (
        e.code().unwrap_or_default().to_owned(),
        e.message().unwrap_or_default().to_owned(),
    )
}

/// Asserts that an SDK error is a modelled `code` refusal and returns its message.
#[track_caller]
pub fn refusal<E: ProvideErrorMetadata>(e: &E, code: &str) -> String {
    let (got, message) = sdk_code_and_message(e);
    assert_eq!(got, code, "{message}");
    message
}

/// The access key and secret that [`guarded`] accepts.
pub const SIGNING_KEY: &str = "AKIDSIGNED";
pub const SIGNING_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// A local service that checks every request's signature against `SIGNING_KEY`.
pub async fn guarded() -> LocalService {
    let credential: Credential = format!("{SIGNING_KEY}:{SIGNING_SECRET}").parse().unwrap();
    start(ServeArgs {
        credentials: vec![credential],
        ..ServeArgs::for_tests()
    })
    .await
    .expect("service starts")
}

// ---- what most tests set up first, through the SDK --------------------------------------------

/// A string value of field `id`.
pub fn text(id: &str, value: &str) -> FieldValue {
    FieldValue::builder()
        .id(id)
        .value(FieldValueUnion::StringValue(value.into()))
        .build()
        .unwrap()
}

/// A plain-text comment's content.
pub fn comment(body: &str) -> RelatedItemInputContent {
    RelatedItemInputContent::Comment(
        CommentContent::builder()
            .body(body)
            .content_type(CommentBodyTextType::Plaintext)
            .build()
            .unwrap(),
    )
}

/// An SLA's content: `name`, on a case field, due `minutes` after it is added.
pub fn sla(name: &str, minutes: i64) -> RelatedItemInputContent {
    RelatedItemInputContent::Sla(SlaInputContent::SlaInputConfiguration(
        SlaInputConfiguration::builder()
            .name(name)
            .r#type(SlaType::CaseField)
            .target_sla_minutes(minutes)
            .build()
            .unwrap(),
    ))
}

/// A new domain named `name`: its id.
pub async fn new_domain(client: &Client, name: &str) -> String {
    client
        .create_domain()
        .name(name)
        .send()
        .await
        .unwrap()
        .domain_id()
        .to_owned()
}

/// A new domain named `name` with an Active template "Default": (domain, template).
pub async fn domain_with_template(client: &Client, name: &str) -> (String, String) {
    let domain = new_domain(client, name).await;
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
    (domain, template)
}

/// A new field of `domain` named `name`, of type `kind`: its id.
pub async fn new_field(
    client: &Client,
    domain: &str,
    name: &str,
    kind: aws_sdk_connectcases::types::FieldType,
) -> String {
    client
        .create_field()
        .domain_id(domain)
        .name(name)
        .r#type(kind)
        .send()
        .await
        .unwrap()
        .field_id()
        .to_owned()
}

/// A new case of `template` titled `title`: its id.
pub async fn new_case(client: &Client, domain: &str, template: &str, title: &str) -> String {
    client
        .create_case()
        .domain_id(domain)
        .template_id(template)
        .fields(text("title", title))
        .send()
        .await
        .unwrap()
        .case_id()
        .to_owned()
}
