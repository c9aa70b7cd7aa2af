//! A journal holding one staged comment edit on the big demo case, for tests that start the TUI
//! with drafts to restore.

#![allow(dead_code)]

use cases_tui::edit::{Base, Draft, Journal, StagedOp};
use cases_tui::model::RelatedItemType;
use std::path::Path;

/// A journal under `home/drafts` with a draft setting the body of demo comment `ri-0001-356` to
/// `body`; returns it, the draft and the folder as a `--state-dir` argument.
pub fn journal_with_comment_edit(home: &Path, body: &str) -> (Journal, Draft, String) {
    let dir = home.join("drafts");
    let journal = Journal::open(&dir).unwrap();
    let mut draft = Draft::for_item(
        "demo",
        "case-0001",
        "ri-0001-356",
        RelatedItemType::Comment,
        Base::Comment { body: "old".into() },
    );
    draft.push(StagedOp::SetBody { body: body.into() });
    journal.save(&draft).unwrap();
    (journal, draft, dir.display().to_string())
}
