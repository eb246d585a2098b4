//! The account's addresses: the ordinary notice address (LGN-3, MAIL-8) and the security
//! e-mail addresses with their one-time password and 確認コード (MAIL-1..9), and the
//! security code (LGN-2).

use super::codes::{CodeError, Purpose, Subject};
use super::ids::UserId;
use super::office::{plausible_address, same_address};
use super::password::PasswordHash;
use super::system::{OutboundMail, System, salt};
use crate::text;
use jiff::Timestamp;

/// Why an address was refused (MAIL-1, MAIL-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressError {
    Mismatch,
    Format,
    Duplicate,
    Limit,
    /// Too many codes were sent for this account within the window.
    Throttled,
}

/// What a security-address registration waits for next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Awaiting {
    /// MAIL-7: a one-time password went to the 通知先 address.
    Otp,
    /// MAIL-4: a 確認コード went to the new address.
    ConfirmCode,
}

#[derive(Clone, Debug)]
pub(super) struct PendingAddress {
    pub(super) address: String,
    pub(super) replace: Option<usize>,
    pub(super) otp_passed: bool,
}

impl System {
    // ---- the ordinary notice address (LGN-3, MAIL-8) ----------------------------------

    pub fn set_mail_address(
        &mut self,
        user: &UserId,
        address: Option<(&str, &str)>,
    ) -> Result<(), AddressError> {
        let Some(account) = self.accounts.get_mut(user) else {
            return Ok(());
        };
        let Some((address, confirm)) = address else {
            account.mail_address = None;
            return Ok(());
        };
        check_pair(address, confirm)?;
        account.mail_address = Some(address.trim().to_string());
        self.effects.push(super::Effect::Mail(OutboundMail {
            to: address.trim().to_string(),
            subject: text::SUBJECT_MAIL_REGISTERED.into(),
            body: text::mail_address_registered(user.as_str(), address.trim()),
        }));
        Ok(())
    }

    // ---- security addresses (MAIL-1..9, CODE-1..3) ------------------------------------

    /// Starts registering a security address, or replacing the one at `replace` (MAIL-9).
    /// With no address yet a 確認コード goes straight to it (MAIL-4); otherwise a one-time
    /// password goes to the 通知先 first (MAIL-7).
    pub fn begin_security_address(
        &mut self,
        user: &UserId,
        address: &str,
        confirm: &str,
        replace: Option<usize>,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> Result<Awaiting, AddressError> {
        check_pair(address, confirm)?;
        let address = address.trim().to_string();
        let max = self.profile.max_security_addresses;
        let Some(account) = self.accounts.get(user) else {
            return Err(AddressError::Format);
        };
        let security = &account.security;
        let duplicate = security
            .list()
            .iter()
            .enumerate()
            .any(|(i, a)| same_address(a, &address) && Some(i) != replace);
        if duplicate {
            return Err(AddressError::Duplicate);
        }
        if replace.is_none() && security.len() >= max {
            return Err(AddressError::Limit);
        }
        let notify = security.notify().map(str::to_string);
        let otp_needed = notify.is_some();
        self.pending.insert(
            user.clone(),
            PendingAddress {
                address: address.clone(),
                replace,
                otp_passed: !otp_needed,
            },
        );
        let subject = Subject::Account(user.clone());
        let sent = match notify {
            Some(to) => self
                .issue(subject, Purpose::Otp, &to, now, rng)
                .map(|_| Awaiting::Otp),
            None => self
                .issue(subject, Purpose::Confirm, &address, now, rng)
                .map(|_| Awaiting::ConfirmCode),
        };
        sent.map_err(|_| {
            self.pending.remove(user);
            AddressError::Throttled
        })
    }

    /// The address a registration in progress will add.
    pub fn pending_address(&self, user: &UserId) -> Option<&str> {
        self.pending.get(user).map(|p| p.address.as_str())
    }

    /// MAIL-7: checks the one-time password; on success the 確認コード goes to the new address.
    pub fn verify_otp(
        &mut self,
        user: &UserId,
        entered: &str,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> Result<(), CodeError> {
        self.redeem(Subject::Account(user.clone()), Purpose::Otp, entered, now)?;
        let Some(pending) = self.pending.get_mut(user) else {
            return Err(CodeError::Void);
        };
        pending.otp_passed = true;
        let to = pending.address.clone();
        self.issue(
            Subject::Account(user.clone()),
            Purpose::Confirm,
            &to,
            now,
            rng,
        )
        .map_err(|_| CodeError::Throttled)
    }

    /// MAIL-4: checks the 確認コード; on success the address is registered and the
    /// 「セキュリティ用メールアドレス登録通知」 is sent (MAIL-8). Returns whether an
    /// address was replaced rather than added.
    pub fn confirm_security_address(
        &mut self,
        user: &UserId,
        entered: &str,
        now: Timestamp,
    ) -> Result<bool, CodeError> {
        match self.pending.get(user) {
            Some(p) if p.otp_passed => {}
            _ => return Err(CodeError::Void),
        }
        self.redeem(
            Subject::Account(user.clone()),
            Purpose::Confirm,
            entered,
            now,
        )?;
        let Some(pending) = self.pending.remove(user) else {
            return Err(CodeError::Void);
        };
        let Some(account) = self.accounts.get_mut(user) else {
            return Err(CodeError::Void);
        };
        match pending.replace {
            Some(i) => account.security.replace(i, pending.address.clone()),
            None => account.security.push(pending.address.clone()),
        }
        self.effects.push(super::Effect::Mail(OutboundMail {
            to: pending.address.clone(),
            subject: text::SUBJECT_SECURITY_REGISTERED.into(),
            body: text::mail_security_registered(user.as_str(), &pending.address),
        }));
        Ok(pending.replace.is_some())
    }

    /// Abandons a registration in progress (the visitor pressed 戻る); its codes are voided.
    pub fn abandon_security_address(&mut self, user: &UserId) {
        self.pending.remove(user);
        for purpose in [Purpose::Otp, Purpose::Confirm] {
            if let Some(c) = self
                .codes
                .get_mut(&(Subject::Account(user.clone()), purpose))
            {
                c.void();
            }
        }
    }

    /// MAIL-6: deletes an address; the last one never goes (before the release it could, REL-2).
    pub fn delete_security_address(&mut self, user: &UserId, index: usize, now: Timestamp) -> bool {
        let released = self.profile.released(now);
        let Some(account) = self.accounts.get_mut(user) else {
            return false;
        };
        if released && account.security.len() <= 1 {
            return false;
        }
        account.security.remove(index);
        true
    }

    /// Chooses the 通知先 address (MAIL-5, MAIL-9 ASSUMPTION).
    pub fn select_notify(&mut self, user: &UserId, index: usize) {
        if let Some(a) = self.accounts.get_mut(user) {
            a.security.select(index);
        }
    }

    // ---- security code (LGN-2, LGN-9) -------------------------------------------------

    pub fn set_security_code(
        &mut self,
        user: &UserId,
        code: Option<&str>,
        rng: &mut impl rand::Rng,
    ) -> bool {
        let (lo, hi) = self.profile.security_code_len;
        let cost = self.profile.hash_cost;
        let Some(account) = self.accounts.get_mut(user) else {
            return false;
        };
        match code {
            None => account.security_code = None,
            Some(c) => {
                let valid = (lo..=hi).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit());
                if !valid {
                    return false;
                }
                account.security_code = Some(PasswordHash::new(c, salt(rng), cost));
            }
        }
        true
    }
}

pub(super) fn check_pair(address: &str, confirm: &str) -> Result<(), AddressError> {
    if address.trim() != confirm.trim() {
        return Err(AddressError::Mismatch);
    }
    if !plausible_address(address.trim()) {
        return Err(AddressError::Format);
    }
    Ok(())
}
