//! What the newest Connect Cases model has and aws-sdk-connectcases 1.134 (the newest on the
//! registry) lacks, reached through the SDK's own extension points rather than around it:
//!
//! - An SLA's target (`content.sla.slaUpdateConfiguration.targetSlaMinutes` of UpdateRelatedItem):
//!   the SDK's update union has no `sla` member, so [`SlaTargetBody`] rewrites the serialized
//!   request's `content` before it is signed (the signature covers the new body). It is attached to
//!   one call with `customize().interceptor(..)`; if the body is not what it expects, the call
//!   fails before anything is sent.
//! - `mergeMetadata` of audit events: the SDK's deserializer drops the member, so [`RawBody`]
//!   keeps the response body of one call (read after deserialization) and [`merge_metadata`]
//!   reads the member from it. `Case.Merged` itself arrives as the SDK's unknown enum value, whose
//!   text `as_str()` keeps.
//! - StartMergeCases and GetMergeCasesStatus are not in the SDK at all. Calling them would mean
//!   sending another operation's request to a different path, which is no longer that SDK call;
//!   so this client does not start merges. It shows merges others started, and explains the
//!   `ConflictException` a running merge causes ([`explain_conflict`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_connectcases::config::interceptors::{
    BeforeTransmitInterceptorContextMut, FinalizerInterceptorContextRef,
};
use aws_sdk_connectcases::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_connectcases::error::BoxError;
use serde_json::{Value, json};

use crate::model::MergeMetadata;

/// Replaces the `content` of a serialized UpdateRelatedItem request with an SLA target update.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlaTargetBody {
    pub minutes: i64,
}

impl SlaTargetBody {
    fn rewrite(&self, body: &[u8]) -> Result<Vec<u8>, BoxError> {
        let mut request: Value = serde_json::from_slice(body)
            .map_err(|e| format!("the UpdateRelatedItem body is not JSON: {e}"))?;
        let Some(content) = request.get_mut("content") else {
            return Err("the UpdateRelatedItem body has no content to replace".into());
        };
        *content = json!({"sla": {"slaUpdateConfiguration": {"targetSlaMinutes": self.minutes}}});
        Ok(serde_json::to_vec(&request)?)
    }
}

impl Intercept for SlaTargetBody {
    fn name(&self) -> &'static str {
        "cases-tui SLA target body"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        let Some(body) = request.body().bytes() else {
            return Err("the UpdateRelatedItem body is not in memory; nothing was sent".into());
        };
        let body = self.rewrite(body)?;
        let len = body.len();
        replace_body(request.body_mut(), body);
        request
            .headers_mut()
            .insert("content-length", len.to_string());
        Ok(())
    }
}

/// Puts `bytes` in a request body slot; generic so that the SDK's body type need not be named
/// (it lives in a crate this one does not depend on directly).
fn replace_body<B: From<Vec<u8>>>(slot: &mut B, bytes: Vec<u8>) {
    *slot = B::from(bytes);
}

/// Keeps the raw body of the last response one call received.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawBody(Arc<Mutex<Option<Vec<u8>>>>);

impl RawBody {
    /// The body kept, if the call got a response with its body in memory.
    pub fn take(&self) -> Option<Vec<u8>> {
        self.0.lock().ok()?.take()
    }
}

impl Intercept for RawBody {
    fn name(&self) -> &'static str {
        "cases-tui raw response body"
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let (Some(response), Ok(mut kept)) = (context.response(), self.0.lock()) {
            *kept = response.body().bytes().map(<[u8]>::to_vec);
        }
        Ok(())
    }
}

/// `mergeMetadata` by event id, from a GetCaseAuditEvents response body.
pub(crate) fn merge_metadata(body: &[u8]) -> HashMap<String, MergeMetadata> {
    // Most pages have no merge: a byte scan spares them a second parse.
    const MEMBER: &[u8] = b"\"mergeMetadata\"";
    if !body.windows(MEMBER.len()).any(|w| w == MEMBER) {
        return HashMap::new();
    }
    let Ok(parsed) = serde_json::from_slice::<Value>(body) else {
        return HashMap::new();
    };
    let events = parsed["auditEvents"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    events
        .iter()
        .filter_map(|e| {
            let id = e["eventId"].as_str()?;
            let m = e.get("mergeMetadata")?;
            let text = |k: &str| m[k].as_str().map(str::to_string);
            Some((
                id.to_string(),
                MergeMetadata {
                    merge_event_id: text("mergeEventId")?,
                    primary_case_id: text("primaryCaseId")?,
                    secondary_case_id: text("secondaryCaseId")?,
                },
            ))
        })
        .collect()
}

/// A `ConflictException` caused by a running merge, in words: `None` when the service's message
/// does not say a merge is the cause.
pub(crate) fn explain_conflict(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase();
    if !lower.contains("merge") {
        return None;
    }
    // The local service names the primary case ("being merged into case P"); others may not.
    let into = message
        .split("merged into case ")
        .nth(1)
        .and_then(|rest| rest.split([':', ' ', ',', ';']).next())
        .filter(|id| !id.is_empty());
    // With the primary named, the service's own words add nothing; without, they are all we have.
    Some(match into {
        Some(primary) => format!(
            "this case is being merged into case {primary} right now; it takes no changes until the merge finishes (usually within seconds)"
        ),
        None => format!(
            "this case is part of a merge that is running; it takes no changes until the merge finishes (usually within seconds). The service said: {message}"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sla_rewrite_replaces_only_the_content() {
        let body = br#"{"content":{"comment":{"body":"","contentType":"Text/Plain"}},"performedBy":{"userArn":"a"}}"#;
        let out = SlaTargetBody { minutes: 120 }.rewrite(body).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v,
            json!({"content": {"sla": {"slaUpdateConfiguration": {"targetSlaMinutes": 120}}},
                   "performedBy": {"userArn": "a"}})
        );
        assert!(SlaTargetBody { minutes: 1 }.rewrite(b"{}").is_err());
        assert!(SlaTargetBody { minutes: 1 }.rewrite(b"nope").is_err());
    }

    #[test]
    fn merge_metadata_is_read_by_event_id() {
        let body = br#"{"auditEvents":[
            {"eventId":"e1","type":"Case.Merged","mergeMetadata":{"mergeEventId":"m","primaryCaseId":"p","secondaryCaseId":"s"}},
            {"eventId":"e2","type":"Case.Updated"}]}"#;
        let got = merge_metadata(body);
        assert_eq!(got.len(), 1);
        assert_eq!(got["e1"].primary_case_id, "p");
        assert!(merge_metadata(b"garbage").is_empty());
    }

    #[test]
    fn only_merge_conflicts_are_explained() {
        let m = "Case s1 is being merged into case p1: the merge is running";
        let text = explain_conflict(m).unwrap();
        assert!(
            text.starts_with("this case is being merged into case p1 right now"),
            "{text}"
        );
        assert!(text.ends_with("(usually within seconds)"), "{text}");
        assert!(explain_conflict("Related item x already exists").is_none());
        assert!(
            explain_conflict("A merge is in progress")
                .unwrap()
                .contains("part of a merge")
        );
    }
}
