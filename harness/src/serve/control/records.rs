//! What the control API reads back: problems, letters, downloads, the CA, the TLS
//! service's address, secrets, certificate advice and the care plan linkage's hub.

use super::{error, json_of, rfc3339};
use crate::door::DownloadKind;
use crate::serve::worlds::Served;
use crate::serve::{AppState, Failure};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// What went wrong around the world (mail not delivered, notices the federation did not
/// take), in the order noted.
pub(super) async fn problems(State(state): State<AppState>, Path(world): Path<String>) -> Response {
    json_of(&state, &world, |s| {
        Ok(json!({ "problems": problem_list(s) }))
    })
    .await
}

/// The world's problems, as `…/problems` lists them.
pub(super) fn problem_list(s: &Served) -> Value {
    json!(s.world().problems())
}

pub(super) async fn letters(State(state): State<AppState>, Path(world): Path<String>) -> Response {
    json_of(&state, &world, |s| Ok(json!({ "letters": letter_list(s) }))).await
}

/// The world's posted letters, as `…/letters` lists them.
pub(super) fn letter_list(s: &Served) -> Value {
    let letters: Vec<Value> = s
        .world()
        .letters()
        .iter()
        .enumerate()
        .map(|(i, l)| {
            json!({"index": i + 1, "to": l.to, "title": l.title,
                           "posted": rfc3339(l.posted), "text": l.text})
        })
        .collect();
    Value::Array(letters)
}

pub(super) async fn downloads(
    State(state): State<AppState>,
    Path(world): Path<String>,
) -> Response {
    json_of(&state, &world, |s| {
        let files: Vec<Value> = s
            .world()
            .downloads()
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let kind = match d.kind {
                    DownloadKind::Certificate => "certificate",
                    DownloadKind::Attachment => "attachment",
                    DownloadKind::Data => "data",
                };
                json!({"index": i + 1, "name": d.name, "kind": kind,
                               "size": d.bytes.len(), "password": d.password})
            })
            .collect();
        Ok(json!({ "downloads": files }))
    })
    .await
}

pub(super) async fn download(
    State(state): State<AppState>,
    Path((world, index)): Path<(String, String)>,
) -> Response {
    let index = match position(&index) {
        Ok(i) => i,
        Err(f) => return error(f.status, &f.message),
    };
    let r = state
        .with_named(&world, move |s| {
            let d = index
                .checked_sub(1)
                .and_then(|i| s.world().downloads().get(i))
                .ok_or_else(|| Failure::not_found(format!("no download {index}")))?;
            Ok((d.name.clone(), d.bytes.clone()))
        })
        .await;
    file_answer(r, "application/octet-stream")
}

/// A 1-based position in a path: not a number is 400; a number past any list (however
/// large) finds nothing, 0 included.
fn position(text: &str) -> Result<usize, Failure> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Failure::bad_request(format!(
            "{text:?} is not a position (1, 2, …)"
        )));
    }
    Ok(text.parse().unwrap_or(usize::MAX))
}

/// A file as an attachment of `kind`, or the failure to find it.
fn file_answer(found: Result<(String, Vec<u8>), Failure>, kind: &'static str) -> Response {
    match found {
        Ok((name, bytes)) => {
            let mut r = (StatusCode::OK, bytes).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            if let Ok(v) = HeaderValue::from_str(&crate::serve::site::disposition(&name)) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Err(f) => error(f.status, &f.message),
    }
}

pub(super) async fn ca(State(state): State<AppState>, Path(world): Path<String>) -> Response {
    match state.with_named(&world, |s| Ok(s.ca_pem())).await {
        Ok(Some(pem)) => pem_answer(pem),
        Ok(None) => error(StatusCode::NOT_FOUND, "this world has no CA"),
        Err(f) => error(f.status, &f.message),
    }
}

pub(super) async fn service(State(state): State<AppState>, Path(world): Path<String>) -> Response {
    if state.worlds.get(&world).is_err() {
        return error(
            StatusCode::NOT_FOUND,
            &format!("no world is named {world:?}"),
        );
    }
    Json(json!({
        "address": state.service.to_string(),
        "ca_pem": state.service_ca.as_str(),
        "ca": "/_eseikyu/service-ca.pem",
    }))
    .into_response()
}

/// The CA certificate that verifies the TLS service's own certificate (a client trusts
/// it to connect with verification on).
pub(super) async fn service_ca(State(state): State<AppState>) -> Response {
    pem_answer(state.service_ca.to_string())
}

/// A PEM file.
fn pem_answer(pem: String) -> Response {
    let mut r = pem.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-pem-file"),
    );
    r
}

/// Every secret the world made (codes, generated passwords), with its name: what a
/// conformance run hides in its reports.
pub(super) async fn secrets(State(state): State<AppState>, Path(world): Path<String>) -> Response {
    json_of(&state, &world, |s| {
        Ok(json!({ "secrets": secret_list(s)? }))
    })
    .await
}

/// Every secret the world made, as `…/secrets` lists them.
pub(super) fn secret_list(s: &Served) -> Result<Value, Failure> {
    let all: Vec<Value> = s
        .world()
        .secrets()
        .map_err(Failure::server)?
        .into_iter()
        .map(|(v, k)| json!({"value": v, "kind": k}))
        .collect();
    Ok(Value::Array(all))
}

/// Which certificate an office needs (CERT-12).
pub(super) async fn advice(
    State(state): State<AppState>,
    Path(world): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let q: Vec<(String, String)> = form_urlencoded::parse(q.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |n: &str| q.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let Some(office) = get("office") else {
        return error(StatusCode::BAD_REQUEST, "office is required");
    };
    let web = get("web_service").is_some_and(|v| v == "true");
    let care = get("care_plan").is_some_and(|v| v == "true");
    json_of(&state, &world, move |s| {
        let advice = s
            .world()
            .advise(&office, web, care)
            .map_err(|e| Failure::not_found(e.to_string()))?;
        let texts: Vec<&str> = advice.iter().map(|a| a.text()).collect();
        Ok(json!({ "advice": texts }))
    })
    .await
}

/// CPL: the care plan data linkage's hub: every licence and every file on its way, with
/// its status and instants (the bytes: `…/care-plan/files/{id}`).
pub(super) async fn care_plan(
    State(state): State<AppState>,
    Path(world): Path<String>,
) -> Response {
    use crate::domain::linkage::{DataKind, Payment, Status};
    json_of(&state, &world, |s| {
                let hub = s.world().system().linkage();
                let licences: Vec<Value> = hub
                    .licences()
                    .iter()
                    .map(|l| {
                        json!({"office": l.office, "applied": rfc3339(l.applied),
                               "from": rfc3339(l.from), "to": rfc3339(l.to), "years": l.years,
                               "amount": l.amount,
                               "payment": match l.payment { Payment::Deduction => "deduction", Payment::Invoice => "invoice" }})
                    })
                    .collect();
                let files: Vec<Value> = hub
                    .transfers()
                    .iter()
                    .map(|t| {
                        json!({"id": t.id, "from": t.from, "to": t.to, "name": t.name,
                               "kind": match t.kind { DataKind::Plan => "plan", DataKind::Actual => "actual" },
                               "size": t.bytes.len(), "records": t.records,
                               "status": match t.status() { Status::Unsent => "unsent", Status::Sent => "sent", Status::Received => "received" },
                               "uploaded": rfc3339(t.uploaded),
                               "sent": t.sent.map(rfc3339), "received": t.received.map(rfc3339),
                               "downloads": t.downloads})
                    })
                    .collect();
                Ok(json!({ "licences": licences, "files": files }))
            }).await
}

/// CPL: one file of the hub, exactly as uploaded.
pub(super) async fn care_plan_file(
    State(state): State<AppState>,
    Path((world, id)): Path<(String, String)>,
) -> Response {
    let id = match position(&id) {
        Ok(i) => i,
        Err(f) => return error(f.status, &f.message),
    };
    let r = state
        .with_named(&world, move |s| {
            let t = id
                .checked_sub(1)
                .and_then(|i| s.world().system().linkage().transfers().get(i))
                .ok_or_else(|| Failure::not_found(format!("no file {id} in the hub")))?;
            Ok((t.name.clone(), t.bytes.clone()))
        })
        .await;
    file_answer(r, "text/csv")
}

/// The world's history as a scenario in the corpus's format (`eseikyu run` replays it).
pub(super) async fn scenario(State(state): State<AppState>, Path(world): Path<String>) -> Response {
    let worlds = state.worlds.clone();
    let name = world.clone();
    let made = tokio::task::spawn_blocking(move || worlds.export(&name)).await;
    match made {
        Ok(Ok(yaml)) => {
            let mut r = yaml.into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/yaml; charset=utf-8"),
            );
            let disposition = format!("attachment; filename=\"{world}.yaml\"");
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Ok(Err(e @ crate::serve::worlds::WorldError::Unknown(_))) => {
            error(StatusCode::NOT_FOUND, &e.to_string())
        }
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}
