//! Identifiers of offices and users: 事業所番号 (ACC-1) and ユーザID (ACC-2).

use serde::Serialize;
use std::fmt;

/// A 10-digit 事業所番号 whose first two digits are a prefecture code 01–47
/// (ACC-1 ASSUMPTION).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct OfficeNumber(String);

impl OfficeNumber {
    pub fn parse(text: &str) -> Option<OfficeNumber> {
        let t = text.trim();
        let valid = t.len() == 10
            && t.bytes().all(|b| b.is_ascii_digit())
            && (1..=47).contains(&t[..2].parse::<u8>().unwrap_or(0));
        valid.then(|| OfficeNumber(t.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The prefecture the number was issued in (its first two digits).
    pub fn prefecture(&self) -> u8 {
        self.0[..2].parse().unwrap_or(0)
    }
}

impl fmt::Display for OfficeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A ユーザID: `KJ` + 2-digit 請求先都道府県 + 10-digit 事業所番号, 14 characters
/// (ACC-2 and its ASSUMPTION).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct UserId(String);

impl UserId {
    pub fn new(prefecture: u8, office: &OfficeNumber) -> UserId {
        UserId(format!("KJ{prefecture:02}{office}"))
    }
    pub fn parse(text: &str) -> Option<UserId> {
        let t = text.trim();
        let valid = t.len() == 14
            && t.starts_with("KJ")
            && t[2..].bytes().all(|b| b.is_ascii_digit())
            && (1..=47).contains(&t[2..4].parse::<u8>().unwrap_or(0))
            && OfficeNumber::parse(&t[4..]).is_some();
        valid.then(|| UserId(t.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn prefecture(&self) -> u8 {
        self.0[2..4].parse().unwrap_or(0)
    }
    pub fn office(&self) -> OfficeNumber {
        OfficeNumber(self.0[4..].to_string())
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_numbers_and_user_ids() {
        let n = OfficeNumber::parse("1311111111").unwrap();
        assert_eq!(n.prefecture(), 13);
        let id = UserId::new(13, &n);
        assert_eq!(id.as_str(), "KJ131311111111");
        assert_eq!(UserId::parse("KJ131311111111"), Some(id.clone()));
        assert_eq!(id.office(), n);
        assert!(OfficeNumber::parse("4811111111").is_none());
        assert!(OfficeNumber::parse("131111111").is_none());
        assert!(UserId::parse("KJ1313111111").is_none());
    }
}
