//! A served world's history as a scenario in the corpus's format (`GET …/scenario`,
//! `eseikyu export`): its recipe as the scenario's start (instant, profile, its own seed
//! as `world_seed:`, offices), then each change as the step that makes it — visitors as
//! `as:`, fills, presses, browser moves, clock moves, the federation's decisions,
//! payments, faults — and, as checks, the screen each visitor then saw and the mails and
//! letters that came. The history is replayed into a world of its own to see them, so
//! `eseikyu run` of the file walks the same way: a vendor reproduces what they reached by
//! hand by attaching one file.
//!
//! A code or password the system made and a visitor typed is never written: it becomes a
//! capture of the mail or letter that carried it (`${secret1}`), or the office's fact
//! (`${offices.<番号>.temp_password}`). Outside mail and the mail API's read marks are
//! not steps of the format and are left out; an office registered later is listed with
//! the others (its facts then come from another part of the seed's stream).

use super::{Change, Recipe, Served, WorldError, Worlds, read};
use crate::door::{Command, Decision, FaultKind, OfficeSpec};
use crate::screens::Action;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

impl Worlds {
    /// The named world's history as a scenario (YAML).
    pub fn export(&self, name: &str) -> Result<String, WorldError> {
        let world = self.get(name)?;
        let (recipe, history) = {
            let s = read(&world);
            let history = match &s.journal {
                Some(log) => crate::serve::journal::history(log.path())?.1,
                None => s.history.clone(),
            };
            (s.recipe.clone(), history)
        };
        self.scenario_of(name, &recipe, history)
    }

    /// A history as a scenario, replayed into a world of its own made from `recipe`.
    pub fn scenario_of(
        &self,
        name: &str,
        recipe: &Recipe,
        history: Vec<Vec<Change>>,
    ) -> Result<String, WorldError> {
        let mut writer = Writer::new(self.made(recipe)?);
        for entry in history {
            writer.entry(entry);
        }
        Ok(writer.finish(name, recipe))
    }
}

/// A world's history as a scenario, from a data directory (`eseikyu export`), read
/// without changing it.
pub fn kept(dir: &std::path::Path, name: &str) -> Result<String, WorldError> {
    let path = crate::serve::journal::world_path(dir, name);
    let (header, history) = crate::serve::journal::history(&path)?;
    let recipe = super::kept::recipe_of(&header).map_err(|why| {
        WorldError::Journal(crate::serve::journal::JournalError::Unreadable(path, why))
    })?;
    let catcher = crate::mail::Catcher::start(0, 4, crate::mail::catcher::Engine::Quick)
        .map_err(|e| WorldError::Office(String::new(), e.to_string()))?;
    let worlds = Worlds::empty(catcher, crate::serve::Limits::default(), None);
    worlds.scenario_of(name, &recipe, history)
}

/// A mapping whose keys keep their order (YAML's `id:` first, a step's one key).
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

/// A step as it is written, a mail's or letter's captures chosen at the end.
enum Step {
    Plain(&'static str, Value),
    /// A `mail:` or `letter:` check and the secrets it carries: (value, name, pattern).
    Carrier(&'static str, Value, Vec<(String, String, String)>),
}

struct Writer {
    served: Served,
    steps: Vec<Step>,
    /// Visitors' short names, by session name (a renewed session keeps its short name).
    visitors: HashMap<String, String>,
    acting: String,
    mails: usize,
    letters: usize,
    /// Secrets seen in mails and letters: value → capture name.
    carried: HashMap<String, String>,
    used: HashSet<String>,
    offices: Vec<OfficeSpec>,
    generate: usize,
}

impl Writer {
    fn new(served: Served) -> Writer {
        Writer {
            served,
            steps: Vec::new(),
            visitors: HashMap::new(),
            acting: "1".into(),
            mails: 0,
            letters: 0,
            carried: HashMap::new(),
            used: HashSet::new(),
            offices: Vec::new(),
            generate: 0,
        }
    }

    /// One request's changes, made again, written as steps; the mail it sent sent, and
    /// what came checked.
    fn entry(&mut self, entry: Vec<Change>) {
        for change in entry {
            self.change(change);
        }
        let unsent = self.served.take_unsent();
        if !unsent.is_empty() {
            let _ = self.served.settle(unsent.send());
        }
        self.served.changes.clear();
        self.arrived();
    }

    fn change(&mut self, change: Change) {
        match &change {
            Change::Act { visitor, action } => {
                let (visitor, action) = (visitor.clone(), action.clone());
                // What the site refused changed nothing (and is no step).
                if self.served.act(&visitor, &action).is_ok() {
                    self.act(&visitor, &action);
                }
                return;
            }
            Change::Rename { from, to } => {
                if let Some(short) = self.visitors.get(from).cloned() {
                    self.visitors.insert(to.clone(), short);
                }
            }
            Change::Command { command } => {
                // What the world refused changed nothing (and is no step).
                if self.served.command(command).is_ok() {
                    self.command(command);
                }
                return;
            }
            Change::Receive { .. } => {
                // Outside mail is no step of the format: it is filed, and not checked.
                self.arrived();
                let _ = self.served.replay(change);
                self.mails = self.served.world.mails().len();
                return;
            }
            Change::Tick { wall: Some(at) } => {
                self.plain("at", json!(instant(*at)));
            }
            _ => {}
        }
        let _ = self.served.replay(change);
    }

    fn act(&mut self, visitor: &str, action: &Action) {
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
        let moves = match action {
            Action::Open(page) => self.plain("open", json!(page)),
            Action::Fill { field, value } => {
                let value = self.typed(value);
                self.plain("fill", json!({ field: value }));
                false
            }
            Action::Check { field, on } => {
                let step = if *on { "check" } else { "uncheck" };
                self.plain(step, json!(field));
                false
            }
            Action::Choose { field, option } => {
                self.plain("choose", json!({ field: option }));
                false
            }
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
                self.plain("attach", file);
                false
            }
            Action::Back => self.plain("browser", json!("back")),
            Action::Reload => self.plain("browser", json!("reload")),
            Action::Repost => self.plain("browser", json!("repost")),
            Action::Go(address) => self.plain("go", json!(address)),
        };
        if moves {
            let title = self.served.world.screen_of(visitor).title;
            self.plain("screen", json!(title));
        }
    }

    fn command(&mut self, command: &Command) {
        match command {
            Command::SetClock { at } => {
                self.plain("at", json!(instant(*at)));
            }
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

    /// A value a visitor typed: a secret the system made, as what carried it.
    fn typed(&mut self, value: &str) -> String {
        if let Some(name) = self.carried.get(value) {
            self.used.insert(name.clone());
            return format!("${{{name}}}");
        }
        for (number, facts) in self.served.facts() {
            if facts.temp_password == value {
                return format!("${{offices.{number}.temp_password}}");
            }
            if facts.cert_password == value {
                return format!("${{offices.{number}.cert_password}}");
            }
        }
        value.to_string()
    }

    /// The mails and letters that came since the last look, each a check (with the
    /// secrets each carries, to capture if a visitor types one later).
    fn arrived(&mut self) {
        let secrets: Vec<String> = self
            .served
            .world
            .secrets()
            .unwrap_or_default()
            .into_iter()
            .map(|(value, _)| value)
            .filter(|v| v.len() >= 4)
            .collect();
        let mails: Vec<(String, String, String)> = self.served.world.mails()[self.mails..]
            .iter()
            .map(|m| {
                let to = m.envelope_to.first().cloned().unwrap_or_default();
                (to, m.subject.clone(), m.body.clone())
            })
            .collect();
        self.mails += mails.len();
        for (to, subject, body) in mails {
            let carried = self.carried_in(&body, &secrets);
            let check = json!({ "to": to, "subject": subject });
            self.steps.push(Step::Carrier("mail", check, carried));
        }
        let letters = self.served.world.letters();
        for l in letters.get(self.letters..).unwrap_or_default() {
            let carried = self.carried_in(&l.text, &secrets);
            let check = json!({ "to": l.to, "title": l.title });
            self.steps.push(Step::Carrier("letter", check, carried));
        }
        self.letters = letters.len();
    }

    /// The secrets a text carries, each with a capture name and a pattern that finds it
    /// (the text before it on its line, or the line before, then as many characters).
    fn carried_in(&mut self, text: &str, secrets: &[String]) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for s in secrets {
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
            out.push((s.clone(), name, pattern));
        }
        out
    }

    /// Writes a step; whether it moves the visitor to another page.
    fn plain(&mut self, step: &'static str, value: Value) -> bool {
        self.steps.push(Step::Plain(step, value));
        matches!(step, "open" | "press" | "browser" | "go")
    }

    fn finish(self, name: &str, recipe: &Recipe) -> String {
        let steps: Vec<Ordered> = self
            .steps
            .into_iter()
            .map(|s| match s {
                Step::Plain(k, v) => Ordered(vec![(k.into(), v)]),
                Step::Carrier(k, mut v, carried) => {
                    let capture: serde_json::Map<String, Value> = carried
                        .into_iter()
                        .filter(|(_, n, _)| self.used.contains(n))
                        .map(|(_, n, p)| (n, json!(p)))
                        .collect();
                    if !capture.is_empty() {
                        v["capture"] = Value::Object(capture);
                    }
                    Ordered(vec![(k.into(), v)])
                }
            })
            .collect();
        let mut offices = recipe.offices.clone();
        offices.extend(self.offices);
        let mut top = vec![
            ("id".into(), json!(format!("exported/{name}"))),
            (
                "title".into(),
                json!(format!("eseikyu export: the served world {name}")),
            ),
            ("covers".into(), json!([])),
            ("profile".into(), json!(recipe.profile.name)),
            ("at".into(), json!(instant(recipe.at))),
            ("world_seed".into(), json!(recipe.seed)),
        ];
        if !offices.is_empty() {
            top.push(("offices".into(), json!(offices)));
        }
        if self.generate > 0 {
            top.push(("generate".into(), json!(self.generate)));
        }
        let steps = serde_json::to_value(&steps).unwrap_or_default();
        top.push(("steps".into(), steps));
        serde_saphyr::to_string(&Ordered(top)).unwrap_or_default()
    }
}

fn instant(t: jiff::Timestamp) -> String {
    t.to_zoned(crate::clock::jst())
        .strftime("%Y-%m-%dT%H:%M:%S%.f%:z")
        .to_string()
}
