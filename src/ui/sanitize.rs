//! The one place text from the service (and typed text shown back) is made safe to draw. Every
//! pane and editing component draws strings through [`clean`] or [`lines`].
//!
//! A terminal must never receive a raw escape or control character from data: an OSC sequence
//! could retitle the window or write the clipboard, `ESC[2J` could wipe the screen, a carriage
//! return or backspace could overwrite what is drawn. They become visible placeholders instead, so
//! nothing is hidden either. Bidi overrides and isolates, which reorder what is shown around them,
//! become placeholders too. Emoji sequences whose width terminals disagree on (ZWJ families,
//! variation selectors, skin tones) are shown as their parts, so every terminal puts the next
//! column where the layout expects it.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Shown for a C1 control, a bidi control, or anything else that has no picture of its own:
/// `␦` (SUBSTITUTE), not `�`, because terminal parsers (the vt100 crate, some emulators) take
/// U+FFFD as their own decoding-error marker and drop it, which shifts the rest of the row. A
/// U+FFFD in the data is shown as `␦` for the same reason.
pub const REPLACEMENT: char = '\u{2426}';

/// `s` made safe to draw: C0 controls become their Control Pictures (`␛` ESC, `␇` BEL,
/// `␈` backspace, `␍` carriage return, `␊` newline, `␀` NUL), DEL becomes `␡`, a tab a space,
/// C1 controls (U+0080–U+009F, e.g. the one-byte CSI U+009B), bidi controls and `�` become `␦`. Text without
/// any of these is borrowed as it is. Callers that keep line structure split first ([`lines`]).
/// Panes draw through the render context's `clean`, which masks personal data as well.
pub fn clean(s: &str) -> Cow<'_, str> {
    let simple = s.bytes().all(|b| (0x20..0x7f).contains(&b));
    if simple {
        return Cow::Borrowed(s);
    }
    let replaced: String = s.chars().map(placeholder).collect();
    let out = split_ambiguous_graphemes(&replaced);
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

/// Multi-line text as sanitized lines (`\r\n` and `\n` both end a line).
pub fn lines(s: &str) -> Vec<String> {
    s.split('\n')
        .map(|l| clean(l.strip_suffix('\r').unwrap_or(l)).into_owned())
        .collect()
}

/// Whether `c` is never drawn as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffd}')
}

/// The bidi marks, embeddings, overrides and isolates (and the Arabic letter mark).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

fn placeholder(c: char) -> char {
    match c {
        '\t' => ' ',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or(REPLACEMENT),
        '\u{7f}' => '␡',
        c if is_unsafe(c) => REPLACEMENT,
        c => c,
    }
}

/// Keeps each grapheme whose width as a whole (what ratatui lays out) equals the sum of its
/// characters' widths (what most terminals advance the cursor by); any other is reduced to
/// its characters that draw on their own, dropping joiners, variation selectors and modifiers.
fn split_ambiguous_graphemes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for g in s.graphemes(true) {
        if g.width() == chars_width(g) {
            out.push_str(g);
            continue;
        }
        for c in g.chars() {
            let joins =
                matches!(c, '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}');
            if !joins {
                out.push(c);
            }
        }
    }
    out
}

fn chars_width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_and_controls_become_visible() {
        assert_eq!(clean("a\x1b[31mred"), "a␛[31mred");
        assert_eq!(clean("\x1b]0;pwned\x07"), "␛]0;pwned␇");
        assert_eq!(clean("x\u{9b}y\u{7}z\r"), "x␦y␇z␍");
        assert_eq!(clean("bad \u{fffd}"), "bad ␦");
        assert_eq!(clean("back\x08space\x7f"), "back␈space␡");
        assert_eq!(clean("nul\0 nl\n"), "nul␀ nl␊");
        assert_eq!(clean("tab\there"), "tab here");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert!(matches!(clean("日本語 é ü"), Cow::Borrowed(_)));
        assert_eq!(lines("one\r\ntwo\x1b"), vec!["one", "two␛"]);
    }

    #[test]
    fn bidi_controls_become_visible() {
        assert_eq!(clean("a\u{202e}txt.exe\u{202c}"), "a␦txt.exe␦");
        assert_eq!(clean("\u{2066}x\u{2069}\u{200f}"), "␦x␦␦");
        // Right-to-left text itself is kept.
        assert_eq!(clean("مرحبا שלום"), "مرحبا שלום");
    }

    #[test]
    fn emoji_sequences_keep_the_width_terminals_agree_on() {
        // A ZWJ family: ratatui would lay it out as 2 columns, many terminals draw 8.
        let family = clean("👩\u{200d}👩\u{200d}👧");
        assert_eq!(family, "👩👩👧");
        assert_eq!(family.width(), chars_width(&family));
        assert_eq!(clean("👍\u{1f3fd}"), "👍");
        assert_eq!(clean("🏳\u{fe0f}"), "🏳");
        // Combining marks, CJK and plain emoji are untouched.
        assert!(matches!(clean("e\u{301} 日本 📦"), Cow::Borrowed(_)));
        assert!(matches!(clean("a\u{200b}b"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn output_never_holds_a_control_or_bidi_character(s in "\\PC*|[\\x00-\\x{ff}\\x{200b}-\\x{206f}\\x{fe00}-\\x{fe0f}\\x{1f300}-\\x{1f3ff}]{0,40}") {
            let out = clean(&s);
            prop_assert!(!out.chars().any(is_unsafe), "{:?} -> {:?}", s, out);
            prop_assert_eq!(out.width(), chars_width(&out), "{:?} -> {:?}", s, out);
            // Nothing is lost silently: each unsafe character left a placeholder.
            let unsafe_in = s.chars().filter(|&c| is_unsafe(c) && c != '\t').count();
            let shown = out.chars().filter(|&c| ('\u{2400}'..='\u{2426}').contains(&c)).count();
            prop_assert!(shown >= unsafe_in, "{:?} -> {:?}", s, out);
        }

        #[test]
        fn lines_never_hold_a_control(s in "[\\x00-\\x{ff}a-z\\x{202a}-\\x{202e}]{0,60}") {
            for line in lines(&s) {
                prop_assert!(!line.chars().any(is_unsafe), "{:?} -> {:?}", s, line);
            }
        }
    }
}
