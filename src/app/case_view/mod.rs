//! One open case: its fields, its related items and its audit timeline, each a pane that owns
//! its state and answers its own actions; the case view routes to the focused one.

mod as_of;
mod fields;
mod links;
mod related;
mod timeline;
mod viewer;

use chrono::{DateTime, FixedOffset, Utc};

use crate::aws::GatewayError;
use crate::model::{AuditEvent, Case, RelatedItem, SYSTEM_FIELDS};

use super::InputKind;
use super::audit::{DayBreaks, FilterRow, Matches, VisibleRows};
use super::ctx::{Ctx, Go};
use super::format::Catalog;
use super::keymap::{Action, Scope};
use super::list::Cursor;
use super::msg::{Cmd, ServiceCmd};

pub use super::paged::PREFETCH_MARGIN;
pub use as_of::{AsOfHeader, AsOfItem};
pub use fields::{FieldRow, FieldsPane};
pub use links::{LinkTitle, Links};
pub use related::{Detail, RelatedPane, sort_related, visible_related};
pub use timeline::{AuditPane, audit_text, sort_audit};
pub use viewer::{FieldValueText, ValueViewer, field_value_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Fields,
    Related,
    Audit,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Self::Fields, Self::Related, Self::Audit];

    pub fn title(self) -> &'static str {
        match self {
            Self::Fields => "Fields",
            Self::Related => "Related items",
            Self::Audit => "Audit timeline",
        }
    }

    pub fn next(self) -> Self {
        match self {
            Self::Fields => Self::Related,
            Self::Related => Self::Audit,
            Self::Audit => Self::Fields,
        }
    }

    pub fn prev(self) -> Self {
        self.next().next()
    }
}

#[derive(Debug, Clone)]
pub struct CaseView {
    pub case_id: String,
    pub case: Option<Case>,
    pub case_pending: Option<u64>,
    pub case_error: Option<crate::app::Problem>,
    /// The case was fetched with the domain's full field list (not the system-field fallback).
    pub has_all_fields: bool,
    pub focus: Pane,
    /// `b` in the fields pane: it shows who last changed each field.
    pub blame: bool,
    /// `b` in an item's detail: it shows who last changed each of the item's fields (apart from
    /// the fields pane's, which stays as it was).
    pub detail_blame: bool,
    /// `z`: the focused pane fills the screen.
    pub zoomed: bool,
    pub fields: FieldsPane,
    pub related: RelatedPane,
    pub audit: AuditPane,
    /// The titles of the cases its ConnectCase items link to.
    pub links: Links,
    /// Showing the case as of a past moment (`@`, `:asof`), or the diff of two.
    pub as_of: Option<super::audit::asof::AsOf>,
}

impl CaseView {
    pub fn new(case_id: String) -> Self {
        Self {
            case_id,
            case: None,
            case_pending: None,
            case_error: None,
            has_all_fields: false,
            focus: Pane::Fields,
            blame: false,
            detail_blame: false,
            zoomed: false,
            fields: FieldsPane::default(),
            related: RelatedPane::default(),
            audit: AuditPane::newest_first(),
            links: Links::default(),
            as_of: None,
        }
    }

    /// The key scopes it answers, for dispatch and help: the item detail's or the filter form's
    /// alone while open, else the focused pane's and the case view's.
    pub fn scopes(&self) -> Vec<Scope> {
        if self.related.detail.is_some() {
            return vec![Scope::Detail, Scope::Global];
        }
        if self.fields.viewer.is_some() {
            return vec![Scope::ValueViewer, Scope::Global];
        }
        if self.picker_open() {
            return vec![Scope::AuditPicker];
        }
        if self.form_open() {
            // The picker's keys are listed in the form's help: `?` types text in the picker.
            // Its own keys are all bound in the form first, or do nothing there.
            return vec![Scope::AuditFilter, Scope::AuditPicker, Scope::Global];
        }
        let pane = match self.focus {
            Pane::Fields => FieldsPane::SCOPE,
            Pane::Related => RelatedPane::SCOPE,
            Pane::Audit => self.audit.scope(),
        };
        vec![pane, Scope::CaseView, Scope::List, Scope::Global]
    }

    /// `pane` has the keys: it is focused and no item detail or value viewer covers it.
    pub fn has_keys(&self, pane: Pane) -> bool {
        self.focus == pane && self.related.detail.is_none() && self.fields.viewer.is_none()
    }

    /// The audit filter form has the keys.
    pub fn form_open(&self) -> bool {
        self.has_keys(Pane::Audit) && self.audit.timeline.form.is_some()
    }

    /// A picker of the audit filter form has the keys: they type, or are its commands.
    pub fn picker_open(&self) -> bool {
        self.form_open() && self.audit.picker.is_some()
    }

    /// The field ids GetCase asks for: every domain field, or the system fields until the
    /// domain's fields are known.
    pub fn field_ids(catalog: &Catalog) -> (Vec<String>, bool) {
        if catalog.fields.is_empty() {
            (SYSTEM_FIELDS.iter().map(|s| s.to_string()).collect(), false)
        } else {
            (catalog.fields.iter().map(|f| f.id.clone()).collect(), true)
        }
    }

    pub fn title(&self) -> Option<String> {
        let case = self.case.as_ref()?;
        match case.field("title") {
            Some(crate::model::FieldValue::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        }
    }

    /// The case, its related items and its audit history, fresh from the service.
    pub fn load(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        self.links.retry_failed();
        let mut cmds = self.reload_case(ctx);
        cmds.extend(self.related.page(false, &self.case_id, ctx));
        cmds.extend(self.audit.reload(&self.case_id, ctx));
        cmds
    }

    pub fn reload_case(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id.map(str::to_string) else {
            return Vec::new();
        };
        let req = ctx.req();
        let (field_ids, complete) = Self::field_ids(ctx.catalog);
        self.case_pending = Some(req);
        self.case_error = None;
        self.has_all_fields = complete;
        vec![Cmd::Service(ServiceCmd::GetCase {
            req,
            domain_id,
            case_id: self.case_id.clone(),
            field_ids,
        })]
    }

    pub fn receive_case(&mut self, req: u64, result: Result<Case, GatewayError>, ctx: &mut Ctx) {
        if self.links.receive(req, &result) || self.case_pending != Some(req) {
            return;
        }
        self.case_pending = None;
        match result {
            Ok(case) => {
                self.case = Some(case);
                self.case_error = None;
                let n = self.field_rows(ctx.catalog).len();
                self.fields.cursor.clamp(n);
            }
            Err(e) => {
                ctx.set_error("loading the case", &e);
                self.case_error = Some(crate::app::Problem::from(e));
            }
        }
    }

    pub fn receive_related(
        &mut self,
        req: u64,
        result: Result<crate::model::Page<RelatedItem>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let before = ctx.status.clone();
        let mut cmds = self.related.receive(req, result, &self.case_id, ctx);
        // The case's own error says what is wrong (`loading the case: not found`); its related
        // items failing too (as they do for an unknown case) does not hide it.
        if self.case_error.is_some() {
            *ctx.status = before;
        }
        cmds.extend(self.links.request(&self.related.list.items, ctx));
        cmds
    }

    pub fn receive_audit(
        &mut self,
        req: u64,
        result: Result<crate::model::Page<AuditEvent>, GatewayError>,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        let before = ctx.status.clone();
        let cmds = self.audit.receive(req, result, &self.case_id, ctx);
        if self.case_error.is_some() {
            *ctx.status = before;
        }
        cmds
    }

    /// The case view's actions: focus, blame, the filter line; the rest go to the item detail
    /// when it is open, else to the focused pane.
    pub fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Vec<Cmd> {
        if self.form_open() {
            return self.audit.handle_form(action, &self.case_id, ctx);
        }
        if let Some(viewer) = self.fields.viewer.as_mut() {
            // Its own keys scroll; the panes' keys wait until it closes.
            viewer.scroll(action);
            return Vec::new();
        }
        match action {
            Action::NextPane
            | Action::PrevPane
            | Action::FocusFields
            | Action::FocusRelated
            | Action::FocusAudit => {
                self.focus = match action {
                    Action::NextPane => self.focus.next(),
                    Action::PrevPane => self.focus.prev(),
                    Action::FocusFields => Pane::Fields,
                    Action::FocusRelated => Pane::Related,
                    _ => Pane::Audit,
                };
            }
            Action::ToggleBlame if self.related.detail.is_some() => {
                self.detail_blame = !self.detail_blame
            }
            Action::ToggleBlame => self.blame = !self.blame,
            Action::AsOfEvent => self.as_of_event(ctx),
            Action::ZoomPane => self.zoomed = !self.zoomed,
            Action::Filter => ctx.go(Go::input(InputKind::Filter, &self.filter())),
            _ if self.as_of_handle(action, ctx) => return Vec::new(),
            _ if self.related.scroll_detail(action) => return Vec::new(),
            _ => {
                return match self.focus {
                    Pane::Fields => {
                        self.fields.handle(action, self.case.as_ref(), ctx.catalog);
                        Vec::new()
                    }
                    Pane::Related => self.related.handle(action, &self.case_id, ctx),
                    Pane::Audit => self.audit.handle(action, &self.case_id, ctx),
                };
            }
        }
        self.maybe_next_page(ctx)
    }

    /// The focused list's next page when the selection nears its end.
    pub fn maybe_next_page(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        match self.focus {
            Pane::Fields => Vec::new(),
            Pane::Related => self.related.maybe_next_page(&self.case_id, ctx),
            Pane::Audit => self.audit.maybe_next_page(&self.case_id, ctx),
        }
    }

    /// The focused pane's text filter (the timeline's is its search).
    pub fn filter(&self) -> String {
        match self.focus {
            Pane::Fields => self.fields.filter.clone(),
            Pane::Related => self.related.filter.clone(),
            Pane::Audit => self.audit.timeline.search.clone(),
        }
    }

    /// The focused pane's text filter and its cursor, to change.
    fn filter_mut(&mut self) -> (&mut String, &mut Cursor) {
        match self.focus {
            Pane::Fields => (&mut self.fields.filter, &mut self.fields.cursor),
            Pane::Related => (&mut self.related.filter, &mut self.related.list.cursor),
            Pane::Audit => (&mut self.audit.timeline.search, &mut self.audit.list.cursor),
        }
    }

    /// The filter line changed: filter the focused pane and select its first row.
    pub fn set_filter(&mut self, text: String) {
        let (filter, cursor) = self.filter_mut();
        *filter = text;
        cursor.top();
    }

    /// The filter line was cancelled.
    pub fn clear_filter(&mut self) {
        self.filter_mut().0.clear();
    }

    /// A line typed for the timeline: its search or a date of the filter form.
    pub fn audit_input(
        &mut self,
        kind: InputKind,
        text: String,
        report: bool,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        match kind {
            InputKind::AuditDate(row) => self.audit.set_date(row, &text, &self.case_id, ctx),
            _ => {
                self.audit.search(text, report, ctx);
                Vec::new()
            }
        }
    }

    /// Esc: close the item detail or the value viewer, peel a layer off the timeline, or end
    /// the zoom. `None` when there is nothing to close and the case view itself should go.
    pub fn back(&mut self, ctx: &mut Ctx) -> Option<Vec<Cmd>> {
        if self.related.detail.take().is_some() {
            return Some(Vec::new());
        }
        if self.as_of.take().is_some() {
            ctx.set_info("Back to the case as it is now.");
            return Some(Vec::new());
        }
        if self.fields.viewer.take().is_some() {
            return Some(Vec::new());
        }
        if self.focus == Pane::Audit
            && let Some(cmds) = self.audit.back(&self.case_id, ctx)
        {
            return Some(cmds);
        }
        if self.zoomed {
            self.zoomed = false;
            return Some(Vec::new());
        }
        None
    }

    pub fn is_loading(&self) -> bool {
        self.case_pending.is_some()
            || self.related.list.is_loading()
            || self.audit.list.is_loading()
    }

    // Reading helpers for drawing, copying and editing.

    pub fn field_rows(&self, catalog: &Catalog) -> Vec<FieldRow> {
        if let Some(rows) = self.as_of_field_rows(catalog) {
            return rows;
        }
        self.fields.rows(self.case.as_ref(), catalog)
    }

    pub fn visible_related(&self, catalog: &Catalog) -> Vec<usize> {
        self.related.visible(catalog)
    }

    pub fn selected_related<'a>(&'a self, catalog: &Catalog) -> Option<&'a RelatedItem> {
        self.related.selected(catalog)
    }

    pub fn detail_item(&self) -> Option<&RelatedItem> {
        self.related.detail_item()
    }

    pub fn visible_audit(&self, now: DateTime<Utc>) -> VisibleRows {
        self.audit.visible(now)
    }

    pub fn selected_audit(&self, now: DateTime<Utc>) -> Option<&AuditEvent> {
        self.audit.selected(now)
    }

    pub fn seen_audit_values(&self, row: FilterRow, catalog: &Catalog) -> Vec<String> {
        self.audit.seen_values(row, catalog)
    }

    pub fn audit_day_breaks(&self, rows: &VisibleRows, offset: Option<FixedOffset>) -> DayBreaks {
        self.audit.day_breaks(rows, offset)
    }

    pub fn audit_matches(&self, rows: &VisibleRows, catalog: &Catalog) -> Matches {
        self.audit.matches(rows, catalog)
    }
}
