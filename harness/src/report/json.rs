//! The JSON report: every run with its outcome (and, against a baseline, its verdict),
//! the totals and the rule coverage. Its JSON Schema is published as
//! `harness/report.schema.json` (`eseikyu schema report`), generated from these types.

use super::{ReportError, Reporter, Totals};
use crate::scenario::RunResult;
use crate::scenario::baseline::Verdict;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A report of `eseikyu run --json`.
#[derive(Serialize, JsonSchema)]
pub struct JsonReport {
    /// The version of eseikyu that ran.
    pub eseikyu: String,
    /// `in process`, or the URL of the target run against.
    pub system: String,
    pub seed: u64,
    /// The release profiles the runs used.
    pub profiles: Vec<String>,
    /// Wall time of the whole run, in seconds.
    pub seconds: f64,
    pub scenarios: usize,
    pub passed: usize,
    pub failed: usize,
    pub expected_failures: usize,
    pub unexpected_failures: usize,
    pub unexpected_passes: usize,
    pub runs: Vec<JsonRun>,
    /// Passing runs per rule of SPEC.md.
    pub coverage: BTreeMap<String, usize>,
}

/// One run.
#[derive(Clone, Serialize, JsonSchema)]
pub struct JsonRun {
    pub id: String,
    /// The `vary:` label ("" for a scenario without a matrix).
    pub variant: String,
    /// `id`, or `id[label]`.
    pub name: String,
    pub file: String,
    pub passed: bool,
    /// `passed`, `expected failure`, `unexpected failure` or `unexpected pass`.
    pub verdict: String,
    /// The baseline's reason, for an expected failure or an unexpected pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub seconds: f64,
    pub covers: Vec<String>,
    pub steps_run: usize,
    pub mails: usize,
    pub letters: usize,
    pub downloads: usize,
    pub problems: Vec<String>,
    pub failure: Option<JsonFailure>,
}

/// Where and why a run failed.
#[derive(Clone, Serialize, JsonSchema)]
pub struct JsonFailure {
    pub line: u64,
    pub column: u64,
    pub step: String,
    pub message: String,
    /// The screen at the failure, as text.
    pub screen: String,
}

/// Collects one small record per run; writes the file at the end.
pub struct Json {
    path: Option<PathBuf>,
    runs: Vec<JsonRun>,
    text: String,
}

impl Json {
    pub fn new(path: Option<PathBuf>) -> Json {
        Json {
            path,
            runs: Vec::new(),
            text: String::new(),
        }
    }

    /// The JSON, once finished.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The JSON Schema of the report.
pub fn schema() -> String {
    let schema = schemars::schema_for!(JsonReport);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

impl Reporter for Json {
    fn run(&mut self, r: &RunResult, verdict: &Verdict) -> Result<(), ReportError> {
        let reason = match verdict {
            Verdict::ExpectedFailure(w) | Verdict::UnexpectedPass(w) => Some(w.clone()),
            _ => None,
        };
        self.runs.push(JsonRun {
            id: r.id.clone(),
            variant: r.variant.clone(),
            name: r.name(),
            file: r.file.clone(),
            passed: r.passed(),
            verdict: verdict.label().to_string(),
            reason,
            seconds: r.elapsed.as_secs_f64(),
            covers: r.covers.clone(),
            steps_run: r.steps_run,
            mails: r.mails.len(),
            letters: r.letters.len(),
            downloads: r.downloads.len(),
            problems: r.problems.clone(),
            failure: r.failure.as_ref().map(|f| JsonFailure {
                line: f.line,
                column: f.column,
                step: f.step.clone(),
                message: f.message.clone(),
                screen: f.screen.clone(),
            }),
        });
        Ok(())
    }

    fn finish(&mut self, t: &Totals) -> Result<(), ReportError> {
        let report = JsonReport {
            eseikyu: env!("CARGO_PKG_VERSION").into(),
            system: t.system.clone(),
            seed: t.seed,
            profiles: t.profiles.clone(),
            seconds: t.elapsed.as_secs_f64(),
            scenarios: t.scenarios,
            passed: t.passed,
            failed: t.failed(),
            expected_failures: t.expected_failures,
            unexpected_failures: t.unexpected_failures,
            unexpected_passes: t.unexpected_passes,
            runs: std::mem::take(&mut self.runs),
            coverage: t
                .coverage
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
        };
        self.text = serde_json::to_string_pretty(&report)
            .map_err(|e| ReportError::Format(e.to_string()))?
            + "\n";
        if let Some(path) = &self.path {
            std::fs::write(path, &self.text).map_err(ReportError::io(path.display()))?;
        }
        Ok(())
    }
}
