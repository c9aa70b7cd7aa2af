//! A store with a settable clock, for the operations' unit tests.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::local::error::{CallContext, ServiceError};
use crate::local::store::Store;

pub(crate) const PRINCIPAL: &str = "arn:aws:iam::123456789012:user/tester";
pub(crate) const AGENT: &str = "arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/a-1";

pub(crate) struct Kit {
    pub store: Store,
    pub now: DateTime<Utc>,
    pub id_override: Option<String>,
}

impl Kit {
    pub fn new() -> Self {
        Kit {
            store: Store::default(),
            now: "2026-09-01T09:00:00Z".parse().unwrap(),
            id_override: None,
        }
    }

    pub fn ctx(&self) -> CallContext {
        CallContext {
            now: self.now,
            iam_principal_arn: PRINCIPAL.into(),
            id_override: self.id_override.clone(),
        }
    }

    pub fn call(&mut self, op: &str, input: Value) -> Result<Value, ServiceError> {
        let ctx = self.ctx();
        self.store.call(op, &input, &ctx)
    }

    #[track_caller]
    pub fn ok(&mut self, op: &str, input: Value) -> Value {
        match self.call(op, input) {
            Ok(v) => v,
            Err(e) => panic!("{op} failed: {e}"),
        }
    }

    #[track_caller]
    pub fn err(&mut self, op: &str, input: Value) -> ServiceError {
        match self.call(op, input) {
            Ok(v) => panic!("{op} unexpectedly succeeded: {v}"),
            Err(e) => e,
        }
    }

    pub fn tick(&mut self, minutes: i64) {
        self.now += Duration::minutes(minutes);
    }

    /// Creates "test-domain" and returns its id.
    pub fn domain(&mut self) -> String {
        let out = self.ok("CreateDomain", json!({"name": "test-domain"}));
        out["domainId"].as_str().unwrap().to_string()
    }

    pub fn field(&mut self, domain: &str, name: &str, ftype: &str) -> String {
        let out = self.ok(
            "CreateField",
            json!({"domainId": domain, "name": name, "type": ftype}),
        );
        out["fieldId"].as_str().unwrap().to_string()
    }

    pub fn template(&mut self, domain: &str) -> String {
        let out = self.ok(
            "CreateTemplate",
            json!({"domainId": domain, "name": "Default"}),
        );
        out["templateId"].as_str().unwrap().to_string()
    }

    /// A domain, an active template and one case titled `title`: (domain, template, case).
    pub fn case_setup(&mut self, title: &str) -> (String, String, String) {
        let d = self.domain();
        let tpl = self.template(&d);
        let c = self.case(&d, &tpl, title);
        (d, tpl, c)
    }

    pub fn case(&mut self, domain: &str, template: &str, title: &str) -> String {
        let out = self.ok(
            "CreateCase",
            json!({
                "domainId": domain,
                "templateId": template,
                "fields": [{"id": "title", "value": {"stringValue": title}}],
                "performedBy": {"userArn": AGENT},
            }),
        );
        out["caseId"].as_str().unwrap().to_string()
    }

    /// Every audit event of a case, walking all pages.
    pub fn audit(&mut self, domain: &str, case: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut token: Option<Value> = None;
        loop {
            let mut input = json!({"domainId": domain, "caseId": case});
            if let Some(t) = token.take() {
                input["nextToken"] = t;
            }
            let page = self.ok("GetCaseAuditEvents", input);
            out.extend(page["auditEvents"].as_array().unwrap().iter().cloned());
            match page.get("nextToken") {
                Some(t) => token = Some(t.clone()),
                None => return out,
            }
        }
    }

    /// The case's current value of each of `fields` (absent ones left out).
    pub fn get(&mut self, domain: &str, case: &str, fields: &[&str]) -> Value {
        let ids: Vec<Value> = fields.iter().map(|f| json!({"id": f})).collect();
        let out = self.ok(
            "GetCase",
            json!({"domainId": domain, "caseId": case, "fields": ids}),
        );
        out["fields"].clone()
    }
}
