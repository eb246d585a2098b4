//! The door over HTTP: each command and query as a call of the target's control API (or,
//! for mail and downloads, what the driver has already collected). Every observation can
//! fail: a target that does not answer, or answers out of protocol, says so.

use super::Remote;
use super::wire::{LetterList, ProblemList, Records, Secret, SecretList, call};
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
        // An office the world was made with is registered already: its facts are known.
        if let Command::Register { office } = command
            && let Some(facts) = self.made_with(office)
        {
            return Ok(Answer::Office(facts));
        }
        match command {
            // Which visitor acts is the driver's own: a cookie jar of its own each.
            Command::Visit { visitor } => self.visit(visitor)?,
            // Time passed: what the target sent meanwhile is read at the next look.
            Command::Sync {} => self.changed(),
            // Everything else is one call, the command as its JSON (`POST …/commands`).
            other => {
                self.changed();
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
            Query::Letters => Answer::Letters(match self.looked(|r| r.letters.clone()) {
                Some(letters) => letters,
                None => self.get_as::<LetterList>("/letters")?.letters,
            }),
            Query::Downloads { from } => {
                Answer::Downloads(self.downloads.get(*from..).unwrap_or_default().to_vec())
            }
            Query::Ca { make } => Answer::Ca(self.ca(*make)?),
            Query::Secrets => Answer::Secrets(self.secrets()?),
            Query::Problems => Answer::Problems(match self.looked(|r| r.problems.clone()) {
                Some(problems) => problems,
                None => self.get_as::<ProblemList>("/problems")?.problems,
            }),
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
            // As the target's world says; a target that does not say has one. The same
            // look reads the world's records and how much mail it holds, if the target
            // gives its records (a run's end asks for them next).
            let mut world = self.get("?records=true")?;
            if let Some(records) = records_of(&mut world)? {
                self.records.replace(Some(records));
                // So does the count of its mail: a run's end reads mail only if new came.
                if let Some(total) = world["mails"].as_u64() {
                    self.mailbox
                        .counted(usize::try_from(total).unwrap_or(usize::MAX));
                }
            }
            let made = world["ca_made"].as_bool().unwrap_or(true);
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
        let looked = self.looked(|r| r.secrets.clone());
        let list = match looked {
            Some(secrets) => secrets,
            None => self.secret_list()?,
        };
        Ok(list.into_iter().map(|s| (s.value, s.kind)).collect())
    }

    /// What the last look at the world's records says, if nothing was asked of the target
    /// since.
    fn looked<T>(&self, part: impl FnOnce(&Records) -> T) -> Option<T> {
        self.records.borrow().as_ref().map(part)
    }

    fn secret_list(&self) -> Result<Vec<Secret>, DriverError> {
        let answer = call(&self.api, "GET", &self.control("/secrets"), None).map_err(|e| {
            DriverError::Target(format!(
                "its secrets could not be read (GET …/secrets): {e}"
            ))
        })?;
        let list: SecretList = serde_json::from_value(answer).map_err(|e| {
            DriverError::Target(format!("its secrets (GET …/secrets) are not a list: {e}"))
        })?;
        Ok(list.secrets)
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

/// The records in a world's answer to `GET …/worlds/{world}?records=true`: `None` from a
/// target that does not give them (it is asked at each list's own endpoint).
fn records_of(world: &mut Value) -> Result<Option<Records>, DriverError> {
    let Some(records) = world.get_mut("records").map(Value::take) else {
        return Ok(None);
    };
    serde_json::from_value(records)
        .map(Some)
        .map_err(|e| DriverError::Target(format!("GET …?records=true: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, DriverError> {
    serde_json::to_value(value).map_err(|e| DriverError::Target(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::records_of;
    use serde_json::json;

    #[test]
    fn a_world_without_records_is_asked_list_by_list_and_bad_records_fail_loudly() {
        let mut plain = json!({"id": "w1", "ca_made": false});
        assert!(
            records_of(&mut plain)
                .expect("no records is fine")
                .is_none()
        );
        let mut full = json!({"id": "w1", "records": {
            "letters": [{"index": 1, "to": "1311111111", "title": "t",
                         "posted": "2026-02-10T01:00:00Z", "text": "x"}],
            "problems": ["p"], "secrets": [{"value": "1234", "kind": "code"}]}});
        let r = records_of(&mut full).expect("reads").expect("records");
        assert_eq!(
            (r.letters.len(), r.problems.len(), r.secrets.len()),
            (1, 1, 1)
        );
        assert_eq!(r.secrets[0].value, "1234");
        let mut bad = json!({"records": {"letters": [], "problems": []}});
        let e = records_of(&mut bad).err().expect("secrets are missing");
        assert!(e.to_string().contains("secrets"), "{e}");
    }
}
