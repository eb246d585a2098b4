//! Checking one step: its arguments, the names it uses, the `${…}` it reads, into a
//! planned step.

use super::{Kind, SpanOnly, Validator, check_label};
use crate::clock;
use crate::scenario::model::{self, PressArg, RawStep};
use crate::scenario::plan::{Step, StepKind};
use serde_saphyr::Spanned;

impl Validator<'_> {
    pub(super) fn step(&mut self, s: Spanned<RawStep>) -> Option<Step> {
        let (line, column) = (s.referenced.line(), s.referenced.column());
        let here = s.referenced_as(());
        let kind = match s.value {
            RawStep::Open(t) => {
                if !t.contains("${") && !self.catalogue.openable.has(&t) {
                    let help = format!(
                        "pages that open directly: {}",
                        self.catalogue.openable.join(", ")
                    );
                    self.error(
                        &here,
                        format!("「{t}」 cannot be opened directly"),
                        Some(help),
                    );
                }
                StepKind::Open(t)
            }
            RawStep::Fill(p) => StepKind::Fill(self.names(p, Kind::Field)),
            RawStep::Choose(p) => StepKind::Choose(self.names(p, Kind::Field)),
            RawStep::Check(f) => {
                self.known(&here, &f, Kind::Field);
                StepKind::Check(f, true)
            }
            RawStep::Uncheck(f) => {
                self.known(&here, &f, Kind::Field);
                StepKind::Check(f, false)
            }
            RawStep::Press(arg) => {
                let (name, row) = match arg {
                    PressArg::Name(n) => (n, None),
                    PressArg::InRow { button, row } => (button, Some(row)),
                };
                self.known(&here, &name, Kind::Pressable);
                self.uses(&here, &name);
                StepKind::Press { name, row }
            }
            RawStep::Screen(t) => {
                self.known(&here, &t, Kind::Title);
                StepKind::Screen(t)
            }
            RawStep::See(t) => StepKind::See(t.into_vec()),
            RawStep::Absent(t) => StepKind::Absent(t.into_vec()),
            RawStep::Mail(m) => {
                let at = here.clone();
                self.uses(&at, &m.to);
                for t in m.subject.iter().chain(&m.contains) {
                    self.uses(&at, t);
                }
                StepKind::Mail {
                    to: m.to,
                    subject: m.subject,
                    contains: m.contains,
                    capture: self.captures(m.capture),
                }
            }
            RawStep::NoMail(m) => {
                self.uses_all(&here, m.to.iter());
                StepKind::NoMail { to: m.to }
            }
            RawStep::NoLetter(m) => {
                self.uses_all(&here, m.to.iter());
                StepKind::NoLetter { to: m.to }
            }
            RawStep::Letter(l) => {
                self.uses_all(
                    &here,
                    std::iter::once(&l.to)
                        .chain(l.title.iter())
                        .chain(&l.contains),
                );
                StepKind::Letter {
                    to: l.to,
                    title: l.title,
                    contains: l.contains,
                    capture: self.captures(l.capture),
                }
            }
            RawStep::As(v) => match check_label(&v) {
                Ok(()) => StepKind::As(v),
                Err(_) => {
                    self.error(
                        &here,
                        format!("{v:?} is not a visitor's name: 1–60 characters, no `/`"),
                        None,
                    );
                    return None;
                }
            },
            RawStep::Wait(d) => match clock::parse_duration(&d) {
                Ok(d) => StepKind::Wait(d),
                Err(e) => {
                    self.error(&here, e, None);
                    return None;
                }
            },
            RawStep::At(t) => match clock::parse_instant(&t) {
                Ok(t) => StepKind::At(t),
                Err(e) => {
                    self.error(&here, e, None);
                    return None;
                }
            },
            RawStep::Snapshot(k) => StepKind::Snapshot(k),
            RawStep::Advise(a) => {
                self.uses(&here, &a.office);
                StepKind::Advise {
                    office: a.office,
                    web_service: a.web_service,
                    care_plan: a.care_plan,
                    expect: a.expect,
                }
            }
            RawStep::Fault(f) => {
                use crate::door::{Fault, FaultKind};
                let kind = match (f.smtp, f.federation) {
                    (Some(s), None) => FaultKind::Smtp(s),
                    (None, Some(s)) => FaultKind::Federation(s),
                    _ => {
                        self.error(
                            &here,
                            "a fault names one part: `smtp:` or `federation:`",
                            None,
                        );
                        return None;
                    }
                };
                let times = f.times.unwrap_or(1);
                let chance = f.chance.unwrap_or(1.0);
                if let Err(why) = Fault::check(times, chance) {
                    self.error(&here, why, None);
                    return None;
                }
                StepKind::Fault(Fault {
                    kind,
                    times,
                    chance,
                })
            }
            RawStep::Problem(t) => StepKind::Problem(t),
            RawStep::Payment(p) => {
                self.uses(&here, &p.office);
                StepKind::Payment {
                    office: p.office,
                    amount: p.amount,
                }
            }
            RawStep::Download(d) => {
                self.uses_all(&here, std::iter::once(&d.password).chain(d.subject.iter()));
                StepKind::Download {
                    password: d.password,
                    subject: d.subject,
                    refused: d.refused,
                }
            }
            RawStep::Connect(c) => {
                self.uses(&here, &c.password);
                StepKind::Connect {
                    password: c.password,
                    accepted: c.expect == model::ConnectResult::Accepted,
                }
            }
            RawStep::Unzip(u) => {
                self.uses_all(&here, std::iter::once(&u.password).chain(&u.contains));
                StepKind::Unzip {
                    password: u.password,
                    contains: u.contains,
                    capture: self.captures(u.capture),
                }
            }
            RawStep::Federation(f) => match (f.approve, f.reject, f.paper_request) {
                (None, None, Some(office)) => {
                    self.uses(&here, &office);
                    StepKind::PaperRequest {
                        office,
                        envelope: f.envelope.unwrap_or(true),
                    }
                }
                (Some(number), None, None) => {
                    self.uses(&here, &number);
                    StepKind::Decide {
                        number,
                        approve: true,
                        reason: String::new(),
                    }
                }
                (None, Some(number), None) => {
                    self.uses(&here, &number);
                    StepKind::Decide {
                        number,
                        approve: false,
                        reason: f.reason.unwrap_or_default(),
                    }
                }
                _ => {
                    self.error(
                        &here,
                        "a `federation:` step approves or rejects one 管理番号, or answers one `paper_request`",
                        Some("write `federation: { approve: \"${number}\" }`".into()),
                    );
                    return None;
                }
            },
        };
        match &kind {
            StepKind::Fill(p) | StepKind::Choose(p) => {
                for (k, v) in p {
                    self.uses(&here, k);
                    self.uses(&here, v);
                }
            }
            StepKind::See(texts) | StepKind::Absent(texts) => self.uses_all(&here, texts.iter()),
            StepKind::Open(t) | StepKind::Screen(t) | StepKind::Check(t, _) => self.uses(&here, t),
            StepKind::Press { row: Some(r), .. } => self.uses(&here, r),
            StepKind::Decide { reason, .. } => self.uses(&here, reason),
            _ => {}
        }
        Some(Step { line, column, kind })
    }
}
