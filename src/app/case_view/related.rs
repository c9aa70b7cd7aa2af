//! The related-items pane: comments, contacts, files, SLAs and custom items, newest first, with
//! a type to narrow the call to and a text filter; `Enter` shows an item in full.

use crate::aws::GatewayError;
use crate::model::{Page, RelatedContent, RelatedItem, RelatedItemType};

use super::super::ctx::{Ctx, Go};
use super::super::format::{self, Catalog};
use super::super::keymap::{Action, Scope};
use super::super::msg::{Cmd, ServiceCmd};
use super::super::paged::{Paged, Rules};

/// The item shown in full over the related pane.
#[derive(Debug, Clone)]
pub struct Detail {
    pub item_id: String,
    pub scroll: usize,
    /// The largest useful scroll and the lines per page, as the last frame measured them.
    pub max_scroll: usize,
    pub page: usize,
}

#[derive(Debug, Clone, Default)]
pub struct RelatedPane {
    pub list: Paged<RelatedItem>,
    pub filter: String,
    /// The one type the call asks for (`t` cycles), or every type.
    pub kind: Option<RelatedItemType>,
    pub detail: Option<Detail>,
}

impl RelatedPane {
    pub const SCOPE: Scope = Scope::Related;

    pub fn types(&self) -> Vec<RelatedItemType> {
        match self.kind {
            Some(t) => vec![t],
            None => RelatedItemType::ALL.to_vec(),
        }
    }

    pub fn cycle_type(&mut self) {
        let all = RelatedItemType::ALL;
        self.kind = match self.kind {
            None => Some(all[0]),
            Some(t) => {
                let i = all.iter().position(|x| *x == t).unwrap_or(0);
                all.get(i + 1).copied()
            }
        };
    }

    /// Indices of the items the filter lets through.
    pub fn visible(&self, catalog: &Catalog) -> Vec<usize> {
        visible_related(&self.list.items, &self.filter, catalog)
    }

    pub fn selected<'a>(&'a self, catalog: &Catalog) -> Option<&'a RelatedItem> {
        self.list.selected_in(&self.visible(catalog))
    }

    pub fn detail_item(&self) -> Option<&RelatedItem> {
        let d = self.detail.as_ref()?;
        self.list.items.iter().find(|i| i.id == d.item_id)
    }

    /// A page of the case's items: the first (`append` false) or the next.
    pub fn page(&mut self, append: bool, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        let Some((req, domain_id, next_token)) = self.list.begin_in_domain(append, ctx) else {
            return Vec::new();
        };
        vec![Cmd::Service(ServiceCmd::LoadRelated {
            req,
            domain_id,
            case_id: case_id.to_string(),
            types: self.types(),
            next_token,
        })]
    }

    pub fn maybe_next_page(&mut self, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        if self.list.wants_next_page(self.visible(ctx.catalog).len()) {
            return self.page(true, case_id, ctx);
        }
        Vec::new()
    }

    pub fn receive(
        &mut self,
        req: u64,
        result: Result<Page<RelatedItem>, GatewayError>,
        case_id: &str,
        ctx: &mut Ctx,
    ) -> Vec<Cmd> {
        if let Err(e) = &result
            && self.list.awaits(req)
        {
            ctx.set_error("loading related items", e);
        }
        let catalog = ctx.catalog;
        let filter = self.filter.clone();
        let fresh = self.list.receive(
            req,
            result,
            &Rules {
                id: |i: &RelatedItem| i.id.as_str(),
                sort: |v: &mut Vec<RelatedItem>| sort_related(v),
                visible: |items: &[RelatedItem]| visible_related(items, &filter, catalog),
            },
        );
        if fresh {
            return self.maybe_next_page(case_id, ctx);
        }
        Vec::new()
    }

    /// Scroll the open item detail for a movement action; `false` for any other action.
    pub fn scroll_detail(&mut self, action: Action) -> bool {
        let Some(d) = self.detail.as_mut() else {
            return false;
        };
        match action {
            Action::Up => d.scroll = d.scroll.saturating_sub(1),
            Action::Down => d.scroll += 1,
            Action::Top => d.scroll = 0,
            Action::Bottom => d.scroll = d.max_scroll,
            Action::PageUp => d.scroll = d.scroll.saturating_sub(d.page.max(1)),
            Action::PageDown => d.scroll += d.page.max(1),
            _ => return false,
        }
        d.scroll = d.scroll.min(d.max_scroll);
        true
    }

    /// The pane's own actions: the type, the item detail, and moving the cursor.
    pub fn handle(&mut self, action: Action, case_id: &str, ctx: &mut Ctx) -> Vec<Cmd> {
        match action {
            Action::CycleType => {
                self.cycle_type();
                self.list.cursor.reset();
                return self.page(false, case_id, ctx);
            }
            Action::ShowItem => {
                // A linked case is opened rather than described.
                if let Some(RelatedContent::ConnectCase { case_id: linked }) =
                    self.selected(ctx.catalog).map(|i| &i.content)
                {
                    ctx.go(Go::Linked(linked.clone()));
                    return Vec::new();
                }
                if let Some(item_id) = self.selected(ctx.catalog).map(|i| i.id.clone()) {
                    self.detail = Some(Detail {
                        item_id,
                        scroll: 0,
                        max_scroll: 0,
                        page: 0,
                    });
                }
            }
            _ => {
                let n = self.visible(ctx.catalog).len();
                self.list.cursor.apply(action, n);
            }
        }
        self.maybe_next_page(case_id, ctx)
    }
}

pub fn visible_related(items: &[RelatedItem], filter: &str, catalog: &Catalog) -> Vec<usize> {
    (0..items.len())
        .filter(|&i| {
            let it = &items[i];
            filter.is_empty()
                || format::matches_filter(
                    &format!(
                        "{} {}",
                        it.item_type.as_str(),
                        format::related_summary(it, catalog)
                    ),
                    filter,
                )
        })
        .collect()
}

/// Newest first; items without a time last, ties by id so the order is stable. `true` when the
/// items were not in that order already.
pub fn sort_related(items: &mut [RelatedItem]) -> bool {
    let order = |a: &RelatedItem, b: &RelatedItem| {
        b.association_time
            .cmp(&a.association_time)
            .then_with(|| a.id.cmp(&b.id))
    };
    // Pages usually arrive in order: a check is cheaper than moving every item.
    let sorted = items.is_sorted_by(|a, b| order(a, b).is_le());
    if !sorted {
        items.sort_by(order);
    }
    !sorted
}
