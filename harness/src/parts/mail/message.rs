//! Building and reading MIME messages (MSG-7): the system's mail as lettre writes it,
//! and caught mail as mail-parser decodes it.

use eseikyu_core::domain::OutboundMail;
use eseikyu_core::text;
use jiff::Timestamp;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message, SinglePart};

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("not a mail address: {0:?}")]
    Address(String),
    #[error("message not built: {0}")]
    Message(#[from] lettre::error::Error),
}

/// Builds the MIME message for a mail of the system (MSG-7): `MIME-Version: 1.0`, UTF-8
/// text, an RFC 2047 subject, the virtual clock's `Date` in Japan time (+0900) and a
/// deterministic `Message-ID` in angle brackets (RFC 5322 §3.6.4). Nothing internal is
/// written into it: the catcher routes mail by the SMTP session (see `outbound`).
pub fn build(
    mail: &OutboundMail,
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
    let part = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone());
    let mut message = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(format!("<{message_id}>")))
        .singlepart(part)?;
    // lettre writes `Date` in UTC only; the real system writes Japan time.
    message.headers_mut().insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("Date"),
        rfc5322_date(sent),
    ));
    Ok(message)
}

/// An RFC 5322 date in JST: `Mon, 15 Dec 2025 10:00:00 +0900`.
pub fn rfc5322_date(at: Timestamp) -> String {
    at.to_zoned(eseikyu_core::clock::jst())
        .strftime("%a, %d %b %Y %H:%M:%S %z")
        .to_string()
}

/// A caught message, decoded.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
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
            .to_zoned(eseikyu_core::clock::jst())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        Err(_) => d.to_rfc3339(),
    }
}
