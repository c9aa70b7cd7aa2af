//! The rebuilt case against a reference that knows each item's id: random histories of case
//! updates and custom items created, updated and deleted by several people, with values drawn
//! from a few so that items often look alike.

use std::collections::BTreeMap;

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::app::audit::{Blame, case_blame, item_blame};
use crate::model::{FieldEntry, Performer, RelatedContent, RelatedItem, RelatedItemType};

const PEOPLE: [&str; 3] = ["ana", "bo", "cy"];

fn v(n: u8) -> FieldValue {
    FieldValue::String(format!("v{n}"))
}

fn event(i: usize, ty: &str, item: bool, by: u8, fields: Vec<AuditField>) -> AuditEvent {
    AuditEvent {
        id: format!("e{i:04}"),
        event_type: ty.into(),
        related_item_type: item.then(|| "Custom".to_string()),
        performed_time: Some(
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(i as i64),
        ),
        fields,
        performed_by: Some(Performer::CustomEntity(PEOPLE[by as usize % 3].into())),
        iam_principal_arn: None,
        merge: None,
    }
}

fn field(id: &str, old: Option<FieldValue>, new: Option<FieldValue>) -> AuditField {
    AuditField {
        field_id: id.into(),
        old_value: old,
        new_value: new.unwrap_or(FieldValue::Empty),
    }
}

#[derive(Debug, Clone)]
enum Op {
    UpdateCase {
        by: u8,
        field: u8,
        value: Option<u8>,
    },
    Create {
        by: u8,
        fields: Vec<(u8, u8)>,
    },
    /// Set (or remove) fields of the `pick`-th live item.
    Update {
        by: u8,
        pick: usize,
        set: Vec<(u8, Option<u8>)>,
    },
    Delete {
        by: u8,
        pick: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..3, 0u8..3, proptest::option::of(0u8..3))
            .prop_map(|(by, field, value)| Op::UpdateCase { by, field, value }),
        (0u8..3, proptest::collection::vec((0u8..3, 0u8..2), 1..3))
            .prop_map(|(by, fields)| Op::Create { by, fields }),
        (
            0u8..3,
            0usize..8,
            proptest::collection::vec((0u8..3, proptest::option::of(0u8..2)), 0..3)
        )
            .prop_map(|(by, pick, set)| Op::Update { by, pick, set }),
        (0u8..3, 0usize..8).prop_map(|(by, pick)| Op::Delete { by, pick }),
    ]
}

/// A reference item: its fields with the event that set each.
#[derive(Debug, Clone)]
struct TrueItem {
    live: bool,
    fields: BTreeMap<String, (FieldValue, usize)>,
}

/// The events the service records for `ops`, and the truth after each event.
struct World {
    events: Vec<AuditEvent>,
    case: BTreeMap<String, (FieldValue, usize)>,
    items: Vec<TrueItem>,
    /// The truth after each event: (case fields, items).
    after: Vec<(BTreeMap<String, FieldValue>, Vec<TrueItem>)>,
}

impl World {
    fn run(ops: &[Op]) -> Self {
        let mut w = World {
            events: Vec::new(),
            case: BTreeMap::new(),
            items: Vec::new(),
            after: Vec::new(),
        };
        w.push(
            "Case.Created",
            false,
            0,
            vec![field("title", None, Some(v(0)))],
        );
        w.case.insert("title".into(), (v(0), 0));
        w.snapshot();
        for op in ops {
            w.apply(op);
        }
        w
    }

    fn push(&mut self, ty: &str, item: bool, by: u8, fields: Vec<AuditField>) -> usize {
        let i = self.events.len();
        self.events.push(event(i, ty, item, by, fields));
        i
    }

    fn snapshot(&mut self) {
        let case = self
            .case
            .iter()
            .map(|(k, (v, _))| (k.clone(), v.clone()))
            .collect();
        self.after.push((case, self.items.clone()));
    }

    fn live(&self, pick: usize) -> Option<usize> {
        let live: Vec<usize> = (0..self.items.len())
            .filter(|&n| self.items[n].live)
            .collect();
        (!live.is_empty()).then(|| live[pick % live.len()])
    }

    fn apply(&mut self, op: &Op) {
        let i = self.events.len();
        match op {
            Op::UpdateCase {
                by,
                field: f,
                value,
            } => {
                let id = format!("cf{f}");
                let old = self.case.get(&id).map(|(v, _)| v.clone());
                let new = value.map(v);
                if old == new {
                    return;
                }
                self.push(
                    "Case.Updated",
                    false,
                    *by,
                    vec![field(&id, old, new.clone())],
                );
                match new {
                    Some(n) => self.case.insert(id, (n, i)),
                    None => self.case.remove(&id),
                };
            }
            Op::Create { by, fields } => {
                let mut map = BTreeMap::new();
                for (f, val) in fields {
                    map.insert(format!("f{f}"), (v(*val), i));
                }
                let audit = map
                    .iter()
                    .map(|(k, (val, _))| field(k, None, Some(val.clone())))
                    .collect();
                self.push("RelatedItem.Created", true, *by, audit);
                self.items.push(TrueItem {
                    live: true,
                    fields: map,
                });
            }
            Op::Update { by, pick, set } => {
                let Some(n) = self.live(*pick) else { return };
                let mut audit = Vec::new();
                let item = &mut self.items[n];
                let mut next = item.fields.clone();
                for (f, val) in set {
                    let id = format!("f{f}");
                    match val {
                        Some(val) => {
                            next.insert(id, (v(*val), i));
                        }
                        None => {
                            next.remove(&id);
                        }
                    }
                }
                // As the service records it: changed and added fields, then removed ones.
                let mut kept = BTreeMap::new();
                for (id, (val, by_ev)) in &next {
                    let old = item.fields.get(id).map(|(o, _)| o.clone());
                    if old.as_ref() != Some(val) {
                        audit.push(field(id, old, Some(val.clone())));
                        kept.insert(id.clone(), (val.clone(), i));
                    } else {
                        kept.insert(id.clone(), (val.clone(), item.fields[id].1.min(*by_ev)));
                    }
                }
                for (id, (old, _)) in &item.fields {
                    if !next.contains_key(id) {
                        audit.push(field(id, Some(old.clone()), None));
                    }
                }
                item.fields = kept;
                self.push("RelatedItem.Updated", true, *by, audit);
            }
            Op::Delete { by, pick } => {
                let Some(n) = self.live(*pick) else { return };
                self.items[n].live = false;
                let audit = self.items[n]
                    .fields
                    .iter()
                    .map(|(id, (old, _))| field(id, Some(old.clone()), None))
                    .collect();
                self.push("RelatedItem.Deleted", true, *by, audit);
            }
        }
        self.snapshot();
    }
}

fn as_related(n: usize, t: &TrueItem) -> RelatedItem {
    RelatedItem {
        id: format!("item-{n}"),
        item_type: RelatedItemType::Custom,
        association_time: None,
        content: RelatedContent::Custom {
            fields: t
                .fields
                .iter()
                .map(|(k, (v, _))| FieldEntry::new(k.clone(), v.clone()))
                .collect(),
        },
        tags: Default::default(),
        performed_by: None,
    }
}

proptest! {
    /// Rebuilding as of every event (from the kept states) equals replaying the events up to
    /// it, and what it is sure of is the truth; what it is not sure of includes the truth.
    #[test]
    fn the_case_as_of_every_event_holds_the_truth(ops in proptest::collection::vec(op(), 1..40)) {
        let w = World::run(&ops);
        let mut history = History::every(3);
        history.catch_up(&w.events, 1);
        for k in 1..=w.events.len() {
            let state = history.at(&w.events, k);
            prop_assert_eq!(&state, &replay(&w.events[..k]));
            let (case, items) = &w.after[k - 1];
            for f in ["title", "cf0", "cf1", "cf2"] {
                let want = case.get(f).cloned();
                let cell = state.field(f);
                prop_assert_eq!(cell.known(), Some(&want), "field {} after {} events", f, k);
            }
            prop_assert_eq!(state.items.len(), items.len());
            let live = items.iter().filter(|t| t.live).count();
            prop_assert_eq!(state.live_count(), Some(live), "items after {} events", k);
            for (n, t) in items.iter().enumerate() {
                let slot = &state.items[n];
                match (&slot.life, t.live) {
                    (Life::Deleted(_), true) => prop_assert!(false, "item {} is live but rebuilt deleted", n),
                    (Life::Alive, false) => prop_assert!(false, "item {} is deleted but rebuilt alive", n),
                    _ => {}
                }
                if !t.live {
                    continue;
                }
                for f in ["f0", "f1", "f2"] {
                    let want = t.fields.get(f).map(|(v, _)| v.clone());
                    prop_assert!(slot.cell(f).admits(&want), "item {} field {} after {} events: {:?} lacks {:?}", n, f, k, slot.cell(f), want);
                }
            }
        }
    }

    /// Blame names the true author of each current value, or says ambiguous with the true
    /// author among the candidates.
    #[test]
    fn blame_names_the_true_author_or_says_ambiguous(ops in proptest::collection::vec(op(), 1..40)) {
        let w = World::run(&ops);
        let state = replay(&w.events);
        let fields: Vec<FieldEntry> = w.case.iter().map(|(k, (v, _))| FieldEntry::new(k.clone(), v.clone())).collect();
        let blame = case_blame(&w.events, &state, &fields);
        for (id, (_, by)) in &w.case {
            match &blame[id] {
                Blame::Known(b) => prop_assert_eq!(&b.event_id, &w.events[*by].id),
                other => prop_assert!(false, "case field {} blamed {:?}", id, other),
            }
        }
        for (n, t) in w.items.iter().enumerate().filter(|(_, t)| t.live) {
            let got = item_blame(&w.events, &state, &as_related(n, t));
            prop_assert!(got.is_ok(), "item {} not found: {:?}", n, got);
            let got = got.unwrap();
            for (id, (_, by)) in &t.fields {
                let truth = &w.events[*by].id;
                match &got[id] {
                    Blame::Known(b) => prop_assert_eq!(&b.event_id, truth, "item {} field {}", n, id),
                    Blame::Ambiguous(c) => prop_assert!(c.iter().any(|b| &b.event_id == truth), "item {} field {}: {:?}", n, id, c),
                    Blame::Unknown(why) => prop_assert!(false, "item {} field {}: unknown ({})", n, id, why),
                }
            }
        }
    }
}

#[test]
fn items_sharing_a_field_each_get_their_own_author() {
    // ana creates A {f0: v0, f1: v0}, bo creates B {f0: v0, f1: v1}; cy changes "one" item's
    // f0 from v0 to v1: both A and B could be it by f0 alone, but only A ends in f1 = v0.
    let ops = [
        Op::Create {
            by: 0,
            fields: vec![(0, 0), (1, 0)],
        },
        Op::Create {
            by: 1,
            fields: vec![(0, 0), (1, 1)],
        },
        Op::Update {
            by: 2,
            pick: 0,
            set: vec![(0, Some(1))],
        },
    ];
    let w = World::run(&ops);
    let state = replay(&w.events);
    let a = item_blame(&w.events, &state, &as_related(0, &w.items[0])).unwrap();
    let b = item_blame(&w.events, &state, &as_related(1, &w.items[1])).unwrap();
    let who = |x: &Blame| match x {
        Blame::Known(b) => b.who.clone(),
        other => format!("{other:?}"),
    };
    assert_eq!(who(&a["f0"]), "cy");
    assert_eq!(who(&a["f1"]), "ana");
    assert_eq!(who(&b["f0"]), "bo");
    assert_eq!(who(&b["f1"]), "bo");
    // Two items alike in every field: the history cannot tell them apart.
    let ops = [
        Op::Create {
            by: 0,
            fields: vec![(0, 0)],
        },
        Op::Create {
            by: 1,
            fields: vec![(0, 0)],
        },
    ];
    let w = World::run(&ops);
    let state = replay(&w.events);
    let a = item_blame(&w.events, &state, &as_related(0, &w.items[0])).unwrap();
    match &a["f0"] {
        Blame::Ambiguous(c) => {
            let names: Vec<&str> = c.iter().map(|b| b.who.as_str()).collect();
            assert_eq!(names, ["ana", "bo"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_history_without_the_creation_knows_nothing_before_each_first_mention() {
    let events = vec![
        event(
            0,
            "Case.Updated",
            false,
            0,
            vec![field("title", Some(v(0)), Some(v(1)))],
        ),
        event(
            1,
            "RelatedItem.Updated",
            true,
            1,
            vec![field("f0", Some(v(0)), Some(v(1)))],
        ),
    ];
    let s = replay(&events);
    assert_eq!(s.field("title").known(), Some(&Some(v(1))));
    assert!(s.field("summary").open, "never mentioned");
    assert_eq!(s.unmatched, 1);
    assert!(s.items[0].cell("f1").open, "an item older than the history");
    assert!(s.field("last_updated_user").open, "changed without events");
}

#[test]
fn kept_states_thin_out_on_a_long_history_and_still_rebuild_every_moment() {
    let ops: Vec<Op> = (0..300)
        .map(|i| match i % 4 {
            0 => Op::Create {
                by: (i % 3) as u8,
                fields: vec![((i % 3) as u8, (i % 2) as u8)],
            },
            1 => Op::Update {
                by: 1,
                pick: i,
                set: vec![(0, Some((i % 2) as u8))],
            },
            2 => Op::UpdateCase {
                by: 2,
                field: (i % 3) as u8,
                value: Some((i % 3) as u8),
            },
            _ => Op::Delete { by: 0, pick: i * 7 },
        })
        .collect();
    let w = World::run(&ops);
    let mut history = History::every(1);
    // A page at a time, as the history arrives.
    for end in (0..=w.events.len()).step_by(25).chain([w.events.len()]) {
        history.catch_up(&w.events[..end], 1);
    }
    assert!(
        history.checkpoints.len() <= 65,
        "{}",
        history.checkpoints.len()
    );
    for k in 0..=w.events.len() {
        assert_eq!(
            history.at(&w.events, k),
            replay(&w.events[..k]),
            "after {k} events"
        );
    }
}
