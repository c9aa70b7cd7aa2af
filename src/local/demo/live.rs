//! The hour before the demo starts ("now"): comments, contacts, custom items and case updates on
//! six open cases by their six agents, the supervisor and the bots, and SLAs that breached minutes
//! ago, fall due within half an hour, or later, and one met when its case closed. The supervisor's
//! feed and SLA radar show a live picture the moment the demo opens.

use super::generator::{CaseGen, Gen, Who};
use super::json::{get_str, sv, uv};
use super::random::pick;

/// How many open cases the live hour touches: the big case and five others, each owned by
/// another agent.
pub(super) const LIVE_CASES: usize = 6;

/// How long before "now" the live hour starts, in seconds.
pub(super) const LIVE_SPAN: i64 = 3600;

#[derive(Clone, Copy, Debug)]
enum Live {
    Comment,
    Contact,
    EditComment,
    Custom,
    CaseUpdate,
    Escalate,
    /// A new SLA: its name and target in minutes from now - the entry's minutes.
    Sla(&'static str, i64),
    /// A closing comment, then the status closed (which completes the case's SLAs).
    Close,
}

/// `(minutes before now, case slot, what)`, oldest first; slot 0 is the big case. The SLAs read,
/// at "now": breached 12, 7 and 4 minutes ago; due in 7, 15, 22 and 28 minutes; due in about 4
/// hours and a day; and one met (slot 2 closes 25 minutes after it started).
const PLAN: &[(i64, usize, Live)] = &[
    (58, 1, Live::Contact),
    (57, 1, Live::Sla("VIP callback", 45)),
    (55, 2, Live::Comment),
    (52, 3, Live::Sla("Urgent first reply", 45)),
    (50, 4, Live::Custom),
    (48, 0, Live::Comment),
    (46, 5, Live::Contact),
    (45, 2, Live::Sla("Refund approval", 60)),
    (44, 5, Live::Sla("Callback promised", 40)),
    (42, 3, Live::CaseUpdate),
    (40, 0, Live::Custom),
    (38, 4, Live::Sla("Outage follow-up", 45)),
    (36, 1, Live::Comment),
    (33, 2, Live::Custom),
    (31, 5, Live::CaseUpdate),
    (30, 3, Live::Comment),
    (28, 0, Live::Sla("Escalation acknowledged", 50)),
    (27, 4, Live::EditComment),
    (25, 1, Live::Escalate),
    (24, 5, Live::Custom),
    (22, 2, Live::Comment),
    (20, 2, Live::Close),
    (20, 1, Live::Sla("Manager callback", 35)),
    (16, 3, Live::Contact),
    (15, 4, Live::Sla("Written reply to the customer", 240)),
    (13, 0, Live::Contact),
    (12, 5, Live::Sla("Courier recovery update", 40)),
    (10, 0, Live::Sla("VIP resolution within 24 hours", 1440)),
    (9, 1, Live::Custom),
    (7, 4, Live::CaseUpdate),
    // The big case's newest item is a comment, as the tour (and its pty test) expects.
    (6, 0, Live::Comment),
    (5, 3, Live::EditComment),
    (3, 0, Live::CaseUpdate),
    (1, 3, Live::Comment),
];

impl Gen<'_> {
    /// The live hour before `now` (Unix seconds), on the cases as their histories left them.
    pub(super) fn live_hour(&mut self, now: i64) {
        assert!(
            self.last_at() < now - LIVE_SPAN,
            "the history must end before the live hour"
        );
        let mut cases = std::mem::take(&mut self.cases);
        let slots = self.live_slots(&cases);
        for &(minutes, slot, what) in PLAN {
            let c = &mut cases[slots[slot]];
            // A few seconds of jitter; every entry stays at least 20 s before now.
            let at = now - minutes * 60 + self.rng.i64(0..40);
            c.t = c.t.max(at);
            let at = c.t;
            let owner = Who::Agent(c.owner);
            match what {
                Live::Comment => {
                    let text = self.fresh_comment_text(c);
                    self.add_comment(c, at, owner, text);
                }
                Live::Contact => self.add_contact(c, at, owner),
                Live::EditComment => match c.alive("Comment").last() {
                    Some(&i) => self.edit_comment(c, i, at),
                    None => {
                        let text = self.fresh_comment_text(c);
                        self.add_comment(c, at, owner, text);
                    }
                },
                Live::Custom => {
                    let customs = c.alive("Custom");
                    if !customs.is_empty() {
                        let i = *pick(&mut self.rng, &customs);
                        self.update_custom(c, i, at);
                    } else if !c.kinds.is_empty() {
                        let kind = *pick(&mut self.rng, &c.kinds);
                        self.add_custom(c, kind, at);
                    } else {
                        let text = self.fresh_comment_text(c);
                        self.add_comment(c, at, owner, text);
                    }
                }
                Live::CaseUpdate => self.random_case_update(c, at),
                Live::Escalate => {
                    let changes = vec![
                        ("priority".into(), sv("urgent")),
                        ("escalation_owner".into(), uv(self.supervisor_arn())),
                        ("assigned_queue".into(), sv("Escalations")),
                    ];
                    if !self.update_case(c, at, Who::Supervisor, changes) {
                        self.random_case_update(c, at);
                    }
                }
                Live::Sla(name, target) => self.add_sla_named(c, at, name, target),
                Live::Close => {
                    let text = self.fill_pick(&self.cat.comments.closing, c);
                    self.add_comment(c, at, owner, text);
                    c.t += 30;
                    let at = c.t;
                    self.update_case(c, at, owner, vec![("status".into(), sv("closed"))]);
                    c.closed = true;
                }
            }
        }
        self.cases = cases;
    }

    /// A comment whose first line none of the case's comments has: the feed shows first lines, and
    /// the same one twice within the hour reads as a double post. A few tries, as the pools are
    /// finite; the last try is kept whatever it reads.
    fn fresh_comment_text(&mut self, c: &CaseGen) -> String {
        let first = |s: &str| s.lines().next().unwrap_or("").to_string();
        let mut text = self.comment_text(c);
        for _ in 0..16 {
            let line = first(&text);
            if !c
                .items
                .iter()
                .any(|it| it.ty == "Comment" && first(&it.body) == line)
            {
                break;
            }
            text = self.comment_text(c);
        }
        text
    }

    /// Indexes into `cases` of the live hour's cases: the big case, then open cases whose owners
    /// differ from those picked, in a seeded order.
    fn live_slots(&mut self, cases: &[super::generator::CaseGen]) -> Vec<usize> {
        let open = |i: usize| get_str(&cases[i].fields, "status") == "open";
        let mut order: Vec<usize> = (1..cases.len()).collect();
        self.rng.shuffle(&mut order);
        let mut slots = vec![0];
        for &i in &order {
            if slots.len() < LIVE_CASES
                && open(i)
                && !slots.iter().any(|&s| cases[s].owner == cases[i].owner)
            {
                slots.push(i);
            }
        }
        // Fewer owners than slots: any other open case.
        for &i in &order {
            if slots.len() < LIVE_CASES && open(i) && !slots.contains(&i) {
                slots.push(i);
            }
        }
        assert!(open(0) && slots.len() == LIVE_CASES, "{slots:?}");
        slots
    }
}
