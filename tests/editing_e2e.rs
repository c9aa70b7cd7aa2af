//! Editing end to end: drafts saved through the real SDK against the local service, checked
//! against what the server holds, and kept whenever a save fails.

mod support;

use cases_tui::app::staging::Overlay;
use cases_tui::app::{App, AppContext};
use cases_tui::aws::{ConnectOptions, Gateway, Reader, Writer, build_client};
use cases_tui::edit::{self, Base, Check, Choice, Content, Draft, Journal, StagedOp};
use cases_tui::local::{self, LocalService, ServeArgs, demo};
use cases_tui::model::{FieldEntry, FieldValue, Performer, RelatedContent, RelatedItemType};
use cases_tui::tui::Executor;
use support::exec::{key, pump};
use support::reads::all_audit_events;

const DOMAIN: &str = demo::DEMO_DOMAIN_ID;
const CASE: &str = demo::BIG_CASE_ID;

async fn clients(service: &LocalService) -> (Reader, Writer) {
    let client = build_client(&ConnectOptions::local(service.endpoint_url())).await;
    (
        Reader::new(client.clone()),
        Writer::new(client, Some(Performer::CustomEntity("e2e-test".into()))),
    )
}

/// A custom item of the big case with at least three fields.
async fn custom_item(reader: &Reader) -> (String, Vec<FieldEntry>) {
    let page = reader
        .search_related_items(DOMAIN, CASE, &[RelatedItemType::Custom], None, Some(25))
        .await
        .unwrap();
    page.items
        .into_iter()
        .find_map(|i| match i.content {
            RelatedContent::Custom { fields } if fields.len() >= 3 => Some((i.id, fields)),
            _ => None,
        })
        .expect("a custom item with three fields")
}

fn text(s: &str) -> FieldValue {
    FieldValue::String(s.into())
}

async fn stored(reader: &Reader, id: &str) -> Vec<FieldEntry> {
    match reader
        .find_related_item(DOMAIN, CASE, RelatedItemType::Custom, id)
        .await
        .unwrap()
        .expect("the item exists")
        .content
    {
        RelatedContent::Custom { fields } => fields,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn change_remove_and_add_reach_the_service_and_its_audit_history() {
    let service = local::start_demo().await.unwrap();
    let (reader, writer) = clients(&service).await;
    let (id, base) = custom_item(&reader).await;
    // A Text field of the domain the item does not have, to add.
    let fields = reader.list_fields(DOMAIN).await.unwrap();
    let added = fields
        .iter()
        .find(|f| {
            !f.system
                && f.field_type == cases_tui::model::FieldType::Text
                && !base.iter().any(|b| b.id == f.id)
        })
        .expect("a text field to add")
        .id
        .clone();
    let changed = base
        .iter()
        .find(|f| matches!(f.value, FieldValue::String(_)))
        .expect("a string field to change")
        .id
        .clone();
    let removed = base.iter().find(|f| f.id != changed).unwrap().id.clone();

    let mut draft = Draft::for_item(
        DOMAIN,
        CASE,
        &id,
        RelatedItemType::Custom,
        Base::Custom {
            fields: base.clone(),
        },
    );
    draft.push(StagedOp::SetField {
        id: changed.clone(),
        value: text("changed by e2e"),
    });
    draft.push(StagedOp::RemoveField {
        id: removed.clone(),
    });
    draft.push(StagedOp::AddField {
        id: added.clone(),
        value: text("added by e2e"),
    });
    let Check::Fresh(content) = cases_tui::tui::prepare(&draft, &reader).await.unwrap() else {
        panic!("nobody else changed the item")
    };
    cases_tui::tui::send(&draft, &content, &writer)
        .await
        .unwrap();

    let now = stored(&reader, &id).await;
    let Content::Custom(intended) = content else {
        panic!()
    };
    assert_eq!(now, intended);
    assert!(!now.iter().any(|f| f.id == removed));
    assert_eq!(now.last().unwrap().id, added);
    // Every field no op touched is still there, unchanged.
    for f in base.iter().filter(|f| f.id != changed && f.id != removed) {
        assert!(now.contains(f), "{} lost", f.id);
    }

    // The audit history's newest event records exactly these three changes.
    let mut events = all_audit_events(&reader, DOMAIN, CASE).await;
    events.sort_by_key(|e| e.performed_time);
    let last = events.last().unwrap();
    assert_eq!(last.event_type, "RelatedItem.Updated");
    assert_eq!(last.related_item_type.as_deref(), Some("Custom"));
    assert_eq!(
        last.performed_by,
        Some(Performer::CustomEntity("e2e-test".into()))
    );
    let by_id = |id: &str| last.fields.iter().find(|f| f.field_id == id).unwrap();
    assert_eq!(by_id(&changed).new_value, text("changed by e2e"));
    assert_eq!(by_id(&removed).new_value, FieldValue::Empty);
    assert_eq!(by_id(&added).new_value, text("added by e2e"));
    assert_eq!(by_id(&added).old_value, None);
    assert_eq!(last.fields.len(), 3);
    service.shutdown().await;
}

#[tokio::test]
async fn a_concurrent_writer_is_detected_and_its_change_survives() {
    let service = local::start_demo().await.unwrap();
    let (reader, writer) = clients(&service).await;
    let (id, base) = custom_item(&reader).await;
    let text_fields: Vec<String> = reader
        .list_fields(DOMAIN)
        .await
        .unwrap()
        .into_iter()
        .filter(|f| f.field_type == cases_tui::model::FieldType::Text)
        .map(|f| f.id)
        .collect();
    let texts: Vec<usize> = (0..base.len())
        .filter(|i| text_fields.contains(&base[*i].id))
        .collect();
    assert!(texts.len() >= 2, "the item needs two text fields: {base:?}");
    let ours = base[texts[0]].id.clone();
    let theirs = base[texts[1]].id.clone();

    let mut draft = Draft::for_item(
        DOMAIN,
        CASE,
        &id,
        RelatedItemType::Custom,
        Base::Custom {
            fields: base.clone(),
        },
    );
    draft.push(StagedOp::SetField {
        id: ours.clone(),
        value: text("ours"),
    });

    // Someone else changes another field between staging and saving.
    let mut other = base.clone();
    other[texts[1]].value = text("theirs");
    writer
        .update_custom(DOMAIN, CASE, &id, &other)
        .await
        .unwrap();

    let check = cases_tui::tui::prepare(&draft, &reader).await.unwrap();
    let Check::Merged { content, .. } = check else {
        panic!("expected a merge, got {check:?}")
    };
    cases_tui::tui::send(&draft, &content, &writer)
        .await
        .unwrap();
    let now = stored(&reader, &id).await;
    assert!(now.contains(&FieldEntry::new(ours.clone(), text("ours"))));
    assert!(
        now.contains(&FieldEntry::new(theirs.clone(), text("theirs"))),
        "their change was lost: {now:?}"
    );

    // Now both change the same field: a conflict the user resolves field by field.
    let mut draft = Draft::for_item(
        DOMAIN,
        CASE,
        &id,
        RelatedItemType::Custom,
        Base::Custom {
            fields: now.clone(),
        },
    );
    draft.push(StagedOp::SetField {
        id: theirs.clone(),
        value: text("ours again"),
    });
    let mut other = now.clone();
    let i = other.iter().position(|f| f.id == theirs).unwrap();
    other[i].value = text("theirs again");
    writer
        .update_custom(DOMAIN, CASE, &id, &other)
        .await
        .unwrap();
    let Check::Conflicts {
        theirs: Content::Custom(current),
        conflicts,
    } = cases_tui::tui::prepare(&draft, &reader).await.unwrap()
    else {
        panic!("expected a conflict")
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].theirs, Some(text("theirs again")));
    let Content::Custom(ours_list) = draft.content() else {
        panic!()
    };
    let resolved = edit::resolve_fields(
        &now,
        &ours_list,
        &current,
        &[(theirs.clone(), Choice::Theirs)],
    )
    .unwrap();
    cases_tui::tui::send(&draft, &Content::Custom(resolved), &writer)
        .await
        .unwrap();
    assert!(
        stored(&reader, &id)
            .await
            .contains(&FieldEntry::new(theirs, text("theirs again")))
    );
    service.shutdown().await;
}

/// A session with one staged draft (a SingleSelect value the service refuses when
/// `bad_value`), against a service started with `args`.
async fn session(args: ServeArgs, dir: &std::path::Path) -> (LocalService, App, Executor, Draft) {
    // The demo data is deterministic: find the item on a healthy service, then use the same id
    // on the one under test, whose faults may refuse every call.
    let healthy = local::start_demo().await.unwrap();
    let (id, base) = custom_item(&clients(&healthy).await.0).await;
    healthy.shutdown().await;
    let service = local::start(ServeArgs { demo: true, ..args })
        .await
        .unwrap();
    let client = build_client(&ConnectOptions {
        max_attempts: 2,
        ..ConnectOptions::local(service.endpoint_url())
    })
    .await;
    let journal = Journal::open(dir).unwrap();
    let exec = Executor {
        gateway: Gateway::read_write(client, None),
        journal: Some(journal.clone()),
    };
    let mut draft = Draft::for_item(
        DOMAIN,
        CASE,
        &id,
        RelatedItemType::Custom,
        Base::Custom { fields: base },
    );
    draft.push(StagedOp::SetField {
        id: "priority".into(),
        value: text("not-an-option"),
    });
    journal.save(&draft).unwrap();
    let mut app = App::new(AppContext {
        domain_id: Some(DOMAIN.into()),
        ..AppContext::for_tests()
    });
    app.restore_drafts(journal.load_all().unwrap().0);
    (service, app, exec, draft)
}

async fn review_and_send(app: &mut App, exec: &Executor) {
    let cmds = app.update(key('s'));
    pump(app, exec, cmds).await;
    assert!(matches!(app.staging.overlay, Some(Overlay::Review(_))));
    let cmds = app.update(key('y'));
    assert!(!cmds.is_empty(), "y sends");
    pump(app, exec, cmds).await;
}

#[tokio::test]
async fn a_save_refused_by_the_service_keeps_the_draft_in_memory_and_on_disk() {
    for (name, args) in [
        ("validation", ServeArgs::for_tests()),
        (
            "500",
            ServeArgs {
                fail_rate: 1.0,
                ..ServeArgs::for_tests()
            },
        ),
        (
            "429",
            ServeArgs {
                throttle_rate: 1.0,
                ..ServeArgs::for_tests()
            },
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (service, mut app, exec, draft) = session(args, dir.path()).await;
        review_and_send(&mut app, &exec).await;
        assert_eq!(
            app.staging.drafts(),
            std::slice::from_ref(&draft),
            "{name}: draft dropped"
        );
        let Some(Overlay::Review(review)) = &app.staging.overlay else {
            panic!("{name}: the review closed")
        };
        assert!(
            matches!(
                review.status(),
                cases_tui::app::editing::ReviewStatus::Failed { .. }
            ),
            "{name}: {:?}",
            review.status()
        );
        let on_disk = Journal::open(dir.path()).unwrap().load_all().unwrap().0;
        assert_eq!(on_disk, vec![draft], "{name}: journal lost the draft");
        service.shutdown().await;
    }
}

#[tokio::test]
async fn a_successful_save_empties_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let (service, mut app, exec, draft) = session(ServeArgs::for_tests(), dir.path()).await;
    // Replace the refused value with a valid option before sending.
    let mut good = draft.clone();
    good.push(StagedOp::SetField {
        id: "priority".into(),
        value: text("high"),
    });
    app.restore_drafts(vec![good]);
    review_and_send(&mut app, &exec).await;
    assert!(app.staging.drafts().is_empty(), "{:?}", app.status);
    // `pump` returned only after the journal answered that the draft is gone.
    assert!(
        Journal::open(dir.path())
            .unwrap()
            .load_all()
            .unwrap()
            .0
            .is_empty()
    );
    service.shutdown().await;
}
