//! The comment editor: a full multi-line editor over a comment body.

use super::{EditorOutcome, Hints, SharedKeys, is_press};
use crate::app::keymap::{Action, Scope};
use crate::edit::MAX_COMMENT_CHARS;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::{CursorMove, DataCursor, TextArea, WrapMode};

/// Editing a comment body. `stage_comment` (Esc, Ctrl-S) closes it and says what to stage.
///
/// The character count is kept up to date incrementally: an ordinary key only recounts the few
/// lines around the cursor, so a huge pasted comment does not make typing slow.
pub struct CommentEditor {
    input: TextArea<'static>,
    original: String,
    is_new: bool,
    /// Characters of all lines, without the newlines between them.
    line_chars: usize,
    /// How often the whole text was counted (tests check ordinary keys never do).
    full_recounts: usize,
    keys: SharedKeys,
}

impl CommentEditor {
    /// An editor for a new comment (empty).
    pub fn new_comment(keys: SharedKeys) -> Self {
        Self::with_text("", true, keys)
    }

    /// An editor opened on an existing comment's current body (or a staged draft's body), the
    /// cursor at its end.
    pub fn open(body: &str, keys: SharedKeys) -> Self {
        Self::with_text(body, false, keys)
    }

    fn with_text(body: &str, is_new: bool, keys: SharedKeys) -> Self {
        let lines: Vec<String> = body.split('\n').map(str::to_string).collect();
        let mut input = TextArea::new(lines);
        input.move_cursor(CursorMove::Bottom);
        input.move_cursor(CursorMove::End);
        input.set_cursor_line_style(ratatui::style::Style::default());
        input.set_wrap_mode(WrapMode::WordOrGlyph);
        let mut editor = Self {
            input,
            original: body.to_string(),
            is_new,
            line_chars: 0,
            full_recounts: 0,
            keys,
        };
        editor.recount();
        editor
    }

    /// The body it opened on (what closing compares with).
    pub fn original(&self) -> &str {
        &self.original
    }

    /// `true` for a comment that does not exist yet.
    pub fn is_new(&self) -> bool {
        self.is_new
    }

    /// The text area, for drawing.
    pub fn textarea(&self) -> &TextArea<'static> {
        &self.input
    }

    /// The body as it is now.
    pub fn body(&self) -> String {
        self.input.lines().join("\n")
    }

    /// Characters in the body, newlines included (as the service counts them).
    pub fn char_count(&self) -> usize {
        self.line_chars + self.input.lines().len() - 1
    }

    /// `true` when the body is longer than the service accepts.
    pub fn over_limit(&self) -> bool {
        self.char_count() > MAX_COMMENT_CHARS
    }

    /// The scope of the key table the editor's commands are in.
    pub fn scope(&self) -> Scope {
        Scope::CommentEditor
    }

    /// The hint line, from the key table.
    pub fn hints(&self) -> Hints {
        Hints(self.keys.hints(self.scope(), |_| true))
    }

    /// Handles one key: a command of the key table, or else text for the text area.
    pub fn handle_key(&mut self, key: KeyEvent) -> EditorOutcome {
        if !is_press(&key) {
            return EditorOutcome::Continue;
        }
        match self.keys.command(self.scope(), &key) {
            Some(action) => self.handle(action),
            None => self.key(key),
        }
    }

    /// Answers one of the editor's actions.
    pub fn handle(&mut self, action: Action) -> EditorOutcome {
        match action {
            Action::StageComment => return self.close(),
            Action::ExternalEditor => return EditorOutcome::External(self.body()),
            Action::Undo if self.input.undo() => self.recount(),
            Action::Redo if self.input.redo() => self.recount(),
            _ => {}
        }
        EditorOutcome::Continue
    }

    /// Text entry: the key goes to the text area.
    pub fn key(&mut self, key: KeyEvent) -> EditorOutcome {
        let selecting = self.input.is_selecting();
        let local = !selecting && is_local_edit(&key);
        let lines_before = self.input.lines().len();
        let DataCursor(row, _) = self.input.cursor();
        let (lo, hi) = (row.saturating_sub(1), (row + 1).min(lines_before - 1));
        let window_before = if local {
            count(&self.input.lines()[lo..=hi])
        } else {
            0
        };
        // With a selection, TextArea may delete it yet answer "not modified" (Ctrl-Y with an
        // empty yank), so only a key without one can be trusted to have changed nothing.
        if !self.input.input(key) && !selecting {
            return EditorOutcome::Continue;
        }
        let lines_after = self.input.lines().len();
        let hi_after = hi as isize + lines_after as isize - lines_before as isize;
        if local && hi_after >= lo as isize && (hi_after as usize) < lines_after {
            // An ordinary key changes at most the line under the cursor and its neighbours.
            let window_after = count(&self.input.lines()[lo..=hi_after as usize]);
            self.line_chars = self.line_chars + window_after - window_before;
        } else {
            self.recount();
        }
        EditorOutcome::Continue
    }

    /// Inserts pasted text at the cursor (bracketed paste). Carriage returns are dropped.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if self.input.is_selecting() {
            self.input.insert_str(&text);
            self.recount();
        } else {
            self.input.insert_str(&text);
            self.line_chars += text.chars().filter(|c| *c != '\n').count();
        }
    }

    /// Replaces the whole body (text written in an external editor), the cursor at its end.
    pub fn replace_body(&mut self, body: &str) {
        let lines: Vec<String> = body.split('\n').map(str::to_string).collect();
        let mut input = TextArea::new(lines);
        input.move_cursor(CursorMove::Bottom);
        input.move_cursor(CursorMove::End);
        input.set_cursor_line_style(ratatui::style::Style::default());
        input.set_wrap_mode(WrapMode::WordOrGlyph);
        self.input = input;
        self.recount();
    }

    /// What closing the editor now would stage (as `Esc` does).
    pub fn finish(&self) -> EditorOutcome {
        self.close()
    }

    fn close(&self) -> EditorOutcome {
        let body = self.body();
        if self.is_new && body.trim().is_empty() {
            EditorOutcome::Cancel
        } else if body == self.original {
            EditorOutcome::Unchanged
        } else {
            EditorOutcome::Stage(body)
        }
    }

    fn recount(&mut self) {
        self.full_recounts += 1;
        self.line_chars = count(self.input.lines());
    }
}

fn count(lines: &[String]) -> usize {
    lines.iter().map(|l| l.chars().count()).sum()
}

/// Keys whose edit stays within the cursor's line and its neighbours (when nothing is selected).
fn is_local_edit(key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(c) if ctrl => matches!(c, 'h' | 'd' | 'k' | 'j' | 'm' | 'w'),
        KeyCode::Char(c) if alt => matches!(c, 'h' | 'd'),
        KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab => true,
        KeyCode::Backspace | KeyCode::Delete => true,
        _ => false,
    }
}

impl std::fmt::Debug for CommentEditor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommentEditor")
            .field("is_new", &self.is_new)
            .field("chars", &self.char_count())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editing::keys::*;

    fn feed(e: &mut CommentEditor, keys: impl IntoIterator<Item = KeyEvent>) {
        for k in keys {
            assert_eq!(e.handle_key(k), EditorOutcome::Continue);
        }
    }

    #[test]
    fn opens_at_the_end_and_esc_stages_the_new_body() {
        let mut e = CommentEditor::open("first line\nsecond", Default::default());
        assert_eq!(e.textarea().cursor(), DataCursor(1, 6));
        feed(&mut e, typed(" line"));
        feed(&mut e, [enter()]);
        feed(&mut e, typed("third"));
        assert_eq!(e.char_count(), "first line\nsecond line\nthird".len());
        assert_eq!(
            e.handle_key(esc()),
            EditorOutcome::Stage("first line\nsecond line\nthird".into())
        );
    }

    #[test]
    fn unchanged_text_and_an_empty_new_comment_stage_nothing() {
        let mut e = CommentEditor::open("same", Default::default());
        feed(&mut e, [ch('x'), bs()]);
        assert_eq!(e.handle_key(esc()), EditorOutcome::Unchanged);
        let mut n = CommentEditor::new_comment(Default::default());
        feed(&mut n, typed("  "));
        assert_eq!(n.handle_key(esc()), EditorOutcome::Cancel);
        let mut n = CommentEditor::new_comment(Default::default());
        feed(&mut n, typed("hi"));
        assert_eq!(n.handle_key(ctrl('s')), EditorOutcome::Stage("hi".into()));
    }

    #[test]
    fn the_count_follows_every_kind_of_edit() {
        let mut e = CommentEditor::open("héllo wörld\nsecond line\nthird", Default::default());
        let keys = [
            bs(),
            enter(),
            enter(),
            ch('é'),
            key(KeyCode::Up),
            key(KeyCode::Home),
            bs(),
            bs(),
            ctrl('k'),
            ctrl('w'),
            ctrl('u'),
            ctrl('u'),
            ctrl('r'),
            key(KeyCode::Delete),
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT),
            ctrl('j'),
            key(KeyCode::Tab),
            ctrl('y'),
            key(KeyCode::Down),
            key(KeyCode::End),
            key(KeyCode::Delete),
            ctrl('m'),
        ];
        for k in keys {
            e.handle_key(k);
            assert_eq!(e.char_count(), e.body().chars().count(), "after {k:?}");
        }
        e.paste("pasted\r\ntwo lines");
        assert_eq!(e.char_count(), e.body().chars().count());
    }

    fn any_key() -> impl proptest::strategy::Strategy<Value = KeyEvent> {
        use proptest::prelude::*;
        let codes = prop_oneof![
            proptest::sample::select(vec!['a', 'é', ' ', '日', '\t']).prop_map(KeyCode::Char),
            proptest::sample::select(vec![
                KeyCode::Enter,
                KeyCode::Backspace,
                KeyCode::Delete,
                KeyCode::Left,
                KeyCode::Right,
                KeyCode::Up,
                KeyCode::Down,
                KeyCode::Home,
                KeyCode::End,
                KeyCode::Tab,
            ]),
        ];
        let ctrl_keys = proptest::sample::select(vec![
            'h', 'd', 'k', 'j', 'm', 'w', 'u', 'r', 'y', 'x', 'c', 'v',
        ])
        .prop_map(ctrl);
        let alt_keys = proptest::sample::select(vec!['h', 'd', 'f', 'b'])
            .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
        let shifted = proptest::sample::select(vec![KeyCode::Left, KeyCode::Right, KeyCode::Up])
            .prop_map(|c| KeyEvent::new(c, KeyModifiers::SHIFT));
        prop_oneof![4 => codes.prop_map(key), 2 => ctrl_keys, 1 => alt_keys, 1 => shifted]
    }

    proptest::proptest! {
        /// Whatever is typed, the incremental count equals a full count of the body.
        #[test]
        fn the_count_is_always_exact(
            start in "[a-z é\n]{0,40}",
            keys in proptest::collection::vec(any_key(), 0..60),
        ) {
            let mut e = CommentEditor::open(&start, Default::default());
            for k in keys {
                e.handle_key(k);
                proptest::prop_assert_eq!(e.char_count(), e.body().chars().count(), "after {:?}", k);
            }
        }
    }

    #[test]
    fn over_the_limit_is_flagged() {
        let mut e = CommentEditor::new_comment(Default::default());
        e.paste(&"a".repeat(MAX_COMMENT_CHARS));
        assert!(!e.over_limit());
        feed(&mut e, [ch('b')]);
        assert!(e.over_limit());
        assert_eq!(e.char_count(), MAX_COMMENT_CHARS + 1);
    }

    #[test]
    fn typing_into_a_huge_comment_never_recounts_it() {
        // TextArea itself refreshes its screen map per edit; the editor adds no whole-text work
        // for ordinary keys.
        let big = "lorem ipsum dolor sit amet\n".repeat(2000) + &"x".repeat(100_000);
        let mut e = CommentEditor::new_comment(Default::default());
        e.paste(&big);
        let recounts = e.full_recounts;
        let mut keys = typed("typing along");
        keys.extend([
            enter(),
            bs(),
            bs(),
            key(KeyCode::Delete),
            key(KeyCode::Left),
        ]);
        keys.extend([ctrl('w'), ctrl('k'), enter(), key(KeyCode::Tab)]);
        feed(&mut e, keys);
        assert_eq!(e.full_recounts, recounts);
        assert_eq!(e.char_count(), e.body().chars().count());
    }
}
