//! What a run's reports hide: every secret the system made or the scenario typed, each
//! with the placeholder shown in its place (`${code}`, `«確認コード»`).

use super::transcript::replace_token;

/// The secrets of one run and their placeholders, longest first, so a code inside a
/// password never splits it. `Unknown` when the system's secrets could not be read (a
/// target that did not answer): then nothing it sent can be shown at all.
#[derive(Clone, Debug, PartialEq)]
pub enum Redaction {
    Known(Vec<(String, String)>),
    Unknown,
}

/// What a report shows in place of a text when the system's secrets are not known.
pub const WITHHELD: &str =
    "(withheld: the system's secrets could not be read, so nothing it sent is shown)";

impl Default for Redaction {
    fn default() -> Self {
        Redaction::Known(Vec::new())
    }
}

impl Redaction {
    /// Secrets (value, placeholder); values shorter than 4 characters are never hidden
    /// (they would hide ordinary digits), nor those in `shown`.
    pub fn new(mut pairs: Vec<(String, String)>, shown: &[&str]) -> Redaction {
        pairs.retain(|(v, _)| v.chars().count() >= 4 && !shown.contains(&v.as_str()));
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        pairs.dedup_by(|a, b| a.0 == b.0);
        Redaction::Known(pairs)
    }

    /// `text` with every secret replaced, also in letter cell form (one character a cell).
    pub fn apply(&self, text: &str) -> String {
        let pairs = match self {
            Redaction::Known(p) => p,
            Redaction::Unknown => return WITHHELD.to_string(),
        };
        let mut out = text.to_string();
        // Only a letter lays a value out in cells, a tab between its characters.
        let cells = text.contains('\t');
        for (secret, placeholder) in pairs {
            if cells {
                let laid_out: Vec<String> = secret.chars().map(String::from).collect();
                let laid_out = laid_out.join("\t");
                if out.contains(&laid_out) {
                    out = out.replace(&laid_out, placeholder);
                }
            }
            if out.contains(secret.as_str()) {
                out = replace_token(&out, secret, placeholder);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_whole_tokens_and_cells_longest_first() {
        let r = Redaction::new(
            vec![
                ("1234".into(), "${code}".into()),
                ("ab1234cd".into(), "«パスワード»".into()),
            ],
            &[],
        );
        assert_eq!(
            r.apply("ab1234cd / 1234 / 51234"),
            "«パスワード» / ${code} / 51234"
        );
        assert_eq!(r.apply("1\t2\t3\t4"), "${code}");
    }

    #[test]
    fn shown_and_short_values_stay() {
        let r = Redaction::new(
            vec![("123".into(), "x".into()), ("9876".into(), "${c}".into())],
            &["9876"],
        );
        assert_eq!(r.apply("123 9876"), "123 9876");
    }

    #[test]
    fn unknown_secrets_withhold_everything() {
        assert_eq!(Redaction::Unknown.apply("確認コード 1234"), WITHHELD);
    }
}
