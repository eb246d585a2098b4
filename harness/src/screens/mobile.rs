//! The mobile window (【モバイル窓口】, UI-3): login and the certificate download of each
//! valid certificate (CERT-14). Issuance-password reissue is PC-only, so it is not here.

use super::browser::{ActError, Browser, Ctx, Page};
use super::model::{Cell, FieldKind, Screen, Table};
use eseikyu_core::clock;
use eseikyu_core::domain::{CertKind, LoginOutcome, System, UserId};
use eseikyu_core::text;
use jiff::Timestamp;

const ALL: [CertKind; 4] = [
    CertKind::Insurance,
    CertKind::Common,
    CertKind::Dx,
    CertKind::CarePlan,
];

impl Browser {
    pub(super) fn view_mobile(&self, sys: &System, now: Timestamp) -> Screen {
        match &self.page {
            Page::MobilePortal => Screen::new(text::T_MOBILE_PORTAL).link(text::L_MOBILE_OFFICE),
            Page::MobileLogin => Screen::new(text::T_MOBILE_LOGIN)
                .heading(text::MOBILE_HEADING)
                .field(text::F_MOBILE_USER_ID, FieldKind::Text, "")
                .field(text::F_PASSWORD, FieldKind::Password, "")
                .text(text::MOBILE_LOGIN_TEXT)
                .link(text::L_LOST)
                .buttons(&[text::B_LOGIN, text::B_BACK]),
            Page::MobileMenu => {
                Screen::new(text::T_MOBILE_MENU).buttons(&[text::B_MOBILE_CERTS, text::MENU_LOGOUT])
            }
            _ => {
                let Some(user) = self.user.as_ref() else {
                    return Screen::default();
                };
                let mut table = Table {
                    columns: vec![
                        text::COL_MOBILE_KIND.into(),
                        text::COL_VALID_FROM.into(),
                        text::COL_VALID_TO.into(),
                        String::new(),
                    ],
                    rows: vec![],
                };
                for r in valid(sys, user, now) {
                    table.rows.push(vec![
                        Cell::Text(r.kind.name().into()),
                        Cell::Text(r.valid_from.map(clock::screen_date).unwrap_or_default()),
                        Cell::Text(r.valid_to.map(clock::screen_date).unwrap_or_default()),
                        Cell::Button(text::B_DOWNLOAD.into()),
                    ]);
                }
                Screen::new(text::T_MOBILE_DOWNLOAD)
                    .table(table)
                    .text(&[text::MOBILE_INSTALL_NOTE])
                    .text(text::MOBILE_NO_CERT)
                    .buttons(&[text::B_BACK])
            }
        }
    }

    pub(super) fn press_mobile(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        row: Option<usize>,
    ) -> Result<(), ActError> {
        match (self.page.clone(), name) {
            (Page::MobilePortal, text::L_MOBILE_OFFICE) => self.goto(Page::MobileLogin),
            (Page::MobileLogin, text::B_BACK) => self.goto(Page::MobilePortal),
            (Page::MobileLogin, text::L_LOST) => self.goto(Page::Lost),
            (Page::MobileLogin, text::B_LOGIN) => {
                let id = self.value(text::F_MOBILE_USER_ID);
                let password = self.value(text::F_PASSWORD);
                match ctx.sys.login(&id, &password, ctx.now) {
                    LoginOutcome::Accepted(eseikyu_core::domain::AfterLogin::MainMenu) => {
                        self.user = UserId::parse(&id);
                        self.login_password = password;
                        self.goto(Page::MobileMenu);
                    }
                    // ASSUMPTION: the first-login chain and the security-address screen
                    // are the PC ones.
                    LoginOutcome::Accepted(_) => {
                        self.user = UserId::parse(&id);
                        self.login_password = password;
                        self.route_after_login(ctx);
                    }
                    LoginOutcome::Locked => {
                        self.form.clear();
                        self.errors = vec![text::E_LOCKED.into()];
                    }
                    _ => {
                        self.form.clear();
                        self.errors = vec![text::E_LOGIN_FAILED.into()];
                    }
                }
            }
            (Page::MobileMenu, text::B_MOBILE_CERTS) => self.goto(Page::MobileDownload),
            (Page::MobileMenu, text::MENU_LOGOUT) => {
                self.logout();
                self.goto(Page::MobilePortal);
            }
            (Page::MobileDownload, text::B_BACK) => self.goto(Page::MobileMenu),
            (Page::MobileDownload, text::B_DOWNLOAD) => {
                let Some(user) = self.user.clone() else {
                    return Ok(());
                };
                let numbers: Vec<String> = valid(ctx.sys, &user, ctx.now)
                    .into_iter()
                    .map(|r| r.number.clone())
                    .collect();
                if let Some(n) = row.and_then(|r| numbers.get(r)) {
                    ctx.sys.download_certificate(&user, n);
                }
            }
            (_, other) => return Err(ActError::Unsupported(other.to_string())),
        }
        Ok(())
    }
}

/// CERT-14: only valid certificates are listed.
fn valid<'a>(
    sys: &'a System,
    user: &UserId,
    now: Timestamp,
) -> Vec<&'a eseikyu_core::domain::CertRecord> {
    sys.certificates_of(user, &ALL)
        .into_iter()
        .filter(|r| r.valid_at(now))
        .collect()
}
