//! Where the staged drafts live, for the panes' markers: the related items and the case fields of
//! a case that have a draft waiting.

use std::collections::HashSet;

use super::Staging;
use crate::edit::StagedOp;

impl Staging {
    /// Ids of the related items of `case_id` with a staged draft.
    pub fn staged_items(&self, case_id: &str) -> HashSet<&str> {
        self.drafts()
            .iter()
            .filter(|d| d.case_id == case_id)
            .filter_map(|d| d.item_id.as_deref())
            .collect()
    }

    /// Ids of the case fields of `case_id` with a staged value: the fields set by drafts that are
    /// not about a related item.
    pub fn staged_fields(&self, case_id: &str) -> HashSet<&str> {
        self.drafts()
            .iter()
            .filter(|d| d.case_id == case_id && d.item_id.is_none())
            .flat_map(|d| &d.ops)
            .filter_map(|op| match op {
                StagedOp::SetField { id, .. } | StagedOp::AddField { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect()
    }
}
