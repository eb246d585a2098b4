//! The same seed gives every artifact of a run byte for byte: transcripts, raw mails,
//! letters, the CA, every certificate file (keys, RFC 6979 signatures, PKCS#12 salts) and
//! every ZIP. The corpus is run twice by the `eseikyu` binary, as a user runs it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support;

fn run_corpus(dir: &Path, seed: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args([
            "run",
            "scenarios",
            "--jobs",
            "2",
            "--seed",
            seed,
            "--artifacts",
        ])
        .arg(dir)
        .output()
        .expect("eseikyu runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `dir`, by its path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("reads") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("inside").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("file reads"));
            }
        }
    }
    out
}

#[test]
fn the_same_seed_gives_every_artifact_byte_for_byte() {
    let base = std::env::temp_dir().join(format!("eseikyu-repro-{}", std::process::id()));
    let (a, b, c) = (base.join("a"), base.join("b"), base.join("c"));
    run_corpus(&a, "7");
    run_corpus(&b, "7");
    run_corpus(&c, "8");
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    let kinds = |ext: &str| {
        fa.keys()
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .count()
    };
    assert!(kinds("pfx") >= 5, "the corpus downloads certificates");
    assert!(kinds("zip") >= 1, "the corpus downloads a ZIP");
    assert!(kinds("eml") >= 20 && kinds("pem") >= 1);
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &fa {
        assert!(
            fb[path] == *bytes,
            "{} differs between two runs",
            path.display()
        );
    }
    // The seed matters: another seed gives other keys.
    let pem = fa.keys().find(|p| p.ends_with("ca.pem")).expect("a CA");
    assert_ne!(fa[pem], fc[pem], "another seed, another CA");
    let _ = std::fs::remove_dir_all(&base);
}

/// A world that hands its effect log over when the run ends with it.
struct Logged(eseikyu::world::World, Rc<RefCell<Vec<String>>>);

impl eseikyu::door::Driver for Logged {
    fn screen(&self) -> Result<eseikyu::screens::Screen, eseikyu::door::DriverError> {
        self.0.screen()
    }
    fn act(&mut self, a: &eseikyu::screens::Action) -> Result<(), eseikyu::door::DriverError> {
        self.0.act(a)
    }
    fn command(
        &mut self,
        c: &eseikyu::door::Command,
    ) -> Result<eseikyu::door::Answer, eseikyu::door::DriverError> {
        self.0.command(c)
    }
    fn observe(
        &self,
        q: &eseikyu::door::Query,
    ) -> Result<eseikyu::door::Answer, eseikyu::door::DriverError> {
        self.0.observe(q)
    }
}

impl Drop for Logged {
    fn drop(&mut self) {
        self.1
            .borrow_mut()
            .extend(self.0.effect_log().iter().cloned());
    }
}

use std::cell::RefCell;
use std::rc::Rc;

/// The corpus's effect logs: every effect the system asked of its worlds, run by run.
fn effect_logs(seed: u64) -> Vec<Vec<String>> {
    use eseikyu::scenario;
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    let mut logs = Vec::new();
    for f in support::scenario_files() {
        let source = std::fs::read_to_string(&f).expect("reads");
        let plan = scenario::parse(&f.display().to_string(), &source).expect("parses");
        for v in 0..plan.variants.len() {
            let log = Rc::new(RefCell::new(Vec::new()));
            let r = scenario::run(&plan, v, seed, |p, at, s| {
                Logged(
                    eseikyu::world::World::new(p, at, s, catcher).log_effects(),
                    log.clone(),
                )
            });
            assert!(r.passed(), "{}", eseikyu::report::text::failure(&r));
            logs.push(log.take());
        }
    }
    logs
}

/// The domain's effects are one closed type carried out in order: the same seed gives
/// the same effect log, run for run, and the corpus reaches every kind of effect.
#[test]
fn the_same_seed_gives_the_same_effect_log() {
    let (a, b) = (effect_logs(7), effect_logs(7));
    assert_eq!(a, b);
    let all: Vec<&String> = a.iter().flatten().collect();
    for kind in [
        "secret «",
        "mail to ",
        "reissue application ",
        "certificate application ",
        "certificate download ",
        "password zip for notice ",
        "attachment of notice ",
        "linkage download ",
    ] {
        assert!(
            all.iter().any(|e| e.starts_with(kind)),
            "no effect `{kind}…` in the corpus"
        );
    }
    assert!(
        !all.iter().any(|e| e.contains("Passw0rd")),
        "the log shows no secret's value"
    );
}
