//! The top line: where, which domain, read-only or not, staged changes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::RenderContext;
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cx: &RenderContext) {
    let sep = Span::styled(" │ ", cx.styles.header());
    let mut spans = vec![
        Span::styled(" cases-tui", cx.styles.header_accent()),
        sep.clone(),
        Span::styled(
            cx.clean(&app.ctx.endpoint_label).into_owned(),
            cx.styles.header(),
        ),
        sep.clone(),
    ];
    match app.domain_label() {
        Some(name) => spans.push(Span::styled(
            format!("domain {}", cx.clean(&name)),
            cx.styles.header_accent(),
        )),
        None => spans.push(Span::styled("no domain", cx.styles.header())),
    }
    spans.push(sep.clone());
    let trail = app.trail_labels();
    if !trail.is_empty() {
        spans.push(Span::styled(trail_line(&trail, cx), cx.styles.header()));
        spans.push(sep.clone());
    }
    if app.ctx.read_only {
        spans.push(Span::styled("[RO]", cx.styles.read_only()));
    } else {
        spans.push(Span::styled("[RW]", cx.styles.header_accent()));
    }
    if app.masking {
        spans.push(Span::styled(" [masked]", cx.styles.read_only()));
    }
    spans.push(sep);
    spans.push(Span::styled(
        format!("staged {}", app.staging.staged_count()),
        if app.staging.staged_count() > 0 {
            cx.styles.read_only()
        } else {
            cx.styles.header()
        },
    ));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(cx.styles.header()),
        area,
    );
}

/// The way back through linked cases, short: at most the last three, each title cut to fit, and
/// the key that goes back (`⌫`).
fn trail_line(labels: &[String], cx: &RenderContext) -> String {
    let skip = labels.len().saturating_sub(3);
    let mut parts: Vec<String> = labels[skip..]
        .iter()
        .map(|l| super::layout::truncate(&cx.clean(l), 18))
        .collect();
    if skip > 0 {
        parts.insert(0, "…".to_string());
    }
    format!("⌫ {}", parts.join(" › "))
}
