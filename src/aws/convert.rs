//! Conversions between SDK types and the app's own types (`crate::model`).

use crate::model::{
    AuditEvent, AuditField, Case, CaseItem, Domain, FieldDef, FieldEntry, FieldOption, FieldType,
    FieldValue, Performer, RelatedContent, RelatedItem, RelatedItemType, Sla,
};
use aws_sdk_connectcases::primitives::DateTime as SdkDateTime;
use aws_sdk_connectcases::types as sdk;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

pub(crate) fn time(t: &SdkDateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

pub(crate) fn field_value(v: &sdk::FieldValueUnion) -> FieldValue {
    match v {
        sdk::FieldValueUnion::StringValue(s) => FieldValue::String(s.clone()),
        sdk::FieldValueUnion::DoubleValue(d) => FieldValue::Double(*d),
        sdk::FieldValueUnion::BooleanValue(b) => FieldValue::Bool(*b),
        sdk::FieldValueUnion::UserArnValue(s) => FieldValue::UserArn(s.clone()),
        _ => FieldValue::Empty,
    }
}

pub(crate) fn audit_value(v: &sdk::AuditEventFieldValueUnion) -> FieldValue {
    match v {
        sdk::AuditEventFieldValueUnion::StringValue(s) => FieldValue::String(s.clone()),
        sdk::AuditEventFieldValueUnion::DoubleValue(d) => FieldValue::Double(*d),
        sdk::AuditEventFieldValueUnion::BooleanValue(b) => FieldValue::Bool(*b),
        sdk::AuditEventFieldValueUnion::UserArnValue(s) => FieldValue::UserArn(s.clone()),
        _ => FieldValue::Empty,
    }
}

pub(crate) fn to_sdk_value(v: &FieldValue) -> sdk::FieldValueUnion {
    match v {
        FieldValue::String(s) => sdk::FieldValueUnion::StringValue(s.clone()),
        FieldValue::Double(d) => sdk::FieldValueUnion::DoubleValue(*d),
        FieldValue::Bool(b) => sdk::FieldValueUnion::BooleanValue(*b),
        FieldValue::UserArn(s) => sdk::FieldValueUnion::UserArnValue(s.clone()),
        FieldValue::Empty => {
            sdk::FieldValueUnion::EmptyValue(sdk::EmptyFieldValue::builder().build())
        }
    }
}

pub(crate) fn to_sdk_field(f: &FieldEntry) -> sdk::FieldValue {
    sdk::FieldValue::builder()
        .id(&f.id)
        .value(to_sdk_value(&f.value))
        .build()
        .expect("id and value are set")
}

pub(crate) fn field_entry(f: &sdk::FieldValue) -> FieldEntry {
    FieldEntry::new(f.id(), f.value().map_or(FieldValue::Empty, field_value))
}

pub(crate) fn performer(u: &sdk::UserUnion) -> Option<Performer> {
    match u {
        sdk::UserUnion::UserArn(a) => Some(Performer::UserArn(a.clone())),
        sdk::UserUnion::CustomEntity(e) => Some(Performer::CustomEntity(e.clone())),
        _ => None,
    }
}

pub(crate) fn to_sdk_performer(p: &Performer) -> sdk::UserUnion {
    match p {
        Performer::UserArn(a) => sdk::UserUnion::UserArn(a.clone()),
        Performer::CustomEntity(e) => sdk::UserUnion::CustomEntity(e.clone()),
    }
}

pub(crate) fn tags(t: Option<&HashMap<String, Option<String>>>) -> BTreeMap<String, String> {
    t.into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone().unwrap_or_default()))
        .collect()
}

pub(crate) fn domain_summary(d: &sdk::DomainSummary) -> Domain {
    Domain {
        id: d.domain_id().to_string(),
        arn: d.domain_arn().to_string(),
        name: d.name().to_string(),
        status: None,
        created_time: None,
    }
}

pub(crate) fn field_def(f: &sdk::GetFieldResponse) -> FieldDef {
    FieldDef {
        id: f.field_id().to_string(),
        name: f.name().to_string(),
        field_type: FieldType::parse(f.r#type().as_str()),
        system: f.namespace() == &sdk::FieldNamespace::System,
        description: f.description().map(str::to_string),
    }
}

pub(crate) fn field_summary(f: &sdk::FieldSummary) -> FieldDef {
    FieldDef {
        id: f.field_id().to_string(),
        name: f.name().to_string(),
        field_type: FieldType::parse(f.r#type().as_str()),
        system: f.namespace() == &sdk::FieldNamespace::System,
        description: None,
    }
}

pub(crate) fn field_option(o: &sdk::FieldOption) -> FieldOption {
    FieldOption {
        name: o.name().to_string(),
        value: o.value().to_string(),
        active: o.active(),
    }
}

pub(crate) fn case_item(c: &sdk::SearchCasesResponseItem) -> Case {
    Case {
        id: c.case_id().to_string(),
        template_id: c.template_id().to_string(),
        fields: c.fields().iter().map(field_entry).collect(),
        tags: tags(c.tags()),
    }
}

pub(crate) fn related_item_type(t: &sdk::RelatedItemType) -> Option<RelatedItemType> {
    RelatedItemType::parse(t.as_str())
}

pub(crate) fn related_content(c: &sdk::RelatedItemContent) -> RelatedContent {
    match c {
        sdk::RelatedItemContent::Contact(c) => RelatedContent::Contact {
            contact_arn: c.contact_arn().to_string(),
            channel: c.channel().to_string(),
            connected_to_system_time: time(c.connected_to_system_time()),
        },
        sdk::RelatedItemContent::Comment(c) => RelatedContent::Comment {
            body: c.body().to_string(),
            content_type: c.content_type().as_str().to_string(),
        },
        sdk::RelatedItemContent::File(f) => RelatedContent::File {
            file_arn: f.file_arn().to_string(),
        },
        sdk::RelatedItemContent::Sla(s) => {
            let c = s.sla_configuration();
            match c {
                Some(c) => RelatedContent::Sla(Sla {
                    name: c.name().to_string(),
                    sla_type: c.r#type().as_str().to_string(),
                    status: c.status().as_str().to_string(),
                    field_id: c.field_id().map(str::to_string),
                    target_field_values: c.target_field_values().iter().map(field_value).collect(),
                    target_time: time(c.target_time()),
                    completion_time: c.completion_time().and_then(time),
                }),
                None => RelatedContent::Unknown,
            }
        }
        sdk::RelatedItemContent::ConnectCase(c) => RelatedContent::ConnectCase {
            case_id: c.case_id().to_string(),
        },
        sdk::RelatedItemContent::Custom(c) => RelatedContent::Custom {
            fields: c.fields().iter().map(field_entry).collect(),
        },
        _ => RelatedContent::Unknown,
    }
}

pub(crate) fn related_item(r: &sdk::SearchRelatedItemsResponseItem) -> Option<RelatedItem> {
    Some(RelatedItem {
        id: r.related_item_id().to_string(),
        item_type: related_item_type(r.r#type())?,
        association_time: time(r.association_time()),
        content: r.content().map_or(RelatedContent::Unknown, related_content),
        tags: tags(r.tags()),
        performed_by: r.performed_by().and_then(performer),
    })
}

pub(crate) fn case_item_across(r: &sdk::SearchAllRelatedItemsResponseItem) -> Option<CaseItem> {
    Some(CaseItem {
        case_id: r.case_id().to_string(),
        item: RelatedItem {
            id: r.related_item_id().to_string(),
            item_type: related_item_type(r.r#type())?,
            association_time: time(r.association_time()),
            content: r.content().map_or(RelatedContent::Unknown, related_content),
            tags: tags(r.tags()),
            performed_by: r.performed_by().and_then(performer),
        },
    })
}

pub(crate) fn audit_event(e: &sdk::AuditEvent) -> AuditEvent {
    AuditEvent {
        id: e.event_id().to_string(),
        event_type: e.r#type().as_str().to_string(),
        related_item_type: e.related_item_type().map(|t| t.as_str().to_string()),
        performed_time: time(e.performed_time()),
        fields: e
            .fields()
            .iter()
            .flatten()
            .map(|f| AuditField {
                field_id: f.event_field_id().to_string(),
                old_value: f.old_value().map(audit_value),
                new_value: f.new_value().map_or(FieldValue::Empty, audit_value),
            })
            .collect(),
        performed_by: e.performed_by().and_then(|p| p.user()).and_then(performer),
        iam_principal_arn: e.performed_by().map(|p| p.iam_principal_arn().to_string()),
        merge: None,
    }
}
