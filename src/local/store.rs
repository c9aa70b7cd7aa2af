//! The local service's state: domains and everything in them, and the one entry point
//! (`Store::call`) the protocol layer runs operations through.
//!
//! Everything a per-case call touches hangs off its case (related items, audit events), so paging
//! a case's history never scans other cases.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{CallContext, ServiceError};
use super::ops;

/// The region and account every ARN the local service makes is in.
pub const ARN_PREFIX: &str = "arn:aws:cases:us-east-1:123456789012";

/// All state of the local service. Serializable so `serve --state FILE` can persist it.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Store {
    /// In creation order (ListDomains order).
    pub(crate) domains: Vec<Domain>,
    /// Counts domains ever created: their order in ListDomains, which paging tokens point into.
    #[serde(default)]
    pub(crate) domain_seq: u64,
    /// How long a merge runs before it completes (`serve --merge-ms`); a setting, not state.
    #[serde(skip)]
    pub(crate) merge_delay: ops::merge::MergeDelay,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Domain {
    pub id: String,
    /// Creation order among domains (see `Store::domain_seq`).
    #[serde(default)]
    pub seq: u64,
    pub arn: String,
    pub name: String,
    pub created_time: DateTime<Utc>,
    pub tags: Map<String, Value>,
    /// In creation order, system fields first.
    pub fields: Vec<Field>,
    pub templates: Vec<Template>,
    pub layouts: Vec<Layout>,
    pub cases: BTreeMap<String, Case>,
    /// Counts cases ever created: orders cases and numbers them.
    pub case_seq: u64,
    /// CreateCase `clientToken` -> the case it created, so retries don't make duplicates.
    #[serde(default)]
    pub client_tokens: BTreeMap<String, String>,
    /// Case rules in creation order; deleted ones stay (flagged), as BatchGetCaseRule still
    /// returns them.
    #[serde(default)]
    pub case_rules: Vec<CaseRule>,
    /// PutCaseEventConfiguration's `eventBridge`, once put.
    #[serde(default)]
    pub event_configuration: Option<Value>,
    /// A batch operation's `clientToken` -> what its first request answered.
    #[serde(default)]
    pub batch_tokens: BTreeMap<String, BatchAnswer>,
    /// Counts fields, templates and layouts ever created: their `seq`, the stable order their
    /// listings page through.
    #[serde(default)]
    pub resource_seq: u64,
    /// Merges started by StartMergeCases, running and finished (see `ops::merge`).
    #[serde(default)]
    pub merges: Vec<ops::merge::Merge>,
    /// The related items of all cases by type and association time, for SearchAllRelatedItems.
    /// Derived: built from `cases` on first use, then kept up to date by every change to them.
    #[serde(skip)]
    pub related_index: RelatedIndex,
}

/// Where a related item sits in [`RelatedIndex`]: its association time, then its case's and its
/// own creation order (unique in a domain).
pub(crate) type Slot = (DateTime<Utc>, u64, u64);

/// A domain's related items by type, each type's in association time order, naming the case
/// that holds each: a type-filtered SearchAllRelatedItems page reads only items of the types its
/// filters can match, newest (or oldest) first, and stops when the page is full.
///
/// Built from the domain's cases the first time it is read (a store loaded from a state file or
/// replayed from a log starts without one); once built, every change to a case's related items
/// goes through [`Domain::put_case`], [`Domain::remove_case`], [`RelatedIndex::insert`] or
/// [`RelatedIndex::remove`].
#[derive(Clone, Default)]
pub(crate) struct RelatedIndex {
    built: OnceLock<BTreeMap<String, BTreeMap<Slot, String>>>,
}

impl std::fmt::Debug for RelatedIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.built.get() {
            Some(types) => write!(
                f,
                "RelatedIndex({} items)",
                types.values().map(BTreeMap::len).sum::<usize>()
            ),
            None => f.write_str("RelatedIndex(not built)"),
        }
    }
}

impl RelatedIndex {
    /// Each type's items, building the index from `cases` if it is not built yet.
    pub(crate) fn by_type(
        &self,
        cases: &BTreeMap<String, Case>,
    ) -> &BTreeMap<String, BTreeMap<Slot, String>> {
        let types = self.built.get_or_init(|| {
            let mut types: BTreeMap<String, BTreeMap<Slot, String>> = BTreeMap::new();
            for case in cases.values() {
                for item in &case.related {
                    types
                        .entry(item.item_type.clone())
                        .or_default()
                        .insert(slot(case.seq, item), case.id.clone());
                }
            }
            types
        });
        debug_assert_eq!(
            types.values().map(BTreeMap::len).sum::<usize>(),
            cases.values().map(|c| c.related.len()).sum::<usize>(),
            "the related item index missed a change"
        );
        types
    }

    /// Records `item`, just added to `case`.
    pub(crate) fn insert(&mut self, case: &Case, item: &RelatedItem) {
        if let Some(types) = self.built.get_mut() {
            types
                .entry(item.item_type.clone())
                .or_default()
                .insert(slot(case.seq, item), case.id.clone());
        }
    }

    /// Forgets `item`, just taken from the case numbered `case_seq`.
    pub(crate) fn remove(&mut self, case_seq: u64, item: &RelatedItem) {
        if let Some(items) = self
            .built
            .get_mut()
            .and_then(|types| types.get_mut(&item.item_type))
        {
            items.remove(&slot(case_seq, item));
        }
    }
}

fn slot(case_seq: u64, item: &RelatedItem) -> Slot {
    (item.association_time, case_seq, item.seq)
}

/// A case rule (a "case field condition" in the admin website).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CaseRule {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    /// `CaseRuleDetails` JSON: exactly one of `required`, `hidden`, `fieldOptions`.
    pub rule: Value,
    pub deleted: bool,
    pub created_time: DateTime<Utc>,
    pub last_modified_time: DateTime<Utc>,
    pub tags: Map<String, Value>,
}

/// The answer a batch request with a `clientToken` got, so a retry gets it again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct BatchAnswer {
    pub operation: String,
    /// A hash of the request without its token: the same token with other parameters conflicts.
    pub request: u64,
    pub answer: Value,
    /// When the first request came; tokens are forgotten a day later.
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Field {
    pub id: String,
    /// Deleted: still readable by id, left out of listings and refused for new uses.
    #[serde(default)]
    pub deleted: bool,
    /// Creation order within the domain (see `Domain::resource_seq`).
    #[serde(default)]
    pub seq: u64,
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    /// A `FieldType` enum value: Text, Number, Boolean, DateTime, SingleSelect, Url, User.
    pub field_type: String,
    /// `System` or `Custom`.
    pub namespace: String,
    pub attributes: Option<Value>,
    pub options: Vec<FieldOption>,
    pub created_time: DateTime<Utc>,
    pub last_modified_time: DateTime<Utc>,
    pub tags: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FieldOption {
    pub name: String,
    pub value: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Template {
    pub id: String,
    /// Deleted: still readable by id, left out of listings and refused for new uses.
    #[serde(default)]
    pub deleted: bool,
    /// Creation order within the domain (see `Domain::resource_seq`).
    #[serde(default)]
    pub seq: u64,
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    pub layout_configuration: Option<Value>,
    pub required_fields: Vec<Value>,
    pub status: String,
    pub rules: Option<Value>,
    pub tag_propagation_configurations: Option<Value>,
    pub created_time: DateTime<Utc>,
    pub last_modified_time: DateTime<Utc>,
    pub tags: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Layout {
    pub id: String,
    /// Deleted: still readable by id, left out of listings and refused for new uses.
    #[serde(default)]
    pub deleted: bool,
    /// Creation order within the domain (see `Domain::resource_seq`).
    #[serde(default)]
    pub seq: u64,
    pub arn: String,
    pub name: String,
    pub content: Value,
    pub created_time: DateTime<Utc>,
    pub last_modified_time: DateTime<Utc>,
    pub tags: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Case {
    pub id: String,
    pub arn: String,
    pub template_id: String,
    /// Field id -> `FieldValueUnion` JSON, in the order fields were first set. Cleared fields are
    /// absent.
    pub fields: Map<String, Value>,
    pub tags: Map<String, Value>,
    /// In creation order.
    pub related: Vec<RelatedItem>,
    /// `AuditEvent` output JSON, in the order recorded (chronological).
    pub audit: Vec<Value>,
    /// Creation order within the domain.
    pub seq: u64,
    /// Counts related items ever created on this case (tie-break for equal association times).
    pub related_seq: u64,
    /// The fingerprint of the CreateCase request that made it, when it came with a `clientToken`:
    /// a retry must match it (see `ops::fingerprint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_request: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RelatedItem {
    pub id: String,
    pub arn: String,
    /// A `RelatedItemType` enum value.
    pub item_type: String,
    /// `RelatedItemContent` output JSON (timestamps already formatted).
    pub content: Value,
    pub association_time: DateTime<Utc>,
    pub tags: Map<String, Value>,
    pub created_by: Option<Value>,
    pub last_updated_user: Option<Value>,
    pub seq: u64,
}

impl Store {
    /// Runs one operation on the merged input (path labels + query + body members, by the model's
    /// member names), which the protocol layer has already validated against the model's shape
    /// constraints. Returns the output shape as JSON.
    pub fn call(
        &mut self,
        operation: &str,
        input: &Value,
        ctx: &CallContext,
    ) -> Result<Value, ServiceError> {
        use ops::*;
        merge::finish_due(self, ctx.now);
        merge::refuse_during_merge(self, operation, input)?;
        match operation {
            "CreateDomain" => domains::create_domain(self, input, ctx),
            "GetDomain" => domains::get_domain(self, input),
            "ListDomains" => domains::list_domains(self, input),
            "DeleteDomain" => domains::delete_domain(self, input),
            "CreateField" => fields::create_field(self, input, ctx),
            "UpdateField" => fields::update_field(self, input, ctx),
            "ListFields" => fields::list_fields(self, input),
            "BatchGetField" => fields::batch_get_field(self, input),
            "ListFieldOptions" => fields::list_field_options(self, input),
            "BatchPutFieldOptions" => fields::batch_put_field_options(self, input, ctx),
            "CreateTemplate" => templates_layouts::create_template(self, input, ctx),
            "GetTemplate" => templates_layouts::get_template(self, input),
            "ListTemplates" => templates_layouts::list_templates(self, input),
            "UpdateTemplate" => templates_layouts::update_template(self, input, ctx),
            "CreateLayout" => templates_layouts::create_layout(self, input, ctx),
            "GetLayout" => templates_layouts::get_layout(self, input),
            "ListLayouts" => templates_layouts::list_layouts(self, input),
            "UpdateLayout" => templates_layouts::update_layout(self, input, ctx),
            "CreateCase" => cases::create_case(self, input, ctx),
            "GetCase" => cases::get_case(self, input),
            "UpdateCase" => cases::update_case(self, input, ctx),
            "DeleteCase" => cases::delete_case(self, input),
            "SearchCases" => search::search_cases(self, input),
            "ListCasesForContact" => search::list_cases_for_contact(self, input),
            "CreateRelatedItem" => related::create_related_item(self, input, ctx),
            "UpdateRelatedItem" => related::update_related_item(self, input, ctx),
            "DeleteRelatedItem" => related::delete_related_item(self, input, ctx),
            "SearchRelatedItems" => related::search_related_items(self, input, ctx),
            "GetCaseAuditEvents" => audit::get_case_audit_events(self, input),
            "TagResource" => tags::tag_resource(self, input),
            "UntagResource" => tags::untag_resource(self, input),
            "ListTagsForResource" => tags::list_tags_for_resource(self, input),
            "DeleteField" => fields::delete_field(self, input),
            "DeleteTemplate" => templates_layouts::delete_template(self, input),
            "DeleteLayout" => templates_layouts::delete_layout(self, input),
            "CreateCaseRule" => case_rules::create_case_rule(self, input, ctx),
            "UpdateCaseRule" => case_rules::update_case_rule(self, input, ctx),
            "DeleteCaseRule" => case_rules::delete_case_rule(self, input),
            "ListCaseRules" => case_rules::list_case_rules(self, input),
            "BatchGetCaseRule" => case_rules::batch_get_case_rule(self, input),
            "BatchCreateRelatedItem" => batch::batch_create_related_item(self, input, ctx),
            "BatchUpdateCase" => batch::batch_update_case(self, input, ctx),
            "SearchAllRelatedItems" => search_all::search_all_related_items(self, input, ctx),
            "GetCaseEventConfiguration" => event_config::get_case_event_configuration(self, input),
            "PutCaseEventConfiguration" => event_config::put_case_event_configuration(self, input),
            "StartMergeCases" => merge::start_merge_cases(self, input, ctx),
            "GetMergeCasesStatus" => merge::get_merge_cases_status(self, input),
            other => Err(ServiceError::not_implemented(other)),
        }
    }

    /// Numbers domains, fields, templates and layouts in their stored order when a state file
    /// written before they carried a `seq` left them at 0 (or out of order).
    pub(crate) fn renumber(&mut self) {
        fn increasing(seqs: impl Iterator<Item = u64>) -> bool {
            let mut last = 0;
            seqs.into_iter()
                .all(|s| std::mem::replace(&mut last, s) < s)
        }
        if !increasing(self.domains.iter().map(|d| d.seq)) {
            for (i, d) in self.domains.iter_mut().enumerate() {
                d.seq = i as u64 + 1;
            }
        }
        self.domain_seq = self
            .domain_seq
            .max(self.domains.last().map_or(0, |d| d.seq));
        for d in &mut self.domains {
            let ok = increasing(d.fields.iter().map(|f| f.seq))
                && increasing(d.templates.iter().map(|t| t.seq))
                && increasing(d.layouts.iter().map(|l| l.seq));
            if !ok {
                let mut n = 0;
                let mut next = || {
                    n += 1;
                    n
                };
                d.fields.iter_mut().for_each(|f| f.seq = next());
                d.templates.iter_mut().for_each(|t| t.seq = next());
                d.layouts.iter_mut().for_each(|l| l.seq = next());
            }
            let most = [
                d.fields.last().map(|f| f.seq),
                d.templates.last().map(|t| t.seq),
                d.layouts.last().map(|l| l.seq),
            ];
            d.resource_seq = most.into_iter().flatten().fold(d.resource_seq, u64::max);
        }
    }

    pub(crate) fn domain(&self, id: &str) -> Result<&Domain, ServiceError> {
        self.domains
            .iter()
            .find(|d| d.id == id)
            .ok_or_else(|| domain_not_found(id))
    }

    pub(crate) fn domain_mut(&mut self, id: &str) -> Result<&mut Domain, ServiceError> {
        self.domains
            .iter_mut()
            .find(|d| d.id == id)
            .ok_or_else(|| domain_not_found(id))
    }
}

fn domain_not_found(id: &str) -> ServiceError {
    ServiceError::not_found(format!("Domain {id} not found"), id, "Domain")
}

impl Domain {
    /// The `seq` of the next field, template or layout.
    pub(crate) fn next_resource_seq(&mut self) -> u64 {
        self.resource_seq += 1;
        self.resource_seq
    }

    pub(crate) fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub(crate) fn field_or_404(&self, id: &str) -> Result<&Field, ServiceError> {
        self.field(id)
            .ok_or_else(|| ServiceError::not_found(format!("Field {id} not found"), id, "Field"))
    }

    pub(crate) fn case(&self, id: &str) -> Result<&Case, ServiceError> {
        self.cases.get(id).ok_or_else(|| case_not_found(id))
    }

    pub(crate) fn case_mut(&mut self, id: &str) -> Result<&mut Case, ServiceError> {
        self.cases.get_mut(id).ok_or_else(|| case_not_found(id))
    }

    /// Puts `case` in the domain, in place of the case with its id if there is one, and its
    /// related items in the index in place of the old case's.
    pub(crate) fn put_case(&mut self, case: Case) {
        if let Some(old) = self.cases.get(&case.id) {
            for item in &old.related {
                self.related_index.remove(old.seq, item);
            }
        }
        for item in &case.related {
            self.related_index.insert(&case, item);
        }
        self.cases.insert(case.id.clone(), case);
    }

    /// Takes the case `id` out of the domain, and its related items out of the index.
    pub(crate) fn remove_case(&mut self, id: &str) -> Option<Case> {
        let case = self.cases.remove(id)?;
        for item in &case.related {
            self.related_index.remove(case.seq, item);
        }
        Some(case)
    }
}

fn case_not_found(id: &str) -> ServiceError {
    ServiceError::not_found(format!("Case {id} not found"), id, "Case")
}

impl Case {
    pub(crate) fn related_index(&self, id: &str) -> Result<usize, ServiceError> {
        self.related.iter().position(|r| r.id == id).ok_or_else(|| {
            ServiceError::not_found(format!("Related item {id} not found"), id, "RelatedItem")
        })
    }
}
