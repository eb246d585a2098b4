//! Certificate issuance (ECDSA P-256 key, signed by the CA) and PKCS#12 packaging, per
//! certificate.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eseikyu::pki::{self, Ca, Pkcs12Form};
use std::hint::black_box;

fn rng() -> rand_chacha::ChaCha20Rng {
    rand::SeedableRng::seed_from_u64(1)
}

fn pki(c: &mut Criterion) {
    let from: jiff::Timestamp = "2026-01-10T10:00:00+09:00".parse().expect("instant");
    let to = pki::add_years(from, 3).expect("+3y");
    let ca = Ca::new(from, [1; 16], &mut rng()).expect("CA");
    let issued = ca
        .issue("KaigoJigyousho", from, to, [2; 16], &mut rng())
        .expect("issued");
    let mut g = c.benchmark_group("pki");
    g.throughput(Throughput::Elements(1));
    g.bench_function("issue_client_certificate", |b| {
        b.iter(|| {
            black_box(
                ca.issue("KaigoJigyousho", from, to, [3; 16], &mut rng())
                    .expect("issued"),
            )
        })
    });
    for (name, form) in [
        ("pkcs12_modern", Pkcs12Form::Modern),
        ("pkcs12_legacy", Pkcs12Form::Legacy),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    ca.pkcs12(&issued, "3MrRT3HaZ3xN", form, &mut rng())
                        .expect("pkcs12"),
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, pki);
criterion_main!(benches);
