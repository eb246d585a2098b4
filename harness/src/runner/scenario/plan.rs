//! A validated scenario, ready to run: names checked, instants and durations parsed,
//! regular expressions compiled. Strings may still hold `${…}` placeholders.

use super::model::SnapshotKind;
use eseikyu_core::profile::Profile;
use eseikyu_door::OfficeSpec;
use jiff::{SignedDuration, Timestamp};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::Arc;

mod describe;

#[derive(Clone, Debug)]
pub struct Scenario {
    pub file: String,
    pub id: String,
    pub title: String,
    pub covers: Vec<String>,
    /// Shared: scenarios naming the same profile hold one value ([`Profile::shared`]).
    pub profile: Arc<Profile>,
    pub at: Timestamp,
    pub seed: u64,
    /// The world's own seed, when the scenario gives it (`world_seed:`).
    pub world_seed: Option<u64>,
    pub offices: Vec<PlannedOffice>,
    pub generate: usize,
    /// Captures shown in reports as they are (every other secret is hidden).
    pub reveal: Vec<String>,
    /// One entry per run; a scenario without `vary:` has one unnamed variant.
    pub variants: Vec<Variant>,
    pub steps: Vec<Step>,
    /// The file's text, for showing a failing step's line.
    pub source: Arc<str>,
    /// Whether a step names `${ca.thumbprint}` (the CA is then made at the start).
    pub uses_ca: bool,
    /// What runs but is probably not what was meant (see [`super::Diagnostic::warning`]).
    pub warnings: Vec<super::Diagnostic>,
}

impl Scenario {
    /// A rough measure of a run's work, known before it runs, so the heaviest start first:
    /// one a step, one an office generated (each has its passwords hashed), one for every
    /// 64 KiB of the files it attaches (each is checked line by line).
    pub fn weight(&self) -> u64 {
        let steps: u64 = (self.steps.iter())
            .map(|s| match &s.kind {
                StepKind::Attach { file, .. } => {
                    let bytes = file.content.len() as u64 * u64::from(file.repeat.max(1));
                    1 + bytes / (64 * 1024)
                }
                _ => 1,
            })
            .sum();
        steps + self.generate as u64
    }

    /// The profile variant `variant` runs under: its own `profile:` in `vary:`, or the
    /// scenario's.
    /// The offices of variant `variant`: its own, when `offices:` uses its values.
    pub fn offices_of(&self, variant: usize) -> &[PlannedOffice] {
        self.variants
            .get(variant)
            .and_then(|v| v.offices.as_deref())
            .unwrap_or(&self.offices)
    }

    pub fn profile_of(&self, variant: usize) -> &Profile {
        self.variants
            .get(variant)
            .and_then(|v| v.profile.as_ref())
            .unwrap_or(&self.profile)
    }
}

#[derive(Clone, Debug)]
pub struct PlannedOffice {
    pub spec: OfficeSpec,
    /// The password of an `active` office, for `${offices.N.password}`.
    pub password: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Variant {
    pub label: String,
    pub at: Option<Timestamp>,
    /// A `profile:` of its own, to compare releases in one file.
    pub profile: Option<Arc<Profile>>,
    pub vars: BTreeMap<String, String>,
    /// Its own offices, when `offices:` uses its values (`claim: ${claim}`).
    pub offices: Option<Vec<PlannedOffice>>,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub line: u64,
    pub column: u64,
    pub kind: StepKind,
}

/// A step. The variants with many parts are boxed: a corpus kept whole holds every step of
/// every file (a step is 80 bytes, not 192).
#[derive(Clone, Debug)]
pub enum StepKind {
    Open(String),
    Back,
    Reload,
    Go(String),
    Repost,
    Fill(Vec<(String, String)>),
    Check(String, bool),
    Choose(Vec<(String, String)>),
    Press {
        name: String,
        row: Option<String>,
    },
    Screen(String),
    See(Vec<String>),
    Absent(Vec<String>),
    Mail(Box<MailCheck>),
    NoMail {
        to: Option<String>,
    },
    Letter(Box<LetterCheck>),
    NoLetter {
        to: Option<String>,
    },
    Wait(SignedDuration),
    /// `count:` — how many rows, mails or letters there are.
    Count(Box<CountCheck>),
    /// The visitor (browser session) the following steps act as.
    As(String),
    At(Timestamp),
    Snapshot(SnapshotKind),
    /// The federation's decision on an application (REISSUE-6).
    Decide {
        number: String,
        approve: bool,
        reason: String,
    },
    /// CERT-12: the advice for an office.
    Advise {
        office: String,
        web_service: bool,
        care_plan: bool,
        expect: Vec<String>,
    },
    /// A scripted fault of the mail server or the federation.
    Fault(eseikyu_door::Fault),
    /// A problem with the parts around the system has been noted, containing this text.
    Problem(String),
    /// CERT-7: a payment of certificate fees.
    Payment {
        office: String,
        amount: u32,
    },
    /// The next download opens with the password (CERT-1).
    Download(Box<DownloadCheck>),
    /// TLS client authentication against the stand-in service.
    Connect {
        password: String,
        accepted: bool,
    },
    /// The next download is a ZIP opening with the password (CERT-13).
    Unzip(Box<UnzipCheck>),
    /// Chooses a file for a file field (CPL-4).
    Attach {
        field: Option<String>,
        file: Box<FileContent>,
    },
    /// The next download is a data file with exactly these bytes.
    File(Box<FileContent>),
    /// Keeps the current screen under a name.
    Remember(String),
    /// The current screen is the one kept under `screen`, but for the texts in `except`.
    SameAs {
        screen: String,
        except: Vec<String>,
    },
    /// The federation answers a paper 発行願 (ACC-7).
    PaperRequest {
        office: String,
        envelope: bool,
    },
}

/// How a scenario's file text becomes bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileEncoding {
    #[default]
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    ShiftJis,
    /// `content` is the bytes in hexadecimal (`efbbbf…`): any bytes at all.
    Hex,
}

/// A file given to or expected from the system: its name, its text in an encoding, and
/// how many times the text repeats.
/// The next mail to an address: its subject, headers and texts, and what to capture.
#[derive(Clone, Debug)]
pub struct MailCheck {
    pub to: String,
    pub subject: Option<String>,
    /// (header name, text it must contain)
    pub headers: Vec<(String, String)>,
    pub contains: Vec<String>,
    /// Texts it must not contain.
    pub absent: Vec<String>,
    pub capture: Vec<(String, Arc<Regex>)>,
}

/// What a `count:` step counts, and how many there must be.
#[derive(Clone, Debug)]
pub struct CountCheck {
    pub what: Counted,
    pub n: usize,
}

#[derive(Clone, Debug)]
pub enum Counted {
    /// The screen's (first) table's rows; with a text, those with a cell holding it.
    Rows { with: Option<String> },
    /// Mails caught (to an address), within the last span of the clock.
    Mails {
        to: Option<String>,
        within: Option<SignedDuration>,
    },
    /// Letters posted (to an office), within the last span of the clock.
    Letters {
        to: Option<String>,
        within: Option<SignedDuration>,
    },
}

/// The next letter posted to an office: its title and texts, and what to capture.
#[derive(Clone, Debug)]
pub struct LetterCheck {
    pub to: String,
    pub title: Option<String>,
    pub contains: Vec<String>,
    /// Texts it must not contain.
    pub absent: Vec<String>,
    pub capture: Vec<(String, Arc<Regex>)>,
}

#[derive(Clone, Debug, Default)]
pub struct FileContent {
    pub name: Option<String>,
    pub content: String,
    pub encoding: FileEncoding,
    pub repeat: u32,
}

impl FileContent {
    /// The most bytes a scenario's file may have (repeats included).
    pub const MAX: usize = 64 * 1024 * 1024;

    /// The bytes: `content` (placeholders already filled) in the encoding, repeated.
    pub fn bytes(&self, content: &str) -> Result<Vec<u8>, String> {
        let one = match self.encoding {
            FileEncoding::Utf8 => content.as_bytes().to_vec(),
            FileEncoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), content.as_bytes()].concat(),
            FileEncoding::Hex => {
                let digits: Vec<u8> = content
                    .bytes()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect();
                if !digits.len().is_multiple_of(2) {
                    return Err("hexadecimal content needs an even number of digits".into());
                }
                digits
                    .chunks(2)
                    .map(|p| {
                        std::str::from_utf8(p)
                            .ok()
                            .and_then(|h| u8::from_str_radix(h, 16).ok())
                            .ok_or_else(|| {
                                format!(
                                    "{:?} is not a hexadecimal byte",
                                    String::from_utf8_lossy(p)
                                )
                            })
                    })
                    .collect::<Result<Vec<u8>, String>>()?
            }
            FileEncoding::ShiftJis => {
                let (b, _, unmappable) = encoding_rs::SHIFT_JIS.encode(content);
                if unmappable {
                    return Err(format!("「{content}」 cannot be written in Shift_JIS"));
                }
                b.into_owned()
            }
        };
        let total = one.len().saturating_mul(self.repeat as usize);
        if total > Self::MAX {
            return Err(format!(
                "a file of {total} bytes is more than a scenario may make ({} bytes)",
                Self::MAX
            ));
        }
        Ok(one.repeat(self.repeat as usize))
    }
}

/// What a downloaded certificate (PKCS#12) must be.
#[derive(Clone, Debug, Default)]
pub struct DownloadCheck {
    pub password: String,
    /// It must NOT open with `password`.
    pub refused: bool,
    pub name: Option<String>,
    pub subject: Option<String>,
    pub issuer: Option<String>,
    pub eku: Vec<String>,
    pub not_before: Option<When>,
    pub not_after: Option<When>,
}

/// What a downloaded ZIP must be.
#[derive(Clone, Debug, Default)]
pub struct UnzipCheck {
    pub password: String,
    /// It must NOT open with `password`.
    pub refused: bool,
    pub name: Option<String>,
    pub contains: Vec<String>,
    /// Texts the opened file must not contain.
    pub absent: Vec<String>,
    pub capture: Vec<(String, Arc<Regex>)>,
}

/// A validity bound as written: a day in JST, or an exact instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Day(jiff::civil::Date),
    Instant(Timestamp),
}

impl When {
    /// Reads `2026-02-10` or `2026-02-10T00:00:00+09:00`.
    pub fn parse(text: &str) -> Result<When, String> {
        if let Ok(d) = text.parse::<jiff::civil::Date>()
            && !text.contains('T')
        {
            return Ok(When::Day(d));
        }
        eseikyu_core::clock::parse_instant(text)
            .map(When::Instant)
            .map_err(|_| {
                format!(
                    "expected a date like 2026-02-10 or an instant with its offset, found {text:?}"
                )
            })
    }
    /// Whether `t` is this day (in JST) or this instant.
    pub fn matches(self, t: Timestamp) -> bool {
        match self {
            When::Day(d) => t.to_zoned(eseikyu_core::clock::jst()).date() == d,
            When::Instant(i) => i == t,
        }
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Day(d) => write!(f, "{d}"),
            When::Instant(t) => write!(
                f,
                "{}",
                t.to_zoned(eseikyu_core::clock::jst())
                    .strftime("%Y-%m-%dT%H:%M:%S%:z")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    /// A corpus kept whole holds every step of every file: a step stays small (the
    /// variants with many parts are boxed).
    #[test]
    fn a_step_stays_small() {
        assert!(std::mem::size_of::<super::Step>() <= 80);
    }
}
