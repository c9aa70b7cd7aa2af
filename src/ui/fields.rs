//! The fields pane: every field of the case, names and values resolved through the domain's
//! field definitions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, TableState};

use super::RenderContext;
use super::audit as audit_ui;
use super::case_view::numbered;
use super::{error_lines, loading_line, marked_table, pane_frame, placeholder};
use crate::app::audit::{self, TimeMode};
use crate::app::case_view::AsOfHeader;
use crate::app::format::EMPTY;
use crate::app::list::Shown;
use crate::app::{App, CaseView, Pane};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cv: &CaseView,
    cx: &RenderContext,
) -> Option<Shown> {
    let focused = cv.has_keys(Pane::Fields);
    let rows = cv.field_rows(&app.domain.catalog);
    let mut extras = vec![format!("{}", rows.len())];
    if !cv.fields.filter.is_empty() {
        extras.push(format!("filter: '{}'", cv.fields.filter));
    }
    if let Some(label) = cv.as_of_label() {
        extras.push(label);
    }
    let blame = (cv.blame && cv.as_of.is_none()).then(|| cv.case_blame());
    if let Some(b) = &blame {
        extras.push(match b {
            Ok(_) => "blame (whole history)".to_string(),
            Err(why) => format!("blame: {why}"),
        });
    }
    let inner = pane_frame(frame, area, &numbered(Pane::Fields), &extras, focused, cx);

    if rows.is_empty() {
        let lines = if let Some(why) = cv.as_of.as_ref().and_then(|_| cv.audit.incomplete()) {
            vec![Line::raw(format!(
                "The case as of a moment is rebuilt from the whole history: {why}."
            ))]
        } else if let Some(AsOfHeader::NotCreatedYet(_)) = cv.as_of_header(&app.domain.catalog) {
            vec![Line::raw("The case did not exist yet at that moment.")]
        } else if cv.as_of.as_ref().is_some_and(|a| a.base.is_some()) {
            vec![Line::raw("No field changed between the two moments.")]
        } else if cv.as_of.is_some() && !cv.fields.filter.is_empty() {
            vec![Line::raw(format!(
                "No fields match '{}'. Esc clears the filter.",
                cx.clean(&cv.fields.filter)
            ))]
        } else if cv.case_pending.is_some() {
            vec![loading_line(app, "the case", cv.case_pending, cx)]
        } else if let Some(e) = &cv.case_error {
            error_lines("loading the case", e, cx)
        } else if !cv.fields.filter.is_empty() {
            vec![Line::raw(format!(
                "No fields match '{}'. Esc clears the filter.",
                cx.clean(&cv.fields.filter)
            ))]
        } else {
            vec![Line::raw("This case has no fields.")]
        };
        placeholder(frame, inner, lines);
        return None;
    }
    let show_type = inner.width >= 60 && blame.is_none();
    let mut header = vec!["Field", "Value"];
    let name_w = if blame.is_some() && inner.width < 90 {
        18
    } else {
        24
    };
    let mut widths = vec![Constraint::Max(name_w), Constraint::Fill(1)];
    if show_type {
        header.push("Type");
        widths.push(Constraint::Length(12));
    }
    if blame.is_some() {
        header.extend(["Changed by", "When"]);
        let when_w = if cv.audit.timeline.time == TimeMode::Relative {
            8
        } else {
            12
        };
        widths.extend([Constraint::Length(20), Constraint::Length(when_w)]);
    }
    let staged = app.staging.staged_fields(&cv.case_id);
    let cols = super::layout::column_widths(inner.width, &widths);
    let cut = |line: Line<'static>, i: usize| Cell::from(super::layout::cut_line(line, cols[i]));
    let table_rows = rows.iter().map(|r| {
        let value = if r.empty {
            cut(Line::styled(r.value.clone(), cx.styles.dim()), 1)
        } else {
            cut(
                Line::raw(cx.clean(&cx.field_value(&r.id, &r.value)).into_owned()),
                1,
            )
        };
        let name = if staged.contains(r.id.as_str()) {
            format!("{}{}", super::related::STAGED_MARK, cx.clean(&r.name))
        } else {
            cx.clean(&r.name).into_owned()
        };
        let mut cells = vec![cut(Line::raw(name), 0), value];
        if show_type {
            cells.push(cut(Line::styled(r.type_name.clone(), cx.styles.dim()), 2));
        }
        if let Some(blame) = &blame {
            let (who, when) = blame_cells(blame.as_ref().ok().and_then(|b| b.get(&r.id)), cv, cx);
            cells.push(who);
            cells.push(when);
        }
        Row::new(cells)
    });
    let height = inner.height.saturating_sub(1) as usize;
    let shown = cv.fields.cursor.scroll_for(height, rows.len());
    let offset = shown.offset;
    let mut state = TableState::new()
        .with_offset(offset)
        .with_selected(focused.then_some(cv.fields.cursor.selected));
    let table = marked_table(
        table_rows,
        widths,
        Row::new(header).style(cx.styles.column_header()),
        cx,
    );
    frame.render_stateful_widget(table, inner, &mut state);
    Some(shown)
}

/// The blame columns of one field: who and when, every candidate when ambiguous, `unknown`
/// when the history cannot tell, `loading` until the whole history is in.
fn blame_cells<'a>(
    blame: Option<&audit::Blame>,
    cv: &CaseView,
    cx: &RenderContext,
) -> (Cell<'a>, Cell<'a>) {
    let dim = |s: String| Cell::from(Span::styled(s, cx.styles.dim()));
    let mode = cv.audit.timeline.time;
    match blame {
        Some(audit::Blame::Known(b)) => (
            Cell::from(cx.clean(&b.who).into_owned()),
            dim(audit_ui::short_when(mode, b.when, cx)),
        ),
        Some(audit::Blame::Ambiguous(c)) => {
            let who: Vec<String> = c.iter().map(|b| cx.clean(&b.who).into_owned()).collect();
            (
                Cell::from(format!("ambiguous: {}", who.join(", "))),
                dim(String::new()),
            )
        }
        Some(audit::Blame::Unknown(_)) => (dim("unknown".into()), dim(String::new())),
        None if cv.audit.incomplete().is_some() => (dim("loading".into()), dim(String::new())),
        None => (dim(EMPTY.into()), dim(String::new())),
    }
}

/// The item detail's blame title: from the whole history, or why not yet.
pub(crate) fn blame_note(cv: &CaseView) -> String {
    match cv.audit.incomplete() {
        None => "blame (whole history)".to_string(),
        Some(why) => format!("blame: {why}"),
    }
}
