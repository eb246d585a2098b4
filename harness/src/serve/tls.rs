//! The stand-in 介護保険資格確認等WEBサービス of a served world: a TLS server on its own port
//! that requires a client certificate issued by the CA of one of the server's worlds,
//! valid at that world's instant; a `KaigoJigyousho` certificate is answered `200 OK`,
//! any other `403` (as `crate::service`, but listening for outside clients such as curl).

use super::limits::Limits;
use super::worlds::Worlds;
use crate::pki::service_ca::service_identity;
use crate::service::AtInstant;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How long one connection may last: its handshake and its requests.
const CONNECTION_TIME: Duration = Duration::from_secs(10);

/// Starts the service on `addr` (on the current tokio runtime); its address and its task
/// (aborting the task stops it).
/// At most `limits.connections` are served at once; a handshake has `limits.handshake`
/// (a client that opens a socket and says nothing gives its place back soon, so a few
/// hundred such sockets cannot shut the service).
pub async fn listen(
    addr: SocketAddr,
    worlds: Arc<Worlds>,
    limits: Limits,
) -> Result<Listening, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    // The server's own certificate, from a CA of its own that clients are given to trust
    // (`/_eseikyu/service-ca.pem`), made now: its dates are the wall clock's.
    let identity = service_identity(time::OffsetDateTime::now_utc()).map_err(|e| e.to_string())?;
    let cert = identity.server;
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
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.connections));
    let task = tokio::spawn(async move {
        loop {
            let Ok(slot) = slots.clone().acquire_owned().await else {
                return;
            };
            let tcp = match listener.accept().await {
                Ok((tcp, _)) => tcp,
                Err(_) => {
                    // Out of descriptors, most likely: let connections end first.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            // An answer written after the session tickets must not wait for their
            // acknowledgement (Nagle's algorithm and a delayed ACK: 40 ms a connection).
            let _ = tcp.set_nodelay(true);
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let _slot = slot;
                let answered = answer(acceptor, tcp, limits.handshake);
                let _ = tokio::time::timeout(CONNECTION_TIME, answered).await;
            });
        }
    });
    Ok(Listening {
        address: local,
        task,
        ca_pem: identity.ca_pem,
    })
}

/// The running service: where it listens, its task (aborting it stops the service) and
/// the CA certificate that verifies it.
pub struct Listening {
    pub address: SocketAddr,
    pub task: tokio::task::JoinHandle<()>,
    pub ca_pem: String,
}

/// One connection: the handshake checks the certificate; each request gets its answer.
async fn answer(
    acceptor: tokio_rustls::TlsAcceptor,
    tcp: tokio::net::TcpStream,
    handshake: Duration,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let tls = tokio::time::timeout(handshake, acceptor.accept(tcp)).await??;
    let subject = tls
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|c| c.first())
        .and_then(|c| crate::service::subject_cn(c.as_ref()));
    let service = hyper::service::service_fn(move |_request| {
        let (status, body) = match subject.as_deref() {
            Some(crate::service::ACCEPTED_SUBJECT) => (hyper::StatusCode::OK, "OK\n".to_string()),
            other => (
                hyper::StatusCode::FORBIDDEN,
                format!("FORBIDDEN {}\n", other.unwrap_or("?")),
            ),
        };
        let response = hyper::Response::builder()
            .status(status)
            .header(hyper::header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(axum::body::Body::from(body));
        async move { response }
    });
    hyper::server::conn::http1::Builder::new()
        .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
        .await?;
    Ok(())
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
        wall: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        // Each world's verifier checks validity at that world's instant, not `wall`.
        let mut last = rustls::Error::General("no world's CA issued this certificate".into());
        for (ca, at) in self.worlds.trust() {
            let Ok(verifier) = AtInstant::trusting(&ca, at, self.provider.clone()) else {
                continue;
            };
            match verifier.verify_client_cert(end_entity, intermediates, wall) {
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
