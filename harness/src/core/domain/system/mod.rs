//! The reception system's state and rules: accounts, logins, passwords, security
//! addresses, codes, letters and notices. Pure: every call takes the instant and the RNG
//! it needs, and what it asks of the world outside (mail, files, the federation) is left
//! as [`Effect`](super::Effect)s the edge drains in order.

mod login;

use super::addresses::PendingAddress;
pub use super::addresses::{AddressError, Awaiting};
use super::codes::{Code, Purpose, Subject};

/// How many unknown user IDs the lockout remembers (LGN-6); beyond it the count restarts.
const UNKNOWN_LOGINS_KEPT: usize = 100_000;
use super::ids::{OfficeNumber, UserId};
use super::letters::{self, Letter};
use super::notices::{self, Notice, Query};
use super::office::{Account, Office, SecurityAddresses};
use super::password::{self, PasswordHash, PasswordProblem};
use crate::profile::Profile;
use crate::text;
use jiff::Timestamp;
use rand::RngExt;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A mail the system wants sent. The edge (`world`) turns it into MIME and sends it over SMTP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboundMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// A value the system made that no report may show (docs/security.md): codes and the
/// passwords it generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    ConfirmCode,
    Otp,
    TempPassword,
    CertPassword,
}

impl SecretKind {
    /// The name a report shows in its place.
    pub fn label(self) -> &'static str {
        match self {
            SecretKind::ConfirmCode => text::F_CONFIRM_CODE,
            SecretKind::Otp => text::F_OTP,
            SecretKind::TempPassword => text::LETTER_TEMP_PASSWORD,
            SecretKind::CertPassword => text::LETTER_CERT_PASSWORD,
        }
    }
}

/// How an office enters the simulation.
#[derive(Clone, Debug)]
pub enum Setup {
    /// Registered by the federation: only the temporary password of the posted notice.
    Registered,
    /// In the ledger without a user ID (a paper or media claimer, ACC-4).
    LedgerOnly,
    /// In use: the password set at first login, and the addresses it registered.
    Active {
        password: String,
        security: Vec<String>,
        mail: Option<String>,
        security_code: Option<String>,
    },
}

/// What registering an office produced: its accounts and the secrets of its notice.
#[derive(Clone, Debug)]
pub struct Registered {
    pub user_ids: Vec<UserId>,
    pub temp_password: String,
    pub cert_password: String,
}

/// The answer to a login attempt (LGN-1, LGN-2, LGN-6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Wrong or unknown: the same answer either way.
    Rejected,
    Locked,
    /// LGN-2: the password was right; the セキュリティコード comes next.
    NeedSecurityCode,
    Accepted(AfterLogin),
}

/// Where a successful login leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterLogin {
    /// LGN-3: the temporary password was used.
    FirstLogin,
    /// MAIL-2: an existing office without a security address after the release;
    /// `grace` when MAIL-3's checkbox is still offered.
    SecurityRequired {
        grace: bool,
    },
    MainMenu,
}

/// Why a password change was refused (LGN-4, LGN-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordError {
    CurrentWrong,
    Mismatch,
    Rule(PasswordProblem),
}

/// The whole reception system.
pub struct System {
    pub profile: Profile,
    pub(super) offices: BTreeMap<OfficeNumber, Office>,
    pub(super) accounts: BTreeMap<UserId, Account>,
    pub(super) codes: HashMap<(Subject, Purpose), Code>,
    pub(super) throttle: super::throttle::Throttle,
    /// LGN-6 for user IDs that are well formed but unknown: they count wrong passwords and
    /// lock exactly as real ones do (no enumeration through the lockout message).
    unknown_logins: HashMap<String, u32>,
    pub(super) pending: HashMap<UserId, PendingAddress>,
    pub(super) letters: Vec<Letter>,
    pub(super) notices: Vec<Notice>,
    pub(super) read: HashSet<(UserId, usize)>,
    /// What the world is asked to do, in order, since the last drain.
    pub(super) effects: Vec<super::Effect>,
    pub(super) lost: super::lost::LostState,
    pub(super) certs: super::certs::CertState,
    /// CPL: the care plan data linkage system's licences and hub.
    pub(super) linkage: super::linkage::Linkage,
    /// CERT-16: the CA's SHA-1 thumbprint, published in the FAQ (set by the edge that
    /// holds the CA).
    pub ca_thumbprint: Option<String>,
}

impl System {
    pub fn new(profile: Profile) -> System {
        System {
            profile,
            offices: BTreeMap::new(),
            accounts: BTreeMap::new(),
            codes: HashMap::new(),
            throttle: Default::default(),
            unknown_logins: HashMap::new(),
            pending: HashMap::new(),
            letters: Vec::new(),
            notices: notices::standing(),
            read: HashSet::new(),
            effects: Vec::new(),
            lost: Default::default(),
            certs: Default::default(),
            linkage: Default::default(),
            ca_thumbprint: None,
        }
    }

    // ---- registration (ACC-1, ACC-2, ACC-3) -------------------------------------------

    /// Registers an office with one account per 請求先都道府県. A `Registered` office gets
    /// the posted 「電子請求登録結果に関するお知らせ」 (ACC-3) with fresh passwords.
    pub fn register(
        &mut self,
        office: Office,
        prefectures: &[u8],
        setup: Setup,
        now: Timestamp,
        rng: &mut impl rand::Rng,
    ) -> Registered {
        let temp_password = random_password(16, rng);
        let cert_password = random_password(12, rng);
        self.keep_secret(&temp_password, SecretKind::TempPassword);
        self.keep_secret(&cert_password, SecretKind::CertPassword);
        let cost = self.profile.hash_cost;
        let mut user_ids = Vec::new();
        let prefectures = if matches!(setup, Setup::LedgerOnly) {
            &[][..]
        } else {
            prefectures
        };
        for &pref in prefectures {
            let user_id = UserId::new(pref, &office.number);
            let (pw, temporary, security, mail, code) = match &setup {
                Setup::Registered | Setup::LedgerOnly => {
                    (temp_password.clone(), true, vec![], None, None)
                }
                Setup::Active {
                    password,
                    security,
                    mail,
                    security_code,
                } => (
                    password.clone(),
                    false,
                    security.clone(),
                    mail.clone(),
                    security_code.clone(),
                ),
            };
            let account = Account {
                user_id: user_id.clone(),
                password: PasswordHash::new(&pw, salt(rng), cost),
                temporary,
                failed_logins: 0,
                locked: false,
                mail_address: mail,
                security: SecurityAddresses::from_list(security),
                security_code: code.map(|c| PasswordHash::new(&c, salt(rng), cost)),
                cert_password: PasswordHash::new(&cert_password, salt(rng), cost),
                reissued: None,
            };
            if matches!(setup, Setup::Registered) {
                self.letters.push(letters::registration_notice(
                    &office,
                    &letters::federation_name(pref),
                    &user_id,
                    &temp_password,
                    Some(&cert_password),
                    now,
                ));
            }
            self.accounts.insert(user_id.clone(), account);
            user_ids.push(user_id);
        }
        self.offices.insert(office.number.clone(), office);
        Registered {
            user_ids,
            temp_password,
            cert_password,
        }
    }

    /// Registers a generated office in one prefecture without keeping its posted notice:
    /// a large world's background population stays small in memory.
    pub fn register_quietly(&mut self, office: Office, prefecture: u8, rng: &mut impl rand::Rng) {
        let cost = self.profile.hash_cost;
        let temp = random_password(16, rng);
        let cert = random_password(12, rng);
        let user_id = UserId::new(prefecture, &office.number);
        let account = Account::temporary(
            user_id.clone(),
            PasswordHash::new(&temp, salt(rng), cost),
            PasswordHash::new(&cert, salt(rng), cost),
        );
        self.accounts.insert(user_id, account);
        self.offices.insert(office.number.clone(), office);
    }

    pub fn office(&self, number: &OfficeNumber) -> Option<&Office> {
        self.offices.get(number)
    }
    pub fn account(&self, user: &UserId) -> Option<&Account> {
        self.accounts.get(user)
    }
    pub fn office_count(&self) -> usize {
        self.offices.len()
    }
    pub fn letters(&self) -> &[Letter] {
        &self.letters
    }
    /// Notes a secret the system made, for the reports to hide.
    pub(super) fn keep_secret(&mut self, value: &str, kind: SecretKind) {
        self.effects.push(super::Effect::Secret {
            value: value.to_string(),
            kind,
        });
    }

    /// What the system asked of the world since the last call, in the order it asked.
    pub fn drain_effects(&mut self) -> Vec<super::Effect> {
        std::mem::take(&mut self.effects)
    }

    // ---- passwords (LGN-4, LGN-5) -----------------------------------------------------

    /// Changes the password; every problem is reported at once.
    pub fn change_password(
        &mut self,
        user: &UserId,
        current: &str,
        new: &str,
        confirm: &str,
        rng: &mut impl rand::Rng,
    ) -> Result<(), Vec<PasswordError>> {
        let cost = self.profile.hash_cost;
        let Some(account) = self.accounts.get_mut(user) else {
            return Err(vec![PasswordError::CurrentWrong]);
        };
        let mut errors = Vec::new();
        if !account.password.verify(current) {
            errors.push(PasswordError::CurrentWrong);
        }
        errors.extend(
            password::check_rule(new, user.as_str())
                .into_iter()
                .map(PasswordError::Rule),
        );
        if new != confirm {
            errors.push(PasswordError::Mismatch);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        account.password = PasswordHash::new(new, salt(rng), cost);
        account.temporary = false;
        Ok(())
    }

    // ---- notices (NOTICE-1) -----------------------------------------------------------

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }
    pub fn query_notices(
        &self,
        viewer: Option<&UserId>,
        query: &Query,
        now: Timestamp,
    ) -> Vec<usize> {
        let read = |i: usize| viewer.is_some_and(|u| self.read.contains(&(u.clone(), i)));
        notices::select(
            &self.notices,
            viewer,
            &read,
            query,
            now,
            self.profile.new_notice_window,
        )
    }
    /// LGN-6: locks an account as wrong passwords in a row would (a fixture's locked
    /// office).
    pub fn lock(&mut self, user: &UserId) {
        if let Some(account) = self.accounts.get_mut(user) {
            account.failed_logins = self.profile.lockout_after;
            account.locked = true;
        }
    }
    pub fn mark_read(&mut self, user: &UserId, index: usize) {
        self.read.insert((user.clone(), index));
    }
}

/// LGN-6: a wrong entry counts toward the lockout; a right one resets the count.
fn count_attempt(account: &mut Account, ok: bool, limit: u32) -> Result<(), LoginOutcome> {
    if ok {
        account.failed_logins = 0;
        return Ok(());
    }
    account.failed_logins += 1;
    if account.failed_logins >= limit {
        account.locked = true;
        return Err(LoginOutcome::Locked);
    }
    Err(LoginOutcome::Rejected)
}

pub(super) fn salt(rng: &mut impl rand::Rng) -> [u8; 16] {
    let mut s = [0u8; 16];
    rng.fill_bytes(&mut s);
    s
}

/// ACC-3: a password of upper case, lower case and digits, with at least one of each.
pub fn random_password(len: usize, rng: &mut impl rand::Rng) -> String {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const DIGIT: &[u8] = b"23456789";
    loop {
        let pw: String = (0..len)
            .map(|_| {
                let set = match rng.random_range(0..3u8) {
                    0 => UPPER,
                    1 => LOWER,
                    _ => DIGIT,
                };
                char::from(set[rng.random_range(0..set.len())])
            })
            .collect();
        let has = |f: fn(&char) -> bool| pw.chars().any(|c| f(&c));
        if has(char::is_ascii_uppercase)
            && has(char::is_ascii_lowercase)
            && has(char::is_ascii_digit)
        {
            return pw;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// CODE-3 ASSUMPTION: a code never repeats the one it replaces. Without the redraw,
    /// 100,000 successive 4-digit codes would repeat about ten times.
    #[test]
    fn a_new_code_never_repeats_the_one_it_replaces() {
        let mut sys = System::new(Profile::r2025_12());
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let now = Timestamp::UNIX_EPOCH;
        let user = UserId::parse("KJ131311111111").expect("an id");
        let subject = Subject::Account(user);
        let mut last = String::new();
        for i in 0..100_000 {
            sys.send_code(
                subject.clone(),
                Purpose::Confirm,
                "a@example.jp",
                now,
                &mut rng,
            );
            let code = sys.codes[&(subject.clone(), Purpose::Confirm)]
                .digits()
                .to_string();
            assert_ne!(code, last, "code {i} repeats the one before");
            last = code;
            sys.effects.clear();
        }
    }
}
