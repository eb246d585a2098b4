//! Every back-office operation as one call: `POST …/commands` takes a door
//! [`Command`] as its JSON (`{"command": "payment", "office": …, "amount": …}`) and answers
//! what the world answered. The older routes (`…/offices`, `…/decisions`, `…/payments`,
//! `…/clock`, …) are this same call with their own JSON; a new operation needs no route.

use super::{JsonBody, json_result, office};
use crate::clock;
use crate::door::{Answer, Command, GENERATE_MAX};
use crate::serve::worlds::Served;
use crate::serve::{AppState, Failure};
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Value, json};

/// `POST …/commands`: `{"answer": "done"}`, or `{"answer": "office", "office": {…}}`
/// with the facts of an office it registered.
pub(super) async fn command(
    State(state): State<AppState>,
    Path(world): Path<String>,
    JsonBody(command): JsonBody<Command>,
) -> Response {
    let number = match &command {
        Command::Register { office } => office.number.to_string(),
        _ => String::new(),
    };
    let answer = run(&state, &world, command, |_, a| Ok(a)).await;
    json_result(answer.map(|a| match a {
        Answer::Office(f) => {
            json!({ "answer": "office", "office": office::facts_json(&number, &f) })
        }
        _ => json!({ "answer": "done" }),
    }))
}

/// Runs `command` on a world under its lock, within the server's bounds, then `then` with
/// the world and the answer (what a route answers from it).
pub(super) async fn run<T: Send + 'static>(
    state: &AppState,
    world: &str,
    command: Command,
    then: impl FnOnce(&Served, Answer) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let command = admitted(command)?;
    state
        .with_named(world, move |s| {
            let answer = carry_out(s, &command)?;
            then(s, answer)
        })
        .await
}

/// What is refused whatever the world: a visitor (a browser session is the client's own),
/// an office written against the document, more offices than one call makes.
fn admitted(command: Command) -> Result<Command, Failure> {
    match command {
        Command::Visit { .. } => Err(Failure::unprocessable(
            "a visitor is a browser session: visit the site with a cookie jar of its own",
        )),
        Command::Register { office } => office::planned(&office)
            .map(|office| Command::Register { office })
            .map_err(Failure::unprocessable),
        Command::Generate { count } if count > GENERATE_MAX => Err(Failure::unprocessable(
            format!("at most {GENERATE_MAX} offices are generated at once"),
        )),
        other => Ok(other),
    }
}

/// Carries a command out on a served world: its bounds (offices held, the simulated
/// years) first, then the world's own answer (`Served::command`: what came due is done,
/// the mail filed, an office's facts kept).
fn carry_out(s: &mut Served, command: &Command) -> Result<Answer, Failure> {
    let held = s.world().system().office_count();
    let limit = s.limits.offices;
    match command {
        Command::Register { .. } if held >= limit => {
            return Err(Failure::conflict(format!(
                "a world holds at most {limit} offices"
            )));
        }
        Command::Generate { count } if held + count > limit => {
            return Err(Failure::conflict(format!(
                "a world holds at most {limit} offices; this one has {held}"
            )));
        }
        Command::SetClock { at } if !clock::in_range(*at) => {
            return Err(Failure::conflict(format!(
                "{at} is outside the simulated years (1900–2200)"
            )));
        }
        Command::Advance { by } => {
            let to = s.world().now().checked_add(*by).ok();
            if !to.is_some_and(clock::in_range) {
                // The duration is well formed; where the clock stands now conflicts.
                return Err(Failure::conflict(
                    "the clock would leave the simulated years (1900–2200)",
                ));
            }
        }
        _ => {}
    }
    match command {
        // Long work: the runtime's other tasks (other worlds) move to other threads.
        Command::Generate { .. } => crate::serve::long(|| s.command(command)),
        _ => s.command(command),
    }
    .map_err(Failure::conflict)
}

/// The world's clock as the clock routes answer it.
pub(super) fn now(s: &Served) -> Value {
    json!({ "now": super::rfc3339(s.world().now()) })
}
