//! The system's outgoing mail: a real SMTP client (lettre) talking to the catcher.

use lettre::transport::smtp::extension::ClientId;
use lettre::{Message, SmtpTransport, Transport};
use std::net::SocketAddr;

/// Why a message was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("SMTP delivery to {addr} failed: {source}")]
    Smtp {
        addr: SocketAddr,
        source: lettre::transport::smtp::Error,
    },
}

/// An SMTP client for one server. No connection pool: each message is one SMTP session,
/// as a mail system's submission would be, and idle sessions never hold catcher threads.
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
        let transport = SmtpTransport::builder_dangerous(addr.ip().to_string())
            .port(addr.port())
            .hello_name(ClientId::Domain(super::catcher::hello_name(world)))
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
