//! The same seed gives every artifact of a run byte for byte: transcripts, raw mails,
//! letters, the CA, every certificate file (keys, RFC 6979 signatures, PKCS#12 salts) and
//! every ZIP. The corpus is run twice by the `eseikyu` binary, as a user runs it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn run_corpus(dir: &Path, seed: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_eseikyu"))
        .args([
            "run",
            "scenarios",
            "--jobs",
            "2",
            "--seed",
            seed,
            "--artifacts",
        ])
        .arg(dir)
        .output()
        .expect("eseikyu runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `dir`, by its path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("reads") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("inside").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("file reads"));
            }
        }
    }
    out
}

#[test]
fn the_same_seed_gives_every_artifact_byte_for_byte() {
    let base = std::env::temp_dir().join(format!("eseikyu-repro-{}", std::process::id()));
    let (a, b, c) = (base.join("a"), base.join("b"), base.join("c"));
    run_corpus(&a, "7");
    run_corpus(&b, "7");
    run_corpus(&c, "8");
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    let kinds = |ext: &str| {
        fa.keys()
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .count()
    };
    assert!(kinds("pfx") >= 5, "the corpus downloads certificates");
    assert!(kinds("zip") >= 1, "the corpus downloads a ZIP");
    assert!(kinds("eml") >= 20 && kinds("pem") >= 1);
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &fa {
        assert!(
            fb[path] == *bytes,
            "{} differs between two runs",
            path.display()
        );
    }
    // The seed matters: another seed gives other keys.
    let pem = fa.keys().find(|p| p.ends_with("ca.pem")).expect("a CA");
    assert_ne!(fa[pem], fc[pem], "another seed, another CA");
    let _ = std::fs::remove_dir_all(&base);
}
