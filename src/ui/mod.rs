//! Drawing only: one file per pane. Every function takes `&App`; nothing here changes state.
//! What a frame measures (the rows that fit, the offsets shown) is returned as `Drawn`, which the
//! event loop hands back to `update` as `Msg::Drawn`.

mod audit;
mod case_view;
mod cases;
mod domains;
pub mod editing;
mod fields;
mod header;
mod help;
pub mod mask;
mod related;
pub mod sanitize;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::app::list::Drawn;
use crate::app::staging::Overlay;
use crate::app::{App, Screen};
pub use sanitize::clean;
use theme::Styles;

/// The selection marker, so the selected row is visible without colour.
pub const MARKER: &str = "▶ ";

pub fn draw(frame: &mut Frame, app: &App) -> Drawn {
    let drawn = theme::with_theme(app.theme(), || {
        mask::with_masking(app.masking, || draw_masked(frame, app))
    });
    if !app.theme().is_color() {
        // The editing overlays choose their own colours; monochrome means none anywhere.
        for cell in frame.buffer_mut().content.iter_mut() {
            cell.fg = ratatui::style::Color::Reset;
            cell.bg = ratatui::style::Color::Reset;
        }
    }
    drawn
}

fn draw_masked(frame: &mut Frame, app: &App) -> Drawn {
    let mut drawn = Drawn::default();
    let styles = Styles::new(app.theme());
    let [header_area, body, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    header::draw(frame, header_area, app, &styles);
    match app.screen {
        Screen::Domains => drawn.domains = domains::draw(frame, body, app, &styles),
        Screen::Cases => drawn.cases = cases::draw(frame, body, app, &styles),
        Screen::Case => match &app.case {
            Some(cv) => drawn = case_view::draw(frame, body, app, cv, &styles),
            None => drawn.cases = cases::draw(frame, body, app, &styles),
        },
    }
    status::draw(frame, status_area, app, &styles);
    if let Some(overlay) = &app.overlay {
        draw_overlay(frame, body, overlay);
    }
    if app.help_open {
        help::draw(frame, frame.area(), app, &styles);
    }
    drawn
}

/// An editing overlay over the body: editors in a large centred box, the review over the whole
/// body, a confirmation as a small box.
fn draw_overlay(frame: &mut Frame, body: Rect, overlay: &Overlay) {
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
            editing::draw_comment_editor(frame, area, editor);
        }
        Overlay::Fields(editor) => {
            let area = inset(body);
            frame.render_widget(ratatui::widgets::Clear, area);
            editing::draw_field_editor(frame, area, editor);
        }
        Overlay::Review(review) => {
            frame.render_widget(ratatui::widgets::Clear, body);
            editing::draw_review(frame, body, review);
        }
        Overlay::ConfirmDelete { confirm, .. } => editing::draw_confirm(frame, body, confirm),
    }
}

/// A bordered pane with `title`; the focused pane's border is emphasised.
pub(crate) fn pane_block<'a>(title: Line<'a>, focused: bool, styles: &Styles) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(styles.border(focused))
        .title(title)
}

/// ` Name ` in the title style, plus dim extras (` · 12 loaded`).
pub(crate) fn pane_title<'a>(name: &str, extras: &[String], styles: &Styles) -> Line<'a> {
    let mut spans = vec![Span::styled(format!(" {name} "), styles.title())];
    for e in extras.iter().filter(|e| !e.is_empty()) {
        spans.push(Span::styled(format!("· {} ", clean(e)), styles.dim()));
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
    styles: &Styles,
) -> Line<'a> {
    let label = app.loading_label(pending);
    let retry = label
        .split_once("retrying ")
        .map(|(_, rest)| format!(" — the service is slow or refusing; retrying {rest}"))
        .unwrap_or_default();
    Line::from(vec![
        Span::styled(format!("{} ", app.spinner()), styles.key()),
        Span::raw(format!("Loading {what}…{retry}")),
    ])
}

/// An error as two lines: the error, then what to do.
pub(crate) fn error_lines<'a>(
    context: &str,
    err: &crate::aws::GatewayError,
    styles: &Styles,
) -> Vec<Line<'a>> {
    vec![
        Line::styled(
            format!("✖ {context}: {}", clean(&err.to_string())),
            styles.error(),
        ),
        Line::styled(err.advice().to_string(), styles.dim()),
    ]
}

/// A rectangle of `percent_x` × `percent_y` of `area`, centred, at least `min_w` × `min_h`.
pub(crate) fn centered(area: Rect, percent_x: u16, percent_y: u16, min_w: u16, min_h: u16) -> Rect {
    let w = (area.width * percent_x / 100).max(min_w).min(area.width);
    let h = (area.height * percent_y / 100).max(min_h).min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Word-wrap `text` to `width` columns (by display width); long words are split.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for word in text.split(' ') {
        let ww: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        if w > 0 && w + 1 + ww > width {
            out.push(std::mem::take(&mut line));
            w = 0;
        }
        if w > 0 {
            line.push(' ');
            w += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if w + cw > width {
                out.push(std::mem::take(&mut line));
                w = 0;
            }
            line.push(c);
            w += cw;
        }
    }
    out.push(line);
    out
}
