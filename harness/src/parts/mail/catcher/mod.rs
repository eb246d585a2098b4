//! The SMTP catcher: an embedded SMTP server on loopback that keeps every message it
//! receives, routed to per-world mailboxes.
//!
//! The SMTP protocol is mailin's (the engine of mailin-embedded). It is served by one of
//! two loops:
//! - [`Engine::Quick`] (the default): an event loop (tokio, one thread) that acknowledges
//!   message data at once (TCP_QUICKACK) and enforces the limits of [`Limits`]. SMTP
//!   clients that write the message and its terminating `.` separately (lettre does)
//!   otherwise wait for the receiver's delayed ACK — 40 ms a message on Linux.
//! - [`Engine::Embedded`]: mailin-embedded's own server, for comparison only: it bounds
//!   the message size but not line lengths.
//!
//! Neither loop can be stopped, so a process runs one catcher ([`shared`]) that every world
//! uses. A world's SMTP client greets with `EHLO <world>.world.eseikyu.invalid`
//! ([`hello_name`]); the catcher files the message under that world, if it is open, and
//! nothing internal is ever written into a message.

mod chunking;
mod quick;

use mailin::{Handler, Response, response};
use quick::serve_quick;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// A message as it arrived, with its envelope.
#[derive(Clone, Debug)]
pub struct RawMail {
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub bytes: Vec<u8>,
}

/// Which loop serves the SMTP sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Engine {
    #[default]
    Quick,
    Embedded,
}

/// What the catcher accepts (RFC 5321 §4.5.3.1), and how much it holds at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// A command line, with its CRLF (§4.5.3.1.4: 512); longer is answered with 500.
    pub command_line: usize,
    /// A line of message text, with its CRLF (§4.5.3.1.6: 1,000); a message with a longer
    /// line is refused with 552 at its end.
    pub text_line: usize,
    /// A message's size; advertised with `SIZE` (RFC 1870), refused with 552.
    pub message: usize,
    /// Recipients of one transaction (§4.5.3.1.8: at least 100); more get 452.
    pub recipients: usize,
    /// SMTP sessions at once; a further connection gets 421 and is closed.
    pub sessions: usize,
    /// Message bytes held by all sessions at once; beyond it a message gets 452.
    pub buffered: usize,
    /// A silent client is dropped after this long (as mailin-embedded: 5 minutes).
    pub idle: Duration,
    /// Messages kept for no open world (only when the catcher keeps them, as `catch`
    /// does); the oldest are dropped beyond it.
    pub unrouted: usize,
}

/// The limits every catcher enforces (docs/security.md).
pub const LIMITS: Limits = Limits {
    command_line: 512,
    text_line: 1000,
    message: 10 * 1024 * 1024,
    recipients: 100,
    sessions: 1024,
    buffered: 256 * 1024 * 1024,
    idle: Duration::from_secs(300),
    unrouted: 10_000,
};

/// Why the catcher could not start.
#[derive(Debug, thiserror::Error)]
pub enum CatcherError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

/// What a catcher does with mail for no open world.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unrouted {
    /// Takes it and drops it (in-process runs: a finished world's late mail).
    #[default]
    Drop,
    /// Keeps all of it (`eseikyu catch`: there are no worlds).
    Keep,
    /// Keeps outside software's mail; refuses, with `550`, mail from a client that greets
    /// as a world that is not open, so it is never filed as another world's (`serve`).
    KeepOutside,
}

/// A running catcher.
#[derive(Clone)]
pub struct Catcher {
    addr: SocketAddr,
    store: Arc<Store>,
}

/// The EHLO name of a world's SMTP client.
pub fn hello_name(world: &str) -> String {
    format!("{world}{WORLD_DOMAIN}")
}

/// The world an EHLO name speaks for, if it is a world's name.
pub fn world_of_hello(name: &str) -> Option<&str> {
    let world = name.strip_suffix(WORLD_DOMAIN)?;
    (!world.is_empty()).then_some(world)
}

const WORLD_DOMAIN: &str = ".world.eseikyu.invalid";
const NAME: &str = "catcher.eseikyu.local";

impl Catcher {
    /// Starts a catcher on `127.0.0.1:port` (0: a free port); `threads` bounds the
    /// concurrent sessions of the embedded engine. Mail for no open world is dropped.
    pub fn start(port: u16, threads: u32, engine: Engine) -> Result<Catcher, CatcherError> {
        Catcher::start_with(port, threads, engine, Unrouted::Drop)
    }

    /// As [`Catcher::start`], with mail for no open world handled as `unrouted` says;
    /// kept mail waits for [`Catcher::take_unrouted`] (up to [`Limits::unrouted`]).
    pub fn start_with(
        port: u16,
        threads: u32,
        engine: Engine,
        unrouted: Unrouted,
    ) -> Result<Catcher, CatcherError> {
        let addr = format!("127.0.0.1:{port}");
        let bind_error = |source| CatcherError::Bind {
            addr: addr.clone(),
            source,
        };
        let listener = TcpListener::bind(&addr).map_err(bind_error)?;
        let local = listener.local_addr().map_err(bind_error)?;
        let store = Arc::new(Store {
            policy: unrouted,
            ..Store::default()
        });
        match engine {
            Engine::Quick => serve_quick(listener, store.clone()).map_err(bind_error)?,
            Engine::Embedded => {
                serve_embedded(listener, store.clone(), threads.max(1)).map_err(bind_error)?
            }
        }
        Ok(Catcher { addr: local, store })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Opens the mailbox of `world`: mail for it is kept from now on.
    pub fn open(&self, world: &str) {
        self.store.boxes().entry(world.to_string()).or_default();
    }

    /// Closes the mailbox of `world`, dropping what it still holds.
    pub fn close(&self, world: &str) {
        self.store.boxes().remove(world);
        self.store
            .faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(world);
    }

    /// Scripts what happens to the next messages of `world`, one entry each (`None`:
    /// taken as usual): a scripted `451` or `554` answer to the end of the message, a
    /// connection closed before the answer, or the message taken and the connection closed
    /// before the answer (a slow server). Served by the quick engine, which worlds use.
    pub fn fault(&self, world: &str, next: impl IntoIterator<Item = Option<SmtpFault>>) {
        self.store
            .faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(world.to_string())
            .or_default()
            .extend(next);
    }

    /// Takes every message that arrived for `world` so far, oldest first.
    pub fn take(&self, world: &str) -> Vec<RawMail> {
        self.store
            .boxes()
            .get_mut(world)
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// From now on, mail for no open world is handed to `keep` before the client is told
    /// it was taken (a server that keeps it on disk first); what `keep` refuses is
    /// answered `451` (the client tries again later). Such mail no longer waits for
    /// [`Catcher::take_unrouted`]. Set once; a second call is ignored.
    pub fn keep_outside_with(&self, keep: OutsideKeeper) {
        let _ = self.store.keeper.set(keep);
    }

    /// Takes the messages for no open world (kept only when the catcher keeps them).
    pub fn take_unrouted(&self) -> Vec<RawMail> {
        let mut q = self
            .store
            .unrouted
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        q.drain(..).collect()
    }

    /// Messages accepted since start, all mailboxes together.
    pub fn received(&self) -> u64 {
        self.store.received.load(Ordering::Acquire)
    }

    /// Worlds whose mailbox is open.
    pub fn open_worlds(&self) -> usize {
        self.store.boxes().len()
    }
}

/// The catcher of this process, started on first use.
pub fn shared() -> Result<&'static Catcher, CatcherError> {
    static SHARED: OnceLock<Catcher> = OnceLock::new();
    if let Some(c) = SHARED.get() {
        return Ok(c);
    }
    let c = Catcher::start(0, 32, Engine::Quick)?;
    Ok(SHARED.get_or_init(|| c))
}

/// What a server does with mail for no open world before it is acknowledged (see
/// [`Catcher::keep_outside_with`]).
pub type OutsideKeeper = Box<dyn Fn(RawMail) -> Result<(), String> + Send + Sync>;

#[derive(Default)]
struct Store {
    keeper: OnceLock<OutsideKeeper>,
    boxes: Mutex<HashMap<String, Vec<RawMail>>>,
    /// Scripted faults per world, for its next messages (`None`: taken as usual).
    faults: Mutex<HashMap<String, VecDeque<Option<SmtpFault>>>>,
    unrouted: Mutex<VecDeque<RawMail>>,
    /// What is done with mail for no open world.
    policy: Unrouted,
    received: AtomicU64,
    sessions: AtomicUsize,
    buffered: AtomicUsize,
}

impl Store {
    fn boxes(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<RawMail>>> {
        self.boxes.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The scripted fault for the next message of the world a client greeted as.
    fn next_fault(&self, hello: &str) -> Option<SmtpFault> {
        let world = world_of_hello(hello)?;
        let mut faults = self.faults.lock().unwrap_or_else(|p| p.into_inner());
        let queue = faults.get_mut(world)?;
        let next = queue.pop_front().flatten();
        if queue.is_empty() {
            faults.remove(world);
        }
        next
    }

    /// Files a message under its world, or with the unrouted ones (outside software's
    /// mail), or nowhere. A client that greets as a world that is not open is refused:
    /// its mail is never filed as another world's.
    fn deliver(&self, hello: &str, mail: RawMail) -> Result<(), Refused> {
        if let Some(world) = world_of_hello(hello) {
            let mut boxes = self.boxes();
            if let Some(b) = boxes.get_mut(world) {
                self.received.fetch_add(1, Ordering::Release);
                b.push(mail);
                return Ok(());
            }
            if self.policy == Unrouted::KeepOutside {
                return Err(Refused::NoSuchWorld);
            }
        }
        if let Some(keep) = self.keeper.get() {
            keep(mail).map_err(|_| Refused::NotKept)?;
            self.received.fetch_add(1, Ordering::Release);
            return Ok(());
        }
        self.received.fetch_add(1, Ordering::Release);
        if self.policy != Unrouted::Drop {
            let mut q = self.unrouted.lock().unwrap_or_else(|p| p.into_inner());
            if q.len() >= LIMITS.unrouted {
                q.pop_front();
            }
            q.push_back(mail);
        }
        Ok(())
    }
}

/// Why a message was not taken.
#[derive(Debug)]
enum Refused {
    /// From a client that greeted as a world that is not open.
    NoSuchWorld,
    /// The server could not keep it now.
    NotKept,
}

fn serve_embedded(listener: TcpListener, store: Arc<Store>, threads: u32) -> std::io::Result<()> {
    let handler = Session::new(store, Arc::new(AtomicBool::new(false)));
    let mut server = mailin_embedded::Server::new(handler);
    server
        .with_name(NAME)
        .with_num_threads(threads)
        .with_tcp_listener(listener);
    let _ = server.with_ssl(mailin_embedded::SslConfig::None);
    // Its error type is not Send, so it is reported from inside the thread.
    std::thread::Builder::new()
        .name("smtp-catcher".into())
        .spawn(move || {
            if let Err(e) = server.serve() {
                eprintln!("eseikyu: SMTP catcher stopped: {e}");
            }
        })?;
    Ok(())
}

/// How a scripted fault answers the end of a message.
#[derive(Clone, Copy, Debug)]
enum FaultAnswer {
    Reply(&'static [u8]),
    HangUp,
}

/// One SMTP session's state; cloned for each connection.
#[derive(Clone)]
struct Session {
    store: Arc<Store>,
    /// Set by the session loop when the message in progress is refused.
    discard: Arc<AtomicBool>,
    /// What a scripted fault answers the end of a message with, in place of `250`.
    fault: Arc<Mutex<Option<FaultAnswer>>>,
    hello: String,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Session {
    fn new(store: Arc<Store>, discard: Arc<AtomicBool>) -> Session {
        Session {
            store,
            discard,
            fault: Arc::new(Mutex::new(None)),
            hello: String::new(),
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
        }
    }
}

impl Handler for Session {
    fn helo(&mut self, _ip: IpAddr, domain: &str) -> Response {
        self.hello = domain.to_string();
        response::OK
    }
    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> Response {
        self.to.clear();
        response::OK
    }
    fn rcpt(&mut self, to: &str) -> Response {
        if self.to.len() >= LIMITS.recipients {
            return Response::custom(452, "4.5.3 Too many recipients".into());
        }
        self.to.push(to.to_string());
        response::OK
    }
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_string();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        // The quick loop never passes more; this bounds the embedded engine.
        if self.data.len() + buf.len() > LIMITS.message {
            self.data.clear();
            return Err(std::io::Error::other("message too big"));
        }
        self.data.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        let bytes = std::mem::take(&mut self.data);
        let from = std::mem::take(&mut self.from);
        let to = std::mem::take(&mut self.to);
        if self.discard.swap(false, Ordering::AcqRel) {
            return response::OK;
        }
        let mail = RawMail {
            envelope_from: from,
            envelope_to: to,
            bytes,
        };
        // mailin keeps a session in its DATA state after an error answer, so a fault is
        // answered by the session loop, in place of this 250.
        let answer = match self.store.next_fault(&self.hello) {
            None => match self.store.deliver(&self.hello, mail) {
                Ok(()) => None,
                Err(Refused::NoSuchWorld) => Some(FaultAnswer::Reply(
                    b"550 5.1.1 No such world: the mail is not taken\r\n",
                )),
                Err(Refused::NotKept) => Some(FaultAnswer::Reply(
                    b"451 4.3.0 The mail could not be kept: try again later\r\n",
                )),
            },
            Some(SmtpFault::Temporary) => Some(FaultAnswer::Reply(
                b"451 4.3.0 Temporary failure (scripted)\r\n",
            )),
            Some(SmtpFault::Permanent) => Some(FaultAnswer::Reply(
                b"554 5.3.0 Transaction failed (scripted)\r\n",
            )),
            Some(SmtpFault::Drop) => Some(FaultAnswer::HangUp),
            Some(SmtpFault::Slow) => {
                let _ = self.store.deliver(&self.hello, mail);
                Some(FaultAnswer::HangUp)
            }
        };
        *self.fault.lock().unwrap_or_else(|p| p.into_inner()) = answer;
        response::OK
    }
}

/// What the mail server does with the next message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SmtpFault {
    /// Answers `451` (try again later): the system keeps the mail and sends it again.
    Temporary,
    /// Answers `554`: the mail is lost.
    Permanent,
    /// Closes the connection before answering: the mail is not taken; sent again.
    Drop,
    /// Takes the mail but answers too late: the system sends it again, so it arrives twice.
    Slow,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_names_round_trip() {
        assert_eq!(world_of_hello(&hello_name("w1-abc")), Some("w1-abc"));
        assert_eq!(world_of_hello("mail.example.jp"), None);
        assert_eq!(world_of_hello(WORLD_DOMAIN), None);
    }
}
