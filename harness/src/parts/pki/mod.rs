//! The system's certificate authority, `e-seikyu CA`, and what it issues: client
//! authentication certificates for `KaigoJigyousho` / `CarePlanJigyousho`, delivered as
//! PKCS#12 files protected by the 証明書発行用パスワード (CERT-1, CERT-16).
//!
//! Keys, signatures (RFC 6979), PKCS#12 salts and IVs come from generators the world seeds
//! (`key`, `pkcs12`); serial numbers and dates come from the world too. The same seed gives
//! the same CA, certificates and files, byte for byte.

pub mod key;
pub mod pkcs12;
pub mod service_ca;

pub use key::SeededKey;

use jiff::Timestamp;
use p12_keystore::KeyStore;
use rand::Rng;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, SerialNumber,
};
use sha1::{Digest, Sha1};

/// The CA's name, as an installed certificate shows its 発行者 (CERT-12).
pub const CA_NAME: &str = "e-seikyu CA";

/// Why a certificate could not be made or packaged.
#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    #[error("certificate: {0}")]
    Certificate(#[from] rcgen::Error),
    #[error("PKCS#12: {0}")]
    Pkcs12(String),
    #[error("date out of range: {0}")]
    Date(String),
}

pub use eseikyu_core::profile::Pkcs12Form;

/// A certificate issued to an office, with its private key (PKCS#8 DER).
#[derive(Clone, Debug)]
pub struct Issued {
    pub cert_der: Vec<u8>,
    pub key_der: Vec<u8>,
    pub serial_hex: String,
    /// The 発行先 (common name).
    pub subject: String,
}

/// The certificate authority of one world.
pub struct Ca {
    issuer: CertifiedIssuer<'static, SeededKey>,
}

impl Ca {
    /// A CA valid from `from` for 20 years (ASSUMPTION), with the given serial and a key
    /// drawn from `rng`.
    pub fn new(from: Timestamp, serial: [u8; 16], rng: &mut impl Rng) -> Result<Ca, PkiError> {
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, CA_NAME);
        params.distinguished_name = dn;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        params.not_before = offset(from)?;
        params.not_after = offset(add_years(from, 20)?)?;
        params.serial_number = Some(SerialNumber::from_slice(&positive(serial)));
        let key = SeededKey::generate(rng);
        Ok(Ca {
            issuer: CertifiedIssuer::self_signed(params, key)?,
        })
    }

    pub fn cert_der(&self) -> &[u8] {
        self.issuer.der()
    }
    pub fn cert_pem(&self) -> String {
        self.issuer.pem()
    }

    /// CERT-16: the SHA-1 thumbprint (拇印) as Windows shows it, hex in pairs.
    pub fn thumbprint(&self) -> String {
        thumbprint(self.cert_der())
    }

    /// A client-authentication certificate for `subject` (KaigoJigyousho or
    /// CarePlanJigyousho), valid from `not_before` to `not_after`, its key drawn from `rng`.
    pub fn issue(
        &self,
        subject: &str,
        not_before: Timestamp,
        not_after: Timestamp,
        serial: [u8; 16],
        rng: &mut impl Rng,
    ) -> Result<Issued, PkiError> {
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, subject);
        params.distinguished_name = dn;
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        params.use_authority_key_identifier_extension = true;
        params.not_before = offset(not_before)?;
        params.not_after = offset(not_after)?;
        let serial = positive(serial);
        params.serial_number = Some(SerialNumber::from_slice(&serial));
        let key = SeededKey::generate(rng);
        let cert = params.signed_by(&key, &self.issuer)?;
        Ok(Issued {
            cert_der: cert.der().to_vec(),
            key_der: key.pkcs8_der().map_err(PkiError::Pkcs12)?,
            serial_hex: hex(&serial),
            subject: subject.to_string(),
        })
    }

    /// A server certificate for 127.0.0.1 / localhost, for the stand-in services. Valid
    /// 1970–2099 so that clients checking it against the wall clock accept it.
    pub fn issue_server(&self) -> Result<Issued, PkiError> {
        let mut params = CertificateParams::new(vec!["localhost".to_string()])?;
        params
            .subject_alt_names
            .push(rcgen::SanType::IpAddress(std::net::IpAddr::from([
                127, 0, 0, 1,
            ])));
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, "localhost");
        params.distinguished_name = dn;
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        params.not_before = time::OffsetDateTime::UNIX_EPOCH;
        params.not_after = time::macros::datetime!(2099-12-31 0:00 UTC);
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
        let cert = params.signed_by(&key, &self.issuer)?;
        Ok(Issued {
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
            serial_hex: String::new(),
            subject: "localhost".into(),
        })
    }

    /// The certificate and key as a PKCS#12 file with the CA in its chain; its salts
    /// and IVs are drawn from `rng`.
    pub fn pkcs12(
        &self,
        issued: &Issued,
        password: &str,
        form: Pkcs12Form,
        rng: &mut impl Rng,
    ) -> Result<Vec<u8>, PkiError> {
        let leaf_name = format!("CN={}", issued.subject);
        let ca_name = format!("CN={CA_NAME}");
        let chain = [
            (issued.cert_der.as_slice(), leaf_name.as_str()),
            (self.cert_der(), ca_name.as_str()),
        ];
        let contents = pkcs12::Contents {
            key_pkcs8: &issued.key_der,
            chain: &chain,
            alias: "e-seikyu",
            local_key_id: issued.serial_hex.as_bytes(),
        };
        pkcs12::write(&contents, password, form, rng).map_err(PkiError::Pkcs12)
    }
}

/// SHA-1 of DER, as `AB:CD:…`.
/// The DER of the first certificate in a PEM text.
pub fn pem_der(pem: &str) -> Option<Vec<u8>> {
    x509_parser::pem::parse_x509_pem(pem.as_bytes())
        .ok()
        .map(|(_, p)| p.contents)
}

pub fn thumbprint(der: &[u8]) -> String {
    Sha1::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// A serial number must be positive: clear the top bit.
fn positive(mut serial: [u8; 16]) -> [u8; 16] {
    serial[0] &= 0x7f;
    if serial[0] == 0 {
        serial[0] = 1;
    }
    serial
}

fn offset(t: Timestamp) -> Result<time::OffsetDateTime, PkiError> {
    time::OffsetDateTime::from_unix_timestamp(t.as_second())
        .map_err(|e| PkiError::Date(e.to_string()))
}

/// The same JST calendar moment `years` later (CERT-1: 3-year validity).
pub fn add_years(t: Timestamp, years: i16) -> Result<Timestamp, PkiError> {
    eseikyu_core::clock::add_years(t, years)
        .ok_or_else(|| PkiError::Date(format!("{t} + {years} years")))
}

/// What a PKCS#12 file holds, as an installer shows it (CERT-12).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub subject: String,
    pub issuer: String,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
    pub client_auth: bool,
    /// The extended key usages by their RFC 5280 names (`clientAuth`, `serverAuth`, …).
    pub eku: Vec<String>,
}

/// Opens a PKCS#12 file with its password, as an installer would.
pub fn open_pkcs12(bytes: &[u8], password: &str) -> Result<Opened, PkiError> {
    use x509_parser::prelude::{FromDer, X509Certificate};
    let store = KeyStore::from_pkcs12(bytes, password, p12_keystore::Pkcs12ImportPolicy::Relaxed)
        .map_err(|e| PkiError::Pkcs12(e.to_string()))?;
    let (_, chain) = store
        .private_key_chain()
        .ok_or_else(|| PkiError::Pkcs12("no private key".into()))?;
    let leaf = chain
        .certs()
        .first()
        .ok_or_else(|| PkiError::Pkcs12("no certificate".into()))?;
    let (_, cert) =
        X509Certificate::from_der(leaf.as_der()).map_err(|e| PkiError::Pkcs12(e.to_string()))?;
    let cn = |n: &x509_parser::x509::X509Name<'_>| {
        n.iter_common_name()
            .next()
            .and_then(|c| c.as_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let ts = |t: x509_parser::time::ASN1Time| {
        Timestamp::from_second(t.timestamp()).map_err(|e| PkiError::Date(e.to_string()))
    };
    let eku: Vec<String> = match cert.extended_key_usage().ok().flatten() {
        Some(e) => {
            let e = e.value;
            [
                (e.any, "anyExtendedKeyUsage"),
                (e.server_auth, "serverAuth"),
                (e.client_auth, "clientAuth"),
                (e.code_signing, "codeSigning"),
                (e.email_protection, "emailProtection"),
                (e.time_stamping, "timeStamping"),
                (e.ocsp_signing, "OCSPSigning"),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, n)| n.to_string())
            .chain(e.other.iter().map(|o| o.to_id_string()))
            .collect()
        }
        None => Vec::new(),
    };
    let client_auth = eku.iter().any(|k| k == "clientAuth");
    Ok(Opened {
        subject: cn(cert.subject()),
        issuer: cn(cert.issuer()),
        not_before: ts(cert.validity().not_before)?,
        not_after: ts(cert.validity().not_after)?,
        client_auth,
        eku,
    })
}

/// The key (PKCS#8 DER) and certificate chain (DER, leaf first) of a PKCS#12 file.
pub fn pkcs12_parts(bytes: &[u8], password: &str) -> Result<(Vec<u8>, Vec<Vec<u8>>), PkiError> {
    let store = KeyStore::from_pkcs12(bytes, password, p12_keystore::Pkcs12ImportPolicy::Relaxed)
        .map_err(|e| PkiError::Pkcs12(e.to_string()))?;
    let (_, chain) = store
        .private_key_chain()
        .ok_or_else(|| PkiError::Pkcs12("no private key".into()))?;
    Ok((
        chain.key().as_der().to_vec(),
        chain.certs().iter().map(|c| c.as_der().to_vec()).collect(),
    ))
}
