//! Mailpit's JSON shapes: a list of mails (MessagesSummary), one mail's summary, and a
//! message with its headers, parts and attachments, as Mailpit's `swagger.json` names them.

use super::view::{MailView, snippet};
use super::worlds::{MailEntry, Served};
use serde_json::{Value, json};

/// The MessagesSummary of the mails that pass `keep`, newest first.
pub(super) fn summary(
    s: &Served,
    keep: impl Fn(&MailEntry) -> bool,
    start: usize,
    limit: usize,
) -> Value {
    let live: Vec<&MailEntry> = s.mails().iter().filter(|e| !e.deleted).collect();
    let hits: Vec<&MailEntry> = live.iter().rev().filter(|e| keep(e)).copied().collect();
    let page: Vec<Value> = hits
        .iter()
        .skip(start)
        .take(limit)
        .map(|e| message_summary(s, e))
        .collect();
    json!({
        "total": live.len(),
        "unread": live.iter().filter(|e| !e.read).count(),
        "count": page.len(),
        "messages_count": hits.len(),
        "messages_unread": hits.iter().filter(|e| !e.read).count(),
        "start": start,
        "tags": [],
        "messages": page,
    })
}

/// An instant as Mailpit writes its times (RFC 3339, here in JST).
pub(super) fn rfc3339(t: jiff::Timestamp) -> String {
    t.to_zoned(crate::clock::jst())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

pub(super) fn message_summary(s: &Served, e: &MailEntry) -> Value {
    let v: &MailView = &e.view;
    json!({
        "ID": e.id,
        "MessageID": v.message_id,
        "Read": e.read,
        "From": v.from,
        "To": v.to,
        "Cc": v.cc,
        "Bcc": v.bcc,
        "ReplyTo": v.reply_to,
        "Subject": v.subject,
        "Created": rfc3339(e.received),
        "Username": "",
        "Tags": [],
        "Size": e.size,
        "Attachments": v.attachments.len(),
        "Snippet": snippet(&s.world().mails()[e.index].body),
    })
}

pub(super) fn message(s: &Served, e: &MailEntry) -> Value {
    let v: &MailView = &e.view;
    json!({
        "ID": e.id,
        "MessageID": v.message_id,
        // Mailpit dropped `Read` from Message in v1.9; some clients still require it.
        "Read": e.read,
        "From": v.from,
        "To": v.to,
        "Cc": v.cc,
        "Bcc": v.bcc,
        "ReplyTo": v.reply_to,
        "ReturnPath": s.world().mails()[e.index].envelope_from,
        "Subject": v.subject,
        "ListUnsubscribe": v.list_unsubscribe(),
        "Date": v.date.clone().unwrap_or_else(|| rfc3339(e.received)),
        "Username": "",
        "Tags": [],
        "Text": s.world().mails()[e.index].body,
        "HTML": "",
        "Size": e.size,
        "Inline": v.inline,
        "Attachments": v.attachments,
    })
}
