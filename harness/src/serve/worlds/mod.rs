//! The worlds a server holds: the first (`default`), which the site's real addresses and
//! the SMTP port serve, and any a client creates through the control API so parallel
//! tests never share state. Each world is behind its own read-write lock: showing a page
//! reads, acting writes.

use super::limits::Limits;
use super::mailpit::view::MailView;
use super::sessions::Sessions;
use crate::mail::{Catcher, RawMail};
use crate::profile::Profile;
use crate::serve::journal::{JournalError, Store};
use crate::world::{DriverError, OfficeFacts, World};
pub use changes::{Change, Outside};
use jiff::Timestamp;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Instant;

mod changes;
pub mod export;
mod kept;

/// How often idle worlds are looked for.
const IDLE_SWEEP: std::time::Duration = std::time::Duration::from_secs(60);

/// The name of the first world.
pub const DEFAULT: &str = "default";

/// How a world's clock moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockMode {
    /// Virtual: it moves only when the control API says so.
    Virtual,
    /// It follows the wall clock (read at the edge, before each request).
    Wall,
}

/// What a new world is made of.
#[derive(Clone, Debug)]
pub struct Recipe {
    pub at: Timestamp,
    pub profile: Profile,
    pub seed: u64,
    pub clock: ClockMode,
    pub offices: Vec<crate::door::OfficeSpec>,
}

impl Recipe {
    /// A world standing at `at` on a virtual clock, under the current release profile,
    /// seed 0, with no office yet.
    pub fn virtual_at(at: Timestamp) -> Recipe {
        Recipe {
            at,
            profile: Profile::r2025_12(),
            seed: 0,
            clock: ClockMode::Virtual,
            offices: vec![],
        }
    }
}

/// One served world and what the server keeps beside it. What changes it is made
/// through [`changes`]'s methods, which note each change for the world's journal.
pub struct Served {
    world: World,
    pub clock: ClockMode,
    pub seed: u64,
    /// Mail as the Mailpit API lists it: an ID and read state per caught mail.
    mails: Vec<MailEntry>,
    /// What registering each office made known, by 事業所番号.
    facts: BTreeMap<String, OfficeFacts>,
    /// Its visitors' sessions, and how long they are kept.
    pub sessions: Sessions,
    pub limits: Limits,
    /// The changes of the request under way, for the journal.
    changes: Vec<Change>,
    /// The place of the last outside mail filed here (see [`Change::Receive`]).
    last_outside: u64,
    /// Requests that only read it since its last journal entry (see [`Change::Idle`]).
    idle: u64,
    /// Where its changes are kept (`serve --data`).
    journal: Option<crate::serve::journal::Log>,
    /// What it was made of, and, when it has no journal, its changes so far (a world's
    /// history, for `export`).
    recipe: Recipe,
    history: Vec<Vec<Change>>,
}

/// A caught mail's place in the Mailpit API.
#[derive(Clone, Debug)]
pub struct MailEntry {
    /// Index into the world's mails.
    pub index: usize,
    pub id: String,
    pub read: bool,
    pub deleted: bool,
    /// When the world filed it (Mailpit's `Created`: the time received).
    pub received: Timestamp,
    /// Its size in bytes as it arrived.
    pub size: usize,
    /// The mail as Mailpit shows it, read once.
    pub view: Arc<MailView>,
}

impl Served {
    /// The world, to read.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// Whether the world holds enough that its memory, once it is deleted, is worth giving
    /// back to the operating system at once (a flood's sessions, generated offices, a
    /// long sandbox's mail). A small world's memory is kept for the next one: giving it
    /// back after every deleted world made the next world's allocations fault it in again
    /// (≈ a tenth of the server's time when a conformance run makes and deletes a world
    /// per scenario).
    pub fn is_large(&self) -> bool {
        const LARGE: usize = 1_000;
        self.sessions.len() >= 100
            || self.world.system().office_count() >= LARGE
            || self.mails.len() >= LARGE
            || self.world.letters().len() >= LARGE
    }

    /// Its mail as the Mailpit API lists it.
    pub fn mails(&self) -> &[MailEntry] {
        &self.mails
    }

    /// What registering each office made known, by 事業所番号.
    pub fn facts(&self) -> &BTreeMap<String, OfficeFacts> {
        &self.facts
    }

    /// The mail the world built during a request, to send without holding the world.
    pub fn take_unsent(&mut self) -> crate::world::Unsent {
        self.world.take_unsent()
    }

    /// Takes back what sending it came to, and files the mail caught.
    pub fn settle(&mut self, sent: crate::world::Sent) -> Result<(), DriverError> {
        self.world.settle(sent)?;
        self.sync_mails();
        Ok(())
    }

    /// Writes the request's changes to the world's journal, as one entry (kept in
    /// memory without a journal; nothing when it changed nothing).
    pub fn commit(&mut self) -> std::io::Result<()> {
        let changes = self.take_changes();
        if changes.is_empty() {
            return Ok(());
        }
        match &mut self.journal {
            Some(log) => log.append(&changes),
            None => {
                self.history.push(changes);
                Ok(())
            }
        }
    }

    /// Gives every newly caught mail its Mailpit ID.
    pub fn sync_mails(&mut self) {
        let caught = self.world.mails().len();
        for index in self.mails.len()..caught {
            let mail = &self.world.mails()[index];
            self.mails.push(MailEntry {
                view: Arc::new(MailView::of(mail)),
                received: self.world.now(),
                size: mail.raw.len(),
                index,
                id: format!("m{:06}", index + 1),
                read: false,
                deleted: false,
            });
        }
    }

    /// Registers an office of the world's recipe; its facts are kept for the control API.
    fn register(&mut self, office: &crate::door::OfficeSpec) -> Result<OfficeFacts, DriverError> {
        let facts = self.world.register(office)?;
        self.facts.insert(office.number.to_string(), facts.clone());
        self.sync_mails();
        Ok(facts)
    }
}

/// Every world of the server.
pub struct Worlds {
    map: Mutex<HashMap<String, Arc<RwLock<Served>>>>,
    catcher: Catcher,
    next: AtomicU64,
    limits: Limits,
    /// The data directory, when the server keeps its worlds (`serve --data`).
    store: Option<Arc<Store>>,
    /// One request at a time per kept world, from its first change to its journal entry
    /// (mail sent on the way), so the journal's order is the order things happened in.
    turns: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Outside mail the SMTP port took, waiting to be filed into the first world, with
    /// its place among all the server took.
    outside: Arc<Mutex<VecDeque<(u64, RawMail)>>>,
    outside_seq: Arc<AtomicU64>,
    /// When each world was last asked for, and when idle worlds were last looked for.
    used: Mutex<(HashMap<String, Instant>, Option<Instant>)>,
}

/// Why a world could not be made.
#[derive(Debug, thiserror::Error)]
pub enum WorldError {
    #[error("office {0}: {1}")]
    Office(String, String),
    #[error("no world is named {0:?}")]
    Unknown(String),
    #[error("the first world cannot be deleted")]
    Default,
    #[error("this server keeps at most {0} worlds: delete one first")]
    Full(usize),
    #[error(transparent)]
    Journal(#[from] JournalError),
}

impl Worlds {
    /// A server's worlds, with the first made from `first`, kept in memory only.
    pub fn new(catcher: Catcher, first: Recipe, limits: Limits) -> Result<Worlds, WorldError> {
        let worlds = Worlds::empty(catcher, limits, None);
        worlds.insert(DEFAULT.to_string(), first)?;
        Ok(worlds)
    }

    fn empty(catcher: Catcher, limits: Limits, store: Option<Arc<Store>>) -> Worlds {
        let worlds = Worlds {
            map: Mutex::new(HashMap::new()),
            catcher,
            next: AtomicU64::new(1),
            limits,
            store,
            turns: Mutex::new(HashMap::new()),
            outside: Arc::new(Mutex::new(VecDeque::new())),
            outside_seq: Arc::new(AtomicU64::new(0)),
            used: Mutex::new((HashMap::new(), None)),
        };
        worlds.take_outside_from_the_catcher();
        worlds
    }

    fn map(&self) -> MutexGuard<'_, HashMap<String, Arc<RwLock<Served>>>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes a new world; its name.
    pub fn create(&self, recipe: Recipe) -> Result<String, WorldError> {
        if self.map().len() >= self.limits.worlds {
            return Err(WorldError::Full(self.limits.worlds));
        }
        let name = format!("w{}", self.next.fetch_add(1, Ordering::Relaxed));
        self.insert(name.clone(), recipe)?;
        Ok(name)
    }

    fn insert(&self, name: String, recipe: Recipe) -> Result<(), WorldError> {
        let mut served = self.made(&recipe)?;
        if let Some(store) = &self.store {
            let next = self.next.load(Ordering::Relaxed);
            served.journal = Some(store.create(&name, &recipe, next)?);
            self.turns().insert(name.clone(), Arc::default());
        }
        self.used_at(&name, Instant::now());
        self.map().insert(name, Arc::new(RwLock::new(served)));
        Ok(())
    }

    /// Notes a world as used at `at` (made, restored or asked for).
    fn used_at(&self, name: &str, at: Instant) {
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        used.0.insert(name.to_string(), at);
    }

    /// A world made from its recipe, its offices registered.
    fn made(&self, recipe: &Recipe) -> Result<Served, WorldError> {
        let world = World::new(
            recipe.profile.clone(),
            recipe.at,
            recipe.seed,
            &self.catcher,
        );
        let mut served = Served {
            world,
            clock: recipe.clock,
            seed: recipe.seed,
            mails: Vec::new(),
            facts: BTreeMap::new(),
            sessions: Sessions::default(),
            limits: self.limits,
            changes: Vec::new(),
            last_outside: 0,
            idle: 0,
            journal: None,
            recipe: recipe.clone(),
            history: Vec::new(),
        };
        for o in &recipe.offices {
            served
                .register(o)
                .map_err(|e| WorldError::Office(o.number.to_string(), e.to_string()))?;
        }
        // Requests act on the world in place; what they send leaves after the world is
        // released (see `AppState::with_named`).
        served.world.defer_mail();
        served.world.on_a_site();
        Ok(served)
    }

    fn turns(&self) -> MutexGuard<'_, HashMap<String, Arc<tokio::sync::Mutex<()>>>> {
        self.turns.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for a kept world's turn (see [`Worlds::turns`]); nothing to wait for when
    /// the server keeps nothing.
    pub async fn turn(&self, name: &str) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        let turn = self.turns().get(name).cloned()?;
        Some(turn.lock_owned().await)
    }

    /// A world by name (it was used now).
    pub fn get(&self, name: &str) -> Result<Arc<RwLock<Served>>, WorldError> {
        let now = Instant::now();
        let due = {
            let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
            let due = used.1.is_none_or(|at| now.duration_since(at) >= IDLE_SWEEP);
            if due {
                used.1 = Some(now);
            }
            due
        };
        if due {
            self.expire_idle(now);
        }
        let world = self
            .map()
            .get(name)
            .cloned()
            .ok_or_else(|| WorldError::Unknown(name.to_string()))?;
        self.used_at(name, now);
        Ok(world)
    }

    /// Deletes the worlds (not the first) nobody has asked for in `limits.world_idle`
    /// before `now` (looked for at most once a minute); their names.
    pub fn expire_idle(&self, now: Instant) -> Vec<String> {
        let idle: Vec<String> = {
            let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
            let names: Vec<String> = self.map().keys().cloned().collect();
            names
                .into_iter()
                .filter(|n| n != DEFAULT)
                .filter(|n| {
                    let last = *used.0.entry(n.clone()).or_insert(now);
                    now.saturating_duration_since(last) > self.limits.world_idle
                })
                .collect()
        };
        for name in &idle {
            let _ = self.delete(name);
        }
        idle
    }

    /// Deletes a world (not the first), and its journal.
    pub fn delete(&self, name: &str) -> Result<(), WorldError> {
        if name == DEFAULT {
            return Err(WorldError::Default);
        }
        let gone = self.map().remove(name);
        let Some(world) = gone else {
            return Err(WorldError::Unknown(name.to_string()));
        };
        if let Some(store) = &self.store {
            store.remove(name);
            self.turns().remove(name);
        }
        self.used
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .0
            .remove(name);
        let large = world.read().map_or(true, |s| s.is_large());
        drop(world);
        if large {
            crate::allocator::give_back_memory();
        }
        Ok(())
    }

    /// The names of every world, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.map().keys().cloned().collect();
        names.sort();
        names
    }

    /// Files the mail that reached the SMTP port from outside every world into the first
    /// world (in its turn, when it is kept).
    pub async fn take_outside_mail(&self) {
        if self.outside_queue().is_empty() {
            return;
        }
        let _turn = self.turn(DEFAULT).await;
        let outside: Vec<(u64, RawMail)> = self.outside_queue().drain(..).collect();
        if let Ok(first) = self.get(DEFAULT) {
            let mut s = lock(&first);
            for (seq, raw) in outside {
                let _ = s.receive(seq, raw);
            }
            if let Err(e) = s.commit() {
                eprintln!("eseikyu serve: outside mail could not be journaled: {e}");
            }
        }
    }

    /// Every world's CA certificate (DER) and instant, for the mutual-TLS service; a world
    /// that has not made its CA has issued no certificate to trust.
    pub fn trust(&self) -> Vec<(Vec<u8>, Timestamp)> {
        let worlds: Vec<Arc<RwLock<Served>>> = self.map().values().cloned().collect();
        worlds
            .iter()
            .filter_map(|w| {
                let s = read(w);
                if !s.world.ca_made() {
                    return None;
                }
                s.world.ca_der().map(|der| (der, s.world.now()))
            })
            .collect()
    }
}

/// Locks a world to act on it, whatever an earlier panic left.
pub fn lock(w: &RwLock<Served>) -> RwLockWriteGuard<'_, Served> {
    w.write().unwrap_or_else(|p| p.into_inner())
}

/// Locks a world to read it.
pub fn read(w: &RwLock<Served>) -> RwLockReadGuard<'_, Served> {
    w.read().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_world_nobody_asks_for_is_deleted_and_its_journal_too() {
        let dir = tempfile::tempdir().expect("a directory");
        let catcher = crate::mail::Catcher::start(0, 2, crate::mail::catcher::Engine::Quick)
            .expect("a catcher");
        let limits = Limits {
            world_idle: Duration::from_secs(60),
            ..Limits::default()
        };
        let first = Recipe::virtual_at("2026-02-10T10:00:00+09:00".parse().expect("instant"));
        let (worlds, _) = Worlds::open(catcher, first.clone(), limits, dir.path()).expect("opens");
        let (idle, busy) = (
            worlds.create(first.clone()).expect("a world"),
            worlds.create(first).expect("another"),
        );
        let journal = dir.path().join(format!("worlds/{idle}.journal"));
        assert!(journal.exists());
        let now = Instant::now();
        assert!(worlds.expire_idle(now + Duration::from_secs(59)).is_empty());
        // Asked for half a minute later.
        worlds.used_at(&busy, now + Duration::from_secs(30));
        let later = now + Duration::from_secs(61);
        assert_eq!(worlds.expire_idle(later), vec![idle.clone()]);
        assert!(worlds.get(&idle).is_err());
        assert!(!journal.exists(), "its journal is deleted too");
        assert_eq!(worlds.names(), vec![DEFAULT.to_string(), busy]);
    }
}
