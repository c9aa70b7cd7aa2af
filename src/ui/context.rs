//! What every pane draws with besides the state it shows: the palette, whether personal data is
//! masked, the time "now" and the local offset for times, and the frame's size. Built once per
//! frame by `ui::draw` and passed by reference, so drawing is a function of its arguments.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::layout::Rect;

use super::theme::Styles;
use super::{mask, sanitize};
use crate::app::{App, Theme};

/// The render context of one frame.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext {
    pub styles: Styles,
    /// Mask e-mail addresses, phone numbers and customer ids while drawing.
    pub masking: bool,
    /// The time relative times are measured from, the same for the whole frame.
    pub now: DateTime<Utc>,
    /// The offset local times are shown in (`None`: the machine's own zone).
    pub offset: Option<FixedOffset>,
    /// The whole frame.
    pub size: Rect,
}

impl RenderContext {
    /// The context for drawing `app` into a frame of `size`.
    pub fn new(app: &App, size: Rect) -> Self {
        Self {
            styles: Styles::new(app.theme()),
            masking: app.masking,
            now: app.now(),
            offset: app.local_offset(),
            size,
        }
    }

    /// A context outside any app (component tests): `theme`, no masking, the given time.
    pub fn plain(theme: Theme, now: DateTime<Utc>, size: Rect) -> Self {
        Self {
            styles: Styles::new(theme),
            masking: false,
            now,
            offset: None,
            size,
        }
    }

    /// `s` made safe to draw ([`sanitize::clean`]) and, when this frame masks, masked.
    pub fn clean<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.masked(sanitize::clean(s))
    }

    /// Multi-line text as cleaned lines ([`sanitize::lines`]), masked when this frame masks.
    pub fn lines(&self, s: &str) -> Vec<String> {
        sanitize::lines(s)
            .into_iter()
            .map(|l| self.masked(Cow::Owned(l)).into_owned())
            .collect()
    }

    fn masked<'a>(&self, s: Cow<'a, str>) -> Cow<'a, str> {
        match s {
            _ if !self.masking => s,
            Cow::Borrowed(b) => mask::mask(b),
            Cow::Owned(o) => Cow::Owned(mask::mask(&o).into_owned()),
        }
    }

    /// The value of field `field_id` as drawn (see [`mask::field_value`]); not sanitized.
    pub fn field_value<'a>(&self, field_id: &str, value: &'a str) -> Cow<'a, str> {
        mask::field_value(self.masking, field_id, value)
    }
}
