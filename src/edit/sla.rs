//! An SLA's target as the user types it and as the service counts it: minutes after the SLA was
//! created, 1 to 1,051,200 (`TargetSlaMinutes` in the model: two years of 365 days).

use chrono::{DateTime, Duration, Utc};

use super::draft::Content;
use crate::limits::{MAX_SLA_MINUTES, MIN_SLA_MINUTES};
use crate::model::{RelatedContent, RelatedItem};

/// What the target editor says a target must be.
pub const SLA_RANGE: &str = "1 minute to 730 days (1 to 1,051,200 minutes)";

/// Reads `90` (minutes), `2h`, `1d 4h`, `1d4h30m`, `45m`: the target in minutes, or why not.
pub fn parse_sla_minutes(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!(
            "type a target: minutes (90) or a duration (2h, 1d 4h); it must be {SLA_RANGE}"
        ));
    }
    let not_a_duration = || {
        format!(
            "`{text}` is not a duration: type minutes (90) or days, hours and minutes (2h, 1d 4h); the target must be {SLA_RANGE}"
        )
    };
    let minutes = if text.chars().all(|c| c.is_ascii_digit()) {
        text.parse::<i64>().map_err(|_| too_long(text))?
    } else {
        let mut total: i64 = 0;
        let mut number = String::new();
        let mut seen_unit = false;
        let mut units: Vec<char> = Vec::new();
        for c in text.chars() {
            match c {
                '0'..='9' => number.push(c),
                ' ' if number.is_empty() => {}
                'd' | 'D' | 'h' | 'H' | 'm' | 'M' if !number.is_empty() => {
                    let n: i64 = number.parse().map_err(|_| too_long(text))?;
                    let lower = c.to_ascii_lowercase();
                    if units.contains(&lower) {
                        // `1h 1h` is a typo more often than a sum: say so rather than add.
                        return Err(format!(
                            "`{text}` gives the {} twice; give each of days, hours and minutes at most once (1d 4h 30m)",
                            match lower {
                                'd' => "days",
                                'h' => "hours",
                                _ => "minutes",
                            }
                        ));
                    }
                    units.push(lower);
                    let unit = match lower {
                        'd' => 24 * 60,
                        'h' => 60,
                        _ => 1,
                    };
                    total = n
                        .checked_mul(unit)
                        .and_then(|m| total.checked_add(m))
                        .ok_or_else(|| too_long(text))?;
                    number.clear();
                    seen_unit = true;
                }
                _ => return Err(not_a_duration()),
            }
        }
        if !number.is_empty() || !seen_unit {
            return Err(not_a_duration());
        }
        total
    };
    if minutes < MIN_SLA_MINUTES {
        return Err(format!(
            "{} is too short: the target must be {SLA_RANGE}",
            format_minutes(minutes)
        ));
    }
    if minutes > MAX_SLA_MINUTES {
        return Err(format!(
            "{} is too long: the target must be {SLA_RANGE}",
            format_minutes(minutes)
        ));
    }
    Ok(minutes)
}

fn too_long(text: &str) -> String {
    format!("`{text}` is too long: the target must be {SLA_RANGE}")
}

/// `1d 4h 30m`, `2h`, `45m`: the form [`parse_sla_minutes`] reads back.
pub fn format_minutes(minutes: i64) -> String {
    if minutes <= 0 {
        return format!("{minutes}m");
    }
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "m")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| format!("{n}{u}"))
        .collect();
    parts.join(" ")
}

/// The whole minutes from an SLA's creation to its target, to the nearest minute. The service
/// counts a target in whole minutes, but the two times it sends need not carry the same
/// precision (a target in seconds, a creation in milliseconds): truncating would read 60 as 59.
pub fn sla_minutes(created: DateTime<Utc>, target: DateTime<Utc>) -> i64 {
    ((target - created).num_milliseconds() + 30_000).div_euclid(60_000)
}

/// The target time of an SLA created at `created` with a target of `minutes`.
pub fn sla_target_time(created: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    created + Duration::minutes(minutes)
}

/// An SLA item's target as a draft compares it: the service counts the target from the SLA's
/// creation, which is the item's association time. `None` for other items, or an SLA missing
/// either time.
pub fn sla_content(item: &RelatedItem) -> Option<Content> {
    let RelatedContent::Sla(sla) = &item.content else {
        return None;
    };
    let (created, target) = (item.association_time?, sla.target_time?);
    Some(Content::SlaTarget {
        minutes: sla_minutes(created, target),
        target,
    })
}

/// "due in 20 min", "breached 3h 5m ago", "met", for an SLA's row.
pub fn time_to_target(
    status: &str,
    target: Option<DateTime<Utc>>,
    completed: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> String {
    match (status, target) {
        ("Met", _) => "met".into(),
        ("NotMet", _) => "missed".into(),
        (_, None) => "no target time".into(),
        (_, Some(_)) if completed.is_some() => "completed".into(),
        (_, Some(t)) if t > now => format!("due in {}", short(t - now)),
        (_, Some(t)) => format!("breached {} ago", short(now - t)),
    }
}

/// How far `t` is from `now`, in at most two units: `in 1h 46m`, `20 min ago`, `now`.
pub fn distance(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if t > now {
        format!("in {}", short(t - now))
    } else if now - t < Duration::minutes(1) {
        "now".into()
    } else {
        format!("{} ago", short(now - t))
    }
}

/// A duration in at most two units: `20 min`, `3h 5m`, `2d 4h`.
fn short(d: Duration) -> String {
    let m = d.num_minutes().max(0);
    if m < 60 {
        return format!("{m} min");
    }
    let text = format_minutes(m);
    text.split(' ').take(2).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_durations_parse() {
        assert_eq!(parse_sla_minutes("90"), Ok(90));
        assert_eq!(parse_sla_minutes(" 2h "), Ok(120));
        assert_eq!(parse_sla_minutes("1d 4h"), Ok(1680));
        assert_eq!(parse_sla_minutes("1d4h30m"), Ok(1710));
        assert_eq!(parse_sla_minutes("45m"), Ok(45));
        assert_eq!(parse_sla_minutes("730d"), Ok(1_051_200));
        assert_eq!(parse_sla_minutes("1051200"), Ok(1_051_200));
    }

    #[test]
    fn bad_targets_say_the_range() {
        for bad in ["0", "0h", "730d 1m", "1051201", "99999999999999999999999"] {
            let e = parse_sla_minutes(bad).unwrap_err();
            assert!(e.contains(SLA_RANGE), "{bad}: {e}");
        }
        for bad in ["abc", "2x", "h", "1d 4", "-5", "2h abc"] {
            let e = parse_sla_minutes(bad).unwrap_err();
            assert!(
                e.contains("is not a duration") && e.contains(SLA_RANGE),
                "{bad}: {e}"
            );
        }
        assert!(parse_sla_minutes("").unwrap_err().contains(SLA_RANGE));
    }

    #[test]
    fn a_unit_given_twice_is_refused_not_added() {
        for (bad, unit) in [
            ("1h 1h", "hours"),
            ("1d2h3d", "days"),
            ("5m 10M", "minutes"),
        ] {
            let e = parse_sla_minutes(bad).unwrap_err();
            assert!(e.contains(&format!("gives the {unit} twice")), "{bad}: {e}");
        }
        assert_eq!(parse_sla_minutes("1d 1h 1m"), Ok(1501));
    }

    #[test]
    fn the_span_is_counted_to_the_nearest_minute_whatever_precision_the_times_carry() {
        let created: DateTime<Utc> = "2026-12-01T09:00:00.750Z".parse().unwrap();
        // A target sent in whole seconds, 59.25 s short of 60 min after a creation in ms.
        let target: DateTime<Utc> = "2026-12-01T10:00:00Z".parse().unwrap();
        assert_eq!(sla_minutes(created, target), 60);
        assert_eq!(sla_minutes(created, created + Duration::minutes(90)), 90);
        assert_eq!(
            sla_minutes(created, created + Duration::seconds(90 * 60 + 29)),
            90
        );
        assert_eq!(sla_minutes(created, created), 0);
        let mut item = crate::app::feed::radar::testing::open_sla("c", "s", "First reply", 5).item;
        item.association_time = Some(created);
        if let RelatedContent::Sla(s) = &mut item.content {
            s.target_time = Some(target);
        }
        let Some(Content::SlaTarget { minutes, .. }) = sla_content(&item) else {
            panic!("an SLA item has a target");
        };
        assert_eq!(minutes, 60);
    }

    #[test]
    fn formatting_reads_back() {
        for m in [1, 45, 60, 90, 1440, 1680, 1710, 1_051_200] {
            assert_eq!(parse_sla_minutes(&format_minutes(m)), Ok(m), "{m}");
        }
        assert_eq!(format_minutes(1710), "1d 4h 30m");
    }

    fn sla_draft() -> super::super::Draft {
        let created: DateTime<Utc> = "2026-12-01T09:00:00Z".parse().unwrap();
        super::super::Draft::for_item(
            "d",
            "c",
            "sla-1",
            crate::model::RelatedItemType::Sla,
            super::super::Base::Sla {
                name: "First reply".into(),
                created,
                target: created + Duration::minutes(60),
            },
        )
    }

    #[test]
    fn an_sla_draft_is_a_target_counted_from_creation_and_journals_alongside_old_drafts() {
        use super::super::{Journal, StagedOp};
        let mut d = sla_draft();
        assert!(d.is_noop());
        d.push(StagedOp::SetSlaTarget { minutes: 120 });
        let want: DateTime<Utc> = "2026-12-01T11:00:00Z".parse().unwrap();
        assert_eq!(
            d.content(),
            Content::SlaTarget {
                minutes: 120,
                target: want
            }
        );
        d.push(StagedOp::SetSlaTarget { minutes: 60 });
        assert!(d.is_noop(), "back to the current target");
        d.push(StagedOp::SetSlaTarget { minutes: 120 });
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        journal.save(&d).unwrap();
        // A draft journaled before SLA drafts existed reads back beside the new kind.
        std::fs::write(
            dir.path().join("old.json"),
            r#"{"key":"d/c/x","domainId":"d","caseId":"c","itemId":"x","itemType":"Comment",
               "base":{"kind":"comment","body":"a"},"ops":[{"op":"setBody","body":"b"}],
               "stagedAt":"2026-11-30T10:00:00Z"}"#,
        )
        .unwrap();
        let (drafts, corrupt) = journal.load_all().unwrap();
        assert!(corrupt.is_empty(), "{corrupt:?}");
        assert_eq!(drafts.len(), 2);
        assert!(drafts.contains(&d));
    }

    #[test]
    fn someone_elses_target_change_is_a_conflict_unless_it_is_ours() {
        use super::super::{Check, StagedOp, check};
        let mut d = sla_draft();
        d.push(StagedOp::SetSlaTarget { minutes: 120 });
        let Content::SlaTarget { target: ours, .. } = d.content() else {
            panic!()
        };
        let at = |m: i64| Content::SlaTarget {
            minutes: m,
            target: "2026-12-01T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(m),
        };
        assert!(matches!(check(&d, Some(&at(60))), Check::Fresh(_)));
        assert!(matches!(check(&d, Some(&at(120))), Check::Fresh(_)));
        match check(&d, Some(&at(90))) {
            Check::Conflicts { conflicts, .. } => {
                assert_eq!(conflicts[0].id, "sla.targetTime");
                assert_eq!(
                    conflicts[0].ours,
                    Some(crate::model::FieldValue::String(ours.to_rfc3339()))
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(check(&d, None), Check::Gone);
    }

    #[test]
    fn time_to_target_reads_like_a_person_would_say_it() {
        let now: DateTime<Utc> = "2026-12-01T10:00:00Z".parse().unwrap();
        let at = |m: i64| Some(now + Duration::minutes(m));
        assert_eq!(time_to_target("Active", at(20), None, now), "due in 20 min");
        assert_eq!(time_to_target("Active", at(125), None, now), "due in 2h 5m");
        assert_eq!(
            time_to_target("Overdue", at(-185), None, now),
            "breached 3h 5m ago"
        );
        assert_eq!(time_to_target("Met", at(-5), at(-10), now), "met");
        assert_eq!(time_to_target("NotMet", at(-5), at(-1), now), "missed");
    }
}
