//! Reads through the app's own gateway that tests check their results with.

#![allow(dead_code)]

use cases_tui::aws::Reader;
use cases_tui::model::AuditEvent;

/// Every audit event of `case`, paged through 25 at a time, in the order the service gives.
pub async fn all_audit_events(reader: &Reader, domain: &str, case: &str) -> Vec<AuditEvent> {
    let mut events = Vec::new();
    let mut token = None;
    loop {
        let page = reader
            .get_audit_events(domain, case, token, Some(25))
            .await
            .unwrap();
        events.extend(page.items);
        token = page.next_token;
        if token.is_none() {
            return events;
        }
    }
}
