//! One-time codes: the 4-digit 確認コード (CODE-1) and the 6-digit ワンタイムパスワード (CODE-2),
//! single-use, expiring and voided by a newer code (CODE-3).

use jiff::{SignedDuration, Timestamp};
use rand::RngExt;
use subtle::ConstantTimeEq;

/// What a code proves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    /// CODE-1: an address is reachable (4 digits).
    Confirm,
    /// CODE-2: the visitor is who they say (6 digits).
    Otp,
}

impl Purpose {
    pub fn digits(self) -> usize {
        match self {
            Purpose::Confirm => 4,
            Purpose::Otp => 6,
        }
    }
}

/// Whom a code was issued to: a logged-in account, an account being reset (RESET-3), or
/// a reissue application being drafted (REISSUE-3).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Account(super::ids::UserId),
    Reset(super::ids::UserId),
    Draft(u64),
}

/// Why a code was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// The digits do not match; the code stays valid until its attempts run out.
    Wrong,
    /// Entered at or after issue + validity.
    Expired,
    /// Used already, voided by a newer code, or voided by too many wrong entries.
    Void,
    /// Too many wrong entries for this target within the window (anti-automation): no
    /// entry is checked until the window has passed.
    Throttled,
}

/// A code issued and not yet settled.
#[derive(Clone, Debug)]
pub struct Code {
    digits: String,
    issued: Timestamp,
    wrong: u32,
    state: CodeState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeState {
    Live,
    Used,
    Voided,
}

impl Code {
    /// Draws a code of `purpose`'s length from the RNG (CODE-4).
    pub fn issue(purpose: Purpose, now: Timestamp, rng: &mut impl rand::Rng) -> Code {
        let digits = (0..purpose.digits())
            .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
            .collect();
        Code {
            digits,
            issued: now,
            wrong: 0,
            state: CodeState::Live,
        }
    }
    pub fn digits(&self) -> &str {
        &self.digits
    }
    pub fn issued(&self) -> Timestamp {
        self.issued
    }
    /// Whether the code can still be redeemed (not used, not voided).
    pub fn is_live(&self) -> bool {
        self.state == CodeState::Live
    }
    /// Voids the code: a newer one was issued for the same purpose (CODE-3).
    pub fn void(&mut self) {
        if self.state == CodeState::Live {
            self.state = CodeState::Voided;
        }
    }
    /// Checks an entry (CODE-3): expired at `issued + validity`, single-use, voided after
    /// `attempts` wrong entries.
    pub fn redeem(
        &mut self,
        entered: &str,
        now: Timestamp,
        validity: SignedDuration,
        attempts: u32,
    ) -> Result<(), CodeError> {
        if self.state != CodeState::Live {
            return Err(CodeError::Void);
        }
        if now.duration_since(self.issued) >= validity {
            return Err(CodeError::Expired);
        }
        let entered = entered.trim();
        if bool::from(entered.as_bytes().ct_eq(self.digits.as_bytes())) {
            self.state = CodeState::Used;
            return Ok(());
        }
        self.wrong += 1;
        if self.wrong >= attempts {
            self.state = CodeState::Voided;
        }
        Err(CodeError::Wrong)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn expiry_is_exact_and_use_is_single() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
        let start = t("2025-12-15T10:00:00+09:00");
        let v = SignedDuration::from_mins(30);
        let mut c = Code::issue(Purpose::Confirm, start, &mut rng);
        assert_eq!(c.digits().len(), 4);
        let d = c.digits().to_string();
        let late = start + SignedDuration::from_secs(1800);
        assert_eq!(c.clone().redeem(&d, late, v, 5), Err(CodeError::Expired));
        let edge = start + SignedDuration::from_secs(1799);
        assert_eq!(c.redeem(&d, edge, v, 5), Ok(()));
        assert_eq!(c.redeem(&d, edge, v, 5), Err(CodeError::Void));
    }
}
