//! The docs' commands are tests: every command a reader would type, in README.md and
//! docs/*.md, runs as the document writes it and must print what the document shows.
//!
//! - A ```` ```console ```` block holds `$ ` commands, each followed by its output. The
//!   output must read as shown: a line `…` stands for any lines, a `…` inside a line for
//!   any text, and a time in seconds (`in 0.01s`) for any time.
//! - A ```` ```sh ```` block holds commands only; each must succeed.
//! - `cargo run [-q] [--release] --` and `./target/release/eseikyu` stand for the
//!   eseikyu binary this build made (building it again would gain nothing); `cargo test`,
//!   `cargo nextest` and `cargo build` are this very suite's business and are not re-run.
//! - A command ending in `&`, or any `eseikyu serve`, runs in the background until its
//!   block ends; the block goes on once it has printed its banner.
//! - The GitHub Actions example of the README runs its corpus job's steps, every shard.
//!
//! Commands run in a scratch folder that sees the checkout's `scenarios/`, `fixtures/`
//! and `harness/`, so what they write stays out of the checkout. The servers the docs
//! start listen on the ports the docs name (8080, 2525, 8443).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The documents whose commands run.
const DOCUMENTS: &[&str] = &["README.md", "docs/first-scenario.md"];

/// Commands the suite does not run again, and why.
const NOT_RUN: &[(&str, &str)] = &[
    ("cargo test", "this very suite"),
    ("cargo nextest", "this very suite, partitioned"),
    ("cargo build", "the binary under test is built already"),
];

/// How long one command may take (the corpus over HTTP in a debug build takes ~10 s).
const LIMIT: Duration = Duration::from_secs(300);

/// A command block of a document.
struct Block {
    file: &'static str,
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
    for file in DOCUMENTS {
        let text = std::fs::read_to_string(file).expect("the document reads");
        for block in blocks(file, &text) {
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
fn blocks(file: &'static str, text: &str) -> Vec<Block> {
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
            file,
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

/// The README's GitHub Actions example: its corpus job's `run:` steps, for every shard.
fn run_ci_example(dir: &Path) -> usize {
    let readme = std::fs::read_to_string("README.md").expect("README reads");
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
            let at = format!("README.md CI example, shard {shard}: `{code}`");
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
    spelled
        .replace_all(command, |c: &regex::Captures<'_>| {
            format!("\"$ESEIKYU\"{}", &c[2])
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
