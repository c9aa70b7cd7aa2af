//! The audit-timeline pane: events in time order, grouped under day headers, each with its
//! changed fields; `Enter` expands the selected event to every field's old → new value (a
//! comment's body as a line diff), `f` opens the filter form over the pane.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::RenderContext;
use super::case_view::numbered;
use super::layout::{hints_within, truncate};
use super::{
    MARKER, centered, error_lines, fit, loading_line, pane_block, pane_frame, pane_title,
    placeholder, wrap,
};
use crate::app::audit::{FilterRow, Matches, People, TimeMode, VisibleRows};
use crate::app::format::{self, EMPTY};
use crate::app::list::Shown;
use crate::app::{App, CaseView, Pane, Scope};
use crate::edit::{DiffLine, comment_diff};
use crate::model::{AuditEvent, AuditField, FieldValue};

/// Longest value shown in a row's one-line summary.
const SUMMARY_VALUE: usize = 40;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cv: &CaseView,
    cx: &RenderContext,
) -> Option<Shown> {
    let focused = cv.has_keys(Pane::Audit);
    let list = &cv.audit.list;
    let tl = &cv.audit.timeline;
    let now = cx.now;
    let visible = cv.visible_audit(now);
    let more = if list.next_token.is_some() { "+" } else { "" };
    let mut extras = tl.filter.labels(&app.domain.catalog);
    extras.push(if tl.filter.is_active() {
        format!("{}/{}{more}", visible.len(), list.items.len())
    } else {
        format!("{}{more}", visible.len())
    });
    if tl.newest_first {
        extras.push("newest first".into());
    }
    let matches = cv.audit_matches(&visible, &app.domain.catalog);
    if !tl.search.is_empty() {
        let at = matches.index_of(list.cursor.selected);
        extras.push(match (at, matches.len()) {
            (_, 0) => format!("/{} no match", tl.search),
            (Some(k), n) => format!("/{} match {}/{n}", tl.search, k + 1),
            (None, n) => format!("/{} {n} matches", tl.search),
        });
    }
    if list.is_loading() && tl.load_all && list.pending_is_append() {
        extras.push(format!("{} {}", app.spinner(), cv.audit.progress()));
    } else if list.loaded && (list.next_token.is_some() || list.error.is_some()) {
        extras.push(cv.audit.progress());
    } else if list.is_loading() && !visible.is_empty() {
        extras.push(app.loading_label(list.pending));
    }
    // Filters make a long title: the short name leaves them room.
    let name = if tl.filter.is_active() {
        "3 Audit".to_string()
    } else {
        numbered(Pane::Audit)
    };
    let inner = pane_frame(frame, area, &name, &extras, focused, cx);

    if visible.is_empty() {
        let lines = if list.is_loading() {
            vec![loading_line(app, "the audit history", list.pending, cx)]
        } else if let Some(e) = &list.error {
            error_lines("loading the audit history", e, cx)
        } else if tl.filter.is_active() {
            let more = if list.next_token.is_some() {
                " L loads the rest of the history."
            } else {
                ""
            };
            vec![Line::raw(format!(
                "No loaded events match the filters. f changes them, Esc clears them.{more}"
            ))]
        } else {
            vec![Line::raw("No audit events for this case.")]
        };
        placeholder(frame, inner, lines);
        if tl.form.is_some() {
            draw_filter_form(frame, area, app, cv, visible.len(), cx);
        }
        return None;
    }

    let selected = cv.selected_audit(now);
    let (table_area, detail) = match selected.filter(|_| tl.expanded) {
        Some(e) => {
            let width = inner.width.saturating_sub(1) as usize;
            let lines = expanded_lines(app, cv.audit.people(), tl.time, e, width, cx);
            // The event gets most of the pane; the rows keep the header and a few events.
            let most = inner.height.saturating_sub(5).max(3);
            let want = (lines.len() as u16 + 1).min(most);
            let [t, d] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(want)]).areas(inner);
            (t, Some((d, e, lines)))
        }
        None => (inner, None),
    };
    let drawn = draw_rows(frame, table_area, app, cv, &visible, &matches, focused, cx);
    if let Some((area, e, lines)) = detail {
        let who = cv.audit.people().name_of(e);
        draw_expanded(frame, area, e, &who, lines, tl.scroll_for(&e.id), cx);
    }
    if tl.form.is_some() {
        draw_filter_form(frame, area, app, cv, visible.len(), cx);
    }
    Some(drawn)
}

/// The column header, then the events under day headers. Only the lines that fit are built:
/// the day breaks and the search matches come from the case view's cache, so a frame costs the
/// same with 100 or 100k events loaded.
#[allow(clippy::too_many_arguments)]
fn draw_rows(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cv: &CaseView,
    visible: &VisibleRows,
    matches: &Matches,
    focused: bool,
    cx: &RenderContext,
) -> Shown {
    let list = &cv.audit.list;
    let tl = &cv.audit.timeline;
    let wide = area.width >= 100;
    let when_header = match tl.time {
        TimeMode::Relative => "When",
        TimeMode::Utc => "UTC",
        TimeMode::Local => "Local",
    };
    // (header, width); the last column takes the rest.
    let mut cols: Vec<(&str, usize)> =
        vec![(when_header, 8), ("Event", if wide { 20 } else { 19 })];
    if wide {
        cols.push(("Item", 11));
    }
    cols.push(("By", if wide { 16 } else { 12 }));
    let fixed: usize = cols.iter().map(|(_, w)| w + 1).sum::<usize>() + MARKER.width();
    let rest = (area.width as usize).saturating_sub(fixed);
    cols.push(("Changes", rest));

    let header = Line::styled(
        format!(
            "{}{}",
            " ".repeat(MARKER.width()),
            cols.iter()
                .map(|(h, w)| fit(h, *w))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        cx.styles.column_header(),
    );

    // Lines are the rows plus a header before each day's first row; `days` maps between them.
    let days = cv.audit_day_breaks(visible, cx.offset);
    let height = area.height.saturating_sub(1) as usize;
    let selected = list.cursor.selected;
    let (top, at) = if selected < visible.len() {
        let at = days.line_of(selected);
        // Keep the selected event's day header in view when it is the first of its day.
        let top = if days.starts_day(selected) {
            at - 1
        } else {
            at
        };
        (top, at)
    } else {
        (0, 0)
    };
    let drawn = list.cursor.scroll_to_show(top, at, height, days.lines());
    let offset = drawn.offset;

    let row = RowLook {
        app,
        mode: tl.time,
        cols: &cols,
        wide,
        focused,
        cx,
    };
    let mut shown = vec![header];
    let mut pos = days.first_row_from(offset);
    while shown.len() <= height && pos < visible.len() {
        let e = &list.items[visible[pos]];
        if days.starts_day(pos) && days.line_of(pos) > offset {
            shown.push(row.day_header(e, area.width as usize));
            if shown.len() > height {
                break;
            }
        }
        shown.push(row.line(cv, e, pos, matches.contains(pos)));
        pos += 1;
    }
    frame.render_widget(Paragraph::new(shown), area);
    drawn
}

/// How the timeline's rows look at the drawn width.
struct RowLook<'a> {
    app: &'a App,
    mode: TimeMode,
    cols: &'a [(&'a str, usize)],
    wide: bool,
    focused: bool,
    cx: &'a RenderContext,
}

impl RowLook<'_> {
    /// ` Tue 30 Apr 2024 ────────`
    fn day_header<'l>(&self, e: &AuditEvent, width: usize) -> Line<'l> {
        let label = e.performed_time.map_or_else(
            || "(no time)".to_string(),
            |t| {
                self.mode
                    .zoned(t, self.cx.offset)
                    .format("%a %d %b %Y")
                    .to_string()
            },
        );
        let rule = "─".repeat(width.saturating_sub(label.width() + 2));
        Line::from(vec![
            Span::styled(format!(" {label} "), self.cx.styles.title()),
            Span::styled(rule, self.cx.styles.dim()),
        ])
    }

    /// One event: when, type, item type (wide), who, and what changed.
    fn line<'l>(&self, cv: &CaseView, e: &AuditEvent, pos: usize, is_match: bool) -> Line<'l> {
        let (app, cols, cx) = (self.app, self.cols, self.cx);
        let tl = &cv.audit.timeline;
        let mode = self.mode;
        let zoned = e.performed_time.map(|t| mode.zoned(t, cx.offset));
        let when = match (e.performed_time, zoned, mode) {
            (Some(t), _, TimeMode::Relative) => format::relative(t, cx.now),
            (_, Some(z), _) => z.format("%H:%M").to_string(),
            _ => EMPTY.to_string(),
        };
        let is_selected = self.focused && pos == cv.audit.list.cursor.selected;
        let mut gutter = if is_selected { "▶" } else { " " }.to_string();
        gutter.push(if is_match { '•' } else { ' ' });
        let item = e.related_item_type.as_deref().unwrap_or("");
        let mut summary = summary(app, e, cx);
        if !self.wide && !item.is_empty() && !summary.starts_with(item) {
            summary = format!("{item} · {summary}");
        }
        let mut spans = vec![
            Span::raw(gutter),
            Span::styled(fit(&when, cols[0].1), cx.styles.dim()),
            Span::raw(" "),
        ];
        let term = &tl.search;
        spans.extend(highlight(
            &fit(&cx.clean(&e.event_type), cols[1].1),
            term,
            Style::new(),
            cx,
        ));
        spans.push(Span::raw(" "));
        let mut c = 2;
        if self.wide {
            spans.extend(highlight(
                &fit(&cx.clean(item), cols[c].1),
                term,
                cx.styles.item_type(),
                cx,
            ));
            spans.push(Span::raw(" "));
            c += 1;
        }
        spans.extend(highlight(
            &fit(&cx.clean(&cv.audit.people().name_of(e)), cols[c].1),
            term,
            Style::new(),
            cx,
        ));
        spans.push(Span::raw(" "));
        spans.extend(highlight(
            &fit(&cx.clean(&summary), cols[c + 1].1),
            term,
            Style::new(),
            cx,
        ));
        let line = Line::from(spans);
        if is_selected {
            line.style(cx.styles.selected())
        } else {
            line
        }
    }
}

/// `Priority: Medium → High; Refund amount: 100 → 129` with long values cut.
fn summary(app: &App, e: &AuditEvent, cx: &RenderContext) -> String {
    let cat = &app.domain.catalog;
    let short = |id: &str, v: &FieldValue| {
        let value = cx.field_value(id, &cat.value(id, v)).into_owned();
        truncate(&format::one_line(&value), SUMMARY_VALUE)
    };
    let parts: Vec<String> = reading_order(e)
        .into_iter()
        .map(|f| {
            let name = cat.name(&f.field_id);
            // Two cut-off bodies would look alike: say how much changed instead.
            if let (Some(FieldValue::String(old)), FieldValue::String(new)) =
                (&f.old_value, &f.new_value)
                && f.field_id == "comment.body"
            {
                let (plus, minus) = comment_diff(old, new).stat();
                return format!("{name} edited: +{plus} −{minus} lines");
            }
            let new = short(&f.field_id, &f.new_value);
            match &f.old_value {
                Some(old) => format!("{name}: {} → {new}", short(&f.field_id, old)),
                None => format!("{name}: {new}"),
            }
        })
        .collect();
    let parts: Vec<String> = super::audit_merge::merge_headline(e)
        .into_iter()
        .chain(parts)
        .collect();
    if parts.is_empty() {
        "(no field changes)".into()
    } else {
        parts.join("; ")
    }
}

/// An event's fields in the order a reader wants them in a row that may be cut: the status
/// first (a creation's title first: it names the case), the other fields as recorded, and last
/// the fields the service sets itself (closed and updated times, who updated).
fn reading_order(e: &AuditEvent) -> Vec<&AuditField> {
    let created = e.event_type == "Case.Created";
    let rank = |f: &AuditField| match f.field_id.as_str() {
        "title" if created => 0,
        "status" => 1,
        id if crate::edit::SERVICE_SET_FIELDS.contains(&id) => 3,
        _ => 2,
    };
    let fields = &e.fields;
    let mut out: Vec<&AuditField> = fields.iter().collect();
    out.sort_by_key(|f| rank(f));
    out
}

/// The expanded event under the rows.
fn draw_expanded(
    frame: &mut Frame,
    area: Rect,
    e: &AuditEvent,
    who: &str,
    lines: Vec<Line>,
    scroll: usize,
    cx: &RenderContext,
) {
    let mut title = cx.clean(&e.event_type).into_owned();
    if let Some(t) = &e.related_item_type {
        title.push_str(&format!(" · {}", cx.clean(t)));
    }
    title.push_str(&format!(" · {}", cx.clean(who)));
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(cx.styles.dim())
        .title(Span::styled(format!(" {title} "), cx.styles.title()));
    let inner = block.inner(area);
    let height = inner.height as usize;
    let total = lines.len();
    let mut lines: Vec<Line> = if total > height {
        // Room for the "more" line; the scroll stops where the last line shows.
        let page = height.saturating_sub(1).max(1);
        let scroll = scroll.min(total.saturating_sub(page));
        let mut shown: Vec<Line> = lines.into_iter().skip(scroll).take(page).collect();
        let below = total - scroll - shown.len();
        let text = match (scroll, below) {
            (0, n) => format!(" … {n} more lines · J scrolls"),
            (_, 0) => format!(" … {scroll} lines above · K scrolls back"),
            (_, n) => format!(" … {scroll} above, {n} below · J/K scroll"),
        };
        shown.push(Line::styled(text, cx.styles.dim()));
        shown
    } else {
        lines
    };
    lines.truncate(height);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The exact time, who, and every field old → new; long values wrapped, a comment body as a
/// line diff with `-`/`+` gutters.
fn expanded_lines<'a>(
    app: &App,
    people: &People,
    mode: TimeMode,
    e: &AuditEvent,
    width: usize,
    cx: &RenderContext,
) -> Vec<Line<'a>> {
    let cat = &app.domain.catalog;
    let mut out = Vec::new();
    // A label of eight characters or more still ends in a space before its value.
    let label = |k: &str| {
        Span::styled(
            format!(" {:<8}", format!("{k} ")),
            cx.styles.column_header(),
        )
    };
    if let Some(t) = e.performed_time {
        let mut when = format!(
            "{} · {}",
            t.format("%Y-%m-%d %H:%M:%S UTC"),
            format::relative(t, cx.now)
        );
        if mode == TimeMode::Local {
            let z = mode.zoned(t, cx.offset);
            when.push_str(&format!(" · local {}", z.format("%Y-%m-%d %H:%M:%S %:z")));
        }
        out.push(Line::from(vec![label("When"), Span::raw(when)]));
    }
    // The person's one name, then how the event itself says who it was.
    let stated = match (&e.performed_by, people.stated_name(e)) {
        (Some(crate::model::Performer::UserArn(a)), _) => format!("user {a}"),
        (Some(crate::model::Performer::CustomEntity(n)), _) => format!("custom entity {n}"),
        (None, Some(_)) => {
            "no performer in the event; its IAM principal acts only as this person elsewhere in the history".to_string()
        }
        (None, None) => "no performer in the event".to_string(),
    };
    out.push(Line::from(vec![
        label("By"),
        Span::raw(cx.clean(&people.name_of(e)).into_owned()),
        Span::styled(format!(" · {}", cx.clean(&stated)), cx.styles.dim()),
    ]));
    if let Some(iam) = &e.iam_principal_arn {
        out.push(Line::from(vec![
            label("IAM"),
            Span::raw(cx.clean(iam).into_owned()),
        ]));
    }
    out.extend(super::audit_merge::merge_lines(app, e, cx));
    if e.fields.is_empty() {
        out.push(Line::styled(" No field changes recorded.", cx.styles.dim()));
        return out;
    }
    let name_w = e
        .fields
        .iter()
        .map(|f| cat.name(&f.field_id).width())
        .max()
        .unwrap_or(0)
        .min(24);
    for f in &e.fields {
        out.extend(field_lines(app, f, name_w, width, cx));
    }
    out
}

fn field_lines<'a>(
    app: &App,
    f: &AuditField,
    name_w: usize,
    width: usize,
    cx: &RenderContext,
) -> Vec<Line<'a>> {
    let cat = &app.domain.catalog;
    let name = cx.clean(cat.name(&f.field_id)).into_owned();
    let text = |v: &FieldValue| match v {
        FieldValue::String(s) if f.field_id == "comment.body" => s.clone(),
        v => cx
            .field_value(&f.field_id, &cat.value(&f.field_id, v))
            .into_owned(),
    };
    let old = f.old_value.as_ref().map(text);
    let new = text(&f.new_value);
    let heading = |suffix: &str| {
        Line::from(vec![
            Span::styled(format!(" {name}"), cx.styles.column_header()),
            Span::styled(suffix.to_string(), cx.styles.dim()),
        ])
    };
    let body_w = width.saturating_sub(4).max(10);
    let gutter_lines = |gutter: char, text: &str, style: Style| -> Vec<Line<'a>> {
        cx.lines(text)
            .iter()
            .flat_map(|l| wrap(l, body_w))
            .map(|w| Line::styled(format!("   {gutter} {w}"), style))
            .collect()
    };

    if f.field_id == "comment.body" {
        let mut out = vec![heading(" (line diff: - removed, + added)")];
        let diff = match &old {
            Some(o) => comment_diff(o, &new).lines(),
            None => cx.lines(&new).into_iter().map(DiffLine::Added).collect(),
        };
        for d in diff {
            let style = match d {
                DiffLine::Same(_) => Style::new(),
                DiffLine::Removed(_) => cx.styles.old_value(),
                DiffLine::Added(_) => cx.styles.new_value(),
            };
            out.extend(gutter_lines(d.gutter(), d.text(), style));
        }
        return out;
    }

    let one_line = !new.contains('\n') && !old.as_ref().is_some_and(|o| o.contains('\n'));
    let inline = match &old {
        Some(o) => format!("{o} → {new}"),
        None => format!("(new) {new}"),
    };
    if one_line && name_w + 3 + inline.width() <= width {
        let mut spans = vec![Span::styled(
            format!(" {}  ", fit(&name, name_w)),
            cx.styles.column_header(),
        )];
        match &old {
            Some(o) => {
                spans.push(Span::styled(
                    cx.clean(o).into_owned(),
                    cx.styles.old_value(),
                ));
                spans.push(Span::raw(" → "));
            }
            None => spans.push(Span::styled("(new) ", cx.styles.dim())),
        }
        spans.push(Span::styled(
            cx.clean(&new).into_owned(),
            cx.styles.new_value(),
        ));
        return vec![Line::from(spans)];
    }
    let mut out = vec![heading("")];
    if let Some(o) = &old {
        out.extend(gutter_lines('-', o, cx.styles.old_value()));
    }
    out.extend(gutter_lines('+', &new, cx.styles.new_value()));
    out
}

/// The `f` form over the pane: one row per filter, the selected one marked.
fn draw_filter_form(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cv: &CaseView,
    shown: usize,
    cx: &RenderContext,
) {
    let tl = &cv.audit.timeline;
    let height = FilterRow::ALL.len() as u16 + 4;
    let popup = centered(area, 58, height);
    frame.render_widget(Clear, popup);
    let hints = app.keys().hints(Scope::AuditFilter, |_| true);
    let block = pane_block(pane_title("Filter events", &[], popup.width, cx), true, cx)
        .title_bottom(hints_within(&hints, popup.width.saturating_sub(2), cx));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let selected = tl.form_row();
    let mut lines: Vec<Line> = FilterRow::ALL
        .iter()
        .map(|&row| {
            let value = tl.filter.value_label(row, &app.domain.catalog);
            let any = value == "any" || value == "all time";
            let value = if row.is_typed() {
                format!("{value}  (Enter types YYYY-MM-DD)")
            } else {
                format!("◀ {value} ▶")
            };
            let mark = if selected == Some(row) { MARKER } else { "  " };
            let line = Line::from(vec![
                Span::raw(mark),
                Span::styled(format!("{:<16}", row.label()), cx.styles.column_header()),
                Span::styled(
                    cx.clean(&value).into_owned(),
                    if any { cx.styles.dim() } else { Style::new() },
                ),
            ]);
            if selected == Some(row) {
                line.style(cx.styles.selected())
            } else {
                line
            }
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "  {shown} of {} loaded events shown",
            cv.audit.list.items.len()
        ),
        cx.styles.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(picker) = &cv.audit.picker {
        super::audit_picker::draw(frame, area, picker, app.keys(), cx);
    }
}

/// A time for the blame columns: relative, or a short date and time in the chosen zone.
pub(crate) fn short_when(mode: TimeMode, t: Option<DateTime<Utc>>, cx: &RenderContext) -> String {
    match (t, mode) {
        (None, _) => EMPTY.to_string(),
        (Some(t), TimeMode::Relative) => format::relative(t, cx.now),
        (Some(t), _) => mode.zoned(t, cx.offset).format("%d %b %H:%M").to_string(),
    }
}

/// `text` as spans with every case-insensitive occurrence of `term` in the match style.
fn highlight<'a>(text: &str, term: &str, base: Style, cx: &RenderContext) -> Vec<Span<'a>> {
    let term: Vec<char> = term.chars().flat_map(char::to_lowercase).collect();
    if term.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<Vec<char>> = chars.iter().map(|c| c.to_lowercase().collect()).collect();
    let mut spans = Vec::new();
    let (mut plain, mut i) = (String::new(), 0);
    while i < chars.len() {
        // Match char by char on lowercased forms, so multi-char lowercases stay aligned.
        let mut j = i;
        let mut k = 0;
        while j < chars.len() && k < term.len() && term[k..].starts_with(&lower[j]) {
            k += lower[j].len();
            j += 1;
        }
        if k == term.len() && j > i {
            if !plain.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut plain), base));
            }
            spans.push(Span::styled(
                chars[i..j].iter().collect::<String>(),
                base.patch(cx.styles.matched()),
            ));
            i = j;
        } else {
            plain.push(chars[i]);
            i += 1;
        }
    }
    if !plain.is_empty() {
        spans.push(Span::styled(plain, base));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Theme;

    #[test]
    fn highlight_finds_every_case_insensitive_occurrence() {
        let cx = RenderContext::plain(
            Theme::Monochrome,
            chrono::DateTime::UNIX_EPOCH,
            Rect::default(),
        );
        let spans = highlight("Refund: refund", "REF", Style::new(), &cx);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["Ref", "und: ", "ref", "und"]);
        assert_eq!(spans[0].style, cx.styles.matched());
    }
}
