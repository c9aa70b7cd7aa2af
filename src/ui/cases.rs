//! The case list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, TableState};

use super::RenderContext;
use super::{error_lines, loading_line, marked_table, pane_frame, placeholder};
use crate::app::Catalog;
use crate::app::cases::Column;
use crate::app::format::{self, EMPTY};
use crate::app::list::Shown;
use crate::app::{Action, App, Scope};
use crate::model::{FieldType, FieldValue};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cx: &RenderContext) -> Option<Shown> {
    let list = &app.cases;
    let mut extras = vec![if list.list.next_token.is_some() {
        format!("{}+ loaded", list.list.items.len())
    } else {
        format!("{}", list.list.items.len())
    }];
    extras.push(format!("status: {}", list.status.label()));
    if list.mine.is_some() {
        extras.push("assigned to me".to_string());
    }
    if let Some(term) = &list.search {
        extras.push(format!("search: '{term}'"));
    }
    if list.is_loading() && !list.list.items.is_empty() {
        extras.push(app.loading_label(list.list.pending));
    }
    let inner = pane_frame(frame, area, "Cases", &extras, true, cx);

    if list.list.items.is_empty() {
        let lines = if list.is_loading() {
            vec![loading_line(app, "cases", list.list.pending, cx)]
        } else if let Some(e) = &list.list.error {
            error_lines("searching cases", e, cx)
        } else if list.list.loaded {
            let key = app
                .keys()
                .key_for(Scope::CaseList, Action::CycleStatus)
                .unwrap_or_default();
            vec![Line::raw(list.empty_message(&key))]
        } else {
            vec![]
        };
        placeholder(frame, inner, lines);
        return None;
    }

    // Narrow terminals drop the date beside the relative time, then the reference column.
    let wide = inner.width >= 100;
    let show_ref = inner.width >= 60;
    let catalog = &app.domain.catalog;
    let columns: Vec<&Column> = list
        .columns
        .iter()
        .filter(|c| show_ref || c.field_id != "reference_number")
        .collect();
    let kinds: Vec<Kind> = columns.iter().map(|c| Kind::of(c, catalog)).collect();
    let header = Row::new(columns.iter().map(|c| {
        let arrow = match &list.sort {
            s if s.column == c.field_id => {
                if s.ascending {
                    " ▲"
                } else {
                    " ▼"
                }
            }
            _ => "",
        };
        Cell::from(format!("{}{arrow}", c.label))
    }))
    .style(cx.styles.column_header());
    let has_fill = kinds.contains(&Kind::Title);
    let widths: Vec<Constraint> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| match k {
            Kind::Title => Constraint::Fill(1),
            // Without a title column the last one takes the room left.
            _ if !has_fill && i + 1 == kinds.len() => Constraint::Fill(1),
            Kind::Status => Constraint::Length(8),
            Kind::Reference => Constraint::Length(10),
            Kind::Time => Constraint::Length(if wide { 30 } else { 14 }),
            Kind::Short => Constraint::Length(14),
            Kind::Text => Constraint::Length(20),
        })
        .collect();
    let now = cx.now;
    let cols = super::layout::column_widths(inner.width, &widths);
    let rows = list.list.items.iter().map(|case| {
        Row::new(
            columns
                .iter()
                .zip(&kinds)
                .enumerate()
                .map(|(i, (c, kind))| {
                    let value = case.field(&c.field_id);
                    let line: Line<'static> = match kind {
                        Kind::Title | Kind::Reference => text_cell(value, cx),
                        Kind::Status => {
                            let v = match value {
                                Some(FieldValue::String(s)) => s.as_str(),
                                _ => "",
                            };
                            let label = catalog.value("status", &FieldValue::String(v.into()));
                            let style = if v == "closed" {
                                cx.styles.closed()
                            } else {
                                cx.styles.open()
                            };
                            Line::from(Span::styled(cx.clean(&label).into_owned(), style))
                        }
                        Kind::Time => match value {
                            Some(FieldValue::String(s)) => match format::parse_time(s) {
                                Some(t) if wide => Line::from(vec![
                                    Span::raw(format!("{:<10}", format::relative(t, now))),
                                    Span::styled(format::datetime(t), cx.styles.dim()),
                                ]),
                                Some(t) => Line::raw(format::relative(t, now)),
                                None => Line::raw(cx.clean(s).into_owned()),
                            },
                            _ => Line::from(Span::styled(EMPTY, cx.styles.dim())),
                        },
                        Kind::Short | Kind::Text => match value {
                            None | Some(FieldValue::Empty) => {
                                Line::from(Span::styled(EMPTY, cx.styles.dim()))
                            }
                            Some(v) => Line::raw(
                                cx.clean(
                                    &cx.field_value(&c.field_id, &catalog.value(&c.field_id, v)),
                                )
                                .into_owned(),
                            ),
                        },
                    };
                    Cell::from(super::layout::cut_line(line, cols[i]))
                }),
        )
    });
    let height = inner.height.saturating_sub(1) as usize;
    let shown = list.list.cursor.scroll_for(height, list.list.items.len());
    let offset = shown.offset;
    let mut state = TableState::new()
        .with_offset(offset)
        .with_selected(Some(list.list.cursor.selected));
    let table = marked_table(rows, widths, header, cx);
    frame.render_stateful_widget(table, inner, &mut state);
    Some(shown)
}

fn text_cell(value: Option<&FieldValue>, cx: &RenderContext) -> Line<'static> {
    match value {
        Some(FieldValue::String(s)) if !s.is_empty() => Line::raw(cx.clean(s).into_owned()),
        Some(FieldValue::Double(n)) => Line::raw(format::number(*n)),
        _ => Line::from(Span::styled(EMPTY, cx.styles.dim())),
    }
}

/// How a column draws: by its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    Status,
    Reference,
    Time,
    /// Numbers, yes/no, options and users (their ARN's last part).
    Short,
    Text,
}

impl Kind {
    fn of(column: &Column, catalog: &Catalog) -> Self {
        match (
            column.field_id.as_str(),
            catalog.field_type(&column.field_id),
        ) {
            ("title", _) => Self::Title,
            ("status", _) => Self::Status,
            ("reference_number", _) => Self::Reference,
            (_, Some(FieldType::DateTime)) => Self::Time,
            (id, None) if id.ends_with("_datetime") => Self::Time,
            (
                _,
                Some(
                    FieldType::Number
                    | FieldType::Boolean
                    | FieldType::SingleSelect
                    | FieldType::User,
                ),
            ) => Self::Short,
            ("assigned_user" | "last_updated_user" | "created_by", None) => Self::Short,
            _ => Self::Text,
        }
    }
}
