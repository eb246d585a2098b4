//! The certificate screens and notices (CERT), as the seeds word them.

use super::*;

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

pub const E_BEFORE_APPLY: &str = "確認せずに証明書の発行申請は行えません。";

/// NOTICE-2, MSG-6: 証明書発行完了通知 (body ASSUMPTION).
pub const NOTICE_CERT_ISSUED: &str = "証明書発行完了通知";

pub const NOTICE_CATEGORY_CERT: &str = "証明書";

/// CERT-16: the FAQ entry (answer wording ASSUMPTION).
pub const T_FAQ: &str = "FAQ一覧";

pub const FAQ_THUMBPRINT_Q: &str = "認証局証明書の拇印(フィンガープリント)を確認したい";

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

pub const COL_ATTACHMENT: &str = "添付ファイル";

pub const COL_SIZE: &str = "サイズ";

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

pub const L_MOBILE_OFFICE: &str = "介護事業所の方はこちら";

pub const MOBILE_HEADING: &str = "介護電子請求受付システム";

pub const F_MOBILE_USER_ID: &str = "ユーザーID";

pub const MOBILE_LOGIN_TEXT: &[&str] =
    &["初回ログインの場合、利用規約への同意、パスワード設定が必要となります。"];

pub const B_MOBILE_CERTS: &str = "証明書ダウンロード";

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

/// The attachment's name (NOTICE-4).
pub const PASSWORD_ZIP: &str = "証明書発行用パスワード通知書.zip";
