//! The default bindings of the SLA radar (the feed screen's right pane).

use super::super::{Action, Binding, KeySpec, Scope};
use super::{Row, binding};
use ratatui::crossterm::event::KeyCode;

/// `Enter` opens the SLA's case at the SLA, `e` extends its target through the SLA editor
/// (staged and reviewed like every edit); moving and `r` come from the list scope under it.
pub(super) fn radar() -> Vec<Binding> {
    use Action as A;
    use Scope as S;
    let rows: Vec<Row> = vec![
        (
            S::Radar,
            A::Open,
            vec![KeySpec::plain(KeyCode::Enter)],
            "open the case at this SLA",
            Some("open"),
        ),
        (
            S::Radar,
            A::Edit,
            vec![KeySpec::ch('e')],
            "extend the SLA's target (staged)",
            Some("extend"),
        ),
    ];
    rows.into_iter().map(binding).collect()
}
