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
//! (`items`, `custom_items`), case-field changes (`case_fields`) and text (`text`); `live` plays
//! the hour before the demo starts.
//!
//! The history is written for fixed dates and moved by whole days to end before "now"
//! ([`demo_seed_at`]); the last hour is played relative to "now" itself, so the activity feed and
//! SLAs near breach are live when the demo opens.

mod calendar;
mod case_fields;
mod cases;
mod catalog;
mod custom_items;
mod generator;
mod history;
mod items;
mod json;
mod live;
mod random;
mod scale;
mod schema;
mod setup;
#[cfg(test)]
mod tests;
mod text;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::seed::SeedStep;
use catalog::Catalog;
use generator::Gen;
use json::obj;

pub use scale::ScaledCounts;

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
/// No main-loop step happens after this (bursts and closings run a little later).
const HISTORY_END: &str = "2026-11-28T18:00:00Z";
/// No step of the history is at or after this: the live hour starts here at the earliest.
const HISTORY_LATEST: &str = "2026-11-29T00:00:00Z";
/// "Now" for [`demo_seed`]: the live hour right after the unmoved history.
pub const DEMO_NOW: &str = "2026-11-29T01:00:00Z";

/// The big case's customer comes back about the same order in this case.
const FOLLOW_UP_CASE: usize = 18;

/// Main-loop events of the big case (bursts add more).
const BIG_CASE_EVENTS: usize = 1100;

/// The system fields the service creates with the domain.
pub use crate::model::SYSTEM_FIELDS;

// ---------------------------------------------------------------------------------------------
// Public API

/// The demo seed steps as of [`DEMO_NOW`], in order, ready to replay. Deterministic: every call
/// returns the same list (tests and snapshots use it).
pub fn demo_seed() -> Vec<SeedStep> {
    demo_seed_at(demo_now())
}

/// [`DEMO_NOW`] as a time.
pub fn demo_now() -> DateTime<Utc> {
    DEMO_NOW.parse().expect("DEMO_NOW is RFC 3339")
}

/// The demo seed steps for a demo that starts at `now` (`cases-tui demo` passes the clock, taken
/// once): the ten weeks of history moved by whole days to end before the last hour, and the last
/// hour (see `live`) played up to `now`: recent activity on several cases by several people, and
/// SLAs breached minutes ago or due within minutes. The same `now` gives the same steps. Built as
/// `SeedStep`s directly: going through JSON first cost `cases-tui demo` about 18 ms of its
/// start-up.
pub fn demo_seed_at(now: DateTime<Utc>) -> Vec<SeedStep> {
    let now = now.timestamp();
    let catalog = Catalog::load();
    let mut g = Gen::new(&catalog, history_shift(now));
    g.setup();
    for no in 1..=DEMO_CASE_COUNT {
        g.case(no);
    }
    g.live_hour(now);
    g.finish()
}

/// A demo-like domain (id `demo`, the demo's fields, layouts and templates) scaled to `cases`
/// cases and about `related_items` related items of every type (at least the few each case
/// opens with), worked over the ten weeks before `now` by the demo's people with case updates
/// and audit histories, older cases half closed: the domain benchmarks such as the supervisor's
/// feed run against. Deterministic for a given `now`. Replay the steps with
/// [`crate::local::start_with_steps`] (or `seed::replay_trusted`).
pub fn scaled_demo_seed(
    cases: usize,
    related_items: usize,
    now: DateTime<Utc>,
) -> (Vec<SeedStep>, ScaledCounts) {
    let now = now.timestamp();
    let catalog = Catalog::load();
    let mut g = Gen::new(&catalog, history_shift(now));
    g.setup();
    let counts = g.scaled(cases.max(1), related_items, now);
    (g.finish(), counts)
}

/// Whole days that move the history so that it ends before the live hour that ends at `now`.
fn history_shift(now: i64) -> i64 {
    let latest = calendar::ts(HISTORY_LATEST);
    (now - live::LIVE_SPAN - latest).div_euclid(86_400) * 86_400
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
