//! The comment editor: the text, a live character count, the keys.

use super::{hints, theme};
use crate::app::editing::CommentEditor;
use crate::edit::MAX_COMMENT_CHARS;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

/// Draws the comment editor filling `area`.
///
/// The text area draws the text as typed; ratatui drops control characters from cells, so none
/// reaches the terminal.
pub fn draw_comment_editor(frame: &mut Frame, area: Rect, editor: &CommentEditor) {
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
            theme::error(),
        )])
    } else {
        Line::from(Span::styled(
            format!(" {n} / {MAX_COMMENT_CHARS} "),
            theme::dim(),
        ))
    };
    let block = Block::bordered()
        .title(Line::from(Span::styled(title, theme::header())))
        .title(count.right_aligned())
        .title_bottom(hints(&editor.hints().pairs()));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(editor.textarea(), inner);
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
            render(80, 24, |f, a| draw_comment_editor(f, a, &e))
        );
        insta::assert_snapshot!(
            "comment_editor_160x45",
            render(160, 45, |f, a| draw_comment_editor(f, a, &e))
        );
    }

    #[test]
    fn over_the_limit_shows_an_error_marker() {
        let mut e = CommentEditor::new_comment(Default::default());
        e.paste(&"word ".repeat(3001));
        insta::assert_snapshot!(
            "comment_editor_over_limit_80x24",
            render(80, 24, |f, a| draw_comment_editor(f, a, &e))
        );
    }
}
