use super::super::{find_match, match_positions, seen_fields, seen_performers, seen_types};
use super::*;
use crate::model::{AuditField, FieldValue, Performer};
use chrono::TimeZone;
use proptest::prelude::*;

const TYPES: [&str; 3] = ["Case.Updated", "RelatedItem.Created", "Case.Created"];
const WHO: [&str; 3] = ["ana", "bo", "cy"];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap()
}

/// Oldest first, as the list keeps them: `hours[i]` hours before `now` (None: no time).
fn history(spec: &[(Option<u16>, usize, usize)]) -> Vec<AuditEvent> {
    let mut items: Vec<AuditEvent> = spec
        .iter()
        .enumerate()
        .map(|(i, &(hours, ty, who))| AuditEvent {
            id: format!("e{i:03}"),
            event_type: TYPES[ty % 3].into(),
            related_item_type: None,
            performed_time: hours.map(|h| now() - chrono::Duration::hours(h.into())),
            fields: vec![AuditField {
                field_id: "summary".into(),
                old_value: None,
                new_value: FieldValue::String(format!("v{i} {}", WHO[who % 3])),
            }],
            performed_by: Some(Performer::CustomEntity(WHO[who % 3].into())),
            iam_principal_arn: None,
            merge: None,
        })
        .collect();
    crate::app::case_view::sort_audit(&mut items);
    items
}

fn timeline(ty: Option<usize>, who: Option<usize>, range: usize, newest: bool) -> Timeline {
    Timeline {
        newest_first: newest,
        filter: AuditFilter {
            event_type: ty.map(|t| TYPES[t % 3].into()),
            performer: who.map(|w| WHO[w % 3].into()),
            range: TimeRange::ALL[range % 4],
            ..AuditFilter::default()
        },
        ..Timeline::default()
    }
}

/// The drawn lines as the timeline draws them, from scratch: `None` for a day header.
fn lines(items: &[AuditEvent], rows: &[usize]) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    let mut day = None;
    for (pos, &i) in rows.iter().enumerate() {
        let d = items[i].performed_time.map(|t| t.date_naive());
        if pos == 0 || d != day {
            out.push(None);
            day = d;
        }
        out.push(Some(pos));
    }
    out
}

proptest! {
    #[test]
    fn the_index_agrees_with_the_plain_functions(
        spec in prop::collection::vec(
            (prop::option::weighted(0.95, 0u16..2000), 0usize..3, 0usize..3),
            0..60,
        ),
        ty in prop::option::of(0usize..3),
        who in prop::option::of(0usize..3),
        range in 0usize..4,
        newest in any::<bool>(),
        term in "(v1|bo|an|a|case|zz|)",
    ) {
        let items = history(&spec);
        let tl = Timeline { search: term.clone(), ..timeline(ty, who, range, newest) };
        let mut index = TimelineIndex::default();
        let catalog = Catalog::default();
        for _ in 0..2 {
            // Twice: computed, then from the cache.
            let rows = index.fill_rows(&tl, &items, 1, 0, now());
            let plain = tl.visible(&items, now());
            prop_assert_eq!(&*rows, plain.as_slice());
            // Drawing's read-only path, from an empty index, agrees.
            let cold = TimelineIndex::default();
            let cold_rows = cold.visible(&tl, &items, 1, 0, now());
            prop_assert_eq!(&*cold_rows, plain.as_slice());
            prop_assert_eq!(
                cold.matches(&items, 0, &cold_rows, &catalog, &term).positions(),
                match_positions(&items, &cold_rows, &catalog, &term)
            );
            prop_assert_eq!(
                cold.day_breaks(&items, 0, &cold_rows, TimeMode::Utc, None).lines(),
                lines(&items, &cold_rows).len()
            );
            prop_assert_eq!(index.seen(FilterRow::Type, &items, 0, &catalog), seen_types(&items));
            prop_assert_eq!(
                index.seen(FilterRow::Performer, &items, 0, &catalog),
                seen_performers(&items)
            );
            prop_assert_eq!(
                index.seen(FilterRow::Field, &items, 0, &catalog),
                seen_fields(&items, &catalog)
            );

            let days = index.fill_days(&items, 0, &rows, TimeMode::Utc, None);
            let drawn = lines(&items, &rows);
            prop_assert_eq!(days.lines(), drawn.len());
            for (pos, _) in rows.iter().enumerate() {
                let at = drawn.iter().position(|l| *l == Some(pos)).unwrap();
                prop_assert_eq!(days.line_of(pos), at);
                prop_assert_eq!(days.starts_day(pos), drawn[at - 1].is_none());
            }
            for line in 0..=drawn.len() {
                let first = drawn[line.min(drawn.len())..].iter().find_map(|l| *l);
                prop_assert_eq!(days.first_row_from(line), first.unwrap_or(rows.len()));
            }

            let matches = index.fill_matches(&items, 0, &rows, &catalog, &term);
            prop_assert_eq!(
                matches.positions(),
                match_positions(&items, &rows, &catalog, &term)
            );
            for from in 0..rows.len() {
                for (forward, inclusive) in [(true, true), (true, false), (false, true), (false, false)] {
                    prop_assert_eq!(
                        matches.next_from(from, forward, inclusive),
                        find_match(&items, &rows, &catalog, &term, from, forward, inclusive)
                    );
                }
            }
        }
    }
}

#[test]
fn a_new_page_or_filter_is_seen_and_typing_on_narrows() {
    let mut items = history(&[(Some(5), 0, 0), (Some(4), 1, 1), (Some(3), 0, 1)]);
    let mut index = TimelineIndex::default();
    let catalog = Catalog::default();
    let mut tl = Timeline::default();
    assert_eq!(index.fill_rows(&tl, &items, 1, 0, now()).len(), 3);
    tl.filter.performer = Some("bo".into());
    let rows = index.fill_rows(&tl, &items, 1, 0, now());
    assert_eq!(
        rows.len(),
        2,
        "a changed filter is not served from the cache"
    );
    let m = index.fill_matches(&items, 0, &rows, &catalog, "v");
    assert_eq!(m.positions(), [0, 1]);
    let m = index.fill_matches(&items, 0, &rows, &catalog, "v2");
    assert_eq!(m.positions(), [1], "narrowed from the matches of `v`");
    assert_eq!(index.fill_matches(&items, 0, &rows, &catalog, "").len(), 0);

    // A later page (same epoch: appended) and then a reordered list (next epoch).
    items.extend(history(&[(Some(1), 0, 1)]).into_iter().map(|mut e| {
        e.id = "e900".into();
        e.fields[0].new_value = FieldValue::String("v2 late".into());
        e
    }));
    let rows = index.fill_rows(&tl, &items, 2, 0, now());
    assert_eq!(rows.len(), 3);
    // A performer first seen on a later page is offered by the filter form.
    let mut late = history(&[(Some(0), 2, 2)]);
    late[0].id = "e901".into();
    items.extend(late);
    assert_eq!(
        index.seen(FilterRow::Performer, &items, 0, &catalog),
        ["ana", "bo", "cy"]
    );
    items.pop();
    assert_eq!(
        index
            .fill_matches(&items, 0, &rows, &catalog, "v2")
            .positions(),
        [1, 2]
    );
    items.swap(0, 1);
    items[0].fields[0].new_value = FieldValue::String("v2 moved".into());
    let rows = index.fill_rows(&tl, &items, 3, 1, now());
    assert_eq!(
        &*rows,
        tl.visible(&items, now()).as_slice(),
        "a reordered list is indexed anew"
    );
    assert_eq!(
        index
            .fill_matches(&items, 1, &rows, &catalog, "v2")
            .positions(),
        match_positions(&items, &rows, &catalog, "v2")
    );
}

#[test]
fn a_renamed_field_is_searched_under_its_new_name() {
    let items = history(&[(Some(5), 0, 0), (Some(4), 1, 1)]);
    let mut index = TimelineIndex::default();
    let tl = Timeline::default();
    let named = |name: &str| Catalog {
        fields: vec![crate::model::FieldDef {
            id: "summary".into(),
            name: name.into(),
            field_type: crate::model::FieldType::Text,
            system: false,
            description: None,
        }],
        ..Catalog::default()
    };
    let (before, after) = (named("Subject"), named("Topic"));
    let rows = index.fill_rows(&tl, &items, 1, 0, now());
    let found = |index: &TimelineIndex, catalog: &Catalog| {
        index
            .matches(&items, 0, &rows, catalog, "subject")
            .positions()
    };
    index.fill_matches(&items, 0, &rows, &before, "subject");
    assert_eq!(found(&index, &before), [0, 1]);
    assert_eq!(
        found(&index, &after),
        match_positions(&items, &rows, &after, "subject"),
        "drawing with another catalog does not read the last one's matches"
    );
    index.fill_matches(&items, 0, &rows, &after, "subject");
    assert!(
        found(&index, &after).is_empty(),
        "the texts are indexed anew"
    );
    assert_eq!(found(&index, &before), [0, 1]);
}

proptest! {
    /// A history that grows a page at a time (the background paging) is indexed page by page:
    /// after each page the rows, day breaks and search matches equal those worked out from
    /// scratch, in either order, with filters and a search.
    #[test]
    fn pages_appended_one_by_one_index_like_the_whole(
        spec in prop::collection::vec(
            (prop::option::weighted(0.95, 0u16..2000), 0usize..3, 0usize..3),
            1..80,
        ),
        page in 1usize..9,
        ty in prop::option::of(0usize..3),
        who in prop::option::of(0usize..3),
        range in 0usize..4,
        newest in any::<bool>(),
        term in "(v1|bo|an|a|case|zz|)",
    ) {
        let items = history(&spec);
        let tl = Timeline { search: term.clone(), ..timeline(ty, who, range, newest) };
        let catalog = Catalog::default();
        let mut index = TimelineIndex::default();
        let mut end = 0;
        while end < items.len() {
            end = (end + page).min(items.len());
            let part = &items[..end];
            index.refresh(&Source {
                timeline: &tl,
                items: part,
                generation: end as u64,
                epoch: 0,
                now: now(),
                catalog: &catalog,
                offset: None,
            });
            let rows = index.visible(&tl, part, end as u64, 0, now());
            let plain = tl.visible(part, now());
            prop_assert_eq!(&*rows, plain.as_slice());
            let cold = TimelineIndex::default();
            let cold_rows = cold.visible(&tl, part, end as u64, 0, now());
            let days = index.day_breaks(part, 0, &rows, TimeMode::Utc, None);
            let want = cold.day_breaks(part, 0, &cold_rows, TimeMode::Utc, None);
            prop_assert_eq!(days.lines(), want.lines());
            for pos in 0..rows.len() {
                prop_assert_eq!(days.starts_day(pos), want.starts_day(pos), "row {}", pos);
            }
            prop_assert_eq!(
                index.matches(part, 0, &rows, &catalog, &term).positions(),
                match_positions(part, &rows, &catalog, &term)
            );
        }
    }
}
