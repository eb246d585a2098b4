//! A served world's history as a scenario in the corpus's format (`GET …/scenario`,
//! `eseikyu export`): the history is replayed into a world of its own, and each change
//! written (`scenario::write`) as the step that makes it, with the screen each visitor
//! then saw and the mails and letters that came as checks; `eseikyu run` of the file
//! walks the same way. Outside mail and the mail API's read marks are not steps of the
//! format and are left out; an office registered later is listed with the others (its
//! facts then come from another part of the seed's stream).

use super::{Change, Recipe, Served, WorldError, Worlds, read};
use crate::scenario::write::{Head, Writer};

impl Worlds {
    /// The named world's history as a scenario (YAML).
    pub fn export(&self, name: &str) -> Result<String, WorldError> {
        let world = self.get(name)?;
        let (recipe, history) = {
            let s = read(&world);
            let history = match &s.journal {
                Some(log) => crate::serve::journal::history(log.path())?.1,
                None => s.history.clone(),
            };
            (s.recipe.clone(), history)
        };
        self.scenario_of(name, &recipe, history)
    }

    /// A history as a scenario, replayed into a world of its own made from `recipe`.
    pub fn scenario_of(
        &self,
        name: &str,
        recipe: &Recipe,
        history: Vec<Vec<Change>>,
    ) -> Result<String, WorldError> {
        let mut replica = Replica {
            served: self.made(recipe)?,
            writer: Writer::new(),
            mails: 0,
            letters: 0,
        };
        for (number, facts) in replica.served.facts().clone() {
            replica.writer.facts(&number, &facts);
        }
        for entry in history {
            replica.entry(entry);
        }
        let head = Head {
            id: format!("exported/{name}"),
            title: format!("eseikyu export: the served world {name}"),
            covers: Vec::new(),
            profile: recipe.profile.name.to_string(),
            at: recipe.at,
            world_seed: recipe.seed,
            offices: recipe.offices.clone(),
            generate: 0,
        };
        Ok(replica.writer.finish(head))
    }
}

/// A world's history as a scenario, from a data directory (`eseikyu export`), read
/// without changing it.
pub fn kept(dir: &std::path::Path, name: &str) -> Result<String, WorldError> {
    let path = crate::serve::journal::world_path(dir, name);
    let (header, history) = crate::serve::journal::history(&path)?;
    let recipe = super::kept::recipe_of(&header).map_err(|why| {
        WorldError::Journal(crate::serve::journal::JournalError::Unreadable(path, why))
    })?;
    let catcher = crate::mail::Catcher::start(0, 4, crate::mail::catcher::Engine::Quick)
        .map_err(|e| WorldError::Office(String::new(), e.to_string()))?;
    let worlds = Worlds::empty(catcher, crate::serve::Limits::default(), None);
    worlds.scenario_of(name, &recipe, history)
}

/// A world replaying a history, and the scenario written as it goes.
struct Replica {
    served: Served,
    writer: Writer,
    /// How many of its mails and letters have been written as checks.
    mails: usize,
    letters: usize,
}

impl Replica {
    /// One request's changes, made again and written as steps; the mail it sent sent,
    /// and what came checked.
    fn entry(&mut self, entry: Vec<Change>) {
        for change in entry {
            self.change(change);
        }
        let unsent = self.served.take_unsent();
        if !unsent.is_empty() {
            let _ = self.served.settle(unsent.send());
        }
        self.served.changes.clear();
        self.arrived();
    }

    fn change(&mut self, change: Change) {
        match &change {
            Change::Act { visitor, action } => {
                // What the site refused changed nothing (and is no step).
                if self.served.act(visitor, action).is_ok() && self.writer.act(visitor, action) {
                    let title = self.served.world.screen_of(visitor).title;
                    self.writer.screen(&title);
                }
                return;
            }
            Change::Command { command } => {
                // What the world refused changed nothing (and is no step).
                if self.served.command(command).is_ok() {
                    if let crate::door::Command::Register { office } = command
                        && let Some(facts) = self.served.facts().get(&office.number)
                    {
                        self.writer.facts(&office.number, &facts.clone());
                    }
                    self.writer.command(command);
                }
                return;
            }
            Change::Receive { .. } => {
                // Outside mail is no step of the format: it is filed, and not checked.
                self.arrived();
                let _ = self.served.replay(change);
                self.mails = self.served.world.mails().len();
                return;
            }
            Change::Rename { from, to } => self.writer.renamed(from, to),
            Change::Tick { wall: Some(at) } => self.writer.at(*at),
            _ => {}
        }
        let _ = self.served.replay(change);
    }

    /// The mails and letters that came since the last look, each a check.
    fn arrived(&mut self) {
        let secrets: Vec<String> = self
            .served
            .world
            .secrets()
            .unwrap_or_default()
            .into_iter()
            .map(|(value, _)| value)
            .collect();
        for m in self
            .served
            .world
            .mails()
            .get(self.mails..)
            .unwrap_or_default()
        {
            let to = m.envelope_to.first().cloned().unwrap_or_default();
            self.writer.mail(&to, &m.subject, &m.body, &secrets);
        }
        self.mails = self.served.world.mails().len();
        let letters = self.served.world.letters();
        for l in letters.get(self.letters..).unwrap_or_default() {
            self.writer.letter(&l.to, &l.title, &l.text, &secrets);
        }
        self.letters = letters.len();
    }
}
