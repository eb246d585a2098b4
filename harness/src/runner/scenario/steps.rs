//! One run's state, and how each step is carried out against the door.

use super::failure::StepFailure;
use super::interpolate::interpolate;
use super::model::SnapshotKind;
use super::plan::{Scenario, Step, StepKind};
use super::redaction::Redaction;
use super::transcript::render_mail;
use eseikyu_core::clock;
use eseikyu_door::{CaughtMail, Decision, Download, Driver, DriverExt};
use eseikyu_screens::{Action, names, render};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

pub(super) struct Run {
    pub(super) vars: BTreeMap<String, String>,
    /// (secret, placeholder): passwords never reach a transcript or report.
    pub(super) secrets: Vec<(String, String)>,
    /// Passwords typed into password fields, named 「パスワード」 in reports.
    pub(super) typed: Vec<(String, String)>,
    /// Captures the scenario asked to show as they are (`reveal:`).
    pub(super) reveal: BTreeSet<String>,
    pub(super) transcript: String,
    pub(super) mails_read: BTreeSet<usize>,
    pub(super) letters_read: BTreeSet<usize>,
    pub(super) last_mail: Option<usize>,
    pub(super) last_letter: Option<usize>,
    pub(super) last_shown: Option<(String, String)>,
    pub(super) downloads_read: usize,
    pub(super) problems_expected: Vec<String>,
    /// Screens kept by `remember:`, rendered and redacted.
    pub(super) remembered: BTreeMap<String, String>,
    /// The text a failing check looked for and the nearest one there was.
    pub(super) miss: Option<super::nearest::Miss>,
    /// The current screen and its text, until the next step that may change it: the
    /// checks after a press read it without building it again.
    pub(super) view: Option<(eseikyu_screens::Screen, String)>,
    /// The world's mails and downloads as far as the run has read them (see
    /// [`Run::catch_up`]).
    pub(super) mails: Vec<CaughtMail>,
    pub(super) downloads: Vec<Download>,
}

impl Run {
    pub(super) fn setup<D: Driver>(
        &mut self,
        scenario: &Scenario,
        variant: usize,
        world: &mut D,
    ) -> Result<(), StepFailure> {
        for o in scenario.offices_of(variant) {
            let facts = world.register(&o.spec).map_err(StepFailure::from)?;
            let n = o.spec.number.as_str();
            let mut put = |k: &str, v: String, secret: bool| {
                let name = format!("offices.{n}.{k}");
                if secret {
                    self.secrets.push((v.clone(), format!("${{{name}}}")));
                }
                self.vars.insert(name, v);
            };
            put("temp_password", facts.temp_password, true);
            put("cert_password", facts.cert_password, true);
            if let Some(u) = facts.user_ids.first() {
                put("user_id", u.to_string(), false);
            }
            if let Some(p) = &o.password {
                put("password", p.clone(), true);
            }
            put("name", o.spec.name.clone().unwrap_or_default(), false);
        }
        // Keys differ between runs: the thumbprint is a value, never part of a snapshot.
        // Asking for it makes the CA, so only a scenario that names it asks now; the
        // others are checked at the end, if the run made a CA after all.
        if scenario.uses_ca {
            self.know_ca(world)?;
        }
        if scenario.generate > 0 {
            world
                .generate(scenario.generate)
                .map_err(StepFailure::from)?;
        }
        Ok(())
    }

    /// `${ca.thumbprint}`, known and hidden from reports as a secret.
    pub(super) fn know_ca<D: Driver>(&mut self, world: &D) -> Result<(), StepFailure> {
        if self.vars.contains_key("ca.thumbprint") {
            return Ok(());
        }
        if let Some(ca) = world.ca(true)? {
            let t = ca.thumbprint;
            self.secrets.push((t.clone(), "${ca.thumbprint}".into()));
            self.vars.insert("ca.thumbprint".into(), t);
        }
        Ok(())
    }

    /// Reads the mails and downloads that came since the last look.
    pub(super) fn catch_up<D: Driver>(&mut self, world: &D) -> Result<(), StepFailure> {
        self.mails.extend(world.mails_from(self.mails.len())?);
        self.downloads
            .extend(world.downloads_from(self.downloads.len())?);
        Ok(())
    }

    /// The current screen's text in its normalised form; consecutive checks of one
    /// screen normalise it once.
    pub(super) fn shown<D: Driver>(&mut self, world: &D) -> Result<String, StepFailure> {
        let raw = self.view(world)?.1.clone();
        Ok(match &self.last_shown {
            Some((r, n)) if *r == raw => n.clone(),
            _ => {
                let n = names::normalize_text(&raw);
                self.last_shown = Some((raw, n.clone()));
                n
            }
        })
    }

    /// The current screen and its rendered text (built once until the screen may change).
    pub(super) fn view<D: Driver>(
        &mut self,
        world: &D,
    ) -> Result<&(eseikyu_screens::Screen, String), StepFailure> {
        let view = match self.view.take() {
            Some(view) => view,
            None => {
                let screen = world.screen()?;
                let text = render(&screen);
                (screen, text)
            }
        };
        Ok(self.view.insert(view))
    }

    pub(super) fn text(&self, s: &str) -> Result<String, StepFailure> {
        // A value the scenario never captured or defined: the scenario's to mend.
        interpolate(s, &self.vars).map_err(StepFailure::scenario)
    }

    pub(super) fn step<D: Driver>(
        &mut self,
        step: &Step,
        world: &mut D,
    ) -> Result<(), StepFailure> {
        if !step.kind.reads_only() {
            self.view = None;
        }
        match &step.kind {
            StepKind::Open(t) => self.act(world, Action::Open(self.text(t)?), true),
            StepKind::Back => self.act(world, Action::Back, true),
            StepKind::Reload => self.act(world, Action::Reload, true),
            StepKind::Go(t) => self.act(world, Action::Go(self.text(t)?), true),
            StepKind::Repost => self.act(world, Action::Repost, true),
            StepKind::Fill(pairs) => {
                for (field, value) in pairs {
                    let (field, value) = (self.text(field)?, self.text(value)?);
                    let secret = self.view(world)?.0.fields().any(|f| {
                        names::same(&f.name, &field)
                            && f.kind == eseikyu_screens::FieldKind::Password
                    });
                    if secret {
                        self.typed
                            .push((value.clone(), eseikyu_core::text::F_PASSWORD.to_string()));
                    }
                    self.act(world, Action::Fill { field, value }, false)?;
                }
                Ok(())
            }
            StepKind::Choose(pairs) => {
                for (field, option) in pairs {
                    let a = Action::Choose {
                        field: self.text(field)?,
                        option: self.text(option)?,
                    };
                    self.act(world, a, false)?;
                }
                Ok(())
            }
            StepKind::Check(field, on) => {
                let a = Action::Check {
                    field: self.text(field)?,
                    on: *on,
                };
                self.act(world, a, false)
            }
            StepKind::Press { name, row } => {
                let row = row.as_deref().map(|r| self.text(r)).transpose()?;
                let a = Action::Press {
                    name: self.text(name)?,
                    row,
                };
                self.act(world, a, true)
            }
            StepKind::Count(c) => self.count(world, c),
            StepKind::Screen(title) => {
                let shown = self.view(world)?.0.title.clone();
                if names::same(&shown, title) {
                    Ok(())
                } else {
                    self.miss = Some(super::nearest::Miss {
                        expected: title.clone(),
                        nearest: shown.clone(),
                    });
                    Err(StepFailure::unmet(format!(
                        "expected the screen 【{title}】, found 【{shown}】"
                    )))
                }
            }
            StepKind::See(texts) => {
                let shown = self.shown(world)?;
                for t in texts {
                    let t = self.text(t)?;
                    if !shown.contains(&names::normalize(&t)) {
                        let rendered = self.view(world)?.1.clone();
                        self.miss = super::nearest::Miss::among(&t, rendered.lines());
                        return Err(StepFailure::unmet(format!(
                            "expected the screen to show 「{t}」"
                        )));
                    }
                }
                Ok(())
            }
            StepKind::Absent(texts) => {
                let shown = self.shown(world)?;
                for t in texts {
                    let t = self.text(t)?;
                    if shown.contains(&names::normalize(&t)) {
                        return Err(StepFailure::unmet(format!(
                            "expected the screen not to show 「{t}」"
                        )));
                    }
                }
                Ok(())
            }
            StepKind::Mail(m) => self.mail(world, m),
            StepKind::NoMail { to } => self.no_mail(world, to.as_deref()),
            StepKind::Letter(l) => self.letter(world, l),
            StepKind::NoLetter { to } => self.no_letter(world, to.as_deref()),
            StepKind::As(v) => world.visit(v).map_err(StepFailure::from),
            StepKind::Fault(f) => world.fault(f).map_err(StepFailure::from),
            StepKind::Problem(t) => {
                let t = self.text(t)?;
                let problems = world.problems()?;
                if problems.iter().any(|p| p.contains(&t)) {
                    self.problems_expected.push(t);
                    Ok(())
                } else if problems.is_empty() {
                    Err(StepFailure::unmet(format!(
                        "expected a problem 「{t}」 to be noted; none was"
                    )))
                } else {
                    Err(StepFailure::unmet(format!(
                        "expected a problem 「{t}」 to be noted; noted: {}",
                        problems.join(" / ")
                    )))
                }
            }
            StepKind::Wait(d) => {
                let to = world
                    .now()?
                    .checked_add(*d)
                    .ok()
                    .filter(|t| clock::in_range(*t));
                if to.is_none() {
                    return Err(StepFailure::scenario(format!(
                        "waiting {}s would take the clock out of the simulated years (1900–2200)",
                        d.as_secs()
                    )));
                }
                world.advance(*d).map_err(StepFailure::from)?;
                world.sync().map_err(StepFailure::from)
            }
            StepKind::Advise {
                office,
                web_service,
                care_plan,
                expect,
            } => {
                let office = self.text(office)?;
                let advice = world
                    .advise(&office, *web_service, *care_plan)
                    .map_err(StepFailure::from)?;
                let expect = expect
                    .iter()
                    .map(|e| self.text(e))
                    .collect::<Result<Vec<_>, _>>()?;
                let said: Vec<&str> = advice.iter().map(|a| a.text()).collect();
                let _ = writeln!(self.transcript, "advice: {}", said.join(" / "));
                let matches = said.len() == expect.len()
                    && said.iter().zip(&expect).all(|(a, e)| names::same(a, e));
                if matches {
                    Ok(())
                } else {
                    Err(StepFailure::unmet(format!(
                        "expected the advice 「{}」, got 「{}」",
                        expect.join(" / "),
                        said.join(" / ")
                    )))
                }
            }
            StepKind::Payment { office, amount } => {
                let office = self.text(office)?;
                world.payment(&office, *amount).map_err(StepFailure::from)
            }
            StepKind::Connect { password, accepted } => self.connect(world, password, *accepted),
            StepKind::Unzip(u) => self.unzip(world, u),
            StepKind::Download(d) => self.download(world, d),
            StepKind::Attach { field, file } => self.attach(world, field.as_deref(), file),
            StepKind::File(f) => self.data_file(world, f),
            StepKind::Remember(name) => {
                let rendered = self.view(world)?.1.clone();
                let made = world.secrets().map_err(StepFailure::from)?;
                let text = self.redact(&rendered, &made);
                self.remembered.insert(name.clone(), text);
                Ok(())
            }
            StepKind::SameAs { screen, except } => self.same_as(world, screen, except),
            StepKind::PaperRequest { office, envelope } => {
                let office = self.text(office)?;
                world
                    .paper_request(&office, *envelope)
                    .map_err(StepFailure::from)
            }
            StepKind::Decide {
                number,
                approve,
                reason,
            } => {
                let number = self.text(number)?;
                let decision = if *approve {
                    Decision::Approved
                } else {
                    Decision::Rejected {
                        reason: self.text(reason)?,
                    }
                };
                world.decide(&number, decision).map_err(StepFailure::from)
            }
            StepKind::At(t) => {
                world.set_clock(*t).map_err(StepFailure::from)?;
                world.sync().map_err(StepFailure::from)
            }
            StepKind::Snapshot(kind) => {
                let text = match kind {
                    SnapshotKind::Screen => self.view(world)?.1.clone(),
                    SnapshotKind::Mail => match self.last_mail.and_then(|i| self.mails.get(i)) {
                        Some(m) => render_mail(m),
                        None => return Err(StepFailure::scenario("no mail has been read yet")),
                    },
                    SnapshotKind::Letter => {
                        let letters = match self.last_letter {
                            Some(_) => world.letters()?,
                            None => Vec::new(),
                        };
                        match self.last_letter.and_then(|i| letters.get(i).cloned()) {
                            Some(l) => l.text,
                            None => {
                                return Err(StepFailure::scenario("no letter has been read yet"));
                            }
                        }
                    }
                };
                self.transcript.push_str(&text);
                Ok(())
            }
        }
    }

    pub(super) fn act<D: Driver>(
        &mut self,
        world: &mut D,
        action: Action,
        show: bool,
    ) -> Result<(), StepFailure> {
        self.view = None;
        world.act(&action).map_err(StepFailure::from)?;
        if show {
            let text = self.view(world)?.1.clone();
            self.transcript.push_str(&text);
        }
        Ok(())
    }

    /// The screen is the one kept as `name`, once each `except` text is put as «…».
    fn same_as<D: Driver>(
        &mut self,
        world: &D,
        name: &str,
        except: &[String],
    ) -> Result<(), StepFailure> {
        let kept = self
            .remembered
            .get(name)
            .ok_or_else(|| format!("no screen was kept as `{name}`"))?
            .clone();
        let rendered = self.view(world)?.1.clone();
        let made = world.secrets().map_err(StepFailure::from)?;
        let now = self.redact(&rendered, &made);
        let mut texts = except
            .iter()
            .map(|t| self.text(t))
            .collect::<Result<Vec<_>, _>>()?;
        // Longer texts first, so one inside another never splits it.
        texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let blank = |s: &str| {
            texts
                .iter()
                .filter(|t| !t.is_empty())
                .fold(s.to_string(), |acc, t| acc.replace(t.as_str(), "«…»"))
        };
        let (a, b) = (blank(&kept), blank(&now));
        if a == b {
            return Ok(());
        }
        let diff = similar::TextDiff::from_lines(&a, &b)
            .unified_diff()
            .header(name, "this screen")
            .to_string();
        Err(StepFailure::unmet(format!(
            "expected the same screen as `{name}`{}; they differ:\n{diff}",
            if texts.is_empty() {
                String::new()
            } else {
                format!(" but for 「{}」", texts.join("」, 「"))
            }
        )))
    }

    /// Stores each regex's first group; from a letter, cells are joined (tabs removed).
    pub(super) fn capture(
        &mut self,
        text: &str,
        capture: &[(String, std::sync::Arc<regex::Regex>)],
        cells: bool,
    ) -> Result<(), StepFailure> {
        for (name, re) in capture {
            let Some(m) = re.captures(text).and_then(|c| c.get(1)) else {
                return Err(StepFailure::unmet(format!(
                    "capture `{name}`: /{re}/ does not match"
                )));
            };
            let mut value = m.as_str().trim().to_string();
            if cells {
                value.retain(|c| c != '\t');
            }
            self.vars.insert(name.clone(), value);
        }
        Ok(())
    }

    /// Replaces every secret with a placeholder, also in letter cell form: the office
    /// facts (`${offices.N.password}`…), every secret the system made (named after the
    /// capture that holds it, `${code}`, or else after its kind, `«確認コード»`) and every
    /// password typed — except captures the scenario names in `reveal:`.
    pub(super) fn redact(&self, text: &str, made: &[(String, String)]) -> String {
        self.redaction(made).apply(text)
    }

    /// What the reports of this run hide, given the secrets the system made.
    pub(super) fn redaction(&self, made: &[(String, String)]) -> Redaction {
        let shown: Vec<&str> = self
            .reveal
            .iter()
            .filter_map(|n| self.vars.get(n).map(String::as_str))
            .collect();
        let mut all: Vec<(String, String)> = self.secrets.clone();
        for (value, label) in made.iter().chain(&self.typed) {
            let named = self
                .vars
                .iter()
                .find(|(n, v)| *v == value && !n.starts_with("offices."))
                .map(|(n, _)| format!("${{{n}}}"));
            all.push((value.clone(), named.unwrap_or_else(|| format!("«{label}»"))));
        }
        Redaction::new(all, &shown)
    }
}
