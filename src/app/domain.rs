//! The domain in use and what the app knows of it: its id, and its catalog of fields and
//! single-select options, which every screen and pane reads (through `Ctx`) to label values.

use super::format::Catalog;
use super::{Cmd, ServiceCmd};
use crate::aws::GatewayError;
use crate::model::{FieldDef, FieldType};

/// The domain the cases come from, with its catalog. Switching domains starts a new one.
#[derive(Debug, Default)]
pub struct DomainState {
    /// `None` until a domain is picked.
    pub id: Option<String>,
    pub catalog: Catalog,
    /// The domain's fields are being fetched.
    pub fields_loading: bool,
}

impl DomainState {
    /// `domain_id`, its fields on their way: send the `Cmd` this returns.
    pub fn load(domain_id: String) -> (Self, Cmd) {
        let state = Self {
            id: Some(domain_id.clone()),
            catalog: Catalog::default(),
            fields_loading: true,
        };
        (state, Cmd::Service(ServiceCmd::LoadFields { domain_id }))
    }

    /// An answer for `domain_id` is for this domain (not one the user has left).
    pub fn is(&self, domain_id: &str) -> bool {
        self.id.as_deref() == Some(domain_id)
    }

    /// The fields again, when they are missing and not on their way (an earlier load failed).
    pub fn reload_fields(&mut self) -> Option<Cmd> {
        if !self.catalog.fields.is_empty() || self.fields_loading {
            return None;
        }
        let domain_id = self.id.clone()?;
        self.fields_loading = true;
        Some(Cmd::Service(ServiceCmd::LoadFields { domain_id }))
    }

    /// The fields arrived: keep them, and ask for the options of the single-select ones.
    pub fn receive_fields(
        &mut self,
        result: Result<Vec<FieldDef>, GatewayError>,
    ) -> Result<Vec<Cmd>, GatewayError> {
        self.fields_loading = false;
        let defs = result?;
        let domain_id = self.id.clone().unwrap_or_default();
        let cmds = defs
            .iter()
            .filter(|f| f.field_type == FieldType::SingleSelect)
            .map(|f| {
                Cmd::Service(ServiceCmd::LoadFieldOptions {
                    domain_id: domain_id.clone(),
                    field_id: f.id.clone(),
                })
            })
            .collect();
        self.catalog.fields = defs;
        Ok(cmds)
    }
}
