//! The domain picker: every Cases domain of the account and region, by name.

use crate::aws::GatewayError;
use crate::model::Domain;

use super::super::ctx::{Ctx, Go};
use super::super::keymap::{Action, Scope};
use super::super::msg::{Cmd, ServiceCmd};
use super::super::paged::{Paged, Rules};

#[derive(Debug, Clone, Default)]
pub struct DomainPicker {
    pub list: Paged<Domain>,
}

impl DomainPicker {
    /// The key scopes it answers, for dispatch and help.
    pub const SCOPES: [Scope; 3] = [Scope::Domains, Scope::List, Scope::Global];

    /// Ask for the domains.
    pub fn load(&mut self) -> Vec<Cmd> {
        self.list.begin_unnumbered();
        vec![Cmd::Service(ServiceCmd::LoadDomains)]
    }

    pub fn is_loading(&self) -> bool {
        self.list.is_loading()
    }

    pub fn selected(&self) -> Option<&Domain> {
        self.list.items.get(self.list.cursor.selected)
    }

    /// The domain's display name, or its id until the name is known.
    pub fn label(&self, id: &str) -> String {
        self.list
            .items
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_string(), |d| d.name.clone())
    }

    /// The domains arrived. With no domain chosen yet and exactly one there, it is chosen.
    pub fn receive(
        &mut self,
        result: Result<Vec<Domain>, GatewayError>,
        chosen: bool,
        ctx: &mut Ctx,
    ) {
        if let Err(e) = &result {
            ctx.set_error("listing domains", e);
        }
        let ok = result.is_ok();
        self.list.receive_all(
            result,
            &Rules {
                id: |d: &Domain| d.id.as_str(),
                sort: |v: &mut Vec<Domain>| {
                    v.sort_by_key(|d| d.name.to_lowercase());
                    true
                },
                visible: |v: &[Domain]| (0..v.len()).collect(),
            },
        );
        if !ok {
            return;
        }
        if !chosen && self.list.items.len() == 1 {
            ctx.go(Go::Domain(self.list.items[0].id.clone()));
        } else if self.list.items.is_empty() {
            ctx.set_info(
                "No Cases domains here. Create one in the Amazon Connect console, or use :domain ID.",
            );
        }
    }

    /// The picker's own actions: choose a domain, move the cursor.
    pub fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Vec<Cmd> {
        if action == Action::SelectDomain {
            if let Some(id) = self.selected().map(|d| d.id.clone()) {
                ctx.go(Go::Domain(id));
            }
        } else {
            let n = self.list.items.len();
            self.list.cursor.apply(action, n);
        }
        Vec::new()
    }
}
