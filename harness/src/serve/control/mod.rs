//! The back office as a JSON control API under `/_eseikyu/`: worlds, their clocks, offices
//! and their facts, federation decisions, payments, paper requests, posted letters,
//! downloads, the CA and the mutual-TLS service. Documented in
//! `harness/openapi/control.json` (served at `/_eseikyu/openapi.json`).

use super::worlds::{ClockMode, Recipe, Served};
use super::{AppState, Failure, WORLD_COOKIE};
use crate::clock;
use crate::door::Command;
use crate::door::OfficeSpec as RawOffice;
use crate::profile::Profile;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

mod commands;
mod grammar;
mod office;
mod records;

use office::{applications, decide, facts, fault, generate, paper_request, pay, register};
use records::{
    advice, ca, care_plan, care_plan_file, download, downloads, letters, problems, scenario,
    secrets, service, service_ca,
};

/// The OpenAPI document of this API.
pub const OPENAPI: &str = include_str!("../../../openapi/control.json");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_eseikyu/openapi.json", get(openapi))
        .route("/_eseikyu/worlds", get(list).post(create))
        .route("/_eseikyu/worlds/{world}", get(describe).delete(delete))
        .route("/_eseikyu/worlds/{world}/enter", get(enter))
        .route(
            "/_eseikyu/worlds/{world}/clock",
            get(clock_now).put(clock_set),
        )
        .route(
            "/_eseikyu/worlds/{world}/clock/advance",
            post(clock_advance),
        )
        .route("/_eseikyu/worlds/{world}/commands", post(commands::command))
        .route("/_eseikyu/worlds/{world}/offices", post(register))
        .route("/_eseikyu/worlds/{world}/offices/generate", post(generate))
        .route("/_eseikyu/worlds/{world}/offices/{number}", get(facts))
        .route("/_eseikyu/worlds/{world}/applications", get(applications))
        .route("/_eseikyu/worlds/{world}/decisions", post(decide))
        .route("/_eseikyu/worlds/{world}/payments", post(pay))
        .route("/_eseikyu/worlds/{world}/faults", post(fault))
        .route("/_eseikyu/worlds/{world}/problems", get(problems))
        .route(
            "/_eseikyu/worlds/{world}/paper-requests",
            post(paper_request),
        )
        .route("/_eseikyu/worlds/{world}/letters", get(letters))
        .route("/_eseikyu/worlds/{world}/downloads", get(downloads))
        .route("/_eseikyu/worlds/{world}/downloads/{index}", get(download))
        .route("/_eseikyu/worlds/{world}/ca.pem", get(ca))
        .route("/_eseikyu/service-ca.pem", get(service_ca))
        .route("/_eseikyu/worlds/{world}/service", get(service))
        .route("/_eseikyu/worlds/{world}/secrets", get(secrets))
        .route("/_eseikyu/worlds/{world}/advice", get(advice))
        .route("/_eseikyu/worlds/{world}/scenario", get(scenario))
        .route("/_eseikyu/worlds/{world}/care-plan", get(care_plan))
        .route(
            "/_eseikyu/worlds/{world}/care-plan/files/{id}",
            get(care_plan_file),
        )
}

async fn openapi() -> Response {
    let mut r = OPENAPI.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// A new world, as the control API describes it.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct NewWorld {
    #[serde(default, deserialize_with = "crate::door::present")]
    at: Option<String>,
    #[serde(default, deserialize_with = "crate::door::present")]
    profile: Option<String>,
    #[serde(default, deserialize_with = "crate::door::present")]
    seed: Option<u64>,
    #[serde(default, deserialize_with = "crate::door::present")]
    clock: Option<String>,
    #[serde(default)]
    offices: Vec<RawOffice>,
}

async fn list(State(state): State<AppState>) -> Response {
    Json(json!({ "worlds": state.worlds.names() })).into_response()
}

async fn create(State(state): State<AppState>, JsonBody(req): JsonBody<NewWorld>) -> Response {
    // Two offices of one number conflict with each other (each is registered once).
    let mut numbers: Vec<&str> = req.offices.iter().map(|o| o.number.trim()).collect();
    numbers.sort_unstable();
    if let Some(w) = numbers.windows(2).find(|w| w[0] == w[1]) {
        return error(
            StatusCode::CONFLICT,
            &format!("office {} is given twice", w[0]),
        );
    }
    let recipe = match recipe(&state, req) {
        Ok(r) => r,
        Err(m) => return error(StatusCode::UNPROCESSABLE_ENTITY, &m),
    };
    let numbers: Vec<String> = recipe
        .offices
        .iter()
        .map(|o| o.number.to_string())
        .collect();
    let worlds = state.worlds.clone();
    let made = tokio::task::spawn_blocking(move || worlds.create(recipe)).await;
    match made {
        Ok(Ok(name)) => {
            let info = state.with_named(&name, {
                let state = state.clone();
                let name = name.clone();
                // The facts of the offices it was made with, as registering each would
                // answer them: a run sets its world up in one call.
                move |s| {
                    let mut info = world_info(&state, &name, s);
                    info["offices"] = numbers
                        .iter()
                        .filter_map(|n| s.facts().get(n).map(|f| office::facts_json(n, f)))
                        .collect();
                    Ok(info)
                }
            });
            let mut r = json_result(info.await);
            *r.status_mut() = StatusCode::CREATED;
            r
        }
        Ok(Err(e @ super::worlds::WorldError::Full(_))) => {
            error(StatusCode::CONFLICT, &e.to_string())
        }
        Ok(Err(e)) => error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

fn recipe(state: &AppState, req: NewWorld) -> Result<Recipe, String> {
    let d = &state.defaults;
    let asked_at = req.at.is_some();
    let at = match req.at {
        Some(t) => grammar::instant("at", &t)?,
        None => d.at,
    };
    let profile = match req.profile {
        Some(p) => Profile::named(&p).ok_or_else(|| format!("unknown profile {p:?}"))?,
        None => d.profile.clone(),
    };
    // A world asked for an instant gets a virtual clock standing there: nothing a caller
    // sends is ignored in silence.
    let clock = match (req.clock.as_deref(), asked_at) {
        (None, true) | (Some("virtual"), _) => ClockMode::Virtual,
        (None, false) => d.clock,
        (Some("wall"), true) => {
            return Err(
                "a wall clock follows the wall clock and cannot start at `at`: \
                        send `at` with \"clock\": \"virtual\" (or leave `clock` out), or no `at`"
                    .into(),
            );
        }
        (Some("wall"), false) => ClockMode::Wall,
        (Some(other), _) => return Err(format!("clock is \"virtual\" or \"wall\", not {other:?}")),
    };
    let offices = req
        .offices
        .iter()
        .map(office::planned)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Recipe {
        at,
        profile,
        seed: req.seed.unwrap_or(d.seed),
        clock,
        offices,
    })
}

fn world_info(state: &AppState, name: &str, s: &Served) -> Value {
    let base = format!("/_eseikyu/worlds/{name}");
    json!({
        "id": name,
        "profile": s.world().profile().name,
        "now": rfc3339(s.world().now()),
        "seed": s.seed,
        "clock": if s.clock == ClockMode::Wall { "wall" } else { "virtual" },
        "visitors": s.world().visitors(),
        "mails": s.mails().iter().filter(|e| !e.deleted).count(),
        "letters": s.world().letters().len(),
        "downloads": s.world().downloads().len(),
        "enter": format!("{base}/enter"),
        "mail_api": format!("{base}/api/v1"),
        "smtp": state.smtp.to_string(),
        "service": state.service.to_string(),
        "ca_made": s.world().ca_made(),
    })
}

/// A world; with `?records=true`, also what a run reads at its end in the same look: its
/// letters, problems and secrets, each as its own endpoint gives it.
async fn describe(
    State(state): State<AppState>,
    Path(world): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let mut records = false;
    for (k, v) in form_urlencoded::parse(q.unwrap_or_default().as_bytes()) {
        match (k.as_ref(), v.as_ref()) {
            ("records", "true") => records = true,
            ("records", "false") => records = false,
            ("records", _) => return error(StatusCode::BAD_REQUEST, "records is true or false"),
            _ => {}
        }
    }
    let st = state.clone();
    let name = world.clone();
    json_of(&state, &world, move |s| {
        let mut info = world_info(&st, &name, s);
        if records {
            info["records"] = json!({
                "letters": records::letter_list(s),
                "problems": records::problem_list(s),
                "secrets": records::secret_list(s)?,
            });
        }
        Ok(info)
    })
    .await
}

async fn delete(State(state): State<AppState>, Path(world): Path<String>) -> Response {
    match state.worlds.delete(&world) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(super::worlds::WorldError::Default) => {
            error(StatusCode::CONFLICT, "the first world cannot be deleted")
        }
        Err(e) => error(StatusCode::NOT_FOUND, &e.to_string()),
    }
}

/// Sets the world cookie and goes to the site's root: a browser now visits that world.
async fn enter(State(state): State<AppState>, Path(world): Path<String>) -> Response {
    if state.worlds.get(&world).is_err() {
        return error(
            StatusCode::NOT_FOUND,
            &format!("no world is named {world:?}"),
        );
    }
    let mut r = StatusCode::SEE_OTHER.into_response();
    let h = r.headers_mut();
    h.insert(header::LOCATION, HeaderValue::from_static("/"));
    if let Ok(c) = HeaderValue::from_str(&format!(
        "{WORLD_COOKIE}={world}; Path=/; HttpOnly; SameSite=Lax"
    )) {
        h.append(header::SET_COOKIE, c);
    }
    r
}

async fn clock_now(State(state): State<AppState>, Path(world): Path<String>) -> Response {
    json_of(&state, &world, |s| Ok(commands::now(s))).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetClock {
    at: String,
}

async fn clock_set(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(req): JsonBody<SetClock>,
) -> Response {
    let at = match grammar::instant("at", &req.at) {
        Ok(t) => t,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &e),
    };
    let r = commands::run(&state, &world, Command::SetClock { at }, |s, _| {
        Ok(commands::now(s))
    });
    json_result(r.await)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    by: String,
}

async fn clock_advance(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(req): JsonBody<Advance>,
) -> Response {
    let by = match grammar::duration("by", &req.by) {
        Ok(d) => d,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &e),
    };
    let r = commands::run(&state, &world, Command::Advance { by }, |s, _| {
        Ok(commands::now(s))
    });
    json_result(r.await)
}

pub(super) fn rfc3339(t: jiff::Timestamp) -> String {
    t.to_zoned(clock::jst())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A request's JSON body as `T` (an empty body reads as `{}`); not the expected JSON is
/// answered with `400` and `{"error": …}`, as every control call answers a mistake.
pub(super) struct JsonBody<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for JsonBody<T> {
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Response> {
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        parse_json(&body)
            .map(JsonBody)
            .map_err(|f| error(f.status, &f.message))
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    // No body at all is an empty one (`{}`); a body of whitespace alone (a space, a form
    // feed) is no JSON text and is refused.
    let body = if body.is_empty() {
        b"{}".as_slice()
    } else {
        body
    };
    // Every body the document describes is an object (serde would read a struct from an
    // array too).
    let value: Value =
        serde_json::from_slice(body).map_err(|e| Failure::bad_request(format!("not JSON: {e}")))?;
    if !value.is_object() {
        return Err(Failure::bad_request("the body is a JSON object"));
    }
    serde_json::from_value(value)
        .map_err(|e| Failure::bad_request(format!("not the expected JSON: {e}")))
}

/// A world's answer as JSON, `f` run under its lock (see `AppState::with_named`): the
/// shape of every control handler that reads or changes a world and answers JSON.
pub(super) async fn json_of(
    state: &AppState,
    world: &str,
    f: impl FnOnce(&mut crate::serve::worlds::Served) -> Result<Value, Failure> + Send + 'static,
) -> Response {
    json_result(state.with_named(world, f).await)
}

pub(super) fn json_result(r: Result<Value, Failure>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(f) => error(f.status, &f.message),
    }
}

pub(super) fn done(r: Result<(), Failure>) -> Response {
    match r {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(f) => error(f.status, &f.message),
    }
}

/// `{"error": "…"}` with a status.
pub(super) fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}
