//! The care plan client's file check (CPL-4) on the largest file the profile takes, 10 MiB:
//! plain UTF-8 lines (`care-plan/refused-files`'s own), and a Japanese CSV with quoted
//! fields in UTF-8 and in Shift_JIS.
//!
//! ```sh
//! cargo bench --bench linkage
//! ```

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eseikyu::domain::linkage;
use std::hint::black_box;

const MAX: usize = 10 * 1024 * 1024;

fn files(c: &mut Criterion) {
    let plain = "0123456789abcde\n".repeat(MAX / 16).into_bytes();
    let row =
        "\"1311111111\",\"請求事業所A\",\"居宅介護支援\",\"2026-04\",\"介護, \"\"予防\"\"\"\n";
    let japanese = row.repeat(MAX / row.len());
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&japanese);
    let mut g = c.benchmark_group("care_plan_file_check");
    g.sample_size(20);
    for (name, bytes) in [
        ("plain_utf8_10mib", plain),
        ("quoted_japanese_utf8_10mib", japanese.clone().into_bytes()),
        ("quoted_japanese_shift_jis", sjis.into_owned()),
    ] {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| black_box(linkage::check_file("plan.csv", &bytes, MAX).expect("accepted")))
        });
    }
    g.finish();
}

criterion_group!(benches, files);
criterion_main!(benches);
