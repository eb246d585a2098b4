//! Writing a scenario in the corpus's format from what happened: what visitors did (as
//! `as:`, fills, presses, browser moves), what was done from outside (clock moves, the
//! federation, payments, faults), and, as checks, the screens, mails and letters seen.
//! A served world's export (`GET …/scenario`) and explore's shrunk findings write with it.
//!
//! A code or password the system made and a visitor typed is never written: it becomes a
//! capture of the mail or letter that carried it (`${secret1}`), or the office's fact
//! (`${offices.<番号>.temp_password}`).

use eseikyu_door::{Command, Decision, FaultKind, OfficeFacts, OfficeSpec};
use eseikyu_screens::Action;
use jiff::Timestamp;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// What a written scenario starts from.
pub struct Head {
    pub id: String,
    pub title: String,
    pub covers: Vec<String>,
    pub profile: String,
    pub at: Timestamp,
    /// The world's own seed (`world_seed:`).
    pub world_seed: u64,
    pub offices: Vec<OfficeSpec>,
    pub generate: usize,
}

/// Steps as they are written.
#[derive(Default)]
pub struct Writer {
    steps: Vec<Step>,
    /// Visitors' short names, by session name.
    visitors: HashMap<String, String>,
    acting: String,
    /// Secrets seen in mails and letters: value → capture name.
    carried: HashMap<String, String>,
    used: HashSet<String>,
    facts: Vec<(String, OfficeFacts)>,
    offices: Vec<OfficeSpec>,
    generate: usize,
}

/// A step, a mail's or letter's captures chosen at the end (only those typed later).
enum Step {
    Plain(&'static str, Value),
    /// A `mail:` or `letter:` check and the secrets it carries: (name, pattern).
    Carrier(&'static str, Value, Vec<(String, String)>),
}

impl Writer {
    pub fn new() -> Writer {
        Writer {
            acting: "1".into(),
            ..Writer::default()
        }
    }

    /// An office's facts, so that a typed temporary or certificate password is written as
    /// its fact.
    pub fn facts(&mut self, number: &str, facts: &OfficeFacts) {
        self.facts.push((number.to_string(), facts.clone()));
    }

    /// A visitor's action (a visitor per `as:`, the first being `1`); whether it moved the
    /// visitor to another page (a `screen:` check may follow).
    pub fn act(&mut self, visitor: &str, action: &Action) -> bool {
        let next = (self.visitors.len() + 1).to_string();
        let short = self
            .visitors
            .entry(visitor.to_string())
            .or_insert(next)
            .clone();
        if short != self.acting {
            self.plain("as", json!(short));
            self.acting = short;
        }
        match action {
            Action::Open(page) => self.plain("open", json!(page)),
            Action::Fill { field, value } => {
                let value = self.typed(value);
                self.plain("fill", json!({ field: value }))
            }
            Action::Check { field, on } => {
                let step = if *on { "check" } else { "uncheck" };
                self.plain(step, json!(field))
            }
            Action::Choose { field, option } => self.plain("choose", json!({ field: option })),
            Action::Press { name, row: None } => self.plain("press", json!(name)),
            Action::Press {
                name,
                row: Some(row),
            } => self.plain("press", json!({ "button": name, "row": row })),
            Action::Attach { field, name, bytes } => {
                let (content, encoding) = match std::str::from_utf8(bytes) {
                    Ok(text) if !text.starts_with('\u{feff}') => (text.to_string(), "utf-8"),
                    _ => (bytes.iter().map(|b| format!("{b:02x}")).collect(), "hex"),
                };
                let file = json!({ "field": field, "name": name, "content": content, "encoding": encoding });
                self.plain("attach", file)
            }
            Action::Back => self.plain("browser", json!("back")),
            Action::Reload => self.plain("browser", json!("reload")),
            Action::Repost => self.plain("browser", json!("repost")),
            Action::Go(address) => self.plain("go", json!(address)),
        }
    }

    /// A session renewed (at login and logout): the same visitor under a new name.
    pub fn renamed(&mut self, from: &str, to: &str) {
        if let Some(short) = self.visitors.get(from).cloned() {
            self.visitors.insert(to.to_string(), short);
        }
    }

    /// The acting visitor's screen's title.
    pub fn screen(&mut self, title: &str) {
        self.plain("screen", json!(title));
    }

    /// The clock set to an instant.
    pub fn at(&mut self, at: Timestamp) {
        self.plain("at", json!(instant(at)));
    }

    /// A command done from outside the screens.
    pub fn command(&mut self, command: &Command) {
        match command {
            Command::SetClock { at } => self.at(*at),
            Command::Advance { by } => {
                self.plain("wait", json!(format!("{}s", by.as_secs())));
            }
            Command::Register { office } => self.offices.push(office.clone()),
            Command::Generate { count } => self.generate += count,
            Command::Decide {
                number,
                decision,
                reason,
            } => {
                let step = match Command::decision(*decision, reason) {
                    Decision::Approved => json!({ "approve": number }),
                    Decision::Rejected { reason } => json!({ "reject": number, "reason": reason }),
                };
                self.plain("federation", step);
            }
            Command::PaperRequest { office, envelope } => {
                let step = json!({ "paper_request": office, "envelope": envelope });
                self.plain("federation", step);
            }
            Command::Payment { office, amount } => {
                self.plain("payment", json!({ "office": office, "amount": amount }));
            }
            Command::Fault { fault } => {
                let mut step = match fault.kind {
                    FaultKind::Smtp(f) => json!({ "smtp": f }),
                    FaultKind::Federation(f) => json!({ "federation": f }),
                };
                step["times"] = json!(fault.times);
                step["chance"] = json!(fault.chance);
                self.plain("fault", step);
            }
            Command::Visit { .. } | Command::Sync {} => {}
        }
    }

    /// A mail that came (checked by its first recipient and subject), with the secrets
    /// the system made so far, to capture any it carries that a visitor types later.
    pub fn mail(&mut self, to: &str, subject: &str, body: &str, secrets: &[String]) {
        let carried = self.carried_in(body, secrets);
        let check = json!({ "to": to, "subject": subject });
        self.steps.push(Step::Carrier("mail", check, carried));
    }

    /// A letter that was posted, as [`Writer::mail`].
    pub fn letter(&mut self, to: &str, title: &str, text: &str, secrets: &[String]) {
        let carried = self.carried_in(text, secrets);
        let check = json!({ "to": to, "title": title });
        self.steps.push(Step::Carrier("letter", check, carried));
    }

    /// The scenario, as YAML.
    pub fn finish(self, head: Head) -> String {
        let used = self.used;
        let steps: Vec<Ordered> = self
            .steps
            .into_iter()
            .map(|s| match s {
                Step::Plain(k, v) => Ordered(vec![(k.into(), v)]),
                Step::Carrier(k, mut v, carried) => {
                    let capture: serde_json::Map<String, Value> = carried
                        .into_iter()
                        .filter(|(n, _)| used.contains(n))
                        .map(|(n, p)| (n, json!(p)))
                        .collect();
                    if !capture.is_empty() {
                        v["capture"] = Value::Object(capture);
                    }
                    Ordered(vec![(k.into(), v)])
                }
            })
            .collect();
        let mut offices = head.offices;
        offices.extend(self.offices);
        let mut top = vec![
            ("id".into(), json!(head.id)),
            ("title".into(), json!(head.title)),
            ("covers".into(), json!(head.covers)),
            ("profile".into(), json!(head.profile)),
            ("at".into(), json!(instant(head.at))),
            ("world_seed".into(), json!(head.world_seed)),
        ];
        if !offices.is_empty() {
            top.push(("offices".into(), json!(offices)));
        }
        if head.generate + self.generate > 0 {
            top.push(("generate".into(), json!(head.generate + self.generate)));
        }
        let steps = serde_json::to_value(&steps).unwrap_or_default();
        top.push(("steps".into(), steps));
        serde_saphyr::to_string(&Ordered(top)).unwrap_or_default()
    }

    /// A value a visitor typed: a secret the system made, as what carried it.
    fn typed(&mut self, value: &str) -> String {
        if let Some(name) = self.carried.get(value) {
            self.used.insert(name.clone());
            return format!("${{{name}}}");
        }
        for (number, facts) in &self.facts {
            if facts.temp_password == value {
                return format!("${{offices.{number}.temp_password}}");
            }
            if facts.cert_password == value {
                return format!("${{offices.{number}.cert_password}}");
            }
        }
        value.to_string()
    }

    /// The secrets a text carries, each with a capture name and a pattern that finds it
    /// (the text before it on its line, or the line before, then as many characters).
    fn carried_in(&mut self, text: &str, secrets: &[String]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for s in secrets.iter().filter(|s| s.len() >= 4) {
            if self.carried.contains_key(s) {
                continue;
            }
            let Some(at) = text.find(s.as_str()) else {
                continue;
            };
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let from = if line_start == at {
                text[..line_start.saturating_sub(1)]
                    .rfind('\n')
                    .map_or(0, |i| i + 1)
            } else {
                line_start
            };
            let pattern = format!(
                "{}(\\S{{{}}})",
                regex::escape(&text[from..at]),
                s.chars().count()
            );
            let name = format!("secret{}", self.carried.len() + 1);
            self.carried.insert(s.clone(), name.clone());
            out.push((name, pattern));
        }
        out
    }

    /// Writes a step; whether it moves the visitor to another page.
    fn plain(&mut self, step: &'static str, value: Value) -> bool {
        self.steps.push(Step::Plain(step, value));
        matches!(step, "open" | "press" | "browser" | "go")
    }
}

/// A mapping whose keys keep their order (YAML's `id:` first).
struct Ordered(Vec<(String, Value)>);

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

fn instant(t: Timestamp) -> String {
    t.to_zoned(eseikyu_core::clock::jst())
        .strftime("%Y-%m-%dT%H:%M:%S%.f%:z")
        .to_string()
}
