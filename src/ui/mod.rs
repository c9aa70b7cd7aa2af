//! Drawing only: one file per pane. `draw` builds the frame's [`RenderContext`] (palette,
//! masking, now, size) once and hands it, with `&App`, to every pane; nothing here changes state.
//! What a frame measures (the rows that fit, the offsets shown) is returned as `Drawn`, which the
//! event loop hands back to `update` as `Msg::Drawn`.

mod asof;
mod audit;
mod audit_merge;
mod audit_picker;
mod case_view;
mod cases;
mod context;
mod domains;
pub mod editing;
pub mod feed;
pub mod feed_radar;
mod fields;
mod header;
mod help;
mod layout;
pub mod mask;
mod related;
pub mod sanitize;
mod status;
pub mod theme;
mod value_viewer;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, HighlightSpacing, Paragraph, Row, Table, Wrap};

use crate::app::list::Drawn;
use crate::app::staging::Overlay;
use crate::app::{App, Problem, Screen};
pub use context::RenderContext;
use layout::{centered, fit, wrap};
use unicode_width::UnicodeWidthStr;

/// The selection marker, so the selected row is visible without colour.
pub const MARKER: &str = "▶ ";

/// A table of `rows` under `header` whose selected row is marked with [`MARKER`] and
/// highlighted.
pub fn marked_table<'a, R, C>(rows: R, widths: C, header: Row<'a>, cx: &RenderContext) -> Table<'a>
where
    R: IntoIterator,
    R::Item: Into<Row<'a>>,
    C: IntoIterator,
    C::Item: Into<Constraint>,
{
    Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .highlight_symbol(MARKER)
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(cx.styles.selected())
}

pub fn draw(frame: &mut Frame, app: &App) -> Drawn {
    let cx = RenderContext::new(app, frame.area());
    draw_with(frame, app, &cx)
}

fn draw_with(frame: &mut Frame, app: &App, cx: &RenderContext) -> Drawn {
    let mut drawn = Drawn::default();
    let status_height = status::height(app, cx.size.width, cx);
    let [header_area, body, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(status_height),
    ])
    .areas(cx.size);
    header::draw(frame, header_area, app, cx);
    match app.screen {
        Screen::Domains => drawn.domains = domains::draw(frame, body, app, cx),
        Screen::Cases => drawn.cases = cases::draw(frame, body, app, cx),
        Screen::Case => match &app.case {
            Some(cv) => drawn = case_view::draw(frame, body, app, cv, cx),
            None => drawn.cases = cases::draw(frame, body, app, cx),
        },
        Screen::Feed => match &app.feed {
            Some(f) => (drawn.feed, drawn.radar) = feed::draw(frame, body, app, f, cx),
            None => drawn.cases = cases::draw(frame, body, app, cx),
        },
    }
    status::draw(frame, status_area, app, cx);
    if let Some(overlay) = &app.staging.overlay {
        draw_overlay(frame, body, overlay, cx);
    }
    if app.help_open {
        drawn.help = Some(help::draw(frame, cx.size, app, cx));
    }
    drawn
}

/// An editing overlay over the body: editors in a large centred box, the review over the whole
/// body, a confirmation as a small box.
fn draw_overlay(frame: &mut Frame, body: Rect, overlay: &Overlay, cx: &RenderContext) {
    let inset = |area: Rect| {
        let w = area.width.saturating_sub(4).max(area.width.min(20));
        let h = area.height.saturating_sub(2).max(area.height.min(6));
        Rect {
            x: area.x + (area.width - w) / 2,
            y: area.y + (area.height - h) / 2,
            width: w,
            height: h,
        }
    };
    match overlay {
        Overlay::Comment { editor, .. } => {
            let area = inset(body);
            frame.render_widget(ratatui::widgets::Clear, area);
            editing::draw_comment_editor(frame, area, editor, cx);
        }
        Overlay::Fields(editor) => {
            let area = inset(body);
            frame.render_widget(ratatui::widgets::Clear, area);
            editing::draw_field_editor(frame, area, editor, cx);
        }
        Overlay::Review(review) => {
            frame.render_widget(ratatui::widgets::Clear, body);
            editing::draw_review(frame, body, review, cx);
        }
        Overlay::CaseField { edit, .. } => editing::draw_case_field(frame, body, edit, cx),
        Overlay::NewCase(form) => editing::draw_new_case(frame, body, form, cx),
        Overlay::Sla { editor, .. } => editing::draw_sla_editor(frame, body, editor, cx),
        Overlay::ConfirmDelete { confirm, .. } | Overlay::RestoreTyped { confirm, .. } => {
            editing::draw_confirm(frame, body, confirm, cx)
        }
    }
}

/// A bordered pane with `title`; the focused pane's border is emphasised.
pub(crate) fn pane_block<'a>(title: Line<'a>, focused: bool, cx: &RenderContext) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(cx.styles.border(focused))
        .title(title)
}

/// Draws a pane's border over `area`, titled `name` with `extras`, and returns the area inside.
pub(crate) fn pane_frame(
    frame: &mut Frame,
    area: Rect,
    name: &str,
    extras: &[String],
    focused: bool,
    cx: &RenderContext,
) -> Rect {
    let block = pane_block(pane_title(name, extras, area.width, cx), focused, cx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// ` Name ` in the title style, plus dim extras (` · 12 loaded`), for a bordered pane `width`
/// columns wide. Extras that do not fit are left out whole, from the first that does not fit
/// to the last, and `· …` says some were; a name too long for the pane ends in `…`. A title is
/// never cut mid-word.
pub(crate) fn pane_title<'a>(
    name: &str,
    extras: &[String],
    width: u16,
    cx: &RenderContext,
) -> Line<'a> {
    const MORE: &str = "· … ";
    let room = usize::from(width.saturating_sub(2));
    let name = format!(" {name} ");
    if name.width() > room {
        return Line::from(Span::styled(
            layout::truncate(&name, room),
            cx.styles.title(),
        ));
    }
    let parts: Vec<String> = extras
        .iter()
        .filter(|e| !e.is_empty())
        .map(|e| format!("· {} ", cx.clean(e)))
        .collect();
    let mut used = name.width();
    let mut kept = 0;
    for part in &parts {
        if used + part.width() > room {
            break;
        }
        used += part.width();
        kept += 1;
    }
    // Some left out: make room for the mark that says so, dropping more if need be.
    let cut = kept < parts.len();
    if cut {
        while kept > 0 && used + MORE.width() > room {
            kept -= 1;
            used -= parts[kept].width();
        }
    }
    let mut spans = vec![Span::styled(name, cx.styles.title())];
    spans.extend(
        parts
            .into_iter()
            .take(kept)
            .map(|p| Span::styled(p, cx.styles.dim())),
    );
    if cut && used + MORE.width() <= room {
        spans.push(Span::styled(MORE, cx.styles.dim()));
    }
    Line::from(spans)
}

/// A message centred in an empty pane (loading, empty, error).
pub(crate) fn placeholder(frame: &mut Frame, area: Rect, lines: Vec<Line>) {
    let width = area.width.max(1) as usize;
    let height = lines
        .iter()
        .map(|l| l.width().div_ceil(width).max(1) as u16)
        .sum::<u16>()
        .min(area.height);
    let [mid] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(ratatui::layout::Alignment::Center)
            .wrap(Wrap { trim: true }),
        mid,
    );
}

/// The loading line with the tick-driven spinner, and the attempt when the call is retried.
pub(crate) fn loading_line<'a>(
    app: &App,
    what: &str,
    pending: Option<u64>,
    cx: &RenderContext,
) -> Line<'a> {
    let label = app.loading_label(pending);
    let retry = label
        .split_once("retrying ")
        .map(|(_, rest)| format!(" — the service is slow or refusing; retrying {rest}"))
        .unwrap_or_default();
    Line::from(vec![
        Span::styled(format!("{} ", app.spinner()), cx.styles.key()),
        Span::raw(format!("Loading {what}…{retry}")),
    ])
}

/// An error as two lines: the error, then what to do.
pub(crate) fn error_lines<'a>(context: &str, err: &Problem, cx: &RenderContext) -> Vec<Line<'a>> {
    vec![
        Line::styled(
            format!("✖ {context}: {}", cx.clean(&err.text)),
            cx.styles.error(),
        ),
        Line::styled(err.advice.to_string(), cx.styles.dim()),
    ]
}
