//! The HTTP side of the local service: one fallback handler that routes by the model, fault
//! injection, the request log and `--state` persistence.

use std::fs::File;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::ServeArgs;
use super::effects::{self, Before, Fingerprints};
use super::error::{CallContext, ErrorKind, ROOT_PRINCIPAL, ServiceError};
use super::persist::StateLog;
use super::router::{build_input, match_route, render_output};
use super::seed::{SeedStep, load_seed, replay, replay_trusted};
use super::store::Store;
use super::validate::validate_input;

/// Requests with a larger body are refused.
pub const BODY_LIMIT: usize = 6 * 1024 * 1024;

/// A running local service.
pub struct LocalService {
    pub addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl LocalService {
    /// The URL clients use as their endpoint, e.g. `http://127.0.0.1:4566`.
    pub fn endpoint_url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        format!("http://{addr}")
    }

    /// Stops accepting, lets in-flight requests finish, and waits for the server to stop.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(());
        let _ = self.task.await;
    }
}

struct AppState {
    store: Mutex<Store>,
    /// What the state log compared last (see `effects`); locked while `store` is.
    fingerprints: Mutex<Fingerprints>,
    /// `--credentials`: when not empty, every request must be signed with one of these.
    credentials: Vec<super::sigv4::Credential>,
    state_log: Option<Arc<StateLog>>,
    /// `FILE.lock` of `--state`, locked while the service lives (see `persist::lock_state`).
    _state_lock: Option<File>,
    request_log: Option<Mutex<File>>,
    latency: Duration,
    fail_rate: f64,
    throttle_rate: f64,
    /// `--lose-answers`: mutating answers still to lose.
    lose_answers: std::sync::atomic::AtomicU32,
    /// `--deny`: operations refused as an IAM policy without them would.
    deny: Vec<String>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Loads the store from `--state` (snapshot and log) if it exists; a torn last record is
/// reported on stderr and in the log, and ignored.
fn load_state(path: &Path) -> anyhow::Result<super::persist::Loaded> {
    let loaded = super::persist::load(path)?;
    for warning in &loaded.warnings {
        eprintln!("cases-tui serve: {warning}");
        tracing::warn!("{warning}");
    }
    Ok(loaded)
}

/// Starts the service in-process, seeded from `--seed` if given.
pub async fn start(args: ServeArgs) -> anyhow::Result<LocalService> {
    start_with_steps(args, Vec::new()).await
}

/// Starts the service in-process on a free loopback port, seeded with the demo data. The port is
/// bound at once and the demo is replayed on a blocking thread: connections wait in the listen
/// queue until the store is ready, so `cases-tui demo` sets up its terminal and client meanwhile.
pub async fn start_demo() -> anyhow::Result<LocalService> {
    let args = ServeArgs {
        demo: true,
        ..ServeArgs::for_tests()
    };
    args.check()?;
    let addr = args.resolve_addr().await?;
    let listener = bind(addr).await?;
    let state = tokio::task::spawn_blocking(move || build_state(&args, Vec::new()));
    spawn_server(listener, async move {
        match state.await {
            Ok(built) => built.map(Arc::new),
            Err(e) => Err(anyhow::anyhow!("seeding the demo stopped: {e}")),
        }
    })
}

/// Starts the service in-process, replaying `steps` (then `--seed`, if given) into a fresh store.
/// With `--state` and an existing state file, the saved store is used and nothing is replayed.
pub async fn start_with_steps(
    args: ServeArgs,
    steps: Vec<SeedStep>,
) -> anyhow::Result<LocalService> {
    args.check()?;
    let addr = args.resolve_addr().await?;
    let state = Arc::new(build_state(&args, steps)?);
    let listener = bind(addr).await?;
    spawn_server(listener, async { Ok(state) })
}

async fn bind(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))
}

/// Serves on `listener` once `state` is ready; a stop asked for before then is honoured at once.
/// A state that cannot be built is logged and the listener closed, so clients see the connection
/// refused rather than wait.
fn spawn_server(
    listener: tokio::net::TcpListener,
    state: impl Future<Output = anyhow::Result<Arc<AppState>>> + Send + 'static,
) -> anyhow::Result<LocalService> {
    let addr = listener.local_addr()?;
    let (tx, mut rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let state = tokio::select! {
            state = state => state,
            _ = &mut rx => return,
        };
        let state = match state {
            Ok(state) => state,
            Err(e) => {
                tracing::error!("local service could not start: {e:#}");
                return;
            }
        };
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(state)
            .layer(axum::extract::DefaultBodyLimit::disable());
        let server = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = rx.await;
        });
        if let Err(e) = server.await {
            tracing::error!("local service stopped: {e}");
        }
    });
    Ok(LocalService {
        addr,
        shutdown: tx,
        task,
    })
}

/// The service's state from its options: the store (seeded, or loaded from `--state`), the request
/// log and the fault settings.
fn build_state(args: &ServeArgs, mut steps: Vec<SeedStep>) -> anyhow::Result<AppState> {
    // The built-in demo steps come first and are replayed unchecked (a test validates them). The
    // demo's last hour ends now, so its feed and SLAs are live when it opens.
    let demo = if args.demo {
        super::demo::demo_seed_at(chrono::Utc::now())
    } else {
        Vec::new()
    };
    if let Some(seed) = &args.seed {
        steps.extend(load_seed(seed)?);
    }
    // Locked before anything is read: another serve on the same file would rewrite it under us.
    let state_lock = args
        .state
        .as_deref()
        .map(super::persist::lock_state)
        .transpose()?;
    let (saved, seq, replayed) = match &args.state {
        Some(path) => {
            let loaded = load_state(path)?;
            (loaded.store, loaded.seq, loaded.replayed)
        }
        None => (None, 0, false),
    };
    let fresh = saved.is_none();
    let mut store = saved.unwrap_or_default();
    store.merge_delay = super::ops::merge::MergeDelay(chrono::Duration::milliseconds(
        i64::try_from(args.merge_ms.min(365 * 86_400_000)).unwrap_or_default(),
    ));
    if fresh {
        replay_trusted(&mut store, &demo)?;
        replay(&mut store, &steps)?;
    }
    // Freeing the demo's 4,000 steps takes milliseconds that start-up need not wait for.
    if !demo.is_empty() {
        std::thread::spawn(move || drop(demo));
    }
    let state_log = match &args.state {
        Some(path) => Some(Arc::new(
            StateLog::open(path, &store, seq, fresh || replayed)
                .with_context(|| format!("cannot open state file {}", path.display()))?,
        )),
        None => None,
    };
    let request_log = match &args.request_log {
        Some(path) => Some(Mutex::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| format!("cannot open request log {}", path.display()))?,
        )),
        None => None,
    };
    Ok(AppState {
        store: Mutex::new(store),
        fingerprints: Mutex::default(),
        credentials: args.credentials.clone(),
        state_log,
        _state_lock: state_lock,
        request_log,
        latency: Duration::from_millis(args.latency_ms),
        fail_rate: args.fail_rate,
        throttle_rate: args.throttle_rate,
        lose_answers: args.lose_answers.into(),
        deny: args.deny.clone(),
    })
}

/// Runs the service until Ctrl-C or SIGTERM, printing its endpoint once it accepts requests.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let service = start(args).await?;
    // Handlers go in before the endpoint is printed: a supervisor may signal right after reading it.
    let stop = stop_signal()?;
    println!(
        "cases-tui local Connect Cases service listening on {}",
        service.endpoint_url()
    );
    stop.await;
    service.shutdown().await;
    Ok(())
}

#[cfg(unix)]
fn stop_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot handle SIGINT")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot handle SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// The caller's principal: `Credential=AKID/...` in a SigV4 Authorization header names the user.
fn principal(headers: &HeaderMap) -> String {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|auth| auth.split("Credential=").nth(1))
        .and_then(|cred| cred.split('/').next())
        .map(str::trim)
        .filter(|akid| !akid.is_empty())
        .map_or_else(|| ROOT_PRINCIPAL.to_owned(), user_arn)
}

fn user_arn(access_key_id: &str) -> String {
    format!("arn:aws:iam::123456789012:user/{access_key_id}")
}

pub(crate) fn is_mutation(operation: &str) -> bool {
    !["Get", "List", "Search", "BatchGet"]
        .iter()
        .any(|p| operation.starts_with(p))
}

/// The service without a listener, for driving it in-process (see [`handle_raw`]).
#[derive(Clone)]
pub struct Shared(Arc<AppState>);

impl Shared {
    /// The service's state from `args` (`--addr` is not used: nothing listens).
    pub fn new(args: &ServeArgs) -> anyhow::Result<Shared> {
        args.check()?;
        Ok(Shared(Arc::new(build_state(args, Vec::new())?)))
    }

    /// An independent copy with the same data and settings (no `--state` file or request log),
    /// cheaper than building and seeding another.
    pub fn fork(&self) -> Shared {
        let s = &self.0;
        Shared(Arc::new(AppState {
            store: Mutex::new(lock(&s.store).clone()),
            fingerprints: Mutex::default(),
            credentials: s.credentials.clone(),
            state_log: None,
            _state_lock: None,
            request_log: None,
            latency: s.latency,
            fail_rate: s.fail_rate,
            throttle_rate: s.throttle_rate,
            lose_answers: s
                .lose_answers
                .load(std::sync::atomic::Ordering::SeqCst)
                .into(),
            deny: s.deny.clone(),
        }))
    }
}

/// A response as plain parts.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// Answers one request exactly as the HTTP service would, without HTTP: `path_and_query` is the
/// request target as sent (percent-encoded), `body` the raw bytes.
pub async fn handle_raw(
    shared: &Shared,
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> RawResponse {
    let body = if body.len() > BODY_LIMIT {
        Err(body_too_large())
    } else {
        Ok(Bytes::copy_from_slice(body))
    };
    let response = respond(&shared.0, method, path_and_query, headers, body).await;
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    RawResponse {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body,
    }
}

async fn handle(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let method = request.method().to_string();
    let target = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );
    let (parts, body) = request.into_parts();
    let body = read_body(body).await;
    respond(&state, &method, &target, &parts.headers, body).await
}

async fn respond(
    state: &AppState,
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
    body: Result<Bytes, ServiceError>,
) -> Response {
    let started = Instant::now();
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    if !state.latency.is_zero() {
        tokio::time::sleep(state.latency).await;
    }
    let (operation, result) = answer(state, method, path_and_query, query, headers, body);
    let result = match result {
        Ok((output, Some(seq))) => durable(state, operation, seq).await.and(output),
        Ok((output, None)) => output,
        Err(e) => Err(e),
    };
    let mut response = match result {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(e) => e.into_response(),
    };
    if let Ok(id) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        response.headers_mut().insert("x-amzn-requestid", id);
    }
    if let Some(log) = &state.request_log {
        let line = json!({
            "operation": operation,
            "method": method,
            "path": path,
            "status": response.status().as_u16(),
            "ms": started.elapsed().as_millis() as u64,
        });
        let mut file = lock(log);
        if let Err(e) = writeln!(file, "{line}") {
            tracing::warn!("cannot append to the request log: {e}");
        }
    }
    response
}

/// The operation called (when one matched) and its result: checks the signature, routes,
/// builds and validates the input, and runs it against the store.
fn answer(
    state: &AppState,
    method: &str,
    path_and_query: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: Result<Bytes, ServiceError>,
) -> (Option<&'static str>, Result<Written, ServiceError>) {
    let path = path_and_query.split('?').next().unwrap_or_default();
    let body = match body {
        Ok(body) => body,
        Err(e) => return (None, Err(e)),
    };
    let principal = if state.credentials.is_empty() {
        principal(headers)
    } else {
        match super::sigv4::verify(
            &state.credentials,
            method,
            path_and_query,
            headers,
            &body,
            chrono::Utc::now(),
        ) {
            Ok(akid) => user_arn(akid),
            Err(e) => return (None, Err(e)),
        }
    };
    match match_route(method, path) {
        None => (
            None,
            Err(ServiceError::new(
                ErrorKind::UnknownOperation,
                format!("no Connect Cases operation matches {method} {path}"),
            )),
        ),
        Some((op, labels)) => (
            Some(op.name.as_str()),
            run(state, op, labels, query, &body, principal),
        ),
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// A write's answer and the number of its log record, which must be on disk before the answer
/// is sent.
type Written = (Result<Value, ServiceError>, Option<u64>);

fn run(
    state: &AppState,
    op: &'static super::spec::Operation,
    labels: serde_json::Map<String, Value>,
    query: Option<&str>,
    body: &[u8],
    iam_principal_arn: String,
) -> Result<Written, ServiceError> {
    if state.deny.iter().any(|d| d == &op.name) {
        return Err(ServiceError::access_denied(format!(
            "User: {iam_principal_arn} is not authorized to perform: cases:{} (refused by --deny)",
            op.name
        )));
    }
    if state.throttle_rate > 0.0 && fastrand::f64() < state.throttle_rate {
        return Err(ServiceError::throttling(format!(
            "Rate exceeded (injected by --throttle-rate) for {}",
            op.name
        )));
    }
    if state.fail_rate > 0.0 && fastrand::f64() < state.fail_rate {
        return Err(ServiceError::internal(format!(
            "Internal failure (injected by --fail-rate) for {}",
            op.name
        )));
    }
    let ctx = CallContext {
        now: chrono::Utc::now(),
        iam_principal_arn,
        id_override: None,
    };
    let input = build_input(op, labels, query, body)?;
    if let Some(shape) = &op.input {
        validate_input(shape, &input)?;
    }
    let (output, seq) = {
        let mut store = lock(&state.store);
        let mut fingerprints = lock(&state.fingerprints);
        // A merge that fell due completes at the first call after it, even a read: log it now.
        let completed = match &state.state_log {
            Some(_) => effects::finish_due_merges(&mut store, ctx.now, &mut fingerprints),
            None => Vec::new(),
        };
        let before = match &state.state_log {
            Some(_) if is_mutation(&op.name) => Some(Before::capture(
                &mut store,
                &op.name,
                &input,
                &mut fingerprints,
            )),
            _ => None,
        };
        let output = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            store.call(&op.name, &input, &ctx)
        }))
        .unwrap_or_else(|_| {
            Err(ServiceError::internal(format!(
                "the local service failed while running {} (a bug: see its log)",
                op.name
            )))
        });
        // A failed write may have changed something before failing: log whatever it did.
        let seq = match &state.state_log {
            Some(log) => {
                let output = output.as_ref().unwrap_or(&Value::Null);
                let mut effects = completed;
                if let Some(before) = before {
                    effects.extend(before.effects(&mut store, output, &mut fingerprints));
                }
                if effects.is_empty() {
                    None
                } else {
                    Some(
                        log.append(&effects)
                            .map_err(|e| not_saved(&op.name, log, &e))?,
                    )
                }
            }
            _ => None,
        };
        (output, seq)
    };
    let output = match output {
        Ok(_) if is_mutation(&op.name) && take_one(&state.lose_answers) => {
            Err(ServiceError::internal(format!(
                "{} was carried out but its answer was lost (injected by --lose-answers)",
                op.name
            )))
        }
        output => output,
    };
    Ok((output.map(|o| render_output(op, o)), seq))
}

fn not_saved(operation: &str, log: &StateLog, e: &dyn std::fmt::Display) -> ServiceError {
    ServiceError::internal(format!(
        "{operation} ran but the state file {} could not be written: {e}",
        log.path().display()
    ))
}

/// Waits until the write numbered `seq` is on disk (see `persist`), off the async threads.
async fn durable(state: &AppState, operation: Option<&str>, seq: u64) -> Result<(), ServiceError> {
    let Some(log) = state.state_log.clone() else {
        return Ok(());
    };
    let waited = tokio::task::spawn_blocking(move || {
        let result = log.wait_durable(seq);
        (log, result)
    })
    .await;
    match waited {
        Ok((_, Ok(()))) => Ok(()),
        Ok((log, Err(e))) => Err(not_saved(operation.unwrap_or("the write"), &log, &e)),
        Err(e) => Err(ServiceError::internal(format!(
            "waiting for the state file failed: {e}"
        ))),
    }
}

/// Counts one down from `n` if it is above zero.
fn take_one(n: &std::sync::atomic::AtomicU32) -> bool {
    use std::sync::atomic::Ordering::SeqCst;
    n.fetch_update(SeqCst, SeqCst, |v| v.checked_sub(1)).is_ok()
}

async fn read_body(body: Body) -> Result<Bytes, ServiceError> {
    axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| body_too_large())
}

fn body_too_large() -> ServiceError {
    ServiceError::validation(format!(
        "The request body is larger than the local service's limit of {} MiB",
        BODY_LIMIT / (1024 * 1024)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_comes_from_the_sigv4_access_key() {
        let mut headers = HeaderMap::new();
        assert_eq!(principal(&headers), ROOT_PRINCIPAL);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static(
                "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20260901/us-east-1/cases/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature=abc",
            ),
        );
        assert_eq!(
            principal(&headers),
            "arn:aws:iam::123456789012:user/AKIDLOCAL"
        );
    }

    #[test]
    fn only_writes_are_mutations() {
        assert!(is_mutation("CreateCase"));
        assert!(is_mutation("TagResource"));
        assert!(!is_mutation("GetCase"));
        assert!(!is_mutation("BatchGetField"));
        assert!(!is_mutation("SearchRelatedItems"));
    }
}
