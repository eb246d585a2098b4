//! Files: those a scenario uploads (CPL-4), and the checks on downloaded files: a data
//! file byte for byte, the certificate (PKCS#12), the password ZIP, and a TLS connection
//! made with the certificate.

use super::failure::StepFailure;
use super::plan::{DownloadCheck, FileContent, UnzipCheck};
use super::steps::Run;
use eseikyu_door::{Download, DownloadKind, Driver, DriverError, DriverExt};
use std::fmt::Write;

impl Run {
    /// The oldest download not checked yet.
    pub(super) fn next_download<D: Driver>(&mut self, world: &D) -> Result<Download, StepFailure> {
        self.catch_up(world)?;
        let d = self.downloads.get(self.downloads_read).ok_or_else(|| {
            format!(
                "expected a download; {} file(s) downloaded so far",
                self.downloads.len()
            )
        })?;
        self.downloads_read += 1;
        Ok(d.clone())
    }

    /// Chooses a file for `field` (or the screen's only file field).
    pub(super) fn attach<D: Driver>(
        &mut self,
        world: &mut D,
        field: Option<&str>,
        file: &FileContent,
    ) -> Result<(), StepFailure> {
        let content = self.text(&file.content)?;
        let bytes = file.bytes(&content).map_err(StepFailure::scenario)?;
        let name = self.text(file.name.as_deref().unwrap_or_default())?;
        let field = match field {
            Some(f) => self.text(f)?,
            None => {
                let screen = world.screen()?;
                screen
                    .fields()
                    .find(|f| f.kind == eseikyu_screens::FieldKind::File)
                    .map(|f| f.name.clone())
                    .ok_or_else(|| format!("【{}】 has no file field", screen.title))?
            }
        };
        let _ = writeln!(self.transcript, "attach {name}: {} bytes", bytes.len());
        self.act(
            world,
            eseikyu_screens::Action::Attach {
                field,
                name,
                bytes: bytes.into(),
            },
            false,
        )
    }

    /// The next download is a data file with exactly the bytes given (and its name).
    pub(super) fn data_file<D: Driver>(
        &mut self,
        world: &D,
        f: &FileContent,
    ) -> Result<(), StepFailure> {
        let content = self.text(&f.content)?;
        let want = f.bytes(&content).map_err(StepFailure::scenario)?;
        let d = self.next_download(world)?;
        self.file_name(&d.name, f.name.as_deref())?;
        if d.bytes != want {
            let at = d
                .bytes
                .iter()
                .zip(&want)
                .position(|(a, b)| a != b)
                .unwrap_or(d.bytes.len().min(want.len()));
            return Err(StepFailure::unmet(format!(
                "{} differs from the file expected at byte {at} ({} bytes downloaded, {} expected)",
                d.name,
                d.bytes.len(),
                want.len()
            )));
        }
        let _ = writeln!(
            self.transcript,
            "file {}: {} bytes, as sent",
            d.name,
            d.bytes.len()
        );
        Ok(())
    }

    /// The next download is a certificate that opens (or, `refused`, does not) with
    /// the password, with the name, 発行先, 発行者, key usages and dates asked for.
    pub(super) fn download<D: Driver>(
        &mut self,
        world: &D,
        c: &DownloadCheck,
    ) -> Result<(), StepFailure> {
        let password = self.text(&c.password)?;
        let d = self.next_download(world)?;
        self.file_name(&d.name, c.name.as_deref())?;
        let opened = eseikyu_parts::pki::open_pkcs12(&d.bytes, &password);
        if c.refused {
            return match opened {
                Ok(_) => Err(StepFailure::unmet(format!(
                    "{} opened with that password",
                    d.name
                ))),
                Err(_) => {
                    let _ = writeln!(
                        self.transcript,
                        "download {}: refused that password",
                        d.name
                    );
                    Ok(())
                }
            };
        }
        let opened =
            opened.map_err(|e| format!("{} does not open with that password: {e}", d.name))?;
        if let Some(s) = &c.subject {
            let s = self.text(s)?;
            if opened.subject != s {
                return Err(StepFailure::unmet(format!(
                    "expected 発行先 {s}, found {}",
                    opened.subject
                )));
            }
        }
        if let Some(i) = &c.issuer {
            let i = self.text(i)?;
            if opened.issuer != i {
                return Err(StepFailure::unmet(format!(
                    "expected 発行者 {i}, found {}",
                    opened.issuer
                )));
            }
        }
        for e in &c.eku {
            if !opened.eku.iter().any(|k| k.eq_ignore_ascii_case(e)) {
                return Err(StepFailure::unmet(format!(
                    "expected the key usage {e}; the certificate has {}",
                    if opened.eku.is_empty() {
                        "none".to_string()
                    } else {
                        opened.eku.join(", ")
                    }
                )));
            }
        }
        for (bound, want, got) in [
            ("not_before", c.not_before, opened.not_before),
            ("not_after", c.not_after, opened.not_after),
        ] {
            if let Some(w) = want
                && !w.matches(got)
            {
                return Err(StepFailure::unmet(format!(
                    "expected {bound} {w}, found {}",
                    got.to_zoned(eseikyu_core::clock::jst())
                        .strftime("%Y-%m-%dT%H:%M:%S%:z")
                )));
            }
        }
        let _ = writeln!(
            self.transcript,
            "download {}: 発行先 {} / 発行者 {} / 有効期間 {} ～ {} / clientAuth {}",
            d.name,
            opened.subject,
            opened.issuer,
            eseikyu_core::clock::screen_date(opened.not_before),
            eseikyu_core::clock::screen_date(opened.not_after),
            opened.client_auth
        );
        Ok(())
    }

    /// The next download is a ZIP that opens (or, `refused`, does not) with the password.
    pub(super) fn unzip<D: Driver>(
        &mut self,
        world: &D,
        u: &UnzipCheck,
    ) -> Result<(), StepFailure> {
        let password = self.text(&u.password)?;
        let d = self.next_download(world)?;
        self.file_name(&d.name, u.name.as_deref())?;
        let opened = eseikyu_parts::documents::open_password_zip(&d.bytes, &password);
        if u.refused {
            return match opened {
                Ok(_) => Err(StepFailure::unmet(format!(
                    "{} opened with that password",
                    d.name
                ))),
                Err(_) => {
                    let _ = writeln!(self.transcript, "unzip {}: refused that password", d.name);
                    Ok(())
                }
            };
        }
        let text =
            opened.map_err(|e| format!("{} does not open with that password: {e}", d.name))?;
        for c in &u.contains {
            let c = self.text(c)?;
            if !text.contains(&c) {
                return Err(StepFailure::unmet(format!(
                    "expected {} to contain 「{c}」",
                    d.name
                )));
            }
        }
        for a in &u.absent {
            let a = self.text(a)?;
            if text.contains(&a) {
                return Err(StepFailure::unmet(format!(
                    "expected {} not to contain 「{a}」",
                    d.name
                )));
            }
        }
        let _ = writeln!(self.transcript, "unzip {}:", d.name);
        self.capture(&text, &u.capture, true)?;
        self.transcript.push_str(&text);
        Ok(())
    }

    /// The stand-in service accepts (or refuses) the last certificate.
    pub(super) fn connect<D: Driver>(
        &mut self,
        world: &D,
        password: &str,
        accepted: bool,
    ) -> Result<(), StepFailure> {
        let password = self.text(password)?;
        self.catch_up(world)?;
        let certificate = self
            .downloads
            .iter()
            .rev()
            .find(|d| d.kind == DownloadKind::Certificate)
            .ok_or_else(|| DriverError::Pki("no certificate has been downloaded".into()))?;
        let outcome = world.connect_service(&certificate.bytes, &password)?;
        let got = outcome == eseikyu_door::ServiceAnswer::Accepted;
        let _ = writeln!(
            self.transcript,
            "connect: {}",
            if got { "accepted" } else { "refused" }
        );
        if got == accepted {
            Ok(())
        } else {
            Err(StepFailure::unmet(format!(
                "expected the service to {} the certificate: {outcome:?}",
                if accepted { "accept" } else { "refuse" }
            )))
        }
    }

    fn file_name(&self, got: &str, want: Option<&str>) -> Result<(), StepFailure> {
        match want {
            Some(w) => {
                let w = self.text(w)?;
                if got == w {
                    Ok(())
                } else {
                    Err(StepFailure::unmet(format!(
                        "expected the file {w}, downloaded {got}"
                    )))
                }
            }
            None => Ok(()),
        }
    }
}
