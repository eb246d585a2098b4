//! The CA and its certificates, checked by x509-parser and by an independent tool
//! (openssl): signature, issuer, subject, validity, EKU, PKCS#12 in both forms (CERT-1,
//! CERT-12, CERT-16).

use eseikyu::pki::{self, Ca, Pkcs12Form};
use std::process::Command;
use x509_parser::prelude::*;

use crate::support;
use support::at;

fn rng() -> rand_chacha::ChaCha20Rng {
    rand::SeedableRng::seed_from_u64(1)
}

fn openssl(args: &[&str]) -> std::process::Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl runs (the README lists it)")
}

#[test]
fn issued_certificates_verify_with_x509_parser() {
    let ca = Ca::new(at("2025-01-01T00:00:00+09:00"), [7; 16], &mut rng()).expect("CA");
    let from = at("2026-01-10T10:00:00+09:00");
    let to = pki::add_years(from, 3).expect("3 years");
    let issued = ca
        .issue("KaigoJigyousho", from, to, [9; 16], &mut rng())
        .expect("issued");
    let (_, cert) = X509Certificate::from_der(&issued.cert_der).expect("parses");
    let (_, ca_cert) = X509Certificate::from_der(ca.cert_der()).expect("CA parses");
    cert.verify_signature(Some(ca_cert.public_key()))
        .expect("signed by the CA");
    assert!(
        ca_cert.verify_signature(None).is_ok(),
        "the CA is self-signed"
    );
    let cn = |n: &X509Name<'_>| {
        n.iter_common_name()
            .next()
            .and_then(|c| c.as_str().ok())
            .map(String::from)
    };
    assert_eq!(cn(cert.issuer()).as_deref(), Some("e-seikyu CA"));
    assert_eq!(cn(cert.subject()).as_deref(), Some("KaigoJigyousho"));
    assert_eq!(cert.validity().not_before.timestamp(), from.as_second());
    assert_eq!(
        cert.validity().not_after.timestamp(),
        at("2029-01-10T10:00:00+09:00").as_second()
    );
    let eku = cert
        .extended_key_usage()
        .expect("ext")
        .expect("has EKU")
        .value;
    assert!(eku.client_auth && !eku.server_auth);
    assert!(!cert.is_ca());
    assert_eq!(
        issued.serial_hex,
        "09".repeat(16),
        "the serial comes from the world"
    );
    assert_eq!(ca.thumbprint().len(), 59, "20 bytes as AB:CD:…");
}

#[test]
fn openssl_opens_the_pkcs12_with_the_right_password_only_and_verifies_the_chain() {
    let dir = std::env::temp_dir().join(format!("eseikyu-pki-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let ca = Ca::new(at("2025-01-01T00:00:00+09:00"), [1; 16], &mut rng()).expect("CA");
    let from = at("2026-01-10T10:00:00+09:00");
    let issued = ca
        .issue(
            "CarePlanJigyousho",
            from,
            pki::add_years(from, 3).expect("+3y"),
            [2; 16],
            &mut rng(),
        )
        .expect("issued");
    // openssl checks validity at a virtual instant, not the wall clock.
    let during = at("2026-06-01T00:00:00+09:00").as_second().to_string();
    let after = at("2029-01-10T10:00:01+09:00").as_second().to_string();
    let ca_pem = dir.join("ca.pem");
    std::fs::write(&ca_pem, ca.cert_pem()).expect("write ca");
    for (form, name) in [
        (Pkcs12Form::Modern, "modern.pfx"),
        (Pkcs12Form::Legacy, "legacy.pfx"),
    ] {
        let pfx = ca
            .pkcs12(&issued, "3MrRT3HaZ3xN", form, &mut rng())
            .expect("pkcs12");
        let path = dir.join(name);
        std::fs::write(&path, &pfx).expect("write pfx");
        let p = path.to_str().expect("utf-8 path");
        let leaf = dir.join(format!("{name}.pem"));
        let l = leaf.to_str().expect("utf-8 path");
        let ok = openssl(&[
            "pkcs12",
            "-in",
            p,
            "-passin",
            "pass:3MrRT3HaZ3xN",
            "-nokeys",
            "-clcerts",
            "-out",
            l,
        ]);
        assert!(
            ok.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        let bad = openssl(&[
            "pkcs12",
            "-in",
            p,
            "-passin",
            "pass:wrong-password",
            "-nokeys",
            "-noout",
        ]);
        assert!(
            !bad.status.success(),
            "{name}: a wrong password must be refused"
        );
        let ca_path = ca_pem.to_str().expect("path");
        let verify = openssl(&[
            "verify",
            "-attime",
            &during,
            "-purpose",
            "sslclient",
            "-CAfile",
            ca_path,
            l,
        ]);
        assert!(
            verify.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&verify.stdout),
            String::from_utf8_lossy(&verify.stderr)
        );
        let expired = openssl(&[
            "verify",
            "-attime",
            &after,
            "-purpose",
            "sslclient",
            "-CAfile",
            ca_path,
            l,
        ]);
        assert!(!expired.status.success(), "{name}: expired after 3 years");
        let text = openssl(&["x509", "-in", l, "-noout", "-subject", "-issuer"]);
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("CN=CarePlanJigyousho") || text.contains("CN = CarePlanJigyousho"),
            "{text}"
        );
        assert!(text.contains("e-seikyu CA"), "{text}");
        // openssl's SHA-1 fingerprint of the CA is the thumbprint published in the FAQ.
        let fp = openssl(&[
            "x509",
            "-in",
            ca_pem.to_str().expect("path"),
            "-noout",
            "-fingerprint",
            "-sha1",
        ]);
        assert!(
            String::from_utf8_lossy(&fp.stdout)
                .trim()
                .ends_with(&ca.thumbprint())
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn python_opens_the_password_zip_with_the_login_password_only() {
    let document = "証明書発行用パスワード通知書\nユーザID\tKJ131311111111\n証明書発行用パスワード\t3MrRT3HaZ3xN\n";
    // The encryption header comes from the seed; any seed's ZIP must open.
    for seed in 0..8 {
        python_opens(document, seed);
    }
}

fn python_opens(document: &str, seed: u64) {
    use std::io::Write;
    let at = at("2026-02-10T10:00:00+09:00");
    let mut rng: rand_chacha::ChaCha20Rng = rand::SeedableRng::seed_from_u64(seed);
    let zip = eseikyu::documents::password_zip(document, "Kaigo2025!", at, &mut rng).expect("zip");
    let script = r#"
import sys, zipfile, io
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
name = z.namelist()[0]
try:
    z.read(name, pwd=b"wrong")
    print("OPENED WITH A WRONG PASSWORD")
except Exception:  # bad password (or, 1 in 256, a check byte that matched and bad data)
    pass
sys.stdout.write(z.read(name, pwd="Kaigo2025!".encode()).decode("utf-8"))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&zip)
        .expect("write");
    let out = child.wait_with_output().expect("python finishes");
    assert!(out.status.success());
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(!shown.contains("OPENED WITH A WRONG PASSWORD"));
    assert_eq!(shown, document, "seed {seed}");
}
