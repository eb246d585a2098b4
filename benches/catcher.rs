//! The catcher's intake alone: ~2 KiB Japanese messages from lettre's client, one per
//! new SMTP session, and through the pooled sessions the simulator's worlds use.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eseikyu::domain::OutboundMail;
use eseikyu::mail::catcher::Engine;
use eseikyu::mail::{self, Catcher, Outbound};
use std::hint::black_box;

fn intake(c: &mut Criterion) {
    let mut g = c.benchmark_group("catcher");
    g.throughput(Throughput::Elements(1));
    for (name, engine) in [("quick", Engine::Quick), ("embedded", Engine::Embedded)] {
        let catcher = Catcher::start(0, 16, engine).expect("catcher starts");
        bench_engine(&mut g, name, &catcher);
    }
    g.finish();
}

fn bench_engine(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    catcher: &Catcher,
) {
    catcher.open("bench");
    let single = Outbound::one_session_per_message(catcher.addr(), "bench");
    let pooled = Outbound::new(catcher.addr(), "bench");
    let mail = OutboundMail {
        to: "sec@example.jp".into(),
        subject: "確認コード発行通知(介護保険)".into(),
        body: eseikyu::text::mail_confirm_code("1234").repeat(3),
    };
    let at = "2025-12-15T10:00:00+09:00".parse().expect("instant");
    let msg = mail::build(&mail, at, "1@bench").expect("message builds");
    g.bench_function(format!("lettre_one_message_per_connection/{name}"), |b| {
        b.iter(|| {
            single.send(black_box(&msg)).expect("delivered");
            black_box(catcher.take("bench"));
        })
    });
    if name == "quick" {
        // (mailin-embedded's server gives each open session a thread: not pooled.)
        g.bench_function(format!("lettre_pooled_sessions/{name}"), |b| {
            b.iter(|| {
                pooled.send(black_box(&msg)).expect("delivered");
                black_box(catcher.take("bench"));
            })
        });
    }
}

criterion_group!(benches, intake);
criterion_main!(benches);
