//! The entry screens: 総合窓口, トップメニュー, 【ログイン】 and 【ログイン(セキュリティコード)】
//! (UI-2, LGN-1, LGN-2, LGN-6).

use super::browser::{ActError, Browser, Ctx, Page};
use super::model::{Cell, FieldKind, Screen, Table};
use eseikyu_core::domain::{LoginOutcome, System, UserId};
use eseikyu_core::text;
use jiff::Timestamp;

impl Browser {
    pub(super) fn view_login(&self, sys: &System, now: Timestamp) -> Screen {
        match self.page {
            Page::Portal => Screen::new(text::T_PORTAL).link(text::L_CARE_CLAIMS),
            Page::TopMenu => self.view_top_menu(sys, now),
            Page::Login => {
                let s = Screen::new(text::T_LOGIN)
                    .heading(text::SYSTEM_NAME)
                    .text(text::LOGIN_TEXT)
                    .field(text::F_USER_ID, FieldKind::Text, "")
                    .field(text::F_PASSWORD, FieldKind::Password, "")
                    .buttons(&[text::B_BACK, text::B_LOGIN]);
                lost_link(s, sys, now)
            }
            _ => {
                let s = Screen::new(text::T_LOGIN_CODE)
                    .heading(text::SYSTEM_NAME)
                    .text(text::LOGIN_CODE_TEXT)
                    .field(text::F_SECURITY_CODE, FieldKind::Password, "")
                    .buttons(&[text::B_BACK, text::B_LOGIN]);
                lost_link(s, sys, now)
            }
        }
    }

    /// UI-2: 《トップメニュー》, the お知らせ一覧 before login. The title is the second
    /// column, a link, as public notice-watcher scripts read the real site
    /// (docs/serving.md); every column of the seeds is shown.
    fn view_top_menu(&self, sys: &System, now: Timestamp) -> Screen {
        let hits = sys.query_notices(None, &Default::default(), now);
        let mut table = Table {
            columns: vec![
                text::COL_NOTICE_START.into(),
                text::COL_NOTICE_TITLE.into(),
                text::COL_NOTICE_CATEGORY.into(),
            ],
            rows: vec![],
        };
        for &i in hits.iter().take(sys.profile.notices_per_page) {
            let n = &sys.notices()[i];
            table.rows.push(vec![
                Cell::Text(eseikyu_core::clock::screen_date(n.start)),
                Cell::Link(n.title.clone()),
                Cell::Text(n.category.clone()),
            ]);
        }
        Screen::new(text::T_TOP_MENU)
            .heading(text::T_NOTICES)
            .link(text::L_FIRST_TIME)
            .text(&[text::notice_count(hits.len())])
            .table(table)
            .buttons(&[text::L_FAQ, text::B_LOGIN])
    }

    pub(super) fn press_login(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        row: Option<usize>,
    ) -> Result<(), ActError> {
        match (&self.page, name) {
            // A notice's title opens it (NOTICE-4), before login as after.
            (Page::TopMenu, _) if row.is_some() => {
                let hits = ctx.sys.query_notices(None, &Default::default(), ctx.now);
                if let Some(&i) = row.and_then(|r| hits.get(r)) {
                    self.goto(Page::Notice(i));
                }
            }
            (Page::Portal, text::L_CARE_CLAIMS) => self.goto(Page::TopMenu),
            (Page::TopMenu, text::B_LOGIN) => self.goto(Page::Login),
            (Page::TopMenu, text::L_FAQ) => self.goto(Page::Faq(Box::new(Page::TopMenu))),
            (Page::TopMenu, text::L_FIRST_TIME) => self.goto(Page::FirstTime),
            (Page::Login, text::B_BACK) => self.goto(Page::TopMenu),
            // LGN-1, LGN-2: the lost link leads to LOST-1.
            (Page::Login | Page::LoginCode, text::L_LOST) => {
                self.logout();
                self.goto(Page::Lost);
            }
            (Page::LoginCode, text::B_BACK) => {
                self.logout();
                self.goto(Page::Login);
            }
            (Page::Login, text::B_LOGIN) => {
                let user_id = self.value(text::F_USER_ID);
                self.login_password = self.value(text::F_PASSWORD);
                let outcome = ctx
                    .sys
                    .login(&user_id, &self.value(text::F_PASSWORD), ctx.now);
                self.after_attempt(ctx, UserId::parse(&user_id), outcome);
            }
            (Page::LoginCode, text::B_LOGIN) => {
                let Some(user) = self.user.clone() else {
                    self.goto(Page::Login);
                    return Ok(());
                };
                let outcome =
                    ctx.sys
                        .login_code(&user, &self.value(text::F_SECURITY_CODE), ctx.now);
                self.after_attempt(ctx, Some(user), outcome);
            }
            (_, other) => return Err(ActError::Unsupported(other.to_string())),
        }
        Ok(())
    }

    fn after_attempt(&mut self, ctx: &mut Ctx<'_>, user: Option<UserId>, outcome: LoginOutcome) {
        match outcome {
            LoginOutcome::Rejected if self.page == Page::Login => {
                self.login_password.clear();
                self.form.clear();
                self.errors = vec![text::E_LOGIN_FAILED.to_string()];
            }
            LoginOutcome::Rejected => {
                let msg = if self.page == Page::LoginCode {
                    text::E_SECURITY_CODE_WRONG
                } else {
                    text::E_LOGIN_FAILED
                };
                self.form.clear();
                self.errors = vec![msg.to_string()];
            }
            LoginOutcome::Locked => {
                self.logout();
                self.goto(Page::Login);
                self.errors = vec![text::E_LOCKED.to_string()];
            }
            LoginOutcome::NeedSecurityCode => {
                self.user = user;
                self.goto(Page::LoginCode);
            }
            LoginOutcome::Accepted(_) => {
                self.user = user;
                self.skipped_grace = false;
                self.route_after_login(ctx);
            }
        }
    }
}

/// LGN-1, LGN-2: the lost-information link, added by the December 2025 release (REL-2).
fn lost_link(screen: Screen, sys: &System, now: Timestamp) -> Screen {
    if sys.profile.released(now) {
        screen.link(text::L_LOST)
    } else {
        screen
    }
}
