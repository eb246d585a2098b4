//! Documents the system hands out as files: the password-protected ZIP of
//! 「証明書発行用パスワード通知書」 (CERT-13). ZipCrypto, because it is what every unzip tool
//! (Windows Explorer, macOS, Info-ZIP, Python) opens; AES entries open in few of them.
//!
//! The same seed gives the same ZIP, byte for byte: the entry's time is the virtual
//! clock's, and its 12-byte encryption header comes from the world's seed. The zip crate
//! draws that header from the OS and offers no way to pass it, so the archive it writes
//! (structure, deflate stream, CRC, sizes) is kept as it is and only the encrypted stream
//! is sealed again under the seeded header ([`zipcrypto`]): same length, same check bytes.

use jiff::Timestamp;
use rand::Rng;
use std::io::{Read, Write};
use zip::unstable::write::FileOptionsExt;
use zip::write::SimpleFileOptions;

pub use eseikyu_core::text::PASSWORD_ZIP;
/// The document inside it.
pub const PASSWORD_DOCUMENT: &str = "証明書発行用パスワード通知書.txt";

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("ZIP: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("ZIP: {0}")]
    Io(#[from] std::io::Error),
    #[error("ZIP: {0}")]
    Layout(&'static str),
}

/// A ZIP holding `document` as one text file dated `at` (JST), encrypted with
/// `password`; the encryption header is drawn from `rng`.
pub fn password_zip(
    document: &str,
    password: &str,
    at: Timestamp,
    rng: &mut impl Rng,
) -> Result<Vec<u8>, DocumentError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip_time(at))
        .with_deprecated_encryption(password.as_bytes())?;
    zip.start_file(PASSWORD_DOCUMENT, options)?;
    zip.write_all(document.as_bytes())?;
    let mut bytes = zip.finish()?.into_inner();
    let (start, len) = {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes))?;
        let file = archive.by_index_raw(0)?;
        let start = file
            .data_start()
            .ok_or(DocumentError::Layout("no data offset"))?;
        (start, file.compressed_size())
    };
    let region = usize::try_from(start)
        .ok()
        .zip(usize::try_from(len).ok())
        .and_then(|(s, l)| bytes.get_mut(s..s.checked_add(l)?))
        .ok_or(DocumentError::Layout("entry outside the archive"))?;
    let mut header = [0u8; 10];
    rng.fill_bytes(&mut header);
    zipcrypto::reseal(region, password.as_bytes(), &header)
        .ok_or(DocumentError::Layout("entry shorter than its header"))?;
    Ok(bytes)
}

/// Opens such a ZIP: the text of its document.
pub fn open_password_zip(bytes: &[u8], password: &str) -> Result<String, DocumentError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut file = archive.by_name_decrypt(PASSWORD_DOCUMENT, password.as_bytes())?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(text)
}

/// A ZIP time (local time, 2-second steps) in JST; times ZIP cannot hold become its
/// first instant, 1980-01-01 00:00.
fn zip_time(at: Timestamp) -> zip::DateTime {
    let z = at.to_zoned(eseikyu_core::clock::jst());
    let parts = (
        u16::try_from(z.year()).ok(),
        u8::try_from(z.month()).ok(),
        u8::try_from(z.day()).ok(),
        u8::try_from(z.hour()).ok(),
        u8::try_from(z.minute()).ok(),
        u8::try_from(z.second()).ok(),
    );
    match parts {
        (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) => {
            zip::DateTime::from_date_and_time(y, mo, d, h, mi, s).unwrap_or_default()
        }
        _ => zip::DateTime::default(),
    }
}

/// The traditional PKWARE encryption (APPNOTE 6.3.10 §6.1), only as far as re-sealing
/// an entry needs it.
mod zipcrypto {
    /// Decrypts `region` (a 12-byte header and the data) and encrypts it again with the
    /// header's first ten bytes replaced by `header`; the check bytes stay.
    pub fn reseal(region: &mut [u8], password: &[u8], header: &[u8; 10]) -> Option<()> {
        if region.len() < 12 {
            return None;
        }
        let mut keys = Keys::new(password);
        for b in region.iter_mut() {
            *b = keys.decrypt(*b);
        }
        region[..10].copy_from_slice(header);
        let mut keys = Keys::new(password);
        for b in region.iter_mut() {
            *b = keys.encrypt(*b);
        }
        Some(())
    }

    struct Keys(u32, u32, u32);

    impl Keys {
        fn new(password: &[u8]) -> Keys {
            let mut k = Keys(0x1234_5678, 0x2345_6789, 0x3456_7890);
            for &b in password {
                k.update(b);
            }
            k
        }
        fn update(&mut self, plain: u8) {
            self.0 = crc32(self.0, plain);
            self.1 = self
                .1
                .wrapping_add(self.0 & 0xff)
                .wrapping_mul(134_775_813)
                .wrapping_add(1);
            self.2 = crc32(self.2, (self.1 >> 24) as u8);
        }
        fn stream(&self) -> u8 {
            let t = (self.2 | 2) & 0xffff;
            ((t * (t ^ 1)) >> 8) as u8
        }
        fn encrypt(&mut self, plain: u8) -> u8 {
            let c = plain ^ self.stream();
            self.update(plain);
            c
        }
        fn decrypt(&mut self, cipher: u8) -> u8 {
            let p = cipher ^ self.stream();
            self.update(p);
            p
        }
    }

    /// One step of the CRC-32 (polynomial 0xEDB88320) the cipher's keys use.
    fn crc32(crc: u32, byte: u8) -> u32 {
        let mut c = (crc ^ u32::from(byte)) & 0xff;
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        (crc >> 8) ^ c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn seeded(n: u64) -> rand_chacha::ChaCha20Rng {
        rand_chacha::ChaCha20Rng::seed_from_u64(n)
    }

    #[test]
    fn the_same_seed_gives_the_same_zip_and_it_opens_with_the_password_only() {
        let at: Timestamp = "2026-02-10T10:00:00+09:00".parse().expect("instant");
        let a = password_zip("通知書", "Tokyo2024!", at, &mut seeded(1)).expect("zip");
        let b = password_zip("通知書", "Tokyo2024!", at, &mut seeded(1)).expect("zip");
        let c = password_zip("通知書", "Tokyo2024!", at, &mut seeded(2)).expect("zip");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(
            open_password_zip(&a, "Tokyo2024!").expect("opens"),
            "通知書"
        );
        assert_eq!(
            open_password_zip(&c, "Tokyo2024!").expect("opens"),
            "通知書"
        );
        assert!(open_password_zip(&a, "Tokyo2024?").is_err());
    }
}
