//! The certification package (`eseikyu run --certify DIR`): the HTML, JSON and JUnit
//! reports, every run's artifacts, `identity.json` (what was certified: the target's URL
//! and the version it reports, the profiles, the seed, eseikyu's version, the baseline
//! used, which is copied beside it) and `manifest.sha256` with the SHA-256 of every file
//! (`sha256sum -c manifest.sha256` checks the package).

use super::ReportError;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What a package certifies.
#[derive(Clone, Debug, Serialize)]
pub struct Identity {
    /// `in process`, or the target's URL.
    pub system: String,
    /// The version the target reports (its Mailpit-compatible `info`), if any.
    pub system_version: Option<String>,
    pub profiles: Vec<String>,
    pub seed: u64,
    pub eseikyu: String,
    /// The baseline file used, copied into the package as `baseline.yaml`.
    pub baseline: Option<String>,
    pub baseline_sha256: Option<String>,
    pub runs: usize,
    pub passed: usize,
    pub expected_failures: usize,
    pub unexpected_failures: usize,
    pub unexpected_passes: usize,
}

/// The file names inside a package.
pub const HTML: &str = "report.html";
pub const JSON: &str = "report.json";
pub const JUNIT: &str = "junit.xml";
pub const ARTIFACTS: &str = "artifacts";
pub const IDENTITY: &str = "identity.json";
pub const MANIFEST: &str = "manifest.sha256";

/// Writes the identity (and the baseline's copy) and then the manifest of everything in
/// `dir`, once the reports and artifacts are there.
pub fn seal(dir: &Path, identity: &Identity, baseline: Option<&[u8]>) -> Result<(), ReportError> {
    if let Some(bytes) = baseline {
        let path = dir.join("baseline.yaml");
        std::fs::write(&path, bytes).map_err(ReportError::io(path.display()))?;
    }
    let path = dir.join(IDENTITY);
    let text =
        serde_json::to_string_pretty(identity).map_err(|e| ReportError::Format(e.to_string()))?;
    std::fs::write(&path, text + "\n").map_err(ReportError::io(path.display()))?;
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.sort();
    let mut manifest = String::new();
    for f in files {
        let rel = f.strip_prefix(dir).unwrap_or(&f);
        if rel == Path::new(MANIFEST) {
            continue;
        }
        let bytes = std::fs::read(&f).map_err(ReportError::io(f.display()))?;
        manifest.push_str(&format!("{}  {}\n", sha256(&bytes), rel.display()));
    }
    let path = dir.join(MANIFEST);
    std::fs::write(&path, manifest).map_err(ReportError::io(path.display()))
}

/// The SHA-256 of `bytes`, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ReportError> {
    for e in std::fs::read_dir(dir).map_err(ReportError::io(dir.display()))? {
        let p = e.map_err(ReportError::io(dir.display()))?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}
