//! A reporter's scratch: each run's part written as the run finishes, read back once
//! when the report is put together, so a report holds no run in memory.

use super::ReportError;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Parts written in order: to a file beside the report (`<report>.<tag>.part`, removed
/// when the spool goes), or in memory for a report kept as text.
pub struct Spool {
    at: Place,
    written: u64,
}

enum Place {
    Memory(Vec<u8>),
    File { path: PathBuf, out: BufWriter<File> },
}

impl Spool {
    /// A spool in memory (for a report that is not written to a file).
    pub fn memory() -> Spool {
        Spool {
            at: Place::Memory(Vec::new()),
            written: 0,
        }
    }

    /// A spool in a scratch file beside `report`.
    pub fn beside(report: &Path, tag: &str) -> Result<Spool, ReportError> {
        let mut name = report.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{tag}.part"));
        let path = report.with_file_name(name);
        let file = File::create(&path).map_err(ReportError::io(path.display()))?;
        Ok(Spool {
            at: Place::File {
                path,
                out: BufWriter::new(file),
            },
            written: 0,
        })
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
            Place::File { path, out } => out
                .write_all(bytes)
                .map_err(ReportError::io(path.display())),
        }
    }

    /// Everything written, for reading back (and seeking) from the start.
    pub fn read_back(&mut self) -> Result<Box<dyn ReadSeek + '_>, ReportError> {
        match &mut self.at {
            Place::Memory(v) => Ok(Box::new(std::io::Cursor::new(v.as_slice()))),
            Place::File { path, out } => {
                let io = || ReportError::io(path.display());
                out.flush().map_err(io())?;
                let file = File::open(&*path).map_err(io())?;
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

impl Drop for Spool {
    fn drop(&mut self) {
        if let Place::File { path, .. } = &self.at {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_in_order_and_by_range_and_the_file_goes() {
        let dir = std::env::temp_dir().join(format!("eseikyu-spool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let report = dir.join("r.json");
        for mut spool in [
            Spool::memory(),
            Spool::beside(&report, "runs").expect("spool"),
        ] {
            spool.write(b"one,").expect("writes");
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
        }
        assert!(
            !dir.join("r.json.runs.part").exists(),
            "removed when dropped"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
