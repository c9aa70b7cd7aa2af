//! The demo domain: a deterministic list of seed steps that, replayed in order through the local
//! service's store, builds "Acme Support" — a contact centre's support domain with custom fields of
//! every type, templates, a layout, ~40 cases with related items of all six types, and long
//! histories. `cases-tui demo` replays them; `cases-tui serve --seed FILE` reads the same format
//! (`{"steps": [...]}`, see [`demo_seed_json`]).
//!
//! Each step is `{"operation", "at", "id"?, "principal", "input"}`: `operation` is the model's
//! operation name, `input` the operation's whole input by the model's member names (path labels
//! included), `at` the store's clock for that step (RFC 3339, non-decreasing), `id` the fixed id of
//! the resource a `Create*` step makes, and `principal` the IAM principal for the audit record.
//!
//! The text (customers, products, titles, comment snippets) lives in `assets/demo/catalog.json`;
//! this file is only the generator.

use chrono::DateTime;
use fastrand::Rng;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::seed::SeedStep;

/// The demo domain's id.
pub const DEMO_DOMAIN_ID: &str = "demo";
/// The big case (1,000+ audit events, 150+ related items) used for paging and scrolling.
pub const BIG_CASE_ID: &str = "case-0001";
/// How many cases the demo creates.
pub const DEMO_CASE_COUNT: usize = 40;

const CATALOG_JSON: &str = include_str!("../../assets/demo/catalog.json");
const SEED: u64 = 0x00AC_3E5D_E302_0260;

/// When the administrator set the domain up.
const SETUP_AT: &str = "2026-09-19T08:00:00Z";
/// When the big case was opened.
const BIG_CASE_AT: &str = "2026-09-21T09:14:27Z";
/// The first and last moment another case may be opened.
const CASES_FROM: &str = "2026-09-22T00:00:00Z";
const CASES_TO: &str = "2026-11-27T00:00:00Z";
/// No step happens after this.
const HISTORY_END: &str = "2026-11-28T18:00:00Z";

/// The big case's customer comes back about the same order in this case.
const FOLLOW_UP_CASE: usize = 18;

/// Main-loop events of the big case (bursts add more).
const BIG_CASE_EVENTS: usize = 1100;

// ---------------------------------------------------------------------------------------------
// Catalog (assets/demo/catalog.json)

#[derive(Deserialize)]
struct Catalog {
    domain_name: String,
    account: String,
    region: String,
    instance: String,
    admin: String,
    agents: Vec<Person>,
    supervisor: Person,
    bots: Bots,
    queues: Vec<String>,
    carriers: Vec<Carrier>,
    customers: Vec<Customer>,
    products: Vec<Product>,
    scenarios: Vec<Scenario>,
    comments: Comments,
    big_case: BigCase,
    addresses: Vec<String>,
    item_notes: Vec<String>,
    driver_notes: Vec<String>,
}

#[derive(Deserialize)]
struct Person {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct Bots {
    orders: String,
    portal: String,
    sla: String,
    refunds: String,
}

#[derive(Deserialize)]
struct Carrier {
    name: String,
    prefix: String,
}

#[derive(Deserialize)]
struct Customer {
    id: String,
    name: String,
    vip: bool,
}

#[derive(Deserialize)]
struct Product {
    name: String,
    sku: String,
    price: f64,
}

#[derive(Deserialize)]
struct Scenario {
    key: String,
    template: String,
    reason: String,
    queue: String,
    refund_reason: String,
    kinds: Vec<String>,
    /// Product names that fit the scenario; empty: any product.
    #[serde(default)]
    products: Vec<String>,
    titles: Vec<String>,
    summaries: Vec<String>,
    comments: Vec<String>,
}

#[derive(Deserialize)]
struct Comments {
    followup: Vec<String>,
    closing: Vec<String>,
    reopen: Vec<String>,
    mistake: Vec<String>,
    edits: Vec<String>,
    call_notes_header: Vec<String>,
    call_notes: Vec<String>,
    big_case_extra: Vec<String>,
}

#[derive(Deserialize)]
struct BigCase {
    title: String,
    order: String,
    customer: String,
    product: String,
    summary: String,
    /// A later case of the same customer about the same order, linked to the big case.
    follow_up_scenario: String,
    follow_up_title: String,
}

// ---------------------------------------------------------------------------------------------
// Domain schema

/// A custom field the demo creates: `(id, name, type, description, multiline, options)`.
struct FieldSpec {
    id: &'static str,
    name: &'static str,
    ty: &'static str,
    description: &'static str,
    multiline: bool,
    /// `(value, name)` pairs of a SingleSelect field.
    options: &'static [(&'static str, &'static str)],
}

const fn field(
    id: &'static str,
    name: &'static str,
    ty: &'static str,
    d: &'static str,
) -> FieldSpec {
    FieldSpec {
        id,
        name,
        ty,
        description: d,
        multiline: false,
        options: &[],
    }
}

const fn multiline(id: &'static str, name: &'static str, d: &'static str) -> FieldSpec {
    FieldSpec {
        id,
        name,
        ty: "Text",
        description: d,
        multiline: true,
        options: &[],
    }
}

const fn select(
    id: &'static str,
    name: &'static str,
    d: &'static str,
    options: &'static [(&'static str, &'static str)],
) -> FieldSpec {
    FieldSpec {
        id,
        name,
        ty: "SingleSelect",
        description: d,
        multiline: false,
        options,
    }
}

const PRIORITIES: &[(&str, &str)] = &[
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("urgent", "Urgent"),
];
const CHANNELS: &[(&str, &str)] = &[
    ("email", "Email"),
    ("phone", "Phone"),
    ("chat", "Chat"),
    ("sms", "SMS"),
];
const REFUND_REASONS: &[(&str, &str)] = &[
    ("damaged", "Damaged on arrival"),
    ("not_delivered", "Not delivered"),
    ("wrong_item", "Wrong item"),
    ("late_delivery", "Late delivery"),
    ("defective", "Defective"),
    ("changed_mind", "Changed mind"),
    ("duplicate_charge", "Duplicate charge"),
];
const ORDER_STATUSES: &[(&str, &str)] = &[
    ("placed", "Placed"),
    ("shipped", "Shipped"),
    ("in_transit", "In transit"),
    ("out_for_delivery", "Out for delivery"),
    ("delivered", "Delivered"),
    ("delivery_failed", "Delivery failed"),
    ("returned", "Returned"),
    ("lost", "Lost"),
];
const REFUND_STATUSES: &[(&str, &str)] = &[
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("issued", "Issued"),
    ("rejected", "Rejected"),
];
const BOOKING_STATUSES: &[(&str, &str)] = &[
    ("confirmed", "Confirmed"),
    ("rescheduled", "Rescheduled"),
    ("completed", "Completed"),
    ("cancelled", "Cancelled"),
    ("no_show", "No show"),
];
const DELIVERY_OUTCOMES: &[(&str, &str)] = &[
    ("delivered", "Delivered"),
    ("failed_no_access", "Failed: no access"),
    ("failed_address", "Failed: address problem"),
    ("failed_not_home", "Failed: nobody home"),
    ("returned_to_depot", "Returned to depot"),
    ("rescheduled", "Rescheduled"),
];

/// The custom fields of the demo domain, in creation order.
#[rustfmt::skip]
const CUSTOM_FIELDS: &[FieldSpec] = &[
    field("order_number", "Order number", "Text", "The web shop order number."),
    field("product", "Product", "Text", "Product name as shown on the order."),
    field("sku", "SKU", "Text", "Stock keeping unit."),
    field("tracking_code", "Tracking code", "Text", "Carrier tracking code."),
    field("carrier", "Carrier", "Text", "Delivery carrier."),
    field("booking_reference", "Booking reference", "Text", "Installation or repair booking."),
    field("refund_reference", "Refund reference", "Text", "Payment provider refund id."),
    multiline("service_address", "Service address", "Where the visit takes place."),
    multiline("item_notes", "Notes", "Free-text notes on a related item."),
    multiline("driver_notes", "Driver notes", "What the driver reported."),
    field("refund_amount", "Refund amount", "Number", "Amount to refund, in GBP."),
    field("quantity", "Quantity", "Number", "Number of units."),
    field("priority_score", "Priority score", "Number", "0-100, computed by triage."),
    field("order_total", "Order total", "Number", "Order value, in GBP."),
    field("attempt_number", "Attempt number", "Number", "Delivery attempt count."),
    field("vip", "VIP customer", "Boolean", "Customer is in the VIP programme."),
    field("warranty", "Under warranty", "Boolean", "Product is under warranty."),
    field("refund_approved", "Refund approved", "Boolean", "A supervisor approved it."),
    field("delivery_date", "Delivery date", "DateTime", "Promised or attempted delivery."),
    field("booking_date", "Booking date", "DateTime", "Start of the booked visit."),
    field("order_date", "Order date", "DateTime", "When the order was placed."),
    field("refund_issued_at", "Refund issued at", "DateTime", "When the money was sent."),
    select("priority", "Priority", "How urgent the case is.", PRIORITIES),
    select("channel_preference", "Preferred channel", "How to contact the customer.", CHANNELS),
    select("refund_reason", "Refund reason", "Why money goes back.", REFUND_REASONS),
    select("order_status", "Order status", "Fulfilment state of an order.", ORDER_STATUSES),
    select("refund_status", "Refund status", "State of a refund.", REFUND_STATUSES),
    select("booking_status", "Booking status", "State of a booking.", BOOKING_STATUSES),
    select("delivery_outcome", "Delivery outcome", "Result of an attempt.", DELIVERY_OUTCOMES),
    field("receipt_url", "Receipt", "Url", "Link to the order receipt."),
    field("tracking_url", "Tracking page", "Url", "Carrier tracking page."),
    field("escalation_owner", "Escalation owner", "User", "Who owns the escalation."),
    field("approved_by", "Approved by", "User", "Who approved the refund."),
];

/// The system fields the service creates with the domain.
pub use crate::model::SYSTEM_FIELDS;

// ---------------------------------------------------------------------------------------------
// Public API

/// The demo seed steps, in order, ready to replay. Deterministic: every call returns the same
/// list. Built as `SeedStep`s directly: going through JSON first cost `cases-tui demo` about
/// 18 ms of its start-up.
pub fn demo_seed() -> Vec<SeedStep> {
    let catalog: Catalog =
        serde_json::from_str(CATALOG_JSON).expect("assets/demo/catalog.json is valid");
    let mut g = Gen::new(&catalog);
    g.setup();
    for no in 1..=DEMO_CASE_COUNT {
        g.case(no);
    }
    g.finish()
}

/// The demo seed steps as the JSON objects a seed file holds.
pub fn demo_steps() -> Vec<Value> {
    demo_seed()
        .into_iter()
        .map(|step| serde_json::to_value(step).expect("a seed step serializes"))
        .collect()
}

/// The demo seed as the `{"steps": [...]}` document `cases-tui serve --seed FILE` reads.
pub fn demo_seed_json() -> String {
    let doc = obj([("steps", Value::Array(demo_steps()))]);
    serde_json::to_string_pretty(&doc).expect("seed serializes")
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn ts(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s)
        .expect("valid constant timestamp")
        .timestamp()
}

/// `(year, month, day)` of a day number since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// RFC 3339 in UTC with whole seconds (`2026-10-02T14:03:00Z`); hand-rolled because it runs
/// for every step.
fn rfc3339(t: i64) -> String {
    let (y, m, d) = civil(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `Tue 6 Oct`.
fn short_date(t: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = t.div_euclid(86_400);
    let (_, m, d) = civil(days);
    format!(
        "{} {d} {}",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize]
    )
}

/// The option value of a case reason: `Delivery issue` -> `delivery_issue`.
fn reason_value(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Squeeze a moment into working hours (07:00-20:00) of the same day; monotonic.
fn working_hours(t: i64) -> i64 {
    let day = t.div_euclid(86_400) * 86_400;
    let sec = t.rem_euclid(86_400);
    day + 7 * 3600 + sec * 13 / 24
}

/// A JSON object from `(key, value)` pairs, the values moved in (no re-serialization).
fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = Map::with_capacity(N);
    for (k, v) in pairs {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

fn st(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

fn sv(s: impl Into<String>) -> Value {
    obj([("stringValue", st(s))])
}

fn dv(x: f64) -> Value {
    obj([("doubleValue", Value::from(x))])
}

fn bv(b: bool) -> Value {
    obj([("booleanValue", Value::Bool(b))])
}

fn uv(arn: String) -> Value {
    obj([("userArnValue", st(arn))])
}

fn empty() -> Value {
    obj([("emptyValue", Value::Object(Map::new()))])
}

fn money(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn fields_json(fields: &[(String, Value)]) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|(id, v)| obj([("id", st(id)), ("value", v.clone())]))
            .collect(),
    )
}

fn get<'a>(fields: &'a [(String, Value)], id: &str) -> Option<&'a Value> {
    fields.iter().find(|(f, _)| f == id).map(|(_, v)| v)
}

fn get_str<'a>(fields: &'a [(String, Value)], id: &str) -> &'a str {
    get(fields, id)
        .and_then(|v| v.get("stringValue"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn set(fields: &mut Vec<(String, Value)>, id: &str, v: Value) {
    match fields.iter_mut().find(|(f, _)| f == id) {
        Some(slot) => slot.1 = v,
        None => fields.push((id.to_string(), v)),
    }
}

fn remove(fields: &mut Vec<(String, Value)>, id: &str) {
    fields.retain(|(f, _)| f != id);
}

fn pick<'a, T>(rng: &mut Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.usize(..xs.len())]
}

/// A different option value of a SingleSelect than `current`.
fn other_option(rng: &mut Rng, options: &[(&'static str, &str)], current: &str) -> &'static str {
    loop {
        let (v, _) = *pick(rng, options);
        if v != current {
            return v;
        }
    }
}

fn hex(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from_digit(rng.u32(..16), 16).expect("hex digit"))
        .collect()
}

fn uuidish(rng: &mut Rng) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        hex(rng, 8),
        hex(rng, 4),
        hex(rng, 4),
        hex(rng, 4),
        hex(rng, 12)
    )
}

/// Pick an index by weight; zero weights are never picked.
fn weighted(rng: &mut Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.f64() * total;
    for (i, w) in weights.iter().enumerate() {
        if *w > 0.0 {
            if x < *w {
                return i;
            }
            x -= w;
        }
    }
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Generator state

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Bot {
    Orders,
    Portal,
    Sla,
    Refunds,
}

/// Who performs a step.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Admin,
    Agent(usize),
    Supervisor,
    Bot(Bot),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Order,
    Refund,
    Booking,
    Attempt,
}

impl Kind {
    fn parse(s: &str) -> Kind {
        match s {
            "order" => Kind::Order,
            "refund" => Kind::Refund,
            "booking" => Kind::Booking,
            _ => Kind::Attempt,
        }
    }
}

struct Item {
    id: String,
    ty: &'static str,
    alive: bool,
    author: Who,
    body: String,
    kind: Option<Kind>,
    fields: Vec<(String, Value)>,
}

struct CaseGen {
    no: usize,
    id: String,
    big: bool,
    scenario: usize,
    customer: usize,
    product: usize,
    carrier: usize,
    order: String,
    tracking: String,
    amount: f64,
    owner: usize,
    kinds: Vec<Kind>,
    fields: Vec<(String, Value)>,
    items: Vec<Item>,
    next_item: usize,
    /// The case's clock: the time of its latest step.
    t: i64,
    /// Case numbers this case links to.
    links: Vec<usize>,
    attempts: u32,
    reopens: u32,
    closed: bool,
}

impl CaseGen {
    fn alive(&self, ty: &str) -> Vec<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.alive && it.ty == ty)
            .map(|(i, _)| i)
            .collect()
    }
}

struct Gen<'c> {
    cat: &'c Catalog,
    rng: Rng,
    steps: Vec<(i64, SeedStep)>,
    case_created: Vec<i64>,
    end: i64,
    /// Per performer (see `who_index`): IAM principal and `performedBy` union.
    principals: Vec<String>,
    performed_by: Vec<Option<Value>>,
}

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

impl<'c> Gen<'c> {
    fn new(cat: &'c Catalog) -> Self {
        let mut rng = Rng::with_seed(SEED);
        // Case-opening times: the big case first, then sorted moments over the weeks, squeezed
        // into working hours, strictly increasing.
        let (from, to) = (ts(CASES_FROM), ts(CASES_TO));
        let mut rest: Vec<i64> = (1..DEMO_CASE_COUNT)
            .map(|_| working_hours(rng.i64(from..to)))
            .collect();
        rest.sort_unstable();
        let mut case_created = vec![ts(BIG_CASE_AT)];
        for t in rest {
            let prev = *case_created.last().expect("non-empty");
            case_created.push(t.max(prev + 1));
        }
        let mut g = Gen {
            cat,
            rng,
            steps: Vec::with_capacity(6000),
            case_created,
            end: ts(HISTORY_END),
            principals: Vec::new(),
            performed_by: Vec::new(),
        };
        for who in Self::all_performers(cat) {
            debug_assert_eq!(Self::who_index(who), g.principals.len());
            g.principals.push(g.make_principal(who));
            g.performed_by.push(g.make_performed_by(who));
        }
        g
    }

    fn finish(mut self) -> Vec<SeedStep> {
        // Stable: steps of one case keep their order, and a step that references another case
        // happens strictly after that case was created.
        self.steps.sort_by_key(|(t, _)| *t);
        self.steps.into_iter().map(|(_, s)| s).collect()
    }

    // --- performers ---------------------------------------------------------------------------

    fn connect_user_arn(&self, user: &str) -> String {
        let c = self.cat;
        format!(
            "arn:aws:connect:{}:{}:instance/{}/agent/{}",
            c.region, c.account, c.instance, user
        )
    }

    fn agent_arn(&self, i: usize) -> String {
        self.connect_user_arn(&self.cat.agents[i].id)
    }

    fn supervisor_arn(&self) -> String {
        self.connect_user_arn(&self.cat.supervisor.id)
    }

    fn bot_name(&self, b: Bot) -> &'c str {
        let bots = &self.cat.bots;
        match b {
            Bot::Orders => &bots.orders,
            Bot::Portal => &bots.portal,
            Bot::Sla => &bots.sla,
            Bot::Refunds => &bots.refunds,
        }
    }

    /// Index of a performer in the caches.
    fn who_index(who: Who) -> usize {
        match who {
            Who::Admin => 0,
            Who::Supervisor => 1,
            Who::Bot(Bot::Orders) => 2,
            Who::Bot(Bot::Portal) => 3,
            Who::Bot(Bot::Sla) => 4,
            Who::Bot(Bot::Refunds) => 5,
            Who::Agent(i) => 6 + i,
        }
    }

    fn all_performers(cat: &Catalog) -> Vec<Who> {
        let mut all = vec![
            Who::Admin,
            Who::Supervisor,
            Who::Bot(Bot::Orders),
            Who::Bot(Bot::Portal),
            Who::Bot(Bot::Sla),
            Who::Bot(Bot::Refunds),
        ];
        all.extend((0..cat.agents.len()).map(Who::Agent));
        all
    }

    fn make_principal(&self, who: Who) -> String {
        let acct = &self.cat.account;
        match who {
            Who::Admin => format!("arn:aws:iam::{acct}:user/{}", self.cat.admin),
            Who::Agent(i) => format!("arn:aws:iam::{acct}:user/agent-{}", self.cat.agents[i].id),
            Who::Supervisor => format!(
                "arn:aws:iam::{acct}:user/supervisor-{}",
                self.cat.supervisor.id
            ),
            Who::Bot(b) => format!("arn:aws:iam::{acct}:role/{}", self.bot_name(b)),
        }
    }

    fn make_performed_by(&self, who: Who) -> Option<Value> {
        match who {
            Who::Admin => None,
            Who::Agent(i) => Some(obj([("userArn", st(self.agent_arn(i)))])),
            Who::Supervisor => Some(obj([("userArn", st(self.supervisor_arn()))])),
            Who::Bot(b) => Some(obj([("customEntity", st(self.bot_name(b)))])),
        }
    }

    fn first_name(&self, who: Who) -> &'c str {
        let name = match who {
            Who::Agent(i) => &self.cat.agents[i].name,
            _ => &self.cat.supervisor.name,
        };
        name.split(' ').next().unwrap_or(name)
    }

    fn other_agent(&mut self, not: usize) -> usize {
        let n = self.cat.agents.len();
        (not + 1 + self.rng.usize(..n - 1)) % n
    }

    /// Mostly the owner, sometimes a colleague or the supervisor.
    fn someone(&mut self, c: &CaseGen) -> Who {
        match self.rng.u32(..20) {
            0..=13 => Who::Agent(c.owner),
            14..=17 => Who::Agent(self.other_agent(c.owner)),
            _ => Who::Supervisor,
        }
    }

    // --- step emission ------------------------------------------------------------------------

    fn push(&mut self, at: i64, op: &str, id: Option<String>, who: Who, mut input: Value) {
        let w = Self::who_index(who);
        if matches!(
            op,
            "CreateCase" | "UpdateCase" | "CreateRelatedItem" | "UpdateRelatedItem"
        ) && let Some(pb) = &self.performed_by[w]
        {
            input
                .as_object_mut()
                .expect("input is an object")
                .insert("performedBy".into(), pb.clone());
        }
        let step = SeedStep {
            operation: op.into(),
            input,
            at: Some(DateTime::from_timestamp(at, 0).expect("a demo time is in range")),
            id,
            principal: Some(self.principals[w].clone()),
        };
        self.steps.push((at, step));
    }

    /// The next moment of a burst: a little after the case's latest step.
    fn soon(&mut self, c: &mut CaseGen) -> i64 {
        c.t += self.rng.i64(40..900);
        c.t
    }

    // --- setup --------------------------------------------------------------------------------

    fn setup(&mut self) {
        let mut t = ts(SETUP_AT);
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
        let top = [
            "title",
            "status",
            "priority",
            "customer_id",
            "assigned_queue",
            "assigned_user",
        ];
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

    // --- text ---------------------------------------------------------------------------------

    /// Fill `{placeholders}` from the case.
    fn fill(&mut self, tpl: &str, c: &CaseGen) -> String {
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

    fn fill_pick(&mut self, pool: &[String], c: &CaseGen) -> String {
        let tpl = pick(&mut self.rng, pool).clone();
        self.fill(&tpl, c)
    }

    fn comment_text(&mut self, c: &CaseGen) -> String {
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

    fn long_comment(&mut self, c: &CaseGen) -> String {
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
    fn timeline_comment(&mut self, c: &CaseGen) -> String {
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
        text.truncate(text.floor_char_boundary(14_000));
        text
    }

    // --- related items ------------------------------------------------------------------------

    fn add_item(
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

    fn add_comment(&mut self, c: &mut CaseGen, at: i64, who: Who, body: String) -> usize {
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

    fn add_contact(&mut self, c: &mut CaseGen, at: i64, who: Who) {
        let arn = format!(
            "arn:aws:connect:{}:{}:instance/{}/contact/{}",
            self.cat.region,
            self.cat.account,
            self.cat.instance,
            uuidish(&mut self.rng)
        );
        self.add_item(c, at, who, "Contact", json!({ "contactArn": arn }));
    }

    fn add_file(&mut self, c: &mut CaseGen, at: i64, who: Who) {
        let arn = format!(
            "arn:aws:connect:{}:{}:instance/{}/file/{}",
            self.cat.region,
            self.cat.account,
            self.cat.instance,
            hex(&mut self.rng, 32)
        );
        self.add_item(c, at, who, "File", json!({ "fileArn": arn }));
    }

    fn add_sla(&mut self, c: &mut CaseGen, at: i64) {
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

    fn add_link(&mut self, c: &mut CaseGen, at: i64, who: Who, target: usize) {
        let case_id = format!("case-{target:04}");
        self.add_item(c, at, who, "ConnectCase", json!({ "caseId": case_id }));
        c.links.push(target);
    }

    fn new_custom(&mut self, c: &mut CaseGen, kind: Kind, at: i64) -> (Vec<(String, Value)>, Who) {
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

    fn add_custom(&mut self, c: &mut CaseGen, kind: Kind, at: i64) {
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
    fn touch_notes(&mut self, f: &mut Vec<(String, Value)>) {
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
    fn mutate_custom(&mut self, c: &CaseGen, idx: usize, at: i64) -> (Vec<(String, Value)>, Who) {
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

    fn update_custom(&mut self, c: &mut CaseGen, idx: usize, at: i64) {
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

    fn edit_comment(&mut self, c: &mut CaseGen, idx: usize, at: i64) {
        let who = match c.items[idx].author {
            w @ (Who::Agent(_) | Who::Supervisor) => w,
            _ => Who::Agent(c.owner),
        };
        let addition = self.fill_pick(&self.cat.comments.edits, c);
        let old = &c.items[idx].body;
        let body = if old.len() + addition.len() + 2 > 15_000 {
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

    fn delete_item(&mut self, c: &mut CaseGen, idx: usize, at: i64, who: Who) {
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

    // --- case fields --------------------------------------------------------------------------

    /// Send the changes that differ from the case's current values; false if none do.
    fn update_case(
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

    fn random_case_update(&mut self, c: &mut CaseGen, at: i64) {
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
                let new = if old.len() + update.len() + 2 > 2_900 {
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

    // --- one case -----------------------------------------------------------------------------

    fn case(&mut self, no: usize) {
        let cat = self.cat;
        let big = no == 1;
        let created = self.case_created[no - 1];
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

        let mut c = CaseGen {
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
        } else if c.closed {
            // Closed mid-life and never reopened by the loop: reopen so the case stays open.
            let at = self.soon(&mut c);
            self.reopen(&mut c, at);
        }
    }

    /// CreateCase and what happens in the first minutes.
    fn open_case(&mut self, c: &mut CaseGen) {
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

    fn reopen(&mut self, c: &mut CaseGen, at: i64) {
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

    /// One main-loop action at `c.t`.
    fn act(&mut self, c: &mut CaseGen) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    /// `(operation, required members, every member)` of the operations the seed uses, from the
    /// model (`connectcases-2022-10-03.service-2.json`).
    const OPS: &[(&str, &[&str], &[&str])] = &[
        ("CreateDomain", &["name"], &["name"]),
        (
            "CreateField",
            &["domainId", "name", "type"],
            &["domainId", "name", "type", "description", "attributes"],
        ),
        (
            "BatchPutFieldOptions",
            &["domainId", "fieldId", "options"],
            &["domainId", "fieldId", "options"],
        ),
        (
            "CreateTemplate",
            &["domainId", "name"],
            &[
                "domainId",
                "name",
                "description",
                "layoutConfiguration",
                "requiredFields",
                "status",
                "rules",
                "tagPropagationConfigurations",
            ],
        ),
        (
            "CreateLayout",
            &["domainId", "name", "content"],
            &["domainId", "name", "content"],
        ),
        (
            "CreateCase",
            &["domainId", "templateId", "fields"],
            &[
                "domainId",
                "templateId",
                "fields",
                "clientToken",
                "performedBy",
                "tags",
            ],
        ),
        (
            "UpdateCase",
            &["domainId", "caseId", "fields"],
            &["domainId", "caseId", "fields", "performedBy"],
        ),
        (
            "CreateRelatedItem",
            &["domainId", "caseId", "type", "content"],
            &["domainId", "caseId", "type", "content", "performedBy"],
        ),
        (
            "UpdateRelatedItem",
            &["domainId", "caseId", "relatedItemId", "content"],
            &[
                "domainId",
                "caseId",
                "relatedItemId",
                "content",
                "performedBy",
            ],
        ),
        (
            "DeleteRelatedItem",
            &["domainId", "caseId", "relatedItemId"],
            &["domainId", "caseId", "relatedItemId"],
        ),
    ];

    const SERVICE_SET: &[&str] = &[
        "reference_number",
        "created_datetime",
        "last_updated_datetime",
        "last_updated_user",
        "last_closed_datetime",
        "created_by",
    ];

    fn ops() -> HashMap<&'static str, (&'static [&'static str], &'static [&'static str])> {
        OPS.iter().map(|(o, r, a)| (*o, (*r, *a))).collect()
    }

    fn s<'a>(v: &'a Value, key: &str) -> &'a str {
        v[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} is a string in {v}"))
    }

    fn only_key(v: &Value) -> (&str, &Value) {
        let o = v
            .as_object()
            .unwrap_or_else(|| panic!("union is an object: {v}"));
        assert_eq!(o.len(), 1, "a union sets exactly one member: {v}");
        let (k, v) = o.iter().next().expect("one member");
        (k.as_str(), v)
    }

    #[derive(Default)]
    struct FieldDef {
        ty: String,
        options: HashSet<String>,
    }

    struct ItemState {
        ty: String,
        alive: bool,
        body: String,
        fields: Value,
    }

    /// What replaying the steps builds, by the rules of the model and DESIGN.md.
    #[derive(Default)]
    struct Replay {
        domain: bool,
        fields: HashMap<String, FieldDef>,
        layouts: HashSet<String>,
        templates: HashMap<String, (bool, Vec<String>)>,
        cases: HashMap<String, HashMap<String, Value>>,
        items: HashMap<(String, String), ItemState>,
        events: HashMap<String, usize>,
        created_items: HashMap<String, usize>,
        performers: HashSet<String>,
        field_types_in_items: HashSet<String>,
    }

    impl Replay {
        fn new() -> Self {
            let mut r = Replay::default();
            let sys = [
                ("title", "Text"),
                ("status", "SingleSelect"),
                ("summary", "Text"),
                ("customer_id", "Text"),
                ("assigned_queue", "Text"),
                ("assigned_user", "User"),
                ("case_reason", "SingleSelect"),
            ];
            for (id, ty) in sys {
                let mut f = FieldDef {
                    ty: ty.into(),
                    ..Default::default()
                };
                if id == "status" {
                    f.options = ["open", "closed"].iter().map(|x| x.to_string()).collect();
                }
                r.fields.insert(id.into(), f);
            }
            r
        }

        fn check_value(&self, field: &str, v: &Value, custom_item: bool) {
            assert!(
                !SERVICE_SET.contains(&field),
                "{field} is set by the service"
            );
            if custom_item {
                assert!(
                    !SYSTEM_FIELDS.contains(&field),
                    "system field {field} in a custom item"
                );
            }
            let def = self
                .fields
                .get(field)
                .unwrap_or_else(|| panic!("field {field} exists"));
            let (k, x) = only_key(v);
            match (def.ty.as_str(), k) {
                (_, "emptyValue") => {
                    assert!(!custom_item, "no empty values in custom items");
                    assert_eq!(x, &json!({}));
                }
                ("Text", "stringValue") => {
                    let max = if field == "summary" { 3000 } else { 4100 };
                    assert!(
                        x.as_str().unwrap().chars().count() <= max,
                        "{field} too long"
                    );
                }
                ("Number", "doubleValue") => assert!(x.as_f64().unwrap().is_finite()),
                ("Boolean", "booleanValue") => assert!(x.is_boolean()),
                ("DateTime", "stringValue") => {
                    DateTime::parse_from_rfc3339(x.as_str().unwrap())
                        .unwrap_or_else(|e| panic!("{field}: {x} is ISO-8601: {e}"));
                }
                ("SingleSelect", "stringValue") => assert!(
                    def.options.contains(x.as_str().unwrap()),
                    "{field}: {x} is an option"
                ),
                ("Url", "stringValue") => assert!(x.as_str().unwrap().starts_with("https://")),
                ("User", "userArnValue") => assert!(
                    x.as_str()
                        .unwrap()
                        .starts_with("arn:aws:connect:us-east-1:123456789012:instance/demo/agent/")
                ),
                (ty, k) => panic!("{field} ({ty}) given a {k}"),
            }
        }

        fn check_field_list(&self, list: &Value, custom_item: bool) -> HashSet<String> {
            let list = list.as_array().expect("fields is a list");
            let mut ids = HashSet::new();
            for f in list {
                let o = f.as_object().unwrap();
                assert_eq!(o.len(), 2, "FieldValue has id and value: {f}");
                let id = s(f, "id").to_string();
                self.check_value(&id, &f["value"], custom_item);
                assert!(ids.insert(id.clone()), "field {id} listed twice");
            }
            ids
        }

        fn performer(&mut self, input: &Value) {
            let (k, v) = only_key(&input["performedBy"]);
            let v = v.as_str().unwrap();
            match k {
                "userArn" => assert!(
                    v.starts_with("arn:aws:connect:us-east-1:123456789012:instance/demo/agent/")
                ),
                "customEntity" => assert!(
                    !v.is_empty()
                        && v.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "_-.@:/".contains(c))
                ),
                _ => panic!("performedBy member {k}"),
            }
            self.performers.insert(v.to_string());
        }

        fn case_event(&mut self, case: &str) {
            *self.events.entry(case.to_string()).or_default() += 1;
        }

        fn apply(&mut self, step: &Value) {
            let op = s(step, "operation");
            let input = &step["input"];
            let id = step.get("id").and_then(Value::as_str);
            if op != "CreateDomain" {
                assert!(self.domain, "domain first");
                assert_eq!(s(input, "domainId"), DEMO_DOMAIN_ID);
            }
            match op {
                "CreateDomain" => {
                    assert_eq!(id, Some(DEMO_DOMAIN_ID));
                    assert_eq!(s(input, "name"), "Acme Support");
                    self.domain = true;
                }
                "CreateField" => {
                    let id = id.expect("fields have fixed ids");
                    assert!(!self.fields.contains_key(id) && !SYSTEM_FIELDS.contains(&id));
                    let name = s(input, "name");
                    assert!((1..=100).contains(&name.len()));
                    assert!(s(input, "description").len() <= 255);
                    if let Some(a) = input.get("attributes") {
                        assert!(only_key(a).1["isMultiline"].is_boolean());
                    }
                    let ty = s(input, "type");
                    assert!(
                        [
                            "Text",
                            "Number",
                            "Boolean",
                            "DateTime",
                            "SingleSelect",
                            "Url",
                            "User"
                        ]
                        .contains(&ty)
                    );
                    self.fields.insert(
                        id.into(),
                        FieldDef {
                            ty: ty.into(),
                            ..Default::default()
                        },
                    );
                }
                "BatchPutFieldOptions" => {
                    let f = self
                        .fields
                        .get_mut(s(input, "fieldId"))
                        .expect("field exists");
                    assert_eq!(f.ty, "SingleSelect");
                    let options = input["options"].as_array().unwrap();
                    assert!(options.len() <= 50);
                    for o in options {
                        let v = s(o, "value");
                        assert!(
                            v.chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                        );
                        assert!((1..=100).contains(&s(o, "name").len()));
                        assert!(o["active"].is_boolean());
                        f.options.insert(v.into());
                    }
                }
                "CreateLayout" => {
                    let (k, basic) = only_key(&input["content"]);
                    assert_eq!(k, "basic");
                    for panel in ["topPanel", "moreInfo"] {
                        let sections = basic[panel]["sections"].as_array().unwrap();
                        assert!(sections.len() <= 1);
                        for sec in sections {
                            let (k, g) = only_key(sec);
                            assert_eq!(k, "fieldGroup");
                            for f in g["fields"].as_array().unwrap() {
                                let fid = s(f, "id");
                                assert!(
                                    self.fields.contains_key(fid) || SYSTEM_FIELDS.contains(&fid),
                                    "layout field {fid}"
                                );
                            }
                        }
                    }
                    assert!(self.layouts.insert(id.expect("layout id").into()));
                }
                "CreateTemplate" => {
                    let layout = s(&input["layoutConfiguration"], "defaultLayout");
                    assert!(self.layouts.contains(layout));
                    let required: Vec<String> = input["requiredFields"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| s(r, "fieldId").to_string())
                        .collect();
                    for r in &required {
                        assert!(self.fields.contains_key(r.as_str()), "required {r}");
                    }
                    let active = s(input, "status") == "Active";
                    let id = id.expect("template id").to_string();
                    assert!(self.templates.insert(id, (active, required)).is_none());
                }
                "CreateCase" => {
                    let id = id.expect("case id");
                    assert!(!self.cases.contains_key(id));
                    let (active, required) = &self.templates[s(input, "templateId")];
                    assert!(*active, "cases use active templates");
                    let ids = self.check_field_list(&input["fields"], false);
                    for r in required {
                        assert!(ids.contains(r.as_str()), "{id} lacks required {r}");
                    }
                    self.performer(input);
                    let fields = input["fields"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| (s(f, "id").to_string(), f["value"].clone()))
                        .collect();
                    self.cases.insert(id.into(), fields);
                    self.case_event(id);
                }
                "UpdateCase" => {
                    let case = s(input, "caseId");
                    self.check_field_list(&input["fields"], false);
                    assert!(!input["fields"].as_array().unwrap().is_empty());
                    self.performer(input);
                    let cur = self.cases.get_mut(case).expect("case exists");
                    for f in input["fields"].as_array().unwrap() {
                        let old = cur.insert(s(f, "id").to_string(), f["value"].clone());
                        assert_ne!(old.as_ref(), Some(&f["value"]), "no-op change in {case}");
                    }
                    self.case_event(case);
                }
                "CreateRelatedItem" => {
                    let case = s(input, "caseId").to_string();
                    assert!(self.cases.contains_key(&case), "{case} exists");
                    let item = id.expect("related item id").to_string();
                    assert!(item.starts_with(&format!("ri-{}-", &case[5..])));
                    let ty = s(input, "type");
                    let (k, content) = only_key(&input["content"]);
                    let expected = match ty {
                        "Contact" => "contact",
                        "Comment" => "comment",
                        "File" => "file",
                        "Sla" => "sla",
                        "ConnectCase" => "connectCase",
                        "Custom" => "custom",
                        other => panic!("type {other}"),
                    };
                    assert_eq!(k, expected);
                    let mut body = String::new();
                    match ty {
                        "Contact" => assert!(s(content, "contactArn").starts_with(
                            "arn:aws:connect:us-east-1:123456789012:instance/demo/contact/"
                        )),
                        "File" => assert!(s(content, "fileArn").starts_with(
                            "arn:aws:connect:us-east-1:123456789012:instance/demo/file/"
                        )),
                        "Comment" => {
                            body = s(content, "body").to_string();
                            assert!((1..=15_000).contains(&body.chars().count()));
                            assert_eq!(s(content, "contentType"), "Text/Plain");
                        }
                        "Sla" => {
                            let (k, cfg) = only_key(content);
                            assert_eq!(k, "slaInputConfiguration");
                            assert_eq!(s(cfg, "type"), "CaseField");
                            let field = s(cfg, "fieldId");
                            assert_eq!(self.fields[field].ty, "SingleSelect");
                            let targets = cfg["targetFieldValues"].as_array().unwrap();
                            assert_eq!(targets.len(), 1);
                            self.check_value(field, &targets[0], false);
                            let m = cfg["targetSlaMinutes"].as_i64().unwrap();
                            assert!((1..=1_051_200).contains(&m));
                            assert!(!s(cfg, "name").trim().is_empty());
                        }
                        "ConnectCase" => {
                            let target = s(content, "caseId");
                            assert!(self.cases.contains_key(target), "linked {target} exists");
                            assert_ne!(target, case);
                        }
                        _ => {
                            let list = content["fields"].as_array().unwrap();
                            assert!(
                                (3..=10).contains(&list.len()),
                                "3-10 fields per custom item"
                            );
                            self.check_field_list(&content["fields"], true);
                            for f in list {
                                self.field_types_in_items
                                    .insert(self.fields[s(f, "id")].ty.clone());
                            }
                        }
                    }
                    self.performer(input);
                    let key = (case.clone(), item);
                    assert!(!self.items.contains_key(&key), "item id reused");
                    self.items.insert(
                        key,
                        ItemState {
                            ty: ty.into(),
                            alive: true,
                            body,
                            fields: content.get("fields").cloned().unwrap_or(Value::Null),
                        },
                    );
                    *self.created_items.entry(case.clone()).or_default() += 1;
                    self.case_event(&case);
                }
                "UpdateRelatedItem" => {
                    let case = s(input, "caseId").to_string();
                    let key = (case.clone(), s(input, "relatedItemId").to_string());
                    let (k, content) = only_key(&input["content"]);
                    self.performer(input);
                    let field_check = if k == "custom" {
                        let list = content["fields"].as_array().unwrap();
                        assert!((1..=50).contains(&list.len()));
                        assert!(list.len() <= 10);
                        self.check_field_list(&content["fields"], true);
                        for f in list {
                            self.field_types_in_items
                                .insert(self.fields[s(f, "id")].ty.clone());
                        }
                        true
                    } else {
                        false
                    };
                    let item = self.items.get_mut(&key).expect("updated item exists");
                    assert!(item.alive, "updated item not deleted");
                    match (item.ty.as_str(), k) {
                        ("Comment", "comment") => {
                            let body = s(content, "body");
                            assert!((1..=15_000).contains(&body.chars().count()));
                            assert_eq!(s(content, "contentType"), "Text/Plain");
                            assert_ne!(body, item.body, "no-op comment edit");
                            item.body = body.to_string();
                        }
                        ("Custom", "custom") => {
                            assert!(field_check);
                            assert_ne!(content["fields"], item.fields, "no-op custom edit");
                            item.fields = content["fields"].clone();
                        }
                        (ty, k) => panic!("cannot update a {ty} item with {k}"),
                    }
                    self.case_event(&case);
                }
                "DeleteRelatedItem" => {
                    let case = s(input, "caseId").to_string();
                    let key = (case.clone(), s(input, "relatedItemId").to_string());
                    let item = self.items.get_mut(&key).expect("deleted item exists");
                    assert!(item.alive, "deleted twice");
                    assert_ne!(
                        item.ty, "File",
                        "DeleteRelatedItem cannot delete File items"
                    );
                    item.alive = false;
                    self.case_event(&case);
                }
                other => panic!("unexpected operation {other}"),
            }
        }
    }

    fn replay() -> (Vec<Value>, Replay) {
        let steps = demo_steps();
        let mut r = Replay::new();
        for (i, step) in steps.iter().enumerate() {
            let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.apply(step)));
            if let Err(e) = res {
                panic!("step {i} is invalid: {step}\n{e:?}");
            }
        }
        (steps, r)
    }

    #[test]
    fn date_formatting_matches_chrono() {
        use chrono::{SecondsFormat, Utc};
        let mut t = ts("1999-12-25T23:59:59Z");
        while t < ts("2031-03-01T00:00:00Z") {
            let d = DateTime::<Utc>::from_timestamp(t, 0).unwrap();
            assert_eq!(rfc3339(t), d.to_rfc3339_opts(SecondsFormat::Secs, true));
            assert_eq!(short_date(t), d.format("%a %-d %b").to_string());
            t += 86_400 / 3 + 7_919;
        }
    }

    #[test]
    fn steps_are_deterministic() {
        assert_eq!(demo_steps(), demo_steps());
        let doc: Value = serde_json::from_str(&demo_seed_json()).unwrap();
        assert_eq!(doc["steps"].as_array().unwrap().len(), demo_steps().len());
    }

    #[test]
    fn steps_have_the_seed_format_and_model_members() {
        let ops = ops();
        for step in demo_steps() {
            let o = step.as_object().unwrap();
            for k in o.keys() {
                assert!(
                    ["operation", "at", "id", "principal", "input"].contains(&k.as_str()),
                    "unknown step key {k}"
                );
            }
            let op = s(&step, "operation");
            let (required, all) = ops.get(op).unwrap_or_else(|| panic!("operation {op}"));
            assert_eq!(o.contains_key("id"), op.starts_with("Create"), "{step}");
            assert!(s(&step, "principal").starts_with("arn:aws:iam::123456789012:"));
            let input = step["input"].as_object().unwrap();
            for r in *required {
                assert!(input.contains_key(*r), "{op} lacks {r}");
            }
            for k in input.keys() {
                assert!(all.contains(&k.as_str()), "{op} has no member {k}");
            }
        }
    }

    /// Cross-check the small operation table against the API model the crate embeds.
    #[test]
    fn operation_table_matches_the_model() {
        let model: Value = serde_json::from_str(crate::local::spec::MODEL_JSON).unwrap();
        for (op, required, all) in OPS {
            let shape = s(&model["operations"][*op]["input"], "shape");
            let shape = &model["shapes"][shape];
            let mut want: Vec<&str> = shape["required"]
                .as_array()
                .map(|r| r.iter().map(|x| x.as_str().unwrap()).collect())
                .unwrap_or_default();
            let mut got = required.to_vec();
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "{op} required");
            let mut members: Vec<&str> = shape["members"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut got = all.to_vec();
            members.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, members, "{op} members");
        }
    }

    #[test]
    fn clock_is_non_decreasing_over_ten_weeks() {
        let steps = demo_steps();
        let times: Vec<i64> = steps
            .iter()
            .map(|s| {
                DateTime::parse_from_rfc3339(s["at"].as_str().unwrap())
                    .unwrap()
                    .timestamp()
            })
            .collect();
        for w in times.windows(2) {
            assert!(
                w[0] <= w[1],
                "at goes back: {} -> {}",
                rfc3339(w[0]),
                rfc3339(w[1])
            );
        }
        let (first, last) = (times[0], *times.last().unwrap());
        assert!(last < ts("2026-11-29T00:00:00Z"));
        assert!(last - first >= 63 * 86_400, "about ten weeks of history");
        assert!(last - first <= 75 * 86_400);
    }

    #[test]
    fn every_step_is_valid_for_the_service() {
        let (_, r) = replay();
        // Custom items (created or updated) use fields of every type.
        for ty in [
            "Text",
            "Number",
            "Boolean",
            "DateTime",
            "SingleSelect",
            "Url",
            "User",
        ] {
            assert!(r.field_types_in_items.contains(ty), "custom items use {ty}");
        }
    }

    #[test]
    fn content_counts() {
        let (steps, r) = replay();
        assert_eq!(r.cases.len(), DEMO_CASE_COUNT);
        let closed = r
            .cases
            .values()
            .filter(|f| f["status"] == sv("closed"))
            .count();
        assert!(
            (5..=20).contains(&closed),
            "some closed, mostly open: {closed}"
        );
        // Every field type is defined.
        let types: HashSet<&str> = r.fields.values().map(|f| f.ty.as_str()).collect();
        assert_eq!(types.len(), 7);
        assert!(r.templates.len() >= 2 && !r.layouts.is_empty());
        // All six related item types, and deletions.
        let types: HashSet<&str> = r.items.values().map(|i| i.ty.as_str()).collect();
        assert_eq!(types.len(), 6, "{types:?}");
        assert!(r.items.values().any(|i| !i.alive));
        // Performers: agents, the supervisor and bots.
        let users = r
            .performers
            .iter()
            .filter(|p| p.starts_with("arn:"))
            .count();
        let bots = r
            .performers
            .iter()
            .filter(|p| !p.starts_with("arn:"))
            .count();
        assert!(users >= 7 && bots >= 3, "{:?}", r.performers);
        // The big case.
        assert!(r.events[BIG_CASE_ID] >= 1000, "{}", r.events[BIG_CASE_ID]);
        let alive = r
            .items
            .iter()
            .filter(|((c, _), i)| c == BIG_CASE_ID && i.alive)
            .count();
        assert!(alive >= 150, "{alive}");
        assert!(
            r.cases[BIG_CASE_ID]["title"]["stringValue"]
                .as_str()
                .unwrap()
                .contains("88231")
        );
        // Every case has a history of tens of events.
        for (case, n) in &r.events {
            assert!(*n >= 10, "{case}: {n} events");
        }
        // The big case's customer has a second case linking to it.
        let follow_up = format!("case-{FOLLOW_UP_CASE:04}");
        assert_eq!(
            r.cases[&follow_up]["customer_id"],
            r.cases[BIG_CASE_ID]["customer_id"]
        );
        assert!(
            steps
                .iter()
                .any(|s| s["input"]["caseId"] == follow_up.as_str()
                    && s["input"]["content"]["connectCase"]["caseId"] == BIG_CASE_ID)
        );
        // Long comments exist.
        assert!(r.items.values().any(|i| i.body.len() > 5000));
        eprintln!(
            "{} steps; {} cases ({closed} closed); {} related items ({} alive); big case: {} events, {} items created, {alive} alive",
            steps.len(),
            r.cases.len(),
            r.items.len(),
            r.items.values().filter(|i| i.alive).count(),
            r.events[BIG_CASE_ID],
            r.created_items[BIG_CASE_ID],
        );
    }

    /// Every step replayed through the local service's store succeeds, and the big case pages.
    #[test]
    fn replays_through_the_store() {
        use crate::local::error::CallContext;
        use crate::local::store::Store;

        let steps = demo_steps();
        let mut store = Store::default();
        let mut failures = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let ctx = CallContext {
                now: s(step, "at").parse().unwrap(),
                iam_principal_arn: s(step, "principal").into(),
                id_override: step.get("id").and_then(Value::as_str).map(String::from),
            };
            let op = s(step, "operation");
            match store.call(op, &step["input"], &ctx) {
                Ok(out) => {
                    // A fixed id is honoured.
                    if let (Some(id), Some(got)) = (&ctx.id_override, out.get("caseId")) {
                        assert_eq!(got, id.as_str());
                    }
                }
                Err(e) => failures.push(format!("step {i} {op}: {e}")),
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} steps failed, first: {:#?}",
            failures.len(),
            steps.len(),
            &failures[..failures.len().min(15)]
        );

        let ctx = CallContext::now();
        let mut call = |op: &str, input: Value| {
            store
                .call(op, &input, &ctx)
                .unwrap_or_else(|e| panic!("{op}: {e}"))
        };
        let mut audit = Vec::new();
        let mut token: Option<Value> = None;
        loop {
            let mut input =
                json!({ "domainId": DEMO_DOMAIN_ID, "caseId": BIG_CASE_ID, "maxResults": 25 });
            if let Some(t) = token.take() {
                input["nextToken"] = t;
            }
            let page = call("GetCaseAuditEvents", input);
            audit.extend(page["auditEvents"].as_array().unwrap().iter().cloned());
            match page.get("nextToken") {
                Some(t) if !t.is_null() => token = Some(t.clone()),
                _ => break,
            }
        }
        assert!(audit.len() >= 1000, "{} audit events", audit.len());
        let mut items = 0;
        let mut token: Option<Value> = None;
        loop {
            let mut input =
                json!({ "domainId": DEMO_DOMAIN_ID, "caseId": BIG_CASE_ID, "maxResults": 25 });
            if let Some(t) = token.take() {
                input["nextToken"] = t;
            }
            let page = call("SearchRelatedItems", input);
            items += page["relatedItems"].as_array().unwrap().len();
            match page.get("nextToken") {
                Some(t) if !t.is_null() => token = Some(t.clone()),
                _ => break,
            }
        }
        assert!(items >= 150, "{items} related items");
        let case = call(
            "GetCase",
            json!({ "domainId": DEMO_DOMAIN_ID, "caseId": BIG_CASE_ID, "fields": [{ "id": "title" }] }),
        );
        assert!(case["fields"].to_string().contains("88231"), "{case}");
        eprintln!(
            "store: big case has {} audit events and {items} related items",
            audit.len()
        );
    }
}
