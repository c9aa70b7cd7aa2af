//! The top line: where, which domain, read-only or not, staged changes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::clean;
use super::theme::Styles;
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, styles: &Styles) {
    let sep = Span::styled(" │ ", styles.header());
    let mut spans = vec![
        Span::styled(" cases-tui", styles.header_accent()),
        sep.clone(),
        Span::styled(clean(&app.ctx.endpoint_label).into_owned(), styles.header()),
        sep.clone(),
    ];
    match app.domain_label() {
        Some(name) => spans.push(Span::styled(
            format!("domain {}", clean(&name)),
            styles.header_accent(),
        )),
        None => spans.push(Span::styled("no domain", styles.header())),
    }
    spans.push(sep.clone());
    if app.ctx.read_only {
        spans.push(Span::styled("[RO]", styles.read_only()));
    } else {
        spans.push(Span::styled("[RW]", styles.header_accent()));
    }
    spans.push(sep);
    spans.push(Span::styled(
        format!("staged {}", app.staged_count),
        if app.staged_count > 0 {
            styles.read_only()
        } else {
            styles.header()
        },
    ));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(styles.header()),
        area,
    );
}
