//! Drawing the editing components. Each function draws one component into the area it is given
//! and reads its state without changing it.
//!
//! Every string that came from the server or the user goes through the render context's `clean`
//! before it is drawn, so control characters and escape sequences show as visible placeholders instead of
//! reaching the terminal (or silently vanishing).

mod case_field;
mod comment;
mod confirm;
mod diff;
mod field;
mod review;
mod sla;

pub use case_field::{draw_case_field, draw_new_case};
pub use comment::draw_comment_editor;
pub use confirm::draw_confirm;
pub use field::draw_field_editor;
pub use review::draw_review;
pub use sla::draw_sla_editor;

use ratatui::style::{Modifier, Style};

use crate::ui::RenderContext;
pub(crate) use crate::ui::layout::{centered, fit, hints, wrap};

/// The styles of the editing components, in one place: the frame's palette.
pub(crate) mod theme {
    use super::*;

    pub fn changed(cx: &RenderContext) -> Style {
        cx.styles.warn()
    }
    pub fn added(cx: &RenderContext) -> Style {
        cx.styles.new_value()
    }
    pub fn removed(cx: &RenderContext) -> Style {
        cx.styles.old_value()
    }
    pub fn struck(cx: &RenderContext) -> Style {
        removed(cx).add_modifier(Modifier::CROSSED_OUT)
    }
    pub fn error(cx: &RenderContext) -> Style {
        cx.styles.error()
    }
    pub fn notice(cx: &RenderContext) -> Style {
        cx.styles.warn()
    }
    pub fn dim(cx: &RenderContext) -> Style {
        cx.styles.dim()
    }
    pub fn header(_: &RenderContext) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    pub fn selected(_: &RenderContext) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    pub fn word_deleted(cx: &RenderContext) -> Style {
        removed(cx).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn word_inserted(cx: &RenderContext) -> Style {
        added(cx).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    /// The context components are drawn with in their tests: the dark palette, no masking.
    pub fn cx() -> crate::ui::RenderContext {
        crate::ui::RenderContext::plain(
            crate::app::Theme::Dark,
            chrono::DateTime::UNIX_EPOCH,
            Rect::new(0, 0, 80, 24),
        )
    }

    /// Draws with `draw` into a `w` x `h` test terminal and answers the screen as text.
    pub fn render(w: u16, h: u16, draw: impl FnOnce(&mut ratatui::Frame, Rect)) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| draw(f, f.area())).unwrap();
        screen(terminal.backend().buffer())
    }

    fn screen(buf: &Buffer) -> String {
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                line.push_str(sym);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
