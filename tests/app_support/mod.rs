//! Fixture data and helpers shared by the app tests: a realistic domain with custom fields of
//! every type, a page of cases, all six related item types and an audit history.
#![allow(dead_code)]

use std::collections::BTreeMap;

use cases_tui::app::{App, AppContext, Cmd, Msg, ServiceCmd};
use cases_tui::model::*;
use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub const DOMAIN: &str = "d-7f3a";
pub const CASE: &str = "c-1001";

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap()
}

pub fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 4, d, h, m, 0).unwrap()
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub fn typed(app: &mut App, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| app.update(key(c))).collect()
}

pub fn domains() -> Vec<Domain> {
    vec![
        Domain {
            id: DOMAIN.into(),
            arn: format!("arn:aws:cases:us-east-1:111122223333:domain/{DOMAIN}"),
            name: "Support EU".into(),
            status: Some("Active".into()),
            created_time: Some(Utc.with_ymd_and_hms(2023, 11, 2, 8, 0, 0).unwrap()),
        },
        Domain {
            id: "d-19bc".into(),
            arn: "arn:aws:cases:us-east-1:111122223333:domain/d-19bc".into(),
            name: "Billing".into(),
            status: Some("Active".into()),
            created_time: Some(Utc.with_ymd_and_hms(2024, 1, 15, 8, 0, 0).unwrap()),
        },
        Domain {
            id: "d-0a11".into(),
            arn: "arn:aws:cases:us-east-1:111122223333:domain/d-0a11".into(),
            name: "Claims (sandbox)".into(),
            status: Some("CreationInProgress".into()),
            created_time: None,
        },
    ]
}

fn def(id: &str, name: &str, t: FieldType, system: bool) -> FieldDef {
    FieldDef {
        id: id.into(),
        name: name.into(),
        field_type: t,
        system,
        description: None,
    }
}

pub fn field_defs() -> Vec<FieldDef> {
    use FieldType::*;
    vec![
        def("title", "Title", Text, true),
        def("status", "Status", SingleSelect, true),
        def("reference_number", "Reference number", Text, true),
        def("summary", "Summary", Text, true),
        def("customer_id", "Customer", Text, true),
        def("assigned_user", "Assigned user", User, true),
        def("last_updated_datetime", "Last updated", DateTime, true),
        def("created_datetime", "Created", DateTime, true),
        def("priority", "Priority", SingleSelect, false),
        def("refund_amount", "Refund amount", Number, false),
        def("vip", "VIP customer", Boolean, false),
        def("follow_up", "Follow-up due", DateTime, false),
        def("order_url", "Order link", Url, false),
        def("escalation_owner", "Escalation owner", User, false),
        def("internal_notes", "Internal notes", Text, false),
    ]
}

pub fn options(field_id: &str) -> Vec<FieldOption> {
    let o = |name: &str, value: &str| FieldOption {
        name: name.into(),
        value: value.into(),
        active: true,
    };
    match field_id {
        "status" => vec![o("Open", "open"), o("Closed", "closed")],
        _ => vec![o("High", "high"), o("Medium", "medium"), o("Low", "low")],
    }
}

fn s(v: &str) -> FieldValue {
    FieldValue::String(v.into())
}

pub fn list_case(id: &str, title: &str, status: &str, reference: &str, updated: &str) -> Case {
    Case {
        id: id.into(),
        template_id: "t-standard".into(),
        fields: vec![
            FieldEntry::new("title", s(title)),
            FieldEntry::new("status", s(status)),
            FieldEntry::new("reference_number", s(reference)),
            FieldEntry::new("last_updated_datetime", s(updated)),
            FieldEntry::new("created_datetime", s("2024-01-02T08:00:00Z")),
        ],
        tags: BTreeMap::new(),
    }
}

pub fn cases_page() -> Page<Case> {
    Page {
        items: vec![
            list_case(
                CASE,
                "Refund not received for order #4411",
                "open",
                "58213",
                "2024-05-01T09:30:00Z",
            ),
            list_case(
                "c-1002",
                "Login loop on mobile app after password reset",
                "open",
                "58214",
                "2024-05-01T11:42:00Z",
            ),
            list_case(
                "c-1003",
                "Printer \x1b[31mjam\x1b[0m reported by store 12",
                "closed",
                "58190",
                "2024-04-28T16:05:00Z",
            ),
            list_case(
                "c-1004",
                "Address change request",
                "open",
                "58177",
                "2024-04-20T10:00:00Z",
            ),
            list_case(
                "c-1005",
                "Damaged parcel — replacement shipped, awaiting confirmation from the courier",
                "closed",
                "57002",
                "2024-02-11T08:15:00Z",
            ),
            list_case(
                "c-1006",
                "Duplicate charge on card ending 4242",
                "open",
                "58220",
                "2024-05-01T11:59:40Z",
            ),
        ],
        next_token: Some("page-2".into()),
    }
}

pub fn full_case() -> Case {
    Case {
        id: CASE.into(),
        template_id: "t-standard".into(),
        fields: vec![
            FieldEntry::new("title", s("Refund not received for order #4411")),
            FieldEntry::new("status", s("open")),
            FieldEntry::new("reference_number", s("58213")),
            FieldEntry::new(
                "summary",
                s("Customer returned the item on 12 April; refund still pending."),
            ),
            FieldEntry::new(
                "customer_id",
                s("arn:aws:profile:us-east-1:111122223333:domains/p/profiles/8c1e"),
            ),
            FieldEntry::new(
                "assigned_user",
                FieldValue::UserArn(
                    "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/maria.lopez".into(),
                ),
            ),
            FieldEntry::new("last_updated_datetime", s("2024-05-01T09:30:00Z")),
            FieldEntry::new("created_datetime", s("2024-04-22T14:03:00Z")),
            FieldEntry::new("priority", s("high")),
            FieldEntry::new("refund_amount", FieldValue::Double(129.0)),
            FieldEntry::new("vip", FieldValue::Bool(true)),
            FieldEntry::new("follow_up", s("2024-05-03T09:00:00Z")),
            FieldEntry::new("order_url", s("https://shop.example.com/orders/4411")),
            FieldEntry::new(
                "escalation_owner",
                FieldValue::UserArn(
                    "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/sam.osei".into(),
                ),
            ),
            FieldEntry::new("internal_notes", FieldValue::Empty),
        ],
        tags: BTreeMap::new(),
    }
}

fn item(id: &str, t: RelatedItemType, when: DateTime<Utc>, content: RelatedContent) -> RelatedItem {
    RelatedItem {
        id: id.into(),
        item_type: t,
        association_time: Some(when),
        content,
        tags: BTreeMap::new(),
        performed_by: Some(Performer::UserArn(
            "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/maria.lopez".into(),
        )),
    }
}

pub const COMMENT_BODY: &str = "Called the customer back.\n\nThey confirm the parcel was handed to the courier on 12 April (tracking 1Z999AA10123456784). The warehouse has not scanned it in yet, so finance cannot release the refund.\nNext step: ask the warehouse to search bay 4 and confirm by Friday; if not found, refund from the goodwill budget.";

/// One page of every related item type, deliberately not in time order.
pub fn related_page() -> Page<RelatedItem> {
    use RelatedItemType as T;
    Page {
        items: vec![
            item(
                "ri-file",
                T::File,
                at(23, 9, 12),
                RelatedContent::File {
                    file_arn:
                        "arn:aws:connect:us-east-1:111122223333:instance/i-1/file/receipt-4411.pdf"
                            .into(),
                },
            ),
            item(
                "ri-comment",
                T::Comment,
                at(30, 16, 40),
                RelatedContent::Comment {
                    body: COMMENT_BODY.into(),
                    content_type: "Text/Plain".into(),
                },
            ),
            item(
                "ri-contact",
                T::Contact,
                at(22, 14, 1),
                RelatedContent::Contact {
                    contact_arn:
                        "arn:aws:connect:us-east-1:111122223333:instance/i-1/contact/5d1f-77aa"
                            .into(),
                    channel: "VOICE".into(),
                    connected_to_system_time: Some(at(22, 13, 58)),
                },
            ),
            item(
                "ri-sla",
                T::Sla,
                at(22, 14, 3),
                RelatedContent::Sla(Sla {
                    name: "First response".into(),
                    sla_type: "CaseField".into(),
                    status: "Active".into(),
                    field_id: Some("status".into()),
                    target_field_values: vec![s("closed")],
                    target_time: Some(Utc.with_ymd_and_hms(2024, 5, 2, 14, 3, 0).unwrap()),
                    completion_time: None,
                }),
            ),
            item(
                "ri-link",
                T::ConnectCase,
                at(24, 10, 0),
                RelatedContent::ConnectCase {
                    case_id: "c-0987".into(),
                },
            ),
            item(
                "ri-custom",
                T::Custom,
                at(29, 8, 30),
                RelatedContent::Custom {
                    fields: vec![
                        FieldEntry::new("priority", s("medium")),
                        FieldEntry::new("refund_amount", FieldValue::Double(49.5)),
                        FieldEntry::new("vip", FieldValue::Bool(false)),
                        FieldEntry::new("internal_notes", s("Courier claim #CL-2231")),
                    ],
                },
            ),
        ],
        next_token: None,
    }
}

fn event(
    id: &str,
    event_type: &str,
    item_type: Option<&str>,
    when: DateTime<Utc>,
    by: Option<Performer>,
    iam: Option<&str>,
    fields: Vec<AuditField>,
) -> AuditEvent {
    AuditEvent {
        id: id.into(),
        event_type: event_type.into(),
        related_item_type: item_type.map(str::to_string),
        performed_time: Some(when),
        fields,
        performed_by: by,
        iam_principal_arn: iam.map(str::to_string),
        merge: None,
    }
}

fn change(id: &str, old: Option<FieldValue>, new: FieldValue) -> AuditField {
    AuditField {
        field_id: id.into(),
        old_value: old,
        new_value: new,
    }
}

/// An audit history, deliberately not in time order.
pub fn audit_page() -> Page<AuditEvent> {
    let maria = Some(Performer::UserArn(
        "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/maria.lopez".into(),
    ));
    Page {
        items: vec![
            event(
                "ev-3",
                "Case.Updated",
                None,
                at(30, 16, 45),
                maria.clone(),
                None,
                vec![
                    change("priority", Some(s("medium")), s("high")),
                    change(
                        "refund_amount",
                        Some(FieldValue::Double(100.0)),
                        FieldValue::Double(129.0),
                    ),
                    change("vip", Some(FieldValue::Bool(false)), FieldValue::Bool(true)),
                ],
            ),
            event(
                "ev-1",
                "Case.Created",
                None,
                at(22, 14, 3),
                None,
                Some("arn:aws:iam::111122223333:role/ConnectCasesIntake"),
                vec![
                    change("title", None, s("Refund not received for order #4411")),
                    change("status", None, s("open")),
                ],
            ),
            event(
                "ev-4",
                "RelatedItem.Created",
                Some("Comment"),
                at(30, 16, 40),
                maria.clone(),
                None,
                vec![change(
                    "comment.body",
                    None,
                    s("Called the customer back. They confirm the parcel…"),
                )],
            ),
            event(
                "ev-2",
                "RelatedItem.Created",
                Some("Custom"),
                at(29, 8, 30),
                Some(Performer::CustomEntity("refund-bot".into())),
                None,
                vec![
                    change("priority", None, s("medium")),
                    change("internal_notes", None, s("Courier claim #CL-2231")),
                ],
            ),
            event(
                "ev-5",
                "RelatedItem.Updated",
                Some("Custom"),
                at(30, 17, 2),
                maria,
                None,
                vec![change(
                    "internal_notes",
                    Some(s("Courier claim #CL-2231")),
                    FieldValue::Empty,
                )],
            ),
            event(
                "ev-6",
                "RelatedItem.Updated",
                Some("Comment"),
                at(30, 17, 20),
                Some(Performer::UserArn(
                    "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/sam.osei".into(),
                )),
                None,
                vec![change(
                    "comment.body",
                    Some(s(OLD_COMMENT_BODY)),
                    s(COMMENT_BODY),
                )],
            ),
        ],
        next_token: Some("audit-2".into()),
    }
}

/// The comment's text before sam.osei's edit (ev-6).
pub const OLD_COMMENT_BODY: &str = "Called the customer back.\n\nThey confirm the parcel was handed to the courier on 12 April. The warehouse has not scanned it in yet, so finance cannot release the refund.\nNext step: ask the warehouse to search bay 4.";

/// `n` Case.Updated events an hour apart from 1 April, ids `{prefix}-000`..., each changing
/// the summary; for paging tests.
pub fn audit_events(prefix: &str, n: usize) -> Vec<AuditEvent> {
    (0..n)
        .map(|i| {
            event(
                &format!("{prefix}-{i:03}"),
                "Case.Updated",
                None,
                Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap()
                    + chrono::Duration::hours(i as i64),
                Some(Performer::CustomEntity("sync-job".into())),
                None,
                vec![change("summary", None, s(&format!("{prefix} step {i}")))],
            )
        })
        .collect()
}

/// A context with the domain given.
pub fn ctx() -> AppContext {
    AppContext {
        endpoint_label: "profile default · us-east-1".into(),
        domain_id: Some(DOMAIN.into()),
        ..AppContext::for_tests()
    }
}

/// Answer every command the way a healthy service would, feeding the results back in.
pub fn answer(app: &mut App, cmds: Vec<Cmd>) {
    let mut queue = cmds;
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::Service(ServiceCmd::LoadDomains) => Msg::DomainsLoaded(Ok(domains())),
            Cmd::Service(ServiceCmd::LoadFields { domain_id }) => Msg::FieldsLoaded {
                domain_id,
                result: Ok(field_defs()),
            },
            Cmd::Service(ServiceCmd::LoadFieldOptions {
                domain_id,
                field_id,
            }) => Msg::FieldOptionsLoaded {
                result: Ok(options(&field_id)),
                domain_id,
                field_id,
            },
            Cmd::Service(ServiceCmd::SearchCases {
                req,
                next_token: None,
                ..
            }) => Msg::CasesLoaded {
                req,
                result: Ok(cases_page()),
            },
            // Later pages are empty and final.
            Cmd::Service(ServiceCmd::SearchCases { req, .. }) => Msg::CasesLoaded {
                req,
                result: Ok(last_page()),
            },
            Cmd::Service(ServiceCmd::GetCase { req, .. }) => Msg::CaseLoaded {
                req,
                result: Ok(full_case()),
            },
            Cmd::Service(ServiceCmd::LoadRelated {
                req,
                next_token: None,
                ..
            }) => Msg::RelatedLoaded {
                req,
                result: Ok(related_page()),
            },
            Cmd::Service(ServiceCmd::LoadRelated { req, .. }) => Msg::RelatedLoaded {
                req,
                result: Ok(last_page()),
            },
            Cmd::Service(ServiceCmd::LoadAudit {
                req,
                next_token: None,
                ..
            }) => Msg::AuditLoaded {
                req,
                result: Ok(audit_page()),
            },
            Cmd::Service(ServiceCmd::LoadAudit { req, .. }) => Msg::AuditLoaded {
                req,
                result: Ok(last_page()),
            },
            Cmd::Journal(_) => continue,
            Cmd::Service(ServiceCmd::CheckDraft(draft)) => Msg::DraftChecked {
                key: draft.key.clone(),
                result: Ok(cases_tui::edit::Check::Fresh(draft.content())),
            },
            Cmd::Service(ServiceCmd::SendDraft { draft, .. }) => Msg::DraftSent {
                result: Ok(draft.item_id.clone().unwrap_or_else(|| "new-item".into())),
                key: draft.key,
            },
            Cmd::Service(ServiceCmd::DeleteItem { item_id, .. }) => Msg::ItemDeleted {
                item_id,
                result: Ok(()),
            },
            Cmd::Service(ServiceCmd::LoadTemplates { domain_id }) => Msg::TemplatesLoaded {
                domain_id,
                result: Ok(templates()),
            },
            // The domain's items across cases: the case's own related items, on one page.
            Cmd::Service(ServiceCmd::SearchAllRelated { req, types, .. }) => Msg::FeedItemsLoaded {
                req,
                result: Ok(feed_page(&types)),
            },
            // The SLA radar: the open SLAs of the related page, on [`CASE`].
            Cmd::Service(ServiceCmd::LoadOpenSlas { req, .. }) => Msg::OpenSlasLoaded {
                req,
                result: Ok(feed_page(&[RelatedItemType::Sla]).items),
            },
            Cmd::Quit | Cmd::Terminal(_) | Cmd::Session(_) => {
                continue;
            }
        };
        queue.extend(app.update(msg));
    }
}

/// SearchAllRelatedItems' one page: the related page's items of `types` (all when empty), on
/// [`CASE`], newest first.
pub fn feed_page(types: &[cases_tui::model::RelatedItemType]) -> Page<cases_tui::model::CaseItem> {
    let mut items: Vec<_> = related_page()
        .items
        .into_iter()
        .filter(|i| types.is_empty() || types.contains(&i.item_type))
        .map(|item| cases_tui::model::CaseItem {
            case_id: CASE.into(),
            item,
        })
        .collect();
    items.sort_by_key(|i| std::cmp::Reverse(i.item.association_time));
    Page {
        items,
        next_token: None,
    }
}

/// The domain's templates: one that needs only a title, one that also needs a priority.
pub fn templates() -> Vec<Template> {
    vec![
        Template {
            id: "t-standard".into(),
            name: "Standard".into(),
            required: vec!["title".into()],
        },
        Template {
            id: "t-escalation".into(),
            name: "Escalation".into(),
            required: vec!["title".into(), "priority".into()],
        },
    ]
}

pub fn last_page<T>() -> Page<T> {
    Page {
        items: Vec::new(),
        next_token: None,
    }
}

/// An app on the case list with everything loaded.
pub fn loaded_list() -> App {
    let mut app = App::new(ctx());
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    app.update(Msg::DomainsLoaded(Ok(domains())));
    app
}

/// An app on the case view of `CASE` with everything loaded.
pub fn loaded_case() -> App {
    let mut app = loaded_list();
    let cmds = app.update(code(KeyCode::Enter));
    answer(&mut app, cmds);
    app
}

/// Send `msg` and answer what it asks for, as a healthy service would.
pub fn press(app: &mut App, msg: Msg) {
    let cmds = app.update(msg);
    answer(app, cmds);
}

/// The screen as text, one line per row, trailing spaces trimmed. What the frame measured goes
/// back to the app as the event loop sends it (`Msg::Drawn`), so the next frame scrolls from
/// where this one did and paging keys know the page size.
pub fn render(app: &mut App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut drawn = Default::default();
    terminal
        .draw(|f| drawn = cases_tui::ui::draw(f, app))
        .unwrap();
    app.update(Msg::Drawn(drawn));
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Focuses the related-items pane and selects its first item of type `t`.
pub fn select_related(app: &mut App, t: cases_tui::model::RelatedItemType) {
    press(app, key('2'));
    press(app, key('g'));
    for _ in 0..50 {
        let cv = app.case.as_ref().unwrap();
        if cv
            .selected_related(&app.domain.catalog)
            .is_some_and(|i| i.item_type == t)
        {
            return;
        }
        press(app, key('j'));
    }
    panic!("no {t:?} item in the fixture");
}

/// An open SLA on `case` created two hours before its target, due `minutes` from now
/// (negative: breached).
pub fn open_sla(case: &str, id: &str, name: &str, minutes: i64) -> CaseItem {
    let target = now() + chrono::Duration::minutes(minutes);
    CaseItem {
        case_id: case.into(),
        item: RelatedItem {
            id: id.into(),
            item_type: RelatedItemType::Sla,
            association_time: Some(target - chrono::Duration::minutes(120)),
            content: RelatedContent::Sla(Sla {
                name: name.into(),
                sla_type: "CaseField".into(),
                status: if minutes > 0 { "Active" } else { "Overdue" }.into(),
                field_id: Some("status".into()),
                target_field_values: vec![FieldValue::String("closed".into())],
                target_time: Some(target),
                completion_time: None,
            }),
            tags: Default::default(),
            performed_by: None,
        },
    }
}
