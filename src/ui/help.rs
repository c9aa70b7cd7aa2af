//! The help overlay, generated from the key table. Sections flow into two columns when the
//! terminal is wide enough and they then fit its height; otherwise one column that scrolls with
//! the moving keys. In a read-only session the keys that would change something are marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::RenderContext;
use super::{centered, pane_block, pane_title};
use crate::app::{Action, App, HelpRow, Scope};

type Section = (&'static str, Vec<HelpRow>);

/// After a key that would change something, in a read-only session.
const UNAVAILABLE: &str = "(unavailable: read-only)";

/// Two columns take up to this many cells across, and need at least `TWO_COLUMNS_MIN` (at 80
/// the longer descriptions are cut, but every key is still seen without scrolling).
const TWO_COLUMNS_WIDTH: u16 = 100;
const TWO_COLUMNS_MIN: u16 = 80;

/// Draws the overlay; answers the last first-row it can scroll to and its page height.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, cx: &RenderContext) -> (usize, usize) {
    let sections = app.help_rows();
    let lines_of = |s: &[Section]| -> usize {
        s.iter().map(|(_, rows)| rows.len() + 1).sum::<usize>() + s.len().saturating_sub(1)
    };
    let one_column = lines_of(&sections);
    let room = area.height.saturating_sub(2) as usize;
    let split = split_point(&sections, one_column);
    let two_fit = area.width >= TWO_COLUMNS_MIN
        && lines_of(&sections[..split]).max(lines_of(&sections[split..])) <= room;
    let columns: Vec<&[Section]> = if one_column <= room || !two_fit {
        vec![&sections[..]]
    } else {
        vec![&sections[..split], &sections[split..]]
    };
    let width = if columns.len() == 2 {
        TWO_COLUMNS_WIDTH
    } else {
        64
    };
    // What each column gets inside the border (the layout below splits it evenly).
    let column_width = usize::from(width.min(area.width).saturating_sub(2)) / columns.len();
    let rendered: Vec<Vec<Line>> = columns
        .iter()
        .map(|c| column_lines(c, column_width, cx))
        .collect();
    let content = rendered.iter().map(Vec::len).max().unwrap_or(0);
    let popup = centered(area, width, content.min(room) as u16 + 2);
    let page = popup.height.saturating_sub(2) as usize;
    let max = content.saturating_sub(page);
    let scroll = app.help_scroll.min(max);
    frame.render_widget(Clear, popup);
    let key = |scope, action: Action| {
        app.keys()
            .key_for(scope, action)
            .unwrap_or_else(|| action.name().to_string())
    };
    let mut bottom = format!(
        " {} or {} closes ",
        key(Scope::Global, Action::Help),
        key(Scope::Global, Action::Back)
    );
    if max > 0 {
        bottom.push_str(&format!(
            "· {}/{} scroll ({}–{} of {}) ",
            key(Scope::List, Action::Down),
            key(Scope::List, Action::Up),
            scroll + 1,
            (scroll + page).min(content),
            content
        ));
    }
    let block = pane_block(pane_title("Keys", &[], popup.width, cx), true, cx)
        .title_bottom(Line::styled(bottom, cx.styles.dim()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let areas = Layout::horizontal(vec![Constraint::Fill(1); rendered.len()]).split(inner);
    for (lines, area) in rendered.into_iter().zip(areas.iter()) {
        frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), *area);
    }
    (max, page)
}

/// The section boundary nearest the middle.
fn split_point(sections: &[Section], one_column: usize) -> usize {
    let mut acc = 0;
    for (i, (_, rows)) in sections.iter().enumerate() {
        if acc >= one_column / 2 {
            return i;
        }
        acc += rows.len() + 2;
    }
    sections.len()
}

/// The sections' lines for a column `width` cells wide, each cut to it with `…`. A key unavailable in a read-only
/// session says why on the next line when it does not fit after the description, so the
/// reason is never the part cut off.
fn column_lines(sections: &[Section], width: usize, cx: &RenderContext) -> Vec<Line<'static>> {
    let key_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r.keys.chars().count()))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (title, rows) in sections {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(format!(" {title}"), cx.styles.title()));
        for row in rows {
            let keys = format!(" {:>key_w$}  ", row.keys);
            if !row.unavailable {
                lines.push(Line::from(vec![
                    Span::styled(keys, cx.styles.key()),
                    Span::raw(row.description),
                ]));
                continue;
            }
            let inline = format!("{} {UNAVAILABLE}", row.description);
            if keys.width() + inline.width() <= width {
                lines.push(Line::from(vec![
                    Span::styled(keys, cx.styles.dim()),
                    Span::styled(inline, cx.styles.dim()),
                ]));
            } else {
                // Under the description, or further left when that is what it takes to fit.
                let indent =
                    " ".repeat(keys.width().min(width.saturating_sub(UNAVAILABLE.width())));
                lines.push(Line::from(vec![
                    Span::styled(keys, cx.styles.dim()),
                    Span::styled(row.description, cx.styles.dim()),
                ]));
                lines.push(Line::styled(
                    format!("{indent}{UNAVAILABLE}"),
                    cx.styles.dim(),
                ));
            }
        }
    }
    // A description longer than its column ends in `…`, never a cut word that reads as whole.
    lines
        .into_iter()
        .map(|l| super::layout::cut_line(l, width))
        .collect()
}
