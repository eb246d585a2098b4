//! The command line and the scenario format's edges: the committed schema is current,
//! mistakes are reported with file, line, column and a suggestion, never a panic.

use eseikyu::scenario;

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
        &[
            "t.yaml:7:5",
            "unknown variant `prss`",
            "did you mean `press`?",
        ],
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
        &["t.yaml:7", "unknown variant `tempory`"],
    );
}

#[test]
fn wrong_types_and_bad_yaml_are_diagnosed() {
    check_error("id: [\n", &["t.yaml:"]);
    check_error(&format!("{HEAD}steps: 5\n"), &["t.yaml:6"]);
    check_error(
        &format!("{HEAD}profile2: x\nsteps: []\n"),
        &["unknown field", "did you mean `profile`?"],
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
    let text = scenario::report::failure(&results[0]);
    assert!(text.contains("t.yaml:8:5"), "{text}");
    assert!(
        text.contains("expected the screen 【利用規約】, found 【ログイン】"),
        "{text}"
    );
    let xml = scenario::report::junit(&results, std::time::Duration::from_millis(5)).expect("xml");
    assert!(xml.contains(r#"failures="1""#), "{xml}");
    assert!(xml.contains("t.yaml:8:5: screen: 利用規約"), "{xml}");
    assert!(xml.contains("<system-out>covers: LGN-1\n"), "{xml}");
    let json: serde_json::Value = serde_json::from_str(&scenario::report::json(
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
