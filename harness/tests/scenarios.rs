//! One test per scenario file: it must parse, every variant must pass, and the
//! transcript of every screen, mail and letter it saw must match its snapshot under
//! `snapshots/` (review changes with `cargo insta review`).

use eseikyu::mail::catcher;
use eseikyu::scenario::{self, report};
use eseikyu::world::World;

#[test]
fn scenarios() {
    let catcher = catcher::shared().expect("the SMTP catcher starts");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("../../scenarios", "**/*.yaml", |path| {
            let source = std::fs::read_to_string(path).expect("scenario file reads");
            let name = path.display().to_string();
            let plan = match scenario::parse(&name, &source) {
                Ok(p) => p,
                Err(diags) => {
                    let text: String = diags.iter().map(|d| d.render(&source)).collect();
                    panic!("{text}");
                }
            };
            let mut transcript = String::new();
            for v in 0..plan.variants.len() {
                let r = scenario::run(&plan, v, 0, |p, at, seed| World::new(p, at, seed, catcher));
                assert!(r.passed(), "{}", report::failure(&r));
                transcript.push_str(&format!("# {}\n", r.name()));
                transcript.push_str(&r.transcript);
            }
            insta::assert_snapshot!("scenario", transcript);
        });
    });
}
