//! The one table of key bindings: dispatch matches against it and the help overlay is generated
//! from it, so the two cannot disagree. Each action has a stable `name` for a config file to remap.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
}

impl Scope {
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
        Self::FilterNextValue,
        Self::FilterPrevValue,
        Self::FilterEdit,
        Self::FilterClear,
        Self::ToggleBlame,
        Self::ExternalEditor,
    ];

    /// The action a config file names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }
}

/// One key chord. Shift is folded into the character for `Char` keys, so `G` matches however the
/// terminal reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeySpec {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    fn normalize(code: KeyCode, modifiers: KeyModifiers) -> (KeyCode, KeyModifiers) {
        match code {
            KeyCode::Char(_) | KeyCode::BackTab => (code, modifiers - KeyModifiers::SHIFT),
            _ => (code, modifiers),
        }
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        Self::normalize(self.code, self.modifiers) == Self::normalize(key.code, key.modifiers)
    }

    /// How the help overlay writes the key.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        out + &base
    }

    /// Reads a key as a config file writes it: `q`, `G`, `ctrl-d`, `alt-x`, `shift-tab`,
    /// `enter`, `esc`, `space`, `tab`, `backspace`, `up`, `pgdn`, `home`, `f5` ...
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = s;
        // A lone `-` is a key; only a prefix followed by something is a modifier.
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") && rest.len() > 5 {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            modifiers |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if modifiers.contains(KeyModifiers::SHIFT) {
                    modifiers -= KeyModifiers::SHIFT;
                    KeyCode::Char(c.to_ascii_uppercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "space" => KeyCode::Char(' '),
                "tab" if modifiers.contains(KeyModifiers::SHIFT) => {
                    modifiers -= KeyModifiers::SHIFT;
                    KeyCode::BackTab
                }
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                f if f.len() > 1 && f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(format!("`{s}` is not a key")),
                },
                "" => return Err("an empty string is not a key".into()),
                _ => return Err(format!("`{s}` is not a key")),
            },
        };
        Ok(Self { code, modifiers })
    }

    /// How a config file writes the key (`parse` reads it back).
    pub fn config_name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift-tab".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::Delete => "delete".into(),
            KeyCode::Insert => "insert".into(),
            KeyCode::Up => "up".into(),
            KeyCode::Down => "down".into(),
            KeyCode::Left => "left".into(),
            KeyCode::Right => "right".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::PageUp => "pgup".into(),
            KeyCode::PageDown => "pgdn".into(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_lowercase(),
        };
        let mut out = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            out.push_str("ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            out.push_str("alt-");
        }
        out + &base
    }
}

/// What a config file may write for a key, for error messages.
pub const KEY_SYNTAX: &str = "a key like \"q\", \"G\", \"ctrl-d\", \"alt-x\", \"shift-tab\", \"enter\", \"esc\", \"space\", \"tab\", \"backspace\", \"up\", \"pgdn\", \"home\" or \"f5\"";

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub scope: Scope,
    pub action: Action,
    pub keys: Vec<KeySpec>,
    pub description: &'static str,
}

/// The key table.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    pub bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> Self {
        use Action as A;
        use KeyCode as K;
        use Scope as S;
        let p = KeySpec::plain;
        let c = KeySpec::ch;
        let rows: Vec<(Scope, Action, Vec<KeySpec>, &'static str)> = vec![
            (S::Global, A::Quit, vec![c('q')], "quit"),
            (S::Global, A::Help, vec![c('?')], "show / hide this help"),
            (
                S::Global,
                A::Command,
                vec![c(':')],
                "commands: :case :profile …",
            ),
            (
                S::Global,
                A::Back,
                vec![p(K::Esc)],
                "close overlay / go back",
            ),
            (S::Global, A::Review, vec![c('s')], "review staged changes"),
            (S::Global, A::NextPane, vec![p(K::Tab)], "next pane"),
            (S::Global, A::ToggleMask, vec![c('m')], "mask personal data"),
            (S::Global, A::PrevPane, vec![p(K::BackTab)], "previous pane"),
            (S::List, A::Down, vec![c('j'), p(K::Down)], "move down"),
            (S::List, A::Up, vec![c('k'), p(K::Up)], "move up"),
            (S::List, A::Top, vec![c('g'), p(K::Home)], "first row"),
            (S::List, A::Bottom, vec![c('G'), p(K::End)], "last row"),
            (
                S::List,
                A::PageDown,
                vec![p(K::PageDown), KeySpec::ctrl('d')],
                "page down",
            ),
            (
                S::List,
                A::PageUp,
                vec![p(K::PageUp), KeySpec::ctrl('u')],
                "page up",
            ),
            (S::List, A::Filter, vec![c('/')], "filter / search by text"),
            (S::List, A::Refresh, vec![c('r')], "refresh"),
            (S::List, A::Yank, vec![c('y')], "copy the id or value"),
            (
                S::Domains,
                A::SelectDomain,
                vec![p(K::Enter)],
                "use this domain",
            ),
            (S::CaseList, A::Open, vec![p(K::Enter)], "open the case"),
            (
                S::CaseList,
                A::CycleStatus,
                vec![c('o')],
                "cycle status: all/open/closed",
            ),
            (
                S::CaseList,
                A::CycleSort,
                vec![c('S')],
                "sort by the next column",
            ),
            (
                S::CaseList,
                A::ReverseSort,
                vec![c('I')],
                "reverse the sort direction",
            ),
            (S::CaseView, A::FocusFields, vec![c('1')], "fields pane"),
            (
                S::CaseView,
                A::FocusRelated,
                vec![c('2')],
                "related-items pane",
            ),
            (
                S::CaseView,
                A::FocusAudit,
                vec![c('3')],
                "audit-timeline pane",
            ),
            (
                S::Related,
                A::ShowItem,
                vec![p(K::Enter)],
                "show the item in full",
            ),
            (S::Related, A::Edit, vec![c('e')], "edit comment or custom"),
            (S::Related, A::AddComment, vec![c('a')], "add a comment"),
            (
                S::Related,
                A::DeleteItem,
                vec![c('d')],
                "delete the item (y/n)",
            ),
            (
                S::Related,
                A::CycleType,
                vec![c('t')],
                "cycle the type filter",
            ),
            (
                S::Audit,
                A::ExpandEvent,
                vec![p(K::Enter)],
                "expand the event: old → new",
            ),
            (
                S::Audit,
                A::ScrollEventDown,
                vec![c('J')],
                "scroll expanded event down",
            ),
            (
                S::Audit,
                A::ScrollEventUp,
                vec![c('K')],
                "scroll expanded event up",
            ),
            (
                S::Audit,
                A::FilterAudit,
                vec![c('f')],
                "filter: type/who/field/time",
            ),
            (
                S::Audit,
                A::SearchAudit,
                vec![c('/')],
                "search names, values, who",
            ),
            (S::Audit, A::NextMatch, vec![c('n')], "next match"),
            (S::Audit, A::PrevMatch, vec![c('N')], "previous match"),
            (
                S::Audit,
                A::ToggleOrder,
                vec![c('o')],
                "oldest / newest first",
            ),
            (
                S::Audit,
                A::CycleTime,
                vec![c('t')],
                "time: relative / UTC / local",
            ),
            (S::Audit, A::LoadAllAudit, vec![c('L')], "load every page"),
            (
                S::AuditFilter,
                A::Down,
                vec![c('j'), p(K::Down)],
                "next filter",
            ),
            (
                S::AuditFilter,
                A::Up,
                vec![c('k'), p(K::Up)],
                "previous filter",
            ),
            (
                S::AuditFilter,
                A::FilterNextValue,
                vec![c('l'), p(K::Right)],
                "next value",
            ),
            (
                S::AuditFilter,
                A::FilterPrevValue,
                vec![c('h'), p(K::Left)],
                "previous value",
            ),
            (
                S::AuditFilter,
                A::FilterEdit,
                vec![p(K::Enter), c(' ')],
                "next value / type a date",
            ),
            (
                S::AuditFilter,
                A::FilterClear,
                vec![c('x'), p(K::Backspace)],
                "clear this filter (any)",
            ),
            (
                S::AuditFilter,
                A::FilterAudit,
                vec![c('f'), p(K::Esc)],
                "close the filters",
            ),
            (
                S::Fields,
                A::ToggleBlame,
                vec![c('b')],
                "blame: who changed each field",
            ),
            (
                S::Detail,
                A::ToggleBlame,
                vec![c('b')],
                "blame: who changed each field",
            ),
            (S::Detail, A::Down, vec![c('j'), p(K::Down)], "scroll down"),
            (S::Detail, A::Up, vec![c('k'), p(K::Up)], "scroll up"),
            (S::Detail, A::Top, vec![c('g'), p(K::Home)], "top"),
            (S::Detail, A::Bottom, vec![c('G'), p(K::End)], "bottom"),
            (
                S::Detail,
                A::PageDown,
                vec![p(K::PageDown), c(' ')],
                "page down",
            ),
            (S::Detail, A::PageUp, vec![p(K::PageUp)], "page up"),
            (S::Detail, A::Yank, vec![c('y')], "copy the item id or ARN"),
            (
                S::CommentEditor,
                A::ExternalEditor,
                vec![KeySpec::ctrl('e')],
                "edit in $VISUAL / $EDITOR",
            ),
        ];
        Self {
            bindings: rows
                .into_iter()
                .map(|(scope, action, keys, description)| Binding {
                    scope,
                    action,
                    keys,
                    description,
                })
                .collect(),
        }
    }
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

    /// The keys of `action` where it is first bound (what a config file would write).
    pub fn keys_of(&self, action: Action) -> Vec<KeySpec> {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .map(|b| b.keys.clone())
            .unwrap_or_default()
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
