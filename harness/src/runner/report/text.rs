//! Runs as terminal text (a failure, the summary, coverage), and the JUnit and JSON
//! reports of a list of runs at once.

use crate::rules;
use crate::scenario::RunResult;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

/// What a tester needs to mend a failed run: where, what was expected, what was shown.
pub fn failure(r: &RunResult) -> String {
    let Some(f) = &r.failure else {
        return String::new();
    };
    let mut out = String::new();
    match f.kind {
        crate::scenario::run::FailureKind::Unmet => {
            let _ = writeln!(out, "FAIL {}", r.name());
        }
        kind => {
            let _ = writeln!(out, "ERROR {} ({} error)", r.name(), kind.label());
        }
    }
    let _ = writeln!(out, "  --> {}:{}:{}", r.file, f.line, f.column);
    if f.snippet.is_empty() {
        let _ = writeln!(out, "  step: {}", f.step);
    } else {
        for line in f.snippet.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    for line in f.message.lines() {
        let _ = writeln!(out, "  {line}");
    }
    if let Some(m) = &f.miss {
        let _ = writeln!(out, "  expected: {}", m.expected);
        let _ = writeln!(out, "  nearest:  {}", m.nearest);
        let _ = writeln!(out, "  diff:     {}", m.marked());
    }
    if !f.screen.is_empty() {
        let _ = writeln!(out, "  --- screen shown ---");
        for line in f.screen.lines() {
            let _ = writeln!(out, "  | {line}");
        }
    }
    if !r.problems.is_empty() {
        let _ = writeln!(out, "  --- problems noted ({}) ---", r.problems.len());
        for p in &r.problems {
            let _ = writeln!(out, "  {p}");
        }
    }
    let _ = writeln!(out, "  --- mails caught ({}) ---", r.mails.len());
    for (i, m) in r.mails.iter().enumerate() {
        let subject = r.hide(&m.subject);
        let _ = writeln!(out, "  {}. to {} 「{}」", i + 1, m.to.join(", "), subject);
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
    let mut out: BTreeMap<&'static str, usize> = rules::ids().iter().map(|r| (*r, 0)).collect();
    for r in results.iter().filter(|r| r.passed()) {
        for c in &r.covers {
            if let Some(n) = out.get_mut(c.as_str()) {
                *n += 1;
            }
        }
    }
    out
}

/// JUnit XML of these runs (see [`super::junit`]).
pub fn junit(results: &[RunResult], elapsed: Duration) -> Result<String, String> {
    let mut j = super::junit::Junit::new(None);
    feed(&mut j, results, elapsed, 0).map_err(|e| e.to_string())?;
    Ok(j.xml().to_string())
}

/// The JSON report of these runs (see [`super::json`]).
pub fn json(results: &[RunResult], elapsed: Duration, seed: u64) -> String {
    let mut j = super::json::Json::new(None);
    match feed(&mut j, results, elapsed, seed) {
        Ok(()) => j.text().to_string(),
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

/// Hands every run to a reporter, judged without a baseline, then finishes it.
fn feed(
    reporter: &mut dyn super::Reporter,
    results: &[RunResult],
    elapsed: Duration,
    seed: u64,
) -> Result<(), super::ReportError> {
    let mut tally = super::Tally::new(seed, "in process");
    for r in results {
        let verdict = super::plain_verdict(r);
        reporter.run(r, &verdict)?;
        tally.add(r, &verdict, &r.profile);
    }
    reporter.finish(&tally.totals(elapsed))
}
