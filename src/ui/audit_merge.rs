//! What the timeline shows of merges: the service's `mergeMetadata` on each event a merge recorded
//! (read by the gateway from the raw response, since the SDK drops it), this case's part in the
//! merge, and the merge's other events among those loaded.

use ratatui::text::{Line, Span};

use super::RenderContext;
use crate::app::App;
use crate::model::AuditEvent;

/// `→ P (from S)`, for a `Case.Merged` row (its type says merged): the target first and in as
/// few characters as can say it, so a row cut at forty characters still names it (case ids may
/// be 36-character UUIDs).
pub(super) fn merge_headline(e: &AuditEvent) -> Option<String> {
    if e.event_type != "Case.Merged" {
        return None;
    }
    Some(match &e.merge {
        Some(m) => format!("→ {} (from {})", m.primary_case_id, m.secondary_case_id),
        None => "merged (the service did not say which cases)".into(),
    })
}

/// The expanded event's merge lines: from where into where, this case's part, the merge's id and
/// the other events of the same merge in the loaded timeline.
pub(super) fn merge_lines<'a>(app: &App, e: &AuditEvent, cx: &RenderContext) -> Vec<Line<'a>> {
    // A label of eight characters or more still ends in a space before its value.
    let label = |k: &str| {
        Span::styled(
            format!(" {:<8}", format!("{k} ")),
            cx.styles.column_header(),
        )
    };
    let Some(m) = &e.merge else {
        if e.event_type == "Case.Merged" {
            return vec![Line::from(vec![
                label("Merge"),
                Span::styled(
                    "the service sent no mergeMetadata: which cases took part is not known",
                    cx.styles.dim(),
                ),
            ])];
        }
        return Vec::new();
    };
    let clean = |s: &str| cx.clean(s).into_owned();
    let cv = app.case.as_ref();
    let this = cv.map(|cv| cv.case_id.as_str());
    let mut out = vec![Line::from(vec![
        label("Merge"),
        Span::raw(format!(
            "case {} merged into case {}",
            clean(&m.secondary_case_id),
            clean(&m.primary_case_id)
        )),
    ])];
    let part = if this == Some(m.primary_case_id.as_str()) {
        Some(format!(
            "this case is the primary: the values and items below came from case {}",
            clean(&m.secondary_case_id)
        ))
    } else if this == Some(m.secondary_case_id.as_str()) {
        Some(format!(
            "this case is the secondary: it was closed, and what merged went to case {}",
            clean(&m.primary_case_id)
        ))
    } else {
        None
    };
    if let Some(part) = part {
        out.push(Line::from(vec![label(""), Span::raw(part)]));
    }
    out.push(Line::from(vec![
        label("Merge id"),
        Span::styled(clean(&m.merge_event_id), cx.styles.dim()),
    ]));
    let Some(cv) = cv else {
        return out;
    };
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for other in cv.audit.list.items.iter().filter(|o| {
        o.id != e.id
            && o.merge
                .as_ref()
                .is_some_and(|om| om.merge_event_id == m.merge_event_id)
    }) {
        let kind = match &other.related_item_type {
            Some(t) => format!("{} · {t}", other.event_type),
            None => other.event_type.clone(),
        };
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
    }
    if !kinds.is_empty() {
        let text = kinds
            .iter()
            .map(|(k, n)| {
                if *n == 1 {
                    k.clone()
                } else {
                    format!("{k} ×{n}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Line::from(vec![
            label("Also"),
            Span::raw(format!(
                "by this merge, in the loaded history: {}",
                clean(&text)
            )),
        ]));
    }
    out
}
