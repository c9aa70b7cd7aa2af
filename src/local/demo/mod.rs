//! The demo domain: a deterministic list of seed steps that, replayed in order through the local
//! service's store, builds "Acme Support" — a contact centre's support domain with custom fields of
//! every type, templates, a layout, ~40 cases with related items of all six types, and long
//! histories. `cases-tui demo` replays them; `cases-tui serve --seed FILE` reads the same format
//! (`{"steps": [...]}`, see [`demo_seed_json`]).
//!
//! Each step is `{"operation", "at", "id"?, "principal", "input"}`: `operation` is the model's
//! operation name, `input` the operation's whole input by the model's member names (path labels
//! included), `at` the store's clock for that step (RFC 3339, non-decreasing), `id` the fixed id of
//! the resource a `Create*` step makes, and `principal` the IAM principal for the audit record.
//!
//! The text (customers, products, titles, comment snippets) lives in `assets/demo/catalog.json`;
//! this folder is only the generator: `schema` and `setup` make the domain, fields, layouts and
//! templates; `cases` opens each case and `history` plays its main loop, which adds related items
//! (`items`, `custom_items`), case-field changes (`case_fields`) and text (`text`).

mod calendar;
mod case_fields;
mod cases;
mod catalog;
mod custom_items;
mod generator;
mod history;
mod items;
mod json;
mod random;
mod schema;
mod setup;
#[cfg(test)]
mod tests;
mod text;

use serde_json::Value;

use super::seed::SeedStep;
use catalog::Catalog;
use generator::Gen;
use json::obj;

/// The demo domain's id.
pub const DEMO_DOMAIN_ID: &str = "demo";
/// The big case (1,000+ audit events, 150+ related items) used for paging and scrolling.
pub const BIG_CASE_ID: &str = "case-0001";
/// How many cases the demo creates.
pub const DEMO_CASE_COUNT: usize = 40;

const SEED: u64 = 0x00AC_3E5D_E302_0260;

/// When the administrator set the domain up.
const SETUP_AT: &str = "2026-09-19T08:00:00Z";
/// When the big case was opened.
const BIG_CASE_AT: &str = "2026-09-21T09:14:27Z";
/// The first and last moment another case may be opened.
const CASES_FROM: &str = "2026-09-22T00:00:00Z";
const CASES_TO: &str = "2026-11-27T00:00:00Z";
/// No step happens after this.
const HISTORY_END: &str = "2026-11-28T18:00:00Z";

/// The big case's customer comes back about the same order in this case.
const FOLLOW_UP_CASE: usize = 18;

/// Main-loop events of the big case (bursts add more).
const BIG_CASE_EVENTS: usize = 1100;

/// The system fields the service creates with the domain.
pub use crate::model::SYSTEM_FIELDS;

// ---------------------------------------------------------------------------------------------
// Public API

/// The demo seed steps, in order, ready to replay. Deterministic: every call returns the same
/// list. Built as `SeedStep`s directly: going through JSON first cost `cases-tui demo` about
/// 18 ms of its start-up.
pub fn demo_seed() -> Vec<SeedStep> {
    let catalog = Catalog::load();
    let mut g = Gen::new(&catalog);
    g.setup();
    for no in 1..=DEMO_CASE_COUNT {
        g.case(no);
    }
    g.finish()
}

/// The demo seed steps as the JSON objects a seed file holds.
pub fn demo_steps() -> Vec<Value> {
    demo_seed()
        .into_iter()
        .map(|step| serde_json::to_value(step).expect("a seed step serializes"))
        .collect()
}

/// The demo seed as the `{"steps": [...]}` document `cases-tui serve --seed FILE` reads.
pub fn demo_seed_json() -> String {
    let doc = obj([("steps", Value::Array(demo_steps()))]);
    serde_json::to_string_pretty(&doc).expect("seed serializes")
}
