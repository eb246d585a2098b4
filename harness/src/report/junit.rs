//! JUnit XML, valid against the common JUnit XSD (Jenkins' `junit-4.xsd`, which JUnit 5
//! tests its own output against; checked by a test): a `testsuite` per area of the corpus,
//! a `testcase` per run with its time, `classname` `<area>.<scenario>` (CI systems show it
//! as the area and the scenario), the rules it covers in `system-out` (GitLab and Jenkins
//! show it beside the case), a failure with the step, message and screen, the federation's
//! problems in `system-err`. Against a baseline an expected failure is `skipped` with the
//! reason (as pytest writes an xfail) and an unexpected pass is a failure.
//!
//! Serialized from typed structs with quick-xml: quick-junit writes attributes and
//! elements (a `skipped` count on `testsuites`, `properties` in a `testcase`) that the XSD
//! does not allow.

use super::{ReportError, Reporter, Totals, area};
use crate::scenario::RunResult;
use crate::scenario::baseline::Verdict;
use serde::Serialize;
use std::path::PathBuf;

/// Collects one small record per run; writes the file at the end.
pub struct Junit {
    path: Option<PathBuf>,
    cases: Vec<(String, Case)>,
    xml: String,
}

#[derive(Serialize)]
#[serde(rename = "testsuites")]
struct Suites {
    #[serde(rename = "@name")]
    name: &'static str,
    #[serde(rename = "@tests")]
    tests: usize,
    #[serde(rename = "@failures")]
    failures: usize,
    #[serde(rename = "@errors")]
    errors: usize,
    #[serde(rename = "@time")]
    time: String,
    testsuite: Vec<Suite>,
}

#[derive(Serialize)]
struct Suite {
    #[serde(rename = "@name")]
    name: String,
    #[serde(rename = "@tests")]
    tests: usize,
    #[serde(rename = "@failures")]
    failures: usize,
    #[serde(rename = "@errors")]
    errors: usize,
    #[serde(rename = "@skipped")]
    skipped: usize,
    #[serde(rename = "@time")]
    time: String,
    testcase: Vec<Case>,
}

#[derive(Clone, Serialize)]
struct Case {
    #[serde(rename = "@name")]
    name: String,
    #[serde(rename = "@classname")]
    classname: String,
    #[serde(rename = "@time")]
    time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<Skipped>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<Failure>,
    #[serde(rename = "system-out")]
    system_out: String,
    #[serde(rename = "system-err", skip_serializing_if = "Option::is_none")]
    system_err: Option<String>,
    #[serde(skip)]
    seconds: f64,
}

/// An expected failure, as pytest writes an xfail: skipped, with the baseline's reason.
#[derive(Clone, Serialize)]
struct Skipped {
    #[serde(rename = "@message")]
    message: String,
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Clone, Serialize)]
struct Failure {
    #[serde(rename = "@message")]
    message: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "$text")]
    text: String,
}

impl Junit {
    /// A report written to `path` at the end (or kept as text, without one).
    pub fn new(path: Option<PathBuf>) -> Junit {
        Junit {
            path,
            cases: Vec::new(),
            xml: String::new(),
        }
    }

    /// The XML, once finished.
    pub fn xml(&self) -> &str {
        &self.xml
    }
}

impl Reporter for Junit {
    fn run(&mut self, r: &RunResult, verdict: &Verdict) -> Result<(), ReportError> {
        let classname = r.id.replacen('/', ".", 1).replace('/', "_");
        let mut out = format!("covers: {}\n", r.covers.join(", "));
        if let Verdict::ExpectedFailure(why) = verdict {
            out.push_str(&format!("expected to fail (baseline): {why}\n"));
        }
        let failure = match (&r.failure, verdict) {
            (Some(_), Verdict::ExpectedFailure(_)) => None,
            (Some(f), _) => Some(Failure {
                message: format!("{}:{}:{}: {}", r.file, f.line, f.column, f.step),
                kind: "step",
                text: format!("{}\n\n{}", f.message, f.screen),
            }),
            (None, Verdict::UnexpectedPass(why)) => Some(Failure {
                message: format!("passed, but the baseline expects it to fail: {why}"),
                kind: "unexpected pass",
                text: String::new(),
            }),
            (None, _) => None,
        };
        let skipped = match verdict {
            Verdict::ExpectedFailure(why) => Some(Skipped {
                message: format!("expected failure: {why}"),
                kind: "expected failure",
            }),
            _ => None,
        };
        let case = Case {
            name: r.name(),
            classname,
            time: format!("{:.3}", r.elapsed.as_secs_f64()),
            skipped,
            failure,
            system_out: out,
            system_err: (!r.problems.is_empty()).then(|| r.problems.join("\n")),
            seconds: r.elapsed.as_secs_f64(),
        };
        self.cases.push((area(&r.id).to_string(), case));
        Ok(())
    }

    fn finish(&mut self, totals: &Totals) -> Result<(), ReportError> {
        let mut suites: Vec<Suite> = Vec::new();
        for (a, case) in &self.cases {
            let suite = match suites.iter_mut().find(|s| &s.name == a) {
                Some(s) => s,
                None => {
                    suites.push(Suite {
                        name: a.clone(),
                        tests: 0,
                        failures: 0,
                        errors: 0,
                        skipped: 0,
                        time: String::new(),
                        testcase: Vec::new(),
                    });
                    suites.last_mut().expect("just pushed")
                }
            };
            suite.tests += 1;
            suite.failures += usize::from(case.failure.is_some());
            suite.skipped += usize::from(case.skipped.is_some());
            suite.testcase.push(case.clone());
        }
        for s in &mut suites {
            let t: f64 = s.testcase.iter().map(|c| c.seconds).sum();
            s.time = format!("{t:.3}");
        }
        let doc = Suites {
            name: "eseikyu",
            tests: totals.runs,
            failures: suites.iter().map(|s| s.failures).sum(),
            errors: 0,
            time: format!("{:.3}", totals.elapsed.as_secs_f64()),
            testsuite: suites,
        };
        let body =
            quick_xml::se::to_string(&doc).map_err(|e| ReportError::Format(e.to_string()))?;
        self.xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n");
        if let Some(path) = &self.path {
            std::fs::write(path, &self.xml).map_err(ReportError::io(path.display()))?;
        }
        Ok(())
    }
}
