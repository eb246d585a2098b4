//! Where every journey starts: the profile, the instant (one in three in the grace
//! period) and the eight offices.

use super::values::SECURITY_CODE;
use eseikyu_core::profile::Profile;
use eseikyu_door::{Claim, Installed, InstalledCert, OfficeSpec, OfficeState};
use jiff::Timestamp;

/// Where a journey starts: 2026-02-10 10:00 JST, after the December 2025 release and its
/// grace period; one in three in the grace period (MAIL-3), on 2026-01-20.
const START: &str = "2026-02-10T10:00:00+09:00";
const START_IN_GRACE: &str = "2026-01-20T10:00:00+09:00";

/// The offices every journey starts with: new, active with and without a security
/// address (in the grace period or past it), a proxy, a paper-claim office, one claiming
/// in two prefectures, one with certificates installed and a セキュリティコード, a locked
/// one (LGN-6).
pub(super) fn offices() -> Vec<OfficeSpec> {
    let office = |number: &str, state: OfficeState| OfficeSpec {
        state,
        ..OfficeSpec::registered(number)
    };
    let active = |number: &str, addresses: &[&str]| OfficeSpec {
        password: Some("Active2026!".into()),
        security_addresses: addresses.iter().map(|a| a.to_string()).collect(),
        ..office(number, OfficeState::Active)
    };
    vec![
        office("1311111111", OfficeState::Registered),
        active("1322222222", &["secure@example.jp"]),
        active("1333333333", &[]),
        OfficeSpec {
            agent: true,
            ..active("1344444444", &["proxy@example.jp"])
        },
        OfficeSpec {
            claim: Claim::Paper,
            ..office("1355555555", OfficeState::Ledger)
        },
        OfficeSpec {
            prefectures: vec![13, 27],
            ..active("1366666666", &["two@example.jp"])
        },
        // With certificates installed and a セキュリティコード to log in with (LGN-2).
        OfficeSpec {
            security_code: Some(SECURITY_CODE.into()),
            installed: vec![
                Installed::Kind(InstalledCert::Insurance),
                Installed::Kind(InstalledCert::CarePlan),
            ],
            ..active("1377777777", &["certified@example.jp"])
        },
        OfficeSpec {
            locked: true,
            ..active("1388888888", &["locked@example.jp"])
        },
    ]
}

/// The profile every journey runs under.
pub(super) fn profile() -> Profile {
    Profile::r2025_12()
}

/// Where the journey seeded `seed` starts: one in three in the grace period (MAIL-3).
pub(super) fn start(seed: u64) -> Timestamp {
    let at = if seed.is_multiple_of(3) {
        START_IN_GRACE
    } else {
        START
    };
    at.parse().unwrap_or(Timestamp::UNIX_EPOCH)
}
