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

/// Above this many scenarios, a corpus is kept light while it runs (see [`lighten`]).
pub const KEPT_WHOLE: usize = 1_000;

/// Keeps of a scenario what choosing and naming its runs needs (its file, id, rules and
/// variants' labels) and drops its steps, offices, title and text; each run's worker parses
/// the file again ([`reload`]). A large corpus so takes memory for the runs in progress,
/// not for every file.
pub fn lighten(s: &mut Scenario) {
    s.steps = Vec::new();
    s.offices = Vec::new();
    s.source = "".into();
    s.warnings = Vec::new();
    s.title = String::new();
    s.reveal = Vec::new();
    for v in &mut s.variants {
        v.vars = Default::default();
        v.profile = None;
    }
    s.covers.shrink_to_fit();
    s.id.shrink_to_fit();
}

/// Whether a corpus of `files` files runs light (see [`lighten`]).
pub fn runs_light(files: usize) -> bool {
    files > KEPT_WHOLE
}

/// The whole scenario of a light one: its file parsed again, with `adjust` applied as to
/// the corpus (e.g. `--pkcs12`).
pub fn reload(
    light: &Scenario,
    adjust: &(dyn Fn(&mut Scenario) + Sync),
) -> Result<Scenario, String> {
    let source = std::fs::read_to_string(&light.file).map_err(|e| e.to_string())?;
    let mut whole = scenario::parse(&light.file, &source).map_err(|d| {
        d.first()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| "it no longer parses".into())
    })?;
    if whole.id != light.id || whole.variants.len() != light.variants.len() {
        return Err("it changed while the corpus ran".into());
    }
    adjust(&mut whole);
    Ok(whole)
}

/// One file read and parsed: the scenario (light in a large corpus), and what to print
/// about it, rendered with its text.
struct Loaded {
    name: String,
    /// Boxed: a large corpus holds every file's `Loaded` at once before the scenarios are
    /// gathered into one list of exactly their number.
    scenario: Option<Box<Scenario>>,
    said: String,
}

/// Parses every file (on two threads: parsing is a tenth of a short run); prints every
/// diagnostic, in file order. `None` when any file has a mistake.
pub(super) fn load(paths: &[PathBuf]) -> Result<(Option<Vec<Scenario>>, usize)> {
    load_with(paths, false)
}

/// [`load`] for `eseikyu run`: a corpus of more than [`KEPT_WHOLE`] files is kept light
/// (see [`lighten`]); its runs reload their files.
pub(super) fn load_for_run(paths: &[PathBuf]) -> Result<(Option<Vec<Scenario>>, usize)> {
    load_with(paths, true)
}

fn load_with(paths: &[PathBuf], allow_light: bool) -> Result<(Option<Vec<Scenario>>, usize)> {
    let files = scenario_files(paths)?;
    let light = allow_light && runs_light(files.len());
    let one = |f: &PathBuf| -> Result<Loaded> {
        let name = f.display().to_string();
        let bytes = std::fs::read(f).with_context(|| format!("reading {name}"))?;
        let source = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let said = not_utf8(&name, &e).render("");
                return Ok(Loaded {
                    name,
                    scenario: None,
                    said,
                });
            }
        };
        Ok(match scenario::parse(&name, &source) {
            Ok(mut s) => {
                let said = s.warnings.iter().map(|w| w.render(&source)).collect();
                if light {
                    lighten(&mut s);
                }
                Loaded {
                    name,
                    scenario: Some(Box::new(s)),
                    said,
                }
            }
            Err(d) => {
                let said = d.iter().map(|d| d.render(&source)).collect();
                Loaded {
                    name,
                    scenario: None,
                    said,
                }
            }
        })
    };
    let half = files.len().div_ceil(2).max(1);
    let loaded: Vec<Loaded> = std::thread::scope(|scope| {
        let halves: Vec<_> = files
            .chunks(half)
            .map(|fs| {
                scope.spawn(move || {
                    let mut part = Vec::with_capacity(fs.len());
                    for f in fs {
                        part.push(one(f)?);
                    }
                    Ok::<_, anyhow::Error>(part)
                })
            })
            .collect();
        let mut all: Vec<Loaded> = Vec::new();
        for h in halves {
            let part = h
                .join()
                .map_err(|_| anyhow::anyhow!("parsing the scenario files panicked"))?;
            if all.is_empty() {
                all = part?;
            } else {
                all.extend(part?);
            }
        }
        Ok::<_, anyhow::Error>(all)
    })?;
    let mut bad = 0;
    // Borrowed from what was loaded: a large corpus holds no second copy of its ids.
    let mut ids: std::collections::HashMap<&str, &str> = Default::default();
    for l in &loaded {
        eprint!("{}", l.said);
        let Some(s) = &l.scenario else {
            bad += 1;
            continue;
        };
        if let Some(first) = ids.insert(&s.id, &l.name) {
            let d = Diagnostic::new(
                &l.name,
                1,
                1,
                format!("scenario id `{}` is also used by {first}", s.id),
            );
            eprint!("{}", d.render(""));
            bad += 1;
        }
    }
    drop(ids);
    let mut scenarios = Vec::with_capacity(loaded.len());
    scenarios.extend(loaded.into_iter().filter_map(|l| l.scenario.map(|s| *s)));
    Ok(((bad == 0).then_some(scenarios), files.len()))
}

/// Where a file stops being UTF-8.
fn not_utf8(name: &str, e: &std::string::FromUtf8Error) -> Diagnostic {
    let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
    let text = String::from_utf8_lossy(good);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Diagnostic::new(
        name,
        line as u64,
        column as u64,
        format!(
            "not UTF-8: byte 0x{:02X} at offset {}; save the file as UTF-8",
            e.as_bytes()[good.len()],
            good.len()
        ),
    )
}
