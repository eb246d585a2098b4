//! RFC 3030 CHUNKING for the quick loop: `BDAT <size> [LAST]` carries a message in chunks
//! of counted octets (no dot, no stuffing), so a client may pipeline a whole transaction —
//! `MAIL`, `RCPT`, `BDAT … LAST` and the text — in one write and read every answer at once.
//! The chunks are handed to mailin as the DATA text it knows: complete lines, a leading dot
//! doubled, so each message ends the one way mailin ends one.

use super::quick::{DataState, Refusal, end_message};
use super::{FaultAnswer, LIMITS, Session, Store};
use mailin::Action;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A `BDAT` command: its octet count and whether it is the last chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Bdat {
    pub(super) size: u64,
    pub(super) last: bool,
}

/// Reads a `BDAT` command line: `None` if the line is another command; an error reply if
/// it is a `BDAT` without a valid count.
pub(super) fn command(line: &[u8]) -> Option<Result<Bdat, &'static [u8]>> {
    if line.len() < 4 || !line[..4].eq_ignore_ascii_case(b"BDAT") {
        return None;
    }
    let syntax: &'static [u8] = b"501 5.5.4 Syntax: BDAT <size> [LAST]\r\n";
    let text = match std::str::from_utf8(&line[4..]) {
        Ok(t) => t.trim_end_matches(['\r', '\n']),
        Err(_) => return Some(Err(syntax)),
    };
    if !text.starts_with(' ') {
        return Some(Err(syntax));
    }
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let size = match words.first() {
        Some(w) if w.bytes().all(|b| b.is_ascii_digit()) => w.parse::<u64>().ok(),
        _ => None,
    };
    Some(match (size, &words[1..]) {
        (Some(size), []) => Ok(Bdat { size, last: false }),
        (Some(size), [l]) if l.eq_ignore_ascii_case("LAST") => Ok(Bdat { size, last: true }),
        _ => Err(syntax),
    })
}

/// A message arriving in chunks: what it has used (and why it will be refused), and the
/// start of a line the last chunk ended inside.
pub(super) struct Chunks {
    pub(super) state: DataState,
    pending: Vec<u8>,
}

impl Chunks {
    pub(super) fn new(state: DataState) -> Chunks {
        Chunks {
            state,
            pending: Vec::new(),
        }
    }

    /// Takes octets of a chunk: each line they complete goes to mailin.
    pub(super) fn feed(&mut self, smtp: &mut mailin::Session<Session>, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let (piece, ended) = match bytes.iter().position(|&b| b == b'\n') {
                Some(i) => (&bytes[..=i], true),
                None => (bytes, false),
            };
            bytes = &bytes[piece.len()..];
            if self.pending.len() + piece.len() > LIMITS.text_line {
                self.state.refuse(Refusal::LongLine);
                self.pending.clear();
            } else if self.state.refusal.is_none() {
                self.pending.extend_from_slice(piece);
            }
            if ended {
                self.line(smtp);
            }
        }
    }

    /// The last chunk is in: a line it ended inside goes to mailin as it is.
    pub(super) fn finish(&mut self, smtp: &mut mailin::Session<Session>) {
        if !self.pending.is_empty() {
            self.line(smtp);
        }
    }

    fn line(&mut self, smtp: &mut mailin::Session<Session>) {
        let line = std::mem::take(&mut self.pending);
        if line.is_empty() || !self.state.take(line.len()) {
            return;
        }
        if line[0] == b'.' {
            let mut stuffed = Vec::with_capacity(line.len() + 1);
            stuffed.push(b'.');
            stuffed.extend_from_slice(&line);
            let _ = smtp.process(&stuffed);
        } else {
            let _ = smtp.process(&line);
        }
        self.pending = line;
        self.pending.clear();
    }
}

/// One `BDAT` chunk being read, with what the session holds.
pub(super) struct Chunk<'a, R> {
    pub(super) reader: &'a mut tokio::io::BufReader<R>,
    pub(super) smtp: &'a mut mailin::Session<Session>,
    pub(super) chunks: &'a mut Option<Chunks>,
    pub(super) store: &'a Arc<Store>,
    pub(super) out: &'a mut Vec<u8>,
}

impl<R: tokio::io::AsyncRead + Unpin> Chunk<'_, R> {
    /// Reads the chunk's octets (all of them, whatever the answer: RFC 3030 §2) and
    /// answers it. False when the connection is to end.
    pub(super) async fn take(
        &mut self,
        bdat: Bdat,
        discard: &AtomicBool,
        fault: &Mutex<Option<FaultAnswer>>,
    ) -> std::io::Result<bool> {
        use tokio::io::AsyncBufReadExt;
        // The first chunk opens the message as DATA would (mailin checks the envelope).
        let refused = match self.chunks {
            Some(_) => None,
            None => {
                let res = self.smtp.process(b"DATA\r\n");
                if res.code == 354 {
                    *self.chunks = Some(Chunks::new(DataState::new(self.store.clone())));
                    None
                } else {
                    Some(res)
                }
            }
        };
        let mut left = bdat.size;
        while left > 0 {
            let buf = tokio::time::timeout(LIMITS.idle, self.reader.fill_buf())
                .await
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            if let Some(c) = self.chunks.as_mut() {
                c.feed(self.smtp, &buf[..n]);
            }
            self.reader.consume(n);
            left -= n as u64;
        }
        if let Some(res) = refused {
            res.write_to(self.out)?;
            return Ok(true);
        }
        if !bdat.last {
            let said = format!("250 2.0.0 {} octets received\r\n", bdat.size);
            self.out.extend_from_slice(said.as_bytes());
            return Ok(true);
        }
        let Some(mut c) = self.chunks.take() else {
            return Ok(true);
        };
        c.finish(self.smtp);
        let refusal = c.state.refusal;
        drop(c);
        end_message(self.smtp, refusal, discard, fault, self.out)
    }
}

/// A command other than `BDAT` while a chunked message is open: `RSET` and `QUIT` end the
/// message unkept, `NOOP` is answered; anything else is out of sequence (and ends it).
/// False when the connection is to end.
pub(super) fn within_chunks(
    line: &[u8],
    smtp: &mut mailin::Session<Session>,
    chunks: &mut Option<Chunks>,
    discard: &AtomicBool,
    out: &mut Vec<u8>,
) -> bool {
    let verb = |v: &[u8]| line.len() >= v.len() && line[..v.len()].eq_ignore_ascii_case(v);
    if verb(b"NOOP") {
        out.extend_from_slice(b"250 2.0.0 OK\r\n");
        return true;
    }
    // mailin is in its DATA state: the message ends there, kept by nobody.
    chunks.take();
    discard.store(true, Ordering::Release);
    let _ = smtp.process(b".\r\n");
    if verb(b"QUIT") || verb(b"RSET") {
        let res = smtp.process(line);
        let _ = res.write_to(out);
        return res.action != Action::Close;
    }
    out.extend_from_slice(b"503 5.5.1 Bad sequence of commands: BDAT expected\r\n");
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bdat_commands_are_read_and_bad_ones_refused() {
        assert_eq!(
            command(b"BDAT 86 LAST\r\n"),
            Some(Ok(Bdat {
                size: 86,
                last: true
            }))
        );
        assert_eq!(
            command(b"bdat 0 last\r\n"),
            Some(Ok(Bdat {
                size: 0,
                last: true
            }))
        );
        assert_eq!(
            command(b"BDAT 1000\r\n"),
            Some(Ok(Bdat {
                size: 1000,
                last: false
            }))
        );
        for bad in [
            &b"BDAT\r\n"[..],
            b"BDAT x\r\n",
            b"BDAT -1\r\n",
            b"BDAT 1 FIRST\r\n",
            b"BDATS 1\r\n",
            b"BDAT 99999999999999999999999\r\n",
        ] {
            assert!(
                matches!(command(bad), Some(Err(_))),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(command(b"DATA\r\n"), None);
    }
}
