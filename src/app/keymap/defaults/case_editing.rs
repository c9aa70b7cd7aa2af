//! The default bindings for editing a case's own fields and creating a case.

use super::super::{Action, Binding, KeySpec, Scope};
use super::{Row, binding};
use ratatui::crossterm::event::KeyCode;

/// Case-field editing in the fields pane, `n` in the case list, and the keys of the type-ahead
/// picker and the new-case form. Hint words as in [`super::overlays`]; the panes' new keys are
/// hinted after the shared ones (`Scope::late_hints`), so a narrow status line drops them first.
pub(super) fn case_editing() -> Vec<Binding> {
    use Action as A;
    use KeyCode as K;
    use Scope as S;
    let p = KeySpec::plain;
    let c = KeySpec::ch;
    let rows: Vec<Row> = vec![
        (
            S::Fields,
            A::Edit,
            vec![c('e')],
            "edit the field's value (staged)",
            Some("edit"),
        ),
        (
            S::Fields,
            A::CloseReopen,
            vec![c('c')],
            "close an open case, reopen a closed one (staged)",
            Some("close/reopen"),
        ),
        (
            S::CaseList,
            A::NewCase,
            vec![c('n')],
            "create a case (template)",
            Some("new case"),
        ),
        // Text-entry keys only: arrows move the selection as typed keys (see `CaseFieldEdit`),
        // so a remap of `down` or `help` to a letter never reaches a field that types text.
        (
            S::TypePicker,
            A::KeepValue,
            vec![p(K::Enter)],
            "take the selected choice (arrows move)",
            Some("choose"),
        ),
        (
            S::TypePicker,
            A::DropValue,
            vec![p(K::Esc)],
            "close without choosing",
            Some("cancel"),
        ),
        (
            S::CaseForm,
            A::Down,
            vec![c('j'), p(K::Down)],
            "next field",
            Some("move"),
        ),
        (
            S::CaseForm,
            A::Up,
            vec![c('k'), p(K::Up)],
            "previous field",
            Some("move"),
        ),
        (
            S::CaseForm,
            A::EditValue,
            vec![p(K::Enter), c('e')],
            "type the field's value",
            Some("edit"),
        ),
        (
            S::CaseForm,
            A::Back,
            vec![p(K::Esc)],
            "close; what was typed stays staged (s reviews and creates the case)",
            Some("close"),
        ),
        (
            S::CaseForm,
            A::Help,
            vec![c('?')],
            "show / hide this help",
            None,
        ),
    ];
    rows.into_iter().map(binding).collect()
}
