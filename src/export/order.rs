//! `cases-tui audit --order`: the history oldest first (streamed page by page, as it always was)
//! or newest first, like the TUI's timeline.
//!
//! Newest first cannot be streamed: the service hands out the history oldest page first, and
//! the client never relies on its order anyway. So each wanted event is written, already
//! formatted, to an anonymous spill file while the pages arrive, with only its time, id and
//! place kept in memory; the spill is then copied out newest first. Memory stays small (a few
//! dozen bytes per event) however long the history.

use std::io::{Read, Seek, SeekFrom, Write};

use chrono::{DateTime, Utc};

use super::{
    ExportError, ExportOptions, ExportStats, export, for_each_page, labels_for, write_event,
    write_header,
};
use crate::aws::Reader;

/// Which end of the history comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Order {
    /// Oldest first, written as the pages arrive (constant memory).
    #[default]
    Oldest,
    /// Newest first, as the TUI's timeline shows it.
    Newest,
}

/// Where one event's formatted text sits in the spill file.
struct Spilled {
    time: Option<DateTime<Utc>>,
    id: String,
    offset: u64,
    len: usize,
}

/// [`export`] in `order`.
pub async fn export_in_order(
    reader: &Reader,
    domain_id: &str,
    case_id: &str,
    opts: &ExportOptions,
    order: Order,
    out: &mut impl Write,
) -> Result<ExportStats, ExportError> {
    match order {
        Order::Oldest => export(reader, domain_id, case_id, opts, out).await,
        Order::Newest => export_newest(reader, domain_id, case_id, opts, out).await,
    }
}

async fn export_newest(
    reader: &Reader,
    domain_id: &str,
    case_id: &str,
    opts: &ExportOptions,
    out: &mut impl Write,
) -> Result<ExportStats, ExportError> {
    let labels = labels_for(reader, domain_id, opts.format).await?;
    let mut spill = std::io::BufWriter::new(tempfile::tempfile()?);
    let mut index: Vec<Spilled> = Vec::new();
    let mut offset = 0u64;
    let stats = for_each_page(reader, domain_id, case_id, opts, |events| {
        for event in events {
            let mut text = Vec::new();
            write_event(&mut text, event, opts.format, &labels)?;
            spill.write_all(&text)?;
            index.push(Spilled {
                time: event.performed_time,
                id: event.id.clone(),
                offset,
                len: text.len(),
            });
            offset += text.len() as u64;
        }
        Ok(())
    })
    .await?;
    // The timeline's order (time, then id; untimed events first) reversed.
    index.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| b.id.cmp(&a.id)));
    let mut spill = spill.into_inner().map_err(|e| e.into_error())?;
    write_header(out, opts.format)?;
    let mut buf = Vec::new();
    for s in &index {
        spill.seek(SeekFrom::Start(s.offset))?;
        buf.resize(s.len, 0);
        spill.read_exact(&mut buf)?;
        out.write_all(&buf)?;
    }
    out.flush()?;
    Ok(stats)
}
