//! Scenarios: YAML files written in the words of the screens (`model`), validated with
//! source spans (`parse`, `diagnostic`) into plans (`plan`), run against a
//! [`eseikyu_door::Driver`] (`run`), and reported (`report`).

pub mod model;
pub mod diagnostic;
pub mod plan;
pub mod interpolate;
pub mod parse;
pub mod run;
pub mod failure;
pub mod snapshot;
mod steps;
mod mailbox;
mod count;
mod downloads;
pub mod nearest;
mod transcript;
pub mod redaction;
pub mod select;
pub mod baseline;
pub mod diff;
pub mod schema;
pub mod write;

pub use diagnostic::Diagnostic;
pub use parse::parse;
pub use plan::Scenario;
pub use run::{RunResult, run, try_run};

pub use schema::schema;
