//! The command line and the scenario format's edges: the committed schema is current,
//! mistakes are reported with file, line, column and a suggestion, never a panic.

use eseikyu::scenario;

use crate::support;

#[track_caller]
fn check_error(source: &str, expect: &[&str]) {
    let diags = match scenario::parse("t.yaml", source) {
        Ok(_) => panic!("expected the scenario to be refused"),
        Err(d) => d,
    };
    let text: String = diags.iter().map(|d| d.render(source)).collect();
    for e in expect {
        assert!(text.contains(e), "expected {e:?} in:\n{text}");
    }
}

const HEAD: &str =
    "id: t\ntitle: t\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2025-12-15T10:00:00+09:00\n";

#[test]
fn the_committed_schema_is_current() {
    let committed = include_str!("../scenario.schema.json");
    assert_eq!(
        committed,
        scenario::schema(),
        "regenerate with: cargo run -- schema > harness/scenario.schema.json"
    );
}

#[test]
fn a_misspelt_step_names_the_nearest() {
    check_error(
        &format!("{HEAD}steps:\n  - prss: ログイン\n"),
        &["t.yaml:7:5", "unknown step `prss`", "did you mean `press`?"],
    );
}

#[test]
fn unknown_names_point_at_the_name() {
    check_error(
        &format!(
            "{HEAD}steps:\n  - open: ログイン\n  - fill: {{ パスワド: x }}\n  - press: ログイソ\n  - screen: りようきやく\n"
        ),
        &[
            "t.yaml:8:13",
            "no field is named 「パスワド」",
            "did you mean 「パスワード」?",
            "no button, link or menu item is named 「ログイソ」",
            "did you mean 「ログイン」?",
            "no screen is named 「りようきやく」",
        ],
    );
}

#[test]
fn values_are_checked() {
    check_error(
        &format!(
            "{HEAD}offices:\n  - {{ number: \"99\", state: registered }}\nsteps:\n  - wait: 30x\n  - at: tomorrow\n  - mail: {{ to: a@b, capture: {{ code: '\\d+' }} }}\n  - fill: {{ ユーザID: \"${{nope}}\" }}\n"
        ),
        &[
            "`99` is not a 事業所番号",
            "expected a duration like 30m",
            "expected an instant like",
            "capture `code` needs a group",
            "`${nope}` is not defined before this step",
        ],
    );
}

#[test]
fn faults_are_checked() {
    check_error(
        &format!(
            "{HEAD}steps:\n  - fault: {{ smtp: slow, federation: down }}\n  - fault: {{ smtp: temporary, times: 0 }}\n  - fault: {{ federation: down, chance: 1.5 }}\n  - fault: {{}}\n"
        ),
        &[
            "t.yaml:7:5",
            "a fault names one part: `smtp:` or `federation:`",
            "t.yaml:8:5",
            "`times` is 1–1000 and `chance` more than 0 and at most 1",
            "t.yaml:9:5",
            "t.yaml:10:5",
        ],
    );
    check_error(
        &format!("{HEAD}steps:\n  - fault: {{ smtp: tempory }}\n"),
        &[
            "t.yaml:7",
            "unknown value `tempory`",
            "did you mean `temporary`?",
        ],
    );
}

#[test]
fn wrong_types_and_bad_yaml_are_diagnosed() {
    check_error("id: [\n", &["t.yaml:"]);
    check_error(&format!("{HEAD}steps: 5\n"), &["t.yaml:6"]);
    check_error(
        &format!("{HEAD}profile2: x\nsteps: []\n"),
        &["unknown key", "did you mean `profile`?"],
    );
    check_error(
        &format!("{}steps: []\n", HEAD.replace("r2025-12", "r2099")),
        &["unknown profile `r2099`"],
    );
}

#[test]
fn unquoted_numbers_keep_their_digits() {
    let src = format!("{HEAD}steps:\n  - open: ログイン\n  - fill: {{ パスワード: 0123 }}\n");
    let plan = scenario::parse("t.yaml", &src).expect("valid");
    match &plan.steps[1].kind {
        scenario::plan::StepKind::Fill(p) => assert_eq!(p[0].1, "0123"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn reports_name_the_failing_step_and_the_rules() {
    let src = format!("{HEAD}steps:\n  - open: ログイン\n  - screen: 利用規約\n");
    let plan = scenario::parse("t.yaml", &src).expect("valid");
    let c = eseikyu::mail::catcher::shared().expect("catcher starts");
    let r = scenario::run(&plan, 0, 0, |p, at, s| {
        eseikyu::world::World::new(p, at, s, c)
    });
    assert!(!r.passed());
    let results = vec![r];
    let text = eseikyu::report::text::failure(&results[0]);
    assert!(text.contains("t.yaml:8:5"), "{text}");
    assert!(
        text.contains("expected the screen 【利用規約】, found 【ログイン】"),
        "{text}"
    );
    let xml =
        eseikyu::report::text::junit(&results, std::time::Duration::from_millis(5)).expect("xml");
    assert!(xml.contains(r#"failures="1""#), "{xml}");
    assert!(xml.contains("t.yaml:8:5: screen: 利用規約"), "{xml}");
    assert!(xml.contains("<system-out>covers: LGN-1\n"), "{xml}");
    let json: serde_json::Value = serde_json::from_str(&eseikyu::report::text::json(
        &results,
        std::time::Duration::ZERO,
        0,
    ))
    .expect("json");
    assert_eq!(json["failed"], 1);
    assert_eq!(json["runs"][0]["failure"]["line"], 8);
    assert_eq!(json["coverage"]["LGN-1"], 0, "a failed run covers nothing");
}

/// A problem a `problem:` step expected is not worth a warning; one nobody expected is.
#[test]
fn only_unexpected_problems_are_warned_of() {
    use eseikyu::cli::{System, run_all};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/faults/smtp-temporary.yaml"
    );
    let source = std::fs::read_to_string(path).expect("reads");
    let unchecked: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with("- problem:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(source, unchecked, "the scenario checks its problem");
    let plans = vec![
        scenario::parse("checked.yaml", &source).expect("parses"),
        scenario::parse("unchecked.yaml", &unchecked).expect("parses"),
    ];
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    let results = run_all(
        &plans,
        0,
        1,
        System::InProcess {
            catcher,
            federation: None,
        },
    );
    assert!(results.iter().all(|r| r.passed() && !r.problems.is_empty()));
    assert_eq!(results[0].unexpected_problems().count(), 0);
    assert_eq!(
        results[1].unexpected_problems().count(),
        results[1].problems.len()
    );
}

/// The schema an editor reads: every corpus file validates against it; it offers the
/// names a scenario may use; it has none of the constructs yaml-language-server cannot
/// read (null defaults, nullable types) and no Rust type names in its messages.
#[test]
fn the_schema_completes_and_validates_the_corpus() {
    let schema: serde_json::Value = serde_json::from_str(&scenario::schema()).expect("json");
    let text = schema.to_string();
    assert!(!text.contains("\"default\":null"), "null defaults");
    assert!(!text.contains("\"null\""), "nullable types");
    for rust in ["RawScenario", "RawStep\"", "object("] {
        assert!(!text.contains(&format!("\"title\":\"{rust}")), "{rust}");
    }
    assert_eq!(schema["properties"]["profile"]["enum"][0], "r2025-12");
    assert!(
        schema["properties"]["covers"]["items"]["enum"]
            .as_array()
            .is_some_and(|a| a.iter().any(|r| r == "MAIL-3"))
    );
    let offered = |key: &str| -> String {
        let step = schema["$defs"]["RawStep"]["oneOf"]
            .as_array()
            .expect("steps")
            .iter()
            .find(|s| s["properties"].get(key).is_some())
            .expect(key);
        step["properties"][key].to_string()
    };
    assert!(offered("open").contains("総合窓口"));
    assert!(offered("screen").contains("パスワード変更"));
    assert!(offered("press").contains("ログイン"));
    assert!(offered("fill").contains("ユーザID"));
    let validator = jsonschema::validator_for(&schema).expect("a schema");
    let files = support::scenario_files();
    assert!(files.len() >= 50);
    for f in &files {
        let source = std::fs::read_to_string(f).expect("reads");
        let value: serde_json::Value = serde_saphyr::from_str(&source).expect("yaml");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.display());
    }
    // And it can fail: an unknown profile, rule or entry page does not validate.
    for wrong in [
        "profile: r2099",
        "covers: [MAIL-99]",
        "steps: [{ open: どこか }]",
    ] {
        let source = "id: t\ntitle: t\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2026-01-01T00:00:00+09:00\nsteps: []\n";
        let mut value: serde_json::Value = serde_saphyr::from_str(source).expect("yaml");
        let extra: serde_json::Value = serde_saphyr::from_str(wrong).expect("yaml");
        for (k, v) in extra.as_object().expect("map") {
            value[k] = v.clone();
        }
        assert!(!validator.is_valid(&value), "{wrong}");
    }
}

/// The real yaml-language-server (the engine of VS Code's YAML extension) completes every
/// top-level key, every step name, and the names a scenario may use. Needs Node and the
/// package (`.ci/run` installs them into `target/editor`); elsewhere it says how and
/// passes, under `CI=true` it fails.
#[test]
fn the_yaml_language_server_completes_from_the_schema() {
    let modules =
        std::env::var("ESEIKYU_YAML_LS").unwrap_or_else(|_| "target/editor/node_modules".into());
    let how = "install it with: npm install --prefix target/editor yaml-language-server@1.25.0";
    if !std::path::Path::new(&modules)
        .join("yaml-language-server")
        .exists()
    {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "yaml-language-server is required under CI: {how}"
        );
        eprintln!("not run: no yaml-language-server in {modules}; {how}");
        return;
    }
    let out = std::process::Command::new("node")
        .args([
            "harness/tests/editor/complete.js",
            "harness/scenario.schema.json",
            &modules,
        ])
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let offered: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&out.stdout).expect("JSON");
    let has = |case: &str, label: &str| {
        assert!(
            offered[case].iter().any(|l| l == label),
            "{case}: {label} not offered in {:?}",
            offered[case]
        )
    };
    for key in [
        "at", "covers", "generate", "offices", "profile", "reveal", "seed", "steps", "vary",
    ] {
        has("top-level keys", key);
    }
    let schema: serde_json::Value =
        serde_json::from_str(&eseikyu::scenario::schema::schema()).unwrap();
    let steps = schema["$defs"]["RawStep"]["oneOf"].as_array().unwrap();
    assert!(steps.len() > 20, "{} step names in the schema", steps.len());
    for step in steps {
        for name in step["properties"].as_object().unwrap().keys() {
            has("step names", name);
        }
    }
    has("profile", "r2025-12");
    has("covers", "MAIL-3");
    has("open", "総合窓口");
    has("press", "ログイン");
    has("screen", "パスワード変更");
    has("fill", "ユーザID");
    has("fill flow", "ユーザID");
    has("press flow", "ログイン");
}

/// A corpus of more than 1,000 files runs light (each run's worker parses its file
/// again): every step still runs, and a failure is still located in its file.
#[test]
fn a_large_corpus_runs_light_and_every_step_still_runs() {
    let dir = std::env::temp_dir().join(format!("eseikyu-light-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let body = "covers: [LGN-1]\nprofile: r2025-12\nat: 2025-12-15T10:00:00+09:00\nsteps:\n  - open: ログイン\n  - screen: ログイン\n";
    for i in 0..1_001 {
        let text = format!("id: light/run-{i:04}\ntitle: t\n{body}");
        std::fs::write(dir.join(format!("run-{i:04}.yaml")), text).expect("write");
    }
    // The last file fails at its last step: the run really read its steps.
    let last = format!("id: light/run-1000\ntitle: t\n{body}  - screen: 利用規約\n");
    std::fs::write(dir.join("run-1000.yaml"), last).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args(["run", dir.to_str().expect("path"), "--jobs", "2"])
        .output()
        .expect("runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(!out.status.success());
    assert!(
        stdout.contains("1001 runs: 1000 passed, 1 failed"),
        "{stdout}{stderr}"
    );
    assert!(stderr.contains("run-1000.yaml:9:5"), "{stderr}");
    assert!(
        stderr.contains("expected the screen 【利用規約】, found 【ログイン】"),
        "{stderr}"
    );
    // Runs are chosen as the files are read.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args(["run", dir.to_str().expect("path"), "--id", "light/run-000*"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("10 scenarios, 10 runs: 10 passed"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `eseikyu list scenarios/ | head -1`: the reader goes before the output ends. Here it
/// has gone before anything is written, so every write meets the broken pipe.
#[test]
fn output_cut_short_by_its_reader_ends_quietly() {
    for args in [&["list", "scenarios/"][..], &["rules"][..]] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("eseikyu runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

/// The runner's lines: one per run with its verdict, time and name, the failures again at
/// the end with their location; colour only when asked for (or on a terminal), never
/// with `NO_COLOR`; `--quiet` keeps only the failure and the summary.
#[test]
fn run_prints_a_line_per_run_and_the_failures_again() {
    let dir = std::env::temp_dir().join(format!("eseikyu-lines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let text = std::fs::read_to_string("scenarios/login/wrong-password.yaml").expect("reads");
    let failing = dir.join("failing.yaml");
    std::fs::write(
        &failing,
        text.replace("id: login/wrong-password", "id: lines/failing")
            .replace("正しくありません\n", "正しくありませんでした\n"),
    )
    .expect("write");
    let run = |extra: &[&str], no_color: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"));
        c.args(["run", "scenarios/login/wrong-password.yaml"])
            .arg(&failing)
            .args(extra);
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        let out = c.output().expect("runs");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let plain = run(&[], false);
    let pass =
        regex::Regex::new(r"(?m)^ {8}PASS \[ +\d+\.\d{3}s\] login/wrong-password$").expect("regex");
    assert!(pass.is_match(&plain), "{plain}");
    assert!(
        plain.contains("1 run failed:\n        FAIL lines/failing  "),
        "{plain}"
    );
    assert!(plain.contains("failing.yaml:18:5\n"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "no colour in a pipe: {plain:?}");
    let coloured = run(&["--color", "always"], false);
    assert!(coloured.contains("\u{1b}[1m\u{1b}[32m"), "{coloured:?}");
    assert!(!run(&["--color", "auto"], true).contains('\u{1b}'));
    let quiet = run(&["--quiet"], false);
    assert!(!quiet.contains("PASS ["), "{quiet}");
    assert!(quiet.contains("FAIL lines/failing"), "{quiet}");
    assert!(!quiet.contains("run failed:"), "{quiet}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A run's failure is typed, and CI can tell the kinds apart: a check that did not hold
/// is a JUnit `<failure>` and exit 1; a scenario that cannot be carried out as written is
/// an `<error type="scenario">` and exit 2; a target that answers with errors is an
/// `<error type="system">` and exit 3 — never a quiet pass or a non-conformance.
#[test]
fn failures_are_typed_in_junit_json_and_the_exit_code() {
    let dir = std::env::temp_dir().join(format!("eseikyu-kinds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let head = "title: t\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2026-02-10T10:00:00+09:00\nsteps:\n  - open: ログイン\n";
    let unmet = dir.join("unmet.yaml");
    std::fs::write(&unmet, format!("id: k/unmet\n{head}  - see: 無い文言\n")).expect("write");
    let scenario = dir.join("scenario.yaml");
    std::fs::write(
        &scenario,
        format!("id: k/scenario\n{head}  - wait: 1800000h\n"),
    )
    .expect("write");
    let run = |file: &std::path::Path, target: Option<&str>| {
        let junit = dir.join("junit.xml");
        let json = dir.join("report.json");
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"));
        c.arg("run").arg(file).arg("--junit").arg(&junit);
        c.arg("--json").arg(&json);
        if let Some(t) = target {
            c.args(["--target", t]);
        }
        let out = c.output().expect("runs");
        let junit = std::fs::read_to_string(&junit).unwrap_or_default();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap_or_default())
                .unwrap_or_default();
        (out.status.code(), junit, json)
    };
    let (code, junit, json) = run(&unmet, None);
    assert_eq!(code, Some(1), "{junit}");
    assert!(junit.contains(r#"<failure message="#) && junit.contains(r#"type="unmet""#));
    assert!(junit.contains(r#"errors="0""#), "{junit}");
    assert_eq!(json["runs"][0]["failure"]["kind"], "unmet");
    let (code, junit, json) = run(&scenario, None);
    assert_eq!(code, Some(2), "{junit}");
    assert!(junit.contains(r#"<error message="#) && junit.contains(r#"type="scenario""#));
    assert_eq!(json["runs"][0]["failure"]["kind"], "scenario");
    // A target that says who it is, then answers every call with an error.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        use std::io::{BufRead, Write};
        for stream in listener.incoming().flatten() {
            let mut reader = std::io::BufReader::new(stream);
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let (status, body) = if first.starts_with("GET /api/v1/info") {
                ("200 OK", r#"{"Version":"broken-target"}"#)
            } else {
                ("500 Internal Server Error", r#"{"error":"broken"}"#)
            };
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let (code, junit, json) = run(&unmet, Some(&format!("http://{addr}")));
    assert_eq!(code, Some(3), "{junit}");
    assert!(junit.contains(r#"<error message="#) && junit.contains(r#"type="system""#));
    assert!(junit.contains(r#"errors="1""#), "{junit}");
    assert_eq!(json["runs"][0]["failure"]["kind"], "system");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `eseikyu snapshot`, for a tester with only the binary: a new scenario's snapshot is
/// written pending, accepted in insta's own format (byte for byte what `cargo test` keeps),
/// and a change is shown as a diff and written pending again.
#[test]
fn snapshots_are_checked_written_and_shown_without_rust() {
    let d = std::env::temp_dir().join(format!("eseikyu-snap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("scenarios/login")).expect("dir");
    let file = "scenarios/login/wrong-password.yaml";
    let source = std::fs::read_to_string(file).expect("reads");
    std::fs::write(d.join(file), &source).expect("copy");
    let snap = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
            .arg("snapshot")
            .arg(file)
            .args(extra)
            .current_dir(&d)
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let kept = d.join("snapshots/scenario@login__wrong-password.yaml.snap");
    let pending = d.join("snapshots/scenario@login__wrong-password.yaml.snap.new");
    let (code, said) = snap(&[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("new, pending"), "{said}");
    assert!(pending.exists() && !kept.exists());
    let (code, said) = snap(&["--accept"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(!pending.exists());
    assert_eq!(
        std::fs::read_to_string(&kept).expect("written"),
        std::fs::read_to_string("snapshots/scenario@login__wrong-password.yaml.snap")
            .expect("the corpus's own"),
        "what insta keeps, byte for byte"
    );
    std::fs::write(
        d.join(file),
        format!(
            "{}  - screen: ログイン\n",
            source.trim_end_matches('\n').to_string() + "\n"
        ),
    )
    .expect("a changed scenario");
    let (code, said) = snap(&[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("changed, pending"), "{said}");
    assert!(said.contains("\n+## 6 screen: ログイン"), "a diff: {said}");
    assert!(pending.exists());
    let _ = std::fs::remove_dir_all(&d);
}

/// `eseikyu screens` finds the corpus from anywhere in the checkout, and outside one says
/// how to name it.
#[test]
fn screens_finds_the_corpus_or_says_to_name_it() {
    let screens = |dir: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
            .args(["screens", "ログイン"])
            .current_dir(dir)
            .output()
            .expect("runs")
    };
    let inside = screens(std::path::Path::new("harness/src"));
    assert!(inside.status.success());
    assert!(String::from_utf8_lossy(&inside.stdout).starts_with("【ログイン】"));
    let outside = screens(&std::env::temp_dir());
    assert_eq!(outside.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&outside.stderr).contains("give --from DIR"));
}

/// `absent:` of a letter fails when the letter holds the text (the corpus's own check is
/// that a reissue letter has no 平成 date; here its 令和 date is said to be absent).
#[test]
fn a_letter_that_holds_an_absent_text_fails() {
    let dir = std::env::temp_dir().join(format!("eseikyu-absent-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let source =
        std::fs::read_to_string("scenarios/lost/reissue-approved.yaml").expect("the scenario");
    assert!(
        source.contains("      absent: [平成]\n"),
        "the corpus checks it"
    );
    let file = dir.join("absent.yaml");
    std::fs::write(&file, source.replace("absent: [平成]", "absent: [令和]")).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args(["run", "--quiet"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "expected the letter 「電子請求ログイン情報再発行通知書」 not to contain 「令和」"
        ),
        "{said}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `count:` counts what it names and fails with what there was; counting two things at
/// once, or a row's `with:` on mails, is refused before the run.
#[test]
fn count_steps_count_and_are_checked() {
    let dir = std::env::temp_dir().join(format!("eseikyu-count-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let source = std::fs::read_to_string("scenarios/mail/list-rules.yaml").expect("reads");
    assert!(
        source.contains("  - count: { rows: 5 }\n"),
        "the corpus counts"
    );
    let run = |name: &str, text: String| {
        let file = dir.join(name);
        std::fs::write(&file, text).expect("write");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
            .args(["run", "--quiet"])
            .arg(&file)
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, said) = run(
        "six.yaml",
        source.replace("count: { rows: 5 }", "count: { rows: 6 }"),
    );
    assert_eq!(code, Some(1));
    assert!(
        said.contains("expected 6 rows in the table, found 5"),
        "{said}"
    );
    let (code, said) = run(
        "both.yaml",
        source.replace("count: { rows: 5 }", "count: { rows: 5, mails: 1 }"),
    );
    assert_eq!(code, Some(2));
    assert!(said.contains("count one thing"), "{said}");
    let (code, said) = run(
        "with.yaml",
        source.replace("count: { rows: 5 }", "count: { mails: 1, with: x }"),
    );
    assert_eq!(code, Some(2));
    assert!(said.contains("`with:` counts table rows only"), "{said}");
    let _ = std::fs::remove_dir_all(&dir);
}
