//! What crosses the wire: the JSON answers of the target's control and Mailpit APIs, the
//! HTTP client and its calls, and the file name of a download.

use super::{MAX_ANSWER, TIMEOUT};
use eseikyu_door::{DriverError, Letter};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{Value, json};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

#[derive(Deserialize)]
pub(super) struct MailList {
    pub(super) messages: Vec<MailSummary>,
}

#[derive(Deserialize)]
pub(super) struct MailSummary {
    #[serde(rename = "ID")]
    pub(super) id: String,
    #[serde(rename = "To", default)]
    pub(super) to: Vec<MailAddress>,
    #[serde(rename = "ReturnPath", default)]
    pub(super) return_path: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct MailAddress {
    #[serde(rename = "Address")]
    pub(super) address: String,
}

#[derive(Deserialize)]
pub(super) struct LetterList {
    pub(super) letters: Vec<Letter>,
}

/// What `GET …/worlds/{id}?records=true` adds: the letters, problems and secrets a run
/// reads at its end, in one look.
#[derive(Deserialize)]
pub(super) struct Records {
    pub(super) letters: Vec<Letter>,
    pub(super) problems: Vec<String>,
    pub(super) secrets: Vec<Secret>,
}

#[derive(Deserialize)]
pub(super) struct SecretList {
    pub(super) secrets: Vec<Secret>,
}

#[derive(Clone, Deserialize)]
pub(super) struct Secret {
    pub(super) value: String,
    pub(super) kind: String,
}

/// The client of the control and mail APIs, one for the process: its connections are
/// kept and reused run after run (the APIs keep no cookies).
pub(super) fn api_agent() -> ureq::Agent {
    static API: std::sync::OnceLock<ureq::Agent> = std::sync::OnceLock::new();
    API.get_or_init(|| agent(0)).clone()
}

/// An HTTP client: answers of every status are read, not raised.
pub(super) fn agent(redirects: u32) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(redirects)
        .timeout_global(Some(TIMEOUT));
    // A target whose APIs need a token (`eseikyu serve --token`, or bound beyond
    // loopback) gets it with every request.
    let config = match std::env::var(TOKEN_VARIABLE).ok().filter(|t| !t.is_empty()) {
        Some(token) => config
            .middleware(
                move |mut req: ureq::http::Request<ureq::SendBody>,
                      next: ureq::middleware::MiddlewareNext| {
                    if let Ok(v) = ureq::http::HeaderValue::from_str(&format!("Bearer {token}")) {
                        req.headers_mut()
                            .insert(ureq::http::header::AUTHORIZATION, v);
                    }
                    next.handle(req)
                },
            )
            .build(),
        None => config.build(),
    };
    // A request's head and small body leave in one write (see `cork`).
    ureq::Agent::with_parts(
        config,
        super::cork::Corked(DefaultConnector::default()),
        LiteralFirst,
    )
}

/// Names a target by its address as such when it is one (`127.0.0.1`, `[::1]`) and asks
/// the system's resolver otherwise. ureq's own resolver asks on a new thread for every
/// request once a timeout is set, even for an address: a thread per request.
#[derive(Debug)]
struct LiteralFirst;

impl Resolver for LiteralFirst {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default();
        let ip = host.trim_start_matches('[').trim_end_matches(']');
        let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
            Some("https") => 443,
            _ => 80,
        });
        match ip.parse::<std::net::IpAddr>() {
            Ok(ip) => {
                let mut addrs = self.empty();
                addrs.push(std::net::SocketAddr::new(ip, port));
                Ok(addrs)
            }
            Err(_) => DefaultResolver::default().resolve(uri, config, timeout),
        }
    }
}

/// The environment variable that holds a target's API token.
pub const TOKEN_VARIABLE: &str = "ESEIKYU_TARGET_TOKEN";

/// `GET …/problems`.
#[derive(Deserialize)]
pub(super) struct ProblemList {
    pub(super) problems: Vec<String>,
}

/// A control or mail API call: its JSON answer (`{}` for an empty one), or what went wrong.
pub(super) fn call(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, DriverError> {
    let fail = |e: String| DriverError::Target(format!("{method} {url}: {e}"));
    let answer = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        ("POST", Some(b)) => agent.post(url).send_json(b),
        ("PUT", Some(b)) => agent.put(url).send_json(b),
        ("POST", None) => agent.post(url).send_empty(),
        _ => return Err(fail("no such call".into())),
    };
    let mut r = answer.map_err(|e| fail(e.to_string()))?;
    let status = r.status().as_u16();
    let text = r
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER)
        .read_to_string()
        .map_err(|e| fail(e.to_string()))?;
    let value: Value = if text.trim().is_empty() {
        json!({})
    } else {
        serde_json::from_str(&text).map_err(|e| fail(format!("not JSON ({e}): {text}")))?
    };
    if (200..300).contains(&status) {
        Ok(value)
    } else {
        let said = value["error"].as_str().map(str::to_string).unwrap_or(text);
        Err(fail(format!("{status}: {said}")))
    }
}

pub(super) fn rfc3339(t: Timestamp) -> String {
    t.to_zoned(eseikyu_core::clock::jst())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The file name of a `Content-Disposition` (RFC 6266: `filename*` first).
pub(super) fn file_name(disposition: &str) -> String {
    for part in disposition.split(';').map(str::trim) {
        if let Some(v) = part.strip_prefix("filename*=") {
            let v = v.split_once("''").map(|(_, v)| v).unwrap_or(v);
            return percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .to_string();
        }
    }
    disposition
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("filename="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_rfc_6266_dispositions() {
        assert_eq!(
            file_name("attachment; filename=\"x.pfx\"; filename*=UTF-8''%E8%A8%BC.pfx"),
            "証.pfx"
        );
        assert_eq!(file_name("attachment; filename=\"a.zip\""), "a.zip");
    }
}
