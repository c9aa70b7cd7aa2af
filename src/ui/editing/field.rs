//! The custom-field editor: one row per field with its change marker, the in-place value edit
//! with its error, the option list and the field picker.

use super::{centered, fit, hints, theme, wrap};
use crate::app::editing::{FieldEditor, FieldMode, FieldPicker, FieldRow, RowMark};
use crate::model::FieldType;
use crate::ui::RenderContext;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

const TYPE_W: usize = 12;

enum Shown {
    Row(usize),
    Error(String),
    Info(&'static str),
}

/// Draws the field editor filling `area`.
pub fn draw_field_editor(frame: &mut Frame, area: Rect, editor: &FieldEditor, cx: &RenderContext) {
    let draft = editor.draft();
    let changes = draft.field_changes().len();
    let title = format!(
        " Edit {} {} ",
        draft.item_type.as_str(),
        cx.clean(draft.item_id.as_deref().unwrap_or("(new)"))
    );
    let staged = match changes {
        0 => " no changes ".to_string(),
        1 => " 1 change staged ".to_string(),
        n => format!(" {n} changes staged "),
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme::header(cx)))
        .title(Line::from(Span::styled(staged, theme::dim(cx))).right_aligned())
        .title_bottom(hints(&editor.hints().pairs(), cx));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    if inner.height < 2 || inner.width < 20 {
        return;
    }

    let rows = editor.rows();
    let name_w = rows
        .iter()
        .map(|r| cx.clean(&r.name).width())
        .max()
        .unwrap_or(5)
        .clamp(5, 24);
    let value_x = 3 + name_w + 1 + TYPE_W + 1;

    let notice = editor.notice();
    let list_h = inner.height as usize - 1 - usize::from(notice.is_some());
    let header = Line::from(Span::styled(
        format!("   {} {} Value", fit("Field", name_w), fit("Type", TYPE_W)),
        theme::header(cx),
    ));
    frame.render_widget(Paragraph::new(header), Rect { height: 1, ..inner });

    // What is shown, in order: rows, with the open edit's error or note under its row.
    let mut shown = Vec::new();
    let (mut sel_first, mut sel_last) = (0, 0);
    for (i, row) in rows.iter().enumerate() {
        if i == editor.selected() {
            sel_first = shown.len();
        }
        shown.push(Shown::Row(i));
        if i == editor.selected()
            && let FieldMode::Value(edit) = editor.mode()
        {
            if let Some(err) = &edit.error {
                // The reason in full, wrapped under the value (or under the name when narrow).
                let room = (inner.width as usize).saturating_sub(value_x);
                let indent = if room >= 30 { value_x } else { 3 };
                let width = (inner.width as usize).saturating_sub(indent + 2).max(10);
                for (k, part) in wrap(&cx.clean(err), width).into_iter().enumerate() {
                    let gutter = if k == 0 { "✗ " } else { "  " };
                    shown.push(Shown::Error(format!(
                        "{}{gutter}{part}",
                        " ".repeat(indent)
                    )));
                }
            } else if row.field_type == Some(FieldType::SingleSelect)
                && editor.options(&row.id).is_none()
            {
                shown.push(Shown::Info("loading options… the value is taken as typed"));
            }
        }
        if i == editor.selected() {
            sel_last = shown.len() - 1;
        }
    }
    let offset = (sel_last + 1).saturating_sub(list_h).min(sel_first);

    let mut options_anchor = None;
    for (line_no, item) in shown.iter().enumerate().skip(offset).take(list_h) {
        let y = inner.y + 1 + (line_no - offset) as u16;
        let line_area = Rect {
            y,
            height: 1,
            ..inner
        };
        match item {
            Shown::Row(i) => {
                let row = &rows[*i];
                let selected = *i == editor.selected();
                let editing =
                    selected && !matches!(editor.mode(), FieldMode::Browse | FieldMode::Picker(_));
                frame.render_widget(
                    Paragraph::new(row_line(row, name_w, selected, editing, cx)),
                    line_area,
                );
                if selected && let FieldMode::Value(edit) = editor.mode() {
                    let x = inner.x + value_x as u16;
                    if x < inner.right() {
                        let value_area = Rect {
                            x,
                            y,
                            width: inner.right() - x,
                            height: 1,
                        };
                        frame.render_widget(Clear, value_area);
                        super::comment::render_text(frame, value_area, &edit.input, cx);
                    }
                }
                if editing && matches!(editor.mode(), FieldMode::Options(_)) {
                    options_anchor = Some((inner.x + value_x as u16, y));
                }
            }
            Shown::Error(text) => {
                frame.render_widget(
                    Paragraph::new(Span::styled(text.clone(), theme::error(cx))),
                    line_area,
                );
            }
            Shown::Info(info) => {
                let text = format!("{}{info}", " ".repeat(value_x));
                frame.render_widget(
                    Paragraph::new(Span::styled(text, theme::dim(cx))),
                    line_area,
                );
            }
        }
    }
    if rows.is_empty() {
        let text = "this item has no fields; a adds one";
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme::dim(cx))),
            Rect {
                y: inner.y + 1,
                height: 1,
                ..inner
            },
        );
    }
    if let Some(notice) = notice {
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("! {}", cx.clean(notice)),
                theme::notice(cx),
            )),
            Rect {
                y: inner.bottom() - 1,
                height: 1,
                ..inner
            },
        );
    }

    match editor.mode() {
        FieldMode::Options(choice) => {
            if let Some((x, y)) = options_anchor {
                draw_options(
                    frame,
                    inner,
                    editor,
                    &choice.id,
                    choice.selected,
                    (x, y),
                    cx,
                );
            }
        }
        FieldMode::Picker(picker) => draw_picker(frame, inner, picker, cx),
        _ => {}
    }
}

fn row_line(
    row: &FieldRow,
    name_w: usize,
    selected: bool,
    editing: bool,
    cx: &RenderContext,
) -> Line<'static> {
    let style = match row.mark {
        RowMark::Same => Style::default(),
        RowMark::Changed => theme::changed(cx),
        RowMark::Added => theme::added(cx),
        RowMark::Removed => theme::removed(cx),
    };
    let type_name = row
        .field_type
        .as_ref()
        .map_or("?", |t| t.as_str())
        .to_string();
    let mut spans = vec![
        Span::raw(if selected { "›" } else { " " }),
        Span::styled(row.mark.symbol(), style),
        Span::raw(" "),
        Span::styled(
            fit(&cx.clean(&row.name), name_w),
            if row.mark == RowMark::Removed {
                theme::struck(cx)
            } else {
                style
            },
        ),
        Span::raw(" "),
        Span::styled(fit(&cx.clean(&type_name), TYPE_W), theme::dim(cx)),
        Span::raw(" "),
    ];
    if !editing {
        if row.mark == RowMark::Removed {
            spans.push(Span::styled(
                cx.clean(&row.shown).into_owned(),
                theme::struck(cx),
            ));
            spans.push(Span::styled("  (removed)", theme::removed(cx)));
        } else {
            spans.push(Span::styled(cx.clean(&row.shown).into_owned(), style));
        }
    }
    let line = Line::from(spans);
    if selected && !editing {
        line.style(theme::selected(cx))
    } else {
        line
    }
}

fn draw_options(
    frame: &mut Frame,
    bounds: Rect,
    editor: &FieldEditor,
    field_id: &str,
    selected: usize,
    (x, y): (u16, u16),
    cx: &RenderContext,
) {
    let current = editor
        .rows()
        .into_iter()
        .find(|r| r.id == field_id)
        .map(|r| r.value);
    let choices = editor.choices(field_id);
    let labels: Vec<(String, bool)> = choices
        .iter()
        .map(|c| match c {
            None => (
                "(empty)".to_string(),
                current == Some(crate::model::FieldValue::Empty),
            ),
            Some(o) => (
                cx.clean(&o.name).into_owned(),
                current == Some(crate::model::FieldValue::String(o.value.clone())),
            ),
        })
        .collect();
    let width = labels.iter().map(|(l, _)| l.width()).max().unwrap_or(8) as u16 + 8;
    let height = (labels.len() as u16 + 2).min(bounds.height);
    let width = width.min(bounds.width);
    // Below the row when it fits, else above it.
    let top = if y + 1 + height <= bounds.bottom() {
        y + 1
    } else {
        y.saturating_sub(height).max(bounds.y)
    };
    let left = x.min(bounds.right().saturating_sub(width));
    let rect = Rect {
        x: left,
        y: top,
        width,
        height,
    };
    let visible = height.saturating_sub(2) as usize;
    let offset = (selected + 1).saturating_sub(visible);
    let lines: Vec<Line> = labels
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, (label, is_current))| {
            let text = format!(
                "{} {} {label}",
                if i == selected { "›" } else { " " },
                if *is_current { "•" } else { " " }
            );
            if i == selected {
                Line::styled(text, theme::selected(cx))
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Clear, rect);
    let name = editor
        .defs()
        .iter()
        .find(|d| d.id == field_id)
        .map_or(field_id, |d| d.name.as_str());
    let block = Block::bordered().title(format!(" {} ", cx.clean(name)));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

fn draw_picker(frame: &mut Frame, bounds: Rect, picker: &FieldPicker, cx: &RenderContext) {
    let width = (bounds.width * 3 / 5).max(40).min(bounds.width);
    let height = (bounds.height * 4 / 5).max(8).min(bounds.height);
    let rect = centered(bounds, width, height);
    let block = Block::bordered().title(Span::styled(" Add a field ", theme::header(cx)));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    if inner.height < 3 {
        return;
    }
    let filter = if picker.filtering {
        Line::from(vec![
            Span::styled("/ ", theme::header(cx)),
            Span::raw(cx.clean(&picker.filter).into_owned()),
            Span::styled("▏", theme::header(cx)),
        ])
    } else if picker.filter.is_empty() {
        Line::styled("/ to filter", theme::dim(cx))
    } else {
        Line::from(vec![
            Span::styled("filter: ", theme::dim(cx)),
            Span::raw(cx.clean(&picker.filter).into_owned()),
        ])
    };
    frame.render_widget(Paragraph::new(filter), Rect { height: 1, ..inner });
    let matches = picker.matches();
    let list = Rect {
        y: inner.y + 2,
        height: inner.height - 2,
        ..inner
    };
    if matches.is_empty() {
        let text = if picker.candidates.is_empty() {
            "every field of the domain is on this item already".to_string()
        } else {
            format!("no field matches '{}'", cx.clean(&picker.filter))
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme::dim(cx))), list);
        return;
    }
    let name_w = (inner.width as usize).saturating_sub(TYPE_W + 3).min(32);
    let visible = list.height as usize;
    let offset = (picker.selected + 1).saturating_sub(visible);
    let lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, def)| {
            let text = format!(
                "{} {} {}",
                if i == picker.selected { "›" } else { " " },
                fit(&cx.clean(&def.name), name_w),
                def.field_type.as_str()
            );
            if i == picker.selected {
                Line::styled(text, theme::selected(cx))
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editing::FieldEditor;
    use crate::app::editing::field_fixtures::editor;
    use crate::app::editing::keys::*;
    use crate::ui::editing::testing::render;

    fn both(name: &str, e: &FieldEditor) {
        insta::assert_snapshot!(
            format!("{name}_80x24"),
            render(80, 24, |f, a| draw_field_editor(
                f,
                a,
                e,
                &crate::ui::editing::testing::cx()
            ))
        );
        insta::assert_snapshot!(
            format!("{name}_160x45"),
            render(160, 45, |f, a| draw_field_editor(
                f,
                a,
                e,
                &crate::ui::editing::testing::cx()
            ))
        );
    }

    /// Amount changed, Notes removed, Region added; editing Priority... no: an inline error on
    /// Amount.
    fn edited() -> FieldEditor {
        let mut e = editor();
        let mut keys = vec![enter(), bs(), bs()];
        keys.extend(typed("42"));
        keys.extend([enter(), ch('j'), ch('j'), ch('x'), ch('a'), ch('/')]);
        keys.extend(typed("reg"));
        keys.extend([enter(), enter()]);
        keys.extend(typed("EMEA"));
        keys.extend([enter(), ch('g'), enter(), bs(), bs()]);
        keys.extend(typed("abc"));
        keys.push(enter());
        for k in keys {
            e.handle_key(k);
        }
        e
    }

    #[test]
    fn field_editor_with_changes_and_an_inline_error() {
        both("field_editor_error", &edited());
    }

    #[test]
    fn field_editor_browsing() {
        let mut e = edited();
        e.handle_key(esc());
        e.handle_key(ch('j'));
        both("field_editor_browse", &e);
    }

    #[test]
    fn field_editor_option_list() {
        let mut e = editor();
        e.handle_key(ch('j'));
        e.handle_key(enter());
        both("field_editor_options", &e);
    }

    #[test]
    fn field_picker() {
        let mut e = editor();
        e.handle_key(ch('a'));
        both("field_picker", &e);
        e.handle_key(ch('/'));
        for k in typed("re") {
            e.handle_key(k);
        }
        both("field_picker_filtered", &e);
    }

    #[test]
    fn field_editor_loading_options() {
        let mut e = FieldEditor::new(
            crate::app::editing::field_fixtures::draft(),
            crate::app::editing::field_fixtures::defs(),
            Default::default(),
            Default::default(),
        );
        e.handle_key(ch('j'));
        e.handle_key(enter());
        let screen = render(80, 24, |f, a| {
            draw_field_editor(f, a, &e, &crate::ui::editing::testing::cx())
        });
        assert!(screen.contains("loading options…"), "{screen}");
        insta::assert_snapshot!("field_editor_loading_options_80x24", screen);
    }

    #[test]
    fn control_characters_from_the_server_are_visible() {
        let mut d = crate::app::editing::field_fixtures::draft();
        if let crate::edit::Base::Custom { fields } = &mut d.base {
            fields[2].value = crate::model::FieldValue::String("evil\u{1b}[2Jtext".into());
        }
        let e = FieldEditor::new(
            d,
            crate::app::editing::field_fixtures::defs(),
            crate::app::editing::field_fixtures::options(),
            Default::default(),
        );
        let screen = render(80, 24, |f, a| {
            draw_field_editor(f, a, &e, &crate::ui::editing::testing::cx())
        });
        assert!(screen.contains("evil␛[2Jtext"), "{screen}");
    }
}
