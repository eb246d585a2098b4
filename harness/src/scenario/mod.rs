//! Scenarios: YAML files written in the words of the screens (`model`), validated with
//! source spans (`parse`, `diagnostic`) into plans (`plan`), run against a
//! [`crate::door::Driver`] (`run`), and reported (`report`).

pub mod model;
pub mod diagnostic;
pub mod plan;
pub mod interpolate;
pub mod parse;
pub mod run;
pub mod report;
pub mod select;
pub mod baseline;
pub mod diff;

pub use diagnostic::Diagnostic;
pub use parse::parse;
pub use plan::Scenario;
pub use run::{RunResult, run, try_run};

/// The JSON Schema of the scenario format, generated from the types.
pub fn schema() -> String {
    let schema = schemars::schema_for!(model::RawScenario);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
