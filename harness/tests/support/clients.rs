//! Third-party clients run as child processes: whether each is installed (and, under
//! `CI=true`, that it is), and running one to its end with its output kept.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The Node packages (`npm ci` in each folder) and the Python venv `.ci/run` installs.
pub const NODE_MAILPIT: &str = "harness/tests/clients/node_modules/mailpit-api";
pub const NODE_BROWSER: &str = "harness/tests/clients/browser/node_modules/playwright-core";
pub const VENV_PYTHON: &str = "target/clients-venv/bin/python";

/// Whether `path` is there; if not, says how to install it, and fails under CI.
pub fn installed(what: &str, path: &str, how: &str) -> bool {
    let there = Path::new(path).exists();
    if !there {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{what} is required under CI: {how}"
        );
        eprintln!("{what} NOT RUN: no {path}; install it with: {how}");
    }
    there
}

/// How `.ci/run` installs each client.
pub const HOW_NODE: &str =
    "npm ci --prefix harness/tests/clients && npm ci --prefix harness/tests/clients/browser";
pub const HOW_VENV: &str = "python3 -m venv target/clients-venv && target/clients-venv/bin/pip install -r harness/tests/clients/requirements.txt -r harness/tests/clients/schemathesis/requirements.txt";

/// Runs `program args…` from the repository root to its end (at most `limit`); panics
/// with everything it printed unless it exits 0. Returns its standard output.
pub fn run(program: impl AsRef<Path>, args: &[&str], limit: Duration) -> String {
    run_with(program, args, &[], limit)
}

/// [`run`] with environment variables set.
pub fn run_with(
    program: impl AsRef<Path>,
    args: &[&str],
    env: &[(&str, &str)],
    limit: Duration,
) -> String {
    let program: PathBuf = program.as_ref().to_path_buf();
    let child = Command::new(&program)
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", program.display()));
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(limit) {
        Ok(out) => out.expect("its output"),
        Err(_) => {
            let _ = Command::new("kill").arg(id.to_string()).status();
            panic!("{} {args:?} ran past {limit:?}", program.display());
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{} {args:?} failed ({}):\n{stdout}\n{stderr}",
        program.display(),
        out.status
    );
    stdout
}

/// `eseikyu serve` on ports the system chooses: what a test's own server is started with.
pub const SERVE_ON_FREE_PORTS: &[&str] = &[
    "serve",
    "--port",
    "0",
    "--smtp-port",
    "0",
    "--service-port",
    "0",
];

/// `eseikyu serve` as its own process on free ports; stopped when dropped.
pub struct Served {
    child: std::process::Child,
    /// Its output stays open (a server whose reader went would end at its next line).
    _output: std::io::BufReader<std::process::ChildStdout>,
    pub base: String,
    /// Its SMTP port, as the banner names it.
    pub smtp: String,
    /// What it says on standard error, gathered until it ends.
    said: Option<std::thread::JoinHandle<Vec<String>>>,
}

impl Served {
    /// The server's process id (to read its memory from /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Starts `binary serve` on port 0 (the system chooses) and reads its site's address
    /// from the banner.
    pub fn start(binary: &str) -> Served {
        Served::start_with(binary, &[])
    }

    /// [`Served::start`] with more arguments.
    pub fn start_with(binary: &str, more: &[&str]) -> Served {
        use std::io::BufRead;
        let mut child = Command::new(binary)
            .args(SERVE_ON_FREE_PORTS)
            .args(["--at", "2026-02-10T10:00:00+09:00"])
            .args(more)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("eseikyu serve starts");
        let err = std::io::BufReader::new(child.stderr.take().expect("stderr"));
        let said = std::thread::spawn(move || err.lines().map_while(Result::ok).collect());
        let mut output = std::io::BufReader::new(child.stdout.take().expect("its banner"));
        let (mut site, mut smtp) = (None, None);
        let mut line = String::new();
        while output.read_line(&mut line).is_ok_and(|n| n > 0) {
            let mut words = line.split_whitespace();
            match (words.next(), words.next()) {
                (Some("site"), Some(url)) => site = Some(url.trim_end_matches('/').to_string()),
                (Some("SMTP"), Some(addr)) => smtp = Some(addr.to_string()),
                _ => {}
            }
            if line.trim() == "Ctrl-C stops it." {
                break;
            }
            line.clear();
        }
        Served {
            child,
            _output: output,
            base: site.expect("the banner names the site"),
            smtp: smtp.expect("the banner names the SMTP port"),
            said: Some(said),
        }
    }

    /// Kills it as a crash does (SIGKILL); what it said on standard error.
    pub fn kill(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.said
            .take()
            .and_then(|s| s.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
