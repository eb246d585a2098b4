//! The transcript's pieces: mails as it shows them, and secrets replaced by their names.

use eseikyu_parts::mail::CaughtMail;
use std::collections::BTreeSet;

pub(super) fn replace_token(text: &str, secret: &str, placeholder: &str) -> String {
    if !secret.bytes().all(|b| b.is_ascii_digit()) {
        return text.replace(secret, placeholder);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(secret) {
        let before = rest[..i].bytes().last();
        let after = rest[i + secret.len()..].bytes().next();
        let alone = !before.is_some_and(|b| b.is_ascii_digit())
            && !after.is_some_and(|b| b.is_ascii_digit());
        out.push_str(&rest[..i]);
        out.push_str(if alone { placeholder } else { secret });
        rest = &rest[i + secret.len()..];
    }
    out.push_str(rest);
    out
}

/// A caught mail as the transcript shows it: decoded headers and body.
pub fn render_mail(m: &CaughtMail) -> String {
    format!(
        "From: {}\nTo: {}\nSubject: {}\nDate: {}\nContent-Type: text/plain; charset={}\n\n{}",
        m.from,
        m.to.join(", "),
        m.subject,
        m.date,
        m.charset,
        m.body
    )
}

pub(super) fn mail_list(mails: &[CaughtMail], read: &BTreeSet<usize>) -> String {
    if mails.is_empty() {
        return "  (none)".into();
    }
    mails
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let state = if read.contains(&i) { "read" } else { "unread" };
            format!(
                "  {}. to {} 「{}」 ({state})",
                i + 1,
                m.to.join(", "),
                m.subject
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
