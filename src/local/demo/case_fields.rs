//! Changes to a case's fields: only real changes are sent, and a change of assignee moves the case
//! to that agent.

use serde_json::Value;

use super::DEMO_DOMAIN_ID;
use super::calendar::{rfc3339, short_date};
use super::generator::{CaseGen, Gen, Who};
use super::json::{dv, empty, fields_json, get, get_str, money, obj, set, st, sv, uv};
use super::random::{other_option, pick, weighted};
use super::schema::{CHANNELS, PRIORITIES};
use crate::limits::MAX_SUMMARY_CHARS;

impl Gen<'_> {
    /// Send the changes that differ from the case's current values; false if none do.
    pub(super) fn update_case(
        &mut self,
        c: &mut CaseGen,
        at: i64,
        who: Who,
        changes: Vec<(String, Value)>,
    ) -> bool {
        let changes: Vec<(String, Value)> = changes
            .into_iter()
            .filter(|(id, v)| match get(&c.fields, id) {
                Some(old) => old != v,
                None => v.get("emptyValue").is_none(),
            })
            .collect();
        if changes.is_empty() {
            return false;
        }
        self.push(
            at,
            "UpdateCase",
            None,
            who,
            obj([
                ("domainId", st(DEMO_DOMAIN_ID)),
                ("caseId", st(&c.id)),
                ("fields", fields_json(&changes)),
            ]),
        );
        for (id, v) in changes {
            if id == "assigned_user"
                && let Some(i) =
                    self.cat.agents.iter().position(|a| {
                        v["userArnValue"].as_str() == Some(&self.connect_user_arn(&a.id))
                    })
            {
                c.owner = i;
            }
            set(&mut c.fields, &id, v);
        }
        true
    }

    pub(super) fn random_case_update(&mut self, c: &mut CaseGen, at: i64) {
        let cat = self.cat;
        let scenario = &cat.scenarios[c.scenario];
        let mut who = Who::Agent(c.owner);
        let mut ch: Vec<(String, Value)> = Vec::new();
        let has = |id: &str| get(&c.fields, id).is_some();
        let weights = [
            3.0, // reassign
            3.0, // priority
            2.0, // summary
            1.0, // escalate / de-escalate
            if has("delivery_date") || has("booking_date") {
                2.0
            } else {
                0.0
            },
            1.0, // channel
            if has("tracking_code") { 1.0 } else { 0.0 },
            2.0, // priority score
            if has("refund_amount") { 1.0 } else { 0.0 },
        ];
        match weighted(&mut self.rng, &weights) {
            0 => {
                let to = self.other_agent(c.owner);
                if self.rng.bool() {
                    who = Who::Supervisor;
                }
                ch.push(("assigned_user".into(), uv(self.agent_arn(to))));
                if self.rng.u32(..3) == 0 {
                    let q = pick(&mut self.rng, &cat.queues).clone();
                    ch.push(("assigned_queue".into(), sv(q)));
                }
            }
            1 => {
                let cur = get_str(&c.fields, "priority").to_string();
                let p = other_option(&mut self.rng, PRIORITIES, &cur);
                ch.push(("priority".into(), sv(p)));
                if self.rng.bool() {
                    ch.push(("priority_score".into(), dv(f64::from(self.rng.u32(5..100)))));
                }
            }
            2 => {
                let old = get_str(&c.fields, "summary").to_string();
                let update = format!(
                    "Update {}: {}",
                    short_date(at),
                    self.fill_pick(&cat.comments.followup, c)
                );
                let new = if old.len() + update.len() + 2 > MAX_SUMMARY_CHARS - 100 {
                    let base = self.fill_pick(&scenario.summaries, c);
                    format!("{base}\n\n{update}")
                } else {
                    format!("{old}\n\n{update}")
                };
                ch.push(("summary".into(), sv(new)));
            }
            3 => {
                if get(&c.fields, "escalation_owner")
                    .is_some_and(|v| v.get("userArnValue").is_some())
                {
                    ch.push(("escalation_owner".into(), empty()));
                    ch.push(("assigned_queue".into(), sv(&scenario.queue)));
                } else {
                    ch.push(("escalation_owner".into(), uv(self.supervisor_arn())));
                    ch.push(("priority".into(), sv("urgent")));
                    ch.push(("assigned_queue".into(), sv("Escalations")));
                }
                who = Who::Supervisor;
            }
            4 => {
                let id = if has("delivery_date") {
                    "delivery_date"
                } else {
                    "booking_date"
                };
                let day = (at / 86_400 + self.rng.i64(1..9)) * 86_400;
                ch.push((id.into(), sv(rfc3339(day + 9 * 3600))));
            }
            5 => {
                let cur = get_str(&c.fields, "channel_preference").to_string();
                let ch_pref = other_option(&mut self.rng, CHANNELS, &cur);
                ch.push(("channel_preference".into(), sv(ch_pref)));
            }
            6 => {
                let prefix = &cat.carriers[c.carrier].prefix;
                c.tracking = format!("{prefix}{}", self.rng.u64(100_000_000..999_999_999));
                ch.push(("tracking_code".into(), sv(&c.tracking)));
            }
            7 => {
                let cur = get(&c.fields, "priority_score")
                    .and_then(|v| v["doubleValue"].as_f64())
                    .unwrap_or(0.0);
                let mut s = f64::from(self.rng.u32(5..100));
                if s == cur {
                    s = (s + 7.0) % 100.0;
                }
                ch.push(("priority_score".into(), dv(s)));
            }
            _ => {
                c.amount = money(c.amount * (0.5 + self.rng.f64()));
                ch.push(("refund_amount".into(), dv(c.amount)));
            }
        }
        if !self.update_case(c, at, who, ch) {
            let s = f64::from(self.rng.u32(1..100));
            let s = if get(&c.fields, "priority_score") == Some(&dv(s)) {
                s + 0.5
            } else {
                s
            };
            self.update_case(c, at, who, vec![("priority_score".into(), dv(s))]);
        }
    }
}
