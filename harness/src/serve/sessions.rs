//! Visitor sessions of a served world: unguessable names, when each was last seen, and
//! forgetting the idle and the surplus, so a long-running server's memory stays bounded.

use super::limits::Limits;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A new visitor's name: `v`, 32 hex digits from the operating system's randomness (no
/// visitor can guess another's cookie) and 16 of a MAC under this server's key, so the
/// server takes back only the names it gave (no session fixation by a planted name).
pub fn new_name() -> String {
    let random = format!("{:032x}", rand::random::<u128>());
    format!("v{random}{}", mac(&random))
}

/// Whether a cookie value is a visitor name this server gave.
pub fn valid_name(v: &str) -> bool {
    let well_formed = v.len() == 49
        && v.starts_with('v')
        && v[1..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    well_formed && {
        let (random, tag) = v[1..].split_at(32);
        subtle::ConstantTimeEq::ct_eq(mac(random).as_bytes(), tag.as_bytes()).into()
    }
}

/// The anti-forgery token of `visitor`'s pages: a MAC of its name under the server's key,
/// so a page of another site cannot know it, and it changes when the name is renewed (at
/// login and logout).
pub fn form_token(visitor: &str) -> String {
    mac(&format!("form:{visitor}"))
}

/// Whether `token` is `visitor`'s anti-forgery token.
pub fn valid_token(visitor: &str, token: &str) -> bool {
    subtle::ConstantTimeEq::ct_eq(form_token(visitor).as_bytes(), token.as_bytes()).into()
}

/// The server's key: made when the process first needs it (names of an earlier run are
/// not taken back), or the data directory's (`serve --data`: a visitor's cookie is good
/// after a restart).
static KEY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();

/// Keys the sessions with a data directory's key, before any session is made; whether
/// the process's sessions now use it (a process that made sessions before keeps its own).
pub fn use_key(key: [u8; 32]) -> bool {
    *KEY.get_or_init(|| key) == key
}

/// The first 8 bytes of HMAC-SHA-256 of `random` under the server's key.
fn mac(random: &str) -> String {
    use hmac::{KeyInit, Mac};
    let key = KEY.get_or_init(rand::random);
    let Ok(mut m) = hmac::Hmac::<sha2::Sha256>::new_from_slice(key) else {
        return String::new();
    };
    m.update(random.as_bytes());
    m.finalize().into_bytes()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// When each visitor of a world was last seen (the wall clock: sessions are the server's,
/// not the simulated system's).
#[derive(Debug, Default)]
pub struct Sessions {
    seen: Mutex<HashMap<String, Instant>>,
    swept: Mutex<Option<Instant>>,
}

/// How often idle sessions are looked for.
const SWEEP_EVERY: Duration = Duration::from_secs(1);

impl Sessions {
    /// Notes that `visitor` was seen now.
    pub fn touch(&self, visitor: &str) {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        match seen.get_mut(visitor) {
            Some(at) => *at = Instant::now(),
            None => {
                seen.insert(visitor.to_string(), Instant::now());
            }
        }
    }

    /// The visitors to forget now, looked for at most once a second (or at once when
    /// there are too many): see [`Sessions::expire`].
    pub fn sweep(&self, limits: Limits) -> Vec<String> {
        let now = Instant::now();
        let due = {
            let mut swept = self.swept.lock().unwrap_or_else(|p| p.into_inner());
            let due = swept.is_none_or(|at| now.saturating_duration_since(at) >= SWEEP_EVERY);
            if due {
                *swept = Some(now);
            }
            due
        };
        if due || self.len() > limits.sessions {
            self.expire(limits, now)
        } else {
            Vec::new()
        }
    }

    /// Moves a visitor's last-seen time to its new name (the session id renewed).
    pub fn rename(&self, from: &str, to: &str) {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let at = seen.remove(from).unwrap_or_else(Instant::now);
        seen.insert(to.to_string(), at);
    }

    /// Takes out the visitors to forget at `now`: those idle longer than
    /// `limits.session_idle`, then, when more than `limits.sessions` remain, the least recently seen down to nine
    /// tenths of it (so the sorting is done once per tenth of new sessions, not for each).
    pub fn expire(&self, limits: Limits, now: Instant) -> Vec<String> {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let mut gone: Vec<String> = seen
            .iter()
            .filter(|(_, at)| now.saturating_duration_since(**at) > limits.session_idle)
            .map(|(v, _)| v.clone())
            .collect();
        for v in &gone {
            seen.remove(v);
        }
        if seen.len() > limits.sessions {
            let keep = limits.sessions - limits.sessions / 10;
            let mut by_age: Vec<(Instant, String)> =
                seen.iter().map(|(v, at)| (*at, v.clone())).collect();
            by_age.sort_unstable();
            for (_, v) in by_age.into_iter().take(seen.len() - keep) {
                seen.remove(&v);
                gone.push(v);
            }
        }
        gone
    }

    /// How many sessions are kept.
    pub fn len(&self) -> usize {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether no session is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unguessable_and_checked() {
        let (a, b) = (new_name(), new_name());
        assert_ne!(a, b);
        assert!(valid_name(&a) && valid_name(&b));
        // Well formed but never given (a planted name): refused.
        let planted = format!("v{}{}", "0".repeat(32), "0".repeat(16));
        let forged = format!(
            "{}{}",
            &a[..33],
            if a.ends_with('0') { "1" } else { "0" }.repeat(16)
        );
        for bad in [
            "v1",
            "v00000000000000000000000000000000x",
            "x0123456789abcdef0123456789abcdef",
            "",
            planted.as_str(),
            forged.as_str(),
            &a[..33],
        ] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn the_idle_and_the_surplus_are_forgotten() {
        let s = Sessions::default();
        for v in ["a", "b", "c"] {
            s.touch(v);
        }
        let limits = Limits {
            session_idle: Duration::from_secs(60),
            sessions: 2,
            ..Limits::default()
        };
        let now = Instant::now();
        // Nobody idle yet, one too many: the least recently seen goes.
        assert_eq!(s.expire(limits, now), vec!["a".to_string()]);
        assert_eq!(s.len(), 2);
        // Later, everybody is idle.
        let mut gone = s.expire(limits, now + Duration::from_secs(61));
        gone.sort();
        assert_eq!(gone, vec!["b".to_string(), "c".to_string()]);
        assert!(s.is_empty());
    }
}
