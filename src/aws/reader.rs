//! Every read call the app makes.

use super::GatewayError;
use super::convert;
use super::error_map::map_sdk_error;
use super::newer_model::{RawBody, merge_metadata};
use crate::model::{
    AuditEvent, Case, CaseItem, CaseQuery, Domain, FieldDef, FieldOption, Page, RelatedItem,
    RelatedItemType,
};
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::types as sdk;

type Result<T> = std::result::Result<T, GatewayError>;

/// The read half of the gateway. Cheap to clone; holds no state beyond the client.
#[derive(Clone, Debug)]
pub struct Reader {
    client: Client,
}

impl Reader {
    pub fn new(client: Client) -> Self {
        Self { client }
    }

    /// Every domain the credentials can see (all pages).
    pub async fn list_domains(&self) -> Result<Vec<Domain>> {
        all_pages(|token| async move {
            let page = self
                .client
                .list_domains()
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| map_sdk_error(e, false))?;
            let items = page.domains().iter().map(convert::domain_summary).collect();
            Ok((items, page.next_token().map(str::to_string)))
        })
        .await
    }

    /// One domain, with its status and creation time.
    pub async fn get_domain(&self, domain_id: &str) -> Result<Domain> {
        let d = self
            .client
            .get_domain()
            .domain_id(domain_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(e, false))?;
        Ok(Domain {
            id: d.domain_id().to_string(),
            arn: d.domain_arn().to_string(),
            name: d.name().to_string(),
            status: Some(d.domain_status().as_str().to_string()),
            created_time: convert::time(d.created_time()),
        })
    }

    /// Every field of a domain (all pages of ListFields), with descriptions from BatchGetField.
    pub async fn list_fields(&self, domain_id: &str) -> Result<Vec<FieldDef>> {
        let mut out = all_pages(|token| async move {
            let page = self
                .client
                .list_fields()
                .domain_id(domain_id)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| map_sdk_error(e, false))?;
            let items = page.fields().iter().map(convert::field_summary).collect();
            Ok((items, page.next_token().map(str::to_string)))
        })
        .await?;
        let ids: Vec<String> = out.iter().map(|f| f.id.clone()).collect();
        let detailed = self.batch_get_fields(domain_id, &ids).await?;
        for field in &mut out {
            if let Some(d) = detailed.iter().find(|d| d.id == field.id) {
                field.description = d.description.clone();
            }
        }
        Ok(out)
    }

    /// Field definitions by id, in batches of the model's limit; unknown ids are left out.
    pub async fn batch_get_fields(&self, domain_id: &str, ids: &[String]) -> Result<Vec<FieldDef>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(crate::limits::MAX_BATCH_GET_FIELDS) {
            let ids = field_identifiers(chunk)?;
            let resp = self
                .client
                .batch_get_field()
                .domain_id(domain_id)
                .set_fields(Some(ids))
                .send()
                .await
                .map_err(|e| map_sdk_error(e, false))?;
            out.extend(resp.fields().iter().map(convert::field_def));
        }
        Ok(out)
    }

    /// Every option of a SingleSelect field (all pages).
    pub async fn list_field_options(
        &self,
        domain_id: &str,
        field_id: &str,
    ) -> Result<Vec<FieldOption>> {
        all_pages(|token| async move {
            let page = self
                .client
                .list_field_options()
                .domain_id(domain_id)
                .field_id(field_id)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| map_sdk_error(e, false))?;
            let items = page.options().iter().map(convert::field_option).collect();
            Ok((items, page.next_token().map(str::to_string)))
        })
        .await
    }

    /// One page of SearchCases.
    pub async fn search_cases(
        &self,
        domain_id: &str,
        query: &CaseQuery,
        next_token: Option<String>,
    ) -> Result<Page<Case>> {
        let mut req = self
            .client
            .search_cases()
            .domain_id(domain_id)
            .set_max_results(query.max_results)
            .set_next_token(next_token)
            .set_search_term(query.search_term.clone().filter(|s| !s.is_empty()));
        let mut filters = Vec::new();
        if let Some(status) = &query.status {
            let value = sdk::FieldValue::builder()
                .id("status")
                .value(sdk::FieldValueUnion::StringValue(status.clone()))
                .build()
                .map_err(|e| GatewayError::Other(e.to_string()))?;
            filters.push(sdk::CaseFilter::Field(sdk::FieldFilter::EqualTo(value)));
        }
        if let Some(user) = &query.assigned_user {
            let value = sdk::FieldValue::builder()
                .id("assigned_user")
                .value(sdk::FieldValueUnion::UserArnValue(user.clone()))
                .build()
                .map_err(|e| GatewayError::Other(e.to_string()))?;
            filters.push(sdk::CaseFilter::Field(sdk::FieldFilter::EqualTo(value)));
        }
        req = match filters.len() {
            0 => req,
            1 => req.filter(filters.remove(0)),
            _ => req.filter(sdk::CaseFilter::AndAll(filters)),
        };
        if let Some((field, ascending)) = &query.sort {
            let order = if *ascending {
                sdk::Order::Ascending
            } else {
                sdk::Order::Descending
            };
            let sort = sdk::Sort::builder()
                .field_id(field)
                .sort_order(order)
                .build()
                .map_err(|e| GatewayError::Other(e.to_string()))?;
            req = req.sorts(sort);
        }
        if !query.fields.is_empty() {
            req = req.set_fields(Some(field_identifiers(&query.fields)?));
        }
        let resp = req.send().await.map_err(|e| map_sdk_error(e, false))?;
        Ok(Page {
            items: resp
                .cases()
                .iter()
                .flatten()
                .map(convert::case_item)
                .collect(),
            next_token: resp.next_token().map(str::to_string),
        })
    }

    /// One case with the given fields (all pages of GetCase).
    pub async fn get_case(
        &self,
        domain_id: &str,
        case_id: &str,
        field_ids: &[String],
    ) -> Result<Case> {
        let ids = field_identifiers(field_ids)?;
        let mut case = Case {
            id: case_id.to_string(),
            template_id: String::new(),
            fields: Vec::new(),
            tags: Default::default(),
        };
        let mut token = None;
        loop {
            let resp = self
                .client
                .get_case()
                .domain_id(domain_id)
                .case_id(case_id)
                .set_fields(Some(ids.clone()))
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| map_sdk_error(e, false))?;
            case.template_id = resp.template_id().to_string();
            case.tags = convert::tags(resp.tags());
            case.fields
                .extend(resp.fields().iter().map(convert::field_entry));
            token = resp.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(case);
            }
        }
    }

    /// One page of a case's related items, of the given types (all types when empty).
    pub async fn search_related_items(
        &self,
        domain_id: &str,
        case_id: &str,
        types: &[RelatedItemType],
        next_token: Option<String>,
        max_results: Option<i32>,
    ) -> Result<Page<RelatedItem>> {
        let resp = self
            .client
            .search_related_items()
            .domain_id(domain_id)
            .case_id(case_id)
            .set_filters(type_filters(types))
            .set_next_token(next_token)
            .set_max_results(max_results)
            .send()
            .await
            .map_err(|e| map_sdk_error(e, false))?;
        Ok(Page {
            items: resp
                .related_items()
                .iter()
                .flatten()
                .filter_map(convert::related_item)
                .collect(),
            next_token: resp.next_token().map(str::to_string),
        })
    }

    /// One page of the related items of every case in the domain (SearchAllRelatedItems), of the
    /// given types (all types when empty), newest association first. Each item comes with its
    /// current content: the service cannot say when an item was last changed.
    pub async fn search_all_related_items(
        &self,
        domain_id: &str,
        types: &[RelatedItemType],
        next_token: Option<String>,
        max_results: Option<i32>,
    ) -> Result<Page<CaseItem>> {
        let sort = sdk::SearchAllRelatedItemsSort::builder()
            .sort_property(sdk::SearchAllRelatedItemsSortProperty::AssociationTime)
            .sort_order(sdk::Order::Descending)
            .build()
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        self.search_all_page(
            domain_id,
            type_filters(types),
            Some(sort),
            next_token,
            max_results,
        )
        .await
    }

    /// One page of SearchAllRelatedItems: the items `filters` match (every type without), each
    /// with its case, in the order `sort` asks for (the service's without).
    async fn search_all_page(
        &self,
        domain_id: &str,
        filters: Option<Vec<sdk::RelatedItemTypeFilter>>,
        sort: Option<sdk::SearchAllRelatedItemsSort>,
        next_token: Option<String>,
        max_results: Option<i32>,
    ) -> Result<Page<CaseItem>> {
        let resp = self
            .client
            .search_all_related_items()
            .domain_id(domain_id)
            .set_filters(filters)
            .set_sorts(sort.map(|s| vec![s]))
            .set_next_token(next_token)
            .set_max_results(max_results)
            .send()
            .await
            .map_err(|e| map_sdk_error(e, false))?;
        Ok(Page {
            items: resp
                .related_items()
                .iter()
                .flatten()
                .filter_map(convert::case_item_across)
                .collect(),
            next_token: resp.next_token().map(str::to_string),
        })
    }

    /// The current content of one related item, or `None` when it no longer exists.
    /// The service has no GetRelatedItem, so this pages SearchRelatedItems of the item's type.
    pub async fn find_related_item(
        &self,
        domain_id: &str,
        case_id: &str,
        item_type: RelatedItemType,
        item_id: &str,
    ) -> Result<Option<RelatedItem>> {
        let mut token = None;
        loop {
            let page = self
                .search_related_items(domain_id, case_id, &[item_type], token, Some(25))
                .await?;
            if let Some(item) = page.items.into_iter().find(|i| i.id == item_id) {
                return Ok(Some(item));
            }
            token = page.next_token;
            if token.is_none() {
                return Ok(None);
            }
        }
    }

    /// Every open SLA of the domain, with its case: SearchAllRelatedItems filtered to SLAs whose
    /// status is Active or Overdue (the filters are OR'ed; a Met or NotMet SLA is done), every
    /// page at the largest page size the model allows. The order is the service's; the caller
    /// sorts.
    pub async fn open_slas(&self, domain_id: &str) -> Result<Vec<CaseItem>> {
        let filters: Vec<sdk::RelatedItemTypeFilter> =
            [sdk::SlaStatus::Active, sdk::SlaStatus::Overdue]
                .into_iter()
                .map(|status| {
                    sdk::RelatedItemTypeFilter::Sla(
                        sdk::SlaFilter::builder().status(status).build(),
                    )
                })
                .collect();
        all_pages(|token| {
            let filters = filters.clone();
            async move {
                let page = self
                    .search_all_page(
                        domain_id,
                        Some(filters),
                        None,
                        token,
                        Some(crate::limits::MAX_SEARCH_ALL_RELATED_PAGE),
                    )
                    .await?;
                Ok((page.items, page.next_token))
            }
        })
        .await
    }

    /// One page of a case's audit history.
    pub async fn get_audit_events(
        &self,
        domain_id: &str,
        case_id: &str,
        next_token: Option<String>,
        max_results: Option<i32>,
    ) -> Result<Page<AuditEvent>> {
        // The SDK drops `mergeMetadata`; the raw body still has it (see `newer_model`).
        let raw = RawBody::default();
        let resp = self
            .client
            .get_case_audit_events()
            .domain_id(domain_id)
            .case_id(case_id)
            .set_next_token(next_token)
            .set_max_results(max_results)
            .customize()
            .interceptor(raw.clone())
            .send()
            .await
            .map_err(|e| map_sdk_error(e, false))?;
        let merges = raw.take().map(|b| merge_metadata(&b)).unwrap_or_default();
        Ok(Page {
            items: resp
                .audit_events()
                .iter()
                .flatten()
                .map(|e| {
                    let mut event = convert::audit_event(e);
                    event.merge = merges.get(&event.id).cloned();
                    event
                })
                .collect(),
            next_token: resp.next_token().map(str::to_string),
        })
    }

    /// The domain's Active templates (all pages of ListTemplates), each with its required fields
    /// (GetTemplate), sorted by name: what a new case can be made from.
    pub async fn list_templates(&self, domain_id: &str) -> Result<Vec<crate::model::Template>> {
        let summaries = self.list_active_templates(domain_id).await?;
        let mut out = Vec::with_capacity(summaries.len());
        for (id, name) in summaries {
            let required = self.template_required_fields(domain_id, &id).await?;
            out.push(crate::model::Template { id, name, required });
        }
        out.sort_by_key(|t| t.name.to_lowercase());
        Ok(out)
    }

    /// The id and name of each Active template of the domain (every page of ListTemplates).
    pub async fn list_active_templates(&self, domain_id: &str) -> Result<Vec<(String, String)>> {
        all_pages(|token| async move {
            let page = self
                .client
                .list_templates()
                .domain_id(domain_id)
                .status(sdk::TemplateStatus::Active)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| map_sdk_error(e, false))?;
            let items = page
                .templates()
                .iter()
                .map(|t| (t.template_id().to_string(), t.name().to_string()))
                .collect();
            Ok((items, page.next_token().map(str::to_string)))
        })
        .await
    }

    /// The ids of the fields a template requires (GetTemplate).
    pub async fn template_required_fields(
        &self,
        domain_id: &str,
        template_id: &str,
    ) -> Result<Vec<String>> {
        let t = self
            .client
            .get_template()
            .domain_id(domain_id)
            .template_id(template_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(e, false))?;
        Ok(t.required_fields()
            .iter()
            .map(|r| r.field_id().to_string())
            .collect())
    }
}

fn field_identifiers(ids: &[String]) -> Result<Vec<sdk::FieldIdentifier>> {
    ids.iter()
        .map(|id| sdk::FieldIdentifier::builder().id(id).build())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| GatewayError::Other(e.to_string()))
}

/// Calls `page` with each next token, from none until the service returns none, and collects
/// the items of every page.
async fn all_pages<T, F, Fut>(mut page: F) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<String>)>>,
{
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let (items, next) = page(token).await?;
        out.extend(items);
        token = next;
        if token.is_none() {
            return Ok(out);
        }
    }
}

/// The filters for items of `types`: none (every type) when `types` is empty.
fn type_filters(types: &[RelatedItemType]) -> Option<Vec<sdk::RelatedItemTypeFilter>> {
    (!types.is_empty()).then(|| types.iter().map(|t| type_filter(*t)).collect())
}

fn type_filter(t: RelatedItemType) -> sdk::RelatedItemTypeFilter {
    match t {
        RelatedItemType::Contact => {
            sdk::RelatedItemTypeFilter::Contact(sdk::ContactFilter::builder().build())
        }
        RelatedItemType::Comment => {
            sdk::RelatedItemTypeFilter::Comment(sdk::CommentFilter::builder().build())
        }
        RelatedItemType::File => {
            sdk::RelatedItemTypeFilter::File(sdk::FileFilter::builder().build())
        }
        RelatedItemType::Sla => sdk::RelatedItemTypeFilter::Sla(sdk::SlaFilter::builder().build()),
        RelatedItemType::ConnectCase => {
            sdk::RelatedItemTypeFilter::ConnectCase(sdk::ConnectCaseFilter::builder().build())
        }
        RelatedItemType::Custom => {
            sdk::RelatedItemTypeFilter::Custom(sdk::CustomFilter::builder().build())
        }
    }
}
