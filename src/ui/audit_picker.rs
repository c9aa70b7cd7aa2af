//! The audit filter form's picker: the typed text, then the values it lets through, the one
//! `Enter` picks marked; drawn over the form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::layout::{fit, hints_within};
use super::{MARKER, RenderContext, centered, pane_block, pane_title};
use crate::app::audit::FilterPicker;
use crate::app::keymap::{KeyMap, Scope};

/// Options shown at most, so a long list keeps the form's size.
const MAX_ROWS: usize = 12;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    picker: &FilterPicker,
    keys: &KeyMap,
    cx: &RenderContext,
) {
    draw_titled(frame, area, picker, picker.row.label(), keys, cx);
}

/// The same picker under another title (the activity feed's filters).
pub(super) fn draw_titled(
    frame: &mut Frame,
    area: Rect,
    picker: &FilterPicker,
    title: &str,
    keys: &KeyMap,
    cx: &RenderContext,
) {
    let shown = picker.shown();
    let rows = shown.len().clamp(1, MAX_ROWS);
    let popup = centered(area, 60, rows as u16 + 5);
    frame.render_widget(Clear, popup);
    // The rows listed of all there are: "any" is a row to pick like the others, so the count
    // agrees with the list (the feed's first picker has no "any").
    let count = format!("{} of {}", shown.len(), picker.options.len());
    let title = pane_title(title, &[count], popup.width, cx);
    let hints = hints_within(
        &keys.hints(Scope::AuditPicker, |_| true),
        popup.width.saturating_sub(2),
        cx,
    );
    let block = pane_block(title, true, cx).title_bottom(hints);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = inner.width as usize;

    let query = picker.query.text();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" type: ", cx.styles.dim()),
            Span::raw(cx.clean(query).into_owned()),
            Span::styled("▏", cx.styles.key()),
        ]),
        Line::raw(""),
    ];
    let height = (inner.height as usize).saturating_sub(lines.len()).max(1);
    if shown.is_empty() {
        lines.push(Line::styled(
            format!(" No value matches '{}'.", cx.clean(query)),
            cx.styles.dim(),
        ));
    }
    // Keep the selection in view: the page that holds it.
    let top = picker.selected.saturating_sub(height - 1);
    for (pos, &i) in shown.iter().enumerate().skip(top).take(height) {
        let o = &picker.options[i];
        let selected = pos == picker.selected;
        let mark = if selected { MARKER } else { "  " };
        let label = cx.clean(&o.label).into_owned();
        let mut spans = vec![Span::raw(mark), Span::raw(label.clone())];
        if let Some(aside) = &o.aside {
            let aside = format!("  {}", cx.clean(aside));
            let room = width.saturating_sub(MARKER.width() + label.width());
            spans.push(Span::styled(fit(&aside, room), cx.styles.dim()));
        }
        let line = Line::from(spans);
        lines.push(if selected {
            line.style(cx.styles.selected())
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
