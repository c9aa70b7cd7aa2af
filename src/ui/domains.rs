//! The domain picker.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, TableState};

use super::RenderContext;
use super::{error_lines, loading_line, marked_table, pane_frame, placeholder};
use crate::app::App;
use crate::app::format;
use crate::app::list::Shown;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cx: &RenderContext) -> Option<Shown> {
    let d = &app.domains.list;
    let extras = vec![format!("{} domains", d.items.len())];
    let inner = pane_frame(frame, area, "Pick a domain", &extras, true, cx);
    if d.items.is_empty() {
        let lines = if d.is_loading() {
            vec![loading_line(app, "domains", None, cx)]
        } else if let Some(e) = &d.error {
            error_lines("listing domains", e, cx)
        } else if d.loaded {
            vec![
                Line::raw("No Cases domains in this account and region."),
                Line::styled(
                    "Create one in the Amazon Connect console, or use :domain ID.",
                    cx.styles.dim(),
                ),
            ]
        } else {
            vec![]
        };
        placeholder(frame, inner, lines);
        return None;
    }
    let header = Row::new(["Name", "Id", "Status", "Created"]).style(cx.styles.column_header());
    let rows = d.items.iter().map(|dom| {
        Row::new(vec![
            Cell::from(cx.clean(&dom.name).into_owned()),
            Cell::from(cx.clean(&dom.id).into_owned()).style(cx.styles.dim()),
            Cell::from(cx.clean(dom.status.as_deref().unwrap_or("—")).into_owned()),
            Cell::from(dom.created_time.map(format::date).unwrap_or_default()),
        ])
    });
    let widths = [
        Constraint::Fill(2),
        Constraint::Fill(3),
        Constraint::Length(8),
        Constraint::Length(10),
    ];
    let height = inner.height.saturating_sub(1) as usize;
    let shown = d.cursor.scroll_for(height, d.items.len());
    let offset = shown.offset;
    let mut state = TableState::new()
        .with_offset(offset)
        .with_selected(Some(d.cursor.selected));
    let table = marked_table(rows, widths, header, cx);
    frame.render_stateful_widget(table, inner, &mut state);
    Some(shown)
}
