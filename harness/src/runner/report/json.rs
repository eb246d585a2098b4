//! The JSON report: every run with its outcome (and, against a baseline, its verdict),
//! the totals and the rule coverage. Its JSON Schema is published as
//! `harness/report.schema.json` (`eseikyu schema report`), generated from these types.

use super::spool::Spool;
use super::{ReportError, Reporter, Totals};
use crate::scenario::RunResult;
use crate::scenario::baseline::Verdict;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

// `R` is how its runs are held: the published schema's list, or the reporter's spool read
// back one run at a time as the report is written.
/// A report of `eseikyu run --json`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "JsonReport")]
pub struct JsonReport<R = Vec<JsonRun>> {
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
    pub runs: R,
    /// Passing runs per rule of SPEC.md.
    pub coverage: BTreeMap<String, usize>,
}

/// One run.
#[derive(Clone, Serialize, Deserialize, JsonSchema)]
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
#[derive(Clone, Serialize, Deserialize, JsonSchema)]
pub struct JsonFailure {
    /// `unmet` (a check did not hold: the system's non-conformance), `scenario` (the
    /// scenario cannot be carried out as written) or `system` (an error of the system or
    /// target: no answer, an unreadable page, a panic).
    pub kind: String,
    pub line: u64,
    pub column: u64,
    pub step: String,
    pub message: String,
    /// The screen at the failure, as text.
    pub screen: String,
    /// The text the step looked for, when it looked for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The nearest text there was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nearest: Option<String>,
    /// The nearest text with what is missing as `[-…-]` and what is extra as `{+…+}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

/// Writes each run as a line of JSON to its spool as it finishes; at the end writes the
/// report, reading the runs back one at a time.
pub struct Json {
    path: Option<PathBuf>,
    runs: Option<Spool>,
    text: String,
}

impl Json {
    /// A report written to `path` (its runs spooled beside it), or kept as text without.
    pub fn new(path: Option<PathBuf>) -> Json {
        Json {
            path,
            runs: None,
            text: String::new(),
        }
    }

    /// The JSON, once finished, of a report without a file.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn spool(&mut self) -> Result<&mut Spool, ReportError> {
        let spool = Spool::made(self.runs.take(), self.path.as_deref(), "runs")?;
        Ok(self.runs.insert(spool))
    }
}

/// The spooled runs, each read back and written into the report in turn.
struct Spooled<'a>(RefCell<Box<dyn super::spool::ReadSeek + 'a>>);

impl Serialize for Spooled<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut lines = self.0.borrow_mut();
        let mut seq = s.serialize_seq(None)?;
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).map_err(S::Error::custom)? == 0 {
                break;
            }
            let run: JsonRun = serde_json::from_str(&line).map_err(S::Error::custom)?;
            seq.serialize_element(&run)?;
        }
        seq.end()
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
        let run = JsonRun {
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
                kind: f.kind.label().to_string(),
                line: f.line,
                column: f.column,
                step: f.step.clone(),
                message: f.message.clone(),
                screen: f.screen.clone(),
                expected: f.miss.as_ref().map(|m| m.expected.clone()),
                nearest: f.miss.as_ref().map(|m| m.nearest.clone()),
                diff: f.miss.as_ref().map(|m| m.marked()),
            }),
        };
        let mut line = serde_json::to_vec(&run).map_err(|e| ReportError::Format(e.to_string()))?;
        line.push(b'\n');
        self.spool()?.write(&line)
    }

    fn finish(&mut self, t: &Totals) -> Result<(), ReportError> {
        let mut spool = Spool::made(self.runs.take(), self.path.as_deref(), "runs")?;
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
            runs: Spooled(RefCell::new(spool.read_back()?)),
            coverage: t
                .coverage
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
        };
        let format = |e: serde_json::Error| ReportError::Format(e.to_string());
        match &self.path {
            Some(path) => {
                let io = || ReportError::io(path.display());
                let file = std::fs::File::create(path).map_err(io())?;
                let mut out = std::io::BufWriter::new(file);
                serde_json::to_writer_pretty(&mut out, &report).map_err(format)?;
                out.write_all(b"\n").map_err(io())?;
                out.flush().map_err(io())?;
            }
            None => self.text = serde_json::to_string_pretty(&report).map_err(format)? + "\n",
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::run::sample::result;

    /// Runs are spooled as lines of JSON and read back into the report unchanged, their
    /// times to the last digit.
    #[test]
    fn spooled_runs_come_back_whole_and_in_order() {
        let mut j = Json::new(None);
        let mut failed = result("b/two", true);
        failed.elapsed = std::time::Duration::from_nanos(123_456_789);
        let why = Verdict::ExpectedFailure("a known gap".into());
        j.run(&result("a/one", false), &Verdict::Passed)
            .expect("spools");
        j.run(&failed, &why).expect("spools");
        j.finish(&Totals::default()).expect("writes");
        let report: serde_json::Value = serde_json::from_str(j.text()).expect("JSON");
        let runs = report["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0]["name"], "a/one");
        assert_eq!(runs[1]["name"], "b/two");
        assert_eq!(runs[1]["seconds"], 0.123456789);
        assert_eq!(runs[1]["reason"], "a known gap");
        assert_eq!(runs[1]["failure"]["message"], "expected <this> & that");
        let keys: Vec<&String> = report.as_object().expect("object").keys().collect();
        assert!(keys.contains(&&"coverage".to_string()), "{keys:?}");
    }
}
