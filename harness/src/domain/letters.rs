//! Posted letters: the documents the federation sends by post (ACC-3, ACC-6).

use super::ids::{OfficeNumber, UserId};
use super::office::Office;
use crate::clock;
use crate::text;
use jiff::Timestamp;
use serde::Serialize;

/// A letter posted to an office's ledger address.
#[derive(Clone, Debug, Serialize)]
pub struct Letter {
    pub to: OfficeNumber,
    pub title: String,
    pub posted: Timestamp,
    /// The letter as text, one line a row; password cells are laid out one a column.
    pub text: String,
}

/// ACC-3: 「電子請求登録結果に関するお知らせ」.
pub fn registration_notice(
    office: &Office,
    federation: &str,
    user_id: &UserId,
    temp_password: &str,
    cert_password: Option<&str>,
    posted: Timestamp,
) -> Letter {
    let mut lines = vec![
        text::LETTER_REGISTRATION.to_string(),
        format!("{} 殿", office.name),
        format!("発行日 {}", clock::era_date(posted)),
        federation.to_string(),
        text::LETTER_REGISTRATION_LEAD.to_string(),
        format!("ユーザID\t{user_id}\t事業所番号\t{}", office.number),
        format!("事業所名\t{}", office.name),
        format!("電話番号\t{}\tFAX番号\t{}", office.phone, office.fax),
        format!("住所\t〒{} {}", office.postal_code, office.address),
        text::LETTER_TEMP_PASSWORD.to_string(),
    ];
    lines.extend(password_cells(temp_password));
    lines.push(text::LETTER_CERT_PASSWORD.to_string());
    // ACC-7: a 発行願 does not reissue it; its cells stay empty (ASSUMPTION).
    lines.extend(password_cells(cert_password.unwrap_or_default()));
    lines.push("備考".to_string());
    lines.extend(
        text::LETTER_REGISTRATION_NOTES
            .iter()
            .map(|s| s.to_string()),
    );
    Letter {
        to: office.number.clone(),
        title: text::LETTER_REGISTRATION.to_string(),
        posted,
        text: lines.join("\n") + "\n",
    }
}

/// REISSUE-7: 「電子請求ログイン情報再発行通知書」, with no 証明書発行用パスワード.
pub fn reissue_notice(
    office: &Office,
    federation: &str,
    user_id: &UserId,
    temp_password: &str,
    posted: Timestamp,
) -> Letter {
    let mut lines = vec![
        text::LETTER_REISSUE.to_string(),
        format!("{} 殿", office.name),
        format!("発行日 {}", clock::era_date(posted)),
        federation.to_string(),
        text::LETTER_REISSUE_LEAD.to_string(),
        format!("事業所番号\t{}", office.number),
        format!("事業所名\t{}", office.name),
        "ログイン情報".to_string(),
        format!("ユーザID\t{user_id}"),
        text::LETTER_TEMP_PASSWORD.to_string(),
    ];
    lines.extend(password_cells(temp_password));
    lines.push("備考".to_string());
    lines.extend(text::LETTER_REISSUE_NOTES.iter().map(|s| s.to_string()));
    Letter {
        to: office.number.clone(),
        title: text::LETTER_REISSUE.to_string(),
        posted,
        text: lines.join("\n") + "\n",
    }
}

/// ACC-3: each character in its own cell under its type (大文字 / 小文字 / 数字); a last
/// row gives the password in one piece, so a scenario can capture it with one pattern.
fn password_cells(password: &str) -> Vec<String> {
    let kinds: Vec<&str> = password
        .chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                "大文字"
            } else if c.is_ascii_lowercase() {
                "小文字"
            } else {
                "数字"
            }
        })
        .collect();
    let cells: Vec<String> = password.chars().map(String::from).collect();
    vec![kinds.join("\t"), cells.join("\t")]
}

/// The federation's official name, as letters print it (SPEC §12):
/// 〇〇〇国民健康保険団体連合会.
pub fn federation_name(prefecture: u8) -> String {
    format!(
        "{}{}",
        prefecture_name(prefecture),
        crate::text::FEDERATION_OFFICIAL
    )
}

/// The federation as the reissue mails name it (MSG-3, MSG-5; SPEC §12): the prefecture
/// in place of the seeds' 〇〇〇, then the mails' own 「国民健康保険連合会」.
pub fn federation_name_in_mail(prefecture: u8) -> String {
    format!(
        "{}{}",
        prefecture_name(prefecture),
        crate::text::FEDERATION_IN_MAIL
    )
}

/// JIS X 0401 prefecture names, 01–47.
pub fn prefecture_name(code: u8) -> &'static str {
    const NAMES: [&str; 47] = [
        "北海道",
        "青森県",
        "岩手県",
        "宮城県",
        "秋田県",
        "山形県",
        "福島県",
        "茨城県",
        "栃木県",
        "群馬県",
        "埼玉県",
        "千葉県",
        "東京都",
        "神奈川県",
        "新潟県",
        "富山県",
        "石川県",
        "福井県",
        "山梨県",
        "長野県",
        "岐阜県",
        "静岡県",
        "愛知県",
        "三重県",
        "滋賀県",
        "京都府",
        "大阪府",
        "兵庫県",
        "奈良県",
        "和歌山県",
        "鳥取県",
        "島根県",
        "岡山県",
        "広島県",
        "山口県",
        "徳島県",
        "香川県",
        "愛媛県",
        "高知県",
        "福岡県",
        "佐賀県",
        "長崎県",
        "熊本県",
        "大分県",
        "宮崎県",
        "鹿児島県",
        "沖縄県",
    ];
    NAMES
        .get(usize::from(code).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}
