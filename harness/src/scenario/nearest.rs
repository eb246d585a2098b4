//! A missed text and the nearest one shown, with the difference marked: what a tester
//! reads first when a `see:`, `screen:` or `mail:` check fails.

use similar::{ChangeTag, TextDiff};

/// What a check looked for, and the closest text there was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    pub expected: String,
    pub nearest: String,
}

impl Miss {
    /// The candidate most like `expected` (by the share of characters in common), if any
    /// shares at least a third.
    pub fn among<'a>(
        expected: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<Miss> {
        let mut best: Option<(f32, &str)> = None;
        for c in candidates {
            let c = c.trim();
            if c.is_empty() {
                continue;
            }
            let r = TextDiff::from_chars(expected, c).ratio();
            if best.is_none_or(|(b, _)| r > b) {
                best = Some((r, c));
            }
        }
        best.filter(|(r, _)| *r >= 0.34).map(|(_, c)| Miss {
            expected: expected.to_string(),
            nearest: c.to_string(),
        })
    }

    /// The nearest text with what is missing as `[-…-]` and what is extra as `{+…+}`.
    pub fn marked(&self) -> String {
        let diff = TextDiff::from_chars(self.expected.as_str(), self.nearest.as_str());
        let mut out = String::new();
        let mut open: Option<ChangeTag> = None;
        for change in diff.iter_all_changes() {
            let tag = change.tag();
            if open != Some(tag) {
                close(&mut out, open);
                match tag {
                    ChangeTag::Delete => out.push_str("[-"),
                    ChangeTag::Insert => out.push_str("{+"),
                    ChangeTag::Equal => {}
                }
                open = Some(tag);
            }
            out.push_str(change.value());
        }
        close(&mut out, open);
        out
    }
}

fn close(out: &mut String, tag: Option<ChangeTag>) {
    match tag {
        Some(ChangeTag::Delete) => out.push_str("-]"),
        Some(ChangeTag::Insert) => out.push_str("+}"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_line_is_found_and_its_difference_marked() {
        let m = Miss::among("log in now", ["nothing alike", "log in now!", "logout"]).unwrap();
        assert_eq!(m.nearest, "log in now!");
        assert_eq!(m.marked(), "log in now{+!+}");
        let m = Miss::among("please press OK", ["please pres OK"]).unwrap();
        assert_eq!(m.marked(), "please pres[-s-] OK");
    }

    #[test]
    fn nothing_alike_is_no_nearest() {
        assert_eq!(Miss::among("abcdef", ["uvwxyz", ""]), None);
    }
}
