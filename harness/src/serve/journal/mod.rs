//! A server's data directory (`serve --data DIR`): each world's journal, the outside
//! mail the SMTP port took, and the server's own file. A world is deterministic from its
//! recipe (instant, profile, seed, clock, offices) and the changes it received, so its
//! journal is its recipe, then one line per request that changed it, written and synced
//! (`fsync`) before the request is answered.
//!
//! A line is `<CRC-32 of the JSON, 8 hex digits> <JSON>\n`: a line cut short by a stop,
//! or damaged later, is found on reading (no newline, a CRC that does not match, no
//! JSON), reported with its byte offset, and the world restored to the last whole line;
//! what followed is kept beside the journal (`<name>.journal.damaged-<offset>`), never
//! thrown away. An append-only file with `fsync` was chosen over an embedded database
//! (SQLite): a journal is only ever appended to and read whole at start, the format is
//! greppable JSON, and it needs no C library in the build.
//!
//! ```text
//! DIR/server.json              {"format":1,"key":"…","next":4}  (the session key, world names)
//! DIR/worlds/default.journal   header line, then one line per request that changed it
//! DIR/worlds/w3.journal
//! DIR/outside.journal          one line per mail outside software sent to the SMTP port
//! ```

use super::worlds::{Change, ClockMode, Outside, Recipe};
use crate::door::OfficeSpec;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod lines;

pub use lines::Log;
use lines::{read_lines, read_whole, sync_dir, write_atomically};

/// The journal format this build writes and reads.
pub const FORMAT: u32 = 1;

/// What went wrong with a data directory.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error(
        "{path} was written in journal format {found} (by {by}); this eseikyu ({ours}) reads format {FORMAT}: \
         start the version that wrote it, or move the data directory aside and start afresh"
    )]
    Format {
        path: PathBuf,
        found: u32,
        by: String,
        ours: String,
    },
    #[error("{0}: {1}")]
    Unreadable(PathBuf, String),
}

/// The data directory of a server.
pub struct Store {
    dir: PathBuf,
    server: Mutex<ServerFile>,
    outside: Mutex<Log>,
}

/// `DIR/server.json`: the key of the sessions' MACs (so a visitor's cookie is good
/// after a restart) and the number of the next world made.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerFile {
    format: u32,
    written_by: String,
    key: String,
    next: u64,
}

/// The first line of a world's journal: what it was made of.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: u32,
    pub written_by: String,
    pub world: String,
    pub at: jiff::Timestamp,
    pub profile: String,
    pub seed: u64,
    pub clock: String,
    pub offices: Vec<OfficeSpec>,
}

/// A world's journal as read: its header, its entries (each a request's changes), and
/// where it was cut short or damaged, if it was.
pub struct Journal {
    pub header: Header,
    pub entries: Vec<Vec<Change>>,
    pub damage: Option<Damage>,
    pub log: Log,
}

/// Where a journal stops being whole.
#[derive(Debug, Clone)]
pub struct Damage {
    pub path: PathBuf,
    /// The byte offset of the first line that is not whole.
    pub offset: u64,
    /// Its line number (1-based).
    pub line: usize,
    pub why: String,
    /// Where what followed was kept.
    pub kept: PathBuf,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: line {} (byte {}) {}; restored to the {} whole line(s) before it; what followed is kept in {}",
            self.path.display(),
            self.line,
            self.offset,
            self.why,
            self.line.saturating_sub(1),
            self.kept.display()
        )
    }
}

/// An outside mail as kept in `outside.journal`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kept {
    pub seq: u64,
    pub mail: Outside,
}

impl Store {
    /// Opens (or makes) the data directory: its server file, made with a new session
    /// key on first use, and its outside mail, each damaged tail reported.
    pub fn open(dir: &Path) -> Result<(Store, Vec<Kept>, Vec<Damage>), JournalError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |e| JournalError::Io(p, e)
        };
        std::fs::create_dir_all(dir.join("worlds")).map_err(io(dir))?;
        let server_path = dir.join("server.json");
        let server = match std::fs::read(&server_path) {
            Ok(bytes) => {
                let found: ServerFile = serde_json::from_slice(&bytes)
                    .map_err(|e| JournalError::Unreadable(server_path.clone(), e.to_string()))?;
                if found.format != FORMAT {
                    return Err(format_error(&server_path, found.format, &found.written_by));
                }
                found
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key: [u8; 32] = rand::random();
                let server = ServerFile {
                    format: FORMAT,
                    written_by: written_by(),
                    key: key.iter().map(|b| format!("{b:02x}")).collect(),
                    next: 1,
                };
                write_atomically(&server_path, &server)?;
                server
            }
            Err(e) => return Err(JournalError::Io(server_path, e)),
        };
        let (outside, kept, damage) = read_lines::<Kept>(&dir.join("outside.journal"))?;
        let store = Store {
            dir: dir.to_path_buf(),
            server: Mutex::new(server),
            outside: Mutex::new(outside),
        };
        Ok((store, kept, damage.into_iter().collect()))
    }

    /// The key of the sessions' MACs.
    pub fn key(&self) -> [u8; 32] {
        let server = self.server.lock().unwrap_or_else(|p| p.into_inner());
        let mut key = [0u8; 32];
        for (i, b) in key.iter_mut().enumerate() {
            *b = server
                .key
                .get(2 * i..2 * i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .unwrap_or(0);
        }
        key
    }

    /// The number of the next world made.
    pub fn next(&self) -> u64 {
        self.server.lock().unwrap_or_else(|p| p.into_inner()).next
    }

    /// Makes the journal of a new world (and notes the next world's number): its
    /// header written and synced.
    pub fn create(&self, name: &str, recipe: &Recipe, next: u64) -> Result<Log, JournalError> {
        {
            let mut server = self.server.lock().unwrap_or_else(|p| p.into_inner());
            if server.next < next {
                server.next = next;
                write_atomically(&self.dir.join("server.json"), &*server)?;
            }
        }
        let path = self.world_path(name);
        let header = Header {
            format: FORMAT,
            written_by: written_by(),
            world: name.to_string(),
            at: recipe.at,
            profile: recipe.profile.name.to_string(),
            seed: recipe.seed,
            clock: match recipe.clock {
                ClockMode::Virtual => "virtual".into(),
                ClockMode::Wall => "wall".into(),
            },
            offices: recipe.offices.clone(),
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .open(&path)
            .map_err(|e| JournalError::Io(path.clone(), e))?;
        let mut log = Log {
            file,
            path: path.clone(),
            bytes: 0,
        };
        log.append(&header)
            .map_err(|e| JournalError::Io(path.clone(), e))?;
        sync_dir(&self.dir.join("worlds"));
        Ok(log)
    }

    /// Removes a world's journal (the world was deleted).
    pub fn remove(&self, name: &str) {
        let _ = std::fs::remove_file(self.world_path(name));
        sync_dir(&self.dir.join("worlds"));
    }

    /// Every world's journal, read: the first world first, then by name.
    pub fn worlds(&self) -> Result<Vec<Journal>, JournalError> {
        let dir = self.dir.join("worlds");
        let listing = std::fs::read_dir(&dir).map_err(|e| JournalError::Io(dir.clone(), e))?;
        let mut paths: Vec<PathBuf> = listing
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "journal"))
            .collect();
        paths.sort_by_key(|p| {
            let name = p.file_stem().map(|s| s.to_string_lossy().into_owned());
            let n = name
                .as_deref()
                .and_then(|n| n.strip_prefix('w')?.parse::<u64>().ok());
            (name.as_deref() != Some(super::worlds::DEFAULT), n, name)
        });
        paths
            .iter()
            .filter_map(|p| read_world(p).transpose())
            .collect()
    }

    /// Keeps an outside mail before the SMTP port answers that it took it.
    pub fn keep_outside(&self, kept: &Kept) -> std::io::Result<()> {
        self.outside
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .append(kept)
    }

    /// Starts `outside.journal` again with only `kept` (what no world has filed yet).
    pub fn compact_outside(&self, kept: &[Kept]) -> Result<(), JournalError> {
        let path = self.dir.join("outside.journal");
        let fresh = path.with_extension("journal.new");
        let mut log = Log {
            file: File::create(&fresh).map_err(|e| JournalError::Io(fresh.clone(), e))?,
            path: fresh.clone(),
            bytes: 0,
        };
        for k in kept {
            log.append(k)
                .map_err(|e| JournalError::Io(fresh.clone(), e))?;
        }
        std::fs::rename(&fresh, &path).map_err(|e| JournalError::Io(path.clone(), e))?;
        sync_dir(&self.dir);
        log.path = path;
        *self.outside.lock().unwrap_or_else(|p| p.into_inner()) = log;
        Ok(())
    }

    fn world_path(&self, name: &str) -> PathBuf {
        world_path(&self.dir, name)
    }
}

fn written_by() -> String {
    format!("eseikyu {}", env!("CARGO_PKG_VERSION"))
}

fn format_error(path: &Path, found: u32, by: &str) -> JournalError {
    JournalError::Format {
        path: path.to_path_buf(),
        found,
        by: by.to_string(),
        ours: written_by(),
    }
}

/// A world's recipe and history as its journal holds them, read without changing it.
pub fn history(path: &Path) -> Result<(Header, Vec<Vec<Change>>), JournalError> {
    let mut lines = read_whole::<serde_json::Value>(path)?.into_iter();
    let unreadable = |why: String| JournalError::Unreadable(path.to_path_buf(), why);
    let header = lines
        .next()
        .ok_or_else(|| unreadable("no whole header line".into()))?;
    let header: Header =
        serde_json::from_value(header).map_err(|e| unreadable(format!("its header: {e}")))?;
    let entries = lines
        .map(serde_json::from_value::<Vec<Change>>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(e.to_string()))?;
    Ok((header, entries))
}

/// Where a world's journal is in a data directory.
pub fn world_path(dir: &Path, name: &str) -> PathBuf {
    dir.join("worlds").join(format!("{name}.journal"))
}

/// A world's journal: `None` when its header itself is not whole (nothing to restore;
/// the file is kept aside and reported).
fn read_world(path: &Path) -> Result<Option<Journal>, JournalError> {
    let (log, lines, damage) = read_lines::<serde_json::Value>(path)?;
    let mut lines = lines.into_iter();
    let Some(first) = lines.next() else {
        eprintln!(
            "eseikyu serve: {}: no whole header line; the world is not restored{}",
            path.display(),
            damage.map(|d| format!(" ({d})")).unwrap_or_default()
        );
        return Ok(None);
    };
    let found = first["format"].as_u64().unwrap_or(0) as u32;
    if found != FORMAT {
        let by = first["written_by"].as_str().unwrap_or("an unknown version");
        return Err(format_error(path, found, by));
    }
    let header: Header = serde_json::from_value(first)
        .map_err(|e| JournalError::Unreadable(path.to_path_buf(), format!("its header: {e}")))?;
    let entries = lines
        .map(serde_json::from_value::<Vec<Change>>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| JournalError::Unreadable(path.to_path_buf(), e.to_string()))?;
    Ok(Some(Journal {
        header,
        entries,
        damage,
        log,
    }))
}
