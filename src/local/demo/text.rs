//! Comment and summary text: catalog snippets with `{placeholders}` filled from the case.

use chrono::DateTime;

use super::calendar::short_date;
use super::generator::{CaseGen, Gen, Kind, Who};
use super::json::{get, get_str};
use super::random::pick;
use crate::limits::MAX_COMMENT_CHARS;

impl Gen<'_> {
    /// Fill `{placeholders}` from the case.
    pub(super) fn fill(&mut self, tpl: &str, c: &CaseGen) -> String {
        if !tpl.contains('{') {
            return tpl.to_string();
        }
        let cat = self.cat;
        let customer = &cat.customers[c.customer];
        let product = &cat.products[c.product];
        let mut out = String::with_capacity(tpl.len() + 32);
        let mut rest = tpl;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let key = &rest[open + 1..open + close];
            match key {
                "customer" => out.push_str(&customer.name),
                "first" => out.push_str(customer.name.split(' ').next().unwrap_or("")),
                "cust_id" => out.push_str(&customer.id),
                "order" => out.push_str(&c.order),
                "product" => out.push_str(&product.name),
                "sku" => out.push_str(&product.sku),
                "carrier" => out.push_str(&cat.carriers[c.carrier].name),
                "tracking" => out.push_str(&c.tracking),
                "amount" => out.push_str(&format!("£{:.2}", c.amount)),
                "date" => {
                    let d = c.t + self.rng.i64(-3..5) * 86_400;
                    out.push_str(&short_date(d));
                }
                "n" => out.push_str(&self.rng.u32(10_000..99_999).to_string()),
                "other" => {
                    let o = self.other_agent(c.owner);
                    out.push_str(self.first_name(Who::Agent(o)));
                }
                "supervisor" => out.push_str(self.first_name(Who::Supervisor)),
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    pub(super) fn fill_pick(&mut self, pool: &[String], c: &CaseGen) -> String {
        let tpl = pick(&mut self.rng, pool).clone();
        self.fill(&tpl, c)
    }

    pub(super) fn comment_text(&mut self, c: &CaseGen) -> String {
        let cat = self.cat;
        let scenario = &cat.scenarios[c.scenario];
        let pool: &[String] = match self.rng.u32(..10) {
            0..=3 => &scenario.comments,
            4 if c.big => &cat.comments.big_case_extra,
            _ => &cat.comments.followup,
        };
        let mut text = self.fill_pick(pool, c);
        if self.rng.u32(..4) == 0 {
            text.push_str("\n\n");
            let more = self.fill_pick(&cat.comments.followup, c);
            text.push_str(&more);
        }
        text
    }

    pub(super) fn long_comment(&mut self, c: &CaseGen) -> String {
        let cat = self.cat;
        let mut text = self.fill_pick(&cat.comments.call_notes_header, c);
        text.push_str("\n\n");
        let n = self.rng.usize(4..=cat.comments.call_notes.len());
        let start = self.rng.usize(..cat.comments.call_notes.len());
        for k in 0..n {
            let p = &cat.comments.call_notes[(start + k) % cat.comments.call_notes.len()];
            let p = self.fill(p, c);
            text.push_str(&p);
            text.push_str("\n\n");
        }
        text.push_str("Next review: ");
        text.push_str(&short_date(c.t + 2 * 86_400));
        text
    }

    /// The big case's very long comment: every delivery attempt so far, then call notes.
    pub(super) fn timeline_comment(&mut self, c: &CaseGen) -> String {
        let mut text = format!(
            "Full delivery timeline for order #{} (prepared for the carrier escalation).\n\n",
            c.order
        );
        for it in c.items.iter().filter(|it| it.kind == Some(Kind::Attempt)) {
            let f = &it.fields;
            let when = get_str(f, "delivery_date");
            let when = DateTime::parse_from_rfc3339(when)
                .map(|d| short_date(d.timestamp()))
                .unwrap_or_default();
            let n = get(f, "attempt_number")
                .and_then(|v| v["doubleValue"].as_f64())
                .unwrap_or(0.0);
            text.push_str(&format!(
                "- {when}: attempt {n} by {} ({}) — outcome: {}.",
                get_str(f, "carrier"),
                get_str(f, "tracking_code"),
                get_str(f, "delivery_outcome").replace('_', " "),
            ));
            let notes = get_str(f, "driver_notes");
            if !notes.is_empty() {
                text.push_str(" Driver: \"");
                text.push_str(notes);
                text.push('"');
            }
            text.push('\n');
        }
        text.push('\n');
        for p in &self.cat.comments.call_notes {
            let p = self.fill(p, c);
            text.push_str(&p);
            text.push_str("\n\n");
        }
        for p in &self.cat.comments.big_case_extra {
            let p = self.fill(p, c);
            text.push_str(&p);
            text.push_str("\n\n");
        }
        text.push_str("Please read this before calling the customer.");
        text.truncate(text.floor_char_boundary(MAX_COMMENT_CHARS - 1_000));
        text
    }
}
