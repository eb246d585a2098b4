//! The site: every screen as an HTML page at its address, sessions as cookies.
//!
//! A visitor's first request gets a session (cookie `ESEIKYU_VISITOR`); the world is the
//! first one unless the cookie `ESEIKYU_WORLD` names another (`/_eseikyu/worlds/{id}/enter`
//! sets it). A form posts to its page's address: the fields on the screen are filled from
//! it, then the pressed button (`_press`, with `_row` for a table row) is pressed, and the
//! answer is a redirect to the next page (303) — or the file, when the press downloaded one.
//! A link is a GET of `/KShinsei/act?_press=…` (an `<a>`, as the seeds' リンク and the
//! notice watchers' selectors have it). Every form and every link carries the session's
//! anti-forgery token (`_token`); a press without it — a page of another site, or one from
//! before a login or logout — or from a page the session has left presses nothing and is
//! answered with the stale-page answer (the screen the session is on, `409`). The entry
//! pages open at the real site's
//! addresses: `/` (総合窓口), `/KShinsei/main` (the pre-login お知らせ一覧),
//! `/KShinsei/login`, `/mobile`.

use super::worlds::Served;
use super::{AppState, Failure, cookie, html_response};
use crate::screens::html::{self, Actions};
use crate::screens::{Action, Browser, FieldKind, Screen};
use crate::world::DownloadKind;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The cookie that names a visitor's session.
pub const VISITOR_COOKIE: &str = "ESEIKYU_VISITOR";
/// Where links go.
pub const LINK: &str = html::LINK_ADDRESS;

/// The most a linkage client's upload form may carry: the largest file the profile takes
/// (10 MiB) and the form around it. A larger body is refused with 413 before it is read.
pub const MAX_UPLOAD_BODY: usize = 11 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    let careplan = Router::new()
        .route("/careplan", get(entry).post(form))
        .route("/careplan/{page}", get(show).post(form))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BODY));
    Router::new()
        .merge(careplan)
        .route("/", get(entry).post(form))
        .route("/KShinsei/main", get(entry).post(form))
        .route("/KShinsei/login", get(entry).post(form))
        .route("/mobile", get(entry).post(form))
        .route(LINK, get(link))
        .route("/KShinsei/{page}", get(show).post(form))
        .route("/mobile/{page}", get(show).post(form))
}

/// The visitor of a request, and whether it is new (its cookie must be set).
struct Visit {
    visitor: String,
    new: bool,
}

fn visit(headers: &HeaderMap) -> Visit {
    match cookie(headers, VISITOR_COOKIE) {
        Some(v) if super::sessions::valid_name(&v) => Visit {
            visitor: v,
            new: false,
        },
        _ => Visit {
            visitor: super::sessions::new_name(),
            new: true,
        },
    }
}

/// GET of an entry page: opens it (as `open:` does), unless the visitor is on it already.
async fn entry(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let v = visit(&headers);
    let path = uri.path().to_string();
    let marked = uri.query() == Some(REFUSED);
    let (visitor, here) = (v.visitor.clone(), path.clone());
    let shown = state
        .view_world(&headers, move |s| {
            Ok(shown_as_is(s, &visitor, &here, marked).then(|| render(s, &visitor)))
        })
        .await;
    if let Ok(Some(page)) = shown {
        return with_visitor(page, &v);
    }
    let outcome = state
        .with_world(&headers, move |s| {
            if !shown_as_is(s, &v.visitor, &path, marked)
                && let Some(page) = Browser::entry_at(&path)
            {
                // A session made by opening a page counts toward the limit at once.
                s.sessions.touch(&v.visitor);
                s.forget_idle_sessions();
                s.act(&v.visitor, &Action::Open(page.to_string()))
                    .map_err(|e| Failure::bad_request(e.to_string()))?;
            }
            Ok((render(s, &v.visitor), v))
        })
        .await;
    respond(outcome, |(page, v)| with_visitor(page, &v))
}

/// Whether a GET of an entry page shows the visitor's screen as it is: the visitor is on
/// that page, and it shows no refusal or the GET follows the form that was refused
/// (marked). A new visit never carries the last form's messages: the page opens afresh,
/// as `open:` does in process.
fn shown_as_is(s: &Served, visitor: &str, address: &str, marked: bool) -> bool {
    s.world().browser_of(visitor).address() == address
        && (marked || s.world().screen_of(visitor).errors.is_empty())
}

/// The query that marks the GET after a refused form.
const REFUSED: &str = crate::screens::REFUSED_MARK;

/// GET of any other page: the visitor's current page, at its own address.
async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(_page): Path<String>,
) -> Response {
    let v = visit(&headers);
    let path = uri.path().to_string();
    let outcome = state
        .view_world(&headers, move |s| {
            let address = s.world().browser_of(&v.visitor).address();
            if address != path {
                return Ok((redirect(address), v));
            }
            Ok((render(s, &v.visitor), v))
        })
        .await;
    respond(outcome, |(r, v)| with_visitor(r, &v))
}

/// A link: presses it (no fields), then shows where it led.
async fn link(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let v = visit(&headers);
    let pairs = pairs(q.as_deref().unwrap_or_default().as_bytes());
    let Some(name) = value(&pairs, html::PRESS) else {
        return Failure::bad_request("a link names what it presses: `_press=…`").into_response();
    };
    let row = value(&pairs, html::ROW);
    let token = value(&pairs, html::TOKEN);
    let outcome = state
        .with_world(&headers, move |s| {
            if !genuine(&v, token.as_deref()) {
                return Ok((stale(s, &v.visitor), v));
            }
            let mut v = v;
            let r = press(s, &mut v, vec![], name, row)?;
            Ok((r, v))
        })
        .await;
    respond(outcome, |(r, v)| with_visitor(r, &v))
}

/// A form: its fields, then its button.
async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let v = visit(&headers);
    let (fields, files) = match multipart_boundary(&headers) {
        Some(boundary) => match multipart(body, boundary).await {
            Ok(parts) => parts,
            Err(why) => return Failure::bad_request(why).into_response(),
        },
        None => (pairs(&body), Vec::new()),
    };
    let query = pairs(q.as_deref().unwrap_or_default().as_bytes());
    let Some(name) = value(&fields, html::PRESS) else {
        return Failure::bad_request("the form names no button: `_press` is missing")
            .into_response();
    };
    let row = value(&query, html::ROW);
    let token = value(&fields, html::TOKEN);
    let posted_to = uri.path().to_string();
    let outcome = state
        .with_world(&headers, move |s| {
            // A form from a page the session has left (another tab moved it, or Back
            // showed an old page), or not from the session's pages at all, is not applied
            // to the screen it is on now.
            if !genuine(&v, token.as_deref())
                || s.world().browser_of(&v.visitor).address() != posted_to
            {
                return Ok((stale(s, &v.visitor), v));
            }
            let screen = s.world().screen_of(&v.visitor);
            let mut actions = crate::screens::resolve::form_fills(&screen, &fields);
            actions.extend(attach(&screen, files));
            let mut v = v;
            let r = press(s, &mut v, actions, name, row)?;
            Ok((r, v))
        })
        .await;
    respond(outcome, |(r, v)| with_visitor(r, &v))
}

/// Whether a post carries its session's anti-forgery token (a page of another site, or
/// one from before a login or logout, does not).
fn genuine(v: &Visit, token: Option<&str>) -> bool {
    !v.new && token.is_some_and(|t| super::sessions::valid_token(&v.visitor, t))
}

/// The files a posted form chose for the screen's file fields (an empty choice is none).
fn attach(screen: &Screen, files: Vec<(String, String, Bytes)>) -> Vec<Action> {
    files
        .into_iter()
        .filter(|(field, name, _)| {
            !name.is_empty()
                && screen
                    .fields()
                    .any(|f| f.kind == FieldKind::File && f.name == *field)
        })
        .map(|(field, name, bytes)| Action::Attach { field, name, bytes })
        .collect()
}

/// The boundary of a multipart/form-data body, if the request is one.
fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let kind = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    kind.starts_with("multipart/form-data")
        .then(|| multer::parse_boundary(kind).ok())
        .flatten()
}

/// A multipart/form-data body as its text fields and its files (field, file name, bytes).
async fn multipart(
    body: Bytes,
    boundary: String,
) -> Result<(Vec<(String, String)>, Vec<(String, String, Bytes)>), String> {
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(body) });
    let mut parts = multer::Multipart::new(stream, boundary);
    let (mut fields, mut files) = (Vec::new(), Vec::new());
    while let Some(part) = parts
        .next_field()
        .await
        .map_err(|e| format!("the form's multipart body: {e}"))?
    {
        let name = part.name().unwrap_or_default().to_string();
        let file = part.file_name().map(str::to_string);
        let bytes = whole(part)
            .await
            .map_err(|e| format!("the form's multipart body: {e}"))?;
        match file {
            Some(f) => files.push((name, f, bytes)),
            None => fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok((fields, files))
}

/// A part's bytes: with the whole body read first, its one piece as it lies in the body
/// (multer's own `bytes()` copies every piece into a new buffer: 10 MiB for a large file).
async fn whole(mut part: multer::Field<'_>) -> multer::Result<Bytes> {
    let Some(first) = part.chunk().await? else {
        return Ok(Bytes::new());
    };
    let Some(second) = part.chunk().await? else {
        return Ok(first);
    };
    let mut all = [first, second].concat();
    while let Some(more) = part.chunk().await? {
        all.extend_from_slice(&more);
    }
    Ok(Bytes::from(all))
}

/// Applies the fills and the press; answers with the file it downloaded, or a redirect
/// to the next page.
fn press(
    s: &mut Served,
    v: &mut Visit,
    fills: Vec<Action>,
    name: String,
    row: Option<String>,
) -> Result<Response, Failure> {
    let visitor = v.visitor.clone();
    let visitor = visitor.as_str();
    s.sessions.touch(visitor);
    s.forget_idle_sessions();
    let logged_in = s.world().login_of(visitor);
    let before = s.world().downloads().len();
    // What the page asked for is not on the session's screen: the page was an old one.
    for a in fills {
        if s.act(visitor, &a).is_err() {
            return Ok(stale(s, visitor));
        }
    }
    match s.act(visitor, &Action::Press { name, row }) {
        Ok(()) => {}
        // A link or button the simulator does not simulate: said so, as in process.
        Err(crate::door::DriverError::Act(e @ crate::screens::ActError::Unsupported(_))) => {
            return Err(Failure {
                status: StatusCode::NOT_IMPLEMENTED,
                message: e.to_string(),
            });
        }
        Err(_) => return Ok(stale(s, visitor)),
    }
    // A login or logout renews the session id: a name known before is worth nothing after.
    if s.world().login_of(visitor) != logged_in {
        let renewed = super::sessions::new_name();
        s.rename_visitor(visitor, &renewed);
        v.visitor = renewed;
        v.new = true;
    }
    let visitor = v.visitor.as_str();
    s.sync_mails();
    if let Some(d) = s.world().downloads().get(before) {
        let kind = match d.kind {
            DownloadKind::Certificate => "application/x-pkcs12",
            DownloadKind::Attachment => "application/zip",
            DownloadKind::Data => "text/csv",
        };
        let mut r = (StatusCode::OK, d.bytes.clone()).into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
        if let Ok(v) = HeaderValue::from_str(&disposition(&d.name)) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        return Ok(r);
    }
    // A page shown with the messages of what was refused is redirected to with a mark,
    // so that the GET that follows shows them; a new visit of the address (no mark)
    // opens an entry page afresh, as `open:` does in process.
    let here = s.world().browser_of(visitor).address();
    if s.world().screen_of(visitor).errors.is_empty() {
        Ok(redirect(here))
    } else {
        Ok(redirect(&format!("{here}?{REFUSED}")))
    }
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII name for old
/// clients, the real one for the others.
pub fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        html::percent(name)
    )
}

fn render(s: &Served, visitor: &str) -> Response {
    // Looking costs a visitor without a session nothing to keep (only acting makes one).
    if s.world().has_visitor(visitor) {
        s.sessions.touch(visitor);
    }
    page(s, visitor, None)
}

/// The answer to a press from a page the session has left: the screen it is on, in the
/// system's words (`E_STALE_PAGE`, ASSUMPTION), with `409 Conflict`.
fn stale(s: &Served, visitor: &str) -> Response {
    page(s, visitor, Some(crate::text::E_STALE_PAGE))
}

/// The visitor's current screen as its page at its own address; with a message first
/// (and `409`) when what the visitor sent was refused.
fn page(s: &Served, visitor: &str, refused: Option<&str>) -> Response {
    let mut screen = s.world().screen_of(visitor);
    if let Some(m) = refused {
        screen.errors.insert(0, m.to_string());
    }
    let token = super::sessions::form_token(visitor);
    let actions = Actions {
        post: s.world().browser_of(visitor).address(),
        link: LINK,
        token: &token,
    };
    let status = match refused {
        Some(_) => StatusCode::CONFLICT,
        None => StatusCode::OK,
    };
    html_response(status, html::page(&screen, &actions))
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn with_visitor(mut r: Response, v: &Visit) -> Response {
    if v.new
        && let Ok(c) = HeaderValue::from_str(&format!(
            "{VISITOR_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax",
            v.visitor
        ))
    {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

fn respond<T>(outcome: Result<T, Failure>, ok: impl FnOnce(T) -> Response) -> Response {
    match outcome {
        Ok(t) => ok(t),
        Err(f) => f.into_response(),
    }
}

/// `name=value` pairs of a form body or query (percent- and `+`-decoded).
fn pairs(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn value(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}
