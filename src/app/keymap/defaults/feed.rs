//! The activity feed's keys (`:feed`, `F` everywhere): the activity pane's own (its rows'
//! open, filters and time), then the feed's, which the SLA radar pane shares (panes, refresh).

use super::super::{Action, Binding, KeySpec, Scope};
use super::{Row, binding};
use ratatui::crossterm::event::KeyCode;

pub(super) fn feed() -> Vec<Binding> {
    use Action as A;
    use KeyCode as K;
    use Scope as S;
    let p = KeySpec::plain;
    let c = KeySpec::ch;
    let rows: Vec<Row> = vec![
        (
            S::CaseList,
            A::OpenFeed,
            vec![c('F')],
            "the activity feed",
            Some("feed"),
        ),
        // Everywhere else too (the case list's own row carries its hint).
        (
            S::Global,
            A::OpenFeed,
            vec![c('F')],
            "the activity feed",
            None,
        ),
        (
            S::Activity,
            A::Open,
            vec![p(K::Enter)],
            "open the case at this item or event",
            Some("open"),
        ),
        (
            S::Activity,
            A::FilterFeed,
            vec![c('f')],
            "filter: type/who/queue/assignee",
            Some("filter"),
        ),
        (
            S::Activity,
            A::ClearFeedFilters,
            vec![c('x')],
            "clear every filter",
            Some("clear"),
        ),
        (
            S::Activity,
            A::CycleTime,
            vec![c('t')],
            "time: relative / UTC / local",
            Some("time"),
        ),
        (
            S::Feed,
            A::FocusActivity,
            vec![c('1')],
            "activity pane",
            None,
        ),
        (S::Feed, A::FocusRadar, vec![c('2')], "SLA radar pane", None),
        // Like `Esc`: back to the case (or the list) the feed was opened from.
        (
            S::Feed,
            A::Back,
            vec![p(K::Backspace)],
            "back to where the feed was opened",
            None,
        ),
        (
            S::Feed,
            A::Refresh,
            vec![c('r')],
            "refresh now",
            Some("refresh"),
        ),
    ];
    rows.into_iter().map(binding).collect()
}
