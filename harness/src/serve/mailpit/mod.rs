//! Mail as Mailpit serves it: the part of Mailpit's v1 API a test helper needs, with the
//! same JSON field names (its `swagger.json`; docs/serving.md lists what is covered), for the
//! first world at `/api/v1/…` and for world `{world}` at `/_eseikyu/worlds/{world}/api/v1/…`.
//! Each mail is read once into its Mailpit view (`view`); searches follow `search`.

mod json;
mod search;
pub(super) mod view;

use super::worlds::{self, MailEntry, Served};
use super::{AppState, Failure};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawPathParams, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use json::{message, summary};
use serde_json::{Value, json};

pub fn routes() -> Router<AppState> {
    let mut r = Router::new();
    for base in ["", "/_eseikyu/worlds/{world}"] {
        r = r
            .route(
                &format!("{base}/api/v1/messages"),
                get(list).delete(delete).put(set_read),
            )
            .route(&format!("{base}/api/v1/message/{{id}}"), get(one))
            .route(&format!("{base}/api/v1/message/{{id}}/raw"), get(raw))
            .route(
                &format!("{base}/api/v1/message/{{id}}/part/{{part}}"),
                get(part),
            )
            .route(
                &format!("{base}/api/v1/message/{{id}}/headers"),
                get(headers),
            )
            .route(
                &format!("{base}/api/v1/search"),
                get(search).delete(delete_search),
            )
            .route(&format!("{base}/api/v1/info"), get(info))
            .route(&format!("{base}/view/{{file}}"), get(view));
    }
    r
}

/// The world and message a path names.
fn path_of(params: &RawPathParams) -> (String, Option<String>) {
    let mut world = worlds::DEFAULT.to_string();
    let mut id = None;
    for (k, v) in params.iter() {
        match k {
            "world" => world = v.to_string(),
            "id" | "file" => id = Some(v.to_string()),
            _ => {}
        }
    }
    (world, id)
}

/// A path parameter by name.
fn param(params: &RawPathParams, name: &str) -> String {
    params
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .unwrap_or_default()
}

async fn list(
    State(state): State<AppState>,
    params: RawPathParams,
    RawQuery(q): RawQuery,
) -> Response {
    let (world, _) = path_of(&params);
    // Mailpit's list takes `limit=0` as no limit (and then ignores `start`).
    let (start, limit) = match paging(q.as_deref()) {
        (_, 0) => (0, usize::MAX),
        paged => paged,
    };
    json_or_failure(
        state
            .view_named(&world, move |s| Ok(summary(s, |_| true, start, limit)))
            .await,
    )
}

async fn search(
    State(state): State<AppState>,
    params: RawPathParams,
    RawQuery(q): RawQuery,
) -> Response {
    let (world, _) = path_of(&params);
    let terms = match required_terms(q.as_deref()) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    let (start, limit) = paging(q.as_deref());
    json_or_failure(
        state
            .view_named(&world, move |s| {
                Ok(summary(
                    s,
                    |e| terms.iter().all(|t| t.holds(e)),
                    start,
                    limit,
                ))
            })
            .await,
    )
}

async fn one(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, id) = path_of(&params);
    let id = id.unwrap_or_default();
    json_or_failure(
        state
            .with_named(&world, move |s| {
                let i = find(s, &id)?;
                let e = s.mails()[i].clone();
                s.mark(std::slice::from_ref(&e.id), Some(true), false);
                let e = s.mails()[i].clone();
                Ok(message(s, &e))
            })
            .await,
    )
}

async fn raw(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, id) = path_of(&params);
    let id = id.unwrap_or_default();
    let out = state
        .view_named(&world, move |s| {
            let i = find(s, &id)?;
            Ok(s.world().mails()[s.mails()[i].index].raw.clone())
        })
        .await;
    match out {
        Ok(bytes) => text(bytes),
        Err(f) => json_failure(f.status, &f.message),
    }
}

async fn view(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, file) = path_of(&params);
    let Some(id) = file
        .as_deref()
        .and_then(|f| f.strip_suffix(".txt"))
        .map(str::to_string)
    else {
        return json_failure(
            StatusCode::NOT_FOUND,
            "only the text part is served (`{ID}.txt`)",
        );
    };
    // Mailpit marks a message read when its text is viewed.
    let out = state
        .with_named(&world, move |s| {
            let i = find(s, &id)?;
            let marked = s.mails()[i].id.clone();
            s.mark(&[marked], Some(true), false);
            Ok(s.world().mails()[s.mails()[i].index]
                .body
                .clone()
                .into_bytes())
        })
        .await;
    match out {
        Ok(bytes) => text(bytes),
        Err(f) => json_failure(f.status, &f.message),
    }
}

async fn headers(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, id) = path_of(&params);
    let id = id.unwrap_or_default();
    json_or_failure(
        state
            .view_named(&world, move |s| {
                let i = find(s, &id)?;
                Ok(json!(s.mails()[i].view.headers))
            })
            .await,
    )
}

async fn delete(State(state): State<AppState>, params: RawPathParams, body: Bytes) -> Response {
    let (world, _) = path_of(&params);
    // As Mailpit: a body that is not JSON, or names no IDs, deletes every message.
    let ids = ids_of(&body).unwrap_or_default();
    mark(
        &state,
        &world,
        move |e| ids.is_empty() || ids.contains(&e.id),
        None,
        true,
    )
    .await
}

async fn delete_search(
    State(state): State<AppState>,
    params: RawPathParams,
    RawQuery(q): RawQuery,
) -> Response {
    let (world, _) = path_of(&params);
    let terms = match required_terms(q.as_deref()) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    mark(
        &state,
        &world,
        move |e| terms.iter().all(|t| t.holds(e)),
        None,
        true,
    )
    .await
}

async fn set_read(
    State(state): State<AppState>,
    params: RawPathParams,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let (world, _) = path_of(&params);
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return json_failure(StatusCode::BAD_REQUEST, &format!("not JSON: {e}")),
    };
    let read = v.get("Read").and_then(Value::as_bool).unwrap_or(false);
    let ids = ids_of(&body).unwrap_or_default();
    let query = v
        .get("Search")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| query_param(q.as_deref(), "search"))
        .filter(|s| !s.trim().is_empty());
    let terms = match (&query, ids.is_empty()) {
        (Some(_), false) => {
            return json_failure(
                StatusCode::BAD_REQUEST,
                "You may specify either IDs or a search query, not both",
            );
        }
        (Some(q), true) => match search::parse(q) {
            Ok(t) => Some(t),
            Err(e) => return json_failure(StatusCode::BAD_REQUEST, &e),
        },
        (None, _) => None,
    };
    let chosen = move |e: &MailEntry| match &terms {
        Some(t) => t.iter().all(|t| t.holds(e)),
        None => ids.is_empty() || ids.contains(&e.id),
    };
    mark(&state, &world, chosen, Some(read), false).await
}

/// What Go's `url.PathEscape` escapes (Mailpit names a part's file with it).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b':')
    .remove(b'=')
    .remove(b'@');

/// One attachment or inline part: its bytes, with its type and name.
async fn part(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, id) = path_of(&params);
    let (id, part) = (id.unwrap_or_default(), param(&params, "part"));
    let out = state
        .view_named(&world, move |s| {
            let i = find(s, &id)?;
            let raw = &s.world().mails()[s.mails()[i].index].raw;
            view::part_bytes(raw, &part).ok_or_else(|| Failure {
                status: StatusCode::NOT_FOUND,
                message: "404 page not found".into(),
            })
        })
        .await;
    match out {
        Ok((bytes, kind, name)) => {
            let mut r = (StatusCode::OK, bytes).into_response();
            let h = r.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&kind) {
                h.insert(header::CONTENT_TYPE, v);
            }
            let escaped = percent_encoding::utf8_percent_encode(&name, PATH_SEGMENT);
            if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{escaped}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Err(f) => json_failure(f.status, &f.message),
    }
}

async fn info(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, _) = path_of(&params);
    json_or_failure(
        state
            .view_named(&world, move |s| {
                let live: Vec<&MailEntry> = s.mails().iter().filter(|e| !e.deleted).collect();
                Ok(json!({
                    "Version": concat!("eseikyu ", env!("CARGO_PKG_VERSION")),
                    "LatestVersion": "",
                    "Database": "",
                    "DatabaseSize": 0,
                    "Messages": live.len(),
                    "Unread": live.iter().filter(|e| !e.read).count(),
                    "Tags": {},
                    "RuntimeStats": {
                        "Uptime": 0,
                        "Memory": 0,
                        "MessagesDeleted": s.mails().iter().filter(|e| e.deleted).count(),
                        "SMTPAccepted": s.mails().len(),
                        "SMTPAcceptedSize": s.mails().iter().map(|e| e.size).sum::<usize>(),
                        "SMTPRejected": 0,
                        "SMTPIgnored": 0,
                    },
                }))
            })
            .await,
    )
}

/// Finds a live mail by ID (or `latest`).
fn find(s: &Served, id: &str) -> Result<usize, Failure> {
    let found = if id == "latest" {
        s.mails().iter().rposition(|e| !e.deleted)
    } else {
        s.mails().iter().position(|e| e.id == id && !e.deleted)
    };
    found.ok_or_else(|| Failure {
        status: StatusCode::NOT_FOUND,
        message: "not found".into(),
    })
}

/// The terms of a request's required `query`, or the 400 that says what is wrong.
fn required_terms(q: Option<&str>) -> Result<Vec<search::Term>, Box<Response>> {
    let Some(query) = query_param(q, "query") else {
        return Err(Box::new(json_failure(
            StatusCode::BAD_REQUEST,
            "query is required",
        )));
    };
    search::parse(&query).map_err(|e| Box::new(json_failure(StatusCode::BAD_REQUEST, &e)))
}

/// Marks every mail entry `chosen` picks read or unread, or deleted; `ok`.
async fn mark(
    state: &AppState,
    world: &str,
    chosen: impl Fn(&MailEntry) -> bool + Send + 'static,
    read: Option<bool>,
    deleted: bool,
) -> Response {
    ok_or_failure(
        state
            .with_named(world, move |s| {
                let ids: Vec<String> = s
                    .mails()
                    .iter()
                    .filter(|e| chosen(e))
                    .map(|e| e.id.clone())
                    .collect();
                s.mark(&ids, read, deleted);
                Ok(())
            })
            .await,
    )
}

fn query_param(q: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(q.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn paging(q: Option<&str>) -> (usize, usize) {
    let n = |name, default| {
        query_param(q, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    (n("start", 0), n("limit", 50))
}

/// The `IDs` of a JSON body (none: every message).
fn ids_of(body: &[u8]) -> Result<Vec<String>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(vec![]);
    }
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    Ok(v.get("IDs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|i| i.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

fn text(bytes: Vec<u8>) -> Response {
    let mut r = (StatusCode::OK, bytes).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn json_or_failure(r: Result<Value, Failure>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(f) => json_failure(f.status, &f.message),
    }
}

fn ok_or_failure(r: Result<(), Failure>) -> Response {
    match r {
        Ok(()) => text(b"ok".to_vec()),
        Err(f) => json_failure(f.status, &f.message),
    }
}

/// Mailpit answers an error with its text.
fn json_failure(status: StatusCode, message: &str) -> Response {
    let mut r = (status, message.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}
