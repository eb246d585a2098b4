//! The scenario runner and what reads its results: [`scenario`] (YAML scenarios parsed
//! with spans, validated, run through the door, one world per run), [`report`] (terminal
//! text, JUnit XML, JSON, the HTML report, artifacts, the certification package) and
//! [`rules`] (the rule catalogue). It reaches a system only through `eseikyu_door`.

pub mod explore;
pub mod report;
pub mod rules;
pub mod scenario;
