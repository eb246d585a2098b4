//! One `eseikyu serve` for every test of a test binary (worlds keep the tests apart),
//! and the clients that talk to it: a browser without JavaScript (`Visitor`) and the
//! control API (`api`).

use eseikyu::scenario::model::RawOffice;
use eseikyu::serve::Running;
use eseikyu::serve::worlds::Recipe;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// One server for every test of this binary (worlds keep the tests apart).
pub fn server() -> &'static (tokio::runtime::Runtime, Running) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, Running)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let office: RawOffice = serde_json::from_value(json!({
            "number": "1311111111", "name": "請求事業所A", "state": "registered"
        }))
        .expect("office");
        let opts = eseikyu::serve::Options::local(Recipe {
            offices: vec![office.checked().expect("plan")],
            ..Recipe::virtual_at("2026-01-10T10:00:00+09:00".parse().expect("instant"))
        });
        let running = rt.block_on(eseikyu::serve::start(opts)).expect("serves");
        (rt, running)
    })
}

pub fn base() -> String {
    format!("http://{}", server().1.site)
}

/// A browser without JavaScript: cookies, redirects, forms (with the anti-forgery token
/// of the last page it was shown).
pub struct Visitor {
    pub agent: ureq::Agent,
    pub at: String,
    pub token: String,
}

/// An answer: status, final address, body.
pub struct Page {
    pub status: u16,
    pub path: String,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl Page {
    pub fn title(&self) -> String {
        between(&self.body, "<h1>", "</h1>").unwrap_or_default()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
    /// The href of the link with this text (as a browser reads it: entities decoded).
    pub fn link(&self, text: &str) -> String {
        let doc = scraper::Html::parse_document(&self.body);
        let a = scraper::Selector::parse("a[href]").expect("selector");
        doc.select(&a)
            .find(|e| e.text().collect::<String>() == text)
            .and_then(|e| e.value().attr("href"))
            .unwrap_or_else(|| panic!("no link {text}:\n{}", self.body))
            .to_string()
    }
    /// The page's anti-forgery token.
    pub fn token(&self) -> Option<String> {
        between(&self.body, "name=\"_token\" value=\"", "\"")
    }
}

pub fn between(s: &str, a: &str, b: &str) -> Option<String> {
    let i = s.find(a)? + a.len();
    let j = s[i..].find(b)? + i;
    Some(s[i..j].to_string())
}

impl Visitor {
    pub fn new() -> Visitor {
        server();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Visitor {
            agent,
            at: "/".into(),
            token: String::new(),
        }
    }
    pub fn read(&mut self, r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Page {
        use ureq::ResponseExt;
        let mut r = r.expect("answered");
        let path = r.get_uri().path().to_string();
        let headers = r
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().unwrap_or_default();
        if status == 200 {
            self.at = path.clone();
        }
        let page = Page {
            status,
            path,
            body,
            headers,
        };
        if let Some(t) = page.token() {
            self.token = t;
        }
        page
    }
    pub fn get(&mut self, path: &str) -> Page {
        let r = self.agent.get(&format!("{}{path}", base())).call();
        self.read(r)
    }
    /// Posts the current page's form: fields, then the button.
    pub fn press(&mut self, fields: &[(&str, &str)], button: &str) -> Page {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        let token = self.token.clone();
        form.push(("_token", &token));
        form.push(("_press", button));
        let url = format!("{}{}", base(), self.at);
        let r = self.agent.post(&url).send_form(form);
        self.read(r)
    }
    pub fn bytes(
        &mut self,
        fields: &[(&str, &str)],
        button: &str,
        row: usize,
    ) -> (Vec<(String, String)>, Vec<u8>) {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        let token = self.token.clone();
        form.push(("_token", &token));
        form.push(("_press", button));
        let url = format!("{}{}?_row={row}", base(), self.at);
        let mut r = self.agent.post(&url).send_form(form).expect("answered");
        let headers = r
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        (headers, r.body_mut().read_to_vec().expect("bytes"))
    }
}

pub fn api(method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}{path}", base());
    let r = match (method, body) {
        ("GET", _) => agent.get(&url).call(),
        ("DELETE", _) => agent.delete(&url).call(),
        ("POST", Some(b)) => agent.post(&url).send_json(b),
        ("PUT", Some(b)) => agent.put(&url).send_json(b),
        ("POST", None) => agent.post(&url).send_empty(),
        _ => panic!("{method}"),
    };
    let mut r = r.expect("answered");
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}
