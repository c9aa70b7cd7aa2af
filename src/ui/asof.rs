//! The related-items pane as of a past moment: the items the history says existed then (or, in
//! a diff, those added, changed or removed between the two moments), rebuilt from the events.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::RenderContext;
use super::audit as audit_ui;
use super::case_view::numbered;
use super::{MARKER, fit, pane_frame, placeholder};
use crate::app::audit::BlameEntry;
use crate::app::list::Shown;
use crate::app::{App, CaseView, Pane};

pub fn draw_items(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cv: &CaseView,
    cx: &RenderContext,
) -> Option<Shown> {
    let focused = cv.has_keys(Pane::Related);
    let rows = cv.as_of_items(&app.domain.catalog);
    let mut extras = vec![count(cv, rows.len())];
    extras.extend(cv.as_of_label());
    let inner = pane_frame(frame, area, &numbered(Pane::Related), &extras, focused, cx);
    if rows.is_empty() {
        let text = match cv.audit.incomplete() {
            Some(why) => {
                format!("The items as of a moment are rebuilt from the whole history: {why}.")
            }
            None if cv.as_of.as_ref().is_some_and(|a| a.base.is_some()) => {
                "No related item changed between the two moments.".to_string()
            }
            None => "No related items at that moment.".to_string(),
        };
        placeholder(frame, inner, vec![Line::raw(text)]);
        return None;
    }
    let cursor = cv
        .as_of
        .as_ref()
        .map(|a| a.cursor.clone())
        .unwrap_or_default();
    let height = inner.height as usize;
    let shown = cursor.scroll_for(height, rows.len());
    let width = inner.width as usize;
    let events = &cv.audit.list.items;
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(shown.offset)
        .take(height)
        .map(|(pos, r)| {
            let selected = focused && pos == cursor.selected;
            let created = r.created.map_or("before the history".to_string(), |i| {
                let b = BlameEntry::of(events, i);
                format!(
                    "{} {}",
                    cx.clean(&b.who),
                    audit_ui::short_when(cv.audit.timeline.time, b.when, cx)
                )
            });
            let change = r
                .change
                .map_or(String::new(), |c| format!("{} ", c.label()));
            let head = format!("{change}{}", r.item_type);
            let rest = width.saturating_sub(MARKER.len() + 20 + 22);
            let spans = vec![
                Span::raw(if selected { MARKER } else { "  " }),
                Span::styled(fit(&head, 19), cx.styles.item_type()),
                Span::raw(" "),
                Span::raw(fit(&cx.clean(&r.summary), rest)),
                Span::raw(" "),
                Span::styled(fit(&created, 21), cx.styles.dim()),
            ];
            let line = Line::from(spans);
            if selected {
                line.style(cx.styles.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    Some(shown)
}

/// The pane's count: the rows, or as of one moment the items that existed then. Look-alike items
/// a delete matched are all shown (marked maybe deleted), so the rows can outnumber the items:
/// the count is the history's (creations less deletes), and the title says how many rows are
/// which.
fn count(cv: &CaseView, rows: usize) -> String {
    let Some((None, at)) = cv.as_of_states() else {
        return rows.to_string();
    };
    let maybe = at.maybe_deleted();
    match at.live_count() {
        Some(n) if maybe > 0 => format!(
            "{n} items ({} of {maybe} rows marked maybe deleted are gone)",
            rows.saturating_sub(n)
        ),
        Some(n) => n.to_string(),
        None if maybe > 0 => format!("{rows} rows, {maybe} maybe deleted"),
        None => format!("{rows} known (the history starts after the case)"),
    }
}
