//! The plain data that crosses the door: offices as scenarios write them, what registering
//! one made known, letters, decisions, advice and downloads.

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How an office sends its claims (SPEC §0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Claim {
    /// Claims over the internet by itself.
    Internet,
    /// Claims delegated to a proxy (代理人).
    Proxy,
    /// Paper or media claims.
    Paper,
}

/// Where an office stands when it is registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OfficeState {
    Registered,
    Active,
    Ledger,
}

/// An office of the ledger, as a scenario, `eseikyu serve --offices` and the control API
/// write it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeSpec {
    /// 事業所番号: 10 digits.
    pub number: String,
    /// 事業所名.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "String")]
    pub name: Option<String>,
    /// 請求先都道府県 codes; one user ID each (default: the number's own prefecture).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefectures: Vec<u8>,
    /// `internet`, `proxy` or `paper`.
    #[serde(default = "default_claim")]
    pub claim: Claim,
    /// `registered`: only the temporary password of the posted notice; `active`: in use;
    /// `ledger`: in the federation's ledger without a user ID (ACC-4).
    pub state: OfficeState,
    /// A proxy (代理人) rather than a care office (ACC-5).
    #[serde(default)]
    pub agent: bool,
    /// Also claims 障害者総合支援: its certificate is the 介護・障害共通証明書.
    #[serde(default)]
    pub disability: bool,
    /// For `active`: the current password.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "String")]
    pub password: Option<String>,
    /// For `active`: registered security addresses (the first is the 通知先).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_addresses: Vec<String>,
    /// For `active`: the ordinary notice address.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "String")]
    pub mail_address: Option<String>,
    /// For `active`: a セキュリティコード (LGN-2).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "String")]
    pub security_code: Option<String>,
    /// For `active`: locked by wrong passwords in a row (LGN-6), as if the limit had just
    /// been reached; a reset or the federation unlocks it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// For `active`: certificates issued before and installed on its PC (CPL-2):
    /// `insurance`, `common`, `dx`, `care_plan`, valid from the start for the profile's
    /// years; or `{ kind, from, to }` with the instant it was issued and the instant it
    /// ends (有効終了年月日), to probe a date's edge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installed: Vec<Installed>,
}

/// A certificate an office has installed: its kind, or its kind and dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub enum Installed {
    /// Valid from the world's start for the profile's years.
    Kind(InstalledCert),
    /// Issued at `from` (default: the world's start), valid until `to` (default: the
    /// profile's years after `from`).
    Dated {
        kind: InstalledCert,
        #[serde(
            default,
            deserialize_with = "present",
            skip_serializing_if = "Option::is_none"
        )]
        #[schemars(with = "String")]
        from: Option<Timestamp>,
        #[serde(
            default,
            deserialize_with = "present",
            skip_serializing_if = "Option::is_none"
        )]
        #[schemars(with = "String")]
        to: Option<Timestamp>,
    },
}

impl Installed {
    pub fn kind(self) -> InstalledCert {
        match self {
            Installed::Kind(k) | Installed::Dated { kind: k, .. } => k,
        }
    }
    /// When it was issued, if not at the world's start.
    pub fn from(self) -> Option<Timestamp> {
        match self {
            Installed::Kind(_) => None,
            Installed::Dated { from, .. } => from,
        }
    }
    /// When it ends, if not the profile's years after it was issued.
    pub fn to(self) -> Option<Timestamp> {
        match self {
            Installed::Kind(_) => None,
            Installed::Dated { to, .. } => to,
        }
    }
}

/// A certificate kind an office has installed (see [`OfficeSpec::installed`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstalledCert {
    Insurance,
    Common,
    Dx,
    CarePlan,
}

/// An optional value that, when written, is a value: `null` is refused, not taken as
/// absent (what a JSON Schema without `nullable` says).
pub fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

fn default_claim() -> Claim {
    Claim::Internet
}

impl OfficeSpec {
    /// A registered office claiming over the internet: only its notice's temporary
    /// password so far.
    pub fn registered(number: &str) -> OfficeSpec {
        OfficeSpec {
            number: number.into(),
            name: None,
            prefectures: vec![],
            claim: Claim::Internet,
            state: OfficeState::Registered,
            agent: false,
            disability: false,
            password: None,
            security_addresses: vec![],
            mail_address: None,
            security_code: None,
            locked: false,
            installed: vec![],
        }
    }

    /// The office as the door takes it: its number a 事業所番号 (written as 10 digits),
    /// its prefecture codes 01–47, a password if `active`, certificates only if `active`.
    pub fn checked(&self) -> Result<OfficeSpec, String> {
        let Some(number) = eseikyu_core::domain::OfficeNumber::parse(&self.number) else {
            return Err(format!(
                "`{}` is not a 事業所番号: expected 10 digits starting with a prefecture code 01–47",
                self.number
            ));
        };
        if let Some(p) = self.prefectures.iter().find(|p| !(1..=47).contains(*p)) {
            return Err(format!("`{p}` is not a prefecture code (01–47)"));
        }
        if self.state == OfficeState::Active && self.password.is_none() {
            return Err("an `active` office needs its `password`".into());
        }
        if self.state != OfficeState::Active && !self.installed.is_empty() {
            return Err("only an `active` office has `installed` certificates".into());
        }
        if self.state != OfficeState::Active && self.locked {
            return Err("only an `active` office can be `locked`".into());
        }
        Ok(OfficeSpec {
            number: number.to_string(),
            ..self.clone()
        })
    }

    /// An office in use, with its password and security addresses.
    pub fn active(number: &str, password: &str, security: &[&str]) -> OfficeSpec {
        OfficeSpec {
            state: OfficeState::Active,
            password: Some(password.into()),
            security_addresses: security.iter().map(|s| s.to_string()).collect(),
            ..OfficeSpec::registered(number)
        }
    }
}

/// What registering an office made known: its IDs and the secrets of its notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeFacts {
    pub user_ids: Vec<String>,
    pub temp_password: String,
    pub cert_password: String,
}

/// A posted letter (ACC-3, REISSUE-7, CERT).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    /// The 事業所番号 it was posted to.
    pub to: String,
    pub title: String,
    pub posted: Timestamp,
    /// The letter as text, one line a row; password cells are laid out one a column.
    pub text: String,
}

/// The federation's decision on an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "lowercase")]
pub enum Decision {
    Approved,
    Rejected {
        #[serde(default)]
        reason: String,
    },
}

/// One piece of advice on certificates (CERT-12), in the manuals' words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Advice(pub String);

impl Advice {
    pub fn text(&self) -> &str {
        &self.0
    }
}

/// A downloaded file (CERT-1: a certificate's name differs at every download).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub name: String,
    pub bytes: Vec<u8>,
    pub kind: DownloadKind,
    /// What opens it (the 証明書発行用パスワード; the login password for the ZIP): written
    /// beside it under `--artifacts`, never into a report.
    pub password: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DownloadKind {
    /// A certificate as a PKCS#12 file.
    Certificate,
    /// The attachment of an お知らせ (NOTICE-4).
    Attachment,
    /// A data file received through the care plan data linkage (CPL-4).
    Data,
}
