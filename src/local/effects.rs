//! What one write changed in the store, as the log records it: only the parts touched, so a
//! record costs the size of the change, not of the store.
//!
//! The operations stay unaware of persistence. Before a write, [`Before::capture`] notes the
//! parts the request can reach: the domain it names (its fields, templates, layouts and
//! settings, serialized without its cases), and each case named anywhere in the request (its
//! header, a fingerprint of each related item, the length of its history). After the write,
//! [`Before::effects`] compares: a changed header is logged whole, history that grew is logged as
//! its new tail, related items that are new or whose fingerprint changed are logged one by one
//! (an UpdateCase may meet an SLA the request never named), deleted ones by id. Cases the answer
//! names that did not exist (CreateCase's) are logged whole. Whenever the counts do not add up,
//! items changed order or history was rewritten, the record falls back to the whole case or the
//! whole store: slower, never wrong. Operations change only the domain and the cases they name
//! (by id, or by reference id in a batch's `cases`); CreateDomain and DeleteDomain change the
//! list of domains, which is compared whole. The one change no request names, a merge falling
//! due, is made and logged by [`finish_due_merges`] before any call, reads included.
//!
//! A write costs the size of the touched domain's settings and of the touched cases' item list
//! (fingerprints), plus what changed; never the size of the store.

use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use serde_json::{Value, json};

use super::store::{Case, Domain, RelatedIndex, RelatedItem, Store};

/// The parts of the store a write may change, as they were before it.
pub(crate) struct Before {
    domain_ids: Vec<String>,
    scope: Option<DomainBefore>,
    /// Strings of the request (and their `/`- and `:`-separated parts): ids it may name.
    names: HashSet<String>,
}

struct DomainBefore {
    id: String,
    /// The operation changes no related item but those it names (see [`NAMES_ITS_ITEMS`]).
    names_only: bool,
    /// For those operations: the item the request names (`relatedItemId`), if any.
    named_item: Option<String>,
    head: String,
    cases_len: usize,
    tokens_len: usize,
    cases: Vec<CaseBefore>,
}

struct CaseBefore {
    id: String,
    head: String,
    /// Each related item's id and fingerprint, in order.
    related: Vec<(String, u64)>,
    audit_len: usize,
    /// The fingerprint of the last audit event: history only grows at its end.
    audit_last: Option<u64>,
}

impl CaseBefore {
    fn of(c: &mut Case) -> CaseBefore {
        CaseBefore {
            id: c.id.clone(),
            head: case_head(c),
            related: c
                .related
                .iter()
                .map(|r| (r.id.clone(), fingerprint(r)))
                .collect(),
            audit_len: c.audit.len(),
            audit_last: c.audit.last().map(fingerprint),
        }
    }
}

/// What the last write touching each domain and case left, serialized and fingerprinted: the
/// next write to them compares against this instead of computing it again. Kept under the
/// store's lock. A part changed by a write that did not name it would be stale here; the next
/// write that names it then logs the difference, so staleness delays, never loses, a change.
#[derive(Default)]
pub(crate) struct Fingerprints {
    heads: HashMap<String, String>,
    cases: HashMap<(String, String), CaseBefore>,
}

impl Fingerprints {
    fn forget_domains_other_than(&mut self, ids: &[&str]) {
        self.heads.retain(|d, _| ids.contains(&d.as_str()));
        self.cases.retain(|(d, _), _| ids.contains(&d.as_str()));
    }
}

/// Operations that change no related item but the one they name or create: the items they do not
/// name keep the fingerprints the last write left. Any other operation (UpdateCase may meet an
/// SLA it does not name; an operation added later) has every item of its cases fingerprinted.
/// The reload test in `persist_tests.rs` runs each of these.
const NAMES_ITS_ITEMS: &[&str] = &[
    "CreateRelatedItem",
    "UpdateRelatedItem",
    "DeleteRelatedItem",
];

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("the store serializes")
}

/// A domain without its cases and case tokens (logged separately).
fn domain_head(d: &mut Domain) -> String {
    let cases = std::mem::take(&mut d.cases);
    let tokens = std::mem::take(&mut d.client_tokens);
    let head = to_json(d);
    d.cases = cases;
    d.client_tokens = tokens;
    head
}

/// A case without its related items and history (logged separately).
fn case_head(c: &mut Case) -> String {
    let related = std::mem::take(&mut c.related);
    let audit = std::mem::take(&mut c.audit);
    let head = to_json(c);
    c.related = related;
    c.audit = audit;
    head
}

fn collect_names(value: &Value, out: &mut HashSet<String>) {
    match value {
        Value::String(s) if s.len() <= 2048 => {
            out.insert(s.clone());
            for part in s.split(['/', ':']) {
                out.insert(part.to_owned());
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_names(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_names(v, out)),
        _ => {}
    }
}

impl Before {
    /// Notes what `input` can reach in `store`, before the write runs. What the last write
    /// left in `cache` is used instead of serializing the same parts again.
    pub(crate) fn capture(
        store: &mut Store,
        operation: &str,
        input: &Value,
        cache: &mut Fingerprints,
    ) -> Before {
        let mut names = HashSet::new();
        collect_names(input, &mut names);
        let references = references(input);
        let domain_ids = store.domains.iter().map(|d| d.id.clone()).collect();
        let wanted = input.get("domainId").and_then(Value::as_str);
        let domain = store
            .domains
            .iter_mut()
            .find(|d| wanted.map_or_else(|| names.contains(&d.id), |w| d.id == w));
        let scope = domain.map(|d| {
            let cases = d
                .cases
                .values_mut()
                .filter(|c| names.contains(&c.id) || names_by_reference(c, &references))
                .map(|c| {
                    cache
                        .cases
                        .remove(&(d.id.clone(), c.id.clone()))
                        .unwrap_or_else(|| CaseBefore::of(c))
                })
                .collect();
            DomainBefore {
                id: d.id.clone(),
                names_only: NAMES_ITS_ITEMS.contains(&operation),
                named_item: NAMES_ITS_ITEMS
                    .contains(&operation)
                    .then(|| input.get("relatedItemId").and_then(Value::as_str))
                    .flatten()
                    .map(str::to_owned),
                head: cache.heads.remove(&d.id).unwrap_or_else(|| domain_head(d)),
                cases_len: d.cases.len(),
                tokens_len: d.client_tokens.len(),
                cases,
            }
        });
        Before {
            domain_ids,
            scope,
            names,
        }
    }

    /// The effects of the write that ran since [`Before::capture`], as JSON texts for the log.
    /// What it had to serialize of the parts it compared goes into `cache` for the next write.
    pub(crate) fn effects(
        mut self,
        store: &mut Store,
        output: &Value,
        cache: &mut Fingerprints,
    ) -> Vec<String> {
        collect_names(output, &mut self.names);
        let mut out = Vec::new();
        let now: Vec<&str> = store.domains.iter().map(|d| d.id.as_str()).collect();
        if now != self.domain_ids {
            let kept: Vec<&str> = self
                .domain_ids
                .iter()
                .map(String::as_str)
                .filter(|id| now.contains(id))
                .collect();
            let appended = &now[kept.len().min(now.len())..];
            if now.starts_with(&kept) {
                for id in self
                    .domain_ids
                    .iter()
                    .filter(|id| !now.contains(&id.as_str()))
                {
                    out.push(to_json(&json!({"DomainDeleted": {"domain": id}})));
                }
                for id in appended {
                    let d = store.domain(id).expect("listed");
                    out.push(to_json(&json!({"DomainPut": {"domain": d}})));
                }
                out.push(to_json(&json!({"DomainSeq": store.domain_seq})));
            } else {
                return vec![whole_store(store)];
            }
            cache.forget_domains_other_than(&now);
        }
        let Some(scope) = self.scope.take() else {
            return out;
        };
        let Ok(domain) = store.domain_mut(&scope.id) else {
            return out;
        };
        let head = domain_head(domain);
        if head != scope.head {
            out.push(format!(
                r#"{{"DomainHead":{{"domain":{},"head":{head}}}}}"#,
                to_json(&scope.id)
            ));
        }
        cache.heads.insert(scope.id.clone(), head);
        match case_effects(domain, scope, &self.names, cache) {
            Some(effects) => out.extend(effects),
            None => return vec![whole_store(store)],
        }
        out
    }
}

/// The reference ids a batch request names its cases by (`cases[].caseIdentifier.referenceId`,
/// matched without regard to case, as `ops::batch` does), lowercased.
fn references(input: &Value) -> HashSet<String> {
    input["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["caseIdentifier"]["referenceId"].as_str())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a request that names cases by reference id (BatchUpdateCase,
/// BatchCreateRelatedItem) reaches `case`: those cases change without their id in the request.
fn names_by_reference(case: &Case, references: &HashSet<String>) -> bool {
    !references.is_empty()
        && case
            .fields
            .get("reference_number")
            .and_then(|v| v["stringValue"].as_str())
            .is_some_and(|r| references.contains(&r.to_lowercase()))
}

/// Carries out the merges due at `now` (see `ops::merge::finish_due`) and returns their effects
/// for the log. The store completes a due merge at the start of whatever call comes next, a read
/// or a write naming other cases, so the server runs this first, under the same lock, and logs
/// it whatever the request is: the merge changes a domain and two cases the request need not
/// name.
pub(crate) fn finish_due_merges(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    cache: &mut Fingerprints,
) -> Vec<String> {
    let due: Vec<(String, Vec<String>)> = store
        .domains
        .iter()
        .filter_map(|d| {
            let cases: Vec<String> = d
                .merges
                .iter()
                .filter(|m| !m.completed && m.due <= now)
                .flat_map(|m| [m.primary.clone(), m.secondary.clone()])
                .collect();
            (!cases.is_empty()).then(|| (d.id.clone(), cases))
        })
        .collect();
    if due.is_empty() {
        return Vec::new();
    }
    let befores: Vec<Before> = due
        .into_iter()
        .map(|(domain, cases)| {
            let input = json!({"domainId": domain, "caseIds": cases});
            Before::capture(store, "CompleteMerges", &input, cache)
        })
        .collect();
    super::ops::merge::finish_due(store, now);
    let mut out = Vec::new();
    for before in befores {
        let effects = before.effects(store, &Value::Null, cache);
        if effects.iter().any(|e| e.starts_with(r#"{"Store":"#)) {
            return vec![whole_store(store)];
        }
        out.extend(effects);
    }
    out
}

fn whole_store(store: &Store) -> String {
    to_json(&json!({ "Store": store }))
}

/// The effects on the scope domain's cases and case tokens; `None` when the changes are not
/// the ones the request names (the caller then logs the whole store).
fn case_effects(
    domain: &mut Domain,
    scope: DomainBefore,
    names: &HashSet<String>,
    cache: &mut Fingerprints,
) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let d = to_json(&domain.id);
    let mut expected_len = scope.cases_len;
    let before: HashSet<String> = scope.cases.iter().map(|c| c.id.clone()).collect();
    for cb in scope.cases {
        let Some(case) = domain.cases.get_mut(&cb.id) else {
            out.push(format!(
                r#"{{"CaseDeleted":{{"domain":{d},"case":{}}}}}"#,
                to_json(&cb.id)
            ));
            expected_len -= 1;
            continue;
        };
        let cb = match scope.names_only {
            true => match one_named_item(case, cb, scope.named_item.as_deref(), &d) {
                Ok((effects, after)) => {
                    out.extend(effects);
                    cache
                        .cases
                        .insert((domain.id.clone(), after.id.clone()), after);
                    continue;
                }
                Err(cb) => cb,
            },
            false => cb,
        };
        let id = cb.id.clone();
        let names_only = scope.names_only.then_some(names);
        let (effects, after) = item_effects(case, &cb, &d, names_only);
        match effects {
            Some(effects) => out.extend(effects),
            None => out.push(format!(
                r#"{{"CasePut":{{"domain":{d},"case":{}}}}}"#,
                to_json(case)
            )),
        }
        cache.cases.insert((domain.id.clone(), id), after);
    }
    // Cases the answer names that the request did not: created by this write.
    for name in names {
        if !before.contains(name)
            && let Some(case) = domain.cases.get(name)
        {
            out.push(format!(
                r#"{{"CasePut":{{"domain":{d},"case":{}}}}}"#,
                to_json(case)
            ));
            expected_len += 1;
        }
    }
    if domain.cases.len() != expected_len {
        return None;
    }
    if domain.client_tokens.len() != scope.tokens_len {
        let grown = domain.client_tokens.len() == scope.tokens_len + 1;
        let token = names.iter().find(|n| domain.client_tokens.contains_key(*n));
        match (grown, token) {
            (true, Some(token)) => out.push(format!(
                r#"{{"TokenPut":{{"domain":{d},"token":{},"case":{}}}}}"#,
                to_json(token),
                to_json(&domain.client_tokens[token])
            )),
            _ => out.push(format!(
                r#"{{"TokensPut":{{"domain":{d},"tokens":{}}}}}"#,
                to_json(&domain.client_tokens)
            )),
        }
    }
    Some(out)
}

/// The effects on one case (`None` when only the whole case can say what changed), and the
/// case as it is now, for the next write's comparison.
fn item_effects(
    case: &mut Case,
    cb: &CaseBefore,
    d: &str,
    names_only: Option<&HashSet<String>>,
) -> (Option<Vec<String>>, CaseBefore) {
    let head = case_head(case);
    // Writes that change only the items they name need not fingerprint the others again.
    let known: HashMap<&str, u64> = match names_only {
        Some(_) => cb.related.iter().map(|(id, f)| (id.as_str(), *f)).collect(),
        None => HashMap::new(),
    };
    let related: Vec<(String, u64)> = case
        .related
        .iter()
        .map(|r| {
            let kept = names_only
                .filter(|names| !names.contains(&r.id))
                .and_then(|_| known.get(r.id.as_str()).copied());
            (r.id.clone(), kept.unwrap_or_else(|| fingerprint(r)))
        })
        .collect();
    let after = CaseBefore {
        id: case.id.clone(),
        head,
        related,
        audit_len: case.audit.len(),
        audit_last: case.audit.last().map(fingerprint),
    };
    (changes(case, cb, &after, d), after)
}

fn changes(case: &Case, cb: &CaseBefore, after: &CaseBefore, d: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let c = to_json(&case.id);
    if after.head != cb.head {
        out.push(format!(
            r#"{{"CaseHead":{{"domain":{d},"case":{}}}}}"#,
            after.head
        ));
    }
    let kept_history = case.audit.len() >= cb.audit_len
        && cb
            .audit_len
            .checked_sub(1)
            .map(|i| fingerprint(&case.audit[i]))
            == cb.audit_last;
    if !kept_history {
        return None;
    }
    if case.audit.len() > cb.audit_len {
        out.push(format!(
            r#"{{"AuditAppended":{{"domain":{d},"case":{c},"events":{}}}}}"#,
            to_json(&case.audit[cb.audit_len..])
        ));
    }
    // Replay puts a new item at the end and replaces a changed one where it is: the items
    // that were there must keep their order, new ones must come after them.
    let before: HashMap<&str, u64> = cb.related.iter().map(|(id, f)| (id.as_str(), *f)).collect();
    let now: HashSet<&str> = after.related.iter().map(|(id, _)| id.as_str()).collect();
    let survivors = cb
        .related
        .iter()
        .filter(|(id, _)| now.contains(id.as_str()));
    let in_order = after
        .related
        .iter()
        .take_while(|(id, _)| before.contains_key(id.as_str()))
        .map(|(id, _)| id.as_str())
        .eq(survivors.map(|(id, _)| id.as_str()));
    let added_at_end = after
        .related
        .iter()
        .skip_while(|(id, _)| before.contains_key(id.as_str()))
        .all(|(id, _)| !before.contains_key(id.as_str()));
    if !(in_order && added_at_end) {
        return None;
    }
    for (id, _) in cb
        .related
        .iter()
        .filter(|(id, _)| !now.contains(id.as_str()))
    {
        out.push(format!(
            r#"{{"RelatedDeleted":{{"domain":{d},"case":{c},"item":{}}}}}"#,
            to_json(id)
        ));
    }
    for (item, (_, print)) in case.related.iter().zip(&after.related) {
        if before.get(item.id.as_str()) != Some(print) {
            out.push(format!(
                r#"{{"RelatedPut":{{"domain":{d},"case":{c},"item":{}}}}}"#,
                to_json(item)
            ));
        }
    }
    Some(out)
}

/// The effects of an operation in [`NAMES_ITS_ITEMS`] on a case, without fingerprinting items it
/// does not name: it created the last item, or changed or deleted the one it names. `Err` hands
/// the comparison back when the case does not look like that.
fn one_named_item(
    case: &mut Case,
    mut cb: CaseBefore,
    named: Option<&str>,
    d: &str,
) -> Result<(Vec<String>, CaseBefore), CaseBefore> {
    let history_kept = case.audit.len() >= cb.audit_len
        && cb
            .audit_len
            .checked_sub(1)
            .map(|i| fingerprint(&case.audit[i]))
            == cb.audit_last;
    if !history_kept {
        return Err(cb);
    }
    let c = to_json(&case.id);
    let mut out = Vec::new();
    let put = |item: &RelatedItem| {
        format!(
            r#"{{"RelatedPut":{{"domain":{d},"case":{c},"item":{}}}}}"#,
            to_json(item)
        )
    };
    let position = named.and_then(|named| cb.related.iter().position(|(id, _)| id == named));
    match (
        case.related.len() as isize - cb.related.len() as isize,
        position,
    ) {
        // CreateRelatedItem names no item in its request: the new one is at the end.
        (1, None) => {
            let item = case.related.last().expect("one more item");
            if cb.related.iter().any(|(id, _)| *id == item.id) {
                return Err(cb);
            }
            out.push(put(item));
            cb.related.push((item.id.clone(), fingerprint(item)));
        }
        (0, Some(at)) if Some(case.related[at].id.as_str()) == named => {
            let print = fingerprint(&case.related[at]);
            if print != cb.related[at].1 {
                out.push(put(&case.related[at]));
                cb.related[at].1 = print;
            }
        }
        (-1, Some(at)) if case.related.iter().all(|r| Some(r.id.as_str()) != named) => {
            out.push(format!(
                r#"{{"RelatedDeleted":{{"domain":{d},"case":{c},"item":{}}}}}"#,
                to_json(&cb.related[at].0)
            ));
            cb.related.remove(at);
        }
        (0, None) => {}
        _ => return Err(cb),
    }
    let head = case_head(case);
    if head != cb.head {
        out.push(format!(r#"{{"CaseHead":{{"domain":{d},"case":{head}}}}}"#));
        cb.head = head;
    }
    if case.audit.len() > cb.audit_len {
        out.push(format!(
            r#"{{"AuditAppended":{{"domain":{d},"case":{c},"events":{}}}}}"#,
            to_json(&case.audit[cb.audit_len..])
        ));
    }
    cb.audit_len = case.audit.len();
    cb.audit_last = case.audit.last().map(fingerprint);
    Ok((out, cb))
}

/// A 64-bit FNV-1a hash of a value's JSON, written straight into the hash (no text is built),
/// so every member counts, including ones added to the store's types later.
fn fingerprint<T: serde::Serialize>(value: &T) -> u64 {
    struct Fnv(u64);
    impl std::io::Write for Fnv {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    serde_json::to_writer(&mut hash, value).expect("the store serializes");
    hash.0
}

/// Applies one logged effect to `store` (start-up and compaction).
pub(crate) fn apply(store: &mut Store, effect: &Value) -> anyhow::Result<()> {
    let (kind, body) = effect
        .as_object()
        .and_then(|o| o.iter().next())
        .context("an effect is an object with one member")?;
    let str_at = |key: &str| -> anyhow::Result<String> {
        body[key]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("{kind} has no {key}"))
    };
    let parse = |key: &str| body[key].clone();
    match kind.as_str() {
        "Store" => *store = serde_json::from_value(body.clone())?,
        "DomainDeleted" => {
            let id = str_at("domain")?;
            store.domains.retain(|d| d.id != id);
        }
        "DomainPut" => {
            let domain: Domain = serde_json::from_value(parse("domain"))?;
            store.domains.retain(|d| d.id != domain.id);
            store.domains.push(domain);
        }
        "DomainSeq" => store.domain_seq = body.as_u64().context("DomainSeq is a number")?,
        "DomainHead" => {
            let mut head: Domain = serde_json::from_value(parse("head"))?;
            let domain = store.domain_mut(&str_at("domain")?).map_err(to_anyhow)?;
            head.cases = std::mem::take(&mut domain.cases);
            head.client_tokens = std::mem::take(&mut domain.client_tokens);
            *domain = head;
        }
        "CaseDeleted" => {
            let domain = store.domain_mut(&str_at("domain")?).map_err(to_anyhow)?;
            domain.remove_case(&str_at("case")?);
        }
        "CasePut" => {
            let case: Case = serde_json::from_value(parse("case"))?;
            let domain = store.domain_mut(&str_at("domain")?).map_err(to_anyhow)?;
            domain.put_case(case);
        }
        "CaseHead" => {
            let mut head: Case = serde_json::from_value(parse("case"))?;
            let domain = store.domain_mut(&str_at("domain")?).map_err(to_anyhow)?;
            let case = domain
                .remove_case(&head.id)
                .with_context(|| format!("Case {} not found", head.id))?;
            head.related = case.related;
            head.audit = case.audit;
            domain.put_case(head);
        }
        "AuditAppended" => {
            let events: Vec<Value> = serde_json::from_value(parse("events"))?;
            case_in(store, &str_at("domain")?, &str_at("case")?)?
                .1
                .audit
                .extend(events);
        }
        "RelatedDeleted" => {
            let id = str_at("item")?;
            let (index, case) = case_in(store, &str_at("domain")?, &str_at("case")?)?;
            if let Some(at) = case.related.iter().position(|r| r.id == id) {
                let item = case.related.remove(at);
                index.remove(case.seq, &item);
            }
        }
        "RelatedPut" => {
            let item: RelatedItem = serde_json::from_value(parse("item"))?;
            let (index, case) = case_in(store, &str_at("domain")?, &str_at("case")?)?;
            let at = match case.related.iter().position(|r| r.id == item.id) {
                Some(at) => {
                    let old = std::mem::replace(&mut case.related[at], item);
                    index.remove(case.seq, &old);
                    at
                }
                None => {
                    case.related.push(item);
                    case.related.len() - 1
                }
            };
            index.insert(case, &case.related[at]);
        }
        "TokenPut" => {
            let domain = store.domain_mut(&str_at("domain")?).map_err(to_anyhow)?;
            domain
                .client_tokens
                .insert(str_at("token")?, str_at("case")?);
        }
        "TokensPut" => {
            let tokens = serde_json::from_value(parse("tokens"))?;
            store
                .domain_mut(&str_at("domain")?)
                .map_err(to_anyhow)?
                .client_tokens = tokens;
        }
        other => anyhow::bail!("unknown effect {other}"),
    }
    Ok(())
}

/// The case `case` of `domain`, and the domain's related item index (for the item changes).
fn case_in<'a>(
    store: &'a mut Store,
    domain: &str,
    case: &str,
) -> anyhow::Result<(&'a mut RelatedIndex, &'a mut Case)> {
    let domain = store.domain_mut(domain).map_err(to_anyhow)?;
    let case = domain
        .cases
        .get_mut(case)
        .with_context(|| format!("Case {case} not found"))?;
    Ok((&mut domain.related_index, case))
}

fn to_anyhow(e: super::error::ServiceError) -> anyhow::Error {
    anyhow::anyhow!(e.message)
}
