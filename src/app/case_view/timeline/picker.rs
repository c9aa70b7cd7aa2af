//! The audit pane's side of the filter pickers: opening one on a form row with the values the
//! loaded history holds, named for people, and answering its keys.

use ratatui::crossterm::event::KeyEvent;

use super::AuditPane;
use crate::app::audit::{FilterPicker, FilterRow, PickOption, TimeRange};
use crate::app::ctx::Ctx;
use crate::app::keymap::{Action, Scope};
use crate::app::msg::Cmd;

impl AuditPane {
    /// The picker for the form's row `row`: every value seen in the loaded history, by the name
    /// the timeline shows, the current one selected.
    pub fn open_picker(&mut self, row: FilterRow, ctx: &Ctx) {
        let catalog = ctx.catalog;
        let seen = self.seen_values(row, catalog);
        let filter = &self.timeline.filter;
        let (options, current): (Vec<PickOption>, Option<String>) = match row {
            FilterRow::Type | FilterRow::Performer => {
                let current = match row {
                    FilterRow::Type => filter.event_type.clone(),
                    _ => filter.performer.clone(),
                };
                let options = seen
                    .into_iter()
                    .map(|v| PickOption::new(Some(v.clone()), v))
                    .collect();
                (options, current)
            }
            FilterRow::Field => {
                let options = seen
                    .into_iter()
                    .map(|id| {
                        let name = catalog.name(&id).to_string();
                        PickOption {
                            aside: (name != id).then(|| id.clone()),
                            value: Some(id),
                            label: name,
                        }
                    })
                    .collect();
                (options, filter.field.clone())
            }
            FilterRow::Range => {
                let options = TimeRange::ALL[1..]
                    .iter()
                    .map(|r| PickOption::new(Some(r.label().to_string()), r.label()))
                    .collect();
                let current =
                    (filter.range != TimeRange::All).then(|| filter.range.label().to_string());
                (options, current)
            }
            FilterRow::From | FilterRow::To => return,
        };
        let mut picker = FilterPicker::new(row, options, current.as_deref());
        if row == FilterRow::Range {
            picker.options[0].label = TimeRange::All.label().to_string();
        }
        self.picker = Some(picker);
    }

    /// A key while the picker is open: its commands from the key table, else typing.
    pub fn picker_key(&mut self, key: &KeyEvent, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(picker) = self.picker.as_mut() else {
            return Vec::new();
        };
        match ctx.keys.command(Scope::AuditPicker, key) {
            Some(Action::PickValue) => {
                let Some(value) = picker.chosen().map(|o| o.value.clone()) else {
                    ctx.set_info(format!(
                        "No value matches '{}': Backspace widens the list, Esc goes back.",
                        picker.query.text()
                    ));
                    return Vec::new();
                };
                let row = picker.row;
                self.picker = None;
                return self.change(case_id, ctx, |t| t.filter.set(row, value));
            }
            Some(Action::ClosePicker) => self.picker = None,
            Some(action) if picker.navigate(action) => {}
            _ => {
                let before = picker.query.text().to_string();
                picker.query.handle(key, ctx.keys, Scope::AuditPicker);
                if picker.query.text() != before {
                    picker.typed();
                }
            }
        }
        Vec::new()
    }
}
