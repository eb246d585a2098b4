//! `eseikyu serve` under the load and attacks of its hardening issue, measured: what a
//! server left running keeps, and whether one world's work or a crowd of silent sockets
//! makes the others wait.
//!
//! ```sh
//! cargo bench --bench serve_attack
//! ```
//!
//! 1. **Cookie-less flood**: 8 clients × 5,000 GETs of `/` and `/KShinsei/login` with no
//!    visitor cookie (health checks, crawlers; a connection each) into a world of its own: requests per
//!    second, the sessions the world keeps (bounded by `--max-sessions`), and the
//!    process's memory before, after, and after the world is deleted.
//! 2. **Generation stall**: a 200,000-office generation in one world while another
//!    world's 【ログイン】 page and the control API's world list are read in a loop: p50,
//!    p99 and worst latency, idle and during the generation.
//! 3. **Silent TLS sockets**: 800 sockets opened to the TLS service that never send a
//!    byte, then 20 handshakes of a real client (rustls, verifying the service): the time
//!    each takes to get the server's Finished while the silent ones are held.

use eseikyu::serve::worlds::Recipe;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let opts = eseikyu::serve::Options::local(Recipe::virtual_at(
        "2026-02-10T10:00:00+09:00".parse().expect("instant"),
    ));
    let running = rt.block_on(eseikyu::serve::start(opts)).expect("serves");
    let base = format!("http://{}", running.site);
    flood(&base);
    stall(&base);
    silent_tls(&base, running.service);
    rt.block_on(running.stop());
}

/// Part 1: cookie-less GETs of the entry pages into a world of its own.
fn flood(base: &str) {
    const CLIENTS: usize = 8;
    const EACH: usize = 5_000;
    let before = rss_mib();
    let world = new_world(base);
    let started = Instant::now();
    std::thread::scope(|s| {
        for c in 0..CLIENTS {
            let (base, world) = (base.to_string(), world.clone());
            s.spawn(move || {
                for i in 0..EACH {
                    // A client of its own for each request: no cookie is kept.
                    let agent = agent();
                    let path = if (i + c) % 2 == 0 {
                        "/"
                    } else {
                        "/KShinsei/login"
                    };
                    let r = agent
                        .get(&format!("{base}{path}"))
                        .header("Cookie", &format!("ESEIKYU_WORLD={world}"))
                        .call()
                        .expect("answered");
                    assert_eq!(r.status().as_u16(), 200);
                }
            });
        }
    });
    let elapsed = started.elapsed();
    let after = rss_mib();
    let (_, info) = api(base, "GET", &format!("/_eseikyu/worlds/{world}"), None);
    let kept = info["visitors"].as_u64().unwrap_or_default();
    api(base, "DELETE", &format!("/_eseikyu/worlds/{world}"), None);
    let deleted = rss_mib();
    println!("## 1. cookie-less flood ({CLIENTS} clients × {EACH} GETs of / and /KShinsei/login)");
    println!("requests/s | sessions kept | RSS before | after | after DELETE (MiB)");
    println!(
        "{:>10.0} | {kept:>13} | {before:>10.1} | {after:>5.1} | {deleted:>6.1}",
        (CLIENTS * EACH) as f64 / elapsed.as_secs_f64()
    );
}

/// Part 2: one world generates 200,000 offices; another world's page and the world
/// list are read meanwhile.
fn stall(base: &str) {
    let (gen_world, read_world) = (new_world(base), new_world(base));
    let reader = |stop: &AtomicBool| {
        let agent = agent();
        let mut page = Vec::new();
        let mut list = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let t = Instant::now();
            agent
                .get(&format!("{base}/KShinsei/login"))
                .header("Cookie", &format!("ESEIKYU_WORLD={read_world}"))
                .call()
                .expect("answered");
            page.push(t.elapsed());
            let t = Instant::now();
            agent
                .get(&format!("{base}/_eseikyu/worlds"))
                .call()
                .expect("answered");
            list.push(t.elapsed());
        }
        (page, list)
    };
    // Idle: two seconds of reading alone.
    let stop = AtomicBool::new(false);
    let idle = std::thread::scope(|s| {
        let h = s.spawn(|| reader(&stop));
        std::thread::sleep(Duration::from_secs(2));
        stop.store(true, Ordering::Relaxed);
        h.join().expect("reader")
    });
    // During a generation.
    let stop = AtomicBool::new(false);
    let (during, took) = std::thread::scope(|s| {
        let h = s.spawn(|| reader(&stop));
        let t = Instant::now();
        let (status, said) = api(
            base,
            "POST",
            &format!("/_eseikyu/worlds/{gen_world}/offices/generate"),
            Some(json!({ "count": 200_000 })),
        );
        let took = t.elapsed();
        stop.store(true, Ordering::Relaxed);
        assert!((200..300).contains(&status), "{status} {said}");
        (h.join().expect("reader"), took)
    });
    for w in [gen_world, read_world] {
        api(base, "DELETE", &format!("/_eseikyu/worlds/{w}"), None);
    }
    println!();
    println!(
        "## 2. another world's reads while one world generates 200,000 offices ({:.1} s)",
        took.as_secs_f64()
    );
    println!("read | when | n | p50 ms | p99 ms | worst ms");
    for (what, when, mut v) in [
        ("【ログイン】 of another world", "idle", idle.0),
        ("【ログイン】 of another world", "generating", during.0),
        ("GET /_eseikyu/worlds", "idle", idle.1),
        ("GET /_eseikyu/worlds", "generating", during.1),
    ] {
        v.sort_unstable();
        let p = |q: f64| v[((v.len() as f64 - 1.0) * q) as usize].as_secs_f64() * 1e3;
        println!(
            "{what} | {when} | {} | {:.2} | {:.2} | {:.2}",
            v.len(),
            p(0.5),
            p(0.99),
            p(1.0)
        );
    }
}

/// Part 3: silent sockets held open on the TLS service while real clients shake hands.
fn silent_tls(base: &str, service: std::net::SocketAddr) {
    const SILENT: usize = 800;
    const CLIENTS: usize = 20;
    let (_, info) = api(base, "GET", "/_eseikyu/worlds/default/service", None);
    let ca = info["ca_pem"]
        .as_str()
        .expect("the service's CA")
        .to_string();
    let mut roots = rustls::RootCertStore::empty();
    for c in rustls_pemfile(&ca) {
        roots.add(c).expect("a CA");
    }
    let config = Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth(),
    );
    let silent: Vec<std::net::TcpStream> = (0..SILENT)
        .filter_map(|_| std::net::TcpStream::connect(service).ok())
        .collect();
    let mut times = Vec::new();
    for _ in 0..CLIENTS {
        let t = Instant::now();
        let mut tcp = std::net::TcpStream::connect(service).expect("connects");
        tcp.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let name = rustls::pki_types::ServerName::try_from("localhost").expect("name");
        let mut tls = rustls::ClientConnection::new(config.clone(), name).expect("client");
        while tls.is_handshaking() {
            if tls.complete_io(&mut tcp).is_err() {
                break;
            }
        }
        times.push(t.elapsed());
    }
    let held = silent.len();
    drop(silent);
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!();
    println!("## 3. TLS handshakes while {held} silent sockets are held");
    println!("handshakes | median ms | worst ms");
    println!(
        "{CLIENTS:>10} | {:>9.2} | {:>8.2}",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}

/// The certificates of a PEM text.
fn rustls_pemfile(pem: &str) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::pem_slice_iter(pem.as_bytes())
        .filter_map(Result::ok)
        .collect()
}

fn new_world(base: &str) -> String {
    let (status, w) = api(
        base,
        "POST",
        "/_eseikyu/worlds",
        Some(json!({ "at": "2026-02-10T10:00:00+09:00" })),
    );
    assert_eq!(status, 201, "{w}");
    w["id"].as_str().expect("id").to_string()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

fn api(base: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let agent = agent();
    let url = format!("{base}{path}");
    let mut r = match (method, body) {
        ("GET", _) => agent.get(&url).call(),
        ("DELETE", _) => agent.delete(&url).call(),
        (_, Some(b)) => agent.post(&url).send_json(b),
        (_, None) => agent.post(&url).send_empty(),
    }
    .expect("answered");
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}
