//! The case list as the config and the session shape it: the columns `case_list.columns` names,
//! and `:mine`, the cases assigned to the user the session writes as.

use super::screens::cases::resolve_columns;
use super::{App, Cmd, Screen};
use crate::model::Performer;

/// Names listed in full in the message about an unknown column; the rest are counted.
const KNOWN_SHOWN: usize = 24;

impl App {
    /// Puts the configured columns in place, as far as the fields known now allow. `report`
    /// (the domain's fields are in): names no field answers to are reported, and a list that
    /// changed its columns is searched again for their values.
    pub(super) fn apply_columns(&mut self, report: bool) -> Vec<Cmd> {
        let Some(names) = &self.ctx.case_columns else {
            return Vec::new();
        };
        let (columns, unknown) = resolve_columns(names, &self.domain.catalog);
        if report && !unknown.is_empty() {
            let message = unknown_columns_message(
                &unknown,
                columns.is_empty(),
                &super::screens::columns_known(&self.domain.catalog),
            );
            self.set_problem(message);
        }
        if columns.is_empty() || columns == self.cases.columns {
            return Vec::new();
        }
        self.cases.columns = columns;
        if report && (self.cases.list.loaded || self.cases.is_loading()) {
            let mut ctx = ctx!(self);
            return self.cases.search(&mut ctx);
        }
        Vec::new()
    }

    /// `:mine`: only the cases assigned to the session's user, or everyone's again. It needs the
    /// user as a Connect user ARN (`--performed-by`), which is what `assigned_user` holds.
    pub(super) fn toggle_mine(&mut self) -> Vec<Cmd> {
        let arn = match &self.ctx.performed_by {
            Some(Performer::UserArn(arn)) => arn.clone(),
            Some(Performer::CustomEntity(name)) => {
                self.set_problem(format!(
                    ":mine needs your Connect user ARN, and the session writes as the name '{name}': cases are assigned to user ARNs. Start with --performed-by arn:aws:connect:REGION:ACCOUNT:instance/ID/agent/ID (or set performed_by in the config)."
                ));
                return Vec::new();
            }
            None => {
                self.set_problem(
                    ":mine needs to know who you are: start with --performed-by arn:aws:connect:REGION:ACCOUNT:instance/ID/agent/ID, your Connect user ARN (or set performed_by in the config).",
                );
                return Vec::new();
            }
        };
        if self.domain.id.is_none() {
            self.set_problem("Pick a domain first (:domain ID).");
            return Vec::new();
        }
        self.cases.mine = match self.cases.mine.take() {
            Some(_) => None,
            None => Some(arn.clone()),
        };
        self.set_info(match &self.cases.mine {
            Some(_) => format!(
                "Showing the cases assigned to {}; :mine again shows everyone's.",
                crate::app::format::short_arn(&arn)
            ),
            None => "Showing everyone's cases.".to_string(),
        });
        self.screen = Screen::Cases;
        self.case = None;
        self.trail.clear();
        self.cases.list.cursor.reset();
        let mut ctx = ctx!(self);
        self.cases.search(&mut ctx)
    }
}

/// What the status line says about `case_list.columns` names no field of the domain answers
/// to: which, what the list shows instead (`none_known`: no configured name is known, so the
/// list keeps the columns it shows), the names a column can be given, and where to fix it.
fn unknown_columns_message(unknown: &[String], none_known: bool, known: &[String]) -> String {
    let names = unknown
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let (fields, columns) = if unknown.len() == 1 {
        ("no field", "that column is")
    } else {
        ("no fields", "those columns are")
    };
    let instead = if none_known {
        "the list keeps the columns it shows".to_string()
    } else {
        format!("{columns} left out")
    };
    let shown = known.iter().take(KNOWN_SHOWN).cloned().collect::<Vec<_>>();
    let more = match known.len().saturating_sub(KNOWN_SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!(
        "case_list.columns in the config: {fields} {names} in this domain, so {instead}; known: {}{more}. Fix the config file (`cases-tui config --print-default` documents it).",
        shown.join(", ")
    )
}
