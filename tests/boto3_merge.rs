//! boto3, with a client built from the API model in `assets/`, merges two cases against the local
//! service (scripts/boto3_merge.py). Needs python3 with boto3: `.ci/run` runs it when they are
//! present.

use cases_tui::local::{ServeArgs, start};
use std::path::Path;

#[tokio::test]
#[ignore = "needs python3 + boto3"]
async fn boto3_from_the_model_merges_two_cases() {
    // Long enough for the script to see IN_PROGRESS and be refused; it then polls for COMPLETED.
    let service = start(ServeArgs {
        merge_ms: 3000,
        ..ServeArgs::for_tests()
    })
    .await
    .unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tokio::process::Command::new("python3")
        .arg(root.join("scripts/boto3_merge.py"))
        .arg(service.endpoint_url())
        .arg(root.join("assets/connectcases-model.json"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .await
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("boto3 merge: ok"), "{stdout}\n{stderr}");
    service.shutdown().await;
}
