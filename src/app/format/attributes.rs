//! Names for the attributes of related items that audit events list next to case fields
//! (`contact.channel`, `connectCase.caseId`, ...): ids no domain defines, so the catalog cannot
//! name them.

/// `(event field id, name shown, holds a time)`.
const ATTRIBUTES: &[(&str, &str, bool)] = &[
    ("comment.body", "Comment", false),
    ("comment.contentType", "Comment format", false),
    ("contact.contactArn", "Contact", false),
    ("contact.channel", "Contact channel", false),
    ("contact.connectedToSystemTime", "Contact connected", true),
    ("file.fileArn", "File", false),
    ("sla.name", "SLA name", false),
    ("sla.type", "SLA type", false),
    ("sla.status", "SLA status", false),
    ("sla.targetTime", "SLA target time", true),
    ("sla.completionTime", "SLA completed", true),
    ("sla.targetSlaMinutes", "SLA target (minutes)", false),
    ("sla.fieldId", "SLA field", false),
    ("sla.targetFieldValues", "SLA target values", false),
    ("connectCase.caseId", "Linked case", false),
];

/// The name shown for a related item's attribute, when `id` is one.
pub(super) fn name(id: &str) -> Option<&'static str> {
    ATTRIBUTES
        .iter()
        .find(|(a, _, _)| *a == id)
        .map(|(_, n, _)| *n)
}

/// Whether attribute `id` holds a time (shown like a DateTime field).
pub(super) fn is_time(id: &str) -> bool {
    ATTRIBUTES.iter().any(|(a, _, t)| *a == id && *t)
}
