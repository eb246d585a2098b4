//! Certificates: 【証明書】, 【介護DX証明書】, 【証明書発行用パスワード入力】, 【送信確認(証明書)】
//! with the fee dialog, 【証明書ダウンロード】, 「発行申請を行う前に」 and
//! 「証明書発行用パスワードとは」 (CERT-1..10, CERT-15).

mod menus;

use menus::{view_care_plan_menu, view_cert_menu, view_dx_menu};

use super::browser::{ActError, Browser, Ctx, Flow, Page};
use super::model::{Cell, FieldKind, Screen, Table};
use eseikyu_core::clock;
use eseikyu_core::domain::certs::yen;
use eseikyu_core::domain::{CertError, CertKind, System, UserId};
use eseikyu_core::text;
use jiff::Timestamp;

const APPLY_STEPS: [&str; 3] = [text::T_CERT_PASSWORD, text::T_SEND_CONFIRM, text::STEP_END];

/// Which certificate screen family: 【証明書】 (介護保険証明書) or 【介護DX証明書】.
fn family(kind: CertKind) -> &'static [CertKind] {
    match kind {
        CertKind::Dx => &[CertKind::Dx],
        CertKind::CarePlan => &[CertKind::CarePlan],
        _ => &[CertKind::Insurance, CertKind::Common],
    }
}

impl Browser {
    pub(super) fn view_certs(&self, sys: &System, now: Timestamp) -> Screen {
        if let Page::Faq(_) = self.page {
            let thumbprint = sys.ca_thumbprint.clone().unwrap_or_default();
            return Screen::new(text::T_FAQ)
                .heading(text::FAQ_THUMBPRINT_Q)
                .text(&text::faq_thumbprint_a(&thumbprint))
                .buttons(&[text::B_BACK]);
        }
        let Some(user) = self.user.as_ref() else {
            return Screen::default();
        };
        match &self.page {
            Page::Cert => view_cert_menu(sys, user, now),
            Page::Dx => view_dx_menu(sys, user, now),
            Page::CarePlan => view_care_plan_menu(sys, user, now),
            Page::CertPassword(kind) => Screen::new(text::T_CERT_PASSWORD)
                .with_steps(APPLY_STEPS.to_vec(), text::T_CERT_PASSWORD)
                .text(&text::cert_password_text(kind.name()))
                .field(text::F_CERT_PASSWORD, FieldKind::Password, "")
                .text(text::CERT_PASSWORD_NOTES)
                .link(text::L_CERT_PASSWORD_ABOUT)
                .buttons(&[text::B_BACK, text::B_NEXT]),
            Page::CertConfirm { kind, dialog } => {
                let office = sys
                    .office(&user.office())
                    .map(|o| o.name.clone())
                    .unwrap_or_default();
                let fee = kind.fee(now, sys.profile.fee_change);
                let mut s = Screen::new(text::T_SEND_CONFIRM)
                    .with_steps(APPLY_STEPS.to_vec(), text::T_SEND_CONFIRM)
                    .text(&text::cert_confirm_text(kind.name()))
                    .field(text::F_OFFICE_NAME, FieldKind::Display, &office);
                if fee > 0 {
                    s = s.field(text::F_FEE, FieldKind::Display, &yen(fee));
                }
                let banner = *kind == CertKind::Insurance && sys.profile.fee_banner(now);
                if banner {
                    s = s.heading(text::IMPORTANT).text(text::FEE_BANNER);
                }
                s = s
                    .heading(text::CA_TERMS_HEADING)
                    .text(text::CA_TERMS_TEXT)
                    .text(text::CA_TERMS_BODY)
                    .buttons(&[text::B_TERMS_DOWNLOAD, text::B_BACK, text::B_AGREE_SEND]);
                if *dialog {
                    let mut lines: Vec<&str> = text::FEE_BANNER.to_vec();
                    lines.push(text::FEE_DIALOG);
                    s = s.dialog(&lines, &[text::B_OK, text::B_CANCEL]);
                }
                s
            }
            Page::CertDownload(kind) => {
                let mut table = Table {
                    columns: [
                        text::COL_APPLIED,
                        text::COL_VALID_FROM,
                        text::COL_VALID_TO,
                        text::COL_STATUS,
                        "",
                    ]
                    .map(String::from)
                    .to_vec(),
                    rows: vec![],
                };
                for r in sys.certificates_of(user, family(*kind)) {
                    if !r.valid_at(now) {
                        continue;
                    }
                    table.rows.push(vec![
                        Cell::Text(clock::screen_date(r.applied)),
                        Cell::Text(r.valid_from.map(clock::screen_date).unwrap_or_default()),
                        Cell::Text(r.valid_to.map(clock::screen_date).unwrap_or_default()),
                        Cell::Text(text::STATUS_ISSUED.into()),
                        Cell::Button(text::B_DOWNLOAD.into()),
                    ]);
                }
                Screen::new(text::T_CERT_DOWNLOAD)
                    .with_steps(vec![text::T_CERT_DOWNLOAD], text::T_CERT_DOWNLOAD)
                    .text(text::CERT_DOWNLOAD_TEXT)
                    .table(table)
                    .link(text::L_CERT_PASSWORD_ABOUT_DOWNLOAD)
                    .buttons(&[text::B_BACK])
            }
            Page::BeforeApply(back) if **back == Page::CarePlan => {
                Screen::new(text::T_BEFORE_APPLY)
                    .text(text::BEFORE_APPLY_CARE_PLAN)
                    .link(text::L_CARE_PLAN_REFERENCE)
                    .buttons(&[text::B_CLOSE])
            }
            Page::BeforeApply(_) => Screen::new(text::T_BEFORE_APPLY)
                .text(text::BEFORE_APPLY_TEXT)
                .buttons(&[text::B_CLOSE]),
            Page::PasswordAbout(_) => Screen::new(text::T_CERT_PASSWORD_ABOUT)
                .text(text::CERT_PASSWORD_ABOUT_TEXT)
                .buttons(&[text::B_BACK, text::L_LOST_NOTICE]),
            Page::CertPasswordReissue(_) => Screen::new(text::T_CERT_PASSWORD_REISSUE)
                .text(text::CERT_PASSWORD_REISSUE_TEXT)
                .buttons(&[text::B_BACK, text::B_REISSUE]),
            Page::CertPasswordReissued(_) => Screen::new(text::T_CERT_PASSWORD_REISSUE)
                .text(text::CERT_PASSWORD_REISSUED)
                .link(text::L_OPEN_NOTICES),
            _ => Screen::default(),
        }
    }

    pub(super) fn press_certs(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        row: Option<usize>,
    ) -> Result<(), ActError> {
        if let (Page::Faq(back), text::B_BACK) = (self.page.clone(), name) {
            self.goto(*back);
            return Ok(());
        }
        let Some(user) = self.signed_in() else {
            return Ok(());
        };
        match (self.page.clone(), name) {
            (Page::Cert, text::L_BEFORE_APPLY)
            | (Page::Dx | Page::CarePlan, text::B_BEFORE_APPLY) => {
                self.read_before_apply = true;
                let back = self.page.clone();
                self.goto(Page::BeforeApply(Box::new(back)));
            }
            (Page::BeforeApply(back), text::B_CLOSE)
            | (Page::PasswordAbout(back), text::B_BACK) => self.goto(*back),
            // The reference document is outside the simulated system.
            (Page::BeforeApply(_), text::L_CARE_PLAN_REFERENCE) => {
                return Err(ActError::Unsupported(name.to_string()));
            }
            // CERT-13: 「通知書を紛失してしまった」 → 「再発行する」 → 「お知らせ画面を開く」.
            (Page::PasswordAbout(back), text::L_LOST_NOTICE) => {
                self.goto(Page::CertPasswordReissue(back))
            }
            (Page::CertPasswordReissue(back), text::B_BACK) => self.goto(Page::PasswordAbout(back)),
            (Page::CertPasswordReissue(_), text::B_REISSUE) => {
                let login = self.login_password.clone();
                match ctx
                    .sys
                    .reissue_cert_password(&user, &login, ctx.now, ctx.rng)
                {
                    Some(notice) => self.goto(Page::CertPasswordReissued(notice)),
                    None => self.errors = vec![text::E_LOGIN_AGAIN.into()],
                }
            }
            (Page::CertPasswordReissued(notice), text::L_OPEN_NOTICES) => {
                ctx.sys.mark_read(&user, notice);
                self.goto(Page::Notice(notice));
            }
            (Page::CertPassword(_), text::L_CERT_PASSWORD_ABOUT)
            | (Page::CertDownload(_), text::L_CERT_PASSWORD_ABOUT_DOWNLOAD) => {
                let back = self.page.clone();
                self.goto(Page::PasswordAbout(Box::new(back)));
            }
            (Page::Cert, text::B_NEXT) => {
                let kind = claims_kind(ctx.sys, &user);
                self.choose_cert_action(ctx, &user, kind)
            }
            (Page::Dx, text::B_NEXT) => self.choose_cert_action(ctx, &user, CertKind::Dx),
            (Page::CarePlan, text::B_NEXT) => {
                self.choose_cert_action(ctx, &user, CertKind::CarePlan)
            }
            (Page::CertPassword(kind), text::B_BACK) | (Page::CertDownload(kind), text::B_BACK) => {
                self.goto(menu_of(kind))
            }
            (Page::CertPassword(kind), text::B_NEXT) => {
                let pw = self.value(text::F_CERT_PASSWORD);
                if ctx.sys.check_cert_password(&user, &pw) {
                    self.goto(Page::CertConfirm {
                        kind,
                        dialog: false,
                    });
                    self.cert_password = pw;
                } else {
                    self.form.clear();
                    self.errors = vec![text::E_CERT_PASSWORD.into()];
                }
            }
            (Page::CertConfirm { kind, .. }, text::B_BACK) => self.goto(Page::CertPassword(kind)),
            // LGN-7 style: saving the terms leaves the screen as it is.
            (Page::CertConfirm { .. }, text::B_TERMS_DOWNLOAD) => {}
            (
                Page::CertConfirm {
                    kind,
                    dialog: false,
                },
                text::B_AGREE_SEND,
            ) => {
                if kind == CertKind::Insurance && ctx.sys.profile.fee_banner(ctx.now) {
                    // CERT-5: the dialog asks first.
                    self.page = Page::CertConfirm { kind, dialog: true };
                } else {
                    self.submit_certificate(ctx, &user, kind);
                }
            }
            (Page::CertConfirm { kind, dialog: true }, text::B_OK) => {
                self.submit_certificate(ctx, &user, kind)
            }
            (Page::CertConfirm { kind, dialog: true }, text::B_CANCEL) => {
                self.page = Page::CertConfirm {
                    kind,
                    dialog: false,
                };
            }
            (Page::CertDownload(kind), text::B_DOWNLOAD) => {
                let now = ctx.now;
                let valid: Vec<String> = ctx
                    .sys
                    .certificates_of(&user, family(kind))
                    .into_iter()
                    .filter(|r| r.valid_at(now))
                    .map(|r| r.number.clone())
                    .collect();
                if let Some(number) = row.and_then(|r| valid.get(r)) {
                    ctx.sys.download_certificate(&user, number);
                }
            }
            (_, other) => return Err(ActError::Unsupported(other.to_string())),
        }
        Ok(())
    }

    fn choose_cert_action(&mut self, ctx: &mut Ctx<'_>, user: &UserId, kind: CertKind) {
        let screen = self.screen(ctx.sys, ctx.now);
        let chosen = screen
            .fields()
            .find(|f| f.name == text::F_CERT_ACTION)
            .map(|f| f.value.clone())
            .unwrap_or_default();
        match chosen.as_str() {
            text::CERT_APPLY | text::DX_APPLY | text::CP_APPLY => {
                if !self.read_before_apply {
                    self.errors = vec![text::E_BEFORE_APPLY.into()];
                } else {
                    self.goto(Page::CertPassword(kind));
                }
            }
            text::CERT_GET | text::DX_GET | text::CP_GET => self.goto(Page::CertDownload(kind)),
            text::CERT_QUOTE => {
                let fee = kind.fee(ctx.now, ctx.sys.profile.fee_change);
                let office = ctx
                    .sys
                    .office(&user.office())
                    .map(|o| o.name.clone())
                    .unwrap_or_default();
                ctx.sys.post_quote(user, &office, kind.name(), fee, ctx.now);
                self.errors.clear();
            }
            _ => self.errors = vec![text::E_CHOOSE.into()],
        }
    }

    fn submit_certificate(&mut self, ctx: &mut Ctx<'_>, user: &UserId, kind: CertKind) {
        let pw = std::mem::take(&mut self.cert_password);
        match ctx.sys.apply_certificate(user, kind, &pw, ctx.now) {
            Ok(_) => {
                let lines = if kind.reviewed() {
                    text::DONE_CERT_FEDERATION
                } else {
                    text::DONE_CERT
                };
                self.goto(Page::Done {
                    flow: Flow::UserInfo,
                    steps: APPLY_STEPS.to_vec(),
                    step: text::STEP_END,
                    lines: lines.iter().map(|s| s.to_string()).collect(),
                    next: Box::new(menu_of(kind)),
                });
            }
            Err(e) => {
                self.page = Page::CertConfirm {
                    kind,
                    dialog: false,
                };
                self.errors = match e {
                    CertError::Balance => text::CERT_BALANCE_BLOCK
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                    CertError::Pending => vec![text::E_CERT_PENDING.into()],
                    CertError::WrongPassword => vec![text::E_CERT_PASSWORD.into()],
                };
            }
        }
    }
}

/// The claims certificate of an office: 介護・障害共通 for one that also claims
/// 障害者総合支援 (ASSUMPTION), else 介護保険.
fn claims_kind(sys: &System, user: &UserId) -> CertKind {
    if sys.office(&user.office()).is_some_and(|o| o.disability) {
        CertKind::Common
    } else {
        CertKind::Insurance
    }
}

fn menu_of(kind: CertKind) -> Page {
    match kind {
        CertKind::Dx => Page::Dx,
        CertKind::CarePlan => Page::CarePlan,
        _ => Page::Cert,
    }
}
