//! The demo's text and people, read from `assets/demo/catalog.json`.

use serde::Deserialize;

const CATALOG_JSON: &str = include_str!("../../../assets/demo/catalog.json");

#[derive(Deserialize)]
pub(super) struct Catalog {
    pub(super) domain_name: String,
    pub(super) account: String,
    pub(super) region: String,
    pub(super) instance: String,
    pub(super) admin: String,
    pub(super) agents: Vec<Person>,
    pub(super) supervisor: Person,
    pub(super) bots: Bots,
    pub(super) queues: Vec<String>,
    pub(super) carriers: Vec<Carrier>,
    pub(super) customers: Vec<Customer>,
    pub(super) products: Vec<Product>,
    pub(super) scenarios: Vec<Scenario>,
    pub(super) comments: Comments,
    pub(super) big_case: BigCase,
    pub(super) addresses: Vec<String>,
    pub(super) item_notes: Vec<String>,
    pub(super) driver_notes: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct Person {
    pub(super) id: String,
    pub(super) name: String,
}

#[derive(Deserialize)]
pub(super) struct Bots {
    pub(super) orders: String,
    pub(super) portal: String,
    pub(super) sla: String,
    pub(super) refunds: String,
}

#[derive(Deserialize)]
pub(super) struct Carrier {
    pub(super) name: String,
    pub(super) prefix: String,
}

#[derive(Deserialize)]
pub(super) struct Customer {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) vip: bool,
}

#[derive(Deserialize)]
pub(super) struct Product {
    pub(super) name: String,
    pub(super) sku: String,
    pub(super) price: f64,
}

#[derive(Deserialize)]
pub(super) struct Scenario {
    pub(super) key: String,
    pub(super) template: String,
    pub(super) reason: String,
    pub(super) queue: String,
    pub(super) refund_reason: String,
    pub(super) kinds: Vec<String>,
    /// Product names that fit the scenario; empty: any product.
    #[serde(default)]
    pub(super) products: Vec<String>,
    pub(super) titles: Vec<String>,
    pub(super) summaries: Vec<String>,
    pub(super) comments: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct Comments {
    pub(super) followup: Vec<String>,
    pub(super) closing: Vec<String>,
    pub(super) reopen: Vec<String>,
    pub(super) mistake: Vec<String>,
    pub(super) edits: Vec<String>,
    pub(super) call_notes_header: Vec<String>,
    pub(super) call_notes: Vec<String>,
    pub(super) big_case_extra: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct BigCase {
    pub(super) title: String,
    pub(super) order: String,
    pub(super) customer: String,
    pub(super) product: String,
    pub(super) summary: String,
    /// A later case of the same customer about the same order, linked to the big case.
    pub(super) follow_up_scenario: String,
    pub(super) follow_up_title: String,
}

impl Catalog {
    pub(super) fn load() -> Catalog {
        serde_json::from_str(CATALOG_JSON).expect("assets/demo/catalog.json is valid")
    }
}
