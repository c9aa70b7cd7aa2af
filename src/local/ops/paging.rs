//! Paging tokens. A token names a position in the listing's stable order (the sort key of the
//! last item handed out), not an offset, so deleting an item a client has already seen does not
//! shift the next page. A token is bound to the listing and query that issued it (a hash of
//! them travels inside it) and signed with a key this process drew at random: a token from
//! another query, an edited one or a made-up one is refused as `Invalid nextToken`.
//!
//! Every paged operation goes through [`page_by`] (or [`page`], its form for append-only
//! listings, or [`Resume`], for listings walked from the token's position instead of held
//! whole), so the format and its checks live here only.

use std::ops::Range;
use std::sync::LazyLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::opt_str;
use crate::local::error::ServiceError;

/// Bytes of the HMAC kept in a token: enough that guessing one is hopeless.
const MAC_LEN: usize = 16;

/// Signs tokens; drawn once per process, so a token does not outlive the service that issued it.
static TOKEN_KEY: LazyLock<[u8; 32]> = LazyLock::new(|| {
    let mut key = [0u8; 32];
    key.iter_mut().for_each(|b| *b = fastrand::u8(..));
    // fastrand is not a cryptographic generator: mix in a v4 UUID (from the OS's randomness).
    for (b, u) in key
        .iter_mut()
        .zip(uuid::Uuid::new_v4().as_bytes().iter().cycle())
    {
        *b ^= u;
    }
    key
});

/// One page of `items` (already in the listing's order, ascending by `key`), starting after the
/// position `nextToken` names, and the token for the page after. `listing` names the operation
/// and everything in the request that shapes the listing (filters, sorts, parent ids; not
/// `maxResults`), so a token only works for the query it came from. `key` must be unique per item
/// and ascending along `items`: the next page starts at the first item whose key is greater than
/// the last one handed out, wherever that item is now (or whether it is still there).
pub(crate) fn page_by<T, K>(
    input: &Value,
    listing: &str,
    default_size: usize,
    items: &[T],
    key: impl Fn(&T) -> K,
) -> Result<(Range<usize>, Option<String>), ServiceError>
where
    K: Ord + Serialize + DeserializeOwned,
{
    debug_assert!(
        items.windows(2).all(|w| key(&w[0]) < key(&w[1])),
        "{listing}: items are not in ascending, unique key order"
    );
    let query = query_hash(listing);
    let start = match token(input) {
        None => 0,
        Some(token) => {
            let after: K = decode(token, &query).ok_or_else(invalid_token)?;
            items.partition_point(|item| key(item) <= after)
        }
    };
    let end = start
        .saturating_add(page_size(input, default_size))
        .min(items.len());
    let next = (end < items.len()).then(|| encode(&key(&items[end - 1]), &query));
    Ok((start..end, next))
}

/// [`page_by`] for an append-only listing of `len` items (a case's history, a field's options):
/// an item's index never changes there, so the index is its position.
pub(crate) fn page(
    input: &Value,
    listing: &str,
    default_size: usize,
    len: usize,
) -> Result<(Range<usize>, Option<String>), ServiceError> {
    let query = query_hash(listing);
    let start = match token(input) {
        None => 0,
        Some(token) => {
            let after: u64 = decode(token, &query).ok_or_else(invalid_token)?;
            usize::try_from(after).map_or(len, |i| i.saturating_add(1).min(len))
        }
    };
    let end = start
        .saturating_add(page_size(input, default_size))
        .min(len);
    let next = (end < len).then(|| encode(&((end - 1) as u64), &query));
    Ok((start..end, next))
}

/// A page of a listing too large to put in order whole (SearchAllRelatedItems across a domain):
/// the caller walks its listing from a position instead of holding every item. Same tokens as
/// [`page_by`]: the key of the last item handed out, bound to `listing` and signed, checked here.
pub(crate) struct Resume<K> {
    query: String,
    /// The key of the last item the previous page handed out; the page starts after it.
    pub after: Option<K>,
    /// How many items the page holds at most.
    pub size: usize,
}

impl<K: Serialize + DeserializeOwned> Resume<K> {
    pub(crate) fn new(
        input: &Value,
        listing: &str,
        default_size: usize,
    ) -> Result<Self, ServiceError> {
        let query = query_hash(listing);
        let after = match token(input) {
            None => None,
            Some(token) => Some(decode(token, &query).ok_or_else(invalid_token)?),
        };
        Ok(Resume {
            query,
            after,
            size: page_size(input, default_size),
        })
    }

    /// The token for the page after one that ended with the item keyed `last`, when more items
    /// follow it.
    pub(crate) fn next(&self, last: &K, more: bool) -> Option<String> {
        more.then(|| encode(last, &self.query))
    }
}

fn token(input: &Value) -> Option<&str> {
    opt_str(input, "nextToken").filter(|t| !t.is_empty())
}

fn page_size(input: &Value, default_size: usize) -> usize {
    input
        .get("maxResults")
        .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
        .map_or(default_size, |n| n.max(1) as usize)
}

/// Wraps a page's items with the token for the next page, if any.
pub(crate) fn with_token(mut out: Value, next: Option<String>) -> Value {
    if let Some(t) = next {
        out["nextToken"] = json!(t);
    }
    out
}

fn invalid_token() -> ServiceError {
    ServiceError::validation("Invalid nextToken")
}

fn query_hash(listing: &str) -> String {
    let digest = Sha256::digest(listing.as_bytes());
    hex::encode(&digest[..12])
}

fn mac(payload: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&*TOKEN_KEY).expect("HMAC takes any key");
    mac.update(payload);
    mac.finalize().into_bytes()[..MAC_LEN].to_vec()
}

fn encode<K: Serialize>(position: &K, query: &str) -> String {
    let payload = json!({"v": 2, "q": query, "p": position}).to_string();
    let mut bytes = payload.into_bytes();
    let tag = mac(&bytes);
    bytes.extend_from_slice(&tag);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn decode<K: DeserializeOwned>(token: &str, query: &str) -> Option<K> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    let split = bytes.len().checked_sub(MAC_LEN)?;
    let (payload, tag) = bytes.split_at(split);
    // Constant time is not needed here (the key protects nothing secret), only integrity.
    (mac(payload) == tag).then_some(())?;
    let payload: Value = serde_json::from_slice(payload).ok()?;
    (payload["v"] == 2 && payload["q"] == query).then_some(())?;
    serde_json::from_value(payload["p"].clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_are_bound_to_their_listing() {
        let t = encode(&40u64, &query_hash("a"));
        assert_eq!(decode::<u64>(&t, &query_hash("a")), Some(40));
        assert_eq!(decode::<u64>(&t, &query_hash("b")), None);
        assert_eq!(decode::<u64>("garbage", &query_hash("a")), None);
        assert_eq!(decode::<u64>("zz", &query_hash("a")), None);
    }

    #[test]
    fn a_tampered_or_forged_token_is_refused() {
        let t = encode(&40u64, &query_hash("a"));
        let mut bytes = URL_SAFE_NO_PAD.decode(&t).unwrap();
        let at = bytes.iter().position(|b| *b == b'4').unwrap();
        bytes[at] = b'9';
        assert_eq!(
            decode::<u64>(&URL_SAFE_NO_PAD.encode(&bytes), &query_hash("a")),
            None
        );
        let forged = format!(
            "{}{}",
            json!({"v": 2, "q": query_hash("a"), "p": 1}),
            "x".repeat(MAC_LEN)
        );
        assert_eq!(
            decode::<u64>(&URL_SAFE_NO_PAD.encode(forged), &query_hash("a")),
            None
        );
    }

    #[test]
    fn page_walks_a_listing() {
        let (r, next) = page(&json!({"maxResults": 2}), "x", 10, 5).unwrap();
        assert_eq!(r, 0..2);
        let next = next.unwrap();
        let (r, next) = page(&json!({"maxResults": 2, "nextToken": next}), "x", 10, 5).unwrap();
        assert_eq!(r, 2..4);
        let (r, next) = page(
            &json!({"maxResults": 2, "nextToken": next.unwrap()}),
            "x",
            10,
            5,
        )
        .unwrap();
        assert_eq!((r, next), (4..5, None));
        let err = page(&json!({"nextToken": "abc"}), "x", 10, 5).unwrap_err();
        assert_eq!(err.message, "Invalid nextToken");
    }

    #[test]
    fn a_delete_between_pages_skips_nothing() {
        let items: Vec<u64> = (1..=6).collect();
        let (r, next) = page_by(&json!({"maxResults": 3}), "x", 10, &items, |i| *i).unwrap();
        assert_eq!(&items[r], &[1, 2, 3]);
        // The last item seen (3) and one before it are deleted.
        let items = vec![1, 4, 5, 6];
        let input = json!({"maxResults": 3, "nextToken": next.unwrap()});
        let (r, next) = page_by(&input, "x", 10, &items, |i| *i).unwrap();
        assert_eq!((&items[r], next), (&[4, 5, 6][..], None));
    }
}
