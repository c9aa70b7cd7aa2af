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

    if let Some(lines) = message_lines(app, left.width, cx) {
        // The first line beside the spinner, the rest under it across the whole width.
        let [first, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let first = Rect {
            width: left.width,
            ..first
        };
        let mut lines = lines.into_iter();
        frame.render_widget(Paragraph::new(lines.next().unwrap_or_default()), first);
        frame.render_widget(Paragraph::new(lines.collect::<Vec<_>>()), rest);
        return;
    }
    let line = match &app.status {
        Some(_) => Line::default(),
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

/// The most lines a status message takes; a longer one ends in `…`.
pub const MAX_MESSAGE_LINES: usize = 4;

/// The busy marker's width, taken from the message's first line.
fn busy_width(app: &App) -> u16 {
    if app.is_busy() {
        format!("{} loading ", app.spinner()).width() as u16
    } else {
        0
    }
}

/// How many lines the status area needs: one, or as many as the message wraps to (at most
/// [`MAX_MESSAGE_LINES`]), so a long message and its advice are read whole.
pub fn height(app: &App, width: u16, cx: &RenderContext) -> u16 {
    if app.input.is_some() {
        return 1;
    }
    let left = width.saturating_sub(busy_width(app));
    message_lines(app, left, cx).map_or(1, |l| l.len().max(1) as u16)
}

/// The status message word-wrapped to `width` (the first line as wide as the room beside the
/// busy marker; at most [`MAX_MESSAGE_LINES`], the last cut with `…`), `None` without one.
fn message_lines(app: &App, width: u16, cx: &RenderContext) -> Option<Vec<Line<'static>>> {
    let s = app.status.as_ref()?;
    let spans = if s.kind == StatusKind::Error {
        let mut spans = vec![Span::styled(
            format!("✖ {}", cx.clean(&s.text)),
            cx.styles.error(),
        )];
        if let Some(advice) = s.advice {
            spans.push(Span::styled(format!(" — {advice}"), cx.styles.dim()));
        }
        spans
    } else {
        vec![Span::styled(
            cx.clean(&s.text).into_owned(),
            cx.styles.info(),
        )]
    };
    let full = (width + busy_width(app)) as usize;
    let mut lines = wrap_spans(&spans, width as usize, full);
    if lines.len() > MAX_MESSAGE_LINES {
        let rest: Vec<Span<'static>> = lines
            .drain(MAX_MESSAGE_LINES - 1..)
            .enumerate()
            .flat_map(|(i, l)| {
                let sep = (i > 0).then(|| Span::raw(" "));
                sep.into_iter().chain(l.spans)
            })
            .collect();
        lines.push(super::layout::cut_line(Line::from(rest), full));
    }
    Some(lines)
}

/// `spans` word-wrapped: the first line `first` columns wide, the others `width`; each word keeps
/// its span's style, and a word longer than a line is split.
fn wrap_spans(spans: &[Span<'static>], first: usize, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut w = 0;
    let room = |n: usize| if n == 0 { first.max(1) } else { width.max(1) };
    for span in spans {
        for (i, word) in span.content.split(' ').enumerate() {
            // A space before every word but a span's first (which brings its own).
            let sep = if i > 0 && w > 0 { 1 } else { 0 };
            let ww = word.width();
            if w > 0 && w + sep + ww > room(lines.len()) {
                lines.push(Line::from(std::mem::take(&mut line)));
                w = 0;
            } else if sep == 1 {
                line.push(Span::styled(" ", span.style));
                w += 1;
            }
            let mut word = word.to_string();
            while word.width() > room(lines.len()).saturating_sub(w) && w == 0 {
                let max = room(lines.len());
                let mut head = String::new();
                let mut hw = 0;
                let mut chars = word.chars().peekable();
                while let Some(&c) = chars.peek() {
                    let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    if hw + cw > max && hw > 0 {
                        break;
                    }
                    head.push(c);
                    hw += cw;
                    chars.next();
                }
                word = chars.collect();
                lines.push(Line::from(vec![Span::styled(head, span.style)]));
                if word.is_empty() {
                    break;
                }
            }
            if !word.is_empty() {
                w += word.width();
                line.push(Span::styled(word, span.style));
            }
        }
    }
    if !line.is_empty() {
        lines.push(Line::from(line));
    }
    lines
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
