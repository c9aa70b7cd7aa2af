//! The review's drafts grouped by case, each group under the case's title.

use super::Review;
use crate::edit::Draft;
use std::collections::HashMap;

/// Orders `drafts` so each case's are together, the cases in the order they first appear.
pub(super) fn group_by_case(drafts: &mut [Draft]) {
    let mut cases: Vec<String> = Vec::new();
    for d in drafts.iter() {
        if !cases.contains(&d.case_id) {
            cases.push(d.case_id.clone());
        }
    }
    drafts.sort_by_key(|d| cases.iter().position(|c| *c == d.case_id));
}

impl Review {
    /// The titles of the cases known so far, by case id.
    pub fn set_case_titles(&mut self, titles: HashMap<String, String>) {
        self.titles = titles;
    }

    /// A group's header: the case's title and id, or the id alone while the title is unknown.
    /// Cases still to be created have no id yet and share one group.
    pub fn case_label(&self, case_id: &str) -> String {
        if case_id.is_empty() {
            return "New cases (created when sent)".to_string();
        }
        match self.titles.get(case_id) {
            Some(title) => format!("{title} · {case_id}"),
            None => format!("case {case_id}"),
        }
    }

    /// How many cases the drafts belong to; each case to be created counts as one.
    pub fn case_count(&self) -> usize {
        let mut cases: Vec<&str> = self.drafts().iter().map(|d| d.case_id.as_str()).collect();
        let new = cases.iter().filter(|c| c.is_empty()).count();
        cases.retain(|c| !c.is_empty());
        cases.dedup();
        cases.len() + new
    }
}
