//! The door holds: the whole corpus run over HTTP against `eseikyu serve` (its site read
//! as a browser reads it, its control API, its Mailpit API), two runs at a time, passes
//! with everything byte-identical to the in-process run: transcripts, the raw mails,
//! the letters, every downloaded file, the CA.

use eseikyu::cli::{System, run_all};
use eseikyu::profile::Profile;
use eseikyu::scenario::{self, RunResult, Scenario};
use eseikyu::serve::worlds::Recipe;

use crate::support;

fn corpus() -> Vec<Scenario> {
    support::scenario_files()
        .iter()
        .map(|f| {
            let name = f.display().to_string();
            let source = std::fs::read_to_string(f).expect("reads");
            scenario::parse(&name, &source).expect("parses")
        })
        .collect()
}

/// What must be the same, run for run.
#[derive(PartialEq)]
struct Outcome {
    name: String,
    passed: bool,
    transcript: String,
    mails: Vec<Vec<u8>>,
    letters: Vec<String>,
    files: Vec<(String, Vec<u8>, Option<String>)>,
    ca: Option<String>,
}

fn outcome(r: &RunResult) -> Outcome {
    Outcome {
        name: r.name(),
        passed: r.passed(),
        transcript: r.transcript.clone(),
        mails: r.mails.iter().map(|m| m.raw.clone()).collect(),
        letters: r
            .letters
            .iter()
            .map(|l| format!("{}\n{}\n{}\n{}", l.to, l.title, l.posted, l.text))
            .collect(),
        files: r
            .downloads
            .iter()
            .map(|d| (d.name.clone(), d.bytes.clone(), d.password.clone()))
            .collect(),
        ca: r.ca_pem.clone(),
    }
}

#[test]
fn the_corpus_over_http_is_byte_identical_to_the_corpus_in_process() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let running = rt
        .block_on(eseikyu::serve::start(eseikyu::serve::Options::local(
            Recipe::virtual_at("2026-02-10T10:00:00+09:00".parse().expect("instant")),
        )))
        .expect("serves");
    let target = format!("http://{}", running.site);
    let plans = corpus();
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    let local = run_all(
        &plans,
        0,
        2,
        System::InProcess {
            catcher,
            federation: None,
        },
    );
    let remote = run_all(&plans, 0, 2, System::Target(&target));
    // Each run's world is deleted off its worker, and every one is gone once the runs are.
    let only_default = || {
        let mut listed = ureq::get(&format!("{target}/_eseikyu/worlds"))
            .call()
            .expect("lists the worlds");
        let listed: serde_json::Value = listed.body_mut().read_json().expect("JSON");
        assert_eq!(listed["worlds"], serde_json::json!(["default"]), "{listed}");
    };
    only_default();
    assert_eq!(local.len(), remote.len());
    assert!(local.len() >= 60, "the whole corpus");
    for (l, r) in local.iter().zip(&remote) {
        assert!(
            r.passed(),
            "over HTTP: {}",
            eseikyu::report::text::failure(r)
        );
        let (a, b) = (outcome(l), outcome(r));
        if a != b {
            let first = a
                .transcript
                .lines()
                .zip(b.transcript.lines())
                .find(|(x, y)| x != y)
                .map(|(x, y)| format!("in process: {x}\nover HTTP:  {y}"))
                .unwrap_or_else(|| "the transcripts agree; mails, letters or files differ".into());
            panic!("{} differs:\n{first}", l.name());
        }
    }
    // One scenario's steps run in process and over HTTP: the two results.
    let both_ways = |steps: &str| {
        let source = format!(
            "id: t\ntitle: t\ncovers: [LGN-1]\nprofile: r2025-12\nat: 2026-02-10T10:00:00+09:00\nsteps:\n{steps}"
        );
        let plan = scenario::parse("t.yaml", &source).expect("parses");
        let one = std::slice::from_ref(&plan);
        let local = run_all(
            one,
            0,
            1,
            System::InProcess {
                catcher,
                federation: None,
            },
        );
        let remote = run_all(one, 0, 1, System::Target(&target));
        (local.into_iter().next(), remote.into_iter().next())
    };
    // A mistake in a scenario reads the same against either system.
    let (Some(local), Some(remote)) = both_ways("  - open: ログイン\n  - press: 次へ\n")
    else {
        panic!("one run each way");
    };
    let message = |r: &RunResult| r.failure.as_ref().map(|f| f.message.clone());
    assert!(
        message(&local)
            .is_some_and(|m| m.contains("no button or link named 「次へ」 on 【ログイン】"))
    );
    assert_eq!(message(&local), message(&remote));
    // A visitor who has only entered the world is on its first page, read when a step
    // first looks at it (the driver does not ask for it before): the same page, the same
    // presses, and Back at the first page does nothing, either way.
    let (Some(local), Some(remote)) = both_ways(
        "  - wait: 1h\n  - see: 介護保険の請求はこちら\n  - press: 介護保険の請求はこちら\n  - screen: トップメニュー\n  - as: \"2\"\n  - browser: back\n  - see: 介護保険の請求はこちら\n  - browser: reload\n  - press: 介護保険の請求はこちら\n  - screen: トップメニュー\n",
    ) else {
        panic!("one run each way");
    };
    for r in [&local, &remote] {
        assert!(r.passed(), "{}", eseikyu::report::text::failure(r));
    }
    assert_eq!(local.transcript, remote.transcript);
    // What cannot cross the door says so: a profile changed in process (e.g. --pkcs12).
    let mut changed = Profile::r2025_12();
    changed.pkcs12 = eseikyu::pki::Pkcs12Form::Legacy;
    let refused = eseikyu::remote::Remote::open(
        &target,
        &changed,
        "2026-02-10T10:00:00+09:00".parse().expect("at"),
        0,
    );
    let why = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        why.contains("cannot carry") && why.contains("in process"),
        "{why}"
    );
    // A target that stops answering is read as broken, never as quiet: once its world is
    // gone, every observation fails with the target's error (no epoch clock, no empty
    // lists of letters or problems).
    use eseikyu::door::{DriverError, DriverExt};
    let remote = eseikyu::remote::Remote::open(
        &target,
        &Profile::r2025_12(),
        "2026-02-10T10:00:00+09:00".parse().expect("at"),
        0,
    )
    .expect("opens");
    assert!(remote.now().is_ok() && remote.letters().is_ok());
    let gone = format!("{target}/_eseikyu/worlds/{}", remote.world());
    ureq::delete(&gone).call().expect("deletes the world");
    let target_error = |r: Result<(), DriverError>| matches!(r, Err(DriverError::Target(_)));
    assert!(target_error(remote.now().map(drop)), "now");
    assert!(target_error(remote.letters().map(drop)), "letters");
    assert!(target_error(remote.problems().map(drop)), "problems");
    assert!(target_error(remote.ca(false).map(drop)), "ca");
    assert!(target_error(remote.secrets().map(drop)), "secrets");
    drop(remote);
    // Journeys explored against the reference and the target at once, each target world
    // made with the journey's offices in one request: no difference, no world left.
    let settings = eseikyu::explore::Settings {
        seed: 1,
        journeys: 12,
        steps: 30,
        first: false,
        jobs: 2,
    };
    let reference = |p, at, seed| Ok(eseikyu::world::World::new(p, at, seed, catcher));
    let against = eseikyu::explore::Against(reference, eseikyu::cli::Target(&target));
    let outcome = eseikyu::explore::explore(settings, &against);
    assert_eq!(outcome.journeys, 12);
    let found: Vec<_> = outcome.findings.iter().map(|f| &f.broken.what).collect();
    assert!(found.is_empty(), "{found:?}");
    eseikyu::remote::settle();
    only_default();
    rt.block_on(running.stop());
}

/// A target that makes a world with its offices but does not give their facts in its
/// answer is asked for them (`GET …/offices/{number}`); one that makes the world without
/// them has each registered as before (`POST …/commands`). Either way the facts are the
/// target's, and the world is deleted once the driver is done.
#[test]
fn a_target_that_does_not_answer_the_facts_of_its_offices_is_asked_for_them() {
    use axum::extract::{Path, State};
    use axum::routing::{delete, get, post};
    use eseikyu::door::{DriverExt, OfficeSpec};
    use serde_json::{Value, json};
    use std::sync::{Arc, Mutex};

    /// What the target was asked, and whether it keeps the offices it is made with.
    #[derive(Clone)]
    struct Target {
        asked: Arc<Mutex<Vec<String>>>,
        keeps_offices: bool,
    }
    impl Target {
        fn note(&self, what: String) {
            self.asked.lock().expect("asked").push(what);
        }
    }
    fn facts(number: &str, password: &str) -> Value {
        json!({"number": number, "user_ids": [format!("KJ13{number}")],
               "temp_password": password, "cert_password": "c"})
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    for keeps_offices in [true, false] {
        let target = Target {
            asked: Arc::default(),
            keeps_offices,
        };
        let app = axum::Router::new()
            .route(
                "/_eseikyu/worlds",
                post(|State(t): State<Target>| async move {
                    t.note("make".into());
                    (
                        axum::http::StatusCode::CREATED,
                        axum::Json(json!({"id": "w1"})),
                    )
                }),
            )
            .route(
                "/_eseikyu/worlds/w1/enter",
                get(|| async { axum::response::Redirect::to("/") }),
            )
            .route(
                "/_eseikyu/worlds/w1/offices/{number}",
                get(
                    |State(t): State<Target>, Path(n): Path<String>| async move {
                        t.note(format!("facts {n}"));
                        match t.keeps_offices {
                            true => Ok(axum::Json(facts(&n, "kept"))),
                            false => Err(axum::http::StatusCode::NOT_FOUND),
                        }
                    },
                ),
            )
            .route(
                "/_eseikyu/worlds/w1/commands",
                post(
                    |State(t): State<Target>, axum::Json(c): axum::Json<Value>| async move {
                        let n = c["office"]["number"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string();
                        t.note(format!("register {n}"));
                        axum::Json(json!({"answer": "office", "office": facts(&n, "registered")}))
                    },
                ),
            )
            .route(
                "/_eseikyu/worlds/w1",
                delete(|State(t): State<Target>| async move {
                    t.note("delete".into());
                    axum::http::StatusCode::NO_CONTENT
                }),
            )
            .with_state(target.clone());
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("binds");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        rt.spawn(async move { axum::serve(listener, app).await });
        let offices = [
            OfficeSpec::registered("1311111111"),
            OfficeSpec::registered("1322222222"),
        ];
        let mut remote = eseikyu::remote::Remote::open_with(
            &base,
            &Profile::r2025_12(),
            "2026-02-10T10:00:00+09:00".parse().expect("at"),
            0,
            &offices,
        )
        .expect("opens");
        let told: Vec<String> = offices
            .iter()
            .map(|o| remote.register(o).expect("registers").temp_password)
            .collect();
        drop(remote);
        eseikyu::remote::settle();
        let asked = target.asked.lock().expect("asked").clone();
        let (password, then) = match keeps_offices {
            true => ("kept", ["facts 1311111111", "facts 1322222222"]),
            false => ("registered", ["register 1311111111", "register 1322222222"]),
        };
        assert_eq!(told, [password, password], "{asked:?}");
        assert_eq!(asked.first().map(String::as_str), Some("make"));
        assert_eq!(asked.last().map(String::as_str), Some("delete"));
        for call in then {
            assert!(asked.iter().any(|a| a == call), "{call} in {asked:?}");
        }
    }
}
