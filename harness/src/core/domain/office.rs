//! Offices (事業所) as the federation's ledger knows them, and their accounts.

use super::ids::{OfficeNumber, UserId};
use super::password::PasswordHash;
use serde::{Deserialize, Serialize};

/// How an office sends its claims (SPEC §0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClaimMethod {
    /// Claims over the internet by itself.
    Internet,
    /// Claims delegated to a proxy (代理人).
    Proxy,
    /// Paper or media claims.
    Paper,
}

/// An office's entry in the 事業所台帳.
#[derive(Clone, Debug, Serialize)]
pub struct Office {
    pub number: OfficeNumber,
    pub name: String,
    pub postal_code: String,
    pub address: String,
    pub phone: String,
    pub fax: String,
    pub claim: ClaimMethod,
    /// A proxy (代理人) rather than a care office (ACC-5).
    pub agent: bool,
    /// Also claims 障害者総合支援 (ASSUMPTION: such offices get the 介護・障害共通証明書).
    pub disability: bool,
}

/// A login account: one per 事業所番号 and 請求先都道府県 (ACC-2).
#[derive(Clone, Debug)]
pub struct Account {
    pub user_id: UserId,
    pub password: PasswordHash,
    /// The password is the temporary one of a posted notice: the next login runs the
    /// first-login chain (LGN-3).
    pub temporary: bool,
    /// LGN-6: wrong passwords in a row, and whether that locked the account.
    pub failed_logins: u32,
    pub locked: bool,
    /// The ordinary notice address (【メールアドレス設定】).
    pub mail_address: Option<String>,
    pub security: SecurityAddresses,
    /// LGN-2: the セキュリティコード, when one is set.
    pub security_code: Option<PasswordHash>,
    /// The 証明書発行用パスワード of the registration notice (ACC-3).
    pub cert_password: PasswordHash,
    /// REISSUE-8: the reissued temporary password, waiting for its first login; until
    /// then the current password works too.
    pub reissued: Option<PasswordHash>,
}

impl Account {
    /// A new account holding only a temporary password (a posted notice's): its next
    /// login runs the first-login chain (LGN-3).
    pub fn temporary(
        user_id: UserId,
        password: PasswordHash,
        cert_password: PasswordHash,
    ) -> Account {
        Account {
            user_id,
            password,
            temporary: true,
            failed_logins: 0,
            locked: false,
            mail_address: None,
            security: SecurityAddresses::default(),
            security_code: None,
            cert_password,
            reissued: None,
        }
    }
}

/// The security e-mail addresses of an account (MAIL-5): at most five, one of them
/// selected as 通知先.
#[derive(Clone, Debug, Default)]
pub struct SecurityAddresses {
    list: Vec<String>,
    notify: usize,
}

impl SecurityAddresses {
    pub fn from_list(list: Vec<String>) -> SecurityAddresses {
        SecurityAddresses { list, notify: 0 }
    }
    pub fn list(&self) -> &[String] {
        &self.list
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub fn len(&self) -> usize {
        self.list.len()
    }
    pub fn contains(&self, address: &str) -> bool {
        self.list.iter().any(|a| same_address(a, address))
    }
    /// The address selected as 通知先 (where one-time passwords go).
    pub fn notify(&self) -> Option<&str> {
        self.list.get(self.notify).map(String::as_str)
    }
    pub fn notify_index(&self) -> usize {
        self.notify
    }
    pub fn push(&mut self, address: String) {
        self.list.push(address);
    }
    pub fn replace(&mut self, index: usize, address: String) {
        if let Some(slot) = self.list.get_mut(index) {
            *slot = address;
        }
    }
    /// Removes an address; the 通知先 moves to the first address when it was removed.
    pub fn remove(&mut self, index: usize) {
        if index < self.list.len() {
            self.list.remove(index);
            if self.notify == index {
                self.notify = 0;
            } else if self.notify > index {
                self.notify -= 1;
            }
        }
    }
    pub fn select(&mut self, index: usize) {
        if index < self.list.len() {
            self.notify = index;
        }
    }
}

/// Addresses compare with the domain part case-insensitive (RFC 5321 leaves the local part
/// to the receiving host; the simulator keeps it exact).
pub fn same_address(a: &str, b: &str) -> bool {
    match (a.rsplit_once('@'), b.rsplit_once('@')) {
        (Some((la, da)), Some((lb, db))) => la == lb && da.eq_ignore_ascii_case(db),
        _ => a == b,
    }
}

/// A plausible address check: one `@`, a local part and a dotted-or-not domain, no spaces.
/// The seeds' own example `mailforsecurity-001@jp` must pass.
pub fn plausible_address(a: &str) -> bool {
    let Some((local, domain)) = a.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && a.is_ascii()
        && !a
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}
