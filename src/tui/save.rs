//! Saving a draft: read what the server holds now, compare, send the complete content only after
//! the user agreed, and check that the server stored exactly what was intended.

use crate::app::SaveError;
use crate::aws::{GatewayError, Reader, Writer};
use crate::edit::{Base, Check, Content, Draft, check, content_of, sla_content};
use crate::model::{FieldEntry, FieldValue, RelatedContent};

/// Reads the item's current content and compares it with the draft's base.
pub async fn prepare(draft: &Draft, reader: &Reader) -> Result<Check, GatewayError> {
    if let Base::CaseFields { fields } = &draft.base {
        // Only the fields the draft touches matter: UpdateCase leaves the others alone.
        let ids: Vec<String> = fields.iter().map(|f| f.id.clone()).collect();
        let case = reader
            .get_case(&draft.domain_id, &draft.case_id, &ids)
            .await?;
        return Ok(check(draft, Some(&Content::CaseFields(case.fields))));
    }
    let Some(item_id) = &draft.item_id else {
        return Ok(check(draft, None));
    };
    let item = reader
        .find_related_item(&draft.domain_id, &draft.case_id, draft.item_type, item_id)
        .await?;
    let current = item.and_then(|i| content_of(&i.content).or_else(|| sla_content(&i)));
    Ok(check(draft, current.as_ref()))
}

/// Sends `content` for `draft` and checks the stored result. Returns the item's id (new for a
/// created comment).
pub async fn send(draft: &Draft, content: &Content, writer: &Writer) -> Result<String, SaveError> {
    let (domain, case) = (draft.domain_id.as_str(), draft.case_id.as_str());
    match (&draft.base, content) {
        (Base::CaseFields { .. }, Content::CaseFields(fields)) => {
            if !fields.is_empty() {
                writer.update_case(domain, case, fields).await?;
                verify_case(writer, domain, case, fields).await?;
            }
            return Ok(case.to_string());
        }
        (
            Base::NewCase { client_token, .. },
            Content::NewCase {
                template_id,
                fields,
            },
        ) => {
            let id = writer
                .create_case(domain, template_id, fields, client_token)
                .await?;
            verify_case(writer, domain, &id, fields).await?;
            return Ok(id);
        }
        (Base::CaseFields { .. } | Base::NewCase { .. }, _)
        | (_, Content::CaseFields(_) | Content::NewCase { .. }) => {
            return Err(SaveError::Unsupported(
                "a case draft sends case fields, nothing else".into(),
            ));
        }
        _ => {}
    }
    match (&draft.item_id, content) {
        (None, Content::Comment(body)) => Ok(writer.create_comment(domain, case, body).await?),
        (Some(id), Content::Comment(body)) => {
            let stored = writer.update_comment(domain, case, id, body).await?;
            match stored.content {
                RelatedContent::Comment { body: b, .. } if b == *body => Ok(stored.id),
                _ => Err(SaveError::Mismatch),
            }
        }
        (Some(id), Content::Custom(fields)) => {
            let stored = writer.update_custom(domain, case, id, fields).await?;
            match stored.content {
                RelatedContent::Custom { fields: f } if f == *fields => Ok(stored.id),
                _ => Err(SaveError::Mismatch),
            }
        }
        (Some(id), Content::SlaTarget { minutes, target }) => {
            let stored = writer.update_sla_target(domain, case, id, *minutes).await?;
            match stored.content {
                RelatedContent::Sla(sla) if sla.target_time == Some(*target) => Ok(stored.id),
                _ => Err(SaveError::Mismatch),
            }
        }
        (None, Content::SlaTarget { .. }) => Err(SaveError::Unsupported(
            "an SLA target needs an existing SLA".into(),
        )),
        (None, Content::Custom(_)) => Err(SaveError::Unsupported(
            "creating custom items is not supported".into(),
        )),
        (_, Content::CaseFields(_) | Content::NewCase { .. }) => unreachable!("answered above"),
    }
}

/// Reads the case back and checks it holds each of `fields` (an empty value: no value).
async fn verify_case(
    writer: &Writer,
    domain: &str,
    case: &str,
    fields: &[FieldEntry],
) -> Result<(), SaveError> {
    let ids: Vec<String> = fields.iter().map(|f| f.id.clone()).collect();
    let stored = writer.reader().get_case(domain, case, &ids).await?;
    let holds = |f: &FieldEntry| match stored.field(&f.id) {
        Some(v) => *v == f.value,
        None => f.value == FieldValue::Empty,
    };
    if fields.iter().all(holds) {
        Ok(())
    } else {
        Err(SaveError::Mismatch)
    }
}
