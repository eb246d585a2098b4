//! Release profiles: the dated rules and every ASSUMPTION setting of SPEC.md in one place.
//!
//! A profile is plain data. The two built-in profiles describe the system before and
//! after the December 2025 release (REL-1, REL-2); tests derive variants from them
//! (for example a grace period one second shorter) to prove that each rule is really
//! read from here.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

/// The limits, a profile setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CodeLimits {
    /// Codes sent per target and purpose within `window`.
    pub issued: u32,
    /// Wrong entries taken per target and purpose within `window`, across codes.
    pub wrong: u32,
    pub window: SignedDuration,
}

/// How the PKCS#12 file is encrypted (a profile setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Pkcs12Form {
    /// PBES2 with AES-256 and HMAC-SHA-256: modern systems.
    Modern,
    /// 3DES with a SHA-1 MAC: older Windows and macOS Keychain.
    Legacy,
}

/// Names of the built-in profiles, as a scenario's `profile:` writes them.
pub const PROFILE_NAMES: &[&str] = &["r2025-12", "pre-2025-12"];

/// How expensive password hashing is (argon2id). `Fast` keeps simulation runs from being
/// dominated by hashing; `Standard` is argon2's default cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum HashCost {
    Fast,
    Standard,
}

#[derive(Clone, Debug, Serialize)]
pub struct Profile {
    pub name: String,
    /// REL-1: the instant the December 2025 release took effect; `None` for a profile of
    /// the system before it (REL-2). ASSUMPTION: 2025-12-01 00:00 JST.
    pub release: Option<Timestamp>,
    /// MAIL-3: the first instant after the grace period (2026-02-01 00:00 JST).
    pub grace_end: Timestamp,
    /// CODE-1, CODE-2: how long a 確認コード or ワンタイムパスワード stays valid.
    pub code_validity: SignedDuration,
    /// CODE-3 ASSUMPTION: wrong entries that void a code.
    pub code_attempts: u32,
    /// CODE-3 ASSUMPTION (anti-automation): codes sent and wrong entries taken per target
    /// and purpose within a sliding window.
    pub code_limits: CodeLimits,
    /// LGN-6 ASSUMPTION: wrong passwords in a row that lock an account.
    pub lockout_after: u32,
    /// MAIL-5: most security addresses an account can hold.
    pub max_security_addresses: usize,
    /// LGN-2 ASSUMPTION: length range of a セキュリティコード (digits).
    pub security_code_len: (usize, usize),
    /// NOTICE-1 ASSUMPTION: a notice counts as 新着 (and shows 「New」) this long after it starts.
    pub new_notice_window: SignedDuration,
    /// NOTICE-1: rows per page of お知らせ一覧.
    pub notices_per_page: usize,
    pub hash_cost: HashCost,
    /// CERT-6: applications from this instant pay 7,800円 for a 介護保険証明書.
    pub fee_change: Timestamp,
    /// CERT-4: the fee banner shows from this instant until `fee_change`.
    pub fee_banner_from: Timestamp,
    /// CERT-10 ASSUMPTION: how long after application a DX certificate is issued.
    pub dx_delay: SignedDuration,
    /// CERT-1: validity in years.
    pub cert_years: i16,
    /// CERT-8: days before expiry the renewal notice starts.
    pub renewal_days: i64,
    /// Which PKCS#12 form downloads use (DEPENDENCIES: legacy for older Windows/macOS).
    pub pkcs12: Pkcs12Form,
    /// CPL-1, CPL-3, CPL-4: the care plan data linkage system's dated settings.
    pub linkage: LinkageProfile,
}

/// The ケアプランデータ連携システム's settings (seed 003 and ASSUMPTIONs).
#[derive(Clone, Debug, Serialize)]
pub struct LinkageProfile {
    /// CPL-1: the system is live from 2023-04-20 (令和5年4月20日).
    pub live_from: Timestamp,
    /// CPL-3: the yearly licence fee per 事業所番号, from each instant on (21,000円).
    pub fees: Vec<(Timestamp, u32)>,
    /// CPL-3 ASSUMPTION: the longest contract applied for at once, in years (003 gives
    /// three years as its example).
    pub max_years: u8,
    /// CPL-4 ASSUMPTION: the largest file the client takes.
    pub max_file_bytes: usize,
    /// CPL-4 ASSUMPTION: files kept in one world's hub (older ones are never dropped: a
    /// full hub refuses new uploads).
    pub max_files: usize,
    /// CPL-4 ASSUMPTION: the most bytes one world's hub keeps (a full hub refuses uploads).
    pub max_total_bytes: usize,
    /// CPL-2 ASSUMPTION: the 介護・障害共通証明書 counts as a 介護保険証明書 for the
    /// linkage (003 names only the 介護保険証明書).
    pub common_certificate: bool,
}

impl LinkageProfile {
    /// CPL-3: the yearly fee for a licence applied for at `now`.
    pub fn fee_at(&self, now: Timestamp) -> u32 {
        self.fees
            .iter()
            .filter(|(from, _)| *from <= now)
            .map(|(_, fee)| *fee)
            .next_back()
            .unwrap_or(0)
    }
}

impl Profile {
    /// The built-in profile of this name, one value for the whole process: every scenario
    /// that names it holds the same one (a corpus of 10,000 files holds two profiles).
    pub fn shared(name: &str) -> Option<std::sync::Arc<Profile>> {
        use std::sync::{Arc, LazyLock};
        static R2025_12: LazyLock<Arc<Profile>> = LazyLock::new(|| Arc::new(Profile::r2025_12()));
        static PRE_2025_12: LazyLock<Arc<Profile>> =
            LazyLock::new(|| Arc::new(Profile::pre_2025_12()));
        match name {
            "r2025-12" => Some(R2025_12.clone()),
            "pre-2025-12" => Some(PRE_2025_12.clone()),
            _ => None,
        }
    }

    /// Looks a built-in profile up by the name a scenario uses.
    pub fn named(name: &str) -> Option<Profile> {
        match name {
            "r2025-12" => Some(Profile::r2025_12()),
            "pre-2025-12" => Some(Profile::pre_2025_12()),
            _ => None,
        }
    }

    /// The system after the December 2025 release (REL-1).
    pub fn r2025_12() -> Profile {
        Profile {
            name: "r2025-12".into(),
            release: Some(instant("2025-12-01T00:00:00+09:00")),
            grace_end: instant("2026-02-01T00:00:00+09:00"),
            code_validity: SignedDuration::from_mins(30),
            code_attempts: 5,
            code_limits: CodeLimits {
                issued: 5,
                wrong: 5,
                window: SignedDuration::from_hours(1),
            },
            lockout_after: 5,
            max_security_addresses: 5,
            security_code_len: (4, 8),
            new_notice_window: SignedDuration::from_hours(24 * 7),
            notices_per_page: 10,
            hash_cost: HashCost::Fast,
            fee_change: instant("2026-04-01T00:00:00+09:00"),
            fee_banner_from: instant("2026-01-01T00:00:00+09:00"),
            dx_delay: SignedDuration::from_mins(3),
            cert_years: 3,
            renewal_days: 90,
            pkcs12: Pkcs12Form::Modern,
            linkage: LinkageProfile {
                live_from: instant("2023-04-20T00:00:00+09:00"),
                fees: vec![(instant("2023-04-20T00:00:00+09:00"), 21_000)],
                max_years: 3,
                max_file_bytes: 10 * 1024 * 1024,
                max_files: 10_000,
                max_total_bytes: 256 * 1024 * 1024,
                common_certificate: true,
            },
        }
    }

    /// The system before the December 2025 release (REL-2).
    pub fn pre_2025_12() -> Profile {
        Profile {
            name: "pre-2025-12".into(),
            release: None,
            ..Profile::r2025_12()
        }
    }

    /// Whether the December 2025 release's rules apply at `now` (REL-1).
    pub fn released(&self, now: Timestamp) -> bool {
        self.release.is_some_and(|r| now >= r)
    }

    /// CERT-4: whether the fee banner and dialog are shown.
    pub fn fee_banner(&self, now: Timestamp) -> bool {
        self.release.is_some() && now >= self.fee_banner_from && now < self.fee_change
    }

    /// MAIL-3: whether an existing office may still log in without a security address.
    pub fn in_grace(&self, now: Timestamp) -> bool {
        now < self.grace_end
    }
}

fn instant(text: &str) -> Timestamp {
    // The literals above are fixed and valid; a typo is caught by the unit test below.
    text.parse().unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_instants_parse() {
        let p = Profile::r2025_12();
        assert_ne!(p.grace_end, Timestamp::UNIX_EPOCH);
        assert_ne!(p.release, Some(Timestamp::UNIX_EPOCH));
        for name in PROFILE_NAMES {
            assert!(Profile::named(name).is_some());
        }
    }
}
