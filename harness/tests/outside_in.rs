//! Promises that broke for the clients vendors use, each held by a test: a world asked
//! for an instant stands there, the docs' duration forms, the federation's pending
//! applications listed by the control API, an unknown 管理番号 plainly refused.

use crate::support;

use eseikyu::profile::Profile;
use eseikyu::remote::Remote;
use eseikyu::scenario;
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use support::served::{Visitor, api, base};

#[test]
fn a_world_asked_for_an_instant_gets_a_virtual_clock_standing_there() {
    let at = "2025-12-15T10:00:00+09:00";
    let (status, w) = api("POST", "/_eseikyu/worlds", Some(json!({ "at": at })));
    assert_eq!(status, 201, "{w}");
    assert_eq!(w["clock"], "virtual", "{w}");
    assert_eq!(w["now"], at, "{w}");
    let (status, refused) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({ "at": at, "clock": "wall" })),
    );
    assert_eq!(
        status, 422,
        "a wall clock cannot start at an instant: {refused}"
    );
    assert!(
        refused["error"]
            .as_str()
            .is_some_and(|e| e.contains("virtual")),
        "{refused}"
    );
}

#[test]
fn the_clock_moves_by_iso_8601_durations_as_the_readme_writes_them() {
    let (_, w) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({ "at": "2026-01-10T10:00:00+09:00" })),
    );
    let world = w["id"].as_str().expect("id");
    let path = format!("/_eseikyu/worlds/{world}/clock/advance");
    let (status, moved) = api("POST", &path, Some(json!({ "by": "P8D" })));
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["now"], "2026-01-18T10:00:00+09:00", "{moved}");
    let (status, moved) = api("POST", &path, Some(json!({ "by": "PT29M59S" })));
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["now"], "2026-01-18T10:29:59+09:00", "{moved}");
    let (status, refused) = api("POST", &path, Some(json!({ "by": "P1M" })));
    assert_eq!(status, 422, "a month has no fixed length: {refused}");
}

/// A reissue application (REISSUE-1..5), left for the federation to decide.
const APPLIES: &str = r#"
id: t/reissue-applied
title: t
covers: [REISSUE-1]
profile: r2025-12
at: 2026-01-09T15:00:00+09:00
offices:
  - number: "1311111111"
    name: 請求事業所A
    state: active
    password: OldPassw0rd!
    security_addresses: [lost-mailbox@example.jp]
steps:
  - open: ログイン
  - press: パスワード等を紛失した方はこちら
  - choose: { メニュー: セキュリティ用メールアドレスが不明または未登録の場合はこちら }
  - press: 次へ
  - fill: { 事業所番号: "1311111111", 通知先メールアドレス: jigyousho@jp, 通知先メールアドレス（確認用）: jigyousho@jp }
  - press: 次へ
  - mail: { to: jigyousho@jp, capture: { code: '\[確認コード\]\n(\d{4})' } }
  - fill: { 確認コード: "${code}" }
  - press: 次へ
  - press: 送信
  - screen: 処理終了
"#;

#[test]
fn pending_applications_are_listed_and_an_unknown_number_is_refused_plainly() {
    let plan = scenario::parse("t.yaml", APPLIES).expect("parses");
    let world = Rc::new(RefCell::new(String::new()));
    let named = world.clone();
    let r = scenario::try_run(&plan, 0, 0, |p: Profile, at, seed| {
        let remote = Remote::open(&base(), &p, at, seed)?.keep_world();
        *named.borrow_mut() = remote.world().to_string();
        Ok(remote)
    });
    assert!(r.passed(), "{}", eseikyu::report::text::failure(&r));
    let world = world.borrow().clone();
    let (status, list) = api(
        "GET",
        &format!("/_eseikyu/worlds/{world}/applications"),
        None,
    );
    assert_eq!(status, 200, "{list}");
    let apps = list["applications"].as_array().expect("a list");
    assert_eq!(apps.len(), 1, "{list}");
    let app = &apps[0];
    assert_eq!(app["kind"], "login_reissue");
    assert_eq!(app["office_number"], "1311111111");
    assert_eq!(app["delivered"], true);
    let number = app["management_number"].as_str().expect("its 管理番号");

    let decide = format!("/_eseikyu/worlds/{world}/decisions");
    let (status, unknown) = api(
        "POST",
        &decide,
        Some(json!({ "number": "U999999999999", "decision": "approved" })),
    );
    assert_eq!(status, 409, "{unknown}");
    assert!(
        !unknown["error"]
            .as_str()
            .unwrap_or_default()
            .contains("not delivered"),
        "no delivery fault is suggested: {unknown}"
    );
    assert!(
        unknown["error"]
            .as_str()
            .is_some_and(|e| e.contains("GET …/applications")),
        "says where the numbers are: {unknown}"
    );
    let (status, done) = api(
        "POST",
        &decide,
        Some(json!({ "number": number, "decision": "approved" })),
    );
    assert_eq!(status, 204, "{done}");
    let (_, list) = api(
        "GET",
        &format!("/_eseikyu/worlds/{world}/applications"),
        None,
    );
    assert_eq!(
        list["applications"],
        json!([]),
        "decided: no longer pending"
    );
    let (status, again) = api(
        "POST",
        &decide,
        Some(json!({ "number": number, "decision": "approved" })),
    );
    assert_eq!(status, 409, "already decided: {again}");
    api("DELETE", &format!("/_eseikyu/worlds/{world}"), None);
}

#[test]
fn a_page_the_session_has_left_answers_in_the_systems_words_and_nothing_is_cached() {
    let (_, w) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({ "at": "2026-01-10T10:00:00+09:00" })),
    );
    let world = w["id"].as_str().expect("id");
    let mut tab = Visitor::new();
    tab.get(&format!("/_eseikyu/worlds/{world}/enter"));
    let login = tab.get("/KShinsei/login");
    assert_eq!(login.title(), "ログイン");
    assert_eq!(login.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(
        login.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    // A second tab (the same cookie) moves the session on.
    let lost = tab.get(&login.link("パスワード等を紛失した方はこちら"));
    assert_ne!(lost.title(), "ログイン", "the session moved");
    // The first tab still shows 【ログイン】 and posts its form.
    tab.at = "/KShinsei/login".into();
    let answer = tab.press(
        &[("ユーザID", "KJ131311111111"), ("パスワード", "x")],
        "ログイン",
    );
    assert_eq!(answer.status, 409);
    assert_eq!(answer.title(), lost.title(), "the screen the session is on");
    assert!(
        answer.body.contains(eseikyu::text::E_STALE_PAGE),
        "in the system's words:\n{}",
        answer.body
    );
    assert!(!answer.body.contains("Conflict"), "{}", answer.body);
    // An unknown call of the JSON surfaces answers JSON.
    let (status, body) = api("GET", "/api/v1/nonsense", None);
    assert_eq!(status, 404);
    assert!(body["error"].is_string(), "{body}");
    api("DELETE", &format!("/_eseikyu/worlds/{world}"), None);
}

/// One request with the cookies given, no jar: status, `Location`, the visitor cookie set.
fn raw(
    method: &str,
    path: &str,
    cookies: &str,
    form: &[(&str, &str)],
) -> (u16, String, Option<String>, Option<String>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let url = format!("{}{path}", base());
    let mut r = match method {
        "GET" => agent.get(&url).header("Cookie", cookies).call(),
        _ => agent
            .post(&url)
            .header("Cookie", cookies)
            .send_form(form.to_vec()),
    }
    .expect("answered");
    let visitor = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("ESEIKYU_VISITOR="))
        .and_then(|c| c.split(';').next())
        .map(str::to_string);
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = r.body_mut().read_to_string().unwrap_or_default();
    let token = support::served::between(&body, "name=\"_token\" value=\"", "\"");
    (r.status().as_u16(), location, visitor, token)
}

#[test]
fn logging_in_renews_the_session_id_so_a_planted_one_is_worth_nothing() {
    let (_, w) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({ "at": "2026-02-10T10:00:00+09:00", "offices": [
            {"number": "1311111111", "state": "active", "password": "Renew2026!x",
             "security_addresses": ["renew@example.jp"]}]})),
    );
    let world = w["id"].as_str().expect("id").to_string();
    let with_world = |visitor: &str| format!("ESEIKYU_WORLD={world}; ESEIKYU_VISITOR={visitor}");
    // The attacker's session, planted in the victim's browser.
    let (_, _, planted, token) = raw(
        "GET",
        "/KShinsei/login",
        &format!("ESEIKYU_WORLD={world}"),
        &[],
    );
    let planted = planted.expect("a session");
    let token = token.expect("the login page's token");
    let (status, _, renewed, _) = raw(
        "POST",
        "/KShinsei/login",
        &with_world(&planted),
        &[
            ("ユーザID", "KJ131311111111"),
            ("パスワード", "Renew2026!x"),
            ("_token", &token),
            ("_press", "ログイン"),
        ],
    );
    assert_eq!(status, 303);
    let renewed = renewed.expect("a new session id at login");
    assert_ne!(renewed, planted);
    // The planted id no longer leads into the victim's session.
    let (status, to, _, _) = raw("GET", "/KShinsei/notices", &with_world(&planted), &[]);
    assert_eq!(
        (status, to.as_str()),
        (303, "/"),
        "the planted id is a stranger's"
    );
    let (status, _, _, _) = raw("GET", "/KShinsei/login", &with_world(&renewed), &[]);
    assert!(status == 200 || status == 303);
    api("DELETE", &format!("/_eseikyu/worlds/{world}"), None);
}

#[test]
fn other_sites_pages_cannot_drive_the_server() {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let url = |p: &str| format!("{}{p}", base());
    // A page's form (text/plain) sent to the control API.
    let r = agent
        .post(&url("/_eseikyu/worlds/default/clock/advance"))
        .header("Content-Type", "text/plain")
        .send("{\"by\":\"8d\"}")
        .expect("answered");
    assert_eq!(r.status().as_u16(), 415);
    // A login form of another site.
    let r = agent
        .post(&url("/KShinsei/login"))
        .header("Origin", "http://evil.example")
        .send_form([("ユーザID", "KJ131311111111"), ("_press", "ログイン")])
        .expect("answered");
    assert_eq!(r.status().as_u16(), 403);
    // DNS rebinding: the attacker's name for this address reads nothing.
    let r = agent
        .get(&url("/_eseikyu/worlds/default/secrets"))
        .header("Host", "rebind.evil.example")
        .call()
        .expect("answered");
    assert_eq!(r.status().as_u16(), 421);
    // The same from a loopback client without browser headers passes.
    let (status, _) = api("GET", "/_eseikyu/worlds/default/secrets", None);
    assert_eq!(status, 200);
}

#[test]
fn a_world_holds_at_most_200000_offices() {
    let (_, w) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({ "offices": [{"number": "1311111111", "state": "registered"}] })),
    );
    let world = w["id"].as_str().expect("id").to_string();
    let (status, said) = api(
        "POST",
        &format!("/_eseikyu/worlds/{world}/offices/generate"),
        Some(json!({ "count": 200_000 })),
    );
    assert_eq!(status, 409, "refused before any is made: {said}");
    assert!(
        said["error"].as_str().is_some_and(|e| e.contains("200000")),
        "{said}"
    );
    api("DELETE", &format!("/_eseikyu/worlds/{world}"), None);
}

/// Slowloris: a request whose headers never end is cut off (after the server's
/// header-read time), not kept open; the server goes on answering meanwhile.
#[test]
fn a_request_whose_headers_never_end_is_cut_off() {
    use std::io::{Read, Write};
    let addr = base().trim_start_matches("http://").to_string();
    let mut slow = std::net::TcpStream::connect(&addr).expect("connects");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
        .expect("writes");
    slow.set_read_timeout(Some(eseikyu::serve::Limits::default().header_read * 3))
        .expect("a bound on the wait");
    let (status, _) = api("GET", "/_eseikyu/worlds", None);
    assert_eq!(status, 200, "others are answered meanwhile");
    let mut answer = Vec::new();
    let ended = slow.read_to_end(&mut answer);
    assert!(
        ended.is_ok(),
        "the server closed the connection (it did not hang): {ended:?}"
    );
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
}

/// `serve --token`: the APIs answer only calls that carry it; the conformance driver
/// carries it from `ESEIKYU_TARGET_TOKEN`; the site stays open to browsers.
#[test]
fn with_a_token_the_apis_answer_only_who_carries_it() {
    let server =
        support::clients::Served::start_with(env!("CARGO_BIN_EXE_eseikyu"), &["--token", "t0ken"]);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let worlds = format!("{}/_eseikyu/worlds", server.base);
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.expect("answered").status().as_u16()
    };
    assert_eq!(status(agent.get(&worlds).call()), 401);
    assert_eq!(
        status(
            agent
                .get(&format!("{}/api/v1/messages", server.base))
                .call()
        ),
        401
    );
    assert_eq!(
        status(
            agent
                .get(&worlds)
                .header("Authorization", "Bearer t0ken")
                .call()
        ),
        200
    );
    assert_eq!(
        status(agent.get(&format!("{}/KShinsei/login", server.base)).call()),
        200
    );
    let run = |token: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
            .args([
                "run",
                "scenarios/login/wrong-password.yaml",
                "--target",
                &server.base,
            ])
            .env("ESEIKYU_TARGET_TOKEN", token)
            .output()
            .expect("eseikyu runs")
    };
    let with = run("t0ken");
    assert!(
        with.status.success(),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    assert!(
        !run("").status.success(),
        "without the token the target refuses"
    );
}

/// Found by Schemathesis, twice: a body of a form feed, or of a space, is no JSON text
/// (only no body at all is an empty body, which means `{}`).
#[test]
fn a_body_that_is_no_json_is_refused() {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let post = |body: &[u8]| {
        agent
            .post(&format!("{}/_eseikyu/worlds", base()))
            .header("Content-Type", "application/json")
            .send(body)
            .expect("answered")
            .status()
            .as_u16()
    };
    assert_eq!(post(b"\x0c"), 400);
    assert_eq!(post(b" "), 400);
    assert_eq!(post(b" \r\n"), 400);
    assert_eq!(post(b""), 201, "no body at all is an empty body");
}

/// Cross-site request forgery: a form or a link that does not carry the session's
/// anti-forgery token (a page of another site cannot know it) presses nothing, even
/// with the visitor's cookie and no `Origin` to give it away; the page's own do.
#[test]
fn a_press_without_the_sessions_token_presses_nothing() {
    let (_, w) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({ "at": "2026-02-10T10:00:00+09:00", "offices": [
            {"number": "1311111111", "state": "active", "password": "Forge2026!x",
             "security_addresses": ["forge@example.jp"]}]})),
    );
    let world = w["id"].as_str().expect("id").to_string();
    let mut v = Visitor::new();
    v.get(&format!("/_eseikyu/worlds/{world}/enter"));
    v.get("/KShinsei/login");
    let notices = v.press(
        &[
            ("ユーザID", "KJ131311111111"),
            ("パスワード", "Forge2026!x"),
        ],
        "ログイン",
    );
    assert_eq!(notices.title(), "お知らせ一覧");
    let logout = notices.link("ログアウト");
    assert!(logout.contains("&_token="), "{logout}");
    // Another site's link: ログアウト without the token.
    let forged = v.get("/KShinsei/act?_press=%E3%83%AD%E3%82%B0%E3%82%A2%E3%82%A6%E3%83%88");
    assert_eq!(forged.status, 409);
    assert_eq!(forged.title(), "お知らせ一覧", "still logged in");
    // Another site's form: the user-info page's button, posted with a wrong token.
    let real = std::mem::replace(&mut v.token, "0123456789abcdef".into());
    let answer = v.press(&[], "ユーザ情報変更");
    assert_eq!(answer.status, 409);
    assert!(
        answer.body.contains(eseikyu::text::E_STALE_PAGE),
        "{}",
        answer.body
    );
    v.token = real;
    // The page's own link logs out, and the old token is worth nothing after.
    let out = v.get(&logout);
    assert_ne!(out.title(), "お知らせ一覧", "logged out");
    let again = v.get(&logout);
    assert_eq!(again.status, 409, "a token from before the logout");
    api("DELETE", &format!("/_eseikyu/worlds/{world}"), None);
}

/// A flood of cookie-less first visits (health checks, crawlers) is bounded by the
/// session limit as it arrives, and the memory it took goes back when the world is
/// deleted: `eseikyu serve` as its own process, its resident memory read from /proc.
#[test]
fn a_flood_of_first_visits_is_bounded_and_its_memory_given_back() {
    use std::io::{Read, Write};
    const MAX: usize = 10_000;
    let served = support::clients::Served::start_with(
        env!("CARGO_BIN_EXE_eseikyu"),
        &["--max-sessions", &MAX.to_string()],
    );
    let site = served.base.clone();
    let rss = || -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", served.pid()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.split_whitespace().next()?.parse().ok())
            })
            .unwrap_or(0)
    };
    let call = |method: &str, path: &str| -> String {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let url = format!("{site}{path}");
        let mut r = match method {
            "POST" => agent.post(&url).send_json(json!({})),
            "DELETE" => agent.delete(&url).call(),
            _ => agent.get(&url).call(),
        }
        .expect("answered");
        r.body_mut().read_to_string().unwrap_or_default()
    };
    let world: serde_json::Value =
        serde_json::from_str(&call("POST", "/_eseikyu/worlds")).expect("json");
    let world = world["id"].as_str().expect("id").to_string();
    let before = rss();
    // Four times the limit of first visits, pipelined on a few connections, no cookie.
    let addr = site.trim_start_matches("http://").to_string();
    let request = format!(
        "GET /KShinsei/login HTTP/1.1\r\nHost: {addr}\r\nCookie: ESEIKYU_WORLD={world}\r\n\r\n"
    );
    for _ in 0..8 {
        let mut tcp = std::net::TcpStream::connect(&addr).expect("connects");
        let n = MAX / 2;
        let writer = {
            let mut tcp = tcp.try_clone().expect("clone");
            let request = request.clone();
            std::thread::spawn(move || {
                for _ in 0..n {
                    tcp.write_all(request.as_bytes()).expect("writes");
                }
            })
        };
        let mut seen = 0;
        let mut buf = vec![0u8; 1 << 16];
        let mut tail = Vec::new();
        while seen < n {
            let got = tcp.read(&mut buf).expect("reads");
            assert!(got > 0, "the server closed after {seen} answers");
            tail.extend_from_slice(&buf[..got]);
            // Answers counted once each: what follows the last one found is kept for the
            // next read (an answer's first line may be cut between two reads).
            const OK: &[u8] = b"HTTP/1.1 200 OK";
            let mut at = 0;
            while let Some(i) = tail[at..].windows(OK.len()).position(|w| w == OK) {
                seen += 1;
                at += i + OK.len();
            }
            let keep = at.max(tail.len().saturating_sub(OK.len() - 1));
            tail.drain(..keep);
        }
        writer.join().expect("writer");
    }
    let info: serde_json::Value =
        serde_json::from_str(&call("GET", &format!("/_eseikyu/worlds/{world}"))).expect("json");
    let kept = info["visitors"].as_u64().expect("visitors") as usize;
    assert!(
        (MAX / 2..=MAX).contains(&kept),
        "{kept} sessions kept for a limit of {MAX} after {} first visits",
        4 * MAX
    );
    let loaded = rss();
    call("DELETE", &format!("/_eseikyu/worlds/{world}"));
    let after = rss();
    drop(served);
    assert!(
        loaded > before,
        "the flood took memory: {before} → {loaded} KiB"
    );
    eprintln!("RSS {before} KiB → {loaded} loaded → {after} after DELETE");
    assert!(
        after.saturating_sub(before) * 2 < loaded - before,
        "at least half of what the flood took is given back: {before} KiB before, \
         {loaded} loaded, {after} after DELETE"
    );
}
