//! boto3, built from the repository's API model, against the local service: every operation of
//! the model and boto3's four paginators (`scripts/boto3_smoke.py`). Needs python3 with boto3, so
//! ignored by default: `.ci/run` runs it when `python3 -c 'import boto3'` works
//! (`cargo test --test boto3_smoke -- --ignored`).

mod support;

use support::local::started;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs python3 + boto3"]
async fn boto3_calls_every_operation_and_walks_every_paginator() {
    let (service, _) = started().await;
    let url = service.endpoint_url();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/boto3_smoke.py");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3")
            .arg(script)
            .arg(&url)
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
    })
    .await
    .unwrap()
    .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let model: serde_json::Value =
        serde_json::from_str(include_str!("../assets/connectcases-model.json")).unwrap();
    let operations = model["operations"].as_object().unwrap().len();
    assert!(
        stdout.contains(&format!("boto3 smoke: {operations} operations")),
        "{stdout}"
    );
    service.shutdown().await;
}
