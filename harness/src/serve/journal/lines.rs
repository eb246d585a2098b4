//! A journal's lines: `<CRC-32 of the JSON, 8 hex digits> <JSON>\n`, appended and
//! synced one at a time, read back up to the first line that is not whole.

use serde::{Serialize, de::DeserializeOwned};
use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};

use super::{Damage, JournalError};

/// An append-only journal file.
pub struct Log {
    pub(super) file: File,
    pub(super) path: PathBuf,
    pub(super) bytes: u64,
}

impl Log {
    /// Appends one line and syncs it to the disk.
    pub fn append(&mut self, value: &impl Serialize) -> std::io::Result<()> {
        let json = serde_json::to_string(value).map_err(std::io::Error::other)?;
        let line = format!("{:08x} {json}\n", crc32fast::hash(json.as_bytes()));
        self.file.write_all(line.as_bytes())?;
        self.file.sync_data()?;
        self.bytes += line.len() as u64;
        Ok(())
    }

    /// The journal's size in bytes.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Reads a journal's whole lines; the first line that is not whole ends it: reported,
/// what follows kept aside, the file cut there, so appending goes on from a whole line.
pub(super) fn read_lines<T: DeserializeOwned>(
    path: &Path,
) -> Result<(Log, Vec<T>, Option<Damage>), JournalError> {
    let io = |e| JournalError::Io(path.to_path_buf(), e);
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .append(true)
        .open(path)
        .map_err(io)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(io)?;
    let (values, whole, why) = whole_lines::<T>(&bytes);
    let mut damage = None;
    if let Some(why) = why {
        let kept = PathBuf::from(format!("{}.damaged-{whole}", path.display()));
        std::fs::write(&kept, &bytes[whole..]).map_err(io)?;
        file.set_len(whole as u64).map_err(io)?;
        file.sync_all().map_err(io)?;
        damage = Some(Damage {
            path: path.to_path_buf(),
            offset: whole as u64,
            line: values.len() + 1,
            why,
            kept,
        });
    }
    let log = Log {
        file,
        path: path.to_path_buf(),
        bytes: whole as u64,
    };
    Ok((log, values, damage))
}

/// The whole lines of a journal, read without changing it (a damaged tail is left as
/// it is and not read).
pub(super) fn read_whole<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, JournalError> {
    let bytes = std::fs::read(path).map_err(|e| JournalError::Io(path.to_path_buf(), e))?;
    Ok(whole_lines(&bytes).0)
}

/// The values of the whole lines at the start of `bytes`, how many bytes they take, and
/// why the next line (if any) is not whole.
fn whole_lines<T: DeserializeOwned>(bytes: &[u8]) -> (Vec<T>, usize, Option<String>) {
    let mut values = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let Some(len) = bytes[at..].iter().position(|b| *b == b'\n') else {
            return (values, at, Some("is cut short (no end of line)".into()));
        };
        let line = &bytes[at..at + len];
        match whole_line(line) {
            Ok(v) => values.push(v),
            Err(why) => return (values, at, Some(why)),
        }
        at += len + 1;
    }
    (values, at, None)
}

fn whole_line<T: DeserializeOwned>(line: &[u8]) -> Result<T, String> {
    let (crc, json) = (line.get(..8), line.get(9..));
    let (Some(crc), Some(json)) = (crc, json) else {
        return Err("is too short to be an entry".into());
    };
    let crc = std::str::from_utf8(crc)
        .ok()
        .and_then(|c| u32::from_str_radix(c, 16).ok())
        .ok_or("does not start with its checksum")?;
    if crc32fast::hash(json) != crc {
        return Err("does not match its checksum (damaged)".into());
    }
    serde_json::from_slice(json).map_err(|e| format!("is not an entry: {e}"))
}

/// Writes a small file so that a stop leaves the old one or the new one, never half.
pub(super) fn write_atomically(path: &Path, value: &impl Serialize) -> Result<(), JournalError> {
    let io = |e| JournalError::Io(path.to_path_buf(), e);
    let fresh = path.with_extension("json.new");
    let json = serde_json::to_vec_pretty(value).map_err(|e| io(std::io::Error::other(e)))?;
    let mut f = File::create(&fresh).map_err(io)?;
    f.write_all(&json).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&fresh, path).map_err(io)?;
    if let Some(dir) = path.parent() {
        sync_dir(dir);
    }
    Ok(())
}

/// Syncs a directory, so a file made or renamed in it survives a crash.
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(json: &str) -> String {
        format!("{:08x} {json}\n", crc32fast::hash(json.as_bytes()))
    }

    #[test]
    fn whole_lines_are_read_and_the_first_broken_one_ends_them() {
        let good = format!("{}{}", line("[1]"), line("[2]"));
        let (v, at, why) = whole_lines::<Vec<u8>>(good.as_bytes());
        assert_eq!((v, at, why), (vec![vec![1], vec![2]], good.len(), None));
        // Cut short: the last line has no end.
        let cut = format!("{good}{}", &line("[3]")[..6]);
        let (v, at, why) = whole_lines::<Vec<u8>>(cut.as_bytes());
        assert_eq!((v.len(), at), (2, good.len()));
        assert!(why.expect("damage").contains("cut short"));
        // A byte changed in the middle: its checksum says so, and what follows is not read.
        let damaged = format!(
            "{}{}{}",
            line("[1]"),
            line("[2]").replace('2', "7"),
            line("[3]")
        );
        let (v, at, why) = whole_lines::<Vec<u8>>(damaged.as_bytes());
        assert_eq!((v, at), (vec![vec![1]], line("[1]").len()));
        assert!(why.expect("damage").contains("checksum"));
    }

    #[test]
    fn a_damaged_tail_is_cut_kept_aside_and_appending_goes_on() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("x.journal");
        let text = format!("{}{}", line("[1]"), &line("[2]")[..5]);
        std::fs::write(&path, &text).expect("writes");
        let (mut log, values, damage) = read_lines::<Vec<u8>>(&path).expect("reads");
        assert_eq!(values, vec![vec![1]]);
        let damage = damage.expect("reported");
        assert_eq!((damage.offset, damage.line), (line("[1]").len() as u64, 2));
        assert_eq!(
            std::fs::read_to_string(&damage.kept).expect("kept"),
            &line("[2]")[..5]
        );
        log.append(&vec![3]).expect("appends");
        let (_, values, damage) = read_lines::<Vec<u8>>(&path).expect("reads again");
        assert_eq!(values, vec![vec![1], vec![3]]);
        assert!(damage.is_none());
    }
}
