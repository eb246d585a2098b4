//! The browser's current page as a screen: the family's view, the header and the clock,
//! and the step list of a flow.

use super::{Browser, Flow};
use crate::model::Screen;
use crate::page::{Family, Page};
use eseikyu_core::domain::System;
use eseikyu_core::text;
use jiff::Timestamp;

impl Browser {
    /// The screen of the current page.
    pub(super) fn view(&self, sys: &System, now: Timestamp) -> Screen {
        let mut screen = match self.page.family() {
            Family::Login => self.view_login(sys, now),
            Family::FirstLogin => self.view_first_login(sys, now),
            Family::Done => match &self.page {
                Page::Done {
                    steps, step, lines, ..
                } => Screen::new(text::T_DONE)
                    .text(lines)
                    .buttons(&[text::B_END])
                    .with_steps(steps.clone(), step),
                _ => Screen::default(),
            },
            Family::Security => self.view_security(sys, now),
            Family::Notices => self.view_notices(sys, now),
            Family::UserInfo => self.view_user_info(sys, now),
            Family::Mobile => return self.view_mobile(sys, now),
            Family::FirstTime => Screen::new(text::T_FIRST_TIME)
                .heading(text::ENVIRONMENTS_HEADING)
                .table(crate::model::Table {
                    columns: text::ENVIRONMENT_COLUMNS
                        .iter()
                        .map(|c| c.to_string())
                        .collect(),
                    rows: text::ENVIRONMENTS
                        .iter()
                        .map(|r| {
                            r.iter()
                                .map(|c| crate::model::Cell::Text(c.to_string()))
                                .collect()
                        })
                        .collect(),
                })
                .text(text::ENVIRONMENTS_NOTE)
                .buttons(&[text::B_BACK]),
            Family::Certs => self.view_certs(sys, now),
            Family::Lost => self.view_lost(sys, now),
            Family::Linkage => return self.view_linkage(sys, now),
        };
        if self.is_lost_page() {
            screen.time = Some(eseikyu_core::clock::time_of_day(now));
        }
        if self.user.is_some() && !matches!(self.page, Page::Login | Page::LoginCode) {
            screen.header = Some(crate::model::Header {
                label: text::HEADER.to_string(),
                menu: self.header_menu(),
            });
            screen.time = Some(eseikyu_core::clock::time_of_day(now));
        }
        screen
    }
}

/// The step list of a flow (LGN-3, MAIL-2, MAIL-7).
pub(crate) fn flow_steps(flow: Flow, page_title: &'static str) -> Vec<&'static str> {
    match flow {
        Flow::FirstLogin => vec![
            text::T_PASSWORD_CHANGE,
            text::T_MAIL_ADDRESS,
            text::T_SECURITY_ADDRESS,
            text::T_CONFIRM_CODE,
            text::STEP_END,
        ],
        // MAIL-2: the forced screen shows only its own step; ASSUMPTION: the code and
        // completion screens of that flow keep the same one-line list.
        Flow::Forced => vec![text::T_SECURITY_ADDRESS],
        Flow::AddSecurity | Flow::ChangeSecurity(_) => vec![
            text::T_USER_INFO,
            text::T_SECURITY_LIST,
            text::T_SECURITY_ADDRESS,
            text::T_OTP,
            text::T_CONFIRM_CODE,
            text::STEP_END,
        ],
        Flow::UserInfo => vec![text::T_USER_INFO, page_title, text::STEP_END],
        Flow::Lost => vec![page_title],
    }
}

impl Screen {
    /// Sets the step list, marking `current` (by label) as the current step.
    pub(crate) fn with_steps(mut self, labels: Vec<&str>, current: &str) -> Screen {
        self.steps = labels
            .iter()
            .enumerate()
            .map(|(i, l)| crate::model::StepItem {
                number: i + 1,
                label: l.to_string(),
                current: *l == current,
            })
            .collect();
        self
    }
}
