//! Writing PKCS#12 files whose salts and IVs come from the world's seed, so a seed gives
//! the same `.pfx` byte for byte (CERT-1).
//!
//! p12-keystore (which reads them, and which the tests hold this writer against) draws
//! its salts from the thread's random generator and offers no way to pass them. This
//! writer lays out the same structure p12-keystore writes, from the RustCrypto crates it
//! is built on (`pkcs12`, `pkcs5`, `cms`, `der`): the certificates in an encrypted safe,
//! the key in a shrouded key bag, an HMAC over both. Modern: PBES2 (PBKDF2-HMAC-SHA-256,
//! AES-256-CBC) with an HMAC-SHA-256 MAC; legacy: PKCS#12 PBE with 3-key triple DES and an
//! HMAC-SHA-1 MAC, for older Windows and macOS Keychain.

use super::Pkcs12Form;
use cbc::cipher::{BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
use cms::cert::x509::attr::{Attribute, AttributeValue, Attributes};
use cms::cert::x509::spki::AlgorithmIdentifierOwned;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::encrypted_data::EncryptedData;
use cms::enveloped_data::EncryptedContentInfo;
use der::asn1::{BmpString, ObjectIdentifier, OctetString, OctetStringRef, SetOfVec};
use der::{Any, Decode, Encode};
use hmac::{KeyInit, Mac};
use pkcs12::pbe_params::EncryptedPrivateKeyInfo;
use pkcs12::pfx::{Pfx, Version};
use pkcs12::safe_bag::SafeBag;
use pkcs12::{CertBag, DigestInfo, MacData, kdf};
use rand::Rng;

/// Key derivation rounds, for encryption and for the MAC (p12-keystore's default).
const ITERATIONS: u32 = 10_000;

const FRIENDLY_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.20");
const LOCAL_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.21");
const DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const CERT_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.3");
const SHROUDED_KEY_BAG: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.2");
const X509_CERTIFICATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.22.1");
const PBE_SHA1_3DES: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.1.3");
const SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

/// What goes into one file: a key, its certificate chain (leaf first) with the name each
/// certificate is shown under, and the key's local ID.
pub struct Contents<'a> {
    pub key_pkcs8: &'a [u8],
    pub chain: &'a [(&'a [u8], &'a str)],
    pub alias: &'a str,
    pub local_key_id: &'a [u8],
}

/// Writes `contents` protected by `password`, drawing every salt and IV from `rng`.
pub fn write(
    contents: &Contents<'_>,
    password: &str,
    form: Pkcs12Form,
    rng: &mut impl Rng,
) -> Result<Vec<u8>, String> {
    write_der(contents, password, form, rng).map_err(|e| e.to_string())
}

fn write_der(
    c: &Contents<'_>,
    password: &str,
    form: Pkcs12Form,
    rng: &mut impl Rng,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut cert_bags = Vec::new();
    for (i, (der, name)) in c.chain.iter().enumerate() {
        let id = (i == 0).then_some(c.local_key_id);
        let bag = CertBag {
            cert_id: X509_CERTIFICATE,
            cert_value: OctetString::new(der.to_vec())?,
        };
        cert_bags.push(SafeBag {
            bag_id: CERT_BAG,
            bag_value: bag.to_der()?,
            bag_attributes: Some(attributes(Some(name), id)?),
        });
    }
    let (alg, sealed) = encrypt(form, &cert_bags.to_der()?, password, rng)?;
    let certs = ContentInfo {
        content_type: ENCRYPTED_DATA,
        content: Any::from_der(
            &EncryptedData {
                version: CmsVersion::V0,
                enc_content_info: EncryptedContentInfo {
                    content_type: DATA,
                    content_enc_alg: alg,
                    encrypted_content: Some(OctetString::new(sealed)?),
                },
                unprotected_attrs: None,
            }
            .to_der()?,
        )?,
    };
    let (alg, sealed) = encrypt(form, c.key_pkcs8, password, rng)?;
    let key_bag = SafeBag {
        bag_id: SHROUDED_KEY_BAG,
        bag_value: EncryptedPrivateKeyInfo {
            encryption_algorithm: alg,
            encrypted_data: OctetString::new(sealed)?,
        }
        .to_der()?,
        bag_attributes: Some(attributes(Some(c.alias), Some(c.local_key_id))?),
    };
    let keys = data(vec![key_bag].to_der()?)?;
    let auth_safe = data(vec![certs, keys].to_der()?)?;
    let mac_data = mac(form, auth_safe.content.value(), password, rng)?;
    Ok(Pfx {
        version: Version::V3,
        auth_safe,
        mac_data: Some(mac_data),
    }
    .to_der()?)
}

/// A `data` content holding `bytes`.
fn data(bytes: Vec<u8>) -> Result<ContentInfo, der::Error> {
    Ok(ContentInfo {
        content_type: DATA,
        content: Any::from_der(&OctetString::new(bytes)?.to_der()?)?,
    })
}

/// The friendlyName and localKeyId attributes of a bag.
fn attributes(name: Option<&str>, local_key_id: Option<&[u8]>) -> Result<Attributes, der::Error> {
    let mut attrs = Attributes::new();
    if let Some(name) = name {
        let value = Any::from_der(&BmpString::from_utf8(name)?.to_der()?)?;
        attrs.insert(Attribute {
            oid: FRIENDLY_NAME,
            values: SetOfVec::<AttributeValue>::from_iter([value])?,
        })?;
    }
    if let Some(id) = local_key_id {
        let value = Any::from_der(&OctetStringRef::new(id)?.to_der()?)?;
        attrs.insert(Attribute {
            oid: LOCAL_KEY_ID,
            values: SetOfVec::<AttributeValue>::from_iter([value])?,
        })?;
    }
    Ok(attrs)
}

/// Encrypts `plain` with the form's scheme; the algorithm identifier and the ciphertext.
fn encrypt(
    form: Pkcs12Form,
    plain: &[u8],
    password: &str,
    rng: &mut impl Rng,
) -> Result<(AlgorithmIdentifierOwned, Vec<u8>), Box<dyn std::error::Error>> {
    match form {
        Pkcs12Form::Modern => {
            let mut salt = [0u8; 32];
            let mut iv = [0u8; 16];
            rng.fill_bytes(&mut salt);
            rng.fill_bytes(&mut iv);
            let params =
                pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(ITERATIONS, &salt, iv)
                    .map_err(|e| e.to_string())?;
            let sealed = params
                .encrypt(password.as_bytes(), plain)
                .map_err(|e| e.to_string())?;
            let alg = AlgorithmIdentifierOwned {
                oid: pkcs5::pbes2::PBES2_OID,
                parameters: Some(Any::from_der(&params.to_der()?)?),
            };
            Ok((alg, sealed))
        }
        Pkcs12Form::Legacy => {
            let mut salt = [0u8; 20];
            rng.fill_bytes(&mut salt);
            let rounds = ITERATIONS as i32;
            let key = kdf::derive_key_utf8::<sha1::Sha1>(
                password,
                &salt,
                kdf::Pkcs12KeyType::EncryptionKey,
                rounds,
                24,
            )?;
            let iv = kdf::derive_key_utf8::<sha1::Sha1>(
                password,
                &salt,
                kdf::Pkcs12KeyType::Iv,
                rounds,
                8,
            )?;
            let cipher = cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(|e| e.to_string())?;
            let sealed = cipher.encrypt_padded_vec::<Pkcs7>(plain);
            let params = pkcs12::pbe_params::Pkcs12PbeParams {
                salt: OctetString::new(salt.to_vec())?,
                iterations: rounds,
            };
            let alg = AlgorithmIdentifierOwned {
                oid: PBE_SHA1_3DES,
                parameters: Some(Any::from_der(&params.to_der()?)?),
            };
            Ok((alg, sealed))
        }
    }
}

/// The MAC over the authenticated safe (HMAC-SHA-256 modern, HMAC-SHA-1 legacy).
fn mac(
    form: Pkcs12Form,
    data: &[u8],
    password: &str,
    rng: &mut impl Rng,
) -> Result<MacData, Box<dyn std::error::Error>> {
    let mut salt = [0u8; 8];
    rng.fill_bytes(&mut salt);
    let rounds = ITERATIONS as i32;
    let (oid, digest) = match form {
        Pkcs12Form::Modern => {
            let key = kdf::derive_key_utf8::<sha2::Sha256>(
                password,
                &salt,
                kdf::Pkcs12KeyType::Mac,
                rounds,
                32,
            )?;
            let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key)?;
            m.update(data);
            (SHA256, m.finalize().into_bytes().to_vec())
        }
        Pkcs12Form::Legacy => {
            let key = kdf::derive_key_utf8::<sha1::Sha1>(
                password,
                &salt,
                kdf::Pkcs12KeyType::Mac,
                rounds,
                20,
            )?;
            let mut m = hmac::Hmac::<sha1::Sha1>::new_from_slice(&key)?;
            m.update(data);
            (SHA1, m.finalize().into_bytes().to_vec())
        }
    };
    Ok(MacData {
        mac: DigestInfo {
            algorithm: AlgorithmIdentifierOwned {
                oid,
                parameters: None,
            },
            digest: OctetString::new(digest)?,
        },
        mac_salt: OctetString::new(salt.to_vec())?,
        iterations: rounds,
    })
}
