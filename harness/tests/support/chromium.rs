//! Debian's headless Chromium through chromedriver (WebDriver, fantoccini), for the tests
//! that check served pages and reports in a real browser. Without chromium a test says it
//! did not run and how to install it; under `CI=true` a missing chromium fails it.

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether the browser is there; if not, says so (and fails under CI).
pub fn browser_present() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        let how = "install it with: apt-get install chromium chromium-driver";
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is required under CI: {how}"
        );
        eprintln!("browser test NOT RUN: no {CHROMIUM} or {CHROMEDRIVER}; {how}");
    }
    present
}

/// chromedriver on a free port; ended when dropped.
pub struct Driver(Child, pub u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// chromedriver on a port of its own, ready: its `/status` says so. Tests start their
/// drivers one at a time, and a driver that lost its port to another process (it exits)
/// is started again on another.
pub fn chromedriver() -> Driver {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    for _ in 0..5 {
        let port = free_port();
        let mut child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if child.try_wait().ok().flatten().is_some() {
                break; // it could not have the port: another try
            }
            if ready(port) {
                return Driver(child, port);
            }
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            std::thread::yield_now();
        }
    }
    panic!("chromedriver did not start on any of five ports")
}

/// Whether the WebDriver on `port` says it is ready for a session (`GET /status`).
fn ready(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut tcp) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
    let asked =
        tcp.write_all(b"GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if asked.is_err() {
        return false;
    }
    // chromedriver keeps the connection open: read until the answer says it.
    let mut answer = Vec::new();
    let mut chunk = [0u8; 1024];
    while let Ok(n) = tcp.read(&mut chunk) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
        if String::from_utf8_lossy(&answer).contains("\"ready\":true") {
            return true;
        }
    }
    false
}

pub async fn browser(port: u16, downloads: &Path) -> Client {
    // One profile per browser: two chromium sharing a profile would share one session.
    static BROWSERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = BROWSERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let profile = std::env::temp_dir().join(format!("eseikyu-chromium-{}-{n}", std::process::id()));
    let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1200,1000",
                     format!("--user-data-dir={}", profile.display())],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
            }
        }
    }))
    .expect("capabilities");
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a browser session")
}
