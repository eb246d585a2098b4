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
pub const HOW_VENV: &str = "python3 -m venv target/clients-venv && target/clients-venv/bin/pip install -r harness/tests/clients/requirements.txt";

/// Runs `program args…` from the repository root to its end (at most `limit`); panics
/// with everything it printed unless it exits 0. Returns its standard output.
pub fn run(program: impl AsRef<Path>, args: &[&str], limit: Duration) -> String {
    let program: PathBuf = program.as_ref().to_path_buf();
    let child = Command::new(&program)
        .args(args)
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
