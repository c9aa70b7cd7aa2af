//! The help overlay, generated from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::theme::Styles;
use super::{centered, pane_block, pane_title};
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, styles: &Styles) {
    let sections = app.help_sections();
    let key_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| k.chars().count()))
        .max()
        .unwrap_or(0)
        .min(20);
    let mut lines = Vec::new();
    for (title, rows) in sections {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(title.to_string(), styles.title()));
        for (keys, desc) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:>key_w$}  "), styles.key()),
                Span::raw(desc),
            ]));
        }
    }
    let height = lines.len() as u16 + 2;
    let popup = centered(area, 70, 0, 60, height.min(area.height));
    frame.render_widget(Clear, popup);
    let block = pane_block(pane_title("Keys", &[], styles), true, styles)
        .title_bottom(Line::styled(" ? or Esc closes ", styles.dim()));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
