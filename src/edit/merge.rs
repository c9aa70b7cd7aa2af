//! Checking a draft against what the server holds now, and merging when someone else changed the
//! item since the draft was started.

use super::draft::{Base, Content, Draft};
use crate::model::{FieldEntry, FieldValue};

/// One field changed both by the draft and by someone else, to different values.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldConflict {
    pub id: String,
    /// `None` means absent.
    pub base: Option<FieldValue>,
    pub ours: Option<FieldValue>,
    pub theirs: Option<FieldValue>,
}

/// Which side wins a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Ours,
    Theirs,
}

/// The draft compared with the server's current content.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// The server still holds the draft's base: send the draft's content as it is.
    Fresh(Content),
    /// Someone else changed other fields; this is the draft applied on top of their content.
    Merged { content: Content, theirs: Content },
    /// Both changed the same fields differently; the user must choose for each.
    Conflicts {
        theirs: Content,
        conflicts: Vec<FieldConflict>,
    },
    /// The item is gone from the server.
    Gone,
}

/// Compares `draft` with `current` (the item's content on the server now, `None` if deleted).
pub fn check(draft: &Draft, current: Option<&Content>) -> Check {
    let ours = draft.content();
    let Some(current) = current else {
        return match draft.base {
            Base::NewComment | Base::NewCase { .. } => Check::Fresh(ours),
            _ => Check::Gone,
        };
    };
    match (&draft.base, &ours, current) {
        (Base::Comment { body }, Content::Comment(ours_body), Content::Comment(theirs)) => {
            if theirs == body || theirs == ours_body {
                Check::Fresh(ours)
            } else {
                Check::Conflicts {
                    theirs: current.clone(),
                    conflicts: vec![FieldConflict {
                        id: "comment.body".into(),
                        base: Some(FieldValue::String(body.clone())),
                        ours: Some(FieldValue::String(ours_body.clone())),
                        theirs: Some(FieldValue::String(theirs.clone())),
                    }],
                }
            }
        }
        (Base::Custom { fields: base }, Content::Custom(ours_fields), Content::Custom(theirs)) => {
            if theirs == base {
                return Check::Fresh(ours);
            }
            match merge_fields(base, ours_fields, theirs) {
                Ok(fields) => Check::Merged {
                    content: Content::Custom(fields),
                    theirs: current.clone(),
                },
                Err(conflicts) => Check::Conflicts {
                    theirs: current.clone(),
                    conflicts,
                },
            }
        }
        (
            Base::CaseFields { fields: base },
            Content::CaseFields(ours),
            Content::CaseFields(theirs),
        ) => super::case::check_against(base, ours, theirs),
        (
            Base::Sla { target: base, .. },
            Content::SlaTarget { target: ours_t, .. },
            Content::SlaTarget { target: theirs, .. },
        ) => {
            if theirs == base || theirs == ours_t {
                Check::Fresh(ours)
            } else {
                let time =
                    |t: &chrono::DateTime<chrono::Utc>| Some(FieldValue::String(t.to_rfc3339()));
                Check::Conflicts {
                    theirs: current.clone(),
                    conflicts: vec![FieldConflict {
                        id: "sla.targetTime".into(),
                        base: time(base),
                        ours: time(ours_t),
                        theirs: time(theirs),
                    }],
                }
            }
        }
        _ => Check::Gone,
    }
}

/// Three-way merge of field lists. A field only one side changed takes that side's value (or
/// absence); a field both changed to the same value takes it; anything else is a conflict.
/// Order: theirs, then fields only ours added, in our order.
pub fn merge_fields(
    base: &[FieldEntry],
    ours: &[FieldEntry],
    theirs: &[FieldEntry],
) -> Result<Vec<FieldEntry>, Vec<FieldConflict>> {
    resolve_fields(base, ours, theirs, &[])
}

/// Like [`merge_fields`], with the user's choice for each conflicting field id.
pub fn resolve_fields(
    base: &[FieldEntry],
    ours: &[FieldEntry],
    theirs: &[FieldEntry],
    choices: &[(String, Choice)],
) -> Result<Vec<FieldEntry>, Vec<FieldConflict>> {
    let get =
        |list: &[FieldEntry], id: &str| list.iter().find(|f| f.id == id).map(|f| f.value.clone());
    let mut order: Vec<String> = theirs.iter().map(|f| f.id.clone()).collect();
    for f in ours.iter().chain(base) {
        if !order.contains(&f.id) {
            order.push(f.id.clone());
        }
    }
    let mut out = Vec::new();
    let mut conflicts = Vec::new();
    for id in order {
        let (b, o, t) = (get(base, &id), get(ours, &id), get(theirs, &id));
        let value = if o == b || o == t {
            t
        } else if t == b {
            o
        } else {
            match choices.iter().find(|(cid, _)| *cid == id).map(|(_, c)| *c) {
                Some(Choice::Ours) => o,
                Some(Choice::Theirs) => t,
                None => {
                    conflicts.push(FieldConflict {
                        id: id.clone(),
                        base: b,
                        ours: o,
                        theirs: t,
                    });
                    continue;
                }
            }
        };
        if let Some(value) = value {
            out.push(FieldEntry { id, value });
        }
    }
    if conflicts.is_empty() {
        Ok(out)
    } else {
        Err(conflicts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::StagedOp;
    use crate::model::RelatedItemType;

    fn f(id: &str, v: &str) -> FieldEntry {
        FieldEntry::new(id, FieldValue::String(v.into()))
    }

    fn draft(base: Vec<FieldEntry>, ops: Vec<StagedOp>) -> Draft {
        let mut d = Draft::for_item(
            "d",
            "c",
            "i",
            RelatedItemType::Custom,
            Base::Custom { fields: base },
        );
        for op in ops {
            d.push(op);
        }
        d
    }

    #[test]
    fn unchanged_server_content_is_fresh() {
        let base = vec![f("a", "1"), f("b", "2")];
        let d = draft(
            base.clone(),
            vec![StagedOp::SetField {
                id: "a".into(),
                value: FieldValue::String("9".into()),
            }],
        );
        assert_eq!(
            check(&d, Some(&Content::Custom(base))),
            Check::Fresh(Content::Custom(vec![f("a", "9"), f("b", "2")]))
        );
    }

    #[test]
    fn their_change_to_another_field_survives_the_merge() {
        let base = vec![f("a", "1"), f("b", "2"), f("c", "3")];
        let d = draft(
            base,
            vec![
                StagedOp::SetField {
                    id: "a".into(),
                    value: FieldValue::String("ours".into()),
                },
                StagedOp::RemoveField { id: "c".into() },
                StagedOp::AddField {
                    id: "n".into(),
                    value: FieldValue::Bool(true),
                },
            ],
        );
        let theirs = Content::Custom(vec![
            f("a", "1"),
            f("b", "theirs"),
            f("c", "3"),
            f("t", "new"),
        ]);
        let Check::Merged { content, .. } = check(&d, Some(&theirs)) else {
            panic!("expected a clean merge")
        };
        assert_eq!(
            content,
            Content::Custom(vec![
                f("a", "ours"),
                f("b", "theirs"),
                f("t", "new"),
                FieldEntry::new("n", FieldValue::Bool(true)),
            ])
        );
    }

    #[test]
    fn both_changing_one_field_is_a_conflict_resolved_by_choice() {
        let base = vec![f("a", "1"), f("b", "2")];
        let ours = vec![f("a", "ours"), f("b", "2")];
        let theirs = vec![f("a", "theirs"), f("b", "2")];
        let conflicts = merge_fields(&base, &ours, &theirs).unwrap_err();
        assert_eq!(
            conflicts,
            vec![FieldConflict {
                id: "a".into(),
                base: Some(FieldValue::String("1".into())),
                ours: Some(FieldValue::String("ours".into())),
                theirs: Some(FieldValue::String("theirs".into())),
            }]
        );
        let resolved =
            resolve_fields(&base, &ours, &theirs, &[("a".into(), Choice::Theirs)]).unwrap();
        assert_eq!(resolved, theirs);
        let resolved =
            resolve_fields(&base, &ours, &theirs, &[("a".into(), Choice::Ours)]).unwrap();
        assert_eq!(resolved, ours);
    }

    #[test]
    fn they_removed_what_we_changed_is_a_conflict() {
        let base = vec![f("a", "1")];
        let conflicts = merge_fields(&base, &[f("a", "2")], &[]).unwrap_err();
        assert_eq!(conflicts[0].theirs, None);
    }

    #[test]
    fn comments_conflict_only_when_both_changed_the_body() {
        let mut d = Draft::for_item(
            "d",
            "c",
            "i",
            RelatedItemType::Comment,
            Base::Comment { body: "old".into() },
        );
        d.push(StagedOp::SetBody {
            body: "mine".into(),
        });
        assert!(matches!(
            check(&d, Some(&Content::Comment("old".into()))),
            Check::Fresh(_)
        ));
        assert!(matches!(
            check(&d, Some(&Content::Comment("mine".into()))),
            Check::Fresh(_)
        ));
        assert!(matches!(
            check(&d, Some(&Content::Comment("theirs".into()))),
            Check::Conflicts { .. }
        ));
        assert_eq!(check(&d, None), Check::Gone);
    }
}
