//! A real browser on the served site: Debian's `chromium`, headless, driven through
//! `chromedriver` over WebDriver (fantoccini) — the W3C protocol every browser automation
//! speaks, from Rust, with no browser download. It does a new office's whole first login
//! (letter → login → terms → password → mail address → security address → the code read
//! from the Mailpit API → お知らせ一覧), finding every field by its label and every button
//! by its name as a person (or Playwright's getByLabel/getByRole) would, then downloads a
//! certificate. A screenshot of each screen is saved under `target/browser-screenshots/`.
//! A second test sends a plan CSV from one office to another through the care plan
//! linkage client: chosen in the file input, posted as multipart, downloaded byte for byte.
//!
//! Without chromium the test says it did not run and how to install it; under `CI=true` a
//! missing chromium fails it.

use eseikyu::scenario::model::RawOffice;
use eseikyu::serve::worlds::Recipe;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use support::chromium::{browser, browser_present, chromedriver};

use crate::support;

/// The test's own record of what it saw.
struct Shots {
    dir: PathBuf,
    n: usize,
}

impl Shots {
    async fn take(&mut self, c: &Client) -> String {
        let title = c
            .find(Locator::Css("h1"))
            .await
            .expect("a title")
            .text()
            .await
            .expect("its text");
        self.n += 1;
        let png = c.screenshot().await.expect("a screenshot");
        let name = format!("{:02}-{}.png", self.n, title.replace([' ', '/'], "_"));
        std::fs::write(self.dir.join(name), png).expect("saved");
        title
    }
}

/// The field labelled `label` (its `<label for>`), as getByLabel finds it.
async fn fill(c: &Client, label: &str, value: &str) {
    let l = c
        .find(Locator::XPath(&format!(
            "//label[normalize-space()='{label}']"
        )))
        .await
        .unwrap_or_else(|e| panic!("no label {label}: {e}"));
    let id = l.attr("for").await.expect("for").expect("a for");
    let input = c.find(Locator::Id(&id)).await.expect("its input");
    let kind = input.attr("type").await.ok().flatten();
    if matches!(kind.as_deref(), Some("checkbox" | "radio")) {
        input.click().await.expect("ticked");
    } else {
        input.send_keys(value).await.expect("typed");
    }
}

/// The button named `name`, as getByRole('button', { name }) finds it; waits for the
/// next page.
async fn press(c: &Client, name: &str) {
    let e = c
        .find(Locator::XPath(&format!(
            "//button[normalize-space()='{name}']"
        )))
        .await
        .unwrap_or_else(|e| panic!("no button {name}: {e}"));
    click_and_wait(c, e).await;
}

/// The link with this text; waits for the next page.
async fn follow(c: &Client, text: &str) {
    let e = c
        .find(Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("no link {text}: {e}"));
    click_and_wait(c, e).await;
}

/// Clicks, then waits until the page it was on is gone (the next one has loaded).
async fn click_and_wait(c: &Client, e: fantoccini::elements::Element) {
    let page = c.find(Locator::Css("html")).await.expect("a page");
    e.click().await.expect("clicked");
    let deadline = Instant::now() + Duration::from_secs(20);
    while page.tag_name().await.is_ok() {
        assert!(Instant::now() < deadline, "the page did not change");
        tokio::task::yield_now().await;
    }
}

/// Clicks where no page follows (a download).
async fn press_staying(c: &Client, name: &str) {
    c.find(Locator::XPath(&format!(
        "//button[normalize-space()='{name}']"
    )))
    .await
    .unwrap_or_else(|e| panic!("no button {name}: {e}"))
    .click()
    .await
    .expect("pressed");
}

/// `eseikyu serve` on free ports, its first world at `at` with `offices` (scenario form).
fn serve(at: &str, offices: Value) -> (tokio::runtime::Runtime, eseikyu::serve::Running) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let offices: Vec<RawOffice> = serde_json::from_value(offices).expect("offices");
    let opts = eseikyu::serve::Options::local(Recipe {
        offices: offices.iter().map(|o| o.checked().expect("plan")).collect(),
        ..Recipe::virtual_at(at.parse().expect("instant"))
    });
    let running = rt.block_on(eseikyu::serve::start(opts)).expect("serves");
    (rt, running)
}

fn get(base: &str, path: &str) -> Value {
    let mut r = ureq::get(&format!("{base}{path}"))
        .call()
        .expect("answered");
    serde_json::from_str(&r.body_mut().read_to_string().expect("text")).expect("json")
}

#[test]
fn a_new_office_logs_in_in_a_real_browser_and_downloads_a_certificate() {
    if !browser_present() {
        return;
    }
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|t| t.join("browser-screenshots"))
        .expect("target dir");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let downloads = std::env::temp_dir().join(format!("eseikyu-downloads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).expect("download dir");

    let (rt, running) = serve(
        "2026-02-10T10:00:00+09:00",
        json!([{"number": "1311111111", "name": "請求事業所A", "state": "registered"}]),
    );
    let base = format!("http://{}", running.site);
    let driver = chromedriver();
    rt.block_on(async {
        let c = browser(driver.1, &downloads).await;
        let mut s = Shots {
            dir: shots.clone(),
            n: 0,
        };
        // The registration letter gives the temporary and certificate passwords.
        let letters = get(&base, "/_eseikyu/worlds/default/letters");
        let letter = letters["letters"][0]["text"]
            .as_str()
            .expect("a letter")
            .to_string();
        let facts = get(&base, "/_eseikyu/worlds/default/offices/1311111111");
        let temp = facts["temp_password"].as_str().expect("temp").to_string();
        assert!(
            letter.contains(
                &temp
                    .chars()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .join("\t")
            )
        );
        let cert_pw = facts["cert_password"].as_str().expect("cert").to_string();

        c.goto(&format!("{base}/")).await.expect("opens");
        assert_eq!(s.take(&c).await, "電子請求受付システム 総合窓口");
        follow(&c, "介護保険の請求はこちら").await;
        assert_eq!(s.take(&c).await, "トップメニュー");
        press(&c, "ログイン").await;
        assert_eq!(s.take(&c).await, "ログイン");
        fill(&c, "ユーザID", "KJ131311111111").await;
        fill(&c, "パスワード", &temp).await;
        press(&c, "ログイン").await;
        assert_eq!(s.take(&c).await, "利用規約");
        press(&c, "利用規約に同意して次へ").await;
        assert_eq!(s.take(&c).await, "警告");
        press(&c, "パスワード変更").await;
        assert_eq!(s.take(&c).await, "パスワード変更");
        fill(&c, "現在のパスワード", &temp).await;
        fill(&c, "新しいパスワード", "Browser2026!").await;
        fill(&c, "新しいパスワード(確認用)", "Browser2026!").await;
        press(&c, "変更").await;
        assert_eq!(s.take(&c).await, "処理終了");
        press(&c, "終了").await;
        assert_eq!(s.take(&c).await, "メールアドレス設定");
        fill(&c, "メールアドレスを登録しない", "").await;
        press(&c, "変更").await;
        assert_eq!(s.take(&c).await, "処理終了");
        press(&c, "終了").await;
        assert_eq!(s.take(&c).await, "セキュリティ用メールアドレス設定");
        fill(&c, "セキュリティ用メールアドレス", "browser@example.jp").await;
        fill(
            &c,
            "セキュリティ用メールアドレス（確認用）",
            "browser@example.jp",
        )
        .await;
        press(&c, "次へ").await;
        assert_eq!(s.take(&c).await, "確認コード入力");
        // The code, through the Mailpit-compatible API.
        let found = get(&base, "/api/v1/search?query=to:browser@example.jp");
        let id = found["messages"][0]["ID"]
            .as_str()
            .expect("a mail")
            .to_string();
        let text = get(&base, &format!("/api/v1/message/{id}"))["Text"]
            .as_str()
            .expect("text")
            .to_string();
        let code = regex::Regex::new(r"\[確認コード\]\n(\d{4})")
            .expect("regex")
            .captures(&text)
            .expect("a code")[1]
            .to_string();
        fill(&c, "確認コード", &code).await;
        press(&c, "送信").await;
        assert_eq!(s.take(&c).await, "処理終了");
        let body = c
            .find(Locator::Css("main"))
            .await
            .expect("main")
            .text()
            .await
            .expect("text");
        assert!(body.contains("セキュリティ用メールアドレスの登録を完了しました。"));
        press(&c, "終了").await;
        assert_eq!(s.take(&c).await, "お知らせ一覧");

        // A free 介護DX証明書: apply, let three minutes pass, download it.
        follow(&c, "介護DX証明書").await;
        assert_eq!(s.take(&c).await, "介護DX証明書");
        press(&c, "発行申請を行う前に").await;
        assert_eq!(s.take(&c).await, "発行申請を行う前に");
        press(&c, "閉じる").await;
        press(&c, "次へ").await;
        assert_eq!(s.take(&c).await, "証明書発行用パスワード入力");
        fill(&c, "証明書発行用パスワード (半角英数)", &cert_pw).await;
        press(&c, "次へ").await;
        assert_eq!(s.take(&c).await, "送信確認");
        press(&c, "利用規約に同意して送信").await;
        assert_eq!(s.take(&c).await, "処理終了");
        ureq::post(&format!("{base}/_eseikyu/worlds/default/clock/advance"))
            .send_json(json!({"by": "3m"}))
            .expect("advanced");
        press(&c, "終了").await;
        press(&c, "次へ").await;
        assert_eq!(s.take(&c).await, "証明書ダウンロード");
        press_staying(&c, "ダウンロード").await;
        let file = downloads.join("KaigoJigyousho_C202602000001_01.pfx");
        let deadline = Instant::now() + Duration::from_secs(30);
        // Saved when the file is there, has its bytes and no partial download remains.
        let saved = || {
            let partial = std::fs::read_dir(&downloads)
                .map(|d| {
                    d.flatten()
                        .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"))
                })
                .unwrap_or(true);
            !partial && std::fs::metadata(&file).is_ok_and(|m| m.len() > 0)
        };
        while !saved() {
            assert!(
                Instant::now() < deadline,
                "the browser saved no file in {}",
                downloads.display()
            );
            tokio::task::yield_now().await;
        }
        let pfx = std::fs::read(&file).expect("the file");
        let opened = eseikyu::pki::open_pkcs12(&pfx, &cert_pw).expect("it opens");
        assert_eq!(opened.subject, "KaigoJigyousho");
        c.close().await.expect("closes");
    });
    rt.block_on(running.stop());
    let n = std::fs::read_dir(&shots).expect("shots").count();
    assert!(n >= 15, "{n} screenshots in {}", shots.display());
}

/// The text of the page's `<main>`.
async fn main_text(c: &Client) -> String {
    c.find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text")
}

/// Logs in to the linkage client at `/careplan` and applies for a year's licence.
async fn linkage_login_with_licence(c: &Client, base: &str, user: &str, password: &str) {
    c.goto(&format!("{base}/careplan")).await.expect("opens");
    assert_eq!(
        c.find(Locator::Css("h1"))
            .await
            .expect("h1")
            .text()
            .await
            .expect("t"),
        "ケアプランデータ連携システム"
    );
    fill(c, "ユーザID", user).await;
    fill(c, "パスワード", password).await;
    press(c, "ログイン").await;
    assert!(
        main_text(c)
            .await
            .contains("有効なライセンスがありません。")
    );
    follow(c, "利用申請").await;
    press(c, "申請").await;
    assert!(main_text(c).await.contains("利用申請を受け付けました。"));
    press(c, "終了").await;
}

/// CPL-4 in a real browser: a plan CSV (Shift_JIS) chosen with the file input, uploaded as
/// multipart/form-data, sent, received and downloaded by the other office byte for byte.
#[test]
fn a_plan_file_goes_from_office_to_office_in_a_real_browser() {
    if !browser_present() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("eseikyu-linkage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let downloads = dir.join("downloads");
    std::fs::create_dir_all(&downloads).expect("download dir");
    let plan = dir.join("plan_202605.csv");
    let (bytes, _, _) =
        encoding_rs::SHIFT_JIS.encode("1,1322222222,202605,被保険者A,訪問介護,週3回\r\n");
    std::fs::write(&plan, &bytes).expect("the plan file");

    let (rt, running) = serve(
        "2026-04-10T09:00:00+09:00",
        json!([
            {"number": "1311111111", "name": "居宅介護支援事業所さくら", "state": "active",
             "password": "Sakura2026!", "security_addresses": ["s@example.jp"], "installed": ["insurance"]},
            {"number": "1322222222", "name": "訪問介護ステーション東京", "state": "active",
             "password": "Tokyo2026!!", "security_addresses": ["t@example.jp"], "installed": ["insurance"]}
        ]),
    );
    let base = format!("http://{}", running.site);
    let driver = chromedriver();
    rt.block_on(async {
        let c = browser(driver.1, &downloads).await;
        linkage_login_with_licence(&c, &base, "KJ131322222222", "Tokyo2026!!").await;
        press(&c, "ログアウト").await;
        linkage_login_with_licence(&c, &base, "KJ131311111111", "Sakura2026!").await;
        follow(&c, "アップロード").await;
        fill(&c, "送信先事業所番号", "1322222222").await;
        fill(&c, "ファイル", plan.to_str().expect("path")).await;
        press(&c, "アップロード").await;
        let page = main_text(&c).await;
        assert!(page.contains("ファイルをアップロードしました。"), "{page}");
        assert!(page.contains("plan_202605.csv"), "{page}");
        press(&c, "送信").await;
        assert!(
            main_text(&c)
                .await
                .contains("1件のファイルをケアプランデータ連携基盤へ送信しました。")
        );
        press(&c, "戻る").await;
        press(&c, "ログアウト").await;

        fill(&c, "ユーザID", "KJ131322222222").await;
        fill(&c, "パスワード", "Tokyo2026!!").await;
        press(&c, "ログイン").await;
        follow(&c, "受信一覧").await;
        assert!(main_text(&c).await.contains("未受信"));
        press(&c, "受信").await;
        assert!(main_text(&c).await.contains("受信済み"));
        press_staying(&c, "ダウンロード").await;
        let file = downloads.join("plan_202605.csv");
        let deadline = Instant::now() + Duration::from_secs(30);
        while !std::fs::metadata(&file).is_ok_and(|m| m.len() == bytes.len() as u64) {
            assert!(
                Instant::now() < deadline,
                "the browser saved no {}",
                file.display()
            );
            tokio::task::yield_now().await;
        }
        assert_eq!(std::fs::read(&file).expect("the file"), bytes.as_ref());
        c.close().await.expect("closes");
    });
    // The hub, through the control API, has the file as uploaded and its instants.
    let hub = get(&base, "/_eseikyu/worlds/default/care-plan");
    assert_eq!(hub["files"][0]["status"], "received");
    assert_eq!(hub["files"][0]["size"], bytes.len());
    assert_eq!(hub["licences"].as_array().map(Vec::len), Some(2));
    // …in the shape the OpenAPI document gives.
    let doc: Value = serde_json::from_str(eseikyu::serve::CONTROL_OPENAPI).expect("json");
    let mut root = json!({"$ref": "#/components/schemas/CarePlanHub"});
    root["components"] = doc["components"].clone();
    let validator = jsonschema::draft4::new(&root).expect("a schema");
    let errors: Vec<String> = validator.iter_errors(&hub).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?} in {hub}");
    rt.block_on(running.stop());
    let _ = std::fs::remove_dir_all(&dir);
}
