//! The pure domain: what the reception system knows and the rules it applies. No I/O, no
//! wall clock: instants and randomness come in as arguments.

pub mod ids;
pub mod password;
pub mod codes;
pub mod throttle;
pub mod office;
pub mod letters;
pub mod notices;
pub mod lost;
pub mod certs;
pub mod effects;
pub mod linkage;
mod linkage_access;
pub mod advice;
pub mod system;
pub mod addresses;

pub use certs::{CertError, CertKind, CertRecord};
pub use codes::{CodeError, Purpose, Subject};
pub use effects::Effect;
pub use ids::{OfficeNumber, UserId};
pub use letters::Letter;
pub use linkage_access::LinkageRefusal;
pub use lost::{Application, DecideError, Decision, DraftError, DraftSummary};
pub use office::{ClaimMethod, Office};
pub use system::{
    AddressError, AfterLogin, Awaiting, LoginOutcome, OutboundMail, PasswordError, Registered,
    SecretKind, Setup, System,
};
