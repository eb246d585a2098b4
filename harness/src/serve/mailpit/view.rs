//! A caught mail as Mailpit shows it, read once from the bytes that arrived (mail-parser,
//! which takes CRLF and bare LF alike): addresses with their names, the envelope's hidden
//! recipients as `Bcc`, the `Date` with its own offset, attachments and inline parts with
//! Mailpit's part IDs and checksums, the headers with Go's canonical names, and what a
//! search looks in.

use crate::mail::CaughtMail;
use mail_parser::{Address, MessageParser, MimeHeaders, PartType};
use md5::Md5;
use serde::Serialize;
use serde_json::{Value, json};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// A mail's fields as Mailpit's API gives them.
#[derive(Debug, Default)]
pub struct MailView {
    pub from: Addr,
    pub to: Vec<Addr>,
    pub cc: Vec<Addr>,
    pub bcc: Vec<Addr>,
    pub reply_to: Vec<Addr>,
    pub subject: String,
    pub message_id: String,
    /// The `Date` header in RFC 3339 with the offset it was written in; none if absent.
    pub date: Option<String>,
    pub text: String,
    pub attachments: Vec<Part>,
    pub inline: Vec<Part>,
    pub list_unsubscribe: String,
    /// Header name (Go's canonical form) → its values, unfolded.
    pub headers: BTreeMap<String, Vec<String>>,
    /// What a search looks in, lower-cased once.
    pub search: Searchable,
}

/// `{"Name": …, "Address": …}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Addr {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Address")]
    pub address: String,
}

/// An attachment or inline part, as Mailpit's `Attachment`.
#[derive(Clone, Debug, Serialize)]
pub struct Part {
    #[serde(rename = "PartID")]
    pub part_id: String,
    #[serde(rename = "FileName")]
    pub file_name: String,
    #[serde(rename = "ContentType")]
    pub content_type: String,
    #[serde(rename = "ContentID")]
    pub content_id: String,
    #[serde(rename = "Size")]
    pub size: usize,
    #[serde(rename = "Checksums")]
    pub checksums: Checksums,
}

#[derive(Clone, Debug, Serialize)]
pub struct Checksums {
    #[serde(rename = "MD5")]
    pub md5: String,
    #[serde(rename = "SHA1")]
    pub sha1: String,
    #[serde(rename = "SHA256")]
    pub sha256: String,
}

/// A mail's searchable texts in lower case (Mailpit's search ignores case).
#[derive(Debug, Default)]
pub struct Searchable {
    /// Each address with its name (`name <address>`).
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub reply_to: Vec<String>,
    pub subject: String,
    pub message_id: String,
    /// Headers, text and attachment names, cleaned as Mailpit cleans them.
    pub anywhere: String,
}

impl MailView {
    /// Reads a caught mail: its bytes, and its envelope for the hidden recipients.
    pub fn of(m: &CaughtMail) -> MailView {
        let Some(msg) = MessageParser::default().parse(&m.raw) else {
            return MailView::default();
        };
        let from = addrs(msg.from()).into_iter().next().unwrap_or_default();
        let to = addrs(msg.to());
        let cc = addrs(msg.cc());
        let mut bcc = addrs(msg.bcc());
        // Mailpit's SMTP server names the envelope's recipients no header shows as Bcc.
        for r in &m.envelope_to {
            let shown = to
                .iter()
                .chain(&cc)
                .chain(&bcc)
                .any(|a| a.address.eq_ignore_ascii_case(r));
            if !shown {
                bcc.push(Addr {
                    name: String::new(),
                    address: r.clone(),
                });
            }
        }
        let reply_to = addrs(msg.reply_to());
        let subject = msg.subject().unwrap_or_default().to_string();
        let text = msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
        let (attachments, inline) = parts(&msg);
        let headers = headers(msg.headers_raw());
        let list_unsubscribe = headers
            .get("List-Unsubscribe")
            .and_then(|v| v.first().cloned())
            .unwrap_or_default();
        let mut view = MailView {
            message_id: msg.message_id().unwrap_or_default().to_string(),
            date: msg.date().map(|d| d.to_rfc3339()),
            from,
            to,
            cc,
            bcc,
            reply_to,
            subject,
            text,
            attachments,
            inline,
            list_unsubscribe,
            headers,
            search: Searchable::default(),
        };
        view.search = Searchable::of(&view);
        view
    }

    /// Mailpit's `ListUnsubscribe` object.
    pub fn list_unsubscribe(&self) -> Value {
        let links: Vec<String> = self
            .list_unsubscribe
            .split(',')
            .filter_map(|l| {
                let l = l.trim();
                l.strip_prefix('<')
                    .and_then(|l| l.strip_suffix('>'))
                    .map(String::from)
            })
            .collect();
        let post = self
            .headers
            .get("List-Unsubscribe-Post")
            .and_then(|v| v.first().cloned())
            .unwrap_or_default();
        json!({
            "Header": self.list_unsubscribe,
            "Links": links,
            "Errors": "",
            "HeaderPost": post,
        })
    }
}

impl Searchable {
    fn of(v: &MailView) -> Searchable {
        let one = |a: &Addr| format!("{} <{}>", a.name, a.address).to_lowercase();
        let all = |list: &[Addr]| list.iter().map(one).collect::<Vec<_>>();
        let mut anywhere = vec![one(&v.from), v.subject.clone(), v.text.clone()];
        for list in [&v.to, &v.cc, &v.bcc, &v.reply_to] {
            anywhere.extend(all(list));
        }
        anywhere.extend(v.attachments.iter().map(|p| p.file_name.clone()));
        Searchable {
            from: one(&v.from),
            to: all(&v.to),
            cc: all(&v.cc),
            bcc: all(&v.bcc),
            reply_to: all(&v.reply_to),
            subject: v.subject.to_lowercase(),
            message_id: v.message_id.to_lowercase(),
            anywhere: clean(&anywhere.join(" ")),
        }
    }
}

/// Mailpit's cleaning of searched text and of the words searched for: line breaks, tabs
/// and `<>",;()` become spaces, spaces collapse, everything is lower-cased.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_whitespace() || "<>\",;()".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Mailpit's `Snippet`: the text on one line; past 200 bytes, cut at a character and
/// ended with `...`.
pub fn snippet(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    const MAX: usize = 200;
    if one_line.len() <= MAX {
        return one_line;
    }
    let mut end = MAX;
    while !one_line.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &one_line[..end])
}

/// Go's canonical form of a header name (`textproto.CanonicalMIMEHeaderKey`): the first
/// letter and each letter after `-` upper case, the rest lower; a name with a character
/// outside a token is left as it is.
pub fn canonical(name: &str) -> String {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) {
        return name.to_string();
    }
    let mut upper = true;
    name.chars()
        .map(|c| {
            let out = if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            upper = c == '-';
            out
        })
        .collect()
}

/// The bytes of the part `id` (an attachment or inline part), with its type and name.
pub fn part_bytes(raw: &[u8], id: &str) -> Option<(Vec<u8>, String, String)> {
    let msg = MessageParser::default().parse(raw)?;
    let ids = part_ids(&msg);
    let (index, _) = ids.iter().find(|(_, pid)| pid == id)?;
    if !msg.attachments.contains(&(*index as u32)) {
        return None;
    }
    let part = msg.parts.get(*index)?;
    let name = part
        .attachment_name()
        .or_else(|| part.content_id())
        .unwrap_or_default()
        .to_string();
    Some((part.contents().to_vec(), media_type(part), name))
}

fn addrs(a: Option<&Address<'_>>) -> Vec<Addr> {
    a.map(|a| {
        a.iter()
            .map(|x| Addr {
                name: x.name.as_deref().unwrap_or_default().to_string(),
                address: x.address.as_deref().unwrap_or_default().to_string(),
            })
            .collect()
    })
    .unwrap_or_default()
}

/// The attachments and the inline parts.
fn parts(msg: &mail_parser::Message<'_>) -> (Vec<Part>, Vec<Part>) {
    let ids = part_ids(msg);
    let (mut attached, mut inline) = (Vec::new(), Vec::new());
    for &i in &msg.attachments {
        let Some(part) = msg.parts.get(i as usize) else {
            continue;
        };
        let bytes = part.contents();
        let view = Part {
            part_id: ids
                .iter()
                .find(|(j, _)| *j == i as usize)
                .map(|(_, p)| p.clone())
                .unwrap_or_default(),
            file_name: part.attachment_name().unwrap_or_default().to_string(),
            content_type: media_type(part),
            content_id: part.content_id().unwrap_or_default().to_string(),
            size: bytes.len(),
            checksums: Checksums {
                md5: hex(&Md5::digest(bytes)),
                sha1: hex(&Sha1::digest(bytes)),
                sha256: hex(&Sha256::digest(bytes)),
            },
        };
        let disposition = part.content_disposition();
        let is_inline = disposition.is_some_and(|d| d.is_inline())
            || (disposition.is_none() && part.content_id().is_some());
        if is_inline {
            inline.push(view);
        } else {
            attached.push(view);
        }
    }
    (attached, inline)
}

/// Each part's ID as Mailpit (enmime) numbers it: the root's children `1`, `2`, …, their
/// children `1.1`, `1.2`, ….
fn part_ids(msg: &mail_parser::Message<'_>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut todo: Vec<(usize, String)> = vec![(0, String::new())];
    while let Some((i, id)) = todo.pop() {
        if let Some(PartType::Multipart(children)) = msg.parts.get(i).map(|p| &p.body) {
            for (n, &c) in children.iter().enumerate() {
                let child = if id.is_empty() {
                    format!("{}", n + 1)
                } else {
                    format!("{id}.{}", n + 1)
                };
                todo.push((c as usize, child));
            }
        } else if i != 0 {
            out.push((i, id));
        }
    }
    out
}

/// The media type alone (`text/csv`), as Mailpit's `ContentType`.
fn media_type(part: &mail_parser::MessagePart<'_>) -> String {
    part.content_type()
        .map(|c| match c.subtype() {
            Some(sub) => format!("{}/{sub}", c.ctype()),
            None => c.ctype().to_string(),
        })
        .unwrap_or_else(|| "application/octet-stream".into())
        .to_lowercase()
}

/// The headers as name → values: names in Go's canonical form, values unfolded (each
/// line trimmed, joined by one space), in order of appearance.
fn headers<'a>(raw: impl Iterator<Item = (&'a str, &'a str)>) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in raw {
        let unfolded = value
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        map.entry(canonical(name)).or_default().push(unfolded);
    }
    map
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caught(raw: &str, envelope_to: &[&str]) -> CaughtMail {
        CaughtMail {
            envelope_from: "a@example.jp".into(),
            envelope_to: envelope_to.iter().map(|s| s.to_string()).collect(),
            from: String::new(),
            to: vec![],
            subject: String::new(),
            charset: String::new(),
            body: String::new(),
            date: String::new(),
            message_id: String::new(),
            raw: raw.as_bytes().to_vec(),
        }
    }

    #[test]
    fn header_names_are_gos_canonical_ones() {
        assert_eq!(canonical("Message-ID"), "Message-Id");
        assert_eq!(canonical("MIME-Version"), "Mime-Version");
        assert_eq!(canonical("x-folded"), "X-Folded");
        assert_eq!(canonical("Bad Name"), "Bad Name");
    }

    #[test]
    fn bare_lf_mail_reads_as_headers_and_body() {
        let raw = "From: Alice <a@example.jp>\nTo: b@example.jp\nSubject: one\n two\nDate: Mon, 09 Feb 2026 20:10:00 -0500\n\nbody\n";
        let v = MailView::of(&caught(raw, &["b@example.jp", "hidden@example.jp"]));
        assert_eq!(v.from.name, "Alice");
        assert_eq!(v.subject, "one two");
        assert_eq!(v.date.as_deref(), Some("2026-02-09T20:10:00-05:00"));
        assert_eq!(v.headers["Subject"], vec!["one two".to_string()]);
        assert!(!v.headers.contains_key("body"));
        assert_eq!(v.bcc[0].address, "hidden@example.jp");
    }

    #[test]
    fn attachments_have_mailpits_part_ids_and_bytes() {
        let raw = "From: a@example.jp\r\nTo: b@example.jp\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX\r\nContent-Type: text/csv; charset=utf-8\r\nContent-Disposition: attachment; filename=\"a.csv\"\r\n\r\nx,y\r\n--XX--\r\n";
        let v = MailView::of(&caught(raw, &[]));
        assert_eq!(v.text.trim(), "hello");
        assert_eq!(v.attachments.len(), 1);
        let p = &v.attachments[0];
        assert_eq!((p.part_id.as_str(), p.file_name.as_str()), ("2", "a.csv"));
        assert_eq!(p.content_type, "text/csv");
        let (bytes, kind, name) = part_bytes(raw.as_bytes(), "2").expect("part 2");
        assert_eq!(
            (bytes.as_slice(), kind.as_str(), name.as_str()),
            (&b"x,y"[..], "text/csv", "a.csv")
        );
        assert!(
            part_bytes(raw.as_bytes(), "1").is_none(),
            "the text is no attachment"
        );
    }

    #[test]
    fn a_long_snippet_is_cut_at_200_bytes_on_a_character() {
        let s = snippet(&"あ".repeat(100));
        assert!(s.ends_with("..."));
        assert!(s.len() <= 203);
        assert_eq!(snippet("a\n b"), "a b");
    }
}
