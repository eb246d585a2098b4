//! One simulated world: virtual clock, seeded RNG, the system, its visitors' browsers
//! (one session each) and the mail path (SMTP client → catcher). It implements the
//! [`Driver`] door in process, translating the door's protocol data to the domain's types
//! and back; nothing else of the world is visible to a runner.

use eseikyu_core::clock::Clock;
mod back_office;
mod delivery;
mod door;
pub mod generate;
mod visitors;

pub use delivery::{Sent, Unsent};
use eseikyu_core::domain::{self, Effect, System};
use eseikyu_core::profile::Profile;
pub use eseikyu_door::{
    Advice, CaughtMail, Claim, Decision, Download, DownloadKind, Driver, DriverError,
    FIRST_VISITOR, Fault, FaultKind, Letter, OfficeFacts, OfficeSpec, OfficeState, ServiceAnswer,
};
use eseikyu_parts::federation::{ApplicationNotice, Federation};
use eseikyu_parts::mail::{self, Catcher, Outbound};
use eseikyu_parts::pki::{Ca, Issued};
use eseikyu_screens::{Action, Browser, Ctx, Screen};
use jiff::Timestamp;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// The in-process world.
pub struct World {
    key: String,
    clock: Clock,
    rng: ChaCha20Rng,
    sys: System,
    /// Every visitor's session, by name; `visitor` acts.
    browsers: std::collections::BTreeMap<String, Browser>,
    visitor: String,
    catcher: Catcher,
    outbound: Outbound,
    /// Built mail not yet sent, when sending is deferred (see [`World::defer_mail`]).
    unsent: Option<Vec<(lettre::Message, String)>>,
    /// Mail the server did not take (and to whom), sent again when the clock moves.
    /// Mail the server did not take, with the instant it failed: sent again once the
    /// clock has moved past it, as a mail queue retries later.
    retry: Vec<(lettre::Message, String, Timestamp)>,
    /// Where scripted faults draw their chances (a stream of its own).
    fault_rng: ChaCha20Rng,
    mails: Vec<CaughtMail>,
    sent: u64,
    federation: Federation,
    /// The world's CA, made when first needed (a certificate issued, the FAQ's thumbprint,
    /// `ca.pem` asked for): most runs issue no certificate, and making a P-256 key and
    /// signing takes longer than the rest of a short run. Its key and serial come from
    /// streams of their own, so when it is made moves no other value.
    ca: std::sync::OnceLock<Option<Ca>>,
    ca_recipe: (Timestamp, u64),
    /// Keys of issued certificates, and the salts of their files: streams of their own,
    /// so certificates move no other value of the world.
    key_rng: ChaCha20Rng,
    file_rng: ChaCha20Rng,
    issued: HashMap<String, Issued>,
    downloads: Vec<Download>,
    /// Made attachments by notice, with the password that opens them.
    attachments: HashMap<usize, (Vec<u8>, String)>,
    /// Secrets the system made, with their names (see [`Driver::secrets`]).
    secrets: Vec<(String, String)>,
    problems: Vec<String>,
    /// What the system asked of the world, described, when asked to keep it (see
    /// [`World::log_effects`]): a served world lives for weeks, and a run reads none.
    effect_log: Option<Vec<String>>,
    /// Whether each visitor's browser keeps the page it was served (in process); a site's
    /// visitors keep theirs in their own browsers (see [`World::on_a_site`]).
    keeps_pages: bool,
}

/// The CA in `cell`, made from `(valid from, seed)` on first use.
fn ca_of(cell: &std::sync::OnceLock<Option<Ca>>, (from, seed): (Timestamp, u64)) -> Option<&Ca> {
    cell.get_or_init(|| {
        // The CA's serial and key come from their own stream.
        let mut ca_rng = ChaCha20Rng::seed_from_u64(seed ^ 0x00CA_00CA_00CA_00CA);
        let mut serial = [0u8; 16];
        rand::Rng::fill_bytes(&mut ca_rng, &mut serial);
        Ca::new(from, serial, &mut ca_rng).ok()
    })
    .as_ref()
}

impl World {
    /// A world at `at` under `profile`, seeded with `seed`, delivering to `catcher`.
    pub fn new(profile: Profile, at: Timestamp, seed: u64, catcher: &Catcher) -> World {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let key = format!("w{}-{seed:x}", NEXT.fetch_add(1, Ordering::Relaxed));
        let ca_from = at
            .checked_sub(jiff::SignedDuration::from_hours(24 * 365))
            .unwrap_or(at);
        let sys = System::new(profile);
        catcher.open(&key);
        World {
            outbound: Outbound::new(catcher.addr(), &key),
            key,
            clock: Clock::at(at),
            rng: ChaCha20Rng::seed_from_u64(seed),
            sys,
            browsers: [(FIRST_VISITOR.to_string(), Browser::new())].into(),
            visitor: FIRST_VISITOR.to_string(),
            catcher: catcher.clone(),
            unsent: None,
            retry: Vec::new(),
            fault_rng: ChaCha20Rng::seed_from_u64(seed ^ 0x6661_756C_7466_6175),
            mails: Vec::new(),
            sent: 0,
            federation: Federation::default(),
            ca: std::sync::OnceLock::new(),
            ca_recipe: (ca_from, seed),
            key_rng: ChaCha20Rng::seed_from_u64(seed ^ 0x6B65_796B_6579_6B65),
            file_rng: ChaCha20Rng::seed_from_u64(seed ^ 0x6669_6C65_6669_6C65),
            issued: HashMap::new(),
            downloads: Vec::new(),
            attachments: HashMap::new(),
            secrets: Vec::new(),
            problems: Vec::new(),
            effect_log: None,
            keeps_pages: true,
        }
    }

    /// The world's CA, made now if it was not yet.
    fn ca(&self) -> Option<&Ca> {
        ca_of(&self.ca, self.ca_recipe)
    }

    /// Points the world at another federation (e.g. an external one over HTTP).
    pub fn with_federation(mut self, federation: Federation) -> World {
        self.federation = federation;
        self
    }

    /// Applications the federation has not decided yet.
    pub fn pending_applications(&self) -> Vec<String> {
        self.federation.pending()
    }

    /// Applications the federation has not decided yet, with what their notices say.
    pub fn applications(&self) -> Vec<eseikyu_parts::federation::Pending> {
        self.federation.applications()
    }

    /// Retries and polls the federation, lets due certificates issue, then delivers what
    /// that produced.
    pub fn sync_federation(&mut self) -> Result<(), DriverError> {
        let decided = self.federation.sync(self.clock.now());
        self.apply(decided);
        self.sys.tick(self.clock.now(), &mut self.rng);
        self.resend()?;
        self.flush()
    }

    /// Makes the X.509 certificate of an issued record (once) and packs it as PKCS#12.
    fn package(
        &mut self,
        record: &eseikyu_core::domain::CertRecord,
    ) -> Result<Download, DriverError> {
        let pki = |e: eseikyu_parts::pki::PkiError| DriverError::Pki(e.to_string());
        let Some(ca) = ca_of(&self.ca, self.ca_recipe) else {
            return Err(DriverError::Pki("no CA".into()));
        };
        if !self.issued.contains_key(&record.number) {
            let (Some(from), Some(to)) = (record.valid_from, record.valid_to) else {
                return Err(DriverError::Pki(format!("{} is not issued", record.number)));
            };
            let issued = ca
                .issue(
                    record.kind.subject(),
                    from,
                    to,
                    record.serial,
                    &mut self.key_rng,
                )
                .map_err(pki)?;
            self.issued.insert(record.number.clone(), issued);
        }
        let issued = &self.issued[&record.number];
        let bytes = ca
            .pkcs12(
                issued,
                record.pkcs12_password(),
                self.sys.profile.pkcs12,
                &mut self.file_rng,
            )
            .map_err(pki)?;
        Ok(Download {
            name: format!(
                "{}_{}_{:02}.pfx",
                record.kind.subject(),
                record.number,
                record.downloads
            ),
            bytes,
            kind: DownloadKind::Certificate,
            password: Some(record.pkcs12_password().to_string()),
        })
    }

    /// Records decisions; a second decision of one application is ignored (at most once).
    fn apply(&mut self, decided: Vec<(String, domain::Decision)>) {
        self.problems.extend(self.federation.drain_errors());
        for (number, decision) in decided {
            let _ = self
                .sys
                .decide(&number, decision, self.clock.now(), &mut self.rng);
            self.federation.settled(&number);
        }
    }

    /// The world's visitors browse a site over HTTP: their browsers hold the pages they
    /// were served, so the world keeps none, and what a page sends is checked against the
    /// page as the site shows it now.
    pub fn on_a_site(&mut self) {
        self.keeps_pages = false;
    }

    /// The system, for tests and property checks that look behind the door.
    pub fn system(&self) -> &System {
        &self.sys
    }
    /// The acting visitor's session.
    pub fn browser(&self) -> &Browser {
        self.browser_of(&self.visitor)
    }

    /// A visitor's session (a fresh one if the visitor has not come yet).
    pub fn browser_of(&self, visitor: &str) -> &Browser {
        static FRESH: std::sync::OnceLock<Browser> = std::sync::OnceLock::new();
        self.browsers
            .get(visitor)
            .unwrap_or_else(|| FRESH.get_or_init(Browser::new))
    }

    /// A visitor's screen as the site would serve it now.
    pub fn screen_of(&self, visitor: &str) -> Screen {
        self.browser_of(visitor).screen(&self.sys, self.clock.now())
    }

    /// The page a visitor's browser holds: as served at the last page loaded, with what
    /// was typed since (what the door shows, as a browser over HTTP shows it).
    pub fn page_of(&self, visitor: &str) -> Screen {
        self.browser_of(visitor).page(&self.sys, self.clock.now())
    }

    /// A visitor's action; a new visitor gets a new session first.
    pub fn act_as(&mut self, visitor: &str, action: &Action) -> Result<(), DriverError> {
        let browser = self.browsers.entry(visitor.to_string()).or_default();
        let mut ctx = Ctx {
            sys: &mut self.sys,
            now: self.clock.now(),
            rng: &mut self.rng,
        };
        let result = browser.act(&mut ctx, action);
        // CERT-16: the FAQ shows the CA's thumbprint, so it is made before the page is.
        if self.sys.ca_thumbprint.is_none()
            && self
                .browsers
                .get(visitor)
                .is_some_and(Browser::shows_ca_thumbprint)
        {
            self.sys.ca_thumbprint = self.ca().map(Ca::thumbprint);
        }
        self.flush()?;
        // A page loaded: the visitor's browser holds it as served now (the mails and
        // notices the move sent included).
        if action.moves()
            && result.is_ok()
            && self.keeps_pages
            && let Some(browser) = self.browsers.get_mut(visitor)
        {
            browser.served(&self.sys, self.clock.now());
        }
        Ok(result?)
    }

    /// Keeps a mail that reached the catcher from outside the world (`eseikyu serve`
    /// files mail from other SMTP clients with its first world).
    pub fn receive(&mut self, raw: eseikyu_parts::mail::RawMail) -> Result<(), DriverError> {
        let caught = mail::decode(raw.bytes, raw.envelope_from, raw.envelope_to)
            .map_err(|e| DriverError::Mail(e.to_string()))?;
        self.mails.push(caught);
        Ok(())
    }

    /// The CA certificate (DER), once the CA exists.
    pub fn ca_der(&self) -> Option<Vec<u8>> {
        self.ca().map(|c| c.cert_der().to_vec())
    }

    /// The world's profile.
    pub fn profile(&self) -> &Profile {
        &self.sys.profile
    }

    /// Carries out what the system asked, in the order it asked: secrets noted, files
    /// made, applications handed to the federation (whose decisions may ask for more),
    /// then the mail sent, and what the catcher received for us collected.
    fn flush(&mut self) -> Result<(), DriverError> {
        let mut mail = Vec::new();
        loop {
            let effects = self.sys.drain_effects();
            if effects.is_empty() {
                break;
            }
            let mut notices = Vec::new();
            for effect in effects {
                if let Some(log) = &mut self.effect_log {
                    log.push(effect.describe());
                }
                self.carry_out(effect, &mut notices, &mut mail)?;
            }
            if !notices.is_empty() {
                let decided = self.federation.submit(notices, self.clock.now());
                self.apply(decided);
            }
        }
        if mail.is_empty() {
            return Ok(());
        }
        for m in &mail {
            self.sent += 1;
            let id = format!(
                "{}.{}@support.e-seikyuu.jp",
                self.sent,
                self.clock.now().as_second()
            );
            let msg = mail::build(m, self.clock.now(), &id)
                .map_err(|e| DriverError::Mail(e.to_string()))?;
            self.post(msg, &m.to);
        }
        if self.unsent.is_none() {
            self.collect_mail()?;
        }
        Ok(())
    }

    /// One effect, exhaustively: notices for the federation and mail are gathered, to go
    /// out together once every effect of the act is known.
    fn carry_out(
        &mut self,
        effect: Effect,
        notices: &mut Vec<ApplicationNotice>,
        mail: &mut Vec<domain::OutboundMail>,
    ) -> Result<(), DriverError> {
        match effect {
            Effect::Secret { value, kind } => self.secrets.push((value, kind.label().into())),
            Effect::Mail(m) => mail.push(m),
            Effect::ReissueApplication(a) => notices.push(ApplicationNotice::of(&a)),
            Effect::CertificateApplication(record) => {
                let office = self
                    .sys
                    .office(&record.user.office())
                    .map(|o| o.name.clone())
                    .unwrap_or_default();
                notices.push(ApplicationNotice::of_certificate(&record, &office));
            }
            Effect::CertificateDownload(record) => {
                let d = self.package(&record)?;
                self.downloads.push(d);
            }
            Effect::PasswordZip {
                notice,
                document,
                password,
            } => {
                let bytes = eseikyu_parts::documents::password_zip(
                    &document,
                    &password,
                    self.clock.now(),
                    &mut self.file_rng,
                )
                .map_err(|e| DriverError::Pki(e.to_string()))?;
                self.sys.set_attachment_size(notice, bytes.len() as u64);
                self.attachments.insert(notice, (bytes, password));
            }
            Effect::AttachmentDownload { notice } => {
                if let Some((bytes, password)) = self.attachments.get(&notice) {
                    self.downloads.push(Download {
                        name: eseikyu_core::text::PASSWORD_ZIP.into(),
                        bytes: bytes.clone(),
                        kind: DownloadKind::Attachment,
                        password: Some(password.clone()),
                    });
                }
            }
            Effect::LinkageDownload { name, bytes } => self.downloads.push(Download {
                name,
                bytes,
                kind: DownloadKind::Data,
                password: None,
            }),
        }
        Ok(())
    }

    /// Every effect the system asked of this world, oldest first, one line each (never a
    /// secret's value): the same seed and the same acts give the same log.
    pub fn effect_log(&self) -> &[String] {
        self.effect_log.as_deref().unwrap_or_default()
    }

    /// Keeps the effect log from now on (it is off by default: nothing is formatted or
    /// kept that nobody reads).
    pub fn log_effects(mut self) -> World {
        self.effect_log = Some(Vec::new());
        self
    }
}

impl Drop for World {
    fn drop(&mut self) {
        self.catcher.close(&self.key);
    }
}
