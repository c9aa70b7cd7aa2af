//! A staged edit of one related item: the content it was based on and the operations on top.

use crate::model::{FieldEntry, FieldValue, RelatedContent, RelatedItemType};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What an edit is based on: the item's content when the user started editing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Base {
    /// An existing comment's body.
    Comment { body: String },
    /// An existing custom item's fields, in the item's own order.
    Custom { fields: Vec<FieldEntry> },
    /// A comment that does not exist yet (the draft creates it).
    NewComment,
    /// A case's own fields (UpdateCase): the value each edited field had when it was first
    /// edited, in the order they were first edited. Only fields the user touched are here, so
    /// only they are sent; the service keeps every other field as it is.
    CaseFields { fields: Vec<FieldEntry> },
    /// A case that does not exist yet (CreateCase) from this template. `client_token` is sent with
    /// every try, so a retried send never makes a second case.
    NewCase {
        template_id: String,
        client_token: String,
        /// The template's required fields, checked before sending.
        #[serde(default)]
        required: Vec<String>,
    },
    /// An existing SLA: its name, when it was created (the target counts from then) and its
    /// target time.
    Sla {
        name: String,
        created: DateTime<Utc>,
        target: DateTime<Utc>,
    },
}

/// One staged operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "op")]
pub enum StagedOp {
    /// Replace a comment's body.
    SetBody { body: String },
    /// Give a custom field a value (a field that was removed comes back, in its old place).
    SetField { id: String, value: FieldValue },
    /// Add a domain field the item does not have; it goes after the item's fields.
    AddField { id: String, value: FieldValue },
    /// Remove a field from the item.
    RemoveField { id: String },
    /// Give an SLA a new target, in minutes after its creation.
    SetSlaTarget { minutes: i64 },
}

/// The content a draft sends: a comment body, a custom item's COMPLETE field list, the case
/// fields that change, or a new case's fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Comment(String),
    Custom(Vec<FieldEntry>),
    /// Only the case fields whose value changes, with their new values (UpdateCase).
    CaseFields(Vec<FieldEntry>),
    /// The fields a new case is created with (CreateCase).
    NewCase {
        template_id: String,
        fields: Vec<FieldEntry>,
    },
    /// An SLA's target: minutes after its creation, and the target time that makes.
    SlaTarget {
        minutes: i64,
        target: DateTime<Utc>,
    },
}

/// One field's change, for review: `None` means absent.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub id: String,
    pub old: Option<FieldValue>,
    pub new: Option<FieldValue>,
}

/// A staged edit of one related item, of a case's own fields, or of a case to create; kept in
/// the journal until it is saved or discarded. `base` tells which (see [`Base`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// Stable key in the journal; for an existing item `domain/case/item`.
    pub key: String,
    pub domain_id: String,
    pub case_id: String,
    /// `None` for a comment that is still to be created, and for case drafts (`CaseFields`,
    /// `NewCase`).
    pub item_id: Option<String>,
    /// The related item's type; a case draft holds no related item and writes `Custom` here
    /// only because journals have always had the member (read `base`, never this, for them).
    pub item_type: RelatedItemType,
    pub base: Base,
    pub ops: Vec<StagedOp>,
    /// When the draft was last staged (RFC 3339), for the review list.
    pub staged_at: String,
}

impl Draft {
    /// A draft of an existing item.
    pub fn for_item(
        domain_id: &str,
        case_id: &str,
        item_id: &str,
        item_type: RelatedItemType,
        base: Base,
    ) -> Self {
        Self {
            key: format!("{domain_id}/{case_id}/{item_id}"),
            domain_id: domain_id.into(),
            case_id: case_id.into(),
            item_id: Some(item_id.into()),
            item_type,
            base,
            ops: Vec::new(),
            staged_at: chrono::Utc::now().to_rfc3339(),
        }
    }

    /// A draft of a new comment on a case.
    pub fn new_comment(domain_id: &str, case_id: &str, body: String) -> Self {
        Self {
            key: format!("{domain_id}/{case_id}/new-{}", uuid::Uuid::new_v4()),
            domain_id: domain_id.into(),
            case_id: case_id.into(),
            item_id: None,
            item_type: RelatedItemType::Comment,
            base: Base::NewComment,
            ops: vec![StagedOp::SetBody { body }],
            staged_at: chrono::Utc::now().to_rfc3339(),
        }
    }

    /// Stages one more operation.
    pub fn push(&mut self, op: StagedOp) {
        self.ops.push(op);
        self.staged_at = chrono::Utc::now().to_rfc3339();
    }

    /// The content to send: base ⊕ ops.
    pub fn content(&self) -> Content {
        match &self.base {
            Base::Comment { body } => Content::Comment(self.body_after(body)),
            Base::NewComment => Content::Comment(self.body_after("")),
            Base::Custom { fields } => Content::Custom(apply_field_ops(fields, &self.ops)),
            Base::CaseFields { fields } => {
                Content::CaseFields(super::case::changed_case_fields(fields, &self.ops))
            }
            Base::NewCase { template_id, .. } => Content::NewCase {
                template_id: template_id.clone(),
                fields: apply_field_ops(&[], &self.ops)
                    .into_iter()
                    .filter(|f| f.value != FieldValue::Empty)
                    .collect(),
            },
            Base::Sla {
                created, target, ..
            } => {
                let minutes = self
                    .ops
                    .iter()
                    .rev()
                    .find_map(|op| match op {
                        StagedOp::SetSlaTarget { minutes } => Some(*minutes),
                        _ => None,
                    })
                    .unwrap_or_else(|| super::sla::sla_minutes(*created, *target));
                Content::SlaTarget {
                    minutes,
                    target: super::sla::sla_target_time(*created, minutes),
                }
            }
        }
    }

    fn body_after(&self, base: &str) -> String {
        self.ops
            .iter()
            .rev()
            .find_map(|op| match op {
                StagedOp::SetBody { body } => Some(body.clone()),
                _ => None,
            })
            .unwrap_or_else(|| base.to_string())
    }

    /// `true` when sending would change nothing.
    pub fn is_noop(&self) -> bool {
        match (&self.base, self.content()) {
            (Base::Comment { body }, Content::Comment(new)) => *body == new,
            (Base::Custom { fields }, Content::Custom(new)) => *fields == new,
            (Base::CaseFields { .. }, Content::CaseFields(new)) => new.is_empty(),
            (Base::Sla { target, .. }, Content::SlaTarget { target: new, .. }) => *target == new,
            _ => false,
        }
    }

    /// Each field the draft changes, adds or removes, in the order of the full field list
    /// (removed fields where they were).
    pub fn field_changes(&self) -> Vec<FieldChange> {
        if let Some(changes) = super::case::case_field_changes(self) {
            return changes;
        }
        let Base::Custom { fields: base } = &self.base else {
            return Vec::new();
        };
        let Content::Custom(new) = self.content() else {
            return Vec::new();
        };
        diff_fields(base, &new)
    }
}

/// The complete field list after `ops`: the base's fields in their order with values set,
/// removed ones left out, added ones appended in the order they were first added.
pub fn apply_field_ops(base: &[FieldEntry], ops: &[StagedOp]) -> Vec<FieldEntry> {
    // (id, value, present) in final order: base first, then additions.
    let mut slots: Vec<(String, FieldValue, bool)> = base
        .iter()
        .map(|f| (f.id.clone(), f.value.clone(), true))
        .collect();
    for op in ops {
        match op {
            StagedOp::SetBody { .. } | StagedOp::SetSlaTarget { .. } => {}
            StagedOp::SetField { id, value } | StagedOp::AddField { id, value } => {
                match slots.iter_mut().find(|(sid, ..)| sid == id) {
                    Some(slot) => {
                        slot.1 = value.clone();
                        slot.2 = true;
                    }
                    None => slots.push((id.clone(), value.clone(), true)),
                }
            }
            StagedOp::RemoveField { id } => {
                if let Some(slot) = slots.iter_mut().find(|(sid, ..)| sid == id) {
                    slot.2 = false;
                }
            }
        }
    }
    slots
        .into_iter()
        .filter(|(.., present)| *present)
        .map(|(id, value, _)| FieldEntry { id, value })
        .collect()
}

/// Field-by-field difference between two field lists.
pub fn diff_fields(old: &[FieldEntry], new: &[FieldEntry]) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    for o in old {
        match new.iter().find(|n| n.id == o.id) {
            Some(n) if n.value == o.value => {}
            Some(n) => changes.push(FieldChange {
                id: o.id.clone(),
                old: Some(o.value.clone()),
                new: Some(n.value.clone()),
            }),
            None => changes.push(FieldChange {
                id: o.id.clone(),
                old: Some(o.value.clone()),
                new: None,
            }),
        }
    }
    for n in new {
        if !old.iter().any(|o| o.id == n.id) {
            changes.push(FieldChange {
                id: n.id.clone(),
                old: None,
                new: Some(n.value.clone()),
            });
        }
    }
    changes
}

/// The content of a related item as a draft sees it, when it is a comment or custom item.
pub fn content_of(content: &RelatedContent) -> Option<Content> {
    match content {
        RelatedContent::Comment { body, .. } => Some(Content::Comment(body.clone())),
        RelatedContent::Custom { fields } => Some(Content::Custom(fields.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn s(v: &str) -> FieldValue {
        FieldValue::String(v.into())
    }

    fn custom(fields: &[(&str, FieldValue)]) -> Draft {
        Draft::for_item(
            "d",
            "c",
            "i",
            RelatedItemType::Custom,
            Base::Custom {
                fields: fields
                    .iter()
                    .map(|(id, v)| FieldEntry::new(*id, v.clone()))
                    .collect(),
            },
        )
    }

    #[test]
    fn full_list_keeps_order_applies_sets_drops_removed_appends_added() {
        let mut d = custom(&[("a", s("1")), ("b", s("2")), ("c", s("3"))]);
        d.push(StagedOp::SetField {
            id: "b".into(),
            value: s("20"),
        });
        d.push(StagedOp::RemoveField { id: "a".into() });
        d.push(StagedOp::AddField {
            id: "z".into(),
            value: FieldValue::Bool(true),
        });
        d.push(StagedOp::AddField {
            id: "y".into(),
            value: FieldValue::Double(2.5),
        });
        assert_eq!(
            d.content(),
            Content::Custom(vec![
                FieldEntry::new("b", s("20")),
                FieldEntry::new("c", s("3")),
                FieldEntry::new("z", FieldValue::Bool(true)),
                FieldEntry::new("y", FieldValue::Double(2.5)),
            ])
        );
        let changes = d.field_changes();
        let ids: Vec<_> = changes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "z", "y"]);
        assert_eq!(changes[0].new, None);
    }

    #[test]
    fn a_removed_field_set_again_returns_to_its_place() {
        let mut d = custom(&[("a", s("1")), ("b", s("2"))]);
        d.push(StagedOp::RemoveField { id: "a".into() });
        d.push(StagedOp::SetField {
            id: "a".into(),
            value: s("9"),
        });
        assert_eq!(
            d.content(),
            Content::Custom(vec![
                FieldEntry::new("a", s("9")),
                FieldEntry::new("b", s("2"))
            ])
        );
    }

    #[test]
    fn an_added_then_removed_field_is_not_sent_and_the_draft_is_a_noop() {
        let mut d = custom(&[("a", s("1"))]);
        d.push(StagedOp::AddField {
            id: "n".into(),
            value: s("x"),
        });
        d.push(StagedOp::RemoveField { id: "n".into() });
        assert!(d.is_noop());
        assert!(d.field_changes().is_empty());
    }

    #[test]
    fn comment_body_is_the_last_one_set() {
        let mut d = Draft::for_item(
            "d",
            "c",
            "i",
            RelatedItemType::Comment,
            Base::Comment { body: "old".into() },
        );
        assert!(d.is_noop());
        d.push(StagedOp::SetBody { body: "one".into() });
        d.push(StagedOp::SetBody { body: "two".into() });
        assert_eq!(d.content(), Content::Comment("two".into()));
        let n = Draft::new_comment("d", "c", "hello".into());
        assert_eq!(n.content(), Content::Comment("hello".into()));
        assert!(!n.is_noop());
    }

    #[test]
    fn drafts_round_trip_through_json() {
        let mut d = custom(&[
            ("a", FieldValue::Empty),
            ("b", FieldValue::UserArn("arn:x".into())),
        ]);
        d.push(StagedOp::SetField {
            id: "a".into(),
            value: FieldValue::Double(1.0),
        });
        let json = serde_json::to_string(&d).unwrap();
        let back: Draft = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
    }

    fn value() -> impl Strategy<Value = FieldValue> {
        prop_oneof![
            "[a-z]{0,4}".prop_map(FieldValue::String),
            (-1000i32..1000).prop_map(|n| FieldValue::Double(f64::from(n) / 4.0)),
            any::<bool>().prop_map(FieldValue::Bool),
            Just(FieldValue::Empty),
            "[a-z]{1,3}".prop_map(|s| FieldValue::UserArn(format!("arn:{s}"))),
        ]
    }

    fn op(ids: Vec<String>) -> impl Strategy<Value = StagedOp> {
        let pick = proptest::sample::select(ids);
        prop_oneof![
            (pick.clone(), value()).prop_map(|(id, value)| StagedOp::SetField { id, value }),
            (pick.clone(), value()).prop_map(|(id, value)| StagedOp::AddField { id, value }),
            pick.prop_map(|id| StagedOp::RemoveField { id }),
        ]
    }

    fn base_and_ops() -> impl Strategy<Value = (Vec<FieldEntry>, Vec<StagedOp>)> {
        (1usize..8, 0usize..5).prop_flat_map(|(n_base, n_new)| {
            let base_ids: Vec<String> = (0..n_base).map(|i| format!("f{i}")).collect();
            let all_ids: Vec<String> = base_ids
                .iter()
                .cloned()
                .chain((0..n_new).map(|i| format!("n{i}")))
                .collect();
            let base = base_ids
                .into_iter()
                .map(|id| value().prop_map(move |v| FieldEntry::new(id.clone(), v)))
                .collect::<Vec<_>>();
            (base, proptest::collection::vec(op(all_ids), 0..20))
        })
    }

    proptest! {
        /// The request holds exactly base ⊕ ops, and no field that no op touched is missing or
        /// changed or moved.
        #[test]
        fn request_is_exactly_base_plus_ops((base, ops) in base_and_ops()) {
            let result = apply_field_ops(&base, &ops);

            // Reference model: a map of final states plus first-seen order.
            let mut state: BTreeMap<String, Option<FieldValue>> =
                base.iter().map(|f| (f.id.clone(), Some(f.value.clone()))).collect();
            let mut order: Vec<String> = base.iter().map(|f| f.id.clone()).collect();
            for op in &ops {
                match op {
                    StagedOp::SetField { id, value } | StagedOp::AddField { id, value } => {
                        if !order.contains(id) { order.push(id.clone()); }
                        state.insert(id.clone(), Some(value.clone()));
                    }
                    StagedOp::RemoveField { id } => {
                        if state.contains_key(id) { state.insert(id.clone(), None); }
                    }
                    StagedOp::SetBody { .. } | StagedOp::SetSlaTarget { .. } => {}
                }
            }
            let expected: Vec<FieldEntry> = order
                .iter()
                .filter_map(|id| state[id].clone().map(|v| FieldEntry::new(id.clone(), v)))
                .collect();
            prop_assert_eq!(&result, &expected);

            // Untouched base fields: present, same value, same relative order.
            let touched: Vec<&str> = ops.iter().filter_map(|op| match op {
                StagedOp::SetField { id, .. } | StagedOp::AddField { id, .. } | StagedOp::RemoveField { id } => Some(id.as_str()),
                StagedOp::SetBody { .. } | StagedOp::SetSlaTarget { .. } => None,
            }).collect();
            let untouched: Vec<&FieldEntry> = base.iter().filter(|f| !touched.contains(&f.id.as_str())).collect();
            let in_result: Vec<&FieldEntry> = result.iter().filter(|f| untouched.iter().any(|u| u.id == f.id)).collect();
            prop_assert_eq!(untouched, in_result);

            // Ids are unique in what is sent.
            let mut ids: Vec<&str> = result.iter().map(|f| f.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(ids.len(), result.len());
        }
    }
}
