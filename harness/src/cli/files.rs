//! Scenario files: found under the paths given, read and parsed, every mistake shown.

use crate::scenario::select::Selection;
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

/// Above this many scenarios, a corpus is kept light while it runs (see [`Husk`]).
pub const KEPT_WHOLE: usize = 1_000;

/// What a large corpus keeps of a scenario while it runs: where to read it again and what
/// to check it against (its runs are chosen as it is read). Each run's worker parses the
/// file again ([`reload`]), so a corpus takes memory for the runs in progress, not for
/// every file.
#[derive(Debug)]
pub struct Husk {
    pub file: Box<str>,
    pub id: Box<str>,
    pub variants: usize,
}

impl Husk {
    fn of(s: &Scenario) -> Husk {
        Husk {
            file: s.file.as_str().into(),
            id: s.id.as_str().into(),
            variants: s.variants.len(),
        }
    }

    /// A scenario standing for a file that could not be read again: its file, id and
    /// variants, nothing to run.
    pub fn stand_in(&self) -> Scenario {
        use crate::profile::Profile;
        Scenario {
            file: self.file.to_string(),
            id: self.id.to_string(),
            title: String::new(),
            covers: Vec::new(),
            profile: Profile::shared("r2025-12")
                .unwrap_or_else(|| std::sync::Arc::new(Profile::r2025_12())),
            at: jiff::Timestamp::UNIX_EPOCH,
            seed: 0,
            world_seed: None,
            offices: Vec::new(),
            generate: 0,
            reveal: Vec::new(),
            variants: vec![Default::default(); self.variants],
            steps: Vec::new(),
            source: "".into(),
            uses_ca: false,
            warnings: Vec::new(),
        }
    }
}

/// The scenarios a run was given: whole, or as husks with their runs already chosen.
pub enum Corpus {
    Whole(Vec<Scenario>),
    Light {
        husks: Vec<Husk>,
        work: Vec<(usize, usize)>,
    },
}

/// Whether a corpus of `files` files runs light (see [`Husk`]).
pub fn runs_light(files: usize) -> bool {
    files > KEPT_WHOLE
}

/// The whole scenario of a husk: its file parsed again, with `adjust` applied as to the
/// corpus (e.g. `--pkcs12`).
pub fn reload(husk: &Husk, adjust: &(dyn Fn(&mut Scenario) + Sync)) -> Result<Scenario, String> {
    let source = std::fs::read_to_string(&*husk.file).map_err(|e| e.to_string())?;
    let mut whole = scenario::parse(&husk.file, &source).map_err(|d| {
        d.first()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| "it no longer parses".into())
    })?;
    if *whole.id != *husk.id || whole.variants.len() != husk.variants {
        return Err("it changed while the corpus ran".into());
    }
    adjust(&mut whole);
    Ok(whole)
}

/// One file read and parsed, and what to print about it, rendered with its text.
struct Loaded {
    name: String,
    parsed: Option<Parsed>,
    said: String,
}

/// A parsed scenario: whole (boxed: a large corpus holds every file's `Loaded` at once),
/// or its husk and the variants chosen.
enum Parsed {
    Whole(Box<Scenario>),
    Husk(Husk, Vec<usize>),
}

impl Parsed {
    fn id(&self) -> &str {
        match self {
            Parsed::Whole(s) => &s.id,
            Parsed::Husk(h, _) => &h.id,
        }
    }
}

/// Parses every file (on every core: parsing is a tenth of a short run); prints every
/// diagnostic, in file order. `None` when any file has a mistake.
pub(super) fn load(paths: &[PathBuf]) -> Result<(Option<Vec<Scenario>>, usize)> {
    let (parsed, files) = load_with(paths, None)?;
    Ok((parsed.map(wholes), files))
}

/// [`load`] for `eseikyu run`: a corpus of more than [`KEPT_WHOLE`] files is kept as
/// husks, its runs chosen by `selection` as the files are read.
pub(super) fn load_for_run(
    paths: &[PathBuf],
    selection: &Selection,
) -> Result<(Option<Corpus>, usize)> {
    let (parsed, files) = load_with(paths, Some(selection))?;
    let Some(parsed) = parsed else {
        return Ok((None, files));
    };
    if !runs_light(files) {
        return Ok((Some(Corpus::Whole(wholes(parsed))), files));
    }
    let (mut husks, mut work) = (Vec::with_capacity(parsed.len()), Vec::new());
    for p in parsed {
        if let Parsed::Husk(h, chosen) = p {
            work.extend(chosen.into_iter().map(|v| (husks.len(), v)));
            husks.push(h);
        }
    }
    Ok((Some(Corpus::Light { husks, work }), files))
}

/// The whole scenarios among those parsed (every one, unless they were read as husks).
fn wholes(parsed: Vec<Parsed>) -> Vec<Scenario> {
    let mut scenarios = Vec::with_capacity(parsed.len());
    for p in parsed {
        if let Parsed::Whole(s) = p {
            scenarios.push(*s);
        }
    }
    scenarios
}

/// Every file parsed (whole, or as husks chosen by `light_by` in a large corpus), every
/// diagnostic printed; `None` when any file has a mistake.
fn load_with(
    paths: &[PathBuf],
    light_by: Option<&Selection>,
) -> Result<(Option<Vec<Parsed>>, usize)> {
    let files = scenario_files(paths)?;
    let light = light_by.filter(|_| runs_light(files.len()));
    let one = |f: &PathBuf| -> Result<Loaded> {
        let name = f.display().to_string();
        let bytes = std::fs::read(f).with_context(|| format!("reading {name}"))?;
        let source = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let said = not_utf8(&name, &e).render("");
                return Ok(Loaded {
                    name,
                    parsed: None,
                    said,
                });
            }
        };
        Ok(match scenario::parse(&name, &source) {
            Ok(s) => {
                let said = s.warnings.iter().map(|w| w.render(&source)).collect();
                let parsed = match light {
                    Some(selection) => Parsed::Husk(Husk::of(&s), selection.variants(&s).collect()),
                    None => Parsed::Whole(Box::new(s)),
                };
                Loaded {
                    name,
                    parsed: Some(parsed),
                    said,
                }
            }
            Err(d) => {
                let said = d.iter().map(|d| d.render(&source)).collect();
                Loaded {
                    name,
                    parsed: None,
                    said,
                }
            }
        })
    };
    let loaded = each_on_threads(&files, one)?;
    let mut bad = 0;
    // Borrowed from what was loaded: a large corpus holds no second copy of its ids.
    let mut ids: std::collections::HashMap<&str, &str> = Default::default();
    for l in &loaded {
        eprint!("{}", l.said);
        let Some(p) = &l.parsed else {
            bad += 1;
            continue;
        };
        if let Some(first) = ids.insert(p.id(), &l.name) {
            let d = Diagnostic::new(
                &l.name,
                1,
                1,
                format!("scenario id `{}` is also used by {first}", p.id()),
            );
            eprint!("{}", d.render(""));
            bad += 1;
        }
    }
    drop(ids);
    let parsed = loaded.into_iter().filter_map(|l| l.parsed).collect();
    Ok(((bad == 0).then_some(parsed), files.len()))
}

/// `one` of every file, on as many threads as there are cores (each thread takes the next
/// file not yet taken, so a few long files do not leave the other threads idle), in
/// file order.
fn each_on_threads<T: Send>(
    files: &[PathBuf],
    one: impl Fn(&PathBuf) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, files.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, T)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut part = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(f) = files.get(i) else {
                            return Ok::<_, anyhow::Error>(part);
                        };
                        part.push((i, one(f)?));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .map_err(|_| anyhow::anyhow!("parsing the scenario files panicked"))?
            })
            .collect::<Result<_>>()
    })?;
    let mut all: Vec<(usize, T)> = parts.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, t)| t).collect())
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

#[cfg(test)]
mod tests {
    use super::each_on_threads;
    use std::path::PathBuf;

    #[test]
    fn files_done_on_threads_come_back_in_file_order_and_a_failure_is_told() {
        let files: Vec<PathBuf> = (0..200).map(|i| PathBuf::from(format!("{i}"))).collect();
        // Uneven work: every tenth file is long, so the threads finish out of order.
        let slow = |f: &PathBuf| {
            let n: u64 = f.to_string_lossy().parse()?;
            let spins = if n.is_multiple_of(10) { 200_000 } else { 10 };
            for x in 0..spins {
                std::hint::black_box(x);
            }
            Ok(n)
        };
        let done = each_on_threads(&files, slow).expect("every file");
        assert_eq!(done, (0..200).collect::<Vec<u64>>());
        let failing = |f: &PathBuf| match f.to_string_lossy().as_ref() {
            "137" => Err(anyhow::anyhow!("reading 137")),
            _ => Ok(()),
        };
        let e = each_on_threads(&files, failing).expect_err("one file fails");
        assert!(e.to_string().contains("137"), "{e}");
        assert!(each_on_threads(&[], slow).expect("no files").is_empty());
    }
}
