//! The review: every staged draft of the case as a diff, and the states of a save.
//!
//! `y` sends the SELECTED draft only. Each send is checked against the server first and may need
//! the user (a merge to confirm, conflicts to choose), so drafts go one at a time; after a save
//! the caller removes the draft and the next one is selected.

use super::{Confirm, ConfirmOutcome, Hints, SharedKeys, is_press};
use crate::app::keymap::{Action, Scope};
use crate::edit::{
    Base, Check, Choice, Content, Draft, FieldConflict, check_draft, resolve_case_fields,
    resolve_fields,
};
use crate::model::{FieldDef, FieldEntry, FieldOption, FieldValue};
use ratatui::crossterm::event::KeyEvent;
use std::collections::HashMap;

/// Where the save of one draft stands. The caller sets it as the save progresses.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewStatus {
    /// Nothing in flight.
    Idle,
    /// The draft is being checked or sent.
    Saving { key: String },
    /// The save failed; the draft is kept. `message` says why and what to do.
    Failed { key: String, message: String },
    /// Someone else changed other fields: `content` is the draft applied on top of `theirs`.
    /// `y` sends `content`.
    Merged {
        key: String,
        content: Content,
        theirs: Content,
    },
    /// Both sides changed the same fields; one choice per conflict (`o` ours, `t` theirs).
    Conflicts {
        key: String,
        theirs: Content,
        conflicts: Vec<FieldConflict>,
        choices: Vec<Option<Choice>>,
        /// The conflict `o`/`t` apply to.
        selected: usize,
    },
    /// The item was deleted on the server; `u` discards the draft.
    Gone { key: String },
}

impl ReviewStatus {
    /// The draft this status is about.
    pub fn key(&self) -> Option<&str> {
        match self {
            Self::Idle => None,
            Self::Saving { key }
            | Self::Failed { key, .. }
            | Self::Merged { key, .. }
            | Self::Conflicts { key, .. }
            | Self::Gone { key } => Some(key),
        }
    }
}

/// What the review asks its caller to do.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewOutcome {
    Continue,
    /// Leave the review.
    Close,
    /// Save the draft with this key: check it against the server (`tui::prepare`); when the
    /// check is `Fresh`, send its content (`tui::send`), otherwise hand the check back with
    /// [`Review::set_check`]. Call [`Review::set_saving`] meanwhile.
    Send(String),
    /// Send exactly this content for the draft (a confirmed merge or resolved conflicts).
    SendContent {
        key: String,
        content: Content,
    },
    /// The user discarded the draft: remove it from the journal. The review already dropped it.
    Unstage(String),
    /// Every conflict went to theirs: the service already holds the result, so nothing is sent
    /// and the draft is dropped (the review already dropped it).
    NothingToSend(String),
    /// Open the editor of the draft with this key.
    Edit(String),
}

/// One field of the merged (3-way) view.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreeWayRow {
    pub id: String,
    pub base: Option<FieldValue>,
    pub theirs: Option<FieldValue>,
    pub ours: Option<FieldValue>,
    /// What is sent.
    pub result: Option<FieldValue>,
}

/// The review of a case's staged drafts.
#[derive(Debug)]
pub struct Review {
    drafts: Vec<Draft>,
    defs: Vec<FieldDef>,
    selected: usize,
    scroll: u16,
    status: ReviewStatus,
    confirm: Option<Confirm>,
    notice: Option<String>,
    spinner: usize,
    options: HashMap<String, Vec<FieldOption>>,
    keys: SharedKeys,
    /// A read-only session: the hint line does not offer sending.
    read_only: bool,
    /// Case titles by case id, for the groups' headers (see `review_groups`).
    pub(super) titles: HashMap<String, String>,
}

impl Review {
    /// The review of `drafts`, grouped by case (the cases in the order they first appear).
    pub fn new(mut drafts: Vec<Draft>, defs: Vec<FieldDef>, keys: SharedKeys) -> Self {
        super::review_groups::group_by_case(&mut drafts);
        Self {
            titles: HashMap::new(),
            drafts,
            defs,
            selected: 0,
            scroll: 0,
            status: ReviewStatus::Idle,
            confirm: None,
            notice: None,
            spinner: 0,
            options: HashMap::new(),
            keys,
            read_only: false,
        }
    }

    /// SingleSelect options known so far, so values show as their labels.
    pub fn set_options(&mut self, options: HashMap<String, Vec<FieldOption>>) {
        self.options = options;
    }

    pub fn options(&self) -> &HashMap<String, Vec<FieldOption>> {
        &self.options
    }

    pub fn drafts(&self) -> &[Draft] {
        &self.drafts
    }

    pub fn defs(&self) -> &[FieldDef] {
        &self.defs
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_draft(&self) -> Option<&Draft> {
        self.drafts.get(self.selected)
    }

    pub fn status(&self) -> &ReviewStatus {
        &self.status
    }

    /// The open y/n question (unstage), if any.
    pub fn confirm(&self) -> Option<&Confirm> {
        self.confirm.as_ref()
    }

    /// Why the last key did nothing, e.g. problems that keep a draft from being sent.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Lines the diff is scrolled by.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    /// Frame of the saving spinner.
    pub fn spinner(&self) -> usize {
        self.spinner
    }

    /// Advances the spinner; call on each tick.
    pub fn tick(&mut self) {
        self.spinner = self.spinner.wrapping_add(1);
    }

    /// Replaces the drafts (e.g. after the journal changed), keeping the selection by key.
    pub fn set_drafts(&mut self, drafts: Vec<Draft>) {
        let key = self.selected_draft().map(|d| d.key.clone());
        self.drafts = drafts;
        self.selected = key
            .and_then(|k| self.drafts.iter().position(|d| d.key == k))
            .unwrap_or(self.selected)
            .min(self.drafts.len().saturating_sub(1));
    }

    /// Drops a draft (saved or discarded); its status goes with it.
    pub fn remove(&mut self, key: &str) {
        self.drafts.retain(|d| d.key != key);
        self.selected = self.selected.min(self.drafts.len().saturating_sub(1));
        if self.status.key() == Some(key) {
            self.status = ReviewStatus::Idle;
        }
        self.scroll = 0;
    }

    /// The draft with `key` is being checked or sent.
    pub fn set_saving(&mut self, key: &str) {
        self.select_key(key);
        self.status = ReviewStatus::Saving { key: key.into() };
    }

    /// The save of the draft with `key` failed; `message` says why and what to do.
    pub fn set_failed(&mut self, key: &str, message: impl Into<String>) {
        self.select_key(key);
        self.status = ReviewStatus::Failed {
            key: key.into(),
            message: message.into(),
        };
    }

    /// The result of checking the draft against the server. `Fresh` clears the status (the caller
    /// sends it right away); the others wait for the user.
    pub fn set_check(&mut self, key: &str, check: Check) {
        self.select_key(key);
        let key = key.to_string();
        self.status = match check {
            Check::Fresh(_) => ReviewStatus::Saving { key },
            Check::Merged { content, theirs } => ReviewStatus::Merged {
                key,
                content,
                theirs,
            },
            Check::Conflicts { theirs, conflicts } => ReviewStatus::Conflicts {
                key,
                theirs,
                choices: vec![None; conflicts.len()],
                conflicts,
                selected: 0,
            },
            Check::Gone => ReviewStatus::Gone { key },
        };
        self.scroll = 0;
    }

    fn select_key(&mut self, key: &str) {
        if let Some(i) = self.drafts.iter().position(|d| d.key == key) {
            if i != self.selected {
                self.scroll = 0;
            }
            self.selected = i;
        }
    }

    /// The merged view's rows: each field where base, theirs and ours are not all equal.
    pub fn three_way(&self) -> Vec<ThreeWayRow> {
        let (
            ReviewStatus::Merged {
                key,
                content: Content::Custom(result),
                theirs: Content::Custom(theirs),
            },
            Some(draft),
        ) = (&self.status, self.selected_draft())
        else {
            return Vec::new();
        };
        if draft.key != *key {
            return Vec::new();
        }
        let (Base::Custom { fields: base }, Content::Custom(ours)) = (&draft.base, draft.content())
        else {
            return Vec::new();
        };
        let get = |list: &[FieldEntry], id: &str| {
            list.iter().find(|f| f.id == id).map(|f| f.value.clone())
        };
        let mut ids: Vec<&str> = Vec::new();
        for f in base.iter().chain(theirs).chain(&ours).chain(result) {
            if !ids.contains(&f.id.as_str()) {
                ids.push(&f.id);
            }
        }
        ids.into_iter()
            .map(|id| ThreeWayRow {
                id: id.to_string(),
                base: get(base, id),
                theirs: get(theirs, id),
                ours: get(&ours, id),
                result: get(result, id),
            })
            .filter(|r| !(r.base == r.theirs && r.theirs == r.ours))
            .collect()
    }

    /// The scope of the key table keys go to: the unstage question's while it is open.
    pub fn scope(&self) -> Scope {
        match &self.confirm {
            Some(c) => c.scope(),
            None => Scope::Review,
        }
    }

    /// The hint line for the current save state, from the key table.
    pub fn hints(&self) -> Hints {
        let shown: &[Action] = match &self.status {
            ReviewStatus::Idle | ReviewStatus::Failed { .. } => &[
                Action::Send,
                Action::Unstage,
                Action::EditDraft,
                Action::Down,
                Action::Up,
                Action::PageUp,
                Action::PageDown,
                Action::CloseReview,
            ],
            ReviewStatus::Saving { .. } => &[Action::CloseReview],
            ReviewStatus::Merged { .. } => &[Action::Send, Action::Unstage, Action::CloseReview],
            ReviewStatus::Conflicts { .. } => &[
                Action::TakeYours,
                Action::TakeTheirs,
                Action::Send,
                Action::Down,
                Action::Up,
                Action::CloseReview,
            ],
            ReviewStatus::Gone { .. } => &[Action::Unstage, Action::CloseReview],
        };
        let read_only = self.read_only;
        Hints(self.keys.hints(Scope::Review, |a| {
            shown.contains(&a) && !(read_only && a.writes())
        }))
    }

    /// In a read-only session the review shows changes but never offers to send them.
    pub fn set_read_only(&mut self, on: bool) {
        self.read_only = on;
    }

    /// Handles one key: a command of the review's scope (or of its open question).
    pub fn handle_key(&mut self, key: KeyEvent) -> ReviewOutcome {
        if !is_press(&key) {
            return ReviewOutcome::Continue;
        }
        self.notice = None;
        match self.keys.command(self.scope(), &key) {
            Some(action) => self.handle(action),
            None => ReviewOutcome::Continue,
        }
    }

    /// Answers one action, in the current save state.
    pub fn handle(&mut self, action: Action) -> ReviewOutcome {
        if let Some(confirm) = &self.confirm {
            return match confirm.handle(action) {
                ConfirmOutcome::Pending => ReviewOutcome::Continue,
                ConfirmOutcome::No => {
                    self.confirm = None;
                    ReviewOutcome::Continue
                }
                ConfirmOutcome::Yes => {
                    self.confirm = None;
                    match self.selected_draft().map(|d| d.key.clone()) {
                        Some(k) => {
                            self.remove(&k);
                            ReviewOutcome::Unstage(k)
                        }
                        None => ReviewOutcome::Continue,
                    }
                }
            };
        }
        let back = action == Action::CloseReview;
        match action {
            Action::PageDown => {
                self.scroll = self.scroll.saturating_add(10);
                return ReviewOutcome::Continue;
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(10);
                return ReviewOutcome::Continue;
            }
            _ => {}
        }
        match &mut self.status {
            ReviewStatus::Saving { .. } => {
                if back {
                    return ReviewOutcome::Close;
                }
                self.notice = Some("saving; wait for the answer".into());
                ReviewOutcome::Continue
            }
            ReviewStatus::Merged { key, content, .. } => {
                match action {
                    Action::CloseReview => self.status = ReviewStatus::Idle,
                    Action::Send => {
                        return ReviewOutcome::SendContent {
                            key: key.clone(),
                            content: content.clone(),
                        };
                    }
                    Action::Unstage => self.ask_unstage(),
                    _ => {}
                }
                ReviewOutcome::Continue
            }
            ReviewStatus::Conflicts {
                choices, selected, ..
            } => {
                let n = choices.len();
                match action {
                    Action::CloseReview => self.status = ReviewStatus::Idle,
                    Action::Down => *selected = (*selected + 1).min(n.saturating_sub(1)),
                    Action::Up => *selected = selected.saturating_sub(1),
                    Action::TakeYours | Action::TakeTheirs => {
                        choices[*selected] = Some(if action == Action::TakeYours {
                            Choice::Ours
                        } else {
                            Choice::Theirs
                        });
                        *selected = (*selected + 1).min(n.saturating_sub(1));
                    }
                    Action::Send => return self.send_resolved(),
                    Action::Unstage => self.ask_unstage(),
                    _ => {}
                }
                ReviewOutcome::Continue
            }
            ReviewStatus::Gone { .. } => {
                match action {
                    Action::CloseReview => self.status = ReviewStatus::Idle,
                    Action::Unstage => self.ask_unstage(),
                    Action::Send => {
                        self.notice = Some(format!(
                            "the item no longer exists; {} discards the draft",
                            self.key_label(Action::Unstage)
                        ))
                    }
                    _ => {}
                }
                ReviewOutcome::Continue
            }
            ReviewStatus::Idle | ReviewStatus::Failed { .. } => self.list(action),
        }
    }

    /// How the key table writes the first key of `action` here, for messages that name a key.
    pub fn key_label(&self, action: Action) -> String {
        self.keys
            .key_for(Scope::Review, action)
            .unwrap_or_else(|| action.name().to_string())
    }

    fn list(&mut self, action: Action) -> ReviewOutcome {
        let last = self.drafts.len().saturating_sub(1);
        let before = self.selected;
        match action {
            Action::CloseReview => return ReviewOutcome::Close,
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Unstage => self.ask_unstage(),
            Action::Send => return self.send_selected(),
            Action::EditDraft => {
                if let Some(d) = self.selected_draft() {
                    return ReviewOutcome::Edit(d.key.clone());
                }
            }
            _ => {}
        }
        if self.selected != before {
            self.scroll = 0;
        }
        ReviewOutcome::Continue
    }

    fn send_selected(&mut self) -> ReviewOutcome {
        let Some(draft) = self.selected_draft() else {
            self.notice = Some("nothing is staged".into());
            return ReviewOutcome::Continue;
        };
        if draft.is_noop() {
            self.notice = Some(format!(
                "this draft changes nothing; {} discards it",
                self.key_label(Action::Unstage)
            ));
            return ReviewOutcome::Continue;
        }
        if let Err(problems) = check_draft(draft, &self.defs) {
            self.notice = Some(format!("not sent: {}", problems.join("; ")));
            return ReviewOutcome::Continue;
        }
        ReviewOutcome::Send(draft.key.clone())
    }

    fn send_resolved(&mut self) -> ReviewOutcome {
        let (
            ReviewStatus::Conflicts {
                key,
                theirs,
                conflicts,
                choices,
                ..
            },
            Some(draft),
        ) = (&self.status, self.drafts.get(self.selected))
        else {
            return ReviewOutcome::Continue;
        };
        let left = choices.iter().filter(|c| c.is_none()).count();
        if left > 0 {
            self.notice = Some(format!(
                "choose {} (yours) or {} (theirs) for every field first; {left} left",
                self.key_label(Action::TakeYours),
                self.key_label(Action::TakeTheirs)
            ));
            return ReviewOutcome::Continue;
        }
        let chosen: Vec<(String, Choice)> = conflicts
            .iter()
            .zip(choices)
            .map(|(c, choice)| (c.id.clone(), choice.expect("all chosen")))
            .collect();
        // `None`: nothing of ours is left, and sending would only write back what the service
        // holds.
        let content = match (&draft.base, draft.content(), theirs) {
            (_, Content::CaseFields(ours), Content::CaseFields(theirs)) => {
                let fields = resolve_case_fields(&ours, theirs, &chosen);
                (!fields.is_empty()).then_some(Content::CaseFields(fields))
            }
            (Base::Custom { fields: base }, Content::Custom(ours), Content::Custom(theirs)) => {
                match resolve_fields(base, &ours, theirs, &chosen) {
                    Ok(fields) => (fields != *theirs).then_some(Content::Custom(fields)),
                    Err(still) => {
                        self.notice = Some(format!("{} conflicts remain", still.len()));
                        return ReviewOutcome::Continue;
                    }
                }
            }
            (_, Content::Comment(ours), Content::Comment(_)) => {
                match chosen.first().map(|(_, c)| *c) {
                    Some(Choice::Theirs) => None,
                    _ => Some(Content::Comment(ours)),
                }
            }
            (_, ours @ Content::SlaTarget { .. }, Content::SlaTarget { .. }) => {
                match chosen.first().map(|(_, c)| *c) {
                    Some(Choice::Theirs) => None,
                    _ => Some(ours),
                }
            }
            _ => return ReviewOutcome::Continue,
        };
        let Some(content) = content else {
            let key = key.clone();
            self.remove(&key);
            return ReviewOutcome::NothingToSend(key);
        };
        ReviewOutcome::SendContent {
            key: key.clone(),
            content,
        }
    }

    fn ask_unstage(&mut self) {
        let Some(draft) = self.selected_draft() else {
            return;
        };
        let what = match (&draft.item_id, &draft.base) {
            (_, Base::CaseFields { .. }) => format!("case {}'s fields", draft.case_id),
            (_, Base::NewCase { .. }) => "the new case".to_string(),
            (Some(id), _) => format!("{} {id}", draft.item_type.as_str()),
            (None, _) => "the new comment".to_string(),
        };
        self.confirm = Some(
            Confirm::new(format!("Unstage the edit of {what}?"), self.keys.clone())
                .with_detail("The staged change is thrown away and cannot be brought back."),
        );
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::app::editing::field::tests::{defs, draft as custom_draft};
    use crate::app::editing::keys::*;
    use crate::edit::{StagedOp, check};
    use crate::model::RelatedItemType;

    pub fn comment_draft() -> Draft {
        let mut d = Draft::for_item(
            "dom",
            "case-1",
            "c-42",
            RelatedItemType::Comment,
            Base::Comment {
                body:
                    "Customer called about the invoice.\nPromised a callback today.\nNo refund yet."
                        .into(),
            },
        );
        d.push(StagedOp::SetBody {
            body: "Customer called about the late invoice.\nPromised a callback tomorrow.\nNo refund yet.\nEscalated to billing."
                .into(),
        });
        d
    }

    pub fn edited_custom() -> Draft {
        let mut d = custom_draft();
        d.push(StagedOp::SetField {
            id: "amount".into(),
            value: FieldValue::Double(42.0),
        });
        d.push(StagedOp::RemoveField {
            id: "legacy_code".into(),
        });
        d.push(StagedOp::AddField {
            id: "region".into(),
            value: FieldValue::String("EMEA".into()),
        });
        d
    }

    pub fn review() -> Review {
        Review::new(
            vec![comment_draft(), edited_custom()],
            defs(),
            Default::default(),
        )
    }

    #[test]
    fn y_sends_the_selected_draft_and_n_goes_back() {
        let mut r = review();
        assert_eq!(r.handle_key(ch('j')), ReviewOutcome::Continue);
        let key = r.drafts()[1].key.clone();
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Send(key.clone()));
        r.set_saving(&key);
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Continue);
        r.set_failed(&key, "throttled; try again with y");
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Send(key));
        assert_eq!(r.handle_key(ch('n')), ReviewOutcome::Close);
    }

    #[test]
    fn u_asks_first_then_unstages() {
        let mut r = review();
        let key = r.drafts()[0].key.clone();
        assert_eq!(r.handle_key(ch('u')), ReviewOutcome::Continue);
        assert!(r.confirm().is_some());
        assert_eq!(r.handle_key(ch('n')), ReviewOutcome::Continue);
        assert!(r.confirm().is_none());
        assert_eq!(r.drafts().len(), 2, "no keeps the draft");
        r.handle_key(ch('u'));
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Unstage(key));
        assert_eq!(r.drafts().len(), 1);
    }

    #[test]
    fn an_invalid_or_empty_draft_is_not_sent() {
        let empty = Draft::new_comment("dom", "case-1", "   ".into());
        let mut r = Review::new(vec![empty, custom_draft()], defs(), Default::default());
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Continue);
        assert!(r.notice().unwrap().contains("empty"));
        r.handle_key(ch('j'));
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Continue);
        assert!(r.notice().unwrap().contains("changes nothing"));
    }

    pub fn conflicting() -> (Review, String) {
        let mut r = Review::new(vec![edited_custom()], defs(), Default::default());
        let key = r.drafts()[0].key.clone();
        let theirs = Content::Custom(vec![
            FieldEntry::new("amount", FieldValue::Double(50.0)),
            FieldEntry::new("priority", FieldValue::String("high".into())),
            FieldEntry::new("notes", FieldValue::String("call back".into())),
            FieldEntry::new("legacy_code", FieldValue::String("X2".into())),
        ]);
        let c = check(&r.drafts()[0], Some(&theirs));
        assert!(matches!(c, Check::Conflicts { .. }));
        r.set_check(&key, c);
        (r, key)
    }

    #[test]
    fn conflicts_need_a_choice_per_field_before_y_sends() {
        let (mut r, key) = conflicting();
        let ReviewStatus::Conflicts { conflicts, .. } = r.status() else {
            panic!()
        };
        assert_eq!(conflicts.len(), 2);
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Continue);
        assert!(r.notice().unwrap().contains("2 left"));
        r.handle_key(ch('o'));
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Continue);
        assert!(r.notice().unwrap().contains("1 left"));
        r.handle_key(ch('t'));
        let ReviewOutcome::SendContent { key: k, content } = r.handle_key(ch('y')) else {
            panic!("all chosen: y sends")
        };
        assert_eq!(k, key);
        assert_eq!(
            content,
            Content::Custom(vec![
                FieldEntry::new("amount", FieldValue::Double(42.0)),
                FieldEntry::new("priority", FieldValue::String("high".into())),
                FieldEntry::new("notes", FieldValue::String("call back".into())),
                FieldEntry::new("legacy_code", FieldValue::String("X2".into())),
                FieldEntry::new("region", FieldValue::String("EMEA".into())),
            ])
        );
    }

    #[test]
    fn every_conflict_taken_as_theirs_sends_nothing_and_drops_the_draft() {
        let mut d = Draft::for_item(
            "dom",
            "case-1",
            "i-9",
            crate::model::RelatedItemType::Custom,
            Base::Custom {
                fields: vec![FieldEntry::new("amount", FieldValue::Double(10.0))],
            },
        );
        d.push(StagedOp::SetField {
            id: "amount".into(),
            value: FieldValue::Double(42.0),
        });
        let mut r = Review::new(vec![d.clone()], defs(), Default::default());
        let theirs = Content::Custom(vec![FieldEntry::new("amount", FieldValue::Double(50.0))]);
        r.set_check(&d.key, check(&d, Some(&theirs)));
        r.handle_key(ch('t'));
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::NothingToSend(d.key));
        assert!(r.drafts().is_empty());
    }

    pub fn merged() -> Review {
        let mut r = Review::new(vec![edited_custom()], defs(), Default::default());
        r.set_options(crate::app::editing::field_fixtures::options());
        let key = r.drafts()[0].key.clone();
        let theirs = Content::Custom(vec![
            FieldEntry::new("amount", FieldValue::Double(10.0)),
            FieldEntry::new("priority", FieldValue::String("high".into())),
            FieldEntry::new("notes", FieldValue::String("call back".into())),
            FieldEntry::new("legacy_code", FieldValue::String("X1".into())),
        ]);
        let c = check(&r.drafts()[0], Some(&theirs));
        r.set_check(&key, c);
        r
    }

    #[test]
    fn a_merge_shows_three_ways_and_y_sends_the_merged_content() {
        let mut r = merged();
        let rows = r.three_way();
        let ids: Vec<_> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["amount", "priority", "legacy_code", "region"]);
        let ReviewStatus::Merged { content, .. } = r.status().clone() else {
            panic!()
        };
        let key = r.drafts()[0].key.clone();
        assert_eq!(
            r.handle_key(ch('y')),
            ReviewOutcome::SendContent { key, content }
        );
    }

    #[test]
    fn gone_offers_only_discarding() {
        let mut r = Review::new(vec![edited_custom()], defs(), Default::default());
        let key = r.drafts()[0].key.clone();
        r.set_check(&key, Check::Gone);
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Continue);
        r.handle_key(ch('u'));
        assert_eq!(r.handle_key(ch('y')), ReviewOutcome::Unstage(key));
        assert!(r.drafts().is_empty());
        assert_eq!(r.status(), &ReviewStatus::Idle);
    }
}
