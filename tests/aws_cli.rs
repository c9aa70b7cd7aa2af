//! The local service against the real aws CLI (botocore), which builds and signs requests its own
//! way. Needs `aws` on the PATH, so ignored by default: `.ci/run` runs these when it is there
//! (`cargo test --test aws_cli -- --ignored`).

mod support;

use serde_json::Value;
use support::local::{SIGNING_KEY as KEY, SIGNING_SECRET as SECRET, guarded, started};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the aws CLI; .ci/run runs it when `aws` is installed"]
async fn aws_cli_works_against_the_service() {
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
    let (created, invalid) = outputs.expect("the aws CLI runs");
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

/// botocore signs differently from the Rust SDK in places (its own path and query encoding); the
/// service must accept it too.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the aws CLI; .ci/run runs it when `aws` is installed"]
async fn aws_cli_signs_acceptably() {
    let service = guarded().await;
    let url = service.endpoint_url();
    let run = move |secret: &'static str, args: &[&str]| {
        std::process::Command::new("aws")
            .args(["connectcases", "--endpoint-url", &url, "--output", "json"])
            .args(args)
            .env("AWS_ACCESS_KEY_ID", KEY)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .env("AWS_DEFAULT_REGION", "ap-southeast-2")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env("AWS_MAX_ATTEMPTS", "1")
            .output()
    };
    let outputs = tokio::task::spawn_blocking(move || {
        let created = run(SECRET, &["create-domain", "--name", "From CLI ü"])?;
        let Ok(domain) = serde_json::from_slice::<serde_json::Value>(&created.stdout) else {
            return Ok((created, None, None));
        };
        let arn = domain["domainArn"].as_str().unwrap_or_default().to_owned();
        let tagged = run(SECRET, &["tag-resource", "--arn", &arn, "--tags", "a=b c"])?;
        let untagged = run(
            SECRET,
            &["untag-resource", "--arn", &arn, "--tag-keys", "a", "x/y"],
        )?;
        let wrong = run("wrong", &["list-domains"])?;
        Ok::<_, std::io::Error>((created, Some((tagged, untagged)), Some(wrong)))
    })
    .await
    .unwrap();
    let (created, calls, wrong) = outputs.expect("the aws CLI runs");
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(created.status.success(), "{}", stderr(&created));
    let (tagged, untagged) = calls.unwrap();
    assert!(tagged.status.success(), "{}", stderr(&tagged));
    assert!(untagged.status.success(), "{}", stderr(&untagged));
    let wrong = wrong.unwrap();
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("(InvalidSignatureException)"),
        "{}",
        stderr(&wrong)
    );
    service.shutdown().await;
}
