//! The stand-in 介護保険資格確認等WEBサービス of a served world: a TLS server on its own port
//! that requires a client certificate issued by the CA of one of the server's worlds,
//! valid at that world's instant; a `KaigoJigyousho` certificate is answered `200 OK`,
//! any other `403` (as `crate::service`, but listening for outside clients such as curl).

use super::worlds::Worlds;
use crate::pki::Ca;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, RootCertStore, SignatureScheme};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

/// Starts the service on `addr`; its address.
pub fn listen(addr: SocketAddr, worlds: Arc<Worlds>) -> Result<SocketAddr, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    // The server's own certificate: from a CA of its own (clients are not asked to
    // trust it; curl takes `-k`).
    let mut rng = <rand_chacha::ChaCha20Rng as rand::SeedableRng>::seed_from_u64(0x5e7_5e7);
    let own = Ca::new(jiff::Timestamp::UNIX_EPOCH, [3; 16], &mut rng).map_err(|e| e.to_string())?;
    let cert = own.issue_server().map_err(|e| e.to_string())?;
    let verifier = Arc::new(WorldsVerifier {
        worlds,
        provider: provider.clone(),
    });
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![CertificateDer::from(cert.cert_der)],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_der)),
        )
        .map_err(|e| e.to_string())?;
    let config = Arc::new(config);
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::Builder::new()
        .name("tls-service".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let Ok(tcp) = stream else { continue };
                let config = config.clone();
                let _ = std::thread::Builder::new()
                    .name("tls-connection".into())
                    .spawn(move || {
                        let _ = answer(tcp, config);
                    });
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(local)
}

/// One connection: the handshake checks the certificate; a request gets its answer.
fn answer(tcp: std::net::TcpStream, config: Arc<rustls::ServerConfig>) -> std::io::Result<()> {
    tcp.set_read_timeout(Some(Duration::from_secs(10)))?;
    let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut reader = BufReader::new(&mut tls);
    // The request's head, to its blank line.
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
    }
    let subject = tls
        .conn
        .peer_certificates()
        .and_then(|c| c.first())
        .and_then(|c| crate::service::subject_cn(c.as_ref()));
    let (status, body) = match subject.as_deref() {
        Some(crate::service::ACCEPTED_SUBJECT) => ("200 OK", "OK\n".to_string()),
        other => (
            "403 Forbidden",
            format!("FORBIDDEN {}\n", other.unwrap_or("?")),
        ),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    tls.write_all(response.as_bytes())?;
    tls.conn.send_close_notify();
    tls.flush()
}

/// Accepts a client certificate that the CA of any world verifies at that world's instant.
#[derive(Debug)]
struct WorldsVerifier {
    worlds: Arc<Worlds>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl std::fmt::Debug for Worlds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Worlds")
    }
}

impl ClientCertVerifier for WorldsVerifier {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        let mut last = rustls::Error::General("no world's CA issued this certificate".into());
        for (ca, at) in self.worlds.trust() {
            let mut roots = RootCertStore::empty();
            if roots.add(CertificateDer::from(ca)).is_err() {
                continue;
            }
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(roots),
                self.provider.clone(),
            )
            .build()
            .map_err(|e| rustls::Error::General(e.to_string()))?;
            let now = UnixTime::since_unix_epoch(Duration::from_secs(
                u64::try_from(at.as_second()).unwrap_or(0),
            ));
            match verifier.verify_client_cert(end_entity, intermediates, now) {
                Ok(v) => return Ok(v),
                Err(e) => last = e,
            }
        }
        Err(last)
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
