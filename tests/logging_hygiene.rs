//! At the default log filter, the log holds no credentials, session tokens, signatures or case
//! contents, even though the SDK stack (aws-config, the smithy runtime, hyper) logs around every
//! call. One test per binary: it installs the process-wide subscriber and sets AWS_* variables.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use aws_sdk_connectcases::types::RelatedItemType;
use cases_tui::aws::{ConnectOptions, build_client};
use cases_tui::local::{Credential, ServeArgs, start};
use cases_tui::logging::DEFAULT_LOG_FILTER;
use support::local::{comment, domain_with_template, new_case};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

const KEY: &str = "AKIDLOGHYGIENE";
const SECRET: &str = "SECRETMARKERq8Zx1";
const TOKEN: &str = "TOKENMARKERw2Yv7";
const TITLE: &str = "TITLEMARKER printer on fire";
const COMMENT: &str = "COMMENTBODYMARKER the customer's card ends 4242";

/// Everything written to the log, shared with the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn take(&self) -> String {
        String::from_utf8_lossy(&std::mem::take(&mut *self.0.lock().unwrap())).into_owned()
    }
}

/// A few calls through the app's own client builder and the standard credential chain (env).
async fn some_calls(endpoint: String, domain_name: &str) {
    let client = build_client(&ConnectOptions {
        region: Some("us-east-1".into()),
        endpoint_url: Some(endpoint),
        ..ConnectOptions::with_defaults()
    })
    .await;
    let (domain, template) = domain_with_template(&client, domain_name).await;
    let case = new_case(&client, &domain, &template, TITLE).await;
    client
        .create_related_item()
        .domain_id(&domain)
        .case_id(&case)
        .r#type(RelatedItemType::Comment)
        .content(comment(COMMENT))
        .send()
        .await
        .unwrap();
    client
        .get_case()
        .domain_id(&domain)
        .case_id(&case)
        .fields(
            aws_sdk_connectcases::types::FieldIdentifier::builder()
                .id("title")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    // A refused call too: errors are logged more eagerly than successes.
    let refused = client
        .create_related_item()
        .domain_id(&domain)
        .case_id("no-such-case")
        .r#type(RelatedItemType::Comment)
        .content(comment(COMMENT))
        .send()
        .await;
    assert!(refused.is_err());
}

fn leaks(log: &str) -> Vec<&'static str> {
    [
        SECRET,
        TOKEN,
        "AWS4-HMAC-SHA256",
        "Signature=",
        "x-amz-security-token",
        "TITLEMARKER",
        "COMMENTBODYMARKER",
    ]
    .into_iter()
    .filter(|m| log.contains(m) || log.to_lowercase().contains(&m.to_lowercase()))
    .collect()
}

#[test]
fn the_default_filter_keeps_secrets_and_case_contents_out_of_the_log() {
    // SAFETY: the only test of this binary sets these before any other thread exists.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", KEY);
        std::env::set_var("AWS_SECRET_ACCESS_KEY", SECRET);
        std::env::set_var("AWS_SESSION_TOKEN", TOKEN);
        std::env::set_var("AWS_REGION", "us-east-1");
        std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/aws-credentials",
        );
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    }
    let captured = Captured::default();
    let (filter, reload) =
        tracing_subscriber::reload::Layer::new(EnvFilter::new(DEFAULT_LOG_FILTER));
    let writer = captured.clone();
    tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || writer.clone()),
        )
        .init();

    let rt = tokio::runtime::Runtime::new().unwrap();
    let service = rt
        .block_on(start(ServeArgs {
            credentials: vec![format!("{KEY}:{SECRET}").parse::<Credential>().unwrap()],
            ..ServeArgs::for_tests()
        }))
        .unwrap();
    let url = service.endpoint_url();

    rt.block_on(some_calls(url.clone(), "Logs default"));
    let log = captured.take();
    assert!(
        leaks(&log).is_empty(),
        "leaked {:?} into:\n{log}",
        leaks(&log)
    );

    // For contrast, what the SDK stack says at plain `info` and at `trace` (where a user who
    // asks for it gets request details): the default above is what keeps the file clean.
    for verbose in ["info", "trace"] {
        reload.reload(EnvFilter::new(verbose)).unwrap();
        rt.block_on(some_calls(url.clone(), &format!("Logs {verbose}")));
        let log = captured.take();
        eprintln!(
            "at {verbose}: {} lines, would leak {:?}",
            log.lines().count(),
            leaks(&log)
        );
    }
    reload.reload(EnvFilter::new(DEFAULT_LOG_FILTER)).unwrap();
    rt.block_on(service.shutdown());
}
