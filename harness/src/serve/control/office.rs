//! The control API's back office: offices and their facts, federation decisions, scripted
//! faults, payments and paper requests, each a door command (`commands::run`) with the
//! JSON of its own route.

use super::commands::run;
use super::{JsonBody, done, error, json_of, json_result};
use crate::door::OfficeSpec as RawOffice;
use crate::door::{Answer, Command, OfficeFacts, Verdict};
use crate::serve::{AppState, Failure};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

/// An office as the control API takes it: its number written as the document says, then
/// checked as a scenario's.
pub(super) fn planned(raw: &RawOffice) -> Result<RawOffice, String> {
    super::grammar::checked("number", &raw.number, super::grammar::OFFICE_NUMBER)?;
    raw.checked()
}

pub(super) async fn register(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(office): JsonBody<RawOffice>,
) -> Response {
    let number = office.number.to_string();
    let r = run(
        &state,
        &world,
        Command::Register { office },
        move |_, a| match a {
            Answer::Office(f) => Ok(facts_json(&number, &f)),
            other => Err(Failure::server(format!("answered {}", other.kind()))),
        },
    )
    .await;
    let mut r = json_result(r);
    if r.status() == StatusCode::OK {
        *r.status_mut() = StatusCode::CREATED;
    }
    r
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Generate {
    count: usize,
}

/// Registers generated offices (a scenario's `generate:`), drawn from the world's seed.
pub(super) async fn generate(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(req): JsonBody<Generate>,
) -> Response {
    let command = Command::Generate { count: req.count };
    done(run(&state, &world, command, |_, _| Ok(())).await)
}

/// An office's number and facts as the control API shows them.
pub(super) fn facts_json(number: &str, f: &OfficeFacts) -> Value {
    json!({
        "number": number,
        "user_ids": f.user_ids.iter().map(|u| u.to_string()).collect::<Vec<_>>(),
        "temp_password": f.temp_password,
        "cert_password": f.cert_password,
    })
}

pub(super) async fn facts(
    State(state): State<AppState>,
    Path((world, number)): Path<(String, String)>,
) -> Response {
    json_of(&state, &world, move |s| {
        s.facts()
            .get(&number)
            .map(|f| facts_json(&number, f))
            .ok_or_else(|| Failure::not_found(format!("office {number} was not registered here")))
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DecisionRequest {
    number: String,
    decision: String,
    #[serde(default)]
    reason: String,
}

/// The applications waiting for the federation's decision (REISSUE-6, CERT-1): their
/// 管理番号, office, kind and whether their notice reached the federation.
pub(super) async fn applications(
    State(state): State<AppState>,
    Path(world): Path<String>,
) -> Response {
    json_of(&state, &world, |s| {
        Ok(json!({ "applications": s.world().applications() }))
    })
    .await
}

/// The federation decides (an unknown 管理番号 conflicts with what waits now: it may be
/// applied for later).
pub(super) async fn decide(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(req): JsonBody<DecisionRequest>,
) -> Response {
    let decision = match req.decision.as_str() {
        "approved" => Verdict::Approved,
        "rejected" => Verdict::Rejected,
        other => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("decision is \"approved\" or \"rejected\", not {other:?}"),
            );
        }
    };
    let command = Command::Decide {
        number: req.number,
        decision,
        reason: req.reason,
    };
    done(run(&state, &world, command, |_, _| Ok(())).await)
}

/// Scripts a fault of the world's mail server or federation (the scenario step `fault:`).
pub(super) async fn fault(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(fault): JsonBody<crate::door::Fault>,
) -> Response {
    done(run(&state, &world, Command::Fault { fault }, |_, _| Ok(())).await)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Payment {
    office: String,
    amount: u32,
}

pub(super) async fn pay(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(req): JsonBody<Payment>,
) -> Response {
    let command = Command::Payment {
        office: req.office,
        amount: req.amount,
    };
    done(run(&state, &world, command, |_, _| Ok(())).await)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PaperRequest {
    office: String,
    #[serde(default = "yes")]
    envelope: bool,
}

fn yes() -> bool {
    true
}

pub(super) async fn paper_request(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(req): JsonBody<PaperRequest>,
) -> Response {
    let command = Command::PaperRequest {
        office: req.office,
        envelope: req.envelope,
    };
    done(run(&state, &world, command, |_, _| Ok(())).await)
}
