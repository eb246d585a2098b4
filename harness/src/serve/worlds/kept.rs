//! Worlds kept in a data directory (`serve --data`): restored on start by replaying each
//! world's journal, and the outside mail the SMTP port takes kept before it is
//! acknowledged.

use super::{ClockMode, DEFAULT, Outside, Recipe, Served, WorldError, Worlds};
use crate::mail::{Catcher, RawMail};
use crate::profile::Profile;
use crate::serve::journal::{Header, Journal, JournalError, Kept, Store};
use crate::serve::limits::Limits;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

impl Worlds {
    /// A server's worlds kept in `dir`: each world there restored as it was (the first
    /// made from `first` when the directory has none yet), with what was noticed on the
    /// way (a damaged journal's tail, a first world that continues from the directory).
    pub fn open(
        catcher: Catcher,
        first: Recipe,
        limits: Limits,
        dir: &Path,
    ) -> Result<(Worlds, Vec<String>), WorldError> {
        let (store, outside, damaged) = Store::open(dir)?;
        let mut notes: Vec<String> = damaged.iter().map(ToString::to_string).collect();
        let store = Arc::new(store);
        if !crate::serve::sessions::use_key(store.key()) {
            notes.push(
                "this process made sessions before it opened the data directory: \
                 cookies given before the restart are not taken back"
                    .into(),
            );
        }
        let worlds = Worlds::empty(catcher, limits, Some(store.clone()));
        let mut next = store.next();
        let mut last_outside = 0;
        for journal in store.worlds()? {
            if let Some(d) = &journal.damage {
                notes.push(d.to_string());
            }
            let name = journal.header.world.clone();
            if name == DEFAULT && !same_recipe(&journal.header, &first) {
                notes.push(format!(
                    "the first world continues from {} (made at {}, seed {}); --at, --seed, \
                     --profile, --clock and --offices make the first world of a new data directory",
                    journal.log.path().display(),
                    journal.header.at,
                    journal.header.seed
                ));
            }
            let served = worlds.restored(journal)?;
            if name == DEFAULT {
                last_outside = served.last_outside;
            }
            if let Some(n) = name.strip_prefix('w').and_then(|n| n.parse::<u64>().ok()) {
                next = next.max(n + 1);
            }
            worlds.turns().insert(name.clone(), Arc::default());
            worlds.used_at(&name, std::time::Instant::now());
            worlds
                .map()
                .insert(name, Arc::new(std::sync::RwLock::new(served)));
        }
        worlds.next.store(next, Ordering::Relaxed);
        if worlds.get(DEFAULT).is_err() {
            worlds.insert(DEFAULT.to_string(), first)?;
        }
        // Outside mail taken but not filed before the stop is filed at the next request.
        let waiting: Vec<Kept> = outside
            .into_iter()
            .filter(|k| k.seq > last_outside)
            .collect();
        let seq = waiting.iter().map(|k| k.seq).max().unwrap_or(last_outside);
        worlds.outside_seq.store(seq, Ordering::Relaxed);
        store.compact_outside(&waiting)?;
        worlds
            .outside_queue()
            .extend(waiting.into_iter().map(|k| (k.seq, k.mail.raw())));
        Ok((worlds, notes))
    }

    /// A world replayed from its journal: made from its recipe, then each entry's
    /// changes made again and the mail they sent sent again (to the same SMTP port, so
    /// scripted faults answer as they did), as the request did.
    fn restored(&self, journal: Journal) -> Result<Served, WorldError> {
        let Journal {
            header,
            entries,
            log,
            ..
        } = journal;
        let recipe = recipe_of(&header).map_err(|why| {
            WorldError::Journal(JournalError::Unreadable(log.path().to_path_buf(), why))
        })?;
        let mut served = self.made(&recipe)?;
        for entry in entries {
            for change in entry {
                let _ = served.replay(change);
            }
            let unsent = served.take_unsent();
            if !unsent.is_empty() {
                let _ = served.settle(unsent.send());
            }
            served.changes.clear();
        }
        for visitor in served.world.visitor_names() {
            served.sessions.touch(&visitor);
        }
        served.journal = Some(log);
        Ok(served)
    }

    pub(super) fn outside_queue(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::VecDeque<(u64, RawMail)>> {
        self.outside.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Mail for no world goes to the first world: the catcher hands it over before it
    /// answers the client, kept on disk first when the server keeps its worlds, and
    /// refused (`451`, sent again later) when it cannot be kept or too much waits.
    pub(super) fn take_outside_from_the_catcher(&self) {
        let (queue, seq, store) = (
            self.outside.clone(),
            self.outside_seq.clone(),
            self.store.clone(),
        );
        self.catcher
            .keep_outside_with(Box::new(move |raw: RawMail| {
                let mut q = queue.lock().unwrap_or_else(|p| p.into_inner());
                if q.len() >= crate::mail::catcher::LIMITS.unrouted {
                    return Err("too much outside mail waits".into());
                }
                let n = seq.fetch_add(1, Ordering::Relaxed) + 1;
                if let Some(store) = &store {
                    let kept = Kept {
                        seq: n,
                        mail: Outside::of(&raw),
                    };
                    store.keep_outside(&kept).map_err(|e| e.to_string())?;
                }
                q.push_back((n, raw));
                Ok(())
            }));
    }

    /// Where the worlds are kept, if they are.
    pub fn data(&self) -> Option<&Store> {
        self.store.as_deref()
    }
}

pub(super) fn recipe_of(h: &Header) -> Result<Recipe, String> {
    Ok(Recipe {
        at: h.at,
        profile: Profile::named(&h.profile)
            .ok_or_else(|| format!("its profile {:?} is not one this eseikyu has", h.profile))?,
        seed: h.seed,
        clock: match h.clock.as_str() {
            "wall" => ClockMode::Wall,
            _ => ClockMode::Virtual,
        },
        offices: h.offices.clone(),
    })
}

/// Whether a journal's first world is what the command line asks for (a wall clock's
/// start is when the server started, and is not compared).
fn same_recipe(h: &Header, r: &Recipe) -> bool {
    (h.at == r.at || (h.clock == "wall" && r.clock == ClockMode::Wall))
        && h.profile == r.profile.name
        && h.seed == r.seed
        && (h.clock == "wall") == (r.clock == ClockMode::Wall)
        && h.offices == r.offices
}
