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
            // The case list's search is the service's, run on Enter; the others filter as typed.
            Self::Search => Scope::CaseSearchLine,
            Self::Filter | Self::AuditSearch => Scope::SearchLine,
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
        if line == "asof" || line.starts_with("asof ") {
            self.as_of_command(line["asof".len()..].trim());
            return Vec::new();
        }
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
            ("feed", _) => self.open_feed(),
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
                    "Unknown command ':{cmd}'. Try :domain ID, :case ID, :feed, :mine, :asof TIME, :profile P, :region R or :quit."
                ));
                Vec::new()
            }
        }
    }
}

impl App {
    /// `:asof TIME`: the open case as of TIME (`now` or nothing returns to now).
    fn as_of_command(&mut self, text: &str) {
        if self.screen != Screen::Case || self.case.is_none() {
            self.set_problem(":asof shows an open case as of a time: open a case first (Enter on it, or :case ID).");
            return;
        }
        if text.is_empty() {
            self.set_problem(":asof needs a time, e.g. :asof 2026-11-02T14:05:00Z, :asof 2026-11-02 14:05 or :asof 3h (now returns to now).");
            return;
        }
        let mut ctx = ctx!(self);
        if let Some(cv) = self.case.as_mut() {
            cv.as_of_time(text, &mut ctx);
        }
    }
}
