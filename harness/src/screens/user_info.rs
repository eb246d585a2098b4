//! 【ユーザ情報変更】 and 【セキュリティコード設定】 (LGN-2, LGN-9, MAIL-7).

use super::browser::{ActError, Browser, Ctx, Flow, Page, flow_steps};
use super::model::{FieldKind, Screen};
use eseikyu_core::domain::System;
use eseikyu_core::text;
use jiff::Timestamp;

impl Browser {
    pub(super) fn view_user_info(&self, sys: &System, _now: Timestamp) -> Screen {
        match self.page {
            Page::SecurityCode => {
                let title = text::T_SECURITY_CODE;
                let set = self
                    .user
                    .as_ref()
                    .and_then(|u| sys.account(u))
                    .is_some_and(|a| a.security_code.is_some());
                let buttons: &[&str] = if set {
                    &[text::B_BACK, text::B_RELEASE, text::B_SET]
                } else {
                    &[text::B_BACK, text::B_SET]
                };
                Screen::new(title)
                    .with_steps(flow_steps(Flow::UserInfo, title), title)
                    .text(text::SECURITY_CODE_TEXT)
                    .field(text::F_SECURITY_CODE, FieldKind::Password, "")
                    .field(text::F_SECURITY_CODE_CONFIRM, FieldKind::Password, "")
                    .buttons(buttons)
            }
            _ => Screen::new(text::T_USER_INFO)
                .with_steps(vec![text::T_USER_INFO], text::T_USER_INFO)
                .text(text::USER_INFO_TEXT)
                .buttons(text::USER_INFO_ITEMS)
                .help(text::USER_INFO_HELP[0], &text::USER_INFO_HELP[1..]),
        }
    }

    pub(super) fn press_user_info(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
    ) -> Result<(), ActError> {
        let Some(user) = self.signed_in() else {
            return Ok(());
        };
        match (&self.page, name) {
            (Page::UserInfo, text::T_PASSWORD_CHANGE) => {
                self.goto(Page::PasswordChange(Flow::UserInfo))
            }
            (Page::UserInfo, text::T_MAIL_ADDRESS) => self.goto(Page::MailAddress(Flow::UserInfo)),
            (Page::UserInfo, text::T_SECURITY_ADDRESS) => self.goto(Page::SecurityList),
            (Page::UserInfo, text::T_SECURITY_CODE) => self.goto(Page::SecurityCode),
            (Page::SecurityCode, text::B_BACK) => self.goto(Page::UserInfo),
            (Page::SecurityCode, text::B_RELEASE) => {
                ctx.sys.set_security_code(&user, None, ctx.rng);
                self.done(
                    Flow::UserInfo,
                    text::T_SECURITY_CODE,
                    text::DONE_SECURITY_CODE_RELEASED,
                    Page::UserInfo,
                );
            }
            (Page::SecurityCode, text::B_SET) => {
                let code = self.value(text::F_SECURITY_CODE);
                if code != self.value(text::F_SECURITY_CODE_CONFIRM) {
                    self.form.clear();
                    self.errors = vec![text::E_SECURITY_CODE_MISMATCH.into()];
                } else if ctx.sys.set_security_code(&user, Some(&code), ctx.rng) {
                    self.done(
                        Flow::UserInfo,
                        text::T_SECURITY_CODE,
                        text::DONE_SECURITY_CODE,
                        Page::UserInfo,
                    );
                } else {
                    self.form.clear();
                    self.errors = vec![text::E_SECURITY_CODE_FORMAT.into()];
                }
            }
            (_, other) => return Err(ActError::Unsupported(other.to_string())),
        }
        Ok(())
    }
}
