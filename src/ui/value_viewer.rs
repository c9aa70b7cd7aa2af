//! A case field's whole value over the panes: wrapped to the width, scrolled with the viewer's
//! keys, masked and cleaned like every other value on screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::layout::{hints_within, wrap};
use super::{RenderContext, centered, pane_block, pane_title};
use crate::app::case_view::field_value_text;
use crate::app::list::DetailShown;
use crate::app::{App, CaseView, Scope};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cv: &CaseView,
    cx: &RenderContext,
) -> Option<DetailShown> {
    let viewer = cv.fields.viewer.as_ref()?;
    let text = field_value_text(cv.case.as_ref(), &app.domain.catalog, &viewer.field_id);
    let popup = centered(
        area,
        (area.width * 80 / 100).max(40),
        (area.height * 85 / 100).max(8),
    );
    frame.render_widget(Clear, popup);
    let chars = format!("{} characters", text.shown.chars().count());
    let extras = if text.empty {
        vec![text.type_name.clone()]
    } else {
        vec![text.type_name.clone(), chars]
    };
    let hints = app.keys().hints(Scope::ValueViewer, |_| true);
    let block = pane_block(pane_title(&text.name, &extras, popup.width, cx), true, cx)
        .title_bottom(hints_within(&hints, popup.width.saturating_sub(2), cx));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [body] = Layout::horizontal([Constraint::Min(0)])
        .horizontal_margin(1)
        .areas(inner);
    let width = body.width as usize;

    let wrapped = |value: &str| -> Vec<String> {
        cx.lines(&cx.field_value(&viewer.field_id, value))
            .iter()
            .flat_map(|l| wrap(l, width))
            .collect()
    };
    let mut lines: Vec<Line> = if text.empty {
        vec![Line::styled("This field is empty.", cx.styles.dim())]
    } else {
        wrapped(&text.shown).into_iter().map(Line::raw).collect()
    };
    if let Some(stored) = &text.stored {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Stored as", cx.styles.column_header()));
        lines.extend(
            wrapped(stored)
                .into_iter()
                .map(|l| Line::styled(l, cx.styles.dim())),
        );
    }
    let height = body.height as usize;
    let max = lines.len().saturating_sub(height);
    let scroll = viewer.scroll.min(max);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(shown), body);
    Some(DetailShown {
        max_scroll: max,
        page: height.saturating_sub(1),
    })
}
