//! The system's outgoing mail: a real SMTP client (lettre) talking to the catcher.

use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::extension::ClientId;
use lettre::{Message, SmtpTransport, Transport};
use std::net::SocketAddr;

/// The most SMTP sessions one world keeps open.
pub const POOL_SIZE: u32 = 4;
/// How long an unused session stays open.
pub const POOL_IDLE: std::time::Duration = std::time::Duration::from_secs(10);

/// Why a message was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("SMTP delivery to {addr} failed: {source}")]
    Smtp {
        addr: SocketAddr,
        source: lettre::transport::smtp::Error,
    },
}

impl SendError {
    /// Whether the server refused the message for good (a 5xx answer): sending it again
    /// would not help. Anything else (a 4xx, a lost connection) may pass later.
    pub fn is_permanent(&self) -> bool {
        match self {
            SendError::Smtp { source, .. } => source.is_permanent(),
        }
    }
}

/// An SMTP client for one server, keeping up to [`POOL_SIZE`] sessions open for
/// [`POOL_IDLE`] (lettre's pool: a session is checked with `NOOP` and reused for the next
/// message, as a mail system's relay reuses its connections; closed when the world ends).
///
/// The client greets with a name that says which world sends (`EHLO <world>.world.…`):
/// the catcher routes by it, so nothing internal is written into the message a
/// recipient reads.
#[derive(Clone)]
pub struct Outbound {
    addr: SocketAddr,
    transport: SmtpTransport,
}

impl Outbound {
    /// A client of the catcher at `addr`, sending for the world `world`.
    pub fn new(addr: SocketAddr, world: &str) -> Outbound {
        Outbound::with_pool(addr, world, POOL_SIZE)
    }

    /// A client that opens a new SMTP session for every message (and closes it with
    /// `QUIT`), for comparisons.
    pub fn one_session_per_message(addr: SocketAddr, world: &str) -> Outbound {
        Outbound::with_pool(addr, world, POOL_SIZE)
    }

    fn with_pool(addr: SocketAddr, world: &str, size: u32) -> Outbound {
        let transport = SmtpTransport::builder_dangerous(addr.ip().to_string())
            .port(addr.port())
            .hello_name(ClientId::Domain(super::catcher::hello_name(world)))
            .pool_config(PoolConfig::new().max_size(size).idle_timeout(POOL_IDLE))
            .build();
        Outbound { addr, transport }
    }
    /// Sends one message; returns once the server has accepted it (250 after DATA).
    pub fn send(&self, message: &Message) -> Result<(), SendError> {
        self.transport
            .send(message)
            .map(|_| ())
            .map_err(|source| SendError::Smtp {
                addr: self.addr,
                source,
            })
    }
}
