//! The bounds of a served simulator — how much it keeps and how long it waits — so a
//! server left running for weeks stays bounded whatever its visitors do. Each is a
//! setting of `eseikyu serve` with the default below.

use std::time::Duration;

/// Every bound of a server, applied when a thing is made (a session, a world, an office,
/// a connection), in constant time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// A visitor's session unused this long is forgotten (`--session-idle`, minutes).
    pub session_idle: Duration,
    /// The most sessions one world keeps; beyond it the least recently seen are forgotten
    /// (`--max-sessions`).
    pub sessions: usize,
    /// The most worlds the server keeps; one more is refused with 409 (`--max-worlds`).
    pub worlds: usize,
    /// The most offices one world holds, named and generated; more are refused with 409
    /// (`--max-offices`).
    pub offices: usize,
    /// The most connections served at once on each port (site and TLS service); more
    /// wait to be accepted (`--max-connections`).
    pub connections: usize,
    /// How long a request's headers may take to arrive (`--header-read-time`, seconds): a
    /// client that sends them a byte at a time gives its place back.
    pub header_read: Duration,
    /// How long a TLS handshake may take (`--handshake-time`, seconds): a socket that says
    /// nothing gives its place back soon.
    pub handshake: Duration,
    /// A world (not the first) no request has used this long is deleted, from memory and
    /// from the data directory (`--world-idle`, days); export it before if it matters.
    pub world_idle: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            session_idle: Duration::from_secs(30 * 60),
            sessions: 10_000,
            worlds: 1_000,
            offices: 200_000,
            connections: 1_024,
            header_read: Duration::from_secs(10),
            handshake: Duration::from_secs(3),
            world_idle: Duration::from_secs(30 * 24 * 3600),
        }
    }
}
