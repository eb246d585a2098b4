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
    /// shares at least a third; a message the screen shows (`✖ …`) is preferred to other
    /// texts as like it (a refusal is what a tester most often means). Texts are compared by their first [`COMPARED`]
    /// characters, and a candidate whose length alone rules it out is not diffed, so the
    /// search stays linear in the screen's size however long the texts (a character diff
    /// of two long, unlike texts grows with the product of their lengths).
    pub fn among<'a>(
        expected: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<Miss> {
        let wanted = head(expected);
        let wanted_len = wanted.chars().count();
        let mut best: Option<(f32, &str)> = None;
        for c in candidates {
            let c = c.trim();
            if c.is_empty() {
                continue;
            }
            let bonus = if c.starts_with(MESSAGE) {
                PREFERRED
            } else {
                0.0
            };
            let shown = head(c.strip_prefix(MESSAGE).map_or(c, str::trim_start));
            // At most every character of the shorter text is in common.
            let len = shown.chars().count();
            let bound = 2.0 * wanted_len.min(len) as f32 / (wanted_len + len) as f32;
            if bound < 0.34 || best.is_some_and(|(b, _)| bound + bonus <= b) {
                continue;
            }
            let r = TextDiff::from_chars(wanted, shown).ratio();
            if r >= 0.34 && best.is_none_or(|(b, _)| r + bonus > b) {
                best = Some((r + bonus, c));
            }
        }
        best.map(|(_, c)| Miss {
            expected: expected.to_string(),
            nearest: c.to_string(),
        })
    }

    /// The nearest text with what is missing as `[-…-]` and what is extra as `{+…+}`
    /// (of long texts, their first [`COMPARED`] characters, then `…`).
    pub fn marked(&self) -> String {
        let (expected, nearest) = (head(&self.expected), head(&self.nearest));
        let cut = expected.len() < self.expected.len() || nearest.len() < self.nearest.len();
        let diff = TextDiff::from_chars(expected, nearest);
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
        if cut {
            out.push('…');
        }
        out
    }
}

/// How many characters of a text the search compares.
pub const COMPARED: usize = 1_000;

/// How a screen's messages begin in its text.
const MESSAGE: char = '✖';
/// How much more alike a message counts than another text.
const PREFERRED: f32 = 0.2;

/// The first [`COMPARED`] characters of `text`.
fn head(text: &str) -> &str {
    match text.char_indices().nth(COMPARED) {
        Some((i, _)) => &text[..i],
        None => text,
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
    fn long_texts_are_compared_by_their_heads() {
        let long = "あいうえお".repeat(13_000);
        let shown = format!("{}か", "あいうえお".repeat(13_000));
        let m = Miss::among(&long, [shown.as_str(), "x"]).expect("the long one is nearest");
        assert_eq!(m.nearest, shown);
        assert!(m.marked().ends_with('…'));
        assert!(!m.marked().contains("[-"), "the heads are equal");
    }

    #[test]
    fn a_message_is_preferred_to_a_static_text_as_like_it() {
        let shown = [
            "ユーザIDとパスワードを入力して、",
            "✖ パスワードが入力されていません。",
        ];
        let m = Miss::among("パスワードを入力してください", shown).expect("a nearest");
        assert_eq!(m.nearest, shown[1], "the refusal, not the help line");
        // Without the message, the help line is still the nearest.
        let m = Miss::among("パスワードを入力してください", [shown[0]]).expect("a nearest");
        assert_eq!(m.nearest, shown[0]);
    }

    #[test]
    fn nothing_alike_is_no_nearest() {
        assert_eq!(Miss::among("abcdef", ["uvwxyz", ""]), None);
    }
}
