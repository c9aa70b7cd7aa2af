//! A fuzz harness over the local service's request handling, in-process through
//! [`handle_raw`] (router, SigV4 check, input building, validation, store), without HTTP.
//!
//! Requests are generated from the API model (every operation, bodies built from its shapes with
//! known ids from the demo data) and then mutated: wrong types, huge and non-finite numbers,
//! deep nesting, NUL bytes, unicode, broken percent-escapes, wrong methods, cut JSON, invalid
//! UTF-8. A second generator makes requests with no regard for the model at all.
//!
//! Property: nothing panics, and every answer is a 200 with a JSON object, or an error the model
//! lists for the operation the path names (or one of the service's own: an unknown route, an
//! unimplemented operation, AWS's authentication errors), with its status, `x-amzn-errortype`
//! and a JSON body with a non-empty `message`. `InternalServerException` is a failure: with no
//! fault injection it only comes from a bug caught by the store.
//!
//! Every case starts from the services as freshly seeded (see `Working`) and is made from one
//! seed, so it does not depend on the cases before it. A failure prints its seed; rerun that case alone
//! with `FUZZ_SEED=<seed> cargo test --test local_fuzz <test name>`. Failures are also kept in
//! `tests/local_fuzz.proptest-regressions` and tried first on the next run.
//!
//! `PROPTEST_CASES=20000 cargo test --test local_fuzz` for a long run (default: 1,500 per test).

// Only this harness uses the generator, so it is not part of `support`'s shared module.
#[path = "support/fuzz_requests.rs"]
mod requests;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use axum::http::HeaderMap;
use cases_tui::local::router::match_route;
use cases_tui::local::spec::MODEL;
use cases_tui::local::{Credential, ErrorKind, ServeArgs, Shared, handle_raw};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use requests::{Gen, auth_headers, request_for, wild_request};
use serde_json::Value;

const DEFAULT_CASES: u32 = 1_500;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// The services as seeded, and the ids found in them; never called by a case, only forked.
struct Pristine {
    open: Shared,
    guarded: Shared,
    /// Ids found in the demo data, by member name (`domainId`, `caseId`, ...).
    ids: HashMap<String, Vec<String>>,
}

fn pristine() -> &'static Pristine {
    static PRISTINE: OnceLock<Pristine> = OnceLock::new();
    PRISTINE.get_or_init(|| {
        let open = Shared::new(&ServeArgs {
            demo: true,
            ..ServeArgs::for_tests()
        })
        .expect("the demo service builds");
        let guarded = Shared::new(&ServeArgs {
            credentials: vec!["AKIDFUZZ:fuzz-secret".parse::<Credential>().unwrap()],
            ..ServeArgs::for_tests()
        })
        .expect("the guarded service builds");
        let ids = collect_ids(&runtime(), &open.fork());
        Pristine { open, guarded, ids }
    })
}

/// The copy of the demo service a test's cases run on, as it was seeded whenever a case starts:
/// a case whose write the service accepted leaves it to a fresh fork. Reads and refused writes
/// leave the store as it was (the service checks a request before applying it, and writes
/// `--state` only after mutations on the same rule), so they need no fork of their own; forking
/// the demo store for every case would make the run several times slower.
struct Working(RefCell<Shared>);

impl Working {
    fn new() -> Working {
        Working(RefCell::new(pristine().open.fork()))
    }

    fn call(
        &self,
        rt: &tokio::runtime::Runtime,
        method: &str,
        target: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Answer {
        let a = call(rt, &self.0.borrow(), method, target, headers, body);
        if a.status == 200 && !is_read(method, target) {
            *self.0.borrow_mut() = pristine().open.fork();
        }
        a
    }
}

/// Whether the request names an operation that only reads.
fn is_read(method: &str, target: &str) -> bool {
    let path = target.split('?').next().unwrap_or_default();
    match_route(method, path).is_some_and(|(op, _)| {
        ["Get", "List", "Search", "BatchGet"]
            .iter()
            .any(|p| op.name.starts_with(p))
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn call(
    rt: &tokio::runtime::Runtime,
    shared: &Shared,
    method: &str,
    target: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    let r = rt.block_on(handle_raw(shared, method, target, headers, body));
    let header = |name: &str| {
        r.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    Answer {
        status: r.status,
        errortype: header("x-amzn-errortype"),
        content_type: header("content-type"),
        body: r.body.to_vec(),
    }
}

/// Lists what the demo holds and keeps every id it sees.
fn collect_ids(rt: &tokio::runtime::Runtime, open: &Shared) -> HashMap<String, Vec<String>> {
    let d = cases_tui::local::demo::DEMO_DOMAIN_ID;
    let mut ids: HashMap<String, Vec<String>> = HashMap::new();
    let mut found = Vec::new();
    let none = HeaderMap::new();
    for target in [
        "/domains-list".to_owned(),
        format!("/domains/{d}/cases-search"),
        format!("/domains/{d}/fields-list"),
        format!("/domains/{d}/templates-list"),
        format!("/domains/{d}/layouts-list"),
        format!("/domains/{d}/rules-list/"),
        format!("/domains/{d}/related-items-search"),
    ] {
        let a = call(rt, open, "POST", &target, &none, b"{}");
        if let Ok(v) = serde_json::from_slice::<Value>(&a.body) {
            gather_ids(&v, &mut found);
        }
    }
    for (k, v) in found {
        let key = match k.as_str() {
            "domainArn" | "caseArn" | "templateArn" | "layoutArn" | "fieldArn" => "arn".to_owned(),
            "id" => "fieldId".to_owned(),
            _ => k,
        };
        let list = ids.entry(key).or_default();
        if !list.contains(&v) && list.len() < 40 {
            list.push(v);
        }
    }
    ids.entry("domainId".into()).or_default().push(d.to_owned());
    ids
}

fn gather_ids(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if k.ends_with("Id") || k.ends_with("Arn") || k == "id" => {
                        out.push((k.clone(), s.clone()));
                    }
                    _ => gather_ids(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| gather_ids(i, out)),
        _ => {}
    }
}

struct Answer {
    status: u16,
    errortype: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Errors that are not the model's but the service may answer for any request.
const OWN_ERRORS: [ErrorKind; 6] = [
    ErrorKind::NotImplemented,
    ErrorKind::UnknownOperation,
    ErrorKind::MissingAuthenticationToken,
    ErrorKind::IncompleteSignature,
    ErrorKind::InvalidSignature,
    ErrorKind::UnrecognizedClient,
];

/// The property every answer must have; `Err` describes how it failed.
fn check_answer(method: &str, target: &str, a: &Answer) -> Result<(), String> {
    let show = || {
        format!(
            "{method} {target:?} -> {} {:?} {}",
            a.status,
            a.errortype,
            String::from_utf8_lossy(&a.body[..a.body.len().min(400)])
        )
    };
    if a.content_type.as_deref() != Some("application/json") {
        return Err(format!("content-type {:?}: {}", a.content_type, show()));
    }
    let body: Value =
        serde_json::from_slice(&a.body).map_err(|e| format!("body not JSON ({e}): {}", show()))?;
    if !body.is_object() {
        return Err(format!("body not an object: {}", show()));
    }
    if a.status == 200 {
        return if a.errortype.is_none() {
            Ok(())
        } else {
            Err(format!("200 with an error type: {}", show()))
        };
    }
    let name = a
        .errortype
        .as_deref()
        .ok_or_else(|| format!("error without x-amzn-errortype: {}", show()))?;
    if name == "InternalServerException" {
        return Err(format!("internal error (a bug): {}", show()));
    }
    if body["message"].as_str().is_none_or(str::is_empty) {
        return Err(format!("error without a message: {}", show()));
    }
    let path = target.split('?').next().unwrap_or_default();
    let own = OWN_ERRORS.iter().find(|k| k.name() == name);
    let expected_status = match own {
        Some(kind) => kind.status().as_u16(),
        None => {
            // A malformed request is a ValidationException for any operation, as on AWS,
            // even where the model does not list it (DeleteCaseRule); the SDK still shows it
            // by its code.
            let modelled = name == "ValidationException"
                || match match_route(method, path) {
                    Some((op, _)) => op.errors.iter().any(|e| e == name),
                    None => false,
                };
            if !modelled {
                return Err(format!(
                    "{name} is not an error of this operation: {}",
                    show()
                ));
            }
            cases_tui::local::spec::error_status(name)
                .ok_or_else(|| format!("{name} has no modelled status: {}", show()))?
        }
    };
    if a.status != expected_status {
        return Err(format!("{name} with status {}: {}", a.status, show()));
    }
    Ok(())
}

/// Runs `case` on generated seeds, each on fresh copies of the services, or only on `FUZZ_SEED`
/// when it is set. A failure names its seed and how to rerun it.
fn run_cases(test: &str, case: impl Fn(&tokio::runtime::Runtime, u64) -> Result<(), String>) {
    let rt = runtime();
    let rerun = |seed: u64| {
        format!("rerun this case alone: FUZZ_SEED={seed} cargo test --test local_fuzz {test}")
    };
    if let Ok(seed) = std::env::var("FUZZ_SEED") {
        let seed: u64 = seed.parse().expect("FUZZ_SEED is a u64");
        if let Err(e) = case(&rt, seed) {
            panic!("{e}\n{}", rerun(seed));
        }
        return;
    }
    proptest!(config(), |(seed in any::<u64>())| {
        let result = case(&rt, seed);
        prop_assert!(result.is_ok(), "{}\n{}", result.unwrap_err(), rerun(seed));
    });
}

/// A request for an operation the seed picks, the operation and the generator left after it.
fn model_request(seed: u64) -> (&'static str, (String, String, Vec<u8>), Gen<'static>) {
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(seed),
        ids: &pristine().ids,
    };
    let op = &MODEL.operations[g.rng.usize(..MODEL.operations.len())];
    let request = request_for(op, &mut g);
    (op.name.as_str(), request, g)
}

#[test]
fn model_driven_requests_answer_properly() {
    // Per operation: how many answers of each status. Counts only: no case reads them.
    let tally: Mutex<BTreeMap<String, BTreeMap<u16, u32>>> = Mutex::default();
    let open = Working::new();
    run_cases("model_driven_requests_answer_properly", |rt, seed| {
        let (op, (method, target, body), _) = model_request(seed);
        let a = open.call(rt, &method, &target, &HeaderMap::new(), &body);
        *tally
            .lock()
            .unwrap()
            .entry(op.to_owned())
            .or_default()
            .entry(a.status)
            .or_default() += 1;
        check_answer(&method, &target, &a)
    });
    let tally = tally.into_inner().unwrap();
    let line: String = tally
        .iter()
        .map(|(op, statuses)| format!("{op} {statuses:?}; "))
        .collect();
    eprintln!("fuzz tally: {line}");
    // Generated requests reach the operations, not just the validator: most operations
    // answer 200 at least once.
    let succeeded = tally.values().filter(|s| s.contains_key(&200)).count();
    eprintln!(
        "{succeeded} of {} operations answered 200 at least once",
        MODEL.operations.len()
    );
    if cases() >= 1_000 && std::env::var_os("FUZZ_SEED").is_none() {
        assert!(
            succeeded >= MODEL.operations.len() / 2,
            "only {succeeded} operations ever succeeded"
        );
    }
}

#[test]
fn wild_requests_answer_properly() {
    let open = Working::new();
    run_cases("wild_requests_answer_properly", |rt, seed| {
        let mut g = Gen {
            rng: fastrand::Rng::with_seed(seed),
            ids: &pristine().ids,
        };
        let (method, target, body) = wild_request(&mut g);
        let a = open.call(rt, &method, &target, &HeaderMap::new(), &body);
        check_answer(&method, &target, &a)
    });
}

#[test]
fn signed_service_refuses_forged_requests_properly() {
    run_cases(
        "signed_service_refuses_forged_requests_properly",
        |rt, seed| {
            let (_, (method, target, body), mut g) = model_request(seed);
            let headers = auth_headers(&mut g);
            // Nothing is seeded here: a fork per case costs little.
            let a = call(
                rt,
                &pristine().guarded.fork(),
                &method,
                &target,
                &headers,
                &body,
            );
            check_answer(&method, &target, &a)?;
            let auth_error = OWN_ERRORS[2..]
                .iter()
                .any(|k| Some(k.name()) == a.errortype.as_deref())
                || a.errortype.as_deref() == Some("ValidationException")
                    && a.status == 400
                    && String::from_utf8_lossy(&a.body).contains("larger than");
            if auth_error {
                Ok(())
            } else {
                Err(format!(
                    "a forged request got through: {method} {target} -> {} {:?}",
                    a.status, a.errortype
                ))
            }
        },
    );
}
