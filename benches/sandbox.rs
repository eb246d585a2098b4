//! The kept sandbox (`serve --data`): what a journal costs and how fast it replays.
//! 1,000 new offices' first-login chains over HTTP (every request a browser makes, the
//! code read through the Mailpit API) against a server keeping its worlds, then the
//! server's worlds restored from the directory as a start does, timed.
//!
//! ```sh
//! cargo bench --bench sandbox            # 1,000 chains
//! cargo bench --bench sandbox -- 200     # another number
//! ```
//!
//! Prints the chains per second while journaled (each change synced before its answer),
//! the journal's bytes per chain, and the replay: seconds and chains per second.

use eseikyu::mail::catcher::{Catcher, Engine, Unrouted};
use eseikyu::serve::worlds::{Recipe, Worlds};
use serde_json::{Value, json};
use std::time::Instant;

#[path = "support/chain.rs"]
mod chain;
use chain::{chain, number};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let first = Recipe::virtual_at("2026-02-10T10:00:00+09:00".parse().expect("instant"));
    // `-- --replay DIR`: only restore a directory a run kept (`-- --keep DIR`), to profile.
    if let Some(dir) = args.iter().skip_while(|a| *a != "--replay").nth(1) {
        let (secs, _) = restore(first, std::path::Path::new(dir));
        println!("replay {secs:.3} s");
        return;
    }
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(1000);
    let dir = tempfile::tempdir().expect("a directory");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut opts = eseikyu::serve::Options::local(first.clone());
    opts.data = Some(dir.path().to_path_buf());
    let running = rt.block_on(eseikyu::serve::start(opts)).expect("serves");
    let base = format!("http://{}", running.site);

    let agent = ureq::Agent::new_with_defaults();
    let mut r = agent
        .post(&format!("{base}/_eseikyu/worlds"))
        .send_json(json!({}))
        .expect("a world");
    let world: Value =
        serde_json::from_str(&r.body_mut().read_to_string().expect("text")).expect("json");
    let id = world["id"].as_str().expect("id").to_string();
    // Its offices, one call each (a body of 1,000 is past the API's 64 KiB).
    for k in 0..n {
        let office = json!({"number": number(k), "state": "registered"});
        agent
            .post(&format!("{base}/_eseikyu/worlds/{id}/offices"))
            .send_json(office)
            .expect("registered");
    }
    let journal = dir.path().join(format!("worlds/{id}.journal"));
    let header = std::fs::metadata(&journal).expect("its journal").len();
    let visitor: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .build()
        .into();
    let started = Instant::now();
    for k in 0..n {
        visitor.cookie_jar_lock().clear();
        chain(&visitor, &base, &id, &number(k), k);
    }
    let served = started.elapsed();
    let bytes = std::fs::metadata(&journal).expect("its journal").len() - header;
    rt.block_on(running.stop());
    drop(rt);

    let (replay, names) = restore(first, dir.path());
    assert_eq!(names, vec!["default".to_string(), id]);
    if let Some(keep) = args.iter().skip_while(|a| *a != "--keep").nth(1) {
        let _ = std::fs::remove_dir_all(keep);
        std::fs::rename(dir.path(), keep).expect("kept");
    }

    println!(
        "chains | journaled chains/s | journal bytes/chain | before the chains (offices) | replay s | replayed chains/s"
    );
    println!(
        "{n:>6} | {:>18.1} | {:>19.0} | {header:>21} bytes | {:>8.3} | {:>17.0}",
        n as f64 / served.as_secs_f64(),
        bytes as f64 / n as f64,
        replay,
        n as f64 / replay,
    );
}

/// Restores the worlds of `dir` as a start does: seconds, and the worlds' names.
fn restore(first: Recipe, dir: &std::path::Path) -> (f64, Vec<String>) {
    let catcher =
        Catcher::start_with(0, 32, Engine::Quick, Unrouted::KeepOutside).expect("a catcher");
    let started = Instant::now();
    let (worlds, notes) =
        Worlds::open(catcher, first, eseikyu::serve::Limits::default(), dir).expect("restored");
    let secs = started.elapsed().as_secs_f64();
    assert!(notes.is_empty(), "{notes:?}");
    (secs, worlds.names())
}
