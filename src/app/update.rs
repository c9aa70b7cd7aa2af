//! `App::update`: one message in, commands out. Messages are routed to the screen or pane they
//! are for; the app itself keeps only what they share (status line, help, input line, overlays).

use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseEvent, MouseEventKind};

use super::case_view::CaseView;
use super::ctx::Go;
use super::domain::DomainState;
use super::keymap::{Action, Scope};
use super::list::Drawn;
use super::{App, Cmd, INFO_TICKS, Input, InputKind, LineInput, Msg, Screen, StatusKind};

/// Rows the mouse wheel moves per notch.
const WHEEL_ROWS: usize = 3;

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let mut cmds = self.route(msg);
        if self.staging.has_pending_edit() {
            cmds.extend(self.follow_pending_edit());
        }
        cmds.extend(self.settle_feed_target());
        if matches!(
            self.staging.overlay,
            Some(super::staging::Overlay::RestoreTyped { .. })
        ) {
            // The question names the field and the case's title once they are known.
            self.staging.case_titles = self.case_titles();
            let ctx = ctx!(self);
            self.staging.refresh_typed_offer(&ctx);
        }
        // Derived lists are worked out here, once per change, so drawing only reads them.
        let now = self.now();
        if let Some(cv) = self.case.as_mut() {
            cv.audit
                .refresh_index(now, &self.domain.catalog, self.clock.local_offset);
            cv.refresh_as_of();
        }
        cmds
    }

    fn route(&mut self, msg: Msg) -> Vec<Cmd> {
        match &msg {
            Msg::CasesLoaded { req, .. }
            | Msg::CaseLoaded { req, .. }
            | Msg::RelatedLoaded { req, .. }
            | Msg::AuditLoaded { req, .. }
            | Msg::FeedItemsLoaded { req, .. }
            | Msg::OpenSlasLoaded { req, .. } => self.calls.finished(*req),
            _ => {}
        }
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            Msg::Key(_) => Vec::new(),
            Msg::Mouse(m) => self.on_mouse(m),
            // The next frame takes the new size from the terminal and reports what fits.
            Msg::Resize(..) => Vec::new(),
            Msg::Drawn(drawn) => {
                self.on_drawn(drawn);
                Vec::new()
            }
            Msg::Tick => {
                self.ticks += 1;
                self.staging.tick();
                if let Some(s) = &self.status
                    && s.kind == StatusKind::Info
                    && self.ticks.saturating_sub(s.since) > INFO_TICKS
                {
                    self.status = None;
                }
                let mut cmds = self.journal_typing(true);
                cmds.extend(self.feed_tick());
                cmds
            }
            Msg::DomainsLoaded(result) => {
                let mut ctx = ctx!(self);
                self.domains
                    .receive(result, self.domain.id.is_some(), &mut ctx);
                let go = ctx.go;
                self.follow(go, Vec::new())
            }
            Msg::FieldsLoaded { domain_id, result } => self.on_fields(domain_id, result),
            Msg::FieldOptionsLoaded {
                domain_id,
                field_id,
                result,
            } => {
                if self.domain.is(&domain_id) {
                    match result {
                        Ok(opts) => {
                            self.domain.catalog.options.insert(field_id.clone(), opts);
                            self.staging
                                .options_arrived(&field_id, &self.domain.catalog);
                        }
                        Err(e) => self.set_error(&format!("options of field {field_id}"), &e),
                    }
                }
                Vec::new()
            }
            Msg::CasesLoaded { req, result }
                if self.feed.as_ref().is_some_and(|f| f.awaits(req)) =>
            {
                let mut ctx = ctx!(self);
                match self.feed.as_mut() {
                    Some(feed) => feed.receive_cases(req, result, &mut ctx),
                    None => Vec::new(),
                }
            }
            Msg::CaseLoaded { req, result }
                if self.feed.as_ref().is_some_and(|f| f.awaits(req)) =>
            {
                let mut ctx = ctx!(self);
                if let Some(feed) = self.feed.as_mut() {
                    feed.receive_case(req, result, &mut ctx);
                }
                Vec::new()
            }
            Msg::CaseLoaded { req, result }
                if self
                    .feed
                    .as_ref()
                    .is_some_and(|f| f.radar.awaits_title(req)) =>
            {
                let mut ctx = ctx!(self);
                self.feed
                    .as_mut()
                    .and_then(|f| f.radar.receive_title(req, &result, &mut ctx))
                    .unwrap_or_default()
            }
            Msg::AuditLoaded { req, result }
                if self.feed.as_ref().is_some_and(|f| f.awaits(req)) =>
            {
                let mut ctx = ctx!(self);
                match self.feed.as_mut() {
                    Some(feed) => feed.changes.receive(req, result, &mut ctx),
                    None => Vec::new(),
                }
            }
            Msg::FeedItemsLoaded { req, result } => {
                let mut ctx = ctx!(self);
                match self.feed.as_mut() {
                    Some(feed) => feed.receive_items(req, result, &mut ctx),
                    None => Vec::new(),
                }
            }
            Msg::CasesLoaded { req, result } => {
                let mut ctx = ctx!(self);
                self.cases.receive(req, result, &mut ctx)
            }
            Msg::CaseLoaded { req, result } => {
                let mut ctx = ctx!(self);
                if let Some(cv) = self.case.as_mut() {
                    cv.receive_case(req, result, &mut ctx);
                }
                Vec::new()
            }
            Msg::RelatedLoaded { req, result } => {
                let mut ctx = ctx!(self);
                match self.case.as_mut() {
                    Some(cv) => cv.receive_related(req, result, &mut ctx),
                    None => Vec::new(),
                }
            }
            Msg::AuditLoaded { req, result } => {
                let mut ctx = ctx!(self);
                match self.case.as_mut() {
                    Some(cv) => cv.receive_audit(req, result, &mut ctx),
                    None => Vec::new(),
                }
            }
            Msg::Retrying { req, attempt } => {
                self.calls.retrying(req, attempt);
                Vec::new()
            }
            msg @ (Msg::Paste(_)
            | Msg::ExternalEditorDone(_)
            | Msg::DraftChecked { .. }
            | Msg::DraftSent { .. }
            | Msg::ItemDeleted { .. }
            | Msg::TemplatesLoaded { .. }) => {
                let case_id = self.case.as_ref().map(|cv| cv.case_id.as_str());
                let mut ctx = ctx!(self);
                let cmds = self.staging.update(msg, case_id, &mut ctx);
                let go = ctx.go;
                let mut cmds = self.follow(go, cmds);
                if self.staging.take_list_stale() {
                    // The list shows what this session wrote, the selection kept.
                    let mut ctx = ctx!(self);
                    cmds.extend(self.cases.reload_keeping_selection(&mut ctx));
                }
                cmds
            }
            Msg::OpenSlasLoaded { req, result } => {
                let mut ctx = ctx!(self);
                match self.feed.as_mut() {
                    Some(feed) => feed.receive_radar(req, result, &mut ctx),
                    None => Vec::new(),
                }
            }
            Msg::Reconnected(result) => self.on_reconnected(result),
            Msg::JournalWritten { .. } => Vec::new(),
            Msg::JournalFailed { key, message } => {
                self.set_problem(format!(
                    "could not write the journal for {key}: {message}. The change is staged in memory only; fix the state directory (--state-dir) and stage it again."
                ));
                Vec::new()
            }
        }
    }

    /// Remember what the last frame showed: offsets keep the scroll position stable from frame
    /// to frame, page sizes drive PageUp/PageDown.
    fn on_drawn(&mut self, drawn: Drawn) {
        if let Some((max, page)) = drawn.help {
            self.help_max = max;
            self.help_page = page;
            self.help_scroll = self.help_scroll.min(max);
        }
        if let Some(s) = drawn.domains {
            self.domains.list.cursor.shown(s);
        }
        if let Some(s) = drawn.cases {
            self.cases.list.cursor.shown(s);
        }
        if let (Some(s), Some(feed)) = (drawn.feed, self.feed.as_mut()) {
            feed.activity.cursor.shown(s);
        }
        if let (Some(s), Some(feed)) = (drawn.radar, self.feed.as_mut()) {
            feed.radar.cursor.shown(s);
        }
        let Some(cv) = self.case.as_mut() else { return };
        if let Some(s) = drawn.fields {
            cv.fields.cursor.shown(s);
        }
        if let Some(s) = drawn.related {
            cv.related.list.cursor.shown(s);
        }
        if let Some(s) = drawn.audit {
            cv.audit.list.cursor.shown(s);
        }
        if let (Some(d), Some(viewer)) = (drawn.viewer, cv.fields.viewer.as_mut()) {
            viewer.max_scroll = d.max_scroll;
            viewer.page = d.page;
        }
        if let (Some(d), Some(detail)) = (drawn.detail, cv.related.detail.as_mut()) {
            detail.max_scroll = d.max_scroll;
            detail.page = d.page;
        }
    }

    fn on_fields(
        &mut self,
        domain_id: String,
        result: Result<Vec<crate::model::FieldDef>, crate::aws::GatewayError>,
    ) -> Vec<Cmd> {
        if !self.domain.is(&domain_id) {
            return Vec::new();
        }
        let mut cmds = match self.domain.receive_fields(result) {
            Ok(cmds) => cmds,
            Err(e) => {
                self.set_error("loading the domain's fields", &e);
                return Vec::new();
            }
        };
        cmds.extend(self.apply_columns(true));
        // A case opened before the fields arrived was fetched with the system fields only.
        let mut ctx = ctx!(self);
        if let Some(cv) = self.case.as_mut()
            && !cv.has_all_fields
        {
            cmds.extend(cv.reload_case(&mut ctx));
        }
        cmds
    }

    /// A case-field editor waiting for its case: the case opens, then the editor on it.
    fn follow_pending_edit(&mut self) -> Vec<Cmd> {
        let case = self.case.as_ref().filter(|_| self.screen == Screen::Case);
        let mut ctx = ctx!(self);
        let cmds = self.staging.follow_pending_edit(case, &mut ctx);
        let go = ctx.go;
        self.follow(go, cmds)
    }

    /// The text being typed in an editor, to the journal (`writes`: on ticks, once it rested).
    fn journal_typing(&mut self, writes: bool) -> Vec<Cmd> {
        let case_id = self.case.as_ref().map(|cv| cv.case_id.as_str());
        let ctx = ctx!(self);
        self.staging.journal_typing(case_id, writes, &ctx)
    }

    /// Do what a pane asked for after its action.
    pub(super) fn follow(&mut self, go: Option<Go>, mut cmds: Vec<Cmd>) -> Vec<Cmd> {
        match go {
            Some(Go::Domain(id)) => cmds.extend(self.enter_domain(id)),
            Some(Go::Case(id)) => cmds.extend(self.open_case(id)),
            Some(Go::Linked(id)) => cmds.extend(self.follow_link(id)),
            Some(Go::Input(kind, text)) => {
                self.input = Some(Input {
                    kind,
                    line: LineInput::with_text(&text),
                })
            }
            Some(Go::Reload { close_detail }) => {
                if let Some(cv) = self.case.as_mut().filter(|_| close_detail) {
                    cv.related.detail = None;
                }
                cmds.extend(self.refresh_after_write());
                cmds.extend(self.radar_after_write());
            }
            None => {}
        }
        cmds
    }

    // ---- navigation -----------------------------------------------------------------------

    /// Switch to `domain_id`: forget the old domain's state and load the new one's fields and
    /// cases.
    pub(super) fn enter_domain(&mut self, domain_id: String) -> Vec<Cmd> {
        let (domain, load_fields) = DomainState::load(domain_id);
        self.domain = domain;
        self.screen = Screen::Cases;
        self.case = None;
        self.trail.clear();
        self.feed = None;
        self.feed_from = None;
        self.cases = self.cases.for_new_domain();
        let mut cmds = vec![load_fields];
        let mut ctx = ctx!(self);
        cmds.extend(self.cases.search(&mut ctx));
        cmds
    }

    /// Open `case_id` in the case view and load the case, its related items and its audit.
    pub(super) fn open_case(&mut self, case_id: String) -> Vec<Cmd> {
        if self.domain.id.is_none() {
            self.set_problem("Pick a domain first (:domain ID).");
            return Vec::new();
        }
        let mut cv = CaseView::new(case_id);
        cv.audit.timeline.time = self.ctx.time;
        self.trail.clear();
        self.screen = Screen::Case;
        let mut ctx = ctx!(self);
        let cmds = cv.load(&mut ctx);
        self.case = Some(cv);
        cmds
    }

    /// After a write: the case, its related items and its audit history, fresh from the service.
    pub(super) fn refresh_after_write(&mut self) -> Vec<Cmd> {
        let mut ctx = ctx!(self);
        match self.case.as_mut() {
            Some(cv) => cv.load(&mut ctx),
            None => Vec::new(),
        }
    }

    fn back(&mut self) -> Vec<Cmd> {
        if self.screen == Screen::Case {
            let mut ctx = ctx!(self);
            if let Some(cmds) = self.case.as_mut().and_then(|cv| cv.back(&mut ctx)) {
                return cmds;
            }
            if let Some(cmds) = self.previous_case() {
                return cmds;
            }
            if self.back_to_feed() {
                return Vec::new();
            }
        }
        if let Some(cmds) = self.back_from_feed() {
            return cmds;
        }
        let mut ctx = ctx!(self);
        match self.screen {
            Screen::Case => {
                self.screen = Screen::Cases;
                self.case = None;
                if !self.cases.list.loaded && !self.cases.is_loading() {
                    return self.cases.search(&mut ctx);
                }
                Vec::new()
            }
            Screen::Cases => self.cases.clear_search(&mut ctx),
            Screen::Feed => {
                self.screen = Screen::Cases;
                if !self.cases.list.loaded && !self.cases.is_loading() {
                    return self.cases.search(&mut ctx);
                }
                Vec::new()
            }
            Screen::Domains => {
                if self.domain.id.is_some() {
                    self.screen = Screen::Cases;
                }
                Vec::new()
            }
        }
    }

    fn refresh(&mut self) -> Vec<Cmd> {
        match self.screen {
            Screen::Domains => self.domains.load(),
            Screen::Cases => {
                let mut cmds: Vec<Cmd> = self.domain.reload_fields().into_iter().collect();
                let mut ctx = ctx!(self);
                cmds.extend(self.cases.search(&mut ctx));
                cmds
            }
            Screen::Case => self.refresh_after_write(),
            Screen::Feed => self.feed_act(Action::Refresh),
        }
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
        if !self.help_open {
            self.help_scroll = 0;
        } else if self.scroll_help(&key) {
            return Vec::new();
        }
        if self
            .status
            .as_ref()
            .is_some_and(|s| s.kind == StatusKind::Error)
        {
            // An error stays until the user does something else.
            self.status = None;
        }
        if self.staging.overlay.is_some() {
            let case_id = self.case.as_ref().map(|cv| cv.case_id.as_str());
            let mut ctx = ctx!(self);
            let cmds = self
                .staging
                .on_key(key, &mut self.help_open, case_id, &mut ctx);
            let go = ctx.go;
            let mut cmds = self.follow(go, cmds);
            cmds.extend(self.journal_typing(false));
            return cmds;
        }
        if let Some(mut input) = self.input.take() {
            let outcome = input.line.handle(&key, self.keys(), input.kind.scope());
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
        if self.screen == Screen::Feed
            && let Some(feed) = self.feed.as_mut().filter(|f| f.picker.is_some())
        {
            let mut ctx = ctx!(self);
            let cmds = feed.picker_key(&key, &mut ctx);
            let go = ctx.go;
            return self.follow(go, cmds);
        }
        if self.screen == Screen::Case
            && let Some(cv) = self.case.as_mut().filter(|cv| cv.picker_open())
        {
            let mut ctx = ctx!(self);
            let case_id = cv.case_id.clone();
            let cmds = cv.audit.picker_key(&key, &case_id, &mut ctx);
            let go = ctx.go;
            return self.follow(go, cmds);
        }
        let scopes = self.scopes();
        match self.keys().action(&scopes, &key) {
            Some(action) => self.act(action),
            None => Vec::new(),
        }
    }

    /// Run one action: the app's own (quit, editing, help, the command line, back, refresh),
    /// else the current screen's.
    fn act(&mut self, action: Action) -> Vec<Cmd> {
        let form =
            self.screen == Screen::Case && self.case.as_ref().is_some_and(CaseView::form_open);
        match action {
            Action::Quit => return vec![Cmd::Quit],
            Action::Edit | Action::AddComment | Action::DeleteItem | Action::CloseReopen
                if self.screen == Screen::Case
                    && self.case.as_ref().is_some_and(|cv| cv.as_of.is_some()) =>
            {
                self.set_problem(
                    "This is the case as it was: editing is off here. Esc returns to the case now.",
                );
                return Vec::new();
            }
            Action::Edit if self.radar_focused() => return self.radar_edit(),
            Action::Edit
            | Action::AddComment
            | Action::DeleteItem
            | Action::Review
            | Action::CloseReopen
            | Action::NewCase => {
                self.staging.case_titles = self.case_titles();
                let case = self.case.as_ref().filter(|_| self.screen == Screen::Case);
                let mut ctx = ctx!(self);
                return self.staging.act(action, case, &mut ctx);
            }
            Action::Help => {
                self.help_open = true;
                if form {
                    return Vec::new();
                }
            }
            // The filter form takes every other key.
            _ if form => return self.screen_act(action),
            Action::Yank => return self.yank(),
            Action::ToggleMask => self.toggle_masking(),
            // The editing overlays' own actions; overlays answer them (see `Staging::on_key`).
            Action::ExternalEditor
            | Action::StageComment
            | Action::Undo
            | Action::Redo
            | Action::EditValue
            | Action::RemoveField
            | Action::AddField
            | Action::KeepValue
            | Action::DropValue
            | Action::Choose
            | Action::FinishFilter
            | Action::CancelFilter
            | Action::Send
            | Action::Unstage
            | Action::TakeYours
            | Action::TakeTheirs
            | Action::CloseReview
            | Action::Yes
            | Action::No => {}
            Action::Command => {
                self.input = Some(Input {
                    kind: InputKind::Command,
                    line: LineInput::default(),
                })
            }
            Action::Back => return self.back(),
            Action::OpenFeed => return self.open_feed(),
            Action::PreviousCase => {
                if self.trail.is_empty() && self.back_to_feed() {
                    return Vec::new();
                }
                return self.previous_case().unwrap_or_else(|| {
                    self.set_info("No case to go back to: Enter on a linked case opens it.");
                    Vec::new()
                });
            }
            Action::Refresh => return self.refresh(),
            _ => return self.screen_act(action),
        }
        self.maybe_next_page()
    }

    /// An action for the screen on show (the case view routes it to its focused pane).
    fn screen_act(&mut self, action: Action) -> Vec<Cmd> {
        if self.screen == Screen::Feed {
            return self.feed_act(action);
        }
        let mut ctx = ctx!(self);
        let cmds = match (self.screen, self.case.as_mut()) {
            (Screen::Case, Some(cv)) => cv.handle(action, &mut ctx),
            (Screen::Domains, _) => self.domains.handle(action, &mut ctx),
            _ => self.cases.handle(action, &mut ctx),
        };
        let go = ctx.go;
        self.follow(go, cmds)
    }

    /// After any movement: the focused list's next page when the selection nears the end.
    pub(super) fn maybe_next_page(&mut self) -> Vec<Cmd> {
        let mut ctx = ctx!(self);
        match (self.screen, self.case.as_mut()) {
            (Screen::Cases, _) => self.cases.maybe_next_page(&mut ctx),
            (Screen::Case, Some(cv)) => cv.maybe_next_page(&mut ctx),
            _ => Vec::new(),
        }
    }
}
