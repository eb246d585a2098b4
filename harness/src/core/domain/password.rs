//! The password rule (LGN-4) and password hashing (argon2id).

use crate::profile::HashCost;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

/// LGN-4: the symbols a password may contain.
pub const SYMBOLS: &str = "!#$%&()*+,-./:;<=>?@[]^_`{|}~";

/// One way a password breaks LGN-4.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    Length,
    Characters,
    LetterAndDigit,
    SameAsUserId,
}

/// Checks a new password against LGN-4; returns every problem found, in a fixed order.
pub fn check_rule(password: &str, user_id: &str) -> Vec<PasswordProblem> {
    let mut problems = Vec::new();
    let n = password.chars().count();
    if !(8..=16).contains(&n) {
        problems.push(PasswordProblem::Length);
    }
    if !password
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || SYMBOLS.contains(c))
    {
        problems.push(PasswordProblem::Characters);
    }
    let letter = password.chars().any(|c| c.is_ascii_alphabetic());
    let digit = password.chars().any(|c| c.is_ascii_digit());
    if !(letter && digit) {
        problems.push(PasswordProblem::LetterAndDigit);
    }
    if password == user_id {
        problems.push(PasswordProblem::SameAsUserId);
    }
    problems
}

/// An argon2id hash in PHC string form. The plain password is never kept.
#[derive(Clone, Debug)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Hashes `password` with a salt the caller draws from the world's seeded RNG.
    pub fn new(password: &str, salt: [u8; 16], cost: HashCost) -> PasswordHash {
        let hasher = hasher(cost);
        match hasher.hash_password_with_salt(password.as_bytes(), &salt) {
            Ok(h) => PasswordHash(h.to_string()),
            // Unreachable with the fixed parameters above; keep a hash nothing verifies.
            Err(_) => PasswordHash(String::new()),
        }
    }
    pub fn verify(&self, password: &str) -> bool {
        // Parameters are read from the PHC string, so any cost verifies.
        Argon2::default()
            .verify_password(password.as_bytes(), self.0.as_str())
            .is_ok()
    }
}

fn hasher(cost: HashCost) -> Argon2<'static> {
    let params = match cost {
        // The smallest memory argon2 allows for one lane: fast enough for simulations of
        // hundreds of thousands of offices, still a real argon2id hash.
        HashCost::Fast => Params::new(8, 1, 1, None).unwrap_or_default(),
        HashCost::Standard => Params::default(),
    };
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_examples() {
        assert!(check_rule("Passw0rd!", "KJ131311111111").is_empty());
        assert_eq!(check_rule("Pa0", "x"), vec![PasswordProblem::Length]);
        assert_eq!(
            check_rule("password", "x"),
            vec![PasswordProblem::LetterAndDigit]
        );
        assert_eq!(
            check_rule("Passwort0 ", "x"),
            vec![PasswordProblem::Characters]
        );
        assert!(
            check_rule("KJ131311111111", "KJ131311111111").contains(&PasswordProblem::SameAsUserId)
        );
    }

    #[test]
    fn hashes_verify_only_their_password() {
        let h = PasswordHash::new("Passw0rd!", [7; 16], HashCost::Fast);
        assert!(h.verify("Passw0rd!"));
        assert!(!h.verify("Passw0rd?"));
        assert!(h.0.starts_with("$argon2id$"));
    }
}
