//! The narrow door between a scenario runner and a system under test: the [`Driver`]
//! trait and the plain protocol data that crosses it. The in-process
//! [`World`](crate::world::World) and the HTTP driver ([`crate::remote`]) both implement
//! it; no domain type appears in it. Screens and actions are the `screens` model, which is
//! plain data too; everything else is defined here, with the JSON shape the control API
//! and the Mailpit API use.

use crate::screens::{ActError, Action, Screen};
use jiff::{SignedDuration, Timestamp};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The door between a scenario runner and a system under test.
pub trait Driver {
    /// The current screen, as plain data.
    fn screen(&self) -> Screen;
    /// A visitor's action on the current screen.
    fn act(&mut self, action: &Action) -> Result<(), DriverError>;
    /// Which visitor (browser session) `screen` and `act` are for from now on; a new name
    /// opens a new session. The first visitor is [`FIRST_VISITOR`].
    fn visit(&mut self, visitor: &str) -> Result<(), DriverError>;
    /// Every mail caught for this world, oldest first.
    fn mails(&self) -> &[CaughtMail];
    /// Every letter posted, oldest first.
    fn letters(&self) -> Vec<Letter>;
    fn now(&self) -> Timestamp;
    fn set_clock(&mut self, at: Timestamp) -> Result<(), DriverError>;
    fn advance(&mut self, by: SignedDuration) -> Result<(), DriverError>;
    /// Registers an office in the federation's ledger (the scenario's fixtures).
    fn register(&mut self, office: &OfficeSpec) -> Result<OfficeFacts, DriverError>;
    /// Registers `count` generated offices.
    fn generate(&mut self, count: usize) -> Result<(), DriverError>;
    /// The federation decides an application (REISSUE-6, CERT).
    fn decide(&mut self, number: &str, decision: Decision) -> Result<(), DriverError>;
    /// Time passed: catch up with outside parts (an external federation's decisions).
    fn sync(&mut self) -> Result<(), DriverError>;
    /// The federation answers a paper 発行願 (ACC-4, ACC-7).
    fn paper_request(&mut self, office: &str, envelope: bool) -> Result<(), DriverError>;
    /// The federation records a payment of certificate fees (CERT-7).
    fn payment(&mut self, office: &str, amount: u32) -> Result<(), DriverError>;
    /// Every file downloaded so far, oldest first.
    fn downloads(&self) -> &[Download];
    /// The CA certificate (PEM), once the CA exists.
    fn ca_pem(&self) -> Option<String>;
    /// The CA's SHA-1 thumbprint (CERT-16); asking makes the CA if it was not yet.
    fn ca_thumbprint(&self) -> Option<String>;
    /// Whether the world has made its CA yet (a system that makes it at once: always).
    fn ca_made(&self) -> bool {
        true
    }
    /// Every secret the system has made so far (codes, generated passwords), with the
    /// name a report shows in its place: reports never show them. A system whose
    /// secrets cannot be read fails the run (nothing it sent could be hidden).
    fn secrets(&self) -> Result<Vec<(String, String)>, DriverError>;
    /// What went wrong with the parts outside the system (an external federation that
    /// answered badly or not at all), oldest first.
    fn problems(&self) -> Vec<String>;
    /// Connects to the stand-in 介護保険資格確認等WEBサービス with the last downloaded
    /// certificate, opened with `password`.
    fn connect_service(&self, password: &str) -> Result<ServiceAnswer, DriverError>;
    /// Which certificate an office needs (CERT-12), given what it uses.
    fn advise(
        &self,
        office: &str,
        web_service: bool,
        care_plan: bool,
    ) -> Result<Vec<Advice>, DriverError>;
    /// Scripts faults of the parts around the system: its mail server or the federation.
    fn fault(&mut self, fault: &Fault) -> Result<(), DriverError>;
}

/// A scripted fault: what goes wrong, for how many of the next mails or notices, and how
/// likely each time (drawn from the world's seed: the same seed, the same faults).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    pub kind: FaultKind,
    /// How many of the next mails (or notices to the federation) it may hit.
    pub times: u32,
    /// The chance it hits each of them (1.0: every one).
    pub chance: f64,
}

impl Fault {
    /// The most `times` a fault may have.
    pub const MAX_TIMES: u32 = 1000;

    /// Checks the range of `times` (1–1000) and `chance` (more than 0, at most 1).
    pub fn check(times: u32, chance: f64) -> Result<(), &'static str> {
        let times_ok = (1..=Fault::MAX_TIMES).contains(&times);
        let chance_ok = chance > 0.0 && chance <= 1.0;
        if times_ok && chance_ok {
            Ok(())
        } else {
            Err("`times` is 1–1000 and `chance` more than 0 and at most 1")
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    Smtp(SmtpFault),
    Federation(FederationFault),
}

/// What the mail server does with the next message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SmtpFault {
    /// Answers `451` (try again later): the system keeps the mail and sends it again.
    Temporary,
    /// Answers `554`: the mail is lost.
    Permanent,
    /// Closes the connection before answering: the mail is not taken; sent again.
    Drop,
    /// Takes the mail but answers too late: the system sends it again, so it arrives twice.
    Slow,
}

/// How the federation fails to take a notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FederationFault {
    /// No answer in time.
    Slow,
    /// Answers 503.
    Error,
    /// Answers something that is not JSON.
    Garbage,
    /// Cannot be reached.
    Down,
}

impl FederationFault {
    /// What the reception system notes, as its federation link words it.
    pub fn said(self) -> &'static str {
        match self {
            FederationFault::Slow => "no answer in time",
            FederationFault::Error => "answered 503 Service Unavailable",
            FederationFault::Garbage => "the answer is not JSON: \"<html>Service Unavailable\"",
            FederationFault::Down => "no answer: connection refused",
        }
    }
}

/// The visitor a world starts with.
pub const FIRST_VISITOR: &str = "1";

/// Why the door refused or failed an operation.
#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    #[error(transparent)]
    Act(#[from] ActError),
    #[error("mail: {0}")]
    Mail(String),
    #[error("office {0} is registered twice")]
    Duplicate(String),
    #[error("office: {0}")]
    Office(String),
    #[error("federation: {0}")]
    Federation(String),
    /// What was named does not exist (an application's 管理番号 nobody applied under).
    #[error("{0}")]
    Unknown(String),
    #[error("certificate: {0}")]
    Pki(String),
    #[error("clock: {0}")]
    Clock(String),
    /// A scripted fault that cannot be made.
    #[error("fault: {0}")]
    Fault(String),
    /// The target answered something the protocol does not allow, or did not answer.
    #[error("target: {0}")]
    Target(String),
}

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
    /// For `active`: certificates issued before and installed on its PC, valid from the
    /// start (CPL-2): `insurance`, `common`, `dx`, `care_plan`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installed: Vec<InstalledCert>,
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
pub(crate) fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
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
            installed: vec![],
        }
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
#[derive(Clone, Debug)]
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

/// The certificate downloaded last: what `connect:` presents to the service.
pub fn last_certificate(downloads: &[Download]) -> Result<&Download, DriverError> {
    downloads
        .iter()
        .rev()
        .find(|d| d.kind == DownloadKind::Certificate)
        .ok_or_else(|| DriverError::Pki("no certificate has been downloaded".into()))
}

/// What the stand-in 介護保険資格確認等WEBサービス answered a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceAnswer {
    /// The handshake succeeded and the certificate is a KaigoJigyousho one.
    Accepted,
    /// Refused, with the reason (handshake failure or the wrong 発行先).
    Refused(String),
}

/// A caught message, decoded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaughtMail {
    /// The envelope: what the SMTP client said in MAIL FROM and RCPT TO.
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    /// The `charset` the text part declared.
    pub charset: String,
    pub body: String,
    pub date: String,
    pub message_id: String,
    /// The message exactly as it arrived.
    #[serde(skip)]
    pub raw: Vec<u8>,
}
