//! Scenario snapshots in insta's format (`snapshots/scenario@<area>__<file>.snap`): the
//! transcript of every variant of a scenario file — what `cargo test` compares, and what
//! `eseikyu snapshot` checks, writes and shows for a tester without Rust.

use super::RunResult;
use std::path::Path;

/// The snapshot file's name for a scenario file: `scenario@` and its path under the
/// corpus's `scenarios/` folder with `/` as `__`, then `.snap` (the name insta gives it).
pub fn file_name(scenario: &Path) -> String {
    let parts: Vec<String> = scenario
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let under = match parts.iter().rposition(|p| p == "scenarios") {
        Some(i) => parts[i + 1..].join("__"),
        None => parts.last().cloned().unwrap_or_default(),
    };
    format!("scenario@{under}.snap")
}

/// A scenario file's snapshot text: each run's name as a heading, then its transcript.
pub fn text<'a>(runs: impl IntoIterator<Item = &'a RunResult>) -> String {
    let mut out = String::new();
    for r in runs {
        out.push_str(&format!("# {}\n", r.name()));
        out.push_str(&r.transcript);
    }
    out
}

/// A snapshot file as insta writes it: its header, then the text.
pub fn file(input_file: &str, text: &str) -> String {
    format!(
        "---\nsource: harness/tests/scenarios.rs\nexpression: transcript\ninput_file: {input_file}\n---\n{}\n",
        text.trim_end_matches('\n')
    )
}

/// The text of a snapshot file (what follows its header), as insta compares it: line
/// endings and trailing newlines aside.
pub fn contents(file: &str) -> String {
    let file = file.replace("\r\n", "\n");
    let body = match file
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
    {
        Some((_, body)) => body,
        None => file.as_str(),
    };
    body.trim_end_matches('\n').to_string()
}

/// Whether a snapshot file holds this text.
pub fn holds(file: &str, text: &str) -> bool {
    contents(file) == text.replace("\r\n", "\n").trim_end_matches('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_corpus_path() {
        assert_eq!(
            file_name(Path::new("scenarios/login/wrong-password.yaml")),
            "scenario@login__wrong-password.yaml.snap"
        );
        assert_eq!(
            file_name(Path::new("/x/eseikyu/scenarios/codes/a.yaml")),
            "scenario@codes__a.yaml.snap"
        );
        assert_eq!(file_name(Path::new("mine/b.yaml")), "scenario@b.yaml.snap");
    }

    #[test]
    fn a_file_written_reads_back_to_its_text() {
        let written = file("scenarios/x.yaml", "# x\n## 1 open: ログイン\n");
        assert!(holds(&written, "# x\n## 1 open: ログイン\n"));
        assert!(!holds(&written, "# x\n## 1 open: ログアウト\n"));
        assert!(written.starts_with("---\nsource: harness/tests/scenarios.rs\n"));
    }
}
