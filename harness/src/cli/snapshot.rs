//! `eseikyu snapshot`: checks each scenario file's snapshot as `cargo test` does, shows
//! what changed, and writes it — pending beside it (`.snap.new`, as insta does, so
//! `cargo insta review` sees it too) or, with `--accept`, in its place. A tester with only
//! the binary adds a scenario and its snapshot this way.

use super::files::load;
use crate::mail;
use crate::scenario::snapshot;
use crate::world::World;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// What became of one file's snapshot.
enum Outcome {
    Same,
    New,
    Changed,
    Failed,
}

/// Checks (and with `accept`, writes) the snapshots of the scenario files in `paths`,
/// kept in `dir`. Exit 0 when every snapshot holds (or was accepted), 1 when one is new,
/// changed or its scenario fails, 2 when a file has a mistake.
pub(super) fn snapshot(paths: &[PathBuf], dir: &Path, accept: bool) -> Result<i32> {
    let (scenarios, _) = load(paths)?;
    let Some(scenarios) = scenarios else {
        return Ok(2);
    };
    let catcher = mail::catcher::shared().context("starting the SMTP catcher")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let (mut same, mut pending, mut failed) = (0, 0, 0);
    for s in &scenarios {
        let runs: Vec<_> = (0..s.variants.len())
            .map(|v| crate::scenario::run(s, v, 0, |p, at, seed| World::new(p, at, seed, catcher)))
            .collect();
        let outcome = match runs.iter().find(|r| !r.passed()) {
            Some(r) => {
                eprint!("{}", crate::report::text::failure(r));
                Outcome::Failed
            }
            None => settle(s.file.as_str(), &snapshot::text(&runs), dir, accept)?,
        };
        let word = match outcome {
            Outcome::Same => {
                same += 1;
                continue;
            }
            Outcome::Failed => {
                failed += 1;
                "failed (no snapshot)"
            }
            Outcome::New if accept => "new, accepted",
            Outcome::Changed if accept => "changed, accepted",
            Outcome::New => {
                pending += 1;
                "new, pending"
            }
            Outcome::Changed => {
                pending += 1;
                "changed, pending"
            }
        };
        eprintln!("{word}: {}", s.file);
    }
    outln!(
        "eseikyu snapshot: {} files: {same} unchanged, {pending} pending, {failed} failed{}",
        scenarios.len(),
        if pending > 0 {
            " (accept with --accept, or review with cargo insta review)"
        } else {
            ""
        }
    );
    Ok(if pending + failed > 0 { 1 } else { 0 })
}

/// Compares one file's text with its snapshot; a difference is shown as a line diff and
/// written pending (or accepted).
fn settle(file: &str, text: &str, dir: &Path, accept: bool) -> Result<Outcome> {
    let name = snapshot::file_name(Path::new(file));
    let path = dir.join(&name);
    let pending = dir.join(format!("{name}.new"));
    let kept = std::fs::read_to_string(&path).ok();
    if kept.as_deref().is_some_and(|k| snapshot::holds(k, text)) {
        let _ = std::fs::remove_file(&pending);
        return Ok(Outcome::Same);
    }
    let outcome = match &kept {
        None => Outcome::New,
        Some(k) => {
            let old = snapshot::contents(k);
            let new = text.trim_end_matches('\n');
            let diff = similar::TextDiff::from_lines(old.as_str(), new);
            eprint!(
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&path.display().to_string(), "now")
            );
            Outcome::Changed
        }
    };
    let written = snapshot::file(file, text);
    let to = if accept { &path } else { &pending };
    std::fs::write(to, written).with_context(|| format!("writing {}", to.display()))?;
    if accept {
        let _ = std::fs::remove_file(&pending);
    }
    Ok(outcome)
}
