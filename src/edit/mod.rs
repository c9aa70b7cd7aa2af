//! Staged edits: drafts, the full-field request built from them, conflict checks and 3-way
//! merge, and the on-disk journal.
//!
//! `UpdateRelatedItem` replaces a custom item's whole field list; a field left out is deleted.
//! A [`Draft`] therefore always produces the COMPLETE list: the base's fields in their order with
//! the staged operations applied.

mod case;
mod diff;
mod draft;
mod journal;
mod merge;
mod sla;
mod typed;
mod value;

pub use case::{
    SERVICE_SET_FIELDS, check_case_fields, check_draft, check_new_case, required_problem,
    resolve_case_fields,
};
pub use diff::{CommentDiff, DiffLine, body_lines, comment_diff};
pub use draft::{
    Base, Content, Draft, FieldChange, StagedOp, apply_field_ops, content_of, diff_fields,
};
pub use journal::{CorruptDraft, Journal};
pub use merge::{Check, Choice, FieldConflict, check, merge_fields, resolve_fields};
pub use sla::{
    SLA_RANGE, distance, format_minutes, parse_sla_minutes, sla_content, sla_minutes,
    sla_target_time, time_to_target,
};
pub use typed::{TypedIn, TypedText};
pub use value::{
    MAX_COMMENT_CHARS, MAX_CUSTOM_FIELDS, MAX_STRING_CHARS, check_content, parse_value, value_fits,
};
