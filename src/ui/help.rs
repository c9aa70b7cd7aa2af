//! The help overlay, generated from the key table. Sections flow into two columns when one
//! column would not fit the terminal's height.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::RenderContext;
use super::{centered, pane_block, pane_title};
use crate::app::{Action, App, Scope};

type Section = (&'static str, Vec<(String, &'static str)>);

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cx: &RenderContext) {
    let sections = app.help_sections();
    let one_column: usize = sections
        .iter()
        .map(|(_, rows)| rows.len() + 1)
        .sum::<usize>()
        + sections.len()
        - 1;
    let fits = one_column + 2 <= area.height as usize;
    let columns: Vec<&[Section]> = if fits {
        vec![&sections[..]]
    } else {
        // Split at the section boundary nearest the middle.
        let mut acc = 0;
        let mut split = sections.len();
        for (i, (_, rows)) in sections.iter().enumerate() {
            if acc >= one_column / 2 {
                split = i;
                break;
            }
            acc += rows.len() + 2;
        }
        vec![&sections[..split], &sections[split..]]
    };
    let rendered: Vec<Vec<Line>> = columns.iter().map(|c| column_lines(c, cx)).collect();
    let height = rendered.iter().map(Vec::len).max().unwrap_or(0) as u16 + 2;
    let width = if fits { 64 } else { 100 };
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let key = |action| {
        app.keys()
            .key_for(Scope::Global, action)
            .unwrap_or_else(|| action.name().to_string())
    };
    let closes = format!(" {} or {} closes ", key(Action::Help), key(Action::Back));
    let block = pane_block(pane_title("Keys", &[], cx), true, cx)
        .title_bottom(Line::styled(closes, cx.styles.dim()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let areas = Layout::horizontal(vec![Constraint::Fill(1); rendered.len()]).split(inner);
    for (lines, area) in rendered.into_iter().zip(areas.iter()) {
        frame.render_widget(Paragraph::new(lines), *area);
    }
}

fn column_lines<'a>(sections: &[Section], cx: &RenderContext) -> Vec<Line<'a>> {
    let key_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| k.chars().count()))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (title, rows) in sections {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(format!(" {title}"), cx.styles.title()));
        for (keys, desc) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!(" {keys:>key_w$}  "), cx.styles.key()),
                Span::raw(*desc),
            ]));
        }
    }
    lines
}
