//! Running a scenario: one fresh world per variant, driven only through [`Driver`].
//! The result is plain data; reporters read it.

use super::plan::Scenario;
use super::redaction::Redaction;
use super::steps::Run;
pub use super::transcript::render_mail;
use eseikyu_core::profile::Profile;
use eseikyu_door::{Driver, DriverError, DriverExt, Letter};
use eseikyu_parts::mail::CaughtMail;
use eseikyu_screens::render;
use jiff::Timestamp;
use std::collections::BTreeSet;
use std::fmt::Write;

/// What one run of one variant produced.
#[derive(Clone, Debug)]
pub struct RunResult {
    pub id: String,
    pub variant: String,
    pub file: String,
    pub title: String,
    /// The release profile it ran under.
    pub profile: String,
    pub covers: Vec<String>,
    pub failure: Option<Failure>,
    /// Every screen seen after an open or press, every mail and letter read, with
    /// secrets (passwords) replaced by their placeholders.
    pub transcript: String,
    pub mails: Vec<CaughtMail>,
    pub letters: Vec<Letter>,
    pub downloads: Vec<eseikyu_door::Download>,
    pub ca_pem: Option<String>,
    pub steps_run: usize,
    /// What went wrong with the parts around the system (its mail server, the
    /// federation), passed or not.
    pub problems: Vec<String>,
    /// The texts of its `problem:` steps: the problems it meant to cause.
    pub problems_expected: Vec<String>,
    /// How long the run took (wall time, for reports).
    pub elapsed: std::time::Duration,
    /// The secrets every report hides ([`RunResult::hide`]); only `--artifacts` shows
    /// mails and letters as they arrived.
    pub redaction: Redaction,
}

impl RunResult {
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
    /// The problems no `problem:` step of the run expected: worth a warning.
    pub fn unexpected_problems(&self) -> impl Iterator<Item = &String> {
        self.problems.iter().filter(|p| {
            !self
                .problems_expected
                .iter()
                .any(|t| p.contains(t.as_str()))
        })
    }
    /// `text` (a mail's or letter's) as a report may show it: the run's secrets hidden.
    pub fn hide(&self, text: &str) -> String {
        self.redaction.apply(text)
    }
    /// `id` or `id[label]` for a matrix run.
    pub fn name(&self) -> String {
        if self.variant.is_empty() {
            self.id.clone()
        } else {
            format!("{}[{}]", self.id, self.variant)
        }
    }
}

pub use super::failure::{Failure, FailureKind, StepFailure};

/// A seed for one variant of one scenario: stable across runs, job counts and orders;
/// the scenario's `world_seed:` as it is, when it gives one.
pub fn variant_seed(run_seed: u64, scenario: &Scenario, variant: usize) -> u64 {
    if let Some(seed) = scenario.world_seed {
        return seed;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(&run_seed.to_le_bytes());
    eat(&scenario.seed.to_le_bytes());
    eat(scenario.id.as_bytes());
    eat(&(variant as u64).to_le_bytes());
    h
}

/// Runs variant `variant` of `scenario` in the world `make_world` builds.
pub fn run<D: Driver>(
    scenario: &Scenario,
    variant: usize,
    run_seed: u64,
    make_world: impl FnOnce(Profile, Timestamp, u64) -> D,
) -> RunResult {
    try_run(scenario, variant, run_seed, |p, at, s| {
        Ok::<D, DriverError>(make_world(p, at, s))
    })
}

/// Runs variant `variant` of `scenario` in the world `make_world` builds, if it can be
/// built (a target over HTTP may refuse): otherwise the run fails, saying why.
pub fn try_run<D: Driver>(
    scenario: &Scenario,
    variant: usize,
    run_seed: u64,
    make_world: impl FnOnce(Profile, Timestamp, u64) -> Result<D, DriverError>,
) -> RunResult {
    observed(scenario, variant, run_seed, make_world, None)
}

/// Runs variant `variant` of `scenario`, showing `observe` the screen after every step
/// (`eseikyu screens` gathers them).
pub fn run_observed<D: Driver>(
    scenario: &Scenario,
    variant: usize,
    run_seed: u64,
    make_world: impl FnOnce(Profile, Timestamp, u64) -> D,
    observe: &mut dyn FnMut(&eseikyu_screens::Screen),
) -> RunResult {
    observed(
        scenario,
        variant,
        run_seed,
        |p, at, s| Ok::<D, DriverError>(make_world(p, at, s)),
        Some(observe),
    )
}

fn observed<D: Driver>(
    scenario: &Scenario,
    variant: usize,
    run_seed: u64,
    make_world: impl FnOnce(Profile, Timestamp, u64) -> Result<D, DriverError>,
    mut observe: Option<&mut dyn FnMut(&eseikyu_screens::Screen)>,
) -> RunResult {
    let started = std::time::Instant::now();
    let v = &scenario.variants[variant];
    let seed = variant_seed(run_seed, scenario, variant);
    let label = if scenario.variants.len() > 1 {
        v.label.clone()
    } else {
        String::new()
    };
    let profile = Profile::clone(scenario.profile_of(variant));
    let made = guarded(|| make_world(profile, v.at.unwrap_or(scenario.at), seed));
    let mut world = match made {
        Ok(Ok(w)) => w,
        Ok(Err(e)) => return unmade(scenario, variant, label, e.to_string()),
        Err(panic) => return unmade(scenario, variant, label, panic),
    };
    let mut run = Run {
        vars: v.vars.clone(),
        secrets: Vec::new(),
        typed: Vec::new(),
        reveal: scenario.reveal.iter().cloned().collect(),
        transcript: String::new(),
        mails_read: BTreeSet::new(),
        letters_read: BTreeSet::new(),
        last_mail: None,
        last_letter: None,
        last_shown: None,
        downloads_read: 0,
        problems_expected: Vec::new(),
        remembered: Default::default(),
        miss: None,
        view: None,
        mails: Vec::new(),
        downloads: Vec::new(),
    };
    // A panic in the system under test fails this run only (never the others): every
    // part of the run is done behind `catch_unwind`, its message kept as the failure.
    let mut failure = guarded(|| run.setup(scenario, variant, &mut world))
        .unwrap_or_else(|panic| Err(StepFailure::system(panic)))
        .err()
        .map(|f| Failure::before_steps("offices", f.kind, f.message));
    let mut steps_run = 0;
    if failure.is_none() {
        for (i, step) in scenario.steps.iter().enumerate() {
            let _ = writeln!(run.transcript, "## {} {}", i + 1, step.kind.describe());
            let outcome = guarded(|| run.step(step, &mut world))
                .unwrap_or_else(|panic| Err(StepFailure::system(panic)));
            if let Err(StepFailure { kind, message }) = outcome {
                let hide = secrets_of(&run, &world);
                let message = hide.apply(&message);
                // The transcript marks the failing step, as the report does.
                let _ = writeln!(run.transcript, ">>> FAILED: {message}");
                failure = Some(Failure {
                    kind,
                    line: step.line,
                    column: step.column,
                    step: step.kind.describe(),
                    message,
                    screen: guarded(|| world.screen().map(|s| hide.apply(&render(&s))))
                        .ok()
                        .and_then(Result::ok)
                        .unwrap_or_default(),
                    snippet: super::diagnostic::snippet(&scenario.source, step.line, step.column),
                    miss: run.miss.take().map(|m| super::nearest::Miss {
                        expected: hide.apply(&m.expected),
                        nearest: hide.apply(&m.nearest),
                    }),
                });
                break;
            }
            steps_run += 1;
            if let Some(o) = observe.as_mut()
                && let Ok(screen) = world.screen()
            {
                o(&screen);
            }
        }
    }
    // A CA the run made (a certificate, the FAQ) has a thumbprint to hide; what the
    // world holds is read once, and a target that cannot say fails the run.
    let mut ends = || -> Result<_, StepFailure> {
        let ca = world.ca(false)?;
        if ca.is_some() {
            run.know_ca(&world)?;
        }
        run.catch_up(&world)?;
        Ok((ca, world.letters()?, world.problems()?))
    };
    let (ca, letters, problems) =
        match guarded(&mut ends).unwrap_or_else(|p| Err(StepFailure::system(p))) {
            Ok(ends) => ends,
            Err(f) => {
                failure.get_or_insert_with(|| Failure::before_steps("the end", f.kind, f.message));
                (None, Vec::new(), Vec::new())
            }
        };
    // Every report hides what the run's system made; a system whose secrets cannot be
    // read fails the run, and its reports show none of what it sent.
    let redaction = match world.secrets() {
        Ok(made) => run.redaction(&made),
        Err(e) => {
            failure.get_or_insert_with(|| {
                Failure::before_steps(
                    "secrets",
                    FailureKind::System,
                    format!("the system under test: {e}"),
                )
            });
            Redaction::Unknown
        }
    };
    RunResult {
        id: scenario.id.clone(),
        variant: label,
        file: scenario.file.clone(),
        title: scenario.title.clone(),
        profile: scenario.profile_of(variant).name.clone(),
        covers: scenario.covers.clone(),
        failure,
        transcript: redaction.apply(&run.transcript),
        mails: std::mem::take(&mut run.mails),
        letters,
        downloads: std::mem::take(&mut run.downloads),
        ca_pem: ca.map(|ca| ca.pem),
        steps_run,
        problems: problems.iter().map(|p| redaction.apply(p)).collect(),
        problems_expected: std::mem::take(&mut run.problems_expected),
        elapsed: started.elapsed(),
        redaction,
    }
}

/// What a failure's texts hide: the run's secrets, or everything when the system's
/// secrets cannot be read.
fn secrets_of<D: Driver>(run: &Run, world: &D) -> Redaction {
    world
        .secrets()
        .map(|made| run.redaction(&made))
        .unwrap_or(Redaction::Unknown)
}

/// The result of a run whose world could not be made.
fn unmade(scenario: &Scenario, variant: usize, label: String, message: String) -> RunResult {
    RunResult {
        id: scenario.id.clone(),
        variant: label,
        file: scenario.file.clone(),
        title: scenario.title.clone(),
        profile: scenario.profile_of(variant).name.clone(),
        covers: scenario.covers.clone(),
        failure: Some(Failure::before_steps(
            "world",
            FailureKind::System,
            format!("the world could not be made: {message}"),
        )),
        transcript: String::new(),
        mails: vec![],
        letters: vec![],
        downloads: vec![],
        ca_pem: None,
        steps_run: 0,
        problems: vec![],
        problems_expected: vec![],
        elapsed: std::time::Duration::ZERO,
        redaction: Redaction::default(),
    }
}

/// Runs `f`, turning a panic into its message.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        format!("internal error: the system under test panicked: {text}")
    })
}

/// Runs made up for tests of what reads results (reporters, baselines).
#[cfg(test)]
pub(crate) mod sample {
    use super::{Failure, RunResult};

    /// A run of `id`, failed at its first step or passed, that took 250 ms.
    pub(crate) fn result(id: &str, failed: bool) -> RunResult {
        RunResult {
            id: id.into(),
            variant: String::new(),
            file: format!("{id}.yaml"),
            title: String::new(),
            profile: "r2025-12".into(),
            covers: vec!["LGN-1".into()],
            failure: failed.then(|| Failure {
                kind: super::FailureKind::Unmet,
                line: 3,
                column: 5,
                step: "screen: login".into(),
                message: "expected <this> & that".into(),
                screen: "(the screen)".into(),
                snippet: String::new(),
                miss: None,
            }),
            transcript: String::new(),
            mails: vec![],
            letters: vec![],
            downloads: vec![],
            ca_pem: None,
            steps_run: 1,
            problems: vec![],
            problems_expected: vec![],
            elapsed: std::time::Duration::from_millis(250),
            redaction: Default::default(),
        }
    }
}
