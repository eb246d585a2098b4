//! What a journey types: values that know the rules — right and wrong passwords, the
//! codes the caught mail carried (and stale ones), addresses with case and width
//! variants, known and unknown 事業所番号 — chosen by the field's name.

use eseikyu_core::text::*;
use eseikyu_door::OfficeFacts;
use eseikyu_screens::names;
use rand::{Rng, RngExt};

/// The セキュリティコード a journey sets, and the one its certified office has.
pub const SECURITY_CODE: &str = "Sec0rity1";

/// The anti-automation limits of the profile every journey runs under (CODE-3).
pub fn code_limits() -> eseikyu_core::profile::CodeLimits {
    super::profile().code_limits
}

/// What a journey knows to type.
#[derive(Default)]
pub struct Known {
    /// The offices: number, facts, current password (if active).
    pub offices: Vec<(String, OfficeFacts, Option<String>)>,
    /// Codes and one-time passwords read from caught mail, oldest first.
    pub codes: Vec<String>,
    /// Security addresses the offices have (registered or typed).
    pub addresses: Vec<String>,
    /// The office the journey is mostly about: its values are typed four times in five.
    pub focus: usize,
    /// When each code was mailed (a code mailed again is a new one), and the codes the
    /// system has taken (CODE-3).
    pub issued: std::collections::HashMap<String, jiff::Timestamp>,
    pub used: std::collections::HashSet<String>,
    /// The first answer to a well-formed reset request (RESET-3), by kind of office (one
    /// claiming in several prefectures is asked for one first, RESET-2; every other,
    /// known or not, alike): its screen's title and messages, and what was asked.
    pub reset_answers: std::collections::HashMap<String, (String, Vec<String>, String)>,
    /// The offices claiming in several prefectures.
    pub several: Vec<String>,
    /// When each address was mailed a code, by address (lower case): the anti-automation
    /// limits bound how many an hour (CODE-3).
    pub code_mails: std::collections::HashMap<String, Vec<jiff::Timestamp>>,
    /// How many accounts have each security address (lower case).
    pub sharers: std::collections::HashMap<String, usize>,
    /// When a reset request for each 事業所番号 was let through to its one-time password.
    pub reset_requests: std::collections::HashMap<String, Vec<jiff::Timestamp>>,
    /// The 管理番号 of applications the federation has not decided yet, as mails named
    /// them or as a certificate application sent was numbered.
    pub applications: Vec<String>,
    /// Wrong codes entered since the last code was mailed, by visitor and screen: a code
    /// voids after the profile's `code_attempts` (CODE-3).
    pub wrong_codes: std::collections::HashMap<(String, String), usize>,
    /// Certificates numbered, by month (JST): they are numbered
    /// `C{yyyymm}{serial}` in the order they were made, of every kind.
    pub numbered: std::collections::HashMap<(i16, i8), usize>,
}

/// A 事業所番号 no office of a journey has.
const UNKNOWN_OFFICE: &str = "1399999999";
/// A valid new password (LGN-4), and wrong ones of each kind.
const NEW_PASSWORD: &str = "Explore2026!";
const PASSWORDS_WRONG: &[&str] = &["Wrong2026!x", "short1", "abcdefghij", "1234567890"];
/// Addresses: one and its case and width variants (MAIL, RESET-3).
const ADDRESSES: &[&str] = &[
    "explore@example.jp",
    "EXPLORE@EXAMPLE.JP",
    "\u{ff45}xplore@example.jp",
    "other@example.jp",
];

impl Known {
    /// A value for the field `name` (a text or password field).
    pub fn value(&self, name: &str, rng: &mut impl Rng) -> String {
        let is = |n: &str| names::same(name, n);
        let pick = |v: &[String], rng: &mut dyn FnMut(usize) -> usize| -> Option<String> {
            (!v.is_empty()).then(|| v[rng(v.len())].clone())
        };
        let mut below = |n: usize| rng.random_range(0..n);
        if let Some((number, facts, password)) = self.offices.get(self.focus)
            && below(5) > 0
        {
            let current = password
                .clone()
                .unwrap_or_else(|| facts.temp_password.clone());
            if is(F_USER_ID) || is(F_MOBILE_USER_ID) {
                return facts.user_ids.first().cloned().unwrap_or_default();
            }
            if is(F_PASSWORD) || is(F_CURRENT_PASSWORD) {
                // Before or after the journey changed it.
                return if below(2) == 0 {
                    current
                } else {
                    NEW_PASSWORD.into()
                };
            }
            if is(F_OFFICE_NUMBER) {
                return number.clone();
            }
            if is(F_CERT_PASSWORD) {
                return facts.cert_password.clone();
            }
        }
        if is(F_USER_ID) || is(F_MOBILE_USER_ID) {
            let ids: Vec<String> = self
                .offices
                .iter()
                .flat_map(|(_, f, _)| f.user_ids.clone())
                .chain(["KJ139999999999".to_string()])
                .collect();
            return pick(&ids, &mut below).unwrap_or_default();
        }
        if is(F_PASSWORD) || is(F_CURRENT_PASSWORD) {
            let mut all: Vec<String> = self
                .offices
                .iter()
                .flat_map(|(_, f, p)| [Some(f.temp_password.clone()), p.clone()])
                .flatten()
                .collect();
            all.push(NEW_PASSWORD.into());
            all.push(PASSWORDS_WRONG[0].into());
            return pick(&all, &mut below).unwrap_or_default();
        }
        if is(F_NEW_PASSWORD) || is(F_NEW_PASSWORD_CONFIRM) || is(F_NEW_PASSWORD_CONFIRM_FULL) {
            return if below(4) > 0 {
                NEW_PASSWORD.into()
            } else {
                PASSWORDS_WRONG[below(PASSWORDS_WRONG.len())].into()
            };
        }
        if is(F_CONFIRM_CODE) || is(F_OTP) {
            // The latest code most often; a stale one, or a wrong one, sometimes.
            return match (below(6), self.codes.len()) {
                (_, 0) | (0, _) => "0000".into(),
                (1, n) if n > 1 => self.codes[below(n - 1)].clone(),
                (_, n) => self.codes[n - 1].clone(),
            };
        }
        if is(F_SECURITY_CODE) || is(F_SECURITY_CODE_CONFIRM) {
            return SECURITY_CODE.into();
        }
        if is(F_OFFICE_NUMBER) || is(F_CPL_TO) {
            // An office nobody registered a time in four (RESET-3 compares them).
            if below(4) == 0 {
                return UNKNOWN_OFFICE.into();
            }
            let numbers: Vec<String> = self.offices.iter().map(|(n, _, _)| n.clone()).collect();
            return pick(&numbers, &mut below).unwrap_or_default();
        }
        if is(F_CERT_PASSWORD) {
            let mut all: Vec<String> = self
                .offices
                .iter()
                .map(|(_, f, _)| f.cert_password.clone())
                .collect();
            all.push("wrongpass".into());
            return pick(&all, &mut below).unwrap_or_default();
        }
        let mail_field = [
            F_NEW_MAIL,
            F_NEW_MAIL_CONFIRM,
            F_SECURITY_MAIL,
            F_SECURITY_MAIL_CONFIRM,
            F_NOTIFY_MAIL,
            F_NOTIFY_MAIL_CONFIRM,
        ]
        .iter()
        .any(|n| is(n));
        if mail_field {
            let mut all: Vec<String> = ADDRESSES.iter().map(|a| a.to_string()).collect();
            all.extend(self.addresses.iter().cloned());
            return pick(&all, &mut below).unwrap_or_default();
        }
        ["x", "2026-01-01", "1"][below(3)].into()
    }

    /// A reset request for `office` at `now`: whether the anti-automation limits had let
    /// as many through within the hour before it as they let (CODE-3); `issued`: this one
    /// was let through to the one-time password.
    pub fn reset_issued(&mut self, office: &str, now: jiff::Timestamp, issued: bool) -> bool {
        let limits = code_limits();
        let sent = self.reset_requests.entry(office.to_string()).or_default();
        sent.retain(|t| now.duration_since(*t) < limits.window);
        let beyond = sent.len() >= limits.issued as usize;
        if issued {
            sent.push(now);
        }
        beyond
    }

    /// Learns the codes a mail carried — the 4- and 6-digit numbers standing on a line of
    /// their own (CODE-1, CODE-2); whether it carried a new one (a mail sent twice,
    /// as after a slow answer, carries one already known).
    pub fn read_codes(&mut self, body: &str, mailed: jiff::Timestamp) -> bool {
        let mut new = false;
        for line in body.lines().map(str::trim) {
            let digits = line.chars().all(|c| c.is_ascii_digit());
            if digits && (line.len() == 4 || line.len() == 6) {
                if self.issued.get(line) == Some(&mailed) {
                    continue;
                }
                new = true;
                self.wrong_codes.clear();
                self.codes.push(line.to_string());
                self.issued.insert(line.to_string(), mailed);
                self.used.remove(line);
            }
        }
        new
    }

    /// Learns the 管理番号 a mail names (the line after 「[管理番号]」).
    pub fn read_numbers(&mut self, body: &str) {
        let mut lines = body.lines().map(str::trim);
        while let Some(line) = lines.next() {
            if line == "[管理番号]"
                && let Some(number) = lines.next()
                && !self.applications.iter().any(|a| a == number)
            {
                self.applications.push(number.to_string());
            }
        }
    }

    /// A certificate numbered at `now`: applied for (to be reviewed by the federation
    /// unless it is a 介護DX証明書) or installed at the start; its 管理番号 is the month's
    /// next.
    pub fn numbered(&mut self, now: jiff::Timestamp, reviewed: bool) {
        let day = now.to_zoned(eseikyu_core::clock::jst()).date();
        let serial = self.numbered.entry((day.year(), day.month())).or_default();
        *serial += 1;
        if reviewed {
            let number = format!("C{:04}{:02}{:06}", day.year(), day.month(), serial);
            self.applications.push(number);
        }
    }

    /// Whether `name` is a field a code is typed into.
    pub fn is_code_field(name: &str) -> bool {
        names::same(name, F_CONFIRM_CODE) || names::same(name, F_OTP)
    }
}
