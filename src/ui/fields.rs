//! The fields pane: every field of the case, names and values resolved through the domain's
//! field definitions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Row, Table, TableState};

use super::case_view::numbered;
use super::theme::Styles;
use super::{MARKER, clean, error_lines, loading_line, pane_block, pane_title, placeholder};
use crate::app::{App, CaseView, Pane};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cv: &CaseView, styles: &Styles) {
    let focused = cv.focus == Pane::Fields && cv.detail.is_none();
    let rows = cv.field_rows(&app.catalog);
    let mut extras = vec![format!("{}", rows.len())];
    if !cv.fields_filter.is_empty() {
        extras.push(format!("filter: '{}'", cv.fields_filter));
    }
    let block = pane_block(
        pane_title(&numbered(Pane::Fields), &extras, styles),
        focused,
        styles,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if rows.is_empty() {
        let lines = if cv.case_pending.is_some() {
            vec![loading_line(app, "the case", styles)]
        } else if let Some(e) = &cv.case_error {
            error_lines("loading the case", e, styles)
        } else if !cv.fields_filter.is_empty() {
            vec![Line::raw(format!(
                "No fields match '{}'. Esc clears the filter.",
                clean(&cv.fields_filter)
            ))]
        } else {
            vec![Line::raw("This case has no fields.")]
        };
        placeholder(frame, inner, lines);
        return;
    }
    let show_type = inner.width >= 60;
    let mut header = vec!["Field", "Value"];
    let mut widths = vec![Constraint::Max(24), Constraint::Fill(1)];
    if show_type {
        header.push("Type");
        widths.push(Constraint::Length(12));
    }
    let table_rows = rows.iter().map(|r| {
        let value = if r.empty {
            Cell::from(Span::styled(r.value.clone(), styles.dim()))
        } else {
            Cell::from(clean(&r.value).into_owned())
        };
        let mut cells = vec![Cell::from(clean(&r.name).into_owned()), value];
        if show_type {
            cells.push(Cell::from(Span::styled(r.type_name.clone(), styles.dim())));
        }
        Row::new(cells)
    });
    let height = inner.height.saturating_sub(1) as usize;
    let offset = cv.fields_cursor.scroll_for(height, rows.len());
    let mut state = TableState::new()
        .with_offset(offset)
        .with_selected(focused.then_some(cv.fields_cursor.selected));
    let table = Table::new(table_rows, widths)
        .header(Row::new(header).style(styles.column_header()))
        .highlight_symbol(MARKER)
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(styles.selected());
    frame.render_stateful_widget(table, inner, &mut state);
}
