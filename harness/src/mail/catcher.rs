//! The SMTP catcher: an embedded SMTP server (mailin-embedded) on loopback that keeps
//! every message it receives, routed to per-world mailboxes.
//!
//! mailin-embedded has no shutdown, so a process runs one catcher ([`shared`]) that every
//! world uses; messages carry the sending world in a header (see `message::WORLD_HEADER`).

use super::message::world_of;
use mailin_embedded::response::Response;
use mailin_embedded::{Handler, Server, SslConfig, response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// A message as it arrived, with its envelope.
#[derive(Clone, Debug)]
pub struct RawMail {
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub bytes: Vec<u8>,
}

/// Mailbox key for messages without a world header (sent by other clients).
pub const UNROUTED: &str = "";

/// Why the catcher could not start.
#[derive(Debug, thiserror::Error)]
pub enum CatcherError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

/// A running catcher.
#[derive(Clone)]
pub struct Catcher {
    addr: SocketAddr,
    store: Arc<Store>,
}

#[derive(Default)]
struct Store {
    boxes: Mutex<HashMap<String, Vec<RawMail>>>,
    received: AtomicU64,
}

impl Catcher {
    /// Starts a catcher on `127.0.0.1:port` (0: a free port) with `threads` session threads.
    pub fn start(port: u16, threads: u32) -> Result<Catcher, CatcherError> {
        let addr = format!("127.0.0.1:{port}");
        let listener = TcpListener::bind(&addr).map_err(|source| CatcherError::Bind {
            addr: addr.clone(),
            source,
        })?;
        let local = listener
            .local_addr()
            .map_err(|source| CatcherError::Bind { addr, source })?;
        let store = Arc::new(Store::default());
        let handler = Session {
            store: store.clone(),
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
        };
        let mut server = Server::new(handler);
        server
            .with_name("catcher.eseikyu.local")
            .with_num_threads(threads)
            .with_tcp_listener(listener);
        let _ = server.with_ssl(SslConfig::None);
        // A detached thread (never spawn_blocking: the server has no shutdown). Its error
        // type is not Send, so it is reported here.
        std::thread::Builder::new()
            .name("smtp-catcher".into())
            .spawn(move || {
                if let Err(e) = server.serve() {
                    eprintln!("eseikyu: SMTP catcher stopped: {e}");
                }
            })
            .map_err(|source| CatcherError::Bind {
                addr: local.to_string(),
                source,
            })?;
        Ok(Catcher { addr: local, store })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Takes every message that arrived for `world` so far, oldest first.
    pub fn take(&self, world: &str) -> Vec<RawMail> {
        let mut boxes = self.store.boxes.lock().unwrap_or_else(|p| p.into_inner());
        boxes.remove(world).unwrap_or_default()
    }

    /// Messages received since start, all mailboxes together.
    pub fn received(&self) -> u64 {
        self.store.received.load(Ordering::Acquire)
    }
}

/// The catcher of this process, started on first use.
pub fn shared() -> Result<&'static Catcher, CatcherError> {
    static SHARED: OnceLock<Catcher> = OnceLock::new();
    if let Some(c) = SHARED.get() {
        return Ok(c);
    }
    let c = Catcher::start(0, 16)?;
    Ok(SHARED.get_or_init(|| c))
}

/// One SMTP session's state; mailin-embedded clones it for each connection.
#[derive(Clone)]
struct Session {
    store: Arc<Store>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Session {
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        response::OK
    }
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_string();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        let bytes = std::mem::take(&mut self.data);
        let world = world_of(&bytes).unwrap_or(UNROUTED).to_string();
        let mail = RawMail {
            envelope_from: std::mem::take(&mut self.from),
            envelope_to: std::mem::take(&mut self.to),
            bytes,
        };
        let mut boxes = self.store.boxes.lock().unwrap_or_else(|p| p.into_inner());
        boxes.entry(world).or_default().push(mail);
        drop(boxes);
        self.store.received.fetch_add(1, Ordering::Release);
        response::OK
    }
}
