//! The local service's case rules, batch operations, SearchAllRelatedItems, event configuration
//! and deletes, over real HTTP: through the real SDK where aws-sdk-connectcases has the operation,
//! through boto3-shaped raw requests where it does not (BatchCreateRelatedItem, BatchUpdateCase).

mod support;

use aws_sdk_connectcases::types::{
    BooleanCondition, BooleanOperands, CaseEventIncludedData, CaseRuleDetails, CaseRuleIdentifier,
    CommentBodyTextType, CommentContent, CommentFilter, EventBridgeConfiguration,
    EventIncludedData, FieldIdentifier, FieldType, FieldValueUnion, OperandOne, OperandTwo, Order,
    RelatedItemInputContent, RelatedItemType, RelatedItemTypeFilter, RequiredCaseRule, RuleType,
    SearchAllRelatedItemsSort, SearchAllRelatedItemsSortProperty, TemplateRule,
};
use serde_json::{Value, json};
use support::local::{domain_with_template, new_case, new_field, raw, refusal, started, text};

/// "summary is required when status is closed".
fn summary_on_close() -> CaseRuleDetails {
    let closed = BooleanOperands::builder()
        .operand_one(OperandOne::FieldId("status".into()))
        .operand_two(OperandTwo::StringValue("closed".into()))
        .result(true)
        .build()
        .unwrap();
    CaseRuleDetails::Required(
        RequiredCaseRule::builder()
            .default_value(false)
            .conditions(BooleanCondition::EqualTo(closed))
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn case_rules_through_the_sdk() {
    let (service, client) = started().await;
    let (d, _) = domain_with_template(&client, "Ops").await;
    let created = client
        .create_case_rule()
        .domain_id(&d)
        .name("Summary on close")
        .description("close with a summary")
        .rule(summary_on_close())
        .send()
        .await
        .unwrap();
    let rule = created.case_rule_id().to_owned();
    assert!(
        created
            .case_rule_arn()
            .ends_with(&format!("/case-rule/{rule}"))
    );
    for i in 0..3 {
        let hidden = aws_sdk_connectcases::types::HiddenCaseRule::builder()
            .default_value(true)
            .set_conditions(Some(vec![]))
            .build()
            .unwrap();
        client
            .create_case_rule()
            .domain_id(&d)
            .name(format!("Hidden {i}"))
            .rule(CaseRuleDetails::Hidden(hidden))
            .send()
            .await
            .unwrap();
    }
    // The SDK's paginator walks every page.
    let pages: Vec<_> = client
        .list_case_rules()
        .domain_id(&d)
        .max_results(2)
        .into_paginator()
        .send()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(pages.len(), 2);
    let summaries: Vec<_> = pages
        .into_iter()
        .flat_map(|p| p.unwrap().case_rules().to_vec())
        .collect();
    assert_eq!(summaries.len(), 4);
    assert_eq!(summaries[0].rule_type(), &RuleType::Required);
    assert_eq!(summaries[1].rule_type(), &RuleType::Hidden);

    client
        .update_case_rule()
        .domain_id(&d)
        .case_rule_id(&rule)
        .name("Renamed")
        .send()
        .await
        .unwrap();
    let got = client
        .batch_get_case_rule()
        .domain_id(&d)
        .case_rules(CaseRuleIdentifier::builder().id(&rule).build().unwrap())
        .case_rules(CaseRuleIdentifier::builder().id("ghost").build().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(got.case_rules()[0].name(), "Renamed");
    assert_eq!(got.case_rules()[0].rule(), Some(&summary_on_close()));
    assert_eq!(got.errors()[0].id(), "ghost");

    // Refusals: a duplicate name, an unknown field, an unknown rule.
    let err = client
        .create_case_rule()
        .domain_id(&d)
        .name("Renamed")
        .rule(summary_on_close())
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ConflictException");
    let ghost_field = BooleanOperands::builder()
        .operand_one(OperandOne::FieldId("ghost".into()))
        .operand_two(OperandTwo::StringValue("x".into()))
        .result(true)
        .build()
        .unwrap();
    let err = client
        .create_case_rule()
        .domain_id(&d)
        .name("Bad")
        .rule(CaseRuleDetails::Required(
            RequiredCaseRule::builder()
                .default_value(false)
                .conditions(BooleanCondition::EqualTo(ghost_field))
                .build()
                .unwrap(),
        ))
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ValidationException");
    let err = client
        .delete_case_rule()
        .domain_id(&d)
        .case_rule_id("ghost")
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ResourceNotFoundException");

    // A template's required rule is enforced on CreateCase; the rule cannot go while in use.
    let template = client
        .create_template()
        .domain_id(&d)
        .name("Strict")
        .rules(
            TemplateRule::builder()
                .case_rule_id(&rule)
                .field_id("summary")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .template_id()
        .to_owned();
    let err = client
        .create_case()
        .domain_id(&d)
        .template_id(&template)
        .fields(text("title", "x"))
        .fields(text("status", "closed"))
        .send()
        .await
        .unwrap_err();
    let message = refusal(&err, "ValidationException");
    assert!(message.contains("summary is required"), "{message}");
    let err = client
        .delete_case_rule()
        .domain_id(&d)
        .case_rule_id(&rule)
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ConflictException");
    client
        .delete_template()
        .domain_id(&d)
        .template_id(&template)
        .send()
        .await
        .unwrap();
    client
        .delete_case_rule()
        .domain_id(&d)
        .case_rule_id(&rule)
        .send()
        .await
        .unwrap();
    let listed = client.list_case_rules().domain_id(&d).send().await.unwrap();
    assert_eq!(listed.case_rules().len(), 3);
    service.shutdown().await;
}

#[tokio::test]
async fn deletes_through_the_sdk() {
    let (service, client) = started().await;
    let (d, template) = domain_with_template(&client, "Ops").await;
    let field = new_field(&client, &d, "Order", FieldType::Text).await;
    client
        .delete_field()
        .domain_id(&d)
        .field_id(&field)
        .send()
        .await
        .unwrap();
    let got = client
        .batch_get_field()
        .domain_id(&d)
        .fields(FieldIdentifier::builder().id(&field).build().unwrap())
        .send()
        .await
        .unwrap();
    assert!(got.fields()[0].deleted());
    let listed = client.list_fields().domain_id(&d).send().await.unwrap();
    assert!(listed.fields().iter().all(|f| f.field_id() != field));
    let err = client
        .delete_field()
        .domain_id(&d)
        .field_id("status")
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ValidationException");

    let layout = client
        .create_layout()
        .domain_id(&d)
        .name("L")
        .content(aws_sdk_connectcases::types::LayoutContent::Basic(
            aws_sdk_connectcases::types::BasicLayout::builder().build(),
        ))
        .send()
        .await
        .unwrap()
        .layout_id()
        .to_owned();
    client
        .update_template()
        .domain_id(&d)
        .template_id(&template)
        .layout_configuration(
            aws_sdk_connectcases::types::LayoutConfiguration::builder()
                .default_layout(&layout)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let err = client
        .delete_layout()
        .domain_id(&d)
        .layout_id(&layout)
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ConflictException");
    client
        .delete_template()
        .domain_id(&d)
        .template_id(&template)
        .send()
        .await
        .unwrap();
    client
        .delete_layout()
        .domain_id(&d)
        .layout_id(&layout)
        .send()
        .await
        .unwrap();
    let got = client
        .get_layout()
        .domain_id(&d)
        .layout_id(&layout)
        .send()
        .await
        .unwrap();
    assert!(got.deleted());
    let got = client
        .get_template()
        .domain_id(&d)
        .template_id(&template)
        .send()
        .await
        .unwrap();
    assert!(got.deleted());
    let err = client
        .create_case()
        .domain_id(&d)
        .template_id(&template)
        .fields(text("title", "x"))
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ValidationException");
    let err = client
        .delete_template()
        .domain_id(&d)
        .template_id("ghost")
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ResourceNotFoundException");
    service.shutdown().await;
}

/// What the AWS CLI found: a deleted required field still bound CreateCase, TagResource took an
/// `aws:` key UntagResource then refused, a layout took `title`, and status could be cleared.
#[tokio::test]
async fn template_layout_tag_and_status_checks_through_the_sdk() {
    let (service, client) = started().await;
    let (d, _) = domain_with_template(&client, "Ops").await;
    let field = new_field(&client, &d, "Order", FieldType::Text).await;
    let required = |id: &str| {
        aws_sdk_connectcases::types::RequiredField::builder()
            .field_id(id)
            .build()
            .unwrap()
    };
    let err = client
        .create_template()
        .domain_id(&d)
        .name("Twice")
        .required_fields(required(&field))
        .required_fields(required(&field))
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ValidationException");
    let template = client
        .create_template()
        .domain_id(&d)
        .name("Strict")
        .required_fields(required(&field))
        .required_fields(required("status"))
        .send()
        .await
        .unwrap()
        .template_id()
        .to_owned();
    client
        .delete_field()
        .domain_id(&d)
        .field_id(&field)
        .send()
        .await
        .unwrap();
    let case = new_case(&client, &d, &template, "after the delete").await;

    let err = client
        .update_case()
        .domain_id(&d)
        .case_id(&case)
        .fields(
            aws_sdk_connectcases::types::FieldValue::builder()
                .id("status")
                .value(FieldValueUnion::EmptyValue(
                    aws_sdk_connectcases::types::EmptyFieldValue::builder().build(),
                ))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    let message = refusal(&err, "ValidationException");
    assert!(message.contains("status cannot be cleared"), "{message}");

    let title_only = aws_sdk_connectcases::types::BasicLayout::builder()
        .top_panel(
            aws_sdk_connectcases::types::LayoutSections::builder()
                .sections(aws_sdk_connectcases::types::Section::FieldGroup(
                    aws_sdk_connectcases::types::FieldGroup::builder()
                        .fields(
                            aws_sdk_connectcases::types::FieldItem::builder()
                                .id("title")
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                ))
                .build(),
        )
        .build();
    let err = client
        .create_layout()
        .domain_id(&d)
        .name("L")
        .content(aws_sdk_connectcases::types::LayoutContent::Basic(
            title_only,
        ))
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ValidationException");

    let arn = client
        .get_domain()
        .domain_id(&d)
        .send()
        .await
        .unwrap()
        .domain_arn()
        .to_owned();
    let err = client
        .tag_resource()
        .arn(&arn)
        .tags("aws:team", Some("x".into()))
        .send()
        .await
        .unwrap_err();
    let message = refusal(&err, "ValidationException");
    assert!(message.contains("'aws:team' at 'tags.key'"), "{message}");
    service.shutdown().await;
}

#[tokio::test]
async fn event_configuration_through_the_sdk() {
    let (service, client) = started().await;
    let (d, _) = domain_with_template(&client, "Ops").await;
    let got = client
        .get_case_event_configuration()
        .domain_id(&d)
        .send()
        .await
        .unwrap();
    assert!(!got.event_bridge().unwrap().enabled());
    let config = EventBridgeConfiguration::builder()
        .enabled(true)
        .included_data(
            EventIncludedData::builder()
                .case_data(
                    CaseEventIncludedData::builder()
                        .fields(FieldIdentifier::builder().id("title").build().unwrap())
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .build()
        .unwrap();
    client
        .put_case_event_configuration()
        .domain_id(&d)
        .event_bridge(config.clone())
        .send()
        .await
        .unwrap();
    let got = client
        .get_case_event_configuration()
        .domain_id(&d)
        .send()
        .await
        .unwrap();
    assert_eq!(got.event_bridge(), Some(&config));
    let bad = EventBridgeConfiguration::builder()
        .enabled(true)
        .included_data(
            EventIncludedData::builder()
                .case_data(
                    CaseEventIncludedData::builder()
                        .fields(FieldIdentifier::builder().id("ghost").build().unwrap())
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .build()
        .unwrap();
    let err = client
        .put_case_event_configuration()
        .domain_id(&d)
        .event_bridge(bad)
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ValidationException");
    let err = client
        .get_case_event_configuration()
        .domain_id("ghost")
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ResourceNotFoundException");
    service.shutdown().await;
}

#[tokio::test]
async fn search_all_related_items_pages_across_cases() {
    let (service, client) = started().await;
    let (d, template) = domain_with_template(&client, "Ops").await;
    let mut expected = Vec::new();
    for i in 0..4 {
        let c = new_case(&client, &d, &template, &format!("case {i}")).await;
        for j in 0..3 {
            let comment = CommentContent::builder()
                .body(format!("comment {i}.{j}"))
                .content_type(CommentBodyTextType::Plaintext)
                .build()
                .unwrap();
            let id = client
                .create_related_item()
                .domain_id(&d)
                .case_id(&c)
                .r#type(RelatedItemType::Comment)
                .content(RelatedItemInputContent::Comment(comment))
                .send()
                .await
                .unwrap()
                .related_item_id()
                .to_owned();
            expected.push((c.clone(), id));
        }
    }
    let items: Vec<_> = client
        .search_all_related_items()
        .domain_id(&d)
        .filters(RelatedItemTypeFilter::Comment(
            CommentFilter::builder().build(),
        ))
        .sorts(
            SearchAllRelatedItemsSort::builder()
                .sort_property(SearchAllRelatedItemsSortProperty::CaseId)
                .sort_order(Order::Ascending)
                .build()
                .unwrap(),
        )
        .max_results(5)
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await;
    let got: Vec<(String, String)> = items
        .into_iter()
        .map(|i| {
            let i = i.unwrap().expect("an item");
            (i.case_id().to_owned(), i.related_item_id().to_owned())
        })
        .collect();
    assert_eq!(got.len(), 12);
    let mut ids: Vec<&String> = got.iter().map(|(_, id)| id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12, "no item twice");
    assert!(
        got.windows(2).all(|w| w[0].0 <= w[1].0),
        "sorted by case id"
    );
    assert!(expected.iter().all(|e| got.contains(e)));
    let err = client
        .search_all_related_items()
        .domain_id(&d)
        .max_results(26)
        .send()
        .await
        .unwrap_err();
    refusal(&err, "ValidationException");
    service.shutdown().await;
}

/// A JSON request the way boto3 sends it (the SDK in use has no such operation).
async fn call(
    service: &cases_tui::local::LocalService,
    method: &str,
    path: &str,
    body: Value,
) -> support::local::Raw {
    raw(service.addr, method, path, body.to_string().as_bytes()).await
}

#[tokio::test]
async fn batch_operations_as_boto3_sends_them() {
    let (service, client) = started().await;
    let (d, template) = domain_with_template(&client, "Ops").await;
    let c1 = new_case(&client, &d, &template, "one").await;
    let c2 = new_case(&client, &d, &template, "two").await;
    let comment = json!({"comment": {"body": "Carrier delay", "contentType": "Text/Plain"}});
    let r = call(
        &service,
        "POST",
        "/cases:batchCreateRelatedItem",
        json!({"domainId": d, "content": comment, "clientToken": "t-1",
               "cases": [{"caseIdentifier": {"caseId": c1}}, {"caseIdentifier": {"caseId": "ghost"}}]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let body = r.json();
    assert_eq!(
        body["successfulItems"][0]["caseIdentifier"]["caseId"],
        c1.as_str()
    );
    assert_eq!(body["failedItems"][0]["errorCode"], "CASE_NOT_FOUND");
    let items = client
        .search_related_items()
        .domain_id(&d)
        .case_id(&c1)
        .send()
        .await
        .unwrap();
    assert_eq!(items.related_items().len(), 1);
    // The same token with other content conflicts.
    let r = call(
        &service,
        "POST",
        "/cases:batchCreateRelatedItem",
        json!({"domainId": d, "clientToken": "t-1",
               "content": {"comment": {"body": "other", "contentType": "Text/Plain"}},
               "cases": [{"caseIdentifier": {"caseId": c1}}]}),
    )
    .await;
    r.error(409, "ConflictException");
    let r = call(
        &service,
        "POST",
        "/cases:batchCreateRelatedItem",
        json!({"domainId": d, "content": comment, "cases": []}),
    )
    .await;
    r.error(400, "ValidationException");

    let r = call(
        &service,
        "PUT",
        "/cases:batchUpdateCase",
        json!({"domainId": d, "status": "closed",
               "fields": [{"fieldIdentifier": {"name": "Summary"}, "value": {"stringValue": "bulk"}}],
               "cases": [{"caseIdentifier": {"caseId": c1}}, {"caseIdentifier": {"caseId": c2}}]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["successfulCases"].as_array().unwrap().len(), 2);
    assert_eq!(r.json()["failedCases"], json!([]));
    let got = client
        .get_case()
        .domain_id(&d)
        .case_id(&c2)
        .fields(FieldIdentifier::builder().id("status").build().unwrap())
        .fields(FieldIdentifier::builder().id("summary").build().unwrap())
        .send()
        .await
        .unwrap();
    let values: Vec<_> = got.fields().iter().map(|f| f.value().cloned()).collect();
    assert_eq!(
        values,
        [
            Some(FieldValueUnion::StringValue("closed".into())),
            Some(FieldValueUnion::StringValue("bulk".into()))
        ]
    );
    let r = call(
        &service,
        "PUT",
        "/cases:batchUpdateCase",
        json!({"domainId": d, "fields": [],
               "cases": [{"caseIdentifier": {"caseId": c1}}]}),
    )
    .await;
    assert!(
        r.error(400, "ValidationException")["message"]
            .as_str()
            .unwrap()
            .contains("updates nothing")
    );
    let r = call(
        &service,
        "PUT",
        "/cases:batchUpdateCase",
        json!({"domainId": "ghost", "fields": [], "title": "x",
               "cases": [{"caseIdentifier": {"caseId": c1}}]}),
    )
    .await;
    r.error(404, "ResourceNotFoundException");
    service.shutdown().await;
}

/// A Number field "Priority" in a new domain: (domain, template, field id).
async fn with_number_field(
    client: &aws_sdk_connectcases::Client,
    name: &str,
) -> (String, String, String) {
    let (d, template) = domain_with_template(client, name).await;
    let field = new_field(client, &d, "Priority", FieldType::Number).await;
    (d, template, field)
}

fn number(id: &str, n: f64) -> aws_sdk_connectcases::types::FieldValue {
    aws_sdk_connectcases::types::FieldValue::builder()
        .id(id)
        .value(FieldValueUnion::DoubleValue(n))
        .build()
        .unwrap()
}

#[track_caller]
fn refused_as_not_finite<E: aws_sdk_connectcases::error::ProvideErrorMetadata>(e: &E, sent: &str) {
    let message = refusal(e, "ValidationException");
    assert!(
        message.contains(&format!("Value '{sent}' at '"))
            && message.contains(
                "doubleValue' failed to satisfy constraint: Member must be a finite number"
            ),
        "{message}"
    );
}

#[tokio::test]
async fn non_finite_numbers_are_refused_wherever_a_value_is_written_or_searched() {
    use aws_sdk_connectcases::types::{CaseFilter, CustomInputContent, FieldFilter};
    let (service, client) = started().await;
    let (d, template, prio) = with_number_field(&client, "Finite").await;
    for (n, sent) in [
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
        (f64::NAN, "NaN"),
    ] {
        let e = client
            .create_case()
            .domain_id(&d)
            .template_id(&template)
            .fields(text("title", "inf"))
            .fields(number(&prio, n))
            .send()
            .await
            .unwrap_err();
        refused_as_not_finite(&e, sent);
    }
    let case = new_case(&client, &d, &template, "finite").await;
    let e = client
        .update_case()
        .domain_id(&d)
        .case_id(&case)
        .fields(number(&prio, f64::INFINITY))
        .send()
        .await
        .unwrap_err();
    refused_as_not_finite(&e, "Infinity");
    let e = client
        .create_related_item()
        .domain_id(&d)
        .case_id(&case)
        .r#type(RelatedItemType::Custom)
        .content(RelatedItemInputContent::Custom(
            CustomInputContent::builder()
                .fields(number(&prio, f64::NAN))
                .build()
                .unwrap(),
        ))
        .send()
        .await
        .unwrap_err();
    refused_as_not_finite(&e, "NaN");
    let e = client
        .search_cases()
        .domain_id(&d)
        .filter(CaseFilter::Field(FieldFilter::GreaterThan(number(
            &prio,
            f64::NEG_INFINITY,
        ))))
        .send()
        .await
        .unwrap_err();
    refused_as_not_finite(&e, "-Infinity");
    // A case rule's operand is compared with field values just the same.
    let e = client
        .create_case_rule()
        .domain_id(&d)
        .name("inf")
        .rule(CaseRuleDetails::Required(
            RequiredCaseRule::builder()
                .default_value(false)
                .conditions(BooleanCondition::EqualTo(
                    BooleanOperands::builder()
                        .operand_one(OperandOne::FieldId(prio.clone()))
                        .operand_two(OperandTwo::DoubleValue(f64::INFINITY))
                        .result(true)
                        .build()
                        .unwrap(),
                ))
                .build()
                .unwrap(),
        ))
        .send()
        .await
        .unwrap_err();
    refused_as_not_finite(&e, "Infinity");
    // BatchUpdateCase as boto3 (and the CLI, for `Infinity`) sends it.
    let r = call(
        &service,
        "PUT",
        "/cases:batchUpdateCase",
        json!({"domainId": d,
               "fields": [{"fieldIdentifier": {"id": prio}, "value": {"doubleValue": "Infinity"}}],
               "cases": [{"caseIdentifier": {"caseId": case}}]}),
    )
    .await;
    let body = r.error(400, "ValidationException");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Member must be a finite number"),
        "{body}"
    );
    // A finite number is still a number everywhere.
    client
        .update_case()
        .domain_id(&d)
        .case_id(&case)
        .fields(number(&prio, 2.5))
        .send()
        .await
        .unwrap();
    let found = client
        .search_cases()
        .domain_id(&d)
        .filter(CaseFilter::Field(FieldFilter::GreaterThan(number(
            &prio, 2.0,
        ))))
        .send()
        .await
        .unwrap();
    assert_eq!(found.cases().len(), 1);
    service.shutdown().await;
}

#[tokio::test]
async fn a_title_over_500_characters_is_refused_on_every_write_path() {
    let (service, client) = started().await;
    let (d, template) = domain_with_template(&client, "Titles").await;
    let case = new_case(&client, &d, &template, "short").await;
    let long = "t".repeat(501);
    let e = client
        .create_case()
        .domain_id(&d)
        .template_id(&template)
        .fields(text("title", &long))
        .send()
        .await
        .unwrap_err();
    let message = refusal(&e, "ValidationException");
    assert_eq!(
        message,
        "Field title accepts at most 500 characters, not 501; shorten the value"
    );
    let e = client
        .update_case()
        .domain_id(&d)
        .case_id(&case)
        .fields(text("title", &"t".repeat(600)))
        .send()
        .await
        .unwrap_err();
    let message = refusal(&e, "ValidationException");
    assert_eq!(
        message,
        "Field title accepts at most 500 characters, not 600; shorten the value"
    );
    let r = call(
        &service,
        "PUT",
        "/cases:batchUpdateCase",
        json!({"domainId": d, "title": "t".repeat(600), "fields": [],
               "cases": [{"caseIdentifier": {"caseId": case}}]}),
    )
    .await;
    let body = r.error(400, "ValidationException");
    assert_eq!(
        body["message"],
        "1 validation error detected: Value at 'title' failed to satisfy constraint: Member must \
         have length less than or equal to 500"
    );
    // 500 is the limit, not past it, on every path.
    let at_limit = "t".repeat(500);
    new_case(&client, &d, &template, &at_limit).await;
    client
        .update_case()
        .domain_id(&d)
        .case_id(&case)
        .fields(text("title", &at_limit))
        .send()
        .await
        .unwrap();
    let r = call(
        &service,
        "PUT",
        "/cases:batchUpdateCase",
        json!({"domainId": d, "title": at_limit, "fields": [],
               "cases": [{"caseIdentifier": {"caseId": case}}]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    service.shutdown().await;
}

#[tokio::test]
async fn a_create_case_token_reused_with_other_parameters_is_a_conflict() {
    let (service, client) = started().await;
    let (d, template) = domain_with_template(&client, "Tokens").await;
    let create = |title: &str| {
        client
            .create_case()
            .domain_id(&d)
            .template_id(&template)
            .client_token("one-token")
            .fields(text("title", title))
            .send()
    };
    let first = create("first").await.unwrap();
    let e = create("second").await.unwrap_err();
    let message = refusal(&e, "ConflictException");
    assert_eq!(
        message,
        "clientToken one-token was used by an earlier request with other parameters; use a new \
         token for a new request"
    );
    // The retry of the first request is still answered with its case.
    let again = create("first").await.unwrap();
    assert_eq!(again.case_id(), first.case_id());
    let all = client.search_cases().domain_id(&d).send().await.unwrap();
    assert_eq!(all.cases().len(), 1);
    service.shutdown().await;
}
