//! Every mutating call the app makes. Read-only mode never constructs a [`Writer`], so no code
//! path in such a process can reach these calls.

use super::GatewayError;
use super::convert;
use super::error_map::map_sdk_error;
use super::newer_model::SlaTargetBody;
use crate::model::{FieldEntry, Performer, RelatedContent};
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::types as sdk;

type Result<T> = std::result::Result<T, GatewayError>;

/// The write half of the gateway. Every call carries `performed_by` when one is configured.
#[derive(Clone, Debug)]
pub struct Writer {
    client: Client,
    performed_by: Option<Performer>,
}

/// What the service answered to an update: the item's stored content after the write.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdatedItem {
    pub id: String,
    pub content: RelatedContent,
}

impl Writer {
    pub fn new(client: Client, performed_by: Option<Performer>) -> Self {
        Self {
            client,
            performed_by,
        }
    }

    /// A reader on the same client, to check what a write stored.
    pub fn reader(&self) -> super::Reader {
        super::Reader::new(self.client.clone())
    }

    fn sends_user_arn(&self) -> bool {
        matches!(self.performed_by, Some(Performer::UserArn(_)))
    }

    fn performer(&self) -> Option<sdk::UserUnion> {
        self.performed_by.as_ref().map(convert::to_sdk_performer)
    }

    /// Adds a plain-text comment to a case; returns the new item's id.
    pub async fn create_comment(
        &self,
        domain_id: &str,
        case_id: &str,
        body: &str,
    ) -> Result<String> {
        let comment = sdk::CommentContent::builder()
            .body(body)
            .content_type(sdk::CommentBodyTextType::Plaintext)
            .build()
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        let resp = self
            .client
            .create_related_item()
            .domain_id(domain_id)
            .case_id(case_id)
            .r#type(sdk::RelatedItemType::Comment)
            .content(sdk::RelatedItemInputContent::Comment(comment))
            .set_performed_by(self.performer())
            .send()
            .await
            .map_err(|e| map_sdk_error(e, self.sends_user_arn()))?;
        Ok(resp.related_item_id().to_string())
    }

    /// Replaces a comment's body.
    pub async fn update_comment(
        &self,
        domain_id: &str,
        case_id: &str,
        item_id: &str,
        body: &str,
    ) -> Result<UpdatedItem> {
        let comment = sdk::CommentUpdateContent::builder()
            .body(body)
            .content_type(sdk::CommentBodyTextType::Plaintext)
            .build()
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        self.update(
            domain_id,
            case_id,
            item_id,
            sdk::RelatedItemUpdateContent::Comment(comment),
        )
        .await
    }

    /// Replaces a custom item's WHOLE field list: a field not in `fields` is removed by the
    /// service. Callers build `fields` from a reviewed draft (see `crate::edit`).
    pub async fn update_custom(
        &self,
        domain_id: &str,
        case_id: &str,
        item_id: &str,
        fields: &[FieldEntry],
    ) -> Result<UpdatedItem> {
        let custom = sdk::CustomUpdateContent::builder()
            .set_fields(Some(fields.iter().map(convert::to_sdk_field).collect()))
            .build()
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        self.update(
            domain_id,
            case_id,
            item_id,
            sdk::RelatedItemUpdateContent::Custom(custom),
        )
        .await
    }

    /// Changes an SLA's target to `minutes` after its creation; the service recalculates its
    /// target time and status. The SDK has no member for this: see `newer_model::SlaTargetBody`.
    pub async fn update_sla_target(
        &self,
        domain_id: &str,
        case_id: &str,
        item_id: &str,
        minutes: i64,
    ) -> Result<UpdatedItem> {
        // A placeholder for the union the SDK knows; the interceptor replaces all of `content`
        // before signing, or fails the call before anything is sent.
        let placeholder = sdk::CommentUpdateContent::builder()
            .body("")
            .content_type(sdk::CommentBodyTextType::Plaintext)
            .build()
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        let resp = self
            .client
            .update_related_item()
            .domain_id(domain_id)
            .case_id(case_id)
            .related_item_id(item_id)
            .content(sdk::RelatedItemUpdateContent::Comment(placeholder))
            .set_performed_by(self.performer())
            .customize()
            .interceptor(SlaTargetBody { minutes })
            .send()
            .await
            .map_err(|e| map_sdk_error(e, self.sends_user_arn()))?;
        Ok(UpdatedItem {
            id: resp.related_item_id().to_string(),
            content: resp
                .content()
                .map_or(RelatedContent::Unknown, convert::related_content),
        })
    }

    async fn update(
        &self,
        domain_id: &str,
        case_id: &str,
        item_id: &str,
        content: sdk::RelatedItemUpdateContent,
    ) -> Result<UpdatedItem> {
        let resp = self
            .client
            .update_related_item()
            .domain_id(domain_id)
            .case_id(case_id)
            .related_item_id(item_id)
            .content(content)
            .set_performed_by(self.performer())
            .send()
            .await
            .map_err(|e| map_sdk_error(e, self.sends_user_arn()))?;
        Ok(UpdatedItem {
            id: resp.related_item_id().to_string(),
            content: resp
                .content()
                .map_or(RelatedContent::Unknown, convert::related_content),
        })
    }

    /// Sets exactly `fields` on the case (UpdateCase changes only the fields it is given; every
    /// other field keeps its value).
    pub async fn update_case(
        &self,
        domain_id: &str,
        case_id: &str,
        fields: &[FieldEntry],
    ) -> Result<()> {
        self.client
            .update_case()
            .domain_id(domain_id)
            .case_id(case_id)
            .set_fields(Some(fields.iter().map(convert::to_sdk_field).collect()))
            .set_performed_by(self.performer())
            .send()
            .await
            .map_err(|e| map_sdk_error(e, self.sends_user_arn()))?;
        Ok(())
    }

    /// Creates a case from `template_id` with `fields`; returns its id. `client_token` makes the
    /// call idempotent: a retry with the same token answers the case the first try made.
    pub async fn create_case(
        &self,
        domain_id: &str,
        template_id: &str,
        fields: &[FieldEntry],
        client_token: &str,
    ) -> Result<String> {
        let resp = self
            .client
            .create_case()
            .domain_id(domain_id)
            .template_id(template_id)
            .set_fields(Some(fields.iter().map(convert::to_sdk_field).collect()))
            .client_token(client_token)
            .set_performed_by(self.performer())
            .send()
            .await
            .map_err(|e| map_sdk_error(e, self.sends_user_arn()))?;
        Ok(resp.case_id().to_string())
    }

    /// Deletes a related item.
    pub async fn delete_related_item(
        &self,
        domain_id: &str,
        case_id: &str,
        item_id: &str,
    ) -> Result<()> {
        self.client
            .delete_related_item()
            .domain_id(domain_id)
            .case_id(case_id)
            .related_item_id(item_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(e, self.sends_user_arn()))?;
        Ok(())
    }
}
