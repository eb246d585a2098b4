//! Expected-failure baselines, in the manner of web-platform-tests' expectation files: the
//! runs (or the step of a run) a target is known to fail, each with its reason. Against a
//! baseline a report separates expected failures, unexpected failures and unexpected
//! passes; only the unexpected are surprises.
//!
//! ```yaml
//! target: https://claims.example.jp      # what the baseline was recorded against
//! expected:
//!   - run: codes/two-tabs                # a run's name: id, or id[label] of a matrix
//!     step: 19                           # optional: the step it fails at (1-based)
//!     reason: both codes stay valid until one is used (ticket 4711)
//! ```

use super::diagnostic::Diagnostic;
use super::run::RunResult;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A baseline file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// What the baseline was recorded against (for the reader).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default)]
    pub expected: Vec<Expected>,
}

/// One run expected to fail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub run: String,
    /// The step it fails at (1-based); without it, failing anywhere is expected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    pub reason: String,
}

/// What a run's outcome means against a baseline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// Failed as the baseline says (with its reason).
    ExpectedFailure(String),
    /// Failed, and the baseline does not expect it (or expects another step).
    UnexpectedFailure,
    /// Passed, though the baseline expects it to fail (with its reason): the baseline is
    /// out of date, or the target was mended.
    UnexpectedPass(String),
}

impl Verdict {
    /// Whether this outcome is a surprise (exit 1).
    pub fn surprising(&self) -> bool {
        matches!(
            self,
            Verdict::UnexpectedFailure | Verdict::UnexpectedPass(_)
        )
    }
    /// How reports name it.
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::ExpectedFailure(_) => "expected failure",
            Verdict::UnexpectedFailure => "unexpected failure",
            Verdict::UnexpectedPass(_) => "unexpected pass",
        }
    }
}

impl Baseline {
    /// Reads a baseline file; a mistake is located in it.
    pub fn parse(file: &str, text: &str) -> Result<Baseline, Diagnostic> {
        let b: Baseline =
            serde_saphyr::from_str(text).map_err(|e| super::parse::syntax_diagnostic(file, &e))?;
        let mut seen = BTreeMap::new();
        for (i, e) in b.expected.iter().enumerate() {
            let line = line_of(text, &e.run);
            if e.reason.trim().is_empty() {
                return Err(Diagnostic::new(
                    file,
                    line,
                    1,
                    format!("`{}` needs a reason: why is it expected to fail?", e.run),
                ));
            }
            if e.step == Some(0) {
                return Err(Diagnostic::new(file, line, 1, "steps are counted from 1"));
            }
            if let Some(first) = seen.insert(e.run.clone(), i) {
                return Err(Diagnostic::new(
                    file,
                    line,
                    1,
                    format!(
                        "`{}` is listed twice (entries {} and {})",
                        e.run,
                        first + 1,
                        i + 1
                    ),
                ));
            }
        }
        Ok(b)
    }

    /// What `r`'s outcome means against this baseline.
    pub fn verdict(&self, r: &RunResult) -> Verdict {
        let name = r.name();
        let expected = self.expected.iter().find(|e| e.run == name);
        match (r.passed(), expected) {
            (true, None) => Verdict::Passed,
            (true, Some(e)) => Verdict::UnexpectedPass(e.reason.clone()),
            (false, None) => Verdict::UnexpectedFailure,
            (false, Some(e)) => match e.step {
                Some(step) if step != failed_step(r) => Verdict::UnexpectedFailure,
                _ => Verdict::ExpectedFailure(e.reason.clone()),
            },
        }
    }

    /// A baseline expecting exactly today's failures, at the steps they failed at; each
    /// reason says to write the real one.
    pub fn record(results: &[RunResult], target: Option<&str>) -> Baseline {
        Baseline {
            target: target.map(str::to_string),
            expected: results
                .iter()
                .filter_map(Baseline::expect_failure)
                .collect(),
        }
    }

    /// The entry that expects `r`'s failure at its step (none for a run that passed).
    pub fn expect_failure(r: &RunResult) -> Option<Expected> {
        let f = r.failure.as_ref()?;
        let said = f.message.lines().next().unwrap_or_default();
        Some(Expected {
            run: r.name(),
            step: Some(failed_step(r)),
            reason: format!("TODO say why — it failed at `{}`: {said}", f.step),
        })
    }

    /// The baseline as YAML.
    pub fn to_yaml(&self) -> String {
        let body = serde_saphyr::to_string(self).unwrap_or_default();
        format!("# eseikyu baseline: runs expected to fail, with the reason\n{body}")
    }

    /// Entries naming none of the runs that ran (a renamed or removed scenario).
    pub fn unmatched(&self, ran: &[String]) -> Vec<&Expected> {
        self.expected
            .iter()
            .filter(|e| !ran.contains(&e.run))
            .collect()
    }
}

/// The step a failed run stopped at (1-based; 0 before the first step).
pub fn failed_step(r: &RunResult) -> usize {
    match &r.failure {
        Some(f) if f.line == 0 => 0,
        Some(_) => r.steps_run + 1,
        None => 0,
    }
}

fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of `id`, failed at step `failed_at` or passed after 10 steps.
    fn result(id: &str, failed_at: Option<usize>) -> RunResult {
        let mut r = crate::scenario::run::sample::result(id, failed_at.is_some());
        r.steps_run = failed_at.map_or(10, |s| s - 1);
        r
    }

    #[test]
    fn outcomes_are_judged_against_the_baseline() {
        let b = Baseline::parse(
            "b.yaml",
            "expected:\n  - run: a\n    step: 3\n    reason: known\n  - run: b\n    reason: known too\n",
        )
        .expect("parses");
        assert_eq!(
            b.verdict(&result("a", Some(3))),
            Verdict::ExpectedFailure("known".into())
        );
        assert_eq!(b.verdict(&result("a", Some(4))), Verdict::UnexpectedFailure);
        assert_eq!(
            b.verdict(&result("b", Some(7))),
            Verdict::ExpectedFailure("known too".into())
        );
        assert_eq!(
            b.verdict(&result("b", None)),
            Verdict::UnexpectedPass("known too".into())
        );
        assert_eq!(b.verdict(&result("c", Some(1))), Verdict::UnexpectedFailure);
        assert_eq!(b.verdict(&result("c", None)), Verdict::Passed);
        assert!(!Verdict::ExpectedFailure(String::new()).surprising());
    }

    #[test]
    fn a_recorded_baseline_reads_back_and_expects_todays_failures() {
        let results = [result("a", Some(3)), result("b", None)];
        let b = Baseline::record(&results, Some("http://t"));
        let back = Baseline::parse("b.yaml", &b.to_yaml()).expect("reads back");
        assert_eq!(back, b);
        assert_eq!(back.expected.len(), 1);
        assert_eq!(back.expected[0].step, Some(3));
        assert!(results.iter().all(|r| !back.verdict(r).surprising()));
    }

    #[test]
    fn a_baseline_without_reasons_or_with_doubles_is_refused() {
        let e = Baseline::parse("b.yaml", "expected:\n  - run: a\n    reason: ''\n").unwrap_err();
        assert!(e.message.contains("needs a reason"), "{}", e.message);
        let e = Baseline::parse(
            "b.yaml",
            "expected:\n  - run: a\n    reason: x\n  - run: a\n    reason: y\n",
        )
        .unwrap_err();
        assert!(e.message.contains("listed twice"), "{}", e.message);
        let e = Baseline::parse("b.yaml", "expected:\n  - rn: a\n").unwrap_err();
        assert!(e.message.contains("unknown key `rn`"), "{}", e.message);
    }
}
