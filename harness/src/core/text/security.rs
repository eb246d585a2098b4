//! The security e-mail address screens (MAIL) and the notice list (NOTICE-1), as the seeds word them.

use super::*;

// Security e-mail addresses (MAIL)

pub const SECURITY_INSTRUCTION: &str =
    "セキュリティ用メールアドレスを入力し、【次へ】ボタンを押してください。";

/// MAIL-2: the sentence added for an existing office.
pub const SECURITY_MANDATORY: &str =
    "セキュリティ強化のため、セキュリティ用メールアドレスの登録が必須となりました。";

/// MAIL-1.
pub const SECURITY_PURPOSE: &[&str] = &[
    "セキュリティ用メールアドレスは、電子請求受付システムから送信されるセキュリティ強化のための情報（ワンタイムパスワード等）を受け取るために使用します。",
    "※ パスワード紛失時の再設定等にご使用いただけます。",
    "※ お知らせメールの通知先と同じメールアドレスを登録することも可能です。",
];

/// MAIL-3: the grace-period note under the checkbox.
pub const SECURITY_GRACE: &[&str] = &[
    "セキュリティ用メールアドレスをすぐに登録できない方は、こちらを選択してください。",
    "2026年01月31日まで、暫定的にセキュリティ用メールアドレスを登録せずにログインできます。",
];

/// MAIL-4: 【確認コード入力】 of the security-address flows.
/// With the line breaks of 001's screen image (002's shows none; 001 is the release's).
pub fn confirm_code_text(address: &str) -> Vec<String> {
    vec![
        format!(
            "入力されたメールアドレスに誤りがないことを確認するため、確認コードを {address} 宛に送信しました。"
        ),
        "メール本文に記載された4桁の数字を半角で入力し、【送信】ボタンを押してください。".into(),
    ]
}

pub const CONFIRM_CODE_NOTES: &[&str] = &[
    "※ メールが届くまで数分程度かかる場合があります。",
    "確認コードの有効期間は30分です。",
    "しばらく待ってもメールが届かない場合、入力されたメールアドレスに誤りがある可能性があります。",
    "その場合、【戻る】ボタンを押して、再度セキュリティ用メールアドレスを設定してください。",
    "また、入力されたメールアドレスに誤りがない場合、以下の原因が考えられます。",
];

/// MAIL-4, RESET-3: why a mail may not arrive.
pub const NO_MAIL_CAUSES: &[&str] = &[
    "受信制限の設定をしている。",
    "迷惑メールフォルダ等に移動している。",
    "メールの受信フォルダ・メールボックス等が容量オーバーになっている。",
    "プロバイダの通信状況で受信が遅れている。",
];

pub const OTP_NOTES: &[&str] = &[
    "※ メールが届くまで数分程度かかる場合があります。",
    "ワンタイムパスワードの有効期間は30分です。",
    "しばらく待ってもメールが届かない場合、以下の原因が考えられます。",
];

/// MAIL-5.
pub const SECURITY_LIST_EMPTY: &[&str] = &[
    "セキュリティ用メールアドレスが登録されていません。",
    "ログイン時に表示されるセキュリティ用メールアドレス設定画面から、",
    "セキュリティ用メールアドレスを登録してください。",
];

pub const SECURITY_LIST_TEXT: &[&str] = &[
    "セキュリティ用メールアドレスを追加する場合、【追加】ボタンを押してください。",
    "セキュリティ用メールアドレスを変更する場合、対象のセキュリティ用メールアドレスの【変更】ボタンを押してください。",
    "※ セキュリティ用メールアドレスは複数登録することを推奨しており、最大5つまで登録できます。",
    "すべてのセキュリティ用メールアドレスが使用できなくなると、再度登録するためにはサポート窓口への申請及び本人確認が必要です。",
    "※ お知らせメールの通知先と同じメールアドレスを登録することも可能です。",
];

pub const COL_NOTIFY: &str = "通知先 ?";

pub const COL_SECURITY_MAIL: &str = "セキュリティ用メールアドレス";

pub const COL_CHANGE: &str = "変更";

pub const COL_DELETE: &str = "削除";

pub const NOTIFY_SELECTED: &str = "選択中";

/// LGN-9, MAIL-7: 【ユーザ情報変更】's items and its [?] help.
pub const USER_INFO_ITEMS: &[&str] = &[
    T_PASSWORD_CHANGE,
    T_MAIL_ADDRESS,
    T_SECURITY_ADDRESS,
    T_SECURITY_CODE,
];

pub const USER_INFO_HELP: &[&str] = &[
    "セキュリティ用メールアドレス設定について",
    "セキュリティ用メールアドレスは、電子請求受付システムから送信されるセキュリティ強化のための情報(ワンタイムパスワード等)を受け取るために使用します。",
];

// Notices (NOTICE-1)

pub const NOTICE_SCOPES: &[&str] = &[
    "提示期間内のお知らせ",
    "新着のお知らせ",
    "未読のお知らせ",
    "全てのお知らせ",
];

pub fn notice_count(n: usize) -> String {
    format!("{n}件が該当しています。")
}

pub const COL_NOTICE_START: &str = "提示開始日";

pub const COL_NOTICE_CATEGORY: &str = "カテゴリ";

pub const COL_NOTICE_TITLE: &str = "タイトル";

pub const NOTICE_NEW: &str = "New";

pub const NOTICE_PERIOD: &str = "提示期間";

pub const NOTICE_UPDATED: &str = "提示(更新)日時";
