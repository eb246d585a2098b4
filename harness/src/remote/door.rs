//! The door over HTTP: each command and query as a call of the target's control API (or,
//! for mail and downloads, what the driver has already collected). Every observation can
//! fail: a target that does not answer, or answers out of protocol, says so.

use super::Remote;
use super::wire::{LetterList, ProblemList, SecretList, call};
use eseikyu_door::{Advice, Answer, CaCert, Command, Driver, DriverError, Query};
use eseikyu_screens::{Action, Screen};
use serde::de::DeserializeOwned;
use serde_json::Value;

impl Driver for Remote {
    fn screen(&self) -> Result<Screen, DriverError> {
        Remote::screen(self)
    }

    fn act(&mut self, action: &Action) -> Result<(), DriverError> {
        Remote::act(self, action)
    }

    fn command(&mut self, command: &Command) -> Result<Answer, DriverError> {
        match command {
            // Which visitor acts is the driver's own: a cookie jar of its own each.
            Command::Visit { visitor } => self.visit(visitor)?,
            // Time passed: what the target sent meanwhile is read at the next look.
            Command::Sync {} => self.mailbox.stale(),
            // Everything else is one call, the command as its JSON (`POST …/commands`).
            other => {
                self.mailbox.stale();
                return answered(self.post("/commands", to_json(other)?, "POST")?);
            }
        }
        Ok(Answer::Done)
    }

    fn observe(&self, query: &Query) -> Result<Answer, DriverError> {
        Ok(match query {
            Query::Now => {
                let clock = self.get("/clock")?;
                let now = clock["now"].as_str().and_then(|t| t.parse().ok());
                Answer::Now(now.ok_or_else(|| {
                    DriverError::Target(format!("GET …/clock: no instant in {clock}"))
                })?)
            }
            Query::Mails { from } => Answer::Mails(self.mailbox.from(
                &self.api,
                &self.control("/api/v1"),
                *from,
            )?),
            Query::Letters => Answer::Letters(self.get_as::<LetterList>("/letters")?.letters),
            Query::Downloads { from } => {
                Answer::Downloads(self.downloads.get(*from..).unwrap_or_default().to_vec())
            }
            Query::Ca { make } => Answer::Ca(self.ca(*make)?),
            Query::Secrets => Answer::Secrets(self.secrets()?),
            Query::Problems => Answer::Problems(self.get_as::<ProblemList>("/problems")?.problems),
            Query::Advice {
                office,
                web_service,
                care_plan,
            } => {
                let path = format!(
                    "/advice?office={office}&web_service={web_service}&care_plan={care_plan}"
                );
                let v = self.get(&path)?;
                let list = v["advice"]
                    .as_array()
                    .ok_or_else(|| DriverError::Target(format!("GET …/advice: no list in {v}")))?;
                Answer::Advice(
                    list.iter()
                        .filter_map(|a| a.as_str().map(|s| Advice(s.to_string())))
                        .collect(),
                )
            }
            Query::Service {
                certificate,
                password,
            } => {
                let service = self.get("/service")?;
                let address = service["address"]
                    .as_str()
                    .ok_or_else(|| DriverError::Target(format!("no service address: {service}")))?;
                // Verified against the CA the target names for its service, when it names one.
                let ca = service["ca_pem"].as_str();
                let answer = eseikyu_parts::service::connect_to(address, certificate, password, ca)
                    .map_err(|e| DriverError::Pki(e.to_string()))?;
                Answer::Service(answer)
            }
        })
    }
}

impl Remote {
    fn get(&self, path: &str) -> Result<Value, DriverError> {
        call(&self.api, "GET", &self.control(path), None)
            .map_err(|e| DriverError::Target(format!("GET …{path}: {e}")))
    }

    fn get_as<T: DeserializeOwned>(&self, path: &str) -> Result<T, DriverError> {
        serde_json::from_value(self.get(path)?)
            .map_err(|e| DriverError::Target(format!("GET …{path}: {e}")))
    }

    fn post(&self, path: &str, body: Value, method: &str) -> Result<Value, DriverError> {
        call(&self.api, method, &self.control(path), Some(body))
    }

    /// The CA, if the target's world has made it (or, with `make`, once it has).
    fn ca(&self, make: bool) -> Result<Option<CaCert>, DriverError> {
        if !make {
            // As the target's world says; a target that does not say has one.
            let made = self.get("")?["ca_made"].as_bool().unwrap_or(true);
            if !made {
                return Ok(None);
            }
        }
        let mut answer = self
            .api
            .get(&self.control("/ca.pem"))
            .call()
            .map_err(|e| DriverError::Target(format!("GET …/ca.pem: {e}")))?;
        if answer.status().as_u16() != 200 {
            return Ok(None);
        }
        let pem = answer
            .body_mut()
            .read_to_string()
            .map_err(|e| DriverError::Target(format!("GET …/ca.pem: {e}")))?;
        let der = eseikyu_parts::pki::pem_der(&pem)
            .ok_or_else(|| DriverError::Target("GET …/ca.pem: not a PEM certificate".into()))?;
        let thumbprint = eseikyu_parts::pki::thumbprint(&der);
        Ok(Some(CaCert { pem, thumbprint }))
    }

    /// The target's secrets; a target that does not give them fails the run loudly, since
    /// nothing it sent could be hidden from the reports.
    fn secrets(&self) -> Result<Vec<(String, String)>, DriverError> {
        let answer = call(&self.api, "GET", &self.control("/secrets"), None).map_err(|e| {
            DriverError::Target(format!(
                "its secrets could not be read (GET …/secrets): {e}"
            ))
        })?;
        let list: SecretList = serde_json::from_value(answer).map_err(|e| {
            DriverError::Target(format!("its secrets (GET …/secrets) are not a list: {e}"))
        })?;
        Ok(list
            .secrets
            .into_iter()
            .map(|s| (s.value, s.kind))
            .collect())
    }
}

/// The target's answer to `POST …/commands`: `{"answer": "done"}`, or
/// `{"answer": "office", "office": {…}}` with a registered office's facts.
fn answered(answer: Value) -> Result<Answer, DriverError> {
    match answer["answer"].as_str() {
        Some("done") => Ok(Answer::Done),
        Some("office") => serde_json::from_value(answer["office"].clone())
            .map(Answer::Office)
            .map_err(|e| DriverError::Target(format!("office facts: {e}"))),
        _ => Err(DriverError::Target(format!(
            "POST …/commands: not an answer: {answer}"
        ))),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, DriverError> {
    serde_json::to_value(value).map_err(|e| DriverError::Target(e.to_string()))
}
