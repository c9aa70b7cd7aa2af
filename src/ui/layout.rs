//! Layout helpers every pane and overlay shares: widths are display columns (a CJK character or
//! an emoji takes two), never character counts.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::RenderContext;

/// `text` cut or padded to exactly `width` display columns (`…` marks a cut).
pub(crate) fn fit(text: &str, width: usize) -> String {
    let mut out = truncate(text, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `text` cut to `width` display columns, `…` marking the cut.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `line` cut to `width` columns, ending in `…` when it was cut, so a cut title or text never
/// reads as whole.
pub(crate) fn cut_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut left = width.saturating_sub(1);
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.content.width();
        if w <= left {
            left -= w;
            spans.push(span);
            continue;
        }
        // This span overflows (or the ones after it do): as much as fits, then `…`.
        let mut text = String::new();
        for c in span.content.chars() {
            let cw = UnicodeWidthChar::width(c).unwrap_or(0);
            if cw > left {
                break;
            }
            left -= cw;
            text.push(c);
        }
        text.push('…');
        spans.push(Span::styled(text, span.style));
        return Line::from(spans);
    }
    Line::from(spans)
}

/// The width of each column of a [`super::marked_table`] `table_width` columns wide: what the
/// table itself gives them (the marker column first, one column between), so a cell can be cut
/// to its column with an `…` before the table cuts it silently.
pub(crate) fn column_widths(
    table_width: u16,
    widths: &[ratatui::layout::Constraint],
) -> Vec<usize> {
    use ratatui::layout::{Constraint, Layout};
    let marker = super::MARKER.width() as u16;
    let [_, columns] = Layout::horizontal([Constraint::Length(marker), Constraint::Fill(0)])
        .areas(Rect::new(0, 0, table_width, 1));
    Layout::horizontal(widths.iter().copied())
        .spacing(1)
        .split(columns)
        .iter()
        .map(|r| r.width as usize)
        .collect()
}

/// A `width` x `height` rectangle centred in `area` (clipped to it).
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Word-wrap `text` to `width` display columns; a word longer than a line is split.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for word in text.split(' ') {
        let ww = word.width();
        if w > 0 && w + 1 + ww > width {
            out.push(std::mem::take(&mut line));
            w = 0;
        }
        if w > 0 {
            line.push(' ');
            w += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if w + cw > width {
                out.push(std::mem::take(&mut line));
                w = 0;
            }
            line.push(c);
            w += cw;
        }
    }
    out.push(line);
    out
}

/// A line of key hints, as the key table gives them (`KeyMap::hints`, `KeyMap::pane_hints`):
/// each key bold, then what it does, dim, separated by ` · `.
pub(crate) fn hints<K: AsRef<str>>(pairs: &[(K, &str)], cx: &RenderContext) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (i, (key, what)) in pairs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", cx.styles.dim()));
        }
        spans.push(Span::styled(
            key.as_ref().to_string(),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::styled(format!(" {what}"), cx.styles.dim()));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// [`hints`] cut to the entries that fit in `width` columns, so a narrow line loses its last
/// entries whole instead of ending in half a word.
pub(crate) fn hints_within<K: AsRef<str>>(
    pairs: &[(K, &str)],
    width: u16,
    cx: &RenderContext,
) -> Line<'static> {
    // As `hints` lays them out: a pad each side, ` · ` between entries, `key words` in each.
    // The closing pad may be cut; a word may not.
    let room = usize::from(width) + 1;
    let mut used = 2;
    let mut n = 0;
    for (i, (key, what)) in pairs.iter().enumerate() {
        used += if i > 0 { 3 } else { 0 } + key.as_ref().width() + 1 + what.width();
        if used > room {
            break;
        }
        n += 1;
    }
    hints(&pairs[..n], cx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_and_pads_by_display_width() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("日本語", 4), "日… ");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_splits_long_words_by_width() {
        assert_eq!(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 3), [""]);
        // Two columns each: three fit in six columns, not six characters.
        assert_eq!(wrap("日本語日本語", 6), ["日本語", "日本語"]);
        assert_eq!(wrap("日本語日本", 5), ["日本", "語日", "本"]);
    }

    #[test]
    fn hints_within_drops_whole_entries_that_do_not_fit() {
        let cx = crate::ui::RenderContext::plain(
            crate::app::Theme::Dark,
            chrono::DateTime::UNIX_EPOCH,
            Rect::new(0, 0, 80, 24),
        );
        let pairs = [("?", "help"), ("q", "quit")];
        let text = |l: Line| {
            l.spans
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
        };
        assert_eq!(text(hints(&pairs, &cx)), " ? help · q quit ");
        assert_eq!(text(hints_within(&pairs, 16, &cx)), " ? help · q quit ");
        assert_eq!(text(hints_within(&pairs, 15, &cx)), " ? help ");
        assert_eq!(text(hints_within(&pairs, 3, &cx)), "  ");
    }

    #[test]
    fn centered_clips_to_the_area() {
        let area = Rect::new(10, 5, 20, 10);
        assert_eq!(centered(area, 10, 4), Rect::new(15, 8, 10, 4));
        assert_eq!(centered(area, 40, 40), area);
    }
}
