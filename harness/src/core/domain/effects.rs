//! What the system asks of the world outside it, as one closed type: the domain does no
//! I/O, so each act leaves its effects in order, and the edge (`world`) carries them out in
//! one exhaustive `match`. A new kind of effect cannot be forgotten: the match does not
//! compile without it.

use super::certs::CertRecord;
use super::lost::Application;
use super::system::{OutboundMail, SecretKind};

/// One thing the system asked for, in the order it asked.
#[derive(Clone, Debug)]
pub enum Effect {
    /// A value it made that no report may show (a code, a generated password).
    Secret { value: String, kind: SecretKind },
    /// A mail to send over SMTP.
    Mail(OutboundMail),
    /// A 再発行申請 for the federation to review (REISSUE-5).
    ReissueApplication(Application),
    /// A certificate application for the federation to review (CERT-3).
    CertificateApplication(CertRecord),
    /// A certificate downloaded (CERT-1): its X.509 and PKCS#12 file are made at the edge.
    CertificateDownload(CertRecord),
    /// The password-protected ZIP of a notice's 証明書発行用パスワード通知書, made at the
    /// edge (ZIP encryption draws its own randomness); its size goes back to the notice.
    PasswordZip {
        notice: usize,
        document: String,
        password: String,
    },
    /// A notice's attachment downloaded (NOTICE-4).
    AttachmentDownload { notice: usize },
    /// A file received through the care plan data linkage downloaded (CPL-4 ⑤).
    LinkageDownload { name: String, bytes: Vec<u8> },
}

impl Effect {
    /// One line for the world's effect log: what happened, never a secret's value.
    pub fn describe(&self) -> String {
        match self {
            Effect::Secret { kind, .. } => format!("secret «{}»", kind.label()),
            Effect::Mail(m) => format!("mail to {} 「{}」", m.to, m.subject),
            Effect::ReissueApplication(a) => format!("reissue application {}", a.number),
            Effect::CertificateApplication(r) => format!("certificate application {}", r.number),
            Effect::CertificateDownload(r) => {
                format!("certificate download {} #{}", r.number, r.downloads)
            }
            Effect::PasswordZip { notice, .. } => format!("password zip for notice {notice}"),
            Effect::AttachmentDownload { notice } => format!("attachment of notice {notice}"),
            Effect::LinkageDownload { name, bytes } => {
                format!("linkage download {name} ({} bytes)", bytes.len())
            }
        }
    }
}

/// The mails among `effects`, in order (for tests that look only at mail).
pub fn mails(effects: Vec<Effect>) -> Vec<OutboundMail> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Mail(m) => Some(m),
            _ => None,
        })
        .collect()
}
