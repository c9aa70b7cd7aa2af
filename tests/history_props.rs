//! The case rebuilt from its audit history equals the case as GetCase and SearchRelatedItems
//! return it: random histories of case updates, custom items and comments made by several
//! people through the real SDK against the local service, then read back and replayed.

mod support;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::types::{
    CustomInputContent, FieldValue as SdkValue, FieldValueUnion, RelatedItemInputContent,
    RelatedItemType as SdkType, UserUnion,
};
use cases_tui::app::audit::history::{Life, SILENT_CASE_FIELDS, norm, replay};
use cases_tui::app::audit::{chains_ending_in, item_values};
use cases_tui::aws::{ConnectOptions, Reader, Writer, build_client};
use cases_tui::local::{self, demo};
use cases_tui::model::{FieldEntry, FieldType, FieldValue, Performer, RelatedItemType};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use support::local::text;
use support::reads::all_audit_events;

const DOMAIN: &str = demo::DEMO_DOMAIN_ID;
const PEOPLE: [&str; 3] = ["ana", "bo", "cy"];

#[derive(Debug, Clone)]
enum Op {
    /// Set (or, `None`, empty) the summary (0) or the first custom text field (1).
    UpdateCase {
        by: usize,
        field: usize,
        value: Option<u8>,
    },
    CreateCustom {
        by: usize,
        a: u8,
        b: Option<u8>,
    },
    UpdateCustom {
        by: usize,
        pick: usize,
        a: u8,
        b: Option<u8>,
    },
    CreateComment {
        by: usize,
        body: u8,
    },
    UpdateComment {
        by: usize,
        pick: usize,
        body: u8,
    },
    Delete {
        by: usize,
        pick: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let v = || proptest::option::of(0u8..3);
    prop_oneof![
        (0usize..3, 0usize..2, v()).prop_map(|(by, field, value)| Op::UpdateCase {
            by,
            field,
            value
        }),
        (0usize..3, 0u8..2, v()).prop_map(|(by, a, b)| Op::CreateCustom { by, a, b }),
        (0usize..3, 0usize..6, 0u8..2, v()).prop_map(|(by, pick, a, b)| Op::UpdateCustom {
            by,
            pick,
            a,
            b
        }),
        (0usize..3, 0u8..2).prop_map(|(by, body)| Op::CreateComment { by, body }),
        (0usize..3, 0usize..6, 0u8..2).prop_map(|(by, pick, body)| Op::UpdateComment {
            by,
            pick,
            body
        }),
        (0usize..3, 0usize..6).prop_map(|(by, pick)| Op::Delete { by, pick }),
    ]
}

struct World {
    client: Client,
    reader: Reader,
    writers: Vec<Writer>,
    template: String,
    f1: String,
    f2: String,
    field_ids: Vec<String>,
}

impl World {
    async fn run(&self, ops: &[Op]) -> Result<(), TestCaseError> {
        let case = self
            .client
            .create_case()
            .domain_id(DOMAIN)
            .template_id(&self.template)
            .fields(text("title", "prop"))
            .fields(text("customer_id", "c"))
            .performed_by(UserUnion::CustomEntity("ana".into()))
            .send()
            .await
            .unwrap()
            .case_id()
            .to_string();
        let mut live: Vec<(String, RelatedItemType)> = Vec::new();
        let pick = |live: &[(String, RelatedItemType)], t: RelatedItemType, n: usize| {
            let of: Vec<&String> = live
                .iter()
                .filter(|(_, k)| *k == t)
                .map(|(id, _)| id)
                .collect();
            (!of.is_empty()).then(|| of[n % of.len()].clone())
        };
        for op in ops {
            match op {
                Op::UpdateCase { by, field, value } => {
                    let id = if *field == 0 {
                        "summary"
                    } else {
                        self.f1.as_str()
                    };
                    let v = match value {
                        Some(v) => FieldValueUnion::StringValue(format!("v{v}")),
                        None => FieldValueUnion::EmptyValue(
                            aws_sdk_connectcases::types::EmptyFieldValue::builder().build(),
                        ),
                    };
                    self.client
                        .update_case()
                        .domain_id(DOMAIN)
                        .case_id(&case)
                        .fields(SdkValue::builder().id(id).value(v).build().unwrap())
                        .performed_by(UserUnion::CustomEntity(PEOPLE[*by].into()))
                        .send()
                        .await
                        .unwrap();
                }
                Op::CreateCustom { by, a, b } => {
                    let mut fields = vec![text(&self.f1, &format!("v{a}"))];
                    if let Some(b) = b {
                        fields.push(text(&self.f2, &format!("v{b}")));
                    }
                    let content = CustomInputContent::builder()
                        .set_fields(Some(fields))
                        .build()
                        .unwrap();
                    let id = self
                        .client
                        .create_related_item()
                        .domain_id(DOMAIN)
                        .case_id(&case)
                        .r#type(SdkType::Custom)
                        .content(RelatedItemInputContent::Custom(content))
                        .performed_by(UserUnion::CustomEntity(PEOPLE[*by].into()))
                        .send()
                        .await
                        .unwrap()
                        .related_item_id()
                        .to_string();
                    live.push((id, RelatedItemType::Custom));
                }
                Op::UpdateCustom { by, pick: n, a, b } => {
                    let Some(id) = pick(&live, RelatedItemType::Custom, *n) else {
                        continue;
                    };
                    let mut fields = vec![FieldEntry::new(
                        &self.f1,
                        FieldValue::String(format!("v{a}")),
                    )];
                    if let Some(b) = b {
                        fields.push(FieldEntry::new(
                            &self.f2,
                            FieldValue::String(format!("v{b}")),
                        ));
                    }
                    self.writers[*by]
                        .update_custom(DOMAIN, &case, &id, &fields)
                        .await
                        .unwrap();
                }
                Op::CreateComment { by, body } => {
                    let id = self.writers[*by]
                        .create_comment(DOMAIN, &case, &format!("note {body}"))
                        .await
                        .unwrap();
                    live.push((id, RelatedItemType::Comment));
                }
                Op::UpdateComment { by, pick: n, body } => {
                    let Some(id) = pick(&live, RelatedItemType::Comment, *n) else {
                        continue;
                    };
                    self.writers[*by]
                        .update_comment(DOMAIN, &case, &id, &format!("note {body}"))
                        .await
                        .unwrap();
                }
                Op::Delete { by, pick: n } => {
                    if live.is_empty() {
                        continue;
                    }
                    let (id, _) = live.remove(n % live.len());
                    self.writers[*by]
                        .delete_related_item(DOMAIN, &case, &id)
                        .await
                        .unwrap();
                }
            }
        }
        self.check(&case).await
    }

    /// Reads the case back and compares it with its replayed history.
    async fn check(&self, case_id: &str) -> Result<(), TestCaseError> {
        let mut events = all_audit_events(&self.reader, DOMAIN, case_id).await;
        cases_tui::app::case_view::sort_audit(&mut events);
        let state = replay(&events);
        let case = self
            .reader
            .get_case(DOMAIN, case_id, &self.field_ids)
            .await
            .unwrap();
        for id in &self.field_ids {
            if SILENT_CASE_FIELDS.contains(&id.as_str()) {
                prop_assert!(state.field(id).open, "{} is not told by the history", id);
                continue;
            }
            let now = case.field(id).and_then(norm);
            let cell = state.field(id);
            prop_assert_eq!(cell.known(), Some(&now), "case field {}", id);
        }
        let mut items = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .reader
                .search_related_items(DOMAIN, case_id, &RelatedItemType::ALL, token, Some(25))
                .await
                .unwrap();
            items.extend(page.items);
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        for t in [RelatedItemType::Custom, RelatedItemType::Comment] {
            let now: Vec<_> = items.iter().filter(|i| i.item_type == t).collect();
            for item in &now {
                let chains = chains_ending_in(&state, t.as_str(), &item_values(item));
                prop_assert!(!chains.is_empty(), "no chain ends in {:?}", item);
            }
            let slots: Vec<_> = state
                .live_items()
                .filter(|(_, i)| i.item_type == t.as_str())
                .collect();
            let alive = slots.iter().filter(|(_, i)| i.life == Life::Alive).count();
            prop_assert!(
                alive <= now.len() && now.len() <= slots.len(),
                "{} {:?}: {} alive, {} now, {} may be",
                alive,
                t,
                alive,
                now.len(),
                slots.len()
            );
            // Every item the history is sure of is one of the items now.
            for (_, slot) in slots.iter().filter(|(_, i)| i.life == Life::Alive) {
                let sure: Option<Vec<_>> = slot
                    .fields
                    .iter()
                    .map(|(k, c)| c.known().map(|v| (k.clone(), v.clone())))
                    .collect();
                let Some(mut sure) = sure else { continue };
                sure.retain(|(_, v)| v.is_some());
                sure.sort_by(|a, b| a.0.cmp(&b.0));
                let found = now.iter().any(|i| {
                    let mut vals = item_values(i);
                    vals.sort_by(|a, b| a.0.cmp(&b.0));
                    vals == sure
                });
                prop_assert!(found, "{:?} is not an item now", sure);
            }
        }
        Ok(())
    }
}

#[test]
fn the_case_rebuilt_at_now_is_the_case_the_service_returns() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (service, world) = rt.block_on(async {
        let service = local::start_demo().await.unwrap();
        let client = support::local::client(&service);
        let sdk = build_client(&ConnectOptions::local(service.endpoint_url())).await;
        let reader = Reader::new(sdk.clone());
        let fields = reader.list_fields(DOMAIN).await.unwrap();
        let texts: Vec<String> = fields
            .iter()
            .filter(|f| !f.system && f.field_type == FieldType::Text)
            .map(|f| f.id.clone())
            .collect();
        let templates = client
            .list_templates()
            .domain_id(DOMAIN)
            .send()
            .await
            .unwrap();
        let world = World {
            template: templates.templates()[0].template_id().to_string(),
            writers: PEOPLE
                .iter()
                .map(|p| Writer::new(sdk.clone(), Some(Performer::CustomEntity(p.to_string()))))
                .collect(),
            reader,
            client,
            f1: texts[0].clone(),
            f2: texts[1].clone(),
            field_ids: fields.iter().map(|f| f.id.clone()).collect(),
        };
        (service, world)
    });
    let mut runner = TestRunner::default();
    let result = runner.run(&proptest::collection::vec(op(), 1..14), |ops| {
        rt.block_on(world.run(&ops))
    });
    rt.block_on(service.shutdown());
    if let Err(e) = result {
        panic!("{e}");
    }
}
