//! The on-disk journal: each draft is one JSON file, written atomically the moment it is staged
//! and removed only after its save succeeded or the user discarded it.

use super::draft::Draft;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A journal file that could not be read back. It is left on disk, renamed with `.corrupt`, so
/// nothing the user staged is deleted by the tool.
#[derive(Debug, Clone, PartialEq)]
pub struct CorruptDraft {
    pub path: PathBuf,
    pub message: String,
}

/// The folder of staged drafts.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
    /// The last applied write of the text being typed (see `save_typed`), shared by clones.
    typed_seq: std::sync::Arc<std::sync::Mutex<u64>>,
}

impl Journal {
    /// Opens (and creates) the journal folder.
    pub fn open(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        Ok(Self {
            dir,
            typed_seq: Default::default(),
        })
    }

    /// The default folder: `drafts/` in the XDG state directory.
    pub fn default_dir() -> Option<PathBuf> {
        let dirs = directories::ProjectDirs::from("", "", "cases-tui")?;
        let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Some(base.join("drafts"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(super) fn typed_seq(&self) -> &std::sync::Mutex<u64> {
        &self.typed_seq
    }

    fn path_for(&self, key: &str) -> PathBuf {
        let name: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        // The readable name may collide for odd ids; the hash keeps files apart.
        let hash = key.bytes().fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
        });
        self.dir.join(format!("{name}-{hash:016x}.json"))
    }

    /// Writes a draft: a temporary file, flushed to disk, then renamed over the old one, so a
    /// crash leaves either the old draft or the new one, never half of one.
    pub fn save(&self, draft: &Draft) -> std::io::Result<()> {
        let path = self.path_for(&draft.key);
        let tmp = path.with_extension("json.tmp");
        let json = serde_json::to_vec_pretty(draft).map_err(std::io::Error::other)?;
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&json)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, &path)?;
        if let Ok(d) = fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Removes a draft after it was saved to the service or discarded.
    pub fn remove(&self, key: &str) -> std::io::Result<()> {
        match fs::remove_file(self.path_for(key)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// Every draft on disk, oldest first, and the files that could not be read.
    pub fn load_all(&self) -> std::io::Result<(Vec<Draft>, Vec<CorruptDraft>)> {
        let mut drafts = Vec::new();
        let mut corrupt = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let path = entry?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let parsed = fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    serde_json::from_slice::<Draft>(&bytes).map_err(|e| e.to_string())
                });
            match parsed {
                Ok(d) => drafts.push(d),
                Err(message) => {
                    let kept = path.with_extension("json.corrupt");
                    let _ = fs::rename(&path, &kept);
                    corrupt.push(CorruptDraft {
                        path: kept,
                        message,
                    });
                }
            }
        }
        drafts.sort_by(|a, b| a.staged_at.cmp(&b.staged_at).then(a.key.cmp(&b.key)));
        Ok((drafts, corrupt))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Base, StagedOp};
    use crate::model::{FieldEntry, FieldValue, RelatedItemType};

    #[test]
    fn drafts_survive_a_reopen_and_go_only_when_removed() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path().join("drafts")).unwrap();
        let mut d = Draft::for_item(
            "dom",
            "case/1",
            "item:1",
            RelatedItemType::Custom,
            Base::Custom {
                fields: vec![FieldEntry::new("a", FieldValue::Bool(false))],
            },
        );
        d.push(StagedOp::SetField {
            id: "a".into(),
            value: FieldValue::Bool(true),
        });
        journal.save(&d).unwrap();
        d.push(StagedOp::RemoveField { id: "a".into() });
        journal.save(&d).unwrap();

        let reopened = Journal::open(dir.path().join("drafts")).unwrap();
        let (drafts, corrupt) = reopened.load_all().unwrap();
        assert_eq!(drafts, vec![d.clone()]);
        assert!(corrupt.is_empty());

        reopened.remove(&d.key).unwrap();
        assert!(reopened.load_all().unwrap().0.is_empty());
        reopened.remove(&d.key).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_reported_and_kept_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        let good = Draft::new_comment("d", "c", "hello".into());
        journal.save(&good).unwrap();
        fs::write(dir.path().join("broken.json"), b"{ not json").unwrap();
        let (drafts, corrupt) = journal.load_all().unwrap();
        assert_eq!(drafts, vec![good]);
        assert_eq!(corrupt.len(), 1);
        assert!(corrupt[0].path.exists());
        assert!(!dir.path().join("broken.json").exists());
    }
}
