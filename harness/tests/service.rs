//! The stand-in 介護保険資格確認等WEBサービス over real TLS: it accepts a valid KaigoJigyousho
//! certificate of the CA and refuses an expired one, a care-plan-only one and one from
//! another CA.

use eseikyu::pki::{self, Ca, Pkcs12Form};
use eseikyu::service::{Outcome, connect};

use crate::support;
use support::at;

fn seeded(n: u64) -> rand_chacha::ChaCha20Rng {
    rand::SeedableRng::seed_from_u64(n)
}

fn pfx(ca: &Ca, subject: &str) -> Vec<u8> {
    let from = at("2026-02-10T10:03:00+09:00");
    let issued = ca
        .issue(
            subject,
            from,
            pki::add_years(from, 3).expect("+3y"),
            [5; 16],
            &mut seeded(5),
        )
        .expect("issued");
    ca.pkcs12(&issued, "3MrRT3HaZ3xN", Pkcs12Form::Modern, &mut seeded(6))
        .expect("pkcs12")
}

#[test]
fn the_service_takes_only_valid_kaigo_certificates_of_the_ca() {
    let ca = Ca::new(at("2025-01-01T00:00:00+09:00"), [1; 16], &mut seeded(1)).expect("CA");
    let other =
        Ca::new(at("2025-01-01T00:00:00+09:00"), [2; 16], &mut seeded(2)).expect("another CA");
    let during = at("2026-06-01T12:00:00+09:00");
    let kaigo = pfx(&ca, "KaigoJigyousho");
    assert_eq!(
        connect(&ca, &kaigo, "3MrRT3HaZ3xN", during).expect("runs"),
        Outcome::Accepted
    );
    // Valid through its notAfter, inclusive (RFC 5280), as the domain's `valid_at` reads
    // it too; refused the second after.
    let last = connect(&ca, &kaigo, "3MrRT3HaZ3xN", at("2029-02-10T10:03:00+09:00")).expect("runs");
    assert_eq!(last, Outcome::Accepted);
    let expired =
        connect(&ca, &kaigo, "3MrRT3HaZ3xN", at("2029-02-10T10:03:01+09:00")).expect("runs");
    assert!(matches!(expired, Outcome::Refused(_)), "{expired:?}");
    let care = connect(&ca, &pfx(&ca, "CarePlanJigyousho"), "3MrRT3HaZ3xN", during).expect("runs");
    assert_eq!(care, Outcome::Refused("FORBIDDEN CarePlanJigyousho".into()));
    let foreign =
        connect(&ca, &pfx(&other, "KaigoJigyousho"), "3MrRT3HaZ3xN", during).expect("runs");
    assert!(matches!(foreign, Outcome::Refused(_)), "{foreign:?}");
    // Without the right password the certificate cannot even be loaded.
    assert!(connect(&ca, &kaigo, "wrong", during).is_err());
}
