//! Security e-mail addresses: 【セキュリティ用メールアドレス設定】 in its four variants,
//! 【ワンタイムパスワード入力】, 【確認コード入力】 and 【セキュリティ用メールアドレス一覧】
//! (MAIL-1..9, CODE-1..3).

use super::browser::{ActError, Browser, Ctx, Flow, Page, flow_steps};
use super::first_login::address_message;
use super::model::{Cell, FieldKind, Screen, Table};
use eseikyu_core::domain::{Awaiting, CodeError, System};
use eseikyu_core::text;
use jiff::Timestamp;

impl Browser {
    pub(super) fn view_security(&self, sys: &System, now: Timestamp) -> Screen {
        let user = self.user.as_ref();
        let account = user.and_then(|u| sys.account(u));
        match &self.page {
            Page::SecurityAddress(flow) => {
                let title = text::T_SECURITY_ADDRESS;
                let mut s = Screen::new(title)
                    .with_steps(flow_steps(*flow, title), title)
                    .text(&[text::SECURITY_INSTRUCTION]);
                let released = sys.profile.released(now);
                match flow {
                    Flow::Forced => {
                        s = s
                            .text(&[text::SECURITY_MANDATORY])
                            .text(text::SECURITY_PURPOSE)
                    }
                    Flow::FirstLogin if released => s = s.text(text::SECURITY_PURPOSE),
                    Flow::FirstLogin => s = s.text(text::SECURITY_PRE_RELEASE),
                    _ => {}
                }
                s = s.field(text::F_SECURITY_MAIL, FieldKind::Text, "").field(
                    text::F_SECURITY_MAIL_CONFIRM,
                    FieldKind::Text,
                    "",
                );
                if *flow == Flow::Forced && sys.profile.in_grace(now) {
                    // MAIL-3: only until 2026-01-31.
                    s = s
                        .field(text::F_SKIP_SECURITY, FieldKind::Checkbox, "")
                        .text(text::SECURITY_GRACE);
                }
                if *flow == Flow::FirstLogin && !released {
                    // REL-2: before the release the address was optional.
                    s = s.field(text::F_NO_SECURITY, FieldKind::Radio, "");
                }
                s.buttons(&[text::B_BACK, text::B_NEXT])
            }
            Page::Otp(flow) => {
                let to = account
                    .and_then(|a| a.security.notify())
                    .unwrap_or_default();
                Screen::new(text::T_OTP)
                    .with_steps(flow_steps(*flow, text::T_OTP), text::T_OTP)
                    .text(&text::otp_text(to))
                    .field(text::F_OTP, FieldKind::Text, "")
                    .text(text::OTP_NOTES)
                    .bullets(text::NO_MAIL_CAUSES)
                    .buttons(&[text::B_BACK, text::B_NEXT])
            }
            Page::ConfirmCode(flow) => {
                let to = user
                    .and_then(|u| sys.pending_address(u))
                    .unwrap_or_default();
                Screen::new(text::T_CONFIRM_CODE)
                    .with_steps(
                        flow_steps(*flow, text::T_CONFIRM_CODE),
                        text::T_CONFIRM_CODE,
                    )
                    .text(&text::confirm_code_text(to))
                    .field(text::F_CONFIRM_CODE, FieldKind::Text, "")
                    .text(text::CONFIRM_CODE_NOTES)
                    .bullets(text::NO_MAIL_CAUSES)
                    .buttons(&[text::B_BACK, text::B_SEND])
            }
            _ => self.view_security_list(sys, now),
        }
    }

    /// MAIL-5, MAIL-6: the list, with 追加 below five and 削除 from two addresses on.
    fn view_security_list(&self, sys: &System, now: Timestamp) -> Screen {
        let title = text::T_SECURITY_LIST;
        let s = Screen::new(title).with_steps(vec![text::T_USER_INFO, title], title);
        let Some(account) = self.user.as_ref().and_then(|u| sys.account(u)) else {
            return s;
        };
        let list = account.security.list();
        if list.is_empty() {
            return s.text(text::SECURITY_LIST_EMPTY).buttons(&[text::B_BACK]);
        }
        let deletable = list.len() >= 2 || !sys.profile.released(now);
        let mut columns = vec![
            text::COL_NOTIFY.to_string(),
            text::COL_SECURITY_MAIL.to_string(),
            text::COL_CHANGE.to_string(),
        ];
        if deletable {
            columns.push(text::COL_DELETE.to_string());
        }
        let rows = list
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let notify = if i == account.security.notify_index() {
                    Cell::Text(text::NOTIFY_SELECTED.into())
                } else {
                    Cell::Button(text::B_SELECT.into())
                };
                let mut row = vec![
                    notify,
                    Cell::Text(a.clone()),
                    Cell::Button(text::B_CHANGE.into()),
                ];
                if deletable {
                    row.push(Cell::Button(text::B_DELETE.into()));
                }
                row
            })
            .collect();
        let buttons: &[&str] = if list.len() < sys.profile.max_security_addresses {
            &[text::B_ADD, text::B_BACK]
        } else {
            &[text::B_BACK]
        };
        s.text(text::SECURITY_LIST_TEXT)
            .table(Table { columns, rows })
            .buttons(buttons)
    }

    pub(super) fn press_security(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        row: Option<usize>,
    ) -> Result<(), ActError> {
        let Some(user) = self.signed_in() else {
            return Ok(());
        };
        match (self.page.clone(), name) {
            (Page::SecurityAddress(flow), text::B_BACK) => match flow {
                Flow::FirstLogin => self.goto(Page::MailAddress(Flow::FirstLogin)),
                Flow::Forced => {
                    self.logout();
                    self.goto(Page::Login);
                }
                _ => self.goto(Page::SecurityList),
            },
            (Page::SecurityAddress(flow), text::B_NEXT) => self.submit_address(ctx, flow),
            (Page::Otp(flow) | Page::ConfirmCode(flow), text::B_BACK) => {
                ctx.sys.abandon_security_address(&user);
                self.goto(Page::SecurityAddress(flow));
            }
            (Page::Otp(flow), text::B_NEXT) => {
                let entered = self.value(text::F_OTP);
                match ctx.sys.verify_otp(&user, &entered, ctx.now, ctx.rng) {
                    Ok(()) => self.goto(Page::ConfirmCode(flow)),
                    Err(e) => self.errors = vec![otp_message(e).into()],
                }
            }
            (Page::ConfirmCode(flow), text::B_SEND) => {
                let entered = self.value(text::F_CONFIRM_CODE);
                match ctx.sys.confirm_security_address(&user, &entered, ctx.now) {
                    Ok(replaced) => {
                        let line = if replaced {
                            text::DONE_SECURITY_CHANGE
                        } else {
                            text::DONE_SECURITY
                        };
                        let next = match flow {
                            Flow::FirstLogin | Flow::Forced => Page::Notices,
                            _ => Page::SecurityList,
                        };
                        self.done(flow, text::STEP_END, line, next);
                    }
                    Err(e) => self.errors = vec![code_message(e).into()],
                }
            }
            (Page::SecurityList, text::B_BACK) => self.goto(Page::UserInfo),
            (Page::SecurityList, text::B_ADD) => {
                self.goto(Page::SecurityAddress(Flow::AddSecurity))
            }
            (Page::SecurityList, text::B_CHANGE) => self.goto(Page::SecurityAddress(
                Flow::ChangeSecurity(row.unwrap_or(0)),
            )),
            (Page::SecurityList, text::B_SELECT) => ctx.sys.select_notify(&user, row.unwrap_or(0)),
            (Page::SecurityList, text::B_DELETE) => {
                if !ctx
                    .sys
                    .delete_security_address(&user, row.unwrap_or(0), ctx.now)
                {
                    self.errors = vec![text::E_LAST_ADDRESS.into()];
                }
            }
            (_, other) => return Err(ActError::Unsupported(other.to_string())),
        }
        Ok(())
    }

    fn submit_address(&mut self, ctx: &mut Ctx<'_>, flow: Flow) {
        let Some(user) = self.user.clone() else {
            return;
        };
        // MAIL-3: the checkbox counts only while the grace period lasts.
        if flow == Flow::Forced
            && self.toggled(text::F_SKIP_SECURITY)
            && ctx.sys.profile.in_grace(ctx.now)
        {
            self.skipped_grace = true;
            self.enter_main_menu(ctx);
            return;
        }
        // REL-2: before the release the first login could skip the address.
        if flow == Flow::FirstLogin
            && self.toggled(text::F_NO_SECURITY)
            && !ctx.sys.profile.released(ctx.now)
        {
            self.enter_main_menu(ctx);
            return;
        }
        let replace = match flow {
            Flow::ChangeSecurity(i) => Some(i),
            _ => None,
        };
        let address = self.value(text::F_SECURITY_MAIL);
        let confirm = self.value(text::F_SECURITY_MAIL_CONFIRM);
        match ctx
            .sys
            .begin_security_address(&user, &address, &confirm, replace, ctx.now, ctx.rng)
        {
            Ok(Awaiting::Otp) => self.goto(Page::Otp(flow)),
            Ok(Awaiting::ConfirmCode) => self.goto(Page::ConfirmCode(flow)),
            Err(e) => self.errors = vec![address_message(e).into()],
        }
    }
}

/// UI-5 ASSUMPTION: messages for a refused 確認コード (CODE-3).
fn code_message(e: CodeError) -> &'static str {
    match e {
        CodeError::Wrong => text::E_CODE_WRONG,
        CodeError::Expired => text::E_CODE_EXPIRED,
        CodeError::Void => text::E_CODE_VOID,
        CodeError::Throttled => text::E_CODE_THROTTLED,
    }
}

/// UI-5 ASSUMPTION: messages for a refused ワンタイムパスワード (CODE-3).
pub(super) fn otp_message(e: CodeError) -> &'static str {
    match e {
        CodeError::Wrong => text::E_OTP_WRONG,
        CodeError::Expired => text::E_OTP_EXPIRED,
        CodeError::Void => text::E_OTP_VOID,
        CodeError::Throttled => text::E_CODE_THROTTLED,
    }
}
