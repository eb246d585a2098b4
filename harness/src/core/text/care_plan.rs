//! The care plan data linkage system (CPL), as seed 003 words it.

pub const CPL_SYSTEM: &str = "ケアプランデータ連携システム";

/// CPL-1: 003's login screen of the system.
pub const T_CPL_LOGIN: &str = CPL_SYSTEM;

/// The client a care office works in (003's 全体概要).
pub const T_CPL_CLIENT: &str = "ケアプランデータ連携クライアント";

pub const CPL_HUB: &str = "ケアプランデータ連携基盤";

pub const CPL_USER_ID_NOTE: &str =
    "(電子請求受付システムで使用するKJから始まる14桁のユーザIDを入力ください)";

pub const CPL_LOGIN_NOTE: &str = "電子請求受付システムのID・パスワードを使用します。";

/// CPL-3: 003's ①利用申請 and 5. システムの料金について.
pub const T_CPL_LICENCE: &str = "利用申請";

pub const CPL_FEE_HEADING: &str = "システムの料金について";

pub const CPL_FEE_LABEL: &str = "【ライセンス料】";

/// 「1事業所あたり 年間21,000円」 with the profile's fee (003 prints 「1 事業所」: a space
/// beside a half-width number, an extraction artefact by SPEC's preface).
pub fn cpl_fee(fee: &str) -> String {
    format!("1事業所あたり 年間{fee}")
}

pub const CPL_TERM_LABEL: &str = "【ライセンスの有効期限】";

pub const CPL_TERM: &str = "1年間";

pub const CPL_PAYMENT_LABEL: &str = "【支払方法】";

pub const CPL_PAYMENT_TEXT: &str = "電子請求の証明書発行手数料と同様、国保連合会に請求する 介護給付費から差引き、または請求書による口座振込み";

/// 「※複数事業所を運営している場合は、1事業所番号あたり21,000円が必要となります。」
pub fn cpl_fee_notes(fee: &str, three_years: &str) -> [String; 3] {
    [
        format!("※複数事業所を運営している場合は、1事業所番号あたり{fee}が必要となります。"),
        format!(
            "※利用期間については、1年間ごとの契約となります。3年間ご利用いただく場合は、{fee}×3={three_years}となります。"
        ),
        "※ライセンス料の支払方法を、請求書による口座振込みにする場合は、国保連合会へ連絡してください。国保連合会より請求書を送付します。".to_string(),
    ]
}

/// The two ways to pay (CPL-3).
pub const CPL_PAY_DEDUCTION: &str = "介護給付費から差引き";

pub const CPL_PAY_INVOICE: &str = "請求書による口座振込み";

pub const F_CPL_PAYMENT: &str = "支払方法";

pub const F_CPL_YEARS: &str = "利用期間";

/// 「1年間」…「3年間」.
pub fn cpl_years(n: u8) -> String {
    format!("{n}年間")
}

/// CPL-4: the two files of 003's business flows.
pub const CPL_PLAN_FILE: &str = "ケアプランデータ予定ファイル";

pub const CPL_ACTUAL_FILE: &str = "ケアプランデータ実績ファイル";

pub const CPL_PLAN: &str = "予定";

pub const CPL_ACTUAL: &str = "実績";

/// The flows' verbs, as buttons.
pub const B_UPLOAD: &str = "アップロード";

pub const B_CPL_RECEIVE: &str = "受信";

pub const T_CPL_UPLOAD: &str = B_UPLOAD;

/// CPL-5: 003's 6. サポートサイトについて.
pub const CPL_CONTACT_TITLE: &str = "【ケアプランデータ連携システムに関する照会先】";

pub const CPL_CONTACT: &[&str] = &[
    "「ケアプランデータ連携システムヘルプデスクサポートサイト」のURL",
    "https://www.careplan-renkei-support.jp",
    "TEL: 0120－584－708",
    "国民健康保険中央会 保健福祉部介護保険課",
    "TEL: 03-3581-6835",
    "国民健康保険中央会ホームページ",
    "https://www.kokuho.or.jp/system/care/careplan/index.html",
];
