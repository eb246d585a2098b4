//! The system's outgoing mail: a real SMTP client (lettre's) talking to the catcher.

use lettre::Message;
use lettre::address::Envelope;
use lettre::transport::smtp::client::SmtpConnection;
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most SMTP sessions one world keeps open.
pub const POOL_SIZE: usize = 4;
/// A session unused for longer than this is checked with `NOOP` before it is used again
/// (one used a moment ago is simply used: the catcher closes idle sessions only after
/// minutes).
pub const CHECK_AFTER: Duration = Duration::from_secs(1);
/// How long the client waits for the server's answers.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Why a message was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("SMTP delivery to {addr} failed: {source}")]
    Smtp {
        addr: SocketAddr,
        source: lettre::transport::smtp::Error,
    },
    #[error("the message has no envelope: {0}")]
    Envelope(String),
}

impl SendError {
    /// Whether the server refused the message for good (a 5xx answer): sending it again
    /// would not help. Anything else (a 4xx, a lost connection) may pass later.
    pub fn is_permanent(&self) -> bool {
        match self {
            SendError::Smtp { source, .. } => source.is_permanent(),
            SendError::Envelope(_) => true,
        }
    }
}

/// An SMTP client for one server that keeps up to [`POOL_SIZE`] sessions open and sends
/// each message as its own transaction (MAIL, RCPT, DATA) on one of them, as a mail
/// system's relay reuses its connections; a session that failed is closed, never reused.
/// When the server offers `PIPELINING` (RFC 2920), MAIL, RCPT and DATA go in one write and
/// the message text with its ending dot in a second: two round trips a message instead of
/// four, every reply still read and checked in order.
/// When the last clone of the client goes, one session stays with the thread for the next
/// world that sends from it, which greets again (`EHLO` with its own name, as RFC 5321
/// allows at any time: the catcher routes what follows by the new name); the others end
/// with `QUIT`.
///
/// The client greets with a name that says which world sends (`EHLO <world>.world.…`):
/// the catcher routes by it, so nothing internal is written into the message a
/// recipient reads.
#[derive(Clone)]
pub struct Outbound {
    addr: SocketAddr,
    hello: ClientId,
    /// Sessions at rest; `None`: a session per message.
    parked: Option<Arc<Parked>>,
}

/// Sessions at rest, with when each was last used.
type Parked = Mutex<Vec<(Session, Instant)>>;

/// An open SMTP session and what its server's last `EHLO` reply offered.
struct Session {
    conn: SmtpConnection,
    offers: Offers,
}

/// What a server's `EHLO` reply offers that the client uses (lettre keeps only the
/// extensions it knows).
#[derive(Clone, Copy)]
struct Offers {
    /// RFC 2920: commands sent in groups.
    pipelining: bool,
    /// RFC 3030: `BDAT`, the text counted in octets rather than ended by a dot.
    chunking: bool,
}

impl Outbound {
    /// A client of the catcher at `addr`, sending for the world `world`.
    pub fn new(addr: SocketAddr, world: &str) -> Outbound {
        Outbound {
            addr,
            hello: ClientId::Domain(super::catcher::hello_name(world)),
            parked: Some(Default::default()),
        }
    }

    /// A client that opens a new SMTP session for every message (and closes it with
    /// `QUIT`), for comparisons.
    pub fn one_session_per_message(addr: SocketAddr, world: &str) -> Outbound {
        Outbound {
            addr,
            hello: ClientId::Domain(super::catcher::hello_name(world)),
            parked: None,
        }
    }

    /// Sends one message; returns once the server has accepted it (250 after DATA).
    pub fn send(&self, message: &Message) -> Result<(), SendError> {
        let smtp = |source| SendError::Smtp {
            addr: self.addr,
            source,
        };
        let envelope = message.envelope();
        let bytes = message.formatted();
        let mut session = match self.take().or_else(|| self.spare()) {
            Some(s) => s,
            None => self.connect().map_err(smtp)?,
        };
        match session.transact(envelope, &bytes) {
            Ok(_) => {
                self.park(session);
                Ok(())
            }
            Err(e) => {
                session.conn.abort();
                Err(smtp(e))
            }
        }
    }

    /// A new session, greeted twice: lettre's own `EHLO` on connecting, then ours, whose
    /// reply says whether the server takes pipelined commands (lettre keeps only the
    /// extensions it knows).
    fn connect(&self) -> Result<Session, lettre::transport::smtp::Error> {
        let mut conn = SmtpConnection::connect(self.addr, Some(TIMEOUT), &self.hello, None, None)?;
        match greet(&mut conn, &self.hello) {
            Ok(offers) => Ok(Session { conn, offers }),
            Err(e) => {
                conn.abort();
                Err(e)
            }
        }
    }

    /// A session at rest that still answers, if there is one.
    fn take(&self) -> Option<Session> {
        let parked = self.parked.as_ref()?;
        loop {
            let (mut s, since) = parked.lock().unwrap_or_else(|p| p.into_inner()).pop()?;
            if s.usable(since) {
                return Some(s);
            }
            s.conn.abort();
        }
    }

    /// The session a finished world left on this thread, greeted again with this
    /// client's name.
    fn spare(&self) -> Option<Session> {
        self.parked.as_ref()?;
        let (addr, mut s, since) = SPARE.with(|s| s.borrow_mut().take())?;
        let greeted = (addr == self.addr && s.usable(since))
            .then(|| greet(&mut s.conn, &self.hello).ok())
            .flatten();
        match greeted {
            Some(offers) => Some(Session { offers, ..s }),
            None => {
                s.conn.abort();
                None
            }
        }
    }

    /// Puts a session to rest for the next message, or ends it.
    fn park(&self, mut s: Session) {
        if let Some(parked) = &self.parked {
            let mut p = parked.lock().unwrap_or_else(|p| p.into_inner());
            if p.len() < POOL_SIZE {
                p.push((s, Instant::now()));
                return;
            }
        }
        let _ = s.conn.quit();
    }
}

impl Session {
    /// Whether a session at rest since `since` may carry a message: not broken, and
    /// used a moment ago or answering `NOOP`.
    fn usable(&mut self, since: Instant) -> bool {
        !self.conn.has_broken() && (since.elapsed() < CHECK_AFTER || self.conn.test_connected())
    }

    /// One mail transaction: MAIL, RCPT for each recipient, then the text. Pipelined
    /// when the server offers it: with CHUNKING the text goes as one `BDAT … LAST` chunk
    /// in the same write (RFC 3030 §4.2: one round trip, every reply read in order);
    /// without, DATA ends the group and the text waits for its 354 (RFC 2920 §3.1).
    fn transact(
        &mut self,
        envelope: &Envelope,
        text: &[u8],
    ) -> Result<Response, lettre::transport::smtp::Error> {
        // lettre's own path refuses what the server cannot carry (8BITMIME, SMTPUTF8).
        let plain = self.offers.pipelining
            && envelope
                .from()
                .into_iter()
                .chain(envelope.to())
                .all(|a| AsRef::<str>::as_ref(a).is_ascii())
            && (text.is_ascii()
                || self
                    .conn
                    .server_info()
                    .supports_feature(Extension::EightBitMime));
        let Some(utf8) = plain.then(|| std::str::from_utf8(text).ok()).flatten() else {
            return self.conn.send(envelope, text);
        };
        let mut options = Vec::new();
        if !text.is_ascii() {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let mut group = Mail::new(envelope.from().cloned(), options).to_string();
        for to in envelope.to() {
            group.push_str(&Rcpt::new(to.clone(), vec![]).to_string());
        }
        let chunked = self.offers.chunking;
        if chunked {
            group.push_str(&format!("BDAT {} LAST\r\n", text.len()));
            group.push_str(utf8);
        } else {
            group.push_str(&Data.to_string());
        }
        self.conn.command(group)?;
        for _ in envelope.to() {
            self.conn.read_response()?;
        }
        // The last chunk's answer ends the transaction; DATA's 354 asks for the text.
        let last = self.conn.read_response()?;
        if chunked {
            return Ok(last);
        }
        let stuffed = String::from_utf8(dot_stuffed(text)).unwrap_or_default();
        self.conn.command(stuffed)
    }
}

/// Greets with `EHLO`; what the reply offers.
fn greet(
    conn: &mut SmtpConnection,
    hello: &ClientId,
) -> Result<Offers, lettre::transport::smtp::Error> {
    let reply = conn.command(Ehlo::new(hello.clone()))?;
    let offers = |name: &str| {
        reply
            .message()
            .skip(1)
            .any(|l| l.eq_ignore_ascii_case(name))
    };
    Ok(Offers {
        pipelining: offers("PIPELINING"),
        chunking: offers("CHUNKING"),
    })
}

/// The message text as DATA carries it (RFC 5321 §4.5.2): a line that starts with a dot
/// gets another, and the text ends with `CRLF . CRLF` (after a line ending of its own, as
/// lettre writes it).
fn dot_stuffed(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 8);
    let mut line_start = true;
    for (i, &b) in text.iter().enumerate() {
        if line_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
        line_start = b == b'\n' && i > 0 && text[i - 1] == b'\r';
    }
    out.extend_from_slice(b"\r\n.\r\n");
    out
}

std::thread_local! {
    /// A session a finished world left to this thread: (server, session, last used).
    static SPARE: std::cell::RefCell<Option<(SocketAddr, Session, Instant)>> =
        const { std::cell::RefCell::new(None) };
}

impl Drop for Outbound {
    fn drop(&mut self) {
        // The last clone leaves one session to the thread and ends the others.
        if let Some(parked) = self.parked.take()
            && let Ok(sessions) = Arc::try_unwrap(parked)
        {
            let mut sessions = sessions.into_inner().unwrap_or_else(|p| p.into_inner());
            if let Some((s, since)) = sessions.pop() {
                let left = SPARE.with(|spare| {
                    let mut spare = spare.borrow_mut();
                    if spare.is_none() {
                        *spare = Some((self.addr, s, since));
                        None
                    } else {
                        Some((s, since))
                    }
                });
                sessions.extend(left);
            }
            for (mut s, _) in sessions {
                let _ = s.conn.quit();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_stuffing_doubles_a_leading_dot_on_every_line() {
        assert_eq!(dot_stuffed(b".a\r\nb\r\n.c"), b"..a\r\nb\r\n..c\r\n.\r\n");
        // A dot after a bare LF or inside a line is text.
        assert_eq!(dot_stuffed(b"a.\n.b"), b"a.\n.b\r\n.\r\n");
    }
}
