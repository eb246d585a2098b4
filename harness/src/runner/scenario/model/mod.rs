//! The scenario format as written: YAML in the words of the screens, with source spans.
//! `parse` validates it into a runnable [`super::Scenario`]. The JSON Schema committed at
//! `harness/scenario.schema.json` is generated from these types.

mod args;

pub use args::*;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::fmt;

/// A scenario file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Unique id, by area: `login/new-office-first-login` (letters, digits, `.`, `_`, `-`,
    /// in parts separated by `/`).
    #[schemars(with = "String")]
    pub id: Spanned<Text>,
    /// What the scenario shows, in Japanese.
    #[schemars(with = "String")]
    pub title: Text,
    /// SPEC.md rule IDs the scenario proves.
    #[schemars(with = "Vec<String>")]
    pub covers: Vec<Spanned<String>>,
    /// Release profile: `r2025-12` (after the December 2025 release) or `pre-2025-12`.
    #[schemars(with = "String")]
    pub profile: Spanned<String>,
    /// Start instant, with offset: `2025-12-15T10:00:00+09:00`.
    #[schemars(with = "String")]
    pub at: Spanned<String>,
    /// Seed offset for this scenario's RNG (combined with the run's `--seed`).
    #[serde(default, deserialize_with = "given")]
    pub seed: Option<u64>,
    /// The world's own seed, as a served world has it (`eseikyu export` writes it): the
    /// run's `--seed`, `seed:` and the id then do not change it, so the run's codes and
    /// passwords are the served world's.
    #[serde(default, deserialize_with = "given")]
    pub world_seed: Option<u64>,
    /// Offices in the federation's ledger.
    #[serde(default)]
    #[schemars(with = "Vec<RawOffice>")]
    pub offices: Vec<Spanned<RawOffice>>,
    /// How many generated offices to add besides the named ones (at most 200,000).
    #[serde(default, deserialize_with = "given")]
    #[schemars(with = "Option<usize>")]
    pub generate: Option<Spanned<usize>>,
    /// A matrix: the scenario runs once per entry, with its values as `${name}` and its
    /// `at` (if given) as the start instant.
    #[serde(default)]
    #[schemars(with = "Vec<BTreeMap<String, String>>")]
    pub vary: Vec<Spanned<Pairs>>,
    /// Names of captures to show in transcripts and reports as they are; every other
    /// secret (codes, passwords) is replaced by its name.
    #[serde(default)]
    pub reveal: Vec<String>,
    #[schemars(with = "Vec<RawStep>")]
    pub steps: Vec<Spanned<RawStep>>,
}

/// An office of the ledger: the door's own office data (see [`eseikyu_door::OfficeSpec`]).
pub use eseikyu_door::{OfficeSpec as RawOffice, OfficeState};

/// One step. Each is a one-key mapping: `- press: ログイン`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RawStep {
    /// Opens an entry page: 総合窓口, トップメニュー or ログイン.
    Open(String),
    /// The browser's own buttons: `back` (the address shown before this one asked for
    /// again), `reload` (the current one asked for again), `repost` (the last form sent
    /// again exactly as it was: a double submit, or a form from a page the session left).
    Browser(BrowserMove),
    /// An address typed into the browser: a page of the site (`/KShinsei/notices`) or an
    /// entry page by its name.
    Go(String),
    /// Fills text fields: `{ ユーザID: KJ131311111111 }`.
    Fill(#[schemars(with = "BTreeMap<String, String>")] Pairs),
    /// Ticks a checkbox or lone radio button.
    Check(String),
    /// Clears a checkbox.
    Uncheck(String),
    /// Chooses options: `{ 対象: 全てのお知らせ }`.
    Choose(#[schemars(with = "BTreeMap<String, String>")] Pairs),
    /// Presses a button, link or menu item; in a table, `{ button: 変更, row: 2 }`.
    Press(PressArg),
    /// The current screen's title must be this.
    Screen(String),
    /// The screen shows these texts.
    See(OneOrMany),
    /// The screen does not show these texts.
    Absent(OneOrMany),
    /// The next unread mail to `to` (and with `subject`) has arrived.
    Mail(MailExpect),
    /// No unread mail (to `to`, if given) has arrived.
    NoMail(NoMailExpect),
    /// The next unread letter posted to office `to` has arrived.
    Letter(LetterExpect),
    /// No unread letter (to office `to`, if given) has been posted.
    NoLetter(NoMailExpect),
    /// Chooses a file for a file field (CPL-4): `{ name: plan.csv, content: "…" }`, written
    /// in `encoding` (`utf-8`, the default, `utf-8-bom` or `shift_jis`), `repeat` times.
    Attach(FileGiven),
    /// The next unread download is a data file with exactly these bytes (and this name).
    File(FileGiven),
    /// Keeps the current screen under a name, to compare a later one with it (`same_as`).
    Remember(String),
    /// The current screen is the one kept under `screen`, word for word, except for the
    /// texts listed in `except` (each replaced by «…» on both before comparing): two
    /// answers that must not tell a known account from an unknown one (RESET-3).
    SameAs(SameAsExpect),
    /// Moves the clock forward: `29m59s`, `30m`, `1h`, `2d`.
    Wait(String),
    /// The browser session (tab) the following steps act in: `as: 2` opens a second one
    /// at 総合窓口, `as: 1` goes back to the first. Any short name will do.
    As(String),
    /// Sets the clock to an instant.
    At(String),
    /// Records the current `screen` (or the last `mail` / `letter`) in the transcript.
    Snapshot(SnapshotKind),
    /// The federation decides: `{ approve: U202601000001 }` or `{ reject: …, reason: … }`.
    Federation(FederationStep),
    /// The federation records a payment of certificate fees: `{ office: …, amount: 13200 }`.
    Payment(PaymentStep),
    /// The next unread download is a PKCS#12 file that opens with `password`.
    Download(DownloadExpect),
    /// Which certificate the office needs (CERT-12): `expect` lists the advice texts.
    Advise(AdviseExpect),
    /// The next unread download is a ZIP that opens with `password` (CERT-13).
    Unzip(UnzipExpect),
    /// Connects to the stand-in 介護保険資格確認等WEBサービス (TLS client authentication)
    /// with the last downloaded certificate.
    Connect(ConnectExpect),
    /// Scripts a fault of the parts around the system: `{ smtp: temporary }` for the next
    /// mail, `{ federation: down, times: 2 }` for the next notices, `chance: 0.5` to let the
    /// run's seed decide for each.
    Fault(FaultStep),
    /// The system has noted a problem with the parts around it that contains this text
    /// (a mail not delivered, a federation that did not answer).
    Problem(String),
    /// Counts: the screen's table rows (`{ rows: 3 }`, or those with a cell holding a
    /// text: `{ rows: 1, with: 発行申請中 }`), the mails caught (`{ mails: 1, to: …,
    /// within: 1h }`: read or not, dated within the last hour of the clock) or the letters
    /// posted (`{ letters: 2, to: "1311111111" }`).
    Count(CountExpect),
}

/// An optional key that, when written, must have a value (`seed: null` is a mistake).
fn given<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A text written as text: a number, boolean or null where text is expected is a mistake
/// (`id: 123`), not silently turned into text.
#[derive(Clone, Debug, Default)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text (quote it if it looks like a number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// An ordered mapping of names to scalar values, with the position of each name.
#[derive(Debug, Default)]
pub struct Pairs(pub Vec<(Spanned<String>, String)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of names to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Spanned<String>>()? {
                    let v: Scalar = map.next_value()?;
                    out.push((k, v.0));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A scalar read as the text it was written as (so `0123` stays `0123`).
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_string(V)
    }
}
