//! Reports. Each reads the stream of finished runs one at a time ([`Reporter::run`]) and
//! never reaches into the runner, keeping only what it needs, so memory stays flat however
//! many runs a corpus has (nextest's model): the artifacts on disk, JUnit XML, the JSON
//! report, the self-contained HTML report and the certification package are reporters.

pub mod artifacts;
pub mod certify;
pub mod html;
pub mod json;
pub mod junit;
pub mod spool;
pub mod text;

use crate::scenario::RunResult;
use crate::scenario::baseline::Verdict;
use std::collections::BTreeMap;
use std::time::Duration;

/// A reader of finished runs.
pub trait Reporter {
    /// One finished run, with what it means against the baseline (if any).
    fn run(&mut self, r: &RunResult, verdict: &Verdict) -> Result<(), ReportError>;
    /// Every run is in.
    fn finish(&mut self, totals: &Totals) -> Result<(), ReportError>;
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}")]
    Format(String),
}

impl ReportError {
    pub(crate) fn io(what: impl std::fmt::Display) -> impl FnOnce(std::io::Error) -> ReportError {
        let what = what.to_string();
        move |e| ReportError::Io(what, e)
    }
}

/// What a whole run of the corpus came to, for every report's summary.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub scenarios: usize,
    pub runs: usize,
    pub passed: usize,
    pub elapsed: Duration,
    pub seed: u64,
    /// The system run against: `in process`, or the target's URL.
    pub system: String,
    /// The release profiles the runs used.
    pub profiles: Vec<String>,
    /// Passing runs per rule of SPEC.md (0 for rules no passing run covers).
    pub coverage: BTreeMap<&'static str, usize>,
    pub expected_failures: usize,
    pub unexpected_failures: usize,
    pub unexpected_passes: usize,
}

impl Totals {
    pub fn failed(&self) -> usize {
        self.runs - self.passed
    }
    /// Whether nothing was unexpected (every run passed, or failed as the baseline says).
    pub fn ok(&self) -> bool {
        self.unexpected_failures == 0 && self.unexpected_passes == 0
    }
}

/// Counts runs as they come, for [`Totals`]. The runs of one scenario come together (the
/// runner hands them on in the corpus's order), so a scenario is counted when its id
/// differs from the run before's: nothing is kept per run.
#[derive(Debug, Default)]
pub struct Tally {
    totals: Totals,
    scenarios: usize,
    last_id: String,
}

impl Tally {
    pub fn new(seed: u64, system: &str) -> Tally {
        let mut t = Tally::default();
        t.totals.seed = seed;
        t.totals.system = system.to_string();
        t.totals.coverage = crate::rules::ids().iter().map(|r| (*r, 0)).collect();
        t
    }

    pub fn add(&mut self, r: &RunResult, verdict: &Verdict, profile: &str) {
        let t = &mut self.totals;
        t.runs += 1;
        if r.id != self.last_id {
            self.scenarios += 1;
            self.last_id.clone_from(&r.id);
        }
        if !t.profiles.iter().any(|p| p == profile) {
            t.profiles.push(profile.to_string());
        }
        if r.passed() {
            t.passed += 1;
            for c in &r.covers {
                if let Some(n) = t.coverage.get_mut(c.as_str()) {
                    *n += 1;
                }
            }
        }
        match verdict {
            Verdict::ExpectedFailure(_) => t.expected_failures += 1,
            Verdict::UnexpectedFailure => t.unexpected_failures += 1,
            Verdict::UnexpectedPass(_) => t.unexpected_passes += 1,
            Verdict::Passed => {}
        }
    }

    /// The totals, once every run is in.
    pub fn totals(&self, elapsed: Duration) -> Totals {
        Totals {
            scenarios: self.scenarios,
            elapsed,
            ..self.totals.clone()
        }
    }
}

/// What a run's outcome means without a baseline.
pub fn plain_verdict(r: &RunResult) -> Verdict {
    if r.passed() {
        Verdict::Passed
    } else {
        Verdict::UnexpectedFailure
    }
}

/// A scenario id's area: its first part (`codes/two-tabs` → `codes`).
pub fn area(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}
