//! The audit filter form's picker: every value of one filter, narrowed as the user types, `Enter`
//! picks. Thirty-five fields are a few letters away instead of thirty-five presses of `l`.

use super::FilterRow;
use crate::app::format::matches_filter;
use crate::app::input::LineInput;
use crate::app::keymap::Action;

/// One value a picker offers.
#[derive(Debug, Clone, PartialEq)]
pub struct PickOption {
    /// What the filter is set to; `None` is "any".
    pub value: Option<String>,
    /// What the list shows (a field's name, a person's name).
    pub label: String,
    /// Shown dim after the label and matched too (a field's id), when it says more.
    pub aside: Option<String>,
}

impl PickOption {
    pub fn new(value: Option<String>, label: impl Into<String>) -> Self {
        Self {
            value,
            label: label.into(),
            aside: None,
        }
    }

    /// How well it matches `query` (lower is better), or `None` when it does not: the label's
    /// start first, then a word's start, then anywhere in the label or the aside.
    fn rank(&self, query: &str) -> Option<u8> {
        if query.is_empty() {
            return Some(0);
        }
        let q = query.to_lowercase();
        let label = self.label.to_lowercase();
        if label.starts_with(&q) {
            Some(0)
        } else if label
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(&q))
        {
            Some(1)
        } else if label.contains(&q)
            || self
                .aside
                .as_deref()
                .is_some_and(|a| matches_filter(a, query))
        {
            Some(2)
        } else {
            None
        }
    }
}

/// The picker open over the filter form for one of its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterPicker {
    pub row: FilterRow,
    /// Every value, "any" first, in the form's order.
    pub options: Vec<PickOption>,
    pub query: LineInput,
    /// The selected position in `shown()`.
    pub selected: usize,
}

impl FilterPicker {
    /// A picker over `options` ("any" is added first) with the current value selected.
    pub fn new(row: FilterRow, options: Vec<PickOption>, current: Option<&str>) -> Self {
        let mut all = vec![PickOption::new(None, "any")];
        all.extend(options);
        let selected = all
            .iter()
            .position(|o| o.value.as_deref() == current)
            .unwrap_or(0);
        Self {
            row,
            options: all,
            query: LineInput::default(),
            selected,
        }
    }

    /// Indices into `options` of the values the typed text lets through, best matches first
    /// ("any" first while nothing is typed, else last when its words match).
    pub fn shown(&self) -> Vec<usize> {
        let query = self.query.text().trim();
        let mut ranked: Vec<(u8, usize)> = self
            .options
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                let rank = o.rank(query)?;
                let last = o.value.is_none() && !query.is_empty();
                Some((if last { u8::MAX } else { rank }, i))
            })
            .collect();
        ranked.sort();
        ranked.into_iter().map(|(_, i)| i).collect()
    }

    /// The option `Enter` would pick.
    pub fn chosen(&self) -> Option<&PickOption> {
        let shown = self.shown();
        shown.get(self.selected).map(|&i| &self.options[i])
    }

    /// Moves the selection for a movement action; `false` for any other action.
    pub fn navigate(&mut self, action: Action) -> bool {
        let n = self.shown().len();
        let last = n.saturating_sub(1);
        self.selected = match action {
            Action::PickerDown => (self.selected + 1).min(last),
            Action::PickerUp => self.selected.saturating_sub(1),
            _ => return false,
        };
        true
    }

    /// The typed text changed: select the best match.
    pub fn typed(&mut self) {
        self.selected = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker() -> FilterPicker {
        let field = |id: &str, name: &str| PickOption {
            value: Some(id.into()),
            label: name.into(),
            aside: Some(id.into()),
        };
        FilterPicker::new(
            FilterRow::Field,
            vec![
                field("customer_status", "Customer status"),
                field("connectCase.caseId", "Linked case"),
                field("status", "Status"),
                field("summary", "Summary"),
            ],
            Some("summary"),
        )
    }

    fn labels(p: &FilterPicker) -> Vec<&str> {
        p.shown()
            .iter()
            .map(|&i| p.options[i].label.as_str())
            .collect()
    }

    #[test]
    fn typing_narrows_with_the_labels_start_first() {
        let mut p = picker();
        assert_eq!(
            p.chosen().unwrap().label,
            "Summary",
            "opens on the current value"
        );
        assert_eq!(labels(&p)[0], "any");
        for c in "st".chars() {
            p.query = LineInput::with_text(&format!("{}{c}", p.query.text()));
        }
        p.typed();
        assert_eq!(labels(&p), ["Status", "Customer status"]);
        assert_eq!(p.chosen().unwrap().value.as_deref(), Some("status"));
        assert!(p.navigate(Action::PickerDown));
        assert_eq!(
            p.chosen().unwrap().value.as_deref(),
            Some("customer_status")
        );
        assert!(p.navigate(Action::PickerDown), "stops at the last");
        assert_eq!(p.selected, 1);
        // The aside (a field's id) is matched too.
        p.query = LineInput::with_text("caseid");
        p.typed();
        assert_eq!(labels(&p), ["Linked case"]);
        p.query = LineInput::with_text("zzz");
        assert!(p.chosen().is_none() || p.shown().is_empty());
    }
}
