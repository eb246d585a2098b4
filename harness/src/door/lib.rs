//! The narrow door between a scenario runner and a system under test: four calls over
//! plain data. A visitor sees a [`Screen`] and acts on it; everything else is a
//! [`Command`] (visitors, clock, fixtures, the federation's back office, faults) or a
//! [`Query`] (mails, letters, downloads, clock, CA, secrets, problems, advice, the TLS
//! service), each a variant of a tagged enum. Every call can fail: a target that cannot be
//! reached or answers out of protocol fails the run with a [`DriverError`] that says so.
//!
//! The in-process `World` (crate `world`) and the HTTP driver (`remote`)
//! implement it; no domain type appears in it. A new back-office operation is a new
//! [`Command`] variant, answered in the two `match`es that implement the door.

mod data;
pub mod grammar;

pub use data::*;
pub use eseikyu_parts::federation::FederationFault;
pub use eseikyu_parts::mail::{CaughtMail, SmtpFault};
pub use eseikyu_parts::service::Outcome as ServiceAnswer;

use eseikyu_screens::{ActError, Action, Screen};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// The door between a scenario runner and a system under test.
pub trait Driver {
    /// The current visitor's screen, as plain data.
    fn screen(&self) -> Result<Screen, DriverError>;
    /// The current visitor's action on that screen.
    fn act(&mut self, action: &Action) -> Result<(), DriverError>;
    /// Something done to the world from outside its screens.
    fn command(&mut self, command: &Command) -> Result<Answer, DriverError>;
    /// Something read from the world; reading changes nothing the scenario can see
    /// (asking for the CA with `make` makes it, as a system that has one at once would).
    fn observe(&self, query: &Query) -> Result<Answer, DriverError>;
}

/// What is done to a world from outside its screens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Which visitor (browser session) `screen` and `act` are for from now on; a new name
    /// opens a new session. The first visitor is [`FIRST_VISITOR`].
    Visit { visitor: String },
    /// The clock is set to an instant.
    SetClock {
        #[serde(with = "grammar::instant_text")]
        at: Timestamp,
    },
    /// The clock moves on.
    Advance {
        #[serde(with = "grammar::duration_text")]
        by: SignedDuration,
    },
    /// Time passed: catch up with outside parts (an external federation's decisions).
    /// (Braces, so that its JSON, too, is refused with a field it does not have.)
    Sync {},
    /// Registers an office in the federation's ledger (the scenario's fixtures).
    Register { office: OfficeSpec },
    /// Registers `count` generated offices.
    Generate { count: usize },
    /// The federation decides an application (REISSUE-6, CERT): its 管理番号, the
    /// decision, and the reason of a rejection.
    Decide {
        number: String,
        decision: Verdict,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    /// The federation answers a paper 発行願 (ACC-4, ACC-7).
    PaperRequest { office: String, envelope: bool },
    /// The federation records a payment of certificate fees (CERT-7).
    Payment { office: String, amount: u32 },
    /// Scripts faults of the parts around the system: its mail server or the federation.
    Fault { fault: Fault },
}

/// A decision as a [`Command::Decide`] writes it, its reason beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Approved,
    Rejected,
}

impl Command {
    /// The decision of a [`Command::Decide`] as the federation makes it.
    pub fn decision(verdict: Verdict, reason: &str) -> Decision {
        match verdict {
            Verdict::Approved => Decision::Approved,
            Verdict::Rejected => Decision::Rejected {
                reason: reason.to_string(),
            },
        }
    }
}

/// What is read from a world.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "query", rename_all = "snake_case", deny_unknown_fields)]
pub enum Query {
    /// The world's clock.
    Now,
    /// The mails caught for this world from the `from`th on, oldest first.
    Mails { from: usize },
    /// Every letter posted, oldest first.
    Letters,
    /// The files downloaded from the `from`th on, oldest first.
    Downloads { from: usize },
    /// The CA certificate, once the CA exists; with `make`, made if it was not yet.
    Ca { make: bool },
    /// Every secret the system has made so far (codes, generated passwords), with the
    /// name a report shows in its place. A system whose secrets cannot be read fails the
    /// run (nothing it sent could be hidden).
    Secrets,
    /// What went wrong with the parts outside the system (an external federation that
    /// answered badly or not at all), oldest first.
    Problems,
    /// Which certificate an office needs (CERT-12), given what it uses.
    Advice {
        office: String,
        web_service: bool,
        care_plan: bool,
    },
    /// How the stand-in 介護保険資格確認等WEBサービス answers a connection with the
    /// `certificate` (PKCS#12) opened with `password`.
    Service {
        certificate: Vec<u8>,
        password: String,
    },
}

/// What a command or query answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// Done, nothing to tell.
    Done,
    Office(OfficeFacts),
    Now(Timestamp),
    Mails(Vec<CaughtMail>),
    Letters(Vec<Letter>),
    Downloads(Vec<Download>),
    Ca(Option<CaCert>),
    Secrets(Vec<(String, String)>),
    Problems(Vec<String>),
    Advice(Vec<Advice>),
    Service(ServiceAnswer),
}

/// The CA's certificate and its SHA-1 thumbprint (CERT-16).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaCert {
    pub pem: String,
    pub thumbprint: String,
}

/// The visitor a world starts with.
pub const FIRST_VISITOR: &str = "1";

/// The most offices one [`Command::Generate`] makes.
pub const GENERATE_MAX: usize = 200_000;

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

/// Which part a fault disturbs; each part's fault type lives with that part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    Smtp(SmtpFault),
    Federation(FederationFault),
}

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

/// The door's calls with their answers typed: what the runner writes. Each is one
/// [`Command`] or [`Query`]; an answer of the wrong kind is the target's error.
pub trait DriverExt: Driver {
    fn visit(&mut self, visitor: &str) -> Result<(), DriverError> {
        done(self.command(&Command::Visit {
            visitor: visitor.into(),
        }))
    }
    fn set_clock(&mut self, at: Timestamp) -> Result<(), DriverError> {
        done(self.command(&Command::SetClock { at }))
    }
    fn advance(&mut self, by: SignedDuration) -> Result<(), DriverError> {
        done(self.command(&Command::Advance { by }))
    }
    fn sync(&mut self) -> Result<(), DriverError> {
        done(self.command(&Command::Sync {}))
    }
    fn register(&mut self, office: &OfficeSpec) -> Result<OfficeFacts, DriverError> {
        let office = office.clone();
        match self.command(&Command::Register { office })? {
            Answer::Office(facts) => Ok(facts),
            other => Err(out_of_protocol("register", &other)),
        }
    }
    fn generate(&mut self, count: usize) -> Result<(), DriverError> {
        done(self.command(&Command::Generate { count }))
    }
    fn decide(&mut self, number: &str, decision: Decision) -> Result<(), DriverError> {
        let number = number.into();
        let (decision, reason) = match decision {
            Decision::Approved => (Verdict::Approved, String::new()),
            Decision::Rejected { reason } => (Verdict::Rejected, reason),
        };
        done(self.command(&Command::Decide {
            number,
            decision,
            reason,
        }))
    }
    fn paper_request(&mut self, office: &str, envelope: bool) -> Result<(), DriverError> {
        let office = office.into();
        done(self.command(&Command::PaperRequest { office, envelope }))
    }
    fn payment(&mut self, office: &str, amount: u32) -> Result<(), DriverError> {
        let office = office.into();
        done(self.command(&Command::Payment { office, amount }))
    }
    fn fault(&mut self, fault: &Fault) -> Result<(), DriverError> {
        let fault = fault.clone();
        done(self.command(&Command::Fault { fault }))
    }
    fn now(&self) -> Result<Timestamp, DriverError> {
        match self.observe(&Query::Now)? {
            Answer::Now(t) => Ok(t),
            other => Err(out_of_protocol("now", &other)),
        }
    }
    fn mails_from(&self, from: usize) -> Result<Vec<CaughtMail>, DriverError> {
        match self.observe(&Query::Mails { from })? {
            Answer::Mails(m) => Ok(m),
            other => Err(out_of_protocol("mails", &other)),
        }
    }
    fn letters(&self) -> Result<Vec<Letter>, DriverError> {
        match self.observe(&Query::Letters)? {
            Answer::Letters(l) => Ok(l),
            other => Err(out_of_protocol("letters", &other)),
        }
    }
    fn downloads_from(&self, from: usize) -> Result<Vec<Download>, DriverError> {
        match self.observe(&Query::Downloads { from })? {
            Answer::Downloads(d) => Ok(d),
            other => Err(out_of_protocol("downloads", &other)),
        }
    }
    fn ca(&self, make: bool) -> Result<Option<CaCert>, DriverError> {
        match self.observe(&Query::Ca { make })? {
            Answer::Ca(ca) => Ok(ca),
            other => Err(out_of_protocol("ca", &other)),
        }
    }
    fn secrets(&self) -> Result<Vec<(String, String)>, DriverError> {
        match self.observe(&Query::Secrets)? {
            Answer::Secrets(s) => Ok(s),
            other => Err(out_of_protocol("secrets", &other)),
        }
    }
    fn problems(&self) -> Result<Vec<String>, DriverError> {
        match self.observe(&Query::Problems)? {
            Answer::Problems(p) => Ok(p),
            other => Err(out_of_protocol("problems", &other)),
        }
    }
    fn advise(
        &self,
        office: &str,
        web_service: bool,
        care_plan: bool,
    ) -> Result<Vec<Advice>, DriverError> {
        let office = office.into();
        let query = Query::Advice {
            office,
            web_service,
            care_plan,
        };
        match self.observe(&query)? {
            Answer::Advice(a) => Ok(a),
            other => Err(out_of_protocol("advice", &other)),
        }
    }
    fn connect_service(
        &self,
        certificate: &[u8],
        password: &str,
    ) -> Result<ServiceAnswer, DriverError> {
        let query = Query::Service {
            certificate: certificate.to_vec(),
            password: password.into(),
        };
        match self.observe(&query)? {
            Answer::Service(a) => Ok(a),
            other => Err(out_of_protocol("service", &other)),
        }
    }
}

impl<D: Driver + ?Sized> DriverExt for D {}

fn done(answer: Result<Answer, DriverError>) -> Result<(), DriverError> {
    match answer? {
        Answer::Done => Ok(()),
        other => Err(out_of_protocol("a command", &other)),
    }
}

/// An answer of the wrong kind: named, never shown (it may hold secrets).
fn out_of_protocol(asked: &str, answer: &Answer) -> DriverError {
    DriverError::Target(format!("{asked} was answered with {}", answer.kind()))
}

impl Answer {
    /// The answer's kind, as the protocol names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Answer::Done => "done",
            Answer::Office(_) => "office",
            Answer::Now(_) => "now",
            Answer::Mails(_) => "mails",
            Answer::Letters(_) => "letters",
            Answer::Downloads(_) => "downloads",
            Answer::Ca(_) => "ca",
            Answer::Secrets(_) => "secrets",
            Answer::Problems(_) => "problems",
            Answer::Advice(_) => "advice",
            Answer::Service(_) => "service",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A target that answers every call with the wrong kind.
    struct Wrong;

    impl Driver for Wrong {
        fn screen(&self) -> Result<Screen, DriverError> {
            Ok(Screen::new(""))
        }
        fn act(&mut self, _: &Action) -> Result<(), DriverError> {
            Ok(())
        }
        fn command(&mut self, _: &Command) -> Result<Answer, DriverError> {
            Ok(Answer::Now(Timestamp::UNIX_EPOCH))
        }
        fn observe(&self, _: &Query) -> Result<Answer, DriverError> {
            Ok(Answer::Done)
        }
    }

    #[test]
    fn an_answer_of_the_wrong_kind_is_the_targets_error() {
        let said = |e: DriverError| match e {
            DriverError::Target(m) => m,
            other => panic!("not the target's error: {other}"),
        };
        let mut wrong = Wrong;
        assert_eq!(said(wrong.now().unwrap_err()), "now was answered with done");
        assert_eq!(
            said(wrong.visit("2").unwrap_err()),
            "a command was answered with now"
        );
        let office = OfficeSpec::registered("1311111111");
        assert_eq!(
            said(wrong.register(&office).unwrap_err()),
            "register was answered with now"
        );
    }

    #[test]
    fn an_installed_certificate_is_a_kind_or_a_kind_with_dates() {
        let read = |j: &str| serde_json::from_str::<Installed>(j);
        assert_eq!(
            read(r#""dx""#).ok(),
            Some(Installed::Kind(InstalledCert::Dx))
        );
        let dated = read(r#"{"kind":"insurance","to":"2026-06-30T14:59:59Z"}"#).expect("dated");
        assert_eq!(dated.kind(), InstalledCert::Insurance);
        assert_eq!(dated.to(), "2026-06-30T14:59:59Z".parse().ok());
        assert_eq!(dated.from(), None);
        for wrong in [
            r#"{"kind":"dx","to":null}"#,
            r#"{"kind":"dx","x":1}"#,
            r#"{"to":"2026-06-30T14:59:59Z"}"#,
            r#""dxx""#,
        ] {
            assert!(read(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn commands_and_queries_are_tagged_json() {
        let c = Command::Payment {
            office: "1311111111".into(),
            amount: 1100,
        };
        let json = serde_json::to_value(&c).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({ "command": "payment", "office": "1311111111", "amount": 1100 })
        );
        assert_eq!(serde_json::from_value::<Command>(json).expect("reads"), c);
        let q: Query = serde_json::from_str(r#"{"query":"mails","from":3}"#).expect("reads");
        assert_eq!(q, Query::Mails { from: 3 });
        let unknown = serde_json::from_str::<Command>(
            r#"{"command":"payment","office":"1","amount":1,"extra":1}"#,
        );
        assert!(unknown.is_err(), "unknown fields are refused");
        let sync: Command = serde_json::from_str(r#"{"command":"sync"}"#).expect("reads");
        assert_eq!(sync, Command::Sync {});
        let extra = serde_json::from_str::<Command>(r#"{"command":"sync","x":42}"#);
        assert!(extra.is_err(), "a command without fields takes none either");
    }
}
