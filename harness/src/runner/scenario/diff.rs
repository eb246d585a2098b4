//! The release diff (`eseikyu diff --profile A --profile B PATH…`): the same runs under two
//! release profiles, compared step by step — which runs change outcome, and at which steps
//! their screens, mails and letters differ.

use super::run::RunResult;
use std::fmt::Write;

/// What one run came to under a profile, as the diff needs it.
#[derive(Clone, Debug)]
pub struct Side {
    pub passed: bool,
    /// The step it failed at (1-based), if it failed.
    pub failed_at: Option<usize>,
    pub failure: Option<String>,
    /// The transcript cut at its step headers: (header, what the step showed).
    pub steps: Vec<(String, String)>,
}

impl Side {
    pub fn of(r: &RunResult) -> Side {
        Side {
            passed: r.passed(),
            failed_at: r.failure.as_ref().map(|_| r.steps_run + 1),
            failure: r
                .failure
                .as_ref()
                .map(|f| format!("{}: {}", f.step, f.message)),
            steps: steps(&r.transcript),
        }
    }
}

/// How a run differs between the two profiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunDiff {
    pub outcome_changed: bool,
    /// Steps (header, a line diff of what they showed) whose screens, mails or letters differ.
    pub steps: Vec<(String, String)>,
}

impl RunDiff {
    pub fn same(&self) -> bool {
        !self.outcome_changed && self.steps.is_empty()
    }
}

/// Compares a run under profile A with the same run under profile B.
pub fn compare(a: &Side, b: &Side) -> RunDiff {
    let mut steps = Vec::new();
    let n = a.steps.len().max(b.steps.len());
    for i in 0..n {
        match (a.steps.get(i), b.steps.get(i)) {
            (Some((h, ta)), Some((_, tb))) if ta != tb => {
                steps.push((h.clone(), line_diff(ta, tb)))
            }
            (Some((h, _)), None) => steps.push((h.clone(), "+ (not reached)\n".into())),
            (None, Some((h, _))) => steps.push((h.clone(), "- (not reached)\n".into())),
            _ => {}
        }
    }
    RunDiff {
        outcome_changed: a.passed != b.passed || a.failed_at != b.failed_at,
        steps,
    }
}

/// The text a diff prints for one run (`a` and `b` name the profiles).
pub fn render(name: &str, a: (&str, &Side), b: (&str, &Side), d: &RunDiff) -> String {
    let mut out = String::new();
    let outcome = |s: &Side| match (s.passed, s.failed_at) {
        (true, _) => "passes".to_string(),
        (false, Some(n)) => format!("fails at step {n}"),
        (false, None) => "fails".to_string(),
    };
    let _ = writeln!(out, "CHANGED {name}");
    let _ = writeln!(out, "  {}: {}", a.0, outcome(a.1));
    let _ = writeln!(out, "  {}: {}", b.0, outcome(b.1));
    for (label, side) in [a, b] {
        if let Some(f) = &side.failure {
            let first = f.lines().next().unwrap_or_default();
            let _ = writeln!(out, "  {label}: {first}");
        }
    }
    for (header, diff) in &d.steps {
        let _ = writeln!(out, "  {header}");
        for line in diff.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

/// A transcript cut at its `## N step` headers.
fn steps(transcript: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in transcript.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            out.push((h.to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// A line diff (`-` A, `+` B) of two texts, at most 40 changed lines.
fn line_diff(a: &str, b: &str) -> String {
    let diff = similar::TextDiff::from_lines(a, b);
    let mut out = String::new();
    let mut shown = 0;
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "-",
            similar::ChangeTag::Insert => "+",
            similar::ChangeTag::Equal => continue,
        };
        if shown == 40 {
            out.push_str("… (more)\n");
            break;
        }
        out.push_str(sign);
        out.push(' ');
        out.push_str(change.value().trim_end_matches('\n'));
        out.push('\n');
        shown += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(passed: bool, transcript: &str) -> Side {
        Side {
            passed,
            failed_at: (!passed).then_some(2),
            failure: (!passed).then(|| "screen: x: expected".to_string()),
            steps: steps(transcript),
        }
    }

    #[test]
    fn steps_that_show_something_else_are_listed_with_their_lines() {
        let a = side(
            true,
            "## 1 open: ログイン\n【ログイン】\n## 2 press: ログイン\n【利用規約】\n",
        );
        let b = side(
            false,
            "## 1 open: ログイン\n【ログイン】\n## 2 press: ログイン\n【お知らせ一覧】\n",
        );
        let d = compare(&a, &b);
        assert!(d.outcome_changed);
        assert_eq!(d.steps.len(), 1);
        assert_eq!(d.steps[0].0, "2 press: ログイン");
        assert_eq!(d.steps[0].1, "- 【利用規約】\n+ 【お知らせ一覧】\n");
        let text = render("t", ("A", &a), ("B", &b), &d);
        assert!(
            text.contains("A: passes") && text.contains("B: fails at step 2"),
            "{text}"
        );
        assert!(compare(&a, &a).same());
    }
}
