//! A reporter's scratch: each run's part written as the run finishes, read back once
//! when the report is put together, so a report holds no run in memory.

use super::ReportError;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Parts written in order: to an unnamed scratch file in the report's directory (the
/// system removes it when the spool goes, on every exit — a kill too: no `*.part` is ever
/// left), or in memory for a report kept as text.
pub struct Spool {
    at: Place,
    written: u64,
    /// The file was read back since the last write (a reader shares its offset): the
    /// next write first goes back to the end.
    read: bool,
}

enum Place {
    Memory(Vec<u8>),
    /// `at` names the report, for messages; the file itself has no name.
    File {
        at: PathBuf,
        out: BufWriter<File>,
    },
}

impl Spool {
    /// A spool in memory (for a report that is not written to a file).
    pub fn memory() -> Spool {
        Spool {
            at: Place::Memory(Vec::new()),
            written: 0,
            read: false,
        }
    }

    /// A spool in a scratch file beside `report` (on the same disk).
    pub fn beside(report: &Path, tag: &str) -> Result<Spool, ReportError> {
        let dir = match report.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let at = report.with_extension(format!("{tag} (scratch)"));
        let file = tempfile::tempfile_in(dir).map_err(ReportError::io(at.display()))?;
        Ok(Spool {
            at: Place::File {
                at,
                out: BufWriter::new(file),
            },
            written: 0,
            read: false,
        })
    }

    /// `spool` if a report has made it already; otherwise a new one: beside the report at
    /// `report` (tagged `tag`), or in memory for a report kept as text.
    pub fn made(
        spool: Option<Spool>,
        report: Option<&Path>,
        tag: &str,
    ) -> Result<Spool, ReportError> {
        match (spool, report) {
            (Some(s), _) => Ok(s),
            (None, Some(p)) => Spool::beside(p, tag),
            (None, None) => Ok(Spool::memory()),
        }
    }

    /// How many bytes have been written: where the next part starts.
    pub fn position(&self) -> u64 {
        self.written
    }

    /// Appends a part.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), ReportError> {
        self.written += bytes.len() as u64;
        match &mut self.at {
            Place::Memory(v) => {
                v.extend_from_slice(bytes);
                Ok(())
            }
            Place::File { at, out } => {
                let io = || ReportError::io(at.display());
                if std::mem::take(&mut self.read) {
                    out.get_mut().seek(SeekFrom::End(0)).map_err(io())?;
                }
                out.write_all(bytes).map_err(io())
            }
        }
    }

    /// Everything written, for reading back (and seeking) from the start.
    pub fn read_back(&mut self) -> Result<Box<dyn ReadSeek + '_>, ReportError> {
        match &mut self.at {
            Place::Memory(v) => Ok(Box::new(std::io::Cursor::new(v.as_slice()))),
            Place::File { at, out } => {
                let io = || ReportError::io(at.display());
                out.flush().map_err(io())?;
                self.read = true;
                // The same file (it has no name to open again), read from its start.
                let mut file = out.get_ref().try_clone().map_err(io())?;
                file.seek(SeekFrom::Start(0)).map_err(io())?;
                Ok(Box::new(BufReader::new(file)))
            }
        }
    }

    /// Removes the scratch file (what was written is gone).
    pub fn discard(&mut self) {
        *self = Spool::memory();
    }
}

/// Copies the bytes `[start, end)` of a spool being read back to `to`.
pub fn copy_range(
    from: &mut dyn ReadSeek,
    start: u64,
    end: u64,
    to: &mut dyn Write,
) -> Result<(), ReportError> {
    let io = |e| ReportError::Io("a report's scratch file".into(), e);
    from.seek(SeekFrom::Start(start)).map_err(io)?;
    std::io::copy(&mut from.take(end - start), to).map_err(io)?;
    Ok(())
}

/// What a spool is read back through.
pub trait ReadSeek: BufRead + Seek {}
impl<T: BufRead + Seek> ReadSeek for T {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_in_order_and_by_range_and_no_file_is_ever_named() {
        let dir = std::env::temp_dir().join(format!("eseikyu-spool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let report = dir.join("r.json");
        for mut spool in [
            Spool::memory(),
            Spool::beside(&report, "runs").expect("spool"),
        ] {
            spool.write(b"one,").expect("writes");
            assert_eq!(
                std::fs::read_dir(&dir).expect("dir").count(),
                0,
                "a kill now leaves nothing behind"
            );
            let second = spool.position();
            spool.write(b"two,three").expect("writes");
            let mut all = String::new();
            spool
                .read_back()
                .expect("reads")
                .read_to_string(&mut all)
                .expect("text");
            assert_eq!(all, "one,two,three");
            let mut part = Vec::new();
            let mut from = spool.read_back().expect("reads");
            copy_range(&mut *from, second, second + 3, &mut part).expect("copies");
            assert_eq!(part, b"two");
            drop(from);
            spool.write(b",four").expect("writes after reading");
            let mut all = String::new();
            spool
                .read_back()
                .expect("reads")
                .read_to_string(&mut all)
                .expect("text");
            assert_eq!(all, "one,two,three,four", "appended, not written over");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
