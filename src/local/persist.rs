//! `serve --state FILE`: the store on disk as a snapshot plus an append-only log of changes.
//!
//! - `FILE` is a snapshot: `{"format": "cases-tui-state", "version": 2, "seq": N, "store": ..}`,
//!   the store after the log record numbered `N`. A file in the old format (the bare store, as
//!   written before the log existed) loads as a snapshot with `seq` 0 and is rewritten in the new
//!   format by the first compaction.
//! - `FILE.log` holds one record per acknowledged write, each framed as a little-endian `u32`
//!   length, the first 8 bytes of the payload's SHA-256, then the payload
//!   (`{"seq": N, "effects": [..]}`, see [`super::effects`]). A write is appended and then
//!   `fdatasync`ed before its answer is sent; concurrent writers share one sync (group commit).
//! - When the log outgrows the snapshot, it is renamed `FILE.log.old` and a fresh log started;
//!   a background thread loads the snapshot, replays the old log onto it, writes the new
//!   snapshot (temporary file, fsync, rename, fsync of the directory) and deletes the old log.
//!   Nothing the writers do waits for it.
//!
//! - `FILE.lock` is locked (an OS file lock) by the `serve` using `FILE` for as long as it runs,
//!   and released by the OS when it exits or is killed; a second `serve --state FILE` refuses to
//!   start rather than rewrite the snapshot and empty the log under the first.
//!
//! Start-up loads the snapshot and replays `FILE.log.old` then `FILE.log`, skipping records the
//! snapshot already holds. A last record cut short (or failing its checksum) by a crash during
//! the write is ignored and reported; it was never acknowledged. Damage before the last record is
//! an error that says what to do.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use anyhow::Context as _;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::effects::apply;
use super::store::Store;

const FORMAT: &str = "cases-tui-state";
const VERSION: u64 = 2;
/// Bytes of framing before each record's payload: length and checksum.
const HEADER: usize = 4 + 8;
/// The log is compacted once it is larger than this and than the snapshot.
const COMPACT_AFTER: u64 = 8 * 1024 * 1024;

/// The store as loaded from `--state`, and what start-up found wrong with the log.
pub(crate) struct Loaded {
    pub store: Option<Store>,
    /// The last record applied (0 when none).
    pub seq: u64,
    /// What was ignored (a torn last record), to report.
    pub warnings: Vec<String>,
    /// Whether log records were applied (so start-up writes a fresh snapshot).
    pub replayed: bool,
}

/// The open `--state` files: appends records and makes them durable.
pub(crate) struct StateLog {
    path: PathBuf,
    writer: Arc<Mutex<Writer>>,
    synced: Mutex<Synced>,
    wake: Condvar,
}

struct Writer {
    file: Arc<File>,
    /// Bytes in the live log.
    len: u64,
    /// The last record appended.
    seq: u64,
    /// Size of the snapshot last written; the log is compacted once it outgrows it.
    snapshot_len: u64,
    /// A compaction is running (`FILE.log.old` exists).
    compacting: bool,
    /// A fixed size after which the log is compacted (tests), instead of the usual rule.
    compact_after: Option<u64>,
}

#[derive(Default)]
struct Synced {
    seq: u64,
    syncing: bool,
    /// A sync that failed: every writer waiting for it gets the error.
    failed: Option<String>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn log_path(path: &Path) -> PathBuf {
    sibling(path, ".log")
}

fn old_log_path(path: &Path) -> PathBuf {
    sibling(path, ".log.old")
}

fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes a rename or a new file in `path`'s directory durable.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(dir_of(path))?.sync_all()?;
    Ok(())
}

/// A `--state` file another process (another `cases-tui serve`) is using: start-up refuses it.
#[derive(Debug)]
pub struct StateInUse {
    pub path: PathBuf,
    pub lock: PathBuf,
}

impl std::fmt::Display for StateInUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--state {} is in use by another cases-tui serve (it holds the lock on {}); stop \
             that one first, or give this one another --state file",
            self.path.display(),
            self.lock.display()
        )
    }
}

impl std::error::Error for StateInUse {}

/// Locks `FILE.lock` for the state at `path`, for as long as the returned file is open (the
/// process's lifetime; the OS releases it on exit or kill). The snapshot and the logs are
/// replaced by renames, so the lock is on a file of its own that is never replaced.
pub(crate) fn lock_state(path: &Path) -> anyhow::Result<File> {
    let lock = sibling(path, ".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .with_context(|| format!("cannot open the lock file {}", lock.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StateInUse {
            path: path.to_owned(),
            lock,
        }
        .into()),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot lock {}", lock.display()))
        }
    }
}

/// Reads the snapshot and replays the logs, as start-up and compaction do.
pub(crate) fn load(path: &Path) -> anyhow::Result<Loaded> {
    let (mut store, snapshot_seq) = match read_snapshot(path)? {
        Some((store, seq)) => (Some(store), seq),
        None => (None, 0),
    };
    let mut loaded = Loaded {
        store: None,
        seq: snapshot_seq,
        warnings: Vec::new(),
        replayed: false,
    };
    for log in [old_log_path(path), log_path(path)] {
        let bytes = match std::fs::read(&log) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", log.display())),
        };
        let target = store.get_or_insert_with(Store::default);
        replay_log(&log, &bytes, target, &mut loaded)?;
    }
    if let Some(store) = &mut store {
        store.renumber();
    }
    loaded.store = store;
    Ok(loaded)
}

fn read_snapshot(path: &Path) -> anyhow::Result<Option<(Store, u64)>> {
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read state file {}", path.display()));
        }
    };
    let corrupt = || {
        format!(
            "state file {} is corrupt; move it away (or delete it, and {} and {} next to it) \
             to start with an empty store",
            path.display(),
            log_path(path).display(),
            old_log_path(path).display()
        )
    };
    let mut value: Value = serde_json::from_slice(&text).with_context(corrupt)?;
    if value.get("format").and_then(Value::as_str) == Some(FORMAT) {
        let version = value["version"].as_u64().unwrap_or(0);
        if version != VERSION {
            anyhow::bail!(
                "state file {} is format version {version}, which this cases-tui does not read \
                 (it reads version {VERSION}); use the cases-tui that wrote it",
                path.display()
            );
        }
        let seq = value["seq"].as_u64().unwrap_or(0);
        let store = serde_json::from_value(value["store"].take()).with_context(corrupt)?;
        Ok(Some((store, seq)))
    } else {
        // The old format: the store itself, rewritten whole after every change.
        let store = serde_json::from_value(value).with_context(corrupt)?;
        Ok(Some((store, 0)))
    }
}

/// Applies the records of one log file that the snapshot does not hold yet.
fn replay_log(
    log: &Path,
    bytes: &[u8],
    store: &mut Store,
    loaded: &mut Loaded,
) -> anyhow::Result<()> {
    let mut at = 0;
    while at < bytes.len() {
        match frame_at(bytes, at) {
            Ok((payload, next)) => {
                let record: Value = serde_json::from_slice(payload).with_context(|| {
                    format!("{}: record at byte {at} does not parse", log.display())
                })?;
                let seq = record["seq"].as_u64().unwrap_or(0);
                if seq > loaded.seq {
                    for effect in record["effects"].as_array().into_iter().flatten() {
                        apply(store, effect).with_context(|| {
                            format!("{}: record {seq} cannot be applied", log.display())
                        })?;
                    }
                    loaded.seq = seq;
                    loaded.replayed = true;
                }
                at = next;
            }
            Err(why) if why.reaches_end => {
                let message = format!(
                    "{}: ignored a torn last record ({} bytes at byte {at}: {}); it was written \
                     while the service stopped and was never acknowledged",
                    log.display(),
                    bytes.len() - at,
                    why.what
                );
                loaded.warnings.push(message);
                loaded.replayed = true;
                break;
            }
            Err(why) => anyhow::bail!(
                "{}: the record at byte {at} is damaged ({}) and more records follow it; the \
                 file was changed by something other than cases-tui. Move {} away to start \
                 from the last snapshot",
                log.display(),
                why.what,
                log.display()
            ),
        }
    }
    Ok(())
}

struct BadFrame {
    what: &'static str,
    /// The frame runs to (or past) the end of the file: a write cut short.
    reaches_end: bool,
}

fn frame_at(bytes: &[u8], at: usize) -> Result<(&[u8], usize), BadFrame> {
    let rest = &bytes[at..];
    if rest.len() < HEADER {
        return Err(BadFrame {
            what: "its header is cut short",
            reaches_end: true,
        });
    }
    let len = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes")) as usize;
    let end = HEADER.saturating_add(len);
    if rest.len() < end {
        return Err(BadFrame {
            what: "its payload is cut short",
            reaches_end: true,
        });
    }
    let payload = &rest[HEADER..end];
    if checksum(payload) != rest[4..HEADER] {
        return Err(BadFrame {
            what: "its checksum does not match",
            reaches_end: rest.len() == end,
        });
    }
    Ok((payload, at + end))
}

fn checksum(payload: &[u8]) -> [u8; 8] {
    let digest = Sha256::digest(payload);
    digest[..8].try_into().expect("8 bytes")
}

fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(payload));
    out.extend_from_slice(payload);
    out
}

/// Writes `store` as the snapshot after record `seq`: a temporary file, fsync, rename, and an
/// fsync of the directory, so a crash leaves the old snapshot or the new one.
pub(crate) fn write_snapshot(path: &Path, store: &Store, seq: u64) -> anyhow::Result<u64> {
    let snapshot = serde_json::json!({
        "format": FORMAT,
        "version": VERSION,
        "seq": seq,
        "store": store,
    });
    let bytes = serde_json::to_vec(&snapshot)?;
    let tmp = sibling(path, &format!(".tmp-{}", std::process::id()));
    let mut file = File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    file.write_all(&bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot replace state file {}", path.display()))?;
    sync_dir(path)?;
    Ok(bytes.len() as u64)
}

fn open_log(path: &Path, truncate: bool) -> std::io::Result<File> {
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .truncate(false)
        .open(path)?;
    if truncate {
        file.set_len(0)?;
        file.sync_all()?;
    }
    Ok(file)
}

impl StateLog {
    /// Opens the state at `path` after start-up has loaded it (`seq` is its last record). When
    /// the logs held records, or there was no snapshot, `store` is written as a fresh snapshot
    /// first and the logs are emptied, so the service starts from one clean file.
    pub(crate) fn open(
        path: &Path,
        store: &Store,
        seq: u64,
        write_fresh_snapshot: bool,
    ) -> anyhow::Result<StateLog> {
        let mut snapshot_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let log = log_path(path);
        let truncate = if write_fresh_snapshot {
            snapshot_len = write_snapshot(path, store, seq)?;
            let old = old_log_path(path);
            if old.exists() {
                std::fs::remove_file(&old)
                    .with_context(|| format!("cannot remove {}", old.display()))?;
            }
            true
        } else {
            false
        };
        let file =
            open_log(&log, truncate).with_context(|| format!("cannot open {}", log.display()))?;
        sync_dir(path)?;
        let len = file.metadata()?.len();
        Ok(StateLog {
            path: path.to_owned(),
            writer: Arc::new(Mutex::new(Writer {
                file: Arc::new(file),
                len,
                seq,
                snapshot_len,
                compacting: false,
                compact_after: None,
            })),
            synced: Mutex::new(Synced {
                seq,
                ..Synced::default()
            }),
            wake: Condvar::new(),
        })
    }

    /// The snapshot's path (`--state`).
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record of `effects` (JSON texts) and returns its number; [`Self::wait_durable`]
    /// makes it durable. Called with the store locked, so records are in the order of the writes.
    pub(crate) fn append(&self, effects: &[String]) -> std::io::Result<u64> {
        let mut w = lock(&self.writer);
        let seq = w.seq + 1;
        let mut payload = format!("{{\"seq\":{seq},\"effects\":[");
        for (i, e) in effects.iter().enumerate() {
            if i > 0 {
                payload.push(',');
            }
            payload.push_str(e);
        }
        payload.push_str("]}");
        let bytes = frame(payload.as_bytes());
        (&*w.file).write_all(&bytes)?;
        w.len += bytes.len() as u64;
        w.seq = seq;
        let threshold = w
            .compact_after
            .unwrap_or_else(|| COMPACT_AFTER.max(w.snapshot_len));
        if !w.compacting && w.len > threshold {
            // A failed rotation only delays compaction; the record is already in the log.
            if let Err(e) = self.rotate(&mut w) {
                tracing::warn!("cannot start compacting {}: {e:#}", self.path.display());
            }
        }
        Ok(seq)
    }

    /// Blocks until record `seq` is on disk. One caller syncs for everyone waiting.
    pub(crate) fn wait_durable(&self, seq: u64) -> std::io::Result<()> {
        let mut s = lock(&self.synced);
        loop {
            if s.seq >= seq {
                return Ok(());
            }
            if let Some(e) = &s.failed {
                return Err(std::io::Error::other(e.clone()));
            }
            if !s.syncing {
                break;
            }
            s = self.wake.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        s.syncing = true;
        drop(s);
        let (file, target) = {
            let w = lock(&self.writer);
            (Arc::clone(&w.file), w.seq)
        };
        let result = file.sync_data();
        let mut s = lock(&self.synced);
        s.syncing = false;
        match &result {
            Ok(()) => s.seq = s.seq.max(target),
            Err(e) => s.failed = Some(format!("cannot sync {}: {e}", self.path.display())),
        }
        self.wake.notify_all();
        result
    }

    /// Compacts after `bytes` of log whatever the snapshot's size (tests make it small).
    #[cfg(test)]
    pub(crate) fn compact_after(&self, bytes: u64) {
        lock(&self.writer).compact_after = Some(bytes);
    }

    /// Waits for a running compaction to finish; whether it succeeded is for the caller to see
    /// in the files.
    #[cfg(test)]
    pub(crate) fn wait_compacted(&self) {
        while lock(&self.writer).compacting {
            std::thread::yield_now();
        }
    }

    /// Starts a compaction: the live log becomes `FILE.log.old` and a fresh one takes its place;
    /// a thread folds the old log into a new snapshot.
    fn rotate(&self, w: &mut Writer) -> anyhow::Result<()> {
        w.file.sync_data()?;
        let live = log_path(&self.path);
        let old = old_log_path(&self.path);
        std::fs::rename(&live, &old)?;
        let file = open_log(&live, false)?;
        sync_dir(&self.path)?;
        w.file = Arc::new(file);
        w.len = 0;
        w.compacting = true;
        let path = self.path.clone();
        let upto = w.seq;
        let writer = Arc::clone(&self.writer);
        std::thread::Builder::new()
            .name("state-compaction".into())
            .spawn(move || {
                let result = compact(&path, upto);
                let mut w = lock(&writer);
                match result {
                    Ok(len) => {
                        w.snapshot_len = len;
                        w.compacting = false;
                    }
                    // `compacting` stays set: rotating again would overwrite the old log,
                    // which still holds records the snapshot lacks. The log just grows.
                    Err(e) => tracing::error!(
                        "compacting {} failed, the log keeps growing until restart: {e:#}",
                        path.display()
                    ),
                }
            })?;
        Ok(())
    }
}

/// Folds `FILE.log.old` into a new snapshot holding every record up to `upto`.
fn compact(path: &Path, upto: u64) -> anyhow::Result<u64> {
    let loaded = load_snapshot_and_old_log(path)?;
    anyhow::ensure!(
        loaded.seq == upto,
        "compaction of {} expected records up to {upto}, found {}",
        path.display(),
        loaded.seq
    );
    let store = loaded.store.unwrap_or_default();
    let len = write_snapshot(path, &store, loaded.seq)?;
    std::fs::remove_file(old_log_path(path))?;
    sync_dir(path)?;
    Ok(len)
}

fn load_snapshot_and_old_log(path: &Path) -> anyhow::Result<Loaded> {
    let (store, seq) = read_snapshot(path)?.unwrap_or_default();
    let mut store = store;
    let mut loaded = Loaded {
        store: None,
        seq,
        warnings: Vec::new(),
        replayed: false,
    };
    let old = old_log_path(path);
    let mut bytes = Vec::new();
    File::open(&old)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .with_context(|| format!("cannot read {}", old.display()))?;
    replay_log(&old, &bytes, &mut store, &mut loaded)?;
    loaded.store = Some(store);
    Ok(loaded)
}

#[cfg(test)]
#[path = "persist_tests.rs"]
mod tests;
