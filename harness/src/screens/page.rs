//! The pages a browser can be on: one per screen, with its address on the served site and
//! the screen family that shows it.

use super::browser::Flow;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Page {
    Portal,
    TopMenu,
    Login,
    LoginCode,
    Terms,
    Warning,
    PasswordChange(Flow),
    MailAddress(Flow),
    SecurityAddress(Flow),
    Otp(Flow),
    ConfirmCode(Flow),
    Done {
        flow: Flow,
        steps: Vec<&'static str>,
        step: &'static str,
        lines: Vec<String>,
        next: Box<Page>,
    },
    Notices,
    Notice(usize),
    UserInfo,
    SecurityList,
    SecurityCode,
    Lost,
    ResetAuth,
    Prefecture(super::lost::Road),
    ResetOtp,
    Reset,
    Reissue,
    ReissueCode,
    SendConfirm,
    Cert,
    Dx,
    CarePlan,
    CertPassword(eseikyu_core::domain::CertKind),
    CertConfirm {
        kind: eseikyu_core::domain::CertKind,
        dialog: bool,
    },
    CertDownload(eseikyu_core::domain::CertKind),
    BeforeApply(Box<Page>),
    PasswordAbout(Box<Page>),
    Faq(Box<Page>),
    CertPasswordReissue(Box<Page>),
    CertPasswordReissued(usize),
    MobilePortal,
    MobileLogin,
    MobileMenu,
    MobileDownload,
    FirstTime,
    /// CPL: the linkage client.
    CplLogin,
    CplMenu,
    CplLicence,
    CplLicenceDone(Vec<String>),
    CplUpload,
    CplSent,
    CplInbox,
}

/// Which file of screens a page belongs to: one place that routes both its view and
/// its presses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    Login,
    FirstLogin,
    Done,
    Security,
    Notices,
    UserInfo,
    Mobile,
    FirstTime,
    Certs,
    Lost,
    Linkage,
}

impl Page {
    /// Where the page is on the served site (`eseikyu serve`): the real site's paths for
    /// its entry pages (`/` the 総合窓口, `/KShinsei/main` the pre-login お知らせ一覧), and
    /// `/KShinsei/<name>` or `/mobile/<name>` for the others.
    pub(super) fn address(&self) -> &'static str {
        match self {
            Page::Portal => "/",
            Page::TopMenu => "/KShinsei/main",
            Page::Login => "/KShinsei/login",
            Page::LoginCode => "/KShinsei/login-code",
            Page::Terms => "/KShinsei/terms",
            Page::Warning => "/KShinsei/warning",
            Page::PasswordChange(_) => "/KShinsei/password",
            Page::MailAddress(_) => "/KShinsei/mail-address",
            Page::SecurityAddress(_) => "/KShinsei/security-address",
            Page::Otp(_) => "/KShinsei/one-time-password",
            Page::ConfirmCode(_) => "/KShinsei/confirm-code",
            Page::Done { .. } => "/KShinsei/done",
            Page::Notices => "/KShinsei/notices",
            Page::Notice(_) => "/KShinsei/notice",
            Page::UserInfo => "/KShinsei/user-info",
            Page::SecurityList => "/KShinsei/security-addresses",
            Page::SecurityCode => "/KShinsei/security-code",
            Page::Lost => "/KShinsei/lost",
            Page::ResetAuth => "/KShinsei/reset",
            Page::Prefecture(_) => "/KShinsei/prefecture",
            Page::ResetOtp => "/KShinsei/reset-one-time-password",
            Page::Reset => "/KShinsei/reset-password",
            Page::Reissue => "/KShinsei/reissue",
            Page::ReissueCode => "/KShinsei/reissue-code",
            Page::SendConfirm => "/KShinsei/reissue-confirm",
            Page::Cert => "/KShinsei/certificate",
            Page::Dx => "/KShinsei/dx-certificate",
            Page::CarePlan => "/KShinsei/care-plan-certificate",
            Page::CertPassword(_) => "/KShinsei/certificate-password",
            Page::CertConfirm { .. } => "/KShinsei/certificate-confirm",
            Page::CertDownload(_) => "/KShinsei/certificate-download",
            Page::BeforeApply(_) => "/KShinsei/before-apply",
            Page::PasswordAbout(_) => "/KShinsei/certificate-password-about",
            Page::Faq(_) => "/KShinsei/faq",
            Page::CertPasswordReissue(_) => "/KShinsei/certificate-password-reissue",
            Page::CertPasswordReissued(_) => "/KShinsei/certificate-password-reissued",
            Page::MobilePortal => "/mobile",
            Page::MobileLogin => "/mobile/login",
            Page::MobileMenu => "/mobile/menu",
            Page::MobileDownload => "/mobile/certificates",
            Page::FirstTime => "/KShinsei/first-time",
            Page::CplLogin => "/careplan",
            Page::CplMenu => "/careplan/menu",
            Page::CplLicence => "/careplan/licence",
            Page::CplLicenceDone(_) => "/careplan/licence-done",
            Page::CplUpload => "/careplan/upload",
            Page::CplSent => "/careplan/sent",
            Page::CplInbox => "/careplan/inbox",
        }
    }

    pub(super) fn family(&self) -> Family {
        match self {
            Page::Portal | Page::TopMenu | Page::Login | Page::LoginCode => Family::Login,
            Page::Terms | Page::Warning | Page::PasswordChange(_) | Page::MailAddress(_) => {
                Family::FirstLogin
            }
            Page::Done { .. } => Family::Done,
            Page::SecurityAddress(_) | Page::Otp(_) | Page::ConfirmCode(_) | Page::SecurityList => {
                Family::Security
            }
            Page::Notices | Page::Notice(_) => Family::Notices,
            Page::UserInfo | Page::SecurityCode => Family::UserInfo,
            Page::MobilePortal | Page::MobileLogin | Page::MobileMenu | Page::MobileDownload => {
                Family::Mobile
            }
            Page::FirstTime => Family::FirstTime,
            Page::Cert
            | Page::Dx
            | Page::CarePlan
            | Page::CertPassword(_)
            | Page::CertConfirm { .. }
            | Page::CertDownload(_)
            | Page::BeforeApply(_)
            | Page::PasswordAbout(_)
            | Page::Faq(_)
            | Page::CertPasswordReissue(_)
            | Page::CertPasswordReissued(_) => Family::Certs,
            Page::Lost
            | Page::ResetAuth
            | Page::Prefecture(_)
            | Page::ResetOtp
            | Page::Reset
            | Page::Reissue
            | Page::ReissueCode
            | Page::SendConfirm => Family::Lost,
            Page::CplLogin
            | Page::CplMenu
            | Page::CplLicence
            | Page::CplLicenceDone(_)
            | Page::CplUpload
            | Page::CplSent
            | Page::CplInbox => Family::Linkage,
        }
    }
}
