//! E-mails, お知らせ and posted letters (MSG, ACC-3, ACC-6, REISSUE-7), as the seeds word them.

use super::*;

// E-mails (MSG)

/// MSG-1.
pub const SUBJECT_CONFIRM_CODE: &str = "確認コード発行通知(介護保険)";

/// MSG-2.
pub const SUBJECT_OTP: &str = "ワンタイムパスワード発行通知(介護保険)";

/// MAIL-8, MSG-6.
pub const SUBJECT_MAIL_REGISTERED: &str = "メールアドレス登録通知";

pub const SUBJECT_SECURITY_REGISTERED: &str = "セキュリティ用メールアドレス登録通知";

pub(crate) const MAIL_OPENING: &str = "介護電子請求受付システムからのお知らせです。";

pub(crate) const MAIL_CLOSING: &str = "本メールはシステムが自動的に送信しております。\n本メールへ返信にてお問い合わせいただいてもご回答できませんので、予めご了承くださいますようお願い申し上げます。";

pub(crate) fn contact() -> String {
    format!("[問い合わせ先]\nヘルプデスク:{HELPDESK_PHONE}")
}

/// MSG-1: the 確認コード mail.
pub fn mail_confirm_code(code: &str) -> String {
    format!(
        "{MAIL_OPENING}\n電子請求受付システムの確認コードが発行されました。\n\n[確認コード]\n{code}\n\n確認コードの有効期間は30分です。\n確認コード入力画面の操作説明に従い、確認コードを入力してください。\n※処理を中断してしまった場合、再度セキュリティ用メールアドレスを設定してください。\n\nメール内容に心当たりがない場合、このメールは破棄するようお願いします。\n\n{}\n\n{MAIL_CLOSING}\n",
        contact()
    )
}

/// MSG-2: the ワンタイムパスワード mail.
pub fn mail_otp(code: &str) -> String {
    format!(
        "{MAIL_OPENING}\n電子請求受付システムのワンタイムパスワードが発行されました。\n\n[ワンタイムパスワード]\n{code}\n\nワンタイムパスワードの有効期間は30分です。\nワンタイムパスワード入力画面の操作説明に従い、ワンタイムパスワードを入力してください。\n※処理を中断してしまった場合、再度セキュリティ用メールアドレスを設定してください。\n\nメール内容に心当たりがない場合、このメールは破棄するようお願いします。\n\n{}\n\n{MAIL_CLOSING}\n",
        contact()
    )
}

// Posted letters (ACC-3, ACC-6)

/// ACC-3: the letters' names of the two secrets they print.
pub const LETTER_TEMP_PASSWORD: &str = "仮パスワード";
pub const LETTER_CERT_PASSWORD: &str = "証明書発行用パスワード";
pub const LETTER_REGISTRATION: &str = "電子請求登録結果に関するお知らせ";

pub const LETTER_REGISTRATION_LEAD: &str =
    "介護給付費等の電子請求に関し、下記のとおり登録いたしましたので、ご連絡いたします。";

pub const LETTER_REGISTRATION_NOTES: &[&str] = &[
    "・ID、仮パスワード及び証明書発行用パスワードは、他に漏洩しないよう十分な管理を行ってください",
    "・証明書発行用パスワードは証明書発行申請（更新の申請を含む）の際に必要となりますので大切に保管してください",
    "■電子請求受付システムのアドレス (URL:Uniform Resource Locator)",
    SITE_URL,
    "(電子請求受付システムの総合窓口)",
    "上記アドレスより、電子請求を開始するまでの準備作業(ログイン/パスワード変更/マニュアルの取得方法等)を記載した資料「電子請求をはじめの事前」が取得いただけます。",
    "取得方法につきましては、以下の手順にて取得することができます。",
    "①【電子請求受付システム総合窓口】画面にて「介護保険の請求はこちら」をクリックします。",
    "②ログイン前の【お知らせ一覧】画面が表示されます。",
    "画面上にある「はじめての方」をクリックし、取得します。",
    "NUCL02_022",
];

// Mails and お知らせ of the reissue (MSG-3, MSG-4, MSG-5)

pub const SUBJECT_REISSUE_RECEIVED: &str = "ログイン情報再発行申請受領通知";

pub const SUBJECT_REISSUE_RESULT: &str = "ログイン情報再発行申請結果通知";

pub const NOTICE_CATEGORY_SYSTEM: &str = "システム関連";
/// The category the seeds' notice lists give 「電子証明書の有効期限切れに伴う更新申請について」
/// (003, 004).
pub const NOTICE_CATEGORY_REFERENCE: &str = "参考資料";

pub(crate) const STARS: &str = "★★★★★★★★★★★★★★★★★★★★";

/// MSG-5 prints the envelope sentence on one line; MSG-3 breaks it after 「ので、」 (001).
pub(crate) const ENVELOPE: &str = "なお、国保連合会から返信用封筒の事前送付等を依頼される場合がありますので、国保連合会の案内(ホームページ等)に従って対応してください。";

pub(crate) const ENVELOPE_RECEIVED: &str = "なお、国保連合会から返信用封筒の事前送付等を依頼される場合がありますので、\n国保連合会の案内(ホームページ等)に従って対応してください。";

pub(crate) const NOTICE_CLOSING: &str = "本お知らせはシステムが自動的に送信しております。";

pub(crate) fn url_block() -> String {
    format!("[電子請求受付システム URL]\n{SITE_URL}")
}

/// MSG-3.
pub fn mail_reissue_received(number: &str, office: &str, federation: &str) -> String {
    format!(
        "{MAIL_OPENING}\n以下のログイン情報再発行申請を受け付けました。\n\n[管理番号]\n{number}\n\n[事業所番号]\n{office}\n\n[申請先連合会]\n{federation}\n\n国保連合会による審査が完了すると、通知先メールアドレスに「ログイン情報再発行申請結果通知」が届きます。\n\nまた、申請が承認された場合、事業所台帳に登録された住所へユーザIDおよびログイン用仮パスワードが記載された「ログイン情報再発行通知書」が郵送されます。\n\n{STARS}\n\n{ENVELOPE_RECEIVED}\n\n{STARS}\n\n※「ログイン情報再発行申請結果通知」及び「ログイン情報再発行通知書」が届くまで、通常は数日から一週間程度かかります。\n\n※申請が集中した場合、数週間お待ちいただく場合があります。\n\n{}\n\n{MAIL_CLOSING}\n",
        url_block()
    )
}

/// MSG-4.
pub fn notice_reissue_received(number: &str, office: &str, notify: &str) -> String {
    format!(
        "{MAIL_OPENING}\n以下のログイン情報再発行申請を受け付けました。\n\n[管理番号]\n{number}\n\n[事業所番号]\n{office}\n\n[通知先メールアドレス]\n{notify}\n\n{NOTICE_CLOSING}\nお知らせ内容に心当たりがない場合、ヘルプデスクへお問い合わせください。\n\n{}\n",
        contact()
    )
}

/// MSG-5 (approved); rejected: the same frame with REISSUE-6's ASSUMPTION sentence.
pub fn mail_reissue_result(approved: bool, number: &str, office: &str, federation: &str) -> String {
    let (lead, middle) = if approved {
        (
            "以下のログイン情報再発行申請が承認されました。",
            format!(
                "事業所台帳に登録されている住所に、ユーザIDおよびログイン用仮パスワードが記載された「ログイン情報再発行通知書」が郵送されますので、しばらくお待ちください。\n\n{STARS}\n\n{ENVELOPE}\n\n{STARS}\n\n※「ログイン情報再発行通知書」が届くまで、通常は数日から一週間程度かかります。\n\n※申請が集中した場合、数週間お待ちいただく場合があります。"
            ),
        )
    } else {
        (REISSUE_REJECTED_LEAD, REISSUE_REJECTED_NEXT.to_string())
    };
    format!(
        "{MAIL_OPENING}\n{lead}\n\n[管理番号]\n{number}\n\n[事業所番号]\n{office}\n\n[申請先連合会]\n{federation}\n\n{middle}\n\n{}\n\n{MAIL_CLOSING}\n",
        url_block()
    )
}

/// MSG-5 as お知らせ.
pub fn notice_reissue_result(approved: bool, number: &str) -> String {
    let lead = if approved {
        "以下のログイン情報再発行申請が承認されました。"
    } else {
        REISSUE_REJECTED_LEAD
    };
    format!("{MAIL_OPENING}\n{lead}\n\n[管理番号]\n{number}\n\n{NOTICE_CLOSING}\n")
}

/// REISSUE-7: the posted 「電子請求ログイン情報再発行通知書」.
pub const LETTER_REISSUE: &str = "電子請求ログイン情報再発行通知書";

pub const LETTER_REISSUE_LEAD: &str =
    "事業所からの依頼に基づき、下記の通りログイン情報を再発行いたしましたので、ご連絡いたします。";

pub const LETTER_REISSUE_NOTES: &[&str] = &[
    "・電子請求受付システムのユーザID ※KJから始まる14桁の英数字です。例：KJ123456789012",
    "・介護情報基盤ポータル、ケアプランデータ連携システム、LIFEを利用開始する際にも電子請求受付システムのユーザID・パスワードは必要です。",
];
