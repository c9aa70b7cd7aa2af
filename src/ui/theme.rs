//! Styles for the chosen palette. In monochrome, meaning is carried by reverse/bold/dim and by
//! markers (`▶`), never by colour alone, and in colour too the markers stay.

use ratatui::style::{Color, Modifier, Style};

use crate::app::Theme;

#[derive(Debug, Clone, Copy)]
pub struct Styles {
    color: bool,
}

impl Styles {
    pub fn new(theme: Theme) -> Self {
        Self {
            color: theme.is_color(),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn header(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn header_accent(&self) -> Style {
        self.header().add_modifier(Modifier::BOLD)
    }

    pub fn read_only(&self) -> Style {
        if self.color {
            self.header().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            self.header_accent()
        }
    }

    pub fn selected(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::DarkGray)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }

    pub fn column_header(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn info(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn open(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn closed(&self) -> Style {
        self.dim()
    }

    pub fn old_value(&self) -> Style {
        self.fg(Color::Red)
    }

    pub fn new_value(&self) -> Style {
        self.fg(Color::Green)
    }

    /// A search match: never colour alone (underlined and bold in both palettes).
    pub fn matched(&self) -> Style {
        let base = Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        if self.color {
            base.bg(Color::Yellow).fg(Color::Black)
        } else {
            base
        }
    }

    pub fn item_type(&self) -> Style {
        self.fg(Color::Magenta)
    }
}
