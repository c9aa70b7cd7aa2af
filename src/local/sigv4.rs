//! `serve --credentials`: checks AWS Signature Version 4 on every request, as AWS does, so a
//! client with the wrong secret (or none) is refused instead of silently served.
//!
//! The canonical request is rebuilt the way the AWS SDKs build it for a non-S3 service: the path
//! as sent, normalized (dot segments and empty segments removed) and percent-encoded once more
//! (so `%3A` becomes `%253A`); the query decoded, re-encoded and sorted; the signed headers with
//! their values trimmed; the payload hash from `x-amz-content-sha256` or of the body.

use std::fmt;
use std::str::FromStr;

use axum::http::HeaderMap;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::error::{ErrorKind, ServiceError};

/// The signing name of Connect Cases.
pub const SERVICE: &str = "cases";

/// How far a request's `x-amz-date` may be from the service's clock.
pub const MAX_SKEW: TimeDelta = TimeDelta::minutes(15);

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// One access key the service accepts: `--credentials KEY:SECRET`. Its `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .finish()
    }
}

impl FromStr for Credential {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (key, secret) = s.split_once(':').ok_or_else(|| {
            "credentials must be ACCESS_KEY_ID:SECRET_ACCESS_KEY (one colon between them)"
                .to_owned()
        })?;
        if key.is_empty() || secret.is_empty() {
            return Err(
                "credentials need both an access key id and a secret, as KEY:SECRET".to_owned(),
            );
        }
        if !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!(
                "the access key id '{key}' may only have letters and digits (like AKIDLOCAL)"
            ));
        }
        Ok(Credential {
            access_key_id: key.to_owned(),
            secret_access_key: secret.to_owned(),
        })
    }
}

/// The parsed `Authorization` header.
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    terminator: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn missing_token() -> ServiceError {
    ServiceError::new(
        ErrorKind::MissingAuthenticationToken,
        "Missing Authentication Token",
    )
}

fn incomplete(message: impl Into<String>) -> ServiceError {
    ServiceError::new(ErrorKind::IncompleteSignature, message)
}

fn invalid_signature(message: impl Into<String>) -> ServiceError {
    ServiceError::new(ErrorKind::InvalidSignature, message)
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, ServiceError> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .filter(|r| r.starts_with(' '))
        .ok_or_else(|| {
            incomplete(format!(
                "Authorization header requires the {ALGORITHM} algorithm: only Signature \
                 Version 4 is accepted"
            ))
        })?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let part = part.trim();
        let (name, v) = part.split_once('=').unwrap_or((part, ""));
        match name {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed_headers = Some(v),
            "Signature" => signature = Some(v),
            _ => {}
        }
    }
    let missing = |what: &str| {
        incomplete(format!(
            "Authorization header requires '{what}' parameter. Authorization={value}"
        ))
    };
    let credential = credential.ok_or_else(|| missing("Credential"))?;
    let signed_headers = signed_headers
        .filter(|s| !s.is_empty())
        .ok_or_else(|| missing("SignedHeaders"))?;
    let signature = signature
        .filter(|s| !s.is_empty())
        .ok_or_else(|| missing("Signature"))?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = scope[..] else {
        return Err(incomplete(format!(
            "Credential should be scoped to a valid region, like KEY/20260901/us-east-1/\
             {SERVICE}/aws4_request, not '{credential}'"
        )));
    };
    Ok(Authorization {
        access_key_id,
        date,
        region,
        service,
        terminator,
        signed_headers: signed_headers.split(';').collect(),
        signature,
    })
}

/// Checks the request's signature against `credentials`; answers the verified access key id.
///
/// `path_and_query` is the request target as sent (still percent-encoded).
pub fn verify<'c>(
    credentials: &'c [Credential],
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<&'c str, ServiceError> {
    let Some(auth) = headers.get(axum::http::header::AUTHORIZATION) else {
        return Err(missing_token());
    };
    let auth = auth
        .to_str()
        .map_err(|_| incomplete("The Authorization header is not ASCII"))?;
    let auth = parse_authorization(auth)?;
    let credential = credentials
        .iter()
        .find(|c| c.access_key_id == auth.access_key_id)
        .ok_or_else(|| {
            ServiceError::new(
                ErrorKind::UnrecognizedClient,
                "The security token included in the request is invalid.",
            )
        })?;
    if auth.service != SERVICE {
        return Err(invalid_signature(format!(
            "Credential should be scoped to correct service: '{SERVICE}', not '{}'.",
            auth.service
        )));
    }
    if auth.terminator != "aws4_request" {
        return Err(invalid_signature(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
            auth.terminator
        )));
    }
    for required in ["host", "x-amz-date"] {
        if !auth.signed_headers.contains(&required) {
            return Err(invalid_signature(format!(
                "The '{required}' header must be signed (it is missing from SignedHeaders)"
            )));
        }
    }
    let amz_date = header_text(headers, "x-amz-date")
        .ok_or_else(|| incomplete("Authorization needs an X-Amz-Date header"))?;
    let signed_at = NaiveDateTime::parse_from_str(&amz_date, "%Y%m%dT%H%M%SZ")
        .map_err(|_| {
            incomplete(format!(
                "X-Amz-Date '{amz_date}' must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'"
            ))
        })?
        .and_utc();
    let fmt = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    if signed_at < now - MAX_SKEW {
        return Err(invalid_signature(format!(
            "Signature expired: {amz_date} is now earlier than {} ({} - 15 min.)",
            fmt(now - MAX_SKEW),
            fmt(now)
        )));
    }
    if signed_at > now + MAX_SKEW {
        return Err(invalid_signature(format!(
            "Signature not yet current: {amz_date} is still later than {} ({} + 15 min.)",
            fmt(now + MAX_SKEW),
            fmt(now)
        )));
    }
    if !amz_date.starts_with(auth.date) || auth.date.len() != 8 {
        return Err(invalid_signature(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date \
             from HTTP: '{}' != '{}'",
            auth.date,
            &amz_date[..8.min(amz_date.len())]
        )));
    }

    let body_hash = hex::encode(Sha256::digest(body));
    let payload_hash = match header_text(headers, "x-amz-content-sha256") {
        Some(claimed) if claimed == "UNSIGNED-PAYLOAD" => claimed,
        Some(claimed) if claimed != body_hash => {
            return Err(invalid_signature(
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ));
        }
        _ => body_hash,
    };
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let canonical_headers: String = auth
        .signed_headers
        .iter()
        .map(|name| format!("{name}:{}\n", canonical_header_value(headers, name)))
        .collect();
    let canonical_request = format!(
        "{method}\n{}\n{}\n{canonical_headers}\n{}\n{payload_hash}",
        canonical_uri(path),
        canonical_query(query),
        auth.signed_headers.join(";"),
    );
    let scope = format!(
        "{}/{}/{}/{}",
        auth.date, auth.region, auth.service, auth.terminator
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let key = signing_key(
        &credential.secret_access_key,
        auth.date,
        auth.region,
        auth.service,
    );
    let expected = hex::encode(hmac(&key, string_to_sign.as_bytes()));
    if !constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        tracing::debug!(
            access_key_id = credential.access_key_id,
            %canonical_request,
            "SigV4 signature mismatch"
        );
        return Err(invalid_signature(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method. Consult the service \
             documentation for details.",
        ));
    }
    Ok(&credential.access_key_id)
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
}

/// Every value of the header, each trimmed with inner runs of spaces collapsed, joined by `,`.
fn canonical_header_value(headers: &HeaderMap, name: &str) -> String {
    headers
        .get_all(name)
        .iter()
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The path as the SDKs sign it: normalized, then every byte but unreserved ones and `/`
/// percent-encoded (a `%` already in the path becomes `%25`).
pub fn canonical_uri(path: &str) -> String {
    let path = if path.is_empty() { "/" } else { path };
    let normalized = if path.contains('.') || path.contains("//") {
        let mut segments: Vec<&str> = Vec::new();
        for segment in path.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    segments.pop();
                }
                s => segments.push(s),
            }
        }
        let mut out = format!("/{}", segments.join("/"));
        let trailing = ["/", "/.", "/./", "/..", "/../"]
            .iter()
            .any(|s| path.ends_with(s));
        if trailing && !out.ends_with('/') {
            out.push('/');
        }
        out
    } else {
        path.to_owned()
    };
    uri_encode(&normalized, true)
}

/// The query decoded as a form (`+` is a space), re-encoded, and sorted by key then value.
pub fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                uri_encode(&form_decode(k), false),
                uri_encode(&form_decode(v), false),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn uri_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else if b == b'/' && keep_slash {
            out.push('/');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"aws4_request")
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    /// The `get-vanilla` case of AWS's SigV4 test suite (service `service`, region `us-east-1`).
    #[test]
    fn signing_key_and_signature_match_the_aws_test_suite() {
        let key = signing_key(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20150830",
            "us-east-1",
            "service",
        );
        let canonical = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n\
                         host;x-amz-date\n\
                         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let sts = format!(
            "{ALGORITHM}\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n{}",
            hex::encode(Sha256::digest(canonical.as_bytes()))
        );
        assert_eq!(
            hex::encode(hmac(&key, sts.as_bytes())),
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    #[test]
    fn canonical_uri_encodes_the_sent_path_again() {
        assert_eq!(canonical_uri("/domains/d1/cases"), "/domains/d1/cases");
        assert_eq!(canonical_uri("/tags/arn%3Aaws"), "/tags/arn%253Aaws");
        assert_eq!(canonical_uri("/a/./b/../c//d/"), "/a/c/d/");
        assert_eq!(canonical_uri(""), "/");
    }

    #[test]
    fn canonical_query_sorts_and_reencodes() {
        assert_eq!(canonical_query("b=2&a=1+x&a=0"), "a=0&a=1%20x&b=2");
        assert_eq!(canonical_query("tagKeys=k%2F1"), "tagKeys=k%2F1");
        assert_eq!(canonical_query(""), "");
    }

    #[test]
    fn credentials_parse_and_hide_the_secret() {
        let c: Credential = "AKID:se:cret".parse().unwrap();
        assert_eq!(c.access_key_id, "AKID");
        assert_eq!(c.secret_access_key, "se:cret");
        assert!(!format!("{c:?}").contains("se:cret"));
        assert!("nocolon".parse::<Credential>().is_err());
        assert!(":secret".parse::<Credential>().is_err());
        assert!("AKID:".parse::<Credential>().is_err());
    }

    #[test]
    fn unsigned_unknown_and_malformed_requests_are_refused() {
        let creds = vec!["AKID:secret".parse::<Credential>().unwrap()];
        let now = Utc::now();
        let mut headers = HeaderMap::new();
        let kind = |h: &HeaderMap| verify(&creds, "POST", "/domains", h, b"", now).unwrap_err();
        assert_eq!(kind(&headers).kind, ErrorKind::MissingAuthenticationToken);
        headers.insert("authorization", HeaderValue::from_static("Basic abc"));
        assert_eq!(kind(&headers).kind, ErrorKind::IncompleteSignature);
        headers.insert(
            "authorization",
            HeaderValue::from_static(
                "AWS4-HMAC-SHA256 Credential=OTHER/20260101/us-east-1/cases/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature=00",
            ),
        );
        assert_eq!(kind(&headers).kind, ErrorKind::UnrecognizedClient);
    }
}
