//! `cases-tui check`: a first-run doctor. It resolves credentials and region as the TUI would,
//! calls each read operation the TUI needs once, and says which write actions the IAM policy must
//! allow; one line per step, with OK or what to do.

use crate::aws::{self, ConnectOptions, GatewayError, Reader, build_client};
use crate::model::{CaseQuery, FieldType};
use std::io::Write;

/// The mutating operations the TUI sends when edits are allowed (each needs a `cases:` action).
pub const WRITE_ACTIONS: &[&str] = &[
    "CreateRelatedItem",
    "UpdateRelatedItem",
    "DeleteRelatedItem",
    "UpdateCase",
    "CreateCase",
];

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub connect: ConnectOptions,
    /// The domain to read; the first one listed when `None`.
    pub domain: Option<String>,
    /// No write action is needed (the TUI runs with `--read-only`).
    pub read_only: bool,
}

/// How a check went: the number of steps that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CheckReport {
    pub passed: usize,
    pub failed: usize,
    /// A setup step failed (profile, credentials, region): a configuration problem, exit 2.
    pub setup_failed: bool,
}

impl CheckReport {
    /// The exit status: 0 when every step passed, 2 when the setup (profile, credentials,
    /// region) is at fault, 1 when a service call failed.
    pub fn exit_code(&self) -> u8 {
        if self.setup_failed {
            2
        } else if self.failed > 0 {
            1
        } else {
            0
        }
    }
}

struct Lines<'a, W: Write> {
    out: &'a mut W,
    report: CheckReport,
}

impl<W: Write> Lines<'_, W> {
    fn ok(&mut self, step: &str, detail: &str) -> std::io::Result<()> {
        self.report.passed += 1;
        writeln!(self.out, "OK    {step:<28} {detail}")
    }

    fn fail(&mut self, step: &str, problem: &str, fix: &str) -> std::io::Result<()> {
        self.report.failed += 1;
        writeln!(self.out, "FAIL  {step:<28} {problem}; fix: {fix}")
    }

    fn error(&mut self, step: &str, e: &GatewayError) -> std::io::Result<()> {
        self.fail(step, &e.to_string(), e.shell_advice())
    }

    fn skip(&mut self, step: &str, why: &str) -> std::io::Result<()> {
        self.report.failed += 1;
        writeln!(self.out, "SKIP  {step:<28} {why}")
    }

    fn note(&mut self, step: &str, text: &str) -> std::io::Result<()> {
        writeln!(self.out, "NOTE  {step:<28} {text}")
    }
}

/// Runs every step, writing one line each to `out`.
pub async fn run(opts: &CheckOptions, out: &mut impl Write) -> std::io::Result<CheckReport> {
    let mut lines = Lines {
        out,
        report: CheckReport::default(),
    };
    let c = &opts.connect;
    if let Some(url) = &c.endpoint_url {
        lines.note("endpoint", url)?;
    }
    let profile = aws::selected_profile(c.profile.as_deref());
    let mut setup_ok = true;
    if c.static_credentials.is_none() {
        match &profile {
            Some(p) => match aws::check_profile(p).await {
                Ok(()) => lines.ok("profile", p)?,
                Err(e) => {
                    setup_ok = false;
                    lines.error("profile", &e)?
                }
            },
            None => lines.ok("profile", "none named: the default chain")?,
        }
    }
    let setup = aws::resolve(c).await;
    match &setup.credentials {
        Ok(found) => lines.ok("credentials", found)?,
        Err(e) => {
            setup_ok = false;
            lines.error("credentials", e)?
        }
    }
    match &setup.region {
        Some(r) => lines.ok("region", r)?,
        None => {
            setup_ok = false;
            lines.error("region", &GatewayError::NoRegion)?
        }
    }
    lines.report.setup_failed = !setup_ok;
    if setup_ok {
        let reader = Reader::new(build_client(c).await);
        reads(&reader, opts, &mut lines).await?;
    } else {
        lines.skip(
            "service calls",
            "not tried: they need the credentials and region above",
        )?;
    }
    if opts.read_only {
        lines.note("write actions", "none needed with --read-only")?;
    } else {
        let actions: Vec<String> = WRITE_ACTIONS.iter().map(|a| format!("cases:{a}")).collect();
        lines.note(
            "write actions",
            &format!(
                "not tried (check sends nothing); to edit, the IAM policy must also allow {}, \
                 and connect:DescribeUser on the user when --performed-by is a user ARN",
                actions.join(", ")
            ),
        )?;
    }
    Ok(lines.report)
}

/// Each read the TUI makes, once, on the domain asked for (or the first) and its first case.
async fn reads<W: Write>(
    reader: &Reader,
    opts: &CheckOptions,
    lines: &mut Lines<'_, W>,
) -> std::io::Result<()> {
    let domains = match reader.list_domains().await {
        Ok(d) => {
            lines.ok("cases:ListDomains", &format!("{} domain(s)", d.len()))?;
            d
        }
        Err(e) => {
            lines.error("cases:ListDomains", &e)?;
            Vec::new()
        }
    };
    let Some(domain) = opts
        .domain
        .clone()
        .or_else(|| domains.first().map(|d| d.id.clone()))
    else {
        return lines.skip(
            "domain reads",
            "no domain to read; create one in the Amazon Connect console, or pass --domain ID",
        );
    };
    match reader.get_domain(&domain).await {
        Ok(d) => lines.ok("cases:GetDomain", &format!("{} ({})", d.name, d.id))?,
        Err(e) => lines.error("cases:GetDomain", &e)?,
    }
    match reader.list_fields(&domain).await {
        Ok(fields) => {
            lines.ok(
                "cases:ListFields, BatchGetField",
                &format!("{} field(s)", fields.len()),
            )?;
            if let Some(f) = fields
                .iter()
                .find(|f| f.field_type == FieldType::SingleSelect)
            {
                match reader.list_field_options(&domain, &f.id).await {
                    Ok(o) => lines.ok(
                        "cases:ListFieldOptions",
                        &format!("{} option(s) of {}", o.len(), f.id),
                    )?,
                    Err(e) => lines.error("cases:ListFieldOptions", &e)?,
                }
            }
        }
        Err(e) => lines.error("cases:ListFields, BatchGetField", &e)?,
    }
    match reader
        .search_all_related_items(&domain, &[], None, Some(1))
        .await
    {
        Ok(_) => lines.ok(
            "cases:SearchAllRelatedItems",
            "answered (the feed and SLA radar)",
        )?,
        Err(e) => lines.error("cases:SearchAllRelatedItems", &e)?,
    }
    if opts.read_only {
        lines.note(
            "cases:ListTemplates",
            "not tried with --read-only (only the new-case form reads templates)",
        )?;
    } else {
        templates(reader, &domain, lines).await?;
    }
    let query = CaseQuery {
        fields: vec!["title".into()],
        max_results: Some(1),
        ..Default::default()
    };
    let case = match reader.search_cases(&domain, &query, None).await {
        Ok(page) => {
            lines.ok("cases:SearchCases", "answered")?;
            page.items.first().map(|c| c.id.clone())
        }
        Err(e) => {
            lines.error("cases:SearchCases", &e)?;
            None
        }
    };
    let Some(case) = case else {
        return lines.note(
            "case reads",
            "no case found, so GetCase, SearchRelatedItems and GetCaseAuditEvents were not tried",
        );
    };
    match reader
        .get_case(&domain, &case, &["title".to_string()])
        .await
    {
        Ok(_) => lines.ok("cases:GetCase", &case)?,
        Err(e) => lines.error("cases:GetCase", &e)?,
    }
    match reader
        .search_related_items(&domain, &case, &[], None, Some(1))
        .await
    {
        Ok(_) => lines.ok("cases:SearchRelatedItems", "answered")?,
        Err(e) => lines.error("cases:SearchRelatedItems", &e)?,
    }
    match reader.get_audit_events(&domain, &case, None, Some(1)).await {
        Ok(_) => lines.ok("cases:GetCaseAuditEvents", "answered")?,
        Err(e) => lines.error("cases:GetCaseAuditEvents", &e)?,
    }
    Ok(())
}

/// ListTemplates and GetTemplate, as the new-case form reads them.
async fn templates<W: Write>(
    reader: &Reader,
    domain: &str,
    lines: &mut Lines<'_, W>,
) -> std::io::Result<()> {
    match reader.list_active_templates(domain).await {
        Ok(templates) => {
            lines.ok(
                "cases:ListTemplates",
                &format!("{} active template(s) (the new-case form)", templates.len()),
            )?;
            match templates.first() {
                Some((id, _)) => match reader.template_required_fields(domain, id).await {
                    Ok(_) => lines.ok("cases:GetTemplate", id)?,
                    Err(e) => lines.error("cases:GetTemplate", &e)?,
                },
                None => lines.note(
                    "cases:GetTemplate",
                    "not tried: no active template (the new-case form needs one)",
                )?,
            }
        }
        Err(e) => lines.error("cases:ListTemplates", &e)?,
    }
    Ok(())
}
