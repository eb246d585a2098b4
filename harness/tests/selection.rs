//! Choosing runs and judging them against a baseline, through the `eseikyu` binary:
//! `--rule`, `--id`, `--shard`, `--failed-from`, `--baseline`, `--write-baseline`.

use serde_json::Value;
use std::path::{Path, PathBuf};

use crate::support;
use support::eseikyu;

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("eseikyu-select-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).expect("dir");
    d
}

/// The runs a JSON report lists: (name, passed, covers).
fn runs(report: &Path) -> Vec<(String, bool, Vec<String>)> {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(report).expect("report")).expect("json");
    v["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|r| {
            let id = r["id"].as_str().expect("id");
            let name = match r["variant"].as_str() {
                Some(v) if !v.is_empty() => format!("{id}[{v}]"),
                _ => id.to_string(),
            };
            let covers = r["covers"]
                .as_array()
                .expect("covers")
                .iter()
                .map(|c| c.as_str().expect("rule").to_string())
                .collect();
            (name, r["passed"].as_bool().expect("passed"), covers)
        })
        .collect()
}

#[test]
fn rules_ids_and_shards_choose_runs() {
    let d = scratch("choose");
    let all = d.join("all.json");
    let out = eseikyu(&[
        "run",
        "scenarios/",
        "--jobs",
        "2",
        "--json",
        all.to_str().expect("path"),
    ]);
    assert!(out.status.success());
    let everything = runs(&all);

    let code3 = d.join("code3.json");
    let out = eseikyu(&[
        "run",
        "scenarios/",
        "--rule",
        "CODE-3",
        "--json",
        code3.to_str().expect("path"),
    ]);
    assert!(out.status.success());
    let picked = runs(&code3);
    let want = everything
        .iter()
        .filter(|(_, _, c)| c.iter().any(|r| r == "CODE-3"))
        .count();
    assert!(
        want > 1 && picked.len() == want,
        "{} of {want}",
        picked.len()
    );
    let family = d.join("family.json");
    assert!(
        eseikyu(&[
            "run",
            "scenarios/",
            "--rule",
            "CERT",
            "--json",
            family.to_str().expect("path")
        ])
        .status
        .success()
    );
    assert!(
        runs(&family)
            .iter()
            .all(|(_, _, c)| c.iter().any(|r| r.starts_with("CERT-")))
    );

    let codes = d.join("codes.json");
    assert!(
        eseikyu(&[
            "run",
            "scenarios/",
            "--id",
            "codes/*",
            "--json",
            codes.to_str().expect("path")
        ])
        .status
        .success()
    );
    let codes = runs(&codes);
    assert!(!codes.is_empty() && codes.iter().all(|(n, _, _)| n.starts_with("codes/")));

    // Three shards run every run exactly once.
    let mut union: Vec<String> = Vec::new();
    for i in 1..=3 {
        let f = d.join(format!("shard{i}.json"));
        let out = eseikyu(&[
            "run",
            "scenarios/",
            "--shard",
            &format!("{i}/3"),
            "--json",
            f.to_str().expect("path"),
        ]);
        assert!(out.status.success());
        union.extend(runs(&f).into_iter().map(|(n, _, _)| n));
    }
    union.sort();
    let mut all_names: Vec<String> = everything.iter().map(|(n, _, _)| n.clone()).collect();
    all_names.sort();
    assert_eq!(union, all_names);

    // Mistakes are refused, naming what is wrong.
    let out = eseikyu(&["run", "scenarios/", "--rule", "NOPE-9"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOPE-9"));
    let out = eseikyu(&["run", "scenarios/", "--shard", "4/3"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a shard"));
    let out = eseikyu(&["run", "scenarios/", "--id", "nothing/*"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn failures_are_rerun_and_judged_against_a_baseline() {
    let d = scratch("baseline");
    // A scenario that fails at its third step, beside one that passes.
    let scen = d.join("scenarios");
    std::fs::create_dir_all(&scen).expect("dir");
    let bad = scen.join("bad.yaml");
    std::fs::write(
        &bad,
        "id: t/bad\ntitle: t\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2026-02-10T10:00:00+09:00\nsteps:\n  - open: ログイン\n  - screen: ログイン\n  - screen: お知らせ一覧\n",
    )
    .expect("write");
    std::fs::copy("scenarios/codes/code-reused.yaml", scen.join("good.yaml")).expect("copy");
    let dir = scen.to_str().expect("path");
    let report = d.join("r.json");
    let out = eseikyu(&["run", dir, "--json", report.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let rerun = d.join("rerun.json");
    let out = eseikyu(&[
        "run",
        dir,
        "--failed-from",
        report.to_str().expect("path"),
        "--json",
        rerun.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let again = runs(&rerun);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].0, "t/bad");

    // Today's failures recorded, then expected: no surprise, exit 0.
    let base = d.join("baseline.yaml");
    let out = eseikyu(&["run", dir, "--write-baseline", base.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let written = std::fs::read_to_string(&base).expect("baseline");
    assert!(
        written.contains("run: t/bad") && written.contains("step: 3"),
        "{written}"
    );
    let out = eseikyu(&["run", dir, "--baseline", base.to_str().expect("path")]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("1 expected failures, 0 unexpected failures, 0 unexpected passes"),
        "{text}"
    );

    // A baseline expecting the good run to fail: an unexpected pass is a surprise.
    let stale = d.join("stale.yaml");
    std::fs::write(
        &stale,
        format!("{written}- run: codes/code-reused\n  reason: was broken\n"),
    )
    .expect("write");
    let out = eseikyu(&["run", dir, "--baseline", stale.to_str().expect("path")]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("UNEXPECTED PASS codes/code-reused"), "{text}");
    // A mistake in a baseline is located.
    let broken = d.join("broken.yaml");
    std::fs::write(&broken, "expected:\n  - run: t/bad\n    reasn: x\n").expect("write");
    let out = eseikyu(&["run", dir, "--baseline", broken.to_str().expect("path")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("broken.yaml:3:5") && err.contains("unknown key `reasn`"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn the_release_diff_names_the_runs_that_change_and_where() {
    let out = eseikyu(&[
        "diff",
        "--profile",
        "pre-2025-12",
        "--profile",
        "r2025-12",
        "scenarios/login/new-office-first-login.yaml",
        "scenarios/codes/code-at-30m.yaml",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The December 2025 release added the first login's security address step.
    assert!(
        text.contains("CHANGED login/new-office-first-login"),
        "{text}"
    );
    assert!(text.contains("pre-2025-12: fails at step"), "{text}");
    assert!(text.contains("r2025-12: passes"), "{text}");
    assert!(text.contains("2 runs:"), "{text}");
    let out = eseikyu(&["diff", "--profile", "r2025-12", "scenarios/"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exactly two profiles"));
    let out = eseikyu(&[
        "diff",
        "--profile",
        "r2025-12",
        "--profile",
        "2030",
        "scenarios/",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown profile \"2030\""));
}
