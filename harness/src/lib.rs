//! eseikyu: a reference simulator and conformance harness for Japan's long-term-care
//! electronic claims reception system (介護電子請求受付システム).
//!
//! The crate is read from the bottom up:
//! - [`clock`] and [`profile`]: virtual time in JST and the release rules in force.
//! - [`text`]: every word a visitor reads.
//! - [`domain`]: the pure system state and rules (no I/O).
//! - [`screens`]: what a visitor sees and presses, as plain data.
//! - [`mail`]: MIME, the SMTP client and the embedded SMTP catcher.
//! - [`door`]: the narrow [`door::Driver`] door the scenario runner uses, and the plain
//!   protocol data that crosses it.
//! - [`world`]: one simulated world (clock + RNG + system + browsers + mail) behind the
//!   door, in process.
//! - [`scenario`]: YAML scenarios, parsed with source spans, run, and reported.

pub mod clock;
pub mod profile;
pub mod text;
pub mod domain;
pub mod screens;
pub mod mail;
pub mod generate;
pub mod door;
pub mod world;
pub mod remote;
pub mod rules;
pub mod scenario;
pub mod report;
pub mod cli;
pub mod federation;
pub mod pki;
pub mod documents;
pub mod service;
pub mod serve;
