//! Why a run failed, typed: a check that did not hold is the system's non-conformance; a
//! scenario that cannot be carried out as written is its author's to mend; an error of
//! the system or the target (no answer, a page it cannot read, a panic) is neither. CI
//! tells them apart: JUnit `<failure>` vs `<error>`, a `kind` in JSON, exit codes.

use eseikyu_door::DriverError;

/// What kind of failure a run had.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailureKind {
    /// A check of the scenario did not hold, or the screen did not offer what the step
    /// acts on: the system does not do what the scenario says (JUnit `<failure>`).
    Unmet,
    /// The scenario cannot be carried out as written: a value it never read, a step the
    /// target cannot take, a clock move out of range (JUnit `<error type="scenario">`).
    Scenario,
    /// The system or the target failed: an error it answered, no answer, a page or mail
    /// it served that cannot be read, a panic (JUnit `<error type="system">`).
    System,
}

impl FailureKind {
    /// How reports name it.
    pub fn label(self) -> &'static str {
        match self {
            FailureKind::Unmet => "unmet",
            FailureKind::Scenario => "scenario",
            FailureKind::System => "system",
        }
    }
}

/// Why a step failed: its kind and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepFailure {
    pub kind: FailureKind,
    pub message: String,
}

impl StepFailure {
    pub fn unmet(message: impl Into<String>) -> StepFailure {
        StepFailure {
            kind: FailureKind::Unmet,
            message: message.into(),
        }
    }
    pub fn scenario(message: impl Into<String>) -> StepFailure {
        StepFailure {
            kind: FailureKind::Scenario,
            message: message.into(),
        }
    }
    pub fn system(message: impl Into<String>) -> StepFailure {
        StepFailure {
            kind: FailureKind::System,
            message: message.into(),
        }
    }
}

/// A check's words: what was expected and not found.
impl From<String> for StepFailure {
    fn from(message: String) -> StepFailure {
        StepFailure::unmet(message)
    }
}

/// What the door said, by whose it is: the screen not offering an action (or naming
/// nothing the system made) is the system's non-conformance; a fault, clock move or office
/// the scenario asked for that cannot be is the scenario's; the rest is an error of the
/// system or target.
impl From<DriverError> for StepFailure {
    fn from(e: DriverError) -> StepFailure {
        let kind = match &e {
            DriverError::Act(_) | DriverError::Unknown(_) => FailureKind::Unmet,
            DriverError::Duplicate(_) | DriverError::Clock(_) | DriverError::Fault(_) => {
                FailureKind::Scenario
            }
            DriverError::Mail(_)
            | DriverError::Office(_)
            | DriverError::Federation(_)
            | DriverError::Pki(_)
            | DriverError::Target(_) => FailureKind::System,
        };
        StepFailure {
            kind,
            message: e.to_string(),
        }
    }
}

/// Why a run failed, with what a tester needs to see.
#[derive(Clone, Debug)]
pub struct Failure {
    pub kind: FailureKind,
    pub line: u64,
    pub column: u64,
    pub step: String,
    pub message: String,
    /// The screen at the failure, rendered.
    pub screen: String,
    /// The step's line of the scenario with a caret under it (empty when not a step).
    pub snippet: String,
    /// The text the step looked for and the nearest one there was.
    pub miss: Option<super::nearest::Miss>,
}

impl Failure {
    /// A failure before the first step (of the world or its offices) or after the last
    /// (its secrets, its reports).
    pub fn before_steps(step: &str, kind: FailureKind, message: String) -> Failure {
        Failure {
            kind,
            line: 0,
            column: 0,
            step: step.into(),
            message,
            screen: String::new(),
            snippet: String::new(),
            miss: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_doors_errors_are_sorted_by_whose_they_are() {
        let kind = |e: DriverError| StepFailure::from(e).kind;
        assert_eq!(
            kind(DriverError::Unknown("C202601001".into())),
            FailureKind::Unmet
        );
        assert_eq!(kind(DriverError::Clock("x".into())), FailureKind::Scenario);
        assert_eq!(kind(DriverError::Fault("x".into())), FailureKind::Scenario);
        assert_eq!(kind(DriverError::Target("500".into())), FailureKind::System);
        assert_eq!(kind(DriverError::Mail("x".into())), FailureKind::System);
        assert_eq!(
            StepFailure::from("expected 【ログイン】".to_string()).kind,
            FailureKind::Unmet
        );
    }
}
