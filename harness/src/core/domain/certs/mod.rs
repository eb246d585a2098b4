//! Certificates as the reception system records them: applications, fees and balances,
//! issuance (by the federation, or automatically for DX), renewal notices (CERT-1..12).
//! The X.509 side lives in `pki`, outside the pure domain.

mod papers;

use super::ids::{OfficeNumber, UserId};
use super::system::{OutboundMail, System};
use crate::text;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;

/// The four kinds (SPEC §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum CertKind {
    Insurance,
    Common,
    Dx,
    CarePlan,
}

impl CertKind {
    pub fn name(self) -> &'static str {
        match self {
            CertKind::Insurance => text::CERT_INSURANCE,
            CertKind::Common => text::CERT_COMMON,
            CertKind::Dx => text::CERT_DX,
            CertKind::CarePlan => text::CERT_CARE_PLAN,
        }
    }
    /// CERT-1 ASSUMPTION: the 発行先 each kind is issued to.
    pub fn subject(self) -> &'static str {
        match self {
            CertKind::CarePlan => "CarePlanJigyousho",
            _ => "KaigoJigyousho",
        }
    }
    /// CERT-6: the fee, fixed by the application instant.
    pub fn fee(self, applied: Timestamp, fee_change: Timestamp) -> u32 {
        match self {
            CertKind::Insurance if applied < fee_change => 13_200,
            CertKind::Insurance => 7_800,
            // ASSUMPTION: unchanged after 2026-04-01.
            CertKind::Common => 13_900,
            CertKind::Dx | CertKind::CarePlan => 0,
        }
    }
    /// Whether the federation approves it (all but DX, which is automatic).
    pub fn reviewed(self) -> bool {
        self != CertKind::Dx
    }
}

/// `13,200円`.
pub fn yen(amount: u32) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out + "円"
}

/// One application and, once issued, its certificate.
#[derive(Clone, Debug, Serialize)]
pub struct CertRecord {
    /// ASSUMPTION: `C` + YYYYMM + a 6-digit serial per month.
    pub number: String,
    pub user: UserId,
    pub kind: CertKind,
    pub applied: Timestamp,
    pub fee: u32,
    /// When the DX certificate is issued automatically (CERT-10).
    pub due: Option<Timestamp>,
    pub valid_from: Option<Timestamp>,
    pub valid_to: Option<Timestamp>,
    pub serial: [u8; 16],
    pub downloads: u32,
    pub renewal_notified: bool,
    /// ASSUMPTION: the federation rejected the application, with its reason.
    pub rejected: Option<String>,
    /// The 証明書発行用パスワード entered at application: it protects the PKCS#12 file.
    #[serde(skip)]
    pub(super) pkcs12_password: String,
}

impl CertRecord {
    pub fn issued(&self) -> bool {
        self.valid_from.is_some()
    }
    /// Applied for, neither issued nor rejected (発行申請中).
    pub fn pending(&self) -> bool {
        !self.issued() && self.rejected.is_none()
    }
    /// Valid from `valid_from` through `valid_to`, both included (RFC 5280 §4.1.2.5, as
    /// the TLS service's verifier reads the certificate's notAfter).
    pub fn valid_at(&self, now: Timestamp) -> bool {
        matches!((self.valid_from, self.valid_to), (Some(f), Some(t)) if f <= now && now <= t)
    }
    pub fn pkcs12_password(&self) -> &str {
        &self.pkcs12_password
    }
}

/// Why an application was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertError {
    /// CERT-7: a fee balance is outstanding.
    Balance,
    /// An application of that kind is waiting already.
    Pending,
    WrongPassword,
}

#[derive(Clone, Debug, Default)]
pub struct CertState {
    records: Vec<CertRecord>,
    serials: HashMap<(i16, i8), u32>,
    /// ACC-8: balances are per 事業所番号.
    balances: HashMap<OfficeNumber, u32>,
}

impl System {
    pub fn certificates(&self) -> &[CertRecord] {
        &self.certs.records
    }
    pub fn certificates_of(&self, user: &UserId, kinds: &[CertKind]) -> Vec<&CertRecord> {
        self.certs
            .records
            .iter()
            .filter(|r| &r.user == user && kinds.contains(&r.kind))
            .collect()
    }
    /// CERT-6, CERT-7, ACC-8: the fee balance of an office.
    pub fn balance(&self, office: &OfficeNumber) -> u32 {
        self.certs.balances.get(office).copied().unwrap_or(0)
    }
    /// A payment recorded by the federation (deduction or transfer).
    pub fn pay(&mut self, office: &OfficeNumber, amount: u32) {
        let b = self.certs.balances.entry(office.clone()).or_insert(0);
        *b = b.saturating_sub(amount);
    }
    pub fn check_cert_password(&self, user: &UserId, password: &str) -> bool {
        self.accounts
            .get(user)
            .is_some_and(|a| a.cert_password.verify(password))
    }

    /// CERT-2, CERT-6: files an application; the fee becomes the office's balance.
    pub fn apply_certificate(
        &mut self,
        user: &UserId,
        kind: CertKind,
        password: &str,
        now: Timestamp,
    ) -> Result<String, CertError> {
        if !self.check_cert_password(user, password) {
            return Err(CertError::WrongPassword);
        }
        let office = user.office();
        if kind.fee(now, self.profile.fee_change) > 0 && self.balance(&office) > 0 {
            return Err(CertError::Balance);
        }
        let pending = self
            .certs
            .records
            .iter()
            .any(|r| &r.user == user && r.kind == kind && r.pending());
        if pending {
            return Err(CertError::Pending);
        }
        let day = now.to_zoned(crate::clock::jst());
        let serial = self
            .certs
            .serials
            .entry((day.year(), day.month()))
            .or_insert(0);
        *serial += 1;
        let number = format!("C{:04}{:02}{:06}", day.year(), day.month(), serial);
        let fee = kind.fee(now, self.profile.fee_change);
        *self.certs.balances.entry(office).or_insert(0) += fee;
        let due = (!kind.reviewed()).then(|| self.dx_due(now));
        let record = CertRecord {
            number: number.clone(),
            user: user.clone(),
            kind,
            applied: now,
            fee,
            due,
            valid_from: None,
            valid_to: None,
            serial: [0; 16],
            downloads: 0,
            renewal_notified: false,
            rejected: None,
            pkcs12_password: password.to_string(),
        };
        if kind.reviewed() {
            self.effects
                .push(super::Effect::CertificateApplication(record.clone()));
        }
        self.certs.records.push(record);
        Ok(number)
    }

    /// CERT-10: a few minutes after application, never between 01:30 and 06:30 JST
    /// (ASSUMPTION: 3 minutes; a night application is issued at 06:33).
    pub fn dx_due(&self, applied: Timestamp) -> Timestamp {
        let delay = self.profile.dx_delay;
        let start = applied + delay;
        let z = start.to_zoned(crate::clock::jst());
        let minute_of_day = i32::from(z.hour()) * 60 + i32::from(z.minute());
        if !(90..390).contains(&minute_of_day) {
            return start;
        }
        z.date()
            .at(6, 30, 0, 0)
            .to_zoned(crate::clock::jst())
            .map(|opening| opening.timestamp() + delay)
            .unwrap_or(start)
    }

    /// The federation approves a certificate application: issued now.
    pub(super) fn approve_certificate(
        &mut self,
        number: &str,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> bool {
        let Some(i) = self
            .certs
            .records
            .iter()
            .position(|r| r.number == number && r.pending())
        else {
            return false;
        };
        self.issue_certificate(i, now, rng);
        true
    }

    /// A certificate issued before the simulation began and installed on the office's PC
    /// (a scenario's `installed:`): valid from `from` until `to` (default: the profile's
    /// years), downloaded once, no fee, no notice.
    pub fn install_certificate(
        &mut self,
        user: &UserId,
        kind: CertKind,
        (from, to): (Timestamp, Option<Timestamp>),
        rng: &mut impl rand::Rng,
    ) {
        let mut serial = [0u8; 16];
        rng.fill_bytes(&mut serial);
        let day = from.to_zoned(crate::clock::jst());
        let n = self
            .certs
            .serials
            .entry((day.year(), day.month()))
            .or_insert(0);
        *n += 1;
        self.certs.records.push(CertRecord {
            number: format!("C{:04}{:02}{:06}", day.year(), day.month(), n),
            user: user.clone(),
            kind,
            applied: from,
            fee: 0,
            due: None,
            valid_from: Some(from),
            valid_to: to.or_else(|| crate::clock::add_years(from, self.profile.cert_years)),
            serial,
            downloads: 1,
            renewal_notified: false,
            rejected: None,
            pkcs12_password: String::new(),
        });
    }

    /// Whether a certificate application of this 管理番号 exists.
    pub fn has_certificate_application(&self, number: &str) -> bool {
        self.certs.records.iter().any(|r| r.number == number)
    }

    /// ASSUMPTION (the seeds never show it): the federation rejects a certificate
    /// application. It is marked 却下, its fee is no longer owed, and an お知らせ tells
    /// the office why; the office may apply again.
    pub(super) fn reject_certificate(
        &mut self,
        number: &str,
        reason: &str,
        now: Timestamp,
    ) -> bool {
        let Some(r) = self
            .certs
            .records
            .iter_mut()
            .find(|r| r.number == number && r.pending())
        else {
            return false;
        };
        r.rejected = Some(reason.to_string());
        let (user, kind, fee) = (r.user.clone(), r.kind, r.fee);
        if let Some(b) = self.certs.balances.get_mut(&user.office()) {
            *b = b.saturating_sub(fee);
        }
        self.post_notice(
            &user,
            text::NOTICE_CERT_REJECTED,
            text::NOTICE_CATEGORY_CERT,
            text::notice_cert_rejected(kind.name(), number, reason),
            now,
        );
        true
    }

    fn issue_certificate(&mut self, i: usize, now: Timestamp, rng: &mut impl rand::Rng) {
        let mut serial = [0u8; 16];
        rng.fill_bytes(&mut serial);
        let years = self.profile.cert_years;
        let r = &mut self.certs.records[i];
        r.valid_from = Some(now);
        r.valid_to = crate::clock::add_years(now, years);
        r.serial = serial;
        let (user, kind, number) = (r.user.clone(), r.kind, r.number.clone());
        let body = text::notice_cert_issued(kind.name(), &number);
        self.post_notice(
            &user,
            text::NOTICE_CERT_ISSUED,
            text::NOTICE_CATEGORY_CERT,
            body.clone(),
            now,
        );
        // MSG-6 ASSUMPTION: also mailed to the ordinary notice address.
        if let Some(to) = self
            .accounts
            .get(&user)
            .and_then(|a| a.mail_address.clone())
        {
            self.effects.push(super::Effect::Mail(OutboundMail {
                to,
                subject: text::NOTICE_CERT_ISSUED.into(),
                body,
            }));
        }
    }

    /// Time passed: DX certificates fall due (CERT-10) and renewal notices go out from
    /// 90 days before expiry (CERT-8).
    pub fn tick(&mut self, now: Timestamp, rng: &mut impl rand::Rng) {
        let due: Vec<usize> = (0..self.certs.records.len())
            .filter(|&i| {
                let r = &self.certs.records[i];
                r.pending() && r.due.is_some_and(|d| d <= now)
            })
            .collect();
        for i in due {
            let at = self.certs.records[i].due.unwrap_or(now);
            self.issue_certificate(i, at, rng);
        }
        let renew: Vec<usize> = (0..self.certs.records.len())
            .filter(|&i| {
                let r = &self.certs.records[i];
                r.kind == CertKind::Insurance
                    && !r.renewal_notified
                    && r.valid_to.is_some_and(|t| self.in_renewal_window(t, now))
            })
            .collect();
        for i in renew {
            let r = &mut self.certs.records[i];
            r.renewal_notified = true;
            let (user, until) = (
                r.user.clone(),
                r.valid_to
                    .map(crate::clock::screen_date)
                    .unwrap_or_default(),
            );
            self.post_notice(
                &user,
                text::NOTICE_RENEWAL,
                text::NOTICE_CATEGORY_REFERENCE,
                text::notice_renewal(&until),
                now,
            );
        }
    }

    /// CERT-8: whether a 介護保険証明書 of this account is within its renewal window.
    pub fn renewal_due(&self, user: &UserId, now: Timestamp) -> bool {
        self.certs.records.iter().any(|r| {
            &r.user == user
                && r.kind == CertKind::Insurance
                && r.valid_to.is_some_and(|t| self.in_renewal_window(t, now))
        })
    }

    /// CERT-8: 「有効終了年月日の90日前より」 counts calendar days in JST: the window opens
    /// at 00:00 of the day `renewal_days` before the 有効終了年月日 and closes at expiry.
    pub fn in_renewal_window(&self, valid_to: Timestamp, now: Timestamp) -> bool {
        renewal_opens(valid_to, self.profile.renewal_days).is_some_and(|o| now >= o)
            && now <= valid_to
    }
}

/// The instant the renewal window opens: 00:00 JST of the day `days` before the day
/// `valid_to` falls on (CERT-8).
pub fn renewal_opens(valid_to: Timestamp, days: i64) -> Option<Timestamp> {
    let tz = crate::clock::jst();
    let day = valid_to.to_zoned(tz.clone()).date();
    let opens = day.checked_sub(jiff::Span::new().days(days)).ok()?;
    opens.to_zoned(tz).ok().map(|z| z.timestamp())
}
