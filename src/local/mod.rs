//! The local Connect Cases service: the real REST-JSON protocol of Connect Cases over axum,
//! validated against the embedded API model, with the state in an in-memory [`store::Store`].

pub mod demo;
mod effects;
pub mod error;
mod ops;
pub mod patterns;
mod persist;
pub mod router;
pub mod seed;
mod server;
pub mod sigv4;
pub mod spec;
pub mod store;
pub mod validate;

use std::net::SocketAddr;
use std::path::PathBuf;

pub use error::{CallContext, ErrorKind, ServiceError};
pub use persist::StateInUse;
pub use seed::{SeedStep, load_seed};
pub use server::{
    BODY_LIMIT, LocalService, RawResponse, Shared, handle_raw, serve, start, start_demo,
    start_with_steps,
};
pub use sigv4::Credential;

/// Options of `cases-tui serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:4566")]
    pub addr: String,
    /// Allow listening on a non-loopback address (see --credentials to require signed requests).
    #[arg(long)]
    pub allow_remote: bool,
    /// Require every request to be signed (AWS Signature Version 4) with this access key;
    /// repeatable, or comma-separated. Anything else is refused with 403, as AWS does. The
    /// environment variable keeps the secret out of the process list.
    #[arg(
        long,
        value_name = "KEY:SECRET",
        env = "CASES_TUI_SERVE_CREDENTIALS",
        hide_env_values = true,
        value_delimiter = ','
    )]
    pub credentials: Vec<Credential>,
    /// Seed the store with the built-in demo data (domain `demo`), before any --seed file.
    #[arg(long)]
    pub demo: bool,
    /// Seed file replayed into an empty store at start-up: JSON {"steps": [...]}.
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// Persist the store in FILE (a snapshot) and FILE.log (each change, on disk before its
    /// answer), and load them at start-up. FILE.lock is locked while it runs: a second serve
    /// with the same FILE refuses to start.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Append one JSON line per request (operation, method, path, status, ms) to FILE.
    #[arg(long, value_name = "FILE")]
    pub request_log: Option<PathBuf>,
    /// Delay added to every request, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub latency_ms: u64,
    /// Fraction of requests (0-1) answered with InternalServerException.
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub fail_rate: f64,
    /// Fraction of requests (0-1) answered with ThrottlingException.
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub throttle_rate: f64,
    /// Lose the answers to the first N mutating requests: each change is made, then the caller
    /// gets InternalServerException, as when a connection drops after the write (to try
    /// idempotent retries such as CreateCase's clientToken).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub lose_answers: u32,
    /// How long a StartMergeCases merge runs before it completes, in milliseconds (while it runs,
    /// GetMergeCasesStatus answers IN_PROGRESS and the secondary case refuses changes).
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub merge_ms: u64,
    /// Answer this operation with AccessDeniedException, as AWS does when the IAM policy lacks
    /// the action (e.g. --deny GetCaseAuditEvents); repeatable.
    #[arg(long, value_name = "OPERATION")]
    pub deny: Vec<String>,
}

impl ServeArgs {
    /// Options for tests: a free port on 127.0.0.1, no files, no faults.
    pub fn for_tests() -> Self {
        ServeArgs {
            addr: "127.0.0.1:0".to_owned(),
            allow_remote: false,
            credentials: Vec::new(),
            demo: false,
            seed: None,
            state: None,
            request_log: None,
            latency_ms: 0,
            fail_rate: 0.0,
            throttle_rate: 0.0,
            lose_answers: 0,
            merge_ms: 5000,
            deny: Vec::new(),
        }
    }

    fn check(&self) -> anyhow::Result<()> {
        for (flag, rate) in [
            ("--fail-rate", self.fail_rate),
            ("--throttle-rate", self.throttle_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                anyhow::bail!(
                    "{flag} must be between 0 and 1 (a fraction of requests), not {rate}"
                );
            }
        }
        Ok(())
    }

    /// The address to bind; a non-loopback one needs `--allow-remote`.
    async fn resolve_addr(&self) -> anyhow::Result<SocketAddr> {
        let addr = tokio::net::lookup_host(&self.addr)
            .await
            .ok()
            .and_then(|mut addrs| addrs.next())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--addr {} is not a HOST:PORT address (e.g. 127.0.0.1:4566)",
                    self.addr
                )
            })?;
        if !addr.ip().is_loopback() && !self.allow_remote {
            anyhow::bail!(
                "--addr {} is not a loopback address: anyone who can reach it could read and \
                 change its data; pass --allow-remote to listen there anyway (and \
                 --credentials KEY:SECRET to require signed requests)",
                self.addr
            );
        }
        Ok(addr)
    }
}
