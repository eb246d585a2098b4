//! The served TLS service's own certificate authority, `eseikyu TLS service CA`: made
//! when `eseikyu serve` starts (a fresh key each time), limited by name constraints to
//! `localhost` and 127.0.0.0/8 so that trusting it trusts nothing else, and served to
//! clients (`/_eseikyu/service-ca.pem`) so they can verify the service with verification
//! on. It issues the service's server certificate (subjectAltName localhost, 127.0.0.1).
//! Its dates follow the wall clock: clients check a server certificate against theirs.

use super::{Issued, PkiError};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, CidrSubnet, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, GeneralSubtree, IsCa, KeyPair, KeyUsagePurpose, NameConstraints,
    PKCS_ECDSA_P256_SHA256, SanType,
};

/// The CA's common name (never the worlds' `e-seikyu CA`, which issues office certificates).
pub const SERVICE_CA_NAME: &str = "eseikyu TLS service CA";

/// The service's CA certificate (PEM) and the server certificate it issued.
pub struct ServiceIdentity {
    pub ca_pem: String,
    pub server: Issued,
}

/// A new CA and server certificate, valid from a day before `now` for ten years.
pub fn service_identity(now: time::OffsetDateTime) -> Result<ServiceIdentity, PkiError> {
    let (from, until) = (
        now - time::Duration::days(1),
        now + time::Duration::days(3652),
    );
    let mut ca = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, SERVICE_CA_NAME);
    ca.distinguished_name = dn;
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.name_constraints = Some(NameConstraints {
        permitted_subtrees: vec![
            GeneralSubtree::DnsName("localhost".into()),
            GeneralSubtree::IpAddress(CidrSubnet::V4([127, 0, 0, 0], [255, 0, 0, 0])),
        ],
        excluded_subtrees: vec![],
    });
    ca.not_before = from;
    ca.not_after = until;
    let ca_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
    let issuer = CertifiedIssuer::self_signed(ca, ca_key)?;

    let mut server = CertificateParams::new(vec!["localhost".to_string()])?;
    server
        .subject_alt_names
        .push(SanType::IpAddress(std::net::IpAddr::from([127, 0, 0, 1])));
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "localhost");
    server.distinguished_name = dn;
    server.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    server.use_authority_key_identifier_extension = true;
    server.not_before = from;
    server.not_after = until;
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
    let cert = server.signed_by(&key, &issuer)?;
    Ok(ServiceIdentity {
        ca_pem: issuer.pem(),
        server: Issued {
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
            serial_hex: String::new(),
            subject: "localhost".into(),
        },
    })
}
