//! Secrets never reach a report: every code a mail carried and every password a letter
//! printed is absent from every transcript of the corpus, and from the failure, JSON and
//! JUnit of a run that fails while showing one.

use crate::support;

use eseikyu::report::text as report;
use eseikyu::scenario;
use std::time::Duration;

/// The secrets a run's raw mails and letters carry: codes after their labels, passwords
/// in the letters' cells.
fn secrets_of(r: &scenario::RunResult) -> Vec<String> {
    let mut out = Vec::new();
    for m in &r.mails {
        let lines: Vec<&str> = m.body.lines().collect();
        for w in lines.windows(2) {
            if w[0] == "[確認コード]" || w[0] == "[ワンタイムパスワード]" {
                out.push(w[1].trim().to_string());
            }
        }
    }
    for l in &r.letters {
        let lines: Vec<&str> = l.text.lines().collect();
        for w in lines.windows(3) {
            if w[0] == "仮パスワード" || w[0] == "証明書発行用パスワード" {
                let joined: String = w[2].split('\t').collect();
                if joined.len() >= 8 {
                    out.push(joined);
                }
            }
        }
    }
    out
}

/// Whether `secret` stands in `text` on its own (a code is not part of a longer number).
fn shows(text: &str, secret: &str) -> bool {
    text.match_indices(secret).any(|(i, _)| {
        let before = text[..i].bytes().last();
        let after = text[i + secret.len()..].bytes().next();
        !before.is_some_and(|b| b.is_ascii_digit()) && !after.is_some_and(|b| b.is_ascii_digit())
    })
}

#[test]
fn no_transcript_of_the_corpus_shows_a_secret() {
    let runs = support::corpus();
    let mut found = 0;
    let mut leaks = Vec::new();
    for r in &runs {
        let secrets = secrets_of(r);
        found += secrets.len();
        for s in secrets {
            if shows(&r.transcript, &s) {
                leaks.push(format!("{}: {s}", r.name()));
            }
        }
    }
    assert!(
        found > 30,
        "the corpus's mails and letters carry secrets ({found})"
    );
    assert!(
        leaks.is_empty(),
        "secrets in transcripts:\n{}",
        leaks.join("\n")
    );
}

const FAILING: &str = r#"
id: t/secret-in-a-failure
title: t
covers: [LGN-3]
profile: r2025-12
at: 2026-01-10T10:00:00+09:00
offices:
  - { number: "1311111111", state: registered }
steps:
  - letter: { to: "1311111111", capture: { temp: '仮パスワード\n.*\n(.*)' } }
  - open: ログイン
  - fill: { ユーザID: KJ131311111111, パスワード: "${temp}" }
  - press: ログイン
  - press: 利用規約に同意して次へ
  - press: パスワード変更
  - fill: { 現在のパスワード: "${temp}", 新しいパスワード: Secret2026!, 新しいパスワード(確認用): Secret2026! }
  - press: 変更
  - press: 終了
  - check: メールアドレスを登録しない
  - press: 変更
  - press: 終了
  - fill: { セキュリティ用メールアドレス: s@example.jp, セキュリティ用メールアドレス（確認用）: s@example.jp }
  - press: 次へ
  - mail: { to: s@example.jp, capture: { code: '\[確認コード\]\n(\d{4})' } }
  - see: ["${temp}", "${code}"]
"#;

#[test]
fn a_failure_that_names_a_secret_does_not_show_it() {
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    let plan = scenario::parse("t.yaml", FAILING).expect("parses");
    let r = scenario::run(&plan, 0, 0, |p, at, seed| {
        eseikyu::world::World::new(p, at, seed, catcher)
    });
    assert!(!r.passed(), "the last step fails");
    let secrets = secrets_of(&r);
    assert_eq!(
        secrets.len(),
        3,
        "a temporary and a certificate password, one code"
    );
    let reports = [
        report::failure(&r),
        report::json(std::slice::from_ref(&r), Duration::ZERO, 0),
        report::junit(std::slice::from_ref(&r), Duration::ZERO).expect("junit"),
        r.transcript.clone(),
    ];
    for (i, text) in reports.iter().enumerate() {
        for s in secrets.iter().chain([&"Secret2026!".to_string()]) {
            assert!(!shows(text, s), "report {i} shows {s}:\n{text}");
        }
    }
    assert!(
        report::failure(&r).contains("${temp}"),
        "named by its capture"
    );
}

/// `text` with HTML's five escapes, as a page would carry a secret.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

#[test]
fn no_report_of_the_corpus_shows_a_secret() {
    let runs = support::corpus();
    let secrets: Vec<String> = runs.iter().flat_map(secrets_of).collect();
    assert!(
        secrets.len() > 30,
        "the corpus makes secrets ({})",
        secrets.len()
    );
    let dir = std::env::temp_dir().join(format!("eseikyu-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let (html, json, junit) = (dir.join("r.html"), dir.join("r.json"), dir.join("r.xml"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args(["run", "scenarios/", "--seed", "0", "--jobs", "2", "--html"])
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .arg("--junit")
        .arg(&junit)
        .output()
        .expect("eseikyu runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut leaks = Vec::new();
    for (name, path) in [("html", &html), ("json", &json), ("junit", &junit)] {
        let text = std::fs::read_to_string(path).expect("report reads");
        let terminal = String::from_utf8_lossy(&out.stdout);
        for s in &secrets {
            if shows(&text, s) || shows(&text, &escaped(s)) || shows(&terminal, s) {
                leaks.push(format!("{name}: {s}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        leaks.is_empty(),
        "secrets in reports:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn a_system_whose_secrets_cannot_be_read_fails_and_shows_nothing_it_sent() {
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    let source = FAILING.replace("  - see: [\"${temp}\", \"${code}\"]\n", "");
    let plan = scenario::parse("t.yaml", &source).expect("parses");
    let r = scenario::run(&plan, 0, 0, |p, at, seed| support::Hooked {
        inner: eseikyu::world::World::new(p, at, seed, catcher),
        before: Box::new(|_| {}),
        after: Box::new(|_| {}),
        secrets_fail: true,
    });
    let f = r.failure.as_ref().expect("the run fails loudly");
    assert!(f.message.contains("secrets"), "{}", f.message);
    assert_eq!(r.mails.len(), 1, "the code mail was caught");
    for shown in [r.hide(&r.mails[0].body), r.transcript.clone()] {
        assert_eq!(shown, eseikyu::scenario::redaction::WITHHELD);
    }
}
