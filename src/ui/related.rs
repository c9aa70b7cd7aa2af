//! The related-items pane and the item detail overlay.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Clear, Paragraph, Row, TableState};

use super::RenderContext;
use super::audit as audit_ui;
use super::case_view::numbered;
use super::{
    centered, error_lines, fit, loading_line, marked_table, pane_block, pane_frame, pane_title,
    placeholder, wrap,
};
use crate::app::audit;
use crate::app::format::{self, EMPTY};
use crate::app::list::{DetailShown, Shown};
use crate::app::{App, CaseView, Pane};
use crate::model::{RelatedContent, RelatedItem};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cv: &CaseView,
    cx: &RenderContext,
) -> Option<Shown> {
    if cv.as_of.is_some() {
        return super::asof::draw_items(frame, area, app, cv, cx);
    }
    let focused = cv.has_keys(Pane::Related);
    let list = &cv.related.list;
    let visible = cv.visible_related(&app.domain.catalog);
    let mut extras = vec![if list.next_token.is_some() {
        format!("{}+", visible.len())
    } else {
        format!("{}", visible.len())
    }];
    extras.push(format!(
        "type: {}",
        cv.related.kind.map_or("all", |t| t.as_str())
    ));
    if !cv.related.filter.is_empty() {
        extras.push(format!("filter: '{}'", cv.related.filter));
    }
    if list.is_loading() && !visible.is_empty() {
        extras.push(app.loading_label(list.pending));
    }
    let inner = pane_frame(frame, area, &numbered(Pane::Related), &extras, focused, cx);

    if visible.is_empty() {
        let lines = if list.is_loading() {
            vec![loading_line(app, "related items", list.pending, cx)]
        } else if let Some(e) = &list.error {
            error_lines("loading related items", e, cx)
        } else if !cv.related.filter.is_empty() {
            vec![Line::raw(format!(
                "No related items match '{}'. Esc clears the filter.",
                cx.clean(&cv.related.filter)
            ))]
        } else if let Some(t) = cv.related.kind {
            vec![Line::raw(format!(
                "No {} items on this case. t changes the type.",
                t.as_str()
            ))]
        } else {
            vec![Line::raw("No related items on this case.")]
        };
        placeholder(frame, inner, lines);
        return None;
    }
    let now = cx.now;
    let height = inner.height.saturating_sub(1) as usize;
    let shown = list.cursor.scroll_for(height, visible.len());
    let offset = shown.offset;
    // Only the rows that fit are built: a frame costs the same with 10 or 1,000 items loaded.
    let window = &visible[offset.min(visible.len())..(offset + height).min(visible.len())];
    let staged = app.staging.staged_items(&cv.case_id);
    let widths = [
        Constraint::Length(11),
        Constraint::Length(9),
        Constraint::Fill(1),
    ];
    let cols = super::layout::column_widths(inner.width, &widths);
    let rows = window.iter().map(|&i| {
        let item = &list.items[i];
        let when = item
            .association_time
            .map_or(EMPTY.to_string(), |t| format::relative(t, now));
        let kind = if staged.contains(item.id.as_str()) {
            format!("{STAGED_MARK}{}", type_label(item))
        } else {
            type_label(item)
        };
        Row::new(vec![
            Cell::from(Span::styled(kind, cx.styles.item_type())),
            Cell::from(Span::styled(when, cx.styles.dim())),
            Cell::from(super::layout::cut_line(
                Line::raw(cx.clean(&summary(item, cv, app, now)).into_owned()),
                cols[2],
            )),
        ])
    });
    let mut state = TableState::new().with_selected(
        focused
            .then(|| list.cursor.selected.checked_sub(offset))
            .flatten(),
    );
    let table = marked_table(
        rows,
        widths,
        Row::new(["Type", "Added", "Item"]).style(cx.styles.column_header()),
        cx,
    );
    frame.render_stateful_widget(table, inner, &mut state);
    Some(shown)
}

/// An SLA's row: its name, status and time to target ("due in 20 min", "breached 2h ago"); a
/// time to target that only repeats the status ("Met · met") is left out.
fn sla_summary(sla: &crate::model::Sla, now: chrono::DateTime<chrono::Utc>) -> String {
    let mut s = format!("{} · {}", sla.name, sla.status);
    let due = crate::edit::time_to_target(&sla.status, sla.target_time, sla.completion_time, now);
    if !due.eq_ignore_ascii_case(&sla.status) {
        s.push_str(&format!(" · {due}"));
    }
    if let Some(t) = sla.target_time {
        s.push_str(&format!(" · target {}", format::datetime(t)));
    }
    s
}

/// Before an item or field that has a staged draft.
pub const STAGED_MARK: &str = "✎ ";

/// An item's one-line summary; a linked case says its title as far as it is known.
fn summary(
    item: &RelatedItem,
    cv: &CaseView,
    app: &App,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    match &item.content {
        RelatedContent::ConnectCase { case_id } => cv.links.summary(case_id),
        RelatedContent::Sla(sla) => sla_summary(sla, now),
        _ => format::related_summary(item, &app.domain.catalog),
    }
}

fn type_label(item: &RelatedItem) -> String {
    match item.item_type {
        crate::model::RelatedItemType::ConnectCase => "Case".into(),
        crate::model::RelatedItemType::Sla => "SLA".into(),
        t => t.as_str().into(),
    }
}

/// The selected item in full, over the panes, scrollable.
pub fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cv: &CaseView,
    cx: &RenderContext,
) -> Option<DetailShown> {
    let (Some(item), Some(detail)) = (cv.detail_item(), cv.related.detail.as_ref()) else {
        return None;
    };
    let popup = centered(
        area,
        (area.width * 80 / 100).max(40),
        (area.height * 85 / 100).max(8),
    );
    frame.render_widget(Clear, popup);
    let blame = matches!(item.content, RelatedContent::Custom { .. }) && cv.detail_blame;
    let extras = if blame {
        vec![super::fields::blame_note(cv)]
    } else {
        Vec::new()
    };
    let title = pane_title(
        &format!("{} item", type_label(item)),
        &extras,
        popup.width,
        cx,
    );
    let block = pane_block(title, true, cx)
        .title_bottom(Line::styled(" j/k scroll · Esc closes ", cx.styles.dim()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);

    let width = inner.width.saturating_sub(2) as usize;
    let lines = detail_lines(item, app, cv, cx, width);
    let height = inner.height as usize;
    let max = lines.len().saturating_sub(height);
    let scroll = detail.scroll.min(max);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    let [body] = ratatui::layout::Layout::horizontal([Constraint::Min(0)])
        .horizontal_margin(1)
        .areas(inner);
    frame.render_widget(Paragraph::new(shown), body);
    Some(DetailShown {
        max_scroll: max,
        page: height.saturating_sub(1),
    })
}

fn detail_lines<'a>(
    item: &RelatedItem,
    app: &App,
    cv: &CaseView,
    cx: &RenderContext,
    width: usize,
) -> Vec<Line<'a>> {
    let cat = &app.domain.catalog;
    let mut out: Vec<Line> = Vec::new();
    let mut kv = |k: &str, v: String| {
        out.push(Line::from(vec![
            // A label as long as the column ("Time to target") still has a space after it.
            Span::styled(
                format!("{:<14}", format!("{k} ")),
                cx.styles.column_header(),
            ),
            Span::raw(cx.clean(&v).into_owned()),
        ]));
    };
    kv("Type", item.item_type.as_str().to_string());
    kv("Id", item.id.clone());
    kv(
        "Added",
        item.association_time.map_or(EMPTY.into(), |t| {
            format!("{} ({})", format::datetime(t), format::relative(t, cx.now))
        }),
    );
    kv("By", format::performer(item.performed_by.as_ref(), None));
    match &item.content {
        RelatedContent::Comment { content_type, .. } => kv("Content type", content_type.clone()),
        RelatedContent::Contact {
            contact_arn,
            channel,
            connected_to_system_time,
        } => {
            kv("Channel", channel.clone());
            kv(
                "Connected",
                connected_to_system_time.map_or(EMPTY.into(), format::datetime),
            );
            kv("Contact ARN", contact_arn.clone());
        }
        RelatedContent::File { file_arn } => {
            kv("File", format::short_arn(file_arn).to_string());
            kv("File ARN", file_arn.clone());
        }
        RelatedContent::Sla(sla) => {
            kv("Name", sla.name.clone());
            kv("SLA type", sla.sla_type.clone());
            kv("Status", sla.status.clone());
            kv(
                "Target",
                sla.target_time.map_or(EMPTY.into(), format::datetime),
            );
            kv(
                "Time to target",
                crate::edit::time_to_target(
                    &sla.status,
                    sla.target_time,
                    sla.completion_time,
                    cx.now,
                ),
            );
            if let (Some(created), Some(target)) = (item.association_time, sla.target_time) {
                kv(
                    "Target span",
                    crate::edit::format_minutes(crate::edit::sla_minutes(created, target)),
                );
            }
            kv(
                "Completed",
                sla.completion_time.map_or(EMPTY.into(), format::datetime),
            );
            if let Some(f) = &sla.field_id {
                kv("Field", cat.name(f).to_string());
                let values = sla
                    .target_field_values
                    .iter()
                    .map(|v| cat.value(f, v))
                    .collect::<Vec<_>>()
                    .join(", ");
                kv("Target values", values);
            }
        }
        RelatedContent::ConnectCase { case_id } => {
            kv("Linked case", case_id.clone());
            kv("Title", cv.links.summary(case_id));
        }
        RelatedContent::Custom { .. } | RelatedContent::Unknown => {}
    }
    for (k, v) in &item.tags {
        kv(&format!("tag {k}"), v.clone());
    }
    out.push(Line::raw(""));
    match &item.content {
        RelatedContent::Comment { body, .. } => {
            for line in cx.lines(body) {
                for w in wrap(&line, width) {
                    out.push(Line::raw(w));
                }
            }
        }
        RelatedContent::Custom { fields } => {
            let name_w = fields
                .iter()
                .map(|f| cat.name(&f.id).chars().count())
                .max()
                .unwrap_or(0)
                .min(28);
            let blame = cv.detail_blame.then(|| cv.item_blame(item));
            let value_w = fields
                .iter()
                .map(|f| cat.value(&f.id, &f.value).chars().count())
                .max()
                .unwrap_or(0)
                .min(width.saturating_sub(name_w + 2 + 30).max(8));
            if let Some(b) = &blame {
                let note = match b {
                    Ok(_) => "Blame: who set each value, found by following this item's chain \
                              of values through the whole history (events name no item: where \
                              items look alike it says ambiguous and names every candidate)."
                        .to_string(),
                    Err(why) => format!("Blame: {why}."),
                };
                for l in wrap(&note, width) {
                    out.push(Line::styled(l, cx.styles.dim()));
                }
            }
            for f in fields {
                let value = cx
                    .field_value(&f.id, &cat.value(&f.id, &f.value))
                    .into_owned();
                let style = if value == EMPTY {
                    cx.styles.dim()
                } else {
                    ratatui::style::Style::new()
                };
                let mut spans = vec![
                    Span::styled(
                        format!("{:<name_w$}  ", cx.clean(cat.name(&f.id))),
                        cx.styles.column_header(),
                    ),
                    Span::styled(
                        if blame.is_some() {
                            fit(&cx.clean(&value), value_w)
                        } else {
                            cx.clean(&value).into_owned()
                        },
                        style,
                    ),
                ];
                if let Some(blame) = &blame {
                    let when = |b: &audit::BlameEntry| {
                        audit_ui::short_when(cv.audit.timeline.time, b.when, cx)
                    };
                    let text = match blame.as_ref().map(|b| b.get(&f.id)) {
                        Ok(Some(audit::Blame::Known(b))) => {
                            format!("  by {} · {}", cx.clean(&b.who), when(b))
                        }
                        Ok(Some(audit::Blame::Ambiguous(c))) => {
                            let all: Vec<String> = c
                                .iter()
                                .map(|b| format!("{} ({})", cx.clean(&b.who), when(b)))
                                .collect();
                            format!("  ambiguous: {}", all.join(" or "))
                        }
                        Ok(Some(audit::Blame::Unknown(why))) => format!("  unknown: {why}"),
                        Ok(None) => "  unknown: not in the history".to_string(),
                        Err(_) if cv.audit.incomplete().is_some() => "  loading".to_string(),
                        Err(why) => format!("  unknown: {why}"),
                    };
                    spans.push(Span::styled(text, cx.styles.dim()));
                }
                out.push(Line::from(spans));
            }
        }
        RelatedContent::Unknown => {
            out.push(Line::raw("This build does not know this item's type."))
        }
        _ => {
            out.pop();
        }
    }
    out
}
