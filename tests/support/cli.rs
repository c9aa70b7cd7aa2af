//! The real binary run as a shell runs it: what it wrote, and the arguments of its common calls.

#![allow(dead_code)]

use std::process::Output;

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `audit --endpoint-url URL --domain DOMAIN --case CASE`: one case's history from the service
/// at `url`.
pub fn audit_at<'a>(url: &'a str, domain: &'a str, case: &'a str) -> Vec<&'a str> {
    vec![
        "audit",
        "--endpoint-url",
        url,
        "--domain",
        domain,
        "--case",
        case,
    ]
}
