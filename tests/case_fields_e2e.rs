//! Case fields and new cases end to end: keys into the app, the real SDK against the local
//! service, and the stored case and its audit history checked afterwards.

mod support;

use cases_tui::app::editing::ReviewStatus;
use cases_tui::app::staging::Overlay;
use cases_tui::app::{App, AppContext, Msg};
use cases_tui::aws::{ConnectOptions, Gateway, Reader, Writer, build_client};
use cases_tui::edit::Journal;
use cases_tui::local::{self, LocalService, ServeArgs, demo};
use cases_tui::model::{AuditEvent, CaseQuery, FieldEntry, FieldValue, Performer};
use cases_tui::tui::Executor;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::exec::pump;
use support::reads::all_audit_events;

const DOMAIN: &str = demo::DEMO_DOMAIN_ID;

struct Session {
    service: LocalService,
    app: App,
    exec: Executor,
    reader: Reader,
    writer: Writer,
    _dir: tempfile::TempDir,
}

/// The app on `case` (or on the case list), against a demo service started with `args`, its
/// calls made with at most `attempts` tries each.
async fn session(args: ServeArgs, case: Option<&str>, attempts: u32) -> Session {
    let service = local::start(ServeArgs { demo: true, ..args })
        .await
        .unwrap();
    let client = build_client(&ConnectOptions {
        max_attempts: attempts,
        ..ConnectOptions::local(service.endpoint_url())
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let exec = Executor {
        gateway: Gateway::read_write(client.clone(), None),
        journal: Some(Journal::open(dir.path()).unwrap()),
    };
    let mut app = App::new(AppContext {
        domain_id: Some(DOMAIN.into()),
        case_id: case.map(str::to_string),
        ..AppContext::for_tests()
    });
    let cmds = app.start();
    pump(&mut app, &exec, cmds).await;
    Session {
        service,
        app,
        exec,
        reader: Reader::new(client.clone()),
        writer: Writer::new(client, Some(Performer::CustomEntity("someone-else".into()))),
        _dir: dir,
    }
}

impl Session {
    async fn keys(&mut self, keys: &[KeyEvent]) {
        for k in keys {
            let cmds = self.app.update(Msg::Key(*k));
            pump(&mut self.app, &self.exec, cmds).await;
        }
    }

    async fn typed(&mut self, text: &str) {
        let keys: Vec<KeyEvent> = text.chars().map(ch).collect();
        self.keys(&keys).await;
    }

    /// `1`, then `j` until the fields pane's selected row is `field_id`.
    async fn select_field(&mut self, field_id: &str) {
        self.keys(&[ch('1'), ch('g')]).await;
        for _ in 0..100 {
            let cv = self.app.case.as_ref().unwrap();
            let rows = cv.fields.rows(cv.case.as_ref(), &self.app.domain.catalog);
            if rows[cv.fields.cursor.selected].id == field_id {
                return;
            }
            self.keys(&[ch('j')]).await;
        }
        panic!("no row {field_id}");
    }

    fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    async fn stored(&self, case: &str) -> Vec<FieldEntry> {
        let ids: Vec<String> = self
            .reader
            .list_fields(DOMAIN)
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.id)
            .collect();
        let mut fields = self
            .reader
            .get_case(DOMAIN, case, &ids)
            .await
            .unwrap()
            .fields;
        fields.sort_by(|a, b| a.id.cmp(&b.id));
        fields
    }

    async fn events(&self, case: &str, event_type: &str) -> usize {
        self.events_of(case, event_type).await.len()
    }

    /// The case's audit events of `event_type`, oldest first.
    async fn events_of(&self, case: &str, event_type: &str) -> Vec<AuditEvent> {
        let mut out = all_audit_events(&self.reader, DOMAIN, case).await;
        out.retain(|e| e.event_type == event_type);
        out.sort_by_key(|e| e.performed_time);
        out
    }
}

fn ch(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn text(s: &str) -> FieldValue {
    FieldValue::String(s.into())
}

/// An open case of the demo.
async fn open_case(reader: &Reader) -> String {
    for n in 2..=demo::DEMO_CASE_COUNT {
        let id = format!("case-{n:04}");
        let case = reader
            .get_case(DOMAIN, &id, &["status".to_string()])
            .await
            .unwrap();
        if case.field("status") == Some(&text("open")) {
            return id;
        }
    }
    panic!("the demo has an open case")
}

async fn open_case_session() -> (Session, String) {
    let probe = local::start_demo().await.unwrap();
    let client = build_client(&ConnectOptions::local(probe.endpoint_url())).await;
    let case = open_case(&Reader::new(client)).await;
    probe.shutdown().await;
    (session(ServeArgs::for_tests(), Some(&case), 3).await, case)
}

/// Every field but the ones the service stamps on each write.
fn unstamped(fields: &[FieldEntry]) -> Vec<FieldEntry> {
    fields
        .iter()
        .filter(|f| {
            !matches!(
                f.id.as_str(),
                "last_updated_datetime" | "last_updated_user" | "last_closed_datetime" | "status"
            )
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn status_closed_by_keyboard_changes_only_the_status_with_one_case_updated() {
    let (mut s, case) = open_case_session().await;
    let before = s.stored(&case).await;
    let updates = s.events(&case, "Case.Updated").await;

    s.select_field("status").await;
    s.keys(&[ch('e')]).await;
    s.typed("closed").await;
    s.keys(&[key(KeyCode::Enter)]).await;
    assert_eq!(s.app.staging.staged_count(), 1, "{}", s.status());
    s.keys(&[ch('s'), ch('y')]).await;
    assert_eq!(s.app.staging.staged_count(), 0, "{}", s.status());

    let after = s.stored(&case).await;
    assert!(after.contains(&FieldEntry::new("status", text("closed"))));
    assert_eq!(
        unstamped(&after),
        unstamped(&before),
        "other fields unchanged"
    );
    assert_eq!(s.events(&case, "Case.Updated").await, updates + 1);
    // UpdateCase carried the status alone: the service adds only the closing time it stamps.
    let newest = s.events_of(&case, "Case.Updated").await.pop().unwrap();
    let mut ids: Vec<&str> = newest.fields.iter().map(|f| f.field_id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["last_closed_datetime", "status"]);
    s.service.shutdown().await;
}

#[tokio::test]
async fn a_concurrent_change_to_another_field_survives_and_the_same_field_is_a_choice() {
    let (mut s, case) = open_case_session().await;
    // `c` stages the close; someone else retitles the case meanwhile.
    s.keys(&[ch('1'), ch('c')]).await;
    assert_eq!(s.app.staging.staged_count(), 1, "{}", s.status());
    s.writer
        .update_case(
            DOMAIN,
            &case,
            &[FieldEntry::new("title", text("Retitled elsewhere"))],
        )
        .await
        .unwrap();
    s.keys(&[ch('s'), ch('y')]).await;
    let after = s.stored(&case).await;
    assert!(after.contains(&FieldEntry::new("title", text("Retitled elsewhere"))));
    assert!(after.contains(&FieldEntry::new("status", text("closed"))));

    // Now the same field: we retitle, they retitle; taking theirs leaves nothing to send.
    s.select_field("title").await;
    s.keys(&[
        ch('e'),
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    ])
    .await;
    s.typed("Ours").await;
    s.keys(&[key(KeyCode::Enter)]).await;
    s.writer
        .update_case(DOMAIN, &case, &[FieldEntry::new("title", text("Theirs"))])
        .await
        .unwrap();
    let updates = s.events(&case, "Case.Updated").await;
    s.keys(&[ch('s'), ch('y')]).await;
    let Some(Overlay::Review(review)) = &s.app.staging.overlay else {
        panic!("the review shows the conflict")
    };
    assert!(
        matches!(review.status(), ReviewStatus::Conflicts { conflicts, .. } if conflicts[0].id == "title"),
        "{:?}",
        review.status()
    );
    s.keys(&[ch('t'), ch('y')]).await;
    assert_eq!(s.app.staging.staged_count(), 0, "the draft is dropped");
    assert!(s.status().starts_with("Nothing sent"), "{}", s.status());
    assert_eq!(
        s.events(&case, "Case.Updated").await,
        updates,
        "nothing sent"
    );
    assert!(
        s.stored(&case)
            .await
            .contains(&FieldEntry::new("title", text("Theirs")))
    );
    s.service.shutdown().await;
}

/// `n`, the "General support" template, its title and customer id, `Esc`, `s`, `y`.
async fn create_by_keyboard(s: &mut Session, title: &str) {
    s.keys(&[ch('n')]).await;
    s.typed("general").await;
    s.keys(&[key(KeyCode::Enter)]).await;
    s.typed(title).await;
    s.keys(&[key(KeyCode::Enter)]).await;
    s.typed("cust-e2e").await;
    s.keys(&[key(KeyCode::Enter), key(KeyCode::Esc)]).await;
    assert_eq!(s.app.staging.staged_count(), 1, "{}", s.status());
    s.keys(&[ch('s'), ch('y')]).await;
}

async fn cases_titled(s: &Session, title: &str) -> Vec<String> {
    let query = CaseQuery {
        search_term: Some(title.into()),
        fields: vec!["title".into()],
        ..Default::default()
    };
    let page = s.reader.search_cases(DOMAIN, &query, None).await.unwrap();
    page.items
        .into_iter()
        .filter(|c| c.field("title") == Some(&text(title)))
        .map(|c| c.id)
        .collect()
}

#[tokio::test]
async fn a_created_case_exists_once_even_when_the_first_answer_is_lost() {
    // The SDK's own retry carries the same client token.
    let mut s = session(
        ServeArgs {
            lose_answers: 1,
            ..ServeArgs::for_tests()
        },
        None,
        3,
    )
    .await;
    create_by_keyboard(&mut s, "Lost answer, SDK retry").await;
    let made = cases_titled(&s, "Lost answer, SDK retry").await;
    assert_eq!(made.len(), 1, "{}", s.status());
    assert_eq!(
        s.app.case.as_ref().map(|c| c.case_id.clone()),
        Some(made[0].clone()),
        "the new case opens"
    );
    assert_eq!(s.events(&made[0], "Case.Created").await, 1);
    s.service.shutdown().await;

    // One try per send: the first fails in front of the user, the draft stays, `y` again.
    let mut s = session(
        ServeArgs {
            lose_answers: 1,
            ..ServeArgs::for_tests()
        },
        None,
        1,
    )
    .await;
    create_by_keyboard(&mut s, "Lost answer, sent again").await;
    assert_eq!(s.app.staging.staged_count(), 1, "the draft is kept");
    let Some(Overlay::Review(review)) = &s.app.staging.overlay else {
        panic!("the review stays open on the failure")
    };
    assert!(
        matches!(review.status(), ReviewStatus::Failed { .. }),
        "{:?}",
        review.status()
    );
    s.keys(&[ch('y')]).await;
    let made = cases_titled(&s, "Lost answer, sent again").await;
    assert_eq!(made.len(), 1, "{}", s.status());
    assert_eq!(s.app.staging.staged_count(), 0);
    assert_eq!(
        s.app.case.as_ref().map(|c| c.case_id.clone()),
        Some(made[0].clone())
    );
    s.service.shutdown().await;
}

#[tokio::test]
async fn a_case_edit_the_service_refuses_keeps_the_draft_and_shows_why() {
    // A closed case: editing one is accepted (by the local service, as by AWS); the refusal
    // comes from the emptied title.
    let probe = local::start_demo().await.unwrap();
    let reader = Reader::new(build_client(&ConnectOptions::local(probe.endpoint_url())).await);
    let mut closed = None;
    for n in 2..=demo::DEMO_CASE_COUNT {
        let id = format!("case-{n:04}");
        let case = reader
            .get_case(DOMAIN, &id, &["status".into(), "title".into()])
            .await
            .unwrap();
        if case.field("status") == Some(&text("closed")) {
            closed = Some((id, case.field("title").cloned().unwrap()));
            break;
        }
    }
    probe.shutdown().await;
    let (case, title) = closed.expect("the demo has a closed case");
    let mut s = session(ServeArgs::for_tests(), Some(&case), 3).await;
    // A draft from the journal that empties the title: the service refuses it.
    let mut draft = cases_tui::edit::Draft::for_case(DOMAIN, &case);
    draft.set_case_field("title", title, FieldValue::Empty);
    s.exec.journal.as_ref().unwrap().save(&draft).unwrap();
    s.app.restore_drafts(vec![draft.clone()]);
    s.keys(&[ch('s'), ch('y')]).await;
    let Some(Overlay::Review(review)) = &s.app.staging.overlay else {
        panic!("the review stays open")
    };
    let ReviewStatus::Failed { message, .. } = review.status() else {
        panic!("{:?}", review.status())
    };
    assert!(message.contains("title"), "the service's reason: {message}");
    assert_eq!(s.app.staging.drafts(), std::slice::from_ref(&draft));
    let on_disk = s.exec.journal.as_ref().unwrap().load_all().unwrap().0;
    assert_eq!(on_disk, vec![draft], "the journal keeps it");
    s.service.shutdown().await;
}

#[tokio::test]
async fn lose_answers_carries_out_the_write_then_answers_an_error_and_leaves_reads_alone() {
    let s = session(
        ServeArgs {
            lose_answers: 1,
            ..ServeArgs::for_tests()
        },
        None,
        1,
    )
    .await;
    let case = open_case(&s.reader).await;
    let lost = s
        .writer
        .update_case(
            DOMAIN,
            &case,
            &[FieldEntry::new("title", text("Written, answer lost"))],
        )
        .await;
    assert!(lost.is_err(), "the first write's answer is lost");
    assert!(
        s.stored(&case)
            .await
            .contains(&FieldEntry::new("title", text("Written, answer lost"))),
        "but the write was carried out"
    );
    s.writer
        .update_case(DOMAIN, &case, &[FieldEntry::new("title", text("Answered"))])
        .await
        .expect("only the first answer is lost");
    s.service.shutdown().await;
}

/// The status of `case` as the case list's row shows it.
fn list_status(s: &Session, case: &str) -> Option<FieldValue> {
    s.app
        .cases
        .list
        .items
        .iter()
        .find(|c| c.id == case)
        .and_then(|c| c.field("status").cloned())
}

#[tokio::test]
async fn the_case_list_shows_a_saved_case_field_and_a_created_case_without_r() {
    let mut s = session(ServeArgs::for_tests(), None, 3).await;
    let case = open_case(&s.reader).await;
    let pos = s.app.cases.list.items.iter().position(|c| c.id == case);
    let pos = pos.expect("the open case is on the first page");
    for _ in 0..pos {
        s.keys(&[ch('j')]).await;
    }
    assert_eq!(
        s.app.cases.selected().map(|c| c.id.clone()),
        Some(case.clone())
    );
    assert_eq!(list_status(&s, &case), Some(text("open")));
    s.keys(&[key(KeyCode::Enter), ch('1'), ch('c'), ch('s'), ch('y')])
        .await;
    assert_eq!(s.app.staging.staged_count(), 0, "{}", s.status());
    s.keys(&[key(KeyCode::Esc)]).await;
    assert_eq!(list_status(&s, &case), Some(text("closed")), "no r needed");
    assert_eq!(
        s.app.cases.selected().map(|c| c.id.clone()),
        Some(case.clone()),
        "the selection stays on the edited case"
    );

    create_by_keyboard(&mut s, "Listed without r").await;
    let made = cases_titled(&s, "Listed without r").await;
    assert_eq!(made.len(), 1, "{}", s.status());
    s.keys(&[key(KeyCode::Esc)]).await;
    assert!(
        s.app.cases.list.items.iter().any(|c| c.id == made[0]),
        "the new case is listed"
    );
    s.service.shutdown().await;
}
