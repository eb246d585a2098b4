//! The system's outgoing mail: a real SMTP client (lettre's) talking to the catcher.

use lettre::Message;
use lettre::transport::smtp::client::SmtpConnection;
use lettre::transport::smtp::extension::ClientId;
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
type Parked = Mutex<Vec<(SmtpConnection, Instant)>>;

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
        let mut conn = match self.take().or_else(|| self.spare()) {
            Some(c) => c,
            None => SmtpConnection::connect(self.addr, Some(TIMEOUT), &self.hello, None, None)
                .map_err(smtp)?,
        };
        match conn.send(envelope, &bytes) {
            Ok(_) => {
                self.park(conn);
                Ok(())
            }
            Err(e) => {
                conn.abort();
                Err(smtp(e))
            }
        }
    }

    /// A session at rest that still answers, if there is one.
    fn take(&self) -> Option<SmtpConnection> {
        let parked = self.parked.as_ref()?;
        loop {
            let (mut conn, since) = parked.lock().unwrap_or_else(|p| p.into_inner()).pop()?;
            if !conn.has_broken() && (since.elapsed() < CHECK_AFTER || conn.test_connected()) {
                return Some(conn);
            }
            conn.abort();
        }
    }

    /// The session a finished world left on this thread, greeted again with this
    /// client's name.
    fn spare(&self) -> Option<SmtpConnection> {
        self.parked.as_ref()?;
        let (addr, mut conn, since) = SPARE.with(|s| s.borrow_mut().take())?;
        let usable = addr == self.addr
            && !conn.has_broken()
            && (since.elapsed() < CHECK_AFTER || conn.test_connected());
        let greeted = usable
            && conn
                .command(lettre::transport::smtp::commands::Ehlo::new(
                    self.hello.clone(),
                ))
                .is_ok();
        if greeted {
            Some(conn)
        } else {
            conn.abort();
            None
        }
    }

    /// Puts a session to rest for the next message, or ends it.
    fn park(&self, mut conn: SmtpConnection) {
        if let Some(parked) = &self.parked {
            let mut p = parked.lock().unwrap_or_else(|p| p.into_inner());
            if p.len() < POOL_SIZE {
                p.push((conn, Instant::now()));
                return;
            }
        }
        let _ = conn.quit();
    }
}

std::thread_local! {
    /// A session a finished world left to this thread: (server, session, last used).
    static SPARE: std::cell::RefCell<Option<(SocketAddr, SmtpConnection, Instant)>> =
        const { std::cell::RefCell::new(None) };
}

impl Drop for Outbound {
    fn drop(&mut self) {
        // The last clone leaves one session to the thread and ends the others.
        if let Some(parked) = self.parked.take()
            && let Ok(sessions) = Arc::try_unwrap(parked)
        {
            let mut sessions = sessions.into_inner().unwrap_or_else(|p| p.into_inner());
            if let Some((conn, since)) = sessions.pop() {
                let left = SPARE.with(|s| {
                    let mut s = s.borrow_mut();
                    if s.is_none() {
                        *s = Some((self.addr, conn, since));
                        None
                    } else {
                        Some((conn, since))
                    }
                });
                sessions.extend(left);
            }
            for (mut conn, _) in sessions {
                let _ = conn.quit();
            }
        }
    }
}
