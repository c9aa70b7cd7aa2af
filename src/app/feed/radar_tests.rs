//! The SLA radar's state: order, urgency, title lookups, reloads.

use super::testing::{now, open_sla};
use super::*;
use crate::app::ctx::{Calls, Clock};
use crate::app::{Catalog, KeyMap};
use crate::model::{FieldEntry, FieldValue};

struct Env {
    catalog: Catalog,
    keys: KeyMap,
    calls: Calls,
    status: Option<crate::app::Status>,
}

impl Env {
    fn new() -> Self {
        Self {
            catalog: Catalog::default(),
            keys: KeyMap::default(),
            calls: Calls::default(),
            status: None,
        }
    }

    fn ctx(&mut self) -> Ctx<'_> {
        Ctx {
            catalog: &self.catalog,
            domain_id: Some("d"),
            calls: &mut self.calls,
            status: &mut self.status,
            ticks: 0,
            now: Clock {
                frozen: Some(now()),
                local_offset: None,
            }
            .now(),
            local_offset: None,
            keys: &self.keys,
            read_only: false,
            go: None,
        }
    }
}

fn load_req(cmds: &[Cmd]) -> u64 {
    match cmds {
        [Cmd::Service(ServiceCmd::LoadOpenSlas { req, domain_id })] => {
            assert_eq!(domain_id, "d");
            *req
        }
        other => panic!("{other:?}"),
    }
}

fn title_lookups(cmds: &[Cmd]) -> Vec<(u64, String)> {
    cmds.iter()
        .map(|c| match c {
            Cmd::Service(ServiceCmd::GetCase {
                req,
                case_id,
                field_ids,
                ..
            }) => {
                assert_eq!(field_ids, &["title"]);
                (*req, case_id.clone())
            }
            other => panic!("{other:?}"),
        })
        .collect()
}

/// Asks `radar` for a full read and answers it with `items`: what the answer asks for.
fn reload(radar: &mut Radar, env: &mut Env, items: Vec<CaseItem>) -> Vec<Cmd> {
    let req = load_req(&radar.load(HashMap::new(), &mut env.ctx()));
    radar.receive(req, Ok(items), &mut env.ctx())
}

/// A radar that read `items`, and its environment.
fn loaded(items: Vec<CaseItem>) -> (Env, Radar) {
    let mut env = Env::new();
    let mut radar = Radar::default();
    reload(&mut radar, &mut env, items);
    (env, radar)
}

fn titled(id: &str, title: &str) -> Case {
    Case {
        id: id.into(),
        template_id: "t".into(),
        fields: vec![FieldEntry::new("title", FieldValue::String(title.into()))],
        tags: Default::default(),
    }
}

#[test]
fn rows_go_most_overdue_first_then_soonest_due_with_urgency_from_the_clock() {
    let (_env, radar) = loaded(vec![
        open_sla("c1", "later", "Resolve", 300),
        open_sla("c2", "soon", "First reply", 4),
        open_sla("c3", "old", "Resolve", -90),
        open_sla("c4", "hour", "Callback", 40),
        open_sla("c5", "new", "First reply", -12),
    ]);
    let order: Vec<&str> = radar.rows().iter().map(|r| r.item.id.as_str()).collect();
    assert_eq!(order, ["old", "new", "soon", "hour", "later"]);
    let urgency: Vec<Urgency> = radar.rows().iter().map(|r| r.urgency(now())).collect();
    assert_eq!(
        urgency,
        [
            Urgency::Breached,
            Urgency::Breached,
            Urgency::Soon,
            Urgency::Hour,
            Urgency::Later
        ]
    );
    assert_eq!(radar.rows()[1].due(now()), "breached 12 min ago");
    assert_eq!(radar.rows()[2].due(now()), "due in 4 min");
    // Five minutes on, the SLA due in 4 min has breached: no reload needed to say so.
    let later = now() + Duration::minutes(5);
    assert_eq!(radar.rows()[2].urgency(later), Urgency::Breached);
    assert_eq!(radar.rows()[2].due(later), "breached 1 min ago");
    // The boundaries belong to the more urgent class.
    let r = RadarRow {
        case_id: "c".into(),
        item: open_sla("c", "i", "n", SOON_MINUTES).item,
    };
    assert_eq!(r.urgency(now()), Urgency::Soon);
    let r = RadarRow {
        case_id: "c".into(),
        item: open_sla("c", "i", "n", HOUR_MINUTES).item,
    };
    assert_eq!(r.urgency(now()), Urgency::Hour);
}

#[test]
fn titles_are_asked_a_few_at_a_time_in_radar_order_and_kept_across_reloads() {
    let mut env = Env::new();
    let mut radar = Radar::default();
    let known = HashMap::from([("c0".to_string(), "Known already".to_string())]);
    let req = load_req(&radar.load(known, &mut env.ctx()));
    let mut items: Vec<CaseItem> = (0..12)
        .map(|i| open_sla(&format!("c{i}"), &format!("s{i}"), "Resolve", 10 + i))
        .collect();
    // Two SLAs on one case: one lookup.
    items.push(open_sla("c1", "s1b", "First reply", 500));
    let cmds = radar.receive(req, Ok(items), &mut env.ctx());
    let asked = title_lookups(&cmds);
    let cases: Vec<&str> = asked.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(cases, ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"]);
    assert_eq!(radar.title("c0"), "Known already");
    assert_eq!(radar.title("c1"), "loading title");
    assert!(radar.is_loading());
    // An answer frees a slot for the next case.
    let more = radar
        .receive_title(
            asked[0].0,
            &Ok(titled("c1", "Printer on fire")),
            &mut env.ctx(),
        )
        .unwrap();
    assert_eq!(title_lookups(&more)[0].1, "c9");
    assert_eq!(radar.title("c1"), "Printer on fire");
    let gone = GatewayError::NotFound {
        message: "gone".into(),
        resource_id: None,
    };
    radar.receive_title(asked[1].0, &Err(gone), &mut env.ctx());
    assert_eq!(radar.title("c2"), "case not found");
    assert!(
        radar
            .receive_title(9999, &Ok(titled("x", "y")), &mut env.ctx())
            .is_none(),
        "not the radar's lookup"
    );
    // A reload asks only for cases still unknown.
    let cmds = reload(
        &mut radar,
        &mut env,
        vec![
            open_sla("c1", "s1", "Resolve", 3),
            open_sla("c2", "s2", "Resolve", 5),
            open_sla("c99", "s99", "Resolve", 7),
        ],
    );
    // Eight lookups are still in flight (c3 to c10): c99 waits for a free slot.
    assert!(title_lookups(&cmds).is_empty(), "{cmds:?}");
    let more = radar
        .receive_title(asked[2].0, &Ok(titled("c3", "Third")), &mut env.ctx())
        .unwrap();
    let next: Vec<String> = title_lookups(&more).into_iter().map(|(_, c)| c).collect();
    assert_eq!(next, ["c99"]);
}

#[test]
fn a_reload_keeps_the_selected_sla_and_a_failed_one_keeps_the_rows() {
    let (mut env, mut radar) = loaded(vec![
        open_sla("c1", "a", "Resolve", 10),
        open_sla("c2", "b", "Resolve", 20),
    ]);
    assert!(radar.handle(Action::Down));
    assert_eq!(radar.selected().unwrap().item.id, "b");
    let req = load_req(&radar.load(HashMap::new(), &mut env.ctx()));
    radar.receive(
        req,
        Ok(vec![
            open_sla("c3", "new", "Resolve", -5),
            open_sla("c1", "a", "Resolve", 10),
            open_sla("c2", "b", "Resolve", 20),
        ]),
        &mut env.ctx(),
    );
    assert_eq!(radar.selected().unwrap().item.id, "b", "same SLA selected");
    assert_eq!(radar.cursor.selected, 2);
    // A stale answer is dropped.
    let old = req;
    let req = load_req(&radar.load(HashMap::new(), &mut env.ctx()));
    assert!(radar.receive(old, Ok(vec![]), &mut env.ctx()).is_empty());
    assert_eq!(radar.rows().len(), 3);
    radar.receive(
        req,
        Err(GatewayError::Other("connection refused".into())),
        &mut env.ctx(),
    );
    assert_eq!(radar.rows().len(), 3, "the last rows stay");
    assert!(
        radar
            .error
            .as_ref()
            .unwrap()
            .text
            .contains("connection refused")
    );
}

#[test]
fn a_service_that_says_overdue_before_our_clock_does_is_believed() {
    let mut item = open_sla("c", "i", "Resolve", 3).item;
    if let RelatedContent::Sla(s) = &mut item.content {
        s.status = "Overdue".into();
    }
    let row = RadarRow {
        case_id: "c".into(),
        item,
    };
    assert_eq!(row.urgency(now()), Urgency::Breached);
    assert_eq!(row.due(now()), "breached (service says Overdue)");
}

#[test]
fn titles_learnt_before_the_answer_are_not_asked_for() {
    let mut env = Env::new();
    let mut radar = Radar::default();
    let req = load_req(&radar.load(HashMap::new(), &mut env.ctx()));
    radar.learn(HashMap::from([(
        "c1".to_string(),
        "Seen by the feed".to_string(),
    )]));
    let cmds = radar.receive(
        req,
        Ok(vec![
            open_sla("c1", "s1", "Resolve", 10),
            open_sla("c2", "s2", "Resolve", 20),
        ]),
        &mut env.ctx(),
    );
    let asked: Vec<String> = title_lookups(&cmds).into_iter().map(|(_, c)| c).collect();
    assert_eq!(asked, ["c2"]);
    assert_eq!(radar.title("c1"), "Seen by the feed");
}
