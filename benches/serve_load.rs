//! Load on `eseikyu serve`: N visitors at once each do new offices' whole first-login
//! chains over HTTP — every request a browser without JavaScript makes, redirects
//! included, and the code read through the Mailpit API — against a bare axum server
//! answering the same number of requests, N at once, with a fixed page (the ceiling on
//! this machine). The fixed page is the served 【ログイン】 page's own HTML, so both servers
//! send pages of the same size.
//!
//! ```sh
//! cargo bench --bench serve_load            # 1, 50 and 200 visitors
//! cargo bench --bench serve_load -- 50      # one level
//! ```
//!
//! Each level runs about 600 chains (at least one per visitor); every chain is a new
//! office and a new session (the visitor's cookies are cleared). Prints chains per
//! second, requests per second, p50/p99 latency per request, memory per session, and the
//! ratio of served to bare requests per second, and the servers' own CPU per request (their
//! threads' time from `/proc`: the client shares the machine).

use eseikyu::serve::worlds::Recipe;

#[path = "support/chain.rs"]
mod chain;
use chain::{chain, number};
use serde_json::{Value, json};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Chains per level, shared among the visitors.
const CHAINS: usize = 600;

fn main() {
    let levels: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let levels = if levels.is_empty() {
        vec![1, 50, 200]
    } else {
        levels
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let opts = eseikyu::serve::Options::local(Recipe::virtual_at(
        "2026-02-10T10:00:00+09:00".parse().expect("instant"),
    ));
    let running = rt.block_on(eseikyu::serve::start(opts)).expect("serves");
    let served = format!("http://{}", running.site);
    let page = login_page(&served);
    let bare = rt.block_on(bare_server(page.clone()));
    println!("fixed page: the served 【ログイン】, {} bytes", page.len());
    println!(
        "visitors | chains | chains/s | served req/s | p50 ms | p99 ms | bare req/s | served/bare | KiB per session | server CPU µs/req served / bare"
    );
    for n in levels {
        let per = CHAINS.div_ceil(n);
        let round = served_round(&served, n, per);
        let mut latencies = round.latencies;
        latencies.sort_unstable();
        let p =
            |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize].as_secs_f64() * 1e3;
        let served_rps = round.requests as f64 / round.elapsed.as_secs_f64();
        let bare_cpu = server_cpu();
        let bare_rps = bare_round(&bare, n, round.requests);
        let bare_us = (server_cpu() - bare_cpu) * 1e6 / round.requests as f64;
        println!(
            "{n:>8} | {:>6} | {:>8.1} | {served_rps:>12.0} | {:>6.2} | {:>6.2} | {bare_rps:>10.0} | {:>11.2} | {:>8.1} | {:>5.1} / {bare_us:.1}",
            round.chains,
            round.chains as f64 / round.elapsed.as_secs_f64(),
            p(0.5),
            p(0.99),
            served_rps / bare_rps,
            round.kib_per_session,
            round.server_us,
        );
    }
    rt.block_on(running.stop());
}

/// The served 【ログイン】 page (the first world), as a browser receives it.
fn login_page(base: &str) -> String {
    let agent = ureq::Agent::new_with_defaults();
    let mut r = agent
        .get(&format!("{base}/KShinsei/login"))
        .call()
        .expect("answered");
    let page = r.body_mut().read_to_string().expect("text");
    assert!(page.contains("パスワード"), "the login page");
    page
}

/// A fixed page from a bare axum server: the ceiling.
async fn bare_server(page: String) -> String {
    let page: &'static str = Box::leak(page.into_boxed_str());
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(move || async move { axum::response::Html(page) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}/")
}

/// CPU seconds the servers' threads (the runtime's workers, the SMTP catcher) have used:
/// what a request costs the server, apart from the client sharing the machine.
fn server_cpu() -> f64 {
    let tick = 100.0; // USER_HZ on Linux
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("stat")).ok())
        .filter(|stat| stat.contains("(tokio-rt-worker)") || stat.contains("(smtp-catcher)"))
        .filter_map(|stat| {
            let after = stat.rsplit_once(')')?.1;
            let f: Vec<&str> = after.split_whitespace().collect();
            // Fields 14 and 15 of the line (utime, stime): 12 and 13 after the name.
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / tick)
        })
        .sum()
}

fn rss_kib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// What one level measured.
struct Round {
    chains: usize,
    requests: usize,
    latencies: Vec<Duration>,
    elapsed: Duration,
    kib_per_session: f64,
    /// Server CPU per request, µs.
    server_us: f64,
}

/// N visitors, `per` chains each, in a world of their own with N × per registered offices.
fn served_round(base: &str, n: usize, per: usize) -> Round {
    let agent = ureq::Agent::new_with_defaults();
    let offices: Vec<Value> = (0..n * per)
        .map(|k| json!({"number": number(k), "state": "registered"}))
        .collect();
    let mut r = agent
        .post(&format!("{base}/_eseikyu/worlds"))
        .send_json(json!({"offices": offices}))
        .expect("a world");
    let world: Value =
        serde_json::from_str(&r.body_mut().read_to_string().expect("text")).expect("json");
    let id = world["id"].as_str().expect("id").to_string();
    let before = rss_kib();
    let cpu = server_cpu();
    let latencies = Mutex::new(Vec::new());
    let requests = Mutex::new(0usize);
    let started = Instant::now();
    std::thread::scope(|s| {
        for i in 0..n {
            let (id, latencies, requests) = (&id, &latencies, &requests);
            s.spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .max_redirects(0)
                    .build()
                    .into();
                for c in 0..per {
                    agent.cookie_jar_lock().clear();
                    let k = i * per + c;
                    let l = chain(&agent, base, id, &number(k), k);
                    *requests.lock().expect("lock") += l.len();
                    latencies.lock().expect("lock").extend(l);
                }
            });
        }
    });
    let elapsed = started.elapsed();
    let requests = requests.into_inner().expect("lock");
    let server_us = (server_cpu() - cpu) * 1e6 / requests as f64;
    let kib_per_session = (rss_kib() - before).max(0.0) / (n * per) as f64;
    let _ = agent.delete(&format!("{base}/_eseikyu/worlds/{id}")).call();
    Round {
        chains: n * per,
        requests,
        server_us,
        latencies: latencies.into_inner().expect("lock"),
        elapsed,
        kib_per_session,
    }
}

/// The same number of requests, N at once, on the bare server; requests per second.
fn bare_round(url: &str, n: usize, requests: usize) -> f64 {
    let per = requests.div_ceil(n);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..n {
            s.spawn(|| {
                let agent = ureq::Agent::new_with_defaults();
                for _ in 0..per {
                    let mut r = agent.get(url).call().expect("answered");
                    let _ = r.body_mut().read_to_string();
                }
            });
        }
    });
    (per * n) as f64 / started.elapsed().as_secs_f64()
}
