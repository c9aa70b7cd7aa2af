//! `App::update`: one message in, commands out.

use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseEvent, MouseEventKind};

use super::audit::{self, FilterRow, Timeline};
use super::case_view::{self, CaseView, Detail, Pane};
use super::input::{InputOutcome, LineInput};
use super::keymap::{Action, Scope};
use super::{App, Cmd, INFO_TICKS, Input, InputKind, Msg, Screen, StatusKind};
use crate::model::FieldType;

/// Rows the mouse wheel moves per notch.
const WHEEL_ROWS: usize = 3;
/// Restarts from the first page after rejected page tokens before giving up with an error.
const MAX_TOKEN_RESTARTS: u8 = 2;

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let cmds = self.route(msg);
        // Derived lists are worked out here, once per change, so drawing only reads them.
        let now = self.now();
        if let Some(cv) = self.case.as_mut() {
            cv.refresh_index(now, &self.catalog, self.local_offset);
        }
        cmds
    }

    fn route(&mut self, msg: Msg) -> Vec<Cmd> {
        match &msg {
            Msg::CasesLoaded { req, .. }
            | Msg::CaseLoaded { req, .. }
            | Msg::RelatedLoaded { req, .. }
            | Msg::AuditLoaded { req, .. } => self.call_finished(*req),
            _ => {}
        }
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            Msg::Key(_) => Vec::new(),
            Msg::Mouse(m) => self.on_mouse(m),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Msg::Drawn(drawn) => {
                self.on_drawn(drawn);
                Vec::new()
            }
            Msg::Tick => {
                self.ticks += 1;
                self.tick_overlay();
                if let Some(s) = &self.status
                    && s.kind == StatusKind::Info
                    && self.ticks.saturating_sub(s.since) > INFO_TICKS
                {
                    self.status = None;
                }
                Vec::new()
            }
            Msg::DomainsLoaded(result) => self.on_domains(result),
            Msg::FieldsLoaded { domain_id, result } => self.on_fields(domain_id, result),
            Msg::FieldOptionsLoaded {
                domain_id,
                field_id,
                result,
            } => {
                if self.domain_id.as_deref() == Some(domain_id.as_str()) {
                    match result {
                        Ok(opts) => {
                            self.catalog.options.insert(field_id.clone(), opts);
                            self.options_arrived(&field_id);
                        }
                        Err(e) => self.set_error(&format!("options of field {field_id}"), &e),
                    }
                }
                Vec::new()
            }
            Msg::CasesLoaded { req, result } => {
                if let Err(e) = &result
                    && self.cases.pending == Some(req)
                {
                    self.set_error("searching cases", e);
                }
                if self.cases.receive(req, result) && self.cases.wants_next_page() {
                    return self.next_cases_page();
                }
                Vec::new()
            }
            Msg::CaseLoaded { req, result } => {
                let Some(cv) = self.case.as_mut().filter(|cv| cv.case_pending == Some(req)) else {
                    return Vec::new();
                };
                cv.case_pending = None;
                match result {
                    Ok(case) => {
                        cv.case = Some(case);
                        cv.case_error = None;
                        let n = cv.field_rows(&self.catalog).len();
                        cv.fields_cursor.clamp(n);
                    }
                    Err(e) => {
                        cv.case_error = Some(e.clone());
                        self.set_error("loading the case", &e);
                    }
                }
                Vec::new()
            }
            Msg::RelatedLoaded { req, result } => self.on_related(req, result),
            Msg::AuditLoaded { req, result } => self.on_audit(req, result),
            Msg::Retrying { req, attempt } => {
                self.note_retry(req, attempt);
                Vec::new()
            }
            Msg::Paste(text) => {
                self.paste(&text);
                Vec::new()
            }
            Msg::DraftChecked { key, result } => self.on_draft_checked(key, result),
            Msg::DraftSent { key, result } => self.on_draft_sent(key, result),
            Msg::ItemDeleted { item_id, result } => self.on_item_deleted(item_id, result),
            Msg::ExternalEditorDone(result) => self.external_editor_done(result),
            Msg::Reconnected(result) => self.on_reconnected(result),
            Msg::JournalFailed { key, message } => {
                self.set_problem(format!(
                    "could not write the journal for {key}: {message}. The change is staged in memory only; fix the state directory (--state-dir) and stage it again."
                ));
                Vec::new()
            }
        }
    }

    fn on_domains(
        &mut self,
        result: Result<Vec<crate::model::Domain>, crate::aws::GatewayError>,
    ) -> Vec<Cmd> {
        self.domains.loading = false;
        self.domains.loaded = true;
        match result {
            Ok(mut domains) => {
                domains.sort_by_key(|d| d.name.to_lowercase());
                self.domains.items = domains;
                self.domains.error = None;
                self.domains.cursor.clamp(self.domains.items.len());
                if self.domain_id.is_none() && self.domains.items.len() == 1 {
                    let id = self.domains.items[0].id.clone();
                    return self.enter_domain(id);
                }
                if self.domains.items.is_empty() {
                    self.set_info("No Cases domains here. Create one in the Amazon Connect console, or use :domain ID.");
                }
            }
            Err(e) => {
                self.set_error("listing domains", &e);
                self.domains.error = Some(e);
            }
        }
        Vec::new()
    }

    fn on_fields(
        &mut self,
        domain_id: String,
        result: Result<Vec<crate::model::FieldDef>, crate::aws::GatewayError>,
    ) -> Vec<Cmd> {
        if self.domain_id.as_deref() != Some(domain_id.as_str()) {
            return Vec::new();
        }
        self.fields_loading = false;
        let defs = match result {
            Ok(defs) => defs,
            Err(e) => {
                self.set_error("loading the domain's fields", &e);
                return Vec::new();
            }
        };
        let mut cmds: Vec<Cmd> = defs
            .iter()
            .filter(|f| f.field_type == FieldType::SingleSelect)
            .map(|f| Cmd::LoadFieldOptions {
                domain_id: domain_id.clone(),
                field_id: f.id.clone(),
            })
            .collect();
        self.catalog.fields = defs;
        // A case opened before the fields arrived was fetched with the system fields only.
        if let Some(cv) = &self.case
            && !cv.has_all_fields
        {
            cmds.extend(self.reload_case());
        }
        cmds
    }

    fn on_related(
        &mut self,
        req: u64,
        result: Result<crate::model::Page<crate::model::RelatedItem>, crate::aws::GatewayError>,
    ) -> Vec<Cmd> {
        let Some(cv) = self.case.as_mut() else {
            return Vec::new();
        };
        if let Err(e) = &result
            && cv.related.pending == Some(req)
        {
            let e = e.clone();
            self.set_error("loading related items", &e);
        }
        let catalog = &self.catalog;
        let Some(cv) = self.case.as_mut() else {
            return Vec::new();
        };
        let filter = cv.related.filter.clone();
        let fresh = cv.related.receive(
            req,
            result,
            |i| &i.id,
            |v| case_view::sort_related(v),
            |items| case_view::visible_related(items, &filter, catalog),
        );
        if fresh {
            return self.maybe_next_related();
        }
        Vec::new()
    }

    fn on_audit(
        &mut self,
        req: u64,
        result: Result<crate::model::Page<crate::model::AuditEvent>, crate::aws::GatewayError>,
    ) -> Vec<Cmd> {
        let now = self.now();
        let Some(cv) = self.case.as_mut() else {
            return Vec::new();
        };
        if cv.audit.pending != Some(req) {
            return Vec::new();
        }
        if let Err(e) = &result {
            // An expired or foreign page token: start over rather than leave a half list.
            if cv.audit.pending_is_append()
                && audit::is_rejected_token(e)
                && cv.timeline.restarts < MAX_TOKEN_RESTARTS
            {
                cv.timeline.restarts += 1;
                cv.audit.next_token = None;
                self.set_info(
                    "The service no longer accepts the audit page token; reloading the history from the first page.",
                );
                return self.audit_page(false);
            }
            let e = e.clone();
            cv.timeline.load_all = false;
            self.set_error("loading the audit history", &e);
        }
        let Some(cv) = self.case.as_mut() else {
            return Vec::new();
        };
        let appended = cv.audit.pending_is_append();
        let ok = result.is_ok();
        let timeline = cv.timeline.clone();
        let fresh = cv.audit.receive(
            req,
            result,
            |e| &e.id,
            case_view::sort_audit,
            |items| timeline.visible(items, now),
        );
        if !fresh {
            return Vec::new();
        }
        if ok && appended {
            cv.timeline.restarts = 0;
        }
        if cv.timeline.load_all {
            if cv.audit.next_token.is_some() {
                return self.audit_page(true);
            }
            cv.timeline.load_all = false;
            let n = cv.audit.items.len();
            self.set_info(format!("Loaded all {n} audit events."));
            return Vec::new();
        }
        self.maybe_next_audit()
    }

    // ---- navigation -----------------------------------------------------------------------

    /// Switch to `domain_id`: forget the old domain's state and load the new one's fields and
    /// cases.
    pub(super) fn enter_domain(&mut self, domain_id: String) -> Vec<Cmd> {
        self.domain_id = Some(domain_id.clone());
        self.screen = Screen::Cases;
        self.catalog = Default::default();
        self.case = None;
        let keep = (self.cases.status, self.cases.sort);
        self.cases = Default::default();
        (self.cases.status, self.cases.sort) = keep;
        self.fields_loading = true;
        let mut cmds = vec![Cmd::LoadFields {
            domain_id: domain_id.clone(),
        }];
        cmds.extend(self.search_cases());
        cmds
    }

    /// A fresh first-page search with the list's current query.
    fn search_cases(&mut self) -> Vec<Cmd> {
        let Some(domain_id) = self.domain_id.clone() else {
            return Vec::new();
        };
        let req = self.req();
        self.cases.begin_search(req);
        vec![Cmd::SearchCases {
            req,
            domain_id,
            query: self.cases.query(),
            next_token: None,
        }]
    }

    fn next_cases_page(&mut self) -> Vec<Cmd> {
        let Some(domain_id) = self.domain_id.clone() else {
            return Vec::new();
        };
        let req = self.next_req + 1;
        match self.cases.begin_next_page(req) {
            Some(token) => {
                self.next_req = req;
                vec![Cmd::SearchCases {
                    req,
                    domain_id,
                    query: self.cases.query(),
                    next_token: Some(token),
                }]
            }
            None => Vec::new(),
        }
    }

    /// Open `case_id` in the case view and load the case, its related items and its audit.
    pub(super) fn open_case(&mut self, case_id: String) -> Vec<Cmd> {
        if self.domain_id.is_none() {
            self.set_problem("Pick a domain first (:domain ID).");
            return Vec::new();
        }
        let mut cv = CaseView::new(case_id);
        cv.timeline.time = self.ctx.time;
        self.case = Some(cv);
        self.screen = Screen::Case;
        let mut cmds = self.reload_case();
        cmds.extend(self.reload_related());
        cmds.extend(self.reload_audit());
        cmds
    }

    fn reload_case(&mut self) -> Vec<Cmd> {
        let (Some(domain_id), Some(req)) = (self.domain_id.clone(), Some(self.req())) else {
            return Vec::new();
        };
        let (field_ids, complete) = CaseView::field_ids(&self.catalog);
        let Some(cv) = self.case.as_mut() else {
            return Vec::new();
        };
        cv.case_pending = Some(req);
        cv.case_error = None;
        cv.has_all_fields = complete;
        vec![Cmd::GetCase {
            req,
            domain_id,
            case_id: cv.case_id.clone(),
            field_ids,
        }]
    }

    /// After a write: the case, its related items and its audit history, fresh from the service.
    pub(super) fn refresh_after_write(&mut self) -> Vec<Cmd> {
        let mut cmds = self.reload_case();
        cmds.extend(self.reload_related());
        cmds.extend(self.reload_audit());
        cmds
    }

    fn reload_related(&mut self) -> Vec<Cmd> {
        self.related_page(false)
    }

    fn reload_audit(&mut self) -> Vec<Cmd> {
        if let Some(cv) = self.case.as_mut() {
            cv.timeline.load_all = false;
            cv.timeline.restarts = 0;
        }
        self.audit_page(false)
    }

    fn related_page(&mut self, append: bool) -> Vec<Cmd> {
        let Some((req, domain_id, cv)) = self.begin_page() else {
            return Vec::new();
        };
        let next_token = cv.related.next_token.clone().filter(|_| append);
        cv.related.begin(req, append);
        vec![Cmd::LoadRelated {
            req,
            domain_id,
            case_id: cv.case_id.clone(),
            types: cv.related_types(),
            next_token,
        }]
    }

    fn audit_page(&mut self, append: bool) -> Vec<Cmd> {
        let Some((req, domain_id, cv)) = self.begin_page() else {
            return Vec::new();
        };
        let next_token = cv.audit.next_token.clone().filter(|_| append);
        cv.audit.begin(req, append);
        vec![Cmd::LoadAudit {
            req,
            domain_id,
            case_id: cv.case_id.clone(),
            next_token,
        }]
    }

    /// A new request id, the domain and the open case, for a page of one of the case's lists.
    fn begin_page(&mut self) -> Option<(u64, String, &mut CaseView)> {
        let domain_id = self.domain_id.clone()?;
        self.case.as_ref()?;
        let req = self.req();
        Some((req, domain_id, self.case.as_mut()?))
    }

    fn maybe_next_related(&mut self) -> Vec<Cmd> {
        let Some(cv) = &self.case else {
            return Vec::new();
        };
        if cv
            .related
            .wants_next_page(cv.visible_related(&self.catalog).len())
        {
            return self.related_page(true);
        }
        Vec::new()
    }

    fn maybe_next_audit(&mut self) -> Vec<Cmd> {
        let Some(cv) = &self.case else {
            return Vec::new();
        };
        if cv.audit.wants_next_page(cv.visible_audit(self.now()).len()) {
            return self.audit_page(true);
        }
        Vec::new()
    }

    // ---- input ----------------------------------------------------------------------------

    fn on_mouse(&mut self, m: MouseEvent) -> Vec<Cmd> {
        let action = match m.kind {
            MouseEventKind::ScrollDown => Action::Down,
            MouseEventKind::ScrollUp => Action::Up,
            _ => return Vec::new(),
        };
        if self.help_open || self.input.is_some() {
            return Vec::new();
        }
        let mut cmds = Vec::new();
        for _ in 0..WHEEL_ROWS {
            cmds.extend(self.act(action));
        }
        cmds
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if self
            .status
            .as_ref()
            .is_some_and(|s| s.kind == StatusKind::Error)
        {
            // An error stays until the user does something else.
            self.status = None;
        }
        if self.overlay_open() {
            return self.overlay_key(key);
        }
        if let Some(mut input) = self.input.take() {
            let outcome = input.line.handle(&key);
            return self.on_input(input, outcome);
        }
        if self.help_open {
            match self.keys().action(&[Scope::Global], &key) {
                Some(Action::Quit) => return vec![Cmd::Quit],
                Some(Action::Help | Action::Back) => self.help_open = false,
                _ => {}
            }
            return Vec::new();
        }
        let scopes = self.scopes();
        match self.keys().action(&scopes, &key) {
            Some(action) => self.act(action),
            None => Vec::new(),
        }
    }

    fn on_input(&mut self, mut input: Input, outcome: InputOutcome) -> Vec<Cmd> {
        let text = input.line.text().trim().to_string();
        match (input.kind, outcome) {
            (InputKind::Command, InputOutcome::Submit) => self.run_command(&text),
            (InputKind::Command, InputOutcome::Cancel) => Vec::new(),
            (InputKind::Search, InputOutcome::Submit) => {
                let term = (!text.is_empty()).then_some(text);
                if term == self.cases.search && self.cases.loaded {
                    self.cases.cursor.reset();
                    return Vec::new();
                }
                self.cases.search = term;
                self.search_cases()
            }
            (InputKind::Search, InputOutcome::Cancel) => {
                if self.cases.search.take().is_some() {
                    return self.search_cases();
                }
                Vec::new()
            }
            (InputKind::Filter, InputOutcome::Submit) => {
                self.set_filter(text);
                self.move_cursor(|c, _| c.top());
                Vec::new()
            }
            (InputKind::Filter, InputOutcome::Cancel) => {
                self.set_filter(String::new());
                Vec::new()
            }
            (InputKind::AuditSearch, InputOutcome::Submit) => {
                self.search_audit(text, true);
                Vec::new()
            }
            (InputKind::AuditSearch, InputOutcome::Cancel) => {
                self.search_audit(String::new(), false);
                Vec::new()
            }
            (InputKind::AuditSearch, InputOutcome::Edited) => {
                // Jump to the first match as the user types.
                self.search_audit(input.line.text().to_string(), false);
                self.input = Some(input);
                Vec::new()
            }
            (InputKind::AuditDate(row), InputOutcome::Submit) => self.set_audit_date(row, &text),
            (InputKind::Filter, InputOutcome::Edited) => {
                // The pane filters as the user types.
                self.set_filter(input.line.text().to_string());
                self.move_cursor(|c, _| c.top());
                self.input = Some(input);
                self.maybe_next_page()
            }
            (_, _) => {
                let _ = &mut input;
                self.input = Some(input);
                Vec::new()
            }
        }
    }

    fn set_filter(&mut self, text: String) {
        let Some(cv) = self.case.as_mut() else { return };
        match cv.focus {
            Pane::Fields => cv.fields_filter = text,
            Pane::Related => cv.related.filter = text,
            Pane::Audit => cv.timeline.search = text,
        }
    }

    fn current_filter(&self) -> String {
        match (&self.case, self.screen) {
            (Some(cv), Screen::Case) => match cv.focus {
                Pane::Fields => cv.fields_filter.clone(),
                Pane::Related => cv.related.filter.clone(),
                Pane::Audit => cv.timeline.search.clone(),
            },
            _ => self.cases.search.clone().unwrap_or_default(),
        }
    }

    fn run_command(&mut self, line: &str) -> Vec<Cmd> {
        let mut parts = line.split_whitespace();
        let (cmd, arg) = (parts.next().unwrap_or(""), parts.next());
        match (cmd, arg) {
            ("", _) => Vec::new(),
            ("q" | "quit", _) => vec![Cmd::Quit],
            ("domain" | "d", Some(id)) => self.enter_domain(id.to_string()),
            ("domain" | "d", None) => {
                self.screen = Screen::Domains;
                self.case = None;
                if self.domains.loaded {
                    Vec::new()
                } else {
                    self.domains.loading = true;
                    vec![Cmd::LoadDomains]
                }
            }
            ("case" | "c", Some(id)) => self.open_case(id.to_string()),
            ("profile", Some(p)) => self.reconnect(Some(p.to_string()), None),
            ("region", Some(r)) => self.reconnect(None, Some(r.to_string())),
            ("profile" | "region", None) => {
                self.set_problem(format!(":{cmd} needs a name, e.g. :{cmd} NAME"));
                Vec::new()
            }
            ("case" | "c", None) => {
                self.set_problem(format!(":{cmd} needs an id, e.g. :{cmd} ID"));
                Vec::new()
            }
            _ => {
                self.set_problem(format!(
                    "Unknown command ':{cmd}'. Try :domain ID, :case ID, :profile P, :region R or :quit."
                ));
                Vec::new()
            }
        }
    }

    /// Run one action in the current context.
    fn act(&mut self, action: Action) -> Vec<Cmd> {
        if self.audit_form_open() {
            return self.act_in_filter_form(action);
        }
        match action {
            Action::Quit => return vec![Cmd::Quit],
            Action::Edit => return self.edit_selected(),
            Action::AddComment => return self.add_comment(),
            Action::DeleteItem => return self.ask_delete(),
            Action::Review => return self.open_review(),
            Action::Yank => return self.yank(),
            Action::ToggleMask => self.toggle_masking(),
            // Only meaningful in the comment editor (see `overlay_key`).
            Action::ExternalEditor => {}
            Action::Help => self.help_open = true,
            Action::Command => {
                self.input = Some(Input {
                    kind: InputKind::Command,
                    line: LineInput::default(),
                })
            }
            Action::Back => return self.back(),
            Action::NextPane
            | Action::PrevPane
            | Action::FocusFields
            | Action::FocusRelated
            | Action::FocusAudit => {
                if let Some(cv) = self.case.as_mut().filter(|_| self.screen == Screen::Case) {
                    cv.focus = match action {
                        Action::NextPane => cv.focus.next(),
                        Action::PrevPane => cv.focus.prev(),
                        Action::FocusFields => Pane::Fields,
                        Action::FocusRelated => Pane::Related,
                        _ => Pane::Audit,
                    };
                }
            }
            Action::Up => {
                self.scroll_or_move(|c, _| c.up(1), |d| d.scroll = d.scroll.saturating_sub(1))
            }
            Action::Down => self.scroll_or_move(|c, n| c.down(1, n), |d| d.scroll += 1),
            Action::Top => self.scroll_or_move(|c, _| c.top(), |d| d.scroll = 0),
            Action::Bottom => self.scroll_or_move(|c, n| c.bottom(n), |d| d.scroll = d.max_scroll),
            Action::PageUp => self.scroll_or_move(
                |c, _| c.up(c.page()),
                |d| d.scroll = d.scroll.saturating_sub(d.page.max(1)),
            ),
            Action::PageDown => {
                self.scroll_or_move(|c, n| c.down(c.page(), n), |d| d.scroll += d.page.max(1))
            }
            Action::FilterAudit => {
                if let Some(cv) = self.case.as_mut() {
                    cv.timeline.form = Some(0);
                }
            }
            Action::SearchAudit => {
                let text = self.current_filter();
                self.input = Some(Input {
                    kind: InputKind::AuditSearch,
                    line: LineInput::with_text(&text),
                });
            }
            Action::ScrollEventDown | Action::ScrollEventUp => {
                let now = self.now();
                if let Some(cv) = self.case.as_mut().filter(|cv| cv.timeline.expanded) {
                    let id = cv.selected_audit(now).map(|e| e.id.clone());
                    if let Some(id) = id {
                        let at = cv.timeline.scroll_for(&id);
                        let at = if action == Action::ScrollEventDown {
                            // The drawing clamps it to the event's length.
                            at + 1
                        } else {
                            at.saturating_sub(1)
                        };
                        cv.timeline.expanded_scroll = (id, at);
                    }
                }
            }
            Action::NextMatch | Action::PrevMatch => {
                self.next_audit_match(action == Action::NextMatch);
            }
            Action::ToggleOrder => {
                return self.change_timeline(|t| t.newest_first = !t.newest_first);
            }
            Action::CycleTime => {
                if let Some(cv) = self.case.as_mut() {
                    cv.timeline.time = cv.timeline.time.next();
                }
            }
            Action::LoadAllAudit => return self.load_all_audit(),
            Action::ToggleBlame => {
                if let Some(cv) = self.case.as_mut() {
                    cv.blame = !cv.blame;
                }
            }
            // Only meaningful in the filter form (handled above).
            Action::FilterNextValue
            | Action::FilterPrevValue
            | Action::FilterEdit
            | Action::FilterClear => {}
            Action::Filter => {
                let kind = if self.screen == Screen::Case {
                    InputKind::Filter
                } else if self.screen == Screen::Cases {
                    InputKind::Search
                } else {
                    return Vec::new();
                };
                self.input = Some(Input {
                    kind,
                    line: LineInput::with_text(&self.current_filter()),
                });
            }
            Action::Refresh => return self.refresh(),
            Action::Open => {
                if let Some(id) = self.cases.selected().map(|c| c.id.clone()) {
                    return self.open_case(id);
                }
            }
            Action::SelectDomain => {
                if let Some(id) = self
                    .domains
                    .items
                    .get(self.domains.cursor.selected)
                    .map(|d| d.id.clone())
                {
                    return self.enter_domain(id);
                }
            }
            Action::CycleStatus => {
                self.cases.status = self.cases.status.next();
                return self.search_cases();
            }
            Action::CycleSort => {
                self.cases.cycle_sort_column();
                return self.search_cases();
            }
            Action::ReverseSort => {
                self.cases.reverse_sort();
                return self.search_cases();
            }
            Action::CycleType => {
                if let Some(cv) = self.case.as_mut() {
                    cv.cycle_related_type();
                    cv.related.cursor.reset();
                    return self.reload_related();
                }
            }
            Action::ShowItem => {
                if let Some(cv) = self.case.as_mut() {
                    let id = cv.selected_related(&self.catalog).map(|i| i.id.clone());
                    if let Some(item_id) = id {
                        cv.detail = Some(Detail {
                            item_id,
                            scroll: 0,
                            max_scroll: Default::default(),
                            page: Default::default(),
                        });
                    }
                }
            }
            Action::ExpandEvent => {
                if let Some(cv) = self.case.as_mut() {
                    cv.timeline.expanded = !cv.timeline.expanded;
                }
            }
        }
        self.maybe_next_page()
    }

    fn back(&mut self) -> Vec<Cmd> {
        match self.screen {
            Screen::Case => {
                let cv = self.case.as_mut();
                if let Some(cv) = cv {
                    if cv.detail.take().is_some() {
                        return Vec::new();
                    }
                    if cv.focus == Pane::Audit {
                        // Esc peels back one layer at a time: the expanded event, the search,
                        // then the filters.
                        if cv.timeline.expanded {
                            cv.timeline.expanded = false;
                            return Vec::new();
                        }
                        if !cv.timeline.search.is_empty() {
                            cv.timeline.search.clear();
                            return Vec::new();
                        }
                        if cv.timeline.filter.is_active() {
                            return self.change_timeline(|t| t.filter = Default::default());
                        }
                    }
                }
                self.screen = Screen::Cases;
                self.case = None;
                if !self.cases.loaded && !self.cases.is_loading() {
                    return self.search_cases();
                }
                Vec::new()
            }
            Screen::Cases => {
                if self.cases.search.take().is_some() {
                    return self.search_cases();
                }
                Vec::new()
            }
            Screen::Domains => {
                if self.domain_id.is_some() {
                    self.screen = Screen::Cases;
                }
                Vec::new()
            }
        }
    }

    fn refresh(&mut self) -> Vec<Cmd> {
        match self.screen {
            Screen::Domains => {
                self.domains.loading = true;
                vec![Cmd::LoadDomains]
            }
            Screen::Cases => {
                let mut cmds = Vec::new();
                if self.catalog.fields.is_empty()
                    && !self.fields_loading
                    && let Some(domain_id) = self.domain_id.clone()
                {
                    self.fields_loading = true;
                    cmds.push(Cmd::LoadFields { domain_id });
                }
                cmds.extend(self.search_cases());
                cmds
            }
            Screen::Case => {
                let mut cmds = self.reload_case();
                cmds.extend(self.reload_related());
                cmds.extend(self.reload_audit());
                cmds
            }
        }
    }

    /// Move the focused list's cursor (`f` gets the cursor and the row count), or scroll the
    /// detail overlay (`d`) when it is open; then fetch the next page if the move neared the end.
    fn scroll_or_move(
        &mut self,
        f: impl FnOnce(&mut super::Cursor, usize),
        d: impl FnOnce(&mut Detail),
    ) {
        if let Some(detail) = self.case.as_mut().and_then(|cv| cv.detail.as_mut()) {
            d(detail);
            detail.scroll = detail.scroll.min(detail.max_scroll);
            return;
        }
        self.move_cursor(f);
    }

    fn move_cursor(&mut self, f: impl FnOnce(&mut super::Cursor, usize)) {
        match self.screen {
            Screen::Domains => {
                let n = self.domains.items.len();
                f(&mut self.domains.cursor, n);
            }
            Screen::Cases => {
                let n = self.cases.items.len();
                f(&mut self.cases.cursor, n);
            }
            Screen::Case => {
                let now = self.now();
                let catalog = &self.catalog;
                let Some(cv) = self.case.as_mut() else { return };
                match cv.focus {
                    Pane::Fields => {
                        let n = cv.field_rows(catalog).len();
                        f(&mut cv.fields_cursor, n);
                    }
                    Pane::Related => {
                        let n = cv.visible_related(catalog).len();
                        f(&mut cv.related.cursor, n);
                    }
                    Pane::Audit => {
                        let n = cv.visible_audit(now).len();
                        f(&mut cv.audit.cursor, n);
                    }
                }
            }
        }
    }

    /// After any movement: the focused list's next page when the selection nears the end.
    pub(super) fn maybe_next_page(&mut self) -> Vec<Cmd> {
        match (self.screen, self.case.as_ref().map(|c| c.focus)) {
            (Screen::Cases, _) if self.cases.wants_next_page() => self.next_cases_page(),
            (Screen::Case, Some(Pane::Related)) => self.maybe_next_related(),
            (Screen::Case, Some(Pane::Audit)) => self.maybe_next_audit(),
            _ => Vec::new(),
        }
    }
}

// ---- the audit timeline ------------------------------------------------------------------------

impl App {
    fn audit_form_open(&self) -> bool {
        self.screen == Screen::Case
            && self.case.as_ref().is_some_and(|cv| {
                cv.detail.is_none() && cv.focus == Pane::Audit && cv.timeline.form.is_some()
            })
    }

    /// Change the timeline's order or filters, keeping the selected event selected when it is
    /// still shown.
    fn change_timeline(&mut self, f: impl FnOnce(&mut Timeline)) -> Vec<Cmd> {
        let now = self.now();
        let Some(cv) = self.case.as_mut() else {
            return Vec::new();
        };
        let keep = cv.selected_audit(now).map(|e| e.id.clone());
        f(&mut cv.timeline);
        let rows = cv.visible_audit(now);
        match keep.and_then(|k| rows.iter().position(|&i| cv.audit.items[i].id == k)) {
            Some(pos) => cv.audit.cursor.selected = pos,
            None => cv.audit.cursor.clamp(rows.len()),
        }
        self.maybe_next_audit()
    }

    fn act_in_filter_form(&mut self, action: Action) -> Vec<Cmd> {
        let Some(cv) = self.case.as_mut() else {
            return Vec::new();
        };
        let Some(row) = cv.timeline.form_row() else {
            return Vec::new();
        };
        let last = FilterRow::ALL.len() - 1;
        let i = cv.timeline.form.unwrap_or(0);
        match action {
            Action::Quit => return vec![Cmd::Quit],
            Action::Edit => return self.edit_selected(),
            Action::AddComment => return self.add_comment(),
            Action::DeleteItem => return self.ask_delete(),
            Action::Review => return self.open_review(),
            Action::Help => self.help_open = true,
            Action::Down => cv.timeline.form = Some((i + 1).min(last)),
            Action::Up => cv.timeline.form = Some(i.saturating_sub(1)),
            Action::FilterAudit | Action::Back => cv.timeline.form = None,
            Action::FilterNextValue | Action::FilterPrevValue => {
                let fwd = action == Action::FilterNextValue;
                let seen = cv.seen_audit_values(row, &self.catalog);
                return self.change_timeline(|t| t.filter.step(row, &seen, fwd));
            }
            Action::FilterEdit if row.is_typed() => {
                let current = cv.timeline.filter.value_label(row, &self.catalog);
                let text = if current == "any" {
                    String::new()
                } else {
                    current
                };
                self.input = Some(Input {
                    kind: InputKind::AuditDate(row),
                    line: LineInput::with_text(&text),
                });
            }
            Action::FilterEdit => {
                let seen = cv.seen_audit_values(row, &self.catalog);
                return self.change_timeline(|t| t.filter.step(row, &seen, true));
            }
            Action::FilterClear => return self.change_timeline(|t| t.filter.clear(row)),
            _ => {}
        }
        Vec::new()
    }

    fn set_audit_date(&mut self, row: FilterRow, text: &str) -> Vec<Cmd> {
        let date = if text.is_empty() {
            None
        } else {
            match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    self.set_problem(format!(
                        "'{text}' is not a date: type it as YYYY-MM-DD, e.g. 2024-04-30 (empty clears)."
                    ));
                    return Vec::new();
                }
            }
        };
        self.change_timeline(|t| match row {
            FilterRow::From => t.filter.from = date,
            _ => t.filter.to = date,
        })
    }

    /// Set the search and select the first match at or after the selection.
    fn search_audit(&mut self, term: String, report: bool) {
        let now = self.now();
        let catalog = &self.catalog;
        let Some(cv) = self.case.as_mut() else { return };
        cv.timeline.search = term.clone();
        let from = cv.audit.cursor.selected;
        match cv.find_audit_match(now, catalog, from, true, true) {
            Some(pos) => cv.audit.cursor.selected = pos,
            None if report && !term.is_empty() => {
                let more = if cv.audit.next_token.is_some() {
                    " among the loaded events (L loads all)"
                } else {
                    ""
                };
                self.set_info(format!("No events match '{term}'{more}."));
            }
            None => {}
        }
    }

    fn next_audit_match(&mut self, forward: bool) {
        let now = self.now();
        let catalog = &self.catalog;
        let Some(cv) = self.case.as_mut() else { return };
        let term = cv.timeline.search.clone();
        if term.is_empty() {
            self.set_info("No search yet: / searches the audit history.");
            return;
        }
        let from = cv.audit.cursor.selected;
        match cv.find_audit_match(now, catalog, from, forward, false) {
            Some(pos) => {
                let wrapped = if forward { pos <= from } else { pos >= from };
                cv.audit.cursor.selected = pos;
                if wrapped {
                    let end = if forward { "top" } else { "bottom" };
                    let more = if cv.audit.next_token.is_some() {
                        " (only loaded events are searched; L loads all)"
                    } else {
                        ""
                    };
                    self.set_info(format!("Search wrapped to the {end}{more}."));
                }
            }
            None => self.set_info(format!("No events match '{term}'.")),
        }
    }

    /// `L`: request pages until the service has no more.
    fn load_all_audit(&mut self) -> Vec<Cmd> {
        let Some(cv) = self.case.as_mut() else {
            return Vec::new();
        };
        let list = &cv.audit;
        if list.is_loading() {
            cv.timeline.load_all = true;
            return Vec::new();
        }
        if list.next_token.is_some() {
            cv.timeline.load_all = true;
            return self.audit_page(true);
        }
        if list.error.is_some() || !list.loaded {
            let cmds = self.reload_audit();
            if let Some(cv) = self.case.as_mut() {
                cv.timeline.load_all = true;
            }
            return cmds;
        }
        let n = list.items.len();
        self.set_info(format!("All {n} audit events are loaded."));
        Vec::new()
    }
}

impl App {
    /// Remember what the last frame showed: offsets keep the scroll position stable from frame
    /// to frame, page sizes drive PageUp/PageDown.
    fn on_drawn(&mut self, drawn: super::list::Drawn) {
        if let Some(s) = drawn.domains {
            self.domains.cursor.shown(s);
        }
        if let Some(s) = drawn.cases {
            self.cases.cursor.shown(s);
        }
        let Some(cv) = self.case.as_mut() else { return };
        if let Some(s) = drawn.fields {
            cv.fields_cursor.shown(s);
        }
        if let Some(s) = drawn.related {
            cv.related.cursor.shown(s);
        }
        if let Some(s) = drawn.audit {
            cv.audit.cursor.shown(s);
        }
        if let (Some(d), Some(detail)) = (drawn.detail, cv.detail.as_mut()) {
            detail.max_scroll = d.max_scroll;
            detail.page = d.page;
        }
    }
}
