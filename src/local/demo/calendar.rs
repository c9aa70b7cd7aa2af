//! Time helpers: the generator works in Unix seconds and formats dates itself.

use chrono::DateTime;

pub(super) fn ts(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s)
        .expect("valid constant timestamp")
        .timestamp()
}

/// `(year, month, day)` of a day number since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub(super) fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// RFC 3339 in UTC with whole seconds (`2026-10-02T14:03:00Z`); hand-rolled because it runs
/// for every step.
pub(super) fn rfc3339(t: i64) -> String {
    let (y, m, d) = civil(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `Tue 6 Oct`.
pub(super) fn short_date(t: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = t.div_euclid(86_400);
    let (_, m, d) = civil(days);
    format!(
        "{} {d} {}",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize]
    )
}

/// Squeeze a moment into working hours (07:00-20:00) of the same day; monotonic.
pub(super) fn working_hours(t: i64) -> i64 {
    let day = t.div_euclid(86_400) * 86_400;
    let sec = t.rem_euclid(86_400);
    day + 7 * 3600 + sec * 13 / 24
}
