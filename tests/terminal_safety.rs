//! Hostile text from the service never reaches the terminal raw: `cases-tui serve` holds a case,
//! comments and a custom item full of escape sequences, controls, bidi overrides, emoji and CJK;
//! the real TUI (in a pseudo-terminal, through the real SDK) opens them, and every byte it wrote is
//! checked: only the escape sequences ratatui and crossterm emit themselves, and the placeholders
//! on screen where the data had controls.

mod support;

use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::retry::RetryConfig;
use aws_sdk_connectcases::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connectcases::types::{
    CustomInputContent, FieldType, RelatedItemInputContent, RelatedItemType,
};
use support::local::{comment, domain_with_template, text};
use support::pty::{Served, Term};

/// Everything a terminal would act on, plus text that is hard to lay out.
const HOSTILE: &str = "zebra \x1b]0;pwned\x07 \x1b[2J \u{9b}31m \r \x08 \u{202e}evil\u{202c} \
                       \u{2066}iso\u{2069} 📦 👩\u{200d}👩\u{200d}👧 日本語 \u{200b}e\u{301}";

/// A domain with one hostile case: title, summary, two comments and a custom item.
async fn hostile_domain(url: &str) -> String {
    let config = aws_sdk_connectcases::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new(
            "AKIDPTYTEST",
            "pty-secret",
            None,
            None,
            "t",
        ))
        .retry_config(RetryConfig::disabled())
        .build();
    let client = Client::from_conf(config);
    let (domain, template) = domain_with_template(&client, "Safety \x1b[31m").await;
    let notes = client
        .create_field()
        .domain_id(&domain)
        .name("Notes \x1b]52;c;cHduZWQ=\x07")
        .r#type(FieldType::Text)
        .send()
        .await
        .unwrap()
        .field_id()
        .to_owned();
    let case = client
        .create_case()
        .domain_id(&domain)
        .template_id(&template)
        .fields(text("title", HOSTILE))
        .fields(text("summary", &format!("summary {HOSTILE}")))
        .fields(text("customer_id", "cust-\x1b[5m日本"))
        .fields(text(&notes, &format!("note {HOSTILE}")))
        .send()
        .await
        .unwrap();
    for body in [
        format!("comment one {HOSTILE}\nsecond line \x1b[1K\x1bc"),
        "plain comment".to_owned(),
    ] {
        client
            .create_related_item()
            .domain_id(&domain)
            .case_id(case.case_id())
            .r#type(RelatedItemType::Comment)
            .content(comment(&body))
            .send()
            .await
            .unwrap();
    }
    client
        .create_related_item()
        .domain_id(&domain)
        .case_id(case.case_id())
        .r#type(RelatedItemType::Custom)
        .content(RelatedItemInputContent::Custom(
            CustomInputContent::builder()
                .fields(text(&notes, &format!("custom {HOSTILE}")))
                .build()
                .unwrap(),
        ))
        .send()
        .await
        .unwrap();
    domain
}

/// One escape sequence of the raw stream: the bytes from ESC to its final byte.
#[derive(Debug)]
struct Escape(String);

/// Splits the raw output into its escape sequences, failing on anything that is not CSI.
fn escapes(raw: &str) -> Result<Vec<Escape>, String> {
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(at) = rest.find('\x1b') {
        rest = &rest[at + 1..];
        let Some(csi) = rest.strip_prefix('[') else {
            let next: String = rest.chars().take(12).collect();
            return Err(format!("a non-CSI escape: ESC {next:?}"));
        };
        let end = csi
            .find(|c: char| ('\u{40}'..='\u{7e}').contains(&c))
            .ok_or_else(|| format!("an unterminated CSI: {:?}", &csi[..csi.len().min(12)]))?;
        out.push(Escape(format!("[{}", &csi[..=end])));
        rest = &csi[end + 1..];
    }
    Ok(out)
}

/// What ratatui (through crossterm) writes itself: cursor positioning, colours and attributes,
/// showing/hiding the cursor, entering/leaving the alternate screen, mouse capture on and off
/// (crossterm's `EnableMouseCapture`: modes 1000, 1002, 1003, 1015, 1006), focus and bracketed
/// paste modes, and clearing the whole screen when it starts (`ESC[2J`, `Terminal::clear`).
fn legitimate(e: &Escape) -> bool {
    let s = e.0.as_str();
    let body = &s[1..s.len() - 1];
    let params_ok = |extra: &str| {
        body.chars()
            .all(|c| c.is_ascii_digit() || extra.contains(c))
    };
    match s.chars().last() {
        Some('H') => params_ok(";"),
        Some('m') => params_ok(";:"),
        Some('h' | 'l') => matches!(
            body,
            "?1049" | "?25" | "?1000" | "?1002" | "?1003" | "?1015" | "?1006" | "?1004" | "?2004"
        ),
        Some('J') => body == "2",
        _ => false,
    }
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let home = tempfile::tempdir().unwrap();
    let served = Served::start(&[], home.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let domain = rt.block_on(hostile_domain(&served.url));

    let (cols, rows) = (110u16, 34u16);
    let mut term = Term::spawn(
        &["--endpoint-url", &served.url, "--domain", &domain],
        home.path(),
        cols,
        rows,
    );
    term.wait_for("zebra", 30);
    term.send("/");
    term.send("zebra");
    term.send("\r");
    term.wait_for("Cases · 1", 10);
    term.send("\r");
    term.wait_for("Related items", 10);
    term.wait_for("Notes", 10);
    let case_screen = term.screen();

    // Each related item in full: the hostile comment, then the others.
    term.send("2");
    term.wait_for("comment one", 10);
    let related_screen = term.screen();
    let mut details = Vec::new();
    for _ in 0..3 {
        term.send("\r");
        term.wait_for("Esc closes", 10);
        details.push(term.screen());
        term.send("\x1b");
        term.wait_gone("Esc closes", 10);
        term.send("j");
    }
    term.send("q");
    assert_eq!(term.wait_exit(10), Some(0), "{}", term.screen());

    let raw = term.raw();
    let text = String::from_utf8_lossy(&raw);
    assert!(
        !text.contains("\x1b]"),
        "an OSC sequence reached the terminal"
    );
    assert!(!text.contains('\x07'), "a BEL reached the terminal");
    assert!(!text.contains('\x08'), "a backspace reached the terminal");
    assert!(
        !text.contains('\r'),
        "a carriage return reached the terminal"
    );
    assert!(!text.contains('\u{9b}'), "a C1 CSI reached the terminal");
    assert!(
        !text.contains(|c: char| ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)),
        "a bidi control reached the terminal"
    );
    let all = escapes(&text).unwrap_or_else(|e| panic!("{e}"));
    let odd: Vec<&Escape> = all.iter().filter(|e| !legitimate(e)).collect();
    assert!(
        odd.is_empty(),
        "escape sequences ratatui does not write: {odd:?}"
    );
    // The only full clear is ratatui's own, before anything from the service is drawn.
    let clears: Vec<usize> = text.match_indices("\x1b[2J").map(|(i, _)| i).collect();
    let first_data = text.find("zebra").unwrap();
    assert!(
        clears.iter().all(|&i| i < first_data),
        "a clear after data was drawn"
    );

    // The placeholders are on screen where the data had controls.
    for shown in [
        "␛]0;pwned␇",
        "␛[2J",
        "␦31m",
        "␍",
        "␈",
        "␦evil␦",
        "␦iso␦",
        "📦",
        "日本語",
        "␛]52;c",
    ] {
        assert!(
            case_screen.contains(shown)
                || related_screen.contains(shown)
                || details.iter().any(|d| d.contains(shown)),
            "{shown:?} not on screen:\n{case_screen}\n{related_screen}\n{}",
            details.join("\n")
        );
    }

    // Wide characters do not push the right border out of its column: replay the stream and
    // look at every row that shows CJK text.
    let mut parser = vt100::Parser::new(rows, cols, 0);
    let mut wide_rows = 0;
    let mut check_screen = |bytes: &[u8]| {
        parser.process(bytes);
        let screen = parser.screen();
        // The leftmost and rightmost vertical border of a row, if it has any.
        let borders = |row: u16| {
            let cols_with: Vec<u16> = (0..cols)
                .filter(|&c| {
                    screen
                        .cell(row, c)
                        .is_some_and(|cell| matches!(cell.contents(), "│" | "┃" | "║"))
                })
                .collect();
            Some((*cols_with.first()?, *cols_with.last()?))
        };
        for row in 0..rows {
            let line: String = screen.contents_between(row, 0, row, cols);
            if !line.contains('日') {
                continue;
            }
            let Some((left, right)) = borders(row) else {
                continue;
            };
            wide_rows += 1;
            // A row of the same box (same left border) above or below shows where the right
            // border belongs.
            let neighbour = [row.checked_sub(1), Some(row + 1)]
                .into_iter()
                .flatten()
                .filter(|&r| r < rows)
                .filter_map(borders)
                .find(|&(l, _)| l == left);
            if let Some((_, expected)) = neighbour {
                assert_eq!(right, expected, "row {row}'s right border moved: {line:?}");
            }
        }
    };
    // Check the screen at every full frame boundary (each frame ends with the cursor hidden or
    // shown again) rather than only at the end, when the alternate screen is gone.
    let mut from = 0;
    for (i, _) in text.match_indices("\x1b[?25l") {
        check_screen(&raw[from..i]);
        from = i;
    }
    assert!(wide_rows > 0, "no row with CJK text was seen");
}
