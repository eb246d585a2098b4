//! `${name}` placeholders: captures, `vary:` values and office facts.

use std::collections::BTreeMap;

/// The names of the placeholders in `text`, in order.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].trim().to_string());
        rest = &after[end + 1..];
    }
    out
}

/// Where a `${` without its `}` starts, if there is one.
pub fn unclosed(text: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(start) = text[at..].find("${") {
        let open = at + start;
        match text[open + 2..].find('}') {
            Some(end) => at = open + 2 + end + 1,
            None => return Some(open),
        }
    }
    None
}

/// Replaces every placeholder; a value may hold placeholders of its own (a `vary:` value
/// naming an office's password), resolved up to a few levels deep.
pub fn interpolate(text: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = once(text, vars)?;
    for _ in 0..4 {
        if !out.contains("${") {
            break;
        }
        out = once(&out, vars)?;
    }
    Ok(out)
}

/// Replaces every placeholder once; an unknown name is an error naming it.
fn once(text: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(format!("unclosed `${{` in {text:?}"));
        };
        let name = after[..end].trim();
        match vars.get(name) {
            Some(v) => out.push_str(v),
            None => return Err(format!("`${{{name}}}` has no value")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_replaced() {
        let mut v = BTreeMap::new();
        v.insert("code".to_string(), "1234".to_string());
        assert_eq!(placeholders("a ${code} b ${x.y}"), vec!["code", "x.y"]);
        assert_eq!(interpolate("[${code}]", &v).unwrap(), "[1234]");
        assert!(interpolate("${nope}", &v).is_err());
        assert!(interpolate("${code", &v).is_err());
    }
}
