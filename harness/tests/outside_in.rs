//! Promises that broke for the clients vendors use, each held by a test: a world asked
//! for an instant stands there, the docs' duration forms, the federation's pending
//! applications listed by the control API, an unknown 管理番号 plainly refused.

mod support;

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
    assert!(r.passed(), "{}", scenario::report::failure(&r));
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
