//! A case's main loop: each moment picks one action by weight (busier for the big case).

use super::generator::{Bot, CaseGen, Gen, Kind, Who};
use super::json::sv;
use super::random::{pick, weighted};

/// What a case's main loop may do next.
#[derive(Clone, Copy)]
enum Act {
    Comment,
    LongComment,
    EditComment,
    UpdateCustom,
    AddCustom,
    UpdateCase,
    Contact,
    File,
    Delete,
    Mistake,
    Link,
    CloseReopen,
    Sla,
}

const ACTS: [Act; 13] = [
    Act::Comment,
    Act::LongComment,
    Act::EditComment,
    Act::UpdateCustom,
    Act::AddCustom,
    Act::UpdateCase,
    Act::Contact,
    Act::File,
    Act::Delete,
    Act::Mistake,
    Act::Link,
    Act::CloseReopen,
    Act::Sla,
];

impl Gen<'_> {
    /// One main-loop action at `c.t`.
    pub(super) fn act(&mut self, c: &mut CaseGen) {
        let at = c.t;
        if c.closed {
            self.reopen(c, at);
            return;
        }
        let (mut comments, mut customs, mut deletable) = (0, 0, 0);
        for it in c.items.iter().filter(|it| it.alive) {
            match it.ty {
                "Comment" => comments += 1,
                "Custom" => customs += 1,
                // File items are deleted with DeleteAttachedFile, not DeleteRelatedItem.
                "Contact" => {}
                _ => continue,
            }
            deletable += 1;
        }
        // Cases opened before now (their creation times are strictly increasing).
        let opened = self.case_created.partition_point(|&t| t < at);
        let link_targets: Vec<usize> = (1..=opened)
            .filter(|&n| n != c.no && !c.links.contains(&n))
            .collect();
        let b = c.big;
        let w = |normal: f64, big: f64| if b { big } else { normal };
        let weights: Vec<f64> = ACTS
            .iter()
            .map(|a| match a {
                Act::Comment => w(20.0, 10.0),
                Act::LongComment => w(2.0, 1.5),
                Act::EditComment if comments > 0 => w(8.0, 10.0),
                Act::UpdateCustom if customs > 0 => w(18.0, 24.0),
                Act::AddCustom if !c.kinds.is_empty() => w(4.0, 7.0),
                Act::UpdateCase => w(20.0, 20.0),
                Act::Contact => w(5.0, 3.0),
                Act::File => w(4.0, 3.0),
                Act::Delete if deletable > 3 => w(1.5, 1.0),
                Act::Mistake => w(1.0, 0.8),
                Act::Link if !link_targets.is_empty() && c.links.len() < w(2.0, 6.0) as usize => {
                    w(1.0, 0.6)
                }
                Act::CloseReopen if c.reopens < w(1.0, 2.0) as u32 => w(0.7, 0.25),
                Act::Sla => w(0.3, 0.6),
                _ => 0.0,
            })
            .collect();
        let act = ACTS[weighted(&mut self.rng, &weights)];
        match act {
            Act::Comment => {
                let who = self.someone(c);
                let text = self.comment_text(c);
                self.add_comment(c, at, who, text);
                if b && self.rng.u32(..12) == 0 {
                    // A customer call often comes with the comment.
                    let at = self.soon(c);
                    self.add_contact(c, at, Who::Agent(c.owner));
                }
            }
            Act::LongComment => {
                let who = self.someone(c);
                let long_enough = c
                    .items
                    .iter()
                    .filter(|it| it.kind == Some(Kind::Attempt))
                    .count()
                    > 25;
                let text = if b
                    && long_enough
                    && !c
                        .items
                        .iter()
                        .any(|it| it.body.starts_with("Full delivery timeline"))
                {
                    self.timeline_comment(c)
                } else {
                    self.long_comment(c)
                };
                self.add_comment(c, at, who, text);
            }
            Act::EditComment => {
                // Recent comments are edited more often than old ones.
                let comments = c.alive("Comment");
                let k = comments.len();
                let i = comments[k - 1 - self.rng.usize(..k.min(6))];
                self.edit_comment(c, i, at);
            }
            Act::UpdateCustom => {
                let i = *pick(&mut self.rng, &c.alive("Custom"));
                self.update_custom(c, i, at);
            }
            Act::AddCustom => {
                let kind = if c.kinds.contains(&Kind::Attempt) && self.rng.u32(..10) < 6 {
                    Kind::Attempt
                } else {
                    *pick(&mut self.rng, &c.kinds)
                };
                self.add_custom(c, kind, at);
            }
            Act::UpdateCase => self.random_case_update(c, at),
            Act::Contact => self.add_contact(c, at, Who::Agent(c.owner)),
            Act::File => {
                let who = if self.rng.u32(..4) == 0 {
                    Who::Bot(Bot::Portal)
                } else {
                    Who::Agent(c.owner)
                };
                self.add_file(c, at, who);
            }
            Act::Delete => {
                let candidates: Vec<usize> = c
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, it)| it.alive && matches!(it.ty, "Comment" | "Contact" | "Custom"))
                    .map(|(i, _)| i)
                    .collect();
                let i = *pick(&mut self.rng, &candidates);
                let who = if self.rng.bool() {
                    Who::Supervisor
                } else {
                    Who::Agent(c.owner)
                };
                self.delete_item(c, i, at, who);
            }
            Act::Mistake => {
                let who = Who::Agent(self.rng.usize(..self.cat.agents.len()));
                let text = pick(&mut self.rng, &self.cat.comments.mistake).clone();
                let i = self.add_comment(c, at, who, text);
                let at = self.soon(c);
                self.delete_item(c, i, at, who);
            }
            Act::Link => {
                let n = *pick(&mut self.rng, &link_targets);
                let who = self.someone(c);
                self.add_link(c, at, who, n);
            }
            Act::CloseReopen => {
                let text = self.fill_pick(&self.cat.comments.closing, c);
                self.add_comment(c, at, Who::Agent(c.owner), text);
                let at = self.soon(c);
                self.update_case(
                    c,
                    at,
                    Who::Agent(c.owner),
                    vec![("status".into(), sv("closed"))],
                );
                c.closed = true;
            }
            Act::Sla => self.add_sla(c, at),
        }
    }
}
