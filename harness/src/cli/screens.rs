//! `eseikyu screens`: every screen the scenarios show, with its fields, buttons, links
//! and texts, gathered by running them in process.

use super::files::load;
use crate::mail;
use crate::screens::gallery::{self, Gallery};
use crate::world::World;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The corpus of the eseikyu checkout the current folder is in: the nearest folder above
/// with `scenarios/` beside `harness/scenario.schema.json`.
fn corpus_above() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    here.ancestors()
        .find(|d| d.join("scenarios").is_dir() && d.join("harness/scenario.schema.json").is_file())
        .map(|d| d.join("scenarios"))
}

/// Prints the screens titled `titles` (every screen when empty) as the scenarios in
/// `from` show them; 2 when a title is unknown or a file has a mistake.
pub(super) fn screens(titles: &[String], from: &[PathBuf], markdown: bool) -> Result<i32> {
    // Run anywhere in a checkout: the default corpus is found in the folders above.
    let found;
    let from = match from {
        [only] if only == Path::new("scenarios") && !only.exists() => match corpus_above() {
            Some(dir) => {
                found = [dir];
                &found[..]
            }
            None => from,
        },
        _ => from,
    };
    if let Some(missing) = from.iter().find(|p| !p.exists()) {
        eprintln!(
            "error: no scenario corpus at {}; the screens are gathered by running scenarios: \
             run this in an eseikyu checkout, or give --from DIR",
            missing.display()
        );
        return Ok(2);
    }
    let (scenarios, n_files) = load(from)?;
    let Some(scenarios) = scenarios else {
        return Ok(2);
    };
    if n_files == 0 {
        eprintln!(
            "error: no scenario files in {}; the screens are gathered by running scenarios: give --from DIR",
            from.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(2);
    }
    let catcher = mail::catcher::shared().context("starting the SMTP catcher")?;
    let mut gallery = Gallery::default();
    // One run after another, so the texts come in the same order every time.
    for s in &scenarios {
        for v in 0..s.variants.len() {
            crate::scenario::run::run_observed(
                s,
                v,
                0,
                |p, at, seed| World::new(p, at, seed, catcher),
                &mut |screen| gallery.add(screen),
            );
        }
    }
    let picked = match gallery.pick(titles) {
        Ok(p) => p,
        Err(why) => {
            eprintln!("error: {why}");
            return Ok(2);
        }
    };
    if markdown {
        let from = from
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect::<Vec<_>>()
            .join(", ");
        out!("{}", gallery::markdown(&picked, &from));
    } else {
        for s in picked {
            outln!("{}", s.text());
        }
        let unseen = gallery.unseen();
        if titles.is_empty() && !unseen.is_empty() {
            eprintln!("not shown by these scenarios: {}", unseen.join(", "));
        }
    }
    Ok(0)
}
