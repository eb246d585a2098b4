//! Fuzz targets kept with the code: mutated scenario files through the parser and, when
//! they parse, the runner; and hostile byte streams through the SMTP catcher. `cargo test`
//! runs each briefly; set `ESEIKYU_FUZZ_CASES` to run longer, e.g. for an hour:
//!
//! ```sh
//! ESEIKYU_FUZZ_CASES=200000 cargo test --release --test all fuzz::
//! ```
//!
//! A failure is shrunk by proptest and saved under `harness/tests/fuzz.proptest-regressions`,
//! so every later run tries it first.

use eseikyu::mail::catcher::{self, Catcher, Engine};
use eseikyu::scenario;
use proptest::prelude::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::support;

/// How many cases each target runs (`ESEIKYU_FUZZ_CASES`, default a short run).
fn cases(default: u32) -> u32 {
    std::env::var("ESEIKYU_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every scenario of the corpus, as text: the seeds the mutations start from.
fn corpus() -> Vec<String> {
    support::scenario_files()
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("scenario reads"))
        .collect()
}

/// Words a mutation may put anywhere: keys, steps, names of the screens, and values at
/// the edges of every range.
const WORDS: &[&str] = &[
    "id: ../../x",
    "id: \"\"",
    "id: 123",
    "seed: null",
    "generate: null",
    "generate: 999999999",
    "at: 0000-01-01T00:00:00+09:00",
    "at: 9999-12-30T00:00:00+09:00",
    "- wait: 99999999d",
    "- wait: 0s",
    "- at: 2199-12-31T23:59:59+09:00",
    "label: ..",
    "label: a/b",
    "${",
    "${nope}",
    "${offices.1311111111.password}",
    "- press: 次へ",
    "- press: ログイン",
    "- open: ログイン",
    "- press: 発行申請を行う前に",
    "- press: 利用規約に同意して送信",
    "- wait: 3m",
    "- federation: { approve: C202604000001 }",
    "- federation: { reject: U202601000001 }",
    "- payment: { office: \"1311111111\", amount: 4294967295 }",
    "- snapshot: mail",
    "- download: { password: x }",
    "- unzip: { password: x }",
    "- connect: { password: x, expect: accepted }",
    "state: ledger",
    "state: registered",
    "claim: paper",
    "agent: true",
    "disability: true",
    "prefectures: [0, 48, 255]",
    "number: \"0000000000\"",
    "capture: { x: '(' }",
    "- see: [13,200円]",
    "\t",
    "\u{0}",
    "\u{feff}",
    "&a",
    "*a",
    "!!binary",
    "{",
    "[",
    "]",
    "}",
    ":",
    "- ",
    "#",
    "\"",
    "'",
    "ユーザID",
    "パスワード",
    "セキュリティ用メールアドレス",
    "確認コード",
];

static TRIED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static RAN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[derive(Clone, Debug)]
enum Mutation {
    /// Replace a line with a word.
    Replace(usize, usize),
    /// Insert a word before a line.
    Insert(usize, usize),
    /// Delete a line.
    Delete(usize),
    /// Repeat a line.
    Repeat(usize, u8),
    /// Flip a byte.
    Flip(usize, u8),
    /// Cut the file short.
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..WORDS.len()).prop_map(|(l, w)| Mutation::Replace(l, w)),
        (any::<usize>(), 0..WORDS.len()).prop_map(|(l, w)| Mutation::Insert(l, w)),
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), 1u8..20).prop_map(|(l, n)| Mutation::Repeat(l, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(b, v)| Mutation::Flip(b, v)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(source: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<String> = source.lines().map(str::to_string).collect();
    let mut bytes = None;
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            Mutation::Replace(l, w) if !lines.is_empty() => {
                let indent: String = lines[l % n].chars().take_while(|c| *c == ' ').collect();
                lines[l % n] = format!("{indent}{}", WORDS[*w]);
            }
            Mutation::Insert(l, w) => lines.insert(l % (lines.len() + 1), WORDS[*w].to_string()),
            Mutation::Delete(l) if !lines.is_empty() => {
                lines.remove(l % n);
            }
            Mutation::Repeat(l, k) if !lines.is_empty() => {
                let line = lines[l % n].clone();
                for _ in 0..*k {
                    lines.insert(l % n, line.clone());
                }
            }
            Mutation::Flip(b, v) => {
                let mut raw = lines.join("\n").into_bytes();
                if !raw.is_empty() {
                    let i = b % raw.len();
                    raw[i] = *v;
                }
                bytes = Some(raw);
            }
            Mutation::Truncate(b) => {
                let raw = lines.join("\n");
                let cut = b % (raw.len() + 1);
                bytes = Some(raw.as_bytes()[..cut].to_vec());
            }
            _ => {}
        }
        if let Some(raw) = bytes.take() {
            lines = String::from_utf8_lossy(&raw)
                .lines()
                .map(str::to_string)
                .collect();
            // Keep invalid UTF-8 for the last mutation only: it stops the parse anyway.
        }
    }
    lines.join("\n").into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))), ..ProptestConfig::default() })]

    /// A mutated scenario is diagnosed or run; never a panic, in the parser or in the
    /// system, and the diagnostics always have a place.
    #[test]
    fn mutated_scenarios_are_diagnosed_or_run_never_panic(
        which in any::<prop::sample::Index>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let sources = corpus();
        let source = &sources[which.index(sources.len())];
        let bytes = mutate(source, &mutations);
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        let n = TRIED.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if std::env::var_os("ESEIKYU_FUZZ_STATS").is_some() && n.is_multiple_of(1000) {
            eprintln!("fuzz: {n} files, {} ran", RAN.load(std::sync::atomic::Ordering::Relaxed));
        }
        match scenario::parse("fuzz.yaml", &text) {
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                for d in &diags {
                    let _ = d.render(&text);
                }
            }
            Ok(mut plan) => {
                RAN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                // A big generated world takes seconds; the fuzzer wants many cases.
                plan.generate = plan.generate.min(500);
                let c = catcher::shared().expect("catcher");
                for v in 0..plan.variants.len().min(3) {
                    let r = scenario::run(&plan, v, 0, |p, at, s| {
                        eseikyu::world::World::new(p, at, s, c)
                    });
                    if let Some(f) = &r.failure {
                        prop_assert!(!f.message.contains("panicked"), "{}", f.message);
                    }
                }
            }
        }
    }
}

/// One piece of an SMTP conversation a hostile client may send.
fn smtp_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"EHLO x.world.eseikyu.invalid\r\n".to_vec()),
        Just(b"HELO evil\r\n".to_vec()),
        Just(b"MAIL FROM:<a@example.jp>\r\n".to_vec()),
        Just(b"MAIL FROM:<a@example.jp> SIZE=99999999999\r\n".to_vec()),
        Just(b"MAIL FROM:<a@example.jp> SIZE=x\r\n".to_vec()),
        Just(b"RCPT TO:<b@example.jp>\r\n".to_vec()),
        Just(b"DATA\r\n".to_vec()),
        Just(b"\r\n.\r\n".to_vec()),
        Just(b"\n.\r\n".to_vec()),
        Just(b".\n".to_vec()),
        Just(b"RSET\r\n".to_vec()),
        Just(b"NOOP\r\n".to_vec()),
        Just(b"STARTTLS\r\n".to_vec()),
        Just(b"AUTH PLAIN AGFkbWluAHBhc3N3b3Jk\r\n".to_vec()),
        Just(b"QUIT\r\n".to_vec()),
        (1usize..5000).prop_map(|n| vec![b'A'; n]),
        proptest::collection::vec(any::<u8>(), 0..300),
    ]
}

/// Sends `input`, reading whatever comes back, then hangs up.
fn hostile(catcher: &Catcher, input: &[u8]) {
    let Ok(s) = TcpStream::connect(catcher.addr()) else {
        return;
    };
    let _ = s.set_read_timeout(Some(Duration::from_millis(200)));
    let mut w = s.try_clone().expect("clone");
    let _ = w.write_all(input);
    let _ = w.shutdown(std::net::Shutdown::Write);
    let mut r = BufReader::new(s);
    let mut line = String::new();
    while r.read_line(&mut line).is_ok_and(|n| n > 0) {
        line.clear();
    }
}

/// A well-formed message to `world`; whether it arrived.
fn delivers(catcher: &Catcher, world: &str) -> bool {
    let s = TcpStream::connect(catcher.addr()).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut w = s.try_clone().expect("clone");
    let mut r = BufReader::new(s);
    let mut reply = || {
        let mut all = String::new();
        loop {
            let mut l = String::new();
            if r.read_line(&mut l).unwrap_or(0) == 0 {
                return all;
            }
            all.push_str(&l);
            if l.len() < 4 || l.as_bytes()[3] != b'-' {
                return all;
            }
        }
    };
    reply();
    for cmd in [
        format!("EHLO {}\r\n", catcher::hello_name(world)),
        "MAIL FROM:<kaigo_info@support.e-seikyuu.jp>\r\n".into(),
        "RCPT TO:<s@example.jp>\r\n".into(),
        "DATA\r\n".into(),
        "Subject: ok\r\n\r\nbody\r\n.\r\n".into(),
    ] {
        w.write_all(cmd.as_bytes()).expect("writes");
        let _ = reply();
    }
    catcher.take(world).len() == 1
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))), ..ProptestConfig::default() })]

    /// Whatever a client sends, the catcher goes on taking mail, files it only for the world
    /// that sent it, and keeps nothing for a world that is not open.
    #[test]
    fn hostile_smtp_never_breaks_the_catcher(pieces in proptest::collection::vec(smtp_piece(), 1..40)) {
        static CATCHER: std::sync::OnceLock<Catcher> = std::sync::OnceLock::new();
        let c = CATCHER.get_or_init(|| Catcher::start(0, 4, Engine::Quick).expect("starts"));
        c.open("fuzzed");
        let input: Vec<u8> = pieces.concat();
        hostile(c, &input);
        prop_assert!(c.take("x").is_empty(), "no mailbox for a world that is not open");
        prop_assert!(delivers(c, "fuzzed"), "the catcher still takes mail");
        prop_assert_eq!(c.open_worlds(), 1);
    }
}
