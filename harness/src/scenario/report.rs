//! Reports read results; they never run anything: terminal text, JUnit XML, JSON.

use super::run::RunResult;
use crate::rules;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

/// What a tester needs to mend a failed run: where, what was expected, what was shown.
pub fn failure(r: &RunResult) -> String {
    let Some(f) = &r.failure else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(out, "FAIL {}", r.name());
    let _ = writeln!(out, "  --> {}:{}:{}", r.file, f.line, f.column);
    let _ = writeln!(out, "  step: {}", f.step);
    for line in f.message.lines() {
        let _ = writeln!(out, "  {line}");
    }
    if !f.screen.is_empty() {
        let _ = writeln!(out, "  --- screen shown ---");
        for line in f.screen.lines() {
            let _ = writeln!(out, "  | {line}");
        }
    }
    if !r.problems.is_empty() {
        let _ = writeln!(out, "  --- the federation ({}) ---", r.problems.len());
        for p in &r.problems {
            let _ = writeln!(out, "  {p}");
        }
    }
    let _ = writeln!(out, "  --- mails caught ({}) ---", r.mails.len());
    for (i, m) in r.mails.iter().enumerate() {
        let _ = writeln!(out, "  {}. to {} 「{}」", i + 1, m.to.join(", "), m.subject);
    }
    out
}

/// The one-line summary: counts and time.
pub fn summary(results: &[RunResult], scenarios: usize, elapsed: Duration, seed: u64) -> String {
    let passed = results.iter().filter(|r| r.passed()).count();
    let failed = results.len() - passed;
    format!(
        "eseikyu: {scenarios} scenarios, {} runs: {passed} passed, {failed} failed in {:.2}s (seed {seed})",
        results.len(),
        elapsed.as_secs_f64()
    )
}

/// How many passing runs cover each rule of SPEC.md (0 for rules no scenario covers).
pub fn coverage(results: &[RunResult]) -> BTreeMap<&'static str, usize> {
    let mut out: BTreeMap<&'static str, usize> = rules::RULES.iter().map(|r| (*r, 0)).collect();
    for r in results.iter().filter(|r| r.passed()) {
        for c in &r.covers {
            if let Some(n) = out.get_mut(c.as_str()) {
                *n += 1;
            }
        }
    }
    out
}

/// JUnit XML: one test case per run (`classname` the scenario file), its failure with the
/// step, message and screen, and the rules it covers as properties.
pub fn junit(results: &[RunResult], elapsed: Duration) -> Result<String, String> {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new("scenarios");
    for r in results {
        let status = match &r.failure {
            None => TestCaseStatus::success(),
            Some(f) => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(format!("{}:{}:{}: {}", r.file, f.line, f.column, f.step));
                s.set_description(format!("{}\n\n{}", f.message, f.screen));
                s
            }
        };
        let mut case = TestCase::new(r.name(), status);
        case.set_classname(r.file.clone());
        if !r.problems.is_empty() {
            case.set_system_err(r.problems.join("\n"));
        }
        for rule in &r.covers {
            case.add_property(("covers", rule.as_str()));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("eseikyu");
    report.set_time(elapsed);
    report.add_test_suite(suite);
    report.to_string().map_err(|e| e.to_string())
}

/// A JSON report: every run with its outcome, and the rule coverage.
pub fn json(results: &[RunResult], elapsed: Duration, seed: u64) -> String {
    let runs: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "variant": r.variant,
                "file": r.file,
                "passed": r.passed(),
                "covers": r.covers,
                "steps_run": r.steps_run,
                "mails": r.mails.len(),
                "letters": r.letters.len(),
                "downloads": r.downloads.len(),
                "problems": r.problems,
                "failure": r.failure.as_ref().map(|f| serde_json::json!({
                    "line": f.line, "column": f.column, "step": f.step,
                    "message": f.message, "screen": f.screen,
                })),
            })
        })
        .collect();
    let passed = results.iter().filter(|r| r.passed()).count();
    let value = serde_json::json!({
        "seed": seed,
        "seconds": elapsed.as_secs_f64(),
        "passed": passed,
        "failed": results.len() - passed,
        "runs": runs,
        "coverage": coverage(results),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
