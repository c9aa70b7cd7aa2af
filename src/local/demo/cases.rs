//! One case from start to end: who and what it is about, how long it lives, the `CreateCase` and
//! its first minutes, then the main loop and a closing or reopening.

use serde_json::Value;

use super::calendar::{rfc3339, working_hours};
use super::generator::{Bot, CaseGen, Gen, Kind, Who};
use super::json::{bv, dv, fields_json, money, obj, st, sv, uv};
use super::random::pick;
use super::schema::{CHANNELS, reason_value};
use super::{BIG_CASE_EVENTS, DEMO_DOMAIN_ID, FOLLOW_UP_CASE};

impl Gen<'_> {
    /// Who and what case `no` (opened at `created`) is about; case 1 is the big case.
    pub(super) fn new_case(&mut self, no: usize, created: i64) -> CaseGen {
        let cat = self.cat;
        let big = no == 1;
        let rng = &mut self.rng;

        let follow_up = no == FOLLOW_UP_CASE;
        let scenario = if big {
            0
        } else if follow_up {
            cat.scenarios
                .iter()
                .position(|s| s.key == cat.big_case.follow_up_scenario)
                .expect("follow-up scenario in catalog")
        } else {
            rng.usize(..cat.scenarios.len())
        };
        let customer = if big || follow_up {
            cat.customers
                .iter()
                .position(|x| x.id == cat.big_case.customer)
                .expect("big case customer in catalog")
        } else {
            rng.usize(1..cat.customers.len())
        };
        let wanted = &cat.scenarios[scenario].products;
        let product = if big || follow_up {
            cat.products
                .iter()
                .position(|p| p.name == cat.big_case.product)
                .expect("big case product in catalog")
        } else if wanted.is_empty() {
            rng.usize(..cat.products.len())
        } else {
            let name = pick(rng, wanted);
            cat.products
                .iter()
                .position(|p| &p.name == name)
                .expect("scenario products are in the catalog")
        };
        let carrier = if big || follow_up {
            0
        } else {
            rng.usize(..cat.carriers.len())
        };
        let order = if big || follow_up {
            cat.big_case.order.clone()
        } else {
            rng.u32(60_000..99_999).to_string()
        };
        let tracking = format!(
            "{}{}",
            cat.carriers[carrier].prefix,
            rng.u64(100_000_000..999_999_999)
        );
        let price = cat.products[product].price;
        let amount = money(if rng.bool() {
            price
        } else {
            price * 0.2 + 9.99
        });
        let owner = if big {
            0
        } else {
            rng.usize(..cat.agents.len())
        };
        let kinds: Vec<Kind> = cat.scenarios[scenario]
            .kinds
            .iter()
            .map(|k| Kind::parse(k))
            .chain(if big {
                vec![Kind::Booking, Kind::Refund]
            } else {
                vec![]
            })
            .collect();

        CaseGen {
            no,
            id: format!("case-{no:04}"),
            big,
            scenario,
            customer,
            product,
            carrier,
            order,
            tracking,
            amount,
            owner,
            kinds,
            fields: Vec::new(),
            items: Vec::new(),
            next_item: 0,
            t: created,
            links: Vec::new(),
            attempts: 0,
            reopens: 0,
            closed: false,
        }
    }

    pub(super) fn case(&mut self, no: usize) {
        let cat = self.cat;
        let big = no == 1;
        let created = self.case_created[no - 1];
        let mut c = self.new_case(no, created);
        let rng = &mut self.rng;

        // How long the case lives and whether it ends closed.
        let age_days = (self.end - created) / 86_400;
        let closes = !big && rng.f64() < if age_days > 21 { 0.4 } else { 0.1 };
        let end = if closes {
            (created + rng.i64(1..21) * 86_400 + rng.i64(0..36_000)).min(self.end)
        } else if big {
            self.end - rng.i64(3600..20_000)
        } else {
            (self.end - rng.i64(0..5) * 86_400 - rng.i64(0..30_000)).max(created + 7200)
        };
        let events = if big {
            BIG_CASE_EVENTS
        } else if rng.u32(..7) == 0 {
            rng.usize(120..=220)
        } else {
            rng.usize(15..=90)
        };

        self.open_case(&mut c);

        // The main history: moments spread uniformly over the case's life, in working hours.
        let span_from = c.t + 600;
        let span_to = end.max(span_from + 3600);
        let reserve = if closes { 2 } else { 0 };
        let mut times: Vec<i64> = (0..events.saturating_sub(reserve))
            .map(|_| working_hours(self.rng.i64(span_from..span_to)))
            .collect();
        times.sort_unstable();
        for t in times {
            c.t = t.max(c.t + 60);
            self.act(&mut c);
        }
        if closes {
            if c.closed {
                let at = self.soon(&mut c);
                self.reopen(&mut c, at);
            }
            let at = c.t.max(end - 3600) + 60;
            c.t = at;
            let text = self.fill_pick(&cat.comments.closing, &c);
            let owner = Who::Agent(c.owner);
            self.add_comment(&mut c, at, owner, text);
            let at = self.soon(&mut c);
            self.update_case(&mut c, at, owner, vec![("status".into(), sv("closed"))]);
            c.closed = true;
        } else if c.closed {
            // Closed mid-life and never reopened by the loop: reopen so the case stays open.
            let at = self.soon(&mut c);
            self.reopen(&mut c, at);
        }
        self.cases.push(c);
    }

    /// CreateCase and what happens in the first minutes.
    pub(super) fn open_case(&mut self, c: &mut CaseGen) {
        let cat = self.cat;
        let scenario = &cat.scenarios[c.scenario];
        let customer = &cat.customers[c.customer];
        let product = &cat.products[c.product];
        let from_portal = !c.big && self.rng.u32(..4) == 0;
        let creator = if from_portal {
            Who::Bot(Bot::Portal)
        } else {
            Who::Agent(c.owner)
        };

        let (title, summary) = if c.big {
            (cat.big_case.title.clone(), cat.big_case.summary.clone())
        } else if c.no == FOLLOW_UP_CASE {
            let summary = self.fill_pick(&scenario.summaries, c);
            (cat.big_case.follow_up_title.clone(), summary)
        } else {
            let title = self.fill_pick(&scenario.titles, c);
            (title, self.fill_pick(&scenario.summaries, c))
        };
        let priority = if c.big {
            "high"
        } else {
            pick(
                &mut self.rng,
                &["low", "medium", "medium", "medium", "high", "urgent"],
            )
        };
        let channel = pick(&mut self.rng, CHANNELS).0;
        let mut f: Vec<(String, Value)> = vec![
            ("title".into(), sv(title)),
            ("status".into(), sv("open")),
            ("customer_id".into(), sv(&customer.id)),
            ("summary".into(), sv(summary)),
            ("assigned_queue".into(), sv(&scenario.queue)),
            ("case_reason".into(), sv(reason_value(&scenario.reason))),
            ("priority".into(), sv(priority)),
            ("priority_score".into(), dv(f64::from(self.rng.u32(10..90)))),
            ("channel_preference".into(), sv(channel)),
            ("vip".into(), bv(customer.vip)),
        ];
        if !from_portal {
            f.push(("assigned_user".into(), uv(self.agent_arn(c.owner))));
        }
        if !c.kinds.is_empty() || scenario.template == "tpl-delivery" {
            f.push(("order_number".into(), sv(&c.order)));
            f.push(("product".into(), sv(&product.name)));
            f.push((
                "receipt_url".into(),
                sv(format!(
                    "https://shop.acme.example/orders/{}/receipt",
                    c.order
                )),
            ));
        }
        if c.kinds.contains(&Kind::Order) || c.kinds.contains(&Kind::Attempt) {
            f.push(("tracking_code".into(), sv(&c.tracking)));
            f.push(("quantity".into(), dv(1.0)));
            let day = (c.t / 86_400 + self.rng.i64(-3..4)) * 86_400;
            f.push(("delivery_date".into(), sv(rfc3339(day + 12 * 3600))));
        }
        if c.kinds.contains(&Kind::Refund) {
            f.push(("refund_amount".into(), dv(c.amount)));
            f.push(("refund_reason".into(), sv(&scenario.refund_reason)));
        }
        if c.kinds.contains(&Kind::Booking) {
            let day = (c.t / 86_400 + self.rng.i64(2..10)) * 86_400;
            f.push(("booking_date".into(), sv(rfc3339(day + 8 * 3600))));
            f.push(("warranty".into(), bv(self.rng.u32(..3) != 0)));
        }
        let template = if c.big {
            "tpl-delivery"
        } else {
            scenario.template.as_str()
        };
        let at = c.t;
        self.push(
            at,
            "CreateCase",
            Some(c.id.clone()),
            creator,
            obj([
                ("domainId", st(DEMO_DOMAIN_ID)),
                ("templateId", st(template)),
                ("fields", fields_json(&f)),
            ]),
        );
        c.fields = f;

        if from_portal {
            let at = self.soon(c);
            let who = Who::Supervisor;
            let arn = uv(self.agent_arn(c.owner));
            self.update_case(c, at, who, vec![("assigned_user".into(), arn)]);
        } else if self.rng.u32(..5) != 0 {
            let at = self.soon(c);
            self.add_contact(c, at, Who::Agent(c.owner));
        }
        let at = self.soon(c);
        self.add_sla(c, at);
        let at = self.soon(c);
        let text = if c.big || self.rng.u32(..4) == 0 {
            self.long_comment(c)
        } else {
            self.fill_pick(&scenario.comments, c)
        };
        self.add_comment(c, at, Who::Agent(c.owner), text);
        for k in c.kinds.clone() {
            if k != Kind::Attempt {
                let at = self.soon(c);
                self.add_custom(c, k, at);
            }
        }
        // Helen's second case points at the big one.
        if !c.big && cat.customers[c.customer].id == cat.big_case.customer {
            let at = self.soon(c);
            self.add_link(c, at, Who::Agent(c.owner), 1);
        }
    }

    pub(super) fn reopen(&mut self, c: &mut CaseGen, at: i64) {
        let text = self.fill_pick(&self.cat.comments.reopen, c);
        self.add_comment(c, at, Who::Agent(c.owner), text);
        let at = self.soon(c);
        self.update_case(
            c,
            at,
            Who::Agent(c.owner),
            vec![("status".into(), sv("open"))],
        );
        c.closed = false;
        c.reopens += 1;
    }
}
