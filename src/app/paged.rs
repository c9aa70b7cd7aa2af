//! One list fetched page by page, for every paged list: the domain picker, the case list, the
//! related items and the audit history. It knows the request in flight (any other answer is
//! stale), whether that request appends a later page or restarts from the first, the next page
//! token, loading/loaded/error, and the cursor.

use crate::aws::GatewayError;
use crate::model::Page;

use super::list::Cursor;

/// Fetch the next page when the selection is this close to the last row.
pub const PREFETCH_MARGIN: usize = 5;

#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub cursor: Cursor,
    pub next_token: Option<String>,
    /// The request whose answer is awaited; any other answer is stale.
    pub pending: Option<u64>,
    pending_append: bool,
    pub error: Option<crate::app::Problem>,
    /// At least one answer has arrived for the current query.
    pub loaded: bool,
    /// Bumped whenever an answer changes `items`, so what is derived from them knows when to
    /// recompute.
    generation: u64,
    /// Bumped when an answer replaces or reorders the items, not when it only appends: what was
    /// derived per item stays valid for the items it covers within one epoch.
    epoch: u64,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            cursor: Cursor::default(),
            next_token: None,
            pending: None,
            pending_append: false,
            error: None,
            loaded: false,
            generation: 0,
            epoch: 0,
        }
    }
}

/// How a list keeps its rows: the id that keeps the selection through a re-sort, the sort
/// (`true` when it moved or dropped an item), and the rows shown (indices into the items).
pub struct Rules<T, S, V> {
    pub id: fn(&T) -> &str,
    pub sort: S,
    pub visible: V,
}

impl<T> Paged<T> {
    /// A request `req` is in flight: a later page (`append`) or the first one.
    pub fn begin(&mut self, req: u64, append: bool) {
        self.pending = Some(req);
        self.pending_append = append;
        self.error = None;
    }

    /// A page of a list that belongs to the open domain: a new request id is in flight for the
    /// first page or (`append`) the next. Gives the id, the domain and the token to send; `None`
    /// when no domain is open.
    pub fn begin_in_domain(
        &mut self,
        append: bool,
        ctx: &mut super::ctx::Ctx,
    ) -> Option<(u64, String, Option<String>)> {
        let domain_id = ctx.domain_id?.to_string();
        let req = ctx.req();
        let next_token = self.next_token.clone().filter(|_| append);
        self.begin(req, append);
        Some((req, domain_id, next_token))
    }

    /// A whole list is asked for by a call without a request id (the domains).
    pub fn begin_unnumbered(&mut self) {
        self.begin(0, false);
    }

    /// Ask for the next page under `req`, if there is one and nothing is in flight; the token to
    /// send.
    pub fn begin_next(&mut self, req: u64) -> Option<String> {
        if self.pending.is_some() || !self.loaded {
            return None;
        }
        let token = self.next_token.clone()?;
        self.begin(req, true);
        Some(token)
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// The request in flight asks for a later page (with a token).
    pub fn pending_is_append(&self) -> bool {
        self.pending.is_some() && self.pending_append
    }

    /// Whether the answer to `req` is the one awaited.
    pub fn awaits(&self, req: u64) -> bool {
        self.pending == Some(req)
    }

    /// Changes whenever `items` does.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Changes when `items` is replaced or reordered; within one epoch pages only append.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The next page is wanted: there is one, nothing is in flight, and the selection is near the
    /// last of `visible_len` rows.
    pub fn wants_next_page(&self, visible_len: usize) -> bool {
        self.pending.is_none()
            && self.loaded
            && self.next_token.is_some()
            && self.cursor.near_end(visible_len, PREFETCH_MARGIN)
    }

    /// The item under the cursor among `rows` (indices into the items).
    pub fn selected_in(&self, rows: &[usize]) -> Option<&T> {
        rows.get(self.cursor.selected).map(|&i| &self.items[i])
    }

    /// Apply the answer to `req`, keeping the selected item selected through the re-sort.
    /// `false` when the answer is stale. An error keeps the rows already shown.
    pub fn receive<S, V>(
        &mut self,
        req: u64,
        result: Result<Page<T>, GatewayError>,
        rules: &Rules<T, S, V>,
    ) -> bool
    where
        S: Fn(&mut Vec<T>) -> bool,
        V: Fn(&[T]) -> Vec<usize>,
    {
        if !self.awaits(req) {
            return false;
        }
        self.pending = None;
        match result {
            Ok(page) => self.apply(page, rules),
            Err(e) => self.fail(e),
        }
        true
    }

    /// Apply a whole list that came without a request id (the domains): it restarts the list.
    pub fn receive_all<S, V>(
        &mut self,
        result: Result<Vec<T>, GatewayError>,
        rules: &Rules<T, S, V>,
    ) where
        S: Fn(&mut Vec<T>) -> bool,
        V: Fn(&[T]) -> Vec<usize>,
    {
        self.pending = None;
        self.pending_append = false;
        match result {
            Ok(items) => {
                let before = self.cursor.selected;
                self.apply(
                    Page {
                        items,
                        next_token: None,
                    },
                    rules,
                );
                // A reloaded list keeps the cursor where it was, as far as it still reaches.
                self.cursor.selected = before;
                self.cursor.clamp(self.items.len());
            }
            Err(e) => self.fail(e),
        }
    }

    /// Apply the answer to `req` like `receive`, but leave the cursor to the caller and sort
    /// with `sort(items, from)`, `from` being where the new page starts: a list that keeps its
    /// own derived rows (the audit timeline) then pays for the page, not for the whole list.
    /// `false` when the answer is stale.
    pub fn receive_page(
        &mut self,
        req: u64,
        result: Result<Page<T>, GatewayError>,
        sort: impl Fn(&mut Vec<T>, usize) -> bool,
    ) -> bool {
        if !self.awaits(req) {
            return false;
        }
        self.pending = None;
        match result {
            Ok(page) => {
                let append = self.pending_append;
                if !append {
                    self.items.clear();
                }
                let from = self.items.len();
                self.items.extend(page.items);
                let moved = sort(&mut self.items, from);
                self.took(moved, append, page.next_token);
            }
            Err(e) => self.fail(e),
        }
        true
    }

    /// A page is in: a new generation, a new epoch when rows moved or the list started over.
    fn took(&mut self, moved: bool, append: bool, next_token: Option<String>) {
        self.generation += 1;
        if moved || !append {
            self.epoch += 1;
        }
        self.next_token = next_token;
        self.loaded = true;
        self.error = None;
    }

    /// A failed answer: the list counts as loaded, with the error to show; its rows stay.
    fn fail(&mut self, e: GatewayError) {
        self.loaded = true;
        self.error = Some(crate::app::Problem::from(e));
    }

    /// Forget the rows (a failed first page of a search shows no stale rows).
    pub fn clear(&mut self) {
        self.items.clear();
        self.cursor.reset();
        self.next_token = None;
        self.generation += 1;
        self.epoch += 1;
    }

    fn apply<S, V>(&mut self, page: Page<T>, rules: &Rules<T, S, V>)
    where
        S: Fn(&mut Vec<T>) -> bool,
        V: Fn(&[T]) -> Vec<usize>,
    {
        let append = self.pending_append;
        let keep = append
            .then(|| {
                let rows = (rules.visible)(&self.items);
                rows.get(self.cursor.selected)
                    .map(|&i| (rules.id)(&self.items[i]).to_string())
            })
            .flatten();
        if !append {
            self.items.clear();
        }
        self.items.extend(page.items);
        let moved = (rules.sort)(&mut self.items);
        self.took(moved, append, page.next_token);
        let rows = (rules.visible)(&self.items);
        match keep {
            Some(k) => {
                // Usually a later page leaves the selected row where it was.
                let stayed = rows
                    .get(self.cursor.selected)
                    .is_some_and(|&i| (rules.id)(&self.items[i]) == k);
                if !stayed
                    && let Some(pos) = rows.iter().position(|&i| (rules.id)(&self.items[i]) == k)
                {
                    self.cursor.selected = pos;
                }
            }
            None if append => {}
            None => self.cursor.reset(),
        }
        self.cursor.clamp(rows.len());
    }
}

/// Rules for a list shown as it arrives: no re-sort, every row shown.
pub type AsArrived<T> = Rules<T, fn(&mut Vec<T>) -> bool, fn(&[T]) -> Vec<usize>>;

/// [`AsArrived`] rules, the selection kept by `id`.
pub fn as_arrived<T>(id: fn(&T) -> &str) -> AsArrived<T> {
    Rules {
        id,
        sort: |_| false,
        visible: |items| (0..items.len()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: &[&str], next: Option<&str>) -> Result<Page<String>, GatewayError> {
        Ok(Page {
            items: items.iter().map(|s| s.to_string()).collect(),
            next_token: next.map(str::to_string),
        })
    }

    fn rules() -> AsArrived<String> {
        as_arrived(|s: &String| s.as_str())
    }

    #[test]
    fn stale_answers_are_dropped_and_pages_append_or_restart() {
        let mut list = Paged::default();
        list.begin(1, false);
        assert!(
            !list.receive(7, page(&["x"], None), &rules()),
            "not awaited"
        );
        assert!(list.receive(1, page(&["a", "b"], Some("t")), &rules()));
        assert_eq!(list.items, ["a", "b"]);
        list.cursor.selected = 1;
        assert_eq!(list.begin_next(2), Some("t".to_string()));
        assert_eq!(list.begin_next(3), None, "one request at a time");
        assert!(list.pending_is_append());
        assert!(list.receive(2, page(&["c"], None), &rules()));
        assert_eq!(list.items, ["a", "b", "c"]);
        assert_eq!(list.cursor.selected, 1, "a later page keeps the selection");
        assert_eq!(list.begin_next(4), None, "no more pages");
        list.begin(5, false);
        assert!(list.receive(5, page(&["z"], None), &rules()));
        assert_eq!(
            (list.items.as_slice(), list.cursor.selected),
            (&["z".to_string()][..], 0)
        );
    }

    #[test]
    fn an_error_keeps_the_rows_and_a_whole_list_keeps_the_cursor() {
        let mut list = Paged::default();
        list.begin(1, false);
        list.receive(1, page(&["a", "b", "c"], None), &rules());
        list.cursor.selected = 2;
        list.begin(2, false);
        list.receive(2, Err(GatewayError::Validation("no".into())), &rules());
        assert!(list.error.is_some() && list.loaded && !list.is_loading());
        assert_eq!(list.items.len(), 3);
        list.begin_unnumbered();
        list.receive_all(Ok(vec!["p".into(), "q".into()]), &rules());
        assert_eq!(list.cursor.selected, 1, "clamped, not reset");
        assert!(list.error.is_none());
    }
}
