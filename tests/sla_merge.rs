//! SLA target updates and merges over real HTTP against the local service: the SLA update and the
//! merge events through the real SDK (with the gateway's extensions in `aws/newer_model.rs`), and
//! StartMergeCases / GetMergeCasesStatus as raw requests, since the SDK has no such operations.

mod support;

use std::time::{Duration, Instant};
use support::reads::all_audit_events;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::types as sdk;
use cases_tui::aws::{ConnectOptions, GatewayError, Reader, Writer, build_client};
use cases_tui::local::{LocalService, ServeArgs, start};
use cases_tui::model::{RelatedContent, RelatedItemType};
use serde_json::{Value, json};
use support::local::{
    SIGNING_KEY, SIGNING_SECRET, client, domain_with_template, guarded, new_case, raw, sla,
};

struct World {
    service: LocalService,
    sdk: Client,
    reader: Reader,
    writer: Writer,
    domain: String,
    template: String,
}

async fn world(args: ServeArgs) -> World {
    let service = start(args).await.expect("service starts");
    let sdk = client(&service);
    world_on(service, sdk, ConnectOptions::local("")).await
}

/// A domain and an active template on `service`; the gateway connects with `opts`' credentials.
async fn world_on(service: LocalService, sdk: Client, opts: ConnectOptions) -> World {
    let (domain, template) = domain_with_template(&sdk, "Support").await;
    let gateway = build_client(&ConnectOptions {
        endpoint_url: Some(service.endpoint_url()),
        ..opts
    })
    .await;
    World {
        service,
        sdk,
        reader: Reader::new(gateway.clone()),
        writer: Writer::new(gateway, None),
        domain,
        template,
    }
}

impl World {
    async fn case(&self, title: &str) -> String {
        new_case(&self.sdk, &self.domain, &self.template, title).await
    }

    async fn sla(&self, case: &str, minutes: i64) -> String {
        self.sdk
            .create_related_item()
            .domain_id(&self.domain)
            .case_id(case)
            .r#type(sdk::RelatedItemType::Sla)
            .content(sla("First reply", minutes))
            .send()
            .await
            .unwrap()
            .related_item_id()
            .to_string()
    }

    async fn start_merge(
        &self,
        primary: &str,
        secondary: &str,
        extra: Value,
    ) -> support::local::Raw {
        let mut body = json!({"secondaryCaseIds": [secondary]});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let path = format!("/domains/{}/cases/{primary}/merge", self.domain);
        raw(
            self.service.addr,
            "POST",
            &path,
            body.to_string().as_bytes(),
        )
        .await
    }

    async fn merge_status(&self, case: &str) -> support::local::Raw {
        let path = format!("/domains/{}/cases/{case}/merge-status", self.domain);
        raw(self.service.addr, "POST", &path, b"").await
    }

    async fn events(&self, case: &str) -> Vec<cases_tui::model::AuditEvent> {
        all_audit_events(&self.reader, &self.domain, case).await
    }
}

fn sla_of(content: &RelatedContent) -> cases_tui::model::Sla {
    match content {
        RelatedContent::Sla(sla) => sla.clone(),
        other => panic!("not an SLA: {other:?}"),
    }
}

#[tokio::test]
async fn the_sla_target_moves_through_the_sdk_by_the_difference() {
    let w = world(ServeArgs::for_tests()).await;
    let case = w.case("Kettle").await;
    let item = w.sla(&case, 60).await;
    let before = w
        .reader
        .find_related_item(&w.domain, &case, RelatedItemType::Sla, &item)
        .await
        .unwrap()
        .unwrap();
    let old_target = sla_of(&before.content).target_time.unwrap();
    let stored = w
        .writer
        .update_sla_target(&w.domain, &case, &item, 120)
        .await
        .unwrap();
    let new_target = sla_of(&stored.content).target_time.unwrap();
    assert_eq!(new_target - old_target, chrono::Duration::minutes(60));
    assert_eq!(
        new_target,
        before.association_time.unwrap() + chrono::Duration::minutes(120)
    );
    let events = w.events(&case).await;
    let last = events.last().unwrap();
    assert_eq!(last.event_type, "RelatedItem.Updated");
    assert_eq!(last.related_item_type.as_deref(), Some("Sla"));
    assert!(last.fields.iter().any(|f| f.field_id == "sla.targetTime"));

    for bad in [0, 1_051_201] {
        let e = w
            .writer
            .update_sla_target(&w.domain, &case, &item, bad)
            .await
            .unwrap_err();
        match e {
            GatewayError::Validation(m) => assert!(
                m.contains("content.sla.slaUpdateConfiguration.targetSlaMinutes"),
                "{m}"
            ),
            other => panic!("{other:?}"),
        }
    }
    w.service.shutdown().await;
}

#[tokio::test]
async fn the_rewritten_sla_body_is_what_gets_signed() {
    // A service that checks every signature: a body changed after signing would be refused.
    let service = guarded().await;
    let opts = ConnectOptions {
        static_credentials: Some((SIGNING_KEY.into(), SIGNING_SECRET.into())),
        ..ConnectOptions::local(service.endpoint_url())
    };
    let sdk = build_client(&opts).await;
    let w = world_on(service, sdk, opts).await;
    let case = w.case("Signed").await;
    let item = w.sla(&case, 60).await;
    let stored = w
        .writer
        .update_sla_target(&w.domain, &case, &item, 61)
        .await
        .unwrap();
    assert!(sla_of(&stored.content).target_time.is_some());
    w.service.shutdown().await;
}

async fn wait_for_status(w: &World, case: &str, want: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = w.merge_status(case).await;
        if r.status == 200 && r.json()["status"] == want {
            return r.json();
        }
        assert!(
            Instant::now() < deadline,
            "status never became {want}: {}",
            r.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_merge_is_in_progress_then_completed_and_both_timelines_show_it() {
    let w = world(ServeArgs {
        merge_ms: 2000,
        ..ServeArgs::for_tests()
    })
    .await;
    let primary = w.case("Primary").await;
    let secondary = w.case("Secondary").await;
    w.sla(&secondary, 60).await;
    w.writer
        .create_comment(&w.domain, &secondary, "moves along")
        .await
        .unwrap();
    let r = w
        .start_merge(
            &primary,
            &secondary,
            json!({"relatedItemsConfiguration": {"comment": true}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let first = w.merge_status(&primary).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.json()["status"], "IN_PROGRESS");
    assert_eq!(first.json()["secondaryCaseIds"], json!([secondary]));
    let done = wait_for_status(&w, &secondary, "COMPLETED").await;
    assert_eq!(done["primaryCaseId"], primary.as_str());
    w.merge_status(&primary)
        .await
        .error(404, "ResourceNotFoundException");

    for case in [&primary, &secondary] {
        let events = w.events(case).await;
        let merged = events
            .iter()
            .find(|e| e.event_type == "Case.Merged")
            .unwrap_or_else(|| panic!("no Case.Merged on {case}: {events:?}"));
        let meta = merged
            .merge
            .as_ref()
            .expect("mergeMetadata read from the raw body");
        assert_eq!(meta.primary_case_id, primary);
        assert_eq!(meta.secondary_case_id, secondary);
        // The other events of the merge carry the same metadata; earlier events none.
        assert!(events[0].merge.is_none());
        assert!(
            events.iter().filter(|e| e.merge.is_some()).all(|e| e
                .merge
                .as_ref()
                .unwrap()
                .merge_event_id
                == meta.merge_event_id)
        );
    }
    // `cases-tui audit --output jsonl` keeps the metadata as the service sent it.
    let opts = cases_tui::export::ExportOptions {
        format: cases_tui::export::Format::Jsonl,
        types: vec!["Case.Merged".into()],
        since: None,
        page_size: 25,
    };
    let mut out = Vec::new();
    cases_tui::export::export(&w.reader, &w.domain, &secondary, &opts, &mut out)
        .await
        .unwrap();
    let line: Value = serde_json::from_slice(out.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line["type"], "Case.Merged");
    assert_eq!(line["mergeMetadata"]["primaryCaseId"], primary.as_str());
    // The SLA stayed on the secondary case; the comment moved.
    let items = |case: String| {
        let reader = w.reader.clone();
        let domain = w.domain.clone();
        async move {
            let page = reader
                .search_related_items(&domain, &case, &[], None, None)
                .await
                .unwrap();
            let mut types: Vec<&str> = page.items.iter().map(|i| i.item_type.as_str()).collect();
            types.sort();
            types.join(",")
        }
    };
    assert_eq!(items(primary.clone()).await, "Comment,ConnectCase");
    assert_eq!(items(secondary.clone()).await, "ConnectCase,Sla");
    w.service.shutdown().await;
}

#[tokio::test]
async fn writes_to_the_secondary_during_a_merge_are_conflicts_said_in_words() {
    let w = world(ServeArgs {
        merge_ms: 600_000,
        ..ServeArgs::for_tests()
    })
    .await;
    let primary = w.case("Primary").await;
    let secondary = w.case("Secondary").await;
    let sla = w.sla(&secondary, 60).await;
    let r = w.start_merge(&primary, &secondary, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let e = w
        .writer
        .update_sla_target(&w.domain, &secondary, &sla, 90)
        .await
        .unwrap_err();
    let GatewayError::Conflict(words) = e else {
        panic!("{e:?}")
    };
    assert!(
        words.starts_with(&format!(
            "this case is being merged into case {primary} right now"
        )),
        "{words}"
    );
    // Raw: the modelled error, and a second merge of either case is refused too.
    let path = format!("/domains/{}/cases/{secondary}", w.domain);
    let body = json!({"fields": [{"id": "summary", "value": {"stringValue": "x"}}]});
    raw(w.service.addr, "PUT", &path, body.to_string().as_bytes())
        .await
        .error(409, "ConflictException");
    let third = w.case("Third").await;
    w.start_merge(&third, &secondary, json!({}))
        .await
        .error(409, "ConflictException");
    // The primary itself can still change.
    w.writer
        .create_comment(&w.domain, &primary, "still open")
        .await
        .unwrap();
    w.service.shutdown().await;
}

#[tokio::test]
async fn bad_merge_requests_get_the_modelled_errors() {
    let w = world(ServeArgs::for_tests()).await;
    let a = w.case("A").await;
    let b = w.case("B").await;
    w.start_merge(&a, &a, json!({}))
        .await
        .error(400, "ValidationException");
    let body = w
        .start_merge(&a, "ghost", json!({}))
        .await
        .error(404, "ResourceNotFoundException");
    assert_eq!(body["resourceId"], "ghost");
    let two = json!({"secondaryCaseIds": [b, a]});
    let path = format!("/domains/{}/cases/{a}/merge", w.domain);
    let body = raw(w.service.addr, "POST", &path, two.to_string().as_bytes())
        .await
        .error(400, "ValidationException");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("secondaryCaseIds"),
        "{body}"
    );
    w.start_merge(
        &a,
        &b,
        json!({"fieldsConfiguration": [{"sourceCaseId": b, "fieldIds": [{"id": "status"}]}]}),
    )
    .await
    .error(400, "ValidationException");
    w.merge_status(&a)
        .await
        .error(404, "ResourceNotFoundException");
    w.service.shutdown().await;
}
