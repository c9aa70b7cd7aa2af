//! Drafts of a case's own fields (sent with `UpdateCase`) and of a new case (`CreateCase`).
//!
//! `UpdateCase` changes only the fields it is given, so unlike a custom item a case-field draft
//! sends exactly the fields whose value changes: a field someone else changed meanwhile is kept
//! because it is not in the request. The conflict check only has to look at the fields the draft
//! changes.

use super::draft::{Base, Content, Draft, FieldChange, StagedOp, apply_field_ops};
use super::merge::{Check, Choice, FieldConflict};
use super::value::value_fits;
use crate::model::{FieldDef, FieldEntry, FieldValue, RelatedItemType};

/// Fields the service sets itself: no request may set them, so no editor offers them.
pub const SERVICE_SET_FIELDS: [&str; 6] = [
    "reference_number",
    "created_datetime",
    "last_updated_datetime",
    "last_updated_user",
    "last_closed_datetime",
    "created_by",
];

impl Draft {
    /// A draft of `case_id`'s own fields; one per case, whatever fields it touches.
    pub fn for_case(domain_id: &str, case_id: &str) -> Self {
        Self {
            key: format!("{domain_id}/{case_id}#fields"),
            domain_id: domain_id.into(),
            case_id: case_id.into(),
            item_id: None,
            item_type: RelatedItemType::Custom,
            base: Base::CaseFields { fields: Vec::new() },
            ops: Vec::new(),
            staged_at: chrono::Utc::now().to_rfc3339(),
        }
    }

    /// A case to create from `template_id`, which requires the fields `required`. Its
    /// `case_id` is empty until the service made the case.
    pub fn new_case(domain_id: &str, template_id: &str, required: Vec<String>) -> Self {
        let token = uuid::Uuid::new_v4().to_string();
        Self {
            key: format!("{domain_id}/new-case-{token}"),
            domain_id: domain_id.into(),
            case_id: String::new(),
            item_id: None,
            item_type: RelatedItemType::Custom,
            base: Base::NewCase {
                template_id: template_id.into(),
                client_token: token,
                required,
            },
            ops: Vec::new(),
            staged_at: chrono::Utc::now().to_rfc3339(),
        }
    }

    /// `true` for a draft of a case's fields or of a new case (no related item).
    pub fn is_case_draft(&self) -> bool {
        matches!(self.base, Base::CaseFields { .. } | Base::NewCase { .. })
    }

    /// Stages `value` for case field `id`, whose value on the case is `was` (remembered the first
    /// time the field is edited, as the base the conflict check compares with).
    pub fn set_case_field(&mut self, id: &str, was: FieldValue, value: FieldValue) {
        if let Base::CaseFields { fields } = &mut self.base
            && !fields.iter().any(|f| f.id == id)
        {
            fields.push(FieldEntry::new(id, was));
        }
        self.push(StagedOp::SetField {
            id: id.into(),
            value,
        });
    }

    /// The value the draft gives field `id`, if it sets one.
    pub fn staged_value(&self, id: &str) -> Option<FieldValue> {
        self.ops.iter().rev().find_map(|op| match op {
            StagedOp::SetField { id: i, value } | StagedOp::AddField { id: i, value }
                if i == id =>
            {
                Some(value.clone())
            }
            _ => None,
        })
    }
}

/// The fields whose value after `ops` differs from `base`, with their new values.
pub(super) fn changed_case_fields(base: &[FieldEntry], ops: &[StagedOp]) -> Vec<FieldEntry> {
    apply_field_ops(base, ops)
        .into_iter()
        .filter(|f| !base.contains(f))
        .collect()
}

/// A case draft's changes for the review; `None` for other drafts.
pub(super) fn case_field_changes(draft: &Draft) -> Option<Vec<FieldChange>> {
    match (&draft.base, draft.content()) {
        (Base::CaseFields { fields: base }, Content::CaseFields(new)) => Some(
            new.into_iter()
                .map(|n| FieldChange {
                    old: base.iter().find(|b| b.id == n.id).map(|b| b.value.clone()),
                    id: n.id,
                    new: Some(n.value),
                })
                .collect(),
        ),
        (Base::NewCase { .. }, Content::NewCase { fields, .. }) => Some(
            fields
                .into_iter()
                .map(|n| FieldChange {
                    id: n.id,
                    old: None,
                    new: Some(n.value),
                })
                .collect(),
        ),
        _ => None,
    }
}

fn value_in(list: &[FieldEntry], id: &str) -> FieldValue {
    list.iter()
        .find(|f| f.id == id)
        .map_or(FieldValue::Empty, |f| f.value.clone())
}

/// Compares a case-field draft with the values the case holds now for the same fields
/// (`theirs`, absent meaning empty). A field someone else changed to another value than ours is
/// a conflict; one they changed to our value needs no sending.
pub(super) fn check_against(
    base: &[FieldEntry],
    ours: &[FieldEntry],
    theirs: &[FieldEntry],
) -> Check {
    let mut conflicts = Vec::new();
    let mut send = Vec::new();
    for o in ours {
        let (b, t) = (value_in(base, &o.id), value_in(theirs, &o.id));
        if t == o.value {
            continue;
        }
        if t != b {
            conflicts.push(FieldConflict {
                id: o.id.clone(),
                base: Some(b),
                ours: Some(o.value.clone()),
                theirs: Some(t),
            });
        }
        send.push(o.clone());
    }
    if conflicts.is_empty() {
        Check::Fresh(Content::CaseFields(send))
    } else {
        Check::Conflicts {
            theirs: Content::CaseFields(theirs.to_vec()),
            conflicts,
        }
    }
}

/// The case fields to send once each conflict has a choice: ours for fields the user kept,
/// nothing for those where theirs wins (the service already holds them). An empty list means
/// there is nothing left to send.
pub fn resolve_case_fields(
    ours: &[FieldEntry],
    theirs: &[FieldEntry],
    choices: &[(String, Choice)],
) -> Vec<FieldEntry> {
    ours.iter()
        .filter(|o| value_in(theirs, &o.id) != o.value)
        .filter(|o| {
            !choices
                .iter()
                .any(|(id, c)| *id == o.id && *c == Choice::Theirs)
        })
        .cloned()
        .collect()
}

/// Why a required field may not be left empty.
pub fn required_problem(name: &str) -> String {
    format!("'{name}' is required and cannot be empty; type a value, or Esc to keep the old one")
}

/// The checks case-field values must pass before they are sent: each field exists, is not set
/// by the service, holds a value of its type within the service's length, and `required` ones
/// are not emptied.
pub fn check_case_fields(
    list: &[FieldEntry],
    defs: &[FieldDef],
    required: &[String],
) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in list {
        let name = defs
            .iter()
            .find(|d| d.id == entry.id)
            .map_or(entry.id.as_str(), |d| d.name.as_str());
        if SERVICE_SET_FIELDS.contains(&entry.id.as_str()) {
            problems.push(format!(
                "'{name}' is set by the service and cannot be changed"
            ));
            continue;
        }
        if entry.value == FieldValue::Empty && required.contains(&entry.id) {
            problems.push(required_problem(name));
        }
        if let FieldValue::String(s) = &entry.value {
            let max = crate::limits::max_string_chars(&entry.id);
            let n = s.chars().count();
            if n > max {
                problems.push(format!(
                    "'{name}' has {n} characters; the service takes at most {max}"
                ));
            }
        }
        match defs.iter().find(|d| d.id == entry.id) {
            None if !defs.is_empty() => problems.push(format!(
                "field '{}' does not exist in this domain",
                entry.id
            )),
            Some(def) if !value_fits(&def.field_type, &entry.value) => problems.push(format!(
                "field '{}' is {} but holds a value of another type",
                def.name,
                def.field_type.as_str()
            )),
            _ => {}
        }
    }
    problems
}

/// The checks a draft must pass before it is sent: [`super::check_content`], with a new case's
/// template's required fields.
pub fn check_draft(draft: &Draft, defs: &[FieldDef]) -> Result<(), Vec<String>> {
    match (&draft.base, draft.content()) {
        (Base::NewCase { required, .. }, Content::NewCase { fields, .. }) => {
            let problems = check_new_case(&fields, defs, required);
            if problems.is_empty() {
                Ok(())
            } else {
                Err(problems)
            }
        }
        (_, content) => super::check_content(&content, defs),
    }
}

/// The checks a new case must pass: its fields as for [`check_case_fields`], and every
/// required field (and the title, which the service always asks for) has a value.
pub fn check_new_case(
    fields: &[FieldEntry],
    defs: &[FieldDef],
    required: &[String],
) -> Vec<String> {
    let mut problems = check_case_fields(fields, defs, required);
    let mut needed: Vec<&str> = vec!["title"];
    needed.extend(
        required
            .iter()
            .map(String::as_str)
            .filter(|r| *r != "title"),
    );
    for id in needed {
        if !fields
            .iter()
            .any(|f| f.id == id && f.value != FieldValue::Empty)
        {
            let name = defs
                .iter()
                .find(|d| d.id == id)
                .map_or(id, |d| d.name.as_str());
            problems.push(format!("'{name}' is required; give it a value with Enter"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Journal, check};

    fn s(v: &str) -> FieldValue {
        FieldValue::String(v.into())
    }

    fn status_draft() -> Draft {
        let mut d = Draft::for_case("d", "c");
        d.set_case_field("status", s("open"), s("closed"));
        d
    }

    #[test]
    fn a_case_draft_sends_only_the_fields_it_changes() {
        let mut d = status_draft();
        d.set_case_field("title", s("Old"), s("New"));
        d.set_case_field("title", s("ignored: the base is kept"), s("Old"));
        assert_eq!(
            d.content(),
            Content::CaseFields(vec![FieldEntry::new("status", s("closed"))])
        );
        let changes = d.field_changes();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].old, Some(s("open")));
        d.set_case_field("status", s("x"), s("open"));
        assert!(d.is_noop());
    }

    #[test]
    fn someone_elses_change_to_another_field_is_not_a_conflict_the_same_field_is() {
        let d = status_draft();
        // They changed the title: not in the draft, so not even compared.
        assert_eq!(
            check(
                &d,
                Some(&Content::CaseFields(vec![FieldEntry::new(
                    "status",
                    s("open")
                )]))
            ),
            Check::Fresh(Content::CaseFields(vec![FieldEntry::new(
                "status",
                s("closed")
            )]))
        );
        // They closed it too: nothing left to send.
        assert_eq!(
            check(
                &d,
                Some(&Content::CaseFields(vec![FieldEntry::new(
                    "status",
                    s("closed")
                )]))
            ),
            Check::Fresh(Content::CaseFields(vec![]))
        );
        let theirs = vec![FieldEntry::new("status", s("pending"))];
        let Check::Conflicts { conflicts, .. } =
            check(&d, Some(&Content::CaseFields(theirs.clone())))
        else {
            panic!("the same field changed twice is a conflict")
        };
        assert_eq!(conflicts[0].theirs, Some(s("pending")));
        let ours = vec![FieldEntry::new("status", s("closed"))];
        let take = |c| resolve_case_fields(&ours, &theirs, &[("status".into(), c)]);
        assert_eq!(take(Choice::Ours), ours);
        assert!(
            take(Choice::Theirs).is_empty(),
            "all theirs: nothing to send"
        );
    }

    #[test]
    fn case_values_are_checked_by_type_length_and_required() {
        use crate::model::FieldType;
        let def = |id: &str, t| FieldDef {
            id: id.into(),
            name: id.into(),
            field_type: t,
            system: true,
            description: None,
        };
        let defs = vec![
            def("summary", FieldType::Text),
            def("title", FieldType::Text),
            def("last_updated_datetime", FieldType::DateTime),
        ];
        let summary = |n| vec![FieldEntry::new("summary", s(&"x".repeat(n)))];
        assert!(check_case_fields(&summary(3000), &defs, &[]).is_empty());
        let long = check_case_fields(&summary(3001), &defs, &[]);
        assert!(long[0].contains("at most 3000"), "{long:?}");
        let emptied = vec![FieldEntry::new("title", FieldValue::Empty)];
        assert!(check_case_fields(&emptied, &defs, &["title".into()])[0].contains("required"));
        let system = vec![FieldEntry::new("last_updated_datetime", s("2026-01-01"))];
        assert!(check_case_fields(&system, &defs, &[])[0].contains("set by the service"));
        let missing = check_new_case(&[], &defs, &["summary".into()]);
        assert_eq!(missing.len(), 2, "{missing:?}");
    }

    #[test]
    fn case_drafts_round_trip_through_the_journal_beside_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        // A draft as journals wrote it before case drafts existed still loads.
        let old = r#"{"key":"d/c/i","domainId":"d","caseId":"c","itemId":"i","itemType":"Comment",
            "base":{"kind":"comment","body":"old"},"ops":[{"op":"setBody","body":"new"}],
            "stagedAt":"2026-01-01T00:00:00Z"}"#;
        std::fs::write(dir.path().join("old.json"), old).unwrap();
        let mut new_case = Draft::new_case("d", "tpl", vec!["title".into()]);
        new_case.push(StagedOp::SetField {
            id: "title".into(),
            value: s("Broken"),
        });
        journal.save(&status_draft()).unwrap();
        journal.save(&new_case).unwrap();
        let (drafts, corrupt) = journal.load_all().unwrap();
        assert!(corrupt.is_empty(), "{corrupt:?}");
        assert_eq!(drafts.len(), 3);
        assert!(drafts.contains(&new_case));
        assert!(drafts.contains(&status_draft_like(&drafts)));
    }

    fn status_draft_like(drafts: &[Draft]) -> Draft {
        drafts
            .iter()
            .find(|d| matches!(d.base, Base::CaseFields { .. }))
            .cloned()
            .expect("the case-field draft loaded")
    }
}
