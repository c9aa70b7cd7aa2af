//! Seed files: a list of operations replayed through the validator and the store at start-up.

use std::path::Path;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::{CallContext, ROOT_PRINCIPAL};
use super::spec::MODEL;
use super::store::Store;
use super::validate::validate_input;

/// One step of a seed: an operation and its merged input (path-label members included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedStep {
    pub operation: String,
    #[serde(default = "empty_object")]
    pub input: Value,
    /// The store's clock for this step (now when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    /// Fixes the id of the resource a Create* step makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The caller's IAM principal ARN (the unsigned root principal when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
}

fn empty_object() -> Value {
    Value::Object(Default::default())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    steps: Vec<SeedStep>,
}

/// Reads a seed file: JSON `{"steps": [ ... ]}`.
pub fn load_seed(path: impl AsRef<Path>) -> anyhow::Result<Vec<SeedStep>> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read seed file {}", path.display()))?;
    let file: SeedFile = serde_json::from_str(&text).with_context(|| {
        format!(
            "seed file {} is not valid: expected {{\"steps\": [{{\"operation\": ..., \"input\": {{...}}}}, ...]}}",
            path.display()
        )
    })?;
    Ok(file.steps)
}

/// Runs `steps` in order; the first failing step stops the replay with an error naming it.
pub fn replay(store: &mut Store, steps: &[SeedStep]) -> anyhow::Result<()> {
    for (i, step) in steps.iter().enumerate() {
        let n = i + 1;
        let op = MODEL.operation(&step.operation).ok_or_else(|| {
            anyhow::anyhow!("seed step {n}: unknown operation {:?}", step.operation)
        })?;
        let ctx = CallContext {
            now: step.at.unwrap_or_else(Utc::now),
            iam_principal_arn: step
                .principal
                .clone()
                .unwrap_or_else(|| ROOT_PRINCIPAL.to_owned()),
            id_override: step.id.clone(),
        };
        let mut run = || {
            if let Some(shape) = &op.input {
                validate_input(shape, &step.input)?;
            }
            store.call(&op.name, &step.input, &ctx)
        };
        run().map_err(|e| {
            anyhow::anyhow!(
                "seed step {n} ({}) failed: {}: {}",
                op.name,
                e.kind.name(),
                e.message
            )
        })?;
    }
    Ok(())
}
