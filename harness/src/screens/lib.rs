//! Screens: a thin state machine over the domain. Each page projects to a plain-data
//! [`Screen`] that renders to text (and serialises to JSON); actions are the visitor's.

pub mod model;
pub mod render;
pub mod names;
pub mod html;
pub mod read;
pub mod resolve;
pub mod entries;
mod page;
mod action;
mod browser;
mod moves;
pub use moves::{History, REFUSED_MARK};
mod login;
mod first_login;
mod security;
mod notices;
mod user_info;
mod lost;
mod certs;
mod mobile;
mod linkage;
pub mod catalogue;
pub mod gallery;

pub use action::{ActError, Action};
pub use browser::{Browser, Ctx, Flow};
pub use model::{Block, Cell, Field, FieldKind, Header, Screen, StepItem, Table};
pub use render::render;
