//! The checks on what arrived: mails through the SMTP catcher and letters in the post.

use super::failure::StepFailure;
use super::nearest::Miss;
use super::plan::{LetterCheck, MailCheck};
use super::steps::Run;
use super::transcript::{mail_list, render_mail};
use eseikyu_core::domain::office::same_address;
use eseikyu_door::{Driver, DriverExt};
use eseikyu_parts::mail::CaughtMail;
use eseikyu_screens::names;

impl Run {
    /// The next unread mail to `to` (with `subject`): its headers, its body; captures.
    pub(super) fn mail<D: Driver>(
        &mut self,
        world: &mut D,
        check: &MailCheck,
    ) -> Result<(), StepFailure> {
        let MailCheck {
            to,
            subject,
            headers,
            contains,
            absent,
            capture,
        } = check;
        let subject = subject.as_deref();
        let to = self.text(to)?;
        let subject = subject.map(|s| self.text(s)).transpose()?;
        self.catch_up(world)?;
        let unread_to = |i: usize, m: &CaughtMail| {
            !self.mails_read.contains(&i) && m.to.iter().any(|a| same_address(a, &to))
        };
        let found = self.mails.iter().enumerate().find(|(i, m)| {
            unread_to(*i, m)
                && subject
                    .as_deref()
                    .is_none_or(|s| names::same(&m.subject, s))
        });
        let Some((index, mail)) = found else {
            if let Some(s) = &subject {
                let subjects = self
                    .mails
                    .iter()
                    .enumerate()
                    .filter(|(i, m)| unread_to(*i, m))
                    .map(|(_, m)| m.subject.as_str());
                self.miss = Miss::among(s, subjects);
            }
            return Err(StepFailure::unmet(format!(
                "expected a mail to {to}{}; mails caught so far:\n{}",
                subject.map(|s| format!(" 「{s}」")).unwrap_or_default(),
                mail_list(&self.mails, &self.mails_read)
            )));
        };
        // The header section is read once for all the step's headers.
        let fields: Vec<(String, String)> = if headers.is_empty() {
            Vec::new()
        } else {
            raw_headers(&mail.raw)
        };
        for (name, want) in headers {
            let want = self.text(want)?;
            let values = header_values(mail, &fields, name);
            if values.is_empty() {
                let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
                return Err(StepFailure::unmet(format!(
                    "expected the mail 「{}」 to have a `{name}:` header; it has {}",
                    mail.subject,
                    names.join(", ")
                )));
            }
            if !values.iter().any(|v| v.contains(&want)) {
                self.miss = Miss::among(&want, values.iter().map(String::as_str));
                return Err(StepFailure::unmet(format!(
                    "expected the `{name}:` header of 「{}」 to contain 「{want}」; it is 「{}」",
                    mail.subject,
                    values.join("」 / 「")
                )));
            }
        }
        for c in contains {
            let c = self.text(c)?;
            if !mail.body.contains(&c) {
                self.miss = Miss::among(&c, mail.body.lines());
                return Err(StepFailure::unmet(format!(
                    "expected the mail 「{}」 to contain 「{c}」",
                    mail.subject
                )));
            }
        }
        for a in absent {
            let a = self.text(a)?;
            if mail.body.contains(&a) {
                return Err(StepFailure::unmet(format!(
                    "expected the mail 「{}」 not to contain 「{a}」",
                    mail.subject
                )));
            }
        }
        let body = mail.body.clone();
        self.transcript.push_str(&render_mail(mail));
        self.mails_read.insert(index);
        self.last_mail = Some(index);
        self.capture(&body, capture, false)
    }

    /// No unread mail (to `to`) has arrived.
    pub(super) fn no_mail<D: Driver>(
        &mut self,
        world: &D,
        to: Option<&str>,
    ) -> Result<(), StepFailure> {
        let to = to.map(|t| self.text(t)).transpose()?;
        self.catch_up(world)?;
        let unread = self.mails.iter().enumerate().find(|(i, m)| {
            !self.mails_read.contains(i)
                && to
                    .as_deref()
                    .is_none_or(|t| m.to.iter().any(|a| same_address(a, t)))
        });
        match unread {
            None => Ok(()),
            Some((_, m)) => Err(StepFailure::unmet(format!(
                "expected no mail{}, but 「{}」 arrived for {}",
                to.map(|t| format!(" to {t}")).unwrap_or_default(),
                m.subject,
                m.to.join(", ")
            ))),
        }
    }

    /// The next unread letter posted to office `to` (titled `title`); captures.
    pub(super) fn letter<D: Driver>(
        &mut self,
        world: &mut D,
        check: &LetterCheck,
    ) -> Result<(), StepFailure> {
        let LetterCheck {
            to,
            title,
            contains,
            absent,
            capture,
        } = check;
        let title = title.as_deref();
        let to = self.text(to)?;
        let letters = world.letters()?;
        let found = letters.iter().enumerate().find(|(i, l)| {
            !self.letters_read.contains(i)
                && l.to.as_str() == to
                && title.is_none_or(|t| names::same(&l.title, t))
        });
        let Some((index, letter)) = found else {
            if let Some(t) = title {
                self.miss = Miss::among(t, letters.iter().map(|l| l.title.as_str()));
            }
            return Err(StepFailure::unmet(format!(
                "expected a letter to {to}{}; {} letter(s) posted",
                title.map(|s| format!(" 「{s}」")).unwrap_or_default(),
                letters.len()
            )));
        };
        for c in contains {
            let c = self.text(c)?;
            if !letter.text.contains(&c) {
                self.miss = Miss::among(&c, letter.text.lines());
                return Err(StepFailure::unmet(format!(
                    "expected the letter 「{}」 to contain 「{c}」",
                    letter.title
                )));
            }
        }
        for a in absent {
            let a = self.text(a)?;
            if letter.text.contains(&a) {
                return Err(StepFailure::unmet(format!(
                    "expected the letter 「{}」 not to contain 「{a}」",
                    letter.title
                )));
            }
        }
        self.transcript.push_str(&letter.text);
        self.letters_read.insert(index);
        self.last_letter = Some(index);
        self.capture(&letter.text, capture, true)
    }

    /// No unread letter (to office `to`) has been posted.
    pub(super) fn no_letter<D: Driver>(
        &mut self,
        world: &D,
        to: Option<&str>,
    ) -> Result<(), StepFailure> {
        let to = to.map(|t| self.text(t)).transpose()?;
        let letters = world.letters()?;
        let unread = letters.iter().enumerate().find(|(i, l)| {
            !self.letters_read.contains(i) && to.as_deref().is_none_or(|t| l.to.as_str() == t)
        });
        match unread {
            None => Ok(()),
            Some((_, l)) => Err(StepFailure::unmet(format!(
                "expected no letter, but 「{}」 was posted to {}",
                l.title, l.to
            ))),
        }
    }
}

/// The values of header `name` (any case) as they are in the message (folded lines
/// joined) and, for the headers the catcher decodes, as decoded.
fn header_values(mail: &CaughtMail, fields: &[(String, String)], name: &str) -> Vec<String> {
    let mut out: Vec<String> = fields
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
        .collect();
    if out.is_empty() {
        return out;
    }
    let decoded = match name.to_ascii_lowercase().as_str() {
        "subject" => Some(mail.subject.clone()),
        "from" => Some(mail.from.clone()),
        "to" => Some(mail.to.join(", ")),
        "date" => Some(mail.date.clone()),
        _ => None,
    };
    out.extend(decoded);
    out
}

/// The header section's fields, unfolded, as mail-parser reads them.
fn raw_headers(raw: &[u8]) -> Vec<(String, String)> {
    let message = mail_parser::MessageParser::new().parse_headers(raw);
    message
        .iter()
        .flat_map(|m| m.headers_raw())
        .map(|(n, v)| {
            let v = v.replace("\r\n", "").replace('\n', "");
            (n.to_string(), v.trim().to_string())
        })
        .collect()
}
