//! Writing scenarios (#12): the screens listed, messages in a tester's words, the checks
//! on mail headers, certificates, ZIPs and kept screens, a profile per `vary:` entry, the
//! split-number warning, and failure output with the source line and the nearest text.

use eseikyu::scenario::{self, RunResult};

use crate::support;

const HEAD: &str =
    "id: t\ntitle: t\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2025-12-15T10:00:00+09:00\n";

fn eseikyu(args: &[&str]) -> (bool, String, String) {
    let out = support::eseikyu(args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn errors(source: &str) -> String {
    match scenario::parse("t.yaml", source) {
        Ok(_) => panic!("expected the scenario to be refused:\n{source}"),
        Err(d) => d.iter().map(|d| d.render(source)).collect(),
    }
}

fn run(name: &str, source: &str) -> Vec<RunResult> {
    let plan = scenario::parse(name, source)
        .unwrap_or_else(|d| panic!("{}", d.iter().map(|d| d.render(source)).collect::<String>()));
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    (0..plan.variants.len())
        .map(|v| {
            scenario::run(&plan, v, 0, |p, at, s| {
                eseikyu::world::World::new(p, at, s, catcher)
            })
        })
        .collect()
}

fn corpus_file(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect("reads")
}

/// Runs a corpus file with one text replaced; it must fail with `expect` in its report.
#[track_caller]
fn fails_when(path: &str, from: &str, to: &str, expect: &str) {
    let source = corpus_file(path);
    assert!(source.contains(from), "{path} has {from:?}");
    let results = run(path, &source.replacen(from, to, 1));
    let failed = results
        .iter()
        .find(|r| !r.passed())
        .unwrap_or_else(|| panic!("{path} with {to:?} passed"));
    let text = eseikyu::report::text::failure(failed);
    assert!(text.contains(expect), "expected {expect:?} in:\n{text}");
}

/// The names `validate` checks a step against on a screen it knows: what the corpus shows.
#[test]
fn the_screens_names_table_is_current() {
    let (ok, out, err) = eseikyu(&["screens", "--names"]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        corpus_file("harness/screens.tsv"),
        "regenerate with: cargo run -- screens --names > harness/screens.tsv"
    );
}

/// The static check follows the screen a step is on where the plan knows it: the mobile
/// login's 「ユーザーID」 on 【ログイン】 is a warning right after `open: ログイン`, and
/// nothing after a press, where the screen is no longer known.
#[test]
fn a_name_from_another_screen_is_a_warning_where_the_screen_is_known() {
    let source = "id: t\ntitle: t\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2026-02-10T10:00:00+09:00\nsteps:\n  - open: ログイン\n  - fill: { ユーザーID: KJ131311111111 }\n  - press: ログイン\n  - fill: { ユーザーID: KJ131311111111 }\n  - screen: ログイン\n  - press: 介護事業所の方はこちら\n";
    let plan = eseikyu::scenario::parse("t.yaml", source).expect("valid: warnings only");
    let lines: Vec<u64> = plan.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![8, 12], "{:#?}", plan.warnings);
    assert!(
        plan.warnings[0]
            .message
            .contains("「ユーザーID」 may not be on 【ログイン】")
    );
    assert!(plan.warnings[0].message.contains("【ログイン(モバイル)】"));
    assert!(plan.warnings[1].message.contains("button or link"));
}

#[test]
fn the_screens_document_is_current() {
    let (ok, out, err) = eseikyu(&["screens", "--markdown"]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        corpus_file("docs/screens.md"),
        "regenerate with: cargo run -- screens --markdown > docs/screens.md"
    );
}

#[test]
fn screens_lists_fields_buttons_links_and_texts() {
    let (ok, out, err) = eseikyu(&["screens", "ログイン", "パスワード変更"]);
    assert!(ok, "{err}");
    for want in [
        "【ログイン】",
        "    ユーザID (text)",
        "    パスワード (password)",
        "  buttons: 戻る, ログイン",
        "  links: パスワード等を紛失した方はこちら",
        "    ユーザIDとパスワードを入力して、",
        "    ユーザIDまたはパスワードが正しくありません。",
        "    新しいパスワード(確認用) (password)",
    ] {
        assert!(out.contains(want), "{want:?} in:\n{out}");
    }
    assert!(
        !out.contains("【トップメニュー】"),
        "only the screens asked for"
    );
    // Every screen of the catalogue is reached by the corpus.
    let (ok, out, err) = eseikyu(&["screens"]);
    assert!(ok && out.contains("【はじめての方】"), "{err}");
    assert!(!err.contains("not shown"), "{err}");
    let (ok, _, err) = eseikyu(&["screens", "ログイソ"]);
    assert!(!ok && err.contains("did you mean 「ログイン」?"), "{err}");
    let (ok, _, err) = eseikyu(&["screens", "--from", "no-such-dir"]);
    assert!(!ok && !err.contains("panicked"), "{err}");
}

#[test]
fn values_are_matched_against_their_own_set() {
    let office = |k: &str, v: &str| {
        format!("{HEAD}offices:\n  - number: \"1311111111\"\n    {k}: {v}\nsteps: []\n")
    };
    let text = errors(&office("claim", "internt"));
    assert!(text.contains("did you mean `internet`?"), "{text}");
    let text = errors(&office("state", "actve"));
    assert!(text.contains("did you mean `active`?"), "{text}");
    let text = errors(&office("numbr", "x"));
    assert!(text.contains("unknown key `numbr`") && text.contains("did you mean `number`?"));
    let text = errors(&format!("{HEAD}steps:\n  - open: 総合窓口\n  -\n"));
    assert!(text.contains("an empty step"), "{text}");
    assert!(text.contains("t.yaml:8:"), "{text}");
    let text = errors(&format!("{HEAD}steps:\n  - see: {{ a: b }}\n"));
    assert!(text.contains("found a mapping"), "{text}");
    for serde in ["variant", "invalid type", "`~`", "RawStep"] {
        for t in [
            errors(&format!("{HEAD}steps:\n  -\n")),
            errors(&office("claim", "internt")),
        ] {
            assert!(!t.contains(serde), "{serde} in {t}");
        }
    }
}

#[test]
fn a_number_split_by_a_flow_list_is_warned_of() {
    let split = format!("{HEAD}steps:\n  - open: ログイン\n  - absent: [13,200円]\n");
    let plan = scenario::parse("t.yaml", &split).expect("runs anyway");
    let text: String = plan.warnings.iter().map(|w| w.render(&split)).collect();
    assert!(
        text.starts_with("warning: 「13」 and 「200円」 are two items"),
        "{text}"
    );
    assert!(
        text.contains("t.yaml:8:5") && text.contains("\"13,200円\""),
        "{text}"
    );
    let quoted = format!("{HEAD}steps:\n  - open: ログイン\n  - absent: [\"13,200円\", 7]\n");
    assert!(
        scenario::parse("t.yaml", &quoted)
            .expect("ok")
            .warnings
            .is_empty()
    );
    // `validate` prints it and still passes.
    let dir = std::env::temp_dir().join(format!("eseikyu-split-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("split.yaml");
    std::fs::write(&file, &split).expect("write");
    let (ok, _, err) = eseikyu(&["validate", file.to_str().expect("path")]);
    assert!(ok && err.contains("warning: 「13」 and 「200円」"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failure_shows_its_line_the_nearest_text_and_the_difference() {
    let src = format!(
        "{HEAD}steps:\n  - open: ログイン\n  - see: ユーザIDとパスワードを入力してくださ\n"
    );
    let r = &run("t.yaml", &src)[0];
    let text = eseikyu::report::text::failure(r);
    for want in [
        "--> t.yaml:8:5",
        "8 |   - see: ユーザIDとパスワードを入力してくださ",
        "  |     ^",
        "expected: ユーザIDとパスワードを入力してくださ",
        "nearest:  ユーザIDとパスワードを入力して、",
        "diff:     ユーザIDとパスワードを入力して[-くださ-]{+、+}",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    assert!(
        r.transcript
            .contains("## 2 see: ユーザIDとパスワードを入力してくださ\n>>> FAILED: expected the screen to show"),
        "{}",
        r.transcript
    );
    let src = format!("{HEAD}steps:\n  - open: ログイン\n  - screen: ログイン情報再設定\n");
    let text = eseikyu::report::text::failure(&run("t.yaml", &src)[0]);
    assert!(
        text.contains("diff:     ログイン{+") || text.contains("diff:     ログイン[-"),
        "{text}"
    );
}

#[test]
fn mail_headers_are_checked_as_sent() {
    let path = "scenarios/login/new-office-first-login.yaml";
    fails_when(
        path,
        "+0900\"",
        "+0000\"",
        "diff:     Mon, 15 Dec 2025 10:00:00 +0[-0-]{+9+}00",
    );
    fails_when(
        path,
        "From: kaigo_info@",
        "From: kaigo_help@",
        "expected the `From:` header of 「メールアドレス登録通知」 to contain 「kaigo_help@support",
    );
    fails_when(
        path,
        "Content-Type: text/plain",
        "X-Mailer: text/plain",
        "to have a `X-Mailer:` header; it has From, To, Subject",
    );
}

#[test]
fn certificates_are_checked_by_name_issuer_usage_and_dates() {
    let path = "scenarios/cert/insurance-approved-and-paid.yaml";
    fails_when(
        path,
        "name: KaigoJigyousho_C",
        "name: CarePlan_C",
        "expected the file CarePlan_C202604000001_01.pfx, downloaded KaigoJigyousho_C202604000001_01.pfx",
    );
    fails_when(
        path,
        "issuer: e-seikyu CA",
        "issuer: other",
        "expected 発行者 other, found e-seikyu CA",
    );
    fails_when(
        path,
        "eku: [clientAuth]",
        "eku: [serverAuth]",
        "the certificate has clientAuth",
    );
    fails_when(
        path,
        "not_before: 2026-04-01",
        "not_before: 2026-03-31",
        "expected not_before 2026-03-31",
    );
    fails_when(
        path,
        "not_after: 2029-04-01",
        "not_after: 2029-03-31",
        "expected not_after 2029-03-31",
    );
    let text = errors(&format!(
        "{HEAD}steps:\n  - download: {{ password: x, not_after: soon }}\n"
    ));
    assert!(text.contains("expected a date like 2026-02-10"), "{text}");
}

#[test]
fn a_zip_that_must_not_open_is_checked() {
    let path = "scenarios/cert/lost-issuance-password.yaml";
    fails_when(
        path,
        "password: \"${offices.1355555555.cert_password}\", name: 証明書発行用パスワード通知書.zip, refused: true",
        "password: \"${offices.1355555555.password}\", name: 証明書発行用パスワード通知書.zip, refused: true",
        "証明書発行用パスワード通知書.zip opened with that password",
    );
    let text = errors(&format!(
        "{HEAD}steps:\n  - unzip: {{ password: x, refused: true, contains: [a] }}\n"
    ));
    assert!(text.contains("has nothing to read"), "{text}");
}

#[test]
fn a_kept_screen_is_compared_but_for_what_is_said_to_differ() {
    let path = "scenarios/lost/reset-wrong-address.yaml";
    fails_when(
        path,
        "except: [guess@example.jp, mailforsecurity-001@jp]",
        "except: [guess@example.jp]",
        "+ユーザの本人確認を行うため、ワンタイムパスワードを mailforsecurity-001@jp 宛に送信しました。",
    );
    let text = errors(&format!(
        "{HEAD}steps:\n  - remember: first\n  - same_as: {{ screen: frist }}\n"
    ));
    assert!(
        text.contains("no screen was kept as `frist`") && text.contains("did you mean `first`?"),
        "{text}"
    );
}

#[test]
fn each_vary_entry_may_run_under_its_own_profile() {
    let path = "scenarios/cert/fee-banner-by-release.yaml";
    let results = run(path, &corpus_file(path));
    let profiles: Vec<&str> = results.iter().map(|r| r.profile.as_str()).collect();
    assert_eq!(profiles, ["r2025-12", "pre-2025-12"]);
    assert!(results.iter().all(RunResult::passed));
    // Both under one profile, the pre-release run fails: the profile is what differs.
    let one = corpus_file(path).replace("profile: pre-2025-12, ", "profile: r2025-12, ");
    assert!(!run(path, &one)[1].passed());
    let text = errors(&format!(
        "{HEAD}vary:\n  - {{ profile: r2099 }}\nsteps: []\n"
    ));
    assert!(
        text.contains("unknown profile `r2099`") && text.contains("pre-2025-12"),
        "{text}"
    );
}

/// A did-you-mean is a typo away, never a word merely as long.
#[test]
fn a_suggestion_is_a_typo_away() {
    use eseikyu::screens::names::nearest;
    let steps = ["press", "check", "fill", "screen", "see"];
    assert_eq!(nearest("pres", steps), Some("press".into()));
    assert_eq!(nearest("screan", steps), Some("screen".into()));
    assert_eq!(nearest("click", steps), None, "not merely as long");
    let kinds = ["temporary", "permanent"];
    assert_eq!(nearest("tempory", kinds), Some("temporary".into()));
    let fields = ["パスワード", "新しいパスワード", "ユーザID"];
    assert_eq!(nearest("パスワド", fields), Some("パスワード".into()));
    assert_eq!(nearest("確認コード", fields), None);
    assert_eq!(nearest("ユーザーID", fields), Some("ユーザID".into()));
}

/// Steps of the wrong shape are reported all at once, with the names of the others: one
/// `validate` run for a file with five structural mistakes and a misspelt name.
#[test]
fn every_step_of_the_wrong_shape_is_reported_at_once() {
    let source = "id: t\ntitle: t\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2026-02-10T10:00:00+09:00\nsteps:\n  - open: ログイン\n  - prss: ログイン\n  - fill: ユーザID\n  - screen: { a: b }\n  - see: ログイン\n  - mail: { too: x@y }\n  - press:\n      button: ログイン\n      rwo: 1\n  - press: ログインX\n";
    let errors = eseikyu::scenario::parse("t.yaml", source).expect_err("invalid");
    let lines: Vec<u64> = errors.iter().map(|d| d.line).collect();
    assert_eq!(lines, vec![8, 9, 10, 12, 15, 16], "{errors:#?}");
    assert!(errors[0].message.contains("unknown step `prss`"));
    assert!(errors[4].message.contains("unknown key `rwo`"));
    assert!(errors[5].message.contains("ログインX"));
    // A step whose YAML is broken (an unclosed quote) is reported once; the rest is read.
    let broken = "id: t\ntitle: t\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2026-02-10T10:00:00+09:00\nsteps:\n  - open: \"ログイン\n";
    assert_eq!(
        eseikyu::scenario::parse("t.yaml", broken)
            .expect_err("broken")
            .len(),
        1
    );
}

/// The name catalogue `validate` checks against (`screens::catalogue`, written beside the
/// views) holds every title, field and pressable name the corpus shows on a screen
/// (`harness/screens.tsv`, generated from the views): a view that gains a name the
/// catalogue lacks fails here.
#[test]
fn the_name_catalogue_holds_every_name_the_screens_show() {
    let c = eseikyu::screens::catalogue::catalogue();
    let table = corpus_file("harness/screens.tsv");
    let mut missing = Vec::new();
    let mut lines = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [title, kind, name] = cols[..] else {
            panic!("not title, kind, name: {line:?}");
        };
        lines += 1;
        if !c.titles.has(title) {
            missing.push(format!("title {title}"));
        }
        let known = match kind {
            "field" => c.fields.has(name),
            "press" => c.pressables.has(name),
            other => panic!("kind {other:?} in {line:?}"),
        };
        if !known {
            missing.push(format!("{kind} {name} on {title}"));
        }
    }
    assert!(lines > 300, "{lines} names");
    missing.dedup();
    assert!(missing.is_empty(), "not in the catalogue: {missing:#?}");
}
