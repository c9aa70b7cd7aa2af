//! The one line diff of two comment bodies. Line endings are normalised first (`\r\n` and a lone
//! `\r` end a line as `\n` does) and a missing final newline is ignored, so a body that only
//! changed its line endings, or lost its last newline, compares equal.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

/// How long a diff may take before it settles for a coarser answer (a very long body).
const DEADLINE: Duration = Duration::from_millis(100);

/// A line diff of two comment bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentDiff {
    /// The old body's lines, without their line endings.
    pub old: Vec<String>,
    /// The new body's lines, without their line endings.
    pub new: Vec<String>,
    /// The edit script from `old` to `new`.
    pub ops: Vec<DiffOp>,
}

/// One line of a diff as shown: kept, removed or added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    /// In both bodies.
    Same(String),
    /// Only in the old body.
    Removed(String),
    /// Only in the new body.
    Added(String),
}

impl DiffLine {
    /// The gutter mark: ` `, `-` or `+`.
    pub fn gutter(&self) -> char {
        match self {
            Self::Same(_) => ' ',
            Self::Removed(_) => '-',
            Self::Added(_) => '+',
        }
    }

    /// The line's text, without its line ending.
    pub fn text(&self) -> &str {
        match self {
            Self::Same(s) | Self::Removed(s) | Self::Added(s) => s,
        }
    }
}

/// The lines of `body`: `\r\n`, `\r` and `\n` each end a line; a final line ending adds no
/// empty line, and an empty body has no lines.
pub fn body_lines(body: &str) -> Vec<String> {
    if body.is_empty() {
        return Vec::new();
    }
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let body = body.strip_suffix('\n').unwrap_or(&body);
    body.split('\n').map(str::to_string).collect()
}

/// The line diff from `old` to `new`.
pub fn comment_diff(old: &str, new: &str) -> CommentDiff {
    let (old, new) = (body_lines(old), body_lines(new));
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &old,
        &new,
        Instant::now().checked_add(DEADLINE),
    );
    CommentDiff { old, new, ops }
}

impl CommentDiff {
    /// `(added, removed)` line counts.
    pub fn stat(&self) -> (usize, usize) {
        let (mut plus, mut minus) = (0, 0);
        for op in &self.ops {
            match *op {
                DiffOp::Insert { new_len, .. } => plus += new_len,
                DiffOp::Delete { old_len, .. } => minus += old_len,
                DiffOp::Replace {
                    old_len, new_len, ..
                } => {
                    plus += new_len;
                    minus += old_len;
                }
                DiffOp::Equal { .. } => {}
            }
        }
        (plus, minus)
    }

    /// Every line in order, each kept, removed or added.
    pub fn lines(&self) -> Vec<DiffLine> {
        let mut out = Vec::new();
        for op in &self.ops {
            let (o, n) = (op.old_range(), op.new_range());
            match *op {
                DiffOp::Equal { .. } => out.extend(self.old[o].iter().cloned().map(DiffLine::Same)),
                DiffOp::Delete { .. } => {
                    out.extend(self.old[o].iter().cloned().map(DiffLine::Removed))
                }
                DiffOp::Insert { .. } => {
                    out.extend(self.new[n].iter().cloned().map(DiffLine::Added))
                }
                DiffOp::Replace { .. } => {
                    out.extend(self.old[o].iter().cloned().map(DiffLine::Removed));
                    out.extend(self.new[n].iter().cloned().map(DiffLine::Added));
                }
            }
        }
        out
    }

    /// The changes in hunks with `context` unchanged lines around each.
    pub fn hunks(&self, context: usize) -> Vec<Vec<DiffOp>> {
        similar::group_diff_ops(self.ops.clone(), context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(d: &CommentDiff) -> Vec<String> {
        d.lines()
            .iter()
            .map(|l| format!("{}{}", l.gutter(), l.text()))
            .collect()
    }

    #[test]
    fn marks_lines() {
        let d = comment_diff("one\ntwo\nthree", "one\n2\nthree\nfour");
        assert_eq!(shown(&d), [" one", "-two", "+2", " three", "+four"]);
        assert_eq!(d.stat(), (2, 1));
    }

    #[test]
    fn crlf_and_lf_are_the_same_text() {
        let d = comment_diff("one\r\ntwo\r\n", "one\ntwo\n");
        assert_eq!(d.stat(), (0, 0));
        assert_eq!(shown(&d), [" one", " two"]);
        let d = comment_diff("one\rtwo", "one\ntwo");
        assert_eq!(d.stat(), (0, 0));
    }

    #[test]
    fn a_missing_final_newline_is_no_change() {
        assert_eq!(comment_diff("one\ntwo", "one\ntwo\n").stat(), (0, 0));
        assert_eq!(comment_diff("one\r\ntwo", "one\ntwo\n").stat(), (0, 0));
        // Only a changed last line counts, not its ending.
        let d = comment_diff("one\ntwo", "one\nthree\n");
        assert_eq!(shown(&d), [" one", "-two", "+three"]);
    }

    #[test]
    fn empty_bodies() {
        assert_eq!(body_lines(""), Vec::<String>::new());
        assert_eq!(body_lines("\n"), [""]);
        assert_eq!(shown(&comment_diff("", "hi")), ["+hi"]);
        assert_eq!(comment_diff("", "").stat(), (0, 0));
    }
}
