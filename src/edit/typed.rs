//! Text typed into an editor and not staged yet. It is written to the journal folder as it is
//! typed (debounced by the app), so a terminal that dies (SIGHUP, kill -9) loses at most the last
//! moment of typing; the next start offers it back.

use super::journal::Journal;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::PathBuf;

/// Text being typed: a comment, a custom field's value line, a case field's line or a line of
/// the new-case form. Where it belongs and the text so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypedText {
    pub domain_id: String,
    pub case_id: String,
    /// The comment being edited; `None` for a new comment.
    pub item_id: Option<String>,
    /// The staged draft the text goes into, when there is one.
    #[serde(default)]
    pub draft_key: Option<String>,
    /// The body the editor opened on (an existing comment's, or its staged draft's).
    pub base: String,
    /// The text in the editor.
    pub text: String,
    /// When it was written (RFC 3339).
    pub saved_at: String,
    /// A custom item's field whose value line held the text; `None` for a comment.
    #[serde(default)]
    pub field_id: Option<String>,
    /// The custom item's draft as the field editor held it (its base and staged operations),
    /// to reopen the editor on when the draft itself was never staged.
    #[serde(default)]
    pub field_draft: Option<super::Draft>,
    /// Set when the line was not a comment's or a custom item's (files written before case
    /// fields were editable have none, and read as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<TypedIn>,
}

/// Where a line other than a comment's or a custom item's was typed; `field_id` names the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum TypedIn {
    /// The editor of one of case `case_id`'s own fields.
    CaseField,
    /// A field of the new-case form, whose draft (maybe never staged) is `field_draft`.
    #[serde(rename_all = "camelCase")]
    NewCase { template_name: String },
}

/// The file name: not `*.json`, so the drafts' loader never reads it as a draft.
const TYPED_FILE: &str = "unstaged-text.typed";

impl Journal {
    fn typed_path(&self) -> PathBuf {
        self.dir().join(TYPED_FILE)
    }

    /// Writes the text being typed, atomically. `seq` orders the writes: one that arrives after
    /// a later one (writes run on a pool) is dropped, so the file ends as the last write left it.
    pub fn save_typed(&self, seq: u64, typed: &TypedText) -> std::io::Result<()> {
        let mut last = self.typed_seq().lock().unwrap_or_else(|e| e.into_inner());
        if seq <= *last {
            return Ok(());
        }
        let path = self.typed_path();
        let tmp = path.with_extension("typed.tmp");
        let json = serde_json::to_vec_pretty(typed).map_err(std::io::Error::other)?;
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&json)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, &path)?;
        *last = seq;
        Ok(())
    }

    /// Forgets the text being typed (it was staged, or the editor closed, or the user declined
    /// it), unless a later write came first.
    pub fn remove_typed(&self, seq: u64) -> std::io::Result<()> {
        let mut last = self.typed_seq().lock().unwrap_or_else(|e| e.into_inner());
        if seq <= *last {
            return Ok(());
        }
        *last = seq;
        match fs::remove_file(self.typed_path()) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// The text left by a session that ended with an editor open. A file that cannot be read
    /// is kept as `*.corrupt` and reported.
    pub fn load_typed(&self) -> Result<Option<TypedText>, String> {
        let path = self.typed_path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            let kept = path.with_extension("typed.corrupt");
            let _ = fs::rename(&path, &kept);
            format!(
                "the text typed before the last exit could not be read and was kept as {}: {e}",
                kept.display()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TypedText {
        TypedText {
            domain_id: "d".into(),
            case_id: "c".into(),
            item_id: None,
            draft_key: None,
            base: String::new(),
            text: text.into(),
            saved_at: "2026-12-01T00:00:00Z".into(),
            field_id: None,
            field_draft: None,
            place: None,
        }
    }

    #[test]
    fn typed_text_survives_a_reopen_and_late_writes_lose() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        assert_eq!(journal.load_typed(), Ok(None));
        journal.save_typed(1, &typed("hel")).unwrap();
        journal.save_typed(3, &typed("hello")).unwrap();
        // A write that was overtaken by a later one changes nothing.
        journal.save_typed(2, &typed("hell")).unwrap();
        let reopened = Journal::open(dir.path()).unwrap();
        assert_eq!(reopened.load_typed(), Ok(Some(typed("hello"))));
        // Not a draft: the drafts' loader does not see it.
        assert!(reopened.load_all().unwrap().0.is_empty());
        assert!(reopened.load_all().unwrap().1.is_empty());
        journal.remove_typed(4).unwrap();
        journal.save_typed(3, &typed("stale")).unwrap();
        assert_eq!(journal.load_typed(), Ok(None));
    }

    #[test]
    fn a_file_from_before_case_fields_still_loads_and_new_places_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        // As an older version wrote it: no `draftKey`, `fieldId`, `fieldDraft` or `place`.
        fs::write(
            dir.path().join(TYPED_FILE),
            br#"{"domainId":"d","caseId":"c","itemId":null,"base":"","text":"hello","savedAt":"2026-12-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(journal.load_typed(), Ok(Some(typed("hello"))));
        let on_field = TypedText {
            field_id: Some("title".into()),
            place: Some(TypedIn::CaseField),
            ..typed("New title")
        };
        journal.save_typed(1, &on_field).unwrap();
        assert_eq!(journal.load_typed(), Ok(Some(on_field)));
        let in_form = TypedText {
            field_id: Some("title".into()),
            field_draft: Some(super::super::Draft::new_case("d", "t-1", vec![])),
            place: Some(TypedIn::NewCase {
                template_name: "Billing".into(),
            }),
            ..typed("Parcel lo")
        };
        journal.save_typed(2, &in_form).unwrap();
        assert_eq!(journal.load_typed(), Ok(Some(in_form)));
        // A comment's text is written as before, without the new member.
        journal.save_typed(3, &typed("plain")).unwrap();
        let raw = fs::read_to_string(dir.path().join(TYPED_FILE)).unwrap();
        assert!(!raw.contains("place"), "{raw}");
    }

    #[test]
    fn an_unreadable_typed_file_is_kept_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        fs::write(dir.path().join(TYPED_FILE), b"{ nope").unwrap();
        let err = journal.load_typed().unwrap_err();
        assert!(err.contains("kept as"), "{err}");
        assert!(dir.path().join("unstaged-text.typed.corrupt").exists());
        assert_eq!(journal.load_typed(), Ok(None));
    }
}
