//! `eseikyu catch`: the SMTP catcher on its own, optionally storing every message.

use crate::mail::{self, Catcher};

use anyhow::{Context, Result};
use std::path::Path;

/// Writes a caught message into `dir` under the next free `NNNNNN.eml` name: a stored
/// mail is never overwritten, not even one of an earlier run.
pub(super) fn store_mail(dir: &Path, next: &mut u64, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    loop {
        *next += 1;
        let path = dir.join(format!("{next:06}.eml"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("writing {}", path.display())),
        }
    }
}

pub(super) fn catch(
    port: u16,
    threads: u32,
    engine: mail::catcher::Engine,
    store: Option<&Path>,
    quiet: bool,
) -> Result<i32> {
    let catcher = Catcher::start_with(port, threads, engine, crate::mail::catcher::Unrouted::Keep)?;
    eprintln!("eseikyu: catching mail on {}", catcher.addr());
    if let Some(d) = store {
        std::fs::create_dir_all(d)?;
    }
    let (mut seen, mut stored) = (0u64, 0u64);
    loop {
        // The catcher fills its mailboxes from its own threads; this loop only reports.
        std::thread::park_timeout(std::time::Duration::from_millis(if quiet {
            1000
        } else {
            50
        }));
        for raw in catcher.take_unrouted() {
            if let Some(d) = store {
                store_mail(d, &mut stored, &raw.bytes)?;
            }
            if quiet {
                continue;
            }
            match mail::decode(raw.bytes, raw.envelope_from, raw.envelope_to) {
                Ok(m) => outln!(
                    "{}\t{}\t{}\t{}",
                    seen + 1,
                    m.from,
                    m.to.join(","),
                    m.subject
                ),
                Err(e) => outln!("{}\t(undecodable: {e})", seen + 1),
            }
            seen += 1;
        }
        if quiet {
            let total = catcher.received();
            if total != seen {
                outln!("{total} messages");
                seen = total;
            }
        }
    }
}
