//! Logging in (LGN-1, LGN-2, LGN-6): user ID and password, the login code, and whether an
//! account may enter the main menu.

use super::*;

impl System {
    // ---- login (LGN-1, LGN-2, LGN-6) --------------------------------------------------

    /// Checks a user ID and password. An unknown ID and a wrong password get the same
    /// answer; wrong passwords in a row lock the account (LGN-6).
    pub fn login(&mut self, user_id: &str, password: &str, now: Timestamp) -> LoginOutcome {
        let Some(user) = UserId::parse(user_id) else {
            return LoginOutcome::Rejected;
        };
        let limit = self.profile.lockout_after;
        let Some(account) = self.accounts.get_mut(&user) else {
            return self.unknown_login(user.as_str());
        };
        if account.locked {
            return LoginOutcome::Locked;
        }
        let current = account.password.verify(password);
        // REISSUE-8: the reissued temporary password works from its letter on; its first
        // use replaces the current password and starts the first-login chain.
        let reissued = !current
            && account
                .reissued
                .as_ref()
                .is_some_and(|h| h.verify(password));
        if let Err(refused) = count_attempt(account, current || reissued, limit) {
            return refused;
        }
        if reissued && let Some(temp) = account.reissued.take() {
            account.password = temp;
            account.temporary = true;
            // ASSUMPTION: the office applied because its security addresses were unknown
            // or unusable (MAIL-5: re-registering them then needs the federation); the
            // first login with the reissued password registers new ones (LGN-3).
            account.security = SecurityAddresses::default();
        }
        if account.security_code.is_some() {
            return LoginOutcome::NeedSecurityCode;
        }
        LoginOutcome::Accepted(self.after_login(&user, now))
    }

    /// LGN-6 for an unknown user ID: the same count and the same lock as a real account's.
    fn unknown_login(&mut self, user_id: &str) -> LoginOutcome {
        let limit = self.profile.lockout_after;
        // Bounded: an attacker trying many IDs cannot grow the table without end.
        if self.unknown_logins.len() >= UNKNOWN_LOGINS_KEPT
            && !self.unknown_logins.contains_key(user_id)
        {
            self.unknown_logins.clear();
        }
        let failed = self.unknown_logins.entry(user_id.to_string()).or_insert(0);
        if *failed >= limit {
            return LoginOutcome::Locked;
        }
        *failed += 1;
        if *failed >= limit {
            LoginOutcome::Locked
        } else {
            LoginOutcome::Rejected
        }
    }

    /// LGN-2: the second factor of an account with a セキュリティコード.
    pub fn login_code(&mut self, user: &UserId, code: &str, now: Timestamp) -> LoginOutcome {
        let limit = self.profile.lockout_after;
        let Some(account) = self.accounts.get_mut(user) else {
            return LoginOutcome::Rejected;
        };
        if account.locked {
            return LoginOutcome::Locked;
        }
        let ok = account
            .security_code
            .as_ref()
            .is_some_and(|h| h.verify(code));
        if let Err(refused) = count_attempt(account, ok, limit) {
            return refused;
        }
        LoginOutcome::Accepted(self.after_login(user, now))
    }

    /// Where a logged-in account must go next (LGN-3, MAIL-2, MAIL-3).
    pub fn after_login(&self, user: &UserId, now: Timestamp) -> AfterLogin {
        let Some(account) = self.accounts.get(user) else {
            return AfterLogin::MainMenu;
        };
        if account.temporary {
            AfterLogin::FirstLogin
        } else if self.profile.released(now) && account.security.is_empty() {
            AfterLogin::SecurityRequired {
                grace: self.profile.in_grace(now),
            }
        } else {
            AfterLogin::MainMenu
        }
    }

    /// Whether the account may see the main menu now: the invariant behind MAIL-1..3.
    pub fn may_enter(&self, user: &UserId, now: Timestamp, skipped_in_grace: bool) -> bool {
        match self.after_login(user, now) {
            AfterLogin::MainMenu => true,
            AfterLogin::SecurityRequired { grace } => grace && skipped_in_grace,
            AfterLogin::FirstLogin => false,
        }
    }
}
