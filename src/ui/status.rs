//! The bottom line: the active input, else the latest message, else key hints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::RenderContext;
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
        let hint = match input.kind {
            InputKind::Command => "  Enter runs · Esc cancels",
            InputKind::AuditSearch => "  Enter keeps · Esc clears · n/N next/previous",
            InputKind::AuditDate(_) => "  Enter sets · empty clears · Esc cancels",
            _ => "  Enter keeps · Esc clears",
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(prompt, cx.styles.key()),
                Span::raw(text.clone().into_owned()),
                Span::styled(hint, cx.styles.dim()),
            ])),
            left,
        );
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
        None => hints(app, cx),
    };
    frame.render_widget(Paragraph::new(line), left);
}

fn hints<'a>(app: &App, cx: &RenderContext) -> Line<'a> {
    let keys = app.keys();
    let mut pairs = vec![
        (Scope::Global, Action::Help, "help"),
        (Scope::Global, Action::Command, "command"),
        (Scope::Global, Action::Quit, "quit"),
    ];
    match app.scopes().first() {
        Some(Scope::CaseList) => {
            pairs.insert(0, (Scope::CaseList, Action::Open, "open"));
            pairs.insert(1, (Scope::List, Action::Filter, "search"));
            pairs.insert(2, (Scope::CaseList, Action::CycleStatus, "status"));
            pairs.insert(3, (Scope::CaseList, Action::CycleSort, "sort"));
        }
        Some(Scope::Audit) => {
            pairs = vec![
                (Scope::Audit, Action::ExpandEvent, "expand"),
                (Scope::Audit, Action::FilterAudit, "filter"),
                (Scope::Audit, Action::SearchAudit, "search"),
                (Scope::Audit, Action::ToggleOrder, "order"),
                (Scope::Audit, Action::CycleTime, "time"),
                (Scope::Audit, Action::LoadAllAudit, "load all"),
                (Scope::Global, Action::Help, "help"),
            ];
        }
        Some(Scope::AuditFilter) => {
            pairs = vec![
                (Scope::AuditFilter, Action::Down, "row"),
                (Scope::AuditFilter, Action::FilterNextValue, "value"),
                (Scope::AuditFilter, Action::FilterClear, "clear"),
                (Scope::AuditFilter, Action::FilterAudit, "close"),
                (Scope::Global, Action::Help, "help"),
            ];
        }
        Some(Scope::Fields) => {
            pairs.insert(0, (Scope::Global, Action::NextPane, "pane"));
            pairs.insert(1, (Scope::List, Action::Filter, "filter"));
            pairs.insert(2, (Scope::Fields, Action::ToggleBlame, "blame"));
            pairs.insert(3, (Scope::Global, Action::Back, "back"));
        }
        Some(Scope::Related) => {
            pairs.insert(0, (Scope::Global, Action::NextPane, "pane"));
            pairs.insert(1, (Scope::List, Action::Filter, "filter"));
            pairs.insert(2, (Scope::Global, Action::Back, "back"));
        }
        Some(Scope::Detail) => pairs.insert(0, (Scope::Global, Action::Back, "close")),
        Some(Scope::Domains) => pairs.insert(0, (Scope::Domains, Action::SelectDomain, "select")),
        _ => {}
    }
    let mut spans = Vec::new();
    for (scope, action, label) in pairs {
        if let Some(key) = keys.key_for(scope, action) {
            spans.push(Span::styled(key, cx.styles.key()));
            spans.push(Span::styled(format!(" {label}  "), cx.styles.dim()));
        }
    }
    Line::from(spans)
}
