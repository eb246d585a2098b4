//! eseikyu: a reference simulator and conformance harness for Japan's long-term-care
//! electronic claims reception system (介護電子請求受付システム).
//!
//! The workspace's crates are its layers, read from the bottom up (ARCHITECTURE.md draws
//! them); this crate is the top: the HTTP edge ([`serve`]) and the command ([`cli`]), and
//! it names every layer's modules as one library for tests, benchmarks and users:
//! - [`clock`], [`profile`], [`text`], [`domain`] (`eseikyu-core`): the pure system.
//! - [`pki`], [`documents`], [`mail`], [`federation`], [`service`] (`eseikyu-parts`).
//! - [`screens`] (`eseikyu-screens`): what a visitor sees and presses, as plain data.
//! - [`door`] (`eseikyu-door`): the narrow door the scenario runner uses.
//! - [`world`] (`eseikyu-world`): one simulated world behind the door, in process;
//!   [`remote`] (`eseikyu-remote`): the door over HTTP.
//! - [`scenario`], [`report`], [`rules`] (`eseikyu-runner`): scenarios, run and reported.

pub use eseikyu_core::{clock, domain, profile, text};
pub use eseikyu_door as door;
pub use eseikyu_parts::{documents, federation, mail, pki, service};
pub use eseikyu_remote as remote;
pub use eseikyu_runner::{explore, report, rules, scenario};
pub use eseikyu_screens as screens;
pub use eseikyu_world as world;
pub use eseikyu_world::generate;

pub mod allocator;
pub mod cli;
pub mod serve;
