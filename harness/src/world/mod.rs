//! One simulated world: virtual clock, seeded RNG, the system, its visitors' browsers
//! (one session each) and the mail path (SMTP client → catcher). It implements the
//! [`Driver`] door in process, translating the door's protocol data to the domain's types
//! and back; nothing else of the world is visible to a runner.

use crate::clock::Clock;
mod delivery;
mod visitors;

use crate::domain::{self, ClaimMethod, Office, OfficeNumber, Setup, System};
pub use crate::door::{
    Advice, CaughtMail, Claim, Decision, Download, DownloadKind, Driver, DriverError,
    FIRST_VISITOR, Fault, FaultKind, Letter, OfficeFacts, OfficeSpec, OfficeState, ServiceAnswer,
};
use crate::federation::{ApplicationNotice, Federation};
use crate::generate;
use crate::mail::{self, Catcher, Outbound};
use crate::pki::{Ca, Issued};
use crate::profile::Profile;
use crate::screens::{Action, Browser, Ctx, Screen};
pub use delivery::{Sent, Unsent};
use jiff::{SignedDuration, Timestamp};
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
    pub fn applications(&self) -> Vec<crate::federation::Pending> {
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
    fn package(&mut self, record: &crate::domain::CertRecord) -> Result<Download, DriverError> {
        let pki = |e: crate::pki::PkiError| DriverError::Pki(e.to_string());
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

    /// The screen a visitor sees.
    pub fn screen_of(&self, visitor: &str) -> Screen {
        self.browser_of(visitor).screen(&self.sys, self.clock.now())
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
        Ok(result?)
    }

    /// Keeps a mail that reached the catcher from outside the world (`eseikyu serve`
    /// files mail from other SMTP clients with its first world).
    pub fn receive(&mut self, raw: crate::mail::RawMail) -> Result<(), DriverError> {
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

    /// Tells the federation of new applications, makes requested downloads, sends what
    /// the system queued, then collects what the catcher received for us.
    fn flush(&mut self) -> Result<(), DriverError> {
        for (value, kind) in self.sys.drain_secrets() {
            self.secrets.push((value, kind.label().to_string()));
        }
        for record in self.sys.drain_downloads() {
            let d = self.package(&record)?;
            self.downloads.push(d);
        }
        for (notice, document, password) in self.sys.drain_zips() {
            let bytes = crate::documents::password_zip(
                &document,
                &password,
                self.clock.now(),
                &mut self.file_rng,
            )
            .map_err(|e| DriverError::Pki(e.to_string()))?;
            self.sys.set_attachment_size(notice, bytes.len() as u64);
            self.attachments.insert(notice, (bytes, password));
        }
        for (name, bytes) in self.sys.linkage_mut().drain_downloads() {
            self.downloads.push(Download {
                name,
                bytes,
                kind: DownloadKind::Data,
                password: None,
            });
        }
        for notice in self.sys.drain_attachment_downloads() {
            if let Some((bytes, password)) = self.attachments.get(&notice) {
                self.downloads.push(Download {
                    name: crate::documents::PASSWORD_ZIP.into(),
                    bytes: bytes.clone(),
                    kind: DownloadKind::Attachment,
                    password: Some(password.clone()),
                });
            }
        }
        let mut notices: Vec<ApplicationNotice> = self
            .sys
            .drain_federation_outbox()
            .iter()
            .map(ApplicationNotice::of)
            .collect();
        for record in self.sys.drain_certificate_outbox() {
            let office = self
                .sys
                .office(&record.user.office())
                .map(|o| o.name.clone())
                .unwrap_or_default();
            notices.push(ApplicationNotice::of_certificate(&record, &office));
        }
        if !notices.is_empty() {
            let decided = self.federation.submit(notices, self.clock.now());
            self.apply(decided);
        }
        let outbox = self.sys.drain_outbox();
        if outbox.is_empty() {
            return Ok(());
        }
        for m in &outbox {
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
}

impl Drop for World {
    fn drop(&mut self) {
        self.catcher.close(&self.key);
    }
}

impl Driver for World {
    fn screen(&self) -> Screen {
        self.screen_of(&self.visitor)
    }
    fn act(&mut self, action: &Action) -> Result<(), DriverError> {
        let visitor = self.visitor.clone();
        self.act_as(&visitor, action)
    }
    fn visit(&mut self, visitor: &str) -> Result<(), DriverError> {
        self.browsers.entry(visitor.to_string()).or_default();
        self.visitor = visitor.to_string();
        Ok(())
    }
    fn mails(&self) -> &[CaughtMail] {
        &self.mails
    }
    fn letters(&self) -> Vec<Letter> {
        self.sys.letters().iter().map(letter).collect()
    }
    fn now(&self) -> Timestamp {
        self.clock.now()
    }
    fn set_clock(&mut self, at: Timestamp) -> Result<(), DriverError> {
        self.clock.set(at);
        Ok(())
    }
    fn advance(&mut self, by: SignedDuration) -> Result<(), DriverError> {
        self.clock.advance(by);
        Ok(())
    }
    fn register(&mut self, spec: &OfficeSpec) -> Result<OfficeFacts, DriverError> {
        let (number, setup) = office_of(spec)?;
        if self.sys.office(&number).is_some() {
            return Err(DriverError::Duplicate(number.to_string()));
        }
        let mut office: Office = generate::office(number.clone(), &mut self.rng);
        if let Some(name) = &spec.name {
            office.name = name.clone();
        }
        office.claim = match spec.claim {
            Claim::Internet => ClaimMethod::Internet,
            Claim::Proxy => ClaimMethod::Proxy,
            Claim::Paper => ClaimMethod::Paper,
        };
        office.agent = spec.agent;
        office.disability = spec.disability;
        let prefectures = if spec.prefectures.is_empty() {
            vec![number.prefecture()]
        } else {
            spec.prefectures.clone()
        };
        let r = self
            .sys
            .register(office, &prefectures, setup, self.clock.now(), &mut self.rng);
        for kind in &spec.installed {
            let kind = match kind {
                crate::door::InstalledCert::Insurance => domain::CertKind::Insurance,
                crate::door::InstalledCert::Common => domain::CertKind::Common,
                crate::door::InstalledCert::Dx => domain::CertKind::Dx,
                crate::door::InstalledCert::CarePlan => domain::CertKind::CarePlan,
            };
            for user in &r.user_ids {
                self.sys
                    .install_certificate(user, kind, self.clock.now(), &mut self.rng);
            }
        }
        self.flush()?;
        Ok(OfficeFacts {
            user_ids: r.user_ids.iter().map(ToString::to_string).collect(),
            temp_password: r.temp_password,
            cert_password: r.cert_password,
        })
    }
    fn sync(&mut self) -> Result<(), DriverError> {
        self.sync_federation()
    }
    fn payment(&mut self, office: &str, amount: u32) -> Result<(), DriverError> {
        let number = OfficeNumber::parse(office)
            .ok_or_else(|| DriverError::Federation(format!("{office} is not a 事業所番号")))?;
        self.sys.pay(&number, amount);
        Ok(())
    }
    fn downloads(&self) -> &[Download] {
        &self.downloads
    }
    fn ca_pem(&self) -> Option<String> {
        self.ca().map(Ca::cert_pem)
    }
    fn ca_thumbprint(&self) -> Option<String> {
        self.ca().map(Ca::thumbprint)
    }
    fn ca_made(&self) -> bool {
        self.ca.get().is_some()
    }
    fn secrets(&self) -> Result<Vec<(String, String)>, DriverError> {
        Ok(self.secrets.clone())
    }
    fn problems(&self) -> Vec<String> {
        self.problems.clone()
    }
    fn connect_service(&self, password: &str) -> Result<ServiceAnswer, DriverError> {
        let cert = crate::door::last_certificate(&self.downloads)?;
        let ca = self.ca().ok_or_else(|| DriverError::Pki("no CA".into()))?;
        crate::service::connect(ca, &cert.bytes, password, self.clock.now())
            .map_err(|e| DriverError::Pki(e.to_string()))
    }
    fn advise(
        &self,
        office: &str,
        web_service: bool,
        care_plan: bool,
    ) -> Result<Vec<Advice>, DriverError> {
        let situation = OfficeNumber::parse(office)
            .and_then(|n| self.sys.situation(&n, web_service, care_plan))
            .ok_or_else(|| DriverError::Federation(format!("{office} is in no ledger")))?;
        Ok(domain::advice::advise(situation)
            .into_iter()
            .map(|a| Advice(a.text().to_string()))
            .collect())
    }
    fn fault(&mut self, fault: &Fault) -> Result<(), DriverError> {
        use rand::RngExt;
        Fault::check(fault.times, fault.chance).map_err(|e| DriverError::Fault(e.into()))?;
        let chance = fault.chance;
        let hits: Vec<bool> = (0..fault.times)
            .map(|_| chance >= 1.0 || self.fault_rng.random_bool(chance))
            .collect();
        match fault.kind {
            FaultKind::Smtp(f) => self
                .catcher
                .fault(&self.key, hits.into_iter().map(|h| h.then_some(f))),
            FaultKind::Federation(f) => {
                if self.federation.is_external() {
                    return Err(DriverError::Fault(
                        "an external federation's faults are its own to make".into(),
                    ));
                }
                self.federation
                    .fault(hits.into_iter().map(|h| h.then_some(f)));
            }
        }
        Ok(())
    }
    fn paper_request(&mut self, office: &str, envelope: bool) -> Result<(), DriverError> {
        self.sys
            .paper_request(office, envelope, self.clock.now(), &mut self.rng)
            .map_err(|e| DriverError::Federation(format!("{office}: {e}")))?;
        self.flush()
    }
    fn decide(&mut self, number: &str, decision: Decision) -> Result<(), DriverError> {
        if self.federation.is_external() {
            return Err(DriverError::Federation(
                "decisions come from the external federation".into(),
            ));
        }
        let waiting = self.federation.applications();
        let known = waiting.iter().any(|a| a.notice.management_number == number);
        if !known && !self.federation.received(number) {
            return Err(DriverError::Unknown(format!(
                "no application has the 管理番号 {number:?}: those waiting for a decision \
                 are listed by GET …/applications"
            )));
        }
        if !self.federation.received(number) {
            return Err(DriverError::Federation(format!(
                "the federation has not received {number}: its notice was not delivered \
                 (it is sent again when the clock moves)"
            )));
        }
        let decision = match decision {
            Decision::Approved => domain::Decision::Approved,
            Decision::Rejected { reason } => domain::Decision::Rejected { reason },
        };
        self.sys
            .decide(number, decision, self.clock.now(), &mut self.rng)
            .map_err(|e| DriverError::Federation(format!("{number}: {e}")))?;
        self.federation.settled(number);
        self.flush()
    }
    fn generate(&mut self, count: usize) -> Result<(), DriverError> {
        let mut made = 0;
        while made < count {
            let number = generate::office_number(&mut self.rng);
            if self.sys.office(&number).is_some() {
                continue;
            }
            let office = generate::office(number, &mut self.rng);
            let pref = office.number.prefecture();
            self.sys.register_quietly(office, pref, &mut self.rng);
            made += 1;
        }
        Ok(())
    }
}

/// A posted letter as the door carries it.
fn letter(l: &domain::Letter) -> Letter {
    Letter {
        to: l.to.to_string(),
        title: l.title.clone(),
        posted: l.posted,
        text: l.text.clone(),
    }
}

/// The domain's office number and setup of a door's office.
fn office_of(spec: &OfficeSpec) -> Result<(OfficeNumber, Setup), DriverError> {
    let number = OfficeNumber::parse(&spec.number).ok_or_else(|| {
        DriverError::Office(format!(
            "`{}` is not a 事業所番号: expected 10 digits starting with a prefecture code 01–47",
            spec.number
        ))
    })?;
    let setup = match spec.state {
        OfficeState::Registered => Setup::Registered,
        OfficeState::Ledger => Setup::LedgerOnly,
        OfficeState::Active => Setup::Active {
            password: spec.password.clone().ok_or_else(|| {
                DriverError::Office("an `active` office needs its `password`".into())
            })?,
            security: spec.security_addresses.clone(),
            mail: spec.mail_address.clone(),
            security_code: spec.security_code.clone(),
        },
    };
    Ok((number, setup))
}
