//! The case rebuilt from its audit history, event by event: case fields from old/new values,
//! related items created, updated and deleted. Events name no related item (the API gives only
//! its type), so an update or a delete is matched to the item whose chain of values it continues:
//! the live items whose current values equal the event's old values. When several could be the
//! one, each keeps both possibilities (its value before and after), so nothing learnt from the
//! history is ever more certain than the history is.
//!
//! A field's [`Cell`] is the set of values it may hold, each with the event that set it; `open`
//! means the history cannot tell (a field the service changes without an event, or one not yet
//! mentioned by a history that does not start at the case's creation). Event numbers are
//! positions in the chronological history the state was built from.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, Index};
use std::sync::Arc;

use crate::model::{AuditEvent, AuditField, FieldValue};

/// A field's value: `None` when the field is absent (never set, or removed).
pub type Value = Option<FieldValue>;

/// Case fields the service changes on every update without an audit event: the history never
/// knows their value.
pub const SILENT_CASE_FIELDS: [&str; 2] = ["last_updated_datetime", "last_updated_user"];

/// Item fields the service changes without an audit event (an SLA turns Met or Overdue).
pub const SILENT_ITEM_FIELDS: [&str; 1] = ["sla.status"];

/// Values a field may hold before the history is said not to tell it.
const MAX_CHOICES: usize = 16;

/// Events between two kept states, at first: rebuilding as of any moment replays at most the
/// current spacing.
const CHECKPOINT: usize = 512;

/// Item places all kept states may hold together: past this the spacing doubles and every other
/// state goes, so memory stays bounded however long the history is (each state keeps the items
/// that changed after it), and a case with few items keeps states close together (a thousand
/// items and 100k events: 512 apart).
const CHECKPOINT_BUDGET: usize = if cfg!(test) { 2_000 } else { 2_000_000 };

/// States kept at least and at most, whatever the number of items.
const MIN_CHECKPOINTS: usize = 16;
const MAX_CHECKPOINTS: usize = 1024;

/// One value a field may hold and the event that set it.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: Value,
    /// The event (its position in the chronological history) that set the value.
    pub by: usize,
}

/// What the history says a field holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// The first value it may hold: most cells hold one, kept in place (no allocation of its
    /// own, which a long history's tens of thousands of items would each pay).
    first: Option<Choice>,
    /// The other values it may hold (none when the history is sure, the usual case: a pointer's
    /// room); `None` when `first` is.
    // A box for a thin pointer (8 bytes; a `Vec` or a boxed slice takes 24 or 16 in every cell),
    // paid for with a second allocation only by the few cells that hold more than one value.
    #[allow(clippy::box_collection)]
    more: Option<Box<Vec<Choice>>>,
    /// It may also hold a value the history does not show.
    pub open: bool,
}

impl Cell {
    fn set(value: Value, by: usize) -> Self {
        Self {
            first: Some(Choice { value, by }),
            more: None,
            open: false,
        }
    }

    /// A cell the history says nothing about.
    pub fn unknown() -> Self {
        Self {
            first: None,
            more: None,
            open: true,
        }
    }

    /// Every value it may hold (one when the history is sure), in the order they were learnt.
    pub fn choices(&self) -> impl Iterator<Item = &Choice> {
        self.first.iter().chain(self.more())
    }

    fn more(&self) -> &[Choice] {
        self.more.as_deref().map_or(&[], Vec::as_slice)
    }

    /// Whether the field may hold `v`.
    pub fn admits(&self, v: &Value) -> bool {
        self.open || self.choices().any(|c| same(&c.value, v))
    }

    fn add(&mut self, value: Value, by: usize) {
        if self.open && self.first.is_none() {
            return;
        }
        let c = Choice { value, by };
        if self.choices().any(|x| *x == c) {
            return;
        }
        if self.first.is_none() {
            self.first = Some(c);
            return;
        }
        let more = self.more.get_or_insert_with(Box::default);
        more.push(c);
        // Items alike enough that a change could be any of many: past this the history is said
        // not to tell, which keeps a long history of look-alike items bounded in time and memory.
        if more.len() + 1 > MAX_CHOICES {
            self.first = None;
            self.more = None;
            self.open = true;
        }
    }

    /// The value, when the history is sure of it.
    pub fn known(&self) -> Option<&Value> {
        let first = &self.first.as_ref()?.value;
        (!self.open && self.more().iter().all(|c| same(&c.value, first))).then_some(first)
    }

    /// The distinct values it may hold, in the order they were learnt.
    pub fn values(&self) -> Vec<&Value> {
        let mut out: Vec<&Value> = Vec::new();
        for c in self.choices() {
            if !out.iter().any(|v| same(v, &c.value)) {
                out.push(&c.value);
            }
        }
        out
    }
}

/// Whether a related item still exists at the rebuilt moment.
#[derive(Debug, Clone, PartialEq)]
pub enum Life {
    Alive,
    /// A delete matched it and another item alike: either may be the one deleted.
    MaybeDeleted,
    /// Deleted by this event.
    Deleted(usize),
}

/// A field id or an item type, one allocation shared by every item that names it (a long
/// history keeps tens of thousands of items, each naming its type and fields).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<String>);

impl Name {
    pub fn new(s: &str) -> Self {
        Self(Arc::new(s.to_string()))
    }
}

impl Deref for Name {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The names a state has met, sorted: each is allocated once however many items name it.
#[derive(Debug, Clone, Default)]
struct Names(Vec<Name>);

impl Names {
    fn get(&mut self, s: &str) -> Name {
        match self.0.binary_search_by(|n| n.as_str().cmp(s)) {
            Ok(k) => self.0[k].clone(),
            Err(k) => {
                let name = Name::new(s);
                self.0.insert(k, name.clone());
                name
            }
        }
    }
}

/// A related item as the history knows it. Its place in [`CaseState::items`] is the order of the
/// creations, so the same item has the same place as of any later moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub item_type: Name,
    /// The event that created it; `None` for an item the history first sees changed (it was
    /// created before the history starts).
    pub created: Option<usize>,
    pub fields: Fields,
    pub life: Life,
}

impl Item {
    /// The field's cell; a field never mentioned is absent since the creation, or unknown for an
    /// item older than the history.
    pub fn cell(&self, field: &str) -> Cell {
        let mut cell = match (self.fields.get(field), self.created) {
            (Some(c), _) => c.clone(),
            (None, Some(by)) => Cell::set(None, by),
            (None, None) => Cell::unknown(),
        };
        if SILENT_ITEM_FIELDS.contains(&field) && self.item_type == "Sla" {
            cell.open = true;
        }
        cell
    }

    /// `self.cell(field).admits(v)`, without copying the cell: matching an event against
    /// every live item is the replay's hot path.
    pub fn admits(&self, field: &str, v: &Value) -> bool {
        if SILENT_ITEM_FIELDS.contains(&field) && self.item_type == "Sla" {
            return true;
        }
        match (self.fields.get(field), self.created) {
            (Some(c), _) => c.admits(v),
            (None, Some(_)) => v.is_none(),
            (None, None) => true,
        }
    }

    pub fn is_live(&self) -> bool {
        !matches!(self.life, Life::Deleted(_))
    }

    /// Whether the item may be the one the event's old values describe: each field the event
    /// names held its old value. `whole` (a delete names every field) also asks that the fields
    /// it does not name are absent.
    fn continues(&self, fields: &[AuditField], whole: bool) -> bool {
        let named = fields.iter().all(|f| self.admits(&f.field_id, &old_of(f)));
        named
            && (!whole
                || self
                    .fields
                    .iter()
                    .filter(|(id, _)| !fields.iter().any(|f| &f.field_id == *id))
                    .all(|(_, c)| c.admits(&None)))
    }
}

/// An item's cells by field id, in id order. A sorted vector, not a map: an item has a few
/// fields, and a long history keeps tens of thousands of items (a map's node costs ~600 bytes
/// however few fields it holds).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields(Vec<(Name, Cell)>);

impl Fields {
    /// The field's cell, if the history mentioned the field.
    pub fn get(&self, id: &str) -> Option<&Cell> {
        self.find(id).ok().map(|n| &self.0[n].1)
    }

    /// The cells in field id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Cell)> {
        self.0.iter().map(|(id, c)| (&**id, c))
    }

    /// The field ids in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(id, _)| &**id)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sets the field's cell (replacing what it held).
    pub fn insert(&mut self, id: Name, cell: Cell) {
        match self.find(&id) {
            Ok(n) => self.0[n].1 = cell,
            Err(n) => self.0.insert(n, (id, cell)),
        }
    }

    /// The field's cell, made by `make` when the field was not mentioned yet (`name` gives the
    /// shared id then).
    fn get_or_insert_with(
        &mut self,
        id: &str,
        name: impl FnOnce() -> Name,
        make: impl FnOnce() -> Cell,
    ) -> &mut Cell {
        let n = match self.find(id) {
            Ok(n) => n,
            Err(n) => {
                self.0.insert(n, (name(), make()));
                n
            }
        };
        &mut self.0[n].1
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }
}

impl FromIterator<(Name, Cell)> for Fields {
    fn from_iter<T: IntoIterator<Item = (Name, Cell)>>(iter: T) -> Self {
        let mut out = Fields::default();
        for (id, cell) in iter {
            out.insert(id, cell);
        }
        out.0.shrink_to_fit();
        out
    }
}

/// Items per chunk of [`Items`].
const CHUNK: usize = 64;

/// The items in the order of their creation, held in shared chunks: a kept state copies a
/// pointer per chunk, not per item, and a later change copies only the chunk it falls in (and
/// the item itself). A long history keeps tens of thousands of items and dozens of states.
#[derive(Debug, Clone, Default)]
pub struct Items {
    chunks: Vec<Arc<Vec<Arc<Item>>>>,
    len: usize,
}

impl Items {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, n: usize) -> Option<&Arc<Item>> {
        self.chunks.get(n / CHUNK)?.get(n % CHUNK)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<Item>> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    fn push(&mut self, item: Item) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        let k = self.chunks.len() - 1;
        self.chunk_mut(k).push(Arc::new(item));
        self.len += 1;
    }

    /// The item at `n`, copied first if a kept state shares it.
    fn make_mut(&mut self, n: usize) -> &mut Item {
        Arc::make_mut(&mut self.chunk_mut(n / CHUNK)[n % CHUNK])
    }

    /// Chunk `k`, copied first (at its full size) if a kept state shares it.
    fn chunk_mut(&mut self, k: usize) -> &mut Vec<Arc<Item>> {
        let chunk = &mut self.chunks[k];
        if Arc::get_mut(chunk).is_none() {
            let mut own = Vec::with_capacity(CHUNK);
            own.extend(chunk.iter().cloned());
            *chunk = Arc::new(own);
        }
        Arc::get_mut(chunk).expect("just made unique")
    }
}

impl Index<usize> for Items {
    type Output = Arc<Item>;
    fn index(&self, n: usize) -> &Arc<Item> {
        self.get(n).expect("item place out of range")
    }
}

impl PartialEq for Items {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

/// The case as of one moment of its history.
#[derive(Debug, Clone, Default)]
pub struct CaseState {
    pub fields: BTreeMap<String, Cell>,
    /// The `Case.Created` event, when the history starts with the case.
    pub created: Option<usize>,
    pub items: Items,
    /// The places of the live items of each type: an event is matched against these only.
    live: BTreeMap<Name, Vec<usize>>,
    /// The item types and field ids met, shared by the items that name them.
    names: Names,
    /// Events applied: the state is the history's first `applied` events replayed.
    pub applied: usize,
    /// Updates or deletes no item could have been the subject of (a history that does not
    /// start at the case's creation).
    pub unmatched: usize,
    /// Deletes matched to an item (surely or among look-alikes): each removed exactly one.
    pub deleted: usize,
}

/// What the states hold (the shared names are how, not what).
impl PartialEq for CaseState {
    fn eq(&self, other: &Self) -> bool {
        self.fields == other.fields
            && self.created == other.created
            && self.items == other.items
            && self.live == other.live
            && self.applied == other.applied
            && self.unmatched == other.unmatched
            && self.deleted == other.deleted
    }
}

impl CaseState {
    /// What the history says the case field holds.
    pub fn field(&self, id: &str) -> Cell {
        let mut cell = match (self.fields.get(id), self.created) {
            (Some(c), _) => c.clone(),
            (None, Some(by)) => Cell::set(None, by),
            (None, None) => Cell::unknown(),
        };
        if SILENT_CASE_FIELDS.contains(&id) {
            cell.open = true;
        }
        cell
    }

    /// The items that exist (or may exist) at this moment, with their places.
    pub fn live_items(&self) -> impl Iterator<Item = (usize, &Item)> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.is_live())
            .map(|(n, i)| (n, i.as_ref()))
    }

    /// How many items exist at this moment, when the history can tell: every creation adds one
    /// and every delete removes one, even when look-alike items leave open which one (those rows
    /// are all shown, marked maybe deleted). `None` for a history that does not start with the
    /// case (items from before it are unseen until changed).
    pub fn live_count(&self) -> Option<usize> {
        self.created?;
        Some(self.items.len().saturating_sub(self.deleted))
    }

    /// Rows marked maybe deleted.
    pub fn maybe_deleted(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.life == Life::MaybeDeleted)
            .count()
    }

    /// Replay event `i` (the next one of the chronological history).
    pub fn apply(&mut self, i: usize, e: &AuditEvent) {
        self.applied = self.applied.max(i + 1);
        match e.event_type.as_str() {
            "Case.Created" => {
                self.created = Some(i);
                for f in &e.fields {
                    self.fields
                        .insert(f.field_id.clone(), Cell::set(new_of(f), i));
                }
            }
            // A merge records the fields it changed old → new, as an update does.
            "Case.Updated" | "Case.Merged" => {
                for f in &e.fields {
                    self.fields
                        .insert(f.field_id.clone(), Cell::set(new_of(f), i));
                }
            }
            "RelatedItem.Created" => {
                let names = &mut self.names;
                let fields = e
                    .fields
                    .iter()
                    .filter_map(|f| {
                        new_of(f).map(|v| (names.get(&f.field_id), Cell::set(Some(v), i)))
                    })
                    .collect();
                let item_type = self.names.get(item_type(e));
                self.push_item(Item {
                    item_type,
                    created: Some(i),
                    fields,
                    life: Life::Alive,
                });
            }
            "RelatedItem.Updated" => self.update_item(i, e),
            "RelatedItem.Deleted" => self.delete_item(i, e),
            // Other events (merges, events this build does not know) change nothing it tracks.
            _ => {}
        }
    }

    /// A copy to keep, without the live places: they follow from the items, and a kept state
    /// holding them would cost a second pointer per item.
    fn kept(&self) -> Self {
        Self {
            fields: self.fields.clone(),
            created: self.created,
            items: self.items.clone(),
            live: BTreeMap::new(),
            names: self.names.clone(),
            applied: self.applied,
            unmatched: self.unmatched,
            deleted: self.deleted,
        }
    }

    /// Rebuilds the live places from the items: those not surely deleted, by type, in order of
    /// creation (as `push_item` and `delete_item` keep them).
    fn relive(&mut self) {
        self.live.clear();
        for (n, item) in self.items.iter().enumerate() {
            if item.is_live() {
                self.live.entry(item.item_type.clone()).or_default().push(n);
            }
        }
    }

    fn push_item(&mut self, item: Item) {
        self.live
            .entry(item.item_type.clone())
            .or_default()
            .push(self.items.len());
        self.items.push(item);
    }

    /// The live items of the event's type that its old values continue.
    fn candidates(&self, e: &AuditEvent, whole: bool) -> Vec<usize> {
        let Some(live) = self
            .live
            .get(e.related_item_type.as_deref().unwrap_or_default())
        else {
            return Vec::new();
        };
        live.iter()
            .copied()
            .filter(|&n| self.items[n].continues(&e.fields, whole))
            .collect()
    }

    /// A history that does not start with the case may hold changes of items created before it.
    fn older_items_possible(&self) -> bool {
        self.created.is_none()
    }

    fn update_item(&mut self, i: usize, e: &AuditEvent) {
        let found = self.candidates(e, false);
        let sure = found.len() == 1 && !self.older_items_possible();
        if found.is_empty() {
            self.unmatched += 1;
            // An item from before the history: it is known from here on by what this event set.
            let names = &mut self.names;
            let fields = e
                .fields
                .iter()
                .map(|f| (names.get(&f.field_id), Cell::set(new_of(f), i)))
                .collect();
            let item_type = self.names.get(item_type(e));
            self.push_item(Item {
                item_type,
                created: None,
                fields,
                life: Life::Alive,
            });
            return;
        }
        for n in found {
            let item = self.items.make_mut(n);
            let created = item.created;
            for f in &e.fields {
                let names = &mut self.names;
                let cell = item.fields.get_or_insert_with(
                    &f.field_id,
                    || names.get(&f.field_id),
                    // The field was absent since the creation (or unknown before the history).
                    || match created {
                        Some(by) => Cell::set(None, by),
                        None => Cell::unknown(),
                    },
                );
                if sure {
                    *cell = Cell::set(new_of(f), i);
                } else {
                    cell.add(new_of(f), i);
                }
            }
            if sure {
                item.life = Life::Alive;
            }
        }
    }

    fn delete_item(&mut self, i: usize, e: &AuditEvent) {
        let found = self.candidates(e, true);
        if found.is_empty() {
            self.unmatched += 1;
            return;
        }
        self.deleted += 1;
        let sure = found.len() == 1 && !self.older_items_possible();
        for n in found {
            let item = self.items.make_mut(n);
            if sure {
                item.life = Life::Deleted(i);
                if let Some(live) = self.live.get_mut(&item.item_type) {
                    live.retain(|&m| m != n);
                    // No empty lists: the places rebuilt from the items (`relive`) have none.
                    if live.is_empty() {
                        self.live.remove(&item.item_type);
                    }
                }
            } else if item.life == Life::Alive {
                item.life = Life::MaybeDeleted;
            }
        }
    }
}

/// The history replayed as it arrives, with a state kept every few hundred events so the case
/// as of any moment is a copy and a short replay away. Pages append in time order, so each page
/// replays only its own events; a history replaced or reordered (a new `epoch`) starts over.
#[derive(Debug, Clone, Default)]
pub struct History {
    epoch: u64,
    /// Events between kept states (0: the default, [`CHECKPOINT`]).
    every: usize,
    latest: CaseState,
    /// `checkpoints[k]` is the state after `k * CHECKPOINT` events.
    checkpoints: Vec<CaseState>,
}

impl History {
    /// A history keeping a state every `every` events (tests use small numbers).
    pub fn every(every: usize) -> Self {
        Self {
            every: every.max(1),
            ..Self::default()
        }
    }

    fn step(&self) -> usize {
        if self.every == 0 {
            CHECKPOINT
        } else {
            self.every
        }
    }

    /// Replays the events of `items` (chronological) not replayed yet.
    pub fn catch_up(&mut self, items: &[AuditEvent], epoch: u64) {
        if self.epoch != epoch || self.latest.applied > items.len() {
            *self = History {
                epoch,
                every: self.every,
                ..History::default()
            };
        }
        for (i, e) in items.iter().enumerate().skip(self.latest.applied) {
            let step = self.step();
            if i % step == 0 && self.checkpoints.len() == i / step {
                self.checkpoints.push(self.latest.kept());
                let cap = (CHECKPOINT_BUDGET / (self.latest.items.len() + 1))
                    .clamp(MIN_CHECKPOINTS, MAX_CHECKPOINTS);
                if self.checkpoints.len() > cap {
                    self.every = step * 2;
                    let kept = std::mem::take(&mut self.checkpoints);
                    self.checkpoints = kept.into_iter().step_by(2).collect();
                }
            }
            self.latest.apply(i, e);
        }
    }

    /// The state after every replayed event.
    pub fn latest(&self) -> &CaseState {
        &self.latest
    }

    /// Events replayed so far.
    pub fn replayed(&self) -> usize {
        self.latest.applied
    }

    /// The case after the first `upto` events of `items` (the list `catch_up` was given).
    pub fn at(&self, items: &[AuditEvent], upto: usize) -> CaseState {
        let upto = upto.min(items.len());
        if upto >= self.latest.applied {
            let mut state = self.latest.clone();
            for (i, e) in items.iter().enumerate().take(upto).skip(state.applied) {
                state.apply(i, e);
            }
            return state;
        }
        let k = (upto / self.step()).min(self.checkpoints.len().saturating_sub(1));
        let mut state = self.checkpoints.get(k).cloned().unwrap_or_default();
        state.relive();
        for (i, e) in items.iter().enumerate().take(upto).skip(state.applied) {
            state.apply(i, e);
        }
        state
    }
}

/// `replay(items[..upto])` from nothing: what [`History::at`] must equal.
pub fn replay(items: &[AuditEvent]) -> CaseState {
    let mut state = CaseState::default();
    for (i, e) in items.iter().enumerate() {
        state.apply(i, e);
    }
    state
}

/// Whether two values are the same. Times the service writes as text compare as instants, so
/// an SLA's target read from the item matches the text its event recorded.
pub fn same(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    match (a, b) {
        (Some(FieldValue::String(x)), Some(FieldValue::String(y))) => {
            match (
                chrono::DateTime::parse_from_rfc3339(x),
                chrono::DateTime::parse_from_rfc3339(y),
            ) {
                (Ok(x), Ok(y)) => x == y,
                _ => false,
            }
        }
        _ => false,
    }
}

/// A value as the history keeps it: the empty value is an absent field.
pub fn norm(v: &FieldValue) -> Value {
    match v {
        FieldValue::Empty => None,
        v => Some(v.clone()),
    }
}

fn old_of(f: &AuditField) -> Value {
    f.old_value.as_ref().and_then(norm)
}

fn new_of(f: &AuditField) -> Value {
    norm(&f.new_value)
}

fn item_type(e: &AuditEvent) -> &str {
    e.related_item_type.as_deref().unwrap_or_default()
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
