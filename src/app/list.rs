//! A selection cursor over a list whose rows the app owns.

use std::cell::Cell;

/// Selected row plus the scroll position and page height the last draw used. Drawing takes `&App`,
/// so the two drawn values are `Cell`s: the pane records them, `update` only reads them.
#[derive(Debug, Default, Clone)]
pub struct Cursor {
    pub selected: usize,
    offset: Cell<usize>,
    page: Cell<usize>,
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

    /// Rows per page as last drawn (at least 1).
    pub fn page(&self) -> usize {
        self.page.get().max(1)
    }

    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Called by the drawing code: the first visible row for a viewport of `height` rows, keeping
    /// the selection visible and the scroll position stable otherwise.
    pub fn scroll_for(&self, height: usize, len: usize) -> usize {
        self.scroll_to_show(self.selected, self.selected, height, len)
    }

    /// Like `scroll_for`, for lists that draw more lines than they have rows (the audit
    /// timeline's day headers): keep drawn lines `top..=bottom` visible among `len` lines.
    pub fn scroll_to_show(&self, top: usize, bottom: usize, height: usize, len: usize) -> usize {
        let height = height.max(1);
        self.page.set(height);
        let mut offset = self.offset.get().min(len.saturating_sub(height));
        if top < offset {
            offset = top;
        } else if bottom >= offset + height {
            offset = (bottom + 1 - height).min(top);
        }
        self.offset.set(offset);
        offset
    }

    pub fn reset(&mut self) {
        self.selected = 0;
        self.offset.set(0);
    }

    /// True when the selection is within `margin` rows of the last of `len` rows.
    pub fn near_end(&self, len: usize, margin: usize) -> bool {
        self.selected + margin >= len
    }
}
