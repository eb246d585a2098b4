//! The artifacts reporter: for each run, `DIR/<id>[/<label>]/` with `transcript.txt`,
//! every caught mail as the raw `mail-NN.eml` it arrived as, every posted letter as
//! `letter-NN.txt`, every downloaded file (with `<name>.password.txt`, what opens it) and
//! the CA certificate as `ca.pem` — so a vendor can install them in their own software.

use super::{ReportError, Reporter, Totals};
use crate::scenario::RunResult;
use crate::scenario::baseline::Verdict;
use std::path::{Path, PathBuf};

/// Writes each run's artifacts as it finishes, and `report.txt` (ok / FAIL per run).
pub struct Artifacts {
    dir: PathBuf,
    lines: String,
}

impl Artifacts {
    pub fn new(dir: &Path) -> Artifacts {
        Artifacts {
            dir: dir.to_path_buf(),
            lines: String::new(),
        }
    }
}

impl Reporter for Artifacts {
    fn run(&mut self, r: &RunResult, _: &Verdict) -> Result<(), ReportError> {
        write(&self.dir, r)?;
        let mark = if r.passed() { "ok" } else { "FAIL" };
        self.lines.push_str(&format!("{mark}\t{}\n", r.name()));
        Ok(())
    }

    fn finish(&mut self, _: &Totals) -> Result<(), ReportError> {
        let path = self.dir.join("report.txt");
        std::fs::write(&path, &self.lines).map_err(ReportError::io(path.display()))
    }
}

/// Writes one run's artifacts under `dir`.
pub fn write(dir: &Path, r: &RunResult) -> Result<(), ReportError> {
    let d = run_dir(dir, &r.id, &r.variant)?;
    let put = |name: &str, bytes: &[u8]| {
        let path = d.join(name);
        std::fs::write(&path, bytes).map_err(ReportError::io(path.display()))
    };
    std::fs::create_dir_all(&d).map_err(ReportError::io(d.display()))?;
    put("transcript.txt", r.transcript.as_bytes())?;
    for (i, m) in r.mails.iter().enumerate() {
        put(&format!("mail-{:02}.eml", i + 1), &m.raw)?;
    }
    for (i, l) in r.letters.iter().enumerate() {
        put(&format!("letter-{:02}.txt", i + 1), l.text.as_bytes())?;
    }
    for f in &r.downloads {
        let name = file_name(&f.name)?;
        put(name, &f.bytes)?;
        // What opens it, so a vendor can install it from the artifacts alone.
        if let Some(pw) = &f.password {
            put(
                &format!("{name}.password.txt"),
                format!("{pw}\n").as_bytes(),
            )?;
        }
    }
    if let Some(pem) = &r.ca_pem {
        put("ca.pem", pem.as_bytes())?;
    }
    Ok(())
}

/// `DIR/<id>[/<label>]`, refusing anything that would leave `DIR` (ids and labels are
/// checked when a file is read; this holds even if they were not).
pub fn run_dir(dir: &Path, id: &str, label: &str) -> Result<PathBuf, ReportError> {
    crate::scenario::parse::check_id(id).map_err(ReportError::Format)?;
    let mut d = dir.to_path_buf();
    for part in id.split('/') {
        d.push(part);
    }
    if !label.is_empty() {
        crate::scenario::parse::check_label(label).map_err(ReportError::Format)?;
        d.push(label);
    }
    let escapes = d
        .components()
        .skip(dir.components().count())
        .any(|c| !matches!(c, std::path::Component::Normal(_)));
    if escapes || !d.starts_with(dir) {
        return Err(ReportError::Format(format!(
            "artifact path {} leaves {}",
            d.display(),
            dir.display()
        )));
    }
    Ok(d)
}

/// A downloaded file's name as a plain file name (never a path).
pub fn file_name(name: &str) -> Result<&str, ReportError> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control);
    if plain {
        Ok(name)
    } else {
        Err(ReportError::Format(format!(
            "{name:?} is not a plain file name"
        )))
    }
}
