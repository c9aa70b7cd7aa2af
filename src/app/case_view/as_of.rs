//! The case view as of a past moment and its blame: `@` on an event and `:asof TIME` show the
//! fields and related items as the whole history says they were; a second `@` shows what
//! changed between two moments. Both (and blame) wait for the whole history, saying so.

use std::collections::HashMap;

use super::super::audit::asof::{self, AsOf, Change, Moment};
use super::super::audit::history::{CaseState, Item};
use super::super::audit::{self, Blame};
use super::super::ctx::Ctx;
use super::super::format::{Catalog, EMPTY};
use super::super::keymap::Action;
use super::{CaseView, FieldRow, Pane};
use crate::model::{FieldValue, RelatedItem};

/// One row of the related-items pane as of a moment: an item rebuilt from the history.
#[derive(Debug, Clone, PartialEq)]
pub struct AsOfItem {
    /// Its place in the order of creations (the same item has the same place at any moment).
    pub place: usize,
    pub item_type: String,
    /// `added` / `changed` / `removed` in a diff.
    pub change: Option<Change>,
    pub summary: String,
    /// The event that created it, if the history has it.
    pub created: Option<usize>,
}

/// What the header says of the case as of the moment shown: only what the rebuilt state says,
/// never today's values.
#[derive(Debug, Clone, PartialEq)]
pub enum AsOfHeader {
    /// The history is not in yet, or two moments are compared: the banner alone.
    Banner,
    /// The moment is before the case's creation event (created then, if timed).
    NotCreatedYet(Option<chrono::DateTime<chrono::Utc>>),
    /// The case as of the moment.
    Then {
        /// The title then, if the history knows it.
        title: Option<String>,
        /// The status's label and whether it is closed, if the history knows it.
        status: Option<(String, bool)>,
        reference: Option<String>,
        /// The time of the last event at or before the moment.
        last_change: Option<chrono::DateTime<chrono::Utc>>,
    },
}

impl CaseView {
    /// The creation event's place and time, when the moment shown is before it.
    fn not_created_yet(&self, at: &CaseState) -> Option<Option<chrono::DateTime<chrono::Utc>>> {
        if at.created.is_some() {
            return None;
        }
        let items = &self.audit.list.items;
        let c = items.iter().position(|e| e.event_type == "Case.Created")?;
        (at.applied <= c).then(|| items[c].performed_time)
    }

    /// The header's facts as of the moment shown; `None` when showing now.
    pub fn as_of_header(&self, catalog: &Catalog) -> Option<AsOfHeader> {
        self.as_of.as_ref()?;
        let Some((None, at)) = self.as_of_states() else {
            return Some(AsOfHeader::Banner);
        };
        if let Some(when) = self.not_created_yet(at) {
            return Some(AsOfHeader::NotCreatedYet(when));
        }
        let text = |id: &str| match at.field(id).known() {
            Some(Some(FieldValue::String(s))) if !s.is_empty() => Some(s.clone()),
            _ => None,
        };
        let status = match at.field("status").known() {
            Some(Some(v @ FieldValue::String(s))) => {
                Some((catalog.value("status", v), s == "closed"))
            }
            _ => None,
        };
        let last_change = at
            .applied
            .checked_sub(1)
            .and_then(|i| self.audit.list.items.get(i))
            .and_then(|e| e.performed_time);
        Some(AsOfHeader::Then {
            title: text("title"),
            status,
            reference: text("reference_number"),
            last_change,
        })
    }

    /// Blame of the case's fields from the whole history, or why it cannot answer yet.
    pub fn case_blame(&self) -> Result<HashMap<String, Blame>, String> {
        if let Some(why) = self.audit.incomplete() {
            return Err(why);
        }
        let case = self.case.as_ref().ok_or("the case is not loaded")?;
        Ok(audit::case_blame(
            &self.audit.list.items,
            self.audit.history.latest(),
            &case.fields,
        ))
    }

    /// Blame of a related item's fields, through the chains of values that end in them.
    pub fn item_blame(&self, item: &RelatedItem) -> Result<HashMap<String, Blame>, String> {
        if let Some(why) = self.audit.incomplete() {
            return Err(why);
        }
        audit::item_blame(&self.audit.list.items, self.audit.history.latest(), item)
            .map_err(str::to_string)
    }

    /// `@` on the selected event: the case as of it; with one moment shown already, the diff
    /// between the two. The timeline keeps the focus, so `@` on another event follows at once.
    pub fn as_of_event(&mut self, ctx: &mut Ctx) {
        let Some(id) = self.audit.selected(ctx.now).map(|e| e.id.clone()) else {
            ctx.set_info("No event selected: @ shows the case as of the selected event.");
            return;
        };
        let at = Moment::Event(id);
        self.as_of = Some(match self.as_of.take() {
            Some(prev) if prev.at == at => prev,
            Some(prev) => {
                let mut next = AsOf::new(at);
                next.base = Some(prev.at);
                next
            }
            None => AsOf::new(at),
        });
        self.announce_as_of(ctx);
    }

    /// `:asof TIME` (empty or `now` returns to now).
    pub fn as_of_time(&mut self, text: &str, ctx: &mut Ctx) {
        if text.is_empty() || text == "now" {
            self.as_of = None;
            return;
        }
        match asof::parse_time(text, ctx.now, ctx.local_offset) {
            Ok(t) => {
                self.as_of = Some(AsOf::new(Moment::Time(t)));
                self.announce_as_of(ctx);
            }
            Err(e) => ctx.set_problem(e),
        }
    }

    fn announce_as_of(&mut self, ctx: &mut Ctx) {
        self.refresh_as_of();
        let label = self.as_of_label().unwrap_or_default();
        match self.audit.incomplete() {
            Some(why) => ctx.set_info(format!(
                "{label}: shown once the whole history is in ({why})."
            )),
            None => ctx.set_info(format!("{label}. Editing is off here; Esc returns to now.")),
        }
    }

    /// Rebuild the moments shown once the whole history is in (and after it changes).
    pub fn refresh_as_of(&mut self) {
        let Some(as_of) = self.as_of.as_mut() else {
            return;
        };
        if self.audit.incomplete().is_some() {
            as_of.built = None;
            return;
        }
        let items = &self.audit.list.items;
        let key = (self.audit.list.epoch(), items.len());
        let history = &self.audit.history;
        as_of.build(key, items, |upto| history.at(items, upto));
    }

    /// The banner: `as of …` or `diff … → …`.
    pub fn as_of_label(&self) -> Option<String> {
        Some(self.as_of.as_ref()?.label(&self.audit.list.items))
    }

    /// The banner at each detail, fullest first (`as of …` down to short times), for a narrow
    /// header.
    pub fn as_of_labels(&self) -> Option<Vec<String>> {
        Some(self.as_of.as_ref()?.labels(&self.audit.list.items))
    }

    /// The rebuilt states (`base`, `at`), once the history is in.
    pub fn as_of_states(&self) -> Option<(Option<&CaseState>, &CaseState)> {
        let b = self.as_of.as_ref()?.built.as_ref()?;
        Some((b.base.as_ref(), &b.at))
    }

    /// The fields pane's rows as of the moment (in a diff, the fields that changed, old → new);
    /// `None` when not showing a past moment.
    pub fn as_of_field_rows(&self, catalog: &Catalog) -> Option<Vec<FieldRow>> {
        self.as_of.as_ref()?;
        let Some((base, at)) = self.as_of_states() else {
            return Some(Vec::new());
        };
        if base.is_none() && self.not_created_yet(at).is_some() {
            return Some(Vec::new());
        }
        let type_name = |id: &str| {
            catalog
                .field_type(id)
                .map_or("?", crate::model::FieldType::as_str)
                .to_string()
        };
        let filter = &self.fields.filter;
        let keep = |r: &FieldRow| {
            super::super::format::matches_filter(&format!("{} {}", r.name, r.value), filter)
        };
        if let Some(base) = base {
            let (fields, _) = asof::diff(base, at);
            return Some(
                fields
                    .into_iter()
                    .map(|c| {
                        let (old, _) = asof::describe(&c.before, &c.id, catalog);
                        let (new, _) = asof::describe(&c.after, &c.id, catalog);
                        FieldRow {
                            name: catalog.name(&c.id).to_string(),
                            type_name: c.change.label().to_string(),
                            value: format!("{old} → {new}"),
                            empty: false,
                            id: c.id,
                        }
                    })
                    .filter(keep)
                    .collect(),
            );
        }
        let mut ids: Vec<&str> = catalog.fields.iter().map(|f| f.id.as_str()).collect();
        for id in at.fields.keys() {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        Some(
            ids.into_iter()
                .map(|id| {
                    let (value, dim) = asof::describe(&at.field(id), id, catalog);
                    FieldRow {
                        id: id.to_string(),
                        name: catalog.name(id).to_string(),
                        type_name: type_name(id),
                        empty: dim || value == EMPTY,
                        value,
                    }
                })
                .filter(keep)
                .collect(),
        )
    }

    /// The related-items pane's rows as of the moment (in a diff, the items that changed).
    pub fn as_of_items(&self, catalog: &Catalog) -> Vec<AsOfItem> {
        let Some((base, at)) = self.as_of_states() else {
            return Vec::new();
        };
        let row = |place: usize, item: &Item, change: Option<Change>, summary: String| AsOfItem {
            place,
            item_type: item.item_type.to_string(),
            change,
            summary,
            created: item.created,
        };
        match base {
            None => at
                .live_items()
                .map(|(n, it)| row(n, it, None, asof::item_summary(it, catalog)))
                .collect(),
            Some(base) => asof::diff(base, at)
                .1
                .into_iter()
                .filter_map(|c| {
                    let summary = match (&c.before, &c.after) {
                        (Some(b), Some(a)) => format!(
                            "{} → {}",
                            asof::item_summary(b, catalog),
                            asof::item_summary(a, catalog)
                        ),
                        (Some(x), None) | (None, Some(x)) => asof::item_summary(x, catalog),
                        (None, None) => return None,
                    };
                    let item = c.after.as_ref().or(c.before.as_ref())?;
                    Some(row(c.place, item, Some(c.change), summary))
                })
                .collect(),
        }
    }

    /// Movement while a past moment is shown: the fields pane and the related pane move over
    /// the rebuilt rows. `false` for any other action.
    pub fn as_of_handle(&mut self, action: Action, ctx: &mut Ctx) -> bool {
        if self.as_of.is_none() {
            return false;
        }
        let catalog = ctx.catalog;
        if self.focus == Pane::Related && matches!(action, Action::ShowItem | Action::CycleType) {
            ctx.set_info("These are the items as the history rebuilds them; Esc returns to now.");
            return true;
        }
        match self.focus {
            Pane::Fields => {
                let n = self.field_rows(catalog).len();
                self.fields.cursor.apply(action, n)
            }
            Pane::Related => {
                let n = self.as_of_items(catalog).len();
                match self.as_of.as_mut() {
                    Some(a) => a.cursor.apply(action, n),
                    None => false,
                }
            }
            Pane::Audit => false,
        }
    }
}
