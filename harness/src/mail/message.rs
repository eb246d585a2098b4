//! Building and reading MIME messages (MSG-7): the system's mail as lettre writes it,
//! and caught mail as mail-parser decodes it.

use crate::domain::OutboundMail;
use crate::text;
use jiff::Timestamp;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use serde::Serialize;

/// The header that routes a message to the mailbox of the world that sent it.
pub const WORLD_HEADER: &str = "X-Eseikyu-World";

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("not a mail address: {0:?}")]
    Address(String),
    #[error("message not built: {0}")]
    Message(#[from] lettre::error::Error),
}

#[derive(Clone)]
struct WorldHeader(String);

impl Header for WorldHeader {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str(WORLD_HEADER)
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(WorldHeader(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// Builds the MIME message for a mail of the system: UTF-8 text, RFC 2047 subject, the
/// virtual clock's `Date` and a deterministic `Message-ID`.
pub fn build(
    mail: &OutboundMail,
    world: &str,
    sent: Timestamp,
    message_id: &str,
) -> Result<Message, BuildError> {
    let from: Mailbox = text::MAIL_FROM
        .parse()
        .map_err(|_| BuildError::Address(text::MAIL_FROM.into()))?;
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|_| BuildError::Address(mail.to.clone()))?;
    let secs = u64::try_from(sent.as_second()).unwrap_or(0);
    let date = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    Ok(Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .date(date)
        .message_id(Some(message_id.to_string()))
        .header(WorldHeader(world.to_string()))
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())?)
}

/// A caught message, decoded.
#[derive(Clone, Debug, Serialize)]
pub struct CaughtMail {
    /// The envelope: what the SMTP client said in MAIL FROM and RCPT TO.
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    /// The `charset` the text part declared.
    pub charset: String,
    pub body: String,
    pub date: String,
    pub message_id: String,
    /// The message exactly as it arrived.
    #[serde(skip)]
    pub raw: Vec<u8>,
}

/// Why a caught message could not be decoded.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not a MIME message")]
    NotMime,
}

/// Decodes a raw message as it arrived (mail-parser, with every Japanese charset).
pub fn decode(
    raw: Vec<u8>,
    envelope_from: String,
    envelope_to: Vec<String>,
) -> Result<CaughtMail, DecodeError> {
    use mail_parser::MimeHeaders;
    let parsed = mail_parser::MessageParser::default()
        .parse(&raw)
        .ok_or(DecodeError::NotMime)?;
    let addrs = |a: Option<&mail_parser::Address<'_>>| -> Vec<String> {
        a.map(|a| {
            a.iter()
                .filter_map(|x| x.address().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
    };
    let charset = parsed
        .text_part(0)
        .and_then(|p| p.content_type())
        .and_then(|c| c.attribute("charset"))
        .unwrap_or("us-ascii")
        .to_ascii_lowercase();
    Ok(CaughtMail {
        from: addrs(parsed.from()).join(", "),
        to: addrs(parsed.to()),
        subject: parsed.subject().unwrap_or_default().to_string(),
        charset,
        body: parsed
            .body_text(0)
            .map(|b| b.replace("\r\n", "\n"))
            .unwrap_or_default(),
        date: parsed.date().map(jst_date).unwrap_or_default(),
        message_id: parsed.message_id().unwrap_or_default().to_string(),
        envelope_from,
        envelope_to,
        raw,
    })
}

/// A `Date` header shown in JST, whatever zone it was written in.
fn jst_date(d: &mail_parser::DateTime) -> String {
    match jiff::Timestamp::from_second(d.to_timestamp()) {
        Ok(t) => t
            .to_zoned(crate::clock::jst())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        Err(_) => d.to_rfc3339(),
    }
}

/// The world a raw message is addressed to, read from its header block.
pub fn world_of(raw: &[u8]) -> Option<&str> {
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = std::str::from_utf8(&raw[..head_end]).ok()?;
    head.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case(WORLD_HEADER)
            .then(|| value.trim())
    })
}
