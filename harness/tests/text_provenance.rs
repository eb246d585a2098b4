//! Where every word comes from. The modules of `harness/src/core/text/` other than `assumed`
//! hold only the seeds' words: every Japanese fragment of their strings is found in the
//! seeds (`fixtures/seeds/`, read past the extraction artefacts SPEC.md names). Every
//! text the seeds do not give lives in `text/assumed.rs`, and docs/assumptions.md lists each one.

use unicode_normalization::UnicodeNormalization;

const SEED_MODULES: &[(&str, &str)] = &[
    ("frame.rs", include_str!("../src/core/text/frame.rs")),
    ("login.rs", include_str!("../src/core/text/login.rs")),
    ("security.rs", include_str!("../src/core/text/security.rs")),
    ("messages.rs", include_str!("../src/core/text/messages.rs")),
    ("lost.rs", include_str!("../src/core/text/lost.rs")),
    ("certs.rs", include_str!("../src/core/text/certs.rs")),
    ("letters.rs", include_str!("../src/core/text/letters.rs")),
    (
        "care_plan.rs",
        include_str!("../src/core/text/care_plan.rs"),
    ),
];
const ASSUMED: &str = include_str!("../src/core/text/assumed.rs");
/// The manual's page that lists every assumed text (`docs/assumptions.md`).
const ASSUMPTIONS: &str = include_str!("../../docs/assumptions.md");

/// Seed words changed on purpose, with the reason (SPEC.md §12).
const CORRECTED: &[(&str, &str)] = &[(
    "電子請求受付システムのユーザID ※KJから始まる14桁の英数字です。例：KJ123456789012",
    "§12: 002 prints 「12桁」 beside its own 14-character example",
)];

fn seeds() -> String {
    let mut all = String::new();
    for e in std::fs::read_dir("fixtures/seeds").expect("fixtures/seeds reads") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "txt") {
            all.push_str(&std::fs::read_to_string(&p).expect("seed reads"));
        }
    }
    normalise(&all)
}

/// Read past the extraction: width (NFKC), spaces and line breaks, markdown escapes and
/// emphasis.
fn normalise(t: &str) -> String {
    t.nfkc()
        .filter(|c| !c.is_whitespace() && *c != '\\')
        .collect::<String>()
        .replace("**", "")
}

/// The Japanese fragments of a module's string literals: split at line breaks, tabs and
/// `{…}` placeholders; a leading bullet 「・」 is the screen's, not the words'.
fn fragments(source: &str) -> Vec<String> {
    let literal = regex::Regex::new(r#""((?:[^"\\]|\\.)*)""#).expect("regex");
    let split = regex::Regex::new(r"\\n|\\t|\{[^}]*\}").expect("regex");
    let mut out = Vec::new();
    for l in source.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for m in literal.captures_iter(l) {
            for f in split.split(&m[1]) {
                let f = f.trim_start_matches('・');
                if f.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c)) {
                    out.push(f.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn the_seed_modules_hold_only_the_seeds_words() {
    let seeds = seeds();
    assert!(seeds.len() > 50_000, "the seeds are there");
    let mut invented = Vec::new();
    let mut checked = 0;
    for (module, source) in SEED_MODULES {
        for f in fragments(source) {
            checked += 1;
            if !seeds.contains(&normalise(&f)) && !CORRECTED.iter().any(|(c, _)| *c == f) {
                invented.push(format!("text/{module}: 「{f}」"));
            }
        }
    }
    assert!(checked > 400, "{checked} fragments");
    assert!(
        invented.is_empty(),
        "not in the seeds (move to text/assumed.rs and list in docs/assumptions.md, or correct):\n{}",
        invented.join("\n")
    );
}

#[test]
fn every_assumed_text_is_listed_in_the_readme() {
    let item = regex::Regex::new(r"(?m)^pub (?:const|fn) (\w+)").expect("regex");
    let names: Vec<&str> = item
        .captures_iter(ASSUMED)
        .map(|c| c.get(1).expect("name").as_str())
        .collect();
    assert!(names.len() > 40, "{} assumed texts", names.len());
    let missing: Vec<&&str> = names
        .iter()
        .filter(|n| !ASSUMPTIONS.contains(&format!("`{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/assumptions.md's list of assumed texts lacks: {missing:?}"
    );
}

#[test]
fn a_made_up_word_in_a_seed_module_is_caught() {
    let source = "pub const X: &str = \"ログインに失敗しました。\";";
    let f = fragments(source);
    assert_eq!(f, vec!["ログインに失敗しました。".to_string()]);
    assert!(!seeds().contains(&normalise(&f[0])));
}
