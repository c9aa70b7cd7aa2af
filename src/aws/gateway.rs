//! The gateway as the app holds it: a reader always, a writer only when writes are allowed.

use super::{Reader, Writer};
use crate::model::Performer;
use aws_sdk_connectcases::Client;

/// Read-only mode is enforced here, below the UI: a read-only gateway never constructs a
/// [`Writer`], so no key, command or code path can reach a mutating call.
#[derive(Clone, Debug)]
pub struct Gateway {
    reader: Reader,
    writer: Option<Writer>,
}

impl Gateway {
    /// Reads only. [`Gateway::writer`] is always `None`.
    pub fn read_only(client: Client) -> Self {
        Self {
            reader: Reader::new(client),
            writer: None,
        }
    }

    /// Reads and writes; every write carries `performed_by` when given.
    pub fn read_write(client: Client, performed_by: Option<Performer>) -> Self {
        Self {
            reader: Reader::new(client.clone()),
            writer: Some(Writer::new(client, performed_by)),
        }
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// `None` in read-only mode.
    pub fn writer(&self) -> Option<&Writer> {
        self.writer.as_ref()
    }

    pub fn is_read_only(&self) -> bool {
        self.writer.is_none()
    }
}
