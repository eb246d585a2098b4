//! Every word a visitor reads: screen texts, e-mail bodies and posted letters.
//!
//! Texts are copied from `shared/seeds/` (the authority) as SPEC.md quotes them. Where
//! the seeds give no wording the text is marked ASSUMPTION here and listed in the README.
//! No other module holds user-visible Japanese, except the names of fields and buttons
//! that `screens` takes from the constants below.

// ---------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------
// Screen titles

pub const T_PORTAL: &str = "電子請求受付システム 総合窓口";
pub const T_TOP_MENU: &str = "トップメニュー";
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

// ---------------------------------------------------------------------------------------
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
pub const B_PREV_PAGE: &str = "前のページ";
pub const B_NEXT_PAGE: &str = "次のページ";
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
pub const F_SECURITY_CODE_CONFIRM: &str = "セキュリティコード（確認用）";
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
pub const F_FROM: &str = "提示開始日(から)";
pub const F_TO: &str = "提示開始日(まで)";

// ---------------------------------------------------------------------------------------
// Portal, top menu, login (UI-2, LGN-1, LGN-2)

/// LGN-1: the seeds' screens (001, 002) break the instruction after 「入力して、」.
pub const LOGIN_TEXT: &[&str] = &[
    "ユーザIDとパスワードを入力して、",
    "【ログイン】ボタンを押してください。",
];
/// LGN-2 (001).
pub const LOGIN_CODE_TEXT: &[&str] = &[
    "セキュリティコードを入力して、",
    "【ログイン】ボタンを押してください。",
];

// ---------------------------------------------------------------------------------------
// First login (LGN-3, LGN-7, LGN-8)

pub const TERMS_HEADING: &str = "電子請求受付システム 利用規約";
pub const TERMS_TEXT: &[&str] = &[
    "電子請求受付システムをご利用いただくためには、下記の利用規約に同意する必要があります。内容を確認の上、【利用規約に同意して次へ】ボタンを押してください。利用規約を保存する場合は、【利用規約をダウンロード】ボタンを押してください。",
];
/// LGN-7: the terms as far as seed 002 gives them.
pub const TERMS_BODY: &[&str] = &[
    "第1条（目的及び定義）",
    "1. 「電子請求受付システム 利用規約（以下、「本規約」という。）は、国民健康保険団体連合会（以下「国保連合会」という。）と連携して公益社団法人国民健康保険中央会（以下「国保中央会」という。）が運営する電子請求受付システムを利用する場合に、必要な事項について定めたものです。",
    "2. 本規約において使用する用語の定義は次のとおりです。",
    "(1) 「介護電子請求受付システム」とは、介護保険でサービスを提供する事業所（以下、「介護保険事業所」という。）と国保連合会をネットワーク回線で接続し、請求データ等をオンラインで取り扱うシステムです。",
    "(2) 「障害者総合支援電子請求受付システム」とは、障害者総合支援でサービスを提供する事業所（以下、「障害者総合支援事業所」という。）と国保連合会をネットワーク回線で接続し、請求データ等をオンラインで受け渡すシステムです。",
    "(3) 「電子請求受付システム」とは、介護電子請求受付システムと障害者総合支援電子請求受付システムの総称です。",
    "(4) 「事業所等」とは、介護保険事業所、障害者総合支援事業所の総称です。",
    "(5) 「本システム」とは、電子請求受付システムをいいます。",
];
/// LGN-8, as extracted (possibly garbled in the source).
pub const WARNING_TEXT: &[&str] = &[
    "ユーザIDのパスワードと本システムが異なるため、ユーザIDとパスワードが一致しない場合があります。パスワードを変更する場合は【パスワード変更】ボタンをクリックしてください。",
];
/// ASSUMPTION (UI-5): the seeds show no instruction line on 【パスワード変更】.
pub const PASSWORD_CHANGE_TEXT: &[&str] =
    &["現在のパスワードと新しいパスワードを入力し、【変更】ボタンを押してください。"];
/// LGN-4: the password rule as the screens show it.
pub const PASSWORD_RULE: &[&str] = &[
    "パスワードには以下の英数字を8文字～16文字で入力してください。",
    "※英字、数字を少なくとも1文字ずつ含めてください。（記号は任意）",
    "英字：abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "数字：0123456789",
    "記号：!#$%&()*+,-./:;<=>?@[]^_`{|}~",
    "ユーザIDと同じパスワードは入力できません。",
];
/// ASSUMPTION: completion texts the seeds do not show.
pub const DONE_PASSWORD: &str = "パスワードの変更を完了しました。";
pub const DONE_MAIL: &str = "メールアドレスの登録を完了しました。";
pub const DONE_NO_MAIL: &str = "メールアドレスを登録せずに処理を終了しました。";
/// MAIL-4.
pub const DONE_SECURITY: &str = "セキュリティ用メールアドレスの登録を完了しました。";
/// ASSUMPTION (MAIL-9).
pub const DONE_SECURITY_CHANGE: &str = "セキュリティ用メールアドレスの変更を完了しました。";
pub const DONE_SECURITY_CODE: &str = "セキュリティコードの設定を完了しました。";
pub const DONE_SECURITY_CODE_RELEASED: &str = "セキュリティコードの設定を解除しました。";

/// ASSUMPTION: the instruction of 【メールアドレス設定】 (the seeds show only its fields).
pub const MAIL_ADDRESS_TEXT: &[&str] = &[
    "お知らせメールを受け取るメールアドレスを入力し、【変更】ボタンを押してください。",
    "メールアドレスを登録しない場合、【メールアドレスを登録しない】を選択し、【変更】ボタンを押してください。",
];

// ---------------------------------------------------------------------------------------
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
/// REL-2 ASSUMPTION: the LIFE-oriented sentence of the screen before the release.
pub const SECURITY_PRE_RELEASE: &[&str] = &[
    "科学的介護情報システム（LIFE）を利用する場合は、セキュリティ用メールアドレスの登録が必要です。",
    "セキュリティ用メールアドレスは、電子請求受付システムから送信されるセキュリティ強化のための情報（ワンタイムパスワード等）を受け取るために使用します。",
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

/// MAIL-7 ASSUMPTION: 【ワンタイムパスワード入力】 when adding an address after login
/// (the wording of RESET-3 without the reset-only notes).
pub fn otp_text(address: &str) -> Vec<String> {
    vec![format!(
        "ユーザの本人確認を行うため、ワンタイムパスワードを {address} 宛に送信しました。メール本文に記載された6桁の数字を半角で入力し、【次へ】ボタンを押してください。"
    )]
}
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

/// LGN-9, MAIL-7: 【ユーザ情報変更】 and its [?] help.
pub const USER_INFO_TEXT: &[&str] = &["変更する項目を選択してください。"];
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
/// LGN-2 ASSUMPTION: 【セキュリティコード設定】.
pub const SECURITY_CODE_TEXT: &[&str] = &[
    "ログイン時に入力するセキュリティコード（4桁～8桁の数字）を入力し、【設定】ボタンを押してください。",
    "セキュリティコードを解除する場合、【解除】ボタンを押してください。",
];

// ---------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------
// E-mails (MSG)

/// MSG-1.
pub const SUBJECT_CONFIRM_CODE: &str = "確認コード発行通知(介護保険)";
/// MSG-2.
pub const SUBJECT_OTP: &str = "ワンタイムパスワード発行通知(介護保険)";
/// MAIL-8, MSG-6.
pub const SUBJECT_MAIL_REGISTERED: &str = "メールアドレス登録通知";
pub const SUBJECT_SECURITY_REGISTERED: &str = "セキュリティ用メールアドレス登録通知";

const MAIL_OPENING: &str = "介護電子請求受付システムからのお知らせです。";
const MAIL_CLOSING: &str = "本メールはシステムが自動的に送信しております。\n本メールへ返信にてお問い合わせいただいてもご回答できませんので、予めご了承くださいますようお願い申し上げます。";

fn contact() -> String {
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

// ---------------------------------------------------------------------------------------
// Posted letters (ACC-3, ACC-6)

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

// ---------------------------------------------------------------------------------------
// Lost login information (LOST-1, RESET, REISSUE)

pub const T_LOST: &str = "パスワード等を紛失した方";
pub const T_RESET_AUTH: &str = "ログイン情報再設定認証";
pub const T_PREFECTURE: &str = "請求先都道府県選択";
pub const T_RESET: &str = "ログイン情報再設定";
pub const T_REISSUE: &str = "ログイン情報再発行申請";
pub const T_SEND_CONFIRM: &str = "送信確認";

pub const F_LOST_CHOICE: &str = "メニュー";
pub const F_OFFICE_NUMBER: &str = "事業所番号";
pub const F_PREFECTURE: &str = "請求先都道府県";
pub const F_NEW_PASSWORD_CONFIRM_FULL: &str = "新しいパスワード（確認用）";
pub const F_NOTIFY_MAIL: &str = "通知先メールアドレス";
pub const F_NOTIFY_MAIL_CONFIRM: &str = "通知先メールアドレス（確認用）";
pub const F_OFFICE_NAME: &str = "事業所名";
pub const F_SECURITY_CODE_RELEASED: &str = "セキュリティコード";

/// LOST-1.
pub const LOST_TEXT: &[&str] = &[
    "介護事業所が、ユーザIDやパスワード等のログイン情報を紛失した場合、こちらの画面からログイン情報の再設定を行うことができます。",
    "メニューを選択し、【次へ】ボタンを押してください。",
];
pub const LOST_RESET: &str = "セキュリティ用メールアドレスを登録済みの場合はこちら";
pub const LOST_RESET_NOTES: &[&str] = &[
    "ユーザIDの確認、パスワードの再設定及びセキュリティコードの初期化を行います。",
    "※ 操作は数分で完了します。",
];
pub const LOST_REISSUE: &str = "セキュリティ用メールアドレスが不明または未登録の場合はこちら";
pub const LOST_REISSUE_NOTES: &[&str] = &[
    "国保連合会から、ユーザIDや仮パスワードを記載した書類を郵送します。",
    "※ 書類が届くまで、通常は数日から一週間程度かかります。",
    "※ 申請が集中した場合、数週間お待ちいただく場合があります。",
    "※ 紙請求または媒体請求を行っている事業所が、電子請求受付システムのユーザID及びパスワードを新たに取得する場合、こちらのメニューから申請してください。",
];

/// RESET-1, RESET-2.
pub const RESET_AUTH_TEXT: &[&str] = &[
    "ログイン情報を再設定するため、事業所の認証を行います。",
    "事業所番号と登録済みのセキュリティ用メールアドレスを入力し、【次へ】ボタンを押してください。",
];
pub const RESET_PREFECTURE_TEXT: &[&str] = &[
    "ログイン情報を再設定するため、事業所の認証を行います。",
    "請求先都道府県を選択し、【次へ】ボタンを押してください。",
];
pub const REISSUE_PREFECTURE_TEXT: &[&str] = &[
    "ログイン情報の再発行申請を行います。",
    "請求先都道府県を選択し、【次へ】ボタンを押してください。",
];

/// RESET-3: the one-time password screen of the reset.
pub const RESET_OTP_NOTES: &[&str] = &[
    "※ 入力したメールアドレスが、実際に登録済みのセキュリティ用メールアドレスと異なる場合、ワンタイムパスワードは送信されません。",
    "※ 登録済みのセキュリティ用メールアドレスが不明な場合、パスワード等を紛失した方画面で、「セキュリティ用メールアドレスが不明または未登録の場合はこちら」を選択してください。",
];

/// RESET-4.
pub const RESET_TEXT: &[&str] = &["新しいパスワードを入力し、【変更】ボタンを押してください。"];
pub const RESET_CODE_RELEASED: &str = "（解除されます）";
/// RESET-5.
pub const DONE_RESET: &str = "ログイン情報の再設定が完了しました。";
pub const DONE_RESET_CODE: &str = "セキュリティコードをご利用の方は、ユーザ情報変更メニューの「セキュリティコード設定」から再度設定してください。";

/// REISSUE-1.
/// REISSUE-1, with the line breaks of 001's screen image.
pub const REISSUE_TEXT: &[&str] = &[
    "ログイン情報の再発行申請を行います。",
    "事業所番号と、申請状況等を通知するための任意のメールアドレスを入力し、",
    "【次へ】ボタンを押してください。",
];
pub const REISSUE_NOTES: &[&str] = &[
    "※ 国保連合会より、通知先メールアドレスや事業所台帳に登録された電話番号等へ、",
    "ログイン情報の再発行に関する連絡が行われる場合があります。",
    "※ 国保連合会により申請が承認されると、事業所台帳に登録された住所へ",
    "ユーザIDおよびログイン用仮パスワードが記載された「ログイン情報再発行通知書」が郵送されます。",
    "なお、国保連合会から返信用封筒の事前送付等を依頼される場合がありますので、",
    "国保連合会の案内（ホームページ等）に従って対応してください。",
    "※ 介護事業所のログイン情報のみ再発行を申請できます。",
    "代理人のログイン情報を紛失した場合、国保連合会へお問い合わせください。",
];
/// ACC-5.
pub const REISSUE_AGENT_NOTE: &str = "※ 介護事業所のログイン情報のみ再発行を申請できます。代理人のログイン情報を紛失した場合、国保連合会へお問い合わせください。";

/// REISSUE-3: 【確認コード入力】 of the reissue.
pub fn reissue_code_text(address: &str) -> Vec<String> {
    vec![format!(
        "入力されたメールアドレスに誤りがないことを確認するため、確認コードを {address} 宛に送信しました。メール本文に記載された4桁の数字を半角で入力し、【次へ】ボタンを押してください。"
    )]
}
pub const REISSUE_CODE_NOTES: &[&str] = &[
    "※ メールが届くまで数分程度かかる場合があります。",
    "確認コードの有効期間は30分です。",
    "しばらく待ってもメールが届かない場合、入力されたメールアドレスに誤りがある可能性があります。その場合、【戻る】ボタンを押して、再度ログイン情報再発行申請を行ってください。",
    "また、入力されたメールアドレスに誤りがない場合、以下の原因が考えられます。",
];
pub const REISSUE_CODE_HELP_TITLE: &str = "メールが届かない場合について";
/// The [?] help of a code screen (001 gives it for the reissue's 【確認コード入力】);
/// `retry` names what to do again: 「ログイン情報再発行申請」 there. ASSUMPTION: the reset's
/// 【ワンタイムパスワード入力】 [?] (RESET-3: the seeds show only the [?]) reads the same
/// with 「ログイン情報再設定」.
pub fn code_help(retry: &str) -> Vec<String> {
    [
        "入力されたメールアドレスに誤りがない場合は、以下の原因が考えられます。",
        "① 受信制限の設定をしている。",
        "② 迷惑メールフォルダ等に移動している。",
        "③ メールを受信フォルダ・メールボックス等が容量オーバーになっている。",
        "④ プロバイダの通信状況で受信が遅れている。",
        "以下の内容に沿って、ご利用されているメーラー等の確認を行ってください。",
        "① 受信制限の設定をしている。",
        "ご利用されているメーラーにおいて、受信制限を行っていないか確認してください。すべてのメールを拒否している場合、ドメイン「support.e-seikyuu.jp」またはメールアドレス「kaigo_info@support.e-seikyuu.jp」の受信を許可し、再度{retry}を行ってください。",
        "② 迷惑メールフォルダ等に移動している。",
        "迷惑メールとして受信されている場合があります。迷惑メールが保存されるフォルダにメールが届いているかご確認ください。",
        "③ メールを受信フォルダ・メールボックス等が容量オーバーになっている。",
        "メールボックスが保存可能容量を超えていないか確認してください。保存可能容量はメールプロバイダまでご確認ください。容量を超えている場合は、不要なメールを削除して受信できる状態とし、再度{retry}を行ってください。",
        "④ プロバイダの通信状況で受信が遅れている。",
        "プロバイダのサービス状況を確認してください。通信の停止等がある場合は、サービスの復旧後にメールが届いているか確認してください。サービスの復旧後、しばらくたってもメールが届かない場合は、再度{retry}を行ってください。",
    ]
    .iter()
    .map(|l| l.replace("{retry}", retry))
    .collect()
}
pub const RETRY_REISSUE: &str = "ログイン情報再発行申請";
pub const RETRY_RESET: &str = "ログイン情報再設定";

/// REISSUE-4.
pub const SEND_CONFIRM_TEXT: &[&str] = &[
    "ログイン情報の再発行申請を行います。",
    "内容を確認し、【送信】ボタンを押してください。",
];
pub const SEND_CONFIRM_NUMBER_NOTE: &str = "※事業所番号にお間違えがないよう、十分ご注意ください。";

/// REISSUE-5.
pub const DONE_REISSUE: &[&str] = &[
    "ログイン情報の再発行申請を完了しました。",
    "通知先メールアドレスに「ログイン情報再発行申請受領通知」を送信しました。",
    "国保連合会より、通知先メールアドレスや事業所台帳に登録された電話番号等へ、ログイン情報の再発行に関する連絡が行われる場合があります。",
    "国保連合会による審査が完了すると、通知先メールアドレスに「ログイン情報再発行申請結果通知」が届きます。",
    "また、申請が承認された場合、事業所台帳に登録された住所へユーザIDおよびログイン用仮パスワードが記載された「ログイン情報再発行通知書」が郵送されます。",
    "なお、国保連合会から返信用封筒の事前送付等を依頼される場合がありますので、国保連合会の案内（ホームページ等）に従って対応してください。",
    "※「ログイン情報再発行申請結果通知」及び「ログイン情報再発行通知書」が届くまで、通常は数日から一週間程度かかります。",
    "※ 申請が集中した場合、数週間お待ちいただく場合があります。",
    "※ パスワードの漏洩等のセキュリティリスクにより、パスワード変更が至急必要な場合、国保連合会へご相談ください。",
];

/// REISSUE-9, ACC-5 ASSUMPTION: shown on 【確認コード入力】 after a right code.
pub const E_REISSUE_UNKNOWN: &str = "入力された事業所番号は事業所台帳に登録されていません。事業所番号を確認し、再度ログイン情報再発行申請を行ってください。";
pub const E_REISSUE_AGENT: &str = REISSUE_AGENT_NOTE;
/// ASSUMPTION: a reset whose confirmation step was lost (e.g. it expired).
pub const E_RESET_GONE: &str = "ログイン情報の再設定を最初からやり直してください。";

// Mails and お知らせ of the reissue (MSG-3, MSG-4, MSG-5)

pub const SUBJECT_REISSUE_RECEIVED: &str = "ログイン情報再発行申請受領通知";
pub const SUBJECT_REISSUE_RESULT: &str = "ログイン情報再発行申請結果通知";
pub const NOTICE_CATEGORY_SYSTEM: &str = "システム関連";

const STARS: &str = "★★★★★★★★★★★★★★★★★★★★";
/// MSG-5 prints the envelope sentence on one line; MSG-3 breaks it after 「ので、」 (001).
const ENVELOPE: &str = "なお、国保連合会から返信用封筒の事前送付等を依頼される場合がありますので、国保連合会の案内(ホームページ等)に従って対応してください。";
const ENVELOPE_RECEIVED: &str = "なお、国保連合会から返信用封筒の事前送付等を依頼される場合がありますので、\n国保連合会の案内(ホームページ等)に従って対応してください。";
const NOTICE_CLOSING: &str = "本お知らせはシステムが自動的に送信しております。";

fn url_block() -> String {
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
        (
            "以下のログイン情報再発行申請が承認されませんでした。",
            "申請内容について、国保連合会へお問い合わせください。".to_string(),
        )
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
        "以下のログイン情報再発行申請が承認されませんでした。"
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
/// ASSUMPTION (UI-5): a 事業所番号 that is not 10 digits.
pub const E_OFFICE_NUMBER_FORMAT: &str = "事業所番号は10桁の数字で入力してください。";
/// ASSUMPTION (UI-5): expired or void codes of the reissue application.
pub const E_CODE_EXPIRED_REISSUE: &str = "確認コードの有効期間が過ぎています。【戻る】ボタンを押して、再度ログイン情報再発行申請を行ってください。";
pub const E_CODE_VOID_REISSUE: &str =
    "確認コードが無効です。【戻る】ボタンを押して、再度ログイン情報再発行申請を行ってください。";

// ---------------------------------------------------------------------------------------
// Certificates (CERT)

pub const T_CERT: &str = "証明書";
pub const T_CERT_PASSWORD: &str = "証明書発行用パスワード入力";
pub const T_DX: &str = "介護DX証明書";
pub const T_CERT_DOWNLOAD: &str = "証明書ダウンロード";
pub const T_BEFORE_APPLY: &str = "発行申請を行う前に";
pub const T_CERT_PASSWORD_ABOUT: &str = "証明書発行用パスワードとは";

pub const CERT_INSURANCE: &str = "介護保険証明書";
pub const CERT_COMMON: &str = "介護・障害共通証明書";
pub const CERT_DX: &str = "介護DX証明書";
pub const CERT_CARE_PLAN: &str = "請求委任事業所用ケアプラン証明書";

pub const F_CERT_ACTION: &str = "処理";
pub const F_CERT_PASSWORD: &str = "証明書発行用パスワード (半角英数)";
pub const B_AGREE_SEND: &str = "利用規約に同意して送信";
pub const B_OK: &str = "OK";
pub const B_CANCEL: &str = "キャンセル";
pub const B_DOWNLOAD: &str = "ダウンロード";
pub const B_CLOSE: &str = "閉じる";
/// CERT-9: the [?] link of 【証明書】 (001).
pub const L_BEFORE_APPLY: &str = "発行申請を行う前に ?";
/// CERT-10, CERT-11: the button of 【介護DX証明書】 and the care-plan screen (003, 004).
pub const B_BEFORE_APPLY: &str = "発行申請を行う前に";
/// CERT-2: the link of 【証明書発行用パスワード入力】 (003).
pub const L_CERT_PASSWORD_ABOUT: &str = "証明書発行用パスワードとは ?";
/// CERT-15: the link of 【証明書ダウンロード】 (004).
pub const L_CERT_PASSWORD_ABOUT_DOWNLOAD: &str = "証明書発行用パスワードとは？";

/// CERT-9, CERT-10.
pub const CERT_SELECT: &str = "処理を選択し、【次へ】ボタンを押してください。";
pub const CERT_QUOTE: &str = "見積書を作成する（必要な場合のみ）";
pub const CERT_QUOTE_NOTE: &str = "証明書発行手数料の見積書を作成することができます。";
pub const CERT_APPLY: &str = "証明書の発行申請をする";
pub const CERT_APPLY_NOTE: &str = "新しい証明書の発行申請を行うことができます。";
pub const CERT_GET: &str = "証明書をダウンロード・インストールする";
pub const CERT_GET_NOTE: &str = "発行済みの証明書を取得することができます。";
pub const CERT_BEFORE_NOTE: &[&str] = &[
    "※「？」ボタンより、「発行申請を行う前に」の内容を必ず確認の上、発行申請を行ってください。",
    "確認せずに証明書の発行申請は行えません。",
];
/// CERT-4.
pub const FEE_BANNER: &[&str] = &[
    "2026年4月1日より、証明書発行手数料が13,200円から7,800円に変更されます。",
    "2026年4月1日以降に発行申請した証明書から、変更後の手数料（7,800円）が適用されます。",
];
pub const IMPORTANT: &str = "重要なお知らせ";
/// CERT-5.
pub const FEE_DIALOG: &str = "変更前の手数料（13,200円）で発行申請します。よろしいですか？";
/// CERT-7.
pub const CERT_BALANCE_BLOCK: &[&str] = &[
    "現在、証明書発行手数料の残高があるため、発行申請ができません。",
    "発行申請を行うためには、証明書発行手数料の残高の支払を行う必要があります。",
    "手続きの方法等に関しては、国保連合会へお問合せください。",
];
/// CERT-3.
pub const CERT_HISTORY: &str = "証明書の発行履歴";
pub const DX_HISTORY: &str = "介護DX証明書の発行履歴";
pub const CERT_NO_HISTORY: &str = "証明書発行の履歴はありません。";
pub const COL_APPLIED: &str = "発行申請日";
pub const COL_VALID_FROM: &str = "有効開始年月日";
pub const COL_VALID_TO: &str = "有効終了年月日";
pub const COL_STATUS: &str = "状況";
pub const COL_BALANCE: &str = "発行手数料残高";
pub const STATUS_APPLIED: &str = "発行申請中";
pub const STATUS_ISSUED: &str = "発行済み";

/// CERT-2.
pub fn cert_password_text(kind: &str) -> Vec<String> {
    vec![
        format!("{kind}の発行申請処理を行います。"),
        "証明書発行用パスワードを入力し、【次へ】ボタンを押してください。".to_string(),
    ]
}
pub const CERT_PASSWORD_NOTES: &[&str] = &[
    "ここで入力したパスワードは、証明書をインストールする際にも必要となります。",
    "パスワードは、厳重に保管し、管理してください。",
    "証明書発行用パスワードを紛失しますと、パスワードの再発行手続きが必要となります。",
    "また、パスワード再発行後、もう一度証明書の発行申請が必要となります。",
];
/// CERT-2: 【送信確認(証明書)】.
pub fn cert_confirm_text(kind: &str) -> Vec<String> {
    let lead = if kind == CERT_INSURANCE {
        "証明書の発行申請処理を行います。".to_string()
    } else {
        format!("{kind}の発行申請処理を行います。")
    };
    vec![
        lead,
        "内容を確認し、【利用規約に同意して送信】ボタンを押してください。".to_string(),
    ]
}
pub const F_FEE: &str = "発行手数料";
pub const CA_TERMS_HEADING: &str = "電子請求受付システム 認証サービス利用規約";
pub const CA_TERMS_TEXT: &[&str] = &[
    "電子証明書の発行申請を行うためには、下記の利用規約に同意する必要があります。",
    "内容を確認の上、【利用規約に同意して送信】ボタンを押してください。",
    "利用規約を保存する場合、【利用規約をダウンロード】ボタンを押してください。",
];
/// The CA terms, as far as the seeds give them: 001 shows the in-body title, 004 the
/// article, 003 the numbering; every seed stops in the middle of (3), so the text ends
/// with its first sentence (nothing is invented after it).
pub const CA_TERMS_BODY: &[&str] = &[
    "電子請求受付システム認証サービス利用規約",
    "第1条（目的及び定義）",
    "「電子請求受付システム認証サービス」（以下「本サービス」という。）は国民健康保険団体連合会（以下「国保連合会」という。）と連携して公益社団法人国民健康保険中央会（以下「国保中央会」という。）が運営する介護電子請求受付システム及び障害者総合支援電子請求受付システムの専用認証局（以下「専用認証局」という。）が提供する電子証明書の発行等に関するサービスです。",
    "電子請求受付システム認証サービス利用規約（以下「本規約」という。）は本サービスの利用に関する事項について定めたものです。",
    "本規約において使用する用語の定義は次のとおりです。",
    "(1)「介護電子請求受付システム及び障害者総合支援電子請求受付システム（以下総称して「電子請求受付システム」という。）」：介護保険でサービス等を提供する事業所及び障害者総合支援でサービス等を提供する事業所等（以下総称して「事業所等」という。）と国保連合会をネットワーク回線で接続し、請求データ等をオンラインで受け渡すシステムです。",
    "(2)「電子署名」：電子文書の正当性を保証するために付けられる署名情報です。公開鍵暗号等を利用し、相手が本人であることを確認するとともに、情報が送信途中で改ざんされていないことを証明することができます。",
    "(3)「公開鍵」：秘密鍵と対になる鍵で、署名の検証等に利用します。",
];
/// CERT-10: completion of an application.
pub const DONE_CERT: &[&str] = &[
    "証明書の発行申請を完了しました。",
    "発行処理が完了すると証明書発行完了通知がお知らせ画面に届きますので、しばらくお待ちください。",
    "※証明書発行完了通知が届くまでに、数分程度かかる場合があります。",
    "(なお、午前1:30から午前6:30の間は発行を停止しておりますので、ご了承ください)",
    "証明書が発行されましたら、TLSクライアント認証等を行うパソコンに証明書をダウンロードし、証明書をインストールしてください。",
];
/// ASSUMPTION: completion of an application the federation reviews (wording of CERT-11).
pub const DONE_CERT_FEDERATION: &[&str] = &[
    "証明書の発行申請を完了しました。",
    "国保連合会により発行申請が承認されると証明書発行完了通知がお知らせ画面に届きますので、しばらくお待ちください。",
    "※証明書発行完了通知が届くまでに、数日かかる場合があります。",
    "証明書が発行されましたら、TLSクライアント認証等を行うパソコンに証明書をダウンロードし、証明書をインストールしてください。",
];
/// CERT-10: 【介護DX証明書】.
pub const DX_APPLY: &str = "介護DX証明書の発行申請をする";
/// CERT-10, with 004's line breaks.
pub const DX_APPLY_NOTE: &[&str] = &[
    "介護保険資格確認等WEBサービス等で使用可能な介護DX証明書の発行申請を行うことができます。",
    "(介護DX証明書は、介護給付費の請求では使用できません。",
    "また、介護保険証明書を保有している場合には、介護DX証明書の発行は必要ありません。)",
];
pub const DX_GET: &str = "介護DX証明書をダウンロード・インストールする";
pub const DX_TABLE: &[(&str, &str)] = &[
    (
        "介護給付費等の請求を事業所がインターネットから行う場合",
        "介護DX証明書の発行申請は不要です。介護給付費等の請求で使用する介護保険証明書を使用して介護保険資格確認等WEBサービス等を利用してください。",
    ),
    (
        "介護給付費等の請求を代理人に委任している、または紙請求や媒体請求を行う場合",
        "介護保険資格確認等WEBサービス等を利用する場合、発行申請が必要です。上記のシステムを利用する場合のみ、介護DX証明書の発行申請を行ってください。",
    ),
];
pub const DX_BEFORE_NOTE: &[&str] = &[
    "※「発行申請を行う前に」ボタンより、内容を必ず確認の上、発行申請を行ってください。",
    "確認せずに証明書の発行申請は行えません。",
];
pub const DX_ISSUED_NOTE: &[&str] = &[
    "※ログイン中のユーザIDで発行済みの介護DX証明書があります。",
    "発行済みの介護DX証明書で介護保険資格確認等WEBサービス等をご利用できます。",
    "(証明書発行用パスワードを紛失した等、インストールできない場合に、発行申請を行ってください。)",
];
/// ASSUMPTION: the body of 「発行申請を行う前に」 (the seeds show only that it exists).
pub const BEFORE_APPLY_TEXT: &[&str] = &[
    "証明書の発行申請を行う前に、以下を確認してください。",
    "・証明書発行用パスワードは、証明書のインストールの際にも必要となります。",
    "・介護保険証明書の発行履歴がある場合、その証明書をインストールしてください（インストールに際する証明書発行手数料は不要です）。",
    "・電子証明書の発行手数料は、事業所番号ごとにかかります。",
];
/// CERT-11: 「発行申請を行う前に」 of the care-plan certificate (003), verbatim; its
/// last line is a link to the reference document.
pub const BEFORE_APPLY_CARE_PLAN: &[&str] = &[
    "現在、ケアプランデータ連携システムを利用する場合に必要な証明書の発行申請を行おうとしています。",
    "【請求委任事業所用ケアプラン証明書とは】",
    "ケアプランデータ連携システムでのみ使用可能な電子証明書です。",
    "請求委任事業所用ケアプラン証明書で介護給付費等の請求を行うことはできません。",
    "必ず以下の内容を一読してご理解の上、証明書の発行申請を行ってください。",
    "■以下の全てに当てはまる場合、請求委任事業所用ケアプラン証明書の発行が必要です。このまま発行申請を行ってください。",
    "・介護給付費の請求を代理人に委任して、介護保険証明書を発行していない。",
    "・ケアプランデータ連携システムを利用する。",
    "■以下のいずれかに当てはまる場合、請求委任事業所用ケアプラン証明書の発行は不要です。",
    "・介護保険証明書が発行済み、または発行する予定がある。",
    "…介護保険証明書は、ケアプランデータ連携システムでご利用いただけます。",
    "・ケアプランデータ連携システムを利用する予定がない。",
    "…請求委任事業所用ケアプラン証明書は、介護給付費等の請求には必要ありません。",
    "ケアプランデータ連携システムを利用する予定がない場合も発行は不要です。",
    "【ケアプランデータ連携システムとは】",
    "居宅介護支援事業所とサービス提供事業所との間で、インターネット経由でケアプランデータを送受信することにより情報共有できるシステムです。",
    "ケアプランデータ連携システムの詳細については、以下の参考資料をご確認ください。",
    "■ 参考資料",
];
pub const L_CARE_PLAN_REFERENCE: &str = "ケアプランデータ連携システムについて";
/// CERT-15.
pub const CERT_DOWNLOAD_TEXT: &[&str] =
    &["ダウンロードする証明書の【ダウンロード】ボタンを押してください。"];
/// UI-5 ASSUMPTION.
pub const E_CERT_PASSWORD: &str = "証明書発行用パスワードが正しくありません。";
pub const E_BEFORE_APPLY: &str = "確認せずに証明書の発行申請は行えません。";
pub const E_CERT_PENDING: &str = "発行申請中の証明書があるため、発行申請ができません。";
pub const E_CHOOSE: &str = "処理を選択してください。";

/// NOTICE-2, MSG-6: 証明書発行完了通知 (body ASSUMPTION).
pub const NOTICE_CERT_ISSUED: &str = "証明書発行完了通知";
pub const NOTICE_CATEGORY_CERT: &str = "証明書";
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

/// CERT-16: the FAQ entry (answer wording ASSUMPTION).
pub const T_FAQ: &str = "FAQ一覧";
pub const FAQ_THUMBPRINT_Q: &str = "認証局証明書の拇印(フィンガープリント)を確認したい";
pub fn faq_thumbprint_a(thumbprint: &str) -> Vec<String> {
    vec![
        "証明書のインストール時に表示される【セキュリティ警告】の《拇印》が、以下の認証局証明書（e-seikyu CA）の拇印と一致することを確認してください。".to_string(),
        format!("拇印 (sha1): {thumbprint}"),
    ]
}

/// CERT-13, NOTICE-4.
pub const NOTICE_CERT_PASSWORD: &str = "証明書発行用パスワード再発行通知";
/// NOTICE-4: the list shows the category 「証明書」 (002, 003, 004); the notice itself
/// shows 「証明書 (パスワード再発行通知)」 (004).
pub const NOTICE_CATEGORY_CERT_PASSWORD: &str = "証明書 (パスワード再発行通知)";
pub fn notice_cert_password(user_id: &str) -> String {
    format!(
        "{MAIL_OPENING}\n再発行された証明書発行用パスワードを通知いたします。\n*****\n添付された証明書発行用パスワード通知書のZIPファイルを取得してください。\n添付のZIPファイルを開くにはパスワードが必要です。\nパスワードは、ログイン用パスワードをご入力ください。\n*****\n[ユーザID]\n{user_id}\n[問い合わせ先]\nヘルプデスク:{HELPDESK_PHONE}\n"
    )
}
/// ASSUMPTION: the document inside the ZIP.
pub fn cert_password_document(user_id: &str, password: &str, date: &str) -> String {
    format!(
        "証明書発行用パスワード通知書\n発行日 {date}\n\nユーザID\t{user_id}\n証明書発行用パスワード\t{password}\n\n・証明書発行用パスワードは証明書発行申請（更新の申請を含む）の際に必要となりますので大切に保管してください\n"
    )
}
/// CERT-13: 【証明書発行用パスワードとは】 (004), verbatim.
pub const CERT_PASSWORD_ABOUT_TEXT: &[&str] = &[
    "【証明書発行用パスワードとは】",
    "証明書発行用パスワードは、証明書の発行申請時と、証明書のインストール時に必要となるパスワードです。",
    "【証明書発行用パスワードの入手方法】",
    "証明書発行用パスワードは、国保連合会より通知される下記の書類に記載されています。",
    "・電子請求登録結果に関するお知らせ",
    "【証明書発行用パスワードの使用】",
    "証明書発行用パスワードは、証明書の発行申請時に入力します。",
    "また、証明書をインストールする時に入力します。",
    "※パソコンの買い替え等に伴い、古いパソコンから新しいパソコンに証明書をインストールする場合のように証明書を再インストールすることもあります。",
    "上記のように、証明書発行用パスワードは、今後も使用するものとなりますので紛失しないよう、厳重に管理し、保管してください。",
    "※注意",
    "万が一、証明書発行用パスワードを紛失しますと、証明書のインストールができず、有償の新しい証明書が必要になります。",
    "証明書発行用パスワードについて解決した場合は【戻る】ボタンを押してください。",
    "証明書発行用パスワードが記載された通知書を紛失してしまった場合は【通知書を紛失してしまった】ボタンを押してください。",
];
pub const L_LOST_NOTICE: &str = "通知書を紛失してしまった";
pub const B_REISSUE: &str = "再発行する";
pub const L_OPEN_NOTICES: &str = "お知らせ画面を開く";
pub const T_CERT_PASSWORD_REISSUE: &str = "証明書発行用パスワード再発行";
/// ASSUMPTION: texts of the reissue pages (004 shows only the buttons).
pub const CERT_PASSWORD_REISSUE_TEXT: &[&str] = &[
    "証明書発行用パスワードを再発行します。【再発行する】ボタンを押してください。",
    "※ 再発行後、発行済みの証明書は新しい証明書発行用パスワードではインストールできません。もう一度証明書の発行申請が必要となります。",
];
pub const CERT_PASSWORD_REISSUED: &[&str] = &[
    "証明書発行用パスワードを再発行しました。",
    "お知らせ画面から「証明書発行用パスワード再発行通知」を開き、添付の証明書発行用パスワード通知書を取得してください。",
];
pub const COL_ATTACHMENT: &str = "添付ファイル";
pub const COL_SIZE: &str = "サイズ";
/// ASSUMPTION: the session does not know the login password (it should always).
pub const E_LOGIN_AGAIN: &str = "再度ログインしてから操作してください。";

/// CERT-11: 【請求委任事業所用ケアプラン証明書】 (003).
pub const T_CARE_PLAN: &str = "請求委任事業所用ケアプラン証明書";
pub const CP_APPLY: &str = "請求委任事業所用ケアプラン証明書の発行申請をする";
pub const CP_APPLY_NOTE: &[&str] = &[
    "ケアプランデータ連携システムでのみ使用可能な新しい証明書の発行申請を行うことができます。",
    "〔請求委任事業所用ケアプラン証明書は、介護給付費の請求には使用しません〕",
];
/// CERT-11 (003).
pub const CP_GET: &str = "請求委任事業所用ケアプラン証明書をダウンロード・インストールする";
pub const CP_TABLE: &[(&str, &str)] = &[
    (
        "介護給付費等の請求を事業所で行っている場合",
        "請求委任事業所用ケアプラン証明書の発行申請は不要です。介護給付費等の請求で使用する介護保険証明書を使用してケアプランデータ連携システムを利用してください。",
    ),
    (
        "介護給付費等の請求を代理人に委任している場合",
        "ケアプランデータ連携システムを利用する場合、発行申請が必要です。ケアプランデータ連携システムを利用する場合のみ、請求委任事業所用ケアプラン証明書の発行申請を行ってください。",
    ),
];
/// CERT-11, with 003's line breaks.
pub const CP_PENDING: &[&str] = &[
    "現在、請求委任事業所用ケアプラン証明書の発行申請中です。",
    "国保連合会により発行申請が承認されると",
    "証明書発行完了通知がお知らせ画面に届きますので、しばらくお待ちください。",
    "※証明書発行完了通知が届くまでに、数日かかる場合があります。",
];
pub const CP_ISSUED_NOTE: &str =
    "※ログイン中のユーザIDで発行済みの請求委任事業所用ケアプラン証明書があります。";
pub const CP_HISTORY: &str = "請求委任事業所用ケアプラン証明書の発行履歴";

/// UI-3, CERT-14: 【モバイル窓口】.
pub const T_MOBILE_PORTAL: &str = "電子請求受付システム モバイル窓口";
pub const T_MOBILE_LOGIN: &str = "ログイン(モバイル)";
pub const T_MOBILE_MENU: &str = "メニュー(モバイル)";
pub const T_MOBILE_DOWNLOAD: &str = "証明書ダウンロード(モバイル)";
pub const L_MOBILE_OFFICE: &str = "介護事業所の方はこちら";
pub const MOBILE_HEADING: &str = "介護電子請求受付システム";
pub const F_MOBILE_USER_ID: &str = "ユーザーID";
pub const MOBILE_LOGIN_TEXT: &[&str] =
    &["初回ログインの場合、利用規約への同意、パスワード設定が必要となります。"];
pub const B_MOBILE_CERTS: &str = "証明書ダウンロード";
/// ASSUMPTION: the heading of the mobile download list's first column (004 shows the
/// list without headings).
pub const COL_MOBILE_KIND: &str = "証明書";
pub const MOBILE_NO_CERT: &[&str] = &[
    "※有効な証明書がない場合、証明書ダウンロードページにて証明書の表示がありません。",
    "有効な証明書がない場合は、電子請求受付システム(パソコン版)にログインして証明書発行申請してください。",
];
pub const MOBILE_INSTALL_NOTE: &str =
    "※ダウンロードした証明書については、ご利用のOSが指定する手順でインストールを行ってください。";

/// UI-4: 「はじめての方」 shows the supported environments (the newest list, 004's table
/// 「【参考】OSおよびブラウザの動作保証」).
pub const T_FIRST_TIME: &str = "はじめての方";
pub const ENVIRONMENTS_HEADING: &str = "【参考】OSおよびブラウザの動作保証";
pub const ENVIRONMENT_COLUMNS: &[&str] = &["クライアント端末", "カテゴリ", "OS", "ブラウザ"];
pub const ENVIRONMENTS: &[[&str; 4]] = &[
    [
        "パソコン版",
        "パソコン",
        "Microsoft Windows 11 Home / Pro / Enterprise",
        "Microsoft Edge / Google Chrome",
    ],
    [
        "パソコン版",
        "パソコン",
        "Apple macOS 15 / 26*",
        "Safari / Google Chrome",
    ],
    ["モバイル版", "スマートフォン", "iOS 18 / 26", "Safari"],
    [
        "モバイル版",
        "スマートフォン",
        "Android 13 / 14 / 15 / 16",
        "Google Chrome",
    ],
    ["モバイル版", "タブレット", "iPadOS 18 / 26", "Safari"],
];
pub const ENVIRONMENTS_NOTE: &[&str] = &[
    "※macOSでは、請求情報の送信・照会、通知文書の取得及びマニュアルの参照に関連する機能は利用できません。また、利用可能な機能の画面レイアウトについては、Windows利用時と同じレイアウトとなります。",
];
