//! Seed files for the local service: replayed with fixed ids and clock, never faulted, and a
//! failing step named with its message.

mod support;

use std::path::Path;

use aws_sdk_connectcases::types::FieldIdentifier;
use cases_tui::local::{SeedStep, ServeArgs, load_seed, start, start_with_steps};
use serde_json::{Value, json};
use support::local::client;

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
