//! The SLA target editor: the SLA's times, the target line, and the target time it makes (or why
//! the text is not a target), as a box in the middle of `area`.

use super::{centered, hints, theme};
use crate::app::editing::SlaEditor;
use crate::app::format;
use crate::edit::SLA_RANGE;
use crate::ui::RenderContext;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

const LABEL: usize = 10;

/// Draws `editor` centred over `area`.
pub fn draw_sla_editor(frame: &mut Frame, area: Rect, editor: &SlaEditor, cx: &RenderContext) {
    let width = 72.min(area.width);
    let rect = centered(area, width, 11.min(area.height));
    // Hours and minutes (`in 1h 46m`), as the SLA rows say it: a rounded `in 1h` would be 46
    // minutes off.
    let when = |t: DateTime<Utc>| {
        format!(
            "{} ({})",
            format::datetime(t),
            crate::edit::distance(t, cx.now)
        )
    };
    let label = |k: &str| Span::styled(format!("{k:<LABEL$}"), theme::dim(cx));
    let text = cx.clean(editor.input.text()).into_owned();
    let mut lines = vec![
        Line::from(vec![
            label("Created"),
            Span::raw(format::datetime(editor.created)),
        ]),
        Line::from(vec![label("Due now"), Span::raw(when(editor.old_target))]),
        Line::from(vec![
            Span::styled(format!("{:<LABEL$}", "Target"), theme::header(cx)),
            Span::raw(text.clone()),
        ]),
    ];
    match (&editor.error, &editor.parsed()) {
        (Some(why), _) | (None, Err(why)) => {
            let style = if editor.error.is_some() {
                theme::error(cx)
            } else {
                theme::dim(cx)
            };
            lines.push(Line::from(Span::styled(cx.clean(why).into_owned(), style)));
        }
        (None, Ok(_)) => {
            if let Some(t) = editor.new_target() {
                lines.push(Line::from(vec![
                    label("New due"),
                    Span::styled(when(t), theme::added(cx)),
                ]));
                if let Some(warning) = super::diff::past_target_warning(t, cx.now) {
                    lines.push(Line::styled(format!("! {warning}"), theme::notice(cx)));
                }
            }
            lines.push(Line::from(Span::styled(
                format!("minutes (90) or a duration (2h, 1d 4h), from creation; {SLA_RANGE}"),
                theme::dim(cx),
            )));
        }
    }
    lines.push(Line::default());
    lines.push(hints(&editor.hints().pairs(), cx));
    let title = format!(" SLA target · {} ", cx.clean(&editor.name));
    let block = Block::bordered()
        .title(Span::styled(title, theme::header(cx)))
        .padding(ratatui::widgets::Padding::horizontal(1));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
    let before: String = text.chars().take(editor.input.cursor()).collect();
    let x = inner.x + (LABEL + before.width()) as u16;
    frame.set_cursor_position(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y + 2,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editing::keys::{ctrl, enter, typed};
    use crate::ui::editing::testing::{cx, render};

    fn editor() -> SlaEditor {
        let created: DateTime<Utc> = "1970-01-01T00:00:00Z".parse().unwrap();
        SlaEditor::open(
            "First reply",
            created,
            created + chrono::Duration::minutes(60),
            60,
            Default::default(),
        )
    }

    /// Clears the editor's input and types `text` into it.
    fn retype(e: &mut SlaEditor, text: &str) {
        e.handle_key(ctrl('u'));
        for k in typed(text) {
            e.handle_key(k);
        }
    }

    /// A review of one draft that sets SLA "First reply" (`created`, due at `target`) to
    /// `minutes`.
    fn target_review(
        created: DateTime<Utc>,
        target: DateTime<Utc>,
        minutes: i64,
    ) -> crate::app::editing::Review {
        use crate::edit::{Base, Draft, StagedOp};
        let mut d = Draft::for_item(
            "d",
            "c",
            "sla-1",
            crate::model::RelatedItemType::Sla,
            Base::Sla {
                name: "First reply".into(),
                created,
                target,
            },
        );
        d.push(StagedOp::SetSlaTarget { minutes });
        crate::app::editing::Review::new(vec![d], Vec::new(), Default::default())
    }

    #[test]
    fn sla_editor_snapshots() {
        let mut e = editor();
        retype(&mut e, "1d 4h");
        insta::assert_snapshot!(
            "sla_editor_80x24",
            render(80, 24, |f, a| draw_sla_editor(f, a, &e, &cx()))
        );
        retype(&mut e, "730d 1m");
        e.handle_key(enter());
        insta::assert_snapshot!(
            "sla_editor_refused_80x24",
            render(80, 24, |f, a| draw_sla_editor(f, a, &e, &cx()))
        );
    }

    #[test]
    fn a_new_target_already_past_is_staged_with_a_warning_in_the_editor_and_the_review() {
        use crate::app::editing::SlaOutcome;
        let mut e = editor();
        retype(&mut e, "10");
        // A day after the SLA was created: due at 00:10 is 23h 50m ago.
        let cx = crate::ui::RenderContext::plain(
            crate::app::Theme::Dark,
            e.created + chrono::Duration::days(1),
            Rect::new(0, 0, 80, 24),
        );
        let screen = render(80, 24, |f, a| draw_sla_editor(f, a, &e, &cx));
        assert!(
            screen.contains("the new due time is already past"),
            "{screen}"
        );
        assert_eq!(e.handle_key(enter()), SlaOutcome::Stage(10), "still legal");
        let review = target_review(e.created, e.old_target, 10);
        let screen = render(100, 24, |f, a| {
            crate::ui::editing::draw_review(f, a, &review, &cx)
        });
        assert!(screen.contains("already past"), "{screen}");
    }

    #[test]
    fn the_review_shows_old_and_new_target_and_due_time() {
        let created: DateTime<Utc> = "2026-12-01T09:00:00Z".parse().unwrap();
        let review = target_review(created, created + chrono::Duration::minutes(60), 120);
        let screen = render(80, 24, |f, a| {
            crate::ui::editing::draw_review(f, a, &review, &cx())
        });
        insta::assert_snapshot!("review_sla_80x24", screen);
        assert!(
            screen.contains("SLA First reply"),
            "named, not by id: {screen}"
        );
        assert!(screen.contains("Target: 1h → 2h"), "{screen}");
        assert!(
            screen.contains("Due: 2026-12-01 10:00 UTC → 2026-12-01 11:00"),
            "{screen}"
        );
    }
}
