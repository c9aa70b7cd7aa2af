//! The domain picker.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, TableState};

use super::RenderContext;
use super::{error_lines, loading_line, marked_table, pane_frame, placeholder};
use crate::app::App;
use crate::app::format;
use crate::app::list::Shown;

/// A domain's status or creation time the service did not give.
const NOT_GIVEN: &str = "not given";

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cx: &RenderContext) -> Option<Shown> {
    let d = &app.domains.list;
    let n = d.items.len();
    let extras = vec![format!("{n} domain{}", if n == 1 { "" } else { "s" })];
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
    let widths = [
        Constraint::Fill(2),
        Constraint::Fill(3),
        Constraint::Length(9),
        Constraint::Length(10),
    ];
    let cols = super::layout::column_widths(inner.width, &widths);
    let cut =
        |text: String, i: usize| Cell::from(super::layout::cut_line(Line::raw(text), cols[i]));
    let rows = d.items.iter().map(|dom| {
        Row::new(vec![
            cut(cx.clean(&dom.name).into_owned(), 0),
            cut(cx.clean(&dom.id).into_owned(), 1).style(cx.styles.dim()),
            // What the service gave, or that it gave nothing (never a made-up value).
            match &dom.status {
                Some(s) => cut(cx.clean(s).into_owned(), 2),
                None => Cell::from(Span::styled(NOT_GIVEN, cx.styles.dim())),
            },
            match dom.created_time {
                Some(t) => Cell::from(format::date(t)),
                None => Cell::from(Span::styled(NOT_GIVEN, cx.styles.dim())),
            },
        ])
    });
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
