//! Lost login information: 【パスワード等を紛失した方】, the reset (【ログイン情報再設定認証】,
//! 【請求先都道府県選択】, 【ワンタイムパスワード入力】, 【ログイン情報再設定】) and the reissue
//! application (【ログイン情報再発行申請】, 【確認コード入力】, 【送信確認】) (LOST-1, RESET, REISSUE).

use super::browser::{ActError, Browser, Ctx, Flow, Page};
use super::model::{FieldKind, Screen};
use eseikyu_core::domain::letters::prefecture_name;
use eseikyu_core::domain::{CodeError, DraftError, System, UserId};
use eseikyu_core::text;
use jiff::Timestamp;

/// Which road a page of the lost-information screens is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Road {
    Reset,
    Reissue,
}

/// What the visitor entered along the road.
#[derive(Clone, Debug, Default)]
pub(super) struct LostInput {
    office: String,
    address: String,
    prefecture: Option<u8>,
    draft: Option<u64>,
    user: Option<UserId>,
}

const RESET_STEPS: [&str; 5] = [
    text::T_LOST,
    text::T_RESET_AUTH,
    text::T_OTP,
    text::T_RESET,
    text::STEP_END,
];
const REISSUE_STEPS: [&str; 5] = [
    text::T_LOST,
    text::T_REISSUE,
    text::T_CONFIRM_CODE,
    text::T_SEND_CONFIRM,
    text::STEP_END,
];

impl Browser {
    pub(super) fn view_lost(&self, sys: &System, _now: Timestamp) -> Screen {
        let input = &self.lost;
        match &self.page {
            Page::Lost => Screen::new(text::T_LOST)
                .with_steps(vec![text::T_LOST], text::T_LOST)
                .text(text::LOST_TEXT)
                .choice_with_notes(
                    text::F_LOST_CHOICE,
                    &[
                        (text::LOST_RESET, text::LOST_RESET_NOTES),
                        (text::LOST_REISSUE, text::LOST_REISSUE_NOTES),
                    ],
                    text::LOST_RESET,
                )
                .buttons(&[text::B_BACK, text::B_NEXT]),
            Page::ResetAuth => Screen::new(text::T_RESET_AUTH)
                .with_steps(RESET_STEPS.to_vec(), text::T_RESET_AUTH)
                .text(text::RESET_AUTH_TEXT)
                .field(text::F_OFFICE_NUMBER, FieldKind::Text, "")
                .field(text::F_SECURITY_MAIL, FieldKind::Text, "")
                .buttons(&[text::B_BACK, text::B_NEXT]),
            Page::Prefecture(road) => {
                let (steps, current, lines) = match road {
                    Road::Reset => (RESET_STEPS, text::T_RESET_AUTH, text::RESET_PREFECTURE_TEXT),
                    Road::Reissue => (
                        REISSUE_STEPS,
                        text::T_REISSUE,
                        text::REISSUE_PREFECTURE_TEXT,
                    ),
                };
                let names: Vec<&str> = sys
                    .prefecture_choices(&input.office)
                    .into_iter()
                    .map(prefecture_name)
                    .collect();
                let first = names.first().copied().unwrap_or_default();
                Screen::new(text::T_PREFECTURE)
                    .with_steps(steps.to_vec(), current)
                    .text(lines)
                    .choice(text::F_PREFECTURE, &names, first)
                    .buttons(&[text::B_BACK, text::B_NEXT])
            }
            Page::ResetOtp => Screen::new(text::T_OTP)
                .with_steps(RESET_STEPS.to_vec(), text::T_OTP)
                .text(&text::otp_text(&input.address))
                .field(text::F_OTP, FieldKind::Text, "")
                .text(text::OTP_NOTES)
                .help(
                    text::REISSUE_CODE_HELP_TITLE,
                    &text::code_help(text::RETRY_RESET),
                )
                .bullets(text::NO_MAIL_CAUSES)
                .text(text::RESET_OTP_NOTES)
                .buttons(&[text::B_BACK, text::B_NEXT]),
            Page::Reset => {
                let user = input
                    .user
                    .as_ref()
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                Screen::new(text::T_RESET)
                    .with_steps(RESET_STEPS.to_vec(), text::T_RESET)
                    .text(text::RESET_TEXT)
                    .field(text::F_USER_ID, FieldKind::Display, &user)
                    .field(text::F_NEW_PASSWORD, FieldKind::Password, "")
                    .field(text::F_NEW_PASSWORD_CONFIRM_FULL, FieldKind::Password, "")
                    .field(
                        text::F_SECURITY_CODE_RELEASED,
                        FieldKind::Display,
                        text::RESET_CODE_RELEASED,
                    )
                    .text(text::PASSWORD_RULE)
                    .buttons(&[text::B_BACK, text::B_CHANGE])
            }
            Page::Reissue => Screen::new(text::T_REISSUE)
                .with_steps(REISSUE_STEPS.to_vec(), text::T_REISSUE)
                .text(text::REISSUE_TEXT)
                .field(text::F_OFFICE_NUMBER, FieldKind::Text, "")
                .field(text::F_NOTIFY_MAIL, FieldKind::Text, "")
                .field(text::F_NOTIFY_MAIL_CONFIRM, FieldKind::Text, "")
                .text(text::REISSUE_NOTES)
                .buttons(&[text::B_BACK, text::B_NEXT]),
            Page::ReissueCode => Screen::new(text::T_CONFIRM_CODE)
                .with_steps(REISSUE_STEPS.to_vec(), text::T_CONFIRM_CODE)
                .text(&text::reissue_code_text(&input.address))
                .field(text::F_CONFIRM_CODE, FieldKind::Text, "")
                .text(text::REISSUE_CODE_NOTES)
                .bullets(text::NO_MAIL_CAUSES)
                .help(
                    text::REISSUE_CODE_HELP_TITLE,
                    &text::code_help(text::RETRY_REISSUE),
                )
                .buttons(&[text::B_BACK, text::B_NEXT]),
            _ => {
                let summary = input.draft.and_then(|d| sys.draft_summary(d).ok());
                let (number, name, notify, pref) = summary
                    .map(|s| {
                        let p = prefecture_name(s.prefecture);
                        (s.office_number, s.office_name, s.notify_address, p)
                    })
                    .unwrap_or_default();
                Screen::new(text::T_SEND_CONFIRM)
                    .with_steps(REISSUE_STEPS.to_vec(), text::T_SEND_CONFIRM)
                    .text(text::SEND_CONFIRM_TEXT)
                    .field(
                        text::F_OFFICE_NUMBER,
                        FieldKind::Display,
                        &format!("{number} {}", text::SEND_CONFIRM_NUMBER_NOTE),
                    )
                    .field(text::F_OFFICE_NAME, FieldKind::Display, &name)
                    .field(text::F_NOTIFY_MAIL, FieldKind::Display, &notify)
                    .field(text::F_PREFECTURE, FieldKind::Display, pref)
                    .buttons(&[text::B_BACK, text::B_SEND])
            }
        }
    }

    pub(super) fn press_lost(&mut self, ctx: &mut Ctx<'_>, name: &str) -> Result<(), ActError> {
        match (self.page.clone(), name) {
            (Page::Lost, text::B_BACK) => self.goto(Page::Login),
            (Page::Lost, text::B_NEXT) => {
                self.lost = LostInput::default();
                if self.value(text::F_LOST_CHOICE) == text::LOST_REISSUE {
                    self.goto(Page::Reissue);
                } else {
                    self.goto(Page::ResetAuth);
                }
            }
            (Page::ResetAuth | Page::Reissue, text::B_BACK) => {
                self.abandon_road(ctx);
                self.goto(Page::Lost);
            }
            (Page::ResetAuth, text::B_NEXT) => self.submit_reset_auth(ctx),
            (Page::Reissue, text::B_NEXT) => self.submit_reissue_form(ctx),
            (Page::Prefecture(Road::Reset), text::B_BACK) | (Page::ResetOtp, text::B_BACK) => {
                self.goto(Page::ResetAuth)
            }
            (Page::Prefecture(Road::Reissue), text::B_BACK) | (Page::ReissueCode, text::B_BACK) => {
                self.abandon_road(ctx);
                self.goto(Page::Reissue);
            }
            (Page::Prefecture(road), text::B_NEXT) => {
                let chosen = self.value(text::F_PREFECTURE);
                let choices = ctx.sys.prefecture_choices(&self.lost.office);
                let pref = choices
                    .iter()
                    .copied()
                    .find(|p| prefecture_name(*p) == chosen)
                    .or(choices.first().copied());
                self.lost.prefecture = pref;
                match road {
                    Road::Reset => self.send_reset_otp(ctx),
                    Road::Reissue => {
                        if let (Some(d), Some(p)) = (self.lost.draft, pref) {
                            ctx.sys.draft_prefecture(d, p);
                            self.send_draft_code(ctx, d);
                        }
                    }
                }
            }
            (Page::ResetOtp, text::B_NEXT) => {
                let entered = self.value(text::F_OTP);
                let i = &self.lost;
                match ctx
                    .sys
                    .verify_reset(&i.office, i.prefecture, &i.address, &entered, ctx.now)
                {
                    Ok(user) => {
                        self.lost.user = Some(user);
                        self.goto(Page::Reset);
                    }
                    Err(e) => self.errors = vec![super::security::otp_message(e).into()],
                }
            }
            (Page::Reset, text::B_BACK) => {
                self.abandon_road(ctx);
                self.goto(Page::Lost);
            }
            (Page::Reset, text::B_CHANGE) => self.submit_reset(ctx),
            (Page::ReissueCode, text::B_NEXT) => {
                let entered = self.value(text::F_CONFIRM_CODE);
                let Some(d) = self.lost.draft else {
                    self.goto(Page::Reissue);
                    return Ok(());
                };
                match ctx.sys.confirm_draft(d, &entered, ctx.now) {
                    Ok(_) => self.goto(Page::SendConfirm),
                    Err(e) => self.errors = vec![draft_message(e).into()],
                }
            }
            (Page::SendConfirm, text::B_BACK) => {
                self.abandon_road(ctx);
                self.goto(Page::Reissue);
            }
            (Page::SendConfirm, text::B_SEND) => {
                let Some(d) = self.lost.draft else {
                    self.goto(Page::Reissue);
                    return Ok(());
                };
                match ctx.sys.submit_reissue(d, ctx.now) {
                    Ok(_) => {
                        self.lost = LostInput::default();
                        self.goto(Page::Done {
                            flow: Flow::Lost,
                            steps: REISSUE_STEPS.to_vec(),
                            step: text::STEP_END,
                            lines: text::DONE_REISSUE.iter().map(|s| s.to_string()).collect(),
                            next: Box::new(Page::TopMenu),
                        });
                    }
                    Err(e) => self.errors = vec![draft_message(e).into()],
                }
            }
            (_, other) => return Err(ActError::Unsupported(other.to_string())),
        }
        Ok(())
    }

    fn submit_reset_auth(&mut self, ctx: &mut Ctx<'_>) {
        let office = self.value(text::F_OFFICE_NUMBER).trim().to_string();
        let address = self.value(text::F_SECURITY_MAIL).trim().to_string();
        if let Some(e) = input_error(&office, &address) {
            self.errors = vec![e.into()];
            return;
        }
        self.lost = LostInput {
            office,
            address,
            ..LostInput::default()
        };
        if ctx.sys.prefecture_choices(&self.lost.office).is_empty() {
            self.send_reset_otp(ctx);
        } else {
            self.goto(Page::Prefecture(Road::Reset));
        }
    }

    /// RESET-3: the same next screen whether or not a one-time password was sent; held
    /// back on the same screen when the number had its codes for now (anti-automation).
    fn send_reset_otp(&mut self, ctx: &mut Ctx<'_>) {
        let i = &self.lost;
        match ctx
            .sys
            .request_reset(&i.office, i.prefecture, &i.address, ctx.now, ctx.rng)
        {
            Ok(()) => self.goto(Page::ResetOtp),
            Err(_) => self.errors = vec![text::E_CODE_ISSUE_THROTTLED.into()],
        }
    }

    /// REISSUE-3: the code goes to the notification address, unless that address had its
    /// codes for now (anti-automation).
    fn send_draft_code(&mut self, ctx: &mut Ctx<'_>, draft: u64) {
        match ctx.sys.send_draft_code(draft, ctx.now, ctx.rng) {
            Ok(()) => self.goto(Page::ReissueCode),
            Err(_) => self.errors = vec![text::E_CODE_ISSUE_THROTTLED.into()],
        }
    }

    fn submit_reset(&mut self, ctx: &mut Ctx<'_>) {
        let Some(user) = self.lost.user.clone() else {
            self.goto(Page::Lost);
            self.errors = vec![text::E_RESET_GONE.into()];
            return;
        };
        let new = self.value(text::F_NEW_PASSWORD);
        let confirm = self.value(text::F_NEW_PASSWORD_CONFIRM_FULL);
        match ctx.sys.complete_reset(&user, &new, &confirm, ctx.rng) {
            Ok(had_code) => {
                let mut lines = vec![text::DONE_RESET.to_string()];
                if had_code {
                    lines.push(text::DONE_RESET_CODE.to_string());
                }
                self.lost = LostInput::default();
                self.goto(Page::Done {
                    flow: Flow::Lost,
                    steps: RESET_STEPS.to_vec(),
                    step: text::STEP_END,
                    lines,
                    next: Box::new(Page::Login),
                });
            }
            Err(errors) => {
                self.form.clear();
                self.errors = errors
                    .iter()
                    .map(|e| super::first_login::password_message(*e).into())
                    .collect();
            }
        }
    }

    fn submit_reissue_form(&mut self, ctx: &mut Ctx<'_>) {
        let office = self.value(text::F_OFFICE_NUMBER).trim().to_string();
        let address = self.value(text::F_NOTIFY_MAIL);
        let confirm = self.value(text::F_NOTIFY_MAIL_CONFIRM);
        if office.len() != 10 || !office.bytes().all(|b| b.is_ascii_digit()) {
            self.errors = vec![text::E_OFFICE_NUMBER_FORMAT.into()];
            return;
        }
        match ctx.sys.begin_reissue(&office, &address, &confirm) {
            Ok(draft) => {
                self.lost = LostInput {
                    office: office.clone(),
                    address: address.trim().to_string(),
                    draft: Some(draft),
                    ..LostInput::default()
                };
                if ctx.sys.prefecture_choices(&office).is_empty() {
                    self.send_draft_code(ctx, draft);
                } else {
                    self.goto(Page::Prefecture(Road::Reissue));
                }
            }
            Err(e) => self.errors = vec![super::first_login::address_message(e).into()],
        }
    }

    fn abandon_road(&mut self, ctx: &mut Ctx<'_>) {
        if let Some(d) = self.lost.draft.take() {
            ctx.sys.abandon_draft(d);
        }
        if let Some(u) = self.lost.user.take() {
            ctx.sys.abandon_reset(&u);
        }
    }
}

/// ASSUMPTION (UI-5): the format checks of the reset's first screen; they reveal nothing
/// about accounts.
fn input_error(office: &str, address: &str) -> Option<&'static str> {
    if office.len() != 10 || !office.bytes().all(|b| b.is_ascii_digit()) {
        return Some(text::E_OFFICE_NUMBER_FORMAT);
    }
    if !eseikyu_core::domain::office::plausible_address(address) {
        return Some(text::E_MAIL_FORMAT);
    }
    None
}

fn draft_message(e: DraftError) -> &'static str {
    match e {
        DraftError::Code(CodeError::Wrong) => text::E_CODE_WRONG,
        DraftError::Code(CodeError::Expired) => text::E_CODE_EXPIRED_REISSUE,
        DraftError::Code(CodeError::Void) | DraftError::Gone => text::E_CODE_VOID_REISSUE,
        DraftError::Code(CodeError::Throttled) => text::E_CODE_THROTTLED,
        DraftError::UnknownOffice => text::E_REISSUE_UNKNOWN,
        DraftError::Agent => text::E_REISSUE_AGENT,
    }
}
