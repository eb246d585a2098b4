//! The first-login chain (LGN-3): 【利用規約】, 【警告】, 【パスワード変更】 and
//! 【メールアドレス設定】; the last two also serve 【ユーザ情報変更】.

use super::browser::{ActError, Browser, Ctx, Flow, Page, flow_steps};
use super::model::{FieldKind, Screen};
use eseikyu_core::domain::password::PasswordProblem;
use eseikyu_core::domain::{AddressError, PasswordError, System};
use eseikyu_core::text;
use jiff::Timestamp;

impl Browser {
    pub(super) fn view_first_login(&self, _sys: &System, _now: Timestamp) -> Screen {
        match &self.page {
            Page::Terms => Screen::new(text::T_TERMS)
                .heading(text::TERMS_HEADING)
                .text(text::TERMS_TEXT)
                .text(text::TERMS_BODY)
                .buttons(&[text::B_TERMS_DOWNLOAD, text::B_AGREE]),
            Page::Warning => Screen::new(text::T_WARNING)
                .heading(text::T_WARNING)
                .text(text::WARNING_TEXT)
                .buttons(&[text::B_PASSWORD_CHANGE]),
            Page::PasswordChange(flow) => {
                let buttons: &[&str] = match flow {
                    Flow::FirstLogin => &[text::B_CHANGE],
                    _ => &[text::B_BACK, text::B_CHANGE],
                };
                Screen::new(text::T_PASSWORD_CHANGE)
                    .with_steps(
                        flow_steps(*flow, text::T_PASSWORD_CHANGE),
                        text::T_PASSWORD_CHANGE,
                    )
                    .text(text::PASSWORD_CHANGE_TEXT)
                    .field(text::F_CURRENT_PASSWORD, FieldKind::Password, "")
                    .field(text::F_NEW_PASSWORD, FieldKind::Password, "")
                    .field(text::F_NEW_PASSWORD_CONFIRM, FieldKind::Password, "")
                    .text(text::PASSWORD_RULE)
                    .buttons(buttons)
            }
            Page::MailAddress(flow) => {
                let buttons: &[&str] = match flow {
                    Flow::FirstLogin => &[text::B_CHANGE],
                    _ => &[text::B_BACK, text::B_CHANGE],
                };
                Screen::new(text::T_MAIL_ADDRESS)
                    .with_steps(
                        flow_steps(*flow, text::T_MAIL_ADDRESS),
                        text::T_MAIL_ADDRESS,
                    )
                    .text(text::MAIL_ADDRESS_TEXT)
                    .field(text::F_NEW_MAIL, FieldKind::Text, "")
                    .field(text::F_NEW_MAIL_CONFIRM, FieldKind::Text, "")
                    .field(text::F_NO_MAIL, FieldKind::Radio, "")
                    .buttons(buttons)
            }
            _ => Screen::default(),
        }
    }

    pub(super) fn press_first_login(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
    ) -> Result<(), ActError> {
        let Some(user) = self.signed_in() else {
            return Ok(());
        };
        match (self.page.clone(), name) {
            // LGN-7: saving the terms leaves the screen as it is.
            (Page::Terms, text::B_TERMS_DOWNLOAD) => {}
            (Page::Terms, text::B_AGREE) => self.goto(Page::Warning),
            (Page::Warning, text::B_PASSWORD_CHANGE) => {
                self.goto(Page::PasswordChange(Flow::FirstLogin))
            }
            (Page::PasswordChange(_) | Page::MailAddress(_), text::B_BACK) => {
                self.goto(Page::UserInfo)
            }
            (Page::PasswordChange(flow), text::B_CHANGE) => {
                let result = ctx.sys.change_password(
                    &user,
                    &self.value(text::F_CURRENT_PASSWORD),
                    &self.value(text::F_NEW_PASSWORD),
                    &self.value(text::F_NEW_PASSWORD_CONFIRM),
                    ctx.rng,
                );
                match result {
                    Ok(()) => {
                        let next = match flow {
                            Flow::FirstLogin => Page::MailAddress(Flow::FirstLogin),
                            _ => Page::UserInfo,
                        };
                        self.done(flow, text::T_PASSWORD_CHANGE, text::DONE_PASSWORD, next);
                    }
                    Err(errors) => {
                        self.form.clear();
                        self.errors = errors.iter().map(|e| password_message(*e).into()).collect();
                    }
                }
            }
            (Page::MailAddress(flow), text::B_CHANGE) => {
                let skip = self.toggled(text::F_NO_MAIL);
                let address = self.value(text::F_NEW_MAIL);
                let confirm = self.value(text::F_NEW_MAIL_CONFIRM);
                let pair = (!skip).then_some((address.as_str(), confirm.as_str()));
                match ctx.sys.set_mail_address(&user, pair) {
                    Ok(()) => {
                        let next = match flow {
                            Flow::FirstLogin => Page::SecurityAddress(Flow::FirstLogin),
                            _ => Page::UserInfo,
                        };
                        let line = if skip {
                            text::DONE_NO_MAIL
                        } else {
                            text::DONE_MAIL
                        };
                        self.done(flow, text::T_MAIL_ADDRESS, line, next);
                    }
                    Err(e) => self.errors = vec![address_message(e).into()],
                }
            }
            (_, other) => return Err(ActError::Unsupported(other.to_string())),
        }
        Ok(())
    }

    /// Shows 【処理終了】 for a completed step of `flow`.
    pub(super) fn done(&mut self, flow: Flow, step_title: &'static str, line: &str, next: Page) {
        let step = if flow == Flow::FirstLogin {
            step_title
        } else {
            text::STEP_END
        };
        self.goto(Page::Done {
            flow,
            steps: flow_steps(flow, step_title),
            step,
            lines: vec![line.to_string()],
            next: Box::new(next),
        });
    }
}

/// UI-5 ASSUMPTION: the message for each way a password change fails.
pub(super) fn password_message(e: PasswordError) -> &'static str {
    match e {
        PasswordError::CurrentWrong => text::E_CURRENT_PASSWORD,
        PasswordError::Mismatch => text::E_PASSWORD_MISMATCH,
        PasswordError::Rule(PasswordProblem::Length) => text::E_PASSWORD_LENGTH,
        PasswordError::Rule(PasswordProblem::Characters) => text::E_PASSWORD_CHARS,
        PasswordError::Rule(PasswordProblem::LetterAndDigit) => text::E_PASSWORD_MIX,
        PasswordError::Rule(PasswordProblem::SameAsUserId) => text::E_PASSWORD_USER_ID,
    }
}

/// UI-5 ASSUMPTION: the message for each way an address is refused.
pub(super) fn address_message(e: AddressError) -> &'static str {
    match e {
        AddressError::Mismatch => text::E_MAIL_MISMATCH,
        AddressError::Format => text::E_MAIL_FORMAT,
        AddressError::Duplicate => text::E_MAIL_DUPLICATE,
        AddressError::Limit => text::E_MAIL_LIMIT,
        AddressError::Throttled => text::E_CODE_ISSUE_THROTTLED,
    }
}
