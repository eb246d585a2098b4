//! The federation (国保連合会) as a separate component: it is told of each application and
//! answers with a decision (REISSUE-6). In process by default, where scenario steps decide;
//! or an external service reached over JSON/HTTP.
//!
//! The HTTP interface (documented in docs/system.md):
//! - `POST {base}/applications` with an [`ApplicationNotice`] (`kind`: `login_reissue` or
//!   `certificate`). `200` with
//!   `{"decision":"approved"}` or `{"decision":"rejected","reason":"…"}` decides at once;
//!   `202` (or a `200` without a decision) means pending. Anything else, or no answer
//!   within the timeout, keeps the notice for the next attempt.
//! - `GET {base}/applications/{management_number}` polls a pending application, with the
//!   same answers.
//!
//! Notices are resent until the federation takes them; it should treat the
//! `management_number` as the key (a notice may arrive twice when an answer was lost).
//! Decisions are recorded at most once.

use eseikyu_core::domain::{Application, Decision};

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What the reception system tells the federation of an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationNotice {
    /// `login_reissue` for REISSUE (certificate applications will follow).
    pub kind: String,
    pub management_number: String,
    pub office_number: String,
    pub office_name: String,
    pub prefecture: u8,
    pub notify_address: String,
    /// RFC 3339 in JST.
    pub applied_at: String,
    /// For `kind: certificate`: which certificate (e.g. 「介護保険証明書」).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// For `kind: certificate`: the fee, in yen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<u32>,
}

impl ApplicationNotice {
    pub fn of(app: &Application) -> ApplicationNotice {
        ApplicationNotice {
            kind: "login_reissue".into(),
            management_number: app.number.clone(),
            office_number: app.office_number.clone(),
            office_name: app.office_name.clone(),
            prefecture: app.prefecture,
            notify_address: app.notify_address.clone(),
            applied_at: rfc3339(app.applied_at),
            certificate: None,
            fee: None,
        }
    }

    /// A certificate application the federation reviews (CERT-1: 介護保険, 共通, care plan).
    pub fn of_certificate(
        record: &eseikyu_core::domain::CertRecord,
        office_name: &str,
    ) -> ApplicationNotice {
        ApplicationNotice {
            kind: "certificate".into(),
            management_number: record.number.clone(),
            office_number: record.user.office().to_string(),
            office_name: office_name.to_string(),
            prefecture: record.user.prefecture(),
            notify_address: String::new(),
            applied_at: rfc3339(record.applied),
            certificate: Some(record.kind.name().to_string()),
            fee: Some(record.fee),
        }
    }
}

fn rfc3339(t: jiff::Timestamp) -> String {
    t.to_zoned(eseikyu_core::clock::jst())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The most an answer of the federation may hold; a longer one is an error.
pub const MAX_ANSWER: u64 = 64 * 1024;

/// Checks a federation address before anything is sent to it: `http://` or `https://`
/// with a host.
pub fn check_url(base: &str) -> Result<(), String> {
    let uri: ureq::http::Uri = base
        .parse()
        .map_err(|e| format!("{base:?} is not a URL: {e}"))?;
    match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(h)) if !h.is_empty() => Ok(()),
        _ => Err(format!(
            "{base:?} is not an http:// or https:// address with a host"
        )),
    }
}

/// Where the federation is.
pub enum Federation {
    /// Inside the simulator: applications wait for a scenario's decision.
    InProcess(Local),
    /// An external service.
    Http(HttpFederation),
}

/// The federation inside the simulator, and its link, which scripted faults can break.
#[derive(Default)]
pub struct Local {
    /// Every application it has received, by 管理番号.
    received: Vec<String>,
    /// Those not decided yet.
    waiting: Vec<ApplicationNotice>,
    /// Notices it did not take, with the instant they failed: sent again once the clock
    /// has moved past it.
    unsent: Vec<(ApplicationNotice, jiff::Timestamp)>,
    /// Scripted faults for the next notices (`None`: taken as usual).
    faults: std::collections::VecDeque<Option<FederationFault>>,
    errors: Vec<String>,
}

impl Local {
    /// Hands notices over, each taken unless a scripted fault stops it.
    fn send(&mut self, notices: Vec<ApplicationNotice>, now: jiff::Timestamp) {
        for n in notices {
            match self.faults.pop_front().flatten() {
                Some(f) => {
                    // Kept, and sent again at the next move of the clock.
                    self.errors.push(format!(
                        "the federation ({}): {}; the notice will be sent again",
                        n.management_number,
                        f.said()
                    ));
                    self.unsent.push((n, now));
                }
                None => {
                    self.received.push(n.management_number.clone());
                    self.waiting.push(n);
                }
            }
        }
    }
}

impl Default for Federation {
    fn default() -> Self {
        Federation::InProcess(Local::default())
    }
}

impl Federation {
    /// An external federation at `base` (e.g. `http://127.0.0.1:8080`).
    pub fn http(base: &str, timeout: Duration) -> Federation {
        // Redirects are not followed (a federation answers where it is asked), and a
        // whole exchange, body included, ends at `timeout`.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Federation::Http(HttpFederation {
            base: base.trim_end_matches('/').to_string(),
            agent,
            unsent: vec![],
            awaiting: vec![],
            errors: vec![],
        })
    }

    pub fn is_external(&self) -> bool {
        matches!(self, Federation::Http(_))
    }

    /// Hands over new applications; returns decisions that came back.
    pub fn submit(
        &mut self,
        notices: Vec<ApplicationNotice>,
        now: jiff::Timestamp,
    ) -> Vec<(String, Decision)> {
        match self {
            Federation::InProcess(local) => {
                local.send(notices, now);
                vec![]
            }
            Federation::Http(h) => {
                h.unsent.extend(notices);
                h.sync()
            }
        }
    }

    /// Retries what was not delivered (in process: once the clock has moved since it
    /// failed) and polls what is pending.
    pub fn sync(&mut self, now: jiff::Timestamp) -> Vec<(String, Decision)> {
        match self {
            Federation::InProcess(local) => {
                let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut local.unsent)
                    .into_iter()
                    .partition(|(_, failed)| *failed < now);
                local.unsent = later;
                local.send(due.into_iter().map(|(n, _)| n).collect(), now);
                vec![]
            }
            Federation::Http(h) => h.sync(),
        }
    }

    /// Applications told to the federation and not decided yet.
    pub fn pending(&self) -> Vec<String> {
        self.applications()
            .into_iter()
            .map(|a| a.notice.management_number)
            .collect()
    }

    /// Applications told to the federation and not decided yet, each with whether its
    /// notice has reached the federation (only then can it be decided).
    pub fn applications(&self) -> Vec<Pending> {
        let (unsent, delivered): (Vec<&ApplicationNotice>, &[ApplicationNotice]) = match self {
            Federation::InProcess(local) => (
                local.unsent.iter().map(|(n, _)| n).collect(),
                &local.waiting,
            ),
            Federation::Http(h) => (h.unsent.iter().collect(), &h.awaiting),
        };
        let pending = |n: &ApplicationNotice, delivered| Pending {
            notice: n.clone(),
            delivered,
        };
        unsent
            .into_iter()
            .map(|n| pending(n, false))
            .chain(delivered.iter().map(|n| pending(n, true)))
            .collect()
    }

    /// What went wrong talking to the federation since the last call, oldest first.
    pub fn drain_errors(&mut self) -> Vec<String> {
        match self {
            Federation::InProcess(local) => std::mem::take(&mut local.errors),
            Federation::Http(h) => std::mem::take(&mut h.errors),
        }
    }

    /// Scripts the federation link's next notices (in process only).
    pub fn fault(&mut self, next: impl IntoIterator<Item = Option<FederationFault>>) {
        if let Federation::InProcess(local) = self {
            local.faults.extend(next);
        }
    }

    /// Whether the federation has the application (its notice was delivered).
    pub fn received(&self, number: &str) -> bool {
        match self {
            Federation::InProcess(local) => local.received.iter().any(|n| n == number),
            Federation::Http(_) => true,
        }
    }

    /// A decision was recorded: stop waiting for it.
    pub fn settled(&mut self, number: &str) {
        match self {
            Federation::InProcess(local) => {
                local.waiting.retain(|n| n.management_number != number);
            }
            Federation::Http(h) => {
                h.awaiting.retain(|n| n.management_number != number);
                h.unsent.retain(|n| n.management_number != number);
            }
        }
    }
}

/// The client side of an external federation.
pub struct HttpFederation {
    base: String,
    agent: ureq::Agent,
    unsent: Vec<ApplicationNotice>,
    awaiting: Vec<ApplicationNotice>,
    errors: Vec<String>,
}

/// An application the federation has not decided yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pending {
    #[serde(flatten)]
    pub notice: ApplicationNotice,
    /// Whether its notice reached the federation (a scripted fault may hold it back until
    /// the clock moves); only a delivered application can be decided.
    pub delivered: bool,
}

/// What an answer says.
enum Said {
    Decided(Decision),
    Pending,
}

impl HttpFederation {
    fn sync(&mut self) -> Vec<(String, Decision)> {
        let mut decided = Vec::new();
        for notice in std::mem::take(&mut self.unsent) {
            let url = format!("{}/applications", self.base);
            let answer = self.agent.post(&url).send_json(&notice);
            match self.read(answer) {
                Ok(Said::Decided(d)) => decided.push((notice.management_number.clone(), d)),
                Ok(Said::Pending) => self.awaiting.push(notice),
                Err(e) => {
                    // Kept, and sent again at the next move of the clock.
                    self.errors.push(format!(
                        "POST {url} ({}): {e}; the notice will be sent again",
                        notice.management_number
                    ));
                    self.unsent.push(notice);
                }
            }
        }
        for number in self
            .awaiting
            .iter()
            .map(|n| n.management_number.clone())
            .collect::<Vec<_>>()
        {
            let url = format!("{}/applications/{number}", self.base);
            let answer = self.agent.get(&url).call();
            match self.read(answer) {
                Ok(Said::Decided(d)) => decided.push((number, d)),
                Ok(Said::Pending) => {}
                Err(e) => self
                    .errors
                    .push(format!("GET {url}: {e}; it will be asked again")),
            }
        }
        decided
    }

    /// Reads an answer: a decision, pending, or what is wrong with it.
    fn read(
        &self,
        answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Said, String> {
        let mut r = answer.map_err(|e| match e {
            ureq::Error::Timeout(_) => "no answer in time".to_string(),
            other => format!("no answer: {other}"),
        })?;
        let status = r.status();
        if status.is_redirection() {
            return Err(format!(
                "answered {status}, a redirect, which is not followed"
            ));
        }
        if !status.is_success() {
            return Err(format!("answered {status}"));
        }
        if status == ureq::http::StatusCode::ACCEPTED {
            return Ok(Said::Pending);
        }
        let body = r
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_string()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => {
                    format!("the answer is longer than {MAX_ANSWER} bytes")
                }
                ureq::Error::Timeout(_) => "the answer did not end in time".to_string(),
                other => format!("the answer could not be read: {other}"),
            })?;
        let value: serde_json::Value = serde_json::from_str(&body).map_err(|e| {
            let start: String = body.chars().take(60).collect();
            format!("the answer is not JSON ({e}): {start:?}")
        })?;
        match value.get("decision").and_then(|d| d.as_str()) {
            Some("approved") => Ok(Said::Decided(Decision::Approved)),
            Some("rejected") => Ok(Said::Decided(Decision::Rejected {
                reason: value
                    .get("reason")
                    .and_then(|r| r.as_str())
                    .unwrap_or_default()
                    .to_string(),
            })),
            Some(other) => Err(format!(
                "unknown decision {other:?} (expected \"approved\" or \"rejected\")"
            )),
            None if value.get("decision").is_some() => Err("`decision` is not a text".to_string()),
            None => Ok(Said::Pending),
        }
    }
}

/// How the federation fails to take a notice.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum FederationFault {
    /// No answer in time.
    Slow,
    /// Answers 503.
    Error,
    /// Answers something that is not JSON.
    Garbage,
    /// Cannot be reached.
    Down,
}

impl FederationFault {
    /// What the reception system notes, as its federation link words it.
    pub fn said(self) -> &'static str {
        match self {
            FederationFault::Slow => "no answer in time",
            FederationFault::Error => "answered 503 Service Unavailable",
            FederationFault::Garbage => "the answer is not JSON: \"<html>Service Unavailable\"",
            FederationFault::Down => "no answer: connection refused",
        }
    }
}
