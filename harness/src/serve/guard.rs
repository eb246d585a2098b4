//! What keeps other sites' pages out of a server testers leave running beside their
//! browser: a `Host` that is not this server's (DNS rebinding) is refused, and so is a
//! request another site's page made to change something (CSRF): a foreign `Origin`, a
//! `Sec-Fetch-Site: cross-site` press or post, a control-API body that is not JSON.
//! Loopback callers without those browser headers (curl, the conformance driver, the
//! Mailpit clients) pass as before.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;

/// The addresses the server answers as: loopback names always, and the bound address.
#[derive(Clone, Debug)]
pub struct Guard {
    pub bound: IpAddr,
    /// The token the APIs ask for, if any (`serve --token`, or made beyond loopback).
    pub token: Option<std::sync::Arc<str>>,
}

impl Guard {
    /// Refuses what another site's page sent; passes the rest on.
    pub async fn check(self, req: Request, next: Next) -> Response {
        if let Err((status, why)) = self.allows(req.method(), req.uri().path(), req.headers()) {
            let body = serde_json::json!({ "error": why }).to_string();
            let mut r = (status, body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("application/json"),
            );
            return r;
        }
        next.run(req).await
    }

    fn allows(
        &self,
        method: &Method,
        path: &str,
        headers: &HeaderMap,
    ) -> Result<(), (StatusCode, String)> {
        let text = |n: header::HeaderName| headers.get(n).and_then(|v| v.to_str().ok());
        if let Some(host) = text(header::HOST)
            && !self.is_own(host)
        {
            return Err((
                StatusCode::MISDIRECTED_REQUEST,
                format!(
                    "this server answers as localhost or {}, not {host}",
                    self.bound
                ),
            ));
        }
        let api = path.starts_with("/_eseikyu/") || path.starts_with("/api/");
        if let Some(token) = &self.token
            && api
            && !bearer(headers).is_some_and(|t| {
                subtle::ConstantTimeEq::ct_eq(t.as_bytes(), token.as_bytes()).into()
            })
        {
            return Err((
                StatusCode::UNAUTHORIZED,
                "this server's APIs need its token: Authorization: Bearer TOKEN".into(),
            ));
        }
        let changes = method != Method::GET && method != Method::HEAD && method != Method::OPTIONS
            || path.starts_with("/KShinsei/act");
        let control = path.starts_with("/_eseikyu/") || path.starts_with("/api/");
        if changes || control {
            if let Some(origin) = text(header::ORIGIN)
                && origin != "null"
                && text(header::HOST).is_none_or(|h| origin_host(origin) != Some(h))
            {
                return Err((
                    StatusCode::FORBIDDEN,
                    format!("a page of {origin} may not do this"),
                ));
            }
            if headers
                .get("sec-fetch-site")
                .is_some_and(|v| v.as_bytes() == b"cross-site")
            {
                return Err((
                    StatusCode::FORBIDDEN,
                    "another site's page may not do this".into(),
                ));
            }
        }
        // The control API's bodies are JSON (a page's form cannot send that cross-site
        // without asking first); the Mailpit API takes what Mailpit takes.
        let control_api = path.starts_with("/_eseikyu/") && !path.contains("/api/");
        if control_api && changes && !json_or_nothing(headers) {
            return Err((
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "the control API takes application/json bodies".into(),
            ));
        }
        Ok(())
    }

    /// Whether a `Host` header names this server: a loopback name or the bound address.
    fn is_own(&self, host: &str) -> bool {
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => host.rsplit_once(':').map_or(host, |(n, _)| n),
        };
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            // A name other than localhost: only a server bound beyond loopback is
            // reached by one (the network's name for this machine).
            Err(_) => !self.bound.is_loopback(),
        }
    }
}

/// The token of an `Authorization: Bearer …` header.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// `host:port` of an `Origin` (`http://127.0.0.1:8080` → `127.0.0.1:8080`).
fn origin_host(origin: &str) -> Option<&str> {
    origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'))
}

/// Whether a body is JSON, or there is none with no type (`curl -X POST`).
fn json_or_nothing(headers: &HeaderMap) -> bool {
    match headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(t) => t
            .split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, header::HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn other_sites_pages_are_kept_out() {
        let g = Guard {
            bound: "127.0.0.1".parse().expect("ip"),
            token: None,
        };
        let ok = |m: Method, p: &str, h: &[(&'static str, &'static str)]| {
            g.allows(&m, p, &headers(h)).is_ok()
        };
        let host = ("host", "127.0.0.1:8080");
        assert!(ok(Method::GET, "/_eseikyu/worlds/default/secrets", &[host]));
        assert!(ok(Method::GET, "/", &[("host", "localhost:8080")]));
        // DNS rebinding: the attacker's name for this address.
        assert!(!ok(
            Method::GET,
            "/_eseikyu/worlds/default/secrets",
            &[("host", "evil.example:8080")]
        ));
        // A form of another site posted to the control API, or to the site.
        let json = ("content-type", "application/json");
        assert!(ok(Method::POST, "/_eseikyu/worlds", &[host, json]));
        assert!(ok(Method::POST, "/_eseikyu/worlds", &[host]));
        assert!(!ok(
            Method::POST,
            "/_eseikyu/worlds",
            &[host, ("content-type", "text/plain")]
        ));
        assert!(!ok(
            Method::POST,
            "/_eseikyu/worlds",
            &[host, json, ("origin", "http://evil.example")]
        ));
        assert!(ok(
            Method::POST,
            "/KShinsei/login",
            &[host, ("origin", "http://127.0.0.1:8080")]
        ));
        assert!(!ok(
            Method::POST,
            "/KShinsei/login",
            &[host, ("origin", "http://evil.example")]
        ));
        assert!(!ok(
            Method::GET,
            "/KShinsei/act",
            &[host, ("sec-fetch-site", "cross-site")]
        ));
        assert!(ok(
            Method::GET,
            "/KShinsei/main",
            &[host, ("sec-fetch-site", "cross-site")]
        ));
    }
}
