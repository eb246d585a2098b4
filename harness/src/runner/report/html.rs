//! The HTML report: one self-contained page (no external assets, no JavaScript) that opens
//! on the failures: the summary with clickable counts, then every run that failed
//! unexpectedly (or passed against the baseline), open, with where, what was expected, the
//! nearest text with the difference marked and the screen at that moment; then the list of
//! runs with a filter (CSS only: all, failed, passed) and per run — in a `<details>` a
//! reader expands — its steps and every screen, mail, letter and download; the rule
//! coverage last. Proportional type for prose, monospace only for transcripts.
//!
//! Runs and their lines of the list are written to scratch files as they finish; the page
//! is put together at the end from them, so no run is held in memory.

use super::spool::Spool;
use super::{ReportError, Reporter, Totals};
use crate::explore::map::{self, Reached};
use crate::scenario::RunResult;
use crate::scenario::baseline::Verdict;
use askama::Template;
use sha2::{Digest, Sha256};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes the report to `path`.
pub struct Html {
    path: PathBuf,
    /// Each run's section (but the failures').
    body: Spool,
    /// The sections of the runs that failed unexpectedly (or passed against a baseline).
    failures: Spool,
    /// Each run's line of the list of runs.
    rows: Spool,
    count: usize,
    with_baseline: bool,
    /// The screens, presses and messages the runs reached, read from their transcripts.
    reached: Reached,
}

#[derive(Template)]
#[template(path = "report_row.html")]
struct Row {
    index: usize,
    class: &'static str,
    name: String,
    outcome: &'static str,
    steps: usize,
    seconds: String,
}

#[derive(Template)]
#[template(path = "report_top.html")]
struct Top<'a> {
    verdict: &'a str,
    ok: bool,
    surprises: usize,
    system: &'a str,
    profiles: String,
    seed: u64,
    version: &'static str,
    scenarios: usize,
    runs: usize,
    passed: usize,
    failed: usize,
    with_baseline: bool,
    expected_failures: usize,
    unexpected_failures: usize,
    unexpected_passes: usize,
    seconds: String,
}

#[derive(Template)]
#[template(path = "report_coverage.html")]
struct Coverage {
    families: Vec<Family>,
    /// How many of each kind the runs reached.
    reached: Vec<(&'static str, usize)>,
    /// The map of the screens and the moves between them, as SVG markup.
    map: String,
}

/// The map of what the runs reached, an SVG element to put in the page (no XML
/// declaration; an image with its words for those who cannot see it).
fn inline_map(reached: &Reached) -> String {
    let svg = map::svg(reached, reached);
    let svg = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]);
    svg.replacen(
        "<svg",
        "<svg role=\"img\" aria-label=\"The screens the runs reached and the moves between them\"",
        1,
    )
}

struct Family {
    prefix: &'static str,
    title: &'static str,
    rules: Vec<Rule>,
}

struct Rule {
    id: &'static str,
    title: &'static str,
    runs: usize,
}

#[derive(Template)]
#[template(path = "report_run.html")]
struct RunView<'a> {
    index: usize,
    /// Shown open (a failure to look at).
    open: bool,
    class: &'static str,
    outcome: &'static str,
    name: String,
    title: &'a str,
    file: &'a str,
    profile: &'a str,
    covers: &'a [String],
    reason: Option<String>,
    failure: Option<FailureView>,
    problems: &'a [String],
    transcript: &'a str,
    mails: Vec<MailView>,
    letters: Vec<LetterView>,
    downloads: Vec<FileView>,
}

struct FailureView {
    /// `unmet`, `scenario` or `system` (FailureKind).
    kind: &'static str,
    at: String,
    step: String,
    message: String,
    /// The text looked for, the nearest shown, and the difference marked.
    miss: Option<(String, String, String)>,
    screen: String,
}

struct MailView {
    to: String,
    subject: String,
    body: String,
}

struct LetterView {
    to: String,
    title: String,
    text: String,
}

struct FileView {
    name: String,
    size: usize,
    sha256: String,
}

impl Html {
    /// A report to be written to `path`; `with_baseline` when runs are judged against one.
    pub fn new(path: &Path, with_baseline: bool) -> Result<Html, ReportError> {
        Ok(Html {
            path: path.to_path_buf(),
            body: Spool::beside(path, "runs")?,
            failures: Spool::beside(path, "failures")?,
            rows: Spool::beside(path, "rows")?,
            count: 0,
            with_baseline,
            reached: Reached::default(),
        })
    }
}

/// How a run's outcome is named and styled.
fn outcome(verdict: &Verdict) -> (&'static str, &'static str) {
    match verdict {
        Verdict::Passed => ("passed", "passed"),
        Verdict::ExpectedFailure(_) => ("expected failure", "xfail"),
        Verdict::UnexpectedFailure => ("FAILED", "failed"),
        Verdict::UnexpectedPass(_) => ("UNEXPECTED PASS", "xpass"),
    }
}

impl Reporter for Html {
    fn run(&mut self, r: &RunResult, verdict: &Verdict) -> Result<(), ReportError> {
        self.count += 1;
        self.reached.add(Reached::read(&r.transcript));
        let index = self.count;
        let (shown, class) = outcome(verdict);
        let reason = match verdict {
            Verdict::ExpectedFailure(w) | Verdict::UnexpectedPass(w) => Some(w.clone()),
            _ => None,
        };
        let open = verdict.surprising();
        let view = RunView {
            index,
            open,
            class,
            outcome: shown,
            name: r.name(),
            title: &r.title,
            file: &r.file,
            profile: &r.profile,
            covers: &r.covers,
            reason,
            failure: r.failure.as_ref().map(|f| FailureView {
                kind: f.kind.label(),
                at: format!("{}:{}:{}", r.file, f.line, f.column),
                step: f.step.clone(),
                message: f.message.clone(),
                miss: f
                    .miss
                    .as_ref()
                    .map(|m| (m.expected.clone(), m.nearest.clone(), m.marked())),
                screen: f.screen.clone(),
            }),
            problems: &r.problems,
            transcript: &r.transcript,
            mails: r
                .mails
                .iter()
                .map(|m| MailView {
                    to: m.to.join(", "),
                    subject: r.hide(&m.subject),
                    body: r.hide(&m.body),
                })
                .collect(),
            letters: r
                .letters
                .iter()
                .map(|l| LetterView {
                    to: l.to.clone(),
                    title: r.hide(&l.title),
                    text: r.hide(&l.text),
                })
                .collect(),
            downloads: r
                .downloads
                .iter()
                .map(|d| FileView {
                    name: d.name.clone(),
                    size: d.bytes.len(),
                    sha256: hex(&Sha256::digest(&d.bytes)),
                })
                .collect(),
        };
        let html = view
            .render()
            .map_err(|e| ReportError::Format(e.to_string()))?;
        if open {
            self.failures.write(html.as_bytes())?;
        } else {
            self.body.write(html.as_bytes())?;
        }
        let row = Row {
            index,
            class,
            name: r.name(),
            outcome: shown,
            steps: r.steps_run,
            seconds: format!("{:.3}", r.elapsed.as_secs_f64()),
        }
        .render()
        .map_err(|e| ReportError::Format(e.to_string()))?;
        self.rows.write(b"\n")?;
        self.rows.write(row.as_bytes())
    }

    fn finish(&mut self, t: &Totals) -> Result<(), ReportError> {
        let verdict = if !t.ok() {
            "FAIL: there are unexpected outcomes"
        } else if t.failed() > 0 {
            "PASS: every failure is expected by the baseline"
        } else {
            "PASS: every run passed"
        };
        let families = crate::rules::FAMILIES
            .iter()
            .map(|(prefix, title)| Family {
                prefix,
                title,
                rules: crate::rules::of_family(prefix)
                    .map(|r| Rule {
                        id: r.id,
                        title: r.title,
                        runs: t.coverage.get(r.id).copied().unwrap_or(0),
                    })
                    .collect(),
            })
            .collect();
        let top = Top {
            verdict,
            ok: t.ok(),
            // The runs written to the failures' spool: the totals count them too.
            surprises: t.unexpected_failures + t.unexpected_passes,
            system: &t.system,
            profiles: t.profiles.join(", "),
            seed: t.seed,
            version: env!("CARGO_PKG_VERSION"),
            scenarios: t.scenarios,
            runs: t.runs,
            passed: t.passed,
            failed: t.failed(),
            with_baseline: self.with_baseline,
            expected_failures: t.expected_failures,
            unexpected_failures: t.unexpected_failures,
            unexpected_passes: t.unexpected_passes,
            seconds: format!("{:.2}", t.elapsed.as_secs_f64()),
        }
        .render()
        .map_err(|e| ReportError::Format(e.to_string()))?;
        // What the runs reached, kind by kind (as `explore --map` counts the corpus's).
        let reached = map::coverage(&self.reached, &self.reached)
            .into_iter()
            .map(|(kind, c)| (kind, c.corpus))
            .collect();
        let coverage = Coverage {
            families,
            reached,
            map: inline_map(&self.reached),
        }
        .render()
        .map_err(|e| ReportError::Format(e.to_string()))?;
        let io = ReportError::io(self.path.display());
        let mut out = BufWriter::new(std::fs::File::create(&self.path).map_err(io)?);
        let io = || ReportError::io(self.path.display());
        out.write_all(top.as_bytes()).map_err(io())?;
        std::io::copy(&mut self.failures.read_back()?, &mut out).map_err(io())?;
        out.write_all(RUNS.as_bytes()).map_err(io())?;
        std::io::copy(&mut self.rows.read_back()?, &mut out).map_err(io())?;
        out.write_all(b"\n</tbody>\n</table>").map_err(io())?;
        std::io::copy(&mut self.body.read_back()?, &mut out).map_err(io())?;
        out.write_all(b"\n</section>\n").map_err(io())?;
        out.write_all(coverage.as_bytes()).map_err(io())?;
        out.write_all(b"</main>\n</body>\n</html>\n")
            .map_err(io())?;
        self.rows.discard();
        self.body.discard();
        self.failures.discard();
        out.flush().map_err(io())
    }
}

/// Between the failures and the runs' rows: the runs' section, its filter and table head.
const RUNS: &str = r#"
</section>
<section id="runs" aria-label="Runs">
<h2>Runs</h2>
<fieldset class="filter"><legend>Show</legend>
<input type="radio" name="show" id="show-all" checked> <label for="show-all">all runs</label>
<input type="radio" name="show" id="show-failed"> <label for="show-failed">failed only</label>
<input type="radio" name="show" id="show-passed"> <label for="show-passed">passed only</label>
</fieldset>
<table>
<thead><tr><th>Run</th><th>Outcome</th><th>Steps</th><th>Time</th></tr></thead>
<tbody>"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
