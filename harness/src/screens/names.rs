//! Matching names the way a person reads them (DESIGN.md): NFKC normalisation and
//! whitespace folding, so 「（確認用）」 and 「(確認用)」 are the same name.

use unicode_normalization::UnicodeNormalization;

/// The form two names are compared in.
pub fn normalize(name: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    /// Names kept per thread: a screen's labels and buttons come back on every screen
    /// built, run after run; beyond this the cache starts again.
    const KEPT: usize = 4096;
    /// Longer texts are normalised each time.
    const LONGEST: usize = 128;
    thread_local! {
        static NAMES: RefCell<HashMap<Box<str>, Box<str>>> = RefCell::new(HashMap::new());
    }
    if already_plain(name) {
        return name.to_string();
    }
    if name.is_ascii() || name.len() > LONGEST {
        return fold(name);
    }
    NAMES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(n) = cache.get(name) {
            return n.to_string();
        }
        if cache.len() >= KEPT {
            cache.clear();
        }
        let n = fold(name);
        cache.insert(name.into(), n.as_str().into());
        n
    })
}

/// [`normalize`] itself: NFKC, then whitespace folded to single spaces.
fn fold(name: &str) -> String {
    // Most texts are already in NFKC: skip the decomposition then.
    let nfkc: std::borrow::Cow<'_, str> = match unicode_normalization::is_nfkc_quick(name.chars()) {
        unicode_normalization::IsNormalized::Yes => name.into(),
        _ => name.nfkc().collect::<String>().into(),
    };
    let mut out = String::with_capacity(nfkc.len());
    for word in nfkc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A whole rendered text in the form names are compared in, line by line: the same as
/// [`normalize`] of the whole (no composition crosses a line break, and every line break
/// folds to one space), but each distinct line is normalised once per thread and kept,
/// since a screen's lines come back run after run.
pub fn normalize_text(text: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    /// Lines kept per thread; beyond this the cache starts again (a screen's own lines
    /// are far fewer; the lines with a run's own codes and numbers come and go).
    const KEPT: usize = 2048;
    /// Longer lines are normalised each time (they rarely repeat).
    const LONGEST: usize = 512;
    thread_local! {
        static LINES: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    LINES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let mut out = String::with_capacity(text.len());
        for line in text.split('\n') {
            let owned;
            let n: &str = if already_plain(line) {
                line
            } else if line.len() > LONGEST {
                owned = normalize(line);
                &owned
            } else {
                if !cache.contains_key(line) {
                    if cache.len() >= KEPT {
                        cache.clear();
                    }
                    cache.insert(line.to_string(), normalize(line));
                }
                &cache[line]
            };
            if !n.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(n);
            }
        }
        out
    })
}

pub fn same(a: &str, b: &str) -> bool {
    a == b || normal(a) == normal(b)
}

/// `name` normalized, borrowed when it already is (most names are: no allocation).
pub fn normal(name: &str) -> std::borrow::Cow<'_, str> {
    if already_plain(name) {
        return name.into();
    }
    let spaced = |c: char| c.is_whitespace();
    let plain = !name.starts_with(spaced)
        && !name.ends_with(spaced)
        && !name.contains("  ")
        && name.chars().all(|c| c == ' ' || !c.is_whitespace());
    if plain
        && unicode_normalization::is_nfkc_quick(name.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        name.into()
    } else {
        normalize(name).into()
    }
}

/// Whether `name` is in normal form by a quick look: every character one NFKC keeps as
/// it is and composes with nothing (printable ASCII, hiragana and katakana without the
/// combining sound marks, the CJK ideographs, Japanese punctuation and brackets), and no
/// space at either end or twice. The screens' names nearly always are; a `false` is only
/// "look closer" (the Unicode tables), never a different answer.
fn already_plain(name: &str) -> bool {
    let mut space = true;
    for c in name.chars() {
        let plain = match c {
            ' ' if space => return false,
            ' ' => true,
            '!'..='~'
            | '\u{3001}'..='\u{3003}'
            | '\u{3005}'
            | '\u{3008}'..='\u{3011}'
            | '\u{301C}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FC}'
            | '\u{4E00}'..='\u{9FFF}' => true,
            _ => false,
        };
        if !plain {
            return false;
        }
        space = c == ' ';
    }
    !space || name.is_empty()
}

/// The candidate closest to `wanted`, if it is a typo away: at most one edit (an
/// insertion, deletion, substitution or swap of neighbours) for every four characters
/// (rounded to the nearest), and at least one; or one name inside the other (`パスワード` in `新しいパスワード`).
/// Never a word merely of the same length (`check` for `click`, `パスワード` for
/// `確認コード`).
pub fn nearest<'a, I>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = normalize(wanted);
    let allowed = ((w.chars().count() + 2) / 4).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let n = normalize(c);
        let edits = strsim::osa_distance(&w, &n);
        let inside = !w.is_empty() && (n.contains(&w) || w.contains(&n));
        if edits > allowed && !inside {
            continue;
        }
        if best.is_none_or(|(e, _)| edits < e) {
            best = Some((edits, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_and_spaces_do_not_matter() {
        assert!(same(
            "セキュリティ用メールアドレス（確認用）",
            "セキュリティ用メールアドレス(確認用)"
        ));
        assert!(same(
            "ログイン(セキュリティコード)",
            "ログイン（セキュリティコード）"
        ));
        assert!(same("ユーザ  ID", "ユーザ ID"));
        assert!(!same("ユーザID", "ユーザーID"));
    }

    proptest::proptest! {
        /// The borrowed fast path compares exactly as full normalization does.
        #[test]
        fn same_is_equality_after_normalizing(
            a in "[ 　\t（）()ＡAｱア確認用ID\u{3099}\u{309B}か、。【】々ー・〜ヾヿ゛~!]{0,8}",
            b in "[ 　\t（）()ＡAｱア確認用ID\u{3099}\u{309B}か、。【】々ー・〜ヾヿ゛~!]{0,8}",
        ) {
            proptest::prop_assert_eq!(same(&a, &b), normalize(&a) == normalize(&b));
            proptest::prop_assert_eq!(normal(&a).into_owned(), fold(&a));
        }
    }

    /// The quick look answers "normal" only where NFKC and the whitespace fold change
    /// nothing: every character it takes as plain, alone, after a kana (what a sound
    /// mark would compose with) and around a space.
    #[test]
    fn the_quick_look_takes_only_what_normalising_keeps() {
        let plain: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| already_plain(&c.to_string()))
            .collect();
        assert!(plain.len() > 20_000, "{} characters", plain.len());
        for c in plain {
            // Alone, after か and ハ (a sound mark would make them が and パ), after a space.
            for text in [
                format!("{c}"),
                format!("\u{304B}{c}"),
                format!("\u{30CF}{c}"),
                format!("a {c}"),
            ] {
                assert!(already_plain(&text), "{text:?}");
                assert_eq!(fold(&text), text, "U+{:04X}", c as u32);
            }
        }
        for text in [
            " a",
            "a ",
            "a  b",
            "（",
            "ｱ",
            "\u{3000}",
            "\u{304B}\u{3099}",
            "\t",
            "\u{309B}",
        ] {
            assert!(!already_plain(text), "{text:?}");
        }
    }

    #[test]
    fn a_text_normalises_line_by_line_as_it_would_whole() {
        for text in [
            "（確認用）\n  ＡＢＣ　１２３ \n\n\tｶﾀｶﾅ\n",
            "",
            "\n\n",
            "か\u{3099}\nが",
            "a\r\nb",
        ] {
            assert_eq!(normalize_text(text), normalize(text), "{text:?}");
            assert_eq!(normalize_text(text), normalize(text), "cached: {text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_normalises_line_by_line_as_it_would_whole(
            text in "[a-zＡ-Ｚ０-９（）ｦ-ﾟか-ごア-ン\u{3099}\u{309A} \t\r\n　]{0,60}"
        ) {
            proptest::prop_assert_eq!(normalize_text(&text), normalize(&text));
        }
    }

    #[test]
    fn nearest_suggests_typos() {
        let c = ["ログイン", "戻る", "パスワード等を紛失した方はこちら"];
        assert_eq!(nearest("ログイソ", c).as_deref(), Some("ログイン"));
        assert_eq!(nearest("zzzzzzzzzz", c), None);
    }
}
