//! The reissue application the federation reviews (REISSUE-1..9), its decision and letters,
//! and the paper 発行願 (ACC-4, ACC-7).

use super::*;

impl System {
    // ---- the reissue application (REISSUE-1..9) ---------------------------------------

    /// REISSUE-1: starts a draft with the office number and a notification address.
    pub fn begin_reissue(
        &mut self,
        office: &str,
        address: &str,
        confirm: &str,
    ) -> Result<u64, AddressError> {
        if address.trim() != confirm.trim() {
            return Err(AddressError::Mismatch);
        }
        if !plausible_address(address.trim()) {
            return Err(AddressError::Format);
        }
        self.lost.next_draft += 1;
        let id = self.lost.next_draft;
        self.lost.drafts.insert(
            id,
            Draft {
                office: office.trim().to_string(),
                address: address.trim().to_string(),
                ..Draft::default()
            },
        );
        Ok(id)
    }

    /// REISSUE-2: the prefecture chosen on 【請求先都道府県選択】.
    pub fn draft_prefecture(&mut self, draft: u64, prefecture: u8) {
        if let Some(d) = self.lost.drafts.get_mut(&draft) {
            d.prefecture = Some(prefecture);
        }
    }

    /// REISSUE-3: sends the 確認コード to the notification address (whatever the number);
    /// codes count against that address (anti-automation).
    pub fn send_draft_code(
        &mut self,
        draft: u64,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> Result<(), Throttled> {
        match self.lost.drafts.get(&draft).map(|d| d.address.clone()) {
            Some(to) => self.issue(Subject::Draft(draft), Purpose::Confirm, &to, now, rng),
            None => Ok(()),
        }
    }

    /// The notification address of a draft.
    pub fn draft_address(&self, draft: u64) -> Option<&str> {
        self.lost.drafts.get(&draft).map(|d| d.address.as_str())
    }

    /// REISSUE-3, REISSUE-9, ACC-5: checks the code; only then is the number checked.
    pub fn confirm_draft(
        &mut self,
        draft: u64,
        entered: &str,
        now: Timestamp,
    ) -> Result<DraftSummary, DraftError> {
        if !self.lost.drafts.contains_key(&draft) {
            return Err(DraftError::Gone);
        }
        self.redeem(Subject::Draft(draft), Purpose::Confirm, entered, now)
            .map_err(DraftError::Code)?;
        let summary = self.draft_summary(draft)?;
        if let Some(d) = self.lost.drafts.get_mut(&draft) {
            d.confirmed = true;
        }
        Ok(summary)
    }

    /// What 【送信確認】 shows (REISSUE-4).
    pub fn draft_summary(&self, draft: u64) -> Result<DraftSummary, DraftError> {
        let d = self.lost.drafts.get(&draft).ok_or(DraftError::Gone)?;
        let number = OfficeNumber::parse(&d.office).ok_or(DraftError::UnknownOffice)?;
        let office = self.offices.get(&number).ok_or(DraftError::UnknownOffice)?;
        if office.agent {
            return Err(DraftError::Agent);
        }
        Ok(DraftSummary {
            office_number: number.to_string(),
            office_name: office.name.clone(),
            notify_address: d.address.clone(),
            prefecture: d.prefecture.unwrap_or_else(|| {
                self.account_of(&d.office, None)
                    .map(|u| u.prefecture())
                    .unwrap_or_else(|| number.prefecture())
            }),
        })
    }

    /// REISSUE-5: files the application: a 管理番号, the receipt mail (MSG-3) and お知らせ
    /// (MSG-4), and the federation is told.
    pub fn submit_reissue(&mut self, draft: u64, now: Timestamp) -> Result<String, DraftError> {
        let confirmed = self.lost.drafts.get(&draft).is_some_and(|d| d.confirmed);
        if !confirmed {
            return Err(DraftError::Gone);
        }
        let s = self.draft_summary(draft)?;
        self.lost.drafts.remove(&draft);
        let day = now.to_zoned(crate::clock::jst());
        let serial = self
            .lost
            .serials
            .entry((day.year(), day.month()))
            .or_insert(0);
        *serial += 1;
        let number = format!("U{:04}{:02}{:06}", day.year(), day.month(), serial);
        let federation = federation_name_in_mail(s.prefecture);
        self.effects.push(super::super::Effect::Mail(OutboundMail {
            to: s.notify_address.clone(),
            subject: text::SUBJECT_REISSUE_RECEIVED.into(),
            body: text::mail_reissue_received(&number, &s.office_number, &federation),
        }));
        let user = UserId::new(
            s.prefecture,
            &OfficeNumber::parse(&s.office_number).ok_or(DraftError::UnknownOffice)?,
        );
        if self.accounts.contains_key(&user) {
            self.post_notice(
                &user,
                text::SUBJECT_REISSUE_RECEIVED,
                text::NOTICE_CATEGORY_SYSTEM,
                text::notice_reissue_received(&number, &s.office_number, &s.notify_address),
                now,
            );
        }
        let application = Application {
            number: number.clone(),
            office_number: s.office_number,
            office_name: s.office_name,
            prefecture: s.prefecture,
            notify_address: s.notify_address,
            applied_at: now,
            decision: None,
        };
        self.effects.push(super::super::Effect::ReissueApplication(
            application.clone(),
        ));
        self.lost.applications.push(application);
        Ok(number)
    }

    /// Abandons a draft (the visitor pressed 戻る back to the start).
    pub fn abandon_draft(&mut self, draft: u64) {
        self.lost.drafts.remove(&draft);
        if let Some(c) = self
            .codes
            .get_mut(&(Subject::Draft(draft), Purpose::Confirm))
        {
            c.void();
        }
    }

    pub fn applications(&self) -> &[Application] {
        &self.lost.applications
    }

    /// REISSUE-6..8: records the federation's decision, once. Approval posts the
    /// 「電子請求ログイン情報再発行通知書」 with a new temporary password, clears the
    /// security code and unlocks the account; either way the result mail and お知らせ go out.
    pub fn decide(
        &mut self,
        number: &str,
        decision: Decision,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> Result<(), DecideError> {
        if number.starts_with('C') {
            // A certificate application (CERT-1): approval issues it, a rejection ends it
            // (ASSUMPTION); either at most once.
            let done = match &decision {
                Decision::Approved => self.approve_certificate(number, now, rng),
                Decision::Rejected { reason } => self.reject_certificate(number, reason, now),
            };
            return match done {
                true => Ok(()),
                false if self.has_certificate_application(number) => {
                    Err(DecideError::AlreadyDecided)
                }
                false => Err(DecideError::Unknown),
            };
        }
        let Some(app) = self
            .lost
            .applications
            .iter_mut()
            .find(|a| a.number == number)
        else {
            return Err(DecideError::Unknown);
        };
        if app.decision.is_some() {
            return Err(DecideError::AlreadyDecided);
        }
        app.decision = Some(decision.clone());
        let app = app.clone();
        let federation = federation_name_in_mail(app.prefecture);
        let approved = decision == Decision::Approved;
        self.effects.push(super::super::Effect::Mail(OutboundMail {
            to: app.notify_address.clone(),
            subject: text::SUBJECT_REISSUE_RESULT.into(),
            body: text::mail_reissue_result(approved, &app.number, &app.office_number, &federation),
        }));
        let Some(number) = OfficeNumber::parse(&app.office_number) else {
            return Ok(());
        };
        let user = UserId::new(app.prefecture, &number);
        if self.accounts.contains_key(&user) {
            self.post_notice(
                &user,
                text::SUBJECT_REISSUE_RESULT,
                text::NOTICE_CATEGORY_SYSTEM,
                text::notice_reissue_result(approved, &app.number),
                now,
            );
        }
        if approved {
            self.reissue_login(&user, &federation_name(app.prefecture), now, rng);
        }
        Ok(())
    }

    fn reissue_login(
        &mut self,
        user: &UserId,
        federation: &str,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) {
        let cost = self.profile.hash_cost;
        let temp = random_password(16, rng);
        self.keep_secret(&temp, SecretKind::TempPassword);
        let hash = PasswordHash::new(&temp, salt(rng), cost);
        match self.accounts.get_mut(user) {
            Some(account) => {
                account.reissued = Some(hash);
                account.security_code = None;
                account.locked = false;
                account.failed_logins = 0;
            }
            None => {
                // ACC-4: a ledger-only office gets its first user ID.
                let cert = random_password(12, rng);
                let cert = PasswordHash::new(&cert, salt(rng), cost);
                let account = super::super::office::Account::temporary(user.clone(), hash, cert);
                self.accounts.insert(user.clone(), account);
            }
        }
        if let Some(office) = self.offices.get(&user.office()) {
            self.letters.push(letters::reissue_notice(
                office, federation, user, &temp, now,
            ));
        }
    }

    /// ACC-4, ACC-7: the federation answers a paper 発行願 by posting
    /// 「電子請求登録結果に関するお知らせ」 — only when a return envelope came with it, and
    /// without a new 証明書発行用パスワード for an office that already has one. Returns
    /// whether a letter was posted.
    pub fn paper_request(
        &mut self,
        office: &str,
        envelope: bool,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> Result<bool, PaperError> {
        let number = OfficeNumber::parse(office).ok_or(PaperError::UnknownOffice)?;
        let Some(entry) = self.offices.get(&number).cloned() else {
            return Err(PaperError::UnknownOffice);
        };
        if !envelope {
            // 「返信用封筒が同封されていない場合は、ID・パスワードを送付することができません」
            return Ok(false);
        }
        let user = self
            .account_of(office, None)
            .unwrap_or_else(|| UserId::new(number.prefecture(), &number));
        let cost = self.profile.hash_cost;
        let temp = random_password(16, rng);
        let new_cert = (!self.accounts.contains_key(&user)).then(|| random_password(12, rng));
        self.keep_secret(&temp, SecretKind::TempPassword);
        if let Some(c) = &new_cert {
            self.keep_secret(c, SecretKind::CertPassword);
        }
        let hash = PasswordHash::new(&temp, salt(rng), cost);
        match self.accounts.get_mut(&user) {
            Some(account) => {
                account.reissued = Some(hash);
                account.locked = false;
                account.failed_logins = 0;
            }
            None => {
                let cert =
                    PasswordHash::new(new_cert.as_deref().unwrap_or_default(), salt(rng), cost);
                self.accounts.insert(
                    user.clone(),
                    super::super::office::Account::temporary(user.clone(), hash, cert),
                );
            }
        }
        self.letters.push(letters::registration_notice(
            &entry,
            &federation_name(user.prefecture()),
            &user,
            &temp,
            new_cert.as_deref(),
            now,
        ));
        Ok(true)
    }

    /// NOTICE-2: an お知らせ for one account.
    pub fn post_notice(
        &mut self,
        user: &UserId,
        title: &str,
        category: &str,
        body: String,
        now: Timestamp,
    ) {
        self.notices.push(Notice {
            title: title.to_string(),
            category: category.to_string(),
            start: now,
            end: None,
            body,
            to: Some(user.clone()),
            attachments: vec![],
            detail_category: None,
        });
    }
}
