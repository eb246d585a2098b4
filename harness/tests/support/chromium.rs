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

pub fn chromedriver() -> Driver {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    // Ready when it accepts connections.
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::yield_now();
    }
    Driver(child, port)
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
