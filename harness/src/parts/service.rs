//! A stand-in for the 介護保険資格確認等WEBサービス: a real TLS server on 127.0.0.1 that
//! requires a client certificate of the world's CA, valid at the world's instant, issued to
//! KaigoJigyousho (CERT-12, UI-3's "using the certificate"). One server per connection
//! attempt; with `mail` and `cli`, the only module that touches sockets.

use crate::pki::{self, Ca};
use jiff::Timestamp;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, RootCertStore, SignatureScheme};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

/// What the stand-in 介護保険資格確認等WEBサービス answered a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The handshake succeeded and the certificate is a KaigoJigyousho one.
    Accepted,
    /// Refused, with the reason (handshake failure or the wrong 発行先).
    Refused(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("certificate: {0}")]
    Pki(#[from] pki::PkiError),
    #[error("TLS setup: {0}")]
    Tls(#[from] rustls::Error),
    #[error("TLS setup: {0}")]
    Verifier(String),
    #[error("socket: {0}")]
    Io(#[from] std::io::Error),
}

/// The subject the service accepts.
pub const ACCEPTED_SUBJECT: &str = "KaigoJigyousho";

/// Connects with the certificate in `pfx` (opened with `password`) to a fresh stand-in
/// service trusting `ca`, which checks validity at `at` (the virtual clock).
pub fn connect(
    ca: &Ca,
    pfx: &[u8],
    password: &str,
    at: Timestamp,
) -> Result<Outcome, ServiceError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut roots = RootCertStore::empty();
    roots.add(CertificateDer::from(ca.cert_der().to_vec()))?;
    let roots = Arc::new(roots);

    let server_cert = ca.issue_server()?;
    let verifier = AtInstant::trusting(ca.cert_der(), at, provider.clone())?;
    let verifier = Arc::new(verifier);
    let server_config = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![CertificateDer::from(server_cert.cert_der)],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_cert.key_der)),
        )?;

    let (key, chain) = pki::pkcs12_parts(pfx, password)?;
    let client_config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_client_auth_cert(
            chain.into_iter().map(CertificateDer::from).collect(),
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)),
        )?;

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let server = std::thread::spawn(move || serve_once(listener, Arc::new(server_config)));
    let outcome = request(addr, Arc::new(client_config));
    // The server thread ends with its one connection.
    let _ = server.join();
    outcome
}

/// Connects over HTTPS to a stand-in service at `address` (`host:port`, e.g. the one
/// `eseikyu serve` runs) with the certificate in `pfx`, opened with `password`: accepted
/// when it answers `200`. The service's own certificate is verified against `ca_pem`
/// (the CA the service says it trusts to be verified by); a service that names none is
/// not verified.
pub fn connect_to(
    address: &str,
    pfx: &[u8],
    password: &str,
    ca_pem: Option<&str>,
) -> Result<Outcome, ServiceError> {
    use ureq::tls::{Certificate, ClientCert, PrivateKey, RootCerts, TlsConfig, TlsProvider};
    let (key, chain) = pki::pkcs12_parts(pfx, password)?;
    let certs: Vec<Certificate<'static>> = chain
        .iter()
        .map(|c| Certificate::from_der(c).to_owned())
        .collect();
    let refused = |e: String| Ok(Outcome::Refused(e));
    let Ok(pem) = rcgen::KeyPair::try_from(key.as_slice()).map(|k| k.serialize_pem()) else {
        return refused("the certificate's key is not one this client reads".into());
    };
    let key = match PrivateKey::from_pem(pem.as_bytes()) {
        Ok(k) => k,
        Err(e) => return refused(e.to_string()),
    };
    let roots = match ca_pem.map(|p| Certificate::from_pem(p.as_bytes())) {
        Some(Ok(ca)) => Some(RootCerts::Specific(Arc::new(vec![ca]))),
        Some(Err(e)) => return refused(format!("the service's CA is not a certificate: {e}")),
        None => None,
    };
    let verify = roots.is_some();
    let tls = TlsConfig::builder()
        .provider(TlsProvider::Rustls)
        .client_cert(Some(ClientCert::new_with_certs(&certs, key)))
        .root_certs(roots.unwrap_or(RootCerts::WebPki))
        .disable_verification(!verify)
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls)
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(10)))
        .build()
        .into();
    Ok(match agent.get(&format!("https://{address}/")).call() {
        Ok(mut r) if r.status().as_u16() == 200 => {
            let _ = r.body_mut().read_to_string();
            Outcome::Accepted
        }
        Ok(mut r) => Outcome::Refused(format!(
            "{} {}",
            r.status(),
            r.body_mut().read_to_string().unwrap_or_default().trim()
        )),
        Err(e) => Outcome::Refused(e.to_string()),
    })
}

fn serve_once(
    listener: TcpListener,
    config: Arc<rustls::ServerConfig>,
) -> Result<(), ServiceError> {
    let (tcp, _) = listener.accept()?;
    let conn = rustls::ServerConnection::new(config)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut line = String::new();
    BufReader::new(&mut tls).read_line(&mut line)?;
    let subject = tls
        .conn
        .peer_certificates()
        .and_then(|c| c.first())
        .and_then(|c| subject_cn(c.as_ref()));
    let answer = match subject.as_deref() {
        Some(ACCEPTED_SUBJECT) => "OK\n".to_string(),
        other => format!("FORBIDDEN {}\n", other.unwrap_or("?")),
    };
    tls.write_all(answer.as_bytes())?;
    tls.conn.send_close_notify();
    let _ = tls.flush();
    Ok(())
}

fn request(
    addr: std::net::SocketAddr,
    config: Arc<rustls::ClientConfig>,
) -> Result<Outcome, ServiceError> {
    let tcp = TcpStream::connect(addr)?;
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let name =
        ServerName::try_from("localhost").map_err(|e| ServiceError::Verifier(e.to_string()))?;
    let conn = rustls::ClientConnection::new(config, name)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    if let Err(e) = tls.write_all(b"GET /\n").and_then(|_| tls.flush()) {
        return Ok(Outcome::Refused(e.to_string()));
    }
    let mut line = String::new();
    match BufReader::new(&mut tls).read_line(&mut line) {
        Ok(_) if line.trim() == "OK" => Ok(Outcome::Accepted),
        Ok(_) if line.is_empty() => {
            Ok(Outcome::Refused("the service closed the connection".into()))
        }
        Ok(_) => Ok(Outcome::Refused(line.trim().to_string())),
        Err(e) => Ok(Outcome::Refused(e.to_string())),
    }
}

/// The common name of a certificate's subject.
pub fn subject_cn(der: &[u8]) -> Option<String> {
    use x509_parser::prelude::{FromDer, X509Certificate};
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let cn = cert
        .subject()
        .iter_common_name()
        .next()?
        .as_str()
        .ok()?
        .to_string();
    Some(cn)
}

/// WebPKI client verification against one CA at a virtual instant instead of the wall
/// clock: the stand-in service's, and each world's in the served TLS service.
#[derive(Debug)]
pub struct AtInstant {
    inner: Arc<dyn ClientCertVerifier>,
    now: UnixTime,
}

impl AtInstant {
    /// A verifier trusting the CA certificate `ca` (DER) at the instant `at`.
    pub fn trusting(
        ca: &[u8],
        at: Timestamp,
        provider: Arc<rustls::crypto::CryptoProvider>,
    ) -> Result<AtInstant, ServiceError> {
        let mut roots = RootCertStore::empty();
        roots.add(CertificateDer::from(ca.to_vec()))?;
        let inner =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| ServiceError::Verifier(e.to_string()))?;
        let seconds = u64::try_from(at.as_second()).unwrap_or(0);
        Ok(AtInstant {
            inner,
            now: UnixTime::since_unix_epoch(std::time::Duration::from_secs(seconds)),
        })
    }
}

impl ClientCertVerifier for AtInstant {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        self.inner
            .verify_client_cert(end_entity, intermediates, self.now)
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
