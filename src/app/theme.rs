//! Which palette to draw with. The styles themselves live in `ui::theme`; this is the choice only,
//! so the app state stays free of drawing types.

/// The palette: full colour, or monochrome (NO_COLOR), where meaning is carried by markers and
/// text attributes (reverse, bold, dim) only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Color,
    Monochrome,
}

impl Theme {
    /// Monochrome when `NO_COLOR` is set to a non-empty value (https://no-color.org).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::Monochrome,
            _ => Self::Color,
        }
    }

    pub fn is_color(self) -> bool {
        self == Self::Color
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::from_env()
    }
}
