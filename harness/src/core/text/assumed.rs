//! Every text the seeds do not give (ASSUMPTION): messages (UI-5), completion texts, and
//! bodies the seeds only name. The manual lists each one (docs/assumptions.md); take these words with care.

use super::*;

/// ASSUMPTION (UI-5): the seeds show no instruction line on 【パスワード変更】.
pub const PASSWORD_CHANGE_TEXT: &[&str] =
    &["現在のパスワードと新しいパスワードを入力し、【変更】ボタンを押してください。"];

/// ASSUMPTION: completion texts the seeds do not show.
pub const DONE_PASSWORD: &str = "パスワードの変更を完了しました。";

pub const DONE_MAIL: &str = "メールアドレスの登録を完了しました。";

pub const DONE_NO_MAIL: &str = "メールアドレスを登録せずに処理を終了しました。";

/// ASSUMPTION (MAIL-9).
pub const DONE_SECURITY_CHANGE: &str = "セキュリティ用メールアドレスの変更を完了しました。";

pub const DONE_SECURITY_CODE: &str = "セキュリティコードの設定を完了しました。";

pub const DONE_SECURITY_CODE_RELEASED: &str = "セキュリティコードの設定を解除しました。";

/// ASSUMPTION: the instruction of 【メールアドレス設定】 (the seeds show only its fields).
pub const MAIL_ADDRESS_TEXT: &[&str] = &[
    "お知らせメールを受け取るメールアドレスを入力し、【変更】ボタンを押してください。",
    "メールアドレスを登録しない場合、【メールアドレスを登録しない】を選択し、【変更】ボタンを押してください。",
];

/// REL-2 ASSUMPTION: the LIFE-oriented sentence of the screen before the release.
pub const SECURITY_PRE_RELEASE: &[&str] = &[
    "科学的介護情報システム（LIFE）を利用する場合は、セキュリティ用メールアドレスの登録が必要です。",
    "セキュリティ用メールアドレスは、電子請求受付システムから送信されるセキュリティ強化のための情報（ワンタイムパスワード等）を受け取るために使用します。",
];

/// MAIL-7 ASSUMPTION: 【ワンタイムパスワード入力】 when adding an address after login
/// (the wording of RESET-3 without the reset-only notes).
pub fn otp_text(address: &str) -> Vec<String> {
    vec![format!(
        "ユーザの本人確認を行うため、ワンタイムパスワードを {address} 宛に送信しました。メール本文に記載された6桁の数字を半角で入力し、【次へ】ボタンを押してください。"
    )]
}

/// LGN-2 ASSUMPTION: 【セキュリティコード設定】.
pub const SECURITY_CODE_TEXT: &[&str] = &[
    "ログイン時に入力するセキュリティコード（4桁～8桁の数字）を入力し、【設定】ボタンを押してください。",
    "セキュリティコードを解除する場合、【解除】ボタンを押してください。",
];

// Error messages: ASSUMPTION (UI-5), the seeds give none. Shown on the same screen.

pub const E_LOGIN_FAILED: &str = "ユーザIDまたはパスワードが正しくありません。";

/// LGN-6 ASSUMPTION.
pub const E_LOCKED: &str = "ユーザIDがロックされています。パスワード等を紛失した方はこちらからログイン情報を再設定するか、国保連合会へお問い合わせください。";

pub const E_SECURITY_CODE_WRONG: &str = "セキュリティコードが正しくありません。";

pub const E_CURRENT_PASSWORD: &str = "現在のパスワードが正しくありません。";

pub const E_PASSWORD_MISMATCH: &str = "新しいパスワードと新しいパスワード(確認用)が一致しません。";

pub const E_PASSWORD_LENGTH: &str = "パスワードは8文字～16文字で入力してください。";

pub const E_PASSWORD_CHARS: &str = "パスワードに使用できない文字が含まれています。";

pub const E_PASSWORD_MIX: &str = "パスワードには英字、数字を少なくとも1文字ずつ含めてください。";

pub const E_PASSWORD_USER_ID: &str = "ユーザIDと同じパスワードは入力できません。";

pub const E_MAIL_MISMATCH: &str = "メールアドレスとメールアドレス(確認用)が一致しません。";

pub const E_MAIL_FORMAT: &str = "メールアドレスの形式が正しくありません。";

pub const E_MAIL_DUPLICATE: &str = "既に登録されているセキュリティ用メールアドレスです。";

pub const E_MAIL_LIMIT: &str = "セキュリティ用メールアドレスは最大5つまで登録できます。";

pub const E_CODE_WRONG: &str = "確認コードが正しくありません。";

pub const E_CODE_EXPIRED: &str = "確認コードの有効期間が過ぎています。【戻る】ボタンを押して、再度セキュリティ用メールアドレスを設定してください。";

pub const E_CODE_VOID: &str = "確認コードが無効です。【戻る】ボタンを押して、再度セキュリティ用メールアドレスを設定してください。";

pub const E_OTP_WRONG: &str = "ワンタイムパスワードが正しくありません。";

pub const E_OTP_EXPIRED: &str = "ワンタイムパスワードの有効期間が過ぎています。【戻る】ボタンを押して、再度操作を行ってください。";

pub const E_OTP_VOID: &str =
    "ワンタイムパスワードが無効です。【戻る】ボタンを押して、再度操作を行ってください。";

pub const E_SECURITY_CODE_FORMAT: &str = "セキュリティコードは4桁～8桁の数字で入力してください。";

pub const E_SECURITY_CODE_MISMATCH: &str =
    "セキュリティコードとセキュリティコード(確認用)が一致しません。";

pub const E_LAST_ADDRESS: &str = "最後のセキュリティ用メールアドレスは削除できません。";

/// MAIL-8 ASSUMPTION: the body of 「メールアドレス登録通知」.
pub fn mail_address_registered(user_id: &str, address: &str) -> String {
    format!(
        "{MAIL_OPENING}\nお知らせメールの通知先メールアドレスが登録されました。\n\n[ユーザID]\n{user_id}\n\n[メールアドレス]\n{address}\n\nメール内容に心当たりがない場合、ヘルプデスクへお問い合わせください。\n\n{}\n\n{MAIL_CLOSING}\n",
        contact()
    )
}

/// MAIL-8 ASSUMPTION: the body of 「セキュリティ用メールアドレス登録通知」.
pub fn mail_security_registered(user_id: &str, address: &str) -> String {
    format!(
        "{MAIL_OPENING}\nセキュリティ用メールアドレスが登録されました。\n\n[ユーザID]\n{user_id}\n\n[セキュリティ用メールアドレス]\n{address}\n\nメール内容に心当たりがない場合、ヘルプデスクへお問い合わせください。\n\n{}\n\n{MAIL_CLOSING}\n",
        contact()
    )
}

pub const RETRY_RESET: &str = "ログイン情報再設定";

/// REISSUE-9, ACC-5 ASSUMPTION: shown on 【確認コード入力】 after a right code.
pub const E_REISSUE_UNKNOWN: &str = "入力された事業所番号は事業所台帳に登録されていません。事業所番号を確認し、再度ログイン情報再発行申請を行ってください。";

/// ASSUMPTION: a reset whose confirmation step was lost (e.g. it expired).
pub const E_RESET_GONE: &str = "ログイン情報の再設定を最初からやり直してください。";

/// REISSUE-6 ASSUMPTION: the result mail and お知らせ of a rejected application.
pub const REISSUE_REJECTED_LEAD: &str = "以下のログイン情報再発行申請が承認されませんでした。";

pub const REISSUE_REJECTED_NEXT: &str = "申請内容について、国保連合会へお問い合わせください。";

/// ASSUMPTION (UI-5): a 事業所番号 that is not 10 digits.
pub const E_OFFICE_NUMBER_FORMAT: &str = "事業所番号は10桁の数字で入力してください。";

/// ASSUMPTION (UI-5): expired or void codes of the reissue application.
pub const E_CODE_EXPIRED_REISSUE: &str = "確認コードの有効期間が過ぎています。【戻る】ボタンを押して、再度ログイン情報再発行申請を行ってください。";

pub const E_CODE_VOID_REISSUE: &str =
    "確認コードが無効です。【戻る】ボタンを押して、再度ログイン情報再発行申請を行ってください。";

/// ASSUMPTION: completion of an application the federation reviews (wording of CERT-11).
pub const DONE_CERT_FEDERATION: &[&str] = &[
    "証明書の発行申請を完了しました。",
    "国保連合会により発行申請が承認されると証明書発行完了通知がお知らせ画面に届きますので、しばらくお待ちください。",
    "※証明書発行完了通知が届くまでに、数日かかる場合があります。",
    "証明書が発行されましたら、TLSクライアント認証等を行うパソコンに証明書をダウンロードし、証明書をインストールしてください。",
];

/// ASSUMPTION: the body of 「発行申請を行う前に」 (the seeds show only that it exists).
pub const BEFORE_APPLY_TEXT: &[&str] = &[
    "証明書の発行申請を行う前に、以下を確認してください。",
    "・証明書発行用パスワードは、証明書のインストールの際にも必要となります。",
    "・介護保険証明書の発行履歴がある場合、その証明書をインストールしてください（インストールに際する証明書発行手数料は不要です）。",
    "・電子証明書の発行手数料は、事業所番号ごとにかかります。",
];

/// CERT-15.
pub const CERT_DOWNLOAD_TEXT: &[&str] =
    &["ダウンロードする証明書の【ダウンロード】ボタンを押してください。"];

/// UI-5 ASSUMPTION.
pub const E_CERT_PASSWORD: &str = "証明書発行用パスワードが正しくありません。";

pub const E_CERT_PENDING: &str = "発行申請中の証明書があるため、発行申請ができません。";

pub const E_CHOOSE: &str = "処理を選択してください。";

pub fn notice_cert_issued(kind: &str, number: &str) -> String {
    format!(
        "{MAIL_OPENING}\n以下の{kind}が発行されました。\n\n[管理番号]\n{number}\n\n証明書メニューから証明書をダウンロードし、インストールしてください。\n\n{NOTICE_CLOSING}\n"
    )
}

/// CERT-8 ASSUMPTION.
pub const NOTICE_RENEWAL: &str = "電子証明書の有効期限切れに伴う更新申請について";

pub fn notice_renewal(until: &str) -> String {
    format!(
        "{MAIL_OPENING}\nご利用中の介護保険証明書の有効終了年月日は{until}です。\n有効終了年月日までに、証明書メニューから更新の発行申請を行ってください。\n\n{NOTICE_CLOSING}\n"
    )
}

pub const CERT_RENEWAL_MESSAGE: &str =
    "※ご利用中の介護保険証明書の有効期限が近づいています。更新の発行申請を行ってください。";

/// CERT-9 ASSUMPTION: the quote (見積書) as a document.
pub const QUOTE_TITLE: &str = "証明書発行手数料見積書";

pub fn quote(office: &str, kind: &str, date: &str, fee: &str) -> String {
    format!(
        "{QUOTE_TITLE}\n{office} 殿\n発行日 {date}\n\n品名\t{kind}（有効期間3年）\n数量\t1\n金額\t{fee}\n\n※2026年4月1日以降に発行申請した証明書から、変更後の手数料（7,800円）が適用されます。\n"
    )
}

pub fn faq_thumbprint_a(thumbprint: &str) -> Vec<String> {
    vec![
        "証明書のインストール時に表示される【セキュリティ警告】の《拇印》が、以下の認証局証明書（e-seikyu CA）の拇印と一致することを確認してください。".to_string(),
        format!("拇印 (sha1): {thumbprint}"),
    ]
}

/// ASSUMPTION: the document inside the ZIP.
pub fn cert_password_document(user_id: &str, password: &str, date: &str) -> String {
    format!(
        "証明書発行用パスワード通知書\n発行日 {date}\n\nユーザID\t{user_id}\n証明書発行用パスワード\t{password}\n\n・証明書発行用パスワードは証明書発行申請（更新の申請を含む）の際に必要となりますので大切に保管してください\n"
    )
}

/// ASSUMPTION: texts of the reissue pages (004 shows only the buttons).
pub const CERT_PASSWORD_REISSUE_TEXT: &[&str] = &[
    "証明書発行用パスワードを再発行します。【再発行する】ボタンを押してください。",
    "※ 再発行後、発行済みの証明書は新しい証明書発行用パスワードではインストールできません。もう一度証明書の発行申請が必要となります。",
];

pub const CERT_PASSWORD_REISSUED: &[&str] = &[
    "証明書発行用パスワードを再発行しました。",
    "お知らせ画面から「証明書発行用パスワード再発行通知」を開き、添付の証明書発行用パスワード通知書を取得してください。",
];

/// ASSUMPTION: a press on a page the session has left (a second tab moved it, or Back
/// showed an old page): the session's current screen is shown with this message.
pub const E_STALE_PAGE: &str = "この画面からは操作できません。ブラウザの「戻る」ボタンや別のタブ・ウィンドウで画面を移動した場合は、表示中の画面から操作を続けてください。";

/// ASSUMPTION: the session does not know the login password (it should always).
pub const E_LOGIN_AGAIN: &str = "再度ログインしてから操作してください。";

/// ASSUMPTION: the heading of the mobile download list's first column (004 shows the
/// list without headings).
pub const COL_MOBILE_KIND: &str = "証明書";

/// ASSUMPTION: titles of the mobile pages (004 shows them without titles).
pub const T_MOBILE_LOGIN: &str = "ログイン(モバイル)";

/// ASSUMPTION: the mobile menu page.
pub const T_MOBILE_MENU: &str = "メニュー(モバイル)";

/// ASSUMPTION: the mobile download page.
pub const T_MOBILE_DOWNLOAD: &str = "証明書ダウンロード(モバイル)";

/// ASSUMPTION: paging of 【お知らせ一覧】 (the seeds show 「1 / 2」 only).
pub const B_PREV_PAGE: &str = "前のページ";

/// ASSUMPTION: paging of 【お知らせ一覧】.
pub const B_NEXT_PAGE: &str = "次のページ";

/// ASSUMPTION: the confirmation field of 【セキュリティコード設定】.
pub const F_SECURITY_CODE_CONFIRM: &str = "セキュリティコード（確認用）";

/// ASSUMPTION: the two ends of the 提示開始日 range (NOTICE-1 shows 年 月 日 ~ 年 月 日).
pub const F_FROM: &str = "提示開始日(から)";

/// ASSUMPTION: the end of the 提示開始日 range.
pub const F_TO: &str = "提示開始日(まで)";

/// ASSUMPTION: the instruction of 【ユーザ情報変更】 (001 shows its items only).
pub const USER_INFO_TEXT: &[&str] = &["変更する項目を選択してください。"];

/// ASSUMPTION (anti-automation, CODE-3): too many codes sent for one target within the
/// window (profile `code_limits`).
pub const E_CODE_ISSUE_THROTTLED: &str = "確認コード等の発行回数が上限に達したため、しばらく発行できません。時間をおいてから、再度操作を行ってください。";
/// ASSUMPTION (anti-automation, CODE-3): too many wrong entries within the window.
pub const E_CODE_THROTTLED: &str = "入力誤りが上限に達したため、しばらく入力できません。時間をおいてから、再度操作を行ってください。";

/// The Japanese eras letters date by, with their first days (calendar facts the seeds
/// only show 令和 of).
pub const ERAS: &[(&str, (i16, i8, i8))] = &[
    ("明治", (1868, 1, 25)),
    ("大正", (1912, 7, 30)),
    ("昭和", (1926, 12, 25)),
    ("平成", (1989, 1, 8)),
    ("令和", (2019, 5, 1)),
];

/// ASSUMPTION (the seeds never show a rejected certificate application): the history's
/// 状況, and the お知らせ that tells the office.
pub const STATUS_REJECTED: &str = "却下";
pub const NOTICE_CERT_REJECTED: &str = "証明書発行申請結果通知";
pub fn notice_cert_rejected(kind: &str, number: &str, reason: &str) -> String {
    format!(
        "{MAIL_OPENING}\n以下の{kind}の発行申請が承認されませんでした。\n\n[管理番号]\n{number}\n\n[理由]\n{reason}\n\n申請内容について、国保連合会へお問い合わせください。\n\n{NOTICE_CLOSING}\n"
    )
}

/// CPL ASSUMPTION: the linkage client's pages the seeds do not show.
pub const T_CPL_SENT: &str = "送信一覧";

pub const T_CPL_INBOX: &str = "受信一覧";

pub const T_CPL_LICENCE_DONE: &str = "利用申請完了";

/// CPL-4 ASSUMPTION: the upload form's fields.
pub const F_CPL_KIND: &str = "種別";

pub const F_CPL_TO: &str = "送信先事業所番号";

pub const F_CPL_FILE: &str = "ファイル";

/// CPL-4 ASSUMPTION: the columns of the sent and received lists, and a file's status.
pub const CPL_COLUMNS_SENT: &[&str] = &[
    "アップロード日時",
    "送信日時",
    "送信先",
    "種別",
    "ファイル名",
    "状態",
];

pub const CPL_COLUMNS_INBOX: &[&str] = &[
    "送信日時",
    "送信元",
    "種別",
    "ファイル名",
    "状態",
    "受信日時",
];

pub const CPL_UNSENT: &str = "未送信";

pub const CPL_SENT: &str = "送信済み";

pub const CPL_RECEIVED: &str = "受信済み";

pub const CPL_NOT_RECEIVED: &str = "未受信";

/// CPL ASSUMPTION: instructions of the client's pages.
pub const CPL_UPLOAD_TEXT: &[&str] = &[
    "種別、送信先事業所番号、ファイルを指定し、【アップロード】ボタンを押してください。",
    "アップロードしたファイルは【送信】ボタンでケアプランデータ連携基盤へ送信されます。",
];

pub const CPL_LICENCE_TEXT: &str = "利用期間と支払方法を選択し、【申請】ボタンを押してください。";

pub const B_CPL_APPLY: &str = "申請";

/// CPL-3 ASSUMPTION: the client's licence line.
pub fn cpl_licence_until(date: &str) -> String {
    format!("ライセンスの有効期限：{date}まで")
}

pub const CPL_NO_LICENCE_LINE: &str = "有効なライセンスがありません。利用申請を行ってください。";

pub fn cpl_licence_done(amount: &str, from: &str, to: &str) -> [String; 2] {
    [
        "利用申請を受け付けました。".to_string(),
        format!("ライセンス料 {amount}（利用期間 {from}～{to}）"),
    ]
}

/// CPL ASSUMPTION: what the client answers (UI-5 style).
pub const CPL_ERR_NOT_LIVE: &str = "ケアプランデータ連携システムは現在利用できません。";

pub const CPL_ERR_TEMPORARY: &str = "仮パスワードではログインできません。電子請求受付システムにログインし、パスワードを変更してください。";

pub const CPL_ERR_NO_CERTIFICATE: &str = "電子証明書がインストールされていないため、ログインできません。介護保険証明書または請求委任事業所用ケアプラン証明書をインストールしてください。";

pub const CPL_ERR_NO_FILE: &str = "ファイルを選択してください。";

pub const CPL_ERR_NOT_CSV: &str = "CSVファイル（拡張子 .csv）を選択してください。";

pub const CPL_ERR_EMPTY: &str = "ファイルにデータがありません。";

pub fn cpl_err_too_large(max: &str) -> String {
    format!("ファイルのサイズが上限（{max}）を超えています。")
}

pub const CPL_ERR_ENCODING: &str = "ファイルの文字コードはShift_JISまたはUTF-8にしてください。";

pub fn cpl_err_malformed(line: u64) -> String {
    format!("CSVファイルの形式が正しくありません。（{line}行目）")
}

pub const CPL_ERR_BAD_RECIPIENT: &str = "送信先事業所番号は10桁の数字で入力してください。";

pub const CPL_ERR_TO_SELF: &str = "自事業所には送信できません。";

pub const CPL_ERR_RECIPIENT: &str =
    "送信先の事業所はケアプランデータ連携システムを利用していません。";

pub const CPL_ERR_NO_LICENCE: &str =
    "有効なライセンスがないため、送信できません。利用申請を行ってください。";

pub const CPL_ERR_NOTHING: &str = "送信するファイルがありません。";

pub const CPL_ERR_FULL: &str = "保存できるファイル数の上限に達しています。";

pub const CPL_UPLOADED: &str = "ファイルをアップロードしました。";

pub fn cpl_sent(n: usize) -> String {
    format!("{n}件のファイルをケアプランデータ連携基盤へ送信しました。")
}

/// CPL-3 ASSUMPTION: the invoice letter of a licence paid by bank transfer.
pub const LETTER_CPL_INVOICE: &str = "ケアプランデータ連携システム ライセンス料請求書";

pub const LETTER_CPL_INVOICE_LEAD: &str = "ケアプランデータ連携システムのライセンス料を下記のとおり請求いたします。請求書による口座振込みにてお支払いください。";

pub const L_CPL_AMOUNT: &str = "請求金額";

pub const L_CPL_TERM: &str = "利用期間";
