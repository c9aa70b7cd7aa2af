//! The feed screen: the activity pane (main: top, or left on wide terminals) and the SLA radar
//! pane beside or under it. The activity pane draws only the rows in view, so ten thousand
//! loaded rows cost no more per frame than a screenful.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, TableState};

use super::RenderContext;
use super::audit::short_when;
use super::layout::cut_line as cut;
use super::{loading_line, marked_table, pane_block, pane_title, placeholder};
use crate::app::Catalog;
use crate::app::audit::TimeMode;
use crate::app::feed::{CaseLookup, Changes, Feed, FeedFocus, FeedRow, Happened};
use crate::app::format::{self, EMPTY};
use crate::app::list::Shown;
use crate::app::{Action, App, Scope};
use crate::model::{AuditEvent, FieldValue, RelatedContent, RelatedItem};

/// Characters of any one value looked at per row: a hostile 1 MB comment costs no more than this.
const MAX_TEXT: usize = 300;

/// The feed's two panes: where each is drawn.
pub struct FeedAreas {
    pub activity: Rect,
    /// Where the SLA radar draws (the whole pane, border included).
    pub radar: Rect,
}

/// Activity main, radar second: side by side on wide terminals, else stacked.
pub fn areas(body: Rect) -> FeedAreas {
    let [activity, radar] = if body.width >= 200 {
        Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(body)
    } else {
        Layout::vertical([Constraint::Fill(2), Constraint::Fill(1)]).areas(body)
    };
    FeedAreas { activity, radar }
}

pub fn draw(
    frame: &mut Frame,
    body: Rect,
    app: &App,
    feed: &Feed,
    cx: &RenderContext,
) -> (Option<Shown>, Option<Shown>) {
    let areas = areas(body);
    let shown = draw_activity(frame, areas.activity, app, feed, cx);
    let radar = draw_radar(frame, areas.radar, app, feed, cx);
    if let Some(fp) = &feed.picker {
        super::audit_picker::draw_titled(frame, body, &fp.picker, fp.title(), app.keys(), cx);
    }
    (shown, radar)
}

/// The SLA radar pane (`feed_radar`).
fn draw_radar(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    feed: &Feed,
    cx: &RenderContext,
) -> Option<Shown> {
    let focused = feed.focus == FeedFocus::Radar;
    let radar = &feed.radar;
    let loading = radar
        .is_loading()
        .then(|| app.loading_label(radar.pending()));
    let age = radar.age_seconds(app.ticks);
    super::feed_radar::draw(frame, area, radar, focused, loading, age, cx)
}

fn title_extras(app: &App, feed: &Feed) -> Vec<String> {
    let a = &feed.activity;
    let r = &feed.reading;
    let mut extras = vec![format!("{} rows", a.visible.len())];
    if a.new_count > 0 {
        extras.push(format!("{} new ↑", a.new_count));
    }
    if let Some(why) = feed.paused(app.feed_covered()) {
        extras.push(why.to_string());
    } else if r.refreshing {
        extras.push(format!("{} refreshing", app.spinner()));
    } else if let Some(age) = r.age_seconds(app.ticks) {
        extras.push(format!("updated {age} s ago"));
    }
    if let Some(n) = r.last_requests {
        let requests = if n == 1 { "request" } else { "requests" };
        extras.push(format!("{n} {requests} last refresh"));
    }
    extras.extend(a.filters.describe());
    extras
}

fn draw_activity(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    feed: &Feed,
    cx: &RenderContext,
) -> Option<Shown> {
    let focused = feed.focus == FeedFocus::Activity;
    let block = pane_block(
        pane_title("Activity", &title_extras(app, feed), area.width, cx),
        focused,
        cx,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [table_area, note_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(cut(
            Line::styled(honesty_note(feed), cx.styles.dim()),
            note_area.width.into(),
        )),
        note_area,
    );
    let a = &feed.activity;
    if a.visible.is_empty() {
        let lines = if feed.reading.refreshing || feed.is_loading() {
            vec![loading_line(app, "the domain's activity", None, cx)]
        } else if let Some(e) = feed.reading.items.error.as_ref().or(feed
            .reading
            .cases
            .error
            .as_ref())
        {
            super::error_lines("reading the activity", e, cx)
        } else if !a.filters.is_empty() {
            let key = app
                .keys()
                .key_for(Scope::Activity, Action::ClearFeedFilters)
                .unwrap_or_default();
            vec![Line::raw(format!(
                "No activity matches the filters. {key} clears them."
            ))]
        } else {
            vec![Line::raw("No activity in this domain yet.")]
        };
        placeholder(frame, table_area, lines);
        return None;
    }
    let wide = table_area.width >= 110;
    let when_width: u16 = match (feed.time, wide) {
        (TimeMode::Relative, true) => 30,
        (TimeMode::Relative, false) => 9,
        _ => 13,
    };
    let case_width: u16 = if wide { 34 } else { 22 };
    // What the selection marker, the fixed columns and the spaces between them leave.
    let what_width = table_area
        .width
        .saturating_sub(2 + when_width + WHO_WIDTH + case_width + 3);
    let widths = [
        Constraint::Length(when_width),
        Constraint::Length(WHO_WIDTH),
        Constraint::Length(case_width),
        Constraint::Fill(1),
    ];
    let when_label = match feed.time {
        TimeMode::Relative => "When",
        TimeMode::Utc => "UTC",
        TimeMode::Local => "Local",
    };
    let header = Row::new(
        ["When", "Who", "Case", "What"]
            .map(|h| Cell::from(if h == "When" { when_label } else { h })),
    )
    .style(cx.styles.column_header());
    let height = table_area.height.saturating_sub(1) as usize;
    let shown = a.cursor.scroll_for(height, a.visible.len());
    let window = &a.visible[shown.offset..(shown.offset + height).min(a.visible.len())];
    let selected = a.visible.get(a.cursor.selected).copied();
    let rows = window.iter().map(|&i| {
        let row = &a.rows[i];
        Row::new([
            when_cell(row, feed.time, wide, cx),
            Cell::from(cut(
                Line::raw(cx.clean(&cap(&row.who_name())).into_owned()),
                WHO_WIDTH.into(),
            )),
            Cell::from(cut(case_cell(feed, row, cx), case_width.into())),
            Cell::from(cut(
                what(feed, row, selected == Some(i), &app.domain.catalog, cx),
                what_width.into(),
            )),
        ])
    });
    let mut state = TableState::new()
        .with_offset(0)
        .with_selected(Some(a.cursor.selected.saturating_sub(shown.offset)));
    let table = marked_table(rows, widths, header, cx);
    frame.render_stateful_widget(table, table_area, &mut state);
    Some(shown)
}

/// What the feed cannot know, said under the rows.
fn honesty_note(feed: &Feed) -> String {
    let mut note = String::from(
        "Items: time added, content as read then (later edits are not dated or read again; open SLAs follow the radar). Cases: the latest update only; the selected one shows what changed.",
    );
    if feed.activity.horizon.is_some() {
        note.push_str(" Older rows load as you scroll.");
    }
    note
}

/// At most [`MAX_TEXT`] characters of `s`.
/// The Who column's width: a longer name ends in `…` rather than reading as whole.
const WHO_WIDTH: u16 = 14;

fn cap(s: &str) -> String {
    s.chars().take(MAX_TEXT).collect()
}

fn when_cell<'a>(row: &FeedRow, mode: TimeMode, wide: bool, cx: &RenderContext) -> Cell<'a> {
    match (row.time, mode) {
        (None, _) => Cell::from(Span::styled("time unknown", cx.styles.dim())),
        (Some(t), TimeMode::Relative) if wide => Cell::from(Line::from(vec![
            Span::raw(format!("{:<10}", format::relative(t, cx.now))),
            Span::styled(format::datetime(t), cx.styles.dim()),
        ])),
        (t, mode) => Cell::from(short_when(mode, t, cx)),
    }
}

fn case_cell(feed: &Feed, row: &FeedRow, cx: &RenderContext) -> Line<'static> {
    match feed.activity.cases.get(&row.case_id) {
        Some(CaseLookup::Known(info)) => {
            let title = info.title.as_deref().unwrap_or("(untitled)");
            let mut spans = vec![Span::raw(cx.clean(&cap(title)).into_owned())];
            if let Some(r) = &info.reference {
                spans.push(Span::styled(
                    format!(" #{}", cx.clean(&cap(r))),
                    cx.styles.dim(),
                ));
            }
            Line::from(spans)
        }
        Some(CaseLookup::Failed(_)) => Line::from(Span::styled(
            format!("case {} (unreadable)", cx.clean(&cap(&row.case_id))),
            cx.styles.dim(),
        )),
        _ => Line::from(Span::styled(
            format!("{} loading", cx.clean(&cap(&row.case_id))),
            cx.styles.dim(),
        )),
    }
}

/// What happened, in one line; the selected case update says what changed, once read.
fn what<'a>(
    feed: &Feed,
    row: &FeedRow,
    selected: bool,
    catalog: &Catalog,
    cx: &RenderContext,
) -> Line<'a> {
    if selected && let Some(changes) = feed.changes.by_row.get(&row.key) {
        // The history's event says what it was; else what the row knows.
        let label = match changes {
            Changes::Found(event) => event_label(&event.event_type).unwrap_or(case_label(row)),
            _ => case_label(row),
        };
        let text = match changes {
            Changes::Loading { pages, .. } => format!("loading what changed… (page {pages})"),
            Changes::Found(event) => changed_fields(event, catalog, cx),
            Changes::Several(events) => format!(
                "{} events at that time: {}",
                events.len(),
                events
                    .iter()
                    .map(|e| changed_fields(e, catalog, cx))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            Changes::NotFound {
                events,
                whole: true,
                ..
            } => format!(
                "its history ({events} events) holds no event at that time; Enter shows all of it"
            ),
            Changes::NotFound { pages, events, .. } => format!(
                "what changed is not in the first {events} events of its history \
                 ({pages} pages, the most read); Enter shows all of it"
            ),
            Changes::Failed(why) => format!("what changed could not be read: {}", cap(why)),
        };
        return Line::from(vec![
            Span::styled(format!("{label}: "), cx.styles.item_type()),
            Span::raw(cx.clean(&text).into_owned()),
        ]);
    }
    let (label, text) = match &row.happened {
        Happened::Added(item) => (added_label(item), item_text(feed, item, cx)),
        Happened::CaseUpdated {
            status,
            assignee,
            queue,
            ..
        } => {
            let mut parts = Vec::new();
            if let Some(s) = status {
                parts.push(format!("status {}", format::status_label(&cap(s))));
            }
            parts.push(match assignee {
                Some(a) => format!("assigned {}", format::short_arn(&cap(a))),
                None => "unassigned".into(),
            });
            if let Some(q) = queue {
                parts.push(format!("queue {}", cap(q)));
            }
            (case_label(row), parts.join(" · "))
        }
    };
    Line::from(vec![
        Span::styled(format!("{label}: "), cx.styles.item_type()),
        Span::raw(cx.clean(&text).into_owned()),
    ])
}

/// What a case row says happened: "case created" when the case was created at the row's time,
/// "case updated" when it was created earlier, and no claim either way when the service did
/// not say when it was created.
fn case_label(row: &FeedRow) -> &'static str {
    match row.happened {
        Happened::CaseUpdated {
            created: Some(true),
            ..
        } => "case created",
        Happened::CaseUpdated {
            created: Some(false),
            ..
        } => "case updated",
        _ => "case created or updated",
    }
}

/// The label an audit event's type gives a case row, when it is one of the case's own.
fn event_label(event_type: &str) -> Option<&'static str> {
    match event_type {
        "Case.Created" => Some("case created"),
        "Case.Updated" => Some("case updated"),
        _ => None,
    }
}

/// `Status: Open → Closed; Summary: … → …`, each value as drawn (masked when masking).
fn changed_fields(event: &AuditEvent, catalog: &Catalog, cx: &RenderContext) -> String {
    if event.fields.is_empty() {
        return event.event_type.clone();
    }
    event
        .fields
        .iter()
        .map(|f| {
            let value = |v: &FieldValue| {
                cx.field_value(&f.field_id, &cap(&catalog.value(&f.field_id, v)))
                    .into_owned()
            };
            let new = value(&f.new_value);
            let name = cap(catalog.name(&f.field_id));
            match &f.old_value {
                Some(old) => format!("{name}: {} → {new}", value(old)),
                None => format!("{name}: {new}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn added_label(item: &RelatedItem) -> &'static str {
    match item.content {
        RelatedContent::Comment { .. } => "comment added",
        RelatedContent::Contact { .. } => "contact added",
        RelatedContent::File { .. } => "file added",
        RelatedContent::Sla(_) => "SLA added",
        RelatedContent::ConnectCase { .. } => "linked case added",
        RelatedContent::Custom { .. } => "custom item added",
        RelatedContent::Unknown => "item added",
    }
}

fn item_text(feed: &Feed, item: &RelatedItem, cx: &RenderContext) -> String {
    match &item.content {
        RelatedContent::Comment { body, .. } => {
            let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or(EMPTY);
            format::one_line(&cap(first))
        }
        RelatedContent::Sla(sla) => {
            let due = crate::edit::time_to_target(
                &sla.status,
                sla.target_time,
                sla.completion_time,
                cx.now,
            );
            if due.eq_ignore_ascii_case(&sla.status) {
                // "Met · met" says it twice.
                format!("{} · {}", cap(&sla.name), cap(&sla.status))
            } else {
                format!("{} · {} · {due}", cap(&sla.name), cap(&sla.status))
            }
        }
        RelatedContent::ConnectCase { case_id } => match feed.activity.case(case_id) {
            Some(info) => format!("links {}", cap(info.title.as_deref().unwrap_or(case_id))),
            None => format!("links case {}", cap(case_id)),
        },
        RelatedContent::Custom { fields } => fields
            .iter()
            .take(8)
            .map(|f| {
                let value = match &f.value {
                    crate::model::FieldValue::String(s) => {
                        cx.field_value(&f.id, &cap(s)).into_owned()
                    }
                    v => feed_value(v),
                };
                format!("{}: {}", cap(&f.id), value)
            })
            .collect::<Vec<_>>()
            .join(", "),
        _ => {
            let summary = format::related_summary(item, &Default::default());
            cap(&summary)
        }
    }
}

fn feed_value(v: &crate::model::FieldValue) -> String {
    use crate::model::FieldValue as V;
    match v {
        V::String(s) => cap(s),
        V::Double(n) => format::number(*n),
        V::Bool(b) => format::yes_no(*b),
        V::Empty => EMPTY.into(),
        V::UserArn(a) => format::short_arn(a).to_string(),
    }
}
