//! The server's own pages (not the system's): the mail viewer, the posted letters per
//! office, error pages and the stylesheet.

use super::worlds::{self, Served};
use super::{AppState, Failure, html_response};
use askama::Template;
use axum::Router;
use axum::extract::{RawPathParams, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    let mut r = Router::new().route("/_eseikyu/style.css", get(style));
    for base in ["/_eseikyu", "/_eseikyu/worlds/{world}"] {
        r = r
            .route(&format!("{base}/mail"), get(mail_list))
            .route(&format!("{base}/mail/{{id}}"), get(mail_one))
            .route(&format!("{base}/letters.html"), get(letters));
    }
    r
}

/// A page of the server: a title, paragraphs, tables and preformatted text.
#[derive(Template)]
#[template(path = "doc.html")]
struct Doc {
    title: String,
    paragraphs: Vec<String>,
    tables: Vec<DocTable>,
    pre: Vec<(String, String)>,
}

struct DocTable {
    caption: String,
    columns: Vec<String>,
    rows: Vec<Vec<(String, Option<String>)>>,
}

fn render(doc: Doc) -> String {
    doc.render()
        .unwrap_or_else(|e| format!("<!DOCTYPE html><p>{e}</p>"))
}

/// The page of a refused request.
pub fn error_page(status: StatusCode, message: &str) -> String {
    render(Doc {
        title: format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        ),
        paragraphs: vec![message.to_string()],
        tables: vec![],
        pre: vec![],
    })
}

async fn style() -> Response {
    let mut r = include_str!("../../templates/style.css").into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    r
}

fn world_of(params: &RawPathParams) -> (String, Option<String>, String) {
    let mut world = worlds::DEFAULT.to_string();
    let mut id = None;
    for (k, v) in params.iter() {
        match k {
            "world" => world = v.to_string(),
            "id" => id = Some(v.to_string()),
            _ => {}
        }
    }
    let base = if world == worlds::DEFAULT {
        String::new()
    } else {
        format!("/_eseikyu/worlds/{world}")
    };
    (world, id, base)
}

async fn mail_list(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, _, base) = world_of(&params);
    let name = world.clone();
    page(
        state
            .with_named(&world, move |s| {
                let world = name;
                let rows = s
                    .mails()
                    .iter()
                    .rev()
                    .filter(|e| !e.deleted)
                    .map(|e| {
                        let m = &s.world().mails()[e.index];
                        let view = if base.is_empty() {
                            format!("/_eseikyu/mail/{}", e.id)
                        } else {
                            format!("{base}/mail/{}", e.id)
                        };
                        vec![
                            (m.date.clone(), None),
                            (m.to.join(", "), None),
                            (m.subject.clone(), Some(view)),
                            (if e.read { "read" } else { "unread" }.to_string(), None),
                        ]
                    })
                    .collect();
                Ok(Doc {
                    title: format!("Mail ({world})"),
                    paragraphs: vec![format!(
                        "{} messages. Mailpit-compatible API: {base}/api/v1/messages",
                        s.mails().iter().filter(|e| !e.deleted).count()
                    )],
                    tables: vec![DocTable {
                        caption: "Caught mail".into(),
                        columns: ["Date", "To", "Subject", "State"]
                            .map(String::from)
                            .to_vec(),
                        rows,
                    }],
                    pre: vec![],
                })
            })
            .await,
    )
}

async fn mail_one(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, id, base) = world_of(&params);
    let id = id.unwrap_or_default();
    page(
        state
            .with_named(&world, move |s| {
                let found = s.mails().iter().any(|e| e.id == id && !e.deleted);
                if !found {
                    return Err(Failure::not_found(format!("no mail {id}")));
                }
                s.mark(std::slice::from_ref(&id), Some(true), false);
                let e = s
                    .mails()
                    .iter()
                    .find(|e| e.id == id)
                    .cloned()
                    .ok_or_else(|| Failure::not_found(format!("no mail {id}")))?;
                let m = &s.world().mails()[e.index];
                Ok(Doc {
                    title: m.subject.clone(),
                    paragraphs: vec![
                        format!("From: {}", m.from),
                        format!("To: {}", m.to.join(", ")),
                        format!("Date: {}", m.date),
                        format!("Source: {base}/api/v1/message/{}/raw", e.id),
                    ],
                    tables: vec![],
                    pre: vec![
                        ("Text".into(), m.body.clone()),
                        (
                            "Source".into(),
                            String::from_utf8_lossy(&m.raw).into_owned(),
                        ),
                    ],
                })
            })
            .await,
    )
}

async fn letters(State(state): State<AppState>, params: RawPathParams) -> Response {
    let (world, _, _) = world_of(&params);
    page(
        state
            .with_named(&world.clone(), move |s| Ok(letters_doc(&world, s)))
            .await,
    )
}

/// Posted letters, by office.
fn letters_doc(world: &str, s: &Served) -> Doc {
    let mut by_office: std::collections::BTreeMap<String, Vec<(usize, String, String)>> =
        Default::default();
    for (i, l) in s.world().letters().iter().enumerate() {
        by_office.entry(l.to.to_string()).or_default().push((
            i + 1,
            l.title.clone(),
            l.text.clone(),
        ));
    }
    let mut pre = Vec::new();
    for (office, letters) in &by_office {
        for (i, title, text) in letters {
            pre.push((format!("{office}: {i}. {title}"), text.clone()));
        }
    }
    Doc {
        title: format!("Posted letters ({world})"),
        paragraphs: vec![format!(
            "{} offices, {} letters.",
            by_office.len(),
            s.world().letters().len()
        )],
        tables: vec![],
        pre,
    }
}

fn page(r: Result<Doc, Failure>) -> Response {
    match r {
        Ok(doc) => html_response(StatusCode::OK, render(doc)),
        Err(f) => f.into_response(),
    }
}
