//! One new office's first-login chain over HTTP, as a browser without JavaScript makes
//! it (the code read through the Mailpit API): what the serving benchmarks drive.

use serde_json::Value;
use std::time::{Duration, Instant};

/// The anti-forgery token of a served page.
pub fn token_of(page: &str) -> String {
    const AT: &str = "name=\"_token\" value=\"";
    let from = page.find(AT).expect("the page's token") + AT.len();
    let len = page[from..].find('"').expect("its end");
    page[from..from + len].to_string()
}

/// The 事業所番号 of the `k`th office of a round.
pub fn number(k: usize) -> String {
    format!("13{:08}", 10_000_000 + k)
}

/// One new office's first login by a new visitor; the latency of every request.
pub fn chain(
    agent: &ureq::Agent,
    base: &str,
    world: &str,
    number: &str,
    k: usize,
) -> Vec<Duration> {
    let mut lat = Vec::new();
    let mut at = "/".to_string();
    let mut timed =
        |req: &dyn Fn(&ureq::Agent) -> Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
            let t = Instant::now();
            let mut r = req(agent).expect("answered");
            let body = r.body_mut().read_to_string().unwrap_or_default();
            lat.push(t.elapsed());
            let location = r
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            (location, body)
        };
    let facts_url = format!("{base}/_eseikyu/worlds/{world}/offices/{number}");
    let (_, facts) = timed(&|a| a.get(&facts_url).call());
    let facts: Value = serde_json::from_str(&facts).expect("facts");
    let temp = facts["temp_password"].as_str().expect("temp").to_string();
    let enter = format!("{base}/_eseikyu/worlds/{world}/enter");
    timed(&|a| a.get(&enter).call());
    let root = format!("{base}/");
    let (_, page) = timed(&|a| a.get(&root).call());
    let mut token = token_of(&page);
    let mail = format!("sec{k}@example.jp");
    let new_pw = "Loaded2026!";
    let steps: Vec<(Vec<(&str, String)>, &str)> = vec![
        (vec![], "介護保険の請求はこちら"),
        (vec![], "ログイン"),
        (
            vec![
                ("ユーザID", format!("KJ13{number}")),
                ("パスワード", temp.clone()),
            ],
            "ログイン",
        ),
        (vec![], "利用規約に同意して次へ"),
        (vec![], "パスワード変更"),
        (
            vec![
                ("現在のパスワード", temp.clone()),
                ("新しいパスワード", new_pw.into()),
                ("新しいパスワード(確認用)", new_pw.into()),
            ],
            "変更",
        ),
        (vec![], "終了"),
        (vec![("メールアドレスを登録しない", "on".into())], "変更"),
        (vec![], "終了"),
        (
            vec![
                ("セキュリティ用メールアドレス", mail.clone()),
                ("セキュリティ用メールアドレス（確認用）", mail.clone()),
            ],
            "次へ",
        ),
    ];
    for (s, (fields, press)) in steps.into_iter().enumerate() {
        let (location, _) = if s == 0 {
            let link = format!(
                "{base}/KShinsei/act?_press={}&_token={token}",
                eseikyu::screens::html::percent(press)
            );
            timed(&|a| a.get(&link).call())
        } else {
            let url = format!("{base}{at}");
            let mut form: Vec<(&str, &str)> =
                fields.iter().map(|(f, v)| (*f, v.as_str())).collect();
            form.push(("_token", &token));
            form.push(("_press", press));
            timed(&|a| a.post(&url).send_form(form.clone()))
        };
        at = location.expect("a redirect");
        let next = format!("{base}{at}");
        let (_, page) = timed(&|a| a.get(&next).call());
        token = token_of(&page);
    }
    let search = format!("{base}/_eseikyu/worlds/{world}/api/v1/search?query=to:{mail}");
    let (_, found) = timed(&|a| a.get(&search).call());
    let found: Value = serde_json::from_str(&found).expect("json");
    let mid = found["messages"][0]["ID"]
        .as_str()
        .expect("a mail")
        .to_string();
    let message = format!("{base}/_eseikyu/worlds/{world}/api/v1/message/{mid}");
    let (_, m) = timed(&|a| a.get(&message).call());
    let m: Value = serde_json::from_str(&m).expect("json");
    let text = m["Text"].as_str().expect("text");
    let code = text
        .lines()
        .skip_while(|l| *l != "[確認コード]")
        .nth(1)
        .expect("a code")
        .to_string();
    for (fields, press) in [(vec![("確認コード", code)], "送信"), (vec![], "終了")] {
        let url = format!("{base}{at}");
        let mut form: Vec<(&str, &str)> = fields.iter().map(|(f, v)| (*f, v.as_str())).collect();
        form.push(("_token", &token));
        form.push(("_press", press));
        let (location, _) = timed(&|a| a.post(&url).send_form(form.clone()));
        at = location.expect("a redirect");
        let next = format!("{base}{at}");
        let (_, page) = timed(&|a| a.get(&next).call());
        token = token_of(&page);
    }
    assert_eq!(
        at, "/KShinsei/notices",
        "office {number} reached お知らせ一覧"
    );
    lat
}
