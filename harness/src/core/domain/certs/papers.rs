//! What certificates hand out: the quote (見積書, CERT-9), the reissued 証明書発行用パスワード and its
//! notice's ZIP, attachment and certificate downloads (CERT-1).

use super::*;

impl System {
    /// CERT-9: the quote (見積書), kept as a document the office can read.
    pub fn post_quote(
        &mut self,
        user: &UserId,
        office_name: &str,
        kind: &str,
        fee: u32,
        now: Timestamp,
    ) {
        self.letters.push(super::super::letters::Letter {
            to: user.office(),
            title: text::QUOTE_TITLE.into(),
            posted: now,
            text: text::quote(
                office_name,
                kind,
                &crate::clock::screen_date(now),
                &yen(fee),
            ),
        });
    }

    /// CERT-13: a new 証明書発行用パスワード, notified by an お知らせ whose ZIP attachment is
    /// encrypted with the login password. Returns the notice's index; `None` if the login
    /// password is not the account's.
    pub fn reissue_cert_password(
        &mut self,
        user: &UserId,
        login_password: &str,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> Option<usize> {
        let cost = self.profile.hash_cost;
        let fresh = super::super::system::random_password(12, rng);
        self.keep_secret(&fresh, super::super::system::SecretKind::CertPassword);
        let account = self.accounts.get_mut(user)?;
        if !account.password.verify(login_password) {
            return None;
        }
        account.cert_password = super::super::password::PasswordHash::new(
            &fresh,
            super::super::system::salt(rng),
            cost,
        );
        self.post_notice(
            user,
            text::NOTICE_CERT_PASSWORD,
            text::NOTICE_CATEGORY_CERT,
            text::notice_cert_password(user.as_str()),
            now,
        );
        let index = self.notices.len() - 1;
        if let Some(n) = self.notices.last_mut() {
            n.detail_category = Some(text::NOTICE_CATEGORY_CERT_PASSWORD.to_string());
            n.attachments
                .push((crate::text::PASSWORD_ZIP.to_string(), None));
        }
        let document =
            text::cert_password_document(user.as_str(), &fresh, &crate::clock::screen_date(now));
        self.effects.push(super::super::Effect::PasswordZip {
            notice: index,
            document,
            password: login_password.to_string(),
        });
        Some(index)
    }

    /// The edge reports the size of a made attachment (NOTICE-4 shows it).
    pub fn set_attachment_size(&mut self, notice: usize, size: u64) {
        if let Some((_, s)) = self
            .notices
            .get_mut(notice)
            .and_then(|n| n.attachments.first_mut())
        {
            *s = Some(size);
        }
    }

    /// NOTICE-4: the visitor pressed an attachment's name.
    pub fn download_attachment(&mut self, user: &UserId, notice: usize) {
        if self
            .notices
            .get(notice)
            .is_some_and(|n| n.visible_to(Some(user)))
        {
            self.effects
                .push(super::super::Effect::AttachmentDownload { notice });
        }
    }

    /// CERT-1: a download; returns the record (the file is made at the edge).
    pub fn download_certificate(&mut self, user: &UserId, number: &str) -> Option<CertRecord> {
        let r = self
            .certs
            .records
            .iter_mut()
            .find(|r| &r.user == user && r.number == number && r.issued())?;
        r.downloads += 1;
        let r = r.clone();
        self.effects
            .push(super::super::Effect::CertificateDownload(r.clone()));
        Some(r)
    }
}
