//! One-time codes: the 4-digit 確認コード (CODE-1) and the 6-digit ワンタイムパスワード (CODE-2),
//! single-use, expiring and voided by a newer code (CODE-3).

use super::system::{OutboundMail, SecretKind};
use super::throttle::{Target, Throttled};
use crate::text;
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

/// The system's side of codes: issued under the anti-automation limits, mailed, redeemed.
impl super::system::System {
    // ---- codes ------------------------------------------------------------------------

    /// Issues a code and mails it (MSG-1, MSG-2); a newer code voids the older (CODE-3).
    /// Refused when the subject's target had its codes for the window (anti-automation).
    pub(super) fn issue(
        &mut self,
        subject: Subject,
        purpose: Purpose,
        to: &str,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> Result<(), Throttled> {
        let limits = self.profile.code_limits;
        self.throttle
            .issue(self.target(&subject), purpose, now, limits)?;
        self.send_code(subject, purpose, to, now, rng);
        Ok(())
    }

    /// What the anti-automation limits count a subject's codes against.
    fn target(&self, subject: &Subject) -> Target {
        match subject {
            Subject::Account(u) => Target::Account(u.clone()),
            Subject::Reset(u) => Target::Office(u.office().to_string()),
            Subject::Draft(d) => Target::Address(
                self.draft_address(*d)
                    .map(str::to_lowercase)
                    .unwrap_or_default(),
            ),
        }
    }

    /// Draws a code and mails it; the older code of the subject and purpose is voided.
    /// CODE-3 ASSUMPTION: a new code never repeats the one it replaces, so a used or
    /// voided code cannot come back by chance (a 4-digit code would, once in 10,000).
    pub(super) fn send_code(
        &mut self,
        subject: Subject,
        purpose: Purpose,
        to: &str,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) {
        let before = self
            .codes
            .get(&(subject.clone(), purpose))
            .map(|c| c.digits().to_string());
        let mut code = Code::issue(purpose, now, rng);
        for _ in 0..64 {
            if before.as_deref() != Some(code.digits()) {
                break;
            }
            code = Code::issue(purpose, now, rng);
        }
        let kind = match purpose {
            Purpose::Confirm => SecretKind::ConfirmCode,
            Purpose::Otp => SecretKind::Otp,
        };
        self.keep_secret(code.digits(), kind);
        let (title, body) = match purpose {
            Purpose::Confirm => (
                text::SUBJECT_CONFIRM_CODE,
                text::mail_confirm_code(code.digits()),
            ),
            Purpose::Otp => (text::SUBJECT_OTP, text::mail_otp(code.digits())),
        };
        self.effects.push(super::Effect::Mail(OutboundMail {
            to: to.to_string(),
            subject: title.into(),
            body,
        }));
        if let Some(mut old) = self.codes.insert((subject, purpose), code) {
            old.void();
        }
    }

    pub(super) fn redeem(
        &mut self,
        subject: Subject,
        purpose: Purpose,
        entered: &str,
        now: Timestamp,
    ) -> Result<(), CodeError> {
        let validity = self.profile.code_validity;
        let attempts = self.profile.code_attempts;
        let limits = self.profile.code_limits;
        let target = self.target(&subject);
        if self
            .throttle
            .may_guess(target.clone(), purpose, now, limits)
            .is_err()
        {
            // A code already void says so (CODE-3); a live one is voided now.
            return match self.codes.get_mut(&(subject, purpose)) {
                Some(code) if code.is_live() => {
                    code.void();
                    Err(CodeError::Throttled)
                }
                _ => Err(CodeError::Void),
            };
        }
        let result = match self.codes.get_mut(&(subject, purpose)) {
            Some(code) => code.redeem(entered, now, validity, attempts),
            None => Err(CodeError::Void),
        };
        if result == Err(CodeError::Wrong) {
            self.throttle.wrong(target, purpose, now, limits);
        }
        result
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
