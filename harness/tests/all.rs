//! Every integration test in one binary: each file of `harness/tests/` is a module here,
//! so a change is linked into one test binary instead of thirty (ARCHITECTURE.md, Tests).
//! Run one file's tests with `cargo test --test all <file>::`. The corpus runner
//! (`scenarios.rs`, libtest-mimic) stays a binary of its own.

mod support;
mod abuse;
mod authoring;
mod browser;
mod catcher;
mod cli;
mod clients;
mod conformance;
mod docs;
mod edges;
mod explore;
mod federation;
mod fuzz;
mod hardening;
mod linkage;
mod lost_properties;
mod mail_interop;
mod outside_in;
mod pki;
mod properties;
mod read_back;
mod reports;
mod reproducible;
mod sandbox;
mod secrets;
mod seed_texts;
mod selection;
mod serve;
mod service;
mod text_provenance;
