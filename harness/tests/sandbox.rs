//! `eseikyu serve --data DIR` (#24): served worlds kept in journals, restored on start.
//! The whole corpus run over HTTP against a kept server, its worlds kept, the server
//! killed (SIGKILL) and started again on the same directory: every world reads back the
//! same, byte for byte, and its visitors' sessions go on. A busy server killed at a
//! seeded point loses nothing it answered and doubles nothing. A journal cut short is
//! reported with its position and its world restored to the last whole entry; a journal
//! of another format is refused with a message that says what to do.

use eseikyu::remote::Remote;
use eseikyu::scenario;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Command;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use crate::support;

/// `eseikyu serve --data DIR` as a process of its own (see `support::clients::Served`).
struct Kept(support::clients::Served);

impl std::ops::Deref for Kept {
    type Target = support::clients::Served;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl Kept {
    fn start(dir: &Path) -> Kept {
        let dir = dir.display().to_string();
        Kept(support::clients::Served::start_with(
            env!("CARGO_BIN_EXE_eseikyu"),
            &["--data", &dir],
        ))
    }

    /// Kills it as a crash does (SIGKILL), and what it said on standard error.
    fn kill(self) -> Vec<String> {
        self.0.kill()
    }

    fn api(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        api(&self.base, method, path, body)
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn api(base: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{base}{path}");
    let a = agent();
    let r = match (method, body) {
        ("GET", _) => a.get(&url).call(),
        ("POST", Some(b)) => a.post(&url).send_json(b),
        ("PUT", Some(b)) => a.put(&url).send_json(b),
        _ => panic!("{method}"),
    };
    // A server killed mid-request answers nothing: status 0.
    let Ok(mut r) = r else {
        return (0, Value::Null);
    };
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn bytes(base: &str, path: &str) -> Vec<u8> {
    let mut r = agent()
        .get(&format!("{base}{path}"))
        .call()
        .expect("answered");
    r.body_mut().read_to_vec().expect("bytes")
}

/// Everything a world shows outside its visitors' screens, as text: its description
/// (but the server's addresses, which a restart on port 0 changes, here and in the
/// problems that name the SMTP server), clock, mail (list, read marks,
/// each raw), letters, downloads and their bytes, secrets, problems, applications, the
/// care plan hub and its CA. Reading it changes nothing.
fn state(base: &str, world: &str) -> String {
    let w = format!("/_eseikyu/worlds/{world}");
    let (status, mut info) = api(base, "GET", &w, None);
    assert_eq!(status, 200, "{world}: {info}");
    for moved in ["smtp", "service"] {
        info.as_object_mut().expect("an object").remove(moved);
    }
    let mut out = format!("{info}\n");
    for part in [
        "/clock",
        "/api/v1/messages?limit=1000",
        "/letters",
        "/downloads",
        "/secrets",
        "/problems",
        "/applications",
        "/care-plan",
    ] {
        out.push_str(&format!(
            "{part} {}\n",
            api(base, "GET", &format!("{w}{part}"), None).1
        ));
    }
    let (_, list) = api(
        base,
        "GET",
        &format!("{w}/api/v1/messages?limit=1000"),
        None,
    );
    for m in list["messages"].as_array().into_iter().flatten() {
        let id = m["ID"].as_str().expect("an ID");
        let raw = bytes(base, &format!("{w}/api/v1/message/{id}/raw"));
        out.push_str(&format!("{id} {}\n", String::from_utf8_lossy(&raw)));
    }
    let downloads = info["downloads"].as_u64().unwrap_or(0);
    for i in 1..=downloads {
        let b = bytes(base, &format!("{w}/downloads/{i}"));
        out.push_str(&format!("download {i}: {b:?}\n"));
    }
    if info["ca_made"] == true {
        let ca = bytes(base, &format!("{w}/ca.pem"));
        out.push_str(&String::from_utf8_lossy(&ca));
    }
    let port = regex::Regex::new(r"127\.0\.0\.1:\d+").expect("regex");
    port.replace_all(&out, "127.0.0.1:PORT").into_owned()
}

/// Sends a mail from outside software to the SMTP port; whether it was taken (`250`).
fn send_outside(smtp: &str, message_id: &str) -> bool {
    let Ok(s) = std::net::TcpStream::connect(smtp) else {
        return false;
    };
    let mut reader = BufReader::new(s.try_clone().expect("clone"));
    let mut w = s;
    let mut reply = |w: &mut std::net::TcpStream, line: &str| -> String {
        if !line.is_empty() && w.write_all(line.as_bytes()).is_err() {
            return String::new();
        }
        let mut out = String::new();
        loop {
            let mut l = String::new();
            if reader.read_line(&mut l).unwrap_or(0) == 0 {
                return out;
            }
            out.push_str(&l);
            if l.len() < 4 || l.as_bytes()[3] != b'-' {
                return out;
            }
        }
    };
    let data = format!(
        "From: vendor@example.jp\r\nTo: desk@example.jp\r\nSubject: outside\r\n\
         Message-ID: <{message_id}>\r\nDate: Tue, 10 Feb 2026 10:00:00 +0900\r\n\r\nhello\r\n.\r\n"
    );
    reply(&mut w, "").starts_with("220")
        && reply(&mut w, "EHLO vendor.example.jp\r\n").starts_with("250")
        && reply(&mut w, "MAIL FROM:<vendor@example.jp>\r\n").starts_with("250")
        && reply(&mut w, "RCPT TO:<desk@example.jp>\r\n").starts_with("250")
        && reply(&mut w, "DATA\r\n").starts_with("354")
        && reply(&mut w, &data).starts_with("250")
}

/// The whole corpus over HTTP against a kept server, every world kept; then SIGKILL and
/// a start on the same directory: each world (the first, with a visitor half way and an
/// outside mail, too) reads back byte for byte, and the visitor goes on with its cookie.
#[test]
fn the_corpus_kept_comes_back_byte_for_byte_after_a_kill() {
    let dir = tempfile::tempdir().expect("a directory");
    let server = Kept::start(dir.path());
    let worlds = Rc::new(RefCell::new(vec!["default".to_string()]));
    let mut runs = 0;
    for f in support::scenario_files() {
        let name = f.display().to_string();
        let source = std::fs::read_to_string(&f).expect("reads");
        let plan = scenario::parse(&name, &source).expect("parses");
        for v in 0..plan.variants.len() {
            let (base, named) = (server.base.clone(), worlds.clone());
            let r = scenario::try_run(&plan, v, 0, move |p, at, seed| {
                let remote = Remote::open(&base, &p, at, seed)?.keep_world();
                named.borrow_mut().push(remote.world().to_string());
                Ok(remote)
            });
            // A run the HTTP driver cannot carry (a profile changed in process) is not
            // the journal's to keep.
            if r.passed() || !eseikyu::report::text::failure(&r).contains("run it in process") {
                assert!(r.passed(), "{}", eseikyu::report::text::failure(&r));
                runs += 1;
            }
        }
    }
    assert!(runs >= 80, "{runs} runs");
    // A visitor of the first world, half way through the pre-login pages.
    let visitor = agent();
    let mut r = visitor
        .get(&format!("{}/KShinsei/main", server.base))
        .call()
        .expect("answered");
    let page = r.body_mut().read_to_string().expect("a page");
    assert!(page.contains("お知らせ"), "{page}");
    assert!(send_outside(&server.smtp, "outside-1@example.jp"));

    let worlds = worlds.borrow().clone();
    let before: Vec<String> = worlds.iter().map(|w| state(&server.base, w)).collect();
    let said = server.kill();
    assert!(said.is_empty(), "nothing to report: {said:?}");

    let again = Kept::start(dir.path());
    for (w, was) in worlds.iter().zip(&before) {
        let now = state(&again.base, w);
        assert!(
            now == *was,
            "{w} differs after the restart:\n{}",
            first_difference(was, &now)
        );
    }
    assert!(
        before[0].contains("outside-1@example.jp"),
        "the outside mail was filed"
    );
    // The visitor's session is good: the same page at the same address, and it goes on.
    let mut r = visitor
        .get(&format!("{}/KShinsei/main", again.base))
        .call()
        .expect("answered");
    assert_eq!(r.body_mut().read_to_string().expect("a page"), page);
    let said = again.kill();
    assert!(said.is_empty(), "{said:?}");
}

fn first_difference(a: &str, b: &str) -> String {
    let line = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or(a.lines().count().min(b.lines().count()));
    format!(
        "before: {}\nafter:  {}",
        a.lines()
            .nth(line)
            .unwrap_or("(end)")
            .chars()
            .take(400)
            .collect::<String>(),
        b.lines()
            .nth(line)
            .unwrap_or("(end)")
            .chars()
            .take(400)
            .collect::<String>()
    )
}

/// A new world with a new office (`None` once the server answers nothing: killed).
fn world_with(base: &str, number: &str) -> Option<String> {
    let office = json!({"number": number, "state": "registered"});
    let (status, w) = api(
        base,
        "POST",
        "/_eseikyu/worlds",
        Some(json!({"offices": [office]})),
    );
    (status == 201).then(|| w["id"].as_str().unwrap_or_default().to_string())
}

/// What a busy run was told was done, to be found after the restart.
#[derive(Debug, Clone)]
enum Answered {
    /// A world made, with an office registered and its facts.
    Office { world: String, facts: Value },
    /// The world's clock after an advance that was answered.
    Clock { world: String, now: String },
    /// An outside mail taken by the SMTP port.
    Outside { id: String },
    /// A visitor's whole first login through the site, its last page answered.
    FirstLogin { world: String, mail: String },
}

/// Several worlds, visitors and outside mail at once; the server killed (SIGKILL) after
/// a seeded number of answers, at whatever point its requests are. Started again: every
/// answered change is there, no outside mail twice, and the worlds go on.
#[test]
fn a_busy_server_killed_at_any_point_loses_nothing_it_answered() {
    let dir = tempfile::tempdir().expect("a directory");
    let server = Kept::start(dir.path());
    let answered = Arc::new(Mutex::new(Vec::<Answered>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Where to kill: drawn from a fixed seed, among the first answers.
    let kill_after = 12 + (0x5EED_u64.wrapping_mul(6364136223846793005) >> 59) as usize;
    let mut workers = Vec::new();
    for t in 0..3u32 {
        let (base, answered, stop) = (server.base.clone(), answered.clone(), stop.clone());
        workers.push(std::thread::spawn(move || {
            for round in 0.. {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                let number = format!("13{:08}", t * 1000 + round);
                let Some(world) = world_with(&base, &number) else {
                    return;
                };
                let (status, facts) = api(
                    &base,
                    "GET",
                    &format!("/_eseikyu/worlds/{world}/offices/{number}"),
                    None,
                );
                if status != 200 {
                    return;
                }
                answered.lock().expect("answers").push(Answered::Office {
                    world: world.clone(),
                    facts,
                });
                for _ in 0..3 {
                    let (status, clock) = api(
                        &base,
                        "POST",
                        &format!("/_eseikyu/worlds/{world}/clock/advance"),
                        Some(json!({"by": "1h"})),
                    );
                    if status != 200 {
                        return;
                    }
                    let now = clock["now"].as_str().unwrap_or_default().to_string();
                    answered.lock().expect("answers").push(Answered::Clock {
                        world: world.clone(),
                        now,
                    });
                }
            }
        }));
    }
    // A visitor doing new offices' first logins through the site, a world each.
    let (base, answered3, stop3) = (server.base.clone(), answered.clone(), stop.clone());
    workers.push(std::thread::spawn(move || {
        for k in 0..1000 {
            if stop3.load(std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            let number = chain::number(500 + k);
            let Some(world) = world_with(&base, &number) else {
                return;
            };
            let browser: ureq::Agent = ureq::Agent::config_builder()
                .max_redirects(0)
                .build()
                .into();
            // The chain stops at the first unanswered request (the kill).
            let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                chain::chain(&browser, &base, &world, &number, 500 + k)
            }));
            if done.is_err() {
                return;
            }
            let mail = format!("sec{}@example.jp", 500 + k);
            answered3
                .lock()
                .expect("answers")
                .push(Answered::FirstLogin { world, mail });
        }
    }));
    let smtp = server.smtp.clone();
    let (answered2, stop2) = (answered.clone(), stop.clone());
    workers.push(std::thread::spawn(move || {
        for n in 0.. {
            if stop2.load(std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            let id = format!("busy-{n}@example.jp");
            if !send_outside(&smtp, &id) {
                return;
            }
            answered2
                .lock()
                .expect("answers")
                .push(Answered::Outside { id });
        }
    }));
    // Kill once enough was answered, a first login among it (the workers are mid-request).
    loop {
        let done = answered.lock().expect("answers");
        let logged_in = done
            .iter()
            .any(|a| matches!(a, Answered::FirstLogin { .. }));
        if done.len() >= kill_after && logged_in {
            break;
        }
        drop(done);
        std::thread::yield_now();
    }
    let said = server.kill();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in workers {
        w.join().expect("a worker");
    }
    let answered = answered.lock().expect("answers").clone();
    assert!(answered.len() >= kill_after, "{answered:?}");

    let again = Kept::start(dir.path());
    let mut last_clock = std::collections::HashMap::new();
    for a in &answered {
        match a {
            Answered::Office { world, facts } => {
                let number = facts["number"].as_str().expect("a number");
                let (status, found) = again.api(
                    "GET",
                    &format!("/_eseikyu/worlds/{world}/offices/{number}"),
                    None,
                );
                assert_eq!((status, &found), (200, facts), "{world} lost its office");
            }
            Answered::Clock { world, now } => {
                last_clock.insert(world.clone(), now.clone());
            }
            Answered::FirstLogin { world, mail } => {
                // The security address is registered: its notice was sent, once.
                let (_, found) = again.api(
                    "GET",
                    &format!(
                        "/_eseikyu/worlds/{world}/api/v1/search?query=to:{mail}%20subject:登録通知"
                    ),
                    None,
                );
                assert_eq!(found["messages_count"], 1, "{world}: {found}");
            }
            Answered::Outside { id } => {
                let (_, found) = again.api(
                    "GET",
                    &format!("/api/v1/search?query=message-id:{id}"),
                    None,
                );
                assert_eq!(found["messages_count"], 1, "{id} once: {found}");
            }
        }
    }
    for (world, now) in &last_clock {
        let (_, clock) = again.api("GET", &format!("/_eseikyu/worlds/{world}/clock"), None);
        // The last answered advance is there; one more may be, if it was journaled
        // before the kill but not answered.
        let kept = clock["now"].as_str().expect("now").to_string();
        assert!(kept >= *now, "{world}: {kept} is before {now}");
    }
    // The worlds go on.
    for world in last_clock.keys() {
        let (status, _) = again.api(
            "POST",
            &format!("/_eseikyu/worlds/{world}/clock/advance"),
            Some(json!({"by": "1h"})),
        );
        assert_eq!(status, 200);
    }
    let said_again = again.kill();
    for note in said.iter().chain(&said_again) {
        assert!(
            note.contains("cut short"),
            "only a line cut by the kill: {note}"
        );
    }
}

/// A journal whose last line a stop cut short: the start reports where, restores the
/// world to its last whole entry, keeps the cut bytes beside it, and goes on appending.
#[test]
fn a_journal_cut_short_is_reported_and_restored_to_its_last_whole_entry() {
    let dir = tempfile::tempdir().expect("a directory");
    let server = Kept::start(dir.path());
    let (_, w) = server.api("POST", "/_eseikyu/worlds", Some(json!({})));
    let world = w["id"].as_str().expect("id").to_string();
    let advance = |s: &Kept| {
        s.api(
            "POST",
            &format!("/_eseikyu/worlds/{world}/clock/advance"),
            Some(json!({"by": "1h"})),
        )
        .1["now"]
            .as_str()
            .expect("now")
            .to_string()
    };
    let first = advance(&server);
    advance(&server);
    server.kill();
    // Cut the last line in the middle, as a stop while writing it would.
    let journal = dir.path().join(format!("worlds/{world}.journal"));
    let text = std::fs::read(&journal).expect("the journal");
    let last = text[..text.len() - 1]
        .iter()
        .rposition(|b| *b == b'\n')
        .expect("lines")
        + 1;
    let cut = last + (text.len() - last) / 2;
    std::fs::write(&journal, &text[..cut]).expect("cut");

    let again = Kept::start(dir.path());
    let (_, clock) = again.api("GET", &format!("/_eseikyu/worlds/{world}/clock"), None);
    assert_eq!(
        clock["now"],
        first.as_str(),
        "restored to the whole entry before"
    );
    assert_eq!(
        advance(&again),
        "2026-02-10T12:00:00+09:00",
        "and it goes on"
    );
    let said = again.kill();
    let note = said.join("\n");
    assert!(
        note.contains(&format!(
            "{world}.journal: line 3 (byte {last}) is cut short"
        )),
        "{note}"
    );
    let kept = dir
        .path()
        .join(format!("worlds/{world}.journal.damaged-{last}"));
    assert_eq!(
        std::fs::read(kept).expect("the cut bytes kept"),
        &text[last..cut]
    );
}

/// A data directory written in another journal format is refused, saying what to do.
#[test]
fn a_journal_of_another_format_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().expect("a directory");
    let server = Kept::start(dir.path());
    server.kill();
    let path = dir.path().join("server.json");
    let text = std::fs::read_to_string(&path).expect("server.json");
    std::fs::write(&path, text.replace("\"format\": 1", "\"format\": 99")).expect("writes");
    let out = Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args(support::clients::SERVE_ON_FREE_PORTS)
        .arg("--data")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("journal format 99"), "{err}");
    assert!(err.contains("start the version that wrote it"), "{err}");
}

#[path = "../../benches/support/chain.rs"]
mod chain;

/// A world driven over HTTP as a browser does (a new office's whole first login, the code
/// read through the mail API) and by the control API (the clock): its history, exported
/// as a scenario (`GET …/scenario`, and `eseikyu export` from the data directory alike),
/// is valid, names no secret, and `eseikyu run` of it passes and sends the same mails,
/// byte for byte.
#[test]
fn a_world_driven_over_http_exports_as_a_scenario_that_replays_the_same() {
    let dir = tempfile::tempdir().expect("a directory");
    let server = Kept::start(dir.path());
    let office = json!({"number": chain::number(7), "state": "registered"});
    let (_, w) = server.api(
        "POST",
        "/_eseikyu/worlds",
        Some(json!({"offices": [office]})),
    );
    let world = w["id"].as_str().expect("id").to_string();
    let browser: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .build()
        .into();
    chain::chain(&browser, &server.base, &world, &chain::number(7), 7);
    let (status, _) = server.api(
        "POST",
        &format!("/_eseikyu/worlds/{world}/clock/advance"),
        Some(json!({"by": "1h"})),
    );
    assert_eq!(status, 200);
    let yaml = String::from_utf8(bytes(
        &server.base,
        &format!("/_eseikyu/worlds/{world}/scenario"),
    ))
    .expect("text");
    let served = state(&server.base, &world);
    let (_, facts) = server.api(
        "GET",
        &format!("/_eseikyu/worlds/{world}/offices/{}", chain::number(7)),
        None,
    );
    let (_, list) = server.api(
        "GET",
        &format!("/_eseikyu/worlds/{world}/api/v1/messages"),
        None,
    );
    let mut raws: Vec<Vec<u8>> = list["messages"]
        .as_array()
        .expect("mails")
        .iter()
        .map(|m| {
            let id = m["ID"].as_str().expect("an ID");
            bytes(
                &server.base,
                &format!("/_eseikyu/worlds/{world}/api/v1/message/{id}/raw"),
            )
        })
        .collect();
    raws.reverse(); // Mailpit lists the newest first.
    server.kill();
    assert!(!served.is_empty());

    // The data directory gives the same file.
    let exported = support::eseikyu(&[
        "export",
        "--data",
        &dir.path().display().to_string(),
        &world,
    ]);
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&exported.stdout), yaml);

    for secret in ["temp_password", "cert_password"] {
        let value = facts[secret].as_str().expect("a secret");
        assert!(!yaml.contains(value), "{secret} is written:\n{yaml}");
    }
    assert!(yaml.contains("${offices."), "{yaml}");
    assert!(
        yaml.contains("capture:"),
        "the code is captured from its mail:\n{yaml}"
    );
    assert!(yaml.contains("- screen: お知らせ一覧"), "{yaml}");
    let plan = scenario::parse("exported.yaml", &yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
    let catcher = eseikyu::mail::catcher::shared().expect("a catcher");
    let r = scenario::run(&plan, 0, 0, |p, at, seed| {
        eseikyu::world::World::new(p, at, seed, catcher)
    });
    assert!(r.passed(), "{}\n{yaml}", eseikyu::report::text::failure(&r));
    let ran: Vec<Vec<u8>> = r.mails.iter().map(|m| m.raw.clone()).collect();
    assert_eq!(ran.len(), raws.len(), "{yaml}");
    assert!(
        ran == raws,
        "the run's mails are the served world's, byte for byte"
    );
}
