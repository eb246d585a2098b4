//! The worlds a server holds: the first (`default`), which the site's real addresses and
//! the SMTP port serve, and any a client creates through the control API so parallel
//! tests never share state. Each world is behind its own read-write lock: showing a page
//! reads, acting writes.

use super::limits::Limits;
use super::mailpit::view::MailView;
use super::sessions::Sessions;
use crate::clock;
use crate::mail::Catcher;
use crate::profile::Profile;
use crate::world::{DriverError, OfficeFacts, World};
use jiff::Timestamp;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

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

/// One served world and what the server keeps beside it.
pub struct Served {
    pub world: World,
    pub clock: ClockMode,
    pub seed: u64,
    /// Mail as the Mailpit API lists it: an ID and read state per caught mail.
    pub mails: Vec<MailEntry>,
    /// What registering each office made known, by 事業所番号.
    pub facts: BTreeMap<String, OfficeFacts>,
    /// Its visitors' sessions, and how long they are kept.
    pub sessions: Sessions,
    pub limits: Limits,
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
    /// Follows the wall clock (in `Wall` mode) and lets time-driven work happen.
    pub fn tick(&mut self) -> Result<(), DriverError> {
        if self.clock == ClockMode::Wall {
            let now = Timestamp::now();
            if now > self.world.now() && clock::in_range(now) {
                self.world.set_clock(now)?;
            }
        }
        self.world.sync()?;
        self.sync_mails();
        Ok(())
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

    /// Forgets the sessions idle too long, and the least recently used beyond the limit.
    pub fn forget_idle_sessions(&mut self) {
        let gone = self.sessions.sweep(self.limits);
        for v in &gone {
            self.world.leave(v);
        }
        if gone.len() >= 100 {
            super::limits::give_back_memory();
        }
    }

    /// Registers an office; its facts are kept for the control API.
    pub fn register(
        &mut self,
        office: &crate::door::OfficeSpec,
    ) -> Result<OfficeFacts, DriverError> {
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
}

impl Worlds {
    /// A server's worlds, with the first made from `first`.
    pub fn new(catcher: Catcher, first: Recipe, limits: Limits) -> Result<Worlds, WorldError> {
        let worlds = Worlds {
            map: Mutex::new(HashMap::new()),
            catcher,
            next: AtomicU64::new(1),
            limits,
        };
        worlds.insert(DEFAULT.to_string(), first)?;
        Ok(worlds)
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
        let world = World::new(recipe.profile, recipe.at, recipe.seed, &self.catcher);
        let mut served = Served {
            world,
            clock: recipe.clock,
            seed: recipe.seed,
            mails: Vec::new(),
            facts: BTreeMap::new(),
            sessions: Sessions::default(),
            limits: self.limits,
        };
        for o in &recipe.offices {
            served
                .register(o)
                .map_err(|e| WorldError::Office(o.number.to_string(), e.to_string()))?;
        }
        // Requests act on the world in place; what they send leaves after the world is
        // released (see `AppState::with_named`).
        served.world.defer_mail();
        self.map().insert(name, Arc::new(RwLock::new(served)));
        Ok(())
    }

    /// A world by name.
    pub fn get(&self, name: &str) -> Result<Arc<RwLock<Served>>, WorldError> {
        self.map()
            .get(name)
            .cloned()
            .ok_or_else(|| WorldError::Unknown(name.to_string()))
    }

    /// Deletes a world (not the first).
    pub fn delete(&self, name: &str) -> Result<(), WorldError> {
        if name == DEFAULT {
            return Err(WorldError::Default);
        }
        let gone = self.map().remove(name);
        let Some(world) = gone else {
            return Err(WorldError::Unknown(name.to_string()));
        };
        drop(world);
        super::limits::give_back_memory();
        Ok(())
    }

    /// The names of every world, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.map().keys().cloned().collect();
        names.sort();
        names
    }

    /// Mail that reached the SMTP port from outside every world goes to the first world.
    pub fn take_outside_mail(&self) {
        let outside = self.catcher.take_unrouted();
        if outside.is_empty() {
            return;
        }
        if let Ok(first) = self.get(DEFAULT) {
            let mut s = lock(&first);
            for raw in outside {
                let _ = s.world.receive(raw);
            }
            s.sync_mails();
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
