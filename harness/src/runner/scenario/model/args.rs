//! What each step takes: the checks and the values it expects or gives, as written.

use super::*;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountExpect {
    /// How many rows the screen's table has (its first, if it shows several).
    #[serde(default)]
    pub rows: Option<u32>,
    /// How many mails were caught.
    #[serde(default)]
    pub mails: Option<u32>,
    /// How many letters were posted.
    #[serde(default)]
    pub letters: Option<u32>,
    /// Rows only: count the rows with a cell that holds this text.
    #[serde(default)]
    pub with: Option<String>,
    /// Mails: to this address; letters: to this 事業所番号.
    #[serde(default)]
    pub to: Option<String>,
    /// Mails and letters: only those of the last span of the clock (`1h`, `30m`, `P1D`).
    #[serde(default)]
    pub within: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FaultStep {
    /// The mail server's answer to the next mail: `temporary` (451: kept, sent again when
    /// the clock moves), `permanent` (554: lost), `drop` (the connection closes before the
    /// answer: sent again), `slow` (taken, but answered too late: sent again, so it
    /// arrives twice).
    #[serde(default)]
    pub smtp: Option<eseikyu_door::SmtpFault>,
    /// How the federation fails to take the next notice: `slow`, `error` (503), `garbage`
    /// (not JSON) or `down`; the application is kept and the notice sent again when the
    /// clock moves.
    #[serde(default)]
    pub federation: Option<eseikyu_door::FederationFault>,
    /// How many of the next mails or notices it may hit (default 1).
    #[serde(default)]
    pub times: Option<u32>,
    /// The chance it hits each (default 1), drawn from the run's seed.
    #[serde(default)]
    pub chance: Option<f64>,
}

/// A file's name and content, as a scenario gives or expects it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileGiven {
    /// The file field (`attach:` only; default: the screen's file field).
    #[serde(default)]
    pub field: Option<String>,
    /// The file's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its text (its bytes are this text in `encoding`).
    pub content: String,
    #[serde(default)]
    pub encoding: Option<crate::scenario::plan::FileEncoding>,
    /// The content repeated this many times (default 1), for large files.
    #[serde(default)]
    pub repeat: Option<u32>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SameAsExpect {
    /// The name a `remember:` step kept a screen under.
    pub screen: String,
    /// Texts that may differ (an office number, a time): each is replaced by «…» on both
    /// screens before comparing.
    #[serde(default)]
    pub except: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdviseExpect {
    pub office: String,
    #[serde(default)]
    pub web_service: bool,
    #[serde(default)]
    pub care_plan: bool,
    pub expect: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentStep {
    pub office: String,
    pub amount: u32,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DownloadExpect {
    /// The 証明書発行用パスワード it must open with.
    pub password: String,
    /// The file's name as the browser saves it.
    #[serde(default)]
    pub name: Option<String>,
    /// The certificate's 発行先 (KaigoJigyousho or CarePlanJigyousho).
    #[serde(default)]
    pub subject: Option<String>,
    /// The certificate's 発行者: its issuer's common name.
    #[serde(default)]
    pub issuer: Option<String>,
    /// The extended key usages it must have, by name: `clientAuth`, `serverAuth`, …
    #[serde(default)]
    pub eku: Vec<String>,
    /// The first day it is valid: a date (`2026-02-10`, read in JST) or an instant.
    #[serde(default)]
    pub not_before: Option<String>,
    /// The last day it is valid: a date (`2029-02-09`, read in JST) or an instant.
    #[serde(default)]
    pub not_after: Option<String>,
    /// The file must NOT open with `password` (CERT-13: an old certificate after a
    /// password reissue).
    #[serde(default)]
    pub refused: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConnectExpect {
    /// The 証明書発行用パスワード that opens the certificate.
    pub password: String,
    /// `accepted` or `refused`.
    pub expect: ConnectResult,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ConnectResult {
    Accepted,
    Refused,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnzipExpect {
    /// The password the ZIP opens with.
    pub password: String,
    /// The file's name as the browser saves it.
    #[serde(default)]
    pub name: Option<String>,
    /// The ZIP must NOT open with `password`.
    #[serde(default)]
    pub refused: bool,
    #[serde(default)]
    pub contains: Vec<String>,
    /// Texts it must not contain (a 平成 date, a wrong amount).
    #[serde(default)]
    pub absent: Vec<String>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub capture: Pairs,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FederationStep {
    /// 管理番号 to approve.
    #[serde(default)]
    pub approve: Option<String>,
    /// 管理番号 to reject.
    #[serde(default)]
    pub reject: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// 事業所番号 of a paper 発行願 the federation answers (ACC-7).
    #[serde(default)]
    pub paper_request: Option<String>,
    /// Whether a return envelope came with the 発行願 (default: yes).
    #[serde(default)]
    pub envelope: Option<bool>,
}

#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum PressArg {
    Name(String),
    InRow {
        button: String,
        /// A row number (1-based, `row: 2` or `row: "2"`) or the text of one of its cells.
        #[schemars(with = "NumberOrText")]
        row: String,
    },
}

/// A number or a text, as the schema offers it.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum NumberOrText {
    Number(u64),
    Text(String),
}

impl<'de> Deserialize<'de> for PressArg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PressArg;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a button name, or { button: …, row: … } for a button in a table row")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PressArg, E> {
                Ok(PressArg::Name(v.to_string()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<PressArg, A::Error> {
                let (mut button, mut row) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "button" => button = Some(map.next_value::<String>()?),
                        // A number or a text, read as written (`row: 2` is `"2"`).
                        "row" => row = Some(map.next_value::<Scalar>()?.0),
                        other => return Err(de::Error::unknown_field(other, &["button", "row"])),
                    }
                }
                match (button, row) {
                    (Some(button), Some(row)) => Ok(PressArg::InRow { button, row }),
                    (None, _) => Err(de::Error::missing_field("button")),
                    (_, None) => Err(de::Error::missing_field("row")),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// One text or a list of texts; numbers and booleans are read as written.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(Scalar(s)) = seq.next_element()? {
                    out.push(s);
                }
                Ok(OneOrMany::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MailExpect {
    pub to: String,
    #[serde(default)]
    pub subject: Option<String>,
    /// Headers as sent: each named header must contain the text, as it is in the
    /// message or as decoded (`Date: "+0900"`, `From: eseikyu`).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub headers: Pairs,
    /// Texts the body must contain.
    #[serde(default)]
    pub contains: Vec<String>,
    /// Texts it must not contain (a 平成 date, a wrong amount).
    #[serde(default)]
    pub absent: Vec<String>,
    /// Regular expressions whose first group becomes `${name}`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub capture: Pairs,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoMailExpect {
    #[serde(default)]
    pub to: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterExpect {
    /// 事業所番号 of the office it is posted to.
    pub to: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub contains: Vec<String>,
    /// Texts it must not contain (a 平成 date, a wrong amount).
    #[serde(default)]
    pub absent: Vec<String>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub capture: Pairs,
}

/// A press of one of the browser's own buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BrowserMove {
    Back,
    Reload,
    Repost,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SnapshotKind {
    Screen,
    Mail,
    Letter,
}
