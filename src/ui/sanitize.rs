//! The one place service text is made safe to draw.

use std::borrow::Cow;

/// Replace what a terminal would interpret (ESC, other C0/C1 controls, DEL) with visible
/// placeholders: `␛` for ESC, a space for tab, `�` for the rest. Newlines count as controls here;
/// callers that keep line structure split on `\n` first (see `lines`). While a masked frame is
/// drawn, personal data is masked as well (see `mask`).
pub fn clean(s: &str) -> Cow<'_, str> {
    match controls_replaced(s) {
        Cow::Borrowed(b) => super::mask::masked(b),
        Cow::Owned(o) => Cow::Owned(super::mask::masked(&o).into_owned()),
    }
}

fn controls_replaced(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_replacing) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\x1b' => '␛',
                '\t' => ' ',
                c if needs_replacing(c) => '�',
                c => c,
            })
            .collect(),
    )
}

/// Multi-line text as sanitized lines (`\r\n` and `\n` both end a line).
pub fn lines(s: &str) -> Vec<String> {
    s.split('\n')
        .map(|l| clean(l.strip_suffix('\r').unwrap_or(l)).into_owned())
        .collect()
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || c == '\u{7f}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_become_visible() {
        assert_eq!(clean("a\x1b[31mred"), "a␛[31mred");
        assert_eq!(clean("x\u{9b}y\u{7}z\r"), "x�y�z�");
        assert_eq!(clean("tab\there"), "tab here");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert_eq!(lines("one\r\ntwo\x1b"), vec!["one", "two␛"]);
    }
}
