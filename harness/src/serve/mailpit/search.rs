//! Mailpit's search language: `to:`, `from:`, `cc:`, `bcc:`, `reply-to:`, `addressed:`,
//! `subject:`, `message-id:`, `is:read`, `is:unread`, `is:tagged`, `tag:`,
//! `has:attachment`, `has:inline`, `after:`, `before:`, `larger:`, `smaller:`, quoted
//! phrases and bare words (headers, text and attachment names), each negated by `!` or
//! `-`; prefixes in any case.

use super::view::clean;
use crate::serve::worlds::MailEntry;
use jiff::Timestamp;

/// One term of a query.
pub struct Term {
    field: Field,
    value: String,
    not: bool,
}

enum Field {
    To,
    From,
    Cc,
    Bcc,
    ReplyTo,
    Addressed,
    Subject,
    MessageId,
    Read,
    Unread,
    /// No mail has tags: `is:tagged` and `tag:` match none.
    Tagged,
    Attachment,
    Inline,
    After(Timestamp),
    Before(Timestamp),
    Larger(usize),
    Smaller(usize),
    Anywhere,
}

/// Reads a query into terms; an empty query is refused, as Mailpit refuses it.
pub fn parse(q: &str) -> Result<Vec<Term>, String> {
    if q.trim().is_empty() {
        return Err("Error: no search query".into());
    }
    Ok(words(q).into_iter().map(term).collect())
}

impl Term {
    pub fn holds(&self, e: &MailEntry) -> bool {
        let has = |s: &str| s.contains(&self.value);
        let any = |list: &[String]| list.iter().any(|a| has(a));
        let m = &e.view.search;
        let yes = match &self.field {
            Field::To => any(&m.to),
            Field::From => has(&m.from),
            Field::Cc => any(&m.cc),
            Field::Bcc => any(&m.bcc),
            Field::ReplyTo => any(&m.reply_to),
            Field::Addressed => has(&m.from) || any(&m.to) || any(&m.cc) || any(&m.bcc),
            Field::Subject => has(&m.subject),
            Field::MessageId => has(&m.message_id),
            Field::Read => e.read,
            Field::Unread => !e.read,
            Field::Tagged => false,
            Field::Attachment => !e.view.attachments.is_empty(),
            Field::Inline => !e.view.inline.is_empty(),
            Field::After(t) => e.received > *t,
            Field::Before(t) => e.received < *t,
            Field::Larger(n) => e.size > *n,
            Field::Smaller(n) => e.size < *n,
            Field::Anywhere => m.anywhere.contains(&clean(&self.value)),
        };
        yes != self.not
    }
}

/// The words of a query; a quoted phrase is one word.
fn words(q: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in q.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn term(w: String) -> Term {
    let (not, w) = match w.strip_prefix(['!', '-']) {
        Some(rest) => (true, rest.to_string()),
        None => (false, w),
    };
    let (prefix, value) = match w.split_once(':') {
        Some((p, v)) => (p.to_lowercase(), v.to_string()),
        None => (String::new(), w.clone()),
    };
    let lower = value.to_lowercase();
    let field = match (prefix.as_str(), lower.as_str()) {
        ("to", _) => Field::To,
        ("from", _) => Field::From,
        ("cc", _) => Field::Cc,
        ("bcc", _) => Field::Bcc,
        ("reply-to", _) => Field::ReplyTo,
        ("addressed", _) => Field::Addressed,
        ("subject", _) => Field::Subject,
        ("message-id", _) => Field::MessageId,
        ("is", "read") => Field::Read,
        ("is", "unread") => Field::Unread,
        ("is", "tagged") | ("tag", _) => Field::Tagged,
        ("has", "attachment" | "attachments") => Field::Attachment,
        ("has", "inline" | "inlines") => Field::Inline,
        ("after", v) if day(v).is_some() => Field::After(day(v).unwrap_or_default()),
        ("before", v) if day(v).is_some() => Field::Before(day(v).unwrap_or_default()),
        ("larger", v) if size(v).is_some() => Field::Larger(size(v).unwrap_or_default()),
        ("smaller", v) if size(v).is_some() => Field::Smaller(size(v).unwrap_or_default()),
        _ => {
            return Term {
                field: Field::Anywhere,
                value: w.to_lowercase(),
                not,
            };
        }
    };
    Term {
        field,
        value: lower,
        not,
    }
}

/// The start of a day `YYYY-MM-DD` in JST, or an instant with its offset.
fn day(v: &str) -> Option<Timestamp> {
    if let Ok(t) = crate::clock::parse_instant(v) {
        return Some(t);
    }
    let date: jiff::civil::Date = v.parse().ok()?;
    date.to_zoned(crate::clock::jst())
        .ok()
        .map(|z| z.timestamp())
}

/// A size in bytes, with an optional `k` or `m` (Mailpit's `larger:10k`).
fn size(v: &str) -> Option<usize> {
    let (digits, unit) = match v.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => v.split_at(i),
        None => (v, ""),
    };
    let n: usize = digits.parse().ok()?;
    let factor = match unit {
        "" | "b" => 1,
        "k" | "kb" => 1024,
        "m" | "mb" => 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(factor)
}
