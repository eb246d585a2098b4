//! Mail: MIME messages, the SMTP client that sends them and the SMTP catcher that
//! receives them. With the CLI, the only module that touches sockets.

pub mod message;
pub mod outbound;
pub mod catcher;

pub use catcher::{Catcher, RawMail, SmtpFault};
pub use message::{CaughtMail, build, decode};
pub use outbound::Outbound;
