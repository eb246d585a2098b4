//! `eseikyu diff`: every run under two release profiles, compared step by step.

use crate::mail;
use crate::scenario::Scenario;
use crate::scenario::select::Selection;

use super::{System, load, run_stream};
use anyhow::{Context, Result, bail};
use std::path::PathBuf;

/// The arguments of `eseikyu diff`.
#[derive(clap::Args)]
pub(super) struct DiffArgs {
    /// Scenario files, or directories searched for *.yaml.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The two release profiles to compare (first the old, then the new).
    #[arg(long = "profile", num_args = 1, required = true)]
    profiles: Vec<String>,
    /// The runs' seed: every code, password and key derives from it.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Runs at once.
    #[arg(long, short, default_value_t = 1)]
    jobs: usize,
    /// Also lists the runs that did not change.
    #[arg(long)]
    all: bool,
}

/// `eseikyu diff`: every run under both profiles, compared step by step.
pub(super) fn diff(args: &DiffArgs) -> Result<i32> {
    use crate::scenario::diff::{Side, compare, render};
    let [a, b] = args.profiles.as_slice() else {
        bail!("give exactly two profiles: --profile pre-2025-12 --profile r2025-12");
    };
    let profile = |name: &str| {
        crate::profile::Profile::named(name).with_context(|| {
            format!(
                "unknown profile {name:?} (profiles: {})",
                crate::profile::PROFILE_NAMES.join(", ")
            )
        })
    };
    let (pa, pb) = (profile(a)?, profile(b)?);
    let (scenarios, _) = load(&args.paths)?;
    let Some(scenarios) = scenarios else {
        return Ok(2);
    };
    let under = |p: &crate::profile::Profile| -> Vec<Scenario> {
        scenarios
            .iter()
            .cloned()
            .map(|mut s| {
                s.profile = std::sync::Arc::new(p.clone());
                for v in &mut s.variants {
                    v.profile = None;
                }
                s
            })
            .collect()
    };
    let (sa, sb) = (under(&pa), under(&pb));
    let work = Selection::default().runs(&sa);
    let catcher = mail::catcher::shared().context("starting the SMTP catcher")?;
    let system = System::InProcess {
        catcher,
        federation: None,
    };
    let mut first: Vec<(String, Side)> = Vec::with_capacity(work.len());
    run_stream(&sa, &work, args.seed, args.jobs.max(1), system, |r| {
        first.push((r.name(), Side::of(&r)));
    });
    let (mut changed_outcome, mut changed_screens, mut same) = (0, 0, 0);
    let mut k = 0;
    run_stream(&sb, &work, args.seed, args.jobs.max(1), system, |r| {
        let (name, old) = &first[k];
        k += 1;
        let new = Side::of(&r);
        let d = compare(old, &new);
        if d.same() {
            same += 1;
            if args.all {
                outln!("same    {name}");
            }
            return;
        }
        if d.outcome_changed {
            changed_outcome += 1;
        } else {
            changed_screens += 1;
        }
        out!("{}", render(name, (a, old), (b, &new), &d));
    });
    outln!(
        "eseikyu diff {a} → {b}: {} runs: {changed_outcome} change outcome, {changed_screens} change only what they show, {same} the same",
        work.len()
    );
    Ok(0)
}
