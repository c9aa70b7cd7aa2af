//! The case view's frame: the case's title line and the layout of the three panes (side by side
//! when wide, tabs when narrow).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::RenderContext;
use super::{audit, fields, related, value_viewer};
use crate::app::case_view::AsOfHeader;
use crate::app::format;
use crate::app::list::Drawn;
use crate::app::{Action, App, CaseView, Pane, Scope};
use crate::model::FieldValue;
use unicode_width::UnicodeWidthStr;

/// From this width the three panes are shown together.
const SIDE_BY_SIDE: u16 = 120;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cv: &CaseView, cx: &RenderContext) -> Drawn {
    let mut drawn = Drawn::default();
    if cv.zoomed {
        draw_pane(frame, area, app, cv, cv.focus, &mut drawn, cx);
        draw_zoom_note(frame, area, app, cx);
        drawn.detail = related::draw_detail(frame, area, app, cv, cx);
        drawn.viewer = value_viewer::draw(frame, area, app, cv, cx);
        return drawn;
    }
    let [title_area, panes] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    draw_title(frame, title_area, app, cv, cx);

    if area.width >= SIDE_BY_SIDE {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(38), Constraint::Percentage(62)])
                .areas(panes);
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(right);
        drawn.fields = fields::draw(frame, left, app, cv, cx);
        drawn.related = related::draw(frame, top, app, cv, cx);
        drawn.audit = audit::draw(frame, bottom, app, cv, cx);
    } else {
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(panes);
        draw_tabs(frame, tabs, cv, cx);
        draw_pane(frame, pane, app, cv, cv.focus, &mut drawn, cx);
    }
    if cv.related.detail.is_some() {
        drawn.detail = related::draw_detail(frame, panes, app, cv, cx);
    }
    drawn.viewer = value_viewer::draw(frame, panes, app, cv, cx);
    drawn
}

/// One pane into `area`, what it measured into `drawn`.
fn draw_pane(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    cv: &CaseView,
    pane: Pane,
    drawn: &mut Drawn,
    cx: &RenderContext,
) {
    match pane {
        Pane::Fields => drawn.fields = fields::draw(frame, area, app, cv, cx),
        Pane::Related => drawn.related = related::draw(frame, area, app, cv, cx),
        Pane::Audit => drawn.audit = audit::draw(frame, area, app, cv, cx),
    }
}

/// The zoomed pane says on its bottom border how to go back to all three.
fn draw_zoom_note(frame: &mut Frame, area: Rect, app: &App, cx: &RenderContext) {
    let Some(key) = app.keys().key_for(Scope::CaseView, Action::ZoomPane) else {
        return;
    };
    let note = format!(" zoomed · {key} shows every pane ");
    let width = (note.chars().count() as u16).min(area.width.saturating_sub(2));
    if area.height < 2 || width == 0 {
        return;
    }
    let at = Rect {
        x: area.x + area.width - width - 1,
        y: area.y + area.height - 1,
        width,
        height: 1,
    };
    frame.render_widget(Paragraph::new(Span::styled(note, cx.styles.dim())), at);
}

fn draw_title(frame: &mut Frame, area: Rect, app: &App, cv: &CaseView, cx: &RenderContext) {
    let title = match (&cv.case, cv.title()) {
        (_, Some(t)) => cx.clean(&t).into_owned(),
        (None, None) if cv.case_pending.is_some() => format!("{} Loading case…", app.spinner()),
        (None, None) if cv.case_error.is_some() => "Case could not be loaded".to_string(),
        _ => "(untitled case)".to_string(),
    };
    let mut facts: Vec<Span> = Vec::new();
    let header = cv.as_of_header(&app.domain.catalog);
    let title = match &header {
        Some(AsOfHeader::Then { title: Some(t), .. }) => cx.clean(t).into_owned(),
        // Not the title then: say it is today's.
        Some(_) if cv.case.is_some() => format!("{title} (title now)"),
        _ => title,
    };
    if let (Some(header), Some(labels)) = (&header, cv.as_of_labels()) {
        as_of_facts(header, &mut facts, cx);
        let id = Span::styled(format!("id {}", cx.clean(&cv.case_id)), cx.styles.dim());
        facts = as_of_line(&labels, facts, id, area.width.into(), cx);
    } else {
        plain_facts(app, cv, &mut facts, area.width.into(), cx);
    }
    frame.render_widget(
        Paragraph::new(vec![
            super::layout::cut_line(
                Line::styled(format!(" {title}"), cx.styles.title()),
                area.width.into(),
            ),
            super::layout::cut_line(
                Line::from([vec![Span::raw(" ")], facts].concat()),
                area.width.into(),
            ),
        ]),
        area,
    );
}

/// The header's facts of the case now: status, reference, last update and the id.
fn plain_facts(
    app: &App,
    cv: &CaseView,
    facts: &mut Vec<Span<'static>>,
    width: usize,
    cx: &RenderContext,
) {
    if let Some(case) = &cv.case {
        let status = match case.field("status") {
            Some(v @ FieldValue::String(s)) => {
                Some((app.domain.catalog.value("status", v), s == "closed"))
            }
            _ => None,
        };
        if let Some((label, closed)) = status {
            let marker = if closed { "○ " } else { "● " };
            facts.push(Span::styled(
                format!("{marker}{}", cx.clean(&label)),
                if closed {
                    cx.styles.closed()
                } else {
                    cx.styles.open()
                },
            ));
            facts.push(Span::styled("  ·  ", cx.styles.dim()));
        }
        if let Some(FieldValue::String(r)) = case.field("reference_number") {
            facts.push(Span::raw(format!("ref {}", cx.clean(r))));
            facts.push(Span::styled("  ·  ", cx.styles.dim()));
        }
        if let Some(FieldValue::String(t)) = case.field("last_updated_datetime")
            && let Some(t) = format::parse_time(t)
        {
            facts.push(Span::raw(format!(
                "updated {}",
                format::relative(t, cx.now)
            )));
            facts.push(Span::styled("  ·  ", cx.styles.dim()));
        }
    }
    // The id goes last and whole: a cut id would look like a whole one, so when it does not fit
    // it is left out (the separator before it too).
    let id = format!("id {}", cx.clean(&cv.case_id));
    let room = width.saturating_sub(1);
    let before: usize = facts.iter().map(|s| s.content.width()).sum();
    if before + id.width() > room {
        facts.pop_if(|s| s.content.trim() == "·");
    } else {
        facts.push(Span::styled(id, cx.styles.dim()));
    }
}

/// The header's line as of a past moment: the banner first, at the fullest detail that leaves
/// room for the status (both moments of a diff are always named), then the facts, the editing
/// note and the id, each whole or not at all (`…` says some were left out).
fn as_of_line(
    labels: &[String],
    facts: Vec<Span<'static>>,
    id: Span<'static>,
    width: usize,
    cx: &RenderContext,
) -> Vec<Span<'static>> {
    const SEP: &str = "  ·  ";
    const MORE: &str = " …";
    let room = width.saturating_sub(1);
    let note = Span::styled("editing off · Esc returns to now", cx.styles.dim());
    // (priority, separator before, part), in the order shown.
    let mut parts: Vec<(usize, &str, Span<'static>)> = vec![(3, " · ", note)];
    let n = facts.len();
    for (i, fact) in facts.into_iter().enumerate() {
        parts.push((if i < 2 { i + 1 } else { i + 2 }, SEP, fact));
    }
    parts.push((n + 3, SEP, id));
    let cost = |(_, sep, part): &(usize, &str, Span)| sep.width() + part.content.width();
    let first = parts.iter().find(|p| p.0 == 1).map_or(0, cost);
    let label = labels
        .iter()
        .map(|l| shout(&cx.clean(l)))
        .find(|l| l.width() + first + MORE.width() <= room)
        .or_else(|| labels.last().map(|l| shout(&cx.clean(l))))
        .unwrap_or_default();
    let mut keep = vec![true; parts.len()];
    let all: usize = label.width() + parts.iter().map(cost).sum::<usize>();
    if all > room {
        let mut used = label.width() + MORE.width();
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by_key(|&i| parts[i].0);
        for i in order {
            keep[i] = used + cost(&parts[i]) <= room;
            if keep[i] {
                used += cost(&parts[i]);
            }
        }
    }
    let mut line = vec![Span::styled(label, cx.styles.read_only())];
    for ((_, sep, part), kept) in parts.into_iter().zip(&keep) {
        if *kept {
            line.push(Span::styled(sep, cx.styles.dim()));
            line.push(part);
        }
    }
    if keep.contains(&false) {
        line.push(Span::styled(MORE, cx.styles.dim()));
    }
    line
}

/// The header's facts as of a past moment, each a span of its own: the status, reference and
/// last change the history says then (`unknown` where it cannot tell), or that the case did not
/// exist yet.
fn as_of_facts(header: &AsOfHeader, facts: &mut Vec<Span<'static>>, cx: &RenderContext) {
    match header {
        AsOfHeader::Banner => {}
        AsOfHeader::NotCreatedYet(when) => {
            let created = when.map_or(String::new(), |t| {
                format!(" (created {})", t.format("%Y-%m-%d %H:%M:%S UTC"))
            });
            facts.push(Span::styled(
                format!("the case did not exist yet at that moment{created}"),
                cx.styles.read_only(),
            ));
        }
        AsOfHeader::Then {
            status,
            reference,
            last_change,
            ..
        } => {
            facts.push(match status {
                Some((label, closed)) => Span::styled(
                    format!("{}{}", if *closed { "○ " } else { "● " }, cx.clean(label)),
                    if *closed {
                        cx.styles.closed()
                    } else {
                        cx.styles.open()
                    },
                ),
                None => Span::styled("status unknown", cx.styles.dim()),
            });
            facts.push(Span::raw(match reference {
                Some(r) => format!("ref {}", cx.clean(r)),
                None => "ref unknown".to_string(),
            }));
            if let Some(t) = last_change {
                facts.push(Span::raw(format!(
                    "last change {}",
                    format::relative(*t, cx.now)
                )));
            }
        }
    }
}

fn draw_tabs(frame: &mut Frame, area: Rect, cv: &CaseView, cx: &RenderContext) {
    let mut spans = vec![Span::raw(" ")];
    for (i, pane) in Pane::ALL.into_iter().enumerate() {
        let label = format!(" {} {} ", i + 1, pane.title());
        if pane == cv.focus {
            spans.push(Span::styled(format!("▶{label}"), cx.styles.selected()));
        } else {
            spans.push(Span::styled(format!(" {label}"), cx.styles.dim()));
        }
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("Tab switches", cx.styles.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `1 Fields`: the pane title with its number key.
pub(crate) fn numbered(pane: Pane) -> String {
    let n = Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0) + 1;
    format!("{n} {}", pane.title())
}

/// `as of …` → `AS OF …`, `diff …` → `DIFF …`: the banner's first words stand out, the names in
/// it keep their case.
fn shout(label: &str) -> String {
    for word in ["as of ", "diff "] {
        if let Some(rest) = label.strip_prefix(word) {
            return format!("{}{rest}", word.to_uppercase());
        }
    }
    label.to_string()
}
