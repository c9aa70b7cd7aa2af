//! The case-field editor and the new-case form, each a box centred over the body.

use super::{centered, fit, hints, theme, wrap};
use crate::app::editing::{CaseFieldEdit, CaseFieldInput, FormStage, NewCaseForm, display_value};
use crate::edit::Base;
use crate::ui::RenderContext;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Rows of choices a picker shows at most.
const PICKER_ROWS: usize = 8;

/// Draws the editor of one case field centred over `area`.
pub fn draw_case_field(frame: &mut Frame, area: Rect, edit: &CaseFieldEdit, cx: &RenderContext) {
    let step = edit
        .step
        .map(|(i, n)| format!(" · field {i} of {n}"))
        .unwrap_or_default();
    let title = format!(
        " {} ({}){step} ",
        cx.clean(&edit.def.name),
        edit.def.field_type.as_str()
    );
    let body_rows = match edit.input() {
        CaseFieldInput::Line(_) => 1,
        CaseFieldInput::Picker { .. } => 1 + edit.matches().len().clamp(1, PICKER_ROWS),
    } as u16;
    // The error wraps whole: its end says what to type.
    let width = area.width.min(72);
    let error_lines = edit
        .error()
        .map(|e| wrap(&cx.clean(e), usize::from(width.saturating_sub(2)).max(1)))
        .unwrap_or_default();
    let error_rows = (error_lines.len() as u16).max(1);
    // Borders, "now:", the input, the error, the hints.
    let rect = centered(area, width, 2 + 1 + body_rows + error_rows + 1);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(Span::styled(title, theme::header(cx)));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = inner.width as usize;
    let mut y = inner.y;
    let line = |frame: &mut Frame, l: Line<'static>, y: &mut u16| {
        if *y < inner.y + inner.height {
            frame.render_widget(Paragraph::new(l), Rect::new(inner.x, *y, inner.width, 1));
            *y += 1;
        }
    };
    let now = cx.clean(&edit.now_text()).into_owned();
    line(frame, Line::styled(fit(&now, w), theme::dim(cx)), &mut y);
    match edit.input() {
        CaseFieldInput::Line(input) => {
            if y < inner.y + inner.height {
                super::comment::render_text(
                    frame,
                    Rect::new(inner.x, y, inner.width, 1),
                    input,
                    cx,
                );
                y += 1;
            }
        }
        CaseFieldInput::Picker { filter, .. } => {
            let typed = format!("> {}", cx.clean(filter));
            line(frame, Line::raw(fit(&typed, w)), &mut y);
            let matches = edit.matches();
            if matches.is_empty() {
                let why = if edit.loading() {
                    "loading the options…"
                } else {
                    "nothing matches; Backspace to widen"
                };
                line(frame, Line::styled(why, theme::dim(cx)), &mut y);
            }
            let selected = edit.selected();
            let first = selected.saturating_sub(PICKER_ROWS - 1);
            for (i, c) in matches.iter().enumerate().skip(first).take(PICKER_ROWS) {
                let text = fit(&format!("  {}", cx.clean(&c.label)), w);
                let style = if i == selected {
                    theme::selected(cx)
                } else {
                    ratatui::style::Style::default()
                };
                line(frame, Line::styled(text, style), &mut y);
            }
        }
    }
    for l in error_lines {
        line(frame, Line::styled(l, theme::error(cx)), &mut y);
    }
    line(frame, hints(&edit.hints().pairs(), cx), &mut y);
}

/// Draws the new-case form (its template picker, then its fields) centred over `area`.
pub fn draw_new_case(frame: &mut Frame, area: Rect, form: &NewCaseForm, cx: &RenderContext) {
    let rect = centered(area, area.width.min(80), area.height.min(16));
    frame.render_widget(Clear, rect);
    let (title, lines) = match form.stage() {
        FormStage::Templates {
            templates, filter, ..
        } => {
            let mut lines = vec![Line::raw(format!("template: {}", cx.clean(filter)))];
            match templates {
                None => lines.push(Line::styled("loading the templates…", theme::dim(cx))),
                Some(_) => {
                    let selected = match form.stage() {
                        FormStage::Templates { selected, .. } => *selected,
                        FormStage::Fields { .. } => 0,
                    };
                    for (i, t) in form.matching_templates().iter().enumerate() {
                        let mut text = cx.clean(&t.name).into_owned();
                        // The title is always required, listed by the template or not.
                        let n = t.required.iter().filter(|r| *r != "title").count() + 1;
                        text.push_str(&format!(" ({n} required)"));
                        let style = if i == selected {
                            theme::selected(cx)
                        } else {
                            ratatui::style::Style::default()
                        };
                        lines.push(Line::styled(format!("  {text}"), style));
                    }
                }
            }
            (" New case: choose a template ".to_string(), lines)
        }
        FormStage::Fields {
            draft,
            template_name,
            rows,
            selected,
            ..
        } => {
            let required: &[String] = match &draft.base {
                Base::NewCase { required, .. } => required,
                _ => &[],
            };
            let lines = rows
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    let name = form
                        .defs()
                        .iter()
                        .find(|d| d.id == *id)
                        .map_or(id.as_str(), |d| d.name.as_str());
                    let value = draft.staged_value(id).map_or_else(
                        || "(empty)".to_string(),
                        |v| {
                            let def = form.defs().iter().find(|d| d.id == *id);
                            display_value(&v, def, form.options(id))
                        },
                    );
                    let mark = if id == "title" || required.contains(id) {
                        "*"
                    } else {
                        " "
                    };
                    let text = format!("{mark} {}: {}", cx.clean(name), cx.clean(&value));
                    if i == *selected {
                        Line::styled(text, theme::selected(cx))
                    } else {
                        Line::raw(text)
                    }
                })
                .collect();
            (
                format!(" New case from {} (* required) ", cx.clean(template_name)),
                lines,
            )
        }
    };
    let block = Block::bordered().title(Span::styled(title, theme::header(cx)));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = lines;
    if let Some(n) = form.notice() {
        lines.push(Line::styled(cx.clean(n).into_owned(), theme::notice(cx)));
    }
    let body = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), body);
    if inner.height > 0 {
        let last = Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1);
        frame.render_widget(Paragraph::new(hints(&form.hints().pairs(), cx)), last);
    }
    if let Some(edit) = form.edit() {
        draw_case_field(frame, area, edit, cx);
    }
}
