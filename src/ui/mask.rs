//! Masking personal data on screen: e-mail addresses, phone numbers and customer ids.
//!
//! Masking happens only while drawing: the render context's `clean` (the place every service
//! string passes through on its way to the screen) applies [`mask`] when the frame masks. The
//! app's data, and so everything sent to the service or copied with `y`, stays unmasked.

use std::borrow::Cow;

/// The masking glyph.
const DOT: char = '•';

/// The value of field `field_id` as drawn with masking `on`: a `customer_id` value is masked
/// whole (it need not look like `cust-NNNNN`), anything else as any text is.
pub fn field_value<'a>(on: bool, field_id: &str, value: &'a str) -> Cow<'a, str> {
    match (on, field_id) {
        (false, _) => Cow::Borrowed(value),
        (true, "customer_id") => Cow::Owned(mask_whole(value)),
        (true, _) => mask(value),
    }
}

/// A whole value masked, keeping its last two characters (`cust-•••82`, `•••1e`).
fn mask_whole(value: &str) -> String {
    let m = mask(value);
    if m != value || value.chars().count() <= 2 {
        return m.into_owned();
    }
    let tail: String = value
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{DOT}{DOT}{DOT}{tail}")
}

/// Masks every e-mail address (`m•••@example.com`), phone number (`+44 •••• ••• 123`) and
/// customer id (`cust-•••82`) in `s`. Text without any is borrowed as it is.
pub fn mask(s: &str) -> Cow<'_, str> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if let Some((end, text)) = email_at(&chars, i)
            .or_else(|| customer_at(&chars, i))
            .or_else(|| phone_at(&chars, i))
        {
            out.push_str(&text);
            changed = true;
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_local_part(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// An e-mail address starting at `i`: `(end, masked)`.
fn email_at(c: &[char], i: usize) -> Option<(usize, String)> {
    if !is_local_part(c[i]) || (i > 0 && is_local_part(c[i - 1])) {
        return None;
    }
    let mut at = i;
    while at < c.len() && is_local_part(c[at]) {
        at += 1;
    }
    if at == i || at >= c.len() || c[at] != '@' {
        return None;
    }
    let mut end = at + 1;
    while end < c.len() && (c[end].is_ascii_alphanumeric() || matches!(c[end], '.' | '-')) {
        end += 1;
    }
    // A trailing full stop ends the sentence, not the domain.
    while end > at + 1 && c[end - 1] == '.' {
        end -= 1;
    }
    let domain: String = c[at + 1..end].iter().collect();
    if !domain.contains('.') || domain.starts_with('.') {
        return None;
    }
    Some((end, format!("{}{DOT}{DOT}{DOT}@{domain}", c[i])))
}

/// `cust-` and at least three digits starting at `i`.
fn customer_at(c: &[char], i: usize) -> Option<(usize, String)> {
    const PREFIX: [char; 5] = ['c', 'u', 's', 't', '-'];
    if c.len() < i + 8 || c[i..i + 5] != PREFIX || (i > 0 && is_word(c[i - 1])) {
        return None;
    }
    let mut end = i + 5;
    while end < c.len() && c[end].is_ascii_digit() {
        end += 1;
    }
    let digits = end - i - 5;
    if digits < 3 || (end < c.len() && is_word(c[end])) {
        return None;
    }
    let tail: String = c[end - 2..end].iter().collect();
    Some((end, format!("cust-{DOT}{DOT}{DOT}{tail}")))
}

/// A phone number starting at `i`: `+` and at least 7 digits, or at least 10 digits, with
/// spaces, dashes, dots or parentheses between them; not part of a word, a date or a time.
fn phone_at(c: &[char], i: usize) -> Option<(usize, String)> {
    let plus = c[i] == '+';
    let starts = plus || c[i] == '(' || c[i].is_ascii_digit();
    if !starts || (i > 0 && (is_word(c[i - 1]) || matches!(c[i - 1], '+' | '-' | '.' | '/'))) {
        return None;
    }
    let mut end = i + usize::from(plus);
    let mut digits = 0;
    let mut last_digit = end;
    while end < c.len() {
        let ch = c[end];
        if ch.is_ascii_digit() {
            digits += 1;
            last_digit = end + 1;
        } else if !matches!(ch, ' ' | '-' | '.' | '(' | ')') {
            break;
        }
        end += 1;
    }
    let end = last_digit;
    if digits < if plus { 7 } else { 10 } || end <= i {
        return None;
    }
    // Followed by a letter or `:` it is an id or a time, not a phone number.
    if end < c.len() && (is_word(c[end]) || c[end] == ':') {
        return None;
    }
    // A date-like run (2024-04-22 ...) is never a phone number.
    let text: String = c[i..end].iter().collect();
    if !plus && text.len() >= 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-' {
        return None;
    }
    // Keep the country code and the last three digits.
    let keep_head = if plus {
        c[i + 1..end]
            .iter()
            .position(|ch| !ch.is_ascii_digit())
            .map_or(0, |p| p + 1)
    } else {
        0
    };
    let mut seen = 0;
    let masked: String = c[i..end]
        .iter()
        .enumerate()
        .map(|(k, &ch)| {
            if !ch.is_ascii_digit() {
                return ch;
            }
            seen += 1;
            if k < keep_head || seen > digits - 3 {
                ch
            } else {
                DOT
            }
        })
        .collect();
    Some((end, masked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            mask("mail maria.lopez@example.com now"),
            "mail m•••@example.com now"
        );
        assert_eq!(mask("<a@b.co>."), "<a•••@b.co>.");
        assert_eq!(
            mask("ends with x@example.org."),
            "ends with x•••@example.org."
        );
        assert_eq!(mask("not @ an address"), "not @ an address");
        assert_eq!(mask("user@localhost"), "user@localhost");
    }

    #[test]
    fn phones() {
        assert_eq!(mask("call +44 7700 900123"), "call +44 •••• •••123");
        assert_eq!(mask("+44 7700 900 123"), "+44 •••• ••• 123");
        assert_eq!(mask("+15551234567"), "+••••••••567");
        assert_eq!(mask("(555) 123-4567 ok"), "(•••) •••-•567 ok");
        assert_eq!(mask("020 7946 0958"), "••• •••• •958");
    }

    #[test]
    fn not_phones() {
        for s in [
            "2024-04-22T14:03:00Z",
            "2024-04-22 14:03",
            "tracking 1Z999AA10123456784",
            "order #4411",
            "ref 58213",
            "arn:aws:connect:us-east-1:111122223333:instance/i-1",
            "http://127.0.0.1:4566",
            "c-1001 and case-0001",
            "129.00",
        ] {
            assert_eq!(mask(s), s, "{s}");
            assert!(matches!(mask(s), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn customers() {
        assert_eq!(mask("cust-10482"), "cust-•••82");
        assert_eq!(mask("for cust-11607, see"), "for cust-•••07, see");
        assert_eq!(mask("xcust-10482"), "xcust-10482");
        assert_eq!(mask("cust-12"), "cust-12");
    }

    #[test]
    fn customer_id_field_is_masked_whole_only_when_active() {
        let arn = "arn:aws:profile:us-east-1:1:domains/p/profiles/8c1e";
        assert_eq!(field_value(false, "customer_id", arn), arn);
        assert_eq!(field_value(true, "customer_id", arn), "•••1e");
        assert_eq!(field_value(true, "customer_id", "cust-10482"), "cust-•••82");
        assert_eq!(field_value(true, "title", "hi a@b.io"), "hi a•••@b.io");
    }
}
