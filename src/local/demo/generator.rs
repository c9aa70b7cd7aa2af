//! The generator's state: who acts, the cases being built with their related items, and the
//! list of steps so far; steps are emitted here.

use chrono::DateTime;
use fastrand::Rng;
use serde_json::Value;

use super::calendar::{ts, working_hours};
use super::catalog::Catalog;
use super::json::{obj, st};
use super::{BIG_CASE_AT, CASES_FROM, CASES_TO, DEMO_CASE_COUNT, HISTORY_END, SEED};
use crate::local::seed::SeedStep;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Bot {
    Orders,
    Portal,
    Sla,
    Refunds,
}

/// Who performs a step.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Who {
    Admin,
    Agent(usize),
    Supervisor,
    Bot(Bot),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Order,
    Refund,
    Booking,
    Attempt,
}

impl Kind {
    pub(super) fn parse(s: &str) -> Kind {
        match s {
            "order" => Kind::Order,
            "refund" => Kind::Refund,
            "booking" => Kind::Booking,
            _ => Kind::Attempt,
        }
    }
}

pub(super) struct Item {
    pub(super) id: String,
    pub(super) ty: &'static str,
    pub(super) alive: bool,
    pub(super) author: Who,
    pub(super) body: String,
    pub(super) kind: Option<Kind>,
    pub(super) fields: Vec<(String, Value)>,
}

pub(super) struct CaseGen {
    pub(super) no: usize,
    pub(super) id: String,
    pub(super) big: bool,
    pub(super) scenario: usize,
    pub(super) customer: usize,
    pub(super) product: usize,
    pub(super) carrier: usize,
    pub(super) order: String,
    pub(super) tracking: String,
    pub(super) amount: f64,
    pub(super) owner: usize,
    pub(super) kinds: Vec<Kind>,
    pub(super) fields: Vec<(String, Value)>,
    pub(super) items: Vec<Item>,
    pub(super) next_item: usize,
    /// The case's clock: the time of its latest step.
    pub(super) t: i64,
    /// Case numbers this case links to.
    pub(super) links: Vec<usize>,
    pub(super) attempts: u32,
    pub(super) reopens: u32,
    pub(super) closed: bool,
}

impl CaseGen {
    pub(super) fn alive(&self, ty: &str) -> Vec<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.alive && it.ty == ty)
            .map(|(i, _)| i)
            .collect()
    }
}

pub(super) struct Gen<'c> {
    pub(super) cat: &'c Catalog,
    pub(super) rng: Rng,
    steps: Vec<(i64, SeedStep)>,
    pub(super) case_created: Vec<i64>,
    pub(super) end: i64,
    /// Per performer (see `who_index`): IAM principal and `performedBy` union.
    principals: Vec<String>,
    performed_by: Vec<Option<Value>>,
    /// Seconds (whole days) added to every constant time, so the history ends just before "now".
    pub(super) shift: i64,
    /// Every case as its history left it, for the live hour that follows.
    pub(super) cases: Vec<CaseGen>,
}

impl<'c> Gen<'c> {
    /// A generator whose history is moved by `shift` seconds, a whole number of days: working
    /// hours, weekdays and every random choice stay as they are, only the dates move.
    pub(super) fn new(cat: &'c Catalog, shift: i64) -> Self {
        debug_assert_eq!(shift % 86_400, 0, "the history moves by whole days");
        let ts = |s: &str| ts(s) + shift;
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
            shift,
            cases: Vec::with_capacity(DEMO_CASE_COUNT),
        };
        for who in Self::all_performers(cat) {
            debug_assert_eq!(Self::who_index(who), g.principals.len());
            g.principals.push(g.make_principal(who));
            g.performed_by.push(g.make_performed_by(who));
        }
        g
    }

    pub(super) fn finish(mut self) -> Vec<SeedStep> {
        // Stable: steps of one case keep their order, and a step that references another case
        // happens strictly after that case was created.
        self.steps.sort_by_key(|(t, _)| *t);
        self.steps.into_iter().map(|(_, s)| s).collect()
    }

    /// The time of the latest step so far.
    pub(super) fn last_at(&self) -> i64 {
        self.steps.iter().map(|(t, _)| *t).max().unwrap_or(i64::MIN)
    }

    // --- performers ---------------------------------------------------------------------------

    pub(super) fn connect_user_arn(&self, user: &str) -> String {
        let c = self.cat;
        format!(
            "arn:aws:connect:{}:{}:instance/{}/agent/{}",
            c.region, c.account, c.instance, user
        )
    }

    pub(super) fn agent_arn(&self, i: usize) -> String {
        self.connect_user_arn(&self.cat.agents[i].id)
    }

    pub(super) fn supervisor_arn(&self) -> String {
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

    pub(super) fn first_name(&self, who: Who) -> &'c str {
        let name = match who {
            Who::Agent(i) => &self.cat.agents[i].name,
            _ => &self.cat.supervisor.name,
        };
        name.split(' ').next().unwrap_or(name)
    }

    pub(super) fn other_agent(&mut self, not: usize) -> usize {
        let n = self.cat.agents.len();
        (not + 1 + self.rng.usize(..n - 1)) % n
    }

    /// Mostly the owner, sometimes a colleague or the supervisor.
    pub(super) fn someone(&mut self, c: &CaseGen) -> Who {
        match self.rng.u32(..20) {
            0..=13 => Who::Agent(c.owner),
            14..=17 => Who::Agent(self.other_agent(c.owner)),
            _ => Who::Supervisor,
        }
    }

    // --- step emission ------------------------------------------------------------------------

    pub(super) fn push(
        &mut self,
        at: i64,
        op: &str,
        id: Option<String>,
        who: Who,
        mut input: Value,
    ) {
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
    pub(super) fn soon(&mut self, c: &mut CaseGen) -> i64 {
        c.t += self.rng.i64(40..900);
        c.t
    }
}
