//! Checking one step: its arguments, the names it uses, the `${…}` it reads, into a
//! planned step.

use super::{Kind, SpanOnly, Validator, check_label};
use crate::scenario::model::{self, BrowserMove, PressArg, RawStep};
use crate::scenario::plan::{
    CountCheck, Counted, DownloadCheck, FileContent, LetterCheck, MailCheck, Step, StepKind,
    UnzipCheck, When,
};
use eseikyu_core::clock;
use serde_saphyr::Spanned;

impl Validator<'_> {
    /// A `count:` step: exactly one of rows, mails and letters, with what fits it.
    fn count(&mut self, here: &Spanned<()>, c: model::CountExpect) -> Option<StepKind> {
        let chosen = [c.rows, c.mails, c.letters].iter().flatten().count();
        if chosen != 1 {
            self.error(
                here,
                "count one thing: `rows:`, `mails:` or `letters:`",
                Some(
                    "e.g. `- count: { rows: 3 }` or `- count: { mails: 1, to: a@example.jp }`"
                        .into(),
                ),
            );
            return None;
        }
        let within = match c.within.as_deref().map(clock::parse_duration).transpose() {
            Ok(w) => w,
            Err(e) => {
                self.error(here, format!("within: {e}"), None);
                return None;
            }
        };
        self.uses_all(here, c.to.iter().chain(c.with.iter()));
        if c.rows.is_some() && (c.to.is_some() || within.is_some()) {
            self.error(
                here,
                "rows are counted on the screen: no `to:` or `within:`",
                None,
            );
            return None;
        }
        if c.rows.is_none() && c.with.is_some() {
            self.error(here, "`with:` counts table rows only", None);
            return None;
        }
        let (what, n) = match (c.rows, c.mails, c.letters) {
            (Some(n), _, _) => (Counted::Rows { with: c.with }, n),
            (_, Some(n), _) => (Counted::Mails { to: c.to, within }, n),
            (_, _, Some(n)) => (Counted::Letters { to: c.to, within }, n),
            _ => return None,
        };
        Some(StepKind::Count(Box::new(CountCheck {
            what,
            n: n as usize,
        })))
    }

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
            RawStep::Browser(BrowserMove::Back) => StepKind::Back,
            RawStep::Browser(BrowserMove::Reload) => StepKind::Reload,
            RawStep::Browser(BrowserMove::Repost) => StepKind::Repost,
            RawStep::Go(t) => {
                if !t.contains("${")
                    && let Err(e) = eseikyu_screens::resolve::go_address(&t)
                {
                    self.error(&here, e.to_string(), None);
                }
                StepKind::Go(t)
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
                for t in m.subject.iter().chain(&m.contains).chain(&m.absent) {
                    self.uses(&at, t);
                }
                let headers: Vec<(String, String)> =
                    m.headers.0.into_iter().map(|(k, v)| (k.value, v)).collect();
                for (_, v) in &headers {
                    self.uses(&at, v);
                }
                StepKind::Mail(Box::new(MailCheck {
                    to: m.to,
                    subject: m.subject,
                    headers,
                    contains: m.contains,
                    absent: m.absent,
                    capture: self.captures(m.capture),
                }))
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
                        .chain(&l.contains)
                        .chain(&l.absent),
                );
                StepKind::Letter(Box::new(LetterCheck {
                    to: l.to,
                    title: l.title,
                    contains: l.contains,
                    absent: l.absent,
                    capture: self.captures(l.capture),
                }))
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
            RawStep::Count(c) => self.count(&here, c)?,
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
                use eseikyu_door::{Fault, FaultKind};
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
                self.uses_all(
                    &here,
                    std::iter::once(&d.password)
                        .chain(d.name.iter())
                        .chain(d.subject.iter())
                        .chain(d.issuer.iter()),
                );
                let mut when = |text: Option<String>| {
                    text.and_then(|t| match When::parse(&t) {
                        Ok(w) => Some(w),
                        Err(e) => {
                            self.error(&here, e, None);
                            None
                        }
                    })
                };
                let (not_before, not_after) = (when(d.not_before), when(d.not_after));
                StepKind::Download(Box::new(DownloadCheck {
                    password: d.password,
                    refused: d.refused,
                    name: d.name,
                    subject: d.subject,
                    issuer: d.issuer,
                    eku: d.eku,
                    not_before,
                    not_after,
                }))
            }
            RawStep::Attach(f) => {
                let file = self.file(&here, f.name, f.content, f.encoding, f.repeat)?;
                if file.name.is_none() {
                    self.error(&here, "a file to attach needs its `name`", None);
                }
                self.uses_all(&here, f.field.iter());
                StepKind::Attach {
                    field: f.field,
                    file: Box::new(file),
                }
            }
            RawStep::File(f) => {
                if f.field.is_some() {
                    self.error(&here, "`field:` belongs to `attach:`, not to `file:`", None);
                }
                StepKind::File(Box::new(
                    self.file(&here, f.name, f.content, f.encoding, f.repeat)?,
                ))
            }
            RawStep::Remember(name) => {
                self.remembered.insert(name.clone());
                StepKind::Remember(name)
            }
            RawStep::SameAs(s) => {
                if !self.remembered.contains(&s.screen) {
                    let help = eseikyu_screens::names::nearest(
                        &s.screen,
                        self.remembered.iter().map(String::as_str),
                    )
                    .map(|n| format!("did you mean `{n}`?"))
                    .or_else(|| Some("keep it first with `- remember: <name>`".into()));
                    self.error(
                        &here,
                        format!("no screen was kept as `{}` before this step", s.screen),
                        help,
                    );
                }
                self.uses_all(&here, s.except.iter());
                StepKind::SameAs {
                    screen: s.screen,
                    except: s.except,
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
                self.uses_all(
                    &here,
                    std::iter::once(&u.password)
                        .chain(u.name.iter())
                        .chain(&u.contains)
                        .chain(&u.absent),
                );
                if u.refused
                    && (!u.contains.is_empty() || !u.absent.is_empty() || !u.capture.0.is_empty())
                {
                    self.error(
                        &here,
                        "a ZIP that must not open has nothing to read: drop `contains`, `absent` and `capture`",
                        None,
                    );
                }
                StepKind::Unzip(Box::new(UnzipCheck {
                    password: u.password,
                    refused: u.refused,
                    name: u.name,
                    contains: u.contains,
                    absent: u.absent,
                    capture: self.captures(u.capture),
                }))
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
            StepKind::See(texts) | StepKind::Absent(texts) => {
                self.uses_all(&here, texts.iter());
                self.split_numbers(&here, texts);
            }
            StepKind::Mail(m) => self.split_numbers(&here, &m.contains),
            StepKind::Letter(l) => self.split_numbers(&here, &l.contains),
            StepKind::Unzip(u) => self.split_numbers(&here, &u.contains),
            StepKind::Advise { expect, .. } => self.split_numbers(&here, expect),
            StepKind::Open(t) | StepKind::Go(t) | StepKind::Screen(t) | StepKind::Check(t, _) => {
                self.uses(&here, t)
            }
            StepKind::Press { row: Some(r), .. } => self.uses(&here, r),
            StepKind::Decide { reason, .. } => self.uses(&here, reason),
            _ => {}
        }
        self.follow(&here, &kind);
        Some(Step { line, column, kind })
    }

    /// A file's name, content and encoding, checked: `repeat` 1 to 10,000,000, the
    /// whole at most [`FileContent::MAX`] bytes when it has no placeholder.
    fn file(
        &mut self,
        at: &Spanned<()>,
        name: Option<String>,
        content: String,
        encoding: Option<crate::scenario::plan::FileEncoding>,
        repeat: Option<u32>,
    ) -> Option<FileContent> {
        self.uses_all(at, name.iter().chain(std::iter::once(&content)));
        let repeat = repeat.unwrap_or(1);
        if !(1..=10_000_000).contains(&repeat) {
            self.error(at, format!("`repeat: {repeat}` is not 1 to 10000000"), None);
            return None;
        }
        let file = FileContent {
            name,
            content,
            encoding: encoding.unwrap_or_default(),
            repeat,
        };
        if !file.content.contains("${")
            && let Err(e) = file.bytes(&file.content)
        {
            self.error(at, e, None);
            return None;
        }
        Some(file)
    }

    /// Warns of a number a flow list split at its comma: in `[13,200円]` YAML reads two
    /// items, 「13」 and 「200円」, so the check would test 「13」 alone.
    fn split_numbers(&mut self, at: &Spanned<()>, texts: &[String]) {
        for pair in texts.windows(2) {
            if let Some(joined) = split_number(&pair[0], &pair[1]) {
                self.warn(
                    at,
                    format!(
                        "「{}」 and 「{}」 are two items: a comma splits a list written in `[…]`",
                        pair[0], pair[1]
                    ),
                    Some(format!("if you meant 「{joined}」, quote it: \"{joined}\"")),
                );
            }
        }
    }
}

/// `13` then `200円` (1–3 digits ending one item, exactly 3 digits opening the next): the
/// number they were, `13,200円`.
pub(super) fn split_number(first: &str, second: &str) -> Option<String> {
    let tail = first.len() - first.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let head = second.len()
        - second
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    ((1..=3).contains(&tail) && head == 3).then(|| format!("{first},{second}"))
}
