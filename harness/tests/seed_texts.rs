//! Word for word: every text of the seeds that the simulator shows (the list in
//! `fixtures/seed-texts.tsv`, from an audit of `../shared/seeds/`) appears in the corpus's
//! transcripts exactly, as a whole line, field, button, link, table cell or sentence of a
//! cell, on a screen with the right title (or in the mail, お知らせ or letter it belongs
//! to). A line break the seeds show is kept: a text joined to the next line fails.

use crate::support;

use eseikyu::screens::catalogue::catalogue;
use std::collections::{BTreeMap, BTreeSet};

/// Where a text belongs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Screen(String),
    Mail(String),
    Notice(String),
    Letter(String),
}

struct Entry {
    place: Place,
    source: String,
    text: String,
}

fn entries() -> Vec<Entry> {
    let list = include_str!("../../fixtures/seed-texts.tsv");
    let titles: BTreeSet<&str> = catalogue().titles.iter().collect();
    list.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let (where_, source, text) = (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            let (kind, name) = where_.split_once(':').expect("<kind>:<name>");
            let place = match kind {
                "screen" => Place::Screen(screen_title(name, &titles)),
                "mail" => Place::Mail(name.into()),
                "notice" => Place::Notice(name.into()),
                "letter" => Place::Letter(name.into()),
                other => panic!("unknown place {other} in {l}"),
            };
            Entry {
                place,
                source: source.into(),
                text: text.into(),
            }
        })
        .collect()
}

/// The rendered title of `screen:<title>(<variant>)`.
fn screen_title(name: &str, titles: &BTreeSet<&str>) -> String {
    if titles.contains(name) {
        return name.into();
    }
    match name.rfind('(') {
        Some(i) if name.ends_with(')') => name[..i].into(),
        _ => name.into(),
    }
}

/// What the corpus showed: for each place, every atom (whole element) seen there.
fn shown() -> BTreeMap<Place, BTreeSet<String>> {
    let mut out: BTreeMap<Place, BTreeSet<String>> = BTreeMap::new();
    for run in support::corpus() {
        for block in blocks(&run.transcript) {
            let atoms: BTreeSet<String> = block.lines.iter().flat_map(|l| atoms(l)).collect();
            for place in block.places {
                out.entry(place).or_default().extend(atoms.iter().cloned());
            }
        }
    }
    out
}

struct Block {
    places: Vec<Place>,
    lines: Vec<String>,
}

/// Splits a transcript at its step headers (`## N step`) and says what each part shows.
fn blocks(transcript: &str) -> Vec<Block> {
    let mut parts: Vec<(String, Vec<String>)> = Vec::new();
    for line in transcript.lines() {
        if let Some(head) = line.strip_prefix("## ") {
            parts.push((head.to_string(), Vec::new()));
        } else if let Some((_, lines)) = parts.last_mut() {
            lines.push(line.to_string());
        }
    }
    parts
        .into_iter()
        .map(|(head, lines)| {
            let step = head.split_once(' ').map(|(_, s)| s).unwrap_or_default();
            let places = if step.starts_with("mail:") || step == "snapshot: mail" {
                mail_places(&lines)
            } else if step.starts_with("letter:") || step == "snapshot: letter" {
                lines
                    .first()
                    .map(|t| vec![Place::Letter(t.trim().to_string())])
                    .unwrap_or_default()
            } else {
                screen_places(&lines)
            };
            Block { places, lines }
        })
        .collect()
}

fn mail_places(lines: &[String]) -> Vec<Place> {
    lines
        .iter()
        .find_map(|l| l.strip_prefix("Subject: "))
        .map(|s| vec![Place::Mail(s.to_string())])
        .unwrap_or_default()
}

fn screen_places(lines: &[String]) -> Vec<Place> {
    let Some(title) = lines.iter().find_map(|l| {
        let rest = l.strip_prefix('【')?;
        rest.split_once('】').map(|(t, _)| t.to_string())
    }) else {
        return vec![];
    };
    let mut places = vec![Place::Screen(title.clone())];
    if title == "お知らせ表示" {
        // The notice's own title is its heading.
        if let Some(h) = lines.iter().find_map(|l| l.strip_prefix("■ ")) {
            places.push(Place::Notice(h.to_string()));
        }
    }
    places
}

/// The whole elements a rendered line holds.
fn atoms(line: &str) -> Vec<String> {
    let l = line.trim();
    let mut out = vec![l.to_string()];
    let mut push = |s: &str| {
        let s = s.trim();
        if !s.is_empty() {
            out.push(s.to_string());
            // 「… ?」: the element and its [?] icon.
            if let Some(bare) = s.strip_suffix(" ?") {
                out.push(bare.to_string());
            }
        }
    };
    // The header after login: `介護保険 | お知らせ 照会一覧 …`.
    if let Some((label, menu)) = l.split_once(" | ")
        && !l.starts_with('|')
    {
        push(label);
        push(menu);
        for item in menu.split(' ') {
            push(item);
        }
    }
    // A mail's headers.
    for header in ["Subject: ", "From: ", "To: "] {
        if let Some(v) = l.strip_prefix(header) {
            push(v);
        }
    }
    for prefix in ["✖ ", "・", "■ ", "[?] ", "│ ", "▶ ", "● ", "○ ", "☐ ", "☑ "] {
        if let Some(rest) = l.strip_prefix(prefix) {
            push(rest);
        }
    }
    // A step of the step list: `▶ 2 label` or `2 label`.
    let step = l.trim_start_matches("▶ ");
    if let Some((n, label)) = step.split_once(' ')
        && n.chars().all(|c| c.is_ascii_digit())
    {
        push(label);
    }
    if let Some(rest) = l.strip_prefix('【')
        && let Some((title, _)) = rest.split_once('】')
    {
        push(title);
    }
    if let Some(rest) = l.strip_prefix('《')
        && let Some((name, value)) = rest.split_once('》')
    {
        push(name);
        let value = value.trim_start_matches('[').trim_end_matches(']');
        push(value);
        for opt in value.split(['●', '○']) {
            push(opt);
        }
    }
    if l.starts_with("| ") && l.ends_with(" |") {
        for cell in l[2..l.len() - 2].split(" | ") {
            let cell = cell.trim();
            let inner = cell
                .strip_prefix('[')
                .and_then(|c| c.strip_suffix(']'))
                .or_else(|| cell.strip_prefix('<').and_then(|c| c.strip_suffix('>')))
                .unwrap_or(cell);
            push(inner);
            for sentence in inner.split_inclusive('。') {
                push(sentence);
            }
            // A cell listing several items (e.g. browsers).
            for item in inner.split(" / ") {
                push(item);
            }
        }
    }
    if l.starts_with('[') && l.ends_with(']') {
        for b in l[1..l.len() - 1].split("] [") {
            push(b);
        }
    }
    if let Some(link) = l.strip_prefix('<').and_then(|x| x.strip_suffix('>')) {
        push(link);
    }
    for cell in l.split('\t') {
        push(cell);
    }
    // A letter's field: `発行日 令和08年01月10日`.
    if let Some((label, _)) = l.split_once(' ') {
        push(label);
    }
    out
}

/// Whether `text` is one of `atoms`; a `{…}` in it stands for a value of the run (an
/// address, a count, a month).
fn matches(text: &str, atoms: &BTreeSet<String>) -> bool {
    if !text.contains('{') {
        return atoms.contains(text);
    }
    let mut pattern = String::from("^");
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        pattern.push_str(&regex::escape(&rest[..open]));
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        pattern.push_str(".+?");
        rest = &rest[close..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    let re = regex::Regex::new(&pattern).expect("pattern");
    atoms.iter().any(|a| re.is_match(a))
}

#[test]
fn every_seed_text_is_shown_verbatim_where_it_belongs() {
    let entries = entries();
    assert!(
        entries.len() > 500,
        "the list holds the audit ({})",
        entries.len()
    );
    let shown = shown();
    let missing: Vec<String> = entries
        .iter()
        .filter(|e| {
            !shown
                .get(&e.place)
                .is_some_and(|atoms| matches(&e.text, atoms))
        })
        .map(|e| {
            let seen = if shown.contains_key(&e.place) {
                ""
            } else {
                " (no scenario shows this place)"
            };
            format!("{:?} {}{seen}: 「{}」", e.place, e.source, e.text)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} seed texts are not shown verbatim:\n{}",
        missing.len(),
        entries.len(),
        missing.join("\n")
    );
}
