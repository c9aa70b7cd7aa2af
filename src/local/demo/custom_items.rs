//! Custom related items (orders, refunds, bookings, delivery attempts) and how each kind changes
//! over its life.

use serde_json::Value;

use super::DEMO_DOMAIN_ID;
use super::calendar::rfc3339;
use super::generator::{Bot, CaseGen, Gen, Kind, Who};
use super::json::{bv, dv, fields_json, get, get_str, money, obj, remove, set, st, sv, uv};
use super::random::{hex, other_option, pick};
use super::schema::DELIVERY_OUTCOMES;

impl Gen<'_> {
    pub(super) fn new_custom(
        &mut self,
        c: &mut CaseGen,
        kind: Kind,
        at: i64,
    ) -> (Vec<(String, Value)>, Who) {
        let cat = self.cat;
        let product = &cat.products[c.product];
        let rng = &mut self.rng;
        let mut f: Vec<(String, Value)> = Vec::new();
        let mut add = |id: &str, v: Value| f.push((id.to_string(), v));
        let who = match kind {
            Kind::Order => {
                let qty = if rng.u32(..5) == 0 { 2.0 } else { 1.0 };
                let order = if c.items.iter().any(|it| it.kind == Some(Kind::Order)) {
                    format!("{}-R{}", c.order, rng.u32(1..4))
                } else {
                    c.order.clone()
                };
                add("order_number", sv(order));
                add("product", sv(&product.name));
                add("sku", sv(&product.sku));
                add("quantity", dv(qty));
                add("order_total", dv(money(product.price * qty)));
                add("order_date", sv(rfc3339(at - rng.i64(2..20) * 86_400)));
                add("order_status", sv("placed"));
                Who::Bot(Bot::Orders)
            }
            Kind::Refund => {
                let amount = if rng.bool() {
                    c.amount
                } else {
                    money(c.amount * rng.f64().max(0.1))
                };
                add("order_number", sv(&c.order));
                add("refund_amount", dv(amount));
                add(
                    "refund_reason",
                    sv(&cat.scenarios[c.scenario].refund_reason),
                );
                add("refund_status", sv("requested"));
                add(
                    "receipt_url",
                    sv(format!(
                        "https://shop.acme.example/orders/{}/receipt",
                        c.order
                    )),
                );
                Who::Agent(c.owner)
            }
            Kind::Booking => {
                let day = (at / 86_400 + rng.i64(2..10)) * 86_400;
                let slot = day + if rng.bool() { 8 * 3600 } else { 13 * 3600 };
                add(
                    "booking_reference",
                    sv(format!("BK-{}", rng.u32(10_000..99_999))),
                );
                add("booking_date", sv(rfc3339(slot)));
                add("booking_status", sv("confirmed"));
                add("product", sv(&product.name));
                add("service_address", sv(pick(rng, &cat.addresses)));
                Who::Agent(c.owner)
            }
            Kind::Attempt => {
                c.attempts += 1;
                let outcome = pick(rng, &DELIVERY_OUTCOMES[1..]).0;
                add("tracking_code", sv(&c.tracking));
                add("carrier", sv(&cat.carriers[c.carrier].name));
                add("attempt_number", dv(f64::from(c.attempts)));
                add("delivery_date", sv(rfc3339(at - rng.i64(600..7200))));
                add("delivery_outcome", sv(outcome));
                if rng.bool() {
                    add("driver_notes", sv(pick(rng, &cat.driver_notes)));
                }
                Who::Bot(Bot::Orders)
            }
        };
        (f, who)
    }

    pub(super) fn add_custom(&mut self, c: &mut CaseGen, kind: Kind, at: i64) {
        let (fields, who) = self.new_custom(c, kind, at);
        let i = self.add_item(
            c,
            at,
            who,
            "Custom",
            obj([("fields", fields_json(&fields))]),
        );
        c.items[i].kind = Some(kind);
        c.items[i].fields = fields;
    }

    /// Toggle or edit the free-text notes of a custom item (always a change).
    pub(super) fn touch_notes(&mut self, f: &mut Vec<(String, Value)>) {
        let note_field = if get(f, "driver_notes").is_some() {
            "driver_notes"
        } else {
            "item_notes"
        };
        if get(f, note_field).is_some() {
            if self.rng.bool() {
                remove(f, note_field);
            } else {
                let old = get_str(f, note_field).to_string();
                let more = pick(&mut self.rng, &self.cat.item_notes).clone();
                let new = if old.len() > 600 || old.contains(&more) {
                    more
                } else {
                    format!("{old}\n{more}")
                };
                if new == old {
                    remove(f, note_field);
                } else {
                    set(f, note_field, sv(new));
                }
            }
        } else if f.len() < 10 {
            let note = pick(&mut self.rng, &self.cat.item_notes).clone();
            set(f, "item_notes", sv(note));
        } else {
            f.pop();
        }
    }

    /// A realistic change to a custom item: the full new field list and who made it.
    pub(super) fn mutate_custom(
        &mut self,
        c: &CaseGen,
        idx: usize,
        at: i64,
    ) -> (Vec<(String, Value)>, Who) {
        let item = &c.items[idx];
        let mut f = item.fields.clone();
        let cat = self.cat;
        let agent = Who::Agent(c.owner);
        let casual = self.rng.u32(..10) < 3;
        let who = match item.kind.expect("custom item has a kind") {
            Kind::Order => {
                let status = get_str(&f, "order_status").to_string();
                let next = match status.as_str() {
                    "placed" => Some("shipped"),
                    "shipped" => Some("in_transit"),
                    "in_transit" => Some(if self.rng.u32(..10) == 0 {
                        "lost"
                    } else {
                        "out_for_delivery"
                    }),
                    "out_for_delivery" => Some(if self.rng.bool() {
                        "delivered"
                    } else {
                        "delivery_failed"
                    }),
                    "delivery_failed" => Some("out_for_delivery"),
                    "delivered" if self.rng.u32(..4) == 0 => Some("returned"),
                    _ => None,
                };
                match next {
                    Some(next) if !casual => {
                        set(&mut f, "order_status", sv(next));
                        if next == "shipped" {
                            let carrier = &cat.carriers[c.carrier].name;
                            set(&mut f, "tracking_code", sv(&c.tracking));
                            set(&mut f, "carrier", sv(carrier));
                            if f.len() < 10 {
                                let url = format!(
                                    "https://track.{}.example/{}",
                                    carrier.to_lowercase().replace(' ', "-"),
                                    c.tracking
                                );
                                set(&mut f, "tracking_url", sv(url));
                            }
                        }
                        Who::Bot(Bot::Orders)
                    }
                    _ => {
                        match self.rng.u32(..3) {
                            0 if get(&f, "tracking_url").is_some() => {
                                remove(&mut f, "tracking_url")
                            }
                            1 => {
                                let q = get(&f, "quantity")
                                    .and_then(|v| v["doubleValue"].as_f64())
                                    .unwrap_or(1.0);
                                let q = if q >= 2.0 { q - 1.0 } else { q + 1.0 };
                                let price = cat.products[c.product].price;
                                set(&mut f, "quantity", dv(q));
                                set(&mut f, "order_total", dv(money(price * q)));
                            }
                            _ => self.touch_notes(&mut f),
                        }
                        agent
                    }
                }
            }
            Kind::Refund => {
                let status = get_str(&f, "refund_status").to_string();
                match status.as_str() {
                    "requested" if !casual => {
                        if self.rng.u32(..6) == 0 {
                            set(&mut f, "refund_status", sv("rejected"));
                            set(&mut f, "refund_approved", bv(false));
                        } else {
                            set(&mut f, "refund_status", sv("approved"));
                            set(&mut f, "refund_approved", bv(true));
                            set(&mut f, "approved_by", uv(self.supervisor_arn()));
                        }
                        Who::Supervisor
                    }
                    "approved" if !casual => {
                        set(&mut f, "refund_status", sv("issued"));
                        set(&mut f, "refund_issued_at", sv(rfc3339(at - 60)));
                        let r = format!("RF-{}", hex(&mut self.rng, 10).to_uppercase());
                        set(&mut f, "refund_reference", sv(r));
                        Who::Bot(Bot::Refunds)
                    }
                    "requested" => {
                        let old = get(&f, "refund_amount")
                            .and_then(|v| v["doubleValue"].as_f64())
                            .unwrap_or(c.amount);
                        let new = money((old * 0.5).max(5.0) + f64::from(self.rng.u32(1..40)));
                        set(&mut f, "refund_amount", dv(new));
                        agent
                    }
                    _ => {
                        self.touch_notes(&mut f);
                        agent
                    }
                }
            }
            Kind::Booking => {
                let status = get_str(&f, "booking_status").to_string();
                let next = match status.as_str() {
                    "confirmed" => Some(*pick(
                        &mut self.rng,
                        &["rescheduled", "rescheduled", "completed", "no_show"],
                    )),
                    "rescheduled" => Some(if self.rng.u32(..5) == 0 {
                        "cancelled"
                    } else {
                        "confirmed"
                    }),
                    "no_show" => Some("rescheduled"),
                    _ => None,
                };
                match next {
                    Some(next) if !casual => {
                        set(&mut f, "booking_status", sv(next));
                        if next == "rescheduled" {
                            let day = (at / 86_400 + self.rng.i64(2..8)) * 86_400;
                            set(&mut f, "booking_date", sv(rfc3339(day + 13 * 3600)));
                        }
                    }
                    _ => self.touch_notes(&mut f),
                }
                agent
            }
            Kind::Attempt => {
                if casual {
                    self.touch_notes(&mut f);
                    agent
                } else {
                    let cur = get_str(&f, "delivery_outcome").to_string();
                    let next = other_option(&mut self.rng, DELIVERY_OUTCOMES, &cur);
                    set(&mut f, "delivery_outcome", sv(next));
                    if self.rng.u32(..3) == 0 && get(&f, "driver_notes").is_none() {
                        let note = pick(&mut self.rng, &cat.driver_notes).clone();
                        set(&mut f, "driver_notes", sv(note));
                    }
                    Who::Bot(Bot::Orders)
                }
            }
        };
        if f == item.fields {
            // Never send a no-op update.
            self.touch_notes(&mut f);
        }
        (f, who)
    }

    pub(super) fn update_custom(&mut self, c: &mut CaseGen, idx: usize, at: i64) {
        let (fields, who) = self.mutate_custom(c, idx, at);
        debug_assert!(fields != c.items[idx].fields && !fields.is_empty());
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
                    obj([("custom", obj([("fields", fields_json(&fields))]))]),
                ),
            ]),
        );
        c.items[idx].fields = fields;
    }
}
