//! The administrator's first hour: the domain, its custom fields and options, two layouts and
//! three templates.

use serde_json::{Value, json};

use super::calendar::ts;
use super::generator::{Gen, Who};
use super::schema::{CUSTOM_FIELDS, reason_value};
use super::{DEMO_DOMAIN_ID, SETUP_AT};

impl Gen<'_> {
    pub(super) fn setup(&mut self) {
        let mut t = ts(SETUP_AT) + self.shift;
        let mut tick = |g: &mut Gen| {
            t += g.rng.i64(20..90);
            t
        };
        let at = tick(self);
        self.push(
            at,
            "CreateDomain",
            Some(DEMO_DOMAIN_ID.into()),
            Who::Admin,
            json!({ "name": self.cat.domain_name }),
        );
        for f in CUSTOM_FIELDS {
            let mut input = json!({
                "domainId": DEMO_DOMAIN_ID,
                "name": f.name,
                "type": f.ty,
                "description": f.description,
            });
            if f.multiline {
                input["attributes"] = json!({ "text": { "isMultiline": true } });
            }
            let at = tick(self);
            self.push(at, "CreateField", Some(f.id.into()), Who::Admin, input);
        }
        // The system field case_reason is a SingleSelect whose options the admin defines.
        let mut reasons: Vec<Value> = Vec::new();
        for sc in &self.cat.scenarios {
            let value = reason_value(&sc.reason);
            if !reasons.iter().any(|r| r["value"] == value.as_str()) {
                reasons.push(json!({ "name": sc.reason, "value": value, "active": true }));
            }
        }
        let at = tick(self);
        self.push(
            at,
            "BatchPutFieldOptions",
            None,
            Who::Admin,
            json!({ "domainId": DEMO_DOMAIN_ID, "fieldId": "case_reason", "options": reasons }),
        );
        for f in CUSTOM_FIELDS.iter().filter(|f| !f.options.is_empty()) {
            let options: Vec<Value> = f
                .options
                .iter()
                .map(|(v, n)| json!({ "name": n, "value": v, "active": true }))
                .collect();
            let at = tick(self);
            self.push(
                at,
                "BatchPutFieldOptions",
                None,
                Who::Admin,
                json!({ "domainId": DEMO_DOMAIN_ID, "fieldId": f.id, "options": options }),
            );
        }
        let group = |name: &str, ids: &[&str]| {
            let fields: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
            json!({ "sections": [{ "fieldGroup": { "name": name, "fields": fields } }] })
        };
        // Title and Status are not configurable, so layouts may not place them (CreateLayout).
        let top = ["priority", "customer_id", "assigned_queue", "assigned_user"];
        let layouts = [
            (
                "layout-support",
                "Standard support",
                group("Case", &top),
                group(
                    "Details",
                    &[
                        "case_reason",
                        "summary",
                        "channel_preference",
                        "vip",
                        "priority_score",
                        "escalation_owner",
                        "order_number",
                        "product",
                        "warranty",
                        "booking_date",
                        "refund_amount",
                        "refund_reason",
                        "receipt_url",
                        "reference_number",
                        "created_datetime",
                        "last_updated_datetime",
                    ],
                ),
            ),
            (
                "layout-delivery",
                "Orders and delivery",
                group("Case", &top),
                group(
                    "Order and delivery",
                    &[
                        "order_number",
                        "product",
                        "quantity",
                        "tracking_code",
                        "delivery_date",
                        "booking_date",
                        "refund_amount",
                        "refund_reason",
                        "receipt_url",
                        "channel_preference",
                        "vip",
                        "priority_score",
                        "escalation_owner",
                        "case_reason",
                        "summary",
                        "reference_number",
                    ],
                ),
            ),
        ];
        for (id, name, top, more) in layouts {
            let at = tick(self);
            self.push(
                at,
                "CreateLayout",
                Some(id.into()),
                Who::Admin,
                json!({
                    "domainId": DEMO_DOMAIN_ID,
                    "name": name,
                    "content": { "basic": { "topPanel": top, "moreInfo": more } },
                }),
            );
        }
        let templates = [
            (
                "tpl-support",
                "General support",
                "Account, billing, warranty and anything else.",
                "layout-support",
                &["title", "customer_id"][..],
                "Active",
            ),
            (
                "tpl-delivery",
                "Orders and delivery",
                "Orders, deliveries, damaged or wrong items, installations.",
                "layout-delivery",
                &["title", "customer_id", "order_number"][..],
                "Active",
            ),
            (
                "tpl-legacy",
                "Complaint (retired)",
                "Replaced by the two templates above in September 2026.",
                "layout-support",
                &["title"][..],
                "Inactive",
            ),
        ];
        for (id, name, description, layout, required, status) in templates {
            let required: Vec<Value> = required.iter().map(|f| json!({ "fieldId": f })).collect();
            let at = tick(self);
            self.push(
                at,
                "CreateTemplate",
                Some(id.into()),
                Who::Admin,
                json!({
                    "domainId": DEMO_DOMAIN_ID,
                    "name": name,
                    "description": description,
                    "layoutConfiguration": { "defaultLayout": layout },
                    "requiredFields": required,
                    "status": status,
                }),
            );
        }
    }
}
