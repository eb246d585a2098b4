//! Lost login information (LOST-1): the self-service reset with a one-time password
//! (RESET-1..5) and the reissue application the federation reviews (REISSUE-1..9).

mod reissue;

use super::codes::{CodeError, Purpose, Subject};
use super::ids::{OfficeNumber, UserId};
use super::letters::{self, federation_name, federation_name_in_mail};
use super::notices::Notice;
use super::office::plausible_address;
use super::password::{self, PasswordHash};
use super::system::SecretKind;
use super::system::{AddressError, OutboundMail, PasswordError, System, random_password, salt};
use super::throttle::{Target, Throttled};
use crate::text;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;

/// A reissue application (REISSUE-5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Application {
    /// 管理番号: `U` + YYYYMM + a 6-digit serial counting per month (ASSUMPTION).
    pub number: String,
    pub office_number: String,
    pub office_name: String,
    pub prefecture: u8,
    pub notify_address: String,
    pub applied_at: Timestamp,
    pub decision: Option<Decision>,
}

/// The federation's answer (REISSUE-6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Approved,
    Rejected {
        #[serde(default)]
        reason: String,
    },
}

/// Why a reissue could not go on (REISSUE-9, ACC-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftError {
    Code(CodeError),
    /// The number is in no ledger (revealed only after the code, REISSUE-9).
    UnknownOffice,
    /// A proxy's number: proxies ask the federation (ACC-5).
    Agent,
    /// The draft is gone (completed or abandoned).
    Gone,
}

/// Why a decision was not recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecideError {
    #[error("no application has that 管理番号")]
    Unknown,
    #[error("the application is decided already")]
    AlreadyDecided,
}

/// Why the federation did not post login information for a paper 発行願 (ACC-7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PaperError {
    #[error("the number is in no ledger")]
    UnknownOffice,
}

/// What 【送信確認】 shows of a draft (REISSUE-4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSummary {
    pub office_number: String,
    pub office_name: String,
    pub notify_address: String,
    pub prefecture: u8,
}

#[derive(Clone, Debug, Default)]
struct Draft {
    office: String,
    address: String,
    prefecture: Option<u8>,
    confirmed: bool,
}

/// The state of both roads.
#[derive(Clone, Debug, Default)]
pub struct LostState {
    applications: Vec<Application>,
    serials: HashMap<(i16, i8), u32>,
    drafts: HashMap<u64, Draft>,
    next_draft: u64,
    /// Where each account's reset one-time password went.
    reset_sent_to: HashMap<UserId, String>,
    /// Accounts whose one-time password was right: they may set a new password.
    granted: HashMap<UserId, Timestamp>,
}

impl System {
    /// RESET-2, REISSUE-2: the 請求先都道府県 of the user IDs of an office number, when it
    /// has more than one; otherwise empty (the selection screen is skipped).
    pub fn prefecture_choices(&self, office: &str) -> Vec<u8> {
        let Some(number) = OfficeNumber::parse(office) else {
            return vec![];
        };
        let prefs: Vec<u8> = self
            .accounts
            .keys()
            .filter(|u| u.office() == number)
            .map(UserId::prefecture)
            .collect();
        if prefs.len() > 1 { prefs } else { vec![] }
    }

    /// The account an office number and (optional) prefecture name.
    fn account_of(&self, office: &str, prefecture: Option<u8>) -> Option<UserId> {
        let number = OfficeNumber::parse(office)?;
        let mut ids = self.accounts.keys().filter(|u| u.office() == number);
        match prefecture {
            Some(p) => ids.find(|u| u.prefecture() == p).cloned(),
            None => {
                let first = ids.next()?.clone();
                ids.next().is_none().then_some(first)
            }
        }
    }

    // ---- the reset (RESET-1..5) -------------------------------------------------------

    /// RESET-3: sends a one-time password to `address` only if it is a registered
    /// security address of that account. Whatever the input, the answer is the same: the
    /// visitor sees the same next screen (no account enumeration). Requests count against
    /// the office number as entered, known or not (anti-automation).
    pub fn request_reset(
        &mut self,
        office: &str,
        prefecture: Option<u8>,
        address: &str,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> Result<(), Throttled> {
        let limits = self.profile.code_limits;
        self.throttle.issue(
            Target::Office(office_key(office)),
            Purpose::Otp,
            now,
            limits,
        )?;
        let Some(user) = self.account_of(office, prefecture) else {
            return Ok(());
        };
        let registered = self
            .accounts
            .get(&user)
            .is_some_and(|a| a.security.contains(address.trim()));
        if registered {
            let to = address.trim().to_string();
            self.send_code(Subject::Reset(user.clone()), Purpose::Otp, &to, now, rng);
            self.lost.reset_sent_to.insert(user, to);
        }
        Ok(())
    }

    /// Checks the reset's one-time password. A wrong address or number answers as a
    /// wrong code does.
    pub fn verify_reset(
        &mut self,
        office: &str,
        prefecture: Option<u8>,
        address: &str,
        entered: &str,
        now: Timestamp,
    ) -> Result<UserId, CodeError> {
        let limits = self.profile.code_limits;
        let target = Target::Office(office_key(office));
        if self
            .throttle
            .may_guess(target.clone(), Purpose::Otp, now, limits)
            .is_err()
        {
            return Err(CodeError::Throttled);
        }
        let user = self.account_of(office, prefecture);
        let sent_here = user.as_ref().is_some_and(|u| {
            self.lost
                .reset_sent_to
                .get(u)
                .is_some_and(|a| a == address.trim())
        });
        let (Some(user), true) = (user, sent_here) else {
            // Counted as a wrong code is: the same answer for every unknown input.
            self.throttle.wrong(target, Purpose::Otp, now, limits);
            return Err(CodeError::Wrong);
        };
        self.redeem(Subject::Reset(user.clone()), Purpose::Otp, entered, now)?;
        self.lost.reset_sent_to.remove(&user);
        self.lost.granted.insert(user.clone(), now);
        Ok(user)
    }

    /// Whether the account has a セキュリティコード (RESET-4 shows it will be cleared).
    pub fn has_security_code(&self, user: &UserId) -> bool {
        self.accounts
            .get(user)
            .is_some_and(|a| a.security_code.is_some())
    }

    /// RESET-4, RESET-5: sets the new password, clears any security code and unlocks the
    /// account (LGN-6). Returns whether a security code was cleared.
    pub fn complete_reset(
        &mut self,
        user: &UserId,
        new: &str,
        confirm: &str,
        rng: &mut impl rand::Rng,
    ) -> Result<bool, Vec<PasswordError>> {
        if !self.lost.granted.contains_key(user) {
            return Err(vec![PasswordError::CurrentWrong]);
        }
        let mut errors: Vec<PasswordError> = password::check_rule(new, user.as_str())
            .into_iter()
            .map(PasswordError::Rule)
            .collect();
        if new != confirm {
            errors.push(PasswordError::Mismatch);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let cost = self.profile.hash_cost;
        let Some(account) = self.accounts.get_mut(user) else {
            return Err(vec![PasswordError::CurrentWrong]);
        };
        account.password = PasswordHash::new(new, salt(rng), cost);
        account.temporary = false;
        account.locked = false;
        account.failed_logins = 0;
        let had_code = account.security_code.take().is_some();
        self.lost.granted.remove(user);
        Ok(had_code)
    }

    /// Abandons a reset in progress.
    pub fn abandon_reset(&mut self, user: &UserId) {
        self.lost.granted.remove(user);
    }
}

/// A 事業所番号 as the limits count it: the number when it is one, else the text entered.
fn office_key(office: &str) -> String {
    OfficeNumber::parse(office)
        .map(|n| n.to_string())
        .unwrap_or_else(|| office.trim().to_string())
}
