//! The SMTP catcher: an embedded SMTP server on loopback that keeps every message it
//! receives, routed to per-world mailboxes.
//!
//! The SMTP protocol is mailin's (the engine of mailin-embedded). It is served by one of
//! two loops:
//! - [`Engine::Quick`] (the default): an event loop (tokio, one thread) that acknowledges
//!   message data at once (TCP_QUICKACK). SMTP clients that write the message and its
//!   terminating `.` separately (lettre does) otherwise wait for the receiver's delayed
//!   ACK — 40 ms a message on Linux.
//! - [`Engine::Embedded`]: mailin-embedded's own server, for comparison.
//!
//! Neither loop can be stopped, so a process runs one catcher ([`shared`]) that every world
//! uses; messages carry the sending world in a header (see `message::WORLD_HEADER`).

use super::message::world_of;
use mailin::{Action, Handler, Response, SessionBuilder, response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// A message as it arrived, with its envelope.
#[derive(Clone, Debug)]
pub struct RawMail {
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub bytes: Vec<u8>,
}

/// Mailbox key for messages without a world header (sent by other clients).
pub const UNROUTED: &str = "";

/// Which loop serves the SMTP sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Engine {
    #[default]
    Quick,
    Embedded,
}

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

const NAME: &str = "catcher.eseikyu.local";
/// As mailin-embedded: a silent client is dropped after five minutes.
const IDLE: Duration = Duration::from_secs(300);

impl Catcher {
    /// Starts a catcher on `127.0.0.1:port` (0: a free port); `threads` bounds the
    /// concurrent sessions of the embedded engine (the quick engine has no bound).
    pub fn start(port: u16, threads: u32, engine: Engine) -> Result<Catcher, CatcherError> {
        let addr = format!("127.0.0.1:{port}");
        let bind_error = |source| CatcherError::Bind {
            addr: addr.clone(),
            source,
        };
        let listener = TcpListener::bind(&addr).map_err(bind_error)?;
        let local = listener.local_addr().map_err(bind_error)?;
        let store = Arc::new(Store::default());
        let handler = Session {
            store: store.clone(),
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
        };
        let threads = threads.max(1);
        match engine {
            Engine::Quick => serve_quick(listener, handler).map_err(bind_error)?,
            Engine::Embedded => serve_embedded(listener, handler, threads).map_err(bind_error)?,
        }
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
    let c = Catcher::start(0, 32, Engine::Quick)?;
    Ok(SHARED.get_or_init(|| c))
}

/// An event loop (tokio, one thread) serving every session, like a classic mail sink:
/// no thread switch per SMTP command. Detached: the catcher lives as long as the process.
fn serve_quick(listener: TcpListener, handler: Session) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    std::thread::Builder::new()
        .name("smtp-catcher".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                loop {
                    let Ok((stream, peer)) = listener.accept().await else {
                        continue;
                    };
                    let handler = handler.clone();
                    // A broken connection ends its session only.
                    tokio::spawn(async move {
                        let _ = session(stream, peer.ip(), handler).await;
                    });
                }
            });
        })?;
    Ok(())
}

/// One SMTP session: mailin decides every reply; this loop only moves bytes.
async fn session(
    stream: tokio::net::TcpStream,
    remote: IpAddr,
    handler: Session,
) -> std::io::Result<()> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut reader = tokio::io::BufReader::with_capacity(16 * 1024, read);
    let mut out = Vec::with_capacity(256);
    let mut smtp = SessionBuilder::new(NAME).build(remote, handler);
    smtp.greeting().write_to(&mut out)?;
    write.write_all(&out).await?;
    let mut line = Vec::with_capacity(256);
    let mut in_data = false;
    loop {
        line.clear();
        let fresh = reader.buffer().is_empty();
        let n = tokio::time::timeout(IDLE, reader.read_until(b'\n', &mut line))
            .await
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
        if n == 0 {
            return Ok(());
        }
        // In DATA, a client may write the message and its terminating dot separately and
        // hold the second write until the first is acknowledged (Nagle); Linux would
        // delay that ACK by 40 ms. Acknowledge fresh bytes at once.
        if in_data && fresh {
            let _ = socket2::SockRef::from(reader.get_ref().as_ref()).set_tcp_quickack(true);
        }
        let res = smtp.process(&line);
        if res.action == Action::NoReply {
            continue;
        }
        in_data = res.code == 354;
        out.clear();
        res.write_to(&mut out)?;
        write.write_all(&out).await?;
        if matches!(res.action, Action::Close | Action::UpgradeTls) {
            return Ok(());
        }
    }
}

fn serve_embedded(listener: TcpListener, handler: Session, threads: u32) -> std::io::Result<()> {
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

/// One SMTP session's state; cloned for each connection.
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
