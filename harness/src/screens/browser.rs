//! The browser: one visitor's session over the system, as a state machine of pages.
//! `screen` projects the current page to a [`Screen`]; `act` applies a visitor's action.

pub(super) use super::action::{ActError, Action};
use super::model::{FieldKind, Screen};
use super::names;
pub(super) use super::page::{Family, Page};
use super::resolve::Setter;
use eseikyu_core::domain::notices::Query;
use eseikyu_core::domain::{System, UserId};
use eseikyu_core::text;
use jiff::Timestamp;
use rand_chacha::ChaCha20Rng;
use std::collections::BTreeMap;

mod press;
mod view;

pub(crate) use view::flow_steps;

/// What the browser needs from the world to act: the system, the instant and the RNG.
pub struct Ctx<'a> {
    pub sys: &'a mut System,
    pub now: Timestamp,
    pub rng: &'a mut ChaCha20Rng,
}

/// Which chain of screens a page belongs to; it decides the step list and where 終了 leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// LGN-3: the first login with a temporary password.
    FirstLogin,
    /// MAIL-2: an existing office sent to register a security address.
    Forced,
    /// Changes under 【ユーザ情報変更】 (password, notice address, security code).
    UserInfo,
    /// MAIL-7: adding a security address after login.
    AddSecurity,
    /// MAIL-9: replacing the security address at this index.
    ChangeSecurity(usize),
    /// LOST-1: the reset or the reissue application, before login.
    Lost,
}

/// One visitor's session.
pub struct Browser {
    pub(super) page: Page,
    pub(super) user: Option<UserId>,
    /// The visitor has reached the main menu (and so the full menu).
    pub(super) entered: bool,
    /// MAIL-3: the visitor ticked 「…登録せずにログインする」 during the grace period.
    pub(super) skipped_grace: bool,
    pub(super) form: BTreeMap<String, String>,
    /// Form keys holding a typed password (forgotten at the next press).
    typed_passwords: std::collections::BTreeSet<String>,
    pub(super) errors: Vec<String>,
    pub(super) notice_query: Query,
    pub(super) notice_page: usize,
    pub(super) lost: super::lost::LostInput,
    /// CERT-2: 「発行申請を行う前に」 was opened this session.
    pub(super) read_before_apply: bool,
    /// The 証明書発行用パスワード entered for the application in progress.
    pub(super) cert_password: String,
    /// CERT-13 ASSUMPTION: the login password of this session, which encrypts the ZIP of a
    /// reissued 証明書発行用パスワード. Kept in memory for the session only.
    pub(super) login_password: String,
    /// CPL-1: the account logged in to the linkage client (apart from the reception's).
    pub(super) linkage_user: Option<UserId>,
    /// CPL-4: the file chosen for upload, as (name, bytes); like a typed password, it is
    /// gone from the page the press answers with (a browser never refills a file field).
    pub(super) attached: Option<(String, bytes::Bytes)>,
    /// What the linkage client says after an upload, a send or a receipt.
    pub(super) said: Vec<String>,
    /// The addresses the session has shown: what Back goes back through.
    pub(super) history: super::moves::History,
    /// The form as the site holds it since the last page: what Reload shows.
    pub(super) posted: BTreeMap<String, String>,
    /// The last form sent, for `Repost`.
    pub(super) last_post: Option<Post>,
    /// How many times a press has renewed the session (a login or a logout does, as the
    /// site renews its id): a form made before is refused as stale.
    pub(super) session: u32,
    /// The last thing sent came from a page the session has left (see `moves`): that
    /// page's address, where the browser shows the site's answer (the current page).
    pub(super) stale: Option<String>,
    /// The address a page asked for was shown at, mark and all (see `moves`), until the
    /// move is noted in the history.
    pub(super) arrived: Option<String>,
    /// The page as the site served it at the last page loaded (`None` before the first):
    /// what the visitor sees and acts on until the next loads, whatever the system does
    /// meanwhile (the clock, the federation, another tab), as a browser's page stays.
    shown: Option<Screen>,
}

/// A form as it was sent: from which page, its fields, the button and its row, and the
/// session it was made in (a login or logout renews the session and its forms' tokens).
#[derive(Clone, Debug)]
pub(super) struct Post {
    pub(super) at: &'static str,
    pub(super) values: Vec<(String, String)>,
    pub(super) name: String,
    pub(super) row: Option<usize>,
    pub(super) session: u32,
}

impl Default for Browser {
    fn default() -> Self {
        Browser::new()
    }
}

impl Browser {
    pub fn new() -> Browser {
        Browser {
            page: Page::Portal,
            user: None,
            entered: false,
            skipped_grace: false,
            form: BTreeMap::new(),
            typed_passwords: Default::default(),
            errors: Vec::new(),
            notice_query: Query::default(),
            notice_page: 0,
            lost: Default::default(),
            read_before_apply: false,
            cert_password: String::new(),
            login_password: String::new(),
            linkage_user: None,
            attached: None,
            said: Vec::new(),
            history: super::moves::History::at(Page::Portal.address()),
            posted: BTreeMap::new(),
            last_post: None,
            session: 0,
            stale: None,
            arrived: None,
            shown: None,
        }
    }

    /// Where the current page is on the served site (see `Page::address`).
    pub fn address(&self) -> &'static str {
        self.page.address()
    }

    /// The entry page an address opens, as `open:` names it: `/` 総合窓口,
    /// `/KShinsei/main` トップメニュー, `/KShinsei/login` ログイン, `/mobile` モバイル窓口.
    pub fn entry_at(address: &str) -> Option<&'static str> {
        super::entries::at(address).map(|e| e.name)
    }

    /// Whether the current page shows the CA's thumbprint (the FAQ, CERT-16).
    pub fn shows_ca_thumbprint(&self) -> bool {
        matches!(self.page, Page::Faq(_))
    }

    /// The logged-in account, if any.
    pub fn user(&self) -> Option<&UserId> {
        self.user.as_ref()
    }
    /// The account logged in to the linkage client, if any (CPL-1).
    pub fn linkage_user(&self) -> Option<&UserId> {
        self.linkage_user.as_ref()
    }
    /// Whether the visitor is on the main menu side of the system.
    pub fn entered(&self) -> bool {
        self.entered
    }

    /// The current page as a screen, as the site would serve it now.
    pub fn screen(&self, sys: &System, now: Timestamp) -> Screen {
        let mut screen = self.view(sys, now);
        self.typed_into(&mut screen);
        screen.errors = self.errors.clone();
        if self.stale.is_some() {
            screen.errors.insert(0, text::E_STALE_PAGE.to_string());
        }
        screen
    }

    /// The page the visitor's browser holds: as the site served it at the last page
    /// loaded, with what was typed into it since (the site's page before the first).
    pub fn page(&self, sys: &System, now: Timestamp) -> Screen {
        match &self.shown {
            Some(shown) => {
                let mut page = shown.clone();
                self.typed_into(&mut page);
                page
            }
            None => self.screen(sys, now),
        }
    }

    /// A page was loaded: the browser holds the screen as the site serves it now.
    pub fn served(&mut self, sys: &System, now: Timestamp) {
        self.shown = Some(self.screen(sys, now));
    }

    /// The values typed, ticked and chosen, in the screen's fields.
    fn typed_into(&self, screen: &mut Screen) {
        for block in &mut screen.blocks {
            if let super::model::Block::Field(f) = block
                && let Some(v) = self.form.get(&names::normalize(&f.name))
            {
                f.value = v.clone();
            }
        }
    }

    /// Applies one action. A refusal by the system (wrong password, expired code…) is not
    /// an error: it shows on the screen.
    pub fn act(&mut self, ctx: &mut Ctx<'_>, action: &Action) -> Result<(), ActError> {
        if !action.moves() {
            return self.set(ctx, action);
        }
        // Whether the page shows a refusal, which the site does not show again when the
        // page is asked for anew.
        let refused = !self.errors.is_empty();
        // A form from a page left was answered at that page's address: Reload asks for it.
        let left = self.stale.take();
        let done = match action {
            Action::Back => self.back(ctx, refused),
            Action::Reload => match left.clone() {
                Some(at) => self.ask_for(ctx, &at, refused),
                None => {
                    // The address shown, asked for again as it is.
                    self.arrived = self.history.current().map(str::to_string);
                    self.reload();
                    Ok(())
                }
            },
            Action::Go(target) => self.go(ctx, target, refused),
            Action::Repost => self.repost(ctx),
            Action::Open(target) => self.open(target),
            Action::Press { name, row } => self.press_renewing(ctx, name, row.as_deref()),
            _ => Ok(()),
        };
        // A move refused (what the page does not offer) leaves the page as it was.
        match &done {
            Ok(()) => {
                let sent = matches!(action, Action::Press { .. } | Action::Repost);
                self.note_page(action.replaces_entry(), sent)
            }
            Err(_) => {
                self.stale = self.stale.take().or(left);
                self.arrived = None;
            }
        }
        done
    }

    /// Typing, ticking, choosing or attaching: what the page holds before it is sent.
    fn set(&mut self, ctx: &mut Ctx<'_>, action: &Action) -> Result<(), ActError> {
        match action {
            Action::Fill { field, value } => {
                self.set_field(ctx, field, value.clone(), Setter::Fill)
            }
            Action::Check { field, on } => {
                let v = if *on { "on" } else { "" };
                self.set_field(ctx, field, v.to_string(), Setter::Check)
            }
            Action::Choose { field, option } => {
                self.set_field(ctx, field, option.clone(), Setter::Choose)
            }
            Action::Attach { field, name, bytes } => {
                self.set_field(ctx, field, name.clone(), Setter::Attach)?;
                self.attached = Some((name.clone(), bytes.clone()));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub(super) fn open(&mut self, target: &str) -> Result<(), ActError> {
        let address = super::resolve::entry_address(target)?;
        let page = match address {
            "/" => Page::Portal,
            "/mobile" => Page::MobilePortal,
            "/KShinsei/main" => Page::TopMenu,
            "/careplan" => Page::CplLogin,
            _ => Page::Login,
        };
        self.logout();
        self.linkage_user = None;
        self.attached = None;
        self.said.clear();
        self.goto(page);
        Ok(())
    }

    fn set_field(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        value: String,
        setter: Setter,
    ) -> Result<(), ActError> {
        // What the visitor's page holds (the site takes the form when it is sent).
        let screen = self.page(ctx.sys, ctx.now);
        self.set_on(&screen, name, value, setter)
    }

    /// Sets a field of `screen` in the form.
    fn set_on(
        &mut self,
        screen: &Screen,
        name: &str,
        value: String,
        setter: Setter,
    ) -> Result<(), ActError> {
        let (field, value) = super::resolve::field(screen, name, value, setter)?;
        let key = names::normalize(&field);
        if screen
            .fields()
            .any(|f| f.name == field && f.kind == FieldKind::Password)
        {
            self.typed_passwords.insert(key.clone());
        }
        self.form.insert(key, value);
        Ok(())
    }

    /// Dispatches a press to the page that shows it.
    fn on_press(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        row: Option<usize>,
    ) -> Result<(), ActError> {
        match self.page.family() {
            Family::Login => self.press_login(ctx, name, row),
            Family::FirstLogin => self.press_first_login(ctx, name),
            Family::Done => {
                if let (Page::Done { next, .. }, text::B_END) = (self.page.clone(), name) {
                    self.go_on(ctx, *next);
                }
                Ok(())
            }
            Family::Security => self.press_security(ctx, name, row),
            Family::Notices => self.press_notices(ctx, name, row),
            Family::UserInfo => self.press_user_info(ctx, name),
            Family::Mobile => self.press_mobile(ctx, name, row),
            Family::FirstTime => {
                if name == text::B_BACK {
                    self.goto(Page::TopMenu);
                }
                Ok(())
            }
            Family::Certs => self.press_certs(ctx, name, row),
            Family::Lost => self.press_lost(ctx, name),
            Family::Linkage => self.press_linkage(ctx, name, row),
        }
    }

    /// UI-1: the menu shown in the header.
    pub(super) fn header_menu(&self) -> Vec<String> {
        if self.entered {
            text::MENU.iter().map(|s| s.to_string()).collect()
        } else if matches!(self.page, Page::SecurityAddress(Flow::Forced))
            || matches!(self.page, Page::ConfirmCode(Flow::Forced))
            || matches!(
                &self.page,
                Page::Done {
                    flow: Flow::Forced,
                    ..
                }
            )
        {
            vec![text::MENU_LOGOUT.to_string()]
        } else {
            vec![]
        }
    }

    fn on_menu(&mut self, ctx: &mut Ctx<'_>, name: &str) -> Result<(), ActError> {
        match name {
            text::MENU_LOGOUT => {
                self.logout();
                self.goto(Page::TopMenu);
            }
            text::MENU_NOTICES => self.enter_main_menu(ctx),
            text::MENU_USER_INFO => self.goto(Page::UserInfo),
            text::MENU_CERT => self.goto(Page::Cert),
            text::MENU_FAQ => {
                let back = self.page.clone();
                self.goto(Page::Faq(Box::new(back)));
            }
            text::MENU_DX => self.goto(Page::Dx),
            other => return Err(ActError::Unsupported(other.to_string())),
        }
        Ok(())
    }

    /// Moves to a page, clearing the form and messages.
    pub(super) fn goto(&mut self, page: Page) {
        self.page = page;
        self.form.clear();
        self.errors.clear();
    }

    /// Follows a 終了 or a completed step; the main menu goes through its gate.
    pub(super) fn go_on(&mut self, ctx: &mut Ctx<'_>, next: Page) {
        if next == Page::Notices {
            self.enter_main_menu(ctx);
        } else {
            self.goto(next);
        }
    }

    /// The one way into the main menu: the system decides whether this account may
    /// enter (MAIL-1..3); if not, it is sent where it must go.
    pub(super) fn enter_main_menu(&mut self, ctx: &mut Ctx<'_>) {
        let Some(user) = self.user.clone() else {
            self.goto(Page::TopMenu);
            return;
        };
        if self.entered || ctx.sys.may_enter(&user, ctx.now, self.skipped_grace) {
            self.entered = true;
            self.notice_query = Query::default();
            self.notice_page = 0;
            self.goto(Page::Notices);
        } else {
            self.route_after_login(ctx);
        }
    }

    /// Sends a freshly logged-in visitor where the system says (LGN-3, MAIL-2).
    pub(super) fn route_after_login(&mut self, ctx: &mut Ctx<'_>) {
        let Some(user) = self.user.clone() else {
            return;
        };
        use eseikyu_core::domain::AfterLogin;
        match ctx.sys.after_login(&user, ctx.now) {
            AfterLogin::FirstLogin => self.goto(Page::Terms),
            AfterLogin::SecurityRequired { grace } if grace && self.skipped_grace => {
                self.entered = true;
                self.goto(Page::Notices);
            }
            AfterLogin::SecurityRequired { .. } => self.goto(Page::SecurityAddress(Flow::Forced)),
            AfterLogin::MainMenu => {
                self.entered = true;
                self.goto(Page::Notices);
            }
        }
    }

    /// The visitor's account; without one, back to the top menu.
    pub(super) fn signed_in(&mut self) -> Option<UserId> {
        if self.user.is_none() {
            self.goto(Page::TopMenu);
        }
        self.user.clone()
    }

    /// The lost-information screens show the clock but no menu (LOST-1).
    fn is_lost_page(&self) -> bool {
        self.page.family() == Family::Lost
            || matches!(
                self.page,
                Page::Done {
                    flow: Flow::Lost,
                    ..
                }
            )
    }

    pub(super) fn logout(&mut self) {
        self.read_before_apply = false;
        self.cert_password.clear();
        self.login_password.clear();
        self.user = None;
        self.entered = false;
        self.skipped_grace = false;
    }

    /// A form value as entered ("" when empty).
    pub(super) fn value(&self, field: &str) -> String {
        self.form
            .get(&names::normalize(field))
            .cloned()
            .unwrap_or_default()
    }
    pub(super) fn toggled(&self, field: &str) -> bool {
        !self.value(field).is_empty()
    }
}
