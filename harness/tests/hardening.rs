//! Bad input as a careless user or an attacker writes it: every mistake a file can hold is
//! reported by `validate` with its place, nothing panics, one run's failure never takes the
//! others' results down, and no file is written outside `--artifacts`.

use eseikyu::scenario;
use eseikyu::screens::Action;
use std::path::Path;

use crate::support;
use support::eseikyu;

const HEAD: &str = "title: t\ncovers: [LGN-1]\nprofile: r2025-12\n";

#[track_caller]
fn refused(source: &str, expect: &[&str]) {
    let diags = match scenario::parse("t.yaml", source) {
        Ok(_) => panic!("expected the file to be refused:\n{source}"),
        Err(d) => d,
    };
    let text: String = diags.iter().map(|d| d.render(source)).collect();
    for e in expect {
        assert!(text.contains(e), "expected {e:?} in:\n{text}");
    }
}

fn file(id: &str, at: &str, steps: &str) -> String {
    format!("id: {id}\n{HEAD}at: {at}\nsteps:\n{steps}")
}

#[test]
fn instants_and_durations_stay_within_the_simulated_years() {
    for at in [
        "0000-01-01T00:00:00+09:00",
        "9999-12-30T00:00:00+09:00",
        "1899-12-31T23:59:59+09:00",
    ] {
        refused(
            &file("t/a", at, "  - open: ログイン\n"),
            &["t.yaml:5", "outside the simulated years"],
        );
    }
    refused(
        &file(
            "t/a",
            "2026-01-01T00:00:00+09:00",
            "  - at: 2200-01-01T00:00:00+09:00\n",
        ),
        &["t.yaml:7", "outside the simulated years"],
    );
    refused(
        &file("t/a", "2026-01-01T00:00:00+09:00", "  - wait: 99999999d\n"),
        &["longer than the simulated years"],
    );
    refused(
        &format!(
            "{}vary:\n  - {{ at: 0001-01-01T00:00:00+09:00 }}\n",
            file("t/a", "2026-01-01T00:00:00+09:00", "  - open: ログイン\n")
        ),
        &["outside the simulated years"],
    );
}

#[test]
fn a_wait_past_2200_fails_its_step_and_the_dx_issue_near_the_end_does_not_panic() {
    let src = r#"id: t/late
title: t
covers: [CERT-10]
profile: r2025-12
at: 2199-12-31T23:50:00+09:00
offices:
  - { number: "1355555555", state: active, password: Proxy2025!!, security_addresses: [s@example.jp] }
steps:
  - open: ログイン
  - fill: { ユーザID: KJ131355555555, パスワード: "${offices.1355555555.password}" }
  - press: ログイン
  - press: 介護DX証明書
  - press: 発行申請を行う前に
  - press: 閉じる
  - press: 次へ
  - fill: { 証明書発行用パスワード (半角英数): "${offices.1355555555.cert_password}" }
  - press: 次へ
  - press: 利用規約に同意して送信
  - wait: 5m
  - wait: 1h
"#;
    let plan = scenario::parse("t.yaml", src).expect("valid");
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    let r = scenario::run(&plan, 0, 0, |p, at, s| {
        eseikyu::world::World::new(p, at, s, catcher)
    });
    let f = r.failure.expect("the last wait fails");
    assert_eq!(f.line, 20, "{f:?}");
    assert!(
        f.message.contains("out of the simulated years"),
        "{}",
        f.message
    );
}

#[test]
fn ids_and_labels_cannot_name_a_path() {
    for id in [
        "../../x",
        "/etc/x",
        "\"\"",
        "a//b",
        ".hidden/x",
        "a/../b",
        "a\\\\b",
        "t/ok?",
    ] {
        refused(
            &file(id, "2026-01-01T00:00:00+09:00", "  - open: ログイン\n"),
            &["t.yaml:1", "is not a scenario id"],
        );
    }
    for label in ["..", "../x", "a/b", ".x", ""] {
        refused(
            &format!(
                "{}vary:\n  - {{ label: \"{label}\", x: \"1\" }}\n",
                file("t/a", "2026-01-01T00:00:00+09:00", "  - open: ログイン\n")
            ),
            &["is not a run label"],
        );
    }
    assert!(scenario::parse::check_id("login/new-office-first-login").is_ok());
    assert!(scenario::parse::check_label("期限前").is_ok());
}

#[test]
fn types_counts_offices_and_placeholders_are_checked() {
    refused(
        &file("123", "2026-01-01T00:00:00+09:00", "  - open: ログイン\n"),
        &["t.yaml:1", "expected a text"],
    );
    let ok = file("t/a", "2026-01-01T00:00:00+09:00", "  - open: ログイン\n");
    refused(&format!("seed: null\n{ok}"), &["t.yaml:1"]);
    refused(&format!("generate: null\n{ok}"), &["t.yaml:1"]);
    refused(
        &format!("generate: 18446744073709551615\n{ok}"),
        &["more than 200000 offices"],
    );
    refused(
        &format!(
            "{ok}offices:\n  - {{ number: \"1311111111\", state: registered }}\n  - {{ number: \"1311111111\", state: ledger }}\n"
        ),
        &["t.yaml:10", "office 1311111111 is in the ledger twice"],
    );
    for step in [
        "  - see: \"${nope\"\n",
        "  - see: \"${nope}\"\n",
        "  - absent: [\"${nope}\"]\n",
        "  - mail: { to: a@b.jp, subject: \"${nope}\" }\n",
        "  - letter: { to: \"${nope}\" }\n",
        "  - download: { password: \"${nope}\" }\n",
        "  - unzip: { password: x, contains: [\"${nope}\"] }\n",
        "  - connect: { password: \"${nope}\", expect: refused }\n",
        "  - payment: { office: \"${nope}\", amount: 1 }\n",
    ] {
        refused(
            &file(
                "t/a",
                "2026-01-01T00:00:00+09:00",
                &format!("  - open: ログイン\n{step}"),
            ),
            &["t.yaml:8"],
        );
    }
}

fn temp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("eseikyu-hardening-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn no_scenario_is_a_failure_not_a_green_run() {
    let empty = temp("empty");
    for args in [
        vec!["run"],
        vec!["run", empty.to_str().expect("path")],
        vec!["validate", empty.to_str().expect("path")],
    ] {
        let out = eseikyu(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("no scenario files"),
            "{args:?}"
        );
    }
}

#[test]
fn a_file_that_is_not_utf8_is_located_and_the_others_still_read() {
    let dir = temp("utf8");
    let good = std::fs::read_to_string("scenarios/login/lockout.yaml").expect("a scenario");
    std::fs::write(dir.join("good.yaml"), &good).expect("write");
    let mut bad = b"id: t/bad\ntitle: \x82\xa0\n".to_vec();
    bad.extend_from_slice(b"rest\n");
    std::fs::write(dir.join("bad.yaml"), &bad).expect("write");
    let out = eseikyu(&["validate", dir.to_str().expect("path")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("bad.yaml:2:8"), "{err}");
    assert!(err.contains("not UTF-8: byte 0x82"), "{err}");
}

#[test]
fn artifacts_stay_inside_their_folder() {
    let dir = temp("artifacts");
    let out = eseikyu(&[
        "run",
        "scenarios/cert/dx-daytime.yaml",
        "--artifacts",
        dir.join("out").to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = dir.join("out/cert/dx-daytime");
    let pfx: Vec<_> = std::fs::read_dir(&run)
        .expect("run folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pfx"))
        .collect();
    assert!(!pfx.is_empty());
    for p in pfx {
        let pw =
            std::fs::read_to_string(format!("{}.password.txt", p.display())).expect("side file");
        eseikyu::pki::open_pkcs12(&std::fs::read(&p).expect("pfx"), pw.trim())
            .expect("opens with the password beside it");
    }
    // Nothing beside `out`.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("out")]);
    assert!(Path::new(&run).starts_with(dir.join("out")));
}

#[test]
fn a_panic_in_the_system_fails_its_run_only_with_the_transcript_so_far() {
    let source = std::fs::read_to_string("scenarios/login/lockout.yaml").expect("scenario");
    let plan = scenario::parse("lockout.yaml", &source).expect("valid");
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    // A world whose system panics when 「ログイン」 is pressed: a bug in the system under test.
    let r = scenario::run(&plan, 0, 0, |p, at, s| support::Hooked {
        inner: eseikyu::world::World::new(p, at, s, catcher),
        before: Box::new(|a| {
            if matches!(a, Action::Press { name, .. } if name == "ログイン") {
                panic!("index out of bounds: the len is 0 but the index is 3");
            }
        }),
        after: Box::new(|_| {}),
        secrets_fail: false,
    });
    let f = r.failure.as_ref().expect("the run fails");
    assert!(
        f.message.contains("panicked: index out of bounds"),
        "{}",
        f.message
    );
    assert!(
        r.transcript.contains("## 1 open: ログイン"),
        "the transcript so far is kept"
    );
    // The next run in the same process is unharmed.
    let ok = scenario::run(&plan, 0, 0, |p, at, s| {
        eseikyu::world::World::new(p, at, s, catcher)
    });
    assert!(ok.passed(), "{}", eseikyu::report::text::failure(&ok));
}
