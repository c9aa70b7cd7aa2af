//! Keys that collide across the scopes looked up together. A key is matched in the focused
//! pane's scope first, then in the scopes under it (a list pane: its own, the case view's, every
//! list's, everywhere's), so a remap that puts `quit` on `j` is silently shadowed by `down`
//! wherever a list is focused. Such a remap is refused at start.

use super::{Action, KeyMap, KeySpec, Scope};

/// The scope lists dispatch consults together, most specific first (see `App::scopes`, the
/// case view's and the overlays' own).
pub const STACKS: &[&[Scope]] = &[
    &[Scope::Domains, Scope::List, Scope::Global],
    &[Scope::CaseList, Scope::List, Scope::Global],
    &[Scope::Fields, Scope::CaseView, Scope::List, Scope::Global],
    &[Scope::Related, Scope::CaseView, Scope::List, Scope::Global],
    &[Scope::Audit, Scope::CaseView, Scope::List, Scope::Global],
    &[Scope::Detail, Scope::Global],
    &[Scope::AuditFilter, Scope::Global],
    &[Scope::Activity, Scope::Feed, Scope::List, Scope::Global],
    &[Scope::Radar, Scope::Feed, Scope::List, Scope::Global],
];

/// One key bound to two actions where both are looked up together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// The pane (the more specific scope) where the key does `first` and not `second`.
    pub scope: Scope,
    pub key: String,
    pub first: Action,
    pub second: Action,
}

impl KeyMap {
    /// Keys bound to two different actions in one scope, or in scopes looked up together,
    /// that the default table does not bind so (its own shadowing is by design: `n` is the
    /// audit search's next match, not a global key). The more specific binding comes first.
    pub fn collisions(&self) -> Vec<Collision> {
        let defaults = raw_collisions(&KeyMap::default());
        raw_collisions(self)
            .into_iter()
            .filter(|c| {
                !defaults
                    .iter()
                    .any(|d| d.scope == c.scope && d.first == c.first && d.second == c.second)
            })
            .collect()
    }
}

fn same(a: &KeySpec, b: &KeySpec) -> bool {
    KeySpec::normalize(a.code, a.modifiers) == KeySpec::normalize(b.code, b.modifiers)
}

fn raw_collisions(map: &KeyMap) -> Vec<Collision> {
    let mut out: Vec<Collision> = Vec::new();
    let single: Vec<Vec<Scope>> = Scope::ALL.iter().map(|s| vec![*s]).collect();
    let stacks = STACKS
        .iter()
        .map(|s| s.to_vec())
        .chain(single)
        .collect::<Vec<_>>();
    for stack in &stacks {
        for (i, upper) in stack.iter().enumerate() {
            for lower in &stack[i..] {
                for a in map.bindings.iter().filter(|b| b.scope == *upper) {
                    for b in map.bindings.iter().filter(|b| b.scope == *lower) {
                        if a.action == b.action || std::ptr::eq(a, b) {
                            continue;
                        }
                        if let Some(k) = a.keys.iter().find(|k| b.keys.iter().any(|bk| same(k, bk)))
                        {
                            let c = Collision {
                                scope: *upper,
                                key: k.config_name(),
                                first: a.action,
                                second: b.action,
                            };
                            if !out.contains(&c) {
                                out.push(c);
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quit_on_j_collides_with_down_in_every_list() {
        let mut map = KeyMap::default();
        assert_eq!(map.collisions(), []);
        map.remap(Action::Quit, &[KeySpec::parse("j").unwrap()]);
        let found = map.collisions();
        assert!(
            found.iter().any(|c| c.key == "j"
                && c.first == Action::Down
                && c.second == Action::Quit
                && c.scope == Scope::List),
            "{found:?}"
        );
    }

    #[test]
    fn a_remap_onto_a_free_key_collides_with_nothing() {
        let mut map = KeyMap::default();
        map.remap(Action::Quit, &[KeySpec::parse("ctrl-q").unwrap()]);
        assert_eq!(map.collisions(), []);
    }
}
