//! A whole first-login scenario (screens, argon2 hashing, 3 mails over SMTP into the
//! catcher, parsing), per run, with one and two workers.

use criterion::{Criterion, criterion_group, criterion_main};
use eseikyu::mail::catcher;
use eseikyu::scenario;
use std::hint::black_box;

const SCENARIO: &str = include_str!("../scenarios/login/new-office-first-login.yaml");

fn first_login(c: &mut Criterion) {
    let catcher = catcher::shared().expect("catcher starts");
    let plan = scenario::parse("first-login.yaml", SCENARIO).expect("scenario parses");
    let mut g = c.benchmark_group("scenario");
    g.bench_function("first_login_1_worker", |b| {
        let mut seed = 0;
        b.iter(|| {
            seed += 1;
            let r = eseikyu::cli::run_all(
                std::slice::from_ref(&plan),
                seed,
                1,
                eseikyu::cli::System::InProcess {
                    catcher,
                    federation: None,
                },
            );
            assert!(r[0].passed());
            black_box(r);
        })
    });
    // Throughput with two workers: 2 scenarios per iteration.
    let two = vec![plan.clone(), plan.clone()];
    g.throughput(criterion::Throughput::Elements(2));
    g.bench_function("first_login_2_workers", |b| {
        let mut seed = 0;
        b.iter(|| {
            seed += 1;
            let r = eseikyu::cli::run_all(
                &two,
                seed,
                2,
                eseikyu::cli::System::InProcess {
                    catcher,
                    federation: None,
                },
            );
            assert!(r.iter().all(|r| r.passed()));
            black_box(r);
        })
    });
    g.finish();
}

criterion_group!(benches, first_login);
criterion_main!(benches);
