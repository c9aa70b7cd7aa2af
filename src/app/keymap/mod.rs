//! The one table of key bindings: dispatch matches against it and the help overlay is generated
//! from it, so the two cannot disagree. Each action has a stable `name` for a config file to remap.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod defaults;
mod key;
mod stacks;
pub use stacks::{Collision, STACKS};

pub use key::{KEY_SYNTAX, KeySpec};

/// Where a binding applies. `List` bindings apply in every list pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    List,
    Domains,
    CaseList,
    CaseView,
    Fields,
    Related,
    Audit,
    AuditFilter,
    Detail,
    /// The comment editor's own keys (beyond its text editing).
    CommentEditor,
    /// The custom-field editor's rows.
    FieldEditor,
    /// Typing a field's value (the one-line edit under a row).
    ValueLine,
    /// Choosing a SingleSelect field's value.
    OptionList,
    /// Choosing a domain field to add.
    FieldPicker,
    /// Typing the field picker's filter.
    PickerFilter,
    /// The review of staged changes.
    Review,
    /// A yes/no question.
    Confirm,
    /// Typing a `:` command on the bottom line.
    CommandLine,
    /// Typing a search term or a pane's filter on the bottom line.
    SearchLine,
    /// Typing the case list's search on the bottom line: the service searches on Enter.
    CaseSearchLine,
    /// Typing a date for the audit filter on the bottom line.
    DateLine,
    /// A picker where typing filters the choices (a case field's options, a template).
    TypePicker,
    /// The fields of a case being created.
    CaseForm,
    /// A case field's whole value over the panes (`Enter` in the fields pane).
    ValueViewer,
    /// Choosing an audit filter's value, typing to narrow the options.
    AuditPicker,
    /// The SLA radar: open SLAs across the domain, soonest due first.
    Radar,
    /// The supervisor's activity feed (`:feed`): the keys of both its panes.
    Feed,
    /// The feed's activity pane: its rows' keys (open, filters, time), above the feed's.
    Activity,
}

impl Scope {
    /// Every scope, the overlays' last.
    pub const ALL: &[Scope] = &[
        Self::Global,
        Self::List,
        Self::Domains,
        Self::CaseList,
        Self::CaseView,
        Self::Fields,
        Self::Related,
        Self::Audit,
        Self::AuditFilter,
        Self::Detail,
        Self::CommentEditor,
        Self::FieldEditor,
        Self::ValueLine,
        Self::OptionList,
        Self::FieldPicker,
        Self::PickerFilter,
        Self::Review,
        Self::Confirm,
        Self::CommandLine,
        Self::SearchLine,
        Self::CaseSearchLine,
        Self::DateLine,
        Self::TypePicker,
        Self::CaseForm,
        Self::ValueViewer,
        Self::AuditPicker,
        Self::Radar,
        Self::Feed,
        Self::Activity,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Global => "Everywhere",
            Self::List => "Lists",
            Self::Domains => "Domain picker",
            Self::CaseList => "Case list",
            Self::CaseView => "Case view",
            Self::Fields => "Fields",
            Self::Related => "Related items",
            Self::Audit => "Audit timeline",
            Self::AuditFilter => "Audit filters",
            Self::Detail => "Item detail",
            Self::CommentEditor => "Comment editor",
            Self::FieldEditor => "Field editor",
            Self::ValueLine => "Field value",
            Self::OptionList => "Option list",
            Self::FieldPicker => "Field picker",
            Self::PickerFilter => "Field picker filter",
            Self::Review => "Review",
            Self::Confirm => "Confirm",
            Self::CommandLine => "Command line",
            Self::SearchLine => "Search line",
            Self::CaseSearchLine => "Case search line",
            Self::DateLine => "Date line",
            Self::TypePicker => "Picker",
            Self::CaseForm => "New case",
            Self::ValueViewer => "Field value viewer",
            Self::AuditPicker => "Audit filter picker",
            Self::Radar => "SLA radar",
            Self::Feed => "Activity feed",
            Self::Activity => "Activity pane",
        }
    }

    /// Scopes where the user types text. There a plain character (no Ctrl or Alt) is always
    /// text, never a command, so no remap can take a letter away from typing; commands need a
    /// named key (Esc, Enter, F5...) or Ctrl/Alt.
    pub fn is_text_entry(self) -> bool {
        matches!(
            self,
            Self::CommentEditor
                | Self::ValueLine
                | Self::PickerFilter
                | Self::CommandLine
                | Self::SearchLine
                | Self::CaseSearchLine
                | Self::DateLine
                | Self::TypePicker
                | Self::AuditPicker
        )
    }

    /// Actions of the scopes under this one that its pane does not take: help leaves them out
    /// (the SLA radar is not filtered, so the lists' `/` is not its key).
    pub fn not_taken(self) -> &'static [Action] {
        match self {
            Self::Radar => &[Action::Filter],
            _ => &[],
        }
    }

    /// The scope's own actions hinted after the shared ones (help, quit): shown when the line has
    /// room, dropped first when it has not.
    pub fn late_hints(self) -> &'static [Action] {
        use Action as A;
        match self {
            Self::CaseList => &[A::NewCase, A::OpenFeed],
            Self::Fields => &[A::Edit, A::CloseReopen],
            Self::Related => &[
                A::ShowItem,
                A::Edit,
                A::AddComment,
                A::DeleteItem,
                A::CycleType,
            ],
            _ => &[],
        }
    }

    /// The shared keys (bound in the scopes under it) a pane's hint line shows after its own,
    /// in this order: the panes that have many keys of their own show only help.
    pub fn shared_hints(self) -> &'static [Action] {
        use Action as A;
        match self {
            Self::Fields | Self::Related => &[
                A::NextPane,
                A::Filter,
                A::Back,
                A::Help,
                A::Command,
                A::Quit,
            ],
            Self::Audit | Self::AuditFilter => &[A::Help],
            Self::Detail | Self::ValueViewer => &[A::Back, A::Help, A::Command, A::Quit],
            Self::Activity => &[
                A::Refresh,
                A::NextPane,
                A::Back,
                A::Help,
                A::Command,
                A::Quit,
            ],
            Self::Feed | Self::Radar => &[A::NextPane, A::Back, A::Help, A::Command, A::Quit],
            _ => &[A::Filter, A::Help, A::Command, A::Quit],
        }
    }
}

/// Everything a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Command,
    Back,
    NextPane,
    PrevPane,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Filter,
    Refresh,
    Open,
    CycleStatus,
    CycleSort,
    ReverseSort,
    FocusFields,
    FocusRelated,
    FocusAudit,
    CycleType,
    ShowItem,
    ExpandEvent,
    FilterAudit,
    SearchAudit,
    ScrollEventDown,
    ScrollEventUp,
    NextMatch,
    PrevMatch,
    ToggleOrder,
    CycleTime,
    LoadAllAudit,
    AsOfEvent,
    ToggleBlame,
    FilterNextValue,
    FilterPrevValue,
    FilterEdit,
    FilterClear,
    SelectDomain,
    Edit,
    AddComment,
    DeleteItem,
    Review,
    Yank,
    ToggleMask,
    ExternalEditor,
    StageComment,
    Undo,
    Redo,
    EditValue,
    RemoveField,
    AddField,
    KeepValue,
    DropValue,
    Choose,
    FinishFilter,
    CancelFilter,
    Send,
    Unstage,
    TakeYours,
    TakeTheirs,
    CloseReview,
    Yes,
    No,
    SubmitInput,
    CancelInput,
    CloseReopen,
    NewCase,
    /// Back to the case a linked case was opened from.
    PreviousCase,
    /// Open the editor of the draft selected in the review.
    EditDraft,
    ZoomPane,
    ShowValue,
    PickValue,
    PickerUp,
    PickerDown,
    ClosePicker,
    /// `:feed` from the case list: the domain's activity across cases.
    OpenFeed,
    FocusActivity,
    FocusRadar,
    /// The feed's filter pickers (type, performer, queue, assignee).
    FilterFeed,
    ClearFeedFilters,
}

impl Action {
    /// The stable name a config file uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::Help => "help",
            Self::Command => "command",
            Self::Back => "back",
            Self::NextPane => "next_pane",
            Self::PrevPane => "prev_pane",
            Self::Up => "up",
            Self::Down => "down",
            Self::Top => "top",
            Self::Bottom => "bottom",
            Self::PageUp => "page_up",
            Self::PageDown => "page_down",
            Self::Filter => "filter",
            Self::Refresh => "refresh",
            Self::Open => "open_case",
            Self::CycleStatus => "cycle_status_filter",
            Self::CycleSort => "cycle_sort_column",
            Self::ReverseSort => "reverse_sort",
            Self::FocusFields => "focus_fields",
            Self::FocusRelated => "focus_related",
            Self::FocusAudit => "focus_audit",
            Self::CycleType => "cycle_type_filter",
            Self::ShowItem => "show_item",
            Self::ExpandEvent => "expand_event",
            Self::FilterAudit => "filter_audit",
            Self::SearchAudit => "search_audit",
            Self::ScrollEventDown => "scroll_event_down",
            Self::ScrollEventUp => "scroll_event_up",
            Self::NextMatch => "next_match",
            Self::PrevMatch => "previous_match",
            Self::ToggleOrder => "toggle_newest_first",
            Self::CycleTime => "cycle_time_display",
            Self::LoadAllAudit => "load_all_audit",
            Self::AsOfEvent => "as_of_event",
            Self::ToggleBlame => "toggle_blame",
            Self::FilterNextValue => "filter_next_value",
            Self::FilterPrevValue => "filter_previous_value",
            Self::FilterEdit => "filter_edit",
            Self::FilterClear => "filter_clear",
            Self::SelectDomain => "select_domain",
            Self::Edit => "edit_item",
            Self::AddComment => "add_comment",
            Self::DeleteItem => "delete_item",
            Self::Review => "review_staged",
            Self::Yank => "yank",
            Self::ToggleMask => "toggle_masking",
            Self::ExternalEditor => "external_editor",
            Self::StageComment => "stage_comment",
            Self::Undo => "undo",
            Self::Redo => "redo",
            Self::EditValue => "edit_value",
            Self::RemoveField => "remove_field",
            Self::AddField => "add_field",
            Self::KeepValue => "keep_value",
            Self::DropValue => "drop_value",
            Self::Choose => "choose",
            Self::FinishFilter => "finish_filter",
            Self::CancelFilter => "cancel_filter",
            Self::Send => "send_draft",
            Self::Unstage => "unstage_draft",
            Self::TakeYours => "take_yours",
            Self::TakeTheirs => "take_theirs",
            Self::CloseReview => "close_review",
            Self::Yes => "answer_yes",
            Self::No => "answer_no",
            Self::SubmitInput => "submit_input",
            Self::CancelInput => "cancel_input",
            Self::CloseReopen => "close_reopen_case",
            Self::NewCase => "new_case",
            Self::PreviousCase => "previous_case",
            Self::EditDraft => "edit_draft",
            Self::ZoomPane => "zoom_pane",
            Self::ShowValue => "show_value",
            Self::PickValue => "pick_value",
            Self::PickerUp => "picker_up",
            Self::PickerDown => "picker_down",
            Self::ClosePicker => "close_picker",
            Self::OpenFeed => "open_feed",
            Self::FocusActivity => "focus_activity",
            Self::FocusRadar => "focus_radar",
            Self::FilterFeed => "filter_feed",
            Self::ClearFeedFilters => "clear_feed_filters",
        }
    }

    /// Every action, in the order the default config file lists them.
    pub const ALL: &[Action] = &[
        Self::Quit,
        Self::Help,
        Self::Command,
        Self::Back,
        Self::Review,
        Self::NextPane,
        Self::PrevPane,
        Self::ToggleMask,
        Self::Down,
        Self::Up,
        Self::Top,
        Self::Bottom,
        Self::PageDown,
        Self::PageUp,
        Self::Filter,
        Self::Refresh,
        Self::Yank,
        Self::SelectDomain,
        Self::Open,
        Self::CycleStatus,
        Self::CycleSort,
        Self::ReverseSort,
        Self::FocusFields,
        Self::FocusRelated,
        Self::FocusAudit,
        Self::ShowItem,
        Self::Edit,
        Self::AddComment,
        Self::DeleteItem,
        Self::CycleType,
        Self::ExpandEvent,
        Self::ScrollEventDown,
        Self::ScrollEventUp,
        Self::FilterAudit,
        Self::SearchAudit,
        Self::NextMatch,
        Self::PrevMatch,
        Self::ToggleOrder,
        Self::CycleTime,
        Self::LoadAllAudit,
        Self::AsOfEvent,
        Self::FilterNextValue,
        Self::FilterPrevValue,
        Self::FilterEdit,
        Self::FilterClear,
        Self::ToggleBlame,
        Self::ExternalEditor,
        Self::StageComment,
        Self::Undo,
        Self::Redo,
        Self::EditValue,
        Self::RemoveField,
        Self::AddField,
        Self::KeepValue,
        Self::DropValue,
        Self::Choose,
        Self::FinishFilter,
        Self::CancelFilter,
        Self::Send,
        Self::Unstage,
        Self::TakeYours,
        Self::TakeTheirs,
        Self::CloseReview,
        Self::Yes,
        Self::No,
        Self::SubmitInput,
        Self::CancelInput,
        Self::CloseReopen,
        Self::NewCase,
        Self::PreviousCase,
        Self::EditDraft,
        Self::ZoomPane,
        Self::ShowValue,
        Self::PickValue,
        Self::PickerUp,
        Self::PickerDown,
        Self::ClosePicker,
        Self::OpenFeed,
        Self::FocusActivity,
        Self::FocusRadar,
        Self::FilterFeed,
        Self::ClearFeedFilters,
    ];

    /// The action a config file names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub scope: Scope,
    pub action: Action,
    pub keys: Vec<KeySpec>,
    pub description: &'static str,
    /// The few words an overlay's hint line shows; `None` keeps the binding off hint lines
    /// (it is still in the help overlay).
    pub hint: Option<&'static str>,
}

/// The key table as the overlays hold it: built once from the config, shared by each component
/// (gitui's `SharedKeyConfig`).
pub type SharedKeys = std::sync::Arc<KeyMap>;

/// The key table.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    pub bindings: Vec<Binding>,
}

impl KeyMap {
    /// The action bound to `key` in the first of `scopes` that binds it.
    pub fn action(&self, scopes: &[Scope], key: &KeyEvent) -> Option<Action> {
        scopes.iter().find_map(|scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == *scope && b.keys.iter().any(|k| k.matches(key)))
                .map(|b| b.action)
        })
    }

    /// Binds `action` to `keys` instead of its default keys, in every scope where it applies.
    pub fn remap(&mut self, action: Action, keys: &[KeySpec]) {
        for b in self.bindings.iter_mut().filter(|b| b.action == action) {
            b.keys = keys.to_vec();
        }
    }

    /// Keys bound to two actions in the same scope (after remapping), as
    /// `(scope, key, first action, second action)`.
    pub fn conflicts(&self) -> Vec<(Scope, String, Action, Action)> {
        let mut out = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in self.bindings[i + 1..].iter().filter(|b| b.scope == a.scope) {
                for k in &a.keys {
                    if b.keys.iter().any(|bk| {
                        KeySpec::normalize(bk.code, bk.modifiers)
                            == KeySpec::normalize(k.code, k.modifiers)
                    }) {
                        out.push((a.scope, k.config_name(), a.action, b.action));
                    }
                }
            }
        }
        out
    }

    /// The command `key` is in an overlay's `scope`. In a text-entry scope a plain character is
    /// text, so it is never a command there (see [`Scope::is_text_entry`]).
    pub fn command(&self, scope: Scope, key: &KeyEvent) -> Option<Action> {
        if scope.is_text_entry() && is_typing(key) {
            return None;
        }
        self.action(&[scope], key)
    }

    /// Keys bound in a text-entry scope that typing would always win, as
    /// `(scope, key, action)`: a config file may not bind a plain character there.
    pub fn typed_keys(&self) -> Vec<(Scope, String, Action)> {
        self.bindings
            .iter()
            .filter(|b| b.scope.is_text_entry())
            .flat_map(|b| {
                b.keys
                    .iter()
                    .filter(|k| is_typing(&KeyEvent::new(k.code, k.modifiers)))
                    .map(move |k| (b.scope, k.config_name(), b.action))
            })
            .collect()
    }

    /// The hint line of `scope`: its bindings that have hint words and that `shown` lets
    /// through, in table order (see [`hint_entries`]).
    pub fn hints(
        &self,
        scope: Scope,
        shown: impl Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        hint_entries(self.in_scope(scope).filter(|b| shown(b.action)))
    }

    /// The hint line of a pane whose key scopes are `scopes`, its own first: the hinted
    /// bindings of its own scope, then those of [`Scope::shared_hints`] from the scopes under
    /// it. A binding shows only if its first key reaches it there, so the line never names a
    /// key that another scope takes first.
    pub fn pane_hints(&self, scopes: &[Scope]) -> Vec<(String, &'static str)> {
        self.pane_hints_where(scopes, |_| true)
    }

    /// [`KeyMap::pane_hints`] with only the actions `shown` lets through (a read-only session
    /// leaves out the keys that would write).
    pub fn pane_hints_where(
        &self,
        scopes: &[Scope],
        shown: impl Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        let Some((&own, under)) = scopes.split_first() else {
            return Vec::new();
        };
        let reaches = |b: &&Binding| {
            b.keys.first().is_some_and(|k| {
                self.action(scopes, &KeyEvent::new(k.code, k.modifiers)) == Some(b.action)
            })
        };
        // An action the pane binds itself is hinted with the pane's own words.
        let shared = own
            .shared_hints()
            .iter()
            .filter(|&&action| self.in_scope(own).all(|b| b.action != action));
        let shared = shared.filter_map(|&action| {
            under
                .iter()
                .find_map(|&scope| self.in_scope(scope).find(|b| b.action == action))
        });
        // The pane's lesser keys come after the shared ones, so a narrow line drops them first.
        let late = own.late_hints();
        hint_entries(
            self.in_scope(own)
                .filter(|b| !late.contains(&b.action))
                .chain(shared)
                .chain(self.in_scope(own).filter(|b| late.contains(&b.action)))
                .filter(|b| b.hint.is_some() && shown(b.action))
                .filter(reaches),
        )
    }

    /// The keys of `action` where it is first bound (what a config file would write).
    pub fn keys_of(&self, action: Action) -> Vec<KeySpec> {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .map(|b| b.keys.clone())
            .unwrap_or_default()
    }

    /// The help overlay's sections for a pane whose key scopes are `scopes`, its own first:
    /// each scope's bindings but the actions the pane does not take ([`Scope::not_taken`]).
    /// Scopes left without a binding are left out.
    pub fn help_bindings(&self, scopes: &[Scope]) -> Vec<(Scope, Vec<&Binding>)> {
        let not_taken = scopes.first().map_or(&[][..], |s| s.not_taken());
        let mut listed: Vec<&Binding> = Vec::new();
        scopes
            .iter()
            .map(|&scope| {
                let rows = self
                    .in_scope(scope)
                    .filter(|b| !not_taken.contains(&b.action))
                    // The same action on the same keys in a scope above (the feed's `r` over the
                    // lists' `r`): listed once, where it acts.
                    .filter(|b| {
                        !listed.iter().any(|l| {
                            l.scope != scope
                                && l.action == b.action
                                && b.keys.iter().all(|k| l.keys.contains(k))
                        })
                    })
                    .collect::<Vec<_>>();
                listed.extend(rows.iter().copied());
                (scope, rows)
            })
            .filter(|(_, rows)| !rows.is_empty())
            .collect()
    }

    /// The bindings of `scope`, in table order.
    pub fn in_scope(&self, scope: Scope) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.scope == scope)
    }

    /// The first key bound to `action` in `scope`, for hints ("? help").
    pub fn key_for(&self, scope: Scope, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.scope == scope && b.action == action)
            .and_then(|b| b.keys.first())
            .map(KeySpec::label)
    }
}

impl Binding {
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(KeySpec::label)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// Hint entries `(keys, words)` for `bindings`, those without hint words left out.
/// Neighbours with the same words share one entry written with the first key of each
/// (`j/k move`); a lone binding shows all its keys, a capital after its small letter counting as
/// one (`n/Esc back`, not `n/N/Esc back`).
fn hint_entries<'a>(bindings: impl Iterator<Item = &'a Binding>) -> Vec<(String, &'static str)> {
    let mut groups: Vec<(Vec<&Binding>, &'static str)> = Vec::new();
    for b in bindings {
        let Some(words) = b.hint else { continue };
        match groups.last_mut() {
            Some((members, w)) if *w == words => members.push(b),
            _ => groups.push((vec![b], words)),
        }
    }
    groups
        .into_iter()
        .map(|(members, words)| {
            let keys: Vec<String> = match &members[..] {
                [one] => {
                    let mut labels: Vec<String> = Vec::new();
                    for k in &one.keys {
                        let label = k.label();
                        if !labels
                            .iter()
                            .any(|l| l.to_uppercase() == label && *l != label)
                        {
                            labels.push(label);
                        }
                    }
                    labels
                }
                many => many
                    .iter()
                    .filter_map(|b| b.keys.first().map(KeySpec::label))
                    .collect(),
            };
            (keys.join("/"), words)
        })
        .collect()
}

/// A key that types a character: no Ctrl or Alt (Shift only makes a capital).
fn is_typing(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}
