//! What several test files share: the whole corpus, run once in process.
//! Each test binary uses part of it.
#![allow(dead_code)]

use eseikyu::scenario::{self, RunResult};
use std::path::PathBuf;

/// Every scenario file under `scenarios/`, sorted.
pub fn scenario_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from("scenarios")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("scenarios/ reads") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
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
            assert!(r.passed(), "{}", scenario::report::failure(&r));
            out.push(r);
        }
    }
    out
}
