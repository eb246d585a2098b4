//! Documents the system hands out as files: the password-protected ZIP of
//! 「証明書発行用パスワード通知書」 (CERT-13). ZipCrypto, because it is what every unzip tool
//! (Windows Explorer, macOS, Info-ZIP, Python) opens; AES entries open in few of them.

use std::io::{Read, Write};
use zip::unstable::write::FileOptionsExt;
use zip::write::SimpleFileOptions;

/// The attachment's name (NOTICE-4).
pub const PASSWORD_ZIP: &str = "証明書発行用パスワード通知書.zip";
/// The document inside it.
pub const PASSWORD_DOCUMENT: &str = "証明書発行用パスワード通知書.txt";

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("ZIP: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("ZIP: {0}")]
    Io(#[from] std::io::Error),
}

/// A ZIP holding `document` as one text file, encrypted with `password`.
pub fn password_zip(document: &str, password: &str) -> Result<Vec<u8>, DocumentError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .with_deprecated_encryption(password.as_bytes())?;
    zip.start_file(PASSWORD_DOCUMENT, options)?;
    zip.write_all(document.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

/// Opens such a ZIP: the text of its document.
pub fn open_password_zip(bytes: &[u8], password: &str) -> Result<String, DocumentError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut file = archive.by_name_decrypt(PASSWORD_DOCUMENT, password.as_bytes())?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(text)
}
