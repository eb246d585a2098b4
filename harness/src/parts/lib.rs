//! The parts around the reception system, each a real one: [`pki`] (the CA, certificates
//! and PKCS#12 files), [`documents`] (the ZIP of a notice), [`mail`] (MIME, the SMTP client,
//! the embedded SMTP catcher), [`federation`] (in process or over HTTP) and [`service`]
//! (the stand-in TLS service). Each part's faults are its own types.

pub mod documents;
pub mod federation;
pub mod mail;
pub mod pki;
pub mod service;
