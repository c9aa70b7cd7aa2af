//! The default bindings for reviewing at speed: zooming a pane, a field's whole value, and the
//! audit filter's pickers.

use super::super::{Action, Binding, KeySpec, Scope};
use super::{Row, binding};
use ratatui::crossterm::event::KeyCode;

pub(super) fn review() -> Vec<Binding> {
    use Action as A;
    use KeyCode as K;
    use Scope as S;
    let p = KeySpec::plain;
    let c = KeySpec::ch;
    let ctrl = KeySpec::ctrl;
    let rows: Vec<Row> = vec![
        (
            S::CaseView,
            A::ZoomPane,
            vec![c('z')],
            "zoom the focused pane / back",
            Some("zoom"),
        ),
        (
            S::Fields,
            A::ShowValue,
            vec![p(K::Enter)],
            "the field's whole value",
            Some("value"),
        ),
        (
            S::ValueViewer,
            A::Down,
            vec![c('j'), p(K::Down)],
            "scroll down",
            Some("scroll"),
        ),
        (
            S::ValueViewer,
            A::Up,
            vec![c('k'), p(K::Up)],
            "scroll up",
            Some("scroll"),
        ),
        (
            S::ValueViewer,
            A::PageDown,
            vec![p(K::PageDown), c(' ')],
            "page down",
            None,
        ),
        (
            S::ValueViewer,
            A::PageUp,
            vec![p(K::PageUp)],
            "page up",
            None,
        ),
        (
            S::ValueViewer,
            A::Top,
            vec![c('g'), p(K::Home)],
            "top",
            None,
        ),
        (
            S::ValueViewer,
            A::Bottom,
            vec![c('G'), p(K::End)],
            "bottom",
            None,
        ),
        (
            S::ValueViewer,
            A::Yank,
            vec![c('y')],
            "copy the whole value",
            Some("copy"),
        ),
        (
            S::ValueViewer,
            A::Back,
            vec![p(K::Esc)],
            "close",
            Some("close"),
        ),
        // The picker is typed into: its commands are named keys or Ctrl keys, and actions of
        // their own, so remapping a list's `j` cannot take a letter away from typing.
        (
            S::AuditPicker,
            A::PickValue,
            vec![p(K::Enter)],
            "use this value",
            Some("pick"),
        ),
        (
            S::AuditPicker,
            A::PickerDown,
            vec![p(K::Down), ctrl('n')],
            "next option",
            Some("move"),
        ),
        (
            S::AuditPicker,
            A::PickerUp,
            vec![p(K::Up), ctrl('p')],
            "previous option",
            Some("move"),
        ),
        (
            S::AuditPicker,
            A::ClosePicker,
            vec![p(K::Esc)],
            "back to the filters, unchanged",
            Some("back"),
        ),
    ];
    rows.into_iter().map(binding).collect()
}
