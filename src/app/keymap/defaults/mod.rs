//! The default key table.

mod case_editing;
mod feed;
mod overlays;
mod radar;
mod review;

use super::{Action, Binding, KeyMap, KeySpec, Scope};
use overlays::overlays;
use ratatui::crossterm::event::KeyCode;

impl Default for KeyMap {
    fn default() -> Self {
        use Action as A;
        use KeyCode as K;
        use Scope as S;
        let p = KeySpec::plain;
        let c = KeySpec::ch;
        let rows: Vec<Row> = vec![
            (S::Global, A::Quit, vec![c('q')], "quit", Some("quit")),
            (
                S::Global,
                A::Help,
                vec![c('?')],
                "show / hide this help",
                Some("help"),
            ),
            (
                S::Global,
                A::Command,
                vec![c(':')],
                "commands: :case :profile …",
                Some("command"),
            ),
            (
                S::Global,
                A::Back,
                vec![p(K::Esc)],
                "close overlay / go back",
                Some("back"),
            ),
            (
                S::Global,
                A::Review,
                vec![c('s')],
                "review staged changes",
                None,
            ),
            (
                S::Global,
                A::NextPane,
                vec![p(K::Tab)],
                "next pane",
                Some("pane"),
            ),
            (
                S::Global,
                A::ToggleMask,
                vec![c('m')],
                "mask personal data",
                None,
            ),
            (
                S::Global,
                A::PrevPane,
                vec![p(K::BackTab)],
                "previous pane",
                None,
            ),
            (
                S::List,
                A::Down,
                vec![c('j'), p(K::Down)],
                "move down",
                None,
            ),
            (S::List, A::Up, vec![c('k'), p(K::Up)], "move up", None),
            (S::List, A::Top, vec![c('g'), p(K::Home)], "first row", None),
            (
                S::List,
                A::Bottom,
                vec![c('G'), p(K::End)],
                "last row",
                None,
            ),
            (
                S::List,
                A::PageDown,
                vec![p(K::PageDown), KeySpec::ctrl('d')],
                "page down",
                None,
            ),
            (
                S::List,
                A::PageUp,
                vec![p(K::PageUp), KeySpec::ctrl('u')],
                "page up",
                None,
            ),
            (
                S::List,
                A::Filter,
                vec![c('/')],
                "filter / search by text",
                Some("filter"),
            ),
            (S::List, A::Refresh, vec![c('r')], "refresh", None),
            (S::List, A::Yank, vec![c('y')], "copy the id or value", None),
            (
                S::Domains,
                A::SelectDomain,
                vec![p(K::Enter)],
                "use this domain",
                Some("select"),
            ),
            (
                S::CaseList,
                A::Open,
                vec![p(K::Enter)],
                "open the case",
                Some("open"),
            ),
            // The case list's `/` is the service's search, not a filter of loaded rows.
            (
                S::CaseList,
                A::Filter,
                vec![c('/')],
                "search the cases on the service",
                Some("search"),
            ),
            (
                S::CaseList,
                A::CycleStatus,
                vec![c('o')],
                "cycle status: all/open/closed",
                Some("status"),
            ),
            (
                S::CaseList,
                A::CycleSort,
                vec![c('S')],
                "sort by the next column",
                Some("sort"),
            ),
            (
                S::CaseList,
                A::ReverseSort,
                vec![c('I')],
                "reverse the sort direction",
                None,
            ),
            (
                S::CaseView,
                A::FocusFields,
                vec![c('1')],
                "fields pane",
                None,
            ),
            (
                S::CaseView,
                A::FocusRelated,
                vec![c('2')],
                "related-items pane",
                None,
            ),
            (
                S::CaseView,
                A::FocusAudit,
                vec![c('3')],
                "audit-timeline pane",
                None,
            ),
            (
                S::CaseView,
                A::PreviousCase,
                vec![p(K::Backspace)],
                "back to previous case",
                Some("previous case"),
            ),
            (
                S::Related,
                A::ShowItem,
                vec![p(K::Enter)],
                "show item / open link",
                Some("show"),
            ),
            (
                S::Related,
                A::Edit,
                vec![c('e')],
                "edit comment/custom/SLA",
                Some("edit"),
            ),
            (
                S::Related,
                A::AddComment,
                vec![c('a')],
                "add a comment",
                Some("add comment"),
            ),
            (
                S::Related,
                A::DeleteItem,
                vec![c('d')],
                "delete the item (y/n)",
                Some("delete"),
            ),
            (
                S::Related,
                A::CycleType,
                vec![c('t')],
                "cycle the type filter",
                Some("type"),
            ),
            (
                S::Audit,
                A::ExpandEvent,
                vec![p(K::Enter)],
                "expand the event: old → new",
                Some("expand"),
            ),
            (
                S::Audit,
                A::ScrollEventDown,
                vec![c('J')],
                "scroll expanded event down",
                None,
            ),
            (
                S::Audit,
                A::ScrollEventUp,
                vec![c('K')],
                "scroll expanded event up",
                None,
            ),
            (
                S::Audit,
                A::FilterAudit,
                vec![c('f')],
                "filter: type/who/field/time",
                Some("filter"),
            ),
            (
                S::Audit,
                A::SearchAudit,
                vec![c('/')],
                "search names, values, who",
                Some("search"),
            ),
            (S::Audit, A::NextMatch, vec![c('n')], "next match", None),
            (S::Audit, A::PrevMatch, vec![c('N')], "previous match", None),
            (
                S::Audit,
                A::ToggleOrder,
                vec![c('o')],
                "oldest / newest first",
                Some("order"),
            ),
            (
                S::Audit,
                A::CycleTime,
                vec![c('t')],
                "time: relative / UTC / local",
                Some("time"),
            ),
            (
                S::Audit,
                A::LoadAllAudit,
                vec![c('L')],
                "load every page",
                Some("load all"),
            ),
            (
                S::Audit,
                A::AsOfEvent,
                vec![c('@')],
                "case as of this event (again: diff)",
                None,
            ),
            (
                S::AuditFilter,
                A::Down,
                vec![c('j'), p(K::Down)],
                "next filter",
                Some("row"),
            ),
            (
                S::AuditFilter,
                A::Up,
                vec![c('k'), p(K::Up)],
                "previous filter",
                Some("row"),
            ),
            (
                S::AuditFilter,
                A::FilterNextValue,
                vec![c('l'), p(K::Right)],
                "next value",
                Some("value"),
            ),
            (
                S::AuditFilter,
                A::FilterPrevValue,
                vec![c('h'), p(K::Left)],
                "previous value",
                Some("value"),
            ),
            (
                S::AuditFilter,
                A::FilterEdit,
                vec![p(K::Enter), c(' ')],
                "pick a value (type to narrow) / type a date",
                Some("pick"),
            ),
            (
                S::AuditFilter,
                A::FilterClear,
                vec![c('x'), p(K::Backspace)],
                "clear this filter (any)",
                Some("clear"),
            ),
            (
                S::AuditFilter,
                A::FilterAudit,
                vec![c('f'), p(K::Esc)],
                "close the filters",
                Some("close"),
            ),
            (
                S::Fields,
                A::ToggleBlame,
                vec![c('b')],
                "blame: who changed each field",
                Some("blame"),
            ),
            (
                S::Detail,
                A::ToggleBlame,
                vec![c('b')],
                "blame: who changed each field",
                None,
            ),
            (
                S::Detail,
                A::Down,
                vec![c('j'), p(K::Down)],
                "scroll down",
                None,
            ),
            (S::Detail, A::Up, vec![c('k'), p(K::Up)], "scroll up", None),
            (S::Detail, A::Top, vec![c('g'), p(K::Home)], "top", None),
            (
                S::Detail,
                A::Bottom,
                vec![c('G'), p(K::End)],
                "bottom",
                None,
            ),
            (
                S::Detail,
                A::PageDown,
                vec![p(K::PageDown), c(' ')],
                "page down",
                None,
            ),
            (S::Detail, A::PageUp, vec![p(K::PageUp)], "page up", None),
            (
                S::Detail,
                A::Yank,
                vec![c('y')],
                "copy the item id or ARN",
                None,
            ),
        ];
        let mut bindings: Vec<Binding> = rows.into_iter().map(binding).collect();
        bindings.extend(overlays());
        bindings.extend(case_editing::case_editing());
        bindings.extend(review::review());
        bindings.extend(radar::radar());
        bindings.extend(feed::feed());
        bindings.extend(input_lines());
        Self { bindings }
    }
}

/// One binding: scope, action, keys, help text, hint words. The panes' hint words make the status
/// line (with their scope's [`Scope::shared_hints`]); the order here is the order there.
pub(super) type Row = (
    Scope,
    Action,
    Vec<KeySpec>,
    &'static str,
    Option<&'static str>,
);

/// The bottom line's command keys. What they do depends on what the line is for, so each use
/// is a scope with its own words; one remap of `submit_input` or `cancel_input` reaches them all.
fn input_lines() -> Vec<Binding> {
    use Action as A;
    use KeyCode as K;
    use Scope as S;
    let p = KeySpec::plain;
    let cancel = vec![p(K::Esc), KeySpec::ctrl('c')];
    let rows: Vec<Row> = vec![
        (
            S::CommandLine,
            A::SubmitInput,
            vec![p(K::Enter)],
            "bottom line: run the command, keep the search, set the date",
            Some("run"),
        ),
        (
            S::CommandLine,
            A::CancelInput,
            cancel.clone(),
            "bottom line: cancel (a search or filter is cleared)",
            Some("cancel"),
        ),
        (
            S::SearchLine,
            A::SubmitInput,
            vec![p(K::Enter)],
            "keep the search or filter",
            Some("keep"),
        ),
        (
            S::SearchLine,
            A::CancelInput,
            cancel.clone(),
            "clear the search or filter",
            Some("clear"),
        ),
        (
            S::CaseSearchLine,
            A::SubmitInput,
            vec![p(K::Enter)],
            "search the cases (the service searches when Enter is pressed)",
            Some("search"),
        ),
        (
            S::CaseSearchLine,
            A::CancelInput,
            cancel.clone(),
            "clear the search",
            Some("clear"),
        ),
        (
            S::DateLine,
            A::SubmitInput,
            vec![p(K::Enter)],
            "set the date (empty clears it)",
            Some("set (empty clears)"),
        ),
        (
            S::DateLine,
            A::CancelInput,
            cancel,
            "cancel",
            Some("cancel"),
        ),
    ];
    rows.into_iter().map(binding).collect()
}

pub(super) fn binding((scope, action, keys, description, hint): Row) -> Binding {
    Binding {
        scope,
        action,
        keys,
        description,
        hint,
    }
}
