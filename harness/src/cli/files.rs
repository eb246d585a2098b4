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

/// Parses every file (on two threads: parsing is a tenth of a short run); prints every
/// diagnostic, in file order. `None` when any file has a mistake.
pub(super) fn load(paths: &[PathBuf]) -> Result<(Option<Vec<Scenario>>, usize)> {
    let files = scenario_files(paths)?;
    let mut sources = Vec::with_capacity(files.len());
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        sources.push(String::from_utf8(bytes));
    }
    let parse = |(f, source): (&PathBuf, &Result<String, std::string::FromUtf8Error>)| {
        let source = source.as_ref().ok()?;
        Some(scenario::parse(&f.display().to_string(), source))
    };
    let half = files.len().div_ceil(2).max(1);
    let parsed: Vec<Option<Result<Scenario, Vec<Diagnostic>>>> = std::thread::scope(|scope| {
        let halves: Vec<_> = files
            .chunks(half)
            .zip(sources.chunks(half))
            .map(|(fs, ss)| scope.spawn(move || fs.iter().zip(ss).map(parse).collect::<Vec<_>>()))
            .collect();
        let mut all = Vec::with_capacity(files.len());
        for h in halves {
            all.extend(
                h.join()
                    .map_err(|_| anyhow::anyhow!("parsing the scenario files panicked"))?,
            );
        }
        Ok::<_, anyhow::Error>(all)
    })?;
    let mut scenarios = Vec::new();
    let mut bad = 0;
    let mut ids: std::collections::BTreeMap<String, String> = Default::default();
    for ((f, source), parsed) in files.iter().zip(sources).zip(parsed) {
        let name = f.display().to_string();
        let (source, parsed) = match (source, parsed) {
            (Ok(s), Some(p)) => (s, p),
            (Err(e), _) => {
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
            (Ok(_), None) => continue,
        };
        match parsed {
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
