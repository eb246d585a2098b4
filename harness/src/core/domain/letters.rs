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
        text::letter_addressee(&office.name),
        text::letter_date(&clock::era_date(posted)),
        federation.to_string(),
        text::LETTER_REGISTRATION_LEAD.to_string(),
        format!(
            "{}\t{user_id}\t{}\t{}",
            text::L_USER_ID,
            text::L_OFFICE_NUMBER,
            office.number
        ),
        format!("{}\t{}", text::L_OFFICE_NAME, office.name),
        format!(
            "{}\t{}\t{}\t{}",
            text::L_PHONE,
            office.phone,
            text::L_FAX,
            office.fax
        ),
        format!(
            "{}\t{}{} {}",
            text::L_ADDRESS,
            text::L_POSTAL_MARK,
            office.postal_code,
            office.address
        ),
        text::LETTER_TEMP_PASSWORD.to_string(),
    ];
    lines.extend(password_cells(temp_password));
    lines.push(text::LETTER_CERT_PASSWORD.to_string());
    // ACC-7: a 発行願 does not reissue it; its cells stay empty (ASSUMPTION).
    lines.extend(password_cells(cert_password.unwrap_or_default()));
    lines.push(text::L_REMARKS.to_string());
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
        text::letter_addressee(&office.name),
        text::letter_date(&clock::era_date(posted)),
        federation.to_string(),
        text::LETTER_REISSUE_LEAD.to_string(),
        format!("{}\t{}", text::L_OFFICE_NUMBER, office.number),
        format!("{}\t{}", text::L_OFFICE_NAME, office.name),
        text::L_LOGIN_INFO.to_string(),
        format!("{}\t{user_id}", text::L_USER_ID),
        text::LETTER_TEMP_PASSWORD.to_string(),
    ];
    lines.extend(password_cells(temp_password));
    lines.push(text::L_REMARKS.to_string());
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
                text::L_UPPER
            } else if c.is_ascii_lowercase() {
                text::L_LOWER
            } else {
                text::L_DIGIT
            }
        })
        .collect();
    let cells: Vec<String> = password.chars().map(String::from).collect();
    vec![kinds.join("\t"), cells.join("\t")]
}

/// CPL-3: the invoice for a licence paid by bank transfer (ASSUMPTION words).
pub fn licence_invoice(
    office: &Office,
    federation: &str,
    licence: &super::linkage::Licence,
    posted: Timestamp,
) -> Letter {
    let day = |t: Timestamp| clock::screen_date(t);
    let last = licence.last();
    let lines = [
        text::LETTER_CPL_INVOICE.to_string(),
        text::letter_addressee(&office.name),
        text::letter_date(&clock::era_date(posted)),
        federation.to_string(),
        text::LETTER_CPL_INVOICE_LEAD.to_string(),
        format!("{}\t{}", text::L_OFFICE_NUMBER, office.number),
        format!(
            "{}\t{}",
            text::L_CPL_AMOUNT,
            super::certs::yen(licence.amount)
        ),
        format!("{}\t{}～{}", text::L_CPL_TERM, day(licence.from), day(last)),
    ];
    Letter {
        to: office.number.clone(),
        title: text::LETTER_CPL_INVOICE.to_string(),
        posted,
        text: lines.join("\n") + "\n",
    }
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
    text::PREFECTURES
        .get(usize::from(code).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}
