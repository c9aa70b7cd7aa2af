//! The whole value of one case field (`Enter` in the fields pane): wrapped, scrollable and
//! copied whole with `y`, where the pane's column cuts it.

use crate::model::{Case, FieldType, FieldValue};

use super::super::format::{self, Catalog};
use super::super::keymap::Action;

/// The viewer open over the panes.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueViewer {
    pub field_id: String,
    pub scroll: usize,
    /// The largest useful scroll and the lines per page, as the last frame measured them.
    pub max_scroll: usize,
    pub page: usize,
}

impl ValueViewer {
    pub fn new(field_id: &str) -> Self {
        Self {
            field_id: field_id.to_string(),
            scroll: 0,
            max_scroll: 0,
            page: 0,
        }
    }

    /// Scrolls for a movement action; `false` for any other action.
    pub fn scroll(&mut self, action: Action) -> bool {
        let page = self.page.max(1);
        self.scroll = match action {
            Action::Down => self.scroll + 1,
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll + page,
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => self.max_scroll,
            _ => return false,
        }
        .min(self.max_scroll);
        true
    }
}

/// What the viewer shows of a field, worked out once for drawing and copying alike.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValueText {
    pub name: String,
    pub type_name: String,
    /// The value as the panes show it (an option's label, a readable time), whole.
    pub shown: String,
    /// The value as stored, when it reads differently from `shown`.
    pub stored: Option<String>,
    pub empty: bool,
}

/// Field `id` of `case` as the viewer shows it.
pub fn field_value_text(case: Option<&Case>, catalog: &Catalog, id: &str) -> FieldValueText {
    let value = case.and_then(|c| c.field(id));
    let empty = matches!(value, None | Some(FieldValue::Empty));
    let shown = value.map_or(format::EMPTY.to_string(), |v| catalog.value(id, v));
    let stored = match value {
        Some(FieldValue::String(s) | FieldValue::UserArn(s)) => Some(s.clone()),
        Some(FieldValue::Double(n)) => Some(format::number(*n)),
        Some(FieldValue::Bool(b)) => Some(b.to_string()),
        Some(FieldValue::Empty) | None => None,
    }
    .filter(|s| *s != shown);
    FieldValueText {
        name: catalog.name(id).to_string(),
        type_name: catalog
            .field_type(id)
            .map_or("?", FieldType::as_str)
            .to_string(),
        shown,
        stored,
        empty,
    }
}
