//! The common frame of every screen (UI-1, UI-2): header, menu, titles, buttons, links and field names.

// The common frame (UI-1, UI-2)

pub const HEADER: &str = "介護保険";

pub const SYSTEM_NAME: &str = "電子請求受付システム";

/// UI-1: the menu of every screen after login.
pub const MENU: &[&str] = &[
    MENU_NOTICES,
    "照会一覧",
    MENU_FAQ,
    "マニュアル",
    "ダウンロード",
    MENU_CERT,
    MENU_DX,
    MENU_USER_INFO,
    MENU_LOGOUT,
];

pub const MENU_NOTICES: &str = "お知らせ";

pub const MENU_CERT: &str = "証明書";

pub const MENU_DX: &str = "介護DX証明書";

pub const MENU_USER_INFO: &str = "ユーザ情報変更";

pub const MENU_LOGOUT: &str = "ログアウト";

pub const MENU_FAQ: &str = "FAQ";

pub const SITE_URL: &str = "https://www.e-seikyuu.jp/";

pub const MAIL_FROM: &str = "kaigo_info@support.e-seikyuu.jp";

pub const HELPDESK_PHONE: &str = "0570-059-402";

/// The federation's official name after its prefecture, as letters print it (SPEC §0).
pub const FEDERATION_OFFICIAL: &str = "国民健康保険団体連合会";

/// The federation's name after its prefecture in the reissue mails: 001 writes
/// 「〇〇〇国民健康保険連合会」, 〇〇〇 standing for the prefecture (SPEC §12).
pub const FEDERATION_IN_MAIL: &str = "国民健康保険連合会";

// Screen titles

pub const T_PORTAL: &str = "電子請求受付システム 総合窓口";

pub const T_TOP_MENU: &str = "トップメニュー";
/// The short name `open:` gives 【電子請求受付システム 総合窓口】 (as 002 and 004 call it).
pub const O_PORTAL: &str = "総合窓口";
/// The short name `open:` gives 【電子請求受付システム モバイル窓口】 (as 004 calls it).
pub const O_MOBILE_PORTAL: &str = "モバイル窓口";

pub const T_LOGIN: &str = "ログイン";

pub const T_LOGIN_CODE: &str = "ログイン(セキュリティコード)";

pub const T_TERMS: &str = "利用規約";

pub const T_WARNING: &str = "警告";

pub const T_PASSWORD_CHANGE: &str = "パスワード変更";

pub const T_DONE: &str = "処理終了";

pub const T_MAIL_ADDRESS: &str = "メールアドレス設定";

pub const T_SECURITY_ADDRESS: &str = "セキュリティ用メールアドレス設定";

pub const T_OTP: &str = "ワンタイムパスワード入力";

pub const T_CONFIRM_CODE: &str = "確認コード入力";

pub const T_NOTICES: &str = "お知らせ一覧";

pub const T_NOTICE: &str = "お知らせ表示";

pub const T_USER_INFO: &str = "ユーザ情報変更";

pub const T_SECURITY_LIST: &str = "セキュリティ用メールアドレス一覧";

pub const T_SECURITY_CODE: &str = "セキュリティコード設定";

/// Step list labels (LGN-3, MAIL-2, MAIL-5, MAIL-7).
pub const STEP_END: &str = "終了";

// Buttons, links and field names

pub const B_BACK: &str = "戻る";

pub const B_NEXT: &str = "次へ";

pub const B_LOGIN: &str = "ログイン";

pub const B_SEND: &str = "送信";

pub const B_CHANGE: &str = "変更";

pub const B_END: &str = "終了";

pub const B_ADD: &str = "追加";

pub const B_DELETE: &str = "削除";

pub const B_SELECT: &str = "選択";

pub const B_AGREE: &str = "利用規約に同意して次へ";

pub const B_TERMS_DOWNLOAD: &str = "利用規約をダウンロード";

pub const B_PASSWORD_CHANGE: &str = "パスワード変更";

pub const B_SEARCH: &str = "検索";

pub const B_CLEAR: &str = "クリア";

pub const B_SET: &str = "設定";

pub const B_RELEASE: &str = "解除";

pub const L_CARE_CLAIMS: &str = "介護保険の請求はこちら";

pub const L_FIRST_TIME: &str = "はじめての方";

pub const L_FAQ: &str = "FAQ";

/// LGN-1, LGN-2: added by the December 2025 release.
pub const L_LOST: &str = "パスワード等を紛失した方はこちら";

pub const F_USER_ID: &str = "ユーザID";

pub const F_PASSWORD: &str = "パスワード";

pub const F_SECURITY_CODE: &str = "セキュリティコード";

pub const F_CURRENT_PASSWORD: &str = "現在のパスワード";

pub const F_NEW_PASSWORD: &str = "新しいパスワード";

pub const F_NEW_PASSWORD_CONFIRM: &str = "新しいパスワード(確認用)";

pub const F_NEW_MAIL: &str = "新しいメールアドレス";

pub const F_NEW_MAIL_CONFIRM: &str = "新しいメールアドレス(確認用)";

pub const F_NO_MAIL: &str = "メールアドレスを登録しない";

pub const F_SECURITY_MAIL: &str = "セキュリティ用メールアドレス";

pub const F_SECURITY_MAIL_CONFIRM: &str = "セキュリティ用メールアドレス（確認用）";

/// MAIL-3: the grace-period checkbox.
pub const F_SKIP_SECURITY: &str = "セキュリティ用メールアドレスを登録せずにログインする";

/// REL-2: the pre-release option at first login.
pub const F_NO_SECURITY: &str = "セキュリティ用メールアドレスを登録しない";

pub const F_CONFIRM_CODE: &str = "確認コード";

pub const F_OTP: &str = "ワンタイムパスワード";

pub const F_NOTICE_SCOPE: &str = "対象";

pub const F_KEYWORD: &str = "キーワード";
