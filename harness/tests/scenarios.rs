//! One test per scenario file (libtest-mimic, so `cargo nextest run --partition
//! count:i/n` splits the corpus across machines): it must parse, every variant must
//! pass, and the transcript of every screen, mail and letter it saw must match its
//! snapshot under `snapshots/` (review changes with `cargo insta review`).

use eseikyu::mail::catcher;
use eseikyu::report::text as report;
use eseikyu::scenario;
use eseikyu::world::World;
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

mod support;

fn main() {
    let args = Arguments::from_args();
    let trials = support::scenario_files()
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix("scenarios")
                .unwrap_or(&path)
                .with_extension("")
                .display()
                .to_string();
            Trial::test(format!("scenario::{name}"), move || check(&path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// Runs one scenario file and compares its transcript with its snapshot.
fn check(path: &Path) -> Result<(), Failed> {
    let path: PathBuf = path.to_path_buf();
    std::panic::catch_unwind(move || {
        let catcher = catcher::shared().expect("the SMTP catcher starts");
        let source = std::fs::read_to_string(&path).expect("scenario file reads");
        let name = path.display().to_string();
        let plan = match scenario::parse(&name, &source) {
            Ok(p) => p,
            Err(diags) => {
                let text: String = diags.iter().map(|d| d.render(&source)).collect();
                panic!("{text}");
            }
        };
        let runs: Vec<_> = (0..plan.variants.len())
            .map(|v| scenario::run(&plan, v, 0, |p, at, seed| World::new(p, at, seed, catcher)))
            .collect();
        for r in &runs {
            assert!(r.passed(), "{}", report::failure(r));
        }
        // The text `eseikyu snapshot` checks and writes too.
        let transcript = scenario::snapshot::text(&runs);
        // The snapshot's name as insta's glob! gave it: scenario@<area>__<file>.snap.
        let suffix = path
            .strip_prefix("scenarios")
            .unwrap_or(&path)
            .display()
            .to_string()
            .replace('/', "__");
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../../snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_suffix(suffix);
        settings.set_input_file(&path);
        settings.bind(|| insta::assert_snapshot!("scenario", transcript));
    })
    .map_err(|panic| {
        let text = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the scenario panicked".into());
        Failed::from(text)
    })
}
