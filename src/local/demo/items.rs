//! Related items of every type but custom ones: adding, editing a comment, deleting.

use serde_json::{Map, Value, json};

use super::DEMO_DOMAIN_ID;
use super::generator::{Bot, CaseGen, Gen, Item, Who};
use super::json::{obj, st};
use super::random::{hex, pick, uuidish};
use crate::limits::MAX_COMMENT_CHARS;

impl Gen<'_> {
    pub(super) fn add_item(
        &mut self,
        c: &mut CaseGen,
        at: i64,
        who: Who,
        ty: &'static str,
        content: Value,
    ) -> usize {
        c.next_item += 1;
        let id = format!("ri-{:04}-{:03}", c.no, c.next_item);
        let key = match ty {
            "Contact" => "contact",
            "Comment" => "comment",
            "File" => "file",
            "Sla" => "sla",
            "ConnectCase" => "connectCase",
            _ => "custom",
        };
        let mut wrapped = Map::new();
        wrapped.insert(key.into(), content);
        self.push(
            at,
            "CreateRelatedItem",
            Some(id.clone()),
            who,
            obj([
                ("domainId", st(DEMO_DOMAIN_ID)),
                ("caseId", st(&c.id)),
                ("type", st(ty)),
                ("content", Value::Object(wrapped)),
            ]),
        );
        c.items.push(Item {
            id,
            ty,
            alive: true,
            author: who,
            body: String::new(),
            kind: None,
            fields: Vec::new(),
        });
        c.items.len() - 1
    }

    pub(super) fn add_comment(
        &mut self,
        c: &mut CaseGen,
        at: i64,
        who: Who,
        body: String,
    ) -> usize {
        let i = self.add_item(
            c,
            at,
            who,
            "Comment",
            obj([("body", st(&body)), ("contentType", st("Text/Plain"))]),
        );
        c.items[i].body = body;
        i
    }

    pub(super) fn add_contact(&mut self, c: &mut CaseGen, at: i64, who: Who) {
        let arn = format!(
            "arn:aws:connect:{}:{}:instance/{}/contact/{}",
            self.cat.region,
            self.cat.account,
            self.cat.instance,
            uuidish(&mut self.rng)
        );
        self.add_item(c, at, who, "Contact", json!({ "contactArn": arn }));
    }

    pub(super) fn add_file(&mut self, c: &mut CaseGen, at: i64, who: Who) {
        let arn = format!(
            "arn:aws:connect:{}:{}:instance/{}/file/{}",
            self.cat.region,
            self.cat.account,
            self.cat.instance,
            hex(&mut self.rng, 32)
        );
        self.add_item(c, at, who, "File", json!({ "fileArn": arn }));
    }

    pub(super) fn add_sla(&mut self, c: &mut CaseGen, at: i64) {
        let (name, minutes) = *pick(
            &mut self.rng,
            &[
                ("Resolution within 72 hours", 4320),
                ("VIP resolution within 24 hours", 1440),
                ("Refund processed within 5 days", 7200),
                ("Escalation resolved within 48 hours", 2880),
                ("Resolution within 10 working days", 20160),
            ],
        );
        self.add_sla_named(c, at, name, minutes);
    }

    /// An SLA met when the case is closed, `minutes` after `at`, started by the SLA monitor.
    pub(super) fn add_sla_named(&mut self, c: &mut CaseGen, at: i64, name: &str, minutes: i64) {
        self.add_item(
            c,
            at,
            Who::Bot(Bot::Sla),
            "Sla",
            json!({ "slaInputConfiguration": {
                "name": name,
                "type": "CaseField",
                "fieldId": "status",
                "targetFieldValues": [{ "stringValue": "closed" }],
                "targetSlaMinutes": minutes,
            }}),
        );
    }

    pub(super) fn add_link(&mut self, c: &mut CaseGen, at: i64, who: Who, target: usize) {
        let case_id = format!("case-{target:04}");
        self.add_item(c, at, who, "ConnectCase", json!({ "caseId": case_id }));
        c.links.push(target);
    }

    pub(super) fn edit_comment(&mut self, c: &mut CaseGen, idx: usize, at: i64) {
        let who = match c.items[idx].author {
            w @ (Who::Agent(_) | Who::Supervisor) => w,
            _ => Who::Agent(c.owner),
        };
        let addition = self.fill_pick(&self.cat.comments.edits, c);
        let old = &c.items[idx].body;
        let body = if old.len() + addition.len() + 2 > MAX_COMMENT_CHARS {
            addition
        } else {
            format!("{old}\n\n{addition}")
        };
        self.push(
            at,
            "UpdateRelatedItem",
            None,
            who,
            obj([
                ("domainId", st(DEMO_DOMAIN_ID)),
                ("caseId", st(&c.id)),
                ("relatedItemId", st(&c.items[idx].id)),
                (
                    "content",
                    obj([(
                        "comment",
                        obj([("body", st(&body)), ("contentType", st("Text/Plain"))]),
                    )]),
                ),
            ]),
        );
        c.items[idx].body = body;
    }

    pub(super) fn delete_item(&mut self, c: &mut CaseGen, idx: usize, at: i64, who: Who) {
        self.push(
            at,
            "DeleteRelatedItem",
            None,
            who,
            obj([
                ("domainId", st(DEMO_DOMAIN_ID)),
                ("caseId", st(&c.id)),
                ("relatedItemId", st(&c.items[idx].id)),
            ]),
        );
        c.items[idx].alive = false;
    }
}
