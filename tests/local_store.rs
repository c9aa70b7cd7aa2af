//! The local service's model patterns, paging tokens and `--state` log, through the real SDK
//! (and the real `serve` binary where a crash is the point).

mod support;

use std::io::Read as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::types::{FieldType, RelatedItemType, RelatedItemTypeFilter, UserUnion};
use support::local::{client_at, comment, new_domain, raw, refusal, sdk_code_and_message, started};
use support::pty::endpoint_of;

// ---- patterns ----

#[tokio::test]
async fn a_case_id_outside_the_pattern_is_a_validation_error_not_a_404() {
    let (service, client) = started().await;
    let d = new_domain(&client, "Patterns").await;
    let err = client
        .get_case()
        .domain_id(&d)
        .case_id("bad id!")
        .fields(field("title"))
        .send()
        .await
        .unwrap_err();
    let message = refusal(&err, "ValidationException");
    assert_eq!(
        message,
        "1 validation error detected: Value 'bad id!' at 'caseId' failed to satisfy constraint: \
         Member must satisfy regular expression pattern: [A-Za-z0-9\\-._/:#=+-]*"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn a_blank_field_name_and_a_bad_custom_entity_are_refused() {
    let (service, client) = started().await;
    let d = new_domain(&client, "Patterns").await;
    let err = client
        .create_field()
        .domain_id(&d)
        .name("   ")
        .r#type(FieldType::Text)
        .send()
        .await
        .unwrap_err();
    let message = refusal(&err, "ValidationException");
    assert!(
        message.contains("Value '   ' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: .*[\\S]"),
        "{message}"
    );

    let case = new_case(&client, &d).await;
    let err = client
        .create_related_item()
        .domain_id(&d)
        .case_id(&case)
        .r#type(RelatedItemType::Comment)
        .content(comment("hello"))
        .performed_by(UserUnion::CustomEntity("bad#entity!".into()))
        .send()
        .await
        .unwrap_err();
    let message = refusal(&err, "ValidationException");
    // A custom entity is sensitive in the model: the message leaves the value out.
    assert!(
        message.starts_with("1 validation error detected: Value at 'performedBy.customEntity' failed to satisfy constraint: Member must satisfy regular expression pattern: "),
        "{message}"
    );
    service.shutdown().await;
}

#[tokio::test]
async fn a_tag_key_with_the_aws_prefix_is_refused_by_the_look_ahead() {
    let (service, client) = started().await;
    let d = new_domain(&client, "Patterns").await;
    let arn = format!("arn:aws:cases:us-east-1:123456789012:domain/{d}");
    let err = client
        .untag_resource()
        .arn(&arn)
        .tag_keys("aws:owner")
        .send()
        .await
        .unwrap_err();
    let message = refusal(&err, "ValidationException");
    assert!(
        message.contains("Value 'aws:owner' at 'tagKeys.1.member' failed to satisfy constraint"),
        "{message}"
    );
    client
        .untag_resource()
        .arn(&arn)
        .tag_keys("owner")
        .send()
        .await
        .expect("a plain key is fine");
    // A raw request as boto3 would send it: the same refusal, in the modelled error shape.
    let path = format!(
        "/tags/{}?tagKeys=aws%3Ax",
        arn.replace(':', "%3A").replace('/', "%2F")
    );
    let answer = raw(service.addr, "DELETE", &path, b"").await;
    answer.error(400, "ValidationException");
    service.shutdown().await;
}

// ---- paging ----

#[tokio::test]
async fn a_delete_between_pages_skips_nothing() {
    let (service, client) = started().await;
    let d = new_domain(&client, "Paging").await;
    let case = new_case(&client, &d).await;
    for i in 0..7 {
        add_comment(&client, &d, &case, &format!("comment {i}")).await;
    }
    let page1 = client
        .search_related_items()
        .domain_id(&d)
        .case_id(&case)
        .max_results(3)
        .send()
        .await
        .unwrap();
    let seen: Vec<String> = page1
        .related_items()
        .iter()
        .flatten()
        .map(|r| r.related_item_id().to_owned())
        .collect();
    assert_eq!(seen.len(), 3);
    // The client deletes the last item it saw (and the first), then asks for the next page.
    for id in [&seen[2], &seen[0]] {
        client
            .delete_related_item()
            .domain_id(&d)
            .case_id(&case)
            .related_item_id(id)
            .send()
            .await
            .unwrap();
    }
    let mut rest = Vec::new();
    let mut token = page1.next_token().map(str::to_owned);
    while let Some(t) = token {
        let page = client
            .search_related_items()
            .domain_id(&d)
            .case_id(&case)
            .max_results(3)
            .next_token(t)
            .send()
            .await
            .unwrap();
        rest.extend(
            page.related_items()
                .iter()
                .flatten()
                .map(|r| r.related_item_id().to_owned()),
        );
        token = page.next_token().map(str::to_owned);
    }
    assert_eq!(
        rest.len(),
        4,
        "the four items after the first page: {rest:?}"
    );
    assert!(rest.iter().all(|id| !seen.contains(id)));
    service.shutdown().await;
}

#[tokio::test]
async fn a_token_from_another_query_or_a_forged_one_is_refused() {
    let (service, client) = started().await;
    let d = new_domain(&client, "Tokens").await;
    let a = new_case(&client, &d).await;
    let b = new_case(&client, &d).await;
    for case in [&a, &b] {
        for i in 0..3 {
            add_comment(&client, &d, case, &format!("c{i}")).await;
        }
    }
    let token = client
        .search_related_items()
        .domain_id(&d)
        .case_id(&a)
        .max_results(1)
        .send()
        .await
        .unwrap()
        .next_token()
        .unwrap()
        .to_owned();
    let with = |case: &str, token: String, filter: bool| {
        let mut call = client
            .search_related_items()
            .domain_id(&d)
            .case_id(case)
            .max_results(1)
            .next_token(token);
        if filter {
            call = call.filters(RelatedItemTypeFilter::Comment(
                aws_sdk_connectcases::types::CommentFilter::builder().build(),
            ));
        }
        call.send()
    };
    with(&a, token.clone(), false).await.expect("its own query");
    let mut tampered = token.clone().into_bytes();
    let last = tampered.len() / 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let refusals = [
        with(&b, token.clone(), false).await.unwrap_err(),
        with(&a, token.clone(), true).await.unwrap_err(),
        with(&a, String::from_utf8(tampered).unwrap(), false)
            .await
            .unwrap_err(),
        with(&a, "eyJ2IjoyfQ".into(), false).await.unwrap_err(),
    ];
    for err in refusals {
        assert_eq!(
            sdk_code_and_message(&err),
            (
                "ValidationException".to_owned(),
                "Invalid nextToken".to_owned()
            )
        );
    }
    service.shutdown().await;
}

#[tokio::test]
async fn search_cases_pages_past_a_deleted_case() {
    let (service, client) = started().await;
    let d = new_domain(&client, "Cases").await;
    for _ in 0..5 {
        new_case(&client, &d).await;
    }
    let search = |token: Option<String>| {
        client
            .search_cases()
            .domain_id(&d)
            .max_results(2)
            .set_next_token(token)
            .send()
    };
    let page1 = search(None).await.unwrap();
    let first: Vec<String> = page1
        .cases()
        .iter()
        .flatten()
        .map(|c| c.case_id().to_owned())
        .collect();
    client
        .delete_case()
        .domain_id(&d)
        .case_id(&first[1])
        .send()
        .await
        .unwrap();
    let mut rest = Vec::new();
    let mut token = page1.next_token().map(str::to_owned);
    while let Some(t) = token {
        let page = search(Some(t)).await.unwrap();
        rest.extend(
            page.cases()
                .iter()
                .flatten()
                .map(|c| c.case_id().to_owned()),
        );
        token = page.next_token().map(str::to_owned);
    }
    assert_eq!(rest.len(), 3, "{rest:?}");
    service.shutdown().await;
}

// ---- --state: the log survives kill -9, a torn record is reported ----

/// `cases-tui serve --state FILE` as a child process, its output piped.
fn serve_child(state: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_cases-tui"))
        .args(["serve", "--addr", "127.0.0.1:0", "--state"])
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `cases-tui serve --state FILE` as a child process, with its endpoint.
fn serve(state: &Path) -> (Child, String) {
    let mut child = serve_child(state);
    let url = endpoint_of(&mut child);
    (child, url)
}

/// SIGKILL, as `kill -9` sends: no handler runs, nothing is flushed.
fn kill_9(mut child: Child) -> String {
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    stderr
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_right_after_an_answer_loses_nothing_and_a_torn_record_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let (child, url) = serve(&state);
    let client = client_at(&url);
    let d = new_domain(&client, "Durable").await;
    let case = new_case(&client, &d).await;
    let comment = add_comment(&client, &d, &case, "written just before the crash").await;
    kill_9(child);

    let (child, url) = serve(&state);
    let client = client_at(&url);
    let items = client
        .search_related_items()
        .domain_id(&d)
        .case_id(&case)
        .send()
        .await
        .expect("the case is back");
    assert_eq!(items.related_items().len(), 1);
    assert_eq!(
        items.related_items()[0].as_ref().unwrap().related_item_id(),
        comment
    );
    // One more write, then a crash in the middle of the next record: its frame is cut short.
    let second = add_comment(&client, &d, &case, "the last acknowledged write").await;
    let stderr = kill_9(child);
    assert!(!stderr.contains("torn"), "{stderr}");
    let log = dir.path().join("state.json.log");
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(&[200, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, b'{', b'"']);
    std::fs::write(&log, bytes).unwrap();

    let (child, url) = serve(&state);
    let client = client_at(&url);
    let ids = item_ids(&client, &d, &case).await;
    assert!(ids.contains(&second) && ids.contains(&comment), "{ids:?}");
    let stderr = kill_9(child);
    assert!(
        stderr.contains("ignored a torn last record (14 bytes"),
        "reported on stderr: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_serve_on_the_same_state_file_refuses_and_the_first_keeps_its_writes() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let (first, url) = serve(&state);
    let client = client_at(&url);
    let d = new_domain(&client, "Locked").await;
    let case = new_case(&client, &d).await;
    let before = add_comment(&client, &d, &case, "written before the second serve").await;

    let second = serve_child(&state);
    let pid = second.id().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(second.wait_with_output()));
    let Ok(out) = rx.recv_timeout(std::time::Duration::from_secs(30)) else {
        let _ = Command::new("kill").args(["-9", &pid]).status();
        panic!("a second serve on the same --state kept running");
    };
    let out = out.unwrap();
    let (status, stderr) = (out.status, String::from_utf8_lossy(&out.stderr));
    assert_eq!(status.code(), Some(2), "a configuration error: {stderr}");
    assert!(
        stderr.contains(&state.display().to_string())
            && stderr.contains("in use by another cases-tui serve"),
        "names the file and who holds it: {stderr}"
    );

    // The first still serves, and its writes (before and after) survive a restart.
    let after = add_comment(&client, &d, &case, "written after the refusal").await;
    kill_9(first);
    let (restarted, url) = serve(&state);
    let ids = item_ids(&client_at(&url), &d, &case).await;
    assert!(ids.contains(&before) && ids.contains(&after), "{ids:?}");
    kill_9(restarted);
}

#[tokio::test]
async fn a_state_file_in_the_old_format_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("old.json");
    // The format before the log: the bare store, as `serve --state` wrote it until now.
    let old = serde_json::json!({"domains": [{
        "id": "old-domain", "arn": "arn:aws:cases:us-east-1:123456789012:domain/old-domain",
        "name": "From before", "created_time": "2026-09-01T09:00:00Z", "tags": {},
        "fields": [], "templates": [], "layouts": [], "cases": {}, "case_seq": 0
    }]});
    std::fs::write(&state, old.to_string()).unwrap();
    let args = cases_tui::local::ServeArgs {
        state: Some(state.clone()),
        ..cases_tui::local::ServeArgs::for_tests()
    };
    let service = cases_tui::local::start(args).await.unwrap();
    let client = support::local::client(&service);
    let got = client
        .get_domain()
        .domain_id("old-domain")
        .send()
        .await
        .unwrap();
    assert_eq!(got.name(), "From before");
    let domains = client.list_domains().send().await.unwrap();
    assert_eq!(domains.domains().len(), 1);
    service.shutdown().await;
}

// ---- helpers ----

fn field(id: &str) -> aws_sdk_connectcases::types::FieldIdentifier {
    aws_sdk_connectcases::types::FieldIdentifier::builder()
        .id(id)
        .build()
        .unwrap()
}

async fn new_case(client: &Client, domain: &str) -> String {
    let template = client
        .create_template()
        .domain_id(domain)
        .name(format!("t{}", fastrand::u32(..)))
        .send()
        .await
        .unwrap()
        .template_id()
        .to_owned();
    support::local::new_case(client, domain, &template, "A case").await
}

/// The ids of a case's related items, in the service's order (one page).
async fn item_ids(client: &Client, domain: &str, case: &str) -> Vec<String> {
    client
        .search_related_items()
        .domain_id(domain)
        .case_id(case)
        .send()
        .await
        .unwrap()
        .related_items()
        .iter()
        .flatten()
        .map(|r| r.related_item_id().to_owned())
        .collect()
}

async fn add_comment(client: &Client, domain: &str, case: &str, body: &str) -> String {
    client
        .create_related_item()
        .domain_id(domain)
        .case_id(case)
        .r#type(RelatedItemType::Comment)
        .content(comment(body))
        .send()
        .await
        .unwrap()
        .related_item_id()
        .to_owned()
}
