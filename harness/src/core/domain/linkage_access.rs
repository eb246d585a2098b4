//! Who may use the ケアプランデータ連携システム: the reception system's account (CPL-1),
//! a certificate of the right kind installed (CPL-2), and a licence applied for (CPL-3).

use super::certs::CertKind;
use super::ids::UserId;
use super::linkage::{Licence, LinkageError, Payment};
use super::system::{LoginOutcome, System};
use jiff::Timestamp;

/// Why the linkage client refuses a login (CPL-1, CPL-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkageRefusal {
    /// Before the system went live (2023-04-20).
    NotLive,
    /// Wrong or unknown: the same answer either way.
    Rejected,
    Locked,
    /// The account still has its temporary password: the first login is done in the
    /// reception system (ASSUMPTION).
    Temporary,
    /// No valid certificate of the right kind has been installed (downloaded).
    NoCertificate,
}

impl System {
    /// CPL-1: a login to the linkage client with the reception system's ユーザID and its
    /// current password. Wrong passwords count toward the same lock (LGN-6), and a lock
    /// holds in both systems. CPL-2: the office must have installed a valid certificate
    /// of a kind the linkage takes.
    pub fn linkage_login(
        &mut self,
        user_id: &str,
        password: &str,
        now: Timestamp,
    ) -> Result<UserId, LinkageRefusal> {
        if now < self.profile.linkage.live_from {
            return Err(LinkageRefusal::NotLive);
        }
        let user = match self.login(user_id, password, now) {
            LoginOutcome::Rejected => return Err(LinkageRefusal::Rejected),
            LoginOutcome::Locked => return Err(LinkageRefusal::Locked),
            // The client asks for the ID and password only (003's login screen).
            LoginOutcome::NeedSecurityCode | LoginOutcome::Accepted(_) => {
                UserId::parse(user_id).ok_or(LinkageRefusal::Rejected)?
            }
        };
        if self.account(&user).is_some_and(|a| a.temporary) {
            return Err(LinkageRefusal::Temporary);
        }
        if !self.linkage_certificate(&user, now) {
            return Err(LinkageRefusal::NoCertificate);
        }
        Ok(user)
    }

    /// CPL-2: the certificate kinds the linkage takes, whatever the office's way of
    /// claiming: the 介護保険証明書 (003: 「介護保険証明書は、ケアプランデータ連携システムで
    /// ご利用いただけます。」; ASSUMPTION: also the 介護・障害共通証明書) and the
    /// 請求委任事業所用ケアプラン証明書 (003: 「ケアプランデータ連携システムでのみ使用可能な
    /// 電子証明書です。」). ASSUMPTION: never the 介護DX証明書 (003 names only these).
    pub fn linkage_kinds(&self) -> Vec<CertKind> {
        let mut kinds = vec![CertKind::Insurance];
        if self.profile.linkage.common_certificate {
            kinds.push(CertKind::Common);
        }
        kinds.push(CertKind::CarePlan);
        kinds
    }

    /// CPL-2 ASSUMPTION: "installed" is a certificate of the office (any of its ユーザID)
    /// of the right kind, valid now, that was downloaded at least once.
    pub fn linkage_certificate(&self, user: &UserId, now: Timestamp) -> bool {
        let kinds = self.linkage_kinds();
        let office = user.office();
        self.certificates().iter().any(|c| {
            c.user.office() == office
                && kinds.contains(&c.kind)
                && c.valid_at(now)
                && c.downloads > 0
        })
    }

    /// CPL-3: applies for a licence for the account's office; an invoice is posted when
    /// the fee is paid by bank transfer (003: 「国保連合会より請求書を送付します。」).
    pub fn apply_licence(
        &mut self,
        user: &UserId,
        years: u8,
        payment: Payment,
        now: Timestamp,
    ) -> Result<Licence, LinkageError> {
        let office = user.office();
        let licence = self
            .linkage
            .apply(&office, years, payment, now, &self.profile.linkage)?;
        if payment == Payment::Invoice
            && let Some(o) = self.office(&office)
        {
            let federation = super::letters::federation_name(user.prefecture());
            self.letters.push(super::letters::licence_invoice(
                o,
                &federation,
                &licence,
                now,
            ));
        }
        Ok(licence)
    }

    /// The licences and the hub.
    pub fn linkage(&self) -> &super::linkage::Linkage {
        &self.linkage
    }
    pub fn linkage_mut(&mut self) -> &mut super::linkage::Linkage {
        &mut self.linkage
    }

    /// CPL-4 ⑤: an office downloads a file it received; the edge hands it out.
    pub fn download_linkage_file(
        &mut self,
        office: &super::ids::OfficeNumber,
        id: usize,
    ) -> Result<(), LinkageError> {
        let (name, bytes) = self.linkage.download(office, id)?;
        self.effects
            .push(super::Effect::LinkageDownload { name, bytes });
        Ok(())
    }
}
