//! The federation over HTTP (REISSUE-6), with wiremock standing in for the service: the
//! exact request the reception system sends, approval, rejection, a slow answer and a
//! server error — the application is kept and retried, never lost or decided twice.

use eseikyu::federation::Federation;
use eseikyu::mail::catcher;
use eseikyu::profile::Profile;
use eseikyu::screens::Action;
use eseikyu::world::{Driver, OfficeSpec, World};
use std::time::Duration;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Service {
    rt: tokio::runtime::Runtime,
    server: MockServer,
}

impl Service {
    fn start() -> Service {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let server = rt.block_on(MockServer::builder().start());
        Service { rt, server }
    }
    fn mount(&self, mock: Mock) {
        self.rt.block_on(mock.mount(&self.server));
    }
    fn posts(&self) -> Vec<serde_json::Value> {
        let requests = self
            .rt
            .block_on(self.server.received_requests())
            .unwrap_or_default();
        requests
            .iter()
            .filter(|r| r.method.as_str() == "POST")
            .map(|r| serde_json::from_slice(&r.body).expect("json body"))
            .collect()
    }
    fn finish(self) {
        self.rt.block_on(async {
            self.server.verify().await;
            drop(self.server);
        });
    }
}

fn world(uri: &str) -> World {
    world_and_cert_password(uri).0
}

fn world_and_cert_password(uri: &str) -> (World, String) {
    let c = catcher::shared().expect("catcher starts");
    let at = "2026-01-09T15:00:00+09:00".parse().expect("instant");
    let mut w = World::new(Profile::r2025_12(), at, 11, c)
        .with_federation(Federation::http(uri, Duration::from_millis(1000)));
    let facts = w
        .register(&OfficeSpec {
            name: Some("請求事業所A".into()),
            prefectures: vec![13],
            ..OfficeSpec::active("1311111111", "OldPassw0rd!", &[])
        })
        .expect("registers");
    (w, facts.cert_password)
}

fn act(w: &mut World, a: Action) {
    w.act(&a).unwrap_or_else(|e| panic!("{a:?}: {e}"));
}

/// Files a reissue application through the screens; returns its 管理番号.
fn apply(w: &mut World) -> String {
    let press = |n: &str| Action::Press {
        name: n.into(),
        row: None,
    };
    let fill = |f: &str, v: &str| Action::Fill {
        field: f.into(),
        value: v.into(),
    };
    act(w, Action::Open("ログイン".into()));
    act(w, press("パスワード等を紛失した方はこちら"));
    act(
        w,
        Action::Choose {
            field: "メニュー".into(),
            option: "セキュリティ用メールアドレスが不明または未登録の場合はこちら".into(),
        },
    );
    act(w, press("次へ"));
    act(w, fill("事業所番号", "1311111111"));
    act(w, fill("通知先メールアドレス", "jigyousho@jp"));
    act(w, fill("通知先メールアドレス（確認用）", "jigyousho@jp"));
    act(w, press("次へ"));
    let code = last_line_of_digits(w, 4);
    act(w, fill("確認コード", &code));
    act(w, press("次へ"));
    act(w, press("送信"));
    let receipt = w
        .mails()
        .iter()
        .find(|m| m.subject == "ログイン情報再発行申請受領通知")
        .expect("the receipt mail (MSG-3)");
    receipt
        .body
        .lines()
        .find(|l| l.starts_with('U'))
        .expect("a 管理番号")
        .to_string()
}

fn last_line_of_digits(w: &World, n: usize) -> String {
    let m = w.mails().last().expect("a mail");
    m.body
        .lines()
        .find(|l| l.len() == n && l.bytes().all(|b| b.is_ascii_digit()))
        .expect("a code")
        .to_string()
}

fn results(w: &World) -> Vec<String> {
    w.mails()
        .iter()
        .filter(|m| m.subject == "ログイン情報再発行申請結果通知")
        .map(|m| m.body.clone())
        .collect()
}

fn reissue_letters(w: &World) -> usize {
    w.letters()
        .iter()
        .filter(|l| l.title == "電子請求ログイン情報再発行通知書")
        .count()
}

#[test]
fn the_exact_request_is_sent_and_an_approval_applied() {
    let svc = Service::start();
    svc.mount(
        Mock::given(method("POST"))
            .and(path("/applications"))
            .and(body_json(serde_json::json!({
                "kind": "login_reissue",
                "management_number": "U202601000001",
                "office_number": "1311111111",
                "office_name": "請求事業所A",
                "prefecture": 13,
                "notify_address": "jigyousho@jp",
                "applied_at": "2026-01-09T15:00:00+09:00"
            })))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"decision": "approved"})),
            )
            .expect(1),
    );
    let mut w = world(&svc.server.uri());
    let number = apply(&mut w);
    assert_eq!(number, "U202601000001");
    let r = results(&w);
    assert_eq!(r.len(), 1);
    assert!(r[0].contains("以下のログイン情報再発行申請が承認されました。"));
    assert_eq!(reissue_letters(&w), 1);
    assert!(w.pending_applications().is_empty());
    // In-process decisions are refused while an external federation decides.
    assert!(
        w.decide(&number, eseikyu::door::Decision::Approved)
            .is_err()
    );
    svc.finish();
}

#[test]
fn a_rejection_is_applied_and_no_letter_posted() {
    let svc = Service::start();
    svc.mount(
        Mock::given(method("POST"))
            .and(path("/applications"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"decision": "rejected", "reason": "本人確認ができませんでした"}),
            ))
            .expect(1),
    );
    let mut w = world(&svc.server.uri());
    apply(&mut w);
    let r = results(&w);
    assert_eq!(r.len(), 1);
    assert!(r[0].contains("以下のログイン情報再発行申請が承認されませんでした。"));
    assert_eq!(reissue_letters(&w), 0);
    svc.finish();
}

#[test]
fn a_slow_answer_is_retried_and_decided_once() {
    let svc = Service::start();
    // The first answer comes after the client gave up.
    svc.mount(
        Mock::given(method("POST"))
            .and(path("/applications"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"decision": "approved"}))
                    .set_delay(Duration::from_millis(3000)),
            )
            .up_to_n_times(1)
            .with_priority(1)
            .expect(1),
    );
    svc.mount(
        Mock::given(method("POST"))
            .and(path("/applications"))
            .respond_with(
                ResponseTemplate::new(202).set_body_json(serde_json::json!({"status": "pending"})),
            )
            .with_priority(2)
            .expect(1),
    );
    svc.mount(
        Mock::given(method("GET"))
            .and(path("/applications/U202601000001"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"decision": "approved"})),
            ),
    );
    let mut w = world(&svc.server.uri());
    let number = apply(&mut w);
    assert_eq!(
        w.pending_applications(),
        vec![number.clone()],
        "kept after the timeout"
    );
    assert!(results(&w).is_empty());
    w.sync_federation().expect("sync");
    assert_eq!(results(&w).len(), 1, "decided on the retry");
    for _ in 0..3 {
        w.sync_federation().expect("sync");
    }
    assert_eq!(results(&w).len(), 1, "never decided twice");
    assert_eq!(reissue_letters(&w), 1);
    let posts = svc.posts();
    assert_eq!(posts.len(), 2, "the notice was sent again, not lost");
    assert_eq!(posts[0], posts[1], "the same notice both times");
    svc.finish();
}

#[test]
fn a_server_error_keeps_the_application_until_the_federation_answers() {
    let svc = Service::start();
    svc.mount(
        Mock::given(method("POST"))
            .and(path("/applications"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(2)
            .with_priority(1)
            .expect(2),
    );
    svc.mount(
        Mock::given(method("POST"))
            .and(path("/applications"))
            .respond_with(
                ResponseTemplate::new(202).set_body_json(serde_json::json!({"status": "pending"})),
            )
            .with_priority(2)
            .expect(1),
    );
    // Pending, pending, then approved; repeated approvals change nothing.
    svc.mount(
        Mock::given(method("GET"))
            .and(path("/applications/U202601000001"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"status": "pending"})),
            )
            .up_to_n_times(2)
            .with_priority(1),
    );
    svc.mount(
        Mock::given(method("GET"))
            .and(path("/applications/U202601000001"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"decision": "approved"})),
            )
            .with_priority(2),
    );
    let mut w = world(&svc.server.uri());
    let number = apply(&mut w);
    assert_eq!(w.pending_applications(), vec![number.clone()]);
    w.sync_federation().expect("sync"); // 503 again
    assert_eq!(w.pending_applications(), vec![number.clone()]);
    w.sync_federation().expect("sync"); // accepted, pending; polled: pending
    assert!(results(&w).is_empty());
    w.sync_federation().expect("sync"); // polled: pending
    w.sync_federation().expect("sync"); // polled: approved
    assert_eq!(results(&w).len(), 1);
    assert!(w.pending_applications().is_empty());
    w.sync_federation().expect("sync");
    assert_eq!(results(&w).len(), 1);
    svc.finish();
}

#[test]
fn certificate_applications_go_to_the_federation_and_its_approval_issues_them() {
    let svc = Service::start();
    svc.mount(
        Mock::given(method("POST"))
            .and(path("/applications"))
            .and(body_json(serde_json::json!({
                "kind": "certificate",
                "management_number": "C202601000001",
                "office_number": "1311111111",
                "office_name": "請求事業所A",
                "prefecture": 13,
                "notify_address": "",
                "applied_at": "2026-01-09T15:00:00+09:00",
                "certificate": "介護保険証明書",
                "fee": 13200
            })))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"decision": "approved"})),
            )
            .expect(1),
    );
    let (mut w, certpw) = world_and_cert_password(&svc.server.uri());
    let press = |n: &str| Action::Press {
        name: n.into(),
        row: None,
    };
    act(&mut w, Action::Open("ログイン".into()));
    act(
        &mut w,
        Action::Fill {
            field: "ユーザID".into(),
            value: "KJ131311111111".into(),
        },
    );
    act(
        &mut w,
        Action::Fill {
            field: "パスワード".into(),
            value: "OldPassw0rd!".into(),
        },
    );
    act(&mut w, press("ログイン"));
    // The grace period lets this office in without a security address.
    act(
        &mut w,
        Action::Check {
            field: "セキュリティ用メールアドレスを登録せずにログインする".into(),
            on: true,
        },
    );
    act(&mut w, press("次へ"));
    act(&mut w, press("証明書"));
    act(&mut w, press("発行申請を行う前に ?"));
    act(&mut w, press("閉じる"));
    act(
        &mut w,
        Action::Choose {
            field: "処理".into(),
            option: "証明書の発行申請をする".into(),
        },
    );
    act(&mut w, press("次へ"));
    act(
        &mut w,
        Action::Fill {
            field: "証明書発行用パスワード (半角英数)".into(),
            value: certpw,
        },
    );
    act(&mut w, press("次へ"));
    act(&mut w, press("利用規約に同意して送信"));
    act(&mut w, press("OK"));
    let records = w.system().certificates();
    assert_eq!(records.len(), 1);
    assert!(records[0].issued(), "approved by the federation's answer");
    assert!(
        w.decide("C202601000001", eseikyu::door::Decision::Approved)
            .is_err()
    );
    svc.finish();
}

/// A federation that answers badly keeps the application pending and says so: every kind
/// of bad answer is named among the world's problems, and nothing panics or hangs.
#[test]
fn bad_answers_are_reported_and_the_application_kept() {
    let big = "x".repeat(1024 * 1024);
    let cases: Vec<(ResponseTemplate, &str)> = vec![
        (
            ResponseTemplate::new(200).set_body_string("{decision: approved"),
            "not JSON",
        ),
        (
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"decision": "maybe"})),
            "unknown decision \"maybe\"",
        ),
        (
            ResponseTemplate::new(200)
                .set_body_raw("<html><body>Service Unavailable</body></html>", "text/html"),
            "not JSON",
        ),
        (
            ResponseTemplate::new(200).set_body_string(big),
            "longer than 65536 bytes",
        ),
        (
            ResponseTemplate::new(302).insert_header("Location", "http://127.0.0.1:9/elsewhere"),
            "a redirect, which is not followed",
        ),
        (ResponseTemplate::new(500), "answered 500"),
    ];
    for (answer, expect) in cases {
        let svc = Service::start();
        svc.mount(
            Mock::given(method("POST"))
                .and(path("/applications"))
                .respond_with(answer),
        );
        let mut w = world(&svc.server.uri());
        let number = apply(&mut w);
        let problems = w.problems();
        assert!(
            problems
                .iter()
                .any(|p| p.contains(expect) && p.contains(&number)),
            "{expect}: {problems:?}"
        );
        assert_eq!(w.pending_applications(), vec![number], "{expect}: kept");
        assert!(results(&w).is_empty(), "{expect}: nothing decided");
        svc.finish();
    }
}

#[test]
fn a_federation_that_is_down_or_never_ends_its_answer_is_reported() {
    // Nothing listens on this port.
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let down = format!("http://{}", free.local_addr().expect("addr"));
    drop(free);
    let mut w = world(&down);
    let number = apply(&mut w);
    assert!(
        w.problems().iter().any(|p| p.contains("no answer")),
        "{:?}",
        w.problems()
    );
    assert_eq!(w.pending_applications(), vec![number]);

    // A server that sends a chunked answer without end.
    let endless = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", endless.local_addr().expect("addr"));
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in endless.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            while s.write_all(b"400\r\n").is_ok()
                && s.write_all(&[b' '; 1024]).is_ok()
                && s.write_all(b"\r\n").is_ok()
            {}
        }
    });
    let started = std::time::Instant::now();
    let mut w = world(&url);
    let number = apply(&mut w);
    assert!(started.elapsed() < Duration::from_secs(30), "bounded");
    assert!(
        w.problems()
            .iter()
            .any(|p| p.contains("longer than") || p.contains("in time")),
        "{:?}",
        w.problems()
    );
    assert_eq!(w.pending_applications(), vec![number]);
}

#[test]
fn a_run_that_fails_later_names_the_federation_in_its_failure() {
    let svc = Service::start();
    svc.mount(
        Mock::given(method("POST"))
            .and(path("/applications"))
            .respond_with(ResponseTemplate::new(500)),
    );
    let source = std::fs::read_to_string("scenarios/lost/reissue-approved.yaml").expect("scenario");
    let plan = eseikyu::scenario::parse("reissue-approved.yaml", &source).expect("valid");
    let c = catcher::shared().expect("catcher");
    let uri = svc.server.uri();
    let r = eseikyu::scenario::run(&plan, 0, 0, |p, at, s| {
        World::new(p, at, s, c).with_federation(Federation::http(&uri, Duration::from_millis(1000)))
    });
    assert!(!r.passed());
    let text = eseikyu::report::text::failure(&r);
    assert!(text.contains("--- problems noted"), "{text}");
    assert!(text.contains("answered 500"), "{text}");
    let json = eseikyu::report::text::json(std::slice::from_ref(&r), Duration::ZERO, 0);
    assert!(json.contains("answered 500"), "{json}");
    svc.finish();
}

#[test]
fn a_federation_address_is_checked_before_use() {
    assert!(eseikyu::federation::check_url("http://127.0.0.1:8080").is_ok());
    assert!(eseikyu::federation::check_url("https://federation.example.jp/api").is_ok());
    for bad in ["", "127.0.0.1:8080", "ftp://x", "http://", "not a url"] {
        assert!(eseikyu::federation::check_url(bad).is_err(), "{bad:?}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args([
            "run",
            "scenarios/login/lockout.yaml",
            "--federation",
            "localhost:8080",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--federation"));
}
