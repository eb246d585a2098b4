//! Anti-automation of the code flows (ASSUMPTION; the seeds are silent): per target and
//! purpose, at most `issued` codes are sent and at most `wrong` wrong entries are taken
//! within a sliding `window`, across codes. A new code does not buy new guesses, so an
//! attacker's chance per window is at most `wrong` in 10^digits (5 in 10,000 for a
//! 4-digit 確認コード), and a victim receives at most `issued` mails per window.
//!
//! A target is what an attacker aims at: an account, an office number (the reset, which
//! counts the same whether or not the number or address is known: no enumeration), or a
//! notification address (the reissue application).

use super::codes::Purpose;
use jiff::Timestamp;
use std::collections::{HashMap, VecDeque};

pub use crate::profile::CodeLimits;

/// Whom the limits count for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Account(super::ids::UserId),
    /// A 事業所番号 as entered (trimmed).
    Office(String),
    /// A mail address as entered (trimmed, lower case).
    Address(String),
}

/// Why a flow is held back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Throttled {
    /// Too many codes were sent within the window.
    Issued,
    /// Too many wrong entries within the window.
    Guesses,
}

/// The events of the last window, per target and purpose.
#[derive(Clone, Debug, Default)]
pub struct Throttle {
    windows: HashMap<(Target, Purpose), Events>,
}

#[derive(Clone, Debug, Default)]
struct Events {
    issued: VecDeque<Timestamp>,
    wrong: VecDeque<Timestamp>,
}

impl Throttle {
    /// Counts a code about to be sent, or refuses it.
    pub fn issue(
        &mut self,
        target: Target,
        purpose: Purpose,
        now: Timestamp,
        limits: CodeLimits,
    ) -> Result<(), Throttled> {
        let e = self.events(target, purpose, now, limits);
        if e.issued.len() >= limits.issued as usize {
            return Err(Throttled::Issued);
        }
        e.issued.push_back(now);
        Ok(())
    }

    /// Whether an entry may be checked at all.
    pub fn may_guess(
        &mut self,
        target: Target,
        purpose: Purpose,
        now: Timestamp,
        limits: CodeLimits,
    ) -> Result<(), Throttled> {
        let e = self.events(target, purpose, now, limits);
        if e.wrong.len() >= limits.wrong as usize {
            return Err(Throttled::Guesses);
        }
        Ok(())
    }

    /// Counts a wrong entry.
    pub fn wrong(&mut self, target: Target, purpose: Purpose, now: Timestamp, limits: CodeLimits) {
        self.events(target, purpose, now, limits)
            .wrong
            .push_back(now);
    }

    /// The events of a target within the window ending at `now` (older ones dropped).
    fn events(
        &mut self,
        target: Target,
        purpose: Purpose,
        now: Timestamp,
        limits: CodeLimits,
    ) -> &mut Events {
        let e = self.windows.entry((target, purpose)).or_default();
        let recent = |t: &Timestamp| now.duration_since(*t) < limits.window;
        while e.issued.front().is_some_and(|t| !recent(t)) {
            e.issued.pop_front();
        }
        while e.wrong.front().is_some_and(|t| !recent(t)) {
            e.wrong.pop_front();
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    #[test]
    fn a_window_slides() {
        let limits = CodeLimits {
            issued: 2,
            wrong: 1,
            window: SignedDuration::from_hours(1),
        };
        let t0: Timestamp = "2026-01-10T10:00:00+09:00".parse().expect("instant");
        let mut th = Throttle::default();
        let target = || Target::Office("1311111111".into());
        assert!(th.issue(target(), Purpose::Otp, t0, limits).is_ok());
        assert!(th.issue(target(), Purpose::Otp, t0, limits).is_ok());
        assert_eq!(
            th.issue(target(), Purpose::Otp, t0, limits),
            Err(Throttled::Issued)
        );
        let later = t0 + SignedDuration::from_hours(1);
        assert!(th.issue(target(), Purpose::Otp, later, limits).is_ok());
        th.wrong(target(), Purpose::Otp, t0, limits);
        assert_eq!(
            th.may_guess(target(), Purpose::Otp, t0, limits),
            Err(Throttled::Guesses)
        );
        assert!(th.may_guess(target(), Purpose::Otp, later, limits).is_ok());
    }
}
