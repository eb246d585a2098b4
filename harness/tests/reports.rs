//! The reports a certification rests on, read by independent tools: the JUnit XML
//! validated against the Jenkins xUnit plugin's JUnit XSD with xmllint, the JSON report
//! against its published JSON Schema, the HTML report opened in headless Chromium (the
//! summary shows, a scenario expands), and a `--certify` package checked by `sha256sum -c`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support;
use support::eseikyu;

/// A small corpus — one run that fails at its third step, one that passes — and a
/// baseline that expects the failure and, wrongly, a failure of the passing run.
fn corpus(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let d = std::env::temp_dir().join(format!("eseikyu-reports-{}-{name}", std::process::id()));
    let scen = d.join("scenarios");
    std::fs::create_dir_all(&scen).expect("dir");
    std::fs::write(
        scen.join("bad.yaml"),
        "id: t/bad\ntitle: お知らせ一覧に着かない\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2026-02-10T10:00:00+09:00\nsteps:\n  - open: ログイン\n  - screen: ログイン\n  - screen: お知らせ一覧\n",
    )
    .expect("write");
    std::fs::copy("scenarios/cert/start-to-tls.yaml", scen.join("good.yaml")).expect("copy");
    let baseline = d.join("baseline.yaml");
    std::fs::write(
        &baseline,
        "expected:\n- run: t/bad\n  step: 3\n  reason: the top menu is not simulated there\n- run: cert/start-to-tls\n  reason: was broken\n",
    )
    .expect("write");
    (d, scen, baseline)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// Whether a tool is there; if not, says so (and fails under CI).
fn tool(name: &str, install: &str) -> bool {
    let there = Command::new(name).arg("--version").output().is_ok();
    if !there {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{name} is required under CI: {install}"
        );
        eprintln!("NOT RUN: no {name}; {install}");
    }
    there
}

#[test]
fn junit_validates_against_the_jenkins_junit_xsd() {
    if !tool("xmllint", "apt-get install libxml2-utils") {
        return;
    }
    let (d, scen, baseline) = corpus("junit");
    let xml = d.join("junit.xml");
    let out = eseikyu(&[
        "run",
        s(&scen),
        "--baseline",
        s(&baseline),
        "--junit",
        s(&xml),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the unexpected pass is a surprise"
    );
    let check = Command::new("xmllint")
        .args(["--noout", "--schema", "fixtures/junit/junit-10.xsd"])
        .arg(&xml)
        .output()
        .expect("xmllint runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let text = std::fs::read_to_string(&xml).expect("xml");
    assert!(text.contains(r#"classname="cert.start-to-tls""#), "{text}");
    assert!(text.contains("covers: START-1, ACC-3"), "{text}");
    assert!(
        text.contains(r#"<skipped message="expected failure: the top menu"#),
        "{text}"
    );
    assert!(text.contains(r#"type="unexpected pass""#), "{text}");
    assert!(
        text.contains("expected to fail (baseline): the top menu"),
        "{text}"
    );
    // An expected failure is no <failure>: one failure only, the unexpected pass.
    assert_eq!(text.matches("<failure").count(), 1, "{text}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn the_json_report_matches_its_published_schema() {
    let committed = std::fs::read_to_string("harness/report.schema.json").expect("schema");
    assert_eq!(
        committed,
        eseikyu::report::json::schema(),
        "regenerate with: cargo run -- schema report > harness/report.schema.json"
    );
    let (d, scen, baseline) = corpus("json");
    let json = d.join("report.json");
    eseikyu(&[
        "run",
        s(&scen),
        "--baseline",
        s(&baseline),
        "--json",
        s(&json),
    ]);
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("report")).expect("json");
    let schema: Value = serde_json::from_str(&committed).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report["expected_failures"], 1);
    assert_eq!(report["unexpected_passes"], 1);
    let verdicts: Vec<&str> = report["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|r| r["verdict"].as_str().expect("verdict"))
        .collect();
    assert!(
        verdicts.contains(&"expected failure") && verdicts.contains(&"unexpected pass"),
        "{verdicts:?}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_certification_package_holds_its_reports_and_a_manifest_that_checks() {
    let (d, scen, baseline) = corpus("certify");
    let pkg = d.join("package");
    eseikyu(&[
        "run",
        s(&scen),
        "--baseline",
        s(&baseline),
        "--certify",
        s(&pkg),
    ]);
    for f in [
        "report.html",
        "report.json",
        "junit.xml",
        "identity.json",
        "manifest.sha256",
        "baseline.yaml",
    ] {
        assert!(pkg.join(f).is_file(), "{f} is in the package");
    }
    assert!(
        pkg.join("artifacts/cert/start-to-tls/transcript.txt")
            .is_file()
    );
    let identity: Value = serde_json::from_str(
        &std::fs::read_to_string(pkg.join("identity.json")).expect("identity"),
    )
    .expect("json");
    assert_eq!(identity["system"], "in process");
    assert_eq!(identity["seed"], 0);
    assert_eq!(identity["profiles"][0], "r2025-12");
    assert_eq!(identity["eseikyu"], env!("CARGO_PKG_VERSION"));
    assert_eq!(identity["unexpected_passes"], 1);
    assert!(
        identity["baseline_sha256"]
            .as_str()
            .is_some_and(|h| h.len() == 64)
    );
    // Every file but the manifest is listed, and `sha256sum -c` agrees with each.
    let manifest = std::fs::read_to_string(pkg.join("manifest.sha256")).expect("manifest");
    assert!(manifest.lines().any(|l| l.ends_with("  report.html")));
    assert!(manifest.lines().any(|l| l.ends_with(".pfx")), "{manifest}");
    assert!(!manifest.contains("manifest.sha256"));
    let check = Command::new("sha256sum")
        .args(["-c", "--quiet", "manifest.sha256"])
        .current_dir(&pkg)
        .output()
        .expect("sha256sum runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // A changed file no longer checks.
    std::fs::write(pkg.join("report.json"), "{}").expect("write");
    let check = Command::new("sha256sum")
        .args(["-c", "--quiet", "manifest.sha256"])
        .current_dir(&pkg)
        .output()
        .expect("sha256sum runs");
    assert!(!check.status.success());
    // A package is never written over another (it would seal the old files as its own).
    let again = eseikyu(&["run", s(&scen), "--certify", s(&pkg)]);
    assert_eq!(again.status.code(), Some(2));
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("not empty"), "{said}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn the_html_report_opens_in_a_real_browser_and_a_scenario_expands() {
    use fantoccini::Locator;
    if !support::chromium::browser_present() {
        return;
    }
    let (d, scen, baseline) = corpus("html");
    let html = d.join("report.html");
    eseikyu(&[
        "run",
        s(&scen),
        "--baseline",
        s(&baseline),
        "--html",
        s(&html),
    ]);
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(
        !page.contains("<script") && !page.contains("src=\"http") && !page.contains("href=\"http"),
        "self-contained"
    );
    // It opens on the failures; the runs follow, the rule coverage comes last.
    let at = |id: &str| {
        page.find(&format!("<section id=\"{id}\""))
            .unwrap_or_else(|| panic!("a section {id}"))
    };
    assert!(at("summary") < at("failures") && at("failures") < at("runs"));
    assert!(at("runs") < at("coverage"), "coverage last");
    // The coverage ends with what the runs reached: counts, and the map as an image.
    let coverage = &page[at("coverage")..];
    assert!(
        coverage.contains("<svg role=\"img\"") && coverage.contains("moves between screens"),
        "the map of what the runs reached"
    );
    let driver = support::chromium::chromedriver();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let c = support::chromium::browser(driver.1, &d).await;
        c.goto(&format!("file://{}", html.display()))
            .await
            .expect("opens");
        // What a reader sees first: the summary and the failures.
        let first = c.screenshot().await.expect("a screenshot");
        std::fs::create_dir_all("target/browser-screenshots").expect("dir");
        std::fs::write("target/browser-screenshots/report-top.png", first).expect("saved");
        let summary = c.find(Locator::Id("summary")).await.expect("a summary");
        let text = summary.text().await.expect("its text");
        assert!(
            text.contains("unexpected passes") && text.contains("FAIL"),
            "{text}"
        );
        assert!(summary.is_displayed().await.expect("shown"));
        // The failed run's details are closed until its summary is clicked.
        let failure = c
            .find(Locator::Css("details.xfail .failure"))
            .await
            .expect("a failure block");
        assert!(
            !failure.is_displayed().await.expect("state"),
            "closed at first"
        );
        c.find(Locator::Css("details.xfail > summary"))
            .await
            .expect("a run")
            .click()
            .await
            .expect("clicked");
        assert!(
            failure.is_displayed().await.expect("state"),
            "open after a click"
        );
        let shown = failure.text().await.expect("text");
        assert!(
            shown.contains("【ログイン】"),
            "the screen at the failure: {shown}"
        );
        // The unexpected pass is among the failures, open without a click.
        let surprise = c
            .find(Locator::Css("#failures details.xpass"))
            .await
            .expect("the unexpected pass among the failures");
        assert!(surprise.attr("open").await.expect("attr").is_some());
        // The filter (CSS only): passed runs only hides the expected failure's row.
        let row = c.find(Locator::Css("tr.xfail")).await.expect("its row");
        assert!(row.is_displayed().await.expect("state"));
        c.find(Locator::Css("label[for=show-passed]"))
            .await
            .expect("the filter")
            .click()
            .await
            .expect("clicked");
        assert!(!row.is_displayed().await.expect("state"), "filtered out");
        c.find(Locator::Css("label[for=show-all]"))
            .await
            .expect("the filter")
            .click()
            .await
            .expect("clicked");
        assert!(row.is_displayed().await.expect("state"), "shown again");
        let map = c
            .find(Locator::Css("#coverage figure.map svg"))
            .await
            .expect("the map");
        assert!(map.is_displayed().await.expect("state"), "the map is shown");
        // axe-core, as the served pages are checked: no violation.
        let axe = "harness/tests/clients/browser/node_modules/axe-core/axe.min.js";
        match std::fs::read_to_string(axe) {
            Ok(source) => {
                c.execute(&source, vec![]).await.expect("axe loads");
                let found = c
                    .execute_async(
                        "const done = arguments[arguments.length - 1]; \
                         axe.run().then(r => done(r.violations.map(v => v.id + ': ' + v.help)));",
                        vec![],
                    )
                    .await
                    .expect("axe runs");
                assert_eq!(found, serde_json::json!([]), "axe-core on the report");
            }
            Err(_) => assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "axe-core is required under CI: npm ci --prefix harness/tests/clients/browser"
            ),
        }
        let shot = c.screenshot().await.expect("a screenshot");
        let dir = PathBuf::from("target/browser-screenshots");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("report.png"), shot).expect("saved");
        c.close().await.expect("closes");
    });
    let _ = std::fs::remove_dir_all(&d);
}

/// A report that cannot be written for a run (here artifacts under a path that is a
/// file, as a full disk would refuse them) fails that run; the summary and every other
/// report are still written.
#[test]
fn a_run_whose_artifacts_cannot_be_written_fails_and_the_other_reports_are_written() {
    let (d, scen, _) = corpus("blocked");
    let blocked = d.join("blocked");
    std::fs::write(&blocked, "a file, not a folder").expect("write");
    let json = d.join("r.json");
    let out = eseikyu(&[
        "run",
        s(&scen),
        "--artifacts",
        s(&blocked.join("artifacts")),
        "--json",
        s(&json),
    ]);
    // 2: a report (the artifacts' report.txt) could not be finished either.
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("0 passed, 2 failed"), "{summary}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("the JSON report"))
            .expect("json");
    let runs = report["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2);
    assert!(
        runs.iter().any(|r| r["failure"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("could not be written"))),
        "{report}"
    );
    let _ = std::fs::remove_dir_all(&d);
}
