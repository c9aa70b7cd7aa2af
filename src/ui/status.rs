//! The bottom line: the active input, else the latest message, else key hints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::RenderContext;
use super::layout::{hints, hints_within};
use crate::app::keymap::KeyMap;
use crate::app::{Action, App, InputKind, Scope, StatusKind};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cx: &RenderContext) {
    let busy = if app.is_busy() {
        format!("{} loading ", app.spinner())
    } else {
        String::new()
    };
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(busy.width() as u16)])
            .areas(area);
    frame.render_widget(Paragraph::new(Span::styled(busy, cx.styles.key())), right);

    if let Some(input) = &app.input {
        let prompt = match input.kind {
            InputKind::Search => "search: ",
            InputKind::Filter => "filter: ",
            InputKind::Command => ":",
            InputKind::AuditSearch => "search: ",
            InputKind::AuditDate(crate::app::audit::FilterRow::From) => "from (YYYY-MM-DD): ",
            InputKind::AuditDate(_) => "to (YYYY-MM-DD): ",
        };
        let text = cx.clean(input.line.text());
        let mut spans = vec![
            Span::styled(prompt, cx.styles.key()),
            Span::raw(text.clone().into_owned()),
            Span::raw(" "),
        ];
        spans.extend(hints(&input_hints(app.keys(), input.kind), cx).spans);
        frame.render_widget(Paragraph::new(Line::from(spans)), left);
        let before: String = text.chars().take(input.line.cursor()).collect();
        let x = left.x + (prompt.width() + before.width()) as u16;
        frame.set_cursor_position(Position::new(x.min(left.right().saturating_sub(1)), left.y));
        return;
    }

    let line = match &app.status {
        Some(s) if s.kind == StatusKind::Error => {
            let mut spans = vec![Span::styled(
                format!("✖ {}", cx.clean(&s.text)),
                cx.styles.error(),
            )];
            if let Some(advice) = s.advice {
                spans.push(Span::styled(format!(" — {advice}"), cx.styles.dim()));
            }
            Line::from(spans)
        }
        Some(s) => Line::from(Span::styled(
            cx.clean(&s.text).into_owned(),
            cx.styles.info(),
        )),
        None => {
            // A read-only session offers no key that would write (help marks them unavailable).
            let read_only = app.ctx.read_only;
            let pairs = match &app.staging.overlay {
                // The review offers the keys of its save state (conflict keys only with a
                // conflict), as its own hint line does.
                Some(crate::app::staging::Overlay::Review(review)) => review.hints().0,
                _ => app
                    .keys()
                    .pane_hints_where(&app.scopes(), |a| !(read_only && a.writes())),
            };
            hints_within(&pairs, left.width, cx)
        }
    };
    frame.render_widget(Paragraph::new(line), left);
}

/// The line's own keys from the table; the timeline's search also names the keys that step
/// through its matches once the line is closed.
fn input_hints(keys: &KeyMap, kind: InputKind) -> Vec<(String, &'static str)> {
    let mut pairs = keys.hints(kind.scope(), |_| true);
    if kind == InputKind::AuditSearch
        && let (Some(next), Some(prev)) = (
            keys.key_for(Scope::Audit, Action::NextMatch),
            keys.key_for(Scope::Audit, Action::PrevMatch),
        )
    {
        pairs.push((format!("{next}/{prev}"), "next/previous"));
    }
    pairs
}
