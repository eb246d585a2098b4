//! The posted letters' layout words, as the registration notice and the reissue notice
//! show them in the seeds (002, 003): addressee, date, the table's labels, password cells.

/// After the office's name: 「請求事業所A 殿」.
pub fn letter_addressee(office: &str) -> String {
    format!("{office} 殿")
}

/// 「発行日 令和08年01月10日」.
pub fn letter_date(era_date: &str) -> String {
    format!("発行日 {era_date}")
}

pub const L_USER_ID: &str = "ユーザID";
pub const L_OFFICE_NUMBER: &str = "事業所番号";
pub const L_OFFICE_NAME: &str = "事業所名";
pub const L_PHONE: &str = "電話番号";
pub const L_FAX: &str = "FAX番号";
pub const L_ADDRESS: &str = "住所";
/// Before the postal code: 「〒111-1111」.
pub const L_POSTAL_MARK: &str = "〒";
pub const L_REMARKS: &str = "備考";
/// The reissue notice's heading above the user ID.
pub const L_LOGIN_INFO: &str = "ログイン情報";
/// The password cells' headings, by the character's kind.
pub const L_UPPER: &str = "大文字";
pub const L_LOWER: &str = "小文字";
pub const L_DIGIT: &str = "数字";
