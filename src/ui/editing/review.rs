//! The review: the staged drafts on the left, the selected one's diff on the right, and the
//! save states (saving, failed, merged, conflicts, gone).

use super::diff::{comment_stat, draft_lines, field_name, value_text};
use super::{draw_confirm, fit, hints, theme, wrap};
use crate::app::editing::{Review, ReviewStatus};
use crate::app::keymap::Action;
use crate::edit::{Base, Choice, Content, Draft, FieldConflict};
use crate::model::FieldValue;
use crate::ui::RenderContext;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws the review filling `area`, with the unstage question on top when it is open.
pub fn draw_review(frame: &mut Frame, area: Rect, review: &Review, cx: &RenderContext) {
    frame.render_widget(Clear, area);
    let n = review.drafts().len();
    let cases = match review.case_count() {
        0 | 1 => String::new(),
        c => format!(" in {c} cases"),
    };
    let block = Block::bordered()
        .title(Span::styled(
            format!(
                " Review: {n} staged draft{}{cases} ",
                if n == 1 { "" } else { "s" }
            ),
            theme::header(cx),
        ))
        .title_bottom(hints(&review.hints().pairs(), cx));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    let status = status_text(review, cx);
    let status_lines = status
        .as_ref()
        .map(|(text, _)| wrap(text, inner.width as usize))
        .unwrap_or_default();
    let status_h = (status_lines.len() as u16).clamp(1, 3);
    let [main, status_line] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(status_h)]).areas(inner);

    if n == 0 {
        frame.render_widget(
            Paragraph::new(Span::styled(
                crate::app::staging::NOTHING_STAGED,
                theme::dim(cx),
            )),
            main,
        );
        return;
    }

    match review.status() {
        // A save that needs the user is about one draft: it gets the whole width.
        ReviewStatus::Merged { .. } => draw_merged(frame, main, review, cx),
        ReviewStatus::Conflicts {
            conflicts,
            choices,
            selected,
            ..
        } => draw_conflicts(frame, main, review, conflicts, choices, *selected, cx),
        ReviewStatus::Gone { .. } => draw_gone(frame, main, review, cx),
        _ => {
            let list_w = (main.width / 3).clamp(28, 40).min(main.width / 2);
            let [list, diff] =
                Layout::horizontal([Constraint::Length(list_w), Constraint::Min(1)]).areas(main);
            draw_list(frame, list, review, cx);
            draw_diff(frame, diff, review, cx);
        }
    }
    if let Some((_, style)) = status {
        let lines: Vec<Line> = status_lines
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect();
        frame.render_widget(Paragraph::new(lines), status_line);
    }
    if let Some(confirm) = review.confirm() {
        draw_confirm(frame, area, confirm, cx);
    }
}

/// `Comment c-42`, `Custom item-7`, `New comment`.
fn draft_title(draft: &Draft, cx: &RenderContext) -> String {
    match (&draft.base, &draft.item_id) {
        (Base::CaseFields { .. }, _) => "Case fields".into(),
        (Base::NewCase { .. }, _) => "New case".into(),
        // Named as the SLA pane names it; the id alone says nothing.
        (Base::Sla { name, .. }, _) => format!("SLA {}", cx.clean(name)),
        (_, Some(id)) => format!("{} {}", draft.item_type.as_str(), cx.clean(id)),
        (_, None) => "New comment".into(),
    }
}

fn draft_stat(draft: &Draft) -> String {
    match (&draft.base, draft.content()) {
        (Base::Custom { .. } | Base::CaseFields { .. } | Base::NewCase { .. }, _) => {
            match draft.field_changes().len() {
                0 => "no changes".into(),
                1 => "1 change".into(),
                n => format!("{n} changes"),
            }
        }
        (Base::Comment { body }, Content::Comment(new)) => {
            let (plus, minus) = comment_stat(body, &new);
            if plus + minus == 0 {
                "no changes".into()
            } else {
                format!("+{plus} -{minus}")
            }
        }
        (_, Content::Comment(new)) => format!("+{}", new.lines().count().max(1)),
        (Base::Sla { target, .. }, Content::SlaTarget { target: new, .. }) => {
            let moved = new - *target;
            let sign = if moved < chrono::Duration::zero() {
                "-"
            } else {
                "+"
            };
            format!(
                "target {sign}{}",
                crate::edit::format_minutes(moved.num_minutes().abs())
            )
        }
        _ => String::new(),
    }
}

/// The drafts, grouped by case under a header with the case's title.
fn draw_list(frame: &mut Frame, area: Rect, review: &Review, cx: &RenderContext) {
    let block = Block::bordered().title(" Drafts ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let visible = inner.height as usize;
    let failed = match review.status() {
        ReviewStatus::Failed { key, .. } => Some(key.as_str()),
        _ => None,
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let mut case: Option<&str> = None;
    for (i, d) in review.drafts().iter().enumerate() {
        if case != Some(d.case_id.as_str()) {
            case = Some(&d.case_id);
            let label = cx.clean(&review.case_label(&d.case_id)).into_owned();
            lines.push(Line::styled(
                fit(&label, width).trim_end().to_string(),
                theme::header(cx),
            ));
        }
        let selected = i == review.selected();
        if selected {
            selected_line = lines.len();
        }
        let stat = if failed == Some(d.key.as_str()) {
            format!("✗ {}", draft_stat(d))
        } else {
            draft_stat(d)
        };
        let title_w = width.saturating_sub(stat.chars().count() + 3);
        let text = format!(
            "{} {} {stat}",
            if selected { "›" } else { " " },
            fit(&cx.clean(&draft_title(d, cx)), title_w)
        );
        lines.push(if selected {
            Line::styled(text, theme::selected(cx))
        } else {
            Line::raw(text)
        });
    }
    let offset = (selected_line + 1).saturating_sub(visible);
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(visible).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

fn draw_diff(frame: &mut Frame, area: Rect, review: &Review, cx: &RenderContext) {
    let Some(draft) = review.selected_draft() else {
        return;
    };
    let block = Block::bordered().title(format!(" {} ", draft_title(draft, cx)));
    let mut lines = draft_lines(draft, review.defs(), review.options(), cx);
    if draft.is_noop() {
        lines.push(Line::styled(
            format!(
                "no changes: sending would change nothing; {} discards this draft",
                review.key_label(Action::Unstage)
            ),
            theme::dim(cx),
        ));
    } else if let Err(problems) = crate::edit::check_draft(draft, review.defs()) {
        lines.push(Line::default());
        for p in problems {
            lines.push(Line::styled(
                format!("✗ {}", cx.clean(&p)),
                theme::error(cx),
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((review.scroll(), 0)),
        area,
    );
}

/// The line under the review: a notice, the spinner while saving, or why a save failed.
fn status_text(review: &Review, cx: &RenderContext) -> Option<(String, ratatui::style::Style)> {
    if let Some(notice) = review.notice() {
        return Some((format!("! {}", cx.clean(notice)), theme::notice(cx)));
    }
    match review.status() {
        ReviewStatus::Saving { key } => {
            let what = review
                .drafts()
                .iter()
                .find(|d| d.key == *key)
                .map_or_else(|| "the draft".to_string(), |d| draft_title(d, cx));
            let frame = SPINNER[review.spinner() % SPINNER.len()];
            Some((
                format!("{frame} saving {what}…"),
                ratatui::style::Style::default(),
            ))
        }
        ReviewStatus::Failed { key, message }
            if review.selected_draft().is_some_and(|d| d.key == *key) =>
        {
            Some((
                format!("✗ not saved, the draft is kept: {}", cx.clean(message)),
                theme::error(cx),
            ))
        }
        _ => None,
    }
}

fn draw_merged(frame: &mut Frame, area: Rect, review: &Review, cx: &RenderContext) {
    let Some(draft) = review.selected_draft() else {
        return;
    };
    let block = Block::bordered().title(format!(" {}: merged ", draft_title(draft, cx)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let defs = review.defs();
    let rows = review.three_way();
    let name_w = rows
        .iter()
        .map(|r| field_name(&r.id, defs, cx).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 20);
    // Base, theirs and yours get a column each; what is sent (with where it came from) gets the
    // rest.
    let rest = (inner.width as usize).saturating_sub(name_w + 6);
    let col = (rest * 2 / 9).max(6);
    let sent_w = rest.saturating_sub(col * 3).max(6);
    let mut lines = vec![
        Line::raw("Someone else changed this item since you started editing."),
        Line::raw("Your changes apply on top of theirs; y sends the result, n goes back."),
        Line::default(),
        Line::styled(
            format!(
                "  {} {} {} {} {}",
                fit("Field", name_w),
                fit("Base", col),
                fit("Theirs", col),
                fit("Yours", col),
                fit("Sent", col)
            ),
            theme::header(cx),
        ),
    ];
    for r in &rows {
        let (mark, style) = match (&r.base, &r.result) {
            (None, Some(_)) => ("+", theme::added(cx)),
            (Some(_), None) => ("-", theme::removed(cx)),
            _ => ("~", theme::changed(cx)),
        };
        let from = if r.result == r.ours && r.ours != r.base {
            "yours"
        } else {
            "theirs"
        };
        let cell = |v: &Option<FieldValue>| {
            fit(
                &cx.clean(&value_text(&r.id, v.as_ref(), defs, review.options(), cx)),
                col,
            )
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::raw(format!(
                "{} ",
                fit(&cx.clean(&field_name(&r.id, defs, cx)), name_w)
            )),
            Span::styled(format!("{} ", cell(&r.base)), theme::dim(cx)),
            Span::raw(format!("{} ", cell(&r.theirs))),
            Span::raw(format!("{} ", cell(&r.ours))),
            Span::styled(
                fit(
                    &cx.clean(&format!(
                        "{} ({from})",
                        value_text(&r.id, r.result.as_ref(), defs, review.options(), cx)
                    )),
                    sent_w,
                ),
                style,
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).scroll((review.scroll(), 0)), inner);
}

fn choice_text(choice: Option<Choice>) -> &'static str {
    match choice {
        Some(Choice::Ours) => "✓ yours",
        Some(Choice::Theirs) => "✓ theirs",
        None => "? choose",
    }
}

fn draw_conflicts(
    frame: &mut Frame,
    area: Rect,
    review: &Review,
    conflicts: &[FieldConflict],
    choices: &[Option<Choice>],
    selected: usize,
    cx: &RenderContext,
) {
    let Some(draft) = review.selected_draft() else {
        return;
    };
    let left = choices.iter().filter(|c| c.is_none()).count();
    let block = Block::bordered().title(format!(" {}: conflicts ", draft_title(draft, cx)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let defs = review.defs();
    let intro = vec![
        Line::raw(match conflicts.len() {
            1 => "This was changed both by you and by someone else since you started.".to_string(),
            n => format!(
                "{n} fields were changed both by you and by someone else since you started."
            ),
        }),
        Line::raw(if left == 0 {
            "Every conflict has a choice: y sends.".to_string()
        } else {
            format!("Choose for each: o takes yours, t takes theirs ({left} left).")
        }),
        Line::default(),
    ];

    // A comment body: the two texts side by side.
    if let [c] = conflicts
        && c.id == "comment.body"
    {
        let [top, rest] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(inner);
        frame.render_widget(Paragraph::new(intro), top);
        let [ours, theirs] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(rest);
        let body = |v: &Option<FieldValue>| match v {
            Some(FieldValue::String(s)) => s
                .lines()
                .map(|l| Line::raw(cx.clean(l).into_owned()))
                .collect(),
            _ => vec![Line::raw("(absent)")],
        };
        let title = |who: &str, mine: Choice| {
            let chosen = choices[0] == Some(mine);
            Span::styled(
                format!(" {who}{} ", if chosen { " ✓ chosen" } else { "" }),
                if chosen {
                    theme::selected(cx)
                } else {
                    theme::header(cx)
                },
            )
        };
        frame.render_widget(
            Paragraph::new(body(&c.ours))
                .block(Block::bordered().title(title("Yours (o)", Choice::Ours)))
                .wrap(Wrap { trim: false })
                .scroll((review.scroll(), 0)),
            ours,
        );
        frame.render_widget(
            Paragraph::new(body(&c.theirs))
                .block(Block::bordered().title(title("Theirs (t)", Choice::Theirs)))
                .wrap(Wrap { trim: false })
                .scroll((review.scroll(), 0)),
            theirs,
        );
        return;
    }

    let name_w = conflicts
        .iter()
        .map(|c| field_name(&c.id, defs, cx).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 20);
    let choice_w = 9;
    let col = ((inner.width as usize).saturating_sub(name_w + choice_w + 6) / 3).max(6);
    let mut lines = intro;
    lines.push(Line::styled(
        format!(
            "  {} {} {} {} {}",
            fit("Field", name_w),
            fit("Base", col),
            fit("Yours (o)", col),
            fit("Theirs (t)", col),
            "Choice"
        ),
        theme::header(cx),
    ));
    for (i, (c, choice)) in conflicts.iter().zip(choices).enumerate() {
        let cell = |v: &Option<FieldValue>, picked: bool| {
            let text = value_text(&c.id, v.as_ref(), defs, review.options(), cx);
            let style = if picked {
                theme::added(cx)
            } else {
                ratatui::style::Style::default()
            };
            Span::styled(format!("{} ", fit(&cx.clean(&text), col)), style)
        };
        let line = Line::from(vec![
            Span::raw(if i == selected { "› " } else { "  " }),
            Span::raw(format!(
                "{} ",
                fit(&cx.clean(&field_name(&c.id, defs, cx)), name_w)
            )),
            Span::styled(
                format!(
                    "{} ",
                    fit(
                        &cx.clean(&value_text(
                            &c.id,
                            c.base.as_ref(),
                            defs,
                            review.options(),
                            cx
                        )),
                        col
                    )
                ),
                theme::dim(cx),
            ),
            cell(&c.ours, *choice == Some(Choice::Ours)),
            cell(&c.theirs, *choice == Some(Choice::Theirs)),
            Span::styled(
                choice_text(*choice),
                if choice.is_some() {
                    theme::header(cx)
                } else {
                    theme::notice(cx)
                },
            ),
        ]);
        lines.push(if i == selected {
            line.style(theme::selected(cx))
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines).scroll((review.scroll(), 0)), inner);
}

fn draw_gone(frame: &mut Frame, area: Rect, review: &Review, cx: &RenderContext) {
    let Some(draft) = review.selected_draft() else {
        return;
    };
    let title = draft_title(draft, cx);
    let block = Block::bordered().title(format!(" {title}: deleted "));
    let lines = vec![
        Line::styled(
            format!("{title} was deleted on the server since you started editing it."),
            theme::error(cx),
        ),
        Line::default(),
        Line::raw(format!(
            "Your draft cannot be sent. {} discards it; Esc goes back and keeps it",
            review.key_label(Action::Unstage),
        )),
        Line::raw("(copy what you need from the diff first)."),
        Line::default(),
    ];
    let mut lines = lines;
    lines.extend(draft_lines(draft, review.defs(), review.options(), cx));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editing::field_fixtures::defs;
    use crate::app::editing::keys::*;
    use crate::app::editing::review_fixtures::{
        comment_draft, conflicting, edited_custom, merged, review,
    };
    use crate::edit::{Check, Draft};
    use crate::ui::editing::testing::render;

    fn both(name: &str, r: &Review) {
        insta::assert_snapshot!(
            format!("{name}_80x24"),
            render(80, 24, |f, a| draw_review(
                f,
                a,
                r,
                &crate::ui::editing::testing::cx()
            ))
        );
        insta::assert_snapshot!(
            format!("{name}_160x45"),
            render(160, 45, |f, a| draw_review(
                f,
                a,
                r,
                &crate::ui::editing::testing::cx()
            ))
        );
    }

    #[test]
    fn review_of_a_comment_diff() {
        let mut r = review();
        r.set_drafts(vec![
            comment_draft(),
            edited_custom(),
            Draft::new_comment("dom", "case-1", "A brand new note.".into()),
        ]);
        both("review_comment", &r);
    }

    #[test]
    fn review_of_a_custom_diff() {
        let mut r = review();
        r.handle_key(ch('j'));
        both("review_custom", &r);
    }

    #[test]
    fn review_saving_and_failed() {
        let mut r = review();
        let key = r.drafts()[0].key.clone();
        r.set_saving(&key);
        r.tick();
        insta::assert_snapshot!(
            "review_saving_80x24",
            render(80, 24, |f, a| draw_review(
                f,
                a,
                &r,
                &crate::ui::editing::testing::cx()
            ))
        );
        r.set_failed(
            &key,
            "the service is throttling requests; wait a moment and press y again",
        );
        insta::assert_snapshot!(
            "review_failed_80x24",
            render(80, 24, |f, a| draw_review(
                f,
                a,
                &r,
                &crate::ui::editing::testing::cx()
            ))
        );
    }

    #[test]
    fn review_merged() {
        both("review_merged", &merged());
    }

    #[test]
    fn review_conflicts() {
        let (mut r, _) = conflicting();
        r.handle_key(ch('o'));
        both("review_conflicts", &r);
    }

    #[test]
    fn review_comment_conflict() {
        let mut r = Review::new(vec![comment_draft()], defs(), Default::default());
        let key = r.drafts()[0].key.clone();
        let theirs = Content::Comment("Customer called about the invoice.\nRefund issued.".into());
        r.set_check(&key, crate::edit::check(&r.drafts()[0], Some(&theirs)));
        r.handle_key(ch('t'));
        insta::assert_snapshot!(
            "review_comment_conflict_80x24",
            render(80, 24, |f, a| draw_review(
                f,
                a,
                &r,
                &crate::ui::editing::testing::cx()
            ))
        );
    }

    #[test]
    fn review_gone_and_unstage_confirm() {
        let mut r = review();
        let key = r.drafts()[1].key.clone();
        r.set_check(&key, Check::Gone);
        insta::assert_snapshot!(
            "review_gone_80x24",
            render(80, 24, |f, a| draw_review(
                f,
                a,
                &r,
                &crate::ui::editing::testing::cx()
            ))
        );
        r.handle_key(ch('u'));
        both("review_unstage_confirm", &r);
    }
}
