//! STAND-IN for the store (owned by the wt-store branch, which replaces this file at merge):
//! just enough domains for the protocol layer's tests.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::error::{CallContext, ServiceError};

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Store {
    domains: Vec<(String, String)>,
}

impl Store {
    pub fn call(
        &mut self,
        operation: &str,
        input: &Value,
        ctx: &CallContext,
    ) -> Result<Value, ServiceError> {
        match operation {
            "CreateDomain" => {
                let id = ctx
                    .id_override
                    .clone()
                    .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
                let name = input["name"].as_str().unwrap_or_default().to_owned();
                if self.domains.iter().any(|(_, n)| *n == name) {
                    return Err(ServiceError::conflict(format!(
                        "Domain {name} already exists"
                    )));
                }
                self.domains.push((id.clone(), name));
                Ok(
                    json!({"domainId": id, "domainArn": format!("arn:aws:cases:us-east-1:123456789012:domain/{id}"), "domainStatus": "Active"}),
                )
            }
            "GetDomain" => {
                let id = input["domainId"].as_str().unwrap_or_default();
                let (id, name) = self.domains.iter().find(|(d, _)| d == id).ok_or_else(|| {
                    ServiceError::not_found(format!("Domain {id} not found"), id, "Domain")
                })?;
                Ok(
                    json!({"domainId": id, "domainArn": format!("arn:aws:cases:us-east-1:123456789012:domain/{id}"), "name": name, "createdTime": "2026-01-01T00:00:00Z", "domainStatus": "Active"}),
                )
            }
            "ListDomains" => Ok(
                json!({"domains": self.domains.iter().map(|(id, name)| json!({"domainId": id, "domainArn": format!("arn:aws:cases:us-east-1:123456789012:domain/{id}"), "name": name})).collect::<Vec<_>>()}),
            ),
            other => Err(ServiceError::not_implemented(other)),
        }
    }
}
