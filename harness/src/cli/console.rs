//! What `eseikyu run` prints as it goes, in nextest's manner: a line per run as it
//! finishes (verdict — `ERROR` for the scenario's or the system's error —, time, name), the failure's detail after its line, and at the end the
//! slowest runs and every failure again with its location. Colour on a terminal, unless
//! `NO_COLOR` or `--color never`.

use crate::scenario::RunResult;
use crate::scenario::baseline::Verdict;
use crate::scenario::run::FailureKind;
use anstyle::{AnsiColor, Style};
use std::io::IsTerminal;
use std::time::Duration;

/// When to colour (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// How much is printed per run (`--quiet`: only failures and the summary).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    Lines,
    Quiet,
}

/// The runner's account on standard error, run by run.
pub struct Console {
    detail: Detail,
    colour: bool,
    /// The slowest runs so far (name, time), longest first.
    slowest: Vec<(String, Duration)>,
    /// Every surprising run, for the list at the end: verdict word, name, where.
    failed: Vec<(&'static str, String, String)>,
}

/// How many of the slowest runs are listed at the end.
const SLOWEST: usize = 5;

impl Console {
    pub fn new(detail: Detail, color: Color) -> Console {
        let colour = match color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Console {
            detail,
            colour,
            slowest: Vec::new(),
            failed: Vec::new(),
        }
    }

    /// A run has finished: its line, and what went wrong after it.
    pub fn run(&mut self, r: &RunResult, verdict: &Verdict) {
        let name = r.name();
        let (word, style) = word(r, verdict);
        if self.detail == Detail::Lines {
            eprintln!(
                "{} [{:>8.3}s] {name}",
                self.paint(style, &format!("{word:>12}")),
                r.elapsed.as_secs_f64()
            );
        }
        match verdict {
            Verdict::ExpectedFailure(why) => {
                if self.detail == Detail::Quiet {
                    eprintln!("expected failure {name}: {why}");
                }
            }
            Verdict::UnexpectedPass(why) => eprintln!(
                "UNEXPECTED PASS {name} (the baseline expects it to fail: {why}); update the baseline"
            ),
            _ if !r.passed() => eprint!("{}", crate::report::text::failure(r)),
            _ => {
                for p in r.unexpected_problems() {
                    eprintln!("warning: {name}: {p}");
                }
            }
        }
        if verdict.surprising() {
            self.failed.push((word, name.clone(), location(r)));
        }
        self.slowest.push((name, r.elapsed));
        self.slowest.sort_by_key(|s| std::cmp::Reverse(s.1));
        self.slowest.truncate(SLOWEST);
    }

    /// The end: the slowest runs, and every failure again, before the summary line.
    pub fn finish(&self, runs: usize) {
        if self.detail == Detail::Quiet {
            return;
        }
        if runs > SLOWEST {
            eprintln!("{}", self.paint(header(), "slowest:"));
            for (name, took) in &self.slowest {
                eprintln!("  [{:>8.3}s] {name}", took.as_secs_f64());
            }
        }
        if !self.failed.is_empty() {
            let n = self.failed.len();
            let heading = format!("{n} run{} failed:", if n == 1 { "" } else { "s" });
            eprintln!("{}", self.paint(red(), &heading));
            for (word, name, at) in &self.failed {
                eprintln!("{} {name}  {at}", self.paint(red(), &format!("{word:>12}")));
            }
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}

/// The verdict's word and colour, as nextest words them.
fn word(r: &RunResult, verdict: &Verdict) -> (&'static str, Style) {
    match verdict {
        Verdict::Passed if r.passed() => ("PASS", green()),
        Verdict::ExpectedFailure(_) => ("XFAIL", yellow()),
        Verdict::UnexpectedPass(_) => ("UPASS", red()),
        _ => match r.failure.as_ref().map(|f| f.kind) {
            Some(FailureKind::Scenario | FailureKind::System) => ("ERROR", red()),
            _ => ("FAIL", red()),
        },
    }
}

/// Where a run failed: `file:line:col`, or the file when no step failed.
fn location(r: &RunResult) -> String {
    match &r.failure {
        Some(f) if f.line > 0 => format!("{}:{}:{}", r.file, f.line, f.column),
        _ => r.file.clone(),
    }
}

fn green() -> Style {
    Style::new().fg_color(Some(AnsiColor::Green.into())).bold()
}
fn yellow() -> Style {
    Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold()
}
fn red() -> Style {
    Style::new().fg_color(Some(AnsiColor::Red.into())).bold()
}
fn header() -> Style {
    Style::new().bold()
}
