//! Linked cases: the titles of the cases a case's ConnectCase items point at, fetched with
//! GetCase (the title only) as the items arrive, and what is known of each until then.

use std::collections::HashMap;

use crate::aws::GatewayError;
use crate::model::{Case, FieldValue, RelatedContent, RelatedItem};

use super::super::ctx::Ctx;
use super::super::msg::{Cmd, ServiceCmd};

/// What is known of a linked case's title. Nothing is guessed: until the answer is in, the
/// related-items pane says "loading"; a case that is gone says "not found".
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTitle {
    Loading,
    Found(String),
    /// The case exists and has no title.
    Untitled,
    NotFound,
    /// The lookup failed for another reason (`r` asks again).
    Failed(String),
}

impl LinkTitle {
    /// What a GetCase answer (asked for the title) says of the case's title.
    pub fn of(result: &Result<Case, GatewayError>) -> Self {
        match result {
            Ok(case) => match case.field("title") {
                Some(FieldValue::String(s)) if !s.trim().is_empty() => Self::Found(s.clone()),
                _ => Self::Untitled,
            },
            Err(GatewayError::NotFound { .. }) => Self::NotFound,
            Err(e) => Self::Failed(e.to_string()),
        }
    }
}

/// The linked cases of one open case.
#[derive(Debug, Clone, Default)]
pub struct Links {
    titles: HashMap<String, LinkTitle>,
    /// GetCase requests in flight: request id -> linked case id.
    pending: HashMap<u64, String>,
}

impl Links {
    /// Asks for the title of every linked case among `items` not known or asked for yet.
    pub fn request(&mut self, items: &[RelatedItem], ctx: &mut Ctx) -> Vec<Cmd> {
        let Some(domain_id) = ctx.domain_id else {
            return Vec::new();
        };
        let mut cmds = Vec::new();
        for item in items {
            let RelatedContent::ConnectCase { case_id } = &item.content else {
                continue;
            };
            if matches!(
                self.titles.get(case_id),
                Some(LinkTitle::Loading | LinkTitle::Found(_) | LinkTitle::Untitled)
                    | Some(LinkTitle::NotFound)
            ) {
                continue;
            }
            let req = ctx.req();
            self.titles.insert(case_id.clone(), LinkTitle::Loading);
            self.pending.insert(req, case_id.clone());
            cmds.push(Cmd::Service(ServiceCmd::GetCase {
                req,
                domain_id: domain_id.to_string(),
                case_id: case_id.clone(),
                field_ids: vec!["title".to_string()],
            }));
        }
        cmds
    }

    /// Takes the answer to one of its lookups; `false` when `req` is not one of them.
    pub fn receive(&mut self, req: u64, result: &Result<Case, GatewayError>) -> bool {
        let Some(case_id) = self.pending.remove(&req) else {
            return false;
        };
        self.titles.insert(case_id, LinkTitle::of(result));
        true
    }

    /// Forget failed lookups, so a refresh asks again.
    pub fn retry_failed(&mut self) {
        self.titles
            .retain(|_, t| !matches!(t, LinkTitle::Failed(_) | LinkTitle::Loading));
        self.pending.clear();
    }

    pub fn title(&self, case_id: &str) -> Option<&LinkTitle> {
        self.titles.get(case_id)
    }

    /// The related-items pane's summary of a link to `case_id`: its title and id, or what is
    /// known instead.
    pub fn summary(&self, case_id: &str) -> String {
        match self.titles.get(case_id) {
            Some(LinkTitle::Found(t)) => format!("{t} · case {case_id}"),
            Some(LinkTitle::Untitled) => format!("(no title) · case {case_id}"),
            Some(LinkTitle::NotFound) => format!("case {case_id} · not found"),
            Some(LinkTitle::Failed(why)) => format!("case {case_id} · title not loaded: {why}"),
            Some(LinkTitle::Loading) | None => format!("case {case_id} · loading title"),
        }
    }

    /// The linked case's title, when it is known.
    pub fn known_title(&self, case_id: &str) -> Option<&str> {
        match self.titles.get(case_id) {
            Some(LinkTitle::Found(t)) => Some(t),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ctx::{Calls, Clock};
    use crate::app::{Catalog, KeyMap};
    use crate::model::{FieldEntry, RelatedItemType};

    fn link(id: &str, to: &str) -> RelatedItem {
        RelatedItem {
            id: id.into(),
            item_type: RelatedItemType::ConnectCase,
            association_time: None,
            content: RelatedContent::ConnectCase { case_id: to.into() },
            tags: Default::default(),
            performed_by: None,
        }
    }

    #[test]
    fn titles_are_asked_once_and_said_honestly() {
        let catalog = Catalog::default();
        let keys = KeyMap::default();
        let mut calls = Calls::default();
        let mut status = None;
        let mut ctx = Ctx {
            catalog: &catalog,
            domain_id: Some("d"),
            calls: &mut calls,
            status: &mut status,
            ticks: 0,
            now: Clock::default().now(),
            local_offset: None,
            keys: &keys,
            read_only: false,
            go: None,
        };
        let items = vec![link("i1", "c1"), link("i2", "c2"), link("i3", "c1")];
        let cmds = Links::default().request(&items, &mut ctx);
        assert_eq!(cmds.len(), 2, "one lookup per linked case: {cmds:?}");
        let mut links = Links::default();
        let cmds = links.request(&items, &mut ctx);
        let reqs: Vec<u64> = cmds
            .iter()
            .map(|c| match c {
                Cmd::Service(ServiceCmd::GetCase { req, field_ids, .. }) => {
                    assert_eq!(field_ids, &["title"]);
                    *req
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(links.summary("c1"), "case c1 · loading title");
        assert!(!links.receive(999, &Err(GatewayError::Other("x".into()))));
        let case = Case {
            id: "c1".into(),
            template_id: "t".into(),
            fields: vec![FieldEntry::new(
                "title",
                FieldValue::String("Broken".into()),
            )],
            tags: Default::default(),
        };
        assert!(links.receive(reqs[0], &Ok(case)));
        assert!(links.receive(
            reqs[1],
            &Err(GatewayError::NotFound {
                message: "gone".into(),
                resource_id: None
            })
        ));
        assert_eq!(links.summary("c1"), "Broken · case c1");
        assert_eq!(links.summary("c2"), "case c2 · not found");
        assert!(links.request(&items, &mut ctx).is_empty(), "known titles");
    }
}
