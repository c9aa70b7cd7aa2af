//! The session: which client the executor uses. `:profile` and `:region` build a new client and
//! swap it in; everything else goes to the executor in use.

use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::mpsc::UnboundedSender;

use super::Executor;
use crate::app::{Cmd, Msg, SessionCmd};
use crate::aws::{ConnectOptions, Gateway, build_client};
use crate::model::Performer;

/// The executor a TUI session uses, swappable: `:profile` and `:region` build a new client and
/// replace the executor's gateway behind the lock. Calls already in flight finish on the old one.
#[derive(Clone)]
pub struct Session {
    executor: Arc<RwLock<Executor>>,
    connect: Arc<Mutex<ConnectOptions>>,
    read_only: bool,
    performed_by: Option<Performer>,
}

impl Session {
    pub fn new(
        executor: Executor,
        connect: ConnectOptions,
        read_only: bool,
        performed_by: Option<Performer>,
    ) -> Self {
        Self {
            executor: Arc::new(RwLock::new(executor)),
            connect: Arc::new(Mutex::new(connect)),
            read_only,
            performed_by,
        }
    }

    /// Runs a session change itself and hands every other command to the executor in use.
    pub fn execute(&self, cmd: Cmd, tx: UnboundedSender<Msg>) {
        match cmd {
            Cmd::Session(cmd) => self.change(cmd, tx),
            cmd => {
                let executor = self.executor.read().expect("executor lock").clone();
                executor.execute(cmd, tx);
            }
        }
    }

    fn change(&self, cmd: SessionCmd, tx: UnboundedSender<Msg>) {
        match cmd {
            SessionCmd::Reconnect { profile, region } => {
                let this = self.clone();
                tokio::spawn(async move {
                    let result = this.reconnect(profile, region).await;
                    let _ = tx.send(Msg::Reconnected(result));
                });
            }
        }
    }

    /// A new client for `profile`/`region`, checked with one ListDomains call before it replaces
    /// the old one. Read-only stays read-only: no writer is constructed.
    async fn reconnect(
        &self,
        profile: Option<String>,
        region: Option<String>,
    ) -> Result<String, String> {
        // A name that is not in the shared files is refused before anything is switched.
        if let Some(p) = &profile
            && let Err(e) = crate::aws::check_profile(p).await
        {
            return Err(format!("{e} ({})", e.advice()));
        }
        let mut opts = self.connect.lock().expect("connect lock").clone();
        if let Some(p) = profile {
            opts.profile = Some(p);
        }
        if let Some(r) = region {
            opts.region = Some(r);
        }
        let client = build_client(&opts).await;
        let gateway = if self.read_only {
            Gateway::read_only(client)
        } else {
            Gateway::read_write(client, self.performed_by.clone())
        };
        if let Err(e) = gateway.reader().list_domains().await {
            return Err(format!("cannot use {}: {e} ({})", opts.label(), e.advice()));
        }
        // With an endpoint the usual label is the URL alone; after a switch, say what changed.
        let label = match &opts.endpoint_url {
            Some(url) => [
                Some(url.clone()),
                opts.profile.as_ref().map(|p| format!("profile {p}")),
                opts.region.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
            None => opts.label(),
        };
        self.executor.write().expect("executor lock").gateway = gateway;
        *self.connect.lock().expect("connect lock") = opts;
        Ok(label)
    }

    /// The gateway now in use (tests).
    pub fn gateway(&self) -> Gateway {
        self.executor.read().expect("executor lock").gateway.clone()
    }
}
