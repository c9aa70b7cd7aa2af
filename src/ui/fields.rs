//! The fields pane: every field of the case, names and values resolved through the domain's
//! field definitions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Row, Table, TableState};

use super::RenderContext;
use super::audit as audit_ui;
use super::case_view::numbered;
use super::{MARKER, error_lines, loading_line, pane_block, pane_title, placeholder};
use crate::app::audit::{self, TimeMode};
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
    let blame = cv.blame.then(|| audit::blame_case(&cv.audit.list.items));
    if blame.is_some() {
        extras.push(blame_note(cv));
    }
    let block = pane_block(
        pane_title(&numbered(Pane::Fields), &extras, cx),
        focused,
        cx,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if rows.is_empty() {
        let lines = if cv.case_pending.is_some() {
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
        widths.extend([Constraint::Length(14), Constraint::Length(when_w)]);
    }
    let staged = app.staging.staged_fields(&cv.case_id);
    let table_rows = rows.iter().map(|r| {
        let value = if r.empty {
            Cell::from(Span::styled(r.value.clone(), cx.styles.dim()))
        } else {
            Cell::from(cx.clean(&cx.field_value(&r.id, &r.value)).into_owned())
        };
        let name = if staged.contains(r.id.as_str()) {
            format!("{}{}", super::related::STAGED_MARK, cx.clean(&r.name))
        } else {
            cx.clean(&r.name).into_owned()
        };
        let mut cells = vec![Cell::from(name), value];
        if show_type {
            cells.push(Cell::from(Span::styled(
                r.type_name.clone(),
                cx.styles.dim(),
            )));
        }
        if let Some(blame) = &blame {
            match blame.get(&r.id) {
                Some(b) => {
                    cells.push(Cell::from(cx.clean(&b.who).into_owned()));
                    cells.push(Cell::from(Span::styled(
                        audit_ui::short_when(cv.audit.timeline.time, b.when, cx),
                        cx.styles.dim(),
                    )));
                }
                None => {
                    cells.push(Cell::from(Span::styled(EMPTY, cx.styles.dim())));
                    cells.push(Cell::from(""));
                }
            }
        }
        Row::new(cells)
    });
    let height = inner.height.saturating_sub(1) as usize;
    let shown = cv.fields.cursor.scroll_for(height, rows.len());
    let offset = shown.offset;
    let mut state = TableState::new()
        .with_offset(offset)
        .with_selected(focused.then_some(cv.fields.cursor.selected));
    let table = Table::new(table_rows, widths)
        .header(Row::new(header).style(cx.styles.column_header()))
        .highlight_symbol(MARKER)
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(cx.styles.selected());
    frame.render_stateful_widget(table, inner, &mut state);
    Some(shown)
}

/// What the blame is computed from: the whole history, or only the pages loaded so far.
pub(crate) fn blame_note(cv: &CaseView) -> String {
    if cv.audit.list.next_token.is_some() || cv.audit.list.is_loading() {
        format!(
            "blame from loaded history ({} events)",
            cv.audit.list.items.len()
        )
    } else {
        "blame".to_string()
    }
}
