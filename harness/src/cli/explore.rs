//! `eseikyu explore`: seeded random journeys through the screens, in process or against
//! a `--target`; each rule broken shrunk and written as a scenario.

use crate::explore::{self, Settings};
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::time::Instant;

/// The arguments of `eseikyu explore`.
#[derive(clap::Args)]
pub(super) struct ExploreArgs {
    /// The seed of every journey (the same seed walks the same journeys).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// How many journeys.
    #[arg(long, default_value_t = 100)]
    journeys: usize,
    /// The most moves of a journey.
    #[arg(long, default_value_t = 60)]
    steps: usize,
    /// How many journeys are walked at once [default: the number of CPUs]. The findings
    /// do not depend on it.
    #[arg(long)]
    jobs: Option<usize>,
    /// Explore this system over HTTP instead of the simulator in process.
    #[arg(long, value_name = "URL")]
    target: Option<String>,
    /// Writes each finding, shrunk, as a scenario into DIR.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Draws the screens and the moves between them that explore and the corpus (in
    /// `--corpus`) reached as an SVG map, coloured by who reached each.
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
    /// The corpus the map compares with.
    #[arg(long, value_name = "DIR", default_value = "scenarios")]
    corpus: PathBuf,
}

/// Explores; exit 0 when nothing was found, 1 when a rule was broken.
pub(super) fn explore(args: &ExploreArgs) -> Result<i32> {
    let settings = Settings {
        seed: args.seed,
        journeys: args.journeys,
        steps: args.steps,
        first: false,
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1),
    };
    let started = Instant::now();
    let catcher = crate::mail::catcher::shared().context("the SMTP catcher")?;
    let reference = |p, at, seed| Ok(crate::world::World::new(p, at, seed, catcher));
    let (outcome, scenarios) = match &args.target {
        None => walked(settings, &reference),
        // Every journey on the reference in process and on the target at once.
        Some(url) => walked(settings, &explore::Against(reference, Target(url))),
    };
    let secs = started.elapsed().as_secs_f64();
    outln!(
        "eseikyu explore: {} journeys, {} moves in {secs:.2}s ({:.0} journeys/s, seed {}); {} screens, {} presses, {} messages, {} transitions reached, {} codes taken, {} reset requests compared, {} applications decided, {} files downloaded",
        outcome.journeys,
        outcome.moves,
        outcome.journeys as f64 / secs.max(1e-9),
        args.seed,
        outcome.reached.screens.len(),
        outcome.reached.presses().len(),
        outcome.reached.messages.len(),
        outcome.reached.transitions.len(),
        outcome.codes_taken,
        outcome.resets_answered,
        outcome.decided,
        outcome.downloads,
    );
    for (f, written) in outcome.findings.iter().zip(scenarios) {
        outln!(
            "FOUND {}: {} (journey {}: after {} moves, shrunk to {})",
            f.broken.rule,
            f.broken.what,
            f.journey,
            f.found_after,
            f.moves.len()
        );
        if let Some(dir) = &args.out {
            let yaml = written.context("replaying the shrunk journey")?;
            std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
            let file = dir.join(format!(
                "{}-j{}.yaml",
                f.broken.rule.to_lowercase(),
                f.journey
            ));
            std::fs::write(&file, yaml).with_context(|| format!("{}", file.display()))?;
            outln!("  written to {}", file.display());
        }
    }
    if let Some(file) = &args.map {
        let corpus = corpus_reached(&args.corpus)?;
        let svg = explore::map::svg(&outcome.reached, &corpus);
        std::fs::write(file, svg).with_context(|| format!("{}", file.display()))?;
        outln!("map: {}", file.display());
        for (kind, c) in explore::map::coverage(&outcome.reached, &corpus) {
            outln!(
                "  {kind}: the corpus {}, explore {}, both {}",
                c.corpus,
                c.explore,
                c.both
            );
        }
    }
    Ok(if outcome.findings.is_empty() { 0 } else { 1 })
}

/// The system at a URL, explored: each journey's world made with its offices in one
/// request.
pub struct Target<'a>(pub &'a str);

impl explore::Worlds for Target<'_> {
    type D = crate::remote::Remote;

    fn make(
        &self,
        profile: crate::profile::Profile,
        at: jiff::Timestamp,
        seed: u64,
        offices: &[crate::door::OfficeSpec],
    ) -> Result<Self::D, crate::door::DriverError> {
        crate::remote::Remote::open_with(self.0, &profile, at, seed, offices)
    }
}

/// Explores, and writes each finding as a scenario.
fn walked(
    settings: Settings,
    worlds: &(impl explore::Worlds + Sync),
) -> (
    explore::Outcome,
    Vec<Result<String, crate::door::DriverError>>,
) {
    let outcome = explore::explore(settings, worlds);
    let written = outcome
        .findings
        .iter()
        .map(|f| explore::scenario(f, worlds))
        .collect();
    // A target's worlds are deleted off the journeys' threads: all of them, before the end.
    crate::remote::settle();
    (outcome, written)
}

/// The screens, presses and messages the corpus in `dir` reaches, run in process (read
/// from each run's transcript, as the HTML report reads them).
fn corpus_reached(dir: &std::path::Path) -> Result<explore::map::Reached> {
    let catcher = crate::mail::catcher::shared().context("the SMTP catcher")?;
    let mut reached = explore::map::Reached::default();
    for file in super::files::scenario_files(&[dir.to_path_buf()])? {
        let source = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
        let name = file.display().to_string();
        let Ok(plan) = crate::scenario::parse(&name, &source) else {
            continue;
        };
        for v in 0..plan.variants.len() {
            let run = crate::scenario::run(&plan, v, 0, |p, at, seed| {
                crate::world::World::new(p, at, seed, catcher)
            });
            reached.add(explore::map::Reached::read(&run.transcript));
        }
    }
    Ok(reached)
}
