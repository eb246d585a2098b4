//! The ケアプランデータ連携クライアント (CPL): its login with the reception system's ID and
//! password (CPL-1, CPL-2), the licence application (CPL-3), the upload and sending of a
//! plan or actuals CSV, the received files (CPL-4), and the help desk (CPL-5).

use super::browser::{ActError, Browser, Ctx, Page};
use super::model::{Cell, FieldKind, Screen, Table};
use eseikyu_core::clock;
use eseikyu_core::domain::linkage::{
    DataKind, FileError, LinkageError, Payment, Status, UploadError,
};
use eseikyu_core::domain::{LinkageRefusal, System, UserId};
use eseikyu_core::text;
use jiff::Timestamp;

impl Browser {
    pub(super) fn view_linkage(&self, sys: &System, now: Timestamp) -> Screen {
        let contact = |s: Screen| s.help(text::CPL_CONTACT_TITLE, text::CPL_CONTACT);
        let office = self.linkage_user.as_ref().map(UserId::office);
        let mut screen = match (&self.page, office) {
            (Page::CplLogin, _) => contact(
                Screen::new(text::T_CPL_LOGIN)
                    .field(text::F_USER_ID, FieldKind::Text, "")
                    .text(&[text::CPL_USER_ID_NOTE])
                    .field(text::F_PASSWORD, FieldKind::Password, "")
                    .text(&[text::CPL_LOGIN_NOTE])
                    .buttons(&[text::B_LOGIN]),
            ),
            (Page::CplMenu, Some(o)) => contact(
                Screen::new(text::T_CPL_CLIENT)
                    .text(&[licence_line(sys, &o, now)])
                    .link(text::T_CPL_LICENCE)
                    .link(text::T_CPL_UPLOAD)
                    .link(text::T_CPL_SENT)
                    .link(text::T_CPL_INBOX)
                    .buttons(&[text::MENU_LOGOUT]),
            ),
            (Page::CplLicence, Some(o)) => {
                let p = &sys.profile.linkage;
                let fee = eseikyu_core::domain::certs::yen(p.fee_at(now));
                let three = eseikyu_core::domain::certs::yen(p.fee_at(now) * 3);
                let years: Vec<String> = (1..=p.max_years).map(text::cpl_years).collect();
                let years: Vec<&str> = years.iter().map(String::as_str).collect();
                Screen::new(text::T_CPL_LICENCE)
                    .heading(text::CPL_FEE_HEADING)
                    .text(&[
                        format!("{} {}", text::CPL_FEE_LABEL, text::cpl_fee(&fee)),
                        format!("{} {}", text::CPL_TERM_LABEL, text::CPL_TERM),
                        format!("{} {}", text::CPL_PAYMENT_LABEL, text::CPL_PAYMENT_TEXT),
                    ])
                    .text(&text::cpl_fee_notes(&fee, &three))
                    .text(&[
                        licence_line(sys, &o, now),
                        text::CPL_LICENCE_TEXT.to_string(),
                    ])
                    .choice(
                        text::F_CPL_YEARS,
                        &years,
                        years.first().copied().unwrap_or(""),
                    )
                    .choice(
                        text::F_CPL_PAYMENT,
                        &[text::CPL_PAY_DEDUCTION, text::CPL_PAY_INVOICE],
                        text::CPL_PAY_DEDUCTION,
                    )
                    .buttons(&[text::B_BACK, text::B_CPL_APPLY])
            }
            (Page::CplLicenceDone(lines), Some(_)) => Screen::new(text::T_CPL_LICENCE_DONE)
                .text(lines)
                .buttons(&[text::B_END]),
            (Page::CplUpload, Some(o)) => {
                let unsent: Vec<Vec<Cell>> = sys
                    .linkage()
                    .outbox(&o)
                    .into_iter()
                    .filter(|t| t.status() == Status::Unsent)
                    .map(|t| {
                        vec![
                            Cell::Text(clock::screen_datetime(t.uploaded)),
                            Cell::Text(t.to.to_string()),
                            Cell::Text(kind_label(t.kind).into()),
                            Cell::Text(t.name.clone()),
                            Cell::Text(text::CPL_UNSENT.into()),
                        ]
                    })
                    .collect();
                self.with_said(Screen::new(text::T_CPL_UPLOAD))
                    .text(text::CPL_UPLOAD_TEXT)
                    .choice(
                        text::F_CPL_KIND,
                        &[text::CPL_PLAN, text::CPL_ACTUAL],
                        text::CPL_PLAN,
                    )
                    .field(text::F_CPL_TO, FieldKind::Text, "")
                    .field(text::F_CPL_FILE, FieldKind::File, "")
                    .table(Table {
                        columns: sent_columns(&[0, 2, 3, 4, 5]),
                        rows: unsent,
                    })
                    .buttons(&[text::B_BACK, text::B_UPLOAD, text::B_SEND])
            }
            (Page::CplSent, Some(o)) => {
                let rows = sys
                    .linkage()
                    .outbox(&o)
                    .into_iter()
                    .map(|t| {
                        vec![
                            Cell::Text(clock::screen_datetime(t.uploaded)),
                            Cell::Text(t.sent.map(clock::screen_datetime).unwrap_or_default()),
                            Cell::Text(t.to.to_string()),
                            Cell::Text(kind_label(t.kind).into()),
                            Cell::Text(t.name.clone()),
                            Cell::Text(status_label(t.status()).into()),
                        ]
                    })
                    .collect();
                Screen::new(text::T_CPL_SENT)
                    .table(Table {
                        columns: sent_columns(&[0, 1, 2, 3, 4, 5]),
                        rows,
                    })
                    .buttons(&[text::B_BACK])
            }
            (Page::CplInbox, Some(o)) => {
                let rows = sys
                    .linkage()
                    .inbox(&o)
                    .into_iter()
                    .map(|t| {
                        let received = t.received.is_some();
                        vec![
                            Cell::Text(t.sent.map(clock::screen_datetime).unwrap_or_default()),
                            Cell::Text(t.from.to_string()),
                            Cell::Text(kind_label(t.kind).into()),
                            Cell::Text(t.name.clone()),
                            Cell::Text(
                                if received {
                                    text::CPL_RECEIVED
                                } else {
                                    text::CPL_NOT_RECEIVED
                                }
                                .into(),
                            ),
                            Cell::Text(t.received.map(clock::screen_datetime).unwrap_or_default()),
                            Cell::Button(
                                if received {
                                    text::B_DOWNLOAD
                                } else {
                                    text::B_CPL_RECEIVE
                                }
                                .into(),
                            ),
                        ]
                    })
                    .collect();
                let mut columns: Vec<String> = text::CPL_COLUMNS_INBOX
                    .iter()
                    .map(|c| c.to_string())
                    .collect();
                columns.push(String::new());
                self.with_said(Screen::new(text::T_CPL_INBOX))
                    .table(Table { columns, rows })
                    .buttons(&[text::B_BACK])
            }
            // A linkage page without a linkage login: back to its login.
            _ => return Browser::linkage_login_screen(),
        };
        screen.time = Some(clock::time_of_day(now));
        screen
    }

    /// What the client said after the last action, if anything.
    fn with_said(&self, screen: Screen) -> Screen {
        if self.said.is_empty() {
            screen
        } else {
            screen.text(&self.said)
        }
    }

    fn linkage_login_screen() -> Screen {
        Screen::new(text::T_CPL_LOGIN)
    }

    pub(super) fn press_linkage(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        row: Option<usize>,
    ) -> Result<(), ActError> {
        self.said.clear();
        if self.page == Page::CplLogin {
            if name == text::B_LOGIN {
                self.linkage_login(ctx);
            }
            return Ok(());
        }
        let Some(user) = self.linkage_user.clone() else {
            self.goto(Page::CplLogin);
            return Ok(());
        };
        let office = user.office();
        let page = self.page.clone();
        match (page, name) {
            (_, text::MENU_LOGOUT) => {
                self.linkage_user = None;
                self.goto(Page::CplLogin);
            }
            (Page::CplMenu, text::T_CPL_LICENCE) => self.goto(Page::CplLicence),
            (Page::CplMenu, text::T_CPL_UPLOAD) => self.goto(Page::CplUpload),
            (Page::CplMenu, text::T_CPL_SENT) => self.goto(Page::CplSent),
            (Page::CplMenu, text::T_CPL_INBOX) => self.goto(Page::CplInbox),
            (Page::CplLicence, text::B_CPL_APPLY) => self.apply_licence(ctx, &user),
            (Page::CplLicenceDone(_), text::B_END) | (_, text::B_BACK) => {
                self.attached = None;
                self.goto(Page::CplMenu);
            }
            (Page::CplUpload, text::B_UPLOAD) => self.upload(ctx, &office),
            (Page::CplUpload, text::B_SEND) => match ctx.sys.linkage_mut().send(&office, ctx.now) {
                Ok(n) => self.said = vec![text::cpl_sent(n)],
                Err(e) => self.errors = vec![hub_message(&e).to_string()],
            },
            (Page::CplInbox, text::B_CPL_RECEIVE | text::B_DOWNLOAD) => {
                let id = row
                    .and_then(|i| ctx.sys.linkage().inbox(&office).get(i).map(|t| t.id))
                    .unwrap_or(0);
                let done = if name == text::B_CPL_RECEIVE {
                    ctx.sys.linkage_mut().receive(&office, id, ctx.now)
                } else {
                    ctx.sys.download_linkage_file(&office, id)
                };
                if let Err(e) = done {
                    self.errors = vec![hub_message(&e).to_string()];
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn linkage_login(&mut self, ctx: &mut Ctx<'_>) {
        let (id, password) = (self.value(text::F_USER_ID), self.value(text::F_PASSWORD));
        match ctx.sys.linkage_login(&id, &password, ctx.now) {
            Ok(user) => {
                self.linkage_user = Some(user);
                self.goto(Page::CplMenu);
            }
            Err(refusal) => {
                self.errors = vec![
                    match refusal {
                        LinkageRefusal::NotLive => text::CPL_ERR_NOT_LIVE,
                        LinkageRefusal::Rejected => text::E_LOGIN_FAILED,
                        LinkageRefusal::Locked => text::E_LOCKED,
                        LinkageRefusal::Temporary => text::CPL_ERR_TEMPORARY,
                        LinkageRefusal::NoCertificate => text::CPL_ERR_NO_CERTIFICATE,
                    }
                    .to_string(),
                ]
            }
        }
    }

    fn apply_licence(&mut self, ctx: &mut Ctx<'_>, user: &UserId) {
        let years: u8 = self
            .value(text::F_CPL_YEARS)
            .trim_end_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .unwrap_or(1);
        let payment = if self.value(text::F_CPL_PAYMENT) == text::CPL_PAY_INVOICE {
            Payment::Invoice
        } else {
            Payment::Deduction
        };
        match ctx.sys.apply_licence(user, years, payment, ctx.now) {
            Ok(l) => {
                let lines = text::cpl_licence_done(
                    &eseikyu_core::domain::certs::yen(l.amount),
                    &clock::screen_date(l.from),
                    &clock::screen_date(l.last()),
                );
                self.goto(Page::CplLicenceDone(lines.to_vec()));
            }
            Err(e) => self.errors = vec![hub_message(&e).to_string()],
        }
    }

    fn upload(&mut self, ctx: &mut Ctx<'_>, office: &eseikyu_core::domain::OfficeNumber) {
        let kind = if self.value(text::F_CPL_KIND) == text::CPL_ACTUAL {
            DataKind::Actual
        } else {
            DataKind::Plan
        };
        let to = self.value(text::F_CPL_TO);
        let (name, bytes) = self.attached.clone().unwrap_or_default();
        let profile = ctx.sys.profile.linkage.clone();
        let done = ctx
            .sys
            .linkage_mut()
            .upload(office, &to, kind, &name, &bytes, ctx.now, &profile);
        match done {
            Ok(_) => {
                self.attached = None;
                self.form.clear();
                self.said = vec![text::CPL_UPLOADED.to_string()];
            }
            Err(UploadError::File(e)) => {
                self.errors = vec![file_message(&e, profile.max_file_bytes)];
            }
            Err(UploadError::Hub(e)) => self.errors = vec![hub_message(&e).to_string()],
        }
    }
}

/// CPL-3: the licence line of the client's pages: while a licence runs, the last day of
/// the last one applied for (renewals follow on).
fn licence_line(
    sys: &System,
    office: &eseikyu_core::domain::OfficeNumber,
    now: Timestamp,
) -> String {
    let hub = sys.linkage();
    match (hub.licence(office, now), hub.last_licence(office)) {
        (Some(_), Some(last)) => text::cpl_licence_until(&clock::screen_date(last.last())),
        _ => text::CPL_NO_LICENCE_LINE.to_string(),
    }
}

fn sent_columns(which: &[usize]) -> Vec<String> {
    which
        .iter()
        .filter_map(|i| text::CPL_COLUMNS_SENT.get(*i))
        .map(|c| c.to_string())
        .collect()
}

fn kind_label(kind: DataKind) -> &'static str {
    match kind {
        DataKind::Plan => text::CPL_PLAN,
        DataKind::Actual => text::CPL_ACTUAL,
    }
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Unsent => text::CPL_UNSENT,
        Status::Sent => text::CPL_SENT,
        Status::Received => text::CPL_RECEIVED,
    }
}

fn file_message(e: &FileError, max: usize) -> String {
    match e {
        FileError::Missing => text::CPL_ERR_NO_FILE.into(),
        FileError::NotCsv => text::CPL_ERR_NOT_CSV.into(),
        FileError::Empty => text::CPL_ERR_EMPTY.into(),
        FileError::TooLarge { .. } => {
            text::cpl_err_too_large(&format!("{}MB", max / (1024 * 1024)))
        }
        FileError::Encoding => text::CPL_ERR_ENCODING.into(),
        FileError::Malformed { line } => text::cpl_err_malformed(*line),
    }
}

fn hub_message(e: &LinkageError) -> &'static str {
    match e {
        LinkageError::NoLicence => text::CPL_ERR_NO_LICENCE,
        LinkageError::BadRecipient => text::CPL_ERR_BAD_RECIPIENT,
        LinkageError::RecipientNotUsing => text::CPL_ERR_RECIPIENT,
        LinkageError::ToSelf => text::CPL_ERR_TO_SELF,
        LinkageError::Full => text::CPL_ERR_FULL,
        LinkageError::NothingToSend => text::CPL_ERR_NOTHING,
        LinkageError::NoSuchFile | LinkageError::Years { .. } => text::CPL_ERR_NOTHING,
    }
}
