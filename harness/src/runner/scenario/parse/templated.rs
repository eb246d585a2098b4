//! `offices:` written with `vary:` values (`claim: ${claim}`): the file's `offices:` block
//! is read once per variant with that variant's values put in as text, so one rule can be
//! run across claim methods, states or certificates without an office per variant.

use super::{Diagnostic, Pairs, RawOffice, Scenario, office_plan, syntax_diagnostic};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// The values of each `vary:` entry, when `offices:` uses one of them.
pub(super) fn office_values(source: &str) -> Option<Vec<BTreeMap<String, String>>> {
    let (start, end) = offices_block(source)?;
    let block: Vec<&str> = source.split('\n').skip(start).take(end - start).collect();
    let block = block.join("\n");
    if !block.contains("${") {
        return None;
    }
    let only: VaryOnly = serde_saphyr::from_str(source).ok()?;
    let values: Vec<BTreeMap<String, String>> = only
        .vary
        .into_iter()
        .map(|p| p.0.into_iter().map(|(k, v)| (k.value, v)).collect())
        .collect();
    let used = values
        .first()?
        .keys()
        .any(|k| block.contains(&format!("${{{k}}}")));
    used.then_some(values)
}

/// `source` with `values` put into its `offices:` block (every other line as it is).
pub(super) fn with_values(source: &str, values: &BTreeMap<String, String>) -> String {
    let Some((start, end)) = offices_block(source) else {
        return source.to_string();
    };
    let put = |line: &str| {
        values.iter().fold(line.to_string(), |acc, (k, v)| {
            acc.replace(&format!("${{{k}}}"), v)
        })
    };
    source
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            if (start..end).contains(&i) {
                put(l)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each variant's own offices, read with its values. An office keeps its number in every
/// variant (the steps name it: `${offices.1311111111.password}`).
pub(super) fn vary_offices(
    file: &str,
    source: &str,
    values: &[BTreeMap<String, String>],
    scenario: &mut Scenario,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let numbers: Vec<String> = scenario
        .offices
        .iter()
        .map(|o| o.spec.number.clone())
        .collect();
    for (i, vals) in values.iter().enumerate() {
        let entry = format!("with the values of `vary:` entry {}", i + 1);
        let only: OfficesOnly = match serde_saphyr::from_str(&with_values(source, vals)) {
            Ok(o) => o,
            Err(e) => {
                let mut d = syntax_diagnostic(file, &e);
                d.message = format!("{entry}: {}", d.message);
                errors.push(d);
                continue;
            }
        };
        let mut offices = Vec::new();
        for o in &only.offices {
            let at = (o.referenced.line(), o.referenced.column());
            match office_plan(&o.value) {
                Ok(p) if numbers.get(offices.len()) == Some(&p.spec.number) => offices.push(p),
                Ok(p) => errors.push(Diagnostic::new(
                    file,
                    at.0,
                    at.1,
                    format!(
                        "{entry}: office {} is not the office written here in the others; \
                         `vary:` may change an office's other keys, not its number",
                        p.spec.number
                    ),
                )),
                Err(e) => errors.push(Diagnostic::new(file, at.0, at.1, format!("{entry}: {e}"))),
            }
        }
        if let Some(v) = scenario.variants.get_mut(i) {
            v.offices = Some(offices);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Lines `[start, end)` of the top-level `offices:` key and its value.
fn offices_block(source: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = source.split('\n').collect();
    let start = lines.iter().position(|l| l.starts_with("offices:"))?;
    let end = (start + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            !l.is_empty() && !l.starts_with([' ', '\t', '#', '-'])
        })
        .unwrap_or(lines.len());
    Some((start, end))
}

#[derive(Deserialize)]
struct VaryOnly {
    #[serde(default)]
    vary: Vec<Pairs>,
}

#[derive(Deserialize)]
struct OfficesOnly {
    #[serde(default)]
    offices: Vec<Spanned<RawOffice>>,
}
