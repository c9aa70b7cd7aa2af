//! The comment editor: the text, a live character count, the keys.

use super::{hints, theme};
use crate::app::editing::CommentEditor;
use crate::edit::MAX_COMMENT_CHARS;
use crate::ui::RenderContext;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};
use tui_textarea::TextArea;

/// Draws the comment editor filling `area`.
///
/// The text area draws the text as typed; ratatui drops control characters from cells, so none
/// reaches the terminal.
pub fn draw_comment_editor(
    frame: &mut Frame,
    area: Rect,
    editor: &CommentEditor,
    cx: &RenderContext,
) {
    let title = if editor.is_new() {
        " New comment "
    } else {
        " Edit comment "
    };
    let n = editor.char_count();
    let count = if editor.over_limit() {
        Line::from(vec![Span::styled(
            format!(
                " ✗ {n} / {MAX_COMMENT_CHARS}: {} too many ",
                n - MAX_COMMENT_CHARS
            ),
            theme::error(cx),
        )])
    } else {
        Line::from(Span::styled(
            format!(" {n} / {MAX_COMMENT_CHARS} "),
            theme::dim(cx),
        ))
    };
    let block = Block::bordered()
        .title(Line::from(Span::styled(title, theme::header(cx))))
        .title(count.right_aligned())
        .title_bottom(hints(&editor.hints().pairs(), cx));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    render_text(frame, inner, editor.textarea(), cx);
}

/// A text area drawn with the frame's palette: the widget's own selection colour is replaced by
/// the palette's (none in monochrome). Without a selection the style is unused, so nothing is
/// copied then.
pub(crate) fn render_text(
    frame: &mut Frame,
    area: Rect,
    input: &TextArea<'static>,
    cx: &RenderContext,
) {
    if input.selection_range().is_none() {
        frame.render_widget(input, area);
        return;
    }
    let mut themed = input.clone();
    themed.set_selection_style(cx.styles.selected());
    frame.render_widget(&themed, area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editing::keys::*;
    use crate::ui::editing::testing::render;

    #[test]
    fn comment_editor_snapshots() {
        let mut e = CommentEditor::open(
            "Customer called about the invoice.\nPromised a callback today.",
            Default::default(),
        );
        for k in typed(" Done.") {
            e.handle_key(k);
        }
        insta::assert_snapshot!(
            "comment_editor_80x24",
            render(80, 24, |f, a| draw_comment_editor(
                f,
                a,
                &e,
                &crate::ui::editing::testing::cx()
            ))
        );
        insta::assert_snapshot!(
            "comment_editor_160x45",
            render(160, 45, |f, a| draw_comment_editor(
                f,
                a,
                &e,
                &crate::ui::editing::testing::cx()
            ))
        );
    }

    #[test]
    fn over_the_limit_shows_an_error_marker() {
        let mut e = CommentEditor::new_comment(Default::default());
        e.paste(&"word ".repeat(3001));
        insta::assert_snapshot!(
            "comment_editor_over_limit_80x24",
            render(80, 24, |f, a| draw_comment_editor(
                f,
                a,
                &e,
                &crate::ui::editing::testing::cx()
            ))
        );
    }

    #[test]
    fn a_selection_takes_the_palettes_style() {
        let mut input = TextArea::new(vec!["select me".to_string()]);
        input.select_all();
        let mono = RenderContext::plain(
            crate::app::Theme::Monochrome,
            chrono::DateTime::UNIX_EPOCH,
            Rect::new(0, 0, 20, 1),
        );
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(20, 1)).unwrap();
        terminal
            .draw(|f| render_text(f, f.area(), &input, &mono))
            .unwrap();
        let cells = terminal.backend().buffer().content();
        assert!(cells.iter().all(|c| c.bg == ratatui::style::Color::Reset));
        assert!(
            cells[0]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        );
    }
}
