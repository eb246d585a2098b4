//! The control API's back office: offices and their facts, federation decisions, scripted
//! faults, payments and paper requests.

use super::{JsonBody, done, error, json_of, json_result};
use crate::door::OfficeSpec as RawOffice;
use crate::door::{Decision, OfficeFacts};
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
    JsonBody(raw): JsonBody<RawOffice>,
) -> Response {
    let plan = match planned(&raw) {
        Ok(p) => p,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &e),
    };
    let number = plan.number.to_string();
    let r = state
        .with_named(&world, move |s| {
            if s.world.system().office_count() >= s.limits.offices {
                return Err(Failure::conflict(format!(
                    "a world holds at most {} offices",
                    s.limits.offices
                )));
            }
            match s.register(&plan) {
                Ok(f) => Ok(facts_json(&number, &f)),
                Err(e) => Err(Failure::conflict(e)),
            }
        })
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
    if req.count > crate::door::GENERATE_MAX {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!(
                "at most {} offices are generated at once",
                crate::door::GENERATE_MAX
            ),
        );
    }
    done(
        state
            .with_named(&world, move |s| {
                let held = s.world.system().office_count();
                if held + req.count > s.limits.offices {
                    return Err(Failure::conflict(format!(
                        "a world holds at most {} offices; this one has {held}",
                        s.limits.offices
                    )));
                }
                // Long work: the runtime's other tasks (other worlds) move to other threads.
                crate::serve::long(|| s.world.generate(req.count)).map_err(Failure::conflict)
            })
            .await,
    )
}

fn facts_json(number: &str, f: &OfficeFacts) -> Value {
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
        s.facts
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
        Ok(json!({ "applications": s.world.applications() }))
    })
    .await
}

pub(super) async fn decide(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(req): JsonBody<DecisionRequest>,
) -> Response {
    let decision = match req.decision.as_str() {
        "approved" => Decision::Approved,
        "rejected" => Decision::Rejected { reason: req.reason },
        other => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("decision is \"approved\" or \"rejected\", not {other:?}"),
            );
        }
    };
    done(
        state
            .with_named(&world, move |s| {
                // An unknown 管理番号 conflicts with what waits now (it may be applied
                // for later): 409 with a plain reason, never a delivery fault.
                s.world
                    .decide(&req.number, decision)
                    .map_err(Failure::conflict)?;
                s.sync_mails();
                Ok(())
            })
            .await,
    )
}

/// Scripts a fault of the world's mail server or federation (the scenario step `fault:`).
pub(super) async fn fault(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(req): JsonBody<crate::door::Fault>,
) -> Response {
    done(
        state
            .with_named(&world, move |s| {
                s.world.fault(&req).map_err(Failure::conflict)
            })
            .await,
    )
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
    done(
        state
            .with_named(&world, move |s| {
                s.world
                    .payment(&req.office, req.amount)
                    .map_err(Failure::conflict)
            })
            .await,
    )
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
    done(
        state
            .with_named(&world, move |s| {
                s.world
                    .paper_request(&req.office, req.envelope)
                    .map_err(Failure::conflict)?;
                s.sync_mails();
                Ok(())
            })
            .await,
    )
}
