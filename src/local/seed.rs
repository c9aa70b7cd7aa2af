//! Seed files: a list of operations replayed through the validator and the store at start-up.

use std::path::Path;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

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
    replay_steps(store, steps, true)
}

/// `replay` without checking each input against the model: for the built-in demo steps, which a
/// test checks once (validating them at every start-up was a fifth of the demo's seeding time).
pub fn replay_trusted(store: &mut Store, steps: &[SeedStep]) -> anyhow::Result<()> {
    replay_steps(store, steps, false)
}

fn replay_steps(store: &mut Store, steps: &[SeedStep], validate: bool) -> anyhow::Result<()> {
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
            if let Some(shape) = op.input.as_ref().filter(|_| validate) {
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

/// A synthetic long history, for tests and benchmarks: domain `d`, template `t`, and case `c`
/// whose history has exactly `events` audit events: the creation and
/// `events - 1` updates, one minute apart, alternating between two performers.
pub fn long_history_steps(events: usize) -> Vec<SeedStep> {
    let t0 = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 1, 1, 0, 0, 0).unwrap();
    let step = |op: &str, at: DateTime<Utc>, id: Option<&str>, input: Value| SeedStep {
        operation: op.into(),
        input,
        at: Some(at),
        id: id.map(str::to_string),
        principal: None,
    };
    let mut steps = vec![
        step("CreateDomain", t0, Some("d"), json!({"name": "export"})),
        step(
            "CreateTemplate",
            t0,
            Some("t"),
            json!({"domainId": "d", "name": "T", "status": "Active"}),
        ),
        step(
            "CreateCase",
            t0,
            Some("c"),
            json!({"domainId": "d", "templateId": "t",
                   "fields": [{"id": "title", "value": {"stringValue": "long history"}}],
                   "performedBy": {"customEntity": "creator"}}),
        ),
    ];
    for i in 1..events {
        let by = if i % 2 == 0 {
            json!({"customEntity": "bot"})
        } else {
            json!({"userArn": "arn:aws:connect:us-east-1:123456789012:instance/i/agent/maria"})
        };
        steps.push(step(
            "UpdateCase",
            t0 + chrono::Duration::minutes(i as i64),
            None,
            json!({"domainId": "d", "caseId": "c",
                   "fields": [{"id": "summary", "value": {"stringValue": format!("revision {i}")}}],
                   "performedBy": by}),
        ));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Start-up replays the demo with `replay_trusted`: every step must pass validation.
    #[test]
    fn every_demo_step_passes_the_models_validation() {
        let steps = crate::local::demo::demo_seed();
        for (i, step) in steps.iter().enumerate() {
            let op = MODEL.operation(&step.operation).unwrap();
            if let Some(shape) = &op.input {
                validate_input(shape, &step.input)
                    .unwrap_or_else(|e| panic!("step {} ({}): {}", i + 1, op.name, e.message));
            }
        }
        let mut store = Store::default();
        replay_trusted(&mut store, &steps).unwrap();
    }

    /// `demo_seed` builds steps directly; written out as a seed file and read back they are the
    /// same, so `serve --seed` of the demo's JSON makes the same store as `serve --demo`.
    #[test]
    fn the_demo_seed_round_trips_through_a_seed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.json");
        std::fs::write(&path, crate::local::demo::demo_seed_json()).unwrap();
        let read = load_seed(&path).unwrap();
        let built = crate::local::demo::demo_seed();
        assert_eq!(read.len(), built.len());
        assert!(read == built, "a step differs after the round trip");
    }
}
