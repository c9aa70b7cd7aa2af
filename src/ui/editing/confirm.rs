//! The y/n question, as a small box in the middle of `area`.

use super::{centered, hints, theme};
use crate::app::editing::Confirm;
use crate::ui::RenderContext;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Draws `confirm` centred over `area` (what is under it stays visible around it).
pub fn draw_confirm(frame: &mut Frame, area: Rect, confirm: &Confirm, cx: &RenderContext) {
    let question = cx.clean(&confirm.question).into_owned();
    // The detail may be several lines (a custom item's fields): each is cleaned on its own.
    let detail: Vec<String> = confirm
        .detail
        .as_deref()
        .map(|d| d.lines().map(|l| cx.clean(l).into_owned()).collect())
        .unwrap_or_default();
    let want = question
        .width()
        .max(detail.iter().map(|d| d.width()).max().unwrap_or(0))
        .max(24) as u16
        + 4;
    let width = want.min(64).min(area.width);
    let inner_w = width.saturating_sub(4).max(1) as usize;
    let rows = |s: &str| s.width().div_ceil(inner_w).max(1) as u16;
    let detail_rows: u16 = detail.iter().map(|d| rows(d)).sum();
    // Borders, question, detail, a blank line, the keys.
    let rect = centered(area, width, 2 + rows(&question) + detail_rows + 2);
    let mut lines = vec![Line::from(Span::styled(question, theme::header(cx)))];
    for d in detail {
        lines.push(Line::from(Span::styled(d, theme::dim(cx))));
    }
    lines.push(Line::default());
    lines.push(hints(&confirm.hints().pairs(), cx));
    let block = Block::bordered()
        .title(Span::styled(" Confirm ", theme::header(cx)))
        .padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::editing::testing::render;

    #[test]
    fn confirm_snapshots() {
        let c = Confirm::new("Delete comment c-42?", Default::default())
            .with_detail("The comment is deleted on the server; this cannot be undone.");
        insta::assert_snapshot!(
            "confirm_80x24",
            render(80, 24, |f, a| draw_confirm(
                f,
                a,
                &c,
                &crate::ui::editing::testing::cx()
            ))
        );
        insta::assert_snapshot!(
            "confirm_160x45",
            render(160, 45, |f, a| draw_confirm(
                f,
                a,
                &c,
                &crate::ui::editing::testing::cx()
            ))
        );
    }
}
