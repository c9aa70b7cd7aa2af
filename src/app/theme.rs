//! Which palette to draw with. The styles themselves live in `ui::theme`; this is the choice only,
//! so the app state stays free of drawing types.

/// The palette. In every palette meaning is also carried by markers and text (`▶`, `✖`, `~ + -`,
/// `[RO]`); in monochrome (NO_COLOR) by text attributes (reverse, bold, dim) too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// For dark terminal backgrounds (the default).
    Dark,
    /// For light terminal backgrounds.
    Light,
    /// Bright, bold, no dim text: for low vision or washed-out screens.
    HighContrast,
    /// No colour at all (https://no-color.org).
    Monochrome,
}

impl Theme {
    /// The names a config file uses, with what each selects.
    pub const NAMES: &[(&str, Theme)] = &[
        ("dark", Self::Dark),
        ("light", Self::Light),
        ("high-contrast", Self::HighContrast),
        ("no-color", Self::Monochrome),
    ];

    /// Monochrome when `NO_COLOR` is set to a non-empty value (https://no-color.org), else dark.
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::Monochrome,
            _ => Self::Dark,
        }
    }

    /// The theme a config file names; `auto` is [`Theme::from_env`].
    pub fn from_name(name: &str) -> Option<Self> {
        if name == "auto" {
            return Some(Self::from_env());
        }
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }

    pub fn is_color(self) -> bool {
        self != Self::Monochrome
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::from_env()
    }
}
