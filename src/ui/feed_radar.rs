//! The SLA radar pane: open SLAs across the domain, soonest target first, drawn into the rect the
//! feed screen gives it. Urgency shows as colour and, for a screen without colour, as a marker
//! (`!!` breached, `!` due within 15 min, `·` within the hour) and in words ("breached 12 min
//! ago", "due in 4 min").

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, TableState};
use unicode_width::UnicodeWidthStr;

use super::layout::truncate;
use super::{RenderContext, error_lines, marked_table, pane_block, pane_title, placeholder};
use crate::app::feed::radar::{Radar, Urgency};
use crate::app::format;
use crate::app::list::Shown;

/// Draws `radar` into `area`. `loading` is the spinner's label while a load is in flight (the
/// app's, so retries show); `age` the seconds since the SLAs were read in full (a status
/// changed elsewhere since is not seen). Answers what the frame showed of the list, for paging
/// keys.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    radar: &Radar,
    focused: bool,
    loading: Option<String>,
    age: Option<u64>,
    cx: &RenderContext,
) -> Option<Shown> {
    let now = cx.now;
    let rows = radar.rows();
    // How many of each urgency, so rows below the fold (due soon under many breached) are known.
    let (mut breached, mut soon, mut hour) = (0, 0, 0);
    for r in rows {
        match r.urgency(now) {
            Urgency::Breached => breached += 1,
            Urgency::Soon => soon += 1,
            Urgency::Hour => hour += 1,
            Urgency::Later | Urgency::Unknown => {}
        }
    }
    let mut extras = Vec::new();
    if radar.loaded {
        extras.push(format!("{} open", rows.len()));
        // A failed reload before the counts: a narrow title drops its last parts first.
        if radar.error.is_some() && !rows.is_empty() {
            extras.push("✖ reload failed: these rows may be old".to_string());
        }
        if breached > 0 {
            extras.push(format!("{breached} breached"));
        }
        // How old the list is comes before the other counts: a narrow title keeps it.
        if let Some(age) = age {
            extras.push(format!("SLAs read {age} s ago"));
        }
        for (n, what) in [(soon, "due ≤15 min"), (hour, "due ≤1 h")] {
            if n > 0 {
                extras.push(format!("{n} {what}"));
            }
        }
    }
    extras.push(Urgency::legend());
    if let Some(label) = loading.as_ref().filter(|_| !rows.is_empty()) {
        extras.push(label.clone());
    }
    let block = pane_block(
        pane_title("SLA radar", &extras, area.width, cx),
        focused,
        cx,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if rows.is_empty() {
        let lines = if let Some(e) = &radar.error {
            error_lines("loading the open SLAs", e, cx)
        } else if let Some(label) = loading.filter(|_| !radar.loaded) {
            vec![Line::raw(format!("{label} open SLAs…"))]
        } else if radar.loaded {
            vec![Line::raw(
                "No open SLAs in this domain: none is Active or Overdue.",
            )]
        } else {
            vec![Line::raw("Open SLAs not loaded yet.")]
        };
        placeholder(frame, inner, lines);
        return None;
    }

    // Only the rows in view are formatted, so a thousand open SLAs cost a screenful per frame.
    let height = inner.height.saturating_sub(1) as usize;
    let shown = radar.cursor.scroll_for(height, rows.len());
    let window = &rows[shown.offset..(shown.offset + height).min(rows.len())];
    let mut header = vec!["", "due", "SLA", "case"];
    // The due and SLA columns as wide as their longest text in view (names capped), the case
    // the rest.
    let dues: Vec<String> = window.iter().map(|r| r.due(now)).collect();
    let due_width = dues
        .iter()
        .map(|d| d.width())
        .max()
        .unwrap_or(0)
        .clamp(3, 32) as u16;
    let name_needed = window
        .iter()
        .map(|r| cx.clean(r.name()).width())
        .max()
        .unwrap_or(0);
    // The SLA's name and the case's title share what the selection marker, the urgency marker,
    // the due column, the spaces between columns and the target (if shown) leave; the name gets
    // up to half of it, at least 20 columns. Answers the name's width and the case's.
    let split = |target: bool| {
        let fixed = 2 + 2 + due_width + if target { 20 + 4 } else { 3 };
        let shared = inner.width.saturating_sub(fixed);
        let cap = (shared / 2).clamp(20, 40);
        let name = (name_needed as u16).clamp(3, cap);
        (name, shared.saturating_sub(name))
    };
    // The target time only where the case's title still gets 20 columns: the title says which
    // case, the due column already says when.
    let show_target = inner.width >= 72 && split(true).1 >= 20;
    let (name_width, case_width) = split(show_target);
    let case_width = usize::from(case_width);
    let mut widths = vec![
        Constraint::Length(2),
        Constraint::Length(due_width),
        Constraint::Length(name_width),
        Constraint::Fill(1),
    ];
    if show_target {
        header.push("target");
        widths.push(Constraint::Length(20));
    }
    let header = Row::new(header).style(cx.styles.column_header());
    let table_rows = window.iter().zip(dues).map(|(row, due)| {
        let urgency = row.urgency(now);
        let style = urgency_style(urgency, cx);
        let mut cells = vec![
            Cell::from(Span::styled(urgency.marker(), style)),
            Cell::from(Span::styled(due, style)),
            Cell::from(truncate(&cx.clean(row.name()), name_width as usize)),
            match radar.known_title(&row.case_id) {
                Some(t) => Cell::from(truncate(&cx.clean(t), case_width)),
                None => Cell::from(Span::styled(radar.title(&row.case_id), cx.styles.dim())),
            },
        ];
        if show_target {
            cells.push(match row.target() {
                Some(t) => Cell::from(format::datetime(t)),
                None => Cell::from(Span::styled("no target time", cx.styles.dim())),
            });
        }
        Row::new(cells)
    });
    let mut state = TableState::new()
        .with_offset(0)
        .with_selected(Some(radar.cursor.selected.saturating_sub(shown.offset)));
    let table = marked_table(table_rows, widths, header, cx);
    frame.render_stateful_widget(table, inner, &mut state);
    Some(shown)
}

fn urgency_style(urgency: Urgency, cx: &RenderContext) -> Style {
    match urgency {
        Urgency::Breached => cx.styles.error(),
        Urgency::Soon => cx.styles.due_soon(),
        Urgency::Hour => cx.styles.title(),
        Urgency::Later => Style::new(),
        Urgency::Unknown => cx.styles.dim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Theme;
    use crate::app::feed::radar::testing::{now, open_sla, radar};
    use crate::ui::editing::testing::render;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;

    fn cx(theme: Theme, w: u16, h: u16) -> RenderContext {
        RenderContext::plain(theme, now(), Rect::new(0, 0, w, h))
    }

    fn sample() -> Radar {
        radar(
            vec![
                open_sla("c1", "s1", "Resolve", 300),
                open_sla("c2", "s2", "First reply", 4),
                open_sla("c3", "s3", "Resolve", -90),
                open_sla("c4", "s4", "Callback", 40),
                open_sla("c5", "s5", "First reply", -12),
            ],
            &[
                ("c1", "Invoice disputed"),
                ("c2", "Printer on fire"),
                ("c3", "Refund for bob@example.com"),
                ("c5", "Login loop"),
            ],
        )
    }

    #[test]
    fn radar_snapshots() {
        let r = sample();
        insta::assert_snapshot!(
            "radar_100x10",
            render(100, 10, |f, a| {
                draw(f, a, &r, true, None, None, &cx(Theme::Dark, 100, 10));
            })
        );
        insta::assert_snapshot!(
            "radar_narrow_60x10",
            render(60, 10, |f, a| {
                draw(f, a, &r, false, None, None, &cx(Theme::Dark, 60, 10));
            })
        );
        let empty = radar(Vec::new(), &[]);
        let screen = render(70, 6, |f, a| {
            draw(f, a, &empty, true, None, None, &cx(Theme::Dark, 70, 6));
        });
        assert!(screen.contains("No open SLAs in this domain"), "{screen}");
    }

    #[test]
    fn urgency_reads_without_colour_and_is_coloured_with_it() {
        let r = sample();
        let screen = render(100, 10, |f, a| {
            draw(f, a, &r, true, None, None, &cx(Theme::Monochrome, 100, 10));
        });
        let line = |needle: &str| {
            screen
                .lines()
                .find(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("{needle} in {screen}"))
                .to_string()
        };
        assert!(line("breached 1h 30m ago").contains("!!"), "{screen}");
        assert!(line("breached 12 min ago").contains("!!"), "{screen}");
        assert!(line("due in 4 min").contains("! "), "{screen}");
        assert!(line("due in 40 min").contains("·"), "{screen}");
        assert!(!line("due in 5h").contains('!'), "{screen}");
        assert!(line("Callback").contains("loading title"), "{screen}");
        // The counts say what is below the fold too.
        assert!(
            screen.contains("5 open · 2 breached · 1 due ≤15 min · 1 due ≤1 h"),
            "{screen}"
        );
        assert!(
            screen.contains("!! breached  ! ≤15 min  · ≤1 h"),
            "{screen}"
        );

        // In colour: breached rows red, the one due in 4 min yellow (dark palette).
        let mut terminal = Terminal::new(TestBackend::new(100, 10)).unwrap();
        terminal
            .draw(|f| {
                draw(f, f.area(), &r, true, None, None, &cx(Theme::Dark, 100, 10));
            })
            .unwrap();
        let buf = terminal.backend().buffer();
        let fg_of = |needle: &str| {
            let y = (0..buf.area.height)
                .find(|&y| {
                    (0..buf.area.width)
                        .map(|x| buf[(x, y)].symbol())
                        .collect::<String>()
                        .contains(needle)
                })
                .unwrap();
            // The due column starts after the border, the selection marker and the urgency marker.
            let x = (0..buf.area.width)
                .find(|&x| buf[(x, y)].symbol() == needle.chars().next().unwrap().to_string())
                .unwrap();
            buf[(x, y)].fg
        };
        assert_eq!(fg_of("breached 12"), Color::Red);
        assert_eq!(fg_of("due in 4"), Color::Yellow);
    }

    #[test]
    fn a_title_too_long_for_the_pane_drops_whole_parts_and_says_so() {
        let r = sample();
        let whole = [
            "SLA radar",
            "5 open",
            "2 breached",
            "SLAs read 5 s ago",
            "1 due ≤15 min",
            "1 due ≤1 h",
            &Urgency::legend(),
            "…",
        ];
        // 80 columns (the stacked layout) and 76 (the side-by-side one at 200).
        for w in [80, 76, 60, 30] {
            let screen = render(w, 8, |f, a| {
                draw(f, a, &r, true, None, Some(5), &cx(Theme::Dark, w, 8));
            });
            let title = screen.lines().next().unwrap();
            let text = title.trim_matches(|c| "┏┓━ ".contains(c));
            assert!(text.ends_with('…'), "{w}: {title}");
            for part in text.split(" · ") {
                assert!(whole.contains(&part), "{w}: {part:?} cut in {title}");
            }
        }
        // A wide pane shows it all, without the mark.
        let screen = render(160, 8, |f, a| {
            draw(f, a, &r, true, None, Some(5), &cx(Theme::Dark, 160, 8));
        });
        let title = screen.lines().next().unwrap();
        assert!(title.contains(&Urgency::legend()), "{title}");
        assert!(!title.contains('…'), "{title}");
    }

    #[test]
    fn the_marker_agrees_with_the_minutes_the_row_shows() {
        // 15 min 40 s and 60 min 40 s left: the rows say "due in 15 min" and "due in 1h", so
        // they are within the legend's "≤15 min" and "≤1 h".
        let mut items = vec![
            open_sla("c1", "s1", "Manager callback", 16),
            open_sla("c2", "s2", "Written reply", 61),
        ];
        for item in &mut items {
            if let crate::model::RelatedContent::Sla(sla) = &mut item.item.content {
                sla.target_time = sla.target_time.map(|t| t - chrono::Duration::seconds(20));
            }
        }
        let r = radar(items, &[]);
        let screen = render(100, 6, |f, a| {
            draw(f, a, &r, true, None, None, &cx(Theme::Monochrome, 100, 6));
        });
        let soon = screen.lines().find(|l| l.contains("due in 15 min"));
        assert!(soon.is_some_and(|l| l.contains("! ")), "{screen}");
        let hour = screen.lines().find(|l| l.contains("due in 1h "));
        assert!(hour.is_some_and(|l| l.contains("·")), "{screen}");
    }

    #[test]
    fn only_the_rows_in_view_are_drawn_and_the_selection_stays_in_view() {
        let items = (0..40)
            .map(|i| {
                open_sla(
                    &format!("c{i}"),
                    &format!("s{i}"),
                    &format!("SLA {i:02}"),
                    10 + i,
                )
            })
            .collect();
        let mut r = radar(items, &[]);
        for _ in 0..30 {
            r.handle(crate::app::Action::Down);
        }
        let screen = render(100, 10, |f, a| {
            draw(f, a, &r, true, None, None, &cx(Theme::Dark, 100, 10));
        });
        let selected = screen.lines().find(|l| l.contains("▶")).unwrap();
        assert!(selected.contains("SLA 30"), "{screen}");
        assert!(!screen.contains("SLA 00"), "{screen}");
    }

    #[test]
    fn every_colour_theme_tells_the_urgencies_apart() {
        for theme in [Theme::Dark, Theme::Light, Theme::HighContrast] {
            let c = cx(theme, 80, 10);
            let fg = |u| urgency_style(u, &c).fg;
            let classes = [
                Urgency::Breached,
                Urgency::Soon,
                Urgency::Hour,
                Urgency::Later,
            ];
            for (i, a) in classes.iter().enumerate() {
                for b in &classes[i + 1..] {
                    assert_ne!(fg(*a), fg(*b), "{theme:?}: {a:?} and {b:?}");
                }
            }
            assert_ne!(fg(Urgency::Soon), Some(Color::Black), "{theme:?}");
        }
    }

    #[test]
    fn long_names_and_titles_are_cut_with_an_ellipsis() {
        let r = radar(
            vec![open_sla(
                "c1",
                "s1",
                "Resolution within 72 hours of the request",
                30,
            )],
            &[(
                "c1",
                "A very long case title that cannot fit in a sixty column pane",
            )],
        );
        let screen = render(60, 6, |f, a| {
            draw(f, a, &r, true, None, None, &cx(Theme::Dark, 60, 6));
        });
        let row = screen.lines().find(|l| l.contains("due in")).unwrap();
        assert!(row.contains("Resolution within 7…"), "{screen}");
        assert!(row.trim_end_matches(['│', '┃']).ends_with('…'), "{screen}");
    }

    #[test]
    fn a_wide_pane_shows_whole_sla_names() {
        let r = radar(
            vec![open_sla("c1", "s1", "VIP resolution within 24 hours", 30)],
            &[("c1", "Order #88231 — repeated delivery failures")],
        );
        let screen = render(160, 6, |f, a| {
            draw(f, a, &r, true, None, None, &cx(Theme::Dark, 160, 6));
        });
        assert!(
            screen.contains("VIP resolution within 24 hours "),
            "{screen}"
        );
        assert!(
            screen.contains("Order #88231 — repeated delivery failures"),
            "{screen}"
        );
    }

    #[test]
    fn at_80_columns_the_case_title_keeps_room_before_the_target_time() {
        let r = radar(
            vec![
                open_sla("c1", "s1", "VIP resolution within 24 hours", -87_000),
                open_sla("c2", "s2", "Callback", 30),
            ],
            &[
                ("c1", "Cancel extended warranty subscription"),
                ("c2", "Late delivery — request for delivery fee refund"),
            ],
        );
        let screen = render(80, 6, |f, a| {
            draw(f, a, &r, true, None, None, &cx(Theme::Dark, 80, 6));
        });
        assert!(screen.contains("breached 60d 10h ago"), "{screen}");
        assert!(screen.contains("Cancel extended warranty"), "{screen}");
        assert!(screen.contains("Late delivery — request"), "{screen}");
        // A wide pane shows the target as well.
        let screen = render(120, 6, |f, a| {
            draw(f, a, &r, true, None, None, &cx(Theme::Dark, 120, 6));
        });
        assert!(screen.contains("target"), "{screen}");
        assert!(
            screen.contains("Cancel extended warranty subscription"),
            "{screen}"
        );
    }

    #[test]
    fn masking_reaches_case_titles() {
        let r = sample();
        let mut c = cx(Theme::Dark, 100, 10);
        c.masking = true;
        let screen = render(100, 10, |f, a| {
            draw(f, a, &r, true, None, None, &c);
        });
        assert!(!screen.contains("bob@example.com"), "{screen}");
        assert!(screen.contains("Refund for"), "{screen}");
    }

    #[test]
    fn a_failed_first_load_says_why_and_what_to_do() {
        let mut r = radar(Vec::new(), &[]);
        r.loaded = false;
        r.error = Some(crate::app::Problem {
            text: "AccessDenied: not allowed cases:SearchAllRelatedItems".into(),
            advice: "check the IAM policy",
        });
        let screen = render(80, 8, |f, a| {
            draw(f, a, &r, true, None, None, &cx(Theme::Dark, 80, 8));
        });
        assert!(screen.contains("✖ loading the open SLAs"), "{screen}");
        assert!(screen.contains("check the IAM policy"), "{screen}");
    }
}
