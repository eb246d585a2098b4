//! Runs on worker threads against a system, handed on in order as they finish.

use super::files::Husk;
use crate::federation::Federation;
use crate::mail::Catcher;
use crate::scenario::select::Selection;
use crate::scenario::{self, RunResult, Scenario};
use crate::world::World;

use std::io::IsTerminal;
use std::sync::{Condvar, Mutex};

/// How long a call to an external federation may take before it is retried later.
const FEDERATION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// What scenarios run against.
#[derive(Clone, Copy)]
pub enum System<'a> {
    /// Worlds in this process, delivering to `catcher`; with `federation`, they use that
    /// external federation.
    InProcess {
        catcher: &'a Catcher,
        federation: Option<&'a str>,
    },
    /// A system at this URL over HTTP.
    Target(&'a str),
}

/// Runs every variant of every scenario on `jobs` threads; results in input order.
pub fn run_all(
    scenarios: &[Scenario],
    seed: u64,
    jobs: usize,
    system: System<'_>,
) -> Vec<RunResult> {
    let work = Selection::default().runs(scenarios);
    run_runs(scenarios, &work, seed, jobs, system)
}

/// Runs the chosen runs (scenario, variant) on `jobs` threads; results in that order.
pub fn run_runs(
    scenarios: &[Scenario],
    work: &[(usize, usize)],
    seed: u64,
    jobs: usize,
    system: System<'_>,
) -> Vec<RunResult> {
    let mut out = Vec::with_capacity(work.len());
    run_stream(scenarios, work, seed, jobs, system, |r| out.push(r));
    out
}

/// Runs the chosen runs on `jobs` threads and hands each result to `sink` as soon as it
/// and every run before it are done, in `work`'s order. Workers run at most 32 runs each
/// ahead of the oldest unfinished one (the heaviest of those first, [`Scenario::weight`]),
/// so however many runs there are, only that many results are held at once: reporters
/// keep what they need, nothing else is kept.
pub fn run_stream(
    scenarios: &[Scenario],
    work: &[(usize, usize)],
    seed: u64,
    jobs: usize,
    system: System<'_>,
    sink: impl FnMut(RunResult),
) {
    run_source(
        Source::Whole(scenarios),
        work,
        seed,
        jobs,
        system,
        true,
        sink,
    )
}

/// Makes a whole scenario again from the husk a large corpus keeps: its file read and
/// parsed once more by the worker that runs it.
pub type Reload = dyn Fn(&Husk) -> Result<Scenario, String> + Sync;

/// Where each run's scenario comes from.
#[derive(Clone, Copy)]
pub enum Source<'a> {
    Whole(&'a [Scenario]),
    /// A large corpus's husks: each run's worker makes its scenario whole first, so only
    /// the runs in progress hold a whole scenario.
    Light(&'a [Husk], &'a Reload),
}

/// [`run_stream`] over scenarios whole or light (see [`Source`]); with `bar`, a progress
/// bar on a terminal for many runs.
pub fn run_source(
    source: Source<'_>,
    work: &[(usize, usize)],
    seed: u64,
    jobs: usize,
    system: System<'_>,
    bar: bool,
    mut sink: impl FnMut(RunResult),
) {
    let workers = jobs.max(1).min(work.len().max(1));
    // A worker runs ahead while a long run (a 10 MiB upload, 2,000 generated offices)
    // holds the hand-off: 32 runs a worker (a few MiB of results at most). At 4 a
    // worker, the other worker waited on such a run: the corpus took 10 % longer.
    let window = workers * 32;
    // Within the window the heaviest run starts first, so no worker is left alone with a
    // long one at the end (results are still handed on in order).
    let weights: Vec<u64> = match source {
        Source::Whole(scenarios) => work.iter().map(|&(i, _)| scenarios[i].weight()).collect(),
        Source::Light(..) => vec![0; work.len()],
    };
    let gate = (
        Mutex::new(Gate {
            started: vec![false; work.len()],
            first: 0,
            handed: 0,
        }),
        Condvar::new(),
    );
    let (tx, rx) = std::sync::mpsc::channel::<(usize, RunResult)>();
    let bar = (bar && std::io::stdout().is_terminal() && work.len() > 20)
        .then(|| indicatif::ProgressBar::new(work.len() as u64));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (tx, gate, weights) = (tx.clone(), &gate, &weights);
            scope.spawn(move || {
                loop {
                    let k = {
                        let mut g = gate.0.lock().unwrap_or_else(|p| p.into_inner());
                        loop {
                            if g.first >= work.len() {
                                return;
                            }
                            if let Some(k) = g.next(weights, window) {
                                break k;
                            }
                            g = gate.1.wait(g).unwrap_or_else(|p| p.into_inner());
                        }
                    };
                    let (i, v) = work[k];
                    let result = match source {
                        Source::Whole(scenarios) => run_one(&scenarios[i], v, seed, system),
                        Source::Light(husks, reload) => match reload(&husks[i]) {
                            Ok(whole) => run_one(&whole, v, seed, system),
                            Err(why) => unreadable(&husks[i].stand_in(), v, seed, why),
                        },
                    };
                    if tx.send((k, result)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut handed = 0;
        for (k, r) in rx {
            waiting.insert(k, r);
            while let Some(r) = waiting.remove(&handed) {
                sink(r);
                handed += 1;
                if let Some(b) = &bar {
                    b.inc(1);
                }
                gate.0.lock().unwrap_or_else(|p| p.into_inner()).handed = handed;
                gate.1.notify_all();
            }
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    // The runs' worlds on a target are deleted as each run ends, off its worker: every
    // one is gone before the runs are said to be done.
    if let System::Target(_) = system {
        crate::remote::settle();
    }
}

/// Which runs have started, and how many results were handed on.
struct Gate {
    started: Vec<bool>,
    /// The first run not yet started.
    first: usize,
    handed: usize,
}

impl Gate {
    /// The run to start next: the heaviest not yet started among those within `window`
    /// of the last handed on (the earliest of equals), or none while the window is full.
    fn next(&mut self, weights: &[u64], window: usize) -> Option<usize> {
        let end = (self.handed + window).min(self.started.len());
        let k = (self.first..end)
            .filter(|&k| !self.started[k])
            .max_by_key(|&k| (weights[k], std::cmp::Reverse(k)))?;
        self.started[k] = true;
        while self.started.get(self.first) == Some(&true) {
            self.first += 1;
        }
        Some(k)
    }
}

/// The failed run of a scenario whose file could not be read again.
fn unreadable(scenario: &Scenario, variant: usize, seed: u64, why: String) -> RunResult {
    scenario::try_run(scenario, variant, seed, |_, _, _| {
        Err::<World, _>(crate::door::DriverError::Office(format!(
            "{} could not be read again: {why}",
            scenario.file
        )))
    })
}

/// One run of one variant against the system.
pub(super) fn run_one(
    scenario: &Scenario,
    variant: usize,
    seed: u64,
    system: System<'_>,
) -> RunResult {
    match system {
        System::InProcess {
            catcher,
            federation,
        } => scenario::run(scenario, variant, seed, |p, at, s| {
            let w = World::new(p, at, s, catcher);
            match federation {
                Some(url) => w.with_federation(Federation::http(url, FEDERATION_TIMEOUT)),
                None => w,
            }
        }),
        // The run's offices are registered as its world is made: one request.
        System::Target(url) => scenario::try_run(scenario, variant, seed, |p, at, s| {
            let offices: Vec<_> = scenario
                .offices_of(variant)
                .iter()
                .map(|o| o.spec.clone())
                .collect();
            crate::remote::Remote::open_with(url, &p, at, s, &offices)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::Gate;

    fn gate(n: usize) -> Gate {
        Gate {
            started: vec![false; n],
            first: 0,
            handed: 0,
        }
    }

    #[test]
    fn the_heaviest_run_within_the_window_starts_first() {
        let weights = [1, 1, 9, 1, 5, 1];
        let mut g = gate(6);
        // Window 4: runs 0–3 may start; the heaviest (2) first, then in order.
        assert_eq!(g.next(&weights, 4), Some(2));
        assert_eq!(g.next(&weights, 4), Some(0));
        assert_eq!(g.next(&weights, 4), Some(1));
        assert_eq!(g.next(&weights, 4), Some(3));
        // Full until runs are handed on: then run 4 (weight 5) before 5.
        assert_eq!(g.next(&weights, 4), None);
        g.handed = 2;
        assert_eq!(g.next(&weights, 4), Some(4));
        assert_eq!(g.next(&weights, 4), Some(5));
        assert_eq!(g.next(&weights, 4), None);
        assert_eq!(g.first, 6, "every run started");
    }
}
