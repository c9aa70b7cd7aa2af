//! The line input at the bottom: the case list's search, a pane's filter, the timeline's search
//! and dates, and the `:` command line.

use super::input::InputOutcome;
use super::keymap::Scope;
use super::{App, Cmd, Input, InputKind, Screen};

impl InputKind {
    /// The key scope of the line while it is open: its command keys and their hint words.
    pub fn scope(self) -> Scope {
        match self {
            Self::Command => Scope::CommandLine,
            Self::Search | Self::Filter | Self::AuditSearch => Scope::SearchLine,
            Self::AuditDate(_) => Scope::DateLine,
        }
    }
}

impl App {
    pub(super) fn on_input(&mut self, input: Input, outcome: InputOutcome) -> Vec<Cmd> {
        let text = input.line.text().trim().to_string();
        let mut ctx = ctx!(self);
        match (input.kind, outcome) {
            (InputKind::Command, InputOutcome::Submit) => self.run_command(&text),
            (InputKind::Command, InputOutcome::Cancel) => Vec::new(),
            (InputKind::Search, InputOutcome::Submit) => {
                let term = (!text.is_empty()).then_some(text);
                self.cases.submit_search(term, &mut ctx)
            }
            (InputKind::Search, InputOutcome::Cancel) => self.cases.clear_search(&mut ctx),
            (InputKind::Filter, InputOutcome::Submit) => {
                if let Some(cv) = self.case.as_mut() {
                    cv.set_filter(text);
                }
                Vec::new()
            }
            (InputKind::Filter, InputOutcome::Cancel) => {
                if let Some(cv) = self.case.as_mut() {
                    cv.clear_filter();
                }
                Vec::new()
            }
            (InputKind::Filter, InputOutcome::Edited) => {
                // The pane filters as the user types.
                let typed = input.line.text().to_string();
                let cmds = match (self.screen, self.case.as_mut()) {
                    (Screen::Case, Some(cv)) => {
                        cv.set_filter(typed);
                        cv.maybe_next_page(&mut ctx)
                    }
                    (_, Some(cv)) => {
                        cv.set_filter(typed);
                        Vec::new()
                    }
                    _ => Vec::new(),
                };
                self.input = Some(input);
                cmds
            }
            (kind @ (InputKind::AuditSearch | InputKind::AuditDate(_)), outcome) => {
                let cmds = match (self.case.as_mut(), &outcome) {
                    (Some(cv), InputOutcome::Submit) => cv.audit_input(kind, text, true, &mut ctx),
                    (Some(cv), InputOutcome::Cancel) if kind == InputKind::AuditSearch => {
                        cv.audit_input(kind, String::new(), false, &mut ctx)
                    }
                    // Jump to the first match as the user types.
                    (Some(cv), InputOutcome::Edited) if kind == InputKind::AuditSearch => {
                        let typed = input.line.text().to_string();
                        cv.audit_input(kind, typed, false, &mut ctx)
                    }
                    _ => Vec::new(),
                };
                let done = matches!(outcome, InputOutcome::Submit | InputOutcome::Cancel);
                if !done {
                    self.input = Some(input);
                }
                cmds
            }
            (_, _) => {
                self.input = Some(input);
                Vec::new()
            }
        }
    }

    fn run_command(&mut self, line: &str) -> Vec<Cmd> {
        let mut parts = line.split_whitespace();
        let (cmd, arg) = (parts.next().unwrap_or(""), parts.next());
        match (cmd, arg) {
            ("", _) => Vec::new(),
            ("q" | "quit", _) => vec![Cmd::Quit],
            ("domain" | "d", Some(id)) => self.enter_domain(id.to_string()),
            ("domain" | "d", None) => {
                self.screen = Screen::Domains;
                self.case = None;
                if self.domains.list.loaded {
                    Vec::new()
                } else {
                    self.domains.load()
                }
            }
            ("case" | "c", Some(id)) => self.open_case(id.to_string()),
            ("mine", _) => self.toggle_mine(),
            ("profile", Some(p)) => self.reconnect(Some(p.to_string()), None),
            ("region", Some(r)) => self.reconnect(None, Some(r.to_string())),
            ("profile" | "region", None) => {
                self.set_problem(format!(":{cmd} needs a name, e.g. :{cmd} NAME"));
                Vec::new()
            }
            ("case" | "c", None) => {
                self.set_problem(format!(":{cmd} needs an id, e.g. :{cmd} ID"));
                Vec::new()
            }
            _ => {
                self.set_problem(format!(
                    "Unknown command ':{cmd}'. Try :domain ID, :case ID, :mine, :profile P, :region R or :quit."
                ));
                Vec::new()
            }
        }
    }
}
