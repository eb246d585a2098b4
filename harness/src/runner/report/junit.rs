//! JUnit XML, valid against the common JUnit XSD (Jenkins' `junit-4.xsd`, which JUnit 5
//! tests its own output against; checked by a test): a `testsuite` per area of the corpus,
//! a `testcase` per run with its time, `classname` `<area>.<scenario>` (CI systems show it
//! as the area and the scenario), the rules it covers in `system-out` (GitLab and Jenkins
//! show it beside the case), a `failure` (a check that did not hold) or an `error` (the
//! scenario's or the system's, its `type` saying which) with the step, message, the
//! expected and nearest texts with their diff, and the screen; the federation's problems in
//! `system-err`. Against a baseline an expected failure is `skipped` with the
//! reason (as pytest writes an xfail) and an unexpected pass is a failure.
//!
//! Serialized from typed structs with quick-xml: quick-junit writes attributes and
//! elements (a `skipped` count on `testsuites`, `properties` in a `testcase`) that the XSD
//! does not allow.

use super::spool::Spool;
use super::{ReportError, Reporter, Totals, area};
use crate::scenario::RunResult;
use crate::scenario::baseline::Verdict;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Writes each case's XML to its spool as the run finishes, keeping per area only its
/// counts and where its cases lie in the spool; at the end writes a `testsuite` per area
/// (in the order areas first ran) with its cases copied from the spool.
pub struct Junit {
    path: Option<PathBuf>,
    cases: Option<Spool>,
    suites: Vec<Suite>,
    xml: String,
}

/// An area's `testsuite`: its counts, and its cases' stretches of the spool (one while the
/// corpus's runs of an area come together, as they do in file order).
struct Suite {
    name: String,
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
    seconds: f64,
    stretches: Vec<(u64, u64)>,
}

#[derive(Serialize)]
#[serde(rename = "testcase")]
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
    /// A failure of the scenario or of the system, not a check that did not hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Failure>,
    #[serde(rename = "system-out")]
    system_out: String,
    #[serde(rename = "system-err", skip_serializing_if = "Option::is_none")]
    system_err: Option<String>,
}

/// An expected failure, as pytest writes an xfail: skipped, with the baseline's reason.
#[derive(Serialize)]
struct Skipped {
    #[serde(rename = "@message")]
    message: String,
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
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
            cases: None,
            suites: Vec::new(),
            xml: String::new(),
        }
    }

    /// The XML, once finished, of a report without a file.
    pub fn xml(&self) -> &str {
        &self.xml
    }

    fn spool(&mut self) -> Result<&mut Spool, ReportError> {
        let spool = Spool::made(self.cases.take(), self.path.as_deref(), "cases")?;
        Ok(self.cases.insert(spool))
    }

    /// The area's suite, made when the area first runs.
    fn suite(&mut self, area: &str) -> &mut Suite {
        let i = match self.suites.iter().rposition(|s| s.name == area) {
            Some(i) => i,
            None => {
                self.suites.push(Suite {
                    name: area.to_string(),
                    tests: 0,
                    failures: 0,
                    errors: 0,
                    skipped: 0,
                    seconds: 0.0,
                    stretches: Vec::new(),
                });
                self.suites.len() - 1
            }
        };
        &mut self.suites[i]
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
            (Some(f), _) => {
                let mut text = f.message.clone();
                if let Some(m) = &f.miss {
                    text.push_str(&format!(
                        "\nexpected: {}\nnearest:  {}\ndiff:     {}",
                        m.expected,
                        m.nearest,
                        m.marked()
                    ));
                }
                Some(Failure {
                    message: format!("{}:{}:{}: {}", r.file, f.line, f.column, f.step),
                    kind: f.kind.label(),
                    text: format!("{text}\n\n{}", f.screen),
                })
            }
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
        // A check that did not hold is a failure; the scenario's or the system's error is
        // an error (JUnit's own distinction).
        let unmet = r
            .failure
            .as_ref()
            .is_none_or(|f| f.kind == crate::scenario::run::FailureKind::Unmet);
        let (failure, error) = if unmet {
            (failure, None)
        } else {
            (None, failure)
        };
        let case = Case {
            name: r.name(),
            classname,
            time: format!("{:.3}", r.elapsed.as_secs_f64()),
            skipped,
            failure,
            error,
            system_out: out,
            system_err: (!r.problems.is_empty()).then(|| r.problems.join("\n")),
        };
        let xml =
            quick_xml::se::to_string(&case).map_err(|e| ReportError::Format(e.to_string()))?;
        let spool = self.spool()?;
        let start = spool.position();
        spool.write(xml.as_bytes())?;
        let end = spool.position();
        let suite = self.suite(area(&r.id));
        suite.tests += 1;
        suite.failures += usize::from(case.failure.is_some());
        suite.errors += usize::from(case.error.is_some());
        suite.skipped += usize::from(case.skipped.is_some());
        suite.seconds += r.elapsed.as_secs_f64();
        match suite.stretches.last_mut() {
            Some(last) if last.1 == start => last.1 = end,
            _ => suite.stretches.push((start, end)),
        }
        Ok(())
    }

    fn finish(&mut self, totals: &Totals) -> Result<(), ReportError> {
        let mut spool = Spool::made(self.cases.take(), self.path.as_deref(), "cases")?;
        match &self.path {
            Some(path) => {
                let io = || ReportError::io(path.display());
                let file = std::fs::File::create(path).map_err(io())?;
                let mut out = std::io::BufWriter::new(file);
                self.write(totals, &mut spool, &mut out)?;
                out.flush().map_err(io())?;
            }
            None => {
                let mut out = Vec::new();
                self.write(totals, &mut spool, &mut out)?;
                self.xml = String::from_utf8_lossy(&out).into_owned();
            }
        }
        Ok(())
    }
}

impl Junit {
    /// The document: the suites' elements around the cases copied from the spool.
    fn write(
        &self,
        totals: &Totals,
        spool: &mut Spool,
        out: &mut dyn Write,
    ) -> Result<(), ReportError> {
        let xml = |e: std::io::Error| ReportError::Format(e.to_string());
        let mut w = quick_xml::Writer::new(out);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(xml)?;
        w.get_mut().write_all(b"\n").map_err(xml)?;
        let failures: usize = self.suites.iter().map(|s| s.failures).sum();
        let errors: usize = self.suites.iter().map(|s| s.errors).sum();
        let top = BytesStart::new("testsuites").with_attributes([
            ("name", "eseikyu"),
            ("tests", &totals.runs.to_string()),
            ("failures", &failures.to_string()),
            ("errors", &errors.to_string()),
            ("time", &format!("{:.3}", totals.elapsed.as_secs_f64())),
        ]);
        w.write_event(Event::Start(top)).map_err(xml)?;
        // Opened once: an area's cases may lie in several stretches.
        let mut cases = spool.read_back()?;
        for s in &self.suites {
            let suite = BytesStart::new("testsuite").with_attributes([
                ("name", s.name.as_str()),
                ("tests", &s.tests.to_string()),
                ("failures", &s.failures.to_string()),
                ("errors", &s.errors.to_string()),
                ("skipped", &s.skipped.to_string()),
                ("time", &format!("{:.3}", s.seconds)),
            ]);
            w.write_event(Event::Start(suite)).map_err(xml)?;
            for &(start, end) in &s.stretches {
                super::spool::copy_range(&mut *cases, start, end, w.get_mut())?;
            }
            w.write_event(Event::End(BytesEnd::new("testsuite")))
                .map_err(xml)?;
        }
        w.write_event(Event::End(BytesEnd::new("testsuites")))
            .map_err(xml)?;
        w.get_mut().write_all(b"\n").map_err(xml)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::run::sample::result;

    /// Cases are spooled as runs finish; an area's cases come back together in its suite,
    /// in the order they ran, even when areas take turns.
    #[test]
    fn areas_taking_turns_still_get_one_suite_each() {
        let mut j = Junit::new(None);
        for (id, failed) in [("a/one", false), ("b/two", true), ("a/three", false)] {
            j.run(&result(id, failed), &Verdict::Passed)
                .expect("spools");
        }
        let totals = Totals {
            runs: 3,
            ..Totals::default()
        };
        j.finish(&totals).expect("writes");
        let xml = j.xml();
        let a = xml
            .find("<testsuite name=\"a\" tests=\"2\" failures=\"0\"")
            .expect(xml);
        let b = xml
            .find("<testsuite name=\"b\" tests=\"1\" failures=\"1\"")
            .expect(xml);
        let (one, three, two) = (
            xml.find("name=\"a/one\"").expect(xml),
            xml.find("name=\"a/three\"").expect(xml),
            xml.find("name=\"b/two\"").expect(xml),
        );
        assert!(a < one && one < three && three < b && b < two, "{xml}");
        assert!(
            xml.contains("time=\"0.500\""),
            "a's time is its cases' sum: {xml}"
        );
        assert!(xml.contains("expected &lt;this&gt; &amp; that"), "{xml}");
        assert_eq!(xml.matches("<testsuite ").count(), 2, "{xml}");
    }
}
