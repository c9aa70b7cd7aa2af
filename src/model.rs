//! The domain types the app works with. The gateway (`aws/`) converts SDK types into these at the
//! edge, so nothing outside `aws/` names an SDK type.

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A Cases domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub status: Option<String>,
    pub created_time: Option<DateTime<Utc>>,
}

/// The type of a field, as the service names it; unknown types are kept as they came.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldType {
    Text,
    Number,
    Boolean,
    DateTime,
    SingleSelect,
    Url,
    User,
    Other(String),
}

impl FieldType {
    pub fn parse(s: &str) -> Self {
        match s {
            "Text" => Self::Text,
            "Number" => Self::Number,
            "Boolean" => Self::Boolean,
            "DateTime" => Self::DateTime,
            "SingleSelect" => Self::SingleSelect,
            "Url" => Self::Url,
            "User" => Self::User,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Text => "Text",
            Self::Number => "Number",
            Self::Boolean => "Boolean",
            Self::DateTime => "DateTime",
            Self::SingleSelect => "SingleSelect",
            Self::Url => "Url",
            Self::User => "User",
            Self::Other(s) => s,
        }
    }
}

/// A field definition of a domain.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    pub id: String,
    pub name: String,
    pub field_type: FieldType,
    /// `true` for the service's system fields (`title`, `status`, ...).
    pub system: bool,
    pub description: Option<String>,
}

/// One option of a SingleSelect field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldOption {
    pub name: String,
    pub value: String,
    pub active: bool,
}

/// A field value: the service's `FieldValueUnion`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldValue {
    String(String),
    Double(f64),
    Bool(bool),
    Empty,
    UserArn(String),
}

/// A field id with its value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FieldEntry {
    pub id: String,
    pub value: FieldValue,
}

impl FieldEntry {
    pub fn new(id: impl Into<String>, value: FieldValue) -> Self {
        Self {
            id: id.into(),
            value,
        }
    }
}

/// A case as SearchCases or GetCase returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: String,
    pub template_id: String,
    pub fields: Vec<FieldEntry>,
    pub tags: BTreeMap<String, String>,
}

impl Case {
    pub fn field(&self, id: &str) -> Option<&FieldValue> {
        self.fields.iter().find(|f| f.id == id).map(|f| &f.value)
    }
}

/// Who performed a change: a Connect user or any other named entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Performer {
    UserArn(String),
    CustomEntity(String),
}

/// The six related item types.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum RelatedItemType {
    Contact,
    Comment,
    File,
    Sla,
    ConnectCase,
    Custom,
}

impl RelatedItemType {
    pub const ALL: [RelatedItemType; 6] = [
        Self::Contact,
        Self::Comment,
        Self::File,
        Self::Sla,
        Self::ConnectCase,
        Self::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Contact => "Contact",
            Self::Comment => "Comment",
            Self::File => "File",
            Self::Sla => "Sla",
            Self::ConnectCase => "ConnectCase",
            Self::Custom => "Custom",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// An SLA's configuration and state.
#[derive(Debug, Clone, PartialEq)]
pub struct Sla {
    pub name: String,
    pub sla_type: String,
    pub status: String,
    pub field_id: Option<String>,
    pub target_field_values: Vec<FieldValue>,
    pub target_time: Option<DateTime<Utc>>,
    pub completion_time: Option<DateTime<Utc>>,
}

/// The content of a related item, one variant per type.
#[derive(Debug, Clone, PartialEq)]
pub enum RelatedContent {
    Contact {
        contact_arn: String,
        channel: String,
        connected_to_system_time: Option<DateTime<Utc>>,
    },
    Comment {
        body: String,
        content_type: String,
    },
    File {
        file_arn: String,
    },
    Sla(Sla),
    ConnectCase {
        case_id: String,
    },
    Custom {
        fields: Vec<FieldEntry>,
    },
    /// A content type this build does not know.
    Unknown,
}

/// A related item of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedItem {
    pub id: String,
    pub item_type: RelatedItemType,
    pub association_time: Option<DateTime<Utc>>,
    pub content: RelatedContent,
    pub tags: BTreeMap<String, String>,
    pub performed_by: Option<Performer>,
}

/// A related item found across a domain (SearchAllRelatedItems), with the case it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseItem {
    pub case_id: String,
    pub item: RelatedItem,
}

/// One changed field of an audit event.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditField {
    pub field_id: String,
    pub old_value: Option<FieldValue>,
    pub new_value: FieldValue,
}

/// One entry of a case's audit history.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub id: String,
    /// `Case.Created`, `Case.Updated`, `RelatedItem.Created`, ... kept as the service sent it.
    pub event_type: String,
    pub related_item_type: Option<String>,
    pub performed_time: Option<DateTime<Utc>>,
    pub fields: Vec<AuditField>,
    pub performed_by: Option<Performer>,
    pub iam_principal_arn: Option<String>,
    /// The merge that produced the event (`mergeMetadata`), on every event a merge records.
    pub merge: Option<MergeMetadata>,
}

/// Which merge produced an audit event: every event of one merge, on both cases, has the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeMetadata {
    pub merge_event_id: String,
    /// The case that stayed open and received the merged values and items.
    pub primary_case_id: String,
    /// The case that was merged into it (and closed).
    pub secondary_case_id: String,
}

/// One page of a paged listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

/// The system fields `CreateDomain` creates, in the order the service lists them.
pub const SYSTEM_FIELDS: [&str; 13] = [
    "title",
    "status",
    "reference_number",
    "summary",
    "customer_id",
    "assigned_queue",
    "assigned_user",
    "case_reason",
    "created_datetime",
    "last_updated_datetime",
    "last_updated_user",
    "last_closed_datetime",
    "created_by",
];

/// What the case list asks SearchCases for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaseQuery {
    /// Free text, matched by the service over text fields.
    pub search_term: Option<String>,
    /// Only cases whose `status` field equals this option value (`open`, `closed`).
    pub status: Option<String>,
    /// Sort by this field id; `true` for ascending.
    pub sort: Option<(String, bool)>,
    /// Field ids to return for each case (projection).
    pub fields: Vec<String>,
    pub max_results: Option<i32>,
    /// Only cases whose `assigned_user` is this Connect user ARN (`:mine`).
    pub assigned_user: Option<String>,
}

/// A case template, as a new case needs it: its id, name and required fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub id: String,
    pub name: String,
    /// Field ids a case made from it must have a value for.
    pub required: Vec<String>,
}
