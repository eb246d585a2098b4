//! What a world does from outside its screens: visitors, clock, fixtures, the federation's
//! back office, faults; and what can be read of it. The door's commands and queries are
//! answered by these (see `door.rs`); `eseikyu serve` calls them directly.

use super::World;
use crate::generate;
use eseikyu_core::domain::{self, ClaimMethod, Office, OfficeNumber, Setup};
use eseikyu_door::{
    Advice, CaughtMail, Claim, Decision, Download, DriverError, Fault, FaultKind, Letter,
    OfficeFacts, OfficeSpec, OfficeState, ServiceAnswer,
};
use eseikyu_parts::pki::Ca;
use jiff::{SignedDuration, Timestamp};

impl World {
    /// Which visitor acts from now on; a new name opens a new session.
    pub fn visit(&mut self, visitor: &str) -> Result<(), DriverError> {
        self.browsers.entry(visitor.to_string()).or_default();
        self.visitor = visitor.to_string();
        Ok(())
    }
    pub fn mails(&self) -> &[CaughtMail] {
        &self.mails
    }
    pub fn letters(&self) -> Vec<Letter> {
        self.sys.letters().iter().map(letter).collect()
    }
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }
    pub fn set_clock(&mut self, at: Timestamp) -> Result<(), DriverError> {
        self.clock.set(at);
        Ok(())
    }
    pub fn advance(&mut self, by: SignedDuration) -> Result<(), DriverError> {
        self.clock.advance(by);
        Ok(())
    }
    pub fn register(&mut self, spec: &OfficeSpec) -> Result<OfficeFacts, DriverError> {
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
        for c in &spec.installed {
            let kind = match c.kind() {
                eseikyu_door::InstalledCert::Insurance => domain::CertKind::Insurance,
                eseikyu_door::InstalledCert::Common => domain::CertKind::Common,
                eseikyu_door::InstalledCert::Dx => domain::CertKind::Dx,
                eseikyu_door::InstalledCert::CarePlan => domain::CertKind::CarePlan,
            };
            for user in &r.user_ids {
                let from = c.from().unwrap_or(self.clock.now());
                self.sys
                    .install_certificate(user, kind, (from, c.to()), &mut self.rng);
            }
        }
        if spec.locked {
            for user in &r.user_ids {
                self.sys.lock(user);
            }
        }
        self.flush()?;
        Ok(OfficeFacts {
            user_ids: r.user_ids.iter().map(ToString::to_string).collect(),
            temp_password: r.temp_password,
            cert_password: r.cert_password,
        })
    }
    pub fn sync(&mut self) -> Result<(), DriverError> {
        self.sync_federation()
    }
    pub fn payment(&mut self, office: &str, amount: u32) -> Result<(), DriverError> {
        let number = OfficeNumber::parse(office)
            .ok_or_else(|| DriverError::Federation(format!("{office} is not a 事業所番号")))?;
        self.sys.pay(&number, amount);
        Ok(())
    }
    pub fn downloads(&self) -> &[Download] {
        &self.downloads
    }
    pub fn ca_pem(&self) -> Option<String> {
        self.ca().map(Ca::cert_pem)
    }
    pub fn ca_thumbprint(&self) -> Option<String> {
        self.ca().map(Ca::thumbprint)
    }
    pub fn ca_made(&self) -> bool {
        self.ca.get().is_some()
    }
    pub fn secrets(&self) -> Result<Vec<(String, String)>, DriverError> {
        Ok(self.secrets.clone())
    }
    pub fn problems(&self) -> Vec<String> {
        self.problems.clone()
    }
    pub fn connect_service(
        &self,
        certificate: &[u8],
        password: &str,
    ) -> Result<ServiceAnswer, DriverError> {
        let ca = self.ca().ok_or_else(|| DriverError::Pki("no CA".into()))?;
        eseikyu_parts::service::connect(ca, certificate, password, self.clock.now())
            .map_err(|e| DriverError::Pki(e.to_string()))
    }
    pub fn advise(
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
    pub fn fault(&mut self, fault: &Fault) -> Result<(), DriverError> {
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
    pub fn paper_request(&mut self, office: &str, envelope: bool) -> Result<(), DriverError> {
        self.sys
            .paper_request(office, envelope, self.clock.now(), &mut self.rng)
            .map_err(|e| DriverError::Federation(format!("{office}: {e}")))?;
        self.flush()
    }
    pub fn decide(&mut self, number: &str, decision: Decision) -> Result<(), DriverError> {
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
    pub fn generate(&mut self, count: usize) -> Result<(), DriverError> {
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
