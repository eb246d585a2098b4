//! `eseikyu serve` as vendors and QA teams meet it, through the clients they really use:
//! the npm `mailpit-api` and PyPI `mailpit-api-client` against the mail API, Playwright
//! for Node driving Debian's Chromium by role and label with axe-core on every page and
//! on the HTML report. `.ci/run` installs them (support::clients says how); without them
//! a test says it did not run, and under `CI=true` it fails.

use crate::support;

use std::time::Duration;
use support::clients::{self, HOW_NODE, HOW_VENV, NODE_BROWSER, NODE_MAILPIT, VENV_PYTHON};
use support::served::{base, server};

/// The mail API's first world gets the scripts' own mail over SMTP, so the two
/// Mailpit clients take turns.
static MAILBOX: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn smtp_port() -> String {
    server().1.smtp.port().to_string()
}

#[test]
fn the_npm_mailpit_client_reads_the_mail_api_as_mailpits() {
    if !clients::installed("mailpit-api (npm)", NODE_MAILPIT, HOW_NODE) {
        return;
    }
    let _turn = MAILBOX.lock().unwrap_or_else(|e| e.into_inner());
    let out = clients::run(
        "node",
        &[
            "harness/tests/clients/mailpit_npm.mjs",
            &base(),
            &smtp_port(),
        ],
        Duration::from_secs(120),
    );
    assert!(out.contains("passed, 0 failed"), "{out}");
}

#[test]
fn the_pypi_mailpit_client_reads_the_mail_api_as_mailpits() {
    if !clients::installed("mailpit-api-client (PyPI)", VENV_PYTHON, HOW_VENV) {
        return;
    }
    let _turn = MAILBOX.lock().unwrap_or_else(|e| e.into_inner());
    let out = clients::run(
        VENV_PYTHON,
        &[
            "harness/tests/clients/mailpit_pypi.py",
            &base(),
            &smtp_port(),
        ],
        Duration::from_secs(120),
    );
    assert!(out.contains("passed, 0 failed"), "{out}");
}

#[test]
fn playwright_logs_in_downloads_a_certificate_and_axe_finds_nothing() {
    if !clients::installed(
        "Playwright (npm playwright-core, axe-core)",
        NODE_BROWSER,
        HOW_NODE,
    ) || !support::chromium::browser_present()
    {
        return;
    }
    // The HTML report of a part of the corpus with a failing run, for axe too.
    let dir = std::env::temp_dir().join(format!("eseikyu-clients-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let report = dir.join("report.html");
    let failing = dir.join("failing.yaml");
    std::fs::write(
        &failing,
        "id: t/fails\ntitle: 失敗する\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2026-01-10T10:00:00+09:00\nsteps:\n  - open: ログイン\n  - see: 存在しない文言\n",
    )
    .expect("scenario written");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args(["run", "scenarios/login", "scenarios/cert/start-to-tls.yaml"])
        .arg(&failing)
        .arg("--html")
        .arg(&report)
        .output()
        .expect("eseikyu runs");
    assert!(report.exists(), "{}", String::from_utf8_lossy(&made.stderr));
    let exported = dir.join("exported.yaml");
    let out = clients::run(
        "node",
        &[
            "harness/tests/clients/browser/first_login.mjs",
            &base(),
            &report.display().to_string(),
            &format!("--export={}", exported.display()),
        ],
        Duration::from_secs(300),
    );
    assert!(out.contains("passed, 0 failed"), "{out}");
    // What the browser did, exported as a scenario, runs in process and passes.
    let yaml = std::fs::read_to_string(&exported).expect("the exported scenario");
    let _ = std::fs::remove_dir_all(&dir);
    let plan = eseikyu::scenario::parse("exported.yaml", &yaml)
        .unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
    let catcher = eseikyu::mail::catcher::shared().expect("a catcher");
    let r = eseikyu::scenario::run(&plan, 0, 0, |p, at, seed| {
        eseikyu::world::World::new(p, at, seed, catcher)
    });
    assert!(r.passed(), "{}\n{yaml}", eseikyu::report::text::failure(&r));
    assert!(yaml.contains("- screen: お知らせ一覧"), "{yaml}");
}

#[test]
fn node_tls_verifies_the_service_and_it_takes_a_downloaded_certificate() {
    if !clients::installed("node", "/usr/bin/node", "apt-get install nodejs") {
        return;
    }
    let out = clients::run(
        "node",
        &["harness/tests/clients/tls/verify.mjs", &base()],
        Duration::from_secs(120),
    );
    assert!(out.contains("passed, 0 failed"), "{out}");
}

/// Schemathesis, every check, against a server of its own (it moves clocks and makes
/// hundreds of worlds).
#[test]
fn schemathesis_finds_nothing_wrong_with_the_control_api() {
    let schemathesis = "target/clients-venv/bin/schemathesis";
    if !clients::installed("Schemathesis", schemathesis, HOW_VENV) {
        return;
    }
    let server = clients::Served::start(env!("CARGO_BIN_EXE_eseikyu"));
    let reports = std::env::temp_dir().join(format!("eseikyu-schemathesis-{}", std::process::id()));
    let out = clients::run_with(
        "harness/tests/clients/schemathesis/run.sh",
        &[&server.base],
        &[
            ("SCHEMATHESIS", schemathesis),
            ("MAX_TIME", "120"),
            ("REPORT_DIR", &reports.display().to_string()),
        ],
        Duration::from_secs(420),
    );
    let _ = std::fs::remove_dir_all(&reports);
    assert!(out.contains("schemathesis exit code: 0"), "{out}");
}
