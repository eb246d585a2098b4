//! Keys made from the world's seed: ECDSA P-256 keys whose private scalar comes from
//! seeded bytes, signing with RFC 6979 deterministic nonces, so that the same seed gives
//! the same CA, the same certificates and the same files, byte for byte.
//!
//! aws-lc (rcgen's backend) draws keys and ECDSA nonces from its own generator; this key
//! stands in for it through rcgen's `SigningKey` trait.

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::pkcs8::EncodePrivateKey;
use rand::Rng;
use rcgen::{PKCS_ECDSA_P256_SHA256, PublicKeyData, SignatureAlgorithm};

/// An ECDSA P-256 key made from seeded bytes.
pub struct SeededKey {
    key: SigningKey,
    public: Vec<u8>,
}

impl SeededKey {
    /// A key drawn from `rng` (a seeded generator: the same stream, the same key).
    pub fn generate(rng: &mut impl Rng) -> SeededKey {
        loop {
            let mut bytes = [0u8; 32];
            rng.fill_bytes(&mut bytes);
            // Scalars of zero or at least the group order are refused: draw again
            // (about once in 2^32 draws).
            if let Ok(key) = SigningKey::from_slice(&bytes) {
                let public = VerifyingKey::from(&key)
                    .to_sec1_point(false)
                    .as_bytes()
                    .to_vec();
                return SeededKey { key, public };
            }
        }
    }

    /// The private key as PKCS#8 DER.
    pub fn pkcs8_der(&self) -> Result<Vec<u8>, String> {
        self.key
            .to_pkcs8_der()
            .map(|d| d.as_bytes().to_vec())
            .map_err(|e| e.to_string())
    }
}

impl PublicKeyData for SeededKey {
    fn der_bytes(&self) -> &[u8] {
        &self.public
    }
    fn algorithm(&self) -> &'static SignatureAlgorithm {
        &PKCS_ECDSA_P256_SHA256
    }
}

impl rcgen::SigningKey for SeededKey {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        let signature: Signature = self.key.sign(msg);
        Ok(signature.to_der().as_bytes().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn the_same_seed_gives_the_same_key_and_signature() {
        let a = SeededKey::generate(&mut ChaCha20Rng::seed_from_u64(7));
        let b = SeededKey::generate(&mut ChaCha20Rng::seed_from_u64(7));
        let c = SeededKey::generate(&mut ChaCha20Rng::seed_from_u64(8));
        assert_eq!(a.der_bytes(), b.der_bytes());
        assert_ne!(a.der_bytes(), c.der_bytes());
        let sa = rcgen::SigningKey::sign(&a, b"tbs").expect("signs");
        let sb = rcgen::SigningKey::sign(&b, b"tbs").expect("signs");
        assert_eq!(sa, sb, "RFC 6979: no random nonce");
        assert_eq!(a.pkcs8_der(), b.pkcs8_der());
    }
}
