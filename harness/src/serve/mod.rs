//! `eseikyu serve`: the simulated 介護電子請求受付システム for outside software. An edge,
//! like `mail` and `cli`: it holds the sockets; the worlds behind it stay pure.
//!
//! Surfaces (docs/serving.md):
//! - the site, HTML at the real site's addresses (`site`);
//! - mail: the SMTP catcher on its own port, read through a Mailpit-compatible API and a
//!   viewer page (`mailpit`);
//! - the back office, a JSON control API under `/_eseikyu/` (`control`, OpenAPI in
//!   `harness/openapi/control.json`), with pages for mail and posted letters (`pages`);
//! - the mutual-TLS stand-in 介護保険資格確認等WEBサービス on its own port (`tls`).

pub mod journal;
pub mod limits;
pub mod sessions;
pub mod worlds;
mod guard;
mod site;
mod mailpit;
mod control;
mod pages;
mod tls;

use crate::mail::catcher::{Catcher, Engine};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use worlds::{Recipe, Served, Worlds};

pub use limits::Limits;

/// The OpenAPI document of the control API (`harness/openapi/control.json`).
pub const CONTROL_OPENAPI: &str = control::OPENAPI;

/// The cookie that chooses a world other than the first.
pub const WORLD_COOKIE: &str = "ESEIKYU_WORLD";
/// The largest request body the server reads (but for the linkage client's upload form).
pub const MAX_BODY: usize = 64 * 1024;
pub use site::MAX_UPLOAD_BODY;

/// Where each surface listens.
#[derive(Clone, Debug)]
pub struct Options {
    pub bind: IpAddr,
    pub port: u16,
    pub smtp_port: u16,
    pub service_port: u16,
    pub first: Recipe,
    /// How much the server keeps and how long it waits.
    pub limits: Limits,
    /// A token every control- and mail-API call must carry (`Authorization: Bearer`).
    pub token: Option<String>,
    /// Where the worlds are kept (`--data`): journaled, and restored on start.
    pub data: Option<std::path::PathBuf>,
}

impl Options {
    /// A server of its own on loopback, every port chosen by the system, the default
    /// limits and no token: what tests and benchmarks start.
    pub fn local(first: Recipe) -> Options {
        Options {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            smtp_port: 0,
            service_port: 0,
            first,
            limits: Limits::default(),
            token: None,
            data: None,
        }
    }
}

/// A running server: its addresses; it stops when `stop` is called or dropped.
pub struct Running {
    pub site: SocketAddr,
    pub smtp: SocketAddr,
    pub service: SocketAddr,
    /// The CA certificate (PEM) that verifies the TLS service's own certificate.
    pub service_ca: String,
    /// What restoring the kept worlds noticed (a damaged journal's tail, …).
    pub notes: Vec<String>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    service_task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops the HTTP server and the TLS service and waits for them (the SMTP catcher
    /// lives as long as the process).
    pub async fn stop(mut self) {
        self.service_task.abort();
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = (&mut self.task).await;
    }
}

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error(transparent)]
    Catcher(#[from] crate::mail::catcher::CatcherError),
    #[error(transparent)]
    World(#[from] worlds::WorldError),
    #[error("TLS service: {0}")]
    Tls(String),
    #[error("{0}")]
    Restore(String),
}

/// Starts every surface (on a tokio runtime); returns once they listen.
pub async fn start(opts: Options) -> Result<Running, ServeError> {
    let catcher = Catcher::start_with(
        opts.smtp_port,
        32,
        Engine::Quick,
        crate::mail::catcher::Unrouted::KeepOutside,
    )?;
    let service_addr = SocketAddr::new(opts.bind, opts.service_port);
    let defaults = opts.first.clone();
    let limits = opts.limits;
    let (worlds, notes) = match opts.data.clone() {
        None => (
            Worlds::new(catcher.clone(), opts.first, limits)?,
            Vec::new(),
        ),
        // Replaying sends mail over SMTP: blocking work, off the runtime's threads.
        Some(dir) => {
            let catcher = catcher.clone();
            let first = opts.first;
            tokio::task::spawn_blocking(move || Worlds::open(catcher, first, limits, &dir))
                .await
                .map_err(|e| ServeError::Restore(format!("restoring the worlds stopped: {e}")))??
        }
    };
    let worlds = Arc::new(worlds);
    let tls::Listening {
        address: service,
        task: service_task,
        ca_pem: service_ca,
    } = tls::listen(service_addr, worlds.clone(), limits)
        .await
        .map_err(ServeError::Tls)?;
    let state = AppState {
        worlds,
        defaults: Arc::new(defaults),
        smtp: catcher.addr(),
        service,
        service_ca: Arc::new(service_ca.clone()),
    };
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ServeError::Bind(addr, e))?;
    let site = listener
        .local_addr()
        .map_err(|e| ServeError::Bind(addr, e))?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = router(state).layer(axum::middleware::from_fn({
        let guard = guard::Guard {
            bound: opts.bind,
            token: opts.token.clone().map(Arc::from),
        };
        move |req, next| guard.clone().check(req, next)
    }));
    let task = tokio::spawn(accept(listener, app, stopped, limits));
    Ok(Running {
        notes,
        site,
        smtp: catcher.addr(),
        service,
        service_ca,
        stop: Some(stop),
        task,
        service_task,
    })
}

/// Accepts connections until stopped, at most `limits.connections` at once, each served
/// over HTTP/1.1 with `limits.header_read` for a request's headers (slowloris gives its
/// place back).
async fn accept(
    listener: tokio::net::TcpListener,
    app: Router,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
    limits: Limits,
) {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.connections));
    loop {
        let slot = tokio::select! {
            _ = &mut stopped => return,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => return,
            },
        };
        let tcp = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                // Out of descriptors, most likely: let connections end first.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // A page written in two parts must not wait for the first's acknowledgement.
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let service =
                hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    tower_service::Service::call(&mut app.clone(), req)
                });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .serve_connection(hyper_util::rt::TokioIo::new(tcp), service)
                .await;
        });
    }
}

/// Runs long, blocking work (generating offices) from a request: on a multi-threaded
/// runtime the worker's other tasks move elsewhere meanwhile, so no other world waits.
pub(crate) fn long<T>(work: impl FnOnce() -> T) -> T {
    let multi = tokio::runtime::Handle::try_current()
        .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if multi {
        tokio::task::block_in_place(work)
    } else {
        work()
    }
}

/// Every route of the server.
fn router(state: AppState) -> Router {
    Router::new()
        .merge(site::routes())
        .merge(mailpit::routes())
        .merge(control::routes())
        .merge(pages::routes())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::map_response(protected))
        .with_state(state)
}

/// Every answer is kept out of caches (a logged-out visitor's Back must not show a
/// logged-in screen), sniffing, frames and other sites' pages.
async fn protected(mut r: Response) -> Response {
    const HEADERS: &[(&str, &str)] = &[
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
        (
            "content-security-policy",
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    ];
    let h = r.headers_mut();
    for (name, value) in HEADERS {
        if !h.contains_key(*name) {
            h.insert(*name, HeaderValue::from_static(value));
        }
    }
    r
}

/// No route: a JSON error under the JSON surfaces (the Mailpit and control APIs), the
/// site's error page elsewhere.
async fn not_found(uri: axum::http::Uri) -> Response {
    let path = uri.path();
    let json = path.starts_with("/api/")
        || path.starts_with("/_eseikyu/worlds")
        || path.starts_with("/_eseikyu/api/");
    if json {
        let mut r = (
            StatusCode::NOT_FOUND,
            serde_json::json!({ "error": format!("no API call at {path}") }).to_string(),
        )
            .into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return r;
    }
    Failure {
        status: StatusCode::NOT_FOUND,
        message: "No page at this address.".into(),
    }
    .into_response()
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    worlds: Arc<Worlds>,
    /// What a world made through the control API starts from, unless told otherwise.
    defaults: Arc<Recipe>,
    smtp: SocketAddr,
    service: SocketAddr,
    /// The CA certificate that verifies the TLS service (served at
    /// `/_eseikyu/service-ca.pem`).
    service_ca: Arc<String>,
}

impl AppState {
    /// Runs `f` on the world a request is for (its cookie, or the first), after the
    /// clock has followed the wall (in wall mode) and outside mail has been filed.
    async fn with_world<T: Send + 'static>(
        &self,
        headers: &HeaderMap,
        f: impl FnOnce(&mut Served) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        let name = cookie(headers, WORLD_COOKIE).unwrap_or_else(|| worlds::DEFAULT.into());
        self.with_named(&name, f).await
    }

    /// Reads the world a request is for (its cookie, or the first) without changing it:
    /// no lock against other readers. A world on the wall clock is ticked first (write).
    async fn view_world<T: Send + 'static>(
        &self,
        headers: &HeaderMap,
        f: impl FnOnce(&Served) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        let name = cookie(headers, WORLD_COOKIE).unwrap_or_else(|| worlds::DEFAULT.into());
        self.view_named(&name, f).await
    }

    /// Reads the named world.
    async fn view_named<T: Send + 'static>(
        &self,
        name: &str,
        f: impl FnOnce(&Served) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        self.worlds.take_outside_mail().await;
        let world = self
            .worlds
            .get(name)
            .map_err(|e| Failure::not_found(e.to_string()))?;
        let wall = worlds::read(&world).clock == worlds::ClockMode::Wall;
        if wall {
            // The clock has moved on: bring the world up to date first.
            return self.with_named(name, move |s| f(s)).await;
        }
        let s = worlds::read(&world);
        f(&s)
    }

    /// Runs `f` on the named world, in place: acting is quick and does no I/O. The mail
    /// it sent then leaves over SMTP from a blocking thread, the world released, and is
    /// filed (with its Mailpit ID) before the answer goes out.
    async fn with_named<T: Send + 'static>(
        &self,
        name: &str,
        f: impl FnOnce(&mut Served) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        self.worlds.take_outside_mail().await;
        let world = self
            .worlds
            .get(name)
            .map_err(|e| Failure::not_found(e.to_string()))?;
        // A kept world's requests take turns, from the first change to the journal.
        let _turn = self.worlds.turn(name).await;
        let (out, unsent) = {
            let mut s = worlds::lock(&world);
            let out = match s.tick() {
                Ok(()) => f(&mut s),
                Err(e) => Err(Failure::server(e)),
            };
            let unsent = s.take_unsent();
            if unsent.is_empty() {
                commit(&mut s)?;
            }
            (out, unsent)
        };
        if !unsent.is_empty() {
            // SMTP is blocking I/O: it runs on a thread of its own, the world released.
            let sent = tokio::task::spawn_blocking(move || unsent.send())
                .await
                .map_err(|e| Failure::server(format!("the mail client stopped: {e}")))?;
            let mut s = worlds::lock(&world);
            let settled = s.settle(sent).map_err(Failure::server);
            commit(&mut s)?;
            settled?;
        }
        out
    }
}

/// Writes a request's changes to its world's journal before it is answered; a change
/// that could not be written is answered as not done (`500`).
fn commit(s: &mut Served) -> Result<(), Failure> {
    s.commit().map_err(|e| {
        Failure::server(format!(
            "the change could not be written to the journal ({e}): it is not kept"
        ))
    })
}

/// A request the server refuses, with the page or JSON a real server would give.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    fn bad_request(m: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::BAD_REQUEST,
            message: m.into(),
        }
    }
    fn not_found(m: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::NOT_FOUND,
            message: m.into(),
        }
    }
    fn unprocessable(m: impl ToString) -> Failure {
        Failure {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: m.to_string(),
        }
    }
    fn conflict(m: impl ToString) -> Failure {
        Failure {
            status: StatusCode::CONFLICT,
            message: m.to_string(),
        }
    }
    fn server(m: impl ToString) -> Failure {
        Failure {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: m.to_string(),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let page = pages::error_page(self.status, &self.message);
        html_response(self.status, page)
    }
}

/// An HTML answer.
fn html_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// A cookie's value from the request's `Cookie` headers.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}
