//! The audit-timeline pane: events newest first, each with its changed fields; `Enter` expands
//! the selected event to every field's old → new value.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState, Wrap,
};

use super::case_view::numbered;
use super::theme::Styles;
use super::{MARKER, clean, error_lines, loading_line, pane_block, pane_title, placeholder};
use crate::app::format::{self, EMPTY};
use crate::app::{App, CaseView, Pane};
use crate::model::AuditEvent;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cv: &CaseView, styles: &Styles) {
    let focused = cv.focus == Pane::Audit && cv.detail.is_none();
    let list = &cv.audit;
    let visible = cv.visible_audit(&app.catalog);
    let mut extras = vec![if list.next_token.is_some() {
        format!("{}+", visible.len())
    } else {
        format!("{}", visible.len())
    }];
    if !list.filter.is_empty() {
        extras.push(format!("filter: '{}'", list.filter));
    }
    if list.is_loading() && !visible.is_empty() {
        extras.push(format!("{} loading", app.spinner()));
    }
    let block = pane_block(
        pane_title(&numbered(Pane::Audit), &extras, styles),
        focused,
        styles,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if visible.is_empty() {
        let lines = if list.is_loading() {
            vec![loading_line(app, "the audit history", styles)]
        } else if let Some(e) = &list.error {
            error_lines("loading the audit history", e, styles)
        } else if !list.filter.is_empty() {
            vec![Line::raw(format!(
                "No events match '{}'. Esc clears the filter.",
                clean(&list.filter)
            ))]
        } else {
            vec![Line::raw("No audit events for this case.")]
        };
        placeholder(frame, inner, lines);
        return;
    }

    let selected = cv.selected_audit(&app.catalog);
    let (table_area, detail_area) = match selected.filter(|_| cv.audit_expanded) {
        Some(e) => {
            let want = (e.fields.len() as u16 + 3).min(inner.height / 2 + 1);
            let [t, d] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(want)]).areas(inner);
            (t, Some((d, e)))
        }
        None => (inner, None),
    };

    let wide = table_area.width >= 100;
    let now = app.now();
    let rows = visible.iter().map(|&i| {
        let e = &list.items[i];
        let when = e.performed_time.map_or(EMPTY.to_string(), |t| {
            if wide {
                format::datetime(t)
            } else {
                format::relative(t, now)
            }
        });
        let mut cells = vec![
            Cell::from(Span::styled(when, styles.dim())),
            Cell::from(clean(&e.event_type).into_owned()),
        ];
        if wide {
            cells.push(Cell::from(Span::styled(
                clean(e.related_item_type.as_deref().unwrap_or("")).into_owned(),
                styles.item_type(),
            )));
        }
        cells.push(Cell::from(
            clean(&format::performer(
                e.performed_by.as_ref(),
                e.iam_principal_arn.as_deref(),
            ))
            .into_owned(),
        ));
        cells.push(Cell::from(
            clean(&format::audit_changes(e, &app.catalog).join("; ")).into_owned(),
        ));
        Row::new(cells)
    });
    let (header, widths): (Vec<&str>, Vec<Constraint>) = if wide {
        (
            vec!["When", "Event", "Item", "By", "Changes"],
            vec![
                Constraint::Length(20),
                Constraint::Length(20),
                Constraint::Length(11),
                Constraint::Length(16),
                Constraint::Fill(1),
            ],
        )
    } else {
        (
            vec!["When", "Event", "By", "Changes"],
            vec![
                Constraint::Length(8),
                Constraint::Length(19),
                Constraint::Length(12),
                Constraint::Fill(1),
            ],
        )
    };
    let height = table_area.height.saturating_sub(1) as usize;
    let offset = list.cursor.scroll_for(height, visible.len());
    let mut state = TableState::new()
        .with_offset(offset)
        .with_selected(focused.then_some(list.cursor.selected));
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(styles.column_header()))
        .highlight_symbol(MARKER)
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(styles.selected());
    frame.render_stateful_widget(table, table_area, &mut state);

    if let Some((area, event)) = detail_area {
        draw_expanded(frame, area, app, event, styles);
    }
}

/// Every field of `event`, old → new.
fn draw_expanded(frame: &mut Frame, area: Rect, app: &App, e: &AuditEvent, styles: &Styles) {
    let cat = &app.catalog;
    let title = format!(
        " {} · {} · {} ",
        clean(&e.event_type),
        e.performed_time.map_or(EMPTY.into(), format::datetime),
        clean(&format::performer(
            e.performed_by.as_ref(),
            e.iam_principal_arn.as_deref()
        )),
    );
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(styles.dim())
        .title(Span::styled(title, styles.title()));
    let name_w = e
        .fields
        .iter()
        .map(|f| cat.name(&f.field_id).chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    let mut lines: Vec<Line> = e
        .fields
        .iter()
        .map(|f| {
            let new = cat.value(&f.field_id, &f.new_value);
            let mut spans = vec![Span::styled(
                format!(" {:<name_w$}  ", clean(cat.name(&f.field_id))),
                styles.column_header(),
            )];
            match &f.old_value {
                Some(old) => {
                    spans.push(Span::styled(
                        clean(&format::one_line(&cat.value(&f.field_id, old))).into_owned(),
                        styles.old_value(),
                    ));
                    spans.push(Span::raw(" → "));
                }
                None => spans.push(Span::styled("(new) ", styles.dim())),
            }
            spans.push(Span::styled(
                clean(&format::one_line(&new)).into_owned(),
                styles.new_value(),
            ));
            Line::from(spans)
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(" No field changes recorded.", styles.dim()));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
