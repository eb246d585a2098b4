//! Every word a visitor reads: screen texts, e-mail bodies and posted letters.
//!
//! Texts are copied from `shared/seeds/` (the authority) as SPEC.md quotes them. Where
//! the seeds give no wording the text is marked ASSUMPTION here and listed in the manual (docs/assumptions.md).
//! No other module holds user-visible Japanese, except the names of fields and buttons
//! that `screens` takes from the constants below.
//!
//! By provenance: `assumed` holds every text the seeds do not give; every other module
//! holds the seeds' words, by area; `prefectures` holds the JIS X 0401 names.

mod frame;
mod login;
mod security;
mod messages;
mod lost;
mod certs;
mod care_plan;
mod letters;
mod prefectures;
mod assumed;

pub use assumed::*;
pub use care_plan::*;
pub use certs::*;
pub use frame::*;
pub use letters::*;
pub use login::*;
pub use lost::*;
pub use messages::*;
pub use prefectures::PREFECTURES;
pub use security::*;
