//! Diff lines for the review: a comment's line diff with word-level highlighting inside changed
//! lines, and a custom item's field changes. Every line starts with a gutter (` `, `-`, `+`, `~`)
//! so the meaning never relies on colour.

use super::theme;
use crate::app::editing::{def_for, display_value};
use crate::edit::{Base, Content, Draft, comment_diff};
use crate::model::{FieldDef, FieldOption, FieldValue};
use crate::ui::RenderContext;
use std::collections::HashMap;

/// SingleSelect options by field id, for option labels.
pub type Options = HashMap<String, Vec<FieldOption>>;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use similar::{ChangeTag, DiffOp, TextDiff};
use std::time::Duration;

/// Lines of context kept around each change of a comment.
const CONTEXT: usize = 3;

/// The diff lines of a draft.
pub fn draft_lines(
    draft: &Draft,
    defs: &[FieldDef],
    options: &Options,
    cx: &RenderContext,
) -> Vec<Line<'static>> {
    match (&draft.base, draft.content()) {
        (Base::Custom { .. } | Base::CaseFields { .. } | Base::NewCase { .. }, _) => {
            field_lines(draft, defs, options, cx)
        }
        (Base::Comment { body }, Content::Comment(new)) => comment_lines(body, &new, cx),
        (Base::NewComment, Content::Comment(new)) => comment_lines("", &new, cx),
        (
            Base::Sla {
                created, target, ..
            },
            Content::SlaTarget {
                minutes,
                target: new,
            },
        ) => sla_lines(*created, *target, minutes, new, cx),
        _ => Vec::new(),
    }
}

/// An SLA target's change: the target (counted from the SLA's creation) and the due time.
fn sla_lines(
    created: chrono::DateTime<chrono::Utc>,
    old: chrono::DateTime<chrono::Utc>,
    minutes: i64,
    new: chrono::DateTime<chrono::Utc>,
    cx: &RenderContext,
) -> Vec<Line<'static>> {
    let change = |name: &str, old: String, new: String| {
        Line::from(vec![
            Span::styled("~ ", theme::changed(cx)),
            Span::styled(format!("{name}: "), theme::header(cx)),
            Span::styled(old, theme::removed(cx)),
            Span::raw(" → "),
            Span::styled(new, theme::added(cx)),
        ])
    };
    let due = crate::app::format::datetime;
    let mut lines = vec![
        change(
            "Target",
            crate::edit::format_minutes(crate::edit::sla_minutes(created, old)),
            crate::edit::format_minutes(minutes),
        ),
        change("Due", due(old), due(new)),
        Line::styled(
            format!(
                "  counted from the SLA's creation, {}; the service recalculates its status",
                due(created)
            ),
            theme::dim(cx),
        ),
    ];
    if let Some(warning) = past_target_warning(new, cx.now) {
        lines.push(Line::styled(format!("! {warning}"), theme::notice(cx)));
    }
    lines
}

/// A new SLA target already past is legal, but worth saying: once saved the SLA is overdue.
pub fn past_target_warning(
    new: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<String> {
    (new <= now).then(|| {
        format!(
            "the new due time is already past ({}); once saved the SLA is overdue",
            crate::app::format::relative(new, now)
        )
    })
}

/// A field's name for display: its definition's name, or the raw id.
pub fn field_name(id: &str, defs: &[FieldDef], cx: &RenderContext) -> String {
    if id == "comment.body" {
        return "Comment".into();
    }
    cx.clean(
        defs.iter()
            .find(|d| d.id == id)
            .map_or(id, |d| d.name.as_str()),
    )
    .into_owned()
}

/// A value for display; `None` (absent) is `(absent)`.
pub fn value_text(
    id: &str,
    value: Option<&FieldValue>,
    defs: &[FieldDef],
    options: &Options,
    cx: &RenderContext,
) -> String {
    match value {
        None => "(absent)".into(),
        Some(v) => {
            let def = def_for(id, defs, Some(v));
            let opts = options.get(id).map(Vec::as_slice).unwrap_or_default();
            cx.clean(&display_value(v, Some(&def), opts)).into_owned()
        }
    }
}

fn field_lines(
    draft: &Draft,
    defs: &[FieldDef],
    options: &Options,
    cx: &RenderContext,
) -> Vec<Line<'static>> {
    draft
        .field_changes()
        .iter()
        .map(|c| {
            let name = field_name(&c.id, defs, cx);
            match (&c.old, &c.new) {
                (Some(old), Some(new)) => Line::from(vec![
                    Span::styled("~ ", theme::changed(cx)),
                    Span::styled(format!("{name}: "), theme::header(cx)),
                    Span::styled(
                        value_text(&c.id, Some(old), defs, options, cx),
                        theme::removed(cx),
                    ),
                    Span::raw(" → "),
                    Span::styled(
                        value_text(&c.id, Some(new), defs, options, cx),
                        theme::added(cx),
                    ),
                ]),
                (None, new) => Line::styled(
                    format!(
                        "+ {name}: {}",
                        value_text(&c.id, new.as_ref(), defs, options, cx)
                    ),
                    theme::added(cx),
                ),
                (old, None) => Line::styled(
                    format!(
                        "- {name}: {}",
                        value_text(&c.id, old.as_ref(), defs, options, cx)
                    ),
                    theme::removed(cx),
                ),
            }
        })
        .collect()
}

/// A line diff of two texts in hunks with context; in a changed line the changed words are
/// highlighted as well.
pub fn comment_lines(old: &str, new: &str, cx: &RenderContext) -> Vec<Line<'static>> {
    let diff = comment_diff(old, new);
    let line = |s: Option<&String>| cx.clean(s.map_or("", String::as_str)).into_owned();
    let old_line = |i: usize| line(diff.old.get(i));
    let new_line = |i: usize| line(diff.new.get(i));
    let mut out = Vec::new();
    for (g, group) in diff.hunks(CONTEXT).iter().enumerate() {
        if g > 0 {
            out.push(Line::styled("  ⋯", theme::dim(cx)));
        }
        for op in group {
            match *op {
                DiffOp::Equal { old_index, len, .. } => {
                    for i in old_index..old_index + len {
                        out.push(Line::raw(format!("  {}", old_line(i))));
                    }
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => {
                    for i in old_index..old_index + old_len {
                        out.push(whole("- ", old_line(i), theme::removed(cx)));
                    }
                }
                DiffOp::Insert {
                    new_index, new_len, ..
                } => {
                    for i in new_index..new_index + new_len {
                        out.push(whole("+ ", new_line(i), theme::added(cx)));
                    }
                }
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    // Pair the lines up for word highlighting; the rest are whole-line changes.
                    let paired = old_len.min(new_len);
                    let mut minus = Vec::new();
                    let mut plus = Vec::new();
                    for k in 0..paired {
                        let (m, p) =
                            word_pair(&old_line(old_index + k), &new_line(new_index + k), cx);
                        minus.push(m);
                        plus.push(p);
                    }
                    for i in old_index + paired..old_index + old_len {
                        minus.push(whole("- ", old_line(i), theme::removed(cx)));
                    }
                    for i in new_index + paired..new_index + new_len {
                        plus.push(whole("+ ", new_line(i), theme::added(cx)));
                    }
                    out.extend(minus);
                    out.extend(plus);
                }
            }
        }
    }
    out
}

fn whole(gutter: &'static str, text: String, style: Style) -> Line<'static> {
    Line::from(vec![Span::styled(gutter, style), Span::styled(text, style)])
}

/// An old and a new line with the words that differ highlighted in each.
fn word_pair(old: &str, new: &str, cx: &RenderContext) -> (Line<'static>, Line<'static>) {
    let diff = TextDiff::configure()
        .timeout(Duration::from_millis(20))
        .diff_words(old, new);
    let mut minus = vec![Span::styled("- ", theme::removed(cx))];
    let mut plus = vec![Span::styled("+ ", theme::added(cx))];
    for change in diff.iter_all_changes() {
        let text = change.value().to_string();
        match change.tag() {
            ChangeTag::Equal => {
                minus.push(Span::styled(text.clone(), theme::removed(cx)));
                plus.push(Span::styled(text, theme::added(cx)));
            }
            ChangeTag::Delete => minus.push(Span::styled(text, theme::word_deleted(cx))),
            ChangeTag::Insert => plus.push(Span::styled(text, theme::word_inserted(cx))),
        }
    }
    (Line::from(minus), Line::from(plus))
}

/// `+n -m` changed lines of a comment draft, for the draft list.
pub fn comment_stat(old: &str, new: &str) -> (usize, usize) {
    comment_diff(old, new).stat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn comment_diff_has_gutters_and_context() {
        let lines = comment_lines(
            "a\nb\nc\n",
            "a\nB\nc\nd\n",
            &crate::ui::editing::testing::cx(),
        );
        assert_eq!(text(&lines), ["  a", "- b", "+ B", "  c", "+ d"]);
    }

    #[test]
    fn changed_words_are_highlighted_inside_a_changed_line() {
        let lines = comment_lines(
            "call back today",
            "call back tomorrow",
            &crate::ui::editing::testing::cx(),
        );
        let highlighted: Vec<String> = lines
            .iter()
            .flat_map(|l| l.spans.iter())
            .filter(|s| {
                s.style
                    .add_modifier
                    .contains(ratatui::style::Modifier::UNDERLINED)
            })
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(highlighted, ["today", "tomorrow"]);
    }
}
