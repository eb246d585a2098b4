//! Choosing which runs to run: by rule or rule family (`--rule MAIL-3`, `--rule MAIL`),
//! by id (`--id 'codes/*'`), by a stable shard (`--shard 2/4`, the same split on every
//! machine and unchanged for the other scenarios when one is added), or the runs a
//! previous JSON report says failed (`--failed-from report.json`).

use super::plan::Scenario;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::BTreeSet;

/// Which runs to run; the default runs everything.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    rules: Vec<String>,
    ids: Option<GlobSet>,
    shard: Option<(u64, u64)>,
    failed: Option<BTreeSet<String>>,
}

/// A selection that cannot be made.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    #[error("`{0}` is not a rule ID or family of SPEC.md (e.g. MAIL-3 or MAIL)")]
    Rule(String),
    #[error("`{0}` is not an id pattern: {1}")]
    Id(String, String),
    #[error("`{0}` is not a shard: write i/n with 1 ≤ i ≤ n, e.g. 2/4")]
    Shard(String),
    #[error("{0} is not a JSON report of `eseikyu run --json`: {1}")]
    Report(String, String),
}

impl Selection {
    /// Scenarios covering any of these rules (`MAIL-3`) or families (`MAIL`).
    pub fn rules(mut self, rules: &[String]) -> Result<Selection, SelectError> {
        for r in rules {
            let known = crate::rules::ids()
                .iter()
                .any(|k| *k == r || k.split('-').next() == Some(r.as_str()));
            if !known {
                return Err(SelectError::Rule(r.clone()));
            }
        }
        self.rules = rules.to_vec();
        Ok(self)
    }

    /// Scenarios whose id matches any of these globs (`codes/*`, `cert/insurance-*`).
    pub fn ids(mut self, patterns: &[String]) -> Result<Selection, SelectError> {
        if patterns.is_empty() {
            return Ok(self);
        }
        let mut set = GlobSetBuilder::new();
        for p in patterns {
            let g = Glob::new(p).map_err(|e| SelectError::Id(p.clone(), e.to_string()))?;
            set.add(g);
        }
        self.ids = Some(
            set.build()
                .map_err(|e| SelectError::Id(patterns.join(" "), e.to_string()))?,
        );
        Ok(self)
    }

    /// Shard `i` of `n` (`"2/4"`), 1-based.
    pub fn shard(mut self, shard: &str) -> Result<Selection, SelectError> {
        let bad = || SelectError::Shard(shard.to_string());
        let (i, n) = shard.split_once('/').ok_or_else(bad)?;
        let (i, n): (u64, u64) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if n == 0 || i == 0 || i > n {
            return Err(bad());
        }
        self.shard = Some((i, n));
        Ok(self)
    }

    /// Only the runs the JSON report `text` (named `name`) lists as failed.
    pub fn failed_from(mut self, name: &str, text: &str) -> Result<Selection, SelectError> {
        let bad = |e: String| SelectError::Report(name.to_string(), e);
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let runs = v["runs"]
            .as_array()
            .ok_or_else(|| bad("it has no `runs` list".into()))?;
        let failed = runs
            .iter()
            .filter(|r| r["passed"] == serde_json::Value::Bool(false))
            .filter_map(|r| {
                let id = r["id"].as_str()?;
                Some(match r["variant"].as_str() {
                    Some(v) if !v.is_empty() => format!("{id}[{v}]"),
                    _ => id.to_string(),
                })
            })
            .collect();
        self.failed = Some(failed);
        Ok(self)
    }

    /// Whether a scenario is chosen (before its variants are).
    pub fn keeps(&self, s: &Scenario) -> bool {
        let by_rule = self.rules.is_empty()
            || s.covers.iter().any(|c| {
                self.rules
                    .iter()
                    .any(|r| c == r || c.split('-').next() == Some(r.as_str()))
            });
        let by_id = self.ids.as_ref().is_none_or(|g| g.is_match(&s.id));
        let by_shard = self.shard.is_none_or(|(i, n)| shard_of(&s.id, n) == i - 1);
        by_rule && by_id && by_shard
    }

    /// The runs (scenario index, variant index) chosen among `scenarios`.
    pub fn runs(&self, scenarios: &[Scenario]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (i, s) in scenarios.iter().enumerate() {
            out.extend(self.variants(s).map(|v| (i, v)));
        }
        out
    }

    /// The variants of one scenario that are chosen: each is decided by the scenario
    /// alone, so a large corpus can choose as it reads its files.
    pub fn variants<'a>(&'a self, s: &'a Scenario) -> impl Iterator<Item = usize> + 'a {
        let kept = self.keeps(s);
        (0..s.variants.len()).filter(move |&v| {
            kept && self
                .failed
                .as_ref()
                .is_none_or(|f| f.contains(&run_name(s, v)))
        })
    }
}

/// A run's name as reports give it: `id`, or `id[label]` for a variant of a matrix.
pub fn run_name(s: &Scenario, variant: usize) -> String {
    if s.variants.len() > 1 {
        format!("{}[{}]", s.id, s.variants[variant].label)
    } else {
        s.id.clone()
    }
}

/// The shard (0-based, of `n`) a scenario id falls in: FNV-1a of the id, so the split
/// is the same everywhere and a new scenario moves no other.
pub fn shard_of(id: &str, n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_every_id_once() {
        let ids: Vec<String> = (0..500).map(|i| format!("area/scenario-{i}")).collect();
        let mut counts = [0usize; 4];
        for id in &ids {
            counts[shard_of(id, 4) as usize] += 1;
        }
        assert_eq!(counts.iter().sum::<usize>(), 500);
        assert!(counts.iter().all(|c| *c > 80), "{counts:?}");
    }

    #[test]
    fn bad_selections_say_what_is_wrong() {
        let s = Selection::default();
        assert!(matches!(s.clone().shard("5/4"), Err(SelectError::Shard(_))));
        assert!(matches!(s.clone().shard("0/4"), Err(SelectError::Shard(_))));
        assert!(matches!(s.clone().shard("x"), Err(SelectError::Shard(_))));
        assert!(s.clone().shard("4/4").is_ok());
        assert!(matches!(
            s.clone().rules(&["NOPE-1".into()]),
            Err(SelectError::Rule(_))
        ));
        assert!(s.clone().rules(&["MAIL".into(), "CODE-3".into()]).is_ok());
        assert!(matches!(
            s.clone().ids(&["[".into()]),
            Err(SelectError::Id(..))
        ));
        assert!(matches!(
            s.failed_from("r.json", "{}"),
            Err(SelectError::Report(..))
        ));
    }
}
