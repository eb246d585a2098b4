//! What several test files share: the whole corpus, run once in process.
//! Each test binary uses part of it.
#![allow(dead_code)]

pub mod chromium;
pub mod clients;
pub mod served;

use eseikyu::scenario::{self, RunResult};
use std::path::PathBuf;

/// The eseikyu binary this build made, run with `args` (in the checkout: cargo runs tests
/// there).
pub fn eseikyu(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args(args)
        .output()
        .expect("eseikyu runs")
}

/// An instant as a test writes it: `2026-02-10T10:00:00+09:00`.
pub fn at(s: &str) -> jiff::Timestamp {
    s.parse().expect("instant")
}

/// Every scenario file under `scenarios/`, sorted.
pub fn scenario_files() -> Vec<PathBuf> {
    files_under("scenarios", "yaml")
}

/// Every file under the folder `dir` (and its folders) whose name ends in `.ext`, sorted.
pub fn files_under(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from(dir)];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{dir}/ reads: {e}")) {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Every run of every scenario of the corpus (seed 0), in process; each must pass.
pub fn corpus() -> Vec<RunResult> {
    let catcher = eseikyu::mail::catcher::shared().expect("the SMTP catcher starts");
    let mut out = Vec::new();
    for f in scenario_files() {
        let name = f.display().to_string();
        let source = std::fs::read_to_string(&f).expect("scenario reads");
        let plan = scenario::parse(&name, &source).expect("scenario parses");
        for v in 0..plan.variants.len() {
            let r = scenario::run(&plan, v, 0, |p, at, seed| {
                eseikyu::world::World::new(p, at, seed, catcher)
            });
            assert!(r.passed(), "{}", eseikyu::report::text::failure(&r));
            out.push(r);
        }
    }
    out
}

/// A driver with hooks around each action: `before` sees the action (and may panic, as
/// a buggy system would), `after` sees the screen it led to.
pub struct Hooked<D> {
    pub inner: D,
    pub before: Box<dyn FnMut(&eseikyu::screens::Action)>,
    pub after: Box<dyn FnMut(&eseikyu::screens::Screen)>,
    /// Whether its secrets cannot be read, as a target that does not answer for them.
    pub secrets_fail: bool,
}

mod hooked {
    use super::Hooked;
    use eseikyu::door::{Answer, Command, Driver, DriverError, Query};
    use eseikyu::screens::{Action, Screen};

    impl<D: Driver> Driver for Hooked<D> {
        fn screen(&self) -> Result<Screen, DriverError> {
            self.inner.screen()
        }
        fn act(&mut self, action: &Action) -> Result<(), DriverError> {
            (self.before)(action);
            self.inner.act(action)?;
            (self.after)(&self.inner.screen()?);
            Ok(())
        }
        fn command(&mut self, command: &Command) -> Result<Answer, DriverError> {
            let answer = self.inner.command(command)?;
            if let Command::Visit { .. } = command {
                (self.after)(&self.inner.screen()?);
            }
            Ok(answer)
        }
        fn observe(&self, query: &Query) -> Result<Answer, DriverError> {
            if self.secrets_fail && *query == Query::Secrets {
                return Err(DriverError::Target("GET …/secrets answered 404".into()));
            }
            self.inner.observe(query)
        }
    }
}
