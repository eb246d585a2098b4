//! Scenario files: found under the paths given, read and parsed, every mistake shown.

use crate::scenario::{self, Diagnostic, Scenario};

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Finds scenario files under the given paths, sorted. No path, or paths that hold no
/// scenario file, is a mistake: a CI job pointed at the wrong folder must not pass.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if paths.is_empty() {
        bail!("no scenario files given: name files or folders, e.g. `eseikyu run scenarios/`");
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            bail!("{}: no such file or directory", p.display());
        }
    }
    out.sort();
    if out.is_empty() {
        bail!(
            "no scenario files (*.yaml, *.yml) under {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(out)
}

pub(super) fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses every file; prints every diagnostic. `None` when any file has a mistake.
pub(super) fn load(paths: &[PathBuf]) -> Result<(Option<Vec<Scenario>>, usize)> {
    let files = scenario_files(paths)?;
    let mut scenarios = Vec::new();
    let mut bad = 0;
    let mut ids: std::collections::BTreeMap<String, String> = Default::default();
    for f in &files {
        let name = f.display().to_string();
        let bytes = std::fs::read(f).with_context(|| format!("reading {name}"))?;
        let source = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                // Not UTF-8: say where, and go on with the other files.
                let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let text = String::from_utf8_lossy(good);
                let line = text.matches('\n').count() + 1;
                let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let d = Diagnostic::new(
                    &name,
                    line as u64,
                    column as u64,
                    format!(
                        "not UTF-8: byte 0x{:02X} at offset {}; save the file as UTF-8",
                        e.as_bytes()[good.len()],
                        good.len()
                    ),
                );
                eprint!("{}", d.render(""));
                bad += 1;
                continue;
            }
        };
        match scenario::parse(&name, &source) {
            Ok(s) => {
                for w in &s.warnings {
                    eprint!("{}", w.render(&source));
                }
                if let Some(first) = ids.insert(s.id.clone(), name.clone()) {
                    let d = Diagnostic::new(
                        &name,
                        1,
                        1,
                        format!("scenario id `{}` is also used by {first}", s.id),
                    );
                    eprint!("{}", d.render(&source));
                    bad += 1;
                }
                scenarios.push(s);
            }
            Err(diags) => {
                bad += 1;
                for d in diags {
                    eprint!("{}", d.render(&source));
                }
            }
        }
    }
    Ok(((bad == 0).then_some(scenarios), files.len()))
}
