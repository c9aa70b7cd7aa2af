//! The demo domain at scale, for benchmarks: the demo's fields, layouts and templates, and as many
//! cases and related items as asked, opened and worked over the ten weeks before "now" by the
//! demo's agents, supervisor and bots, with the same kinds of content, SLAs and audit histories.

use super::generator::{Gen, Who};
use super::json::sv;
use super::random::{pick, weighted};

/// What a scaled demo holds, as made: the cases asked for, and the related items asked for or a
/// few more (every case opens with its first few items, whatever its share).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaledCounts {
    /// Cases created (none deleted).
    pub cases: usize,
    /// Related items created (none deleted).
    pub related_items: usize,
}

impl Gen<'_> {
    /// Cases 1..=`cases`, opened at sorted moments between the setup and two hours before `now`,
    /// each with its share of `related_items` (the items `open_case` makes count), then a
    /// history of comments, contacts, custom items, files, links, SLAs and case updates up to
    /// `now`; older cases are closed half the time.
    pub(super) fn scaled(&mut self, cases: usize, related_items: usize, now: i64) -> ScaledCounts {
        let from = self.last_at() + 3600;
        let to = (now - 7200).max(from + cases as i64);
        let mut created: Vec<i64> = (0..cases).map(|_| self.rng.i64(from..to)).collect();
        created.sort_unstable();
        for i in 1..created.len() {
            created[i] = created[i].max(created[i - 1] + 1);
        }
        self.case_created = created;
        self.end = now;
        let mut made = 0;
        for no in 1..=cases {
            let quota = (related_items.saturating_sub(made)).div_ceil(cases + 1 - no);
            made += self.scaled_case(no, quota, now);
        }
        ScaledCounts {
            cases,
            related_items: made,
        }
    }

    /// One case with `quota` related items (at least those `open_case` makes); returns how many.
    fn scaled_case(&mut self, no: usize, quota: usize, now: i64) -> usize {
        let created = self.case_created[no - 1];
        // `new_case` treats case 1 as the big case: its customer, title and kinds.
        let mut c = self.new_case(no, created);
        self.open_case(&mut c);
        let actions = quota.saturating_sub(c.items.len()) * 5 / 4 + 1;
        let span_from = c.t + 60;
        let span_to = (now - 60).max(span_from + actions as i64);
        let mut times: Vec<i64> = (0..actions)
            .map(|_| self.rng.i64(span_from..span_to))
            .collect();
        times.sort_unstable();
        for t in times {
            if c.items.len() >= quota {
                break;
            }
            c.t = t.max(c.t + 1);
            let at = c.t;
            let owner = Who::Agent(c.owner);
            let customs = c.alive("Custom");
            let weights = [
                40.0,                                        // comment
                12.0,                                        // contact
                if c.kinds.is_empty() { 0.0 } else { 10.0 }, // new custom item
                if customs.is_empty() { 0.0 } else { 12.0 }, // custom item changed
                8.0,                                         // file
                4.0,                                         // SLA
                if no > 1 { 3.0 } else { 0.0 },              // link to an older case
                12.0,                                        // case update
            ];
            match weighted(&mut self.rng, &weights) {
                0 => {
                    let who = self.someone(&c);
                    let text = self.comment_text(&c);
                    self.add_comment(&mut c, at, who, text);
                }
                1 => self.add_contact(&mut c, at, owner),
                2 => {
                    let kind = *pick(&mut self.rng, &c.kinds);
                    self.add_custom(&mut c, kind, at);
                }
                3 => {
                    let i = *pick(&mut self.rng, &customs);
                    self.update_custom(&mut c, i, at);
                }
                4 => self.add_file(&mut c, at, owner),
                5 => self.add_sla(&mut c, at),
                6 => {
                    let target = self.rng.usize(1..no);
                    let who = self.someone(&c);
                    self.add_link(&mut c, at, who, target);
                }
                _ => self.random_case_update(&mut c, at),
            }
        }
        if created < now - 14 * 86_400 && self.rng.bool() {
            let at = (c.t + 600).min(now - 1);
            let owner = Who::Agent(c.owner);
            self.update_case(&mut c, at, owner, vec![("status".into(), sv("closed"))]);
        }
        c.items.len()
    }
}
