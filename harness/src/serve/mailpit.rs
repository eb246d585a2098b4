//! Mail as Mailpit serves it: the part of Mailpit's v1 API a test helper needs, with the
//! same JSON field names (its `swagger.json`; the README lists what is covered), for the
//! first world at `/api/v1/…` and for world `{world}` at `/_eseikyu/worlds/{world}/api/v1/…`.

use super::worlds::{self, MailEntry, Served};
use super::{AppState, Failure};
use crate::mail::CaughtMail;
use crate::world::Driver;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawPathParams, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
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

async fn list(
    State(state): State<AppState>,
    params: RawPathParams,
    RawQuery(q): RawQuery,
) -> Response {
    let (world, _) = path_of(&params);
    let (start, limit) = paging(q.as_deref());
    json_or_failure(
        state
            .view_named(&world, move |s| Ok(summary(s, |_, _| true, start, limit)))
            .await,
    )
}

async fn search(
    State(state): State<AppState>,
    params: RawPathParams,
    RawQuery(q): RawQuery,
) -> Response {
    let (world, _) = path_of(&params);
    let Some(query) = query_param(q.as_deref(), "query") else {
        return json_failure(StatusCode::BAD_REQUEST, "query is required");
    };
    let (start, limit) = paging(q.as_deref());
    let terms = parse_query(&query);
    json_or_failure(
        state
            .view_named(&world, move |s| {
                Ok(summary(
                    s,
                    |_, e| terms.iter().all(|t| t.holds(e)),
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
                s.mails[i].read = true;
                let e = s.mails[i].clone();
                Ok(message(&s.world.mails()[e.index], &e))
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
            Ok(s.world.mails()[s.mails[i].index].raw.clone())
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
    let out = state
        .view_named(&world, move |s| {
            let i = find(s, &id)?;
            Ok(s.world.mails()[s.mails[i].index].body.clone().into_bytes())
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
                Ok(header_map(&s.world.mails()[s.mails[i].index].raw))
            })
            .await,
    )
}

async fn delete(State(state): State<AppState>, params: RawPathParams, body: Bytes) -> Response {
    let (world, _) = path_of(&params);
    let ids = match ids_of(&body) {
        Ok(ids) => ids,
        Err(e) => return json_failure(StatusCode::BAD_REQUEST, &e),
    };
    ok_or_failure(
        state
            .with_named(&world, move |s| {
                for e in s.mails.iter_mut() {
                    if ids.is_empty() || ids.contains(&e.id) {
                        e.deleted = true;
                    }
                }
                Ok(())
            })
            .await,
    )
}

async fn delete_search(
    State(state): State<AppState>,
    params: RawPathParams,
    RawQuery(q): RawQuery,
) -> Response {
    let (world, _) = path_of(&params);
    let Some(query) = query_param(q.as_deref(), "query") else {
        return json_failure(StatusCode::BAD_REQUEST, "query is required");
    };
    let terms = parse_query(&query);
    ok_or_failure(
        state
            .with_named(&world, move |s| {
                for e in s.mails.iter_mut() {
                    if terms.iter().all(|t| t.holds(e)) {
                        e.deleted = true;
                    }
                }
                Ok(())
            })
            .await,
    )
}

async fn set_read(State(state): State<AppState>, params: RawPathParams, body: Bytes) -> Response {
    let (world, _) = path_of(&params);
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return json_failure(StatusCode::BAD_REQUEST, &format!("not JSON: {e}")),
    };
    let read = v.get("Read").and_then(Value::as_bool).unwrap_or(false);
    let ids = ids_of(&body).unwrap_or_default();
    ok_or_failure(
        state
            .with_named(&world, move |s| {
                for e in s.mails.iter_mut() {
                    if ids.is_empty() || ids.contains(&e.id) {
                        e.read = read;
                    }
                }
                Ok(())
            })
            .await,
    )
}

async fn info(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, _) = path_of(&params);
    json_or_failure(
        state
            .view_named(&world, move |s| {
                let live: Vec<&MailEntry> = s.mails.iter().filter(|e| !e.deleted).collect();
                Ok(json!({
                    "Version": concat!("eseikyu ", env!("CARGO_PKG_VERSION")),
                    "LatestVersion": "",
                    "Database": "",
                    "DatabaseSize": 0,
                    "Messages": live.len(),
                    "Unread": live.iter().filter(|e| !e.read).count(),
                    "Tags": {},
                    "RuntimeStats": {},
                }))
            })
            .await,
    )
}

/// The MessagesSummary of the mails that pass `keep`, newest first.
fn summary(
    s: &Served,
    keep: impl Fn(&CaughtMail, &MailEntry) -> bool,
    start: usize,
    limit: usize,
) -> Value {
    let mails = s.world.mails();
    let live: Vec<&MailEntry> = s.mails.iter().filter(|e| !e.deleted).collect();
    let hits: Vec<&MailEntry> = live
        .iter()
        .rev()
        .filter(|e| keep(&mails[e.index], e))
        .copied()
        .collect();
    let page: Vec<Value> = hits
        .iter()
        .skip(start)
        .take(limit)
        .map(|e| message_summary(&mails[e.index], e))
        .collect();
    json!({
        "total": live.len(),
        "unread": live.iter().filter(|e| !e.read).count(),
        "count": page.len(),
        "messages_count": hits.len(),
        "start": start,
        "tags": [],
        "messages": page,
    })
}

fn address(a: &str) -> Value {
    json!({"Name": "", "Address": a})
}

fn message_summary(m: &CaughtMail, e: &MailEntry) -> Value {
    json!({
        "ID": e.id,
        "MessageID": m.message_id,
        "Read": e.read,
        "From": address(&m.from),
        "To": m.to.iter().map(|a| address(a)).collect::<Vec<_>>(),
        "Cc": [],
        "Bcc": [],
        "ReplyTo": [],
        "Subject": m.subject,
        "Created": m.date,
        "Tags": [],
        "Size": m.raw.len(),
        "Attachments": 0,
        "Snippet": snippet(&m.body),
    })
}

fn message(m: &CaughtMail, e: &MailEntry) -> Value {
    json!({
        "ID": e.id,
        "MessageID": m.message_id,
        "From": address(&m.from),
        "To": m.to.iter().map(|a| address(a)).collect::<Vec<_>>(),
        "Cc": [],
        "Bcc": [],
        "ReplyTo": [],
        "ReturnPath": m.envelope_from,
        "Subject": m.subject,
        "Date": m.date,
        "Tags": [],
        "Text": m.body,
        "HTML": "",
        "Size": m.raw.len(),
        "Inline": [],
        "Attachments": [],
    })
}

/// Up to 250 characters of the text, on one line (Mailpit's `Snippet`).
fn snippet(body: &str) -> String {
    body.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(250)
        .collect()
}

/// The message's headers as name → values (names sorted, as Mailpit returns them).
fn header_map(raw: &[u8]) -> Value {
    let mut map: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..head_end]);
    let mut current: Option<(String, String)> = None;
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = current.as_mut() {
                v.push_str(line.trim_start());
            }
            continue;
        }
        if let Some((k, v)) = current.take() {
            map.entry(k).or_default().push(v);
        }
        if let Some((k, v)) = line.split_once(':') {
            current = Some((k.trim().to_string(), v.trim().to_string()));
        }
    }
    if let Some((k, v)) = current {
        map.entry(k).or_default().push(v);
    }
    json!(map)
}

/// Finds a live mail by ID (or `latest`).
fn find(s: &Served, id: &str) -> Result<usize, Failure> {
    let found = if id == "latest" {
        s.mails.iter().rposition(|e| !e.deleted)
    } else {
        s.mails.iter().position(|e| e.id == id && !e.deleted)
    };
    found.ok_or_else(|| Failure {
        status: StatusCode::NOT_FOUND,
        message: "not found".into(),
    })
}

/// One term of a Mailpit search (`to:`, `from:`, `subject:`, `is:read`, `is:unread`,
/// `message-id:`, or text anywhere; `!` or `-` negates).
struct Term {
    field: Field,
    value: String,
    not: bool,
}

enum Field {
    To,
    From,
    Subject,
    MessageId,
    Read,
    Unread,
    Anywhere,
}

impl Term {
    fn holds(&self, e: &MailEntry) -> bool {
        let has = |s: &str| s.contains(&self.value);
        let m = &e.search;
        let yes = match self.field {
            Field::To => m.to.iter().any(|a| has(a)),
            Field::From => has(&m.from),
            Field::Subject => has(&m.subject),
            Field::MessageId => has(&m.message_id),
            Field::Read => e.read,
            Field::Unread => !e.read,
            Field::Anywhere => {
                has(&m.subject) || has(&m.body) || has(&m.from) || m.to.iter().any(|a| has(a))
            }
        };
        yes != self.not
    }
}

fn parse_query(q: &str) -> Vec<Term> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in q.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
        .into_iter()
        .map(|w| {
            let (not, w) = match w.strip_prefix(['!', '-']) {
                Some(rest) => (true, rest.to_string()),
                None => (false, w),
            };
            let (field, value) = match w.split_once(':') {
                Some(("to", v)) => (Field::To, v),
                Some(("from", v)) => (Field::From, v),
                Some(("subject", v)) => (Field::Subject, v),
                Some(("message-id", v)) => (Field::MessageId, v),
                Some(("is", "read")) => (Field::Read, ""),
                Some(("is", "unread")) => (Field::Unread, ""),
                _ => (Field::Anywhere, w.as_str()),
            };
            Term {
                field,
                value: value.to_lowercase(),
                not,
            }
        })
        .collect()
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
