//! A selection cursor over a list whose rows the app owns, and what a frame reports back about
//! the lists it drew.

/// Selected row plus the scroll position and page height of the last frame, as that frame
/// reported them (`Msg::Drawn`). Drawing never writes here: it computes the offset it shows from
/// these (`scroll_for`) and reports it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    offset: usize,
    page: usize,
}

/// What a frame showed of one list: the first visible row (or line) and the rows that fit.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub offset: usize,
    pub page: usize,
}

/// What a frame showed of the item detail: the largest useful scroll and the lines per page.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DetailShown {
    pub max_scroll: usize,
    pub page: usize,
}

/// What drawing measured, per pane it drew; the event loop hands it to `update` as
/// `Msg::Drawn` before the next message, so paging keys know the page size.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub domains: Option<Shown>,
    pub cases: Option<Shown>,
    pub fields: Option<Shown>,
    pub related: Option<Shown>,
    pub audit: Option<Shown>,
    /// The activity feed's rows.
    pub feed: Option<Shown>,
    /// The SLA radar's rows.
    pub radar: Option<Shown>,
    pub detail: Option<DetailShown>,
    /// The help overlay: its last first-row and its page height.
    pub help: Option<(usize, usize)>,
    /// The field value viewer's scroll limits.
    pub viewer: Option<DetailShown>,
}

impl Cursor {
    pub fn up(&mut self, n: usize) {
        self.selected = self.selected.saturating_sub(n);
    }

    pub fn down(&mut self, n: usize, len: usize) {
        self.selected = (self.selected + n).min(len.saturating_sub(1));
    }

    pub fn top(&mut self) {
        self.selected = 0;
    }

    pub fn bottom(&mut self, len: usize) {
        self.selected = len.saturating_sub(1);
    }

    /// Rows per page as last drawn (0 before any frame drew the list).
    pub fn drawn_page(&self) -> usize {
        self.page
    }

    /// Rows per page as last drawn (at least 1).
    pub fn page(&self) -> usize {
        self.page.max(1)
    }

    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// The first visible row for a viewport of `height` rows, keeping the selection visible and
    /// the last frame's scroll position otherwise.
    pub fn scroll_for(&self, height: usize, len: usize) -> Shown {
        self.scroll_to_show(self.selected, self.selected, height, len)
    }

    /// Like `scroll_for`, for lists that draw more lines than they have rows (the audit
    /// timeline's day headers): keep drawn lines `top..=bottom` visible among `len` lines.
    pub fn scroll_to_show(&self, top: usize, bottom: usize, height: usize, len: usize) -> Shown {
        let height = height.max(1);
        let mut offset = self.offset.min(len.saturating_sub(height));
        if top < offset {
            offset = top;
        } else if bottom >= offset + height {
            offset = (bottom + 1 - height).min(top);
        }
        Shown {
            offset,
            page: height,
        }
    }

    /// Remember what the last frame showed.
    pub fn shown(&mut self, shown: Shown) {
        self.offset = shown.offset;
        self.page = shown.page;
    }

    pub fn reset(&mut self) {
        self.selected = 0;
        self.offset = 0;
    }

    /// True when the selection is within `margin` rows of the last of `len` rows.
    pub fn near_end(&self, len: usize, margin: usize) -> bool {
        self.selected + margin >= len
    }
}

impl Cursor {
    /// Move for a movement action over `len` rows; `false` for any other action.
    pub fn apply(&mut self, action: super::keymap::Action, len: usize) -> bool {
        use super::keymap::Action;
        match action {
            Action::Up => self.up(1),
            Action::Down => self.down(1, len),
            Action::Top => self.top(),
            Action::Bottom => self.bottom(len),
            Action::PageUp => self.up(self.page()),
            Action::PageDown => self.down(self.page(), len),
            _ => return false,
        }
        true
    }
}
