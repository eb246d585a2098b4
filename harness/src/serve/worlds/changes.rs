//! Every change of a served world, as one type: what a request did to it (a visitor's
//! action, a command, the wall clock, outside mail, the mail API's read and deleted marks,
//! a renewed or forgotten session). A request's changes are made through the methods
//! here, which note each; the server writes them to the world's journal as one entry
//! before it answers (`serve --data`), and on start replays each entry through the same
//! methods, so a world comes back as it was, byte for byte.

use super::Served;
use crate::door::{Answer, Command, Driver, DriverError};
use crate::mail::RawMail;
use crate::screens::Action;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One change of a served world.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// A request began: the world's clock followed the wall (to `wall`, in wall mode)
    /// and what came due was done.
    Tick { wall: Option<Timestamp> },
    /// Requests that only began (a read: a tick that moved no clock), `ticks` of them,
    /// since the last entry. What they did is done again as often on replay (a notice a
    /// fault held back goes out at the next one); they are written with the next entry,
    /// so reading costs the disk nothing.
    Idle { ticks: u64 },
    /// A back-office command (control API).
    Command { command: Command },
    /// A visitor's action on its screen (a form's fields, a press, a link, an entry page).
    Act { visitor: String, action: Action },
    /// A visitor's session id renewed (at login and logout).
    Rename { from: String, to: String },
    /// A visitor's session forgotten (idle, or beyond the server's bound).
    Leave { visitor: String },
    /// Mail from outside software, as the SMTP port took it (`seq`: its place among
    /// every outside mail the server took).
    Receive { seq: u64, mail: Outside },
    /// The mail API marked mails read or unread, or deleted them.
    Mark {
        ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        read: Option<bool>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        deleted: bool,
    },
    /// The world's CA was asked for and made.
    Ca {},
}

/// An outside mail as it arrived: its envelope and its bytes (base64).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outside {
    pub from: String,
    pub to: Vec<String>,
    #[serde(with = "base64_bytes")]
    pub bytes: Vec<u8>,
}

impl Outside {
    pub fn of(raw: &RawMail) -> Outside {
        Outside {
            from: raw.envelope_from.clone(),
            to: raw.envelope_to.clone(),
            bytes: raw.bytes.clone(),
        }
    }

    pub fn raw(&self) -> RawMail {
        RawMail {
            envelope_from: self.from.clone(),
            envelope_to: self.to.clone(),
            bytes: self.bytes.clone(),
        }
    }
}

impl Served {
    /// A request begins: in wall mode the clock follows the wall (to the second); what
    /// came due is done and its mail filed.
    pub fn tick(&mut self) -> Result<(), DriverError> {
        let wall = (self.clock == super::ClockMode::Wall)
            .then(|| Timestamp::from_second(Timestamp::now().as_second()).ok())
            .flatten()
            .filter(|now| *now > self.world.now() && crate::clock::in_range(*now));
        self.note(Change::Tick { wall });
        self.tick_to(wall)
    }

    fn tick_to(&mut self, wall: Option<Timestamp>) -> Result<(), DriverError> {
        if let Some(now) = wall {
            self.world.set_clock(now)?;
        }
        self.world.sync()?;
        self.sync_mails();
        Ok(())
    }

    /// A back-office command; an office it registered is kept with its facts.
    pub fn command(&mut self, command: &Command) -> Result<Answer, DriverError> {
        self.note(Change::Command {
            command: command.clone(),
        });
        let answer = self.world.command(command)?;
        if let (Command::Register { office }, Answer::Office(facts)) = (command, &answer) {
            self.facts.insert(office.number.to_string(), facts.clone());
        }
        if matches!(command, Command::SetClock { .. } | Command::Advance { .. }) {
            self.world.sync()?;
        }
        self.sync_mails();
        Ok(answer)
    }

    /// A visitor's action on its screen.
    pub fn act(&mut self, visitor: &str, action: &Action) -> Result<(), DriverError> {
        self.note(Change::Act {
            visitor: visitor.to_string(),
            action: action.clone(),
        });
        self.world.act_as(visitor, action)
    }

    /// Renews a visitor's session id.
    pub fn rename_visitor(&mut self, from: &str, to: &str) {
        self.note(Change::Rename {
            from: from.to_string(),
            to: to.to_string(),
        });
        self.world.rename_visitor(from, to);
        self.sessions.rename(from, to);
    }

    /// Forgets the sessions idle too long, and the least recently used beyond the limit.
    pub fn forget_idle_sessions(&mut self) {
        let gone = self.sessions.sweep(self.limits);
        for visitor in &gone {
            self.leave(visitor);
        }
        if gone.len() >= 100 {
            crate::allocator::give_back_memory();
        }
    }

    fn leave(&mut self, visitor: &str) {
        self.note(Change::Leave {
            visitor: visitor.to_string(),
        });
        self.world.leave(visitor);
    }

    /// Files a mail from outside software (`seq`: its place among the server's).
    pub fn receive(&mut self, seq: u64, raw: RawMail) -> Result<(), DriverError> {
        let mail = Outside::of(&raw);
        self.note(Change::Receive { seq, mail });
        self.last_outside = self.last_outside.max(seq);
        let filed = self.world.receive(raw);
        self.sync_mails();
        filed
    }

    /// Marks the mails of `ids` read or unread, or deleted; notes only what changes.
    pub fn mark(&mut self, ids: &[String], read: Option<bool>, deleted: bool) {
        let changes = |e: &super::MailEntry| {
            ids.contains(&e.id) && (read.is_some_and(|r| r != e.read) || (deleted && !e.deleted))
        };
        let ids: Vec<String> = self
            .mails
            .iter()
            .filter(|e| changes(e))
            .map(|e| e.id.clone())
            .collect();
        if ids.is_empty() {
            return;
        }
        for e in self.mails.iter_mut().filter(|e| ids.contains(&e.id)) {
            if let Some(r) = read {
                e.read = r;
            }
            e.deleted |= deleted;
        }
        self.note(Change::Mark { ids, read, deleted });
    }

    /// The CA certificate (PEM), made if it was not yet.
    pub fn ca_pem(&mut self) -> Option<String> {
        if !self.world.ca_made() {
            self.note(Change::Ca {});
        }
        self.world.ca_pem()
    }

    /// Makes one change again (replaying a journal): as it was made, its outcome the
    /// same, since the world is where it was then.
    pub fn replay(&mut self, change: Change) -> Result<(), DriverError> {
        match change {
            Change::Tick { wall } => {
                self.note(Change::Tick { wall });
                self.tick_to(wall)?;
            }
            Change::Idle { ticks } => {
                for _ in 0..ticks {
                    self.tick_to(None)?;
                }
            }
            Change::Command { command } => {
                // Refused then, refused now: the refusal changed nothing.
                let _ = self.command(&command);
            }
            Change::Act { visitor, action } => {
                let _ = self.act(&visitor, &action);
            }
            Change::Rename { from, to } => self.rename_visitor(&from, &to),
            Change::Leave { visitor } => self.leave(&visitor),
            Change::Receive { seq, mail } => {
                let _ = self.receive(seq, mail.raw());
            }
            Change::Mark { ids, read, deleted } => self.mark(&ids, read, deleted),
            Change::Ca {} => {
                self.ca_pem();
            }
        }
        Ok(())
    }

    /// The changes noted since the last call: what a request did, for the journal. A
    /// request that only began (a read) is counted, and written with the next entry
    /// (see [`Change::Idle`]).
    pub fn take_changes(&mut self) -> Vec<Change> {
        let changes = std::mem::take(&mut self.changes);
        if let [Change::Tick { wall: None }] = changes.as_slice() {
            self.idle += 1;
            return Vec::new();
        }
        if changes.is_empty() || self.idle == 0 {
            return changes;
        }
        let idle = Change::Idle {
            ticks: std::mem::take(&mut self.idle),
        };
        std::iter::once(idle).chain(changes).collect()
    }

    fn note(&mut self, change: Change) {
        self.changes.push(change);
    }
}

/// Bytes as base64 in JSON (a mail's bytes need not be text).
mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_tagged_json_that_reads_back() {
        let changes = vec![
            Change::Tick { wall: None },
            Change::Act {
                visitor: "v1".into(),
                action: Action::Press {
                    name: "ログイン".into(),
                    row: None,
                },
            },
            Change::Receive {
                seq: 3,
                mail: Outside {
                    from: "a@example.jp".into(),
                    to: vec!["b@example.jp".into()],
                    bytes: vec![0xE3, 0x81, 0x82, 0xFF, b'\r', b'\n'],
                },
            },
            Change::Mark {
                ids: vec!["m000001".into()],
                read: Some(true),
                deleted: false,
            },
            Change::Ca {},
        ];
        let json = serde_json::to_string(&changes).expect("writes");
        assert!(json.contains(r#"{"change":"ca"}"#), "{json}");
        assert!(json.contains(r#""bytes":"44GC/w0K""#), "{json}");
        let back: Vec<Change> = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, changes);
        assert!(serde_json::from_str::<Change>(r#"{"change":"ca","x":1}"#).is_err());
    }
}
