//! The docs' commands are tests: every command a reader would type, in README.md and
//! every page of the manual (`docs/`, an mdBook), runs as the document writes it and must
//! print what the document shows; every link between them leads somewhere.
//!
//! - A ```` ```console ```` block holds `$ ` commands, each followed by its output. The
//!   output must read as shown: a line `…` stands for any lines, a `…` inside a line for
//!   any text, and a time in seconds (`in 0.01s`) for any time.
//! - A ```` ```sh ```` block holds commands only; each must succeed.
//! - `cargo run [-q] [--release] --`, `./target/release/eseikyu` and an installed
//!   `eseikyu` stand for the eseikyu binary this build made (building it again would gain
//!   nothing); `cargo test`, `cargo nextest`, `cargo build` and `cargo install` are this
//!   very suite's business and are not re-run.
//! - A command ending in `&`, or any `eseikyu serve`, runs in the background until its
//!   block ends; the block goes on once it has printed its banner.
//! - The GitHub Actions example (docs/conformance.md) runs its corpus job's steps, every
//!   shard.
//!
//! Commands run in a scratch folder that sees the checkout's `scenarios/`, `fixtures/`
//! and `harness/` and has a copy of `snapshots/`, so what they write stays out of the
//! checkout. The servers the docs start listen on the ports the docs name (8080, 2525,
//! 8443).

use crate::support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The documents whose commands run: the README and every page of the manual.
fn documents() -> Vec<String> {
    let mut all = vec!["README.md".to_string()];
    all.extend(
        support::files_under("docs", "md")
            .into_iter()
            .map(|p| p.to_string_lossy().into_owned()),
    );
    all
}

/// The document that holds the CI example.
const CI_EXAMPLE: &str = "docs/conformance.md";

/// Commands the suite does not run again, and why.
const NOT_RUN: &[(&str, &str)] = &[
    ("cargo test", "this very suite"),
    ("cargo nextest", "this very suite, partitioned"),
    ("cargo build", "the binary under test is built already"),
    (
        "cargo install",
        "installs the binary under test, which is built already",
    ),
];

/// How long one command may take (the corpus over HTTP in a debug build takes ~10 s).
const LIMIT: Duration = Duration::from_secs(300);

/// A command block of a document.
struct Block {
    file: String,
    line: usize,
    kind: Kind,
    /// Each command with the output shown after it (none in a `sh` block).
    commands: Vec<(String, Vec<String>)>,
}

#[derive(PartialEq)]
enum Kind {
    Console,
    Sh,
}

#[test]
fn every_command_of_the_docs_runs_as_written() {
    let scratch = scratch();
    let mut ran = 0;
    for file in documents() {
        let text = std::fs::read_to_string(&file).expect("the document reads");
        for block in blocks(&file, &text) {
            ran += run_block(&block, &scratch);
        }
    }
    ran += run_ci_example(&scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        ran >= 15,
        "{ran} commands ran: the docs lost their commands?"
    );
}

/// Every relative link of the README and the manual leads to a file that is there, and a
/// `#fragment` to one of its headings (as mdBook makes their ids); the book's table of
/// contents names every page.
#[test]
fn every_link_of_the_docs_leads_somewhere() {
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").expect("regex");
    let mut broken = Vec::new();
    for file in documents() {
        let text = std::fs::read_to_string(&file).expect("the document reads");
        let dir = Path::new(&file).parent().unwrap_or(Path::new("."));
        for (n, line) in text.lines().enumerate() {
            for c in link.captures_iter(line) {
                let target = &c[1];
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
                let to = if path.is_empty() {
                    PathBuf::from(&file)
                } else {
                    dir.join(path)
                };
                let ok = to.exists()
                    && (fragment.is_empty()
                        || std::fs::read_to_string(&to)
                            .is_ok_and(|t| headings(&t).iter().any(|h| h == fragment)));
                if !ok {
                    broken.push(format!("{file}:{}: {target}", n + 1));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
    let summary = std::fs::read_to_string("docs/SUMMARY.md").expect("the book's contents");
    let unlisted: Vec<String> = documents()
        .into_iter()
        .filter(|f| f.starts_with("docs/") && f != "docs/SUMMARY.md")
        .filter(|f| !summary.contains(&format!("]({})", &f["docs/".len()..])))
        .collect();
    assert!(
        unlisted.is_empty(),
        "pages not in docs/SUMMARY.md: {unlisted:?}"
    );
}

/// Every file or folder of the tree the README, ARCHITECTURE.md and the manual name in
/// code (`harness/src/door/lib.rs`) is there: a file moved leaves no stale name behind.
/// Names with a placeholder (`<crate>`, `{world}`, `*`, `…`) are patterns, not paths.
#[test]
fn every_path_the_docs_name_is_there() {
    let named =
        regex::Regex::new(r"`((?:harness|scenarios|snapshots|fixtures|benches|docs)/[^`\s]*)`")
            .expect("regex");
    let mut files = documents();
    files.push("ARCHITECTURE.md".into());
    let (mut checked, mut stale) = (0, Vec::new());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("the document reads");
        for (n, line) in text.lines().enumerate() {
            for c in named.captures_iter(line) {
                let path = c[1].trim_end_matches(['.', ',', ':']);
                if path.contains(['<', '*', '{', '…']) {
                    continue;
                }
                checked += 1;
                if !Path::new(path).exists() {
                    stale.push(format!("{file}:{}: {path}", n + 1));
                }
            }
        }
    }
    assert!(checked >= 50, "{checked} paths: the pattern lost them?");
    assert!(
        stale.is_empty(),
        "paths that are not there:\n{}",
        stale.join("\n")
    );
}

/// The ids mdBook gives a page's headings: lower case, spaces to `-`, other punctuation
/// dropped.
fn headings(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut ids = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        if fenced || !line.starts_with('#') {
            continue;
        }
        let title = line.trim_start_matches('#').trim();
        ids.push(
            title
                .chars()
                .filter_map(|c| match c {
                    ' ' => Some('-'),
                    c if c.is_alphanumeric() || c == '-' || c == '_' => {
                        Some(c.to_lowercase().next().unwrap_or(c))
                    }
                    _ => None,
                })
                .collect(),
        );
    }
    ids
}

/// The command-line reference is the command line's own description, current.
#[test]
fn the_command_line_reference_is_current() {
    let out = Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .arg("reference")
        .output()
        .expect("eseikyu runs");
    let made = String::from_utf8(out.stdout).expect("UTF-8");
    let kept = std::fs::read_to_string("docs/cli-reference.md").expect("the reference reads");
    assert!(
        made == kept,
        "docs/cli-reference.md is out of date: cargo run -- reference > docs/cli-reference.md"
    );
    for command in ["run", "validate", "serve", "screens"] {
        assert!(
            made.contains(&format!("## eseikyu {command}\n")),
            "{command} is in the reference"
        );
    }
    assert!(made.contains("Exit codes:"), "exit codes are in it");
}

#[test]
fn the_output_matcher_can_fail() {
    let shown = lines("eseikyu: 1 scenarios, 1 runs: 1 passed, 0 failed in 0.01s (seed 0)\n…");
    assert!(matches(
        &shown,
        &lines(
            "eseikyu: 1 scenarios, 1 runs: 1 passed, 0 failed in 3.25s (seed 0)\nmore\nand more"
        )
    ));
    assert!(!matches(
        &shown,
        &lines("eseikyu: 1 scenarios, 1 runs: 0 passed, 1 failed in 0.01s (seed 0)")
    ));
    assert!(!matches(&lines("a\nb"), &lines("a")));
    assert!(matches(
        &lines("{\"n\":\"1\",\"p\":\"…\"}"),
        &lines("{\"n\":\"1\",\"p\":\"x&y\"}")
    ));
}

/// The command blocks of a document, in order.
fn blocks(file: &str, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, l)) = lines.next() {
        let kind = match l.trim_end() {
            "```console" => Kind::Console,
            "```sh" => Kind::Sh,
            _ => continue,
        };
        let mut commands: Vec<(String, Vec<String>)> = Vec::new();
        for (_, l) in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            match (&kind, l.strip_prefix("$ ")) {
                (Kind::Console, Some(cmd)) => commands.push((cmd.to_string(), vec![])),
                (Kind::Console, None) => match commands.last_mut() {
                    Some((_, shown)) => shown.push(l.to_string()),
                    None => panic!("{file}:{}: output before any `$ ` command", n + 1),
                },
                (Kind::Sh, _) if !l.trim().is_empty() => commands.push((l.to_string(), vec![])),
                (Kind::Sh, _) => {}
            }
        }
        out.push(Block {
            file: file.to_string(),
            line: n + 1,
            kind,
            commands,
        });
    }
    out
}

/// Runs a block's commands; the servers it started end with it. The number run.
fn run_block(block: &Block, dir: &Path) -> usize {
    let mut servers = Servers(Vec::new());
    let mut ran = 0;
    for (command, shown) in &block.commands {
        let code = without_comment(command);
        if let Some((_, why)) = NOT_RUN.iter().find(|(c, _)| code.starts_with(c)) {
            eprintln!("{}:{}: not run ({why}): {code}", block.file, block.line);
            continue;
        }
        let at = format!("{}:{}: `{code}`", block.file, block.line);
        let output = if code.ends_with('&') || code.contains(" serve") {
            servers.start(code.trim_end_matches('&').trim(), dir, &at)
        } else {
            let (ok, output) = shell(code, dir);
            if block.kind == Kind::Sh {
                assert!(ok, "{at} failed:\n{output}");
            }
            output
        };
        if block.kind == Kind::Console {
            let shown = shown.join("\n");
            assert!(
                matches(&lines(&shown), &lines(&output)),
                "{at} printed what the document does not show.\n--- the document ---\n{shown}\n--- printed ---\n{output}"
            );
        }
        ran += 1;
    }
    ran
}

/// The manual's GitHub Actions example: its corpus job's `run:` steps, for every shard.
fn run_ci_example(dir: &Path) -> usize {
    let readme = std::fs::read_to_string(CI_EXAMPLE).expect("the CI example's page reads");
    let start = readme.find("```yaml\njobs:").expect("the CI example") + "```yaml\n".len();
    let end = start + readme[start..].find("```").expect("its end");
    let ci: serde_json::Value = serde_saphyr::from_str(&readme[start..end]).expect("valid YAML");
    let job = &ci["jobs"]["corpus"];
    let shards = job["strategy"]["matrix"]["shard"]
        .as_array()
        .expect("shards");
    std::fs::write(dir.join("baseline.yaml"), "expected: []\n").expect("a baseline");
    let mut ran = 0;
    for shard in shards {
        let mut servers = Servers(Vec::new());
        for step in job["steps"].as_array().expect("steps") {
            let Some(run) = step["run"].as_str() else {
                continue;
            };
            let code =
                without_comment(run.trim()).replace("${{ matrix.shard }}", &shard.to_string());
            if NOT_RUN.iter().any(|(c, _)| code.starts_with(c)) {
                continue;
            }
            let at = format!("{CI_EXAMPLE} CI example, shard {shard}: `{code}`");
            if code.ends_with('&') {
                servers.start(code.trim_end_matches('&').trim(), dir, &at);
            } else {
                let (ok, output) = shell(&code, dir);
                assert!(ok, "{at} failed:\n{output}");
                let junit = dir.join(format!("junit-{shard}.xml"));
                assert!(junit.exists(), "{at} wrote no {}", junit.display());
            }
            ran += 1;
        }
    }
    ran
}

/// A scratch folder that sees the checkout's corpus, fixtures and schemas.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eseikyu-docs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let root = std::env::current_dir().expect("the checkout");
    for name in ["scenarios", "fixtures", "harness"] {
        std::os::unix::fs::symlink(root.join(name), dir.join(name)).expect("a link");
    }
    // The snapshots are copied: `eseikyu snapshot` may write beside them.
    std::fs::create_dir_all(dir.join("snapshots")).expect("a folder");
    for e in std::fs::read_dir(root.join("snapshots")).expect("snapshots/ reads") {
        let from = e.expect("an entry").path();
        if let Some(name) = from.file_name() {
            std::fs::copy(&from, dir.join("snapshots").join(name)).expect("a copy");
        }
    }
    dir
}

/// `command` with a trailing `# comment` removed (outside quotes).
fn without_comment(command: &str) -> &str {
    let mut quote = None;
    for (i, c) in command.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if i == 0 || command[..i].ends_with(' ') => return command[..i].trim_end(),
            _ => {}
        }
    }
    command.trim_end()
}

/// The command with eseikyu's spellings replaced by the binary this build made.
fn as_built(command: &str) -> String {
    let spelled = regex::Regex::new(
        r"(cargo run(?: -q| --release| --locked)* --|\./target/(?:release|debug)/eseikyu)( |$)",
    )
    .expect("regex");
    let built = spelled.replace_all(command, |c: &regex::Captures<'_>| {
        format!("\"$ESEIKYU\"{}", &c[2])
    });
    // An installed `eseikyu`, where a command starts.
    let installed = regex::Regex::new(r"(^|[;&|(]\s*)eseikyu( |$)").expect("regex");
    installed
        .replace_all(&built, |c: &regex::Captures<'_>| {
            format!("{}\"$ESEIKYU\"{}", &c[1], &c[2])
        })
        .into_owned()
}

/// Runs a command with bash in `dir`: whether it succeeded, and what it printed (its
/// standard output and error in one stream, in the order a terminal shows them).
fn shell(command: &str, dir: &Path) -> (bool, String) {
    let child = bash(&format!("exec 2>&1\n{command}"), dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash starts");
    let (tx, rx) = mpsc::channel();
    let id = child.id();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(LIMIT) {
        Ok(out) => out.expect("its output"),
        Err(_) => {
            let _ = Command::new("kill").arg(id.to_string()).status();
            panic!("`{command}` ran past {LIMIT:?}");
        }
    };
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn bash(command: &str, dir: &Path) -> Command {
    let mut c = Command::new("bash");
    c.arg("-c")
        .arg(as_built(command))
        .current_dir(dir)
        .env("ESEIKYU", env!("CARGO_BIN_EXE_eseikyu"))
        .env_remove("CARGO_TERM_COLOR");
    c
}

/// Servers a block started in the background; ended when the block ends.
struct Servers(Vec<Child>);

impl Servers {
    /// Starts `command` (`exec`, so the child is the server) and waits for its banner,
    /// which ends with 「Ctrl-C stops it.」; returns the banner.
    fn start(&mut self, command: &str, dir: &Path, at: &str) -> String {
        let mut child = bash(&format!("exec {command}"), dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bash starts");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        self.0.push(child);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut banner = String::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                banner.push_str(&line);
                banner.push('\n');
                if line == "Ctrl-C stops it." {
                    break;
                }
            }
            let _ = tx.send(banner);
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(banner) if banner.ends_with("Ctrl-C stops it.\n") => banner,
            other => {
                let mut err = String::new();
                let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut err);
                panic!("{at} did not start serving: {other:?}\n{err}");
            }
        }
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn lines(text: &str) -> Vec<String> {
    let time = regex::Regex::new(r"\b\d+(\.\d+)?s\b").expect("regex");
    text.trim_end_matches('\n')
        .lines()
        .map(|l| time.replace_all(l.trim_end(), "…s").into_owned())
        .collect()
}

/// Whether `printed` reads as `shown`: `…` alone on a line stands for any lines, inside a
/// line for any text.
fn matches(shown: &[String], printed: &[String]) -> bool {
    match shown.split_first() {
        None => printed.is_empty(),
        Some((first, rest)) if first == "…" => {
            (0..=printed.len()).any(|skip| matches(rest, &printed[skip..]))
        }
        Some((first, rest)) => printed
            .split_first()
            .is_some_and(|(line, more)| same_line(first, line) && matches(rest, more)),
    }
}

fn same_line(shown: &str, printed: &str) -> bool {
    if !shown.contains('…') {
        return shown == printed;
    }
    let pattern: Vec<String> = shown.split('…').map(regex::escape).collect();
    regex::Regex::new(&format!("^{}$", pattern.join(".*"))).is_ok_and(|re| re.is_match(printed))
}
