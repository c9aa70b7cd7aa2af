//! Styles for the chosen palette. Colour never carries meaning alone: the selection has `▶`,
//! the focused pane a thick bold border, errors `✖`, staged and removed rows `~ + -` and
//! `(removed)`; in monochrome reverse/bold/dim stand in for colour.

use ratatui::style::{Color, Modifier, Style};

use crate::app::Theme;

#[derive(Debug, Clone, Copy)]
pub struct Styles {
    theme: Theme,
}

/// The colours of one palette.
struct Palette {
    header_bg: Color,
    header_fg: Color,
    warn: Color,
    selected_bg: Color,
    selected_fg: Color,
    accent: Color,
    column: Color,
    dim: Color,
    good: Color,
    bad: Color,
    match_bg: Color,
    match_fg: Color,
    kind: Color,
}

const DARK: Palette = Palette {
    header_bg: Color::Blue,
    header_fg: Color::White,
    warn: Color::Yellow,
    selected_bg: Color::DarkGray,
    selected_fg: Color::White,
    accent: Color::Cyan,
    column: Color::Yellow,
    dim: Color::DarkGray,
    good: Color::Green,
    bad: Color::Red,
    match_bg: Color::Yellow,
    match_fg: Color::Black,
    kind: Color::Magenta,
};

const LIGHT: Palette = Palette {
    header_bg: Color::Blue,
    header_fg: Color::White,
    warn: Color::LightYellow,
    selected_bg: Color::Indexed(153),
    selected_fg: Color::Black,
    accent: Color::Blue,
    column: Color::Indexed(94),
    dim: Color::Indexed(242),
    good: Color::Indexed(28),
    bad: Color::Indexed(160),
    match_bg: Color::Indexed(228),
    match_fg: Color::Black,
    kind: Color::Indexed(90),
};

const HIGH_CONTRAST: Palette = Palette {
    header_bg: Color::White,
    header_fg: Color::Black,
    warn: Color::Black,
    selected_bg: Color::Yellow,
    selected_fg: Color::Black,
    accent: Color::LightCyan,
    column: Color::LightYellow,
    // Nothing is dimmed: secondary text stays fully readable.
    dim: Color::White,
    good: Color::LightGreen,
    bad: Color::LightRed,
    match_bg: Color::LightMagenta,
    match_fg: Color::Black,
    kind: Color::LightMagenta,
};

impl Styles {
    pub fn new(theme: Theme) -> Self {
        Self { theme }
    }

    /// Something changed, or needs attention.
    pub fn warn(&self) -> Style {
        self.fg(|p| p.warn).add_modifier(self.strong())
    }

    fn palette(&self) -> Option<&'static Palette> {
        match self.theme {
            Theme::Dark => Some(&DARK),
            Theme::Light => Some(&LIGHT),
            Theme::HighContrast => Some(&HIGH_CONTRAST),
            Theme::Monochrome => None,
        }
    }

    fn fg(&self, pick: fn(&Palette) -> Color) -> Style {
        match self.palette() {
            Some(p) => Style::new().fg(pick(p)),
            None => Style::new(),
        }
    }

    fn strong(&self) -> Modifier {
        if self.theme == Theme::HighContrast {
            Modifier::BOLD
        } else {
            Modifier::empty()
        }
    }

    pub fn header(&self) -> Style {
        match self.palette() {
            Some(p) => Style::new().bg(p.header_bg).fg(p.header_fg),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    pub fn header_accent(&self) -> Style {
        self.header().add_modifier(Modifier::BOLD)
    }

    pub fn read_only(&self) -> Style {
        match self.palette() {
            Some(p) => self.header().fg(p.warn).add_modifier(Modifier::BOLD),
            None => self.header_accent(),
        }
    }

    pub fn selected(&self) -> Style {
        match self.palette() {
            Some(p) => Style::new()
                .bg(p.selected_bg)
                .fg(p.selected_fg)
                .add_modifier(Modifier::BOLD),
            None => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    pub fn title(&self) -> Style {
        self.fg(|p| p.accent).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.palette()) {
            (true, Some(p)) => Style::new().fg(p.accent).add_modifier(self.strong()),
            (true, None) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }

    pub fn column_header(&self) -> Style {
        self.fg(|p| p.column).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        match self.palette() {
            Some(p) => Style::new().fg(p.dim),
            None => Style::new().add_modifier(Modifier::DIM),
        }
    }

    pub fn key(&self) -> Style {
        self.fg(|p| p.good).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(|p| p.bad).add_modifier(Modifier::BOLD)
    }

    pub fn info(&self) -> Style {
        self.fg(|p| p.good).add_modifier(self.strong())
    }

    pub fn open(&self) -> Style {
        self.fg(|p| p.good)
    }

    pub fn closed(&self) -> Style {
        self.dim()
    }

    pub fn old_value(&self) -> Style {
        self.fg(|p| p.bad).add_modifier(self.strong())
    }

    pub fn new_value(&self) -> Style {
        self.fg(|p| p.good).add_modifier(self.strong())
    }

    /// A search match: never colour alone (underlined and bold in every palette).
    pub fn matched(&self) -> Style {
        let base = Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        match self.palette() {
            Some(p) => base.bg(p.match_bg).fg(p.match_fg),
            None => base,
        }
    }

    /// Due soon (the SLA radar): yellow where that reads on the palette's background (warn's
    /// light yellow does not on a light one, nor its black in high contrast on a dark terminal).
    pub fn due_soon(&self) -> Style {
        self.fg(|p| p.column).add_modifier(Modifier::BOLD)
    }

    pub fn item_type(&self) -> Style {
        self.fg(|p| p.kind)
    }
}
