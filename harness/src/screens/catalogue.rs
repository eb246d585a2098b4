//! Every screen title, field name and pressable name the simulator can show, so a
//! scenario file can be checked without running it (`eseikyu validate`).

use super::names;
use eseikyu_core::domain::notices;
use eseikyu_core::text::*;

/// Names a scenario may use.
pub struct Catalogue {
    pub titles: Names,
    pub fields: Names,
    pub pressables: Names,
    /// Pages `open:` accepts.
    pub openable: Names,
}

/// A list of names, with their normal forms for looking a name up at once.
pub struct Names {
    list: Vec<String>,
    normal: std::collections::HashSet<String>,
}

impl Names {
    fn new(list: Vec<String>) -> Names {
        let normal = list.iter().map(|n| names::normalize(n)).collect();
        Names { list, normal }
    }

    /// Whether `name` is one of them, as a person reads it (`names::same`).
    pub fn has(&self, name: &str) -> bool {
        self.normal.contains(names::normal(name).as_ref())
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(String::as_str)
    }

    pub fn join(&self, sep: &str) -> String {
        self.list.join(sep)
    }
}

/// The catalogue, built once per process.
pub fn catalogue() -> &'static Catalogue {
    static BUILT: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    BUILT.get_or_init(build)
}

fn build() -> Catalogue {
    let titles = [
        T_PORTAL,
        T_TOP_MENU,
        T_LOGIN,
        T_LOGIN_CODE,
        T_TERMS,
        T_WARNING,
        T_PASSWORD_CHANGE,
        T_DONE,
        T_MAIL_ADDRESS,
        T_SECURITY_ADDRESS,
        T_OTP,
        T_CONFIRM_CODE,
        T_NOTICES,
        T_NOTICE,
        T_USER_INFO,
        T_SECURITY_LIST,
        T_SECURITY_CODE,
        T_LOST,
        T_RESET_AUTH,
        T_PREFECTURE,
        T_RESET,
        T_REISSUE,
        T_SEND_CONFIRM,
        T_CERT,
        T_CERT_PASSWORD,
        T_DX,
        T_CERT_DOWNLOAD,
        T_BEFORE_APPLY,
        T_CERT_PASSWORD_ABOUT,
        T_FAQ,
        T_CERT_PASSWORD_REISSUE,
        T_CARE_PLAN,
        T_MOBILE_PORTAL,
        T_MOBILE_LOGIN,
        T_MOBILE_MENU,
        T_MOBILE_DOWNLOAD,
        T_FIRST_TIME,
        T_CPL_LOGIN,
        T_CPL_CLIENT,
        T_CPL_LICENCE,
        T_CPL_LICENCE_DONE,
        T_CPL_UPLOAD,
        T_CPL_SENT,
        T_CPL_INBOX,
    ];
    let fields = [
        F_USER_ID,
        F_PASSWORD,
        F_SECURITY_CODE,
        F_SECURITY_CODE_CONFIRM,
        F_CURRENT_PASSWORD,
        F_NEW_PASSWORD,
        F_NEW_PASSWORD_CONFIRM,
        F_NEW_MAIL,
        F_NEW_MAIL_CONFIRM,
        F_NO_MAIL,
        F_SECURITY_MAIL,
        F_SECURITY_MAIL_CONFIRM,
        F_SKIP_SECURITY,
        F_NO_SECURITY,
        F_CONFIRM_CODE,
        F_OTP,
        F_NOTICE_SCOPE,
        F_KEYWORD,
        F_FROM,
        F_TO,
        F_LOST_CHOICE,
        F_OFFICE_NUMBER,
        F_PREFECTURE,
        F_NEW_PASSWORD_CONFIRM_FULL,
        F_NOTIFY_MAIL,
        F_NOTIFY_MAIL_CONFIRM,
        F_CERT_ACTION,
        F_CERT_PASSWORD,
        F_MOBILE_USER_ID,
        F_CPL_YEARS,
        F_CPL_PAYMENT,
        F_CPL_KIND,
        F_CPL_TO,
        F_CPL_FILE,
        // Shown, not typed: what a screen's fields display.
        COL_NOTICE_CATEGORY,
        NOTICE_PERIOD,
        NOTICE_UPDATED,
        F_OFFICE_NAME,
        F_FEE,
    ];
    let mut pressables: Vec<String> = [
        B_BACK,
        B_NEXT,
        B_LOGIN,
        B_SEND,
        B_CHANGE,
        B_END,
        B_ADD,
        B_DELETE,
        B_SELECT,
        B_AGREE,
        B_TERMS_DOWNLOAD,
        B_PASSWORD_CHANGE,
        B_SEARCH,
        B_CLEAR,
        B_PREV_PAGE,
        B_NEXT_PAGE,
        B_SET,
        B_RELEASE,
        L_CARE_CLAIMS,
        L_FIRST_TIME,
        L_FAQ,
        L_LOST,
    ]
    .iter()
    .chain(MENU)
    .chain(USER_INFO_ITEMS)
    .map(|s| s.to_string())
    .collect();
    pressables.extend(notices::standing().into_iter().map(|n| n.title));
    // NOTICE-2: titles of the お知らせ the system posts to one account.
    pressables.extend(
        [
            SUBJECT_REISSUE_RECEIVED,
            SUBJECT_REISSUE_RESULT,
            NOTICE_CERT_ISSUED,
            NOTICE_RENEWAL,
            NOTICE_CERT_REJECTED,
            B_AGREE_SEND,
            B_OK,
            B_CANCEL,
            B_DOWNLOAD,
            B_CLOSE,
            L_BEFORE_APPLY,
            B_BEFORE_APPLY,
            L_CARE_PLAN_REFERENCE,
            L_CERT_PASSWORD_ABOUT,
            L_CERT_PASSWORD_ABOUT_DOWNLOAD,
            L_LOST_NOTICE,
            T_CARE_PLAN,
            L_MOBILE_OFFICE,
            B_MOBILE_CERTS,
            B_REISSUE,
            L_OPEN_NOTICES,
            NOTICE_CERT_PASSWORD,
            eseikyu_core::text::PASSWORD_ZIP,
            T_CPL_LICENCE,
            T_CPL_UPLOAD,
            T_CPL_SENT,
            T_CPL_INBOX,
            B_CPL_APPLY,
            B_UPLOAD,
            B_CPL_RECEIVE,
        ]
        .map(String::from),
    );
    pressables.sort();
    pressables.dedup();
    Catalogue {
        titles: Names::new(titles.iter().map(|s| s.to_string()).collect()),
        fields: Names::new(fields.iter().map(|s| s.to_string()).collect()),
        pressables: Names::new(pressables),
        openable: Names::new(super::entries::names()),
    }
}
