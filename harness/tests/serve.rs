//! `eseikyu serve` over real HTTP: a new office's whole first login through the served
//! HTML with the code read from the Mailpit API, several visitors and two worlds at once,
//! downloads, bad requests, the Mailpit API's fields against Mailpit's published document,
//! the control API against its OpenAPI document, and the mutual-TLS service.

use crate::support;

use eseikyu::serve::Options;
use eseikyu::serve::worlds::Recipe;
use serde_json::{Value, json};
use support::served::{Visitor, api, base};

/// The 4-digit code of the newest mail to `to`, through the Mailpit API.
fn code_for(api_base: &str, to: &str) -> String {
    let (s, found) = api("GET", &format!("{api_base}/search?query=to:{to}"), None);
    assert_eq!(s, 200, "{found}");
    let id = found["messages"][0]["ID"]
        .as_str()
        .expect("a message")
        .to_string();
    let (_, m) = api("GET", &format!("{api_base}/message/{id}"), None);
    let text = m["Text"].as_str().expect("Text");
    let re = regex::Regex::new(r"\[確認コード\]\n(\d{4})").expect("regex");
    re.captures(text).expect("a code")[1].to_string()
}

#[test]
fn a_new_office_logs_in_for_the_first_time_through_the_served_html() {
    let (_, facts) = api("GET", "/_eseikyu/worlds/default/offices/1311111111", None);
    let temp = facts["temp_password"].as_str().expect("temp").to_string();
    let mut v = Visitor::new();
    let portal = v.get("/");
    assert_eq!(portal.title(), "電子請求受付システム 総合窓口");
    assert!(
        portal
            .header("set-cookie")
            .is_some_and(|c| c.starts_with("ESEIKYU_VISITOR="))
    );
    let top = v.get(&portal.link("介護保険の請求はこちら"));
    assert_eq!(
        (top.path.as_str(), top.title().as_str()),
        ("/KShinsei/main", "トップメニュー")
    );
    let login = v.press(&[], "ログイン");
    assert_eq!(login.title(), "ログイン");
    assert!(
        login.body.contains(
            r#"<label for="f3">ユーザID</label> <input type="text" id="f3" name="ユーザID""#
        ),
        "{}",
        login.body
    );
    let terms = v.press(
        &[("ユーザID", "KJ131311111111"), ("パスワード", &temp)],
        "ログイン",
    );
    assert_eq!(terms.title(), "利用規約");
    assert_eq!(v.press(&[], "利用規約に同意して次へ").title(), "警告");
    assert_eq!(v.press(&[], "パスワード変更").title(), "パスワード変更");
    let done = v.press(
        &[
            ("現在のパスワード", &temp),
            ("新しいパスワード", "Served2026!"),
            ("新しいパスワード(確認用)", "Served2026!"),
        ],
        "変更",
    );
    assert_eq!(done.title(), "処理終了", "{}", done.body);
    assert_eq!(v.press(&[], "終了").title(), "メールアドレス設定");
    v.press(&[("メールアドレスを登録しない", "on")], "変更");
    let security = v.press(&[], "終了");
    assert_eq!(security.title(), "セキュリティ用メールアドレス設定");
    let code_page = v.press(
        &[
            ("セキュリティ用メールアドレス", "served@example.jp"),
            (
                "セキュリティ用メールアドレス（確認用）",
                "served@example.jp",
            ),
        ],
        "次へ",
    );
    assert_eq!(code_page.title(), "確認コード入力");
    let code = code_for("/api/v1", "served@example.jp");
    let finished = v.press(&[("確認コード", &code)], "送信");
    assert!(
        finished
            .body
            .contains("セキュリティ用メールアドレスの登録を完了しました。")
    );
    let notices = v.press(&[], "終了");
    assert_eq!(notices.title(), "お知らせ一覧");
    // The back office's pages: the letter that started it, and the mail.
    let letters = v.get("/_eseikyu/letters.html");
    assert!(
        letters
            .body
            .contains("1311111111: 1. 電子請求登録結果に関するお知らせ"),
        "{}",
        letters.body
    );
    let mail = v.get("/_eseikyu/mail");
    assert!(
        mail.body.contains("確認コード発行通知(介護保険)"),
        "{}",
        mail.body
    );
    assert!(notices.body.contains("<nav aria-label=\"メニュー\">"));
}

#[test]
fn visitors_and_worlds_are_kept_apart() {
    // A world of its own, with an office of its own.
    let (s, w) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(
            json!({"at": "2026-03-01T09:00:00+09:00", "seed": 3, "offices": [
            {"number": "1322222222", "name": "訪問介護ステーション東京", "state": "active",
             "password": "Tokyo2024!", "security_addresses": ["tokyo@example.jp"]}]}),
        ),
    );
    assert_eq!(s, 201, "{w}");
    let id = w["id"].as_str().expect("id").to_string();
    assert_eq!(w["now"], "2026-03-01T09:00:00+09:00");
    let (s, _) = api("GET", "/_eseikyu/worlds/default/offices/1322222222", None);
    assert_eq!(s, 404, "the first world does not have it");

    let mut a = Visitor::new();
    let mut b = Visitor::new();
    a.get(&format!("/_eseikyu/worlds/{id}/enter"));
    b.get(&format!("/_eseikyu/worlds/{id}/enter"));
    a.get("/KShinsei/login");
    b.get("/KShinsei/login");
    let in_a = a.press(
        &[("ユーザID", "KJ131322222222"), ("パスワード", "Tokyo2024!")],
        "ログイン",
    );
    assert_eq!(in_a.title(), "お知らせ一覧");
    // B is still on its own login page, with its own session.
    let still = b.get("/KShinsei/notices");
    assert_eq!(still.title(), "ログイン", "B was sent back to its own page");
    let wrong = b.press(
        &[
            ("ユーザID", "KJ131322222222"),
            ("パスワード", "wrong-pass1"),
        ],
        "ログイン",
    );
    assert!(
        wrong
            .body
            .contains("ユーザIDまたはパスワードが正しくありません。")
    );
    assert_eq!(a.get("/KShinsei/notices").title(), "お知らせ一覧");
    // The world's clock moves through the control API only.
    let (_, c) = api(
        "POST",
        &format!("/_eseikyu/worlds/{id}/clock/advance"),
        Some(json!({"by": "1h"})),
    );
    assert_eq!(c["now"], "2026-03-01T10:00:00+09:00");
    assert!(a.get("/KShinsei/notices").body.contains("10:00:00"));
    let (s, _) = api("DELETE", &format!("/_eseikyu/worlds/{id}"), None);
    assert_eq!(s, 204);
    assert_eq!(api("DELETE", "/_eseikyu/worlds/default", None).0, 409);
}

#[test]
fn bad_requests_get_what_a_real_server_gives_and_it_goes_on() {
    let mut v = Visitor::new();
    assert_eq!(v.get("/no/such/page").status, 404);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/", base());
    assert_eq!(
        agent
            .delete(&url)
            .call()
            .expect("answered")
            .status()
            .as_u16(),
        405
    );
    let big = vec![b'a'; eseikyu::serve::MAX_BODY + 1];
    let r = agent
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(&big[..])
        .expect("answered");
    assert_eq!(r.status().as_u16(), 413);
    v.get("/");
    let no_button = v.press_raw("%ZZ=%%");
    assert_eq!(no_button, 400);
    let (s, e) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({"at": "0000-01-01T00:00:00+09:00"})),
    );
    assert_eq!(s, 422, "{e}");
    assert!(
        e["error"]
            .as_str()
            .is_some_and(|m| m.contains("outside the simulated years"))
    );
    let (s, _) = api("GET", "/api/v1/message/nope", None);
    assert_eq!(s, 404);
    assert_eq!(v.get("/").status, 200, "the server still serves");
}

/// CPL-4: a linkage client's upload form past its limit is refused with 413 (at once when
/// its length is given, when it passes the limit when it is chunked), a malformed one with
/// 400, and the server goes on.
#[test]
fn an_upload_past_its_limit_is_refused() {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/careplan/upload", base());
    let kind = "multipart/form-data; boundary=X";
    let mut big =
        b"--X\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.csv\"\r\n\r\n".to_vec();
    big.resize(eseikyu::serve::MAX_UPLOAD_BODY + 1, b'1');
    let status =
        |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| r.map(|r| r.status().as_u16());
    let told = agent.post(&url).header("Content-Type", kind).send(&big[..]);
    assert_eq!(status(told).expect("answered"), 413, "length given");
    let mut reader = &big[..];
    let chunked = ureq::SendBody::from_reader(&mut reader);
    let sent = agent.post(&url).header("Content-Type", kind).send(chunked);
    // A server may answer before the client has sent everything and close the connection:
    // the client sees the 413, or the connection closed under it; never a page.
    match status(sent) {
        Ok(s) => assert_eq!(s, 413, "chunked"),
        Err(e) => assert!(matches!(e, ureq::Error::Io(_)), "chunked: {e}"),
    }
    let malformed = agent
        .post(&url)
        .header("Content-Type", kind)
        .send(&b"--X\r\nno headers, no end"[..]);
    assert_eq!(status(malformed).expect("answered"), 400, "malformed");
    assert_eq!(
        Visitor::new().get("/").status,
        200,
        "the server still serves"
    );
}

impl Visitor {
    fn press_raw(&mut self, body: &str) -> u16 {
        let url = format!("{}{}", base(), self.at);
        self.agent
            .post(&url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(body)
            .expect("answered")
            .status()
            .as_u16()
    }
}

/// Field names and types of Mailpit's published v1 API (`server/ui/api/v1/swagger.json`
/// of axllent/mailpit, definitions MessagesSummary, MessageSummary, Message, Address).
const MAILPIT_SUMMARY: &[(&str, &str)] = &[
    ("messages", "array"),
    ("messages_count", "number"),
    ("start", "number"),
    ("tags", "array"),
    ("total", "number"),
    ("unread", "number"),
];
const MAILPIT_MESSAGE_SUMMARY: &[(&str, &str)] = &[
    ("Attachments", "number"),
    ("Bcc", "array"),
    ("Cc", "array"),
    ("Created", "string"),
    ("From", "object"),
    ("ID", "string"),
    ("MessageID", "string"),
    ("Read", "boolean"),
    ("ReplyTo", "array"),
    ("Size", "number"),
    ("Snippet", "string"),
    ("Subject", "string"),
    ("Tags", "array"),
    ("To", "array"),
];
const MAILPIT_MESSAGE: &[(&str, &str)] = &[
    ("Attachments", "array"),
    ("Bcc", "array"),
    ("Cc", "array"),
    ("Date", "string"),
    ("From", "object"),
    ("HTML", "string"),
    ("ID", "string"),
    ("Inline", "array"),
    ("MessageID", "string"),
    ("ReplyTo", "array"),
    ("ReturnPath", "string"),
    ("Size", "number"),
    ("Subject", "string"),
    ("Tags", "array"),
    ("Text", "string"),
    ("To", "array"),
];

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

#[track_caller]
fn same_fields(v: &Value, fields: &[(&str, &str)]) {
    for (name, k) in fields {
        assert_eq!(kind(&v[*name]), *k, "{name} in {v}");
    }
}

#[test]
fn the_mail_api_has_mailpits_fields_and_answers_its_calls() {
    let (_, w) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({"offices": [
        {"number": "1333333333", "state": "active", "password": "Mail2026!x", "security_addresses": ["m@example.jp"]}]})),
    );
    let id = w["id"].as_str().expect("id").to_string();
    let mail = format!("/_eseikyu/worlds/{id}/api/v1");
    // A reset sends a one-time password.
    let mut v = Visitor::new();
    v.get(&format!("/_eseikyu/worlds/{id}/enter"));
    v.get("/KShinsei/login");
    v.press(&[], "パスワード等を紛失した方はこちら");
    v.press(&[], "次へ");
    v.press(
        &[
            ("事業所番号", "1333333333"),
            ("セキュリティ用メールアドレス", "m@example.jp"),
        ],
        "次へ",
    );
    let (s, list) = api("GET", &format!("{mail}/messages"), None);
    assert_eq!(s, 200);
    same_fields(&list, MAILPIT_SUMMARY);
    assert_eq!(list["total"], 1);
    let first = &list["messages"][0];
    same_fields(first, MAILPIT_MESSAGE_SUMMARY);
    assert_eq!(first["Subject"], "ワンタイムパスワード発行通知(介護保険)");
    assert_eq!(first["To"][0]["Address"], "m@example.jp");
    assert_eq!(first["Read"], false);
    let mid = first["ID"].as_str().expect("ID").to_string();
    let (_, m) = api("GET", &format!("{mail}/message/{mid}"), None);
    same_fields(&m, MAILPIT_MESSAGE);
    assert!(
        m["Text"]
            .as_str()
            .is_some_and(|t| t.contains("[ワンタイムパスワード]"))
    );
    assert!(m["Date"].as_str().is_some_and(|d| d.ends_with("+09:00")));
    let (_, after) = api("GET", &format!("{mail}/messages"), None);
    assert_eq!(after["unread"], 0, "opening marks it read");
    let (s, raw) = api("GET", &format!("{mail}/message/{mid}/raw"), None);
    assert_eq!(s, 200);
    assert!(
        raw.as_str()
            .is_some_and(|r| r.contains("MIME-Version: 1.0"))
    );
    let (_, latest) = api("GET", &format!("{mail}/message/latest"), None);
    assert_eq!(latest["ID"], mid.as_str());
    let (_, hits) = api(
        "GET",
        &format!("{mail}/search?query=to:m@example.jp%20subject:%22ワンタイムパスワード%22"),
        None,
    );
    assert_eq!(hits["messages_count"], 1);
    let (_, none) = api(
        "GET",
        &format!("{mail}/search?query=to:nobody@example.jp"),
        None,
    );
    assert_eq!(none["messages_count"], 0);
    let (s, _) = api("DELETE", &format!("{mail}/messages"), None);
    assert_eq!(s, 200);
    let (_, gone) = api("GET", &format!("{mail}/messages"), None);
    assert_eq!(gone["total"], 0);
    // The viewer page shows the Japanese as it is.
    let page = v.get(&format!("/_eseikyu/worlds/{id}/mail"));
    assert_eq!(page.status, 200);
}

#[test]
fn a_certificate_downloads_with_its_type_and_name_and_the_tls_service_takes_it() {
    let (_, w) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({"at": "2026-02-10T10:00:00+09:00", "offices": [
        {"number": "1355555555", "state": "active", "password": "Proxy2025!!", "security_addresses": ["s@example.jp"]}]})),
    );
    let id = w["id"].as_str().expect("id").to_string();
    let (_, facts) = api(
        "GET",
        &format!("/_eseikyu/worlds/{id}/offices/1355555555"),
        None,
    );
    let cert_pw = facts["cert_password"]
        .as_str()
        .expect("cert password")
        .to_string();
    let mut v = Visitor::new();
    v.get(&format!("/_eseikyu/worlds/{id}/enter"));
    v.get("/KShinsei/login");
    v.press(
        &[
            ("ユーザID", "KJ131355555555"),
            ("パスワード", "Proxy2025!!"),
        ],
        "ログイン",
    );
    let menu = v.get("/KShinsei/notices").link("介護DX証明書");
    let dx = v.get(&menu);
    assert_eq!(dx.title(), "介護DX証明書");
    v.press(&[], "発行申請を行う前に");
    v.press(&[], "閉じる");
    v.press(&[], "次へ");
    v.press(&[("証明書発行用パスワード (半角英数)", &cert_pw)], "次へ");
    v.press(&[], "利用規約に同意して送信");
    api(
        "POST",
        &format!("/_eseikyu/worlds/{id}/clock/advance"),
        Some(json!({"by": "3m"})),
    );
    let menu = v.get("/KShinsei/notices").link("介護DX証明書");
    let dx = v.get(&menu);
    assert!(
        dx.body
            .contains("発行済みの証明書を取得することができます。")
    );
    let list = v.press(&[], "次へ");
    assert_eq!(list.title(), "証明書ダウンロード");
    let (headers, pfx) = v.bytes(&[], "ダウンロード", 1);
    let h = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(h("content-type"), "application/x-pkcs12");
    assert!(
        h("content-disposition").contains("filename*=UTF-8''KaigoJigyousho_C202602000001_01.pfx"),
        "{headers:?}"
    );
    let opened = eseikyu::pki::open_pkcs12(&pfx, &cert_pw).expect("opens");
    assert_eq!(opened.subject, "KaigoJigyousho");
    // The world's mutual-TLS service takes the certificate the site handed out.
    let (_, svc) = api("GET", &format!("/_eseikyu/worlds/{id}/service"), None);
    let addr: std::net::SocketAddr = svc["address"]
        .as_str()
        .expect("address")
        .parse()
        .expect("addr");
    let ca = svc["ca_pem"]
        .as_str()
        .expect("the CA that verifies the service");
    assert_eq!(
        svc["ca"], "/_eseikyu/service-ca.pem",
        "and where it is served"
    );
    assert_eq!(tls_get(addr, &pfx, &cert_pw, ca), "HTTP/1.1 200 OK");
    // And so does an independent client (openssl, verifying), which is refused without a
    // certificate.
    assert!(openssl_get(addr, ca, Some((&pfx, &cert_pw))).contains("HTTP/1.1 200 OK"));
    // Verification is real: trusting another CA (the world's, which issues offices'
    // certificates) the handshake fails.
    let (_, world_ca) = api("GET", &format!("/_eseikyu/worlds/{id}/ca.pem"), None);
    let other = world_ca.as_str().expect("the world's CA");
    assert!(!openssl_get(addr, other, Some((&pfx, &cert_pw))).contains("HTTP/1.1"));
    let refused = openssl_get(addr, ca, None);
    assert!(
        !refused.contains("HTTP/1.1"),
        "no answer without a certificate: {refused}"
    );
}

/// `GET /` through `openssl s_client`, with the PKCS#12 file's key and certificate or
/// without any; what came back.
fn openssl_get(addr: std::net::SocketAddr, ca_pem: &str, client: Option<(&[u8], &str)>) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = std::env::temp_dir().join(format!("eseikyu-serve-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let ca = dir.join("service-ca.pem");
    std::fs::write(&ca, ca_pem).expect("write");
    let mut args = vec![
        "s_client".to_string(),
        "-connect".into(),
        addr.to_string(),
        "-quiet".into(),
        "-verify_return_error".into(),
        "-verify_ip".into(),
        addr.ip().to_string(),
        "-CAfile".into(),
        ca.to_string_lossy().to_string(),
    ];
    if let Some((pfx, password)) = client {
        let (p12, pem) = (dir.join("c.pfx"), dir.join("c.pem"));
        std::fs::write(&p12, pfx).expect("write");
        let out = Command::new("openssl")
            .args(["pkcs12", "-in"])
            .arg(&p12)
            .args(["-nodes", "-passin", &format!("pass:{password}"), "-out"])
            .arg(&pem)
            .output()
            .expect("openssl runs (the README lists it)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let pem = pem.to_string_lossy().to_string();
        args.extend(["-cert".into(), pem.clone(), "-key".into(), pem]);
    }
    let mut child = Command::new("openssl")
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"GET / HTTP/1.1\r\nHost: service\r\nConnection: close\r\n\r\n");
    let out = child.wait_with_output().expect("openssl ends");
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// An HTTPS request with a client certificate; the status line.
fn tls_get(addr: std::net::SocketAddr, pfx: &[u8], password: &str, ca_pem: &str) -> String {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
    use std::io::{BufRead, BufReader, Write};
    use std::sync::Arc;
    // Verification on: the service's certificate must chain to the CA it serves, for the
    // name asked for.
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(ca_pem.as_bytes()).expect("a PEM certificate"))
        .expect("a root");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let (key, chain) = eseikyu::pki::pkcs12_parts(pfx, password).expect("parts");
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_client_auth_cert(
            chain.into_iter().map(CertificateDer::from).collect(),
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)),
        )
        .expect("client auth");
    let mut lines = Vec::new();
    for name in ["localhost", "127.0.0.1"] {
        let tcp = std::net::TcpStream::connect(addr).expect("connects");
        let conn = rustls::ClientConnection::new(
            Arc::new(config.clone()),
            ServerName::try_from(name).expect("name"),
        )
        .expect("conn");
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        tls.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .expect("the handshake verifies the service");
        let mut line = String::new();
        BufReader::new(&mut tls)
            .read_line(&mut line)
            .expect("reads");
        lines.push(line.trim().to_string());
    }
    assert_eq!(lines[0], lines[1], "by name and by address alike");
    lines.remove(0)
}

/// Every operation of the control API's OpenAPI document, called with its own examples:
/// the server answers with a status the document lists, and a JSON answer validates
/// against the schema the document gives for it.
#[test]
fn the_control_api_answers_as_its_openapi_document_says() {
    let doc: Value = serde_json::from_str(eseikyu::serve::CONTROL_OPENAPI).expect("json");
    assert_eq!(doc["openapi"], "3.0.3");
    // A world of its own, with the office the examples name.
    let (_, w) = api("POST", "/_eseikyu/worlds", Some(json!({})));
    let world = w["id"].as_str().expect("id").to_string();
    let components = doc["components"].clone();
    let mut checked = 0;
    let paths = doc["paths"].as_object().expect("paths");
    // Registering first, deleting last, so the other examples find what they name.
    let mut ops: Vec<(String, String, Value, Value)> = Vec::new();
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("item") {
            if method == "parameters" {
                continue;
            }
            let params = item["parameters"].clone();
            ops.push((path.clone(), method.to_uppercase(), op.clone(), params));
        }
    }
    ops.sort_by_key(|(p, m, _, _)| {
        (
            m == "DELETE",
            !p.ends_with("/offices") || m != "POST",
            p.clone(),
        )
    });
    for (path, method, op, params) in ops {
        let mut url = path.replace("{world}", &world);
        let mut query = Vec::new();
        for p in params.as_array().into_iter().flatten() {
            let name = p["name"].as_str().expect("name");
            let example = match &p["example"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            match p["in"].as_str() {
                Some("path") if name != "world" => {
                    url = url.replace(&format!("{{{name}}}"), &example)
                }
                Some("query") => query.push(format!("{name}={example}")),
                _ => {}
            }
        }
        if !query.is_empty() {
            url = format!("{url}?{}", query.join("&"));
        }
        let body = op["requestBody"]["content"]["application/json"]["example"].clone();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let full = format!("{}{url}", base());
        let answer = match method.as_str() {
            "GET" => agent.get(&full).call(),
            "DELETE" => agent.delete(&full).call(),
            "POST" => agent.post(&full).send_json(&body),
            "PUT" => agent.put(&full).send_json(&body),
            m => panic!("{m}"),
        };
        let mut r = answer.expect("answered");
        let status = r.status().as_u16().to_string();
        let listed = &op["responses"][&status];
        assert!(
            listed.is_object(),
            "{method} {url} answered {status}, which the document does not list"
        );
        let text = r.body_mut().read_to_string().unwrap_or_default();
        if let Some(schema) = listed["content"]["application/json"]["schema"].as_object() {
            let mut root = Value::Object(schema.clone());
            root["components"] = draft4(components.clone());
            let validator = jsonschema::draft4::new(&root).expect("a schema");
            let value: Value = serde_json::from_str(&text).expect("JSON answer");
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{method} {url}: {errors:?} in {value}");
        }
        checked += 1;
    }
    assert!(checked >= 20, "{checked} operations");
    // The check can fail: a wrong answer does not validate.
    let mut root = json!({"$ref": "#/components/schemas/WorldList"});
    root["components"] = components;
    let validator = jsonschema::draft4::new(&root).expect("a schema");
    assert!(!validator.is_valid(&json!({"worlds": 5})));
}

/// OpenAPI 3.0's `nullable: true` as JSON Schema draft 4 says it: `null` among the types.
fn draft4(mut schema: Value) -> Value {
    if let Value::Object(map) = &mut schema {
        if map.remove("nullable") == Some(Value::Bool(true))
            && let Some(Value::String(t)) = map.get("type").cloned()
        {
            map.insert("type".into(), json!([t, "null"]));
        }
        for v in map.values_mut() {
            *v = draft4(std::mem::take(v));
        }
    } else if let Value::Array(items) = &mut schema {
        for v in items.iter_mut() {
            *v = draft4(std::mem::take(v));
        }
    }
    schema
}

/// Public notice-watcher scripts read the pre-login お知らせ一覧 with this selector.
const WATCHER: &str = "table.bg-blue01 .bc-blue01 > tbody > tr > td:nth-child(2) > span > a";

#[test]
fn the_pre_login_notice_list_answers_the_watchers_selector() {
    let mut v = Visitor::new();
    let page = v.get("/KShinsei/main");
    assert_eq!(page.title(), "トップメニュー");
    let doc = scraper::Html::parse_document(&page.body);
    let sel = scraper::Selector::parse(WATCHER).expect("selector");
    let titles: Vec<String> = doc.select(&sel).map(|a| a.text().collect()).collect();
    assert!(titles.len() >= 3, "{titles:?}");
    assert!(
        titles.iter().any(|t| t.contains("請求受付期間について")),
        "{titles:?}"
    );
    let th = scraper::Selector::parse("table.bc-blue01 th").expect("selector");
    let columns: Vec<String> = doc.select(&th).map(|h| h.text().collect()).collect();
    for c in ["提示開始日", "カテゴリ", "タイトル"] {
        assert!(columns.iter().any(|h| h == c), "{columns:?}");
    }
    // A title opens its notice, and 戻る returns to the list.
    let a = doc.select(&sel).next().expect("a title");
    let href = a.value().attr("href").expect("href").to_string();
    let notice = v.get(&href);
    assert_eq!(notice.title(), "お知らせ表示");
    assert_eq!(v.press(&[], "戻る").title(), "トップメニュー");
}

/// `eseikyu serve` itself: the example offices file loads, every surface is printed with
/// the port it got, and a mistake in an offices file is located, not panicked on.
#[test]
fn the_serve_command_prints_its_surfaces_and_locates_office_mistakes() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let bin = env!("CARGO_BIN_EXE_eseikyu");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/serve/offices.yaml");
    let args = |offices: &str| {
        let mut c = Command::new(bin);
        c.args(support::clients::SERVE_ON_FREE_PORTS)
            .args(["--at", "2026-02-10T10:00:00+09:00", "--offices", offices])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    };
    let mut child = args(fixture).spawn().expect("eseikyu serve starts");
    let out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut printed = Vec::new();
    for line in out.lines() {
        let line = line.expect("a line");
        let done = line.starts_with("Ctrl-C");
        printed.push(line);
        if done {
            break;
        }
    }
    let site = printed
        .iter()
        .find_map(|l| l.trim().strip_prefix("site"))
        .and_then(|l| l.split_whitespace().next())
        .map(str::to_string);
    let facts = site.as_ref().and_then(|site| {
        let mut r = ureq::get(&format!("{site}_eseikyu/worlds/default/offices/1311111111"))
            .call()
            .ok()?;
        r.body_mut().read_to_string().ok()
    });
    let _ = child.kill();
    let _ = child.wait();
    for surface in [
        "site",
        "mail (Mailpit)",
        "SMTP",
        "control API",
        "letters",
        "TLS service",
    ] {
        assert!(
            printed.iter().any(|l| l.trim_start().starts_with(surface)),
            "{surface} is printed: {printed:#?}"
        );
    }
    let facts: Value = serde_json::from_str(&facts.expect("the office's facts")).expect("json");
    assert_eq!(facts["user_ids"][0], "KJ131311111111");
    assert!(
        facts["temp_password"]
            .as_str()
            .is_some_and(|p| !p.is_empty())
    );

    let dir = std::env::temp_dir().join(format!("eseikyu-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let bad = dir.join("offices.yaml");
    let text = std::fs::read_to_string(fixture).expect("fixture");
    std::fs::write(&bad, text.replace("security_addresses", "securty")).expect("write");
    let refused = args(bad.to_str().expect("path")).output().expect("runs");
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "refused: {err}");
    assert!(err.contains("offices.yaml:12:5"), "located: {err}");
    assert!(err.contains("unknown key `securty`"), "named: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sessions are the server's to bound: a forged or guessed visitor cookie is a new visitor,
/// and beyond the limit the least recently seen session is forgotten (its visitor starts
/// again at 総合窓口).
#[test]
fn sessions_cannot_be_guessed_and_are_bounded() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let opts = Options {
        limits: eseikyu::serve::Limits {
            session_idle: std::time::Duration::from_secs(3600),
            sessions: 2,
            ..Default::default()
        },
        ..Options::local(Recipe::virtual_at(
            "2026-02-10T10:00:00+09:00".parse().expect("instant"),
        ))
    };
    let running = rt.block_on(eseikyu::serve::start(opts)).expect("serves");
    let base = format!("http://{}", running.site);
    // One GET with an optional cookie: status, Location, the visitor cookie it set, the
    // page's anti-forgery token.
    let fetch = |path: &str, cookie: Option<&str>| {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .into();
        let mut req = agent.get(&format!("{base}{path}"));
        if let Some(c) = cookie {
            req = req.header("Cookie", &format!("ESEIKYU_VISITOR={c}"));
        }
        let mut r = req.call().expect("answered");
        let header = |n: &str| {
            r.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let set = header("set-cookie")
            .and_then(|c| c.strip_prefix("ESEIKYU_VISITOR=").map(str::to_string))
            .and_then(|c| c.split(';').next().map(str::to_string));
        let location = header("location");
        let body = r.body_mut().read_to_string().unwrap_or_default();
        let token = support::served::between(&body, "name=\"_token\" value=\"", "\"");
        (r.status().as_u16(), location, set, token)
    };
    let get = |path: &str, cookie: Option<&str>| {
        let (status, to, set, _) = fetch(path, cookie);
        (status, to, set)
    };
    let link = |name: &str, token: &str| {
        format!(
            "/KShinsei/act?_press={}&_token={token}",
            eseikyu::screens::html::percent(name)
        )
    };
    // A new visitor: a session whose name nobody can guess.
    let (status, _, first, token) = fetch("/", None);
    assert_eq!(status, 200);
    let first = first.expect("a visitor cookie");
    assert_eq!(first.len(), 49, "{first}");
    let token = token.expect("the page's token");
    // A link without the page's token (another site's page) presses nothing.
    let (status, _, _) = get(&link("介護保険の請求はこちら", "0"), Some(&first));
    assert_eq!(status, 409, "the stale-page answer");
    let (status, to, _) = get(&link("介護保険の請求はこちら", &token), Some(&first));
    assert_eq!((status, to.as_deref()), (303, Some("/KShinsei/main")));
    let (_, to, _) = get(&link("はじめての方", &token), Some(&first));
    let here = to.expect("a redirect");
    assert_eq!(get(&here, Some(&first)).0, 200, "the visitor is on {here}");
    // A forged cookie is a new visitor, not someone's session: also a well-formed name
    // this server never gave (a planted one).
    let planted = format!("v{}", "0".repeat(48));
    let altered = format!(
        "{}{}",
        &first[..48],
        if first.ends_with('0') { "1" } else { "0" }
    );
    for forged in ["v1", "v0", "../v1", &first[..32], &planted, &altered] {
        let (status, to, set) = get(&here, Some(forged));
        assert_eq!((status, to.as_deref()), (303, Some("/")), "{forged}");
        assert!(
            set.is_some_and(|s| s != forged && s.len() == 49),
            "{forged}"
        );
    }
    // Two more visitors act: three sessions for a limit of two, so the first is forgotten.
    for _ in 0..2 {
        let (_, _, v) = get("/KShinsei/login", None);
        assert!(v.is_some());
    }
    let (status, to, _) = get(&here, Some(&first));
    assert_eq!(
        (status, to.as_deref()),
        (303, Some("/")),
        "back at 総合窓口"
    );
    rt.block_on(running.stop());
}

/// Scripted faults cross the control API: a fault out of range is refused; a mail the
/// server answers with 451 is noted as a problem and sent again when the clock moves.
#[test]
fn faults_are_scripted_over_the_control_api_and_their_problems_read_back() {
    let (_, w) = api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({"offices": [
        {"number": "1344444444", "state": "active", "password": "Mail2026!x", "security_addresses": ["x@example.jp"]}]})),
    );
    let world = w["id"].as_str().expect("id").to_string();
    let faults = format!("/_eseikyu/worlds/{world}/faults");
    for wrong in [
        json!({"kind": {"smtp": "temporary"}, "times": 0, "chance": 1.0}),
        json!({"kind": {"smtp": "temporary"}, "times": 4000000000u32, "chance": 1.0}),
        json!({"kind": {"smtp": "temporary"}, "times": 1, "chance": 0.0}),
    ] {
        let (status, answer) = api("POST", &faults, Some(wrong));
        assert_eq!(status, 409, "{answer}");
        assert!(
            answer["error"]
                .as_str()
                .is_some_and(|e| e.contains("1–1000"))
        );
    }
    let (status, answer) = api(
        "POST",
        &faults,
        Some(json!({"kind": {"smtp": "nonsense"}, "times": 1, "chance": 1.0})),
    );
    assert_eq!(status, 400);
    let said = answer["error"].as_str().unwrap_or_default();
    assert!(said.starts_with("not the expected JSON"), "{answer}");
    let (status, _) = api(
        "POST",
        &faults,
        Some(json!({"kind": {"smtp": "temporary"}, "times": 1, "chance": 1.0})),
    );
    assert_eq!(status, 204);
    let (_, problems) = api("GET", &format!("/_eseikyu/worlds/{world}/problems"), None);
    assert_eq!(problems, json!({"problems": []}));
    // A reset sends a one-time password: the server answers 451.
    let mut v = Visitor::new();
    v.get(&format!("/_eseikyu/worlds/{world}/enter"));
    v.get("/KShinsei/login");
    v.press(&[], "パスワード等を紛失した方はこちら");
    v.press(&[], "次へ");
    let page = v.press(
        &[
            ("事業所番号", "1344444444"),
            ("セキュリティ用メールアドレス", "x@example.jp"),
        ],
        "次へ",
    );
    assert_eq!(page.status, 200, "the visitor sees nothing amiss");
    let (_, problems) = api("GET", &format!("/_eseikyu/worlds/{world}/problems"), None);
    let noted = problems["problems"][0].as_str().unwrap_or_default();
    assert!(
        noted.contains("the mail to x@example.jp was not delivered and will be sent again")
            && noted.contains("451"),
        "{problems}"
    );
    let mails = |world: &str| {
        api(
            "GET",
            &format!("/_eseikyu/worlds/{world}/api/v1/messages"),
            None,
        )
        .1["total"]
            .as_u64()
            .unwrap_or(0)
    };
    assert_eq!(mails(&world), 0);
    let (status, _) = api(
        "POST",
        &format!("/_eseikyu/worlds/{world}/clock/advance"),
        Some(json!({"by": "1m"})),
    );
    assert_eq!(status, 200);
    assert_eq!(mails(&world), 1, "sent again once the clock moved");
    // One look reads what a run's end reads: each list as its own endpoint gives it.
    let base = format!("/_eseikyu/worlds/{world}");
    let (status, info) = api("GET", &format!("{base}?records=true"), None);
    assert_eq!(status, 200, "{info}");
    for part in ["letters", "problems", "secrets"] {
        let (_, own) = api("GET", &format!("{base}/{part}"), None);
        assert_eq!(info["records"][part], own[part], "{part}");
    }
    let listed = |part: &str| info["records"][part].as_array().map_or(0, Vec::len);
    assert!(listed("problems") > 0 && listed("secrets") > 0, "{info}");
    assert!(api("GET", &base, None).1.get("records").is_none());
    let (status, answer) = api("GET", &format!("{base}?records=yes"), None);
    assert_eq!(status, 400, "{answer}");
}

/// `POST …/commands` takes every command the door has but a visit (a browser session is
/// the client's), as the document lists them: the list comes from the door's own JSON, so
/// a new command the document does not list fails here.
#[test]
fn every_door_command_is_one_call_the_document_lists() {
    let doc: Value = serde_json::from_str(eseikyu::serve::CONTROL_OPENAPI).expect("json");
    let listed: std::collections::BTreeSet<String> =
        doc["components"]["schemas"]["Command"]["oneOf"]
            .as_array()
            .expect("variants")
            .iter()
            .map(|v| {
                v["properties"]["command"]["enum"][0]
                    .as_str()
                    .expect("a name")
                    .to_string()
            })
            .collect();
    // serde names every variant it knows when it meets one it does not.
    let said = serde_json::from_value::<eseikyu::door::Command>(json!({"command": "?"}))
        .expect_err("unknown")
        .to_string();
    let known: std::collections::BTreeSet<String> = said
        .split('`')
        .skip(3)
        .step_by(2)
        .filter(|n| *n != "visit")
        .map(str::to_string)
        .collect();
    assert!(known.len() >= 9, "{said}");
    assert_eq!(listed, known, "the document's commands are the door's");

    let (_, w) = api("POST", "/_eseikyu/worlds", Some(json!({})));
    let world = w["id"].as_str().expect("id").to_string();
    let call = |body: Value| {
        api(
            "POST",
            &format!("/_eseikyu/worlds/{world}/commands"),
            Some(body),
        )
    };
    let office = json!({"number": "1311111111", "state": "registered"});
    let (status, answer) = call(json!({"command": "register", "office": office}));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["answer"], "office");
    assert_eq!(answer["office"]["number"], "1311111111");
    assert!(answer["office"]["temp_password"].is_string(), "{answer}");
    let (status, answer) = call(json!({"command": "advance", "by": "30m"}));
    assert_eq!((status, answer), (200, json!({"answer": "done"})));
    let (_, clock) = api("GET", &format!("/_eseikyu/worlds/{world}/clock"), None);
    let (status, _) = call(json!({"command": "set_clock", "at": "2026-01-10T10:00:00+09:00"}));
    assert_eq!(status, 200);
    let (_, moved) = api("GET", &format!("/_eseikyu/worlds/{world}/clock"), None);
    assert_ne!(clock, moved);
    assert_eq!(moved["now"], "2026-01-10T10:00:00+09:00");
    // Refused as the document says: a visit, a second registration, a bad instant.
    assert_eq!(call(json!({"command": "visit", "visitor": "2"})).0, 422);
    assert_eq!(
        call(json!({"command": "register", "office": office})).0,
        409
    );
    assert_eq!(
        call(json!({"command": "set_clock", "at": "2026-01-10 10:00"})).0,
        400
    );
    assert_eq!(
        call(json!({"command": "payment", "office": "1311111111"})).0,
        400
    );
    // What was done is the world's history, as a scenario (kept in memory here).
    let agent = ureq::Agent::new_with_defaults();
    let mut r = agent
        .get(&format!("{}/_eseikyu/worlds/{world}/scenario", base()))
        .call()
        .expect("a scenario");
    let yaml = r.body_mut().read_to_string().expect("text");
    assert!(
        yaml.contains("- wait: 1800s\n- at: \"2026-01-10T10:00:00+09:00\""),
        "{yaml}"
    );
    assert!(yaml.contains("number: \"1311111111\""), "{yaml}");
    eseikyu::scenario::parse("exported.yaml", &yaml).expect("a valid scenario");
    api("DELETE", &format!("/_eseikyu/worlds/{world}"), None);
}
