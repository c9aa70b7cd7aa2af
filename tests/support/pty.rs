//! Drives the real `cases-tui` binary in a pseudo-terminal and reads its screen through a VT100
//! parser, as a user's terminal would show it.

#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_cases-tui");

/// A running program in a pseudo-terminal.
pub struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Bumped (and waiters woken) after each chunk of output reaches the parser.
    output: Arc<(Mutex<u64>, Condvar)>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Term {
    /// Starts `cases-tui ARGS` in a `cols`x`rows` terminal with an environment that reaches no
    /// AWS account and keeps state and logs under `home`.
    pub fn spawn(args: &[&str], home: &Path, cols: u16, rows: u16) -> Term {
        Term::spawn_env(args, home, cols, rows, &isolated_env(home), &[])
    }

    /// As [`Term::spawn`] with the environment given: `remove` is taken away from this
    /// process's own (a new user's shell has no AWS variables, say), then `env` is set.
    pub fn spawn_env(
        args: &[&str],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&'static str, String)],
        remove: &[&str],
    ) -> Term {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.cwd(home);
        for k in remove {
            cmd.env_remove(k);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn cases-tui");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let output = Arc::new((Mutex::new(0u64), Condvar::new()));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        {
            let parser = parser.clone();
            let raw = raw.clone();
            let output = output.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    parser.lock().unwrap().process(&buf[..n]);
                    raw.lock().unwrap().extend_from_slice(&buf[..n]);
                    *output.0.lock().unwrap() += 1;
                    output.1.notify_all();
                }
            });
        }
        let writer = pty.master.take_writer().expect("pty writer");
        Term {
            parser,
            raw,
            output,
            writer,
            child,
            _master: pty.master,
        }
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Every byte the program wrote to the terminal so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits until the screen shows `text`, looking again as each chunk of output arrives;
    /// panics with the screen after `secs`. Returns when it was seen, a moment after the output
    /// that drew it was read (benches time start-up with it).
    pub fn wait_for(&self, text: &str, secs: u64) -> Instant {
        self.wait_until(&format!("to show {text:?}"), secs, |screen| {
            screen.contains(text)
        })
    }

    /// Waits until the screen no longer shows `text` (an overlay closed, say); panics with the
    /// screen after `secs`. Only meaningful once `text` was seen: before it is drawn it is also
    /// absent.
    pub fn wait_gone(&self, text: &str, secs: u64) -> Instant {
        self.wait_until(&format!("to stop showing {text:?}"), secs, |screen| {
            !screen.contains(text)
        })
    }

    /// Waits until `done` holds for the screen, looking again as each chunk of output arrives;
    /// panics with `what` and the screen after `secs`.
    pub fn wait_until(&self, what: &str, secs: u64, done: impl Fn(&str) -> bool) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let (count, changed) = &*self.output;
        let mut seen = *count.lock().unwrap();
        loop {
            if done(&self.screen()) {
                return Instant::now();
            }
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            let guard = count.lock().unwrap();
            let (guard, _) = changed
                .wait_timeout_while(
                    guard,
                    (deadline - now).min(Duration::from_millis(50)),
                    |c| *c == seen,
                )
                .unwrap();
            seen = *guard;
        }
        panic!("waited for the screen {what}; it shows:\n{}", self.screen());
    }

    /// Sends bytes as typed keys. The program reads them in order, but a lone Esc followed at
    /// once by another key may reach it as one Alt chord: after Esc, wait for what it changes.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the program to exit on its own; `None` if it is still running after `secs`.
    pub fn wait_exit(&mut self, secs: u64) -> Option<u32> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Kills the program, as a crash or a closed terminal would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Environment for a child that must reach no AWS account and touch nothing outside `home`.
pub fn isolated_env(home: &Path) -> Vec<(&'static str, String)> {
    let h = home.display().to_string();
    vec![
        ("HOME", h.clone()),
        ("XDG_STATE_HOME", format!("{h}/state")),
        ("XDG_CONFIG_HOME", format!("{h}/config")),
        ("XDG_DATA_HOME", format!("{h}/data")),
        ("TERM", "xterm-256color".into()),
        ("AWS_ACCESS_KEY_ID", "AKIDPTYTEST".into()),
        ("AWS_SECRET_ACCESS_KEY", "pty-secret".into()),
        ("AWS_REGION", "us-east-1".into()),
        ("AWS_CONFIG_FILE", format!("{h}/no-aws-config")),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            format!("{h}/no-aws-credentials"),
        ),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
    ]
}

/// `cases-tui serve` as a separate process, for tests that need the service outside the TUI.
/// Searches the case list for `word` and opens the one case it finds.
pub fn open_only_match(term: &mut Term, word: &str) {
    term.send("/");
    term.send(&format!("{word}\r"));
    term.wait_for("Cases · 1", 10);
    term.send("\r");
}

pub struct Served {
    pub url: String,
    child: std::process::Child,
}

impl Served {
    pub fn start(extra: &[&str], home: &Path) -> Served {
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--addr", "127.0.0.1:0"]).args(extra);
        for (k, v) in isolated_env(home) {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn cases-tui serve");
        let url = endpoint_of(&mut child);
        Served { url, child }
    }
}

/// The endpoint a `serve` child prints on its first line of stdout (which must be piped), once
/// it accepts requests.
pub fn endpoint_of(child: &mut std::process::Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("serve's stdout is piped"))
        .read_line(&mut line)
        .expect("serve prints its address");
    let start = line
        .find("http://")
        .unwrap_or_else(|| panic!("no endpoint in {line:?}"));
    line[start..].split_whitespace().next().unwrap().to_string()
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
