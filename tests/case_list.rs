//! The case list that fits the job: columns from the config, `:mine`. Headless app tests, the
//! config parser, and the gateway through the real SDK against the local service.

mod app_support;

use app_support::*;
use cases_tui::app::cases::Column;
use cases_tui::app::{App, AppContext, Cmd, ServiceCmd, StatusKind};
use cases_tui::aws::{ConnectOptions, Reader, build_client};
use cases_tui::config::{ConfigError, parse};
use cases_tui::local;
use cases_tui::model::{CaseQuery, FieldValue, Performer};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

const KENJI: &str = "arn:aws:connect:us-east-1:123456789012:instance/demo/agent/kenji";

fn searches(cmds: &[Cmd]) -> Vec<CaseQuery> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Service(ServiceCmd::SearchCases { query, .. }) => Some(query.clone()),
            _ => None,
        })
        .collect()
}

fn list_with(ctx: AppContext) -> App {
    let mut app = App::new(ctx);
    app.freeze_clock(now());
    let cmds = app.start();
    answer(&mut app, cmds);
    app
}

#[test]
fn configured_columns_show_by_name_and_an_unknown_one_is_named_with_the_known() {
    let names = [
        "title",
        "Priority",
        "assigned user",
        "last updated",
        "titel",
    ];
    let mut app = App::new(AppContext {
        case_columns: Some(names.map(String::from).to_vec()),
        ..ctx()
    });
    app.freeze_clock(now());
    let cmds = app.start();
    // Before the domain's fields arrive, the system fields' columns are asked for already.
    let first = &searches(&cmds)[0];
    assert!(first.fields.contains(&"assigned_user".to_string()));
    answer(&mut app, cmds);
    let screen = render(&mut app, 160, 30);
    for header in ["Title", "Priority", "Assigned user", "Last updated"] {
        assert!(screen.contains(header), "{header}: {screen}");
    }
    assert!(!screen.contains("Ref "), "{screen}");
    let status = app.status.as_ref().expect("the unknown column is reported");
    assert_eq!(status.kind, StatusKind::Error);
    assert!(
        status
            .text
            .contains("no field 'titel' in this domain, so that column is left out"),
        "{}",
        status.text
    );
    assert!(
        status.text.contains("known: title, status"),
        "{}",
        status.text
    );
    assert!(status.text.contains("priority"), "{}", status.text);
    // `S` sorts by the columns on show.
    let cmds = app.update(key('S'));
    assert_eq!(searches(&cmds)[0].sort, Some(("title".to_string(), false)));
}

#[test]
fn columns_none_of_which_the_domain_knows_are_named_once_and_the_list_keeps_its_columns() {
    let mut app = list_with(AppContext {
        case_columns: Some(vec!["titel".into(), "prio".into()]),
        ..ctx()
    });
    let status = app
        .status
        .clone()
        .expect("the unknown columns are reported");
    assert_eq!(status.kind, StatusKind::Error);
    assert!(
        status.text.contains(
            "no fields 'titel', 'prio' in this domain, so the list keeps the columns it shows"
        ),
        "{}",
        status.text
    );
    assert!(
        status.text.contains("known: title, status"),
        "{}",
        status.text
    );
    assert_eq!(app.cases.columns, Column::defaults());
    // Reported when the domain's fields arrive, not again when the list is searched anew.
    app.status = None;
    let cmds = app.update(key('r'));
    answer(&mut app, cmds);
    assert!(
        app.status
            .as_ref()
            .is_none_or(|s| !s.text.contains("case_list.columns")),
        "{:?}",
        app.status
    );
}

#[test]
fn default_columns_are_todays() {
    let app = list_with(ctx());
    let ids: Vec<&str> = app
        .cases
        .columns
        .iter()
        .map(|c| c.field_id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "title",
            "status",
            "reference_number",
            "last_updated_datetime"
        ]
    );
}

#[test]
fn the_config_refuses_an_empty_or_repeated_column_list_with_line_and_key() {
    let err = |text: &str| match parse(text, Path::new("config.toml")).unwrap_err() {
        ConfigError::Invalid {
            line, key, message, ..
        } => (line, key, message),
        other => panic!("{other}"),
    };
    let (line, key, message) = err("theme = \"dark\"\n[case_list]\ncolumns = []\n");
    assert_eq!((line, key.as_str()), (3, "case_list.columns"));
    assert!(message.contains("empty list"), "{message}");
    let (_, _, message) = err("[case_list]\ncolumns = [\"title\", \"Title\"]\n");
    assert!(message.contains("listed twice"), "{message}");
    let (_, key, _) = err("[case_list]\nrows = 3\n");
    assert!(key.contains("rows"), "{key}");
    let ok = parse(
        "[case_list]\ncolumns = [\"title\", \"priority\"]\n",
        Path::new("c.toml"),
    )
    .unwrap();
    assert_eq!(
        ok.case_columns,
        Some(vec!["title".to_string(), "priority".to_string()])
    );
}

fn command(app: &mut App, line: &str) -> Vec<Cmd> {
    let mut cmds = app.update(key(':'));
    cmds.extend(typed(app, line));
    cmds.extend(app.update(code(KeyCode::Enter)));
    cmds
}

#[test]
fn mine_lists_the_cases_assigned_to_the_user_arn_and_says_why_it_cannot_without_one() {
    let mut app = list_with(AppContext {
        performed_by: Some(Performer::UserArn(KENJI.into())),
        ..ctx()
    });
    let cmds = command(&mut app, "mine");
    assert_eq!(searches(&cmds)[0].assigned_user.as_deref(), Some(KENJI));
    answer(&mut app, cmds);
    assert!(render(&mut app, 120, 30).contains("assigned to me"));
    let cmds = command(&mut app, "mine");
    assert_eq!(searches(&cmds)[0].assigned_user, None);

    let mut app = list_with(AppContext {
        performed_by: Some(Performer::CustomEntity("jane".into())),
        ..ctx()
    });
    assert!(searches(&command(&mut app, "mine")).is_empty());
    let text = &app.status.as_ref().unwrap().text;
    assert!(
        text.contains("'jane'") && text.contains("--performed-by arn:aws:connect"),
        "{text}"
    );

    let mut app = list_with(ctx());
    assert!(searches(&command(&mut app, "mine")).is_empty());
    let text = &app.status.as_ref().unwrap().text;
    assert!(text.contains("needs to know who you are"), "{text}");
}

#[test]
fn a_status_message_longer_than_the_line_wraps_above_the_bottom_and_is_read_whole() {
    for (w, h) in [(140, 30), (80, 24)] {
        let mut app = list_with(AppContext {
            performed_by: Some(Performer::CustomEntity("jane".into())),
            ..ctx()
        });
        command(&mut app, "mine");
        let screen = render(&mut app, w, h);
        let bottom: Vec<&str> = screen.lines().rev().take(4).collect();
        let joined = bottom
            .iter()
            .rev()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            joined.contains(
                "Start with --performed-by arn:aws:connect:REGION:ACCOUNT:instance/ID/agent/ID \
                 (or set performed_by in the config)."
            ),
            "{w}x{h}: {joined}\n{screen}"
        );
        // The list is still drawn above it, its frame whole.
        assert!(screen.lines().any(|l| l.starts_with('┗')), "{screen}");
    }
}

#[tokio::test]
async fn the_assigned_user_filter_reaches_the_service() {
    let service = local::start_demo().await.expect("demo service starts");
    let reader = Reader::new(build_client(&ConnectOptions::local(service.endpoint_url())).await);
    let query = |assigned_user: Option<&str>, status: Option<&str>| CaseQuery {
        assigned_user: assigned_user.map(str::to_string),
        status: status.map(str::to_string),
        fields: vec!["assigned_user".into(), "status".into()],
        max_results: Some(100),
        ..Default::default()
    };
    let all = reader
        .search_cases(local::demo::DEMO_DOMAIN_ID, &query(None, None), None)
        .await
        .unwrap();
    let mine = reader
        .search_cases(local::demo::DEMO_DOMAIN_ID, &query(Some(KENJI), None), None)
        .await
        .unwrap();
    assert!(!mine.items.is_empty() && mine.items.len() < all.items.len());
    for case in &mine.items {
        assert_eq!(
            case.field("assigned_user"),
            Some(&FieldValue::UserArn(KENJI.into()))
        );
    }
    // With the status filter too (both must hold).
    let open_mine = reader
        .search_cases(
            local::demo::DEMO_DOMAIN_ID,
            &query(Some(KENJI), Some("open")),
            None,
        )
        .await
        .unwrap();
    assert!(open_mine.items.len() <= mine.items.len());
    for case in &open_mine.items {
        assert_eq!(
            case.field("status"),
            Some(&FieldValue::String("open".into()))
        );
    }
    service.shutdown().await;
}
